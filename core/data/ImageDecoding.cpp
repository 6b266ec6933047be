#include "data/ImageDecoding.h"

#include "data/Dataset.h"
#include "data/GifImage.h"
#include "data/ImageFiles.h"
#include "data/ImageHeader.h"
#include "data/MaskColours.h"
#include "data/PalettePng.h"
#include "data/PngChunks.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace augstudio {

namespace {

// Throws Error (DatasetError or UnreadableImageError) naming the file and the system's reason.
template <class Error = DatasetError>
std::vector<unsigned char> readFileBytes(const std::string &file)
{
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        const int reason = errno;
        throw Error("cannot open " + file + ": "
                        + (reason != 0 ? std::strerror(reason)
                                       : std::filesystem::exists(file) ? "not readable" : "file not found"),
                    file);
    }
    return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Whether a JPEG's last scan is followed by its end-of-image marker (FF D9). In the
// entropy-coded data an FF is followed only by 00 or a restart marker, so a file cut short
// has none after its last start-of-scan (FF DA); libjpeg decodes it anyway, grey below the
// cut, and only prints a warning. Trailing bytes after the marker (some cameras add them) are fine.
bool jpegHasItsEnd(const std::vector<unsigned char> &bytes)
{
    size_t lastScan = std::string::npos;
    for (size_t i = 0; i + 1 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xDA)
            lastScan = i;
    if (lastScan == std::string::npos)
        return true; // no scan at all: the decoder says what is wrong
    for (size_t i = lastScan + 2; i + 1 < bytes.size(); ++i)
        if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9)
            return true;
    return false;
}

// Three-channel (BGR, as decoded) colour mask -> indices through the VOC palette.
cv::Mat vocColoursToIndices(const cv::Mat &bgr, const std::string &file)
{
    static const std::array<int, 1 << 15> lookup = [] {
        // VOC colours use only the top three bits of each channel, so five bits make a unique key;
        // the exact colour is checked after the lookup
        std::array<int, 1 << 15> table;
        table.fill(-1);
        for (int i = 0; i < 256; ++i) {
            const cv::Vec3b c = vocPaletteColour(i);
            table[((c[0] >> 3) << 10) | ((c[1] >> 3) << 5) | (c[2] >> 3)] = i;
        }
        return table;
    }();
    cv::Mat indices(bgr.size(), CV_8UC1);
    for (int y = 0; y < bgr.rows; ++y) {
        const cv::Vec3b *in = bgr.ptr<cv::Vec3b>(y);
        unsigned char *out = indices.ptr<unsigned char>(y);
        for (int x = 0; x < bgr.cols; ++x) {
            const int r = in[x][2], g = in[x][1], b = in[x][0];
            const int index = lookup[((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3)];
            if (index < 0 || vocPaletteColour(index) != cv::Vec3b(uchar(r), uchar(g), uchar(b)))
                throw DatasetError("mask " + file + " has the colour (" + std::to_string(r) + ", " + std::to_string(g)
                                       + ", " + std::to_string(b) + ") at x=" + std::to_string(x) + ", y="
                                       + std::to_string(y) + ", which is not a Pascal VOC palette colour",
                                   file);
            out[x] = static_cast<unsigned char>(index);
        }
    }
    return indices;
}

bool channelsEqual(const cv::Mat &multi)
{
    std::vector<cv::Mat> planes;
    cv::split(multi, planes);
    return cv::countNonZero(planes[0] != planes[1]) == 0 && cv::countNonZero(planes[0] != planes[2]) == 0;
}

// A decoded mask image -> one channel of 8-bit class ids, by `encoding`.
cv::Mat labelsOf(cv::Mat mask, MaskEncoding encoding, const MaskColours *colours, const std::string &file,
                 MaskStorage &storage)
{
    if (mask.empty())
        throw DatasetError("cannot decode mask " + file + " (corrupt or not an image)", file);
    if (mask.depth() != CV_8U && mask.depth() != CV_16U)
        throw DatasetError("mask " + file + " has non-integer pixels; expected class ids", file);
    if (mask.channels() == 2)
        cv::extractChannel(mask, mask, 0);
    if (mask.channels() > 4)
        throw DatasetError("mask " + file + " has " + std::to_string(mask.channels())
                               + " channels; expected one channel of class ids", file);
    if (mask.channels() >= 3) {
        if (mask.channels() == 4)
            cv::cvtColor(mask, mask, cv::COLOR_BGRA2BGR);
        storage = channelsEqual(mask) ? MaskStorage::EqualChannels : MaskStorage::Colours;
        if (encoding == MaskEncoding::VocPalette && colours && mask.depth() == CV_8U) {
            cv::cvtColor(mask, mask, cv::COLOR_BGR2RGB);
            mask = classIdsOfColours(mask, *colours, file);
        } else if (storage == MaskStorage::EqualChannels) {
            cv::extractChannel(mask, mask, 0);
        } else if (encoding == MaskEncoding::VocPalette && mask.depth() == CV_8U) {
            mask = vocColoursToIndices(mask, file);
        } else if (encoding == MaskEncoding::CityscapesLabelIds) {
            throw DatasetError("mask " + file + " is a colour image; Cityscapes needs the single-channel "
                               "*_gtFine_labelIds.png masks", file);
        } else if (mask.depth() == CV_8U) {
            throw ColourMaskError("mask " + file + " is an RGB colour mask (3 channels, not a palette PNG); "
                                  "expected a single-channel mask whose pixel values are class ids (255 = ignore)",
                                  file);
        } else {
            throw DatasetError("mask " + file + " is a 16-bit colour image; expected a single-channel mask whose "
                               "pixel values are class ids (255 = ignore)", file);
        }
    }
    if (mask.depth() == CV_16U) {
        double maxValue = 0;
        cv::minMaxLoc(mask, nullptr, &maxValue);
        if (maxValue > 255)
            throw DatasetError("mask " + file + " has class id " + std::to_string(int(maxValue))
                                   + "; class ids must be below 255 (255 = ignore)", file);
        mask.convertTo(mask, CV_8U);
    }
    return mask;
}

} // namespace

cv::Vec3b vocPaletteColour(int index)
{
    int r = 0, g = 0, b = 0;
    for (int bit = 0, c = index; bit < 8; ++bit, c >>= 3) {
        r |= ((c >> 0) & 1) << (7 - bit);
        g |= ((c >> 1) & 1) << (7 - bit);
        b |= ((c >> 2) & 1) << (7 - bit);
    }
    return cv::Vec3b(uchar(r), uchar(g), uchar(b));
}

unsigned char cityscapesTrainId(int labelId)
{
    // cityscapesScripts labels.py: labelIds 7..33 that are evaluated, in trainId order
    static const int evaluated[19] = {7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33};
    for (int trainId = 0; trainId < 19; ++trainId) {
        if (evaluated[trainId] == labelId)
            return static_cast<unsigned char>(trainId);
    }
    return 255;
}

cv::Mat toRgb(const cv::Mat &decoded, InputDtype dtype, const std::string &file)
{
    cv::Mat image = decoded;
    if (image.channels() == 2) { // grey + alpha
        cv::Mat grey;
        cv::extractChannel(image, grey, 0);
        image = grey;
    }
    const bool toFloat = dtype == InputDtype::Float32;
    const int targetDepth = toFloat ? CV_32F : CV_8U;
    switch (image.depth()) {
    case CV_8U:
        if (toFloat)
            image.convertTo(image, CV_32F, 1.0 / 255.0);
        break;
    case CV_16U:
        image.convertTo(image, targetDepth, toFloat ? 1.0 / 65535.0 : 1.0 / 257.0);
        break;
    case CV_32F:
    case CV_64F:
        if (toFloat) {
            image.convertTo(image, CV_32F);
            image = cv::max(image, 0.0);
            image = cv::min(image, 1.0);
        } else {
            image.convertTo(image, CV_8U, 255.0); // saturating
        }
        break;
    default:
        throw DatasetError("image " + file + " has an unsupported pixel depth", file);
    }
    cv::Mat rgb;
    switch (image.channels()) {
    case 1: cv::cvtColor(image, rgb, cv::COLOR_GRAY2RGB); break;
    case 3: cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(image, rgb, cv::COLOR_BGRA2RGB); break;
    default:
        throw DatasetError("image " + file + " has " + std::to_string(image.channels()) + " channels", file);
    }
    return rgb;
}

cv::Mat decodeStoredImage(const std::string &file)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec))
        throw UnreadableImageError("cannot read image " + file + ": file not found", file);
    // An image this user may not read is skipped like a corrupt one, as the size scan said it would be.
    std::vector<unsigned char> bytes = readFileBytes<UnreadableImageError>(file);
    if (bytes.empty())
        throw UnreadableImageError("cannot decode image " + file + ": the file is empty (0 bytes)", file);
    const ImageHeader header = imageHeaderOf(bytes);
    try {
        checkImageArea(header, bytes.size());
    } catch (const std::runtime_error &e) {
        throw UnreadableImageError("cannot decode image " + file + ": it " + e.what(), file);
    }
    if (header.format == ImageFormat::Png) {
        try {
            preparePngForDecoding(bytes);
        } catch (const std::runtime_error &e) {
            throw UnreadableImageError("cannot decode image " + file + ": " + e.what(), file);
        }
    }
    if (header.format == ImageFormat::Gif) {
        try {
            return gifPixels(decodeGif(bytes));
        } catch (const std::runtime_error &e) {
            throw UnreadableImageError("cannot decode image " + file + ": " + e.what(), file);
        }
    }
    // A photo cut short in a copy or a download is not trained on half grey.
    if (header.format == ImageFormat::Jpeg && !jpegHasItsEnd(bytes))
        throw UnreadableImageError("cannot decode image " + file + ": the JPEG is cut short (it has no end marker)",
                                   file);
    // Only the formats the header reader knows reach OpenCV (see readImageHeader).
    if (!isImageFormat(header.format))
        throw UnreadableImageError("cannot decode image " + file + ": it "
                                       + (hasUnreadableImageExtension(file) ? std::string("is ") + kUnreadableFormat
                                                                            : notAnImageReason(header)),
                                   file);
    cv::Mat decoded;
    try {
        // ANYCOLOR keeps grey as one channel and drops alpha; ANYDEPTH keeps 16 bits. The EXIF
        // orientation is applied here rather than by OpenCV, by the reader that also gives the
        // size scan and the masks theirs (a TIFF's OpenCV applies anyway: orientationToApply).
        decoded = cv::imdecode(bytes, cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception &e) {
        throw UnreadableImageError("cannot decode image " + file + ": " + e.err, file);
    }
    if (decoded.empty())
        throw UnreadableImageError("cannot decode image " + file + " (corrupt or not an image)", file);
    applyExifOrientation(decoded, orientationToApply(header));
    return decoded;
}

cv::Mat decodeImage(const std::string &file, InputDtype dtype)
{
    return toRgb(decodeStoredImage(file), dtype, file);
}

ValueRange storedValueRange(const std::string &file)
{
    const cv::Mat samples = decodeStoredImage(file).reshape(1);
    const cv::Mat numbers = samples == samples; // NaN is not equal to itself
    ValueRange range;
    if (cv::countNonZero(numbers) > 0)
        cv::minMaxLoc(samples, &range.low, &range.high, nullptr, nullptr, numbers);
    return range;
}

cv::Size imageFileSize(const std::string &file)
{
    const ImageHeader header = readImageHeader(file);
    if (header.width > 0 && header.height > 0) {
        // One decodeImage refuses is not an image of the dataset, whatever its header says.
        std::error_code error;
        const auto bytes = std::filesystem::file_size(file, error);
        try {
            checkImageArea(header, error ? 0 : static_cast<std::size_t>(bytes));
        } catch (const std::runtime_error &) {
            return {};
        }
        return {header.width, header.height};
    }
    if (!isImageFormat(header.format))
        return {};
    try {
        return decodeImage(file, InputDtype::UInt8).size();
    } catch (const std::exception &) {
        return {};
    }
}

namespace {

// A mask among colour masks that holds class ids or 16-bit samples.
DatasetError notAColourMask(const std::string &file, bool palette, const cv::Mat &mask)
{
    const std::string what = palette                 ? "a palette PNG, whose pixels are class ids"
                             : mask.channels() < 3   ? "one channel of class ids"
                                                     : "16-bit colours";
    return DatasetError("mask " + file + " is " + what + ", but the other masks are 8-bit colour images: save all "
                            "masks in class colours or all as class ids",
                        file);
}

// A stored mask among colour masks as RGB; refused where it holds class ids or 16-bit samples.
cv::Mat colourPixels(const std::string &file, bool palette, const cv::Mat &stored)
{
    if (palette || stored.channels() < 3 || stored.depth() != CV_8U)
        throw notAColourMask(file, palette, stored);
    cv::Mat rgb;
    cv::cvtColor(stored, rgb, stored.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    return rgb;
}

// A mask file's pixels: a palette PNG's indices (`palette` set), a GIF's indices (read as a
// grey mask's values: Carvana's 0 and 1, DRIVE's 0 and 255 as Pillow gives them), else what
// OpenCV decodes (IMREAD_UNCHANGED). Before the orientation is applied, which `header` gives.
cv::Mat storedMask(const std::string &file, ImageHeader &header, bool &palette)
{
    std::vector<unsigned char> bytes = readFileBytes(file);
    header = imageHeaderOf(bytes);
    cv::Mat mask;
    try {
        checkImageArea(header, bytes.size());
        if (header.format == ImageFormat::Png)
            preparePngForDecoding(bytes);
        if (header.format == ImageFormat::Gif)
            mask = decodeGif(bytes).indices; // the values numpy.array(Image.open(mask)) gives
        else
            palette = decodePalettePng(bytes, mask);
    } catch (const std::runtime_error &e) {
        throw DatasetError("cannot decode mask " + file + ": " + e.what(), file);
    }
    if (palette || header.format == ImageFormat::Gif)
        return mask;
    if (!isImageFormat(header.format))
        throw DatasetError("mask " + file + " " + notAnImageReason(header), file);
    try {
        mask = cv::imdecode(bytes, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception &e) {
        throw DatasetError("cannot decode mask " + file + ": " + e.err, file);
    }
    if (mask.empty())
        throw DatasetError("cannot decode mask " + file + " (corrupt or not an image)", file);
    return mask;
}

} // namespace

cv::Mat decodeMask(const std::string &file, MaskEncoding encoding, const MaskColours *colours, MaskStorage *storage)
{
    CV_Assert(encoding != MaskEncoding::ColourTable || colours);
    ImageHeader header;
    bool palette = false;
    cv::Mat mask = storedMask(file, header, palette);
    MaskStorage stored = MaskStorage::ClassIds;
    if (encoding == MaskEncoding::ColourTable) {
        mask = colourPixels(file, palette, mask);
        stored = channelsEqual(mask) ? MaskStorage::EqualChannels : MaskStorage::Colours;
        mask = classIdsOfColours(mask, *colours, file);
    } else if (!palette) {
        mask = labelsOf(mask, encoding, colours, file, stored);
    }
    if (storage)
        *storage = stored;
    // A mask photographed or exported with an EXIF orientation is turned as its image is.
    applyExifOrientation(mask, orientationToApply(header));
    if (encoding == MaskEncoding::CityscapesLabelIds) {
        cv::Mat table(1, 256, CV_8U);
        for (int i = 0; i < 256; ++i)
            table.at<unsigned char>(i) = cityscapesTrainId(i);
        cv::LUT(mask, table, mask);
    } else if (encoding == MaskEncoding::BinaryOf255) {
        mask.setTo(1, mask == 255);
    } else if (encoding == MaskEncoding::BinaryThreshold) {
        const cv::Mat foreground = mask >= 128;
        mask.setTo(0);
        mask.setTo(1, foreground);
    }
    return mask;
}

cv::Mat decodeColourMask(const std::string &file)
{
    ImageHeader header;
    bool palette = false;
    const cv::Mat stored = storedMask(file, header, palette);
    cv::Mat rgb = colourPixels(file, palette, stored);
    applyExifOrientation(rgb, orientationToApply(header));
    return rgb;
}

} // namespace augstudio
