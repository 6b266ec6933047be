#include "testsupport/GifWriter.h"

#include <gif_lib.h>

#include <filesystem>
#include <stdexcept>

namespace testsupport {

namespace {

void check(int result, GifFileType *gif, const char *what)
{
    if (result == GIF_ERROR)
        throw std::runtime_error(std::string("writing a test GIF: ") + what + ": " + GifErrorString(gif->Error));
}

// The stored order of an interlaced frame's rows: every 8th from 0, every 8th from 4, every
// 4th from 2, every 2nd from 1.
std::vector<int> rowsAsStored(int height, bool interlaced)
{
    std::vector<int> rows;
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

} // namespace

void writeGif(const std::string &path, const GifTestFile &file)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    int count = 2;
    while (count < int(file.palette.size()))
        count *= 2;
    std::vector<GifColorType> colours(static_cast<std::size_t>(count), GifColorType{0, 0, 0});
    for (std::size_t i = 0; i < file.palette.size(); ++i)
        colours[i] = GifColorType{file.palette[i][0], file.palette[i][1], file.palette[i][2]};
    ColorMapObject *map = GifMakeMapObject(count, colours.data());

    int error = 0;
    GifFileType *gif = EGifOpenFileName(path.c_str(), false, &error);
    if (!gif)
        throw std::runtime_error("writing a test GIF: cannot create " + path);
    EGifSetGifVersion(gif, true);
    const cv::Size screen = file.screen.empty() ? file.frames.front().indices.size() : file.screen;
    check(EGifPutScreenDesc(gif, screen.width, screen.height, 8, 0, map), gif, "screen");
    if (file.transparent >= 0) {
        GraphicsControlBlock control{DISPOSAL_UNSPECIFIED, false, 0, file.transparent};
        GifByteType extension[4];
        const std::size_t length = EGifGCBToExtension(&control, extension);
        check(EGifPutExtension(gif, GRAPHICS_EXT_FUNC_CODE, int(length), extension), gif, "extension");
    }
    for (const GifTestFrame &frame : file.frames) {
        const cv::Mat &indices = frame.indices;
        check(EGifPutImageDesc(gif, frame.left, frame.top, indices.cols, indices.rows, frame.interlaced, nullptr), gif,
              "image");
        for (const int y : rowsAsStored(indices.rows, frame.interlaced))
            check(EGifPutLine(gif, const_cast<GifPixelType *>(indices.ptr<GifPixelType>(y)), indices.cols), gif, "line");
    }
    EGifCloseFile(gif, &error);
    GifFreeMapObject(map);
}

void writeGif(const std::string &path, const cv::Mat &indices, const std::vector<cv::Vec3b> &palette)
{
    writeGif(path, GifTestFile{palette, {GifTestFrame{indices}}, {}, -1});
}

} // namespace testsupport
