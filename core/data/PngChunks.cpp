#include "data/PngChunks.h"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace augstudio {

namespace {

constexpr std::size_t kSignatureSize = 8;
constexpr std::size_t kChunkOverhead = 12; // length, type, CRC

std::uint32_t bigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Whether the two bytes start a zlib stream as PNG makes it: deflate, a window of at most
// 32 KiB, no preset dictionary, and the header's own check.
bool isPngZlibHeader(unsigned char cmf, unsigned char flg)
{
    return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (flg & 0x20) == 0 && (cmf * 256u + flg) % 31 == 0;
}

} // namespace

void preparePngForDecoding(std::vector<unsigned char> &bytes)
{
    std::size_t position = kSignatureSize;
    std::size_t profileAt = 0, profileSize = 0;
    bool sawImageData = false;
    for (;;) {
        if (position + kChunkOverhead > bytes.size())
            throw std::runtime_error("the PNG is cut short (it has no IEND chunk)");
        const std::uint32_t length = bigEndian32(&bytes[position]);
        if (length > 0x7fffffffu || bytes.size() - position - kChunkOverhead < length)
            throw std::runtime_error("the PNG is cut short (a chunk runs past the end of the file)");
        const unsigned char *type = &bytes[position + 4];
        const std::string name(reinterpret_cast<const char *>(type), 4);
        const uLong crc = crc32(crc32(0L, Z_NULL, 0), type, uInt(length + 4));
        if (crc != bigEndian32(type + 4 + length))
            throw std::runtime_error("the PNG is damaged (its " + name + " chunk fails its checksum)");
        if (name == "iCCP" && profileSize == 0) {
            profileAt = position;
            profileSize = kChunkOverhead + length;
        }
        if (name == "IDAT" && !sawImageData) {
            sawImageData = true;
            // A header that spans chunks (a first IDAT of one byte) is left to libpng.
            const unsigned char *data = type + 4;
            if (length >= 2 && !isPngZlibHeader(data[0], data[1]))
                throw std::runtime_error("the PNG is damaged (its image data does not start as zlib data does)");
        }
        position += kChunkOverhead + length;
        if (name == "IEND")
            break;
    }
    if (!sawImageData)
        throw std::runtime_error("the PNG holds no image (it has no IDAT chunk)");
    if (profileSize > 0)
        bytes.erase(bytes.begin() + std::ptrdiff_t(profileAt), bytes.begin() + std::ptrdiff_t(profileAt + profileSize));
}

} // namespace augstudio
