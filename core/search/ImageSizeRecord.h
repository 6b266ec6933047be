#pragma once

// image_size.json, the size of the images a search trained on, after its preprocessing
// (search/SearchFolder.h says where):
//
//   {"height": 28, "width": 28}
//
// Written before the search's first policy. A fixed shift moves whole pixels in an
// Albumentations 2.x file and a fraction of the side in a 1.x one, so converting a policy to
// the other version needs the size where the policy's own preprocessing fixes none. Folders of
// searches written before the file existed have none. Plain C++ (no Qt).

#include "policy/AlbumentationsFormat.h"

#include <optional>
#include <string>

namespace augstudio {

struct RecordedImageSize
{
    int height = 0;
    int width = 0;
};

std::string imageSizeRecordToJson(const RecordedImageSize &size);

// The size recorded at `path`; nullopt when the file is not there. A file that is not a size
// record is nullopt too, with a warning naming the file and what is wrong in `warning`.
std::optional<RecordedImageSize> readImageSizeRecord(const std::string &path, std::string *warning = nullptr);

// The hints for converting the policy file `policyPath` to the other Albumentations version:
// the image size recorded by its search (a policy in <folder>/policy/). No size for a policy
// kept elsewhere or a search without the record; none for a damaged record either, with
// `warning` naming the file and what is wrong. What `convert` and Save Policy both convert for.
ConversionHints conversionHintsOfPolicyFile(const std::string &policyPath, std::string *warning = nullptr);

} // namespace augstudio
