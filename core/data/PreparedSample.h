#pragma once

// One sample of a batch, decoded and preprocessed on a loader thread, and the batch made of
// such samples. The loader decides which samples; this decides what each one holds.

#include "data/BatchLoader.h"
#include "data/Dataset.h"
#include "data/Preprocessor.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <vector>

namespace augstudio {

struct PreparedSample
{
    std::size_t index = 0;     // in the dataset
    bool ok = false;           // false: unreadable, skipped with `warning`
    int height = 0, width = 0;
    std::vector<float> chw;    // in [0, 1]
    cv::Mat mask;              // CV_8UC1, segmentation
    int label = -1;
    DatasetProblem warning;    // when !ok
    // The item's files read but are wrong (a mask of another size, a class id >= num_classes,
    // an RGB mask where ids are expected), or preprocessing failed or ran out of memory: a
    // DatasetError naming the file, rethrown where the batch is made, as validate calls these
    // errors. Only an unreadable image is skipped.
    std::exception_ptr fatal;
};

// Item `index` of `dataset`, preprocessed with the randomness of (seed, epoch, index), as
// `channels` planes.
PreparedSample prepareSample(const Dataset &dataset, const Preprocessor &preprocessor, int channels,
                             std::uint64_t seed, int epoch, std::size_t index);

// Throws DatasetError, naming both files, when two of `samples` differ in size.
void checkSameSize(const Dataset &dataset, const std::vector<PreparedSample> &samples);

// samples[begin, end) as `batch`, of `channels` planes; the samples must be ok and of one size.
void assembleBatch(const Dataset &dataset, int channels, const std::vector<PreparedSample> &samples,
                   std::size_t begin, std::size_t end, Batch &batch);

} // namespace augstudio
