#pragma once

// The first frame of a GIF file, which OpenCV cannot read. GIF photos are the colours its
// palette indices stand for; GIF masks (Carvana's train_masks/, DRIVE's 1st_manual/) the
// indices, as numpy.array(Image.open(mask)) gives them. Decoded with giflib, as Pillow's `Image.open` reads
// the file: the first frame only, on its logical screen.

#include <opencv2/core.hpp>

#include <vector>

namespace augstudio {

struct GifFrame
{
    cv::Mat indices;              // CV_8UC1, the logical screen's size; outside the frame 0
    std::vector<cv::Vec3b> colours; // RGB of each index the file's colour table gives; empty: none
};

// Throws std::runtime_error ("the GIF is damaged (...)", without the file's name) for a GIF that is corrupt,
// cut short, holds no image or announces a frame larger than kMaxImagePixels.
GifFrame decodeGif(const std::vector<unsigned char> &bytes);

// The frame as a photo: CV_8UC1 where every colour used is grey (or the file has no colour
// table, whose indices Pillow reads as grey levels), else CV_8UC3 in OpenCV's BGR order.
// An index beyond the colour table is black.
cv::Mat gifPixels(const GifFrame &frame);

} // namespace augstudio
