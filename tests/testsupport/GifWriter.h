#pragma once

// GIF files for tests, written with giflib: the frames, offsets, interlacing and transparency
// that the decoder must place as Pillow does.

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace testsupport {

struct GifTestFrame
{
    cv::Mat indices; // CV_8UC1 palette indices
    int left = 0, top = 0;
    bool interlaced = false;
};

struct GifTestFile
{
    std::vector<cv::Vec3b> palette; // RGB, the global colour table (padded to a power of two)
    std::vector<GifTestFrame> frames;
    cv::Size screen;       // the first frame's size where empty
    int transparent = -1;  // a Graphics Control Extension before the first frame names it
};

void writeGif(const std::string &path, const GifTestFile &gif);

// One frame on a screen of its size.
void writeGif(const std::string &path, const cv::Mat &indices, const std::vector<cv::Vec3b> &palette);

} // namespace testsupport
