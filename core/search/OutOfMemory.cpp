#include "search/OutOfMemory.h"

#include "io/AsciiText.h"

#include <c10/util/Exception.h>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cctype>
#include <new>

namespace augstudio {

namespace {

// The error's own words on one line: LibTorch's without its backtrace, OpenCV's without the
// newline it ends in.
std::string textOf(const std::exception &error)
{
    const auto *torchError = dynamic_cast<const c10::Error *>(&error);
    std::string text = torchError ? torchError->what_without_backtrace() : error.what();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

bool saysOutOfMemory(const std::string &error)
{
    const std::string text = asciiLower(error);
    // LibTorch's CPU allocator (older and newer), CUDA and the rest, OpenCV, errno ENOMEM, a
    // std::bad_alloc quoted by a DatasetError.
    for (const char *phrase : {"can't allocate memory", "not enough memory", "out of memory", "insufficient memory",
                               "cannot allocate memory", "bad_alloc"})
        if (text.find(phrase) != std::string::npos)
            return true;
    return false;
}

} // namespace

bool isOutOfMemory(const std::exception &error)
{
    if (dynamic_cast<const std::bad_alloc *>(&error) || dynamic_cast<const c10::OutOfMemoryError *>(&error))
        return true;
    const auto *cvError = dynamic_cast<const cv::Exception *>(&error);
    return (cvError && cvError->code == cv::Error::StsNoMem) || saysOutOfMemory(textOf(error));
}

std::string searchFailureMessage(const std::exception &error, int batchSize, int height, int width)
{
    const std::string text = textOf(error);
    if (!isOutOfMemory(error))
        return text;
    const bool gpu = text.find("CUDA") != std::string::npos;
    const std::string device = gpu ? "the GPU" : "this machine";
    if (height <= 0 || width <= 0) // before the first step: the data, the models, the policy
        return "Out of memory before the first step: the images as they are read, the models or the policy need "
               "more memory than " + device + " has. Resize large images in data.preprocessing, or make the "
               "policy smaller (policy_model.num_sub_policies, operation_count, operations). (" + text + ")";
    return "Out of memory: a batch of " + std::to_string(batchSize) + " images of " + std::to_string(width) + " × "
           + std::to_string(height) + " px needs more memory than " + device
           + " has. Set a smaller data.dataloader.batch_size, or a Resize in data.preprocessing to make the images "
             "smaller. (" + text + ")";
}

} // namespace augstudio
