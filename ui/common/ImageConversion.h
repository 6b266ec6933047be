#pragma once

// Engine and dataset images as QImages (safe to call on any thread: no QPixmap here).

#include "search/SearchEvents.h"

#include <QColor>
#include <QImage>

#include <opencv2/core.hpp>

namespace augstudio::ui {

// RGB preview image → QImage (RGB888); a 1-channel image becomes greyscale. Null if empty.
QImage toQImage(const PreviewImage &image);

// Dataset sample (CV_8UC3 RGB, CV_32FC3 in [0,1], or 1 channel) → QImage. Null if empty.
QImage toQImage(const cv::Mat &image);

// The colour segmentation masks are drawn in for class `id` (255, "ignore", is white).
QColor classColour(int id);

// `image` with the class-id mask laid over it in translucent colours; class 0
// (background) stays clear. Returns `image` unchanged if the sizes differ.
QImage overlayMask(const QImage &image, const PreviewImage &mask, qreal opacity = 0.45);
QImage overlayMask(const QImage &image, const cv::Mat &mask, qreal opacity = 0.45);

} // namespace augstudio::ui
