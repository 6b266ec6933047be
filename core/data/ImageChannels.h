#pragma once

// What a dataset's image files are, found when the dataset is opened: grey or colour, with
// or without alpha, or no image at all. PNG and JPEG files are judged by their header alone
// (a few bytes each, fast enough for 60k files); other formats are decoded as the loader
// decodes them, until the channel count is known.

#include "data/Dataset.h"
#include "data/ImageHeader.h"

#include <string>
#include <vector>

namespace augstudio {

// PNG: IHDR colour type 0 (grey) or 4 (grey + alpha, whose alpha the loader drops) is grey;
// 2, 3 (palette) and 6 are colour. JPEG: the frame header's component count, 1 = grey.
// Other formats: decoded as decodeImage() reads them, one or two channels = grey. A file
// that cannot be read or parsed is Unknown.
ImageColour imageFileColour(const std::string &file);

struct ImageFilesScan
{
    // 1 when every readable file is grey, else 3 (a mixed folder is searched in colour, and
    // so is one where no file could be read)
    int channels = 3;
    std::vector<std::string> withAlpha;  // PNGs with an alpha channel, which the decoder drops
    std::vector<std::string> notImages;  // empty files, web pages named .jpg, ...
    std::vector<std::string> notImageReasons; // notAnImageReason() of each
};

// Reads the header of every file (in parallel) and decodes the non-PNG/JPEG ones until a
// colour file settles the channel count.
ImageFilesScan scanImageFiles(const std::vector<std::string> &files);

// scanImageFiles(files).channels
int channelsOfImageFiles(const std::vector<std::string> &files);

// The scan's warnings: one for the alpha channels of the whole dataset, one per file that is
// not an image (the loader skips it).
void addScanWarnings(const ImageFilesScan &scan, std::vector<DatasetProblem> &problems);

} // namespace augstudio
