#pragma once

// The checks a search's first batch would fail, in one place: the loader and the search
// make them as they meet the data, validate predicts them from the image sizes alone,
// with the same messages.

#include "config/SearchConfig.h"
#include "data/Dataset.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace augstudio {

// With drop_last, at least one batch in the dataset; "" when it holds. (batch_size and
// num_workers on their own are the config reader's to check.)
std::string dataLoaderProblem(const DataLoaderConfig &loader, std::size_t datasetSize);

// Two images of one batch that differ in size after preprocessing.
std::string differentSizesMessage(const std::string &first, cv::Size firstSize, const std::string &second,
                                  cv::Size secondSize);

// Images smaller after preprocessing than the `minimum` px that `architecture` accepts.
std::string tooSmallMessage(cv::Size size, int minimum, const std::string &architecture);

// Runs the geometry of `steps` over every distinct size in `sizes` (item i's image size,
// empty for an unreadable image) and gives an error, naming a file, for a crop larger than
// an image, for images that leave the preprocessing in different sizes, and for images
// smaller than `minimum` after it. Throws std::invalid_argument for a bad step list.
std::vector<DatasetProblem> checkPreprocessedSizes(const Dataset &dataset, const std::vector<cv::Size> &sizes,
                                                   const std::vector<PreprocessingStep> &steps, int minimum,
                                                   const std::string &architecture);

} // namespace augstudio
