#pragma once

// Reads the palette INDICES of a palette PNG (colour type 3), which OpenCV cannot:
// cv::imread expands the palette into colours. Segmentation masks such as Pascal VOC's
// SegmentationClass store the class id as the index.

#include <opencv2/core.hpp>

#include <vector>

namespace augstudio {

// True when `bytes` is a PNG file with a palette: `indices` is then CV_8UC1 (1, 2, 4 and
// 8-bit depths, plain or Adam7-interlaced). False when it is no palette PNG (`indices`
// untouched). Throws std::runtime_error for a palette PNG that is truncated or corrupt.
bool decodePalettePng(const std::vector<unsigned char> &bytes, cv::Mat &indices);

} // namespace augstudio
