#pragma once

// Sets every pixel inside any of a list of rectangles to one value: CoarseDropout's holes.
// Filled one by one, 2^20 holes of up to the whole image (a file may ask for that) took hours;
// past a few dozen holes their union is rasterised once instead (a 2D difference array), in
// time of the holes plus the pixels. The result is the same either way.

#include <opencv2/core.hpp>

#include <vector>

namespace augstudio {

// `rectangles` lie within `image`.
void fillRectangles(cv::Mat &image, const std::vector<cv::Rect> &rectangles, const cv::Scalar &value);

} // namespace augstudio
