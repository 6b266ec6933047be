#include "config/SearchConfig.h"

namespace augstudio {

const char *toString(Task task)
{
    return task == Task::Classification ? "classification" : "semantic_segmentation";
}

const char *toString(InputDtype dtype)
{
    return dtype == InputDtype::UInt8 ? "uint8" : "float32";
}

} // namespace augstudio
