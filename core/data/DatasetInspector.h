#pragma once

// A full pass over a dataset for `augstudio-cli validate` and the GUI's dataset panel:
// every image (and mask) decoded, size statistics, every problem.

#include "data/Dataset.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace augstudio {

struct DatasetReport
{
    DatasetLayout layout = DatasetLayout::ImageFolder;
    std::string labelsSource; // Dataset::labelsSource()
    std::size_t images = 0; // items in the dataset
    int channels = 3;       // Dataset::channels(): 1 for a grayscale dataset
    int numClasses = 0;
    std::vector<std::string> classNames;
    // classification: items per label, less those load() refused; segmentation: images
    // whose mask shows the class
    std::vector<std::size_t> imagesPerClass;
    // classification: items per label, those load() refused too (empty for segmentation)
    std::vector<std::size_t> filesPerClass;
    // over the images that decoded (0 when none did)
    int minWidth = 0, maxWidth = 0, minHeight = 0, maxHeight = 0;
    double meanWidth = 0.0, meanHeight = 0.0;
    std::size_t inspected = 0;            // items decoded or rejected (all, unless sampled)
    std::size_t unreadable = 0;           // items whose image does not decode: the search skips them
    std::size_t rejected = 0;             // items load() refused: those, and any the search stops on
    std::vector<DatasetProblem> problems; // one error per rejected item, in item order
    // progress() returned false: the figures cover only the items inspected before that
    bool cancelled = false;
};

// Loads every item on a few threads, or with `sampleSize` > 0 at most that many, evenly
// spread (a quick look at a large dataset: sizes and problems of the sample; classification
// counts still cover every item, from the labels). The warnings openDataset() gave are not
// repeated here: show both lists. `progress(done, total)` may be empty; it is called on the
// calling thread about every 50 ms and once at the end; returning false stops the pass and
// gives the partial report with `cancelled` set (no exception).
// Every item's image size as load() gives it (Dataset::imageSize: headers where the format
// allows, so quick even for 60k files), on a few threads; an empty size for an unreadable
// image. The default preprocessing and validate's batch checks work from these.
std::vector<cv::Size> scanImageSizes(const Dataset &dataset);
// The first of the segmentation pairs whose mask and image differ in size by their headers
// (Dataset::pairProblem), with how many more there are; empty when none. A search checks
// this before it starts: load() would refuse such a pair only when a batch draws it.
std::string mismatchedPairs(const Dataset &dataset);

DatasetReport inspectDataset(const Dataset &dataset,
                             const std::function<bool(std::size_t, std::size_t)> &progress = {},
                             std::size_t sampleSize = 0);

} // namespace augstudio
