#include "data/GifImage.h"

#include "data/ImageHeader.h"

#include <gif_lib.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

namespace augstudio {

namespace {

struct MemoryInput
{
    const std::vector<unsigned char> &bytes;
    std::size_t position = 0;
};

int readFromMemory(GifFileType *gif, GifByteType *out, int length)
{
    auto *input = static_cast<MemoryInput *>(gif->UserData);
    const std::size_t left = input->bytes.size() - input->position;
    const std::size_t count = std::min(left, static_cast<std::size_t>(std::max(length, 0)));
    std::memcpy(out, input->bytes.data() + input->position, count);
    input->position += count;
    return static_cast<int>(count);
}

struct GifCloser
{
    void operator()(GifFileType *gif) const
    {
        int error = 0;
        DGifCloseFile(gif, &error);
    }
};
using GifFile = std::unique_ptr<GifFileType, GifCloser>;

[[noreturn]] void fail(int error, bool atTheEnd)
{
    // giflib reports a file that ends too soon as whatever it was reading when it did.
    if (atTheEnd || error == D_GIF_ERR_EOF_TOO_SOON)
        throw std::runtime_error("the GIF is cut short");
    const char *reason = GifErrorString(error);
    throw std::runtime_error(std::string("the GIF is damaged (") + (reason ? reason : "unknown error") + ")");
}

[[noreturn]] void fail(GifFileType *gif)
{
    const auto *input = static_cast<const MemoryInput *>(gif->UserData);
    fail(gif->Error, input->position >= input->bytes.size());
}

// The Graphics Control Extension before the first image: its transparent index, which
// Pillow fills the screen with outside that image. -1 where there is none.
int transparentIndexIn(int code, const GifByteType *block)
{
    if (code != GRAPHICS_EXT_FUNC_CODE || !block || block[0] < 4)
        return -1;
    GraphicsControlBlock control;
    if (DGifExtensionToGCB(block[0], block + 1, &control) == GIF_ERROR)
        return -1;
    return control.TransparentColor;
}

// The rows of an interlaced frame in the order they are stored: every 8th from 0, every
// 8th from 4, every 4th from 2, every 2nd from 1.
std::vector<int> storedRowOrder(int height, bool interlaced)
{
    std::vector<int> rows;
    rows.reserve(static_cast<std::size_t>(height));
    if (!interlaced) {
        for (int y = 0; y < height; ++y)
            rows.push_back(y);
        return rows;
    }
    const int starts[] = {0, 4, 2, 1}, steps[] = {8, 8, 4, 2};
    for (int pass = 0; pass < 4; ++pass)
        for (int y = starts[pass]; y < height; y += steps[pass])
            rows.push_back(y);
    return rows;
}

void readFrame(GifFileType *gif, GifFrame &frame)
{
    const GifImageDesc &desc = gif->Image;
    if (desc.Width <= 0 || desc.Height <= 0)
        throw std::runtime_error("the GIF is damaged (its first image has no pixels)");
    if (std::int64_t(desc.Width) * desc.Height > kMaxImagePixels)
        throw std::runtime_error("the GIF's first image announces " + std::to_string(desc.Width) + " × "
                                 + std::to_string(desc.Height) + " pixels, more than the "
                                 + std::to_string(kMaxImagePixels) + " an image may have");
    // The frame is placed on the screen at its offset; what falls outside the screen is cut.
    cv::Mat &canvas = frame.indices;
    std::vector<GifByteType> row(static_cast<std::size_t>(desc.Width));
    for (const int y : storedRowOrder(desc.Height, desc.Interlace)) {
        if (DGifGetLine(gif, row.data(), desc.Width) == GIF_ERROR)
            fail(gif);
        const int screenY = desc.Top + y;
        if (screenY >= canvas.rows)
            continue;
        const int first = desc.Left, last = std::min(canvas.cols, desc.Left + desc.Width);
        if (first < last)
            std::copy(row.begin(), row.begin() + (last - first), canvas.ptr<unsigned char>(screenY) + first);
    }
    const ColorMapObject *map = desc.ColorMap ? desc.ColorMap : gif->SColorMap;
    if (map && map->Colors) {
        for (int i = 0; i < map->ColorCount; ++i)
            frame.colours.emplace_back(map->Colors[i].Red, map->Colors[i].Green, map->Colors[i].Blue);
    }
}

} // namespace

GifFrame decodeGif(const std::vector<unsigned char> &bytes)
{
    MemoryInput input{bytes};
    int error = 0;
    GifFile gif(DGifOpen(&input, readFromMemory, &error));
    if (!gif)
        fail(error, input.position >= bytes.size());
    if (gif->SWidth <= 0 || gif->SHeight <= 0)
        throw std::runtime_error("the GIF is damaged (its screen is " + std::to_string(gif->SWidth) + " × "
                                 + std::to_string(gif->SHeight) + " pixels)");
    GifFrame frame;
    int transparent = -1;
    for (;;) {
        GifRecordType record = UNDEFINED_RECORD_TYPE;
        if (DGifGetRecordType(gif.get(), &record) == GIF_ERROR)
            fail(gif.get());
        if (record == TERMINATE_RECORD_TYPE)
            throw std::runtime_error("the GIF holds no image");
        if (record == EXTENSION_RECORD_TYPE) {
            int code = 0;
            GifByteType *block = nullptr;
            if (DGifGetExtension(gif.get(), &code, &block) == GIF_ERROR)
                fail(gif.get());
            const int index = transparentIndexIn(code, block);
            if (index >= 0)
                transparent = index;
            while (block) {
                if (DGifGetExtensionNext(gif.get(), &block) == GIF_ERROR)
                    fail(gif.get());
            }
        } else if (record == IMAGE_DESC_RECORD_TYPE) {
            if (DGifGetImageDesc(gif.get()) == GIF_ERROR)
                fail(gif.get());
            frame.indices = cv::Mat(gif->SHeight, gif->SWidth, CV_8UC1, cv::Scalar(std::max(transparent, 0)));
            readFrame(gif.get(), frame);
            return frame;
        }
    }
}

cv::Mat gifPixels(const GifFrame &frame)
{
    if (frame.colours.empty())
        return frame.indices.clone();
    int histogram[256] = {};
    for (int y = 0; y < frame.indices.rows; ++y) {
        const unsigned char *row = frame.indices.ptr<unsigned char>(y);
        for (int x = 0; x < frame.indices.cols; ++x)
            ++histogram[row[x]];
    }
    cv::Mat blue(1, 256, CV_8U, cv::Scalar(0)), green = blue.clone(), red = blue.clone();
    bool grey = true;
    for (int i = 0; i < 256; ++i) {
        if (i >= int(frame.colours.size()))
            continue;
        const cv::Vec3b &rgb = frame.colours[std::size_t(i)];
        red.at<unsigned char>(i) = rgb[0];
        green.at<unsigned char>(i) = rgb[1];
        blue.at<unsigned char>(i) = rgb[2];
        if (histogram[i] > 0 && (rgb[0] != rgb[1] || rgb[1] != rgb[2]))
            grey = false;
    }
    cv::Mat out;
    if (grey) {
        cv::LUT(frame.indices, red, out);
        return out;
    }
    cv::Mat planes[3];
    cv::LUT(frame.indices, blue, planes[0]);
    cv::LUT(frame.indices, green, planes[1]);
    cv::LUT(frame.indices, red, planes[2]);
    cv::merge(planes, 3, out);
    return out;
}

} // namespace augstudio
