#include "testsupport/TestSupport.h"

#include <QFile>

#include "data/Dataset.h"
#include "search/SearchFolder.h"

#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QSettings>
#include <QTemporaryDir>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace testsupport {

static cv::Scalar classColour(int cls)
{
    static const cv::Scalar colours[] = {{40, 40, 220}, {40, 200, 40}, {220, 60, 40},
                                         {30, 200, 220}, {200, 40, 200}, {220, 220, 40}};
    return colours[cls % 6];
}

void makeImageFolderDataset(const std::string &root, int classes, int perClass, int size)
{
    std::mt19937 rng(1234);
    for (int c = 0; c < classes; ++c) {
        const fs::path dir = fs::path(root) / ("class_" + std::to_string(c));
        fs::create_directories(dir);
        for (int i = 0; i < perClass; ++i) {
            cv::Mat image(size, size, CV_8UC3, cv::Scalar::all(20 + rng() % 40));
            std::uniform_int_distribution<int> pos(size / 4, 3 * size / 4);
            const cv::Point centre(pos(rng), pos(rng));
            const int radius = size / 6 + c;
            if (c % 2 == 0)
                cv::circle(image, centre, radius, classColour(c), cv::FILLED);
            else
                cv::rectangle(image, centre - cv::Point(radius, radius), centre + cv::Point(radius, radius),
                              classColour(c), cv::FILLED);
            cv::imwrite((dir / ("img_" + std::to_string(i) + ".png")).string(), image);
        }
    }
}

augstudio::PreprocessingStep randomCropStep(int size)
{
    augstudio::PreprocessingStep step;
    step.name = "RandomCrop";
    step.args = {{"height", size}, {"width", size}};
    step.line = 3;
    return step;
}

void makeSegmentationPairs(const std::string &root, int count, int classes, int size)
{
    std::mt19937 rng(4321);
    fs::create_directories(fs::path(root) / "images");
    fs::create_directories(fs::path(root) / "masks");
    for (int i = 0; i < count; ++i) {
        cv::Mat image(size, size, CV_8UC3, cv::Scalar::all(30));
        cv::Mat mask(size, size, CV_8UC1, cv::Scalar(0));
        for (int shape = 0; shape < 3; ++shape) {
            const int cls = 1 + static_cast<int>(rng() % std::max(1, classes - 1));
            std::uniform_int_distribution<int> pos(0, size - 1);
            const cv::Point centre(pos(rng), pos(rng));
            const int radius = size / 8 + static_cast<int>(rng() % (size / 6 + 1));
            if (shape % 2 == 0) {
                cv::circle(image, centre, radius, classColour(cls), cv::FILLED);
                cv::circle(mask, centre, radius, cv::Scalar(cls), cv::FILLED);
            } else {
                const cv::Rect box(centre.x - radius, centre.y - radius / 2, 2 * radius, radius);
                cv::rectangle(image, box, classColour(cls), cv::FILLED);
                cv::rectangle(mask, box, cv::Scalar(cls), cv::FILLED);
            }
        }
        const std::string name = "sample_" + std::to_string(i);
        cv::imwrite((fs::path(root) / "images" / (name + ".png")).string(), image);
        cv::imwrite((fs::path(root) / "masks" / (name + ".png")).string(), mask);
    }
}

void useTestSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("AugStudio"));
    QCoreApplication::setApplicationName(QStringLiteral("AugStudio"));
    // A settings file of this test program's own: CTest runs several at once, and one that
    // clears the settings must not do so under another.
    static QTemporaryDir settings;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settings.path());
}

std::string fashionMnistDir()
{
    const fs::path dir = "/usr/share/datasets/fashion-mnist";
    return fs::exists(dir / "train-images-idx3-ubyte.gz") ? dir.string() : std::string();
}

// --- Dataset layouts written byte by byte ---

namespace {

std::uint32_t crc32Of(const unsigned char *data, size_t size, std::uint32_t crc = 0)
{
    static std::uint32_t table[256];
    static bool ready = false;
    if (!ready) {
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        ready = true;
    }
    crc = ~crc;
    for (size_t i = 0; i < size; ++i)
        crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

void putBigEndian32(std::vector<unsigned char> &out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<unsigned char>(value >> shift));
}

void putLittleEndian32(std::vector<unsigned char> &out, std::uint32_t value)
{
    for (int shift = 0; shift < 32; shift += 8)
        out.push_back(static_cast<unsigned char>(value >> shift));
}

// Raw deflate data made of stored blocks.
std::vector<unsigned char> deflateStored(const std::vector<unsigned char> &bytes)
{
    std::vector<unsigned char> out;
    size_t pos = 0;
    do {
        const size_t length = std::min<size_t>(65535, bytes.size() - pos);
        const bool last = pos + length == bytes.size();
        out.push_back(last ? 1 : 0);
        out.push_back(static_cast<unsigned char>(length & 0xff));
        out.push_back(static_cast<unsigned char>(length >> 8));
        out.push_back(static_cast<unsigned char>(~length & 0xff));
        out.push_back(static_cast<unsigned char>((~length >> 8) & 0xff));
        out.insert(out.end(), bytes.begin() + static_cast<std::ptrdiff_t>(pos),
                   bytes.begin() + static_cast<std::ptrdiff_t>(pos + length));
        pos += length;
    } while (pos < bytes.size());
    return out;
}

std::vector<unsigned char> zlibStored(const std::vector<unsigned char> &bytes)
{
    std::vector<unsigned char> out = {0x78, 0x01};
    const std::vector<unsigned char> blocks = deflateStored(bytes);
    out.insert(out.end(), blocks.begin(), blocks.end());
    std::uint32_t a = 1, b = 0;
    for (unsigned char byte : bytes) {
        a = (a + byte) % 65521;
        b = (b + a) % 65521;
    }
    putBigEndian32(out, (b << 16) | a);
    return out;
}

void writeBytes(const std::string &path, const std::vector<unsigned char> &bytes)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

void putPngChunk(std::vector<unsigned char> &png, const char *type, const std::vector<unsigned char> &data)
{
    putBigEndian32(png, static_cast<std::uint32_t>(data.size()));
    std::vector<unsigned char> body(type, type + 4);
    body.insert(body.end(), data.begin(), data.end());
    png.insert(png.end(), body.begin(), body.end());
    putBigEndian32(png, crc32Of(body.data(), body.size()));
}

} // namespace

std::vector<unsigned char> gzipStored(const std::vector<unsigned char> &bytes)
{
    std::vector<unsigned char> out = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255};
    const std::vector<unsigned char> blocks = deflateStored(bytes);
    out.insert(out.end(), blocks.begin(), blocks.end());
    putLittleEndian32(out, crc32Of(bytes.data(), bytes.size()));
    putLittleEndian32(out, static_cast<std::uint32_t>(bytes.size()));
    return out;
}

void writeIdxFile(const std::string &path, const std::vector<unsigned> &dims, const std::vector<unsigned char> &data,
                  bool gzip)
{
    std::vector<unsigned char> bytes;
    putBigEndian32(bytes, 0x0800u | static_cast<std::uint32_t>(dims.size()));
    for (unsigned dim : dims)
        putBigEndian32(bytes, dim);
    bytes.insert(bytes.end(), data.begin(), data.end());
    writeBytes(path, gzip ? gzipStored(bytes) : bytes);
}

unsigned char idxPixel(int i, int y, int x)
{
    return static_cast<unsigned char>((i * 37 + y * 11 + x * 3) % 256);
}

int idxLabel(int i, int classes)
{
    return (i * 7) % classes;
}

void makeIdxDataset(const std::string &dir, const std::string &prefix, int count, int rows, int cols, int classes,
                    bool gzip)
{
    std::vector<unsigned char> pixels, labels;
    for (int i = 0; i < count; ++i) {
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x)
                pixels.push_back(idxPixel(i, y, x));
        labels.push_back(static_cast<unsigned char>(idxLabel(i, classes)));
    }
    const std::string suffix = gzip ? ".gz" : "";
    writeIdxFile(dir + "/" + prefix + "-images-idx3-ubyte" + suffix,
                 {unsigned(count), unsigned(rows), unsigned(cols)}, pixels, gzip);
    writeIdxFile(dir + "/" + prefix + "-labels-idx1-ubyte" + suffix, {unsigned(count)}, labels, gzip);
}

void writePalettePng(const std::string &path, const cv::Mat &indices, const std::vector<cv::Vec3b> &palette,
                     int bitDepth, bool interlaced)
{
    struct Pass { int x0, y0, dx, dy; };
    const std::vector<Pass> passes = interlaced
        ? std::vector<Pass>{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2},
                            {0, 1, 1, 2}}
        : std::vector<Pass>{{0, 0, 1, 1}};
    std::vector<unsigned char> raw;
    for (const Pass &pass : passes) {
        for (int y = pass.y0; y < indices.rows; y += pass.dy) {
            std::vector<unsigned char> row(1, 0); // filter 0
            int bits = 0;
            for (int x = pass.x0; x < indices.cols; x += pass.dx) {
                if (bits % 8 == 0)
                    row.push_back(0);
                const int shift = 8 - bitDepth - bits % 8;
                row.back() = static_cast<unsigned char>(row.back() | (indices.at<unsigned char>(y, x) << shift));
                bits += bitDepth;
            }
            if (row.size() > 1)
                raw.insert(raw.end(), row.begin(), row.end());
        }
    }
    std::vector<unsigned char> png = {137, 80, 78, 71, 13, 10, 26, 10};
    std::vector<unsigned char> header;
    putBigEndian32(header, static_cast<std::uint32_t>(indices.cols));
    putBigEndian32(header, static_cast<std::uint32_t>(indices.rows));
    header.insert(header.end(), {static_cast<unsigned char>(bitDepth), 3, 0, 0,
                                 static_cast<unsigned char>(interlaced ? 1 : 0)});
    putPngChunk(png, "IHDR", header);
    std::vector<unsigned char> plte;
    for (const cv::Vec3b &colour : palette)
        plte.insert(plte.end(), {colour[0], colour[1], colour[2]});
    putPngChunk(png, "PLTE", plte);
    putPngChunk(png, "IDAT", zlibStored(raw));
    putPngChunk(png, "IEND", {});
    writeBytes(path, png);
}

cv::Vec3b vocColour(int index)
{
    unsigned char rgb[3] = {0, 0, 0};
    int c = index;
    for (int j = 0; j < 8; ++j) {
        for (int channel = 0; channel < 3; ++channel)
            rgb[channel] = static_cast<unsigned char>(rgb[channel] | (((c >> channel) & 1) << (7 - j)));
        c >>= 3;
    }
    return cv::Vec3b(rgb[0], rgb[1], rgb[2]);
}

cv::Mat vocMask(int i, int size)
{
    cv::Mat mask(size, size, CV_8UC1, cv::Scalar(0));
    const int a = 1 + i % 20, b = 1 + (i * 7 + 3) % 20;
    const cv::Rect first(1, 1, size / 2, size / 2), second(size / 2, size / 3, size / 2 - 2, size / 2);
    mask(first).setTo(a);
    cv::rectangle(mask, first, cv::Scalar(255), 1);
    mask(second).setTo(b);
    cv::rectangle(mask, second, cv::Scalar(255), 1);
    return mask;
}

void makeVocDataset(const std::string &root, int count, int size, bool splitFile, int listed)
{
    std::vector<cv::Vec3b> palette;
    for (int i = 0; i < 256; ++i)
        palette.push_back(vocColour(i));
    fs::create_directories(fs::path(root) / "JPEGImages");
    std::string list;
    for (int i = 0; i < count; ++i) {
        const std::string name = "2007_00000" + std::to_string(i);
        const cv::Mat mask = vocMask(i, size);
        cv::Mat image(size, size, CV_8UC3);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                const cv::Vec3b colour = vocColour(mask.at<unsigned char>(y, x));
                image.at<cv::Vec3b>(y, x) = cv::Vec3b(colour[2], colour[1], colour[0]);
            }
        cv::imwrite((fs::path(root) / "JPEGImages" / (name + ".jpg")).string(), image);
        writePalettePng((fs::path(root) / "SegmentationClass" / (name + ".png")).string(), mask, palette);
        if (i < listed)
            list += name + "\n";
    }
    if (splitFile) {
        fs::create_directories(fs::path(root) / "ImageSets" / "Segmentation");
        std::ofstream(fs::path(root) / "ImageSets" / "Segmentation" / "train.txt") << list;
    }
}

void makeCityscapesDataset(const std::string &root, const std::string &split, const std::vector<std::string> &cities,
                           int perCity, int width, int height, const std::vector<int> &labelIds)
{
    for (const std::string &city : cities) {
        const fs::path images = fs::path(root) / "leftImg8bit" / split / city;
        const fs::path masks = fs::path(root) / "gtFine" / split / city;
        fs::create_directories(images);
        fs::create_directories(masks);
        for (int i = 0; i < perCity; ++i) {
            const std::string stem = city + "_000000_00000" + std::to_string(i);
            cv::Mat image(height, width, CV_8UC3, cv::Scalar(60 + i * 20, 90, 120));
            cv::Mat mask(height, width, CV_8UC1);
            for (int x = 0; x < width; ++x)
                mask.col(x).setTo(labelIds[static_cast<size_t>(x) % labelIds.size()]);
            cv::imwrite((images / (stem + "_leftImg8bit.png")).string(), image);
            cv::imwrite((masks / (stem + "_gtFine_labelIds.png")).string(), mask);
        }
    }
}

void writeGarbage(const std::string &path, int size)
{
    std::vector<unsigned char> bytes;
    for (int i = 0; i < size; ++i)
        bytes.push_back(static_cast<unsigned char>((i * 131 + 7) % 251));
    writeBytes(path, bytes);
}

void writeTextFile(const fs::path &path, const std::string &text)
{
    writeBytes(path.string(), std::vector<unsigned char>(text.begin(), text.end()));
}

void writeNoiseImage(const fs::path &path)
{
    fs::create_directories(path.parent_path());
    cv::Mat pixels(16, 16, CV_8UC3);
    cv::randu(pixels, 0, 255);
    if (!cv::imwrite(path.string(), pixels))
        qFatal("cannot write the test image %s", path.c_str());
}

namespace {

std::vector<unsigned char> bytesOf(std::initializer_list<int> values)
{
    std::vector<unsigned char> bytes;
    for (int v : values)
        bytes.push_back(static_cast<unsigned char>(v));
    return bytes;
}

void append(std::vector<unsigned char> &to, const std::vector<unsigned char> &bytes)
{
    to.insert(to.end(), bytes.begin(), bytes.end());
}

// JPEG marker segment: FF <marker>, big-endian length (payload + 2), payload.
void appendSegment(std::vector<unsigned char> &to, int marker, const std::vector<unsigned char> &payload)
{
    const std::size_t length = payload.size() + 2;
    append(to, bytesOf({0xFF, marker, int(length >> 8), int(length & 0xFF)}));
    append(to, payload);
}

} // namespace

void writeJpegWithOrientation(const std::string &path, const cv::Mat &bgr, int orientation)
{
    std::vector<unsigned char> encoded;
    cv::imencode(".jpg", bgr, encoded, {cv::IMWRITE_JPEG_QUALITY, 95});
    // "Exif\0\0", then TIFF: little-endian header, IFD0 at offset 8 with one entry,
    // Orientation (0x0112) SHORT count 1, and no next IFD.
    std::vector<unsigned char> exif = bytesOf({'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0,
                                               0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0});
    std::vector<unsigned char> file(encoded.begin(), encoded.begin() + 2); // SOI
    appendSegment(file, 0xE1, exif);
    file.insert(file.end(), encoded.begin() + 2, encoded.end());
    fs::create_directories(fs::path(path).parent_path());
    writeBytes(path, file);
}

void writePngWithOrientation(const std::string &path, const cv::Mat &image, int orientation)
{
    std::vector<unsigned char> encoded;
    cv::imencode(".png", image, encoded);
    // the TIFF block of writeJpegWithOrientation, without the "Exif\0\0" prefix
    std::vector<unsigned char> chunk = bytesOf({0, 0, 0, 26, 'e', 'X', 'I', 'f', 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12,
                                                0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0});
    const std::uint32_t crc = crc32Of(chunk.data() + 4, chunk.size() - 4);
    append(chunk, bytesOf({int(crc >> 24), int((crc >> 16) & 0xFF), int((crc >> 8) & 0xFF), int(crc & 0xFF)}));
    std::vector<unsigned char> file(encoded.begin(), encoded.begin() + 33); // signature and IHDR
    append(file, chunk);
    file.insert(file.end(), encoded.begin() + 33, encoded.end());
    fs::create_directories(fs::path(path).parent_path());
    writeBytes(path, file);
}

void writeCmykJpeg(const std::string &path, int width, int height, const cv::Vec4b &cmyk)
{
    std::vector<unsigned char> file = bytesOf({0xFF, 0xD8});
    appendSegment(file, 0xEE, bytesOf({'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0})); // transform 0: CMYK
    std::vector<unsigned char> quant(1, 0);
    quant.resize(65, 8); // q = 8 everywhere: a flat block of value v has the DC coefficient v - 128
    appendSegment(file, 0xDB, quant);
    std::vector<unsigned char> frame = bytesOf({8, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 4});
    for (int c = 1; c <= 4; ++c)
        append(frame, bytesOf({c, 0x11, 0}));
    appendSegment(file, 0xC0, frame);
    // DC table 0: the categories 0..11 as 4-bit codes 0..11. AC table 0: only EOB, code "0".
    std::vector<unsigned char> dc = bytesOf({0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    for (int s = 0; s < 12; ++s)
        dc.push_back(static_cast<unsigned char>(s));
    appendSegment(file, 0xC4, dc);
    appendSegment(file, 0xC4, bytesOf({0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00}));
    appendSegment(file, 0xDA, bytesOf({4, 1, 0x00, 2, 0x00, 3, 0x00, 4, 0x00, 0, 63, 0}));

    std::vector<unsigned char> scan;
    int buffer = 0, filled = 0;
    auto put = [&](int value, int bits) {
        for (int b = bits - 1; b >= 0; --b) {
            buffer = (buffer << 1) | ((value >> b) & 1);
            if (++filled == 8) {
                scan.push_back(static_cast<unsigned char>(buffer));
                if (buffer == 0xFF)
                    scan.push_back(0); // byte stuffing
                buffer = filled = 0;
            }
        }
    };
    int previous[4] = {0, 0, 0, 0};
    for (int mcu = 0; mcu < (width / 8) * (height / 8); ++mcu) {
        for (int c = 0; c < 4; ++c) {
            const int coefficient = int(cmyk[c]) - 128;
            const int diff = coefficient - previous[c];
            previous[c] = coefficient;
            int category = 0;
            while ((std::abs(diff) >> category) != 0)
                ++category;
            put(category, 4);
            if (category > 0)
                put(diff >= 0 ? diff : diff + (1 << category) - 1, category);
            put(0, 1); // EOB: every AC coefficient is zero
        }
    }
    if (filled > 0)
        put(0xFF, 8 - filled); // pad with ones
    append(file, scan);
    append(file, bytesOf({0xFF, 0xD9}));
    fs::create_directories(fs::path(path).parent_path());
    writeBytes(path, file);
}

void makePhotoFolder(const std::string &root, int perClass)
{
    std::mt19937 rng(2468);
    std::uniform_int_distribution<int> side(61, 294);
    std::uniform_real_distribution<double> aspect(0.6, 1.5); // height / width, as photos go
    for (int c = 0; c < 2; ++c) {
        const fs::path dir = fs::path(root) / (c == 0 ? "cats" : "dogs");
        fs::create_directories(dir);
        for (int i = 0; i < perClass; ++i) {
            const int width = side(rng);
            const int height = std::clamp(int(width * aspect(rng)), 61, 294);
            cv::Mat image(height, width, CV_8UC3);
            cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
            cv::GaussianBlur(image, image, cv::Size(0, 0), 3.0);
            cv::circle(image, {width / 2, height / 2}, std::min(width, height) / 3, classColour(c), cv::FILLED);
            const std::string name = "photo_" + std::to_string(i) + (i % 2 == 0 ? ".jpg" : ".png");
            cv::imwrite((dir / name).string(), image);
        }
    }
}

void makeImagesAsTheyCome(const std::string &root)
{
    const fs::path a = fs::path(root) / "a", b = fs::path(root) / "b";
    fs::create_directories(a);
    fs::create_directories(b);
    for (int c = 0; c < 2; ++c) {
        const fs::path dir = c == 0 ? a : b;
        const cv::Scalar colour = classColour(c);
        auto picture = [&](int width, int height) {
            cv::Mat image(height, width, CV_8UC3, cv::Scalar::all(90));
            cv::rectangle(image, {width / 4, height / 4}, {3 * width / 4, 3 * height / 4}, colour, cv::FILLED);
            return image;
        };
        for (int i = 0; i < 4; ++i) { // plain colour JPEGs and PNGs
            cv::imwrite((dir / ("plain_" + std::to_string(i) + ".jpg")).string(), picture(40 + 20 * i, 60 + 10 * i));
            cv::imwrite((dir / ("plain_" + std::to_string(i) + ".png")).string(), picture(70 + 10 * i, 50 + 10 * i));
        }
        writeJpegWithOrientation((dir / "phone.jpg").string(), picture(120, 80), 6);
        cv::Mat rgba;
        cv::cvtColor(picture(64, 64), rgba, cv::COLOR_BGR2BGRA);
        rgba(cv::Rect(0, 0, 32, 64)).setTo(cv::Scalar(0, 0, 0, 0)); // half transparent
        cv::imwrite((dir / "transparent.png").string(), rgba);
        cv::Mat deep;
        picture(72, 56).convertTo(deep, CV_16UC3, 257.0);
        cv::imwrite((dir / "deep.png").string(), deep);
        cv::imwrite((dir / "scan.tif").string(), deep);
        cv::Mat grey;
        cv::cvtColor(picture(48, 48), grey, cv::COLOR_BGR2GRAY);
        cv::imwrite((dir / "grey.png").string(), grey);
        cv::imwrite((dir / "grey.jpg").string(), grey);
        writeCmykJpeg((dir / "print.jpg").string(), 64, 48, cv::Vec4b(c == 0 ? 0 : 255, 255, c == 0 ? 255 : 0, 255));
    }
    writeBytes((b / "empty.jpg").string(), {});
    const std::string html = "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head></html>\n";
    writeBytes((b / "page.jpg").string(), std::vector<unsigned char>(html.begin(), html.end()));
}

QMap<QString, QString> figuresOf(const QString &out)
{
    QMap<QString, QString> figures;
    for (const QString &line : out.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList parts = line.split(QLatin1Char(' '));
        if (parts.size() != 2)
            return {};
        figures.insert(parts[0], parts[1]);
    }
    return figures;
}

ProgramRun runProgram(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.start(program, arguments);
    ProgramRun result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

bool catchesSignal(qint64 pid, int signal)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("SigCgt:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (signal - 1)) & 1U;
    return false;
}

QStringList tinySearchArguments(const QString &dataset, const QString &output, int epochs, int seed, int batchSize,
                                int stepsPerEpoch)
{
    return {QStringLiteral("search"), QStringLiteral("--dataset"), dataset, QStringLiteral("--output"), output,
            QStringLiteral("--epochs"), QString::number(epochs), QStringLiteral("--seed"), QString::number(seed),
            QStringLiteral("--set"), QStringLiteral("data.dataloader.batch_size=%1").arg(batchSize),
            QStringLiteral("--set"), QStringLiteral("data.dataloader.num_workers=0"),
            QStringLiteral("--set"), QStringLiteral("policy_model.num_sub_policies=2"),
            QStringLiteral("--set"), QStringLiteral("policy_model.operation_count=1"),
            QStringLiteral("--set"), QStringLiteral("policy_model.num_chunks=2"),
            QStringLiteral("--steps-per-epoch"), QString::number(stepsPerEpoch)};
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string datasetErrorOf(const std::function<void()> &run)
{
    try {
        run();
    } catch (const augstudio::DatasetError &error) {
        return error.what();
    }
    return {};
}

std::unique_ptr<augstudio::Dataset> openClassification(const std::string &root,
                                                       std::vector<augstudio::DatasetProblem> &problems,
                                                       const std::string &split, int limit)
{
    augstudio::DataConfig config;
    config.dataset.root = root;
    config.dataset.split = split;
    config.dataset.limit = limit;
    return augstudio::openDataset(config, augstudio::Task::Classification, 0, problems);
}

std::string classificationOpenError(const std::string &root, const std::string &split)
{
    return datasetErrorOf([&] {
        std::vector<augstudio::DatasetProblem> problems;
        openClassification(root, problems, split);
    });
}

QList<QStringList> parseCsv(const QByteArray &text)
{
    const QString csv = QString::fromUtf8(text);
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const QChar c = csv[i];
        if (quoted) {
            if (c != QLatin1Char('"'))
                field += c;
            else if (i + 1 < csv.size() && csv[i + 1] == QLatin1Char('"'))
                field += csv[++i];
            else
                quoted = false;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            records << (record << field);
            record.clear();
            field.clear();
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        records << (record << field);
    return records;
}

QString SearchFiles::policy(int epoch) const
{
    return QString::fromStdString(augstudio::SearchFolder(dir.toStdString()).policyFile(epoch));
}

SearchFiles searchFiles(const QString &dir)
{
    const augstudio::SearchFolder folder(dir.toStdString());
    SearchFiles files;
    files.dir = dir;
    files.config = QString::fromStdString(folder.configFile());
    files.metrics = QString::fromStdString(folder.metricsFile());
    files.latestPolicy = QString::fromStdString(folder.latestPolicyFile());
    files.checkpoint = QString::fromStdString(folder.checkpointFile());
    return files;
}

bool memoryLimitsCanBeTested()
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
    return false;
#else
    return true;
#endif
#else
    return true;
#endif
}

int exitCodeUnderMemoryLimit(std::uint64_t extraBytes, const std::function<int()> &body)
{
    const pid_t child = ::fork();
    if (child == 0) {
        unsigned long pages = 0;
        if (std::FILE *statm = std::fopen("/proc/self/statm", "r")) {
            if (std::fscanf(statm, "%lu", &pages) != 1)
                pages = 0;
            std::fclose(statm);
        }
        const rlim_t limit = rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + rlim_t(extraBytes);
        const rlimit memory{limit, limit};
        ::setrlimit(RLIMIT_AS, &memory);
        int code = 2;
        try {
            code = body();
        } catch (...) {
            code = 2;
        }
        ::_exit(code);
    }
    if (child < 0)
        return -2;
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

} // namespace testsupport
