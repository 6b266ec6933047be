#include "testsupport/MatWriter.h"

#include "testsupport/TestSupport.h"

#include <zlib.h>

#include <stdexcept>

namespace testsupport {

namespace {

constexpr std::uint32_t kUInt8 = 2, kInt8 = 1, kInt32 = 5, kUInt32 = 6, kMatrix = 14,
                        kCompressed = 15;

void little32(std::string &bytes, std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        bytes += char((value >> shift) & 0xff);
}

// An element in the small format (type and size in one word, up to 4 bytes after) where it fits,
// as MATLAB writes names and short dimensions.
std::string smallOrNormal(std::uint32_t type, const std::string &data)
{
    if (data.size() > 4)
        return matElement(type, data);
    std::string bytes;
    little32(bytes, (std::uint32_t(data.size()) << 16) | type);
    return bytes + data + std::string(4 - data.size(), '\0');
}

} // namespace

std::string matElement(std::uint32_t type, const std::string &data)
{
    std::string bytes;
    little32(bytes, type);
    little32(bytes, std::uint32_t(data.size()));
    return bytes + data + std::string((8 - data.size() % 8) % 8, '\0');
}

std::string matMatrix(const MatVariable &variable)
{
    std::string flags;
    little32(flags, std::uint32_t(variable.matlabClass));
    little32(flags, 0);
    std::string dims;
    for (const std::int32_t dim : variable.dims)
        little32(dims, std::uint32_t(dim));
    const std::string body = matElement(kUInt32, flags) + matElement(kInt32, dims)
                             + smallOrNormal(kInt8, variable.name)
                             + matElement(std::uint32_t(variable.storedType), variable.data);
    return matElement(kMatrix, body);
}

std::string matCompressed(const std::string &element)
{
    uLongf size = compressBound(uLong(element.size()));
    std::string deflated(size, '\0');
    if (compress2(reinterpret_cast<Bytef *>(deflated.data()), &size, reinterpret_cast<const Bytef *>(element.data()),
                  uLong(element.size()), 6)
        != Z_OK)
        throw std::runtime_error("compress2 failed");
    deflated.resize(size);
    // MATLAB pads nothing after a compressed variable.
    std::string tag;
    little32(tag, kCompressed);
    little32(tag, std::uint32_t(deflated.size()));
    return tag + deflated;
}

std::string matFile(const std::vector<MatVariable> &variables, bool compressed)
{
    std::string header = "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Tue Dec  8 02:00:00 2026";
    header.resize(116, ' ');
    header += std::string(8, '\0'); // no subsystem data
    header += std::string("\x00\x01", 2);
    header += "IM";
    std::string bytes = header;
    for (const MatVariable &variable : variables)
        bytes += compressed ? matCompressed(matMatrix(variable)) : matMatrix(variable);
    return bytes;
}

std::uint8_t svhnTestPixel(int image, int channel, int row, int column)
{
    return std::uint8_t((image * 13 + channel * 80 + row * 7 + column * 2) % 256);
}

int svhnTestDigit(int image)
{
    return image % 10;
}

std::vector<MatVariable> svhnVariables(int count)
{
    MatVariable x{"X", 9, int(kUInt8), {32, 32, 3, count}, {}};
    x.data.resize(std::size_t(count) * 3072);
    for (int image = 0; image < count; ++image)
        for (int channel = 0; channel < 3; ++channel)
            for (int column = 0; column < 32; ++column)
                for (int row = 0; row < 32; ++row) // column-major: the row varies fastest
                    x.data[((std::size_t(image) * 3 + channel) * 32 + column) * 32 + row] =
                        char(svhnTestPixel(image, channel, row, column));
    MatVariable y{"y", 6, int(kUInt8), {count, 1}, {}};
    for (int image = 0; image < count; ++image)
        y.data += char(svhnTestDigit(image) == 0 ? 10 : svhnTestDigit(image));
    return {x, y};
}

void writeSvhn(const std::string &file, int count, bool compressed)
{
    writeTextFile(file, matFile(svhnVariables(count), compressed));
}

} // namespace testsupport
