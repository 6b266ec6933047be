#include "ImageConversion.h"

#include <opencv2/core.hpp>

namespace augstudio::ui {

namespace {

QImage fromBytes(const std::uint8_t *pixels, int width, int height, int channels, size_t stride)
{
    if (!pixels || width <= 0 || height <= 0)
        return {};
    const QImage::Format format = channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    // copy(): the QImage must own its pixels once the source goes away.
    return QImage(pixels, width, height, static_cast<qsizetype>(stride), format).copy();
}

QImage overlay(const QImage &image, const std::uint8_t *ids, int width, int height, size_t stride, qreal opacity)
{
    if (image.isNull() || image.width() != width || image.height() != height)
        return image;
    QImage out = image.convertToFormat(QImage::Format_RGB888);
    for (int y = 0; y < height; ++y) {
        const std::uint8_t *row = ids + y * stride;
        uchar *dst = out.scanLine(y);
        for (int x = 0; x < width; ++x) {
            if (row[x] == 0)
                continue;
            const QColor colour = classColour(row[x]);
            const int rgb[3] = {colour.red(), colour.green(), colour.blue()};
            for (int c = 0; c < 3; ++c)
                dst[3 * x + c] = static_cast<uchar>(dst[3 * x + c] * (1 - opacity) + rgb[c] * opacity);
        }
    }
    return out;
}

} // namespace

QImage toQImage(const PreviewImage &image)
{
    const size_t expected = size_t(image.width) * image.height * image.channels;
    if (image.pixels.size() < expected || (image.channels != 1 && image.channels != 3))
        return {};
    return fromBytes(image.pixels.data(), image.width, image.height, image.channels,
                     size_t(image.width) * image.channels);
}

QImage toQImage(const cv::Mat &image)
{
    if (image.empty())
        return {};
    cv::Mat bytes = image;
    if (image.depth() != CV_8U)
        image.convertTo(bytes, CV_8U, image.depth() == CV_32F || image.depth() == CV_64F ? 255.0 : 1.0);
    if (bytes.channels() != 1 && bytes.channels() != 3)
        return {};
    return fromBytes(bytes.data, bytes.cols, bytes.rows, bytes.channels(), bytes.step);
}

QColor classColour(int id)
{
    if (id == 255)
        return QColor(255, 255, 255);
    // Well separated hues, repeated with another lightness every 12 classes.
    const int hue = (id * 137) % 360;
    const int lightness = (id / 12) % 2 == 0 ? 128 : 170;
    return QColor::fromHsl(hue, 220, lightness);
}

QImage overlayMask(const QImage &image, const PreviewImage &mask, qreal opacity)
{
    if (mask.channels != 1 || mask.pixels.size() < size_t(mask.width) * mask.height)
        return image;
    return overlay(image, mask.pixels.data(), mask.width, mask.height, size_t(mask.width), opacity);
}

QImage overlayMask(const QImage &image, const cv::Mat &mask, qreal opacity)
{
    if (mask.empty() || mask.type() != CV_8UC1)
        return image;
    return overlay(image, mask.data, mask.cols, mask.rows, mask.step, opacity);
}

} // namespace augstudio::ui
