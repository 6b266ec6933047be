#include "data/PalettePng.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace augstudio {

namespace {

std::uint32_t readBigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

unsigned char paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
    if (pa <= pb && pa <= pc)
        return static_cast<unsigned char>(a);
    return static_cast<unsigned char>(pb <= pc ? b : c);
}

// Reverses the PNG row filters in place. Palette pixels are at most one byte, so the
// filter unit ("bpp") is one byte.
void unfilterRow(unsigned char filter, unsigned char *row, const unsigned char *previous, std::size_t bytes)
{
    for (std::size_t i = 0; i < bytes; ++i) {
        const int a = i > 0 ? row[i - 1] : 0;
        const int b = previous ? previous[i] : 0;
        const int c = (i > 0 && previous) ? previous[i - 1] : 0;
        switch (filter) {
        case 0: break;
        case 1: row[i] = static_cast<unsigned char>(row[i] + a); break;
        case 2: row[i] = static_cast<unsigned char>(row[i] + b); break;
        case 3: row[i] = static_cast<unsigned char>(row[i] + (a + b) / 2); break;
        case 4: row[i] = static_cast<unsigned char>(row[i] + paeth(a, b, c)); break;
        default: throw std::runtime_error("invalid PNG row filter " + std::to_string(filter));
        }
    }
}

struct Pass
{
    int x0, y0, dx, dy;
};

const Pass kSinglePass[] = {{0, 0, 1, 1}};
const Pass kAdam7[] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                       {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};

int passExtent(int size, int start, int step)
{
    return size > start ? (size - start + step - 1) / step : 0;
}

// The buffer grows as the data inflates instead of being sized from the header: a few bytes
// that announce 16384 × 16384 pixels fail at once instead of allocating them first.
std::vector<unsigned char> inflateAll(const std::vector<unsigned char> &compressed, std::size_t expected)
{
    std::vector<unsigned char> raw;
    z_stream stream;
    std::memset(&stream, 0, sizeof stream);
    if (inflateInit(&stream) != Z_OK)
        throw std::runtime_error("zlib initialisation failed");
    stream.next_in = const_cast<unsigned char *>(compressed.data());
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::size_t produced = 0;
    int result = Z_OK;
    while (produced < expected) {
        raw.resize(std::min(expected, std::max<std::size_t>(2 * raw.size(), 1 << 16)));
        stream.next_out = raw.data() + produced;
        stream.avail_out = static_cast<uInt>(raw.size() - produced);
        result = inflate(&stream, Z_NO_FLUSH);
        produced = raw.size() - stream.avail_out;
        if (result != Z_OK) // the end of the stream, an error, or no input left (Z_BUF_ERROR)
            break;
    }
    inflateEnd(&stream);
    // Data after the last row (result Z_OK with a full buffer) is ignored, as readers do.
    if (produced != expected || (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR))
        throw std::runtime_error("image data is truncated or corrupt (" + std::to_string(produced) + " of "
                                 + std::to_string(expected) + " bytes decompressed)");
    return raw;
}

} // namespace

bool decodePalettePng(const std::vector<unsigned char> &bytes, cv::Mat &indices)
{
    static const unsigned char signature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
    if (bytes.size() < 33 || std::memcmp(bytes.data(), signature, 8) != 0
        || std::memcmp(bytes.data() + 12, "IHDR", 4) != 0)
        return false;
    const unsigned char *header = bytes.data() + 16;
    const std::uint32_t width = readBigEndian32(header), height = readBigEndian32(header + 4);
    const int depth = header[8], colourType = header[9], interlace = header[12];
    if (colourType != 3)
        return false;
    if (depth != 1 && depth != 2 && depth != 4 && depth != 8)
        throw std::runtime_error("invalid palette bit depth " + std::to_string(depth));
    if (width == 0 || height == 0 || width > 65535 || height > 65535)
        throw std::runtime_error("invalid PNG size " + std::to_string(width) + "x" + std::to_string(height));
    if (header[10] != 0 || header[11] != 0 || interlace > 1)
        throw std::runtime_error("unsupported PNG compression, filter or interlace method");

    std::vector<unsigned char> compressed;
    std::size_t pos = 8;
    bool ended = false;
    while (pos + 12 <= bytes.size()) {
        const std::uint32_t length = readBigEndian32(bytes.data() + pos);
        if (length > bytes.size() - pos - 12)
            break;
        const unsigned char *type = bytes.data() + pos + 4;
        if (std::memcmp(type, "IDAT", 4) == 0)
            compressed.insert(compressed.end(), type + 4, type + 4 + length);
        else if (std::memcmp(type, "IEND", 4) == 0) {
            ended = true;
            break;
        }
        pos += 12 + length;
    }
    if (compressed.empty())
        throw std::runtime_error(ended ? "PNG has no image data" : "PNG is truncated");

    const int w = static_cast<int>(width), h = static_cast<int>(height);
    const bool adam7 = interlace == 1;
    const Pass *passes = adam7 ? kAdam7 : kSinglePass;
    const int passCount = adam7 ? 7 : 1;
    std::size_t expected = 0;
    for (int p = 0; p < passCount; ++p) {
        const int pw = passExtent(w, passes[p].x0, passes[p].dx);
        const int ph = passExtent(h, passes[p].y0, passes[p].dy);
        if (pw > 0 && ph > 0)
            expected += std::size_t(ph) * (1 + (std::size_t(pw) * depth + 7) / 8);
    }
    std::vector<unsigned char> raw = inflateAll(compressed, expected);

    cv::Mat out(h, w, CV_8UC1);
    const int mask = (1 << depth) - 1;
    std::size_t offset = 0;
    for (int p = 0; p < passCount; ++p) {
        const Pass &pass = passes[p];
        const int pw = passExtent(w, pass.x0, pass.dx);
        const int ph = passExtent(h, pass.y0, pass.dy);
        if (pw == 0 || ph == 0)
            continue;
        const std::size_t rowBytes = (std::size_t(pw) * depth + 7) / 8;
        const unsigned char *previous = nullptr;
        for (int y = 0; y < ph; ++y) {
            unsigned char *row = raw.data() + offset + 1;
            unfilterRow(raw[offset], row, previous, rowBytes);
            unsigned char *target = out.ptr<unsigned char>(pass.y0 + y * pass.dy);
            for (int x = 0; x < pw; ++x) {
                const std::size_t bit = std::size_t(x) * depth;
                const int shift = 8 - depth - static_cast<int>(bit % 8);
                target[pass.x0 + x * pass.dx] = static_cast<unsigned char>((row[bit / 8] >> shift) & mask);
            }
            previous = row;
            offset += 1 + rowBytes;
        }
    }
    indices = out;
    return true;
}

} // namespace augstudio
