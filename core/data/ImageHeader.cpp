#include "data/ImageHeader.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <climits>
#include <cctype>
#include <cstring>
#include <fstream>
#include <optional>
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

// A TIFF-structured block (a TIFF file, an Exif block): its bytes, their order, and whether
// it is a BigTIFF ("II+\0", "MM\0+"), whose offsets and counts take 8 bytes (OpenCV's
// decoder reads those too).
struct TiffBlock
{
    const unsigned char *p = nullptr;
    std::size_t n = 0;
    bool little = true;
    bool big = false;

    std::size_t offsetBytes() const { return big ? 8 : 4; }
    std::size_t entryCountBytes() const { return big ? 8 : 2; }
    std::size_t entryBytes() const { return big ? 20 : 12; }

    // The unsigned number of `bytes` (at most 8) at `at`; 0 where it lies past the end.
    std::uint64_t number(std::uint64_t at, std::size_t bytes) const
    {
        if (at > n || n - at < bytes)
            return 0;
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < bytes; ++i)
            value |= std::uint64_t(p[at + i]) << (8 * (little ? i : bytes - 1 - i));
        return value;
    }
    std::uint64_t firstIfd() const { return number(big ? 8 : 4, offsetBytes()); }
};

// The block at `p`, none when it is no TIFF.
std::optional<TiffBlock> tiffBlock(const unsigned char *p, std::size_t n)
{
    if (n >= 6 && std::memcmp(p, "Exif\0\0", 6) == 0) { // PNG eXIf chunks sometimes keep the prefix
        p += 6;
        n -= 6;
    }
    if (n < 8)
        return std::nullopt;
    TiffBlock block{p, n, p[0] == 'I' && p[1] == 'I', false};
    if (!block.little && !(p[0] == 'M' && p[1] == 'M'))
        return std::nullopt;
    const std::uint64_t version = block.number(2, 2);
    // BigTIFF: version 43, then the offset size (8) and a reserved 0
    block.big = version == 43 && block.number(4, 2) == 8 && block.number(6, 2) == 0 && n >= 16;
    if (version != 42 && !block.big)
        return std::nullopt;
    return block;
}

// An IFD0 entry: its type, and where its first value lies (in the entry when the values fit,
// else at the offset the entry holds; possibly past the end of the bytes read so far).
struct TiffField
{
    int type = 0;
    std::uint64_t valueAt = 0;
};

// Bytes a value of the unsigned integer types: SHORT, LONG, LONG8 (BigTIFF); 0 for the others.
std::size_t tiffIntegerBytes(int type)
{
    return type == 3 ? 2 : type == 4 ? 4 : type == 16 ? 8 : 0;
}

std::optional<TiffField> tiffField(const TiffBlock &block, int tag)
{
    const std::uint64_t ifd = block.firstIfd();
    const std::uint64_t entries = block.number(ifd, block.entryCountBytes());
    // Bounded by the bytes there are, whatever the count says.
    for (std::uint64_t e = 0; e < entries; ++e) {
        const std::uint64_t entry = ifd + block.entryCountBytes() + e * block.entryBytes();
        if (entry > block.n || block.n - entry < block.entryBytes())
            return std::nullopt;
        if (block.number(entry, 2) != std::uint64_t(tag))
            continue;
        const int type = int(block.number(entry + 2, 2));
        const std::uint64_t count = block.number(entry + 4, block.offsetBytes());
        const std::uint64_t valueField = entry + 4 + block.offsetBytes();
        const std::size_t bytes = tiffIntegerBytes(type);
        const bool fits = bytes > 0 && count <= block.offsetBytes() / bytes;
        return TiffField{type, fits ? valueField : block.number(valueField, block.offsetBytes())};
    }
    return std::nullopt;
}

// The first value of an unsigned integer field; 0 for other types or past the end.
std::uint64_t tiffFirstValue(const TiffBlock &block, const TiffField &field)
{
    const std::size_t bytes = tiffIntegerBytes(field.type);
    return bytes > 0 ? block.number(field.valueAt, bytes) : 0;
}

// The first value of the SHORT, LONG or LONG8 `tag` of IFD0 of a TIFF-structured block;
// 0 when absent.
std::uint64_t tiffTag(const unsigned char *p, std::size_t n, int tag)
{
    const std::optional<TiffBlock> block = tiffBlock(p, n);
    if (!block)
        return 0;
    const std::optional<TiffField> field = tiffField(*block, tag);
    return field ? tiffFirstValue(*block, *field) : 0;
}

// An Orientation value (EXIF and TIFF tag 0x0112); 1 when absent or odd.
int orientationOf(std::uint64_t value)
{
    return value >= 1 && value <= 8 ? int(value) : 1;
}

// The Orientation tag of an Exif block.
int tiffOrientation(const unsigned char *p, std::size_t n)
{
    return orientationOf(tiffTag(p, n, 0x0112));
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

// The logical screen, on which the first frame is decoded.
void readGif(Reader &in, ImageHeader &header)
{
    if (!in.need(10))
        return;
    header.width = in.le16(6);
    header.height = in.le16(8);
    header.bitDepth = 8;
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

// Reads up to `bytes` at `at`; false where the file ends before (or the offset, read from a
// damaged header, is past any file).
bool needAt(Reader &in, std::uint64_t at, std::uint64_t bytes)
{
    constexpr std::uint64_t kBeyondAnyFile = std::uint64_t(1) << 48;
    return at < kBeyondAnyFile && bytes < kBeyondAnyFile && in.need(std::size_t(at + bytes));
}

// TIFF and BigTIFF: IFD0's size, sample depth and format, and Orientation. OpenCV's TIFF
// decoder turns the pixels by the Orientation tag whatever IMREAD_IGNORE_ORIENTATION says,
// so the size as displayed swaps its sides for 5-8 as a JPEG's does.
void readTiff(Reader &in, ImageHeader &header)
{
    // The bytes read so far: the block moves as more are read.
    const auto block = [&in] { return tiffBlock(in.at(0), in.size()); };
    if (!block())
        return;
    // IFD0 may lie anywhere: read up to it and its entries.
    const std::uint64_t ifd = block()->firstIfd();
    const std::size_t countBytes = block()->entryCountBytes(), entryBytes = block()->entryBytes();
    if (!needAt(in, ifd, countBytes))
        return;
    const std::uint64_t entries = std::min<std::uint64_t>(block()->number(ifd, countBytes), 65535);
    needAt(in, ifd + countBytes, entries * entryBytes);
    // A field's first value, read in where it lies outside the IFD (BitsPerSample for RGB).
    const auto value = [&](int tag) -> std::uint64_t {
        const std::optional<TiffField> field = tiffField(*block(), tag);
        if (!field)
            return 0;
        needAt(in, field->valueAt, 8);
        return tiffFirstValue(*block(), *field);
    };
    header.width = int(std::min<std::uint64_t>(value(256), 1u << 30));  // ImageWidth
    header.height = int(std::min<std::uint64_t>(value(257), 1u << 30)); // ImageLength
    header.bitDepth = int(std::min<std::uint64_t>(value(258), 64));     // BitsPerSample, of the first sample
    header.floatSamples = value(339) == 3;                               // SampleFormat IEEE floating point
    header.orientation = orientationOf(value(274));
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
    header.bitDepth = bitmap ? 1 : maxValue > 255 ? 16 : 8; // OpenCV keeps the values, 4095 stays 4095
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
    } else if (starts("II*\0", 4) || starts("MM\0*", 4) || starts("II+\0", 4) || starts("MM\0+", 4)) {
        header.format = ImageFormat::Tiff;
        readTiff(in, header);
    } else if (starts("RIFF", 4) && starts("WEBP", 4, 8)) {
        header.format = ImageFormat::Webp;
        readWebp(in, header);
    } else if (starts("GIF87a", 6) || starts("GIF89a", 6)) {
        header.format = ImageFormat::Gif;
        readGif(in, header);
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

int orientationToApply(const ImageHeader &header)
{
    return header.format == ImageFormat::Png || header.format == ImageFormat::Jpeg ? header.orientation : 1;
}

int exifOrientation(const std::vector<unsigned char> &bytes)
{
    return orientationToApply(imageHeaderOf(bytes));
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
