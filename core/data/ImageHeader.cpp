#include "data/ImageHeader.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <climits>
#include <cctype>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>

namespace augstudio {

namespace {

// Bytes from memory, or from a file read on demand (a header needs only its first segments).
class Reader
{
public:
    explicit Reader(const std::vector<unsigned char> &bytes) : m_data(bytes.data()), m_size(bytes.size()) {}
    explicit Reader(std::ifstream &in) : m_in(&in) {}

    bool need(std::size_t end)
    {
        if (end <= m_size)
            return true;
        // In blocks of at most 1 MiB: an offset in a header (a TIFF's IFD) may point far past
        // the end of a small file, and must not allocate what it points to.
        while (m_in && *m_in && m_size < end) {
            const std::size_t block = std::min<std::size_t>(std::max({end - m_size, m_size, std::size_t(4096)}), 1 << 20);
            m_own.resize(m_size + block);
            m_in->read(reinterpret_cast<char *>(m_own.data() + m_size), std::streamsize(block));
            m_size += std::size_t(m_in->gcount());
            m_own.resize(m_size);
            m_data = m_own.data();
        }
        return end <= m_size;
    }
    std::size_t size() const { return m_size; }
    const unsigned char *at(std::size_t pos) const { return m_data + pos; }
    int u8(std::size_t pos) const { return m_data[pos]; }
    int be16(std::size_t pos) const { return (m_data[pos] << 8) | m_data[pos + 1]; }
    int le16(std::size_t pos) const { return m_data[pos] | (m_data[pos + 1] << 8); }
    std::uint32_t le32(std::size_t pos) const
    {
        return std::uint32_t(le16(pos)) | (std::uint32_t(le16(pos + 2)) << 16);
    }
    std::uint32_t be32(std::size_t pos) const
    {
        return (std::uint32_t(m_data[pos]) << 24) | (std::uint32_t(m_data[pos + 1]) << 16)
               | (std::uint32_t(m_data[pos + 2]) << 8) | std::uint32_t(m_data[pos + 3]);
    }

private:
    const unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
    std::ifstream *m_in = nullptr;
    std::vector<unsigned char> m_own;
};

// The value of a SHORT or LONG `tag` of IFD0 of a TIFF-structured block (a TIFF file, an Exif
// block); 0 when absent.
std::uint32_t tiffTag(const unsigned char *p, std::size_t n, int tag)
{
    if (n >= 6 && std::memcmp(p, "Exif\0\0", 6) == 0) { // PNG eXIf chunks sometimes keep the prefix
        p += 6;
        n -= 6;
    }
    if (n < 8)
        return 0;
    const bool little = p[0] == 'I' && p[1] == 'I';
    if (!little && !(p[0] == 'M' && p[1] == 'M'))
        return 0;
    auto u16 = [&](std::size_t at) { return little ? p[at] | (p[at + 1] << 8) : (p[at] << 8) | p[at + 1]; };
    auto u32 = [&](std::size_t at) {
        return little ? std::uint32_t(u16(at)) | (std::uint32_t(u16(at + 2)) << 16)
                      : (std::uint32_t(u16(at)) << 16) | std::uint32_t(u16(at + 2));
    };
    if (u16(2) != 42)
        return 0;
    const std::size_t ifd = u32(4);
    if (ifd + 2 > n)
        return 0;
    const int entries = u16(ifd);
    for (int e = 0; e < entries; ++e) {
        const std::size_t entry = ifd + 2 + std::size_t(e) * 12;
        if (entry + 12 > n)
            return 0;
        if (u16(entry) != tag)
            continue;
        if (u16(entry + 2) == 3) // SHORT
            return std::uint32_t(u16(entry + 8));
        if (u16(entry + 2) == 4) // LONG
            return u32(entry + 8);
    }
    return 0;
}

// The Orientation tag (0x0112) of an Exif block; 1 when absent or odd.
int tiffOrientation(const unsigned char *p, std::size_t n)
{
    const std::uint32_t value = tiffTag(p, n, 0x0112);
    return value >= 1 && value <= 8 ? int(value) : 1;
}

// Sizes from headers are capped where an int still holds their product's factors.
int clampedSide(std::int64_t side)
{
    return int(std::min<std::int64_t>(side < 0 ? -side : side, std::int64_t(1) << 30));
}

// BMP, WebP and TIFF sizes, so that checkImageArea sees them before OpenCV allocates what
// they announce.
void readBmp(Reader &in, ImageHeader &header)
{
    if (!in.need(26))
        return;
    if (in.le32(14) == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sides
        header.width = in.le16(18);
        header.height = in.le16(20);
    } else { // BITMAPINFOHEADER and later: signed 32-bit, a negative height is top-down
        header.width = clampedSide(std::int32_t(in.le32(18)));
        header.height = clampedSide(std::int32_t(in.le32(22)));
    }
}

void readWebp(Reader &in, ImageHeader &header)
{
    if (!in.need(30))
        return;
    if (std::memcmp(in.at(12), "VP8X", 4) == 0) { // extended: 24-bit canvas sides minus one
        header.width = (in.le16(24) | (in.u8(26) << 16)) + 1;
        header.height = (in.le16(27) | (in.u8(29) << 16)) + 1;
    } else if (std::memcmp(in.at(12), "VP8L", 4) == 0) { // lossless: 14-bit sides minus one
        const std::uint32_t bits = in.le32(21);
        header.width = int(bits & 0x3FFF) + 1;
        header.height = int((bits >> 14) & 0x3FFF) + 1;
    } else if (std::memcmp(in.at(12), "VP8 ", 4) == 0) { // lossy: 14-bit sides after the frame tag
        header.width = in.le16(26) & 0x3FFF;
        header.height = in.le16(28) & 0x3FFF;
    }
}

void readTiff(Reader &in, ImageHeader &header)
{
    // IFD0 may lie anywhere: read up to it and its entries.
    if (!in.need(8))
        return;
    const bool little = in.u8(0) == 'I';
    const std::size_t ifd = little ? in.le32(4) : in.be32(4);
    if (!in.need(ifd + 2))
        return;
    const int entries = little ? in.le16(ifd) : in.be16(ifd);
    in.need(ifd + 2 + std::size_t(entries) * 12);
    header.width = clampedSide(tiffTag(in.at(0), in.size(), 256));  // ImageWidth
    header.height = clampedSide(tiffTag(in.at(0), in.size(), 257)); // ImageLength
    // BitsPerSample is the value itself for one sample; for three it points elsewhere.
    if (tiffTag(in.at(0), in.size(), 277) <= 1) // SamplesPerPixel, 1 when absent
        header.bitDepth = int(tiffTag(in.at(0), in.size(), 258));
}

bool swapsSides(int orientation)
{
    return orientation >= 5 && orientation <= 8;
}

// Segments from SOI to the first frame header: APP1 Exif before it gives the orientation.
void readJpeg(Reader &in, ImageHeader &header)
{
    std::size_t pos = 2;
    for (;;) {
        // libjpeg skips stray bytes before a marker and decodes on, so the size is read past them too
        while (in.need(pos + 2) && in.u8(pos) != 0xFF)
            ++pos;
        if (!in.need(pos + 2))
            return;
        while (in.need(pos + 2) && in.u8(pos + 1) == 0xFF) // fill bytes
            ++pos;
        if (!in.need(pos + 2))
            return;
        const int marker = in.u8(pos + 1);
        pos += 2;
        if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // no length; FF 00 is no marker at all, and libjpeg scans on past it
        if (marker == 0xD9 || marker == 0xDA || !in.need(pos + 2))
            return; // end of image, or scan data before any frame header
        const std::size_t length = std::size_t(in.be16(pos));
        if (length < 2) { // libjpeg reads the two length bytes, skips nothing and scans on
            pos += 2;
            continue;
        }
        if (marker == 0xE1 && header.orientation == 1 && in.need(pos + length))
            header.orientation = tiffOrientation(in.at(pos + 2), length - 2);
        const bool startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            if (length < 8 || !in.need(pos + 8))
                return;
            header.height = in.be16(pos + 3);
            header.width = in.be16(pos + 5);
            header.colour = in.u8(pos + 7) == 1 ? ImageColour::Grey : ImageColour::Colour;
            return;
        }
        pos += length;
    }
}

// PBM, PGM and PPM: "P1" to "P6", then the width, the height and (but for bitmaps) the
// largest value as decimals between white space and '#' comments (in the first 4 KiB), read
// as OpenCV's decoder reads them: the character after a number ends it, whatever it is. P3
// and P6 are colour, the others grey. A header that does not read leaves the size 0.
void readPnm(Reader &in, ImageHeader &header)
{
    const int kind = in.u8(1) - '0';
    header.colour = kind == 3 || kind == 6 ? ImageColour::Colour : ImageColour::Grey;
    const bool bitmap = kind == 1 || kind == 4;
    constexpr std::size_t kHeaderEnd = 4096;
    std::size_t pos = 2;
    const auto more = [&] { return pos < kHeaderEnd && in.need(pos + 1); };
    std::int64_t numbers[3] = {0, 0, 0};
    for (int n = 0; n < (bitmap ? 2 : 3); ++n) {
        while (more() && !std::isdigit(in.u8(pos))) {
            if (in.u8(pos) == '#') {
                while (more() && in.u8(pos) != '\n' && in.u8(pos) != '\r')
                    ++pos;
                ++pos; // the line's end
            } else if (std::isspace(in.u8(pos))) {
                ++pos;
            } else {
                return;
            }
        }
        const std::size_t start = pos;
        for (; more() && std::isdigit(in.u8(pos)); ++pos)
            numbers[n] = std::min<std::int64_t>(numbers[n] * 10 + (in.u8(pos) - '0'), INT_MAX);
        if (pos == start)
            return;
        ++pos;
    }
    const std::int64_t maxValue = bitmap ? 1 : numbers[2];
    if (maxValue < 1 || maxValue > 65535)
        return;
    header.width = int(numbers[0]);
    header.height = int(numbers[1]);
    // Binary pixels follow the header: a shorter file is cut short, which the decoder would
    // say only on standard error, in its own words.
    const std::int64_t sampleBytes = maxValue > 255 ? 2 : 1;
    const std::int64_t rowBytes = kind == 4   ? (numbers[0] + 7) / 8
                                  : kind == 5 ? numbers[0] * sampleBytes
                                  : kind == 6 ? numbers[0] * 3 * sampleBytes
                                              : 0;
    if (rowBytes > 0 && numbers[0] * numbers[1] <= kMaxImagePixels) // else refused for its size
        header.pixelsEnd = std::int64_t(pos) + rowBytes * numbers[1];
}

// IHDR, then the chunk headers up to the pixels (eXIf must come before IDAT).
void readPng(Reader &in, ImageHeader &header)
{
    if (!in.need(26) || std::memcmp(in.at(12), "IHDR", 4) != 0)
        return;
    header.width = int(std::min<std::uint32_t>(in.be32(16), 1u << 30));
    header.height = int(std::min<std::uint32_t>(in.be32(20), 1u << 30));
    header.bitDepth = in.u8(24);
    switch (in.u8(25)) {
    case 0: header.colour = ImageColour::Grey; break;
    case 4: header.colour = ImageColour::Grey; header.alpha = true; break;
    case 2:
    case 3: header.colour = ImageColour::Colour; break;
    case 6: header.colour = ImageColour::Colour; header.alpha = true; break;
    default: break;
    }
    std::size_t pos = 33;
    for (int chunk = 0; chunk < 64 && in.need(pos + 8); ++chunk) {
        const std::size_t length = in.be32(pos);
        const std::string type(reinterpret_cast<const char *>(in.at(pos + 4)), 4);
        if (type == "IDAT" || type == "IEND" || length > (1u << 24))
            break;
        if (type == "eXIf" && in.need(pos + 8 + length)) {
            header.orientation = tiffOrientation(in.at(pos + 8), length);
            break;
        }
        pos += 12 + length;
    }
}

std::string printableStart(const Reader &in)
{
    std::string text;
    for (std::size_t i = 0; i < in.size() && text.size() < 24; ++i) {
        const int c = in.u8(i);
        if (c == '\n' || c == '\r' || c == '\t')
            text += ' ';
        else if (std::isprint(c))
            text += char(c);
        else
            break;
    }
    return text;
}

// Formats users keep images in that are not read, named so that the message can say which.
std::string otherFormatOf(Reader &in)
{
    auto at = [&](const char *signature, std::size_t length, std::size_t offset) {
        return in.need(offset + length) && std::memcmp(in.at(offset), signature, length) == 0;
    };
    if (at("DICM", 4, 128))
        return "DICOM";
    if (at("GIF8", 4, 0))
        return "GIF";
    if (at("\0\0\0\x0CjP  ", 8, 0) || at("\xFF\x4F\xFF\x51", 4, 0))
        return "JPEG 2000";
    if (at("v/1\x01", 4, 0))
        return "OpenEXR";
    if (at("ftypheic", 8, 4) || at("ftypheix", 8, 4) || at("ftypmif1", 8, 4))
        return "HEIF";
    if (at("ftypavif", 8, 4))
        return "AVIF";
    return {};
}

ImageHeader readHeader(Reader &in)
{
    ImageHeader header;
    in.need(16);
    const std::size_t n = in.size();
    auto starts = [&](const char *signature, std::size_t length, std::size_t offset = 0) {
        return n >= offset + length && std::memcmp(in.at(offset), signature, length) == 0;
    };
    if (n == 0) {
        header.format = ImageFormat::Empty;
    } else if (starts("\x89PNG\r\n\x1a\n", 8)) {
        header.format = ImageFormat::Png;
        readPng(in, header);
    } else if (starts("\xFF\xD8\xFF", 3)) {
        header.format = ImageFormat::Jpeg;
        readJpeg(in, header);
    } else if (starts("BM", 2)) {
        header.format = ImageFormat::Bmp;
        readBmp(in, header);
    } else if (starts("II*\0", 4) || starts("MM\0*", 4)) {
        header.format = ImageFormat::Tiff;
        readTiff(in, header);
    } else if (starts("RIFF", 4) && starts("WEBP", 4, 8)) {
        header.format = ImageFormat::Webp;
        readWebp(in, header);
    } else if (n >= 3 && in.u8(0) == 'P' && in.u8(1) >= '1' && in.u8(1) <= '6' && std::isspace(in.u8(2))) {
        header.format = ImageFormat::Pnm;
        readPnm(in, header);
    } else {
        header.format = ImageFormat::NotAnImage;
        header.otherFormat = otherFormatOf(in);
        header.firstBytes = printableStart(in);
    }
    if (swapsSides(header.orientation))
        std::swap(header.width, header.height);
    return header;
}

} // namespace

ImageHeader readImageHeader(const std::string &file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        return ImageHeader{};
    Reader in(stream);
    return readHeader(in);
}

ImageHeader imageHeaderOf(const std::vector<unsigned char> &bytes)
{
    Reader in(bytes);
    return readHeader(in);
}

void checkImageArea(const ImageHeader &header, std::size_t fileBytes)
{
    const std::int64_t pixels = std::int64_t(header.width) * std::int64_t(header.height);
    const std::string size = std::to_string(header.width) + " × " + std::to_string(header.height) + " pixels";
    // libjpeg finds a frame the header reader did not (a damaged file): its size is unknown
    // here, and the decoder would allocate whatever it says.
    if (header.format == ImageFormat::Jpeg && pixels <= 0)
        throw std::runtime_error("is a JPEG whose frame header cannot be read: a damaged file");
    if (header.format == ImageFormat::Pnm && pixels <= 0)
        throw std::runtime_error("is a PBM, PGM or PPM image whose header cannot be read: a damaged file");
    if (pixels > kMaxImagePixels)
        throw std::runtime_error("announces " + size + ", more than the " + std::to_string(kMaxImagePixels)
                                 + " an image may have");
    if (pixels > (std::int64_t(1) << 24) && pixels / kMaxPixelsPerFileByte > std::int64_t(fileBytes))
        throw std::runtime_error("announces " + size + " in only " + std::to_string(fileBytes)
                                 + " bytes: a truncated or forged file");
    if (header.pixelsEnd > std::int64_t(fileBytes))
        throw std::runtime_error("is cut short: " + size + " need " + std::to_string(header.pixelsEnd)
                                 + " bytes, and the file has " + std::to_string(fileBytes));
}

int exifOrientation(const std::vector<unsigned char> &bytes)
{
    const ImageHeader header = imageHeaderOf(bytes);
    return header.format == ImageFormat::Png || header.format == ImageFormat::Jpeg ? header.orientation : 1;
}

void applyExifOrientation(cv::Mat &image, int orientation)
{
    switch (orientation) {
    case 2: cv::flip(image, image, 1); break;
    case 3: cv::flip(image, image, -1); break;
    case 4: cv::flip(image, image, 0); break;
    case 5: cv::transpose(image, image); break;
    case 6: cv::transpose(image, image); cv::flip(image, image, 1); break;
    case 7: cv::transpose(image, image); cv::flip(image, image, -1); break;
    case 8: cv::transpose(image, image); cv::flip(image, image, 0); break;
    default: break;
    }
}

bool isImageFormat(ImageFormat format)
{
    return format != ImageFormat::Empty && format != ImageFormat::NotAnImage && format != ImageFormat::Unreadable;
}

std::string notAnImageReason(const ImageHeader &header)
{
    switch (header.format) {
    case ImageFormat::Empty: return "is empty (0 bytes)";
    case ImageFormat::Unreadable: return "cannot be read";
    case ImageFormat::NotAnImage:
        if (!header.otherFormat.empty())
            return std::string(header.otherFormat.front() == 'A' || header.otherFormat.front() == 'O' ? "is an " : "is a ")
                   + header.otherFormat + " file, a format AugStudio does not read (convert it to PNG or JPEG)";
        if (!header.firstBytes.empty() && header.firstBytes.front() == '<')
            return "is not an image: it starts with \"" + header.firstBytes + "\" (a web page saved under an image name?)";
        return "is not an image (no PNG, JPEG, BMP, TIFF, WebP or PNM content)";
    default: return "is an image";
    }
}

} // namespace augstudio
