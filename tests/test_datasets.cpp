#include "data/Dataset.h"
#include "data/DatasetInspector.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/ImageHeader.h"
#include "data/PngChunks.h"
#include "data/ShapesDataset.h"
#include "testsupport/CLocale.h"
#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <array>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>

using namespace augstudio;
namespace fs = std::filesystem;
using testsupport::contains;

namespace {

// A JPEG's baseline frame header marker (SOF0).
const std::array<unsigned char, 2> kSof0 = {0xFF, 0xC0};

std::string pathIn(const QTemporaryDir &dir, const std::string &relative = {})
{
    const std::string root = dir.path().toStdString();
    return relative.empty() ? root : root + "/" + relative;
}

DataConfig configFor(const std::string &root, const std::string &layout = "auto")
{
    DataConfig config;
    config.dataset.root = root;
    config.dataset.layout = layout;
    return config;
}

std::unique_ptr<Dataset> open(const DataConfig &config, Task task, int numClasses = 0)
{
    std::vector<DatasetProblem> problems;
    return openDataset(config, task, numClasses, problems);
}

// The message of the DatasetError that `action` throws ("" when none).
template <typename Action>
std::string datasetErrorOf(Action action)
{
    try {
        action();
    } catch (const DatasetError &e) {
        return e.what();
    }
    return {};
}

// A gzip file (zlib's deflate at its best compression) of an IDX image header announcing
// `dims` followed by `zeros` zero bytes, compressed piece by piece: 64 MiB of zeros take
// 64 KiB of file and no more memory than a piece.
void writeGzippedIdxHeader(const std::string &path, const std::array<std::uint32_t, 3> &dims, std::size_t zeros)
{
    std::vector<unsigned char> header = {0, 0, 8, 3};
    for (const std::uint32_t dim : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            header.push_back(static_cast<unsigned char>(dim >> shift));
    z_stream stream{};
    QCOMPARE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY), Z_OK);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    std::vector<unsigned char> piece(1 << 20), compressed(1 << 16);
    const auto deflatePiece = [&](unsigned char *data, std::size_t size, int flush) {
        stream.next_in = data;
        stream.avail_in = static_cast<uInt>(size);
        do {
            stream.next_out = compressed.data();
            stream.avail_out = static_cast<uInt>(compressed.size());
            deflate(&stream, flush);
            out.write(reinterpret_cast<const char *>(compressed.data()),
                      std::streamsize(compressed.size() - stream.avail_out));
        } while (stream.avail_out == 0);
    };
    deflatePiece(header.data(), header.size(), Z_NO_FLUSH);
    for (std::size_t done = 0; done < zeros; done += piece.size())
        deflatePiece(piece.data(), std::min(piece.size(), zeros - done), Z_NO_FLUSH);
    deflatePiece(nullptr, 0, Z_FINISH);
    deflateEnd(&stream);
}

bool anyProblemMentions(const std::vector<DatasetProblem> &problems, const std::string &part)
{
    for (const DatasetProblem &problem : problems) {
        if (contains(problem.message, part))
            return true;
    }
    return false;
}

void writeColourImage(const std::string &path, cv::Size size, const cv::Scalar &bgr)
{
    fs::create_directories(fs::path(path).parent_path());
    QVERIFY(cv::imwrite(path, cv::Mat(size, CV_8UC3, bgr)));
}

// `bytes` as the file `name` in `dir`; its path.
std::string writeBytes(const QTemporaryDir &dir, const std::string &name, const std::vector<unsigned char> &bytes)
{
    const std::string path = pathIn(dir) + "/" + name;
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
    return path;
}

// A rows × cols image of noise encoded as `extension` (".png", ".jpg"); empty if it could not be.
std::vector<unsigned char> encodedNoise(const char *extension, int rows, int cols)
{
    cv::Mat noise(rows, cols, CV_8UC3);
    cv::randu(noise, 0, 255);
    std::vector<unsigned char> bytes;
    return cv::imencode(extension, noise, bytes) ? bytes : std::vector<unsigned char>{};
}

// Why decodeImage refuses the file at `path`, or "decoded".
std::string refusal(const std::string &path)
{
    try {
        decodeImage(path, InputDtype::UInt8);
    } catch (const UnreadableImageError &error) {
        return error.what();
    }
    return "decoded";
}

cv::Vec3b rgbAt(const cv::Mat &image, int y, int x)
{
    return image.at<cv::Vec3b>(y, x);
}

// The PNG signature and an IHDR chunk of colour type `colourType`, and nothing after: all
// that the channel probe reads.
void writePngHeader(const std::string &path, unsigned char colourType)
{
    fs::create_directories(fs::path(path).parent_path());
    const unsigned char bytes[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                   0, 0, 0, 4, 0, 0, 0, 4, 8, colourType, 0, 0, 0};
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char *>(bytes), sizeof bytes);
}

void writeGreyImage(const std::string &path, cv::Size size, int value)
{
    fs::create_directories(fs::path(path).parent_path());
    QVERIFY(cv::imwrite(path, cv::Mat(size, CV_8UC1, cv::Scalar(value))));
}

// How handWrittenTiff lays a TIFF out.
struct TiffLayout
{
    int orientation = 0; // the Orientation tag (274); 0: none
    bool bigEndian = false; // "MM", else "II"
    bool bigTiff = false;   // 8-byte offsets and counts, 20-byte entries ("II+\0")
};

// `image` (8- or 16-bit, or float; 1 or 3 channels, BGR as OpenCV holds it) as an
// uncompressed one-strip TIFF written byte by byte: OpenCV writes neither an Orientation tag
// nor a BigTIFF. IFD0 comes after the pixels; arrays that do not fit an entry come after it.
std::vector<unsigned char> handWrittenTiff(const cv::Mat &image, const TiffLayout &layout)
{
    const bool little = !layout.bigEndian;
    const std::size_t offsetBytes = layout.bigTiff ? 8 : 4, countBytes = layout.bigTiff ? 8 : 2;
    const std::size_t entryBytes = layout.bigTiff ? 20 : 12, headerBytes = layout.bigTiff ? 16 : 8;
    std::vector<unsigned char> out;
    const auto put = [&](std::uint64_t value, std::size_t bytes) {
        for (std::size_t i = 0; i < bytes; ++i)
            out.push_back(static_cast<unsigned char>(value >> (8 * (little ? i : bytes - 1 - i))));
    };
    cv::Mat rgb; // a new Mat: converting into one that shares `image` would turn `image` too
    if (image.channels() == 3)
        cv::cvtColor(image, rgb, cv::COLOR_BGR2RGB);
    else
        rgb = image;
    const std::size_t sampleBytes = rgb.elemSize1(), spp = std::size_t(rgb.channels());
    const std::size_t pixelBytes = rgb.total() * rgb.elemSize();
    const int sampleFormat = rgb.depth() == CV_32F ? 3 : 1;
    const std::uint16_t longType = layout.bigTiff ? 16 : 4; // LONG8 in a BigTIFF
    struct Entry
    {
        std::uint16_t tag, type;
        std::vector<std::uint64_t> values;
    };
    std::vector<Entry> entries = {
        {256, longType, {std::uint64_t(rgb.cols)}},
        {257, longType, {std::uint64_t(rgb.rows)}},
        {258, 3, std::vector<std::uint64_t>(spp, sampleBytes * 8)},
        {259, 3, {1}},                  // no compression
        {262, 3, {spp == 3 ? 2u : 1u}}, // RGB, or grey with 0 black
        {273, longType, {headerBytes}}, // the strip: right after the header
        {277, 3, {spp}},
        {278, longType, {std::uint64_t(rgb.rows)}},
        {279, longType, {pixelBytes}},
        {284, 3, {1}}, // samples interleaved
        {339, 3, std::vector<std::uint64_t>(spp, std::uint64_t(sampleFormat))},
    };
    if (layout.orientation > 0)
        entries.insert(entries.begin() + 6, Entry{274, 3, {std::uint64_t(layout.orientation)}});
    const auto typeBytes = [](std::uint16_t type) -> std::size_t { return type == 3 ? 2 : type == 4 ? 4 : 8; };

    const unsigned char order = little ? 'I' : 'M';
    out.insert(out.end(), {order, order});
    put(layout.bigTiff ? 43 : 42, 2);
    if (layout.bigTiff) {
        put(8, 2);
        put(0, 2);
    }
    const std::size_t ifd = headerBytes + pixelBytes;
    put(ifd, offsetBytes);
    for (int y = 0; y < rgb.rows; ++y) {
        const unsigned char *row = rgb.ptr<unsigned char>(y);
        for (std::size_t i = 0; i < std::size_t(rgb.cols) * spp; ++i) {
            std::uint64_t sample = 0;
            if (sampleBytes == 1)
                sample = row[i];
            else if (sampleBytes == 2)
                sample = reinterpret_cast<const std::uint16_t *>(row)[i];
            else
                sample = reinterpret_cast<const std::uint32_t *>(row)[i]; // a float's bits
            put(sample, sampleBytes);
        }
    }
    std::size_t extra = ifd + countBytes + entries.size() * entryBytes + offsetBytes;
    put(entries.size(), countBytes);
    for (const Entry &entry : entries) {
        put(entry.tag, 2);
        put(entry.type, 2);
        put(entry.values.size(), offsetBytes);
        const std::size_t bytes = entry.values.size() * typeBytes(entry.type);
        if (bytes <= offsetBytes) {
            for (const std::uint64_t value : entry.values)
                put(value, typeBytes(entry.type));
            put(0, offsetBytes - bytes);
        } else {
            put(extra, offsetBytes);
            extra += bytes;
        }
    }
    put(0, offsetBytes); // no further IFD
    for (const Entry &entry : entries)
        if (entry.values.size() * typeBytes(entry.type) > offsetBytes)
            for (const std::uint64_t value : entry.values)
                put(value, typeBytes(entry.type));
    return out;
}

// A 40 × 20 picture (BGR), blue with a red 10 × 10 corner at the top left as stored.
cv::Mat redCorneredPicture()
{
    cv::Mat stored(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
    stored(cv::Rect(0, 0, 10, 10)).setTo(cv::Scalar(0, 0, 255));
    return stored;
}

// Where each orientation shows the stored top-left corner: (at the right?, at the bottom?).
const std::map<int, std::pair<bool, bool>> &shownCorner()
{
    static const std::map<int, std::pair<bool, bool>> corner = {
        {1, {false, false}}, {2, {true, false}}, {3, {true, true}},  {4, {false, true}},
        {5, {false, false}}, {6, {true, false}}, {7, {true, true}}, {8, {false, true}}};
    return corner;
}

} // namespace

class TestDatasets : public QObject
{
    Q_OBJECT

private slots:
    void layoutNames()
    {
        for (DatasetLayout layout : {DatasetLayout::ImageFolder, DatasetLayout::Idx, DatasetLayout::SegmentationPairs,
                                     DatasetLayout::Voc, DatasetLayout::Cityscapes, DatasetLayout::CsvLabels})
            QCOMPARE(layoutFromString(toString(layout)), std::optional<DatasetLayout>(layout));
        QCOMPARE(taskOf(DatasetLayout::CsvLabels), Task::Classification);
        QCOMPARE(std::string(toString(DatasetLayout::SegmentationPairs)), std::string("segmentation_pairs"));
        QVERIFY(!layoutFromString("auto"));
        QVERIFY(!layoutFromString("coco"));
    }

    void extensionsAreKnownInEveryLocale()
    {
        // Under tr_TR the C library's lower case of 'I' is not 'i': camera files (.TIF, .JFIF)
        // were left out of the dataset unsaid.
        const testsupport::ScopedCLocale turkish(LC_CTYPE, QStringLiteral("tr_TR"));
        if (!turkish.isActive())
            QSKIP("localedef cannot make a Turkish locale here");
        for (const char *name : {"IMG_1.TIF", "IMG_2.TIFF", "IMG_3.JFIF", "IMG_4.JPG"})
            QVERIFY2(hasImageExtension(name), name);
        QVERIFY(!hasImageExtension("NOTES.TXT"));
    }

    void imageFolderClassesNestingAndExtensions()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // classes are sorted by name (byte order), whatever order they are created in
        writeColourImage(root + "/zebra/z1.png", {8, 6}, {0, 0, 255});          // pure red in RGB
        writeColourImage(root + "/mango/a.JPG", {8, 6}, {0, 255, 0});
        writeColourImage(root + "/mango/deep/er/b.PnG", {8, 6}, {255, 0, 0});
        writeColourImage(root + "/mango/deep/c.tiff", {8, 6}, {255, 0, 0});
        writeColourImage(root + "/Apple/x.bmp", {8, 6}, {10, 20, 30});
        writeColourImage(root + "/Apple/y.webp", {8, 6}, {10, 20, 30});
        std::ofstream(root + "/Apple/notes.txt") << "not an image";
        writeColourImage(root + "/.hidden/h.png", {8, 6}, {1, 2, 3});
        // a zip made on macOS: its __MACOSX folder is neither a class nor images, nor "._" files
        std::filesystem::create_directories(root + "/__MACOSX/mango");
        std::ofstream(root + "/__MACOSX/mango/._a.JPG") << "resource fork";
        std::ofstream(root + "/mango/._a.JPG") << "resource fork";
        // what a NAS or a disk adds: Synology's thumbnails inside a class, a recycle bin, lost+found
        writeColourImage(root + "/zebra/@eaDir/z1.png/SYNOPHOTO_THUMB_S.jpg", {8, 6}, {1, 2, 3});
        writeColourImage(root + "/$RECYCLE.BIN/old.png", {8, 6}, {1, 2, 3});
        std::filesystem::create_directories(root + "/lost+found");
        // a link from inside a class folder back to it must not make the walk spin
        fs::create_directory_symlink(fs::path(root) / "mango", fs::path(root) / "mango/deep/loop");

        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->layout(), DatasetLayout::ImageFolder);
        QCOMPARE(dataset->task(), Task::Classification);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"Apple", "mango", "zebra"}));
        QCOMPARE(dataset->numClasses(), 3);
        QCOMPARE(dataset->size(), size_t(6));
        std::map<int, int> perLabel;
        std::set<std::string> names;
        for (size_t i = 0; i < dataset->size(); ++i) {
            ++perLabel[dataset->label(i)];
            names.insert(fs::path(dataset->itemName(i)).filename().string());
        }
        QCOMPARE(perLabel[0], 2);
        QCOMPARE(perLabel[1], 3);
        QCOMPARE(perLabel[2], 1);
        QVERIFY(names.count("b.PnG") && names.count("c.tiff") && names.count("a.JPG") && names.count("y.webp"));
        QVERIFY(!names.count("notes.txt") && !names.count("h.png"));
        QVERIFY(anyProblemMentions(problems, "loop"));

        // the zebra image was written as BGR (0, 0, 255): the sample is RGB
        size_t zebra = 0;
        while (dataset->label(zebra) != 2)
            ++zebra;
        const Sample sample = dataset->load(zebra);
        QCOMPARE(sample.image.type(), CV_8UC3);
        QCOMPARE(sample.image.size(), cv::Size(8, 6));
        QCOMPARE(rgbAt(sample.image, 3, 4), cv::Vec3b(255, 0, 0));
        QCOMPARE(sample.label, 2);
        QVERIFY(sample.mask.empty());
    }

    void linksLeadingOutOfAClassAreNotFollowed()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir) + "/set";
        writeColourImage(pathIn(dir) + "/beside/other.png", {8, 6}, {1, 2, 3});
        for (const char *name : {"bird", "cat", "dog"})
            writeColourImage(root + "/" + name + "/" + name + ".png", {8, 6}, {10, 20, 30});
        writeColourImage(root + "/dog/dog2.png", {8, 6}, {10, 20, 30});
        fs::create_directory_symlink(root, root + "/cat/loop");          // the dataset's folder
        fs::create_directory_symlink(pathIn(dir), root + "/cat/up");     // above it
        fs::create_directory_symlink(root + "/dog", root + "/bird/dogs"); // another class's folder
        writeColourImage(root + "/loose.png", {8, 6}, {10, 20, 30});

        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        // each image read once, under its own class: bird 1, cat 1, dog 2
        std::map<int, int> perLabel;
        for (size_t i = 0; i < dataset->size(); ++i)
            ++perLabel[dataset->label(i)];
        QCOMPARE(dataset->size(), size_t(4));
        QCOMPARE(perLabel, (std::map<int, int>{{0, 1}, {1, 1}, {2, 2}}));
        const auto says = [&](const std::string &file, const std::string &words) {
            return std::any_of(problems.begin(), problems.end(), [&](const DatasetProblem &problem) {
                return problem.file == file && problem.message.find(words) != std::string::npos;
            });
        };
        QVERIFY(says(root + "/cat/loop", "the folder being read or one above it"));
        QVERIFY(says(root + "/cat/up", "the folder being read or one above it"));
        QVERIFY(says(root + "/bird/dogs", "a symbolic link to a folder read elsewhere"));
        QVERIFY(says(root, "1 image beside its class folders (loose.png)"));
    }

    void aClassFolderLinkedToAnotherClassIsLeftOut()
    {
        // dataset/cat -> dataset/dog read the dog images twice, as cat and as dog: label noise
        // the search learnt from, where a link inside a class to another's folder is left out.
        QTemporaryDir dir;
        const std::string root = pathIn(dir, "set");
        writeColourImage(root + "/bird/0.png", {8, 6}, {10, 20, 30});
        for (int i = 0; i < 2; ++i)
            writeColourImage(root + "/dog/" + std::to_string(i) + ".png", {8, 6}, {10, 20, 30});
        writeColourImage(pathIn(dir, "shared/0.png"), {8, 6}, {10, 20, 30});
        fs::create_directory_symlink(root + "/dog", root + "/cat");          // the real folder is the class
        fs::create_directory_symlink(pathIn(dir, "shared"), root + "/fox");  // two links to one folder:
        fs::create_directory_symlink(pathIn(dir, "shared"), root + "/hare"); // the first is the class
        fs::create_directory_symlink(root, root + "/all");                   // the dataset's folder

        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"bird", "dog", "fox"}));
        std::map<int, int> perLabel;
        for (size_t i = 0; i < dataset->size(); ++i)
            ++perLabel[dataset->label(i)];
        QCOMPARE(perLabel, (std::map<int, int>{{0, 1}, {1, 2}, {2, 1}}));
        const auto says = [&](const std::string &file, const std::string &words) {
            return std::any_of(problems.begin(), problems.end(), [&](const DatasetProblem &problem) {
                return problem.file == file && contains(problem.message, words);
            });
        };
        // Each named with the folder whose class its images are.
        QVERIFY(says(root + "/cat", "class folder " + root + "/cat is a symbolic link to "
                                        + fs::canonical(root + "/dog").string() + ", the folder of class folder "
                                        + root + "/dog: left out"));
        QVERIFY(says(root + "/hare", "the folder of class folder " + root + "/fox: left out"));
        QVERIFY(says(root + "/all", "class folder " + root + "/all is a symbolic link to the dataset's folder"));
    }

    void labelsFileWithItsImagesFoldersDown()
    {
        // data/train/images/<name>.png named by file name: found three folders down, where a
        // probe of two levels read the folder "data" as the only class.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        std::string csv = "image,label\n";
        for (int i = 0; i < 6; ++i) {
            writeColourImage(root + "/data/train/images/" + std::to_string(i) + ".png", {8, 6}, {10, 20, 30});
            csv += std::to_string(i) + ".png," + (i % 2 ? "cat" : "dog") + "\n";
        }
        std::ofstream(root + "/labels.csv") << csv;
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        QCOMPARE(open(configFor(root), Task::Classification)->size(), size_t(6));

        // Deeper than the probe goes: the one folder is no class, and the error says how to
        // read the labels file, which opens when asked for.
        fs::create_directories(root + "/data/train/images/a/b");
        fs::rename(root + "/data/train/images", root + "/deeper");
        fs::create_directories(root + "/data/train/images/a/b");
        fs::rename(root + "/deeper", root + "/data/train/images/a/b/c");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        std::vector<DatasetProblem> problems;
        try {
            openDataset(configFor(root), Task::Classification, 0, problems);
            QFAIL("one class folder opened");
        } catch (const DatasetError &error) {
            QVERIFY2(contains(error.what(), "; labels.csv was not read as the labels file: set "
                                            "data.dataset.layout: csv"),
                     error.what());
        }
        QCOMPARE(open(configFor(root, "csv"), Task::Classification)->size(), size_t(6));
    }

    void labelsFileAsKaggleGivesIt()
    {
        // CIFAR-10 on Kaggle: train/<id>.png, trainLabels.csv "id,label" without extensions,
        // a sample submission beside it; read as class folders it was one class, "train".
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        const std::vector<std::pair<std::string, std::string>> rows = {
            {"1", "frog"}, {"2", "truck"}, {"3", "truck"}, {"4", "deer"}, {"5", "frog"}, {"6", "deer"}};
        std::string csv = "\xEF\xBB\xBFid,label\r\n";
        for (const auto &[id, label] : rows) {
            writeColourImage(root + "/train/" + id + ".png", {8, 6}, {10, 20, 30});
            csv += id + "," + label + "\r\n";
        }
        csv += "7,frog\r\n";                                   // listed, no file
        writeColourImage(root + "/test/1.png", {8, 6}, {1, 2, 3}); // same name, the test part
        std::ofstream(root + "/trainLabels.csv") << csv;
        std::ofstream(root + "/sampleSubmission.csv") << "id,label\n1,cat\n";

        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->layout(), DatasetLayout::CsvLabels);
        QCOMPARE(dataset->labelsSource(), root + "/trainLabels.csv: images in column id, classes in column label");
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"deer", "frog", "truck"}));
        QCOMPARE(dataset->size(), size_t(6));
        for (size_t i = 0; i < dataset->size(); ++i) {
            const std::string name = fs::path(dataset->itemName(i)).lexically_relative(root).generic_string();
            QVERIFY2(name.rfind("train/", 0) == 0, name.c_str());
            const std::string id = fs::path(name).stem().string();
            const auto row = std::find_if(rows.begin(), rows.end(), [&](const auto &r) { return r.first == id; });
            QVERIFY(row != rows.end());
            QCOMPARE(dataset->classNames()[size_t(dataset->label(i))], row->second);
            QCOMPARE(dataset->load(i).label, dataset->label(i));
        }
        QVERIFY(anyProblemMentions(problems, "7 (line 8)"));
        // The warning about a row is about the labels file (a script opens that file).
        for (const DatasetProblem &problem : problems)
            if (contains(problem.message, "7 (line 8)"))
                QCOMPARE(problem.file, root + "/trainLabels.csv");
        // Forced, the same.
        QCOMPARE(open(configFor(root, "csv"), Task::Classification)->size(), size_t(6));

        // A bad row keeps the file the labels file, so that opening names the row: detection
        // fell back to class folders and said "1 class (train)".
        std::ofstream(root + "/trainLabels.csv") << csv << "8\r\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        const std::string shortRow = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(shortRow, "trainLabels.csv, line 9: 1 fields where the header has 2"), shortRow.c_str());
        std::ofstream(root + "/trainLabels.csv") << "id,label\r\n1,frog\r\n2,\"truck\r\n3,deer\r\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
    }

    void labelsFileOneHotQuotedAndNumbered()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // Plant Pathology: image_id then one column a class, 0 or 1; files under images/.
        for (const char *name : {"Train_0", "Train_1", "Train_2"})
            writeColourImage(root + "/images/" + name + ".jpg", {8, 6}, {10, 20, 30});
        std::ofstream(root + "/train.csv") << "image_id,healthy,rust,scab\nTrain_0,0,0,1\nTrain_1,1,0,0\n"
                                              "\"Train_2\",0,1,0\n";
        std::ofstream(root + "/test.csv") << "image_id\nTest_0\n";
        std::vector<DatasetProblem> problems;
        auto oneHot = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(oneHot->layout(), DatasetLayout::CsvLabels);
        QCOMPARE(oneHot->classNames(), (std::vector<std::string>{"healthy", "rust", "scab"}));
        QVERIFY(contains(oneHot->labelsSource(), "train.csv: images in column image_id, classes one-hot"));
        QCOMPARE(oneHot->label(0), 2);
        QCOMPARE(oneHot->label(2), 1);

        // As a spreadsheet in a German locale saves it: semicolons; a tab-separated export too.
        std::ofstream(root + "/train.csv") << "image_id;healthy;rust;scab\r\nTrain_0;0;0;1\r\nTrain_1;1;0;0\r\n"
                                              "Train_2;0;1;0\r\n";
        QCOMPARE(open(configFor(root), Task::Classification)->classNames(),
                 (std::vector<std::string>{"healthy", "rust", "scab"}));
        std::ofstream(root + "/train.csv") << "image_id\tlabel\nTrain_0\tscab, early\nTrain_1\thealthy\n"
                                              "Train_2\trust\n";
        QCOMPARE(open(configFor(root), Task::Classification)->classNames(),
                 (std::vector<std::string>{"healthy", "rust", "scab, early"}));

        // Whole-number classes in number order (2 before 10), a path with its folder, quotes.
        QTemporaryDir numbered;
        const std::string second = pathIn(numbered);
        std::string csv = "file_name,notes,diagnosis\n";
        for (int i = 0; i < 4; ++i) {
            writeColourImage(second + "/img/" + std::to_string(i) + ".png", {8, 6}, {10, 20, 30});
            csv += "img/" + std::to_string(i) + ".png,\"a, \"\"quoted\"\"\nnote\"," + (i % 2 ? "10" : "2") + "\n";
        }
        std::ofstream(second + "/labels.csv") << csv;
        auto byNumber = open(configFor(second), Task::Classification);
        QCOMPARE(byNumber->classNames(), (std::vector<std::string>{"2", "10"}));
        QCOMPARE(byNumber->label(1), 1);

        // Paths written on another machine: absolute, or Windows'; found by their file names.
        std::ofstream(second + "/labels.csv") << "path,label\n/data/old/img/0.png,a\n"
                                                 "C:\\Users\\me\\img\\1.png,b\nimg/2.png,a\n";
        QCOMPARE(detectLayout(second), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        auto moved = open(configFor(second), Task::Classification);
        QCOMPARE(moved->size(), size_t(3));
        QCOMPARE(fs::path(moved->itemName(1)).filename().string(), std::string("1.png"));

        // Images two folders down (train_images/train/), told apart from class folders.
        QTemporaryDir deeper;
        const std::string third = pathIn(deeper);
        for (int i = 0; i < 4; ++i)
            writeColourImage(third + "/train_images/train/" + std::to_string(i) + ".jpg", {8, 6}, {10, 20, 30});
        std::ofstream(third + "/train.csv") << "image_id,label\n0,a\n1,b\n2,a\n3,b\n";
        QCOMPARE(detectLayout(third), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        QCOMPARE(open(configFor(third), Task::Classification)->size(), size_t(4));
    }

    void labelsFileColumnsAreToldInEveryLocale()
    {
        // Under tr_TR the C library's lower case of 'I' is not 'i': "IMAGE_ID" and "LABEL" were
        // no column names, and the one-hot reading refused the file.
        const testsupport::ScopedCLocale turkish(LC_CTYPE, QStringLiteral("tr_TR"));
        if (!turkish.isActive())
            QSKIP("localedef cannot make a Turkish locale here");
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *name : {"a", "b", "c"})
            writeColourImage(root + "/images/" + name + ".JPG", {8, 6}, {10, 20, 30});
        std::ofstream(root + "/LABELS.CSV") << "SIZE,IMAGE_ID,LABEL\n8,a,x\n8,b,y\n8,c,x\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        const auto dataset = open(configFor(root), Task::Classification);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"x", "y"}));
        QVERIFY(contains(dataset->labelsSource(), "images in column IMAGE_ID, classes in column LABEL"));
    }

    void labelsFileProblemsNameTheFileAndLine()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/a.png", {8, 6}, {10, 20, 30});
        writeColourImage(root + "/b.png", {8, 6}, {10, 20, 30});
        const auto errorFor = [&](const std::string &csv) {
            std::ofstream(root + "/labels.csv") << csv;
            return datasetErrorOf([&] { open(configFor(root, "csv"), Task::Classification); });
        };
        QVERIFY(contains(errorFor("image,label\na.png,x\nb.png\n"), "labels.csv, line 3: 1 fields where the header has 2"));
        QVERIFY(contains(errorFor("image,label\na.png,\"x\n"), "line 2: a quoted field is not closed"));
        QVERIFY(contains(errorFor("image,size,source\na.png,8,web\n"), "which column holds the class is unclear"));
        QVERIFY(contains(errorFor("image,cat,dog\na.png,1,1\n"), "line 2: a.png has 2 classes marked 1"));
        QVERIFY(contains(errorFor("image,label\na.png,\n"), "line 2: a.png has no class"));
        QVERIFY(contains(errorFor("image,label\n"), "lists no images"));
        QVERIFY(contains(errorFor(""), root + "/labels.csv is empty"));
        QVERIFY(contains(errorFor("image,label\nz.png,x\ny.png,y\n"), "none is an image file below"));
        QVERIFY(contains(errorFor("image,label\na.png,x\nb.png,x\n"), "has 1 class"));
    }

    void labelsFileAmongOtherCsvFiles()
    {
        // HAM10000: its metadata names each image and its class in "dx", among other columns;
        // the images lie in two folders. A test list and a "latest" file beside it.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/HAM10000_images_part_1/ISIC_1.jpg", {8, 6}, {10, 20, 30});
        writeColourImage(root + "/HAM10000_images_part_2/ISIC_2.jpg", {8, 6}, {10, 20, 30});
        std::ofstream(root + "/HAM10000_metadata.csv") << "lesion_id,image_id,dx,dx_type,age\n"
                                                          "HAM_1,ISIC_1,nv,histo,45\nHAM_2,ISIC_2,mel,histo,60\n";
        std::ofstream(root + "/ISIC_test_labels.csv") << "image,dx\nISIC_9,nv\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        const auto dataset = open(configFor(root), Task::Classification);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"mel", "nv"}));
        QCOMPARE(dataset->size(), size_t(2));

        // Two labels files, neither named for labels or training: no guess, but not read as
        // class folders either; opening names both.
        std::ofstream(root + "/latest.csv") << "image,dx\nISIC_1,nv\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        QVERIFY(contains(datasetErrorOf([&] { open(configFor(root), Task::Classification); }),
                         "has several labels files (HAM10000_metadata.csv, latest.csv)"));
        QVERIFY(contains(datasetErrorOf([&] { open(configFor(root, "csv"), Task::Classification); }),
                         "has several labels files (HAM10000_metadata.csv, latest.csv)"));
    }

    void tagSetsAreSaidToBeTags()
    {
        // Planet's "image_name,tags": each image has a set of tags, read as one class each.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        const std::vector<std::string> tags = {"clear primary", "haze primary", "clear water", "haze water",
                                               "clear primary water", "haze primary water", "cloudy"};
        std::string csv = "image_name,tags\n";
        for (std::size_t i = 0; i < tags.size(); ++i) {
            writeColourImage(root + "/train-jpg/train_" + std::to_string(i) + ".jpg", {8, 6}, {10, 20, 30});
            csv += "train_" + std::to_string(i) + "," + tags[i] + "\n";
        }
        std::ofstream(root + "/train_v2.csv") << csv;
        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->numClasses(), 7);
        QVERIFY(anyProblemMentions(problems, "look like sets of tags (7 combinations of 5 words"));

        // Classes named in words are classes.
        QTemporaryDir breeds;
        const std::string second = pathIn(breeds);
        std::string named = "id,breed\n";
        for (const char *breed : {"golden retriever", "labrador retriever", "border collie", "pug"}) {
            const std::string id = std::string(breed).substr(0, 3);
            writeColourImage(second + "/train/" + id + ".jpg", {8, 6}, {10, 20, 30});
            named += id + "," + breed + "\n";
        }
        std::ofstream(second + "/labels.csv") << named;
        std::vector<DatasetProblem> none;
        openDataset(configFor(second), Task::Classification, 0, none);
        QVERIFY(!anyProblemMentions(none, "tags"));
    }

    void classFoldersWithAStrayCsvStayClassFolders()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/cat/1.png", {8, 6}, {10, 20, 30});
        writeColourImage(root + "/dog/1.png", {8, 6}, {10, 20, 30});
        std::ofstream(root + "/metadata.csv") << "source,licence\nweb,cc\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        // A list of the class folders' files and their split is no labels file: read as one, the
        // classes would be the splits.
        std::ofstream(root + "/metadata.csv") << "filepath,split\ncat/1.png,train\ndog/1.png,val\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        // Named for what it is, it wins over the folders.
        std::ofstream(root + "/metadata.csv") << "filepath,label\ncat/1.png,small\ndog/1.png,large\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
    }

    void greyscaleSixteenBitAndAlpha()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        fs::create_directories(root + "/grey");
        fs::create_directories(root + "/deep");
        fs::create_directories(root + "/alpha");
        QVERIFY(cv::imwrite(root + "/grey/g.png", cv::Mat(5, 7, CV_8UC1, cv::Scalar(77))));
        QVERIFY(cv::imwrite(root + "/deep/d.png", cv::Mat(5, 7, CV_16UC1, cv::Scalar(257 * 200))));
        QVERIFY(cv::imwrite(root + "/alpha/a.png", cv::Mat(5, 7, CV_8UC4, cv::Scalar(30, 20, 10, 0))));

        auto dataset = open(configFor(root), Task::Classification);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"alpha", "deep", "grey"}));
        const Sample alpha = dataset->load(0), deep = dataset->load(1), grey = dataset->load(2);
        for (const Sample *sample : {&alpha, &deep, &grey})
            QCOMPARE(sample->image.type(), CV_8UC3);
        QCOMPARE(rgbAt(grey.image, 2, 3), cv::Vec3b(77, 77, 77));
        QCOMPARE(rgbAt(deep.image, 2, 3), cv::Vec3b(200, 200, 200));
        QCOMPARE(rgbAt(alpha.image, 2, 3), cv::Vec3b(10, 20, 30)); // alpha 0 dropped, not blended

        DataConfig floatConfig = configFor(root);
        floatConfig.inputDtype = InputDtype::Float32;
        auto floats = open(floatConfig, Task::Classification);
        const Sample greyFloat = floats->load(2), deepFloat = floats->load(1);
        QCOMPARE(greyFloat.image.type(), CV_32FC3);
        double low = 0, high = 0;
        cv::minMaxLoc(greyFloat.image.reshape(1), &low, &high);
        QVERIFY(low >= 0.0 && high <= 1.0);
        QVERIFY(std::abs(greyFloat.image.at<cv::Vec3f>(1, 1)[0] - 77.0f / 255.0f) < 1e-6f);
        QVERIFY(std::abs(deepFloat.image.at<cv::Vec3f>(1, 1)[2] - 200.0f / 255.0f) < 1e-4f);
    }

    void imageFileColourFromHeaders()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        const std::pair<unsigned char, ImageColour> types[] = {{0, ImageColour::Grey},   {4, ImageColour::Grey},
                                                               {2, ImageColour::Colour}, {3, ImageColour::Colour},
                                                               {6, ImageColour::Colour}};
        for (const auto &[type, expected] : types) {
            const std::string file = root + "/type" + std::to_string(type) + ".png";
            writePngHeader(file, type);
            QVERIFY2(imageFileColour(file) == expected, file.c_str());
        }
        writeGreyImage(root + "/grey.jpg", {9, 7}, 90);
        writeColourImage(root + "/colour.JPEG", {9, 7}, {10, 200, 30});
        writeGreyImage(root + "/grey.bmp", {9, 7}, 90);
        writeColourImage(root + "/colour.bmp", {9, 7}, {10, 200, 30});
        QVERIFY(imageFileColour(root + "/grey.jpg") == ImageColour::Grey); // JFIF APP0 skipped to the SOF
        QVERIFY(imageFileColour(root + "/colour.JPEG") == ImageColour::Colour);
        QVERIFY(imageFileColour(root + "/grey.bmp") == ImageColour::Grey); // decoded
        QVERIFY(imageFileColour(root + "/colour.bmp") == ImageColour::Colour);
        // A grey PNG under a .jpg name is read by its content.
        fs::copy_file(root + "/type0.png", root + "/renamed.jpg");
        QVERIFY(imageFileColour(root + "/renamed.jpg") == ImageColour::Grey);
        testsupport::writeGarbage(root + "/broken.png");
        QVERIFY(imageFileColour(root + "/broken.png") == ImageColour::Unknown);
        QVERIFY(imageFileColour(root + "/missing.jpg") == ImageColour::Unknown);
        // Grey pixels saved as RGB count as colour: the header decides, not the pixels.
        writeColourImage(root + "/greyish.png", {4, 4}, {50, 50, 50});
        QVERIFY(imageFileColour(root + "/greyish.png") == ImageColour::Colour);
    }

    void datasetChannels()
    {
        // IDX: always one channel; validate's report carries it.
        QTemporaryDir idxDir;
        testsupport::makeIdxDataset(pathIn(idxDir), "train", 10, 6, 5, 2, true);
        auto idx = open(configFor(pathIn(idxDir)), Task::Classification);
        QCOMPARE(idx->channels(), 1);
        QCOMPARE(inspectDataset(*idx).channels, 1);

        // Class folders of grey PNGs and JPEGs (8 and 16 bits), one unreadable file: grey.
        QTemporaryDir greyDir;
        const std::string grey = pathIn(greyDir);
        writeGreyImage(grey + "/a/1.png", {8, 8}, 10);
        writeGreyImage(grey + "/a/2.jpg", {8, 8}, 20);
        fs::create_directories(grey + "/b");
        QVERIFY(cv::imwrite(grey + "/b/deep.png", cv::Mat(8, 8, CV_16UC1, cv::Scalar(4000))));
        testsupport::writeGarbage(grey + "/b/broken.png");
        auto greyFolder = open(configFor(grey), Task::Classification);
        QCOMPARE(greyFolder->channels(), 1);
        QCOMPARE(inspectDataset(*greyFolder).channels, 1);
        // The samples stay RGB with equal channels: the loader keeps one.
        QCOMPARE(greyFolder->load(0).image.type(), CV_8UC3);

        // One colour image among grey ones: the dataset is searched in colour.
        writeColourImage(grey + "/b/colour.png", {8, 8}, {1, 2, 3});
        QCOMPARE(open(configFor(grey), Task::Classification)->channels(), 3);

        // Colour class folders, as before.
        QTemporaryDir colourDir;
        testsupport::makeImageFolderDataset(pathIn(colourDir), 2, 3, 8);
        QCOMPARE(open(configFor(pathIn(colourDir)), Task::Classification)->channels(), 3);

        // Segmentation pairs: the images decide, not the (single-channel) masks.
        QTemporaryDir pairsDir;
        const std::string pairs = pathIn(pairsDir);
        fs::create_directories(pairs + "/masks");
        for (int i = 0; i < 3; ++i) {
            writeGreyImage(pairs + "/images/" + std::to_string(i) + ".png", {8, 8}, 40 * i);
            cv::Mat mask(8, 8, CV_8UC1, cv::Scalar(0));
            mask(cv::Rect(0, 0, 4, 4)).setTo(1);
            QVERIFY(cv::imwrite(pairs + "/masks/" + std::to_string(i) + ".png", mask));
        }
        auto greyPairs = open(configFor(pairs), Task::SemanticSegmentation);
        QCOMPARE(greyPairs->channels(), 1);
        writeColourImage(pairs + "/images/3.png", {8, 8}, {1, 2, 3});
        QVERIFY(cv::imwrite(pairs + "/masks/3.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(1))));
        QCOMPARE(open(configFor(pairs), Task::SemanticSegmentation)->channels(), 3);
    }

    void splitFoldersReadAsClassesAreNamed()
    {
        // train/, val/ and test/ beside another class folder were silent classes: the search
        // learned the parts apart. (A root of split folders only is read from one: see
        // splitFoldersAreReadFromTheSplitAsked.)
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *part : {"train", "val", "test", "extra"})
            writeColourImage(root + "/" + part + "/cat/1.png", {8, 8}, {1, 2, 3});
        std::vector<DatasetProblem> problems;
        openDataset(configFor(root), Task::Classification, 0, problems);
        const bool named = std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &p) {
            return p.message.find("named as the parts of a split dataset") != std::string::npos;
        });
        QVERIFY(named);
        // Classes that merely include one such name are classes.
        QTemporaryDir other;
        for (const char *name : {"test", "cat", "dog"})
            writeColourImage(pathIn(other) + "/" + name + "/1.png", {8, 8}, {1, 2, 3});
        problems.clear();
        openDataset(configFor(pathIn(other)), Task::Classification, 0, problems);
        QVERIFY(problems.empty());
    }

    void pairsOfDifferentSizesAreFoundByTheirHeaders()
    {
        // load() refuses such a pair, but only when a batch draws it: a search ended in its
        // third epoch. mismatchedPairs finds them all from the headers, before it starts.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeSegmentationPairs(root, 6, 3, 32);
        auto whole = open(configFor(root), Task::SemanticSegmentation);
        QCOMPARE(mismatchedPairs(*whole), std::string());
        fs::path first;
        for (const auto &entry : fs::directory_iterator(root + "/masks"))
            if (first.empty() || entry.path() < first)
                first = entry.path();
        QVERIFY(cv::imwrite(first.string(), cv::Mat(16, 32, CV_8UC1, cv::Scalar(1))));
        auto wrong = open(configFor(root), Task::SemanticSegmentation);
        const std::string said = mismatchedPairs(*wrong);
        QVERIFY2(said.find("mask " + first.string() + " is 32x16 but its image ") == 0, said.c_str());
        QVERIFY2(said.find(" is 32x32") != std::string::npos, said.c_str());
        std::size_t item = 0;
        while (item < wrong->size() && wrong->pairProblem(item).empty())
            ++item;
        QVERIFY(item < wrong->size());
        QVERIFY_THROWS_EXCEPTION(DatasetError, wrong->load(item)); // as load() says it
    }

    void imageFolderLimitIsAFixedSubset()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(pathIn(dir), 4, 25, 8);
        DataConfig config = configFor(pathIn(dir));
        config.dataset.limit = 30;
        auto first = open(config, Task::Classification);
        auto second = open(config, Task::Classification);
        QCOMPARE(first->size(), size_t(30));
        QCOMPARE(first->numClasses(), 4);
        std::map<int, int> perLabel;
        for (size_t i = 0; i < first->size(); ++i) {
            QCOMPARE(first->itemName(i), second->itemName(i));
            ++perLabel[first->label(i)];
        }
        QCOMPARE(perLabel.size(), size_t(4)); // not simply the first 30 files (two classes)
    }

    void idxRawAndGzipped()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeIdxDataset(root, "train", 40, 6, 5, 4, false);
        testsupport::makeIdxDataset(root, "t10k", 12, 6, 5, 4, true);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Idx));

        auto train = open(configFor(root), Task::Classification);
        QCOMPARE(train->layout(), DatasetLayout::Idx);
        QCOMPARE(train->size(), size_t(40));
        QCOMPARE(train->numClasses(), 4); // max label + 1
        QCOMPARE(train->itemName(13), std::string("train-images-idx3-ubyte #13"));
        for (int i : {0, 13, 39}) {
            QCOMPARE(train->label(size_t(i)), testsupport::idxLabel(i, 4));
            const Sample sample = train->load(size_t(i));
            QCOMPARE(sample.image.type(), CV_8UC3);
            QCOMPARE(sample.image.size(), cv::Size(5, 6));
            const unsigned char expected = testsupport::idxPixel(i, 4, 3);
            QCOMPARE(rgbAt(sample.image, 4, 3), cv::Vec3b(expected, expected, expected));
            QCOMPARE(sample.label, testsupport::idxLabel(i, 4));
        }

        for (const char *split : {"t10k", "test"}) {
            DataConfig config = configFor(root);
            config.dataset.split = split;
            auto test = open(config, Task::Classification);
            QCOMPARE(test->size(), size_t(12));
            QCOMPARE(test->itemName(2), std::string("t10k-images-idx3-ubyte.gz #2"));
            const unsigned char expected = testsupport::idxPixel(7, 5, 4);
            QCOMPARE(test->load(7).image.at<cv::Vec3b>(5, 4)[1], expected);
        }
    }

    void idxDamagedFiles()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeIdxDataset(root, "train", 10, 4, 4, 3, false);
        const std::string images = root + "/train-images-idx3-ubyte";

        // the header announces 10 images, the file holds 9 and a half
        fs::resize_file(images, 16 + 9 * 16 + 8);
        std::string message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, images) && contains(message, "truncated"), message.c_str());

        // a header announcing 4 294 967 295 images of 4000 × 4000 (6.9 · 10^16 bytes): refused
        // from the file's size, before anything is allocated
        {
            std::fstream file(images, std::ios::in | std::ios::out | std::ios::binary);
            const unsigned char announce[] = {0xff, 0xff, 0xff, 0xff, 0, 0, 0x0f, 0xa0, 0, 0, 0x0f, 0xa0};
            file.seekp(4);
            file.write(reinterpret_cast<const char *>(announce), sizeof announce);
        }
        message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, images) && contains(message, "truncated")
                     && contains(message, "the header announces 68719476720000000"),
                 message.c_str());

        // label file in the place of the image file: wrong magic number
        fs::copy_file(root + "/train-labels-idx1-ubyte", images, fs::copy_options::overwrite_existing);
        message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, images) && contains(message, "magic"), message.c_str());

        // a gzip stream cut short
        QTemporaryDir gzDir;
        testsupport::makeIdxDataset(pathIn(gzDir), "train", 10, 4, 4, 3, true);
        const std::string gzImages = pathIn(gzDir, "train-images-idx3-ubyte.gz");
        fs::resize_file(gzImages, fs::file_size(gzImages) - 40);
        message = datasetErrorOf([&] { open(configFor(pathIn(gzDir)), Task::Classification); });
        QVERIFY2(contains(message, gzImages), message.c_str());

        // a split that is not there
        DataConfig config = configFor(pathIn(gzDir));
        config.dataset.split = "t10k";
        message = datasetErrorOf([&] { open(config, Task::Classification); });
        QVERIFY2(contains(message, "t10k-images-idx3-ubyte"), message.c_str());
    }

    void idxGzipAnnouncingTooMuchIsRefusedBeforeInflating()
    {
        // 6.5 MB of gzip can inflate to 6.7 GB of IDX images (400 of 4096 × 4096): what the
        // header announces is checked before the rest is inflated. Here 100 000 such images
        // (1.7 TB) are announced, followed by 64 MiB of zeros: refused naming the file and the
        // numbers, where the whole stream used to be inflated first and the header checked after.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        const std::string images = root + "/train-images-idx3-ubyte.gz";
        testsupport::writeIdxFile(root + "/train-labels-idx1-ubyte", {4}, {0, 1, 0, 1}, false);
        writeGzippedIdxHeader(images, {100000, 4096, 4096}, std::size_t(64) << 20);
        QVERIFY(fs::file_size(images) < (std::size_t(1) << 20));
        std::string message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, images) && contains(message, "100000 images of 4096 × 4096 pixels")
                     && contains(message, "1677721600016 bytes once inflated") && contains(message, "more than the"),
                 message.c_str());

        // Within that budget (1 000 images of 1000 × 1000, 1 GB) but more than deflate can
        // inflate the file's few kilobytes to: truncated or forged, said before allocating.
        writeGzippedIdxHeader(images, {1000, 1000, 1000}, std::size_t(1) << 20);
        message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, images) && contains(message, "forged")
                     && contains(message, "1000 images of 1000 × 1000 pixels"),
                 message.c_str());

        // What the header announces, honestly gzipped, still opens.
        writeGzippedIdxHeader(images, {4, 8, 8}, 4 * 8 * 8);
        QCOMPARE(open(configFor(root), Task::Classification)->size(), size_t(4));
    }

    void fashionMnist()
    {
        const std::string root = testsupport::fashionMnistDir();
        if (root.empty())
            QSKIP("Fashion-MNIST is not installed (dataset-fashion-mnist)");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Idx));
        auto train = open(configFor(root), Task::Classification);
        QCOMPARE(train->size(), size_t(60000));
        QCOMPARE(train->numClasses(), 10);
        QCOMPARE(train->classNames().front(), std::string("T-shirt/top"));
        std::vector<int> perLabel(10, 0);
        for (size_t i = 0; i < train->size(); ++i) {
            const int label = train->label(i);
            QVERIFY(label >= 0 && label < 10);
            ++perLabel[size_t(label)];
        }
        for (int count : perLabel)
            QCOMPARE(count, 6000); // Fashion-MNIST's training set is balanced
        const Sample sample = train->load(59999);
        QCOMPARE(sample.image.size(), cv::Size(28, 28));
        QCOMPARE(sample.image.type(), CV_8UC3);
        QVERIFY(cv::countNonZero(sample.image.reshape(1)) > 0);

        DataConfig limited = configFor(root);
        limited.dataset.limit = 2000;
        limited.dataset.split = "t10k";
        auto subset = open(limited, Task::Classification);
        QCOMPARE(subset->size(), size_t(2000));
        std::vector<int> subsetPerLabel(10, 0);
        for (size_t i = 0; i < subset->size(); ++i)
            ++subsetPerLabel[size_t(subset->label(i))];
        for (int count : subsetPerLabel)
            QVERIFY2(count > 120 && count < 280, std::to_string(count).c_str()); // about 200 each
    }

    void segmentationPairs()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeSegmentationPairs(root, 6, 4, 24);
        int expectedClasses = 0;
        for (int i = 0; i < 6; ++i) {
            double high = 0;
            cv::minMaxLoc(cv::imread(root + "/masks/sample_" + std::to_string(i) + ".png", cv::IMREAD_UNCHANGED),
                          nullptr, &high);
            expectedClasses = std::max(expectedClasses, int(high) + 1);
        }
        // unmatched files on both sides are listed and left out
        writeColourImage(root + "/images/lonely.png", {24, 24}, {1, 2, 3});
        QVERIFY(cv::imwrite(root + "/masks/orphan.png", cv::Mat(24, 24, CV_8UC1, cv::Scalar(1))));

        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
        QCOMPARE(dataset->task(), Task::SemanticSegmentation);
        QCOMPARE(dataset->size(), size_t(6));
        QCOMPARE(dataset->numClasses(), expectedClasses);
        QCOMPARE(dataset->label(0), -1);
        QVERIFY(anyProblemMentions(problems, "lonely.png"));
        QVERIFY(anyProblemMentions(problems, "orphan.png"));
        for (const DatasetProblem &problem : problems)
            QVERIFY(!problem.error);
        // Many of them: the first 25 named, the rest counted.
        for (int i = 0; i < 27; ++i)
            QVERIFY(cv::imwrite(root + "/masks/orphan" + std::to_string(i) + ".png",
                                cv::Mat(24, 24, CV_8UC1, cv::Scalar(1))));
        problems.clear();
        openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
        QVERIFY(anyProblemMentions(problems, "and 3 more files have no image in " + root + "/images; left out"));

        const Sample sample = dataset->load(2);
        const cv::Mat written = cv::imread(root + "/masks/sample_2.png", cv::IMREAD_UNCHANGED);
        QCOMPARE(fs::path(dataset->itemName(2)).filename().string(), std::string("sample_2.png"));
        QCOMPARE(sample.mask.type(), CV_8UC1);
        QCOMPARE(cv::countNonZero(sample.mask != written), 0);
        QCOMPARE(sample.image.size(), sample.mask.size());
    }

    void jpegNamesAreReadAndOtherFormatsNamed()
    {
        // .jfif and .jpe are JPEG; a HEIC photo is named as a format that cannot be read, where
        // the folder was said to hold no images.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/a/1.jpg", {8, 8}, {1, 2, 3});
        fs::rename(root + "/a/1.jpg", root + "/a/1.JFIF");
        writeColourImage(root + "/a/2.jpg", {8, 8}, {1, 2, 3});
        fs::rename(root + "/a/2.jpg", root + "/a/2.jpe");
        writeColourImage(root + "/b/1.png", {8, 8}, {1, 2, 3});
        // PGM, as classic face sets (ORL, Yale) have their images, is read; DICOM is named.
        QVERIFY(cv::imwrite(root + "/a/3.PGM", cv::Mat(8, 8, CV_8UC1, cv::Scalar(90))));
        std::ofstream(root + "/b/phone.heic", std::ios::binary) << std::string("\0\0\0\x18", 4) << "ftypheic";
        std::ofstream(root + "/b/scan.dcm", std::ios::binary) << std::string(128, '\0') << "DICM";
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->size(), size_t(4));
        QCOMPARE(dataset->load(0).image.size(), cv::Size(8, 8));
        QCOMPARE(dataset->load(2).image.at<cv::Vec3b>(4, 4), cv::Vec3b(90, 90, 90));
        QVERIFY(anyProblemMentions(problems, root + "/b/phone.heic is an image in a format AugStudio cannot read"));
        QVERIFY(anyProblemMentions(problems, root + "/b/scan.dcm is an image in a format AugStudio cannot read"));
        try {
            decodeImage(root + "/b/phone.heic", InputDtype::UInt8);
            QFAIL("a HEIC photo decoded");
        } catch (const UnreadableImageError &error) {
            QVERIFY2(contains(error.what(), "format AugStudio cannot read"), error.what());
        }
    }

    void aStrayMaskValueIsNamed()
    {
        // Ids 0-2 everywhere, and one 200 in one mask: 201 classes, and a warning naming it.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        fs::create_directories(root + "/masks");
        for (int i = 0; i < 4; ++i) {
            writeColourImage(root + "/images/" + std::to_string(i) + ".png", {16, 16}, {1, 2, 3});
            cv::Mat mask(16, 16, CV_8UC1, cv::Scalar(0));
            mask(cv::Rect(0, 0, 8, 8)) = 1;
            mask(cv::Rect(8, 8, 8, 8)) = 2;
            if (i == 2)
                mask.at<uchar>(3, 12) = 200;
            QVERIFY(cv::imwrite(root + "/masks/" + std::to_string(i) + ".png", mask));
        }
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
        QCOMPARE(dataset->numClasses(), 201);
        QVERIFY(anyProblemMentions(problems, root + "/masks/2.png: check it for a stray value"));
        QVERIFY(anyProblemMentions(problems, "leave 197 of the 201 class ids"));

        // Without the stray value: no such warning.
        cv::Mat clean(16, 16, CV_8UC1, cv::Scalar(1));
        clean(cv::Rect(0, 0, 4, 4)) = 0;
        clean(cv::Rect(8, 8, 8, 8)) = 2;
        QVERIFY(cv::imwrite(root + "/masks/2.png", clean));
        problems.clear();
        QCOMPARE(openDataset(configFor(root), Task::SemanticSegmentation, 0, problems)->numClasses(), 3);
        QVERIFY(!anyProblemMentions(problems, "stray"));

        // Masks of the ignore value alone hold no class, not "only class 0".
        for (int i = 0; i < 4; ++i)
            QVERIFY(cv::imwrite(root + "/masks/" + std::to_string(i) + ".png", cv::Mat(16, 16, CV_8UC1, cv::Scalar(255))));
        const std::string message = datasetErrorOf([&] { openDataset(configFor(root), Task::SemanticSegmentation, 0, problems); });
        QVERIFY2(contains(message, "hold no class id, only the ignore value 255"), message.c_str());
    }

    void masksUnderLabelsOrAnnotationsArePairedToo()
    {
        // images/ + labels/ (or annotations/) of mask images is a segmentation dataset, not
        // two classes named "images" and "labels".
        for (const std::string name : {"labels", "annotations"}) {
            QTemporaryDir dir;
            const std::string root = pathIn(dir);
            testsupport::makeSegmentationPairs(root, 4, 3, 24);
            fs::rename(root + "/masks", root + "/" + name);
            QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
            std::vector<DatasetProblem> problems;
            auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
            QCOMPARE(dataset->size(), size_t(4));
            QCOMPARE(dataset->load(0).mask.size(), cv::Size(24, 24));
        }
        // YOLO's labels/ holds text files: no mask folder, so no segmentation layout.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/images/a.png", {24, 24}, {1, 2, 3});
        fs::create_directories(root + "/labels");
        std::ofstream(root + "/labels/a.txt") << "0 0.5 0.5 0.2 0.2\n";
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
    }

    void idxEmptyClassesAndOneClass()
    {
        QTemporaryDir dir;
        // 64 images of 4 × 4 with `labels`, in root/<name>
        auto makeIdx = [&](const std::string &name, const std::vector<unsigned char> &labels) {
            const std::string root = pathIn(dir, name);
            fs::create_directories(root);
            const unsigned count = unsigned(labels.size());
            testsupport::writeIdxFile(root + "/train-images-idx3-ubyte", {count, 4, 4},
                                      std::vector<unsigned char>(count * 16, 7), false);
            testsupport::writeIdxFile(root + "/train-labels-idx1-ubyte", {count}, labels, false);
            return root;
        };

        // one stray label byte of 200 among labels 0 and 1: 201 classes, 198 of them empty
        std::vector<unsigned char> stray(64);
        for (size_t i = 0; i < stray.size(); ++i)
            stray[i] = (unsigned char)(i % 2);
        stray[40] = 200;
        std::string root = makeIdx("stray", stray);
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(dataset->numClasses(), 201); // still the largest label + 1: the warning says why
        QCOMPARE(problems.size(), size_t(1));
        const std::string labels = root + "/train-labels-idx1-ubyte";
        QCOMPARE(problems[0].file, labels);
        QVERIFY(!problems[0].error);
        QVERIFY2(contains(problems[0].message, labels) && contains(problems[0].message, "198 of the 201")
                     && contains(problems[0].message, "ids 2, 3, 4, 5, 6, ..."),
                 problems[0].message.c_str());

        // labels starting at 1: class 0 is empty
        std::vector<unsigned char> fromOne(64);
        for (size_t i = 0; i < fromOne.size(); ++i)
            fromOne[i] = (unsigned char)(1 + i % 3);
        problems.clear();
        dataset = openDataset(configFor(makeIdx("from-one", fromOne)), Task::Classification, 0, problems);
        QCOMPARE(dataset->numClasses(), 4);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(contains(problems[0].message, "1 of the 4 class ids") && contains(problems[0].message, "ids 0;"),
                 problems[0].message.c_str());

        // every image of class 3: nothing to learn, an error naming the labels file, even with num_classes
        root = makeIdx("three", std::vector<unsigned char>(64, 3));
        for (int numClasses : {0, 10}) {
            const std::string message =
                datasetErrorOf([&] { open(configFor(root), Task::Classification, numClasses); });
            QVERIFY2(contains(message, root + "/train-labels-idx1-ubyte") && contains(message, "only label 3")
                         && contains(message, "needs at least 2 classes"),
                     message.c_str());
        }

        // every class holds images: no warning
        const std::string full = pathIn(dir, "full");
        testsupport::makeIdxDataset(full, "train", 40, 4, 4, 4, false);
        problems.clear();
        dataset = openDataset(configFor(full), Task::Classification, 0, problems);
        QCOMPARE(dataset->numClasses(), 4);
        QVERIFY(problems.empty());
    }

    void lossyMasksAreWarnedOfOnce()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeSegmentationPairs(root, 12, 4, 32);
        std::vector<DatasetProblem> problems;
        auto lossyWarnings = [&] {
            problems.clear();
            openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
            std::vector<DatasetProblem> lossy;
            for (const DatasetProblem &problem : problems) {
                if (contains(problem.message, "lossy"))
                    lossy.push_back(problem);
            }
            return lossy;
        };
        QVERIFY(lossyWarnings().empty());

        // three masks saved as JPEG quality 75, as an image editor exports them
        auto resave = [&](int i, const std::string &extension, const std::vector<int> &parameters) {
            const std::string png = root + "/masks/sample_" + std::to_string(i) + ".png";
            const cv::Mat mask = cv::imread(png, cv::IMREAD_UNCHANGED);
            fs::remove(png);
            const std::string saved = root + "/masks/sample_" + std::to_string(i) + extension;
            return cv::imwrite(saved, mask, parameters) ? saved : std::string();
        };
        const std::string first = resave(1, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 75});
        QVERIFY(!first.empty());
        QVERIFY(!resave(4, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 75}).empty());
        QVERIFY(!resave(7, ".jpeg", {cv::IMWRITE_JPEG_QUALITY, 75}).empty());
        // lossless WebP and a PNG named .jpg keep their ids: not counted
        QVERIFY(!resave(2, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}).empty());
        fs::rename(root + "/masks/sample_3.png", root + "/masks/sample_3.jpg");
        std::vector<DatasetProblem> lossy = lossyWarnings();
        QCOMPARE(lossy.size(), size_t(1));
        QVERIFY(!lossy[0].error);
        QCOMPARE(lossy[0].file, first);
        QVERIFY2(contains(lossy[0].message, "3 of the 12 masks are JPEG") && contains(lossy[0].message, first)
                     && contains(lossy[0].message, "save masks as PNG"),
                 lossy[0].message.c_str());

        // a lossy WebP is one more
        QVERIFY(!resave(9, ".webp", {cv::IMWRITE_WEBP_QUALITY, 75}).empty());
        lossy = lossyWarnings();
        QCOMPARE(lossy.size(), size_t(1));
        QVERIFY2(contains(lossy[0].message, "4 of the 12 masks are JPEG or lossy WebP"), lossy[0].message.c_str());
    }

    void palettePngMasksAreIndices()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // a palette whose colours say nothing about the index (index 1 is drawn black)
        const std::vector<cv::Vec3b> palette = {{9, 9, 9}, {0, 0, 0}, {200, 10, 10}, {0, 0, 0}};
        cv::Mat ids(11, 13, CV_8UC1);
        for (int y = 0; y < ids.rows; ++y)
            for (int x = 0; x < ids.cols; ++x)
                ids.at<unsigned char>(y, x) = static_cast<unsigned char>((x + 2 * y) % 4);
        int n = 0;
        for (int depth : {2, 4, 8}) {
            for (bool interlaced : {false, true}) {
                const std::string name = "p" + std::to_string(n++);
                writeColourImage(root + "/images/" + name + ".png", {13, 11}, {5, 5, 5});
                testsupport::writePalettePng(root + "/masks/" + name + ".png", ids, palette, depth, interlaced);
            }
        }
        auto dataset = open(configFor(root), Task::SemanticSegmentation);
        QCOMPARE(dataset->size(), size_t(6));
        QCOMPARE(dataset->numClasses(), 4);
        for (size_t i = 0; i < dataset->size(); ++i)
            QCOMPARE(cv::countNonZero(dataset->load(i).mask != ids), 0);
    }

    void vocPaletteMasks()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir, "VOCdevkit/VOC2012");
        testsupport::makeVocDataset(root, 3, 32, true, 2);
        QCOMPARE(detectLayout(pathIn(dir)), std::optional<DatasetLayout>(DatasetLayout::Voc));

        auto dataset = open(configFor(pathIn(dir)), Task::SemanticSegmentation);
        QCOMPARE(dataset->layout(), DatasetLayout::Voc);
        QCOMPARE(dataset->size(), size_t(2)); // ImageSets/Segmentation/train.txt lists two of three
        QCOMPARE(dataset->numClasses(), 21);
        QCOMPARE(dataset->classNames().at(15), std::string("person"));
        for (size_t i = 0; i < dataset->size(); ++i) {
            const Sample sample = dataset->load(i);
            const cv::Mat expected = testsupport::vocMask(int(i), 32);
            QCOMPARE(cv::countNonZero(sample.mask != expected), 0);
            QVERIFY(cv::countNonZero(sample.mask == 255) > 0); // the border stays "ignore"
        }

        // no split file: every mask is used; a mask saved as VOC colours maps back to indices
        fs::remove_all(root + "/ImageSets");
        const cv::Mat mask = testsupport::vocMask(2, 32);
        cv::Mat colours(mask.size(), CV_8UC3);
        for (int y = 0; y < mask.rows; ++y)
            for (int x = 0; x < mask.cols; ++x) {
                const cv::Vec3b rgb = testsupport::vocColour(mask.at<unsigned char>(y, x));
                colours.at<cv::Vec3b>(y, x) = cv::Vec3b(rgb[2], rgb[1], rgb[0]);
            }
        QVERIFY(cv::imwrite(root + "/SegmentationClass/2007_000002.png", colours));
        auto all = open(configFor(root), Task::SemanticSegmentation);
        QCOMPARE(all->size(), size_t(3));
        QCOMPARE(cv::countNonZero(all->load(2).mask != mask), 0);
    }

    void cityscapesTrainIds()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // every labelId 0..33, then 255; the trainIds of cityscapesScripts' labels.py
        std::vector<int> labelIds;
        for (int id = 0; id <= 33; ++id)
            labelIds.push_back(id);
        labelIds.push_back(255);
        const std::vector<int> trainIds = {255, 255, 255, 255, 255, 255, 255, 0,   1,  255, 255, 2,
                                           3,   4,   255, 255, 255, 5,   255, 6,   7,  8,   9,   10,
                                           11,  12,  13,  14,  15,  255, 255, 16,  17, 18,  255};
        QCOMPARE(trainIds.size(), labelIds.size());
        testsupport::makeCityscapesDataset(root, "train", {"aachen", "bremen"}, 2, 35, 4, labelIds);
        testsupport::makeCityscapesDataset(root, "val", {"lindau"}, 1, 35, 4, labelIds);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Cityscapes));

        auto train = open(configFor(root), Task::SemanticSegmentation);
        QCOMPARE(train->layout(), DatasetLayout::Cityscapes);
        QCOMPARE(train->size(), size_t(4));
        QCOMPARE(train->numClasses(), 19);
        QCOMPARE(train->classNames().at(13), std::string("car"));
        QVERIFY(contains(train->itemName(0), "aachen_000000_000000_leftImg8bit.png"));
        const Sample sample = train->load(3);
        for (int x = 0; x < 35; ++x)
            QCOMPARE(int(sample.mask.at<unsigned char>(2, x)), trainIds[size_t(x)]);

        DataConfig val = configFor(root);
        val.dataset.split = "val";
        QCOMPARE(open(val, Task::SemanticSegmentation)->size(), size_t(1));
        val.dataset.split = "test";
        const std::string message = datasetErrorOf([&] { open(val, Task::SemanticSegmentation); });
        QVERIFY2(contains(message, "test") && contains(message, "train, val"), message.c_str());
    }

    void forcedLayout()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // class folders named like the pairs folders: detection says pairs, the config says otherwise
        writeColourImage(root + "/images/a.png", {4, 4}, {1, 1, 1});
        writeColourImage(root + "/masks/b.png", {4, 4}, {1, 1, 1});
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        const std::string message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, "segmentation_pairs") && contains(message, root), message.c_str());
        auto dataset = open(configFor(root, "image_folder"), Task::Classification);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"images", "masks"}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, open(configFor(root, "coco"), Task::Classification));
    }

    void manyEmptyClassFoldersAreCounted()
    {
        // 100 000 empty class folders printed 100 000 warnings: the first 25, then a count.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/cat/a.png", {8, 8}, {1, 2, 3});
        writeColourImage(root + "/dog/a.png", {8, 8}, {3, 2, 1});
        for (int i = 0; i < 30; ++i)
            fs::create_directories(root + "/empty" + std::to_string(100 + i));
        std::vector<DatasetProblem> problems;
        openDataset(configFor(root), Task::Classification, 0, problems);
        const auto named = std::count_if(problems.begin(), problems.end(), [](const DatasetProblem &p) {
            return contains(p.message, "holds no images");
        });
        QCOMPARE(named, 25);
        QVERIFY(anyProblemMentions(problems, "and 5 more class folders hold no images"));
    }

    void missingEmptyAndSingleClassFolders()
    {
        QTemporaryDir dir;
        const std::string missing = pathIn(dir, "nowhere");
        std::string message = datasetErrorOf([&] { open(configFor(missing), Task::Classification); });
        QVERIFY2(contains(message, missing) && contains(message, "does not exist") && !contains(message, "Windows"),
                 message.c_str());
        // A path written on Windows says what is wrong with it.
        message = datasetErrorOf([&] { open(configFor("D:\\data\\cats"), Task::Classification); });
        QVERIFY2(contains(message, "a Windows path? folders are separated by /"), message.c_str());

        const std::string empty = pathIn(dir, "empty");
        fs::create_directories(empty);
        message = datasetErrorOf([&] { open(configFor(empty), Task::Classification); });
        QVERIFY2(contains(message, empty) && contains(message, "empty") && contains(message, "<class name>"),
                 message.c_str());

        const std::string emptyClasses = pathIn(dir, "empty-classes");
        fs::create_directories(emptyClasses + "/cat");
        fs::create_directories(emptyClasses + "/dog");
        message = datasetErrorOf([&] { open(configFor(emptyClasses), Task::Classification); });
        QVERIFY2(contains(message, emptyClasses) && contains(message, "no images"), message.c_str());

        const std::string single = pathIn(dir, "single");
        writeColourImage(single + "/cat/1.png", {4, 4}, {1, 1, 1});
        message = datasetErrorOf([&] { open(configFor(single), Task::Classification); });
        QVERIFY2(contains(message, single) && contains(message, "needs at least 2 classes"), message.c_str());

        const std::string idx = pathIn(dir, "idx-single");
        testsupport::makeIdxDataset(idx, "train", 5, 3, 3, 1, true);
        message = datasetErrorOf([&] { open(configFor(idx), Task::Classification); });
        QVERIFY2(contains(message, "needs at least 2 classes"), message.c_str());

        // more classes than the config allows
        const std::string three = pathIn(dir, "three");
        testsupport::makeImageFolderDataset(three, 3, 1, 4);
        message = datasetErrorOf([&] { open(configFor(three), Task::Classification, 2); });
        QVERIFY2(contains(message, "3 classes") && contains(message, "num_classes is 2"), message.c_str());
    }

    void aZipExtractedIntoItsOwnFolderIsReadInside()
    {
        // root/flowers/{daisy,rose}/ (and macOS's __MACOSX/ beside it): the one folder holds
        // the class folders, and is read, as a warning says.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *name : {"daisy", "rose"})
            writeColourImage(root + "/flowers/" + name + "/1.png", {8, 8}, {1, 2, 3});
        fs::create_directories(root + "/__MACOSX/flowers/daisy");
        std::ofstream(root + "/__MACOSX/flowers/daisy/._1.png") << "Mac OS X";
        std::vector<DatasetProblem> problems;
        const auto flowers = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(flowers->classNames(), (std::vector<std::string>{"daisy", "rose"}));
        QVERIFY2(anyProblemMentions(problems, "read " + root + "/flowers: " + root + " holds it alone"),
                 problems.empty() ? "" : problems.front().message.c_str());
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        // Beside a file of data (an image), the folder is named instead.
        writeColourImage(root + "/loose.png", {8, 8}, {1, 2, 3});
        const std::string message = datasetErrorOf([&] { open(configFor(root), Task::Classification); });
        QVERIFY2(contains(message, "1 class folder: flowers, which holds class folders itself (daisy, rose)")
                     && contains(message, "set the dataset folder to " + root + "/flowers")
                     && contains(message, "needs at least 2 classes"),
                 message.c_str());
        // A single class folder of images alone gets no such hint.
        QTemporaryDir flat;
        writeColourImage(pathIn(flat, "flowers/1.png"), {8, 8}, {1, 2, 3});
        const std::string single = datasetErrorOf([&] { open(configFor(pathIn(flat)), Task::Classification); });
        QVERIFY2(contains(single, "needs at least 2 classes") && !contains(single, "set the dataset folder"),
                 single.c_str());
    }

    void segmentationMaskErrors()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        fs::create_directories(root + "/masks");
        writeColourImage(root + "/images/good.png", {10, 8}, {1, 1, 1});
        QVERIFY(cv::imwrite(root + "/masks/good.png", cv::Mat(8, 10, CV_8UC1, cv::Scalar(1))));
        writeColourImage(root + "/images/small.png", {10, 8}, {1, 1, 1});
        QVERIFY(cv::imwrite(root + "/masks/small.png", cv::Mat(6, 10, CV_8UC1, cv::Scalar(1))));
        writeColourImage(root + "/images/big-id.png", {10, 8}, {1, 1, 1});
        cv::Mat bigId(8, 10, CV_8UC1, cv::Scalar(0));
        bigId.at<unsigned char>(3, 3) = 5;
        bigId.at<unsigned char>(4, 4) = 255; // ignore is always fine
        QVERIFY(cv::imwrite(root + "/masks/big-id.png", bigId));
        writeColourImage(root + "/images/rgb.png", {10, 8}, {1, 1, 1});
        cv::Mat rgbMask(8, 10, CV_8UC3, cv::Scalar(0, 0, 0));
        rgbMask.at<cv::Vec3b>(2, 2) = cv::Vec3b(0, 0, 128);
        QVERIFY(cv::imwrite(root + "/masks/rgb.png", rgbMask));

        // with num_classes given, a mask that does not decode does not stop the opening; load()
        // checks each one
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 3, problems);
        QCOMPARE(dataset->size(), size_t(4));
        auto indexOf = [&](const std::string &file) {
            for (size_t i = 0; i < dataset->size(); ++i)
                if (fs::path(dataset->itemName(i)).filename() == file)
                    return i;
            return size_t(-1);
        };
        QCOMPARE(dataset->load(indexOf("good.png")).mask.at<unsigned char>(0, 0), (unsigned char)1);

        std::string message = datasetErrorOf([&] { dataset->load(indexOf("small.png")); });
        QVERIFY2(contains(message, root + "/masks/small.png") && contains(message, root + "/images/small.png"),
                 message.c_str());
        QVERIFY2(contains(message, "10x6") && contains(message, "10x8"), message.c_str());

        message = datasetErrorOf([&] { dataset->load(indexOf("big-id.png")); });
        QVERIFY2(contains(message, root + "/masks/big-id.png") && contains(message, "class id 5"), message.c_str());

        message = datasetErrorOf([&] { dataset->load(indexOf("rgb.png")); });
        QVERIFY2(contains(message, root + "/masks/rgb.png") && contains(message, "RGB"), message.c_str());

        // inspection lists every one of them, each naming its file: errors the search stops
        // on, not images it skips
        const DatasetReport report = inspectDataset(*dataset);
        QCOMPARE(report.images, size_t(4));
        QCOMPARE(report.rejected, size_t(3));
        QCOMPARE(report.unreadable, size_t(0));
        QCOMPARE(report.problems.size(), size_t(3));
        for (const DatasetProblem &problem : report.problems) {
            QVERIFY(problem.error);
            QVERIFY(contains(problem.message, problem.file));
        }
        QCOMPARE(report.minWidth, 10);
        QCOMPARE(report.imagesPerClass, (std::vector<size_t>{0, 1, 0}));

        // inferring the class count reads the masks, so an RGB mask stops the opening
        message = datasetErrorOf([&] { open(configFor(root), Task::SemanticSegmentation); });
        QVERIFY2(contains(message, "rgb.png") && contains(message, "RGB"), message.c_str());
    }

    void twelveBitDataIn16BitFilesIsSaidToReadNearlyBlack()
    {
        // 16-bit PNGs holding values up to 4095 (a 12-bit sensor) are at most 15 of 255 in
        // 8 bits: trained on as nearly black, unsaid.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *cls : {"a", "b"}) {
            fs::create_directories(root + "/" + cls);
            for (int i = 0; i < 3; ++i) {
                cv::Mat twelveBits(16, 16, CV_16UC1);
                cv::randu(twelveBits, 0, 4096);
                QVERIFY(cv::imwrite(root + "/" + cls + "/" + std::to_string(i) + ".png", twelveBits));
            }
        }
        DatasetReport report = inspectDataset(*open(configFor(root), Task::Classification));
        QCOMPARE(report.problems.size(), size_t(1));
        QVERIFY(!report.problems[0].error);
        QVERIFY2(contains(report.problems[0].message, "6 of 6 images are 16-bit files with no value above 4095")
                     && contains(report.problems[0].message, root + "/a/0.png"),
                 report.problems[0].message.c_str());
        // The same values over the full 16 bits: nothing to say.
        for (const char *cls : {"a", "b"})
            for (int i = 0; i < 3; ++i) {
                cv::Mat full(16, 16, CV_16UC1);
                cv::randu(full, 0, 65536);
                QVERIFY(cv::imwrite(root + "/" + cls + "/" + std::to_string(i) + ".png", full));
            }
        report = inspectDataset(*open(configFor(root), Task::Classification));
        QVERIFY(report.problems.empty());
    }

    void bigFolderListingShowsProgressAndStops()
    {
        // Listing is counted across the class folders, and a cancel stops it at the next count.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *name : {"a", "b"}) {
            fs::create_directories(root + "/" + name);
            for (int i = 0; i < 1500; ++i)
                std::ofstream(root + "/" + name + "/" + std::to_string(i) + ".png");
        }
        std::vector<std::size_t> counts;
        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(configFor(root), Task::Classification, 0, problems, [&](std::size_t entries) {
            counts.push_back(entries);
            return true;
        });
        QCOMPARE(dataset->size(), std::size_t(3000));
        QCOMPARE(counts, (std::vector<std::size_t>{1024, 2048}));

        std::size_t heard = 0;
        QVERIFY_THROWS_EXCEPTION(ListingCancelled, openDataset(configFor(root), Task::Classification, 0, problems,
                                                               [&](std::size_t entries) {
                                                                   heard = entries;
                                                                   return false;
                                                               }));
        QCOMPARE(heard, std::size_t(1024));
    }

    void aFewBytesAnnouncingAHugeImageAreRefused()
    {
        // 512 bytes of JPEG announcing 12039 × 14895 pixels (found by fuzz_image): refused before
        // decoding instead of seconds of work and a gigabyte.
        const std::string bomb = AUGSTUDIO_SOURCE_DIR "/tests/fuzz/corpus/fuzz_image/jpeg-bomb.jpg";
        try {
            decodeImage(bomb, InputDtype::UInt8);
            QFAIL("expected an error");
        } catch (const DatasetError &error) {
            QVERIFY2(contains(error.what(), bomb) && contains(error.what(), "forged"), error.what());
        }
    }

    void maskFileFormats()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // PGM, which older segmentation sets use, is read like a PNG
        const cv::Mat ids(6, 5, CV_8UC1, cv::Scalar(3));
        QVERIFY(cv::imwrite(root + "/mask.pgm", ids));
        QCOMPARE(cv::countNonZero(decodeMask(root + "/mask.pgm", MaskEncoding::ClassIndex) != ids), 0);
        // a Radiance HDR file is an image OpenCV decodes, but never a mask: refused, naming it
        QVERIFY(cv::imwrite(root + "/mask.hdr", cv::Mat(6, 5, CV_32FC3, cv::Scalar(0.5, 0.5, 0.5))));
        const std::string message = datasetErrorOf([&] { decodeMask(root + "/mask.hdr", MaskEncoding::ClassIndex); });
        QVERIFY2(contains(message, root + "/mask.hdr") && contains(message, "is not an image"), message.c_str());
    }

    void onlyKnownFormatsReachTheDecoder()
    {
        // A damaged DICOM file saved as .png: OpenCV's DICOM reader (GDCM) aborts the whole
        // process on these bytes, so the file must be refused by its header, with its format named.
        static const char dicom[] =
            "UklGMEYAAAEAASlUvQUSITFBBhNRYWdoaWpzdHXCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCws"
            "LCwsLCwsLCwsLCwsLCwsLCwsLCwsLCwsLCdnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWm5wd/bmb///9ESUNNr77M";
        const QByteArray bytes = QByteArray::fromBase64(dicom);
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        std::ofstream(root + "/scan.png", std::ios::binary).write(bytes.constData(), bytes.size());
        const std::string message = datasetErrorOf([&] { decodeImage(root + "/scan.png", InputDtype::UInt8); });
        QVERIFY2(contains(message, root + "/scan.png") && contains(message, "is a DICOM file"), message.c_str());
        QCOMPARE(imageFileSize(root + "/scan.png"), cv::Size());
        QVERIFY(contains(datasetErrorOf([&] { decodeMask(root + "/scan.png", MaskEncoding::ClassIndex); }),
                         "is a DICOM file"));
        // A PPM under a .jpg name is still an image (the header reader knows PNM).
        QVERIFY(cv::imwrite(root + "/photo.ppm", cv::Mat(4, 7, CV_8UC3, cv::Scalar(10, 20, 30))));
        fs::rename(root + "/photo.ppm", root + "/photo.jpg");
        QCOMPARE(imageFileSize(root + "/photo.jpg"), cv::Size(7, 4));
        QCOMPARE(decodeImage(root + "/photo.jpg", InputDtype::UInt8).at<cv::Vec3b>(0, 0), cv::Vec3b(30, 20, 10));
        QCOMPARE(int(readImageHeader(root + "/photo.jpg").colour), int(ImageColour::Colour));

        // A PGM's header gives its size (past a comment) and grey, without decoding; a forged
        // size is refused before the decoder allocates it.
        std::ofstream(root + "/face.pgm", std::ios::binary) << "P5\n# scanned\n92 112\n255\n"
                                                             << std::string(92 * 112, '\x40');
        const ImageHeader face = readImageHeader(root + "/face.pgm");
        QCOMPARE(cv::Size(face.width, face.height), cv::Size(92, 112));
        QCOMPARE(int(face.colour), int(ImageColour::Grey));
        QCOMPARE(decodeImage(root + "/face.pgm", InputDtype::UInt8).size(), cv::Size(92, 112));
        std::ofstream(root + "/forged.pgm", std::ios::binary) << "P5 100000 100000 255\n" << std::string(64, '\0');
        QCOMPARE(imageFileSize(root + "/forged.pgm"), cv::Size());
        const std::string forged = datasetErrorOf([&] { decodeImage(root + "/forged.pgm", InputDtype::UInt8); });
        QVERIFY2(contains(forged, "announces 100000 × 100000 pixels"), forged.c_str());
        // OpenCV ends a number at any character ("7075\xae"), where a reader that wanted white
        // space found no size and let its decoder allocate 2.4 GB (found by fuzz_image).
        std::ofstream(root + "/odd.ppm", std::ios::binary) << "P3\t07075\xae" "56843#555\n" << std::string(16, '\0');
        const std::string odd = datasetErrorOf([&] { decodeImage(root + "/odd.ppm", InputDtype::UInt8); });
        QVERIFY2(contains(odd, "announces 7075 × 56843 pixels"), odd.c_str());
        std::ofstream(root + "/sizeless.pgm", std::ios::binary) << "P5 x\n" << std::string(16, '\0');
        const std::string sizeless = datasetErrorOf([&] { decodeImage(root + "/sizeless.pgm", InputDtype::UInt8); });
        QVERIFY2(contains(sizeless, "whose header cannot be read"), sizeless.c_str());
        // A PGM cut short is said to be, before the decoder (which would say so only on
        // standard error, in its own words).
        std::ofstream(root + "/cut.pgm", std::ios::binary) << "P5\n46 56\n255\n" << std::string(1000, '\x40');
        const std::string cut = datasetErrorOf([&] { decodeImage(root + "/cut.pgm", InputDtype::UInt8); });
        QVERIFY2(contains(cut, "is cut short: 46 × 56 pixels need 2589 bytes, and the file has 1013"), cut.c_str());
        QCOMPARE(imageFileSize(root + "/cut.pgm"), cv::Size());
        std::ofstream(root + "/deep.pgm", std::ios::binary) << "P5 2 2 65535\n" << std::string(8, '\x01');
        QCOMPARE(decodeImage(root + "/deep.pgm", InputDtype::UInt8).size(), cv::Size(2, 2));
    }

    void inspectionStatisticsAndCancel()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        writeColourImage(root + "/a/1.png", {10, 20}, {1, 1, 1});
        writeColourImage(root + "/a/2.png", {30, 40}, {1, 1, 1});
        writeColourImage(root + "/b/1.png", {20, 30}, {1, 1, 1});
        testsupport::writeGarbage(root + "/b/broken.png");
        auto dataset = open(configFor(root), Task::Classification);
        size_t lastDone = 0, lastTotal = 0;
        const DatasetReport report = inspectDataset(*dataset, [&](size_t done, size_t total) {
            lastDone = done;
            lastTotal = total;
            return true;
        });
        QVERIFY(!report.cancelled);
        QCOMPARE(lastDone, size_t(4));
        QCOMPARE(lastTotal, size_t(4));
        QCOMPARE(report.layout, DatasetLayout::ImageFolder);
        QCOMPARE(report.numClasses, 2);
        QCOMPARE(report.imagesPerClass, (std::vector<size_t>{2, 1})); // b/broken.png is not counted
        QCOMPARE(report.filesPerClass, (std::vector<size_t>{2, 2}));  // but is a file of class b
        QCOMPARE(report.unreadable, size_t(1));
        QCOMPARE(report.problems.size(), size_t(1));
        QVERIFY(contains(report.problems[0].message, root + "/b/broken.png"));
        QCOMPARE(report.minWidth, 10);
        QCOMPARE(report.maxWidth, 30);
        QCOMPARE(report.minHeight, 20);
        QCOMPARE(report.maxHeight, 40);
        QCOMPARE(report.meanWidth, 20.0);
        QCOMPARE(report.meanHeight, 30.0);
        QCOMPARE(report.inspected, size_t(4));

        // A sample of 2 decodes items 0 and 2 (a/1 and b/1); the labels count the two not decoded.
        const DatasetReport sampled = inspectDataset(*dataset, {}, 2);
        QCOMPARE(sampled.inspected, size_t(2));
        QCOMPARE(sampled.images, size_t(4));
        QCOMPARE(sampled.imagesPerClass, (std::vector<size_t>{2, 2}));
        QCOMPARE(sampled.unreadable, size_t(0));
        QCOMPARE(sampled.minWidth, 10);
        QCOMPARE(sampled.maxWidth, 20);
        QCOMPARE(inspectDataset(*dataset, {}, 100).inspected, size_t(4)); // a sample never exceeds the dataset

        QTemporaryDir bigDir;
        testsupport::makeIdxDataset(pathIn(bigDir), "train", 20000, 8, 8, 3, false);
        auto big = open(configFor(pathIn(bigDir)), Task::Classification);
        const DatasetReport cancelled = inspectDataset(*big, [](size_t, size_t) { return false; });
        QVERIFY(cancelled.cancelled);
        QCOMPARE(cancelled.images, size_t(20000));
    }

    void imagesAsTheyCome()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeImagesAsTheyCome(root);
        DataConfig config = configFor(root);
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(config, Task::Classification, 0, problems);
        QCOMPARE(dataset->size(), size_t(32)); // 30 images and the two impostors
        QCOMPARE(dataset->channels(), 3);       // grey among colour: searched in colour

        // Opening says once for the dataset that alpha is dropped, and names each impostor.
        size_t alphaWarnings = 0;
        for (const DatasetProblem &problem : problems) {
            QVERIFY2(!problem.error, problem.message.c_str());
            if (contains(problem.message, "alpha"))
                ++alphaWarnings;
        }
        QCOMPARE(alphaWarnings, size_t(1));
        QVERIFY(anyProblemMentions(problems, "2 images have an alpha channel"));
        QVERIFY(anyProblemMentions(problems, root + "/b/empty.jpg: it is empty (0 bytes)"));
        QVERIFY(anyProblemMentions(problems, root + "/b/page.jpg: it is not an image: it starts with \"<!DOCTYPE html>"));

        auto indexOf = [&](const std::string &relative) {
            for (size_t i = 0; i < dataset->size(); ++i)
                if (dataset->itemName(i) == root + "/" + relative)
                    return i;
            return size_t(-1);
        };
        // EXIF orientation 6: the 120x80 picture stored sideways is displayed 80x120, in the
        // loader, the size scan and the header alike.
        const size_t phone = indexOf("a/phone.jpg");
        const Sample turned = dataset->load(phone);
        QCOMPARE(turned.image.size(), cv::Size(80, 120));
        QCOMPARE(dataset->imageSize(phone), cv::Size(80, 120));
        QCOMPARE(readImageHeader(root + "/a/phone.jpg").orientation, 6);
        // every item's size agrees with what load() gives
        const std::vector<cv::Size> sizes = scanImageSizes(*dataset);
        for (size_t i = 0; i < dataset->size(); ++i) {
            try {
                QCOMPARE(sizes[i], dataset->load(i).image.size());
            } catch (const UnreadableImageError &) {
                QVERIFY(sizes[i].empty());
            }
        }
        // RGBA: three channels; 16 bits (PNG and TIFF): scaled to 8; grey: replicated.
        for (const char *name : {"a/transparent.png", "a/deep.png", "a/scan.tif", "a/grey.png", "a/grey.jpg"}) {
            const Sample sample = dataset->load(indexOf(name));
            QCOMPARE(sample.image.type(), CV_8UC3);
        }
        const cv::Vec3b deep = rgbAt(dataset->load(indexOf("a/deep.png")).image, 28, 36);
        QCOMPARE(deep, cv::Vec3b(220, 40, 40)); // class a's colour, RGB, from 16 bits
        QCOMPARE(rgbAt(dataset->load(indexOf("a/scan.tif")).image, 28, 36), deep);
        const cv::Vec3b grey = rgbAt(dataset->load(indexOf("a/grey.png")).image, 24, 24);
        QVERIFY(grey[0] == grey[1] && grey[1] == grey[2]);
        // CMYK (Adobe, inverted): full cyan ink is RGB (0, 255, 255), give or take OpenCV's rounding.
        QVERIFY(readImageHeader(root + "/a/print.jpg").colour == ImageColour::Colour);
        const cv::Vec3b cyan = rgbAt(dataset->load(indexOf("a/print.jpg")).image, 10, 10);
        QVERIFY2(cyan[0] <= 2 && cyan[1] >= 253 && cyan[2] >= 253, "CMYK converted to RGB");

        // The impostors: an UnreadableImageError naming the file, and a report that flags them.
        for (const char *name : {"b/empty.jpg", "b/page.jpg"}) {
            const std::string file = root + "/" + name;
            const std::string message = datasetErrorOf([&] { dataset->load(indexOf(name)); });
            QVERIFY2(contains(message, file), message.c_str());
        }
        const DatasetReport report = inspectDataset(*dataset);
        QCOMPARE(report.unreadable, size_t(2));
        for (const DatasetProblem &problem : report.problems)
            QVERIFY(problem.unreadableImage);
    }

    void generatedShapes()
    {
        // The same seed writes the same files; the folder opens as segmentation pairs whose
        // masks hold only the five shape classes.
        QTemporaryDir dir;
        const std::string a = pathIn(dir, "a"), b = pathIn(dir, "b"), c = pathIn(dir, "c");
        writeShapesDataset(a, 6, 32, 7);
        writeShapesDataset(b, 6, 32, 7);
        writeShapesDataset(c, 6, 32, 8);
        const auto bytes = [](const std::string &file) {
            std::ifstream in(file, std::ios::binary);
            return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        };
        QCOMPARE(bytes(b + "/images/shape_5.png"), bytes(a + "/images/shape_5.png"));
        QCOMPARE(bytes(b + "/masks/shape_5.png"), bytes(a + "/masks/shape_5.png"));
        QVERIFY(bytes(c + "/images/shape_5.png") != bytes(a + "/images/shape_5.png"));

        QCOMPARE(detectLayout(a), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(a), Task::SemanticSegmentation, 0, problems);
        QCOMPARE(dataset->size(), size_t(6));
        QVERIFY(dataset->numClasses() <= kShapeClasses);
        std::set<int> classes;
        for (size_t i = 0; i < dataset->size(); ++i) {
            const Sample sample = dataset->load(i);
            QCOMPARE(sample.image.size(), cv::Size(32, 32));
            for (int y = 0; y < 32; ++y)
                for (int x = 0; x < 32; ++x)
                    classes.insert(sample.mask.at<unsigned char>(y, x));
        }
        QVERIFY(classes.count(0) && classes.size() >= 3); // background and at least two kinds
        QVERIFY(*classes.rbegin() < kShapeClasses);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, writeShapesDataset(pathIn(dir, "d"), 1, 8, 1));
    }

    void absurdImageSizesAreRefused()
    {
        // A small PNG whose header announces 100 000 × 100 000 pixels (40 GB decoded).
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        std::vector<unsigned char> png;
        cv::imencode(".png", cv::Mat(4, 4, CV_8UC3, cv::Scalar(10, 20, 30)), png);
        const auto announce = [&](std::vector<unsigned char> bytes, std::uint32_t side) {
            for (int i = 0; i < 4; ++i) // IHDR width and height, big-endian, at bytes 16 and 20
                bytes[16 + i] = bytes[20 + i] = static_cast<unsigned char>(side >> (24 - 8 * i));
            return bytes;
        };
        const std::vector<unsigned char> huge = announce(png, 100000);
        QCOMPARE(imageHeaderOf(huge).width, 100000);
        const std::string image = root + "/huge.png";
        std::ofstream(image, std::ios::binary).write(reinterpret_cast<const char *>(huge.data()), std::streamsize(huge.size()));
        std::string message = datasetErrorOf([&] { decodeImage(image, InputDtype::UInt8); });
        QVERIFY2(contains(message, image) && contains(message, "announces 100000 × 100000 pixels"), message.c_str());
        message = datasetErrorOf([&] { decodeMask(image, MaskEncoding::ClassIndex); });
        QVERIFY2(contains(message, image) && contains(message, "announces 100000 × 100000 pixels"), message.c_str());

        // The limit itself: 16384 × 16384 passes the check, one more row does not.
        ImageHeader header;
        header.width = header.height = 16384;
        const std::size_t enoughBytes = std::size_t(16384) * 16384 / kMaxPixelsPerFileByte;
        checkImageArea(header, enoughBytes);
        header.height = 16385;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkImageArea(header, 1u << 30));
        // Above 16 megapixels a file needs a byte for every kMaxPixelsPerFileByte pixels.
        header.height = 16384;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkImageArea(header, enoughBytes - 1));
        header.width = header.height = 4096;
        checkImageArea(header, 100); // 16 megapixels: no ratio asked

        // A JPEG whose frame header follows an FF 00 pair among stray bytes: libjpeg scans past
        // the pair (it is no marker) to the frame, and so must the size check, which read FF 00
        // as a segment's length and never saw the 14 895 × 12 039 frame (found by fuzz_image).
        std::vector<unsigned char> jpeg;
        cv::imencode(".jpg", cv::Mat(4, 4, CV_8UC1, cv::Scalar(9)), jpeg);
        const auto frame = std::search(jpeg.begin(), jpeg.end(), kSof0.begin(), kSof0.end());
        QVERIFY(frame != jpeg.end());
        jpeg.insert(frame, {0x12, 0xFF, 0x00, 0x06, 0x00});
        QCOMPARE(imageHeaderOf(jpeg).width, 4);
        const std::size_t at = std::size_t(std::search(jpeg.begin(), jpeg.end(), kSof0.begin(), kSof0.end()) - jpeg.begin());
        jpeg[at + 5] = 0x3A; // height 14 895
        jpeg[at + 6] = 0x2F;
        jpeg[at + 7] = 0x2F; // width 12 039
        jpeg[at + 8] = 0x07;
        QCOMPARE(imageHeaderOf(jpeg).height, 14895);
        QCOMPARE(imageHeaderOf(jpeg).width, 12039);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, checkImageArea(imageHeaderOf(jpeg), jpeg.size()));
    }

    void anImageTooLargeToDecodeHasNoSize()
    {
        // Its header's 50000 x 50000 set the default preprocessing's range ("32-50000 px")
        // though the decoder skips it.
        QTemporaryDir dir;
        std::vector<unsigned char> png;
        QVERIFY(cv::imencode(".png", cv::Mat(4, 4, CV_8UC1, cv::Scalar(7)), png));
        for (const int at : {16, 20}) { // IHDR width, height (big-endian)
            png[at] = 0;
            png[at + 1] = 0;
            png[at + 2] = 50000 >> 8;
            png[at + 3] = 50000 & 0xFF;
        }
        const std::string path = writeBytes(dir, "huge.png", png);
        QCOMPARE(readImageHeader(path).width, 50000);
        QCOMPARE(imageFileSize(path), cv::Size());
        QVERIFY_THROWS_EXCEPTION(UnreadableImageError, decodeImage(path, InputDtype::UInt8));
    }

    void aJpegCutShortIsUnreadable()
    {
        // libjpeg decoded it, grey below the cut, with a warning on stderr only; it was trained on.
        QTemporaryDir dir;
        const std::vector<unsigned char> jpeg = encodedNoise(".jpg", 64, 64);
        QVERIFY(!jpeg.empty());
        const std::string cut =
            writeBytes(dir, "cut.jpg", {jpeg.begin(), jpeg.begin() + std::ptrdiff_t(jpeg.size() * 4 / 5)});
        QVERIFY2(contains(refusal(cut), cut + ": the JPEG is cut short"), refusal(cut).c_str());
        // Whole, and whole with bytes after its end (as some cameras write), it decodes.
        QCOMPARE(decodeImage(writeBytes(dir, "whole.jpg", jpeg), InputDtype::UInt8).size(), cv::Size(64, 64));
        std::vector<unsigned char> trailing = jpeg;
        trailing.insert(trailing.end(), {0x00, 0x11, 0x22});
        QCOMPARE(decodeImage(writeBytes(dir, "trailing.jpg", trailing), InputDtype::UInt8).size(), cv::Size(64, 64));
    }

    void aJpegWithABadSegmentLengthIsMeasuredAsLibjpegReadsIt()
    {
        // APP0's length of 1 stopped the header reader, so the size went unchecked while
        // libjpeg, which scans on past it, found a 12039 × 14895 frame in 341 bytes (the fuzzer's).
        QTemporaryDir dir;
        const QByteArray bytes = QByteArray::fromBase64(
            "/9j/4AABAACuRgABAQAAAQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgYFBgYGB//Y/+AAEEpGSUZSSXhGRv4AAABX"
            "RUJQVlA4TPEAAAAvAABhEAAmI6kAJLqjubtLI7ESMzEWneTu/q5rOI0AAImw6O7uPg1bMRGdROLI8u7+vPvf/EfUrenhLb+DbofMGm/e6JtM"
            "HFySsIsMCQoKCv/AAAsIOi8vBwEBEQD/xAAfAAABBQEBAQEBAQAAAAAAAAAAAQIDBAUGBwgJCgv/1tfY2drh4uPk5ebn6Onq8fLz9PX29/j5"
            "+v/aAAgBAQAAVj8A6L/gmT4I+HHxX0ODxr8IvDt/4Evo////////////////////////////vC+nat4Ut11qS+s9BuL6EM9wkKrCbi7+y/ab"
            "X7VKzSLHfTxQ+Ra+VaRf/9k=");
        QCOMPARE(bytes.size(), 341);
        const std::string path = writeBytes(dir, "bomb.jpg", {bytes.begin(), bytes.end()});
        QCOMPARE(readImageHeader(path).width, 12039);
        QVERIFY2(contains(refusal(path), "truncated or forged"), refusal(path).c_str());
        // A JPEG whose frame the reader cannot find at all is refused before the decoder sizes it.
        const std::string noFrame = writeBytes(dir, "noframe.jpg", {0xFF, 0xD8, 0xFF, 0xD9});
        QVERIFY_THROWS_EXCEPTION(UnreadableImageError, decodeImage(noFrame, InputDtype::UInt8));
    }

    void aDamagedPngIsUnreadableAndAProfileIsLeftOut()
    {
        // libpng printed "libpng error: ..." for these, naming no file; now they are refused
        // with a message naming it, and an ICC profile libpng would warn about is left out.
        QTemporaryDir dir;
        const std::vector<unsigned char> png = encodedNoise(".png", 24, 32);
        QVERIFY(!png.empty());
        std::vector<unsigned char> badCrc = png;
        badCrc[8 + 8 + 13] ^= 0xFF; // IHDR's CRC
        const std::string crcFile = writeBytes(dir, "crc.png", badCrc);
        QVERIFY2(contains(refusal(crcFile), crcFile + ": the PNG is damaged (its IHDR chunk fails its checksum)"),
                 refusal(crcFile).c_str());
        const std::string cut = writeBytes(dir, "cut.png", {png.begin(), png.end() - 20});
        QVERIFY2(contains(refusal(cut), cut + ": the PNG is cut short"), refusal(cut).c_str());

        // CRC-32 over a chunk's type and data (`bytes` from its length field on)
        const auto crcOf = [](const unsigned char *chunk, std::size_t dataLength) {
            std::uint32_t crc = 0xFFFFFFFFu;
            for (std::size_t i = 4; i < 8 + dataLength; ++i) {
                crc ^= chunk[i];
                for (int bit = 0; bit < 8; ++bit)
                    crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
            }
            return crc ^ 0xFFFFFFFFu;
        };
        // Image data that is no zlib stream, under a right checksum: said, not left to libpng.
        std::vector<unsigned char> garbage = png;
        const std::size_t idat = 8 + 25; // after the signature and IHDR
        QCOMPARE(std::string(garbage.begin() + idat + 4, garbage.begin() + idat + 8), std::string("IDAT"));
        const std::size_t idatLength = std::size_t(garbage[idat + 2]) << 8 | garbage[idat + 3];
        garbage[idat + 8] = 'g';
        garbage[idat + 9] = 'a';
        const std::uint32_t idatCrc = crcOf(&garbage[idat], idatLength);
        for (int i = 0; i < 4; ++i)
            garbage[idat + 8 + idatLength + i] = uchar(idatCrc >> (24 - 8 * i));
        const std::string garbled = writeBytes(dir, "garbled.png", garbage);
        QVERIFY2(contains(refusal(garbled), garbled + ": the PNG is damaged (its image data does not start as zlib"),
                 refusal(garbled).c_str());

        // An iCCP chunk after IHDR (the profile a "known incorrect sRGB profile" warning is of):
        // the same pixels as without it.
        const std::string name = "iCCP";
        std::vector<unsigned char> chunk = {0, 0, 0, 6};
        chunk.insert(chunk.end(), name.begin(), name.end());
        chunk.insert(chunk.end(), {'p', 0, 0, 0x78, 0x9c, 0x03}); // "p", NUL, method 0, a stub stream
        const std::uint32_t crc = crcOf(chunk.data(), 6);
        chunk.insert(chunk.end(), {uchar(crc >> 24), uchar(crc >> 16), uchar(crc >> 8), uchar(crc)});
        std::vector<unsigned char> profiled = png;
        profiled.insert(profiled.begin() + 8 + 25, chunk.begin(), chunk.end());
        std::vector<unsigned char> prepared = profiled;
        preparePngForDecoding(prepared);
        QVERIFY(prepared == png); // the chunk, and only it, is gone
        const cv::Mat plain = decodeImage(writeBytes(dir, "plain.png", png), InputDtype::UInt8);
        const cv::Mat withProfile = decodeImage(writeBytes(dir, "profiled.png", profiled), InputDtype::UInt8);
        QCOMPARE(cv::norm(plain, withProfile, cv::NORM_INF), 0.0);
    }

    void exifOrientationOfImagesAndMasks()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        // A 40x20 picture with a red corner at the top left, stored with each orientation.
        cv::Mat stored(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
        stored(cv::Rect(0, 0, 10, 10)).setTo(cv::Scalar(0, 0, 255));
        // where the red corner is shown: orientation -> (right?, bottom?)
        const std::map<int, std::pair<bool, bool>> corner = {{1, {false, false}}, {2, {true, false}},
                                                             {3, {true, true}},   {4, {false, true}},
                                                             {5, {false, false}}, {6, {true, false}},
                                                             {7, {true, true}},   {8, {false, true}}};
        for (const auto &[orientation, where] : corner) {
            const std::string file = root + "/o" + std::to_string(orientation) + ".jpg";
            testsupport::writeJpegWithOrientation(file, stored, orientation);
            const cv::Mat image = decodeImage(file, InputDtype::UInt8);
            const cv::Size expected = orientation >= 5 ? cv::Size(20, 40) : cv::Size(40, 20);
            QCOMPARE(image.size(), expected);
            QCOMPARE(imageFileSize(file), expected);
            const int x = where.first ? image.cols - 3 : 2, y = where.second ? image.rows - 3 : 2;
            QVERIFY2(rgbAt(image, y, x)[0] > 200 && rgbAt(image, y, x)[2] < 60,
                     ("orientation " + std::to_string(orientation)).c_str());
        }

        // Segmentation: a photo with orientation 6 and its mask drawn on the photo as shown
        // (a PNG without EXIF) pair up; the pixels of both agree.
        cv::Mat mask(40, 20, CV_8UC1, cv::Scalar(0));
        mask(cv::Rect(10, 0, 10, 10)).setTo(1); // the red corner, top right as shown
        testsupport::writeJpegWithOrientation(root + "/seg/images/p.jpg", stored, 6);
        fs::create_directories(root + "/seg/masks");
        QVERIFY(cv::imwrite(root + "/seg/masks/p.png", mask));
        auto pairs = open(configFor(root + "/seg"), Task::SemanticSegmentation, 2);
        const Sample sample = pairs->load(0);
        QCOMPARE(sample.image.size(), sample.mask.size());
        QCOMPARE(int(sample.mask.at<uchar>(2, 17)), 1);
        QVERIFY(rgbAt(sample.image, 2, 17)[0] > 200);

        // A mask that carries its own orientation (PNG eXIf) is turned by it, like its image:
        // stored 40x20 with the class at the top left, shown 20x40 with it at the top right.
        cv::Mat storedMask(20, 40, CV_8UC1, cv::Scalar(0));
        storedMask(cv::Rect(0, 0, 10, 10)).setTo(1);
        testsupport::writePngWithOrientation(root + "/seg/masks/p.png", storedMask, 6);
        QCOMPARE(readImageHeader(root + "/seg/masks/p.png").orientation, 6);
        const Sample turnedMask = pairs->load(0);
        QCOMPARE(turnedMask.mask.size(), cv::Size(20, 40));
        QCOMPARE(int(turnedMask.mask.at<uchar>(2, 17)), 1);
        QCOMPARE(int(turnedMask.mask.at<uchar>(2, 2)), 0);
        // and a PNG image with eXIf is shown turned too
        testsupport::writePngWithOrientation(root + "/o6.png", stored, 6);
        QCOMPARE(decodeImage(root + "/o6.png", InputDtype::UInt8).size(), cv::Size(20, 40));
        QCOMPARE(imageFileSize(root + "/o6.png"), cv::Size(20, 40));
    }

    void tiffOrientationTurnsTheSizeAsOpenCvTurnsThePixels()
    {
        // OpenCV's TIFF decoder applies the Orientation tag even with IMREAD_IGNORE_ORIENTATION:
        // the header's size must be the decoded one, for every orientation and byte order.
        QTemporaryDir dir;
        const cv::Mat stored = redCorneredPicture();
        for (const bool bigEndian : {false, true}) {
            for (const auto &[orientation, where] : shownCorner()) {
                const std::string name = std::string(bigEndian ? "mm" : "ii") + std::to_string(orientation);
                const std::string file =
                    writeBytes(dir, name + ".tif", handWrittenTiff(stored, {orientation, bigEndian}));
                const cv::Mat image = decodeImage(file, InputDtype::UInt8);
                const cv::Size expected = orientation >= 5 ? cv::Size(20, 40) : cv::Size(40, 20);
                QVERIFY2(image.size() == expected, name.c_str());
                const ImageHeader header = readImageHeader(file);
                QCOMPARE(header.orientation, orientation);
                QCOMPARE(cv::Size(header.width, header.height), expected);
                QCOMPARE(imageFileSize(file), expected);
                const int x = where.first ? image.cols - 3 : 2, y = where.second ? image.rows - 3 : 2;
                QVERIFY2(rgbAt(image, y, x)[0] > 200 && rgbAt(image, y, x)[2] < 60, name.c_str());
            }
        }

        // A class folder of TIFFs stored 40 × 20, half of them turned: the size scan (and so
        // the default preprocessing) sees the two sizes load() gives.
        const std::string root = pathIn(dir, "turned");
        for (const char *cls : {"a", "b"}) {
            fs::create_directories(root + "/" + cls);
            writeBytes(dir, std::string("turned/") + cls + "/plain.tif", handWrittenTiff(stored, {}));
            writeBytes(dir, std::string("turned/") + cls + "/turned.tif", handWrittenTiff(stored, {6}));
        }
        auto dataset = open(configFor(root), Task::Classification);
        const std::vector<cv::Size> sizes = scanImageSizes(*dataset);
        std::set<std::pair<int, int>> distinct;
        for (std::size_t i = 0; i < dataset->size(); ++i) {
            QCOMPARE(sizes[i], dataset->load(i).image.size());
            distinct.insert({sizes[i].width, sizes[i].height});
        }
        const std::set<std::pair<int, int>> expected = {{40, 20}, {20, 40}};
        QVERIFY(distinct == expected);

        // A turned TIFF and its mask drawn on it as shown pair up; a TIFF mask turns with it.
        const std::string seg = pathIn(dir, "seg");
        fs::create_directories(seg + "/images");
        fs::create_directories(seg + "/masks");
        writeBytes(dir, "seg/images/p.tif", handWrittenTiff(stored, {6}));
        cv::Mat shownMask(40, 20, CV_8UC1, cv::Scalar(0));
        shownMask(cv::Rect(10, 0, 10, 10)).setTo(1); // the red corner, top right as shown
        QVERIFY(cv::imwrite(seg + "/masks/p.png", shownMask));
        auto pairs = open(configFor(seg), Task::SemanticSegmentation, 2);
        QCOMPARE(mismatchedPairs(*pairs), std::string());
        QCOMPARE(pairs->load(0).mask.size(), pairs->load(0).image.size());
        cv::Mat storedMask(20, 40, CV_8UC1, cv::Scalar(0));
        storedMask(cv::Rect(0, 0, 10, 10)).setTo(1);
        fs::remove(seg + "/masks/p.png");
        writeBytes(dir, "seg/masks/p.tif", handWrittenTiff(storedMask, {6}));
        QCOMPARE(mismatchedPairs(*open(configFor(seg), Task::SemanticSegmentation, 2)), std::string());
        const Sample turned = open(configFor(seg), Task::SemanticSegmentation, 2)->load(0);
        QCOMPARE(turned.mask.size(), cv::Size(20, 40));
        QCOMPARE(int(turned.mask.at<uchar>(2, 17)), 1);
    }

    void bigTiffHeadersAreRead()
    {
        // BigTIFF ("II+\0", "MM\0+": 8-byte offsets and counts), which OpenCV decodes, is an
        // image whose size is read like a classic TIFF's, its Orientation too.
        QTemporaryDir dir;
        for (const bool bigEndian : {false, true}) {
            const std::string file = writeBytes(dir, bigEndian ? "mm.tif" : "ii.tif",
                                                handWrittenTiff(redCorneredPicture(), {6, bigEndian, true}));
            const ImageHeader header = readImageHeader(file);
            QCOMPARE(int(header.format), int(ImageFormat::Tiff));
            QCOMPARE(cv::Size(header.width, header.height), cv::Size(20, 40));
            QCOMPARE(header.bitDepth, 8);
            const cv::Mat image = decodeImage(file, InputDtype::UInt8);
            QCOMPARE(image.size(), cv::Size(20, 40));
            QVERIFY(rgbAt(image, 2, 17)[0] > 200);
        }
        // Offsets and counts beyond any file are read as nothing, not followed.
        std::vector<unsigned char> forged = handWrittenTiff(redCorneredPicture(), {0, false, true});
        std::fill(forged.begin() + 8, forged.begin() + 16, 0xFF); // IFD0 at 2^64 - 1
        QCOMPARE(imageHeaderOf(forged).width, 0);
        forged = handWrittenTiff(redCorneredPicture(), {0, false, true});
        const std::size_t ifd = 16 + 40 * 20 * 3;
        std::fill(forged.begin() + long(ifd), forged.begin() + long(ifd) + 8, 0xFF); // 2^64 - 1 entries
        const ImageHeader header = imageHeaderOf(forged);
        QCOMPARE(int(header.format), int(ImageFormat::Tiff));
        QCOMPARE(header.width, 40); // the entries there are still read
        forged.resize(ifd + 8 + 20 + 10); // cut inside the second entry, ImageLength
        const ImageHeader cut = readImageHeader(writeBytes(dir, "cut.tif", forged));
        QCOMPARE(cv::Size(cut.width, cut.height), cv::Size(40, 0));
    }

    void sixteenBitColourTiffsAndDeepPnmsReportTheirDepth()
    {
        // The 12-bit warning reads the depth from the header: RGB TIFFs keep BitsPerSample in an
        // array, and a PGM or PPM of maxval 4095 holds 12-bit values in 16-bit samples.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *cls : {"a", "b"})
            fs::create_directories(root + "/" + cls);
        cv::Mat twelveBits(16, 16, CV_16UC3);
        cv::randu(twelveBits, 0, 4096);
        writeBytes(dir, "a/colour.tif", handWrittenTiff(twelveBits, {}));
        writeBytes(dir, "a/colour-mm.tif", handWrittenTiff(twelveBits, {0, true}));
        QCOMPARE(readImageHeader(root + "/a/colour.tif").bitDepth, 16);
        QCOMPARE(readImageHeader(root + "/a/colour-mm.tif").bitDepth, 16);
        std::string pgm = "P5\n16 16\n4095\n";
        for (int i = 0; i < 16 * 16; ++i)
            pgm += {char(i % 16), char(i % 256)}; // big-endian, at most 0x0FFF
        std::ofstream(root + "/b/scan.pgm", std::ios::binary) << pgm;
        std::ofstream(root + "/b/scan.ppm", std::ios::binary) << "P6\n16 16\n4095\n" << pgm.substr(14) << pgm.substr(14)
                                                              << pgm.substr(14);
        QCOMPARE(readImageHeader(root + "/b/scan.pgm").bitDepth, 16);
        QCOMPARE(readImageHeader(root + "/b/scan.ppm").bitDepth, 16);
        DatasetReport report = inspectDataset(*open(configFor(root), Task::Classification));
        QCOMPARE(report.problems.size(), size_t(1));
        QVERIFY2(contains(report.problems[0].message, "4 of 4 images are 16-bit files with no value above 4095"),
                 report.problems[0].message.c_str());
        // 8-bit ones are not 16-bit files
        std::ofstream(root + "/b/scan.pgm", std::ios::binary) << "P5\n16 16\n255\n" << std::string(256, '\x01');
        QCOMPARE(readImageHeader(root + "/b/scan.pgm").bitDepth, 8);
        QVERIFY(cv::imwrite(root + "/a/colour.tif", cv::Mat(16, 16, CV_8UC3, cv::Scalar(1, 2, 3))));
        QCOMPARE(readImageHeader(root + "/a/colour.tif").bitDepth, 8);
    }

    void floatTiffsOutsideZeroToOneAreSaid()
    {
        // Float pixels are taken to be 0..1: 0..255 floats (or z-scores) decode as solid white
        // (and black), unsaid until validate counts them.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *cls : {"a", "b"}) {
            fs::create_directories(root + "/" + cls);
            for (int i = 0; i < 2; ++i) {
                cv::Mat unit(12, 12, CV_32FC1);
                cv::randu(unit, 0.0, 1.0);
                writeBytes(dir, std::string(cls) + "/unit" + std::to_string(i) + ".tif", handWrittenTiff(unit, {}));
            }
        }
        DatasetReport report = inspectDataset(*open(configFor(root), Task::Classification));
        QVERIFY(report.problems.empty());
        QVERIFY(readImageHeader(root + "/a/unit0.tif").floatSamples);

        cv::Mat bytesAsFloats(12, 12, CV_32FC1, cv::Scalar(0.0));
        bytesAsFloats(cv::Rect(0, 0, 6, 12)).setTo(200.0);
        writeBytes(dir, "a/unit0.tif", handWrittenTiff(bytesAsFloats, {}));
        cv::Mat zScores(12, 12, CV_32FC1, cv::Scalar(-1.5));
        zScores(cv::Rect(0, 0, 6, 12)).setTo(0.5);
        writeBytes(dir, "b/unit1.tif", handWrittenTiff(zScores, {}));
        QCOMPARE(decodeImage(root + "/a/unit0.tif", InputDtype::UInt8).at<cv::Vec3b>(0, 0), cv::Vec3b(255, 255, 255));
        report = inspectDataset(*open(configFor(root), Task::Classification));
        QCOMPARE(report.problems.size(), size_t(1));
        QVERIFY(!report.problems[0].error);
        QCOMPARE(report.problems[0].file, root + "/a/unit0.tif");
        const std::string &message = report.problems[0].message;
        QVERIFY2(contains(message, "2 of 4 images are float files with values outside 0..1 (the first: " + root
                                       + "/a/unit0.tif, values 0 to 200)"),
                 message.c_str());
    }

    // Kvasir-SEG's masks: 0 and 255 saved as JPEG, values between at every edge. Masks of a few
    // class ids with 255 borders, as VOC's, hold none in the middle band and stay ids.
    void blurredBinaryMasksAreThresholded()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        fs::create_directories(root + "/masks");
        for (int i = 0; i < 4; ++i) {
            const std::string name = "cju" + std::to_string(i);
            writeColourImage(root + "/images/" + name + ".jpg", {48, 48}, {10, 20, 30});
            cv::Mat mask(48, 48, CV_8UC1, cv::Scalar(0));
            cv::circle(mask, {24, 24}, 10 + i, cv::Scalar(255), cv::FILLED, cv::LINE_AA);
            QVERIFY(cv::imwrite(root + "/masks/" + name + ".jpg", mask, {cv::IMWRITE_JPEG_QUALITY, 70}));
        }
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
        QCOMPARE(dataset->numClasses(), 2);
        const cv::Mat mask = dataset->load(0).mask;
        QCOMPARE(mask.at<unsigned char>(24, 24), (unsigned char)1);
        QCOMPARE(mask.at<unsigned char>(0, 0), (unsigned char)0);
        QCOMPARE(cv::countNonZero(mask > 1), 0);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(contains(problems[0].message, "are binary masks of 0 and 255 blurred at the edges")
                     && contains(problems[0].message, "threshold them alike (mask > 127)"),
                 problems[0].message.c_str());
        // declared as two classes: the same
        problems.clear();
        const auto declared = openDataset(configFor(root), Task::SemanticSegmentation, 2, problems);
        QCOMPARE(declared->load(1).mask.at<unsigned char>(24, 24), (unsigned char)1);

        // ids 0..5 with 255 at the borders between them, saved as PNG: ids
        QTemporaryDir ids;
        const std::string idsRoot = pathIn(ids);
        fs::create_directories(idsRoot + "/masks");
        for (int i = 0; i < 4; ++i) {
            writeColourImage(idsRoot + "/images/" + std::to_string(i) + ".png", {48, 48}, {10, 20, 30});
            cv::Mat mask(48, 48, CV_8UC1, cv::Scalar(0));
            for (int id = 1; id <= 5; ++id)
                cv::rectangle(mask, cv::Rect(id * 7, id * 7, 6, 6), cv::Scalar(id), cv::FILLED);
            cv::rectangle(mask, cv::Rect(7, 7, 36, 36), cv::Scalar(255), 1);
            QVERIFY(cv::imwrite(idsRoot + "/masks/" + std::to_string(i) + ".png", mask));
        }
        QCOMPARE(open(configFor(idsRoot), Task::SemanticSegmentation)->numClasses(), 6);
    }

    void binaryMasksOf0And255ReadAsForeground()
    {
        // 0/255 masks (and 1-bit PNGs, which decode so) are binary masks: 255 is their
        // foreground, read as class 1 and said once, whether num_classes is inferred or 2.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        fs::create_directories(root + "/masks");
        const auto writeMasks = [&](const std::function<void(cv::Mat &)> &draw) {
            for (int i = 0; i < 3; ++i) {
                writeColourImage(root + "/images/" + std::to_string(i) + ".png", {20, 10}, {1, 2, 3});
                cv::Mat mask(10, 20, CV_8UC1, cv::Scalar(0));
                draw(mask);
                QVERIFY(cv::imwrite(root + "/masks/" + std::to_string(i) + ".png", mask));
            }
        };
        writeMasks([](cv::Mat &mask) { mask(cv::Rect(0, 0, 5, 10)).setTo(255); });
        for (const int numClasses : {0, 2}) {
            std::vector<DatasetProblem> problems;
            auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, numClasses, problems);
            QCOMPARE(dataset->numClasses(), 2);
            QCOMPARE(problems.size(), size_t(1));
            QVERIFY(!problems[0].error);
            QVERIFY2(contains(problems[0].message, "the masks of " + root + " hold only 0 and 255: read as binary "
                                                    "masks, 0 the background and 255 the foreground (class 1)"),
                     problems[0].message.c_str());
            const cv::Mat mask = dataset->load(1).mask;
            QCOMPARE(cv::countNonZero(mask == 1), 5 * 10);
            QCOMPARE(cv::countNonZero(mask == 0), 15 * 10);
        }
        // apply keeps the masks as they are.
        std::vector<DatasetProblem> problems;
        const auto kept = openDataset(configFor(root), Task::SemanticSegmentation, kEveryMaskId, problems);
        QCOMPARE(cv::countNonZero(kept->load(1).mask == 255), 5 * 10);

        // More classes declared: 255 stays the ignore value, and the classes without a pixel are named.
        problems.clear();
        openDataset(configFor(root), Task::SemanticSegmentation, 3, problems);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(contains(problems[0].message, "have no pixel of classes 1, 2 (num_classes is 3)")
                     && contains(problems[0].message,
                                 "the ignore value 255 (data.ignore_index) is on 25% of their pixels"),
                 problems[0].message.c_str());

        // A class missing where the ignore value is rare: named, without the ignore value.
        writeMasks([](cv::Mat &mask) { mask(cv::Rect(0, 0, 5, 10)).setTo(1); });
        problems.clear();
        openDataset(configFor(root), Task::SemanticSegmentation, 3, problems);
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(contains(problems[0].message, "have no pixel of class 2 (num_classes is 3): it is learnt from nothing")
                     && !contains(problems[0].message, "ignore"),
                 problems[0].message.c_str());

        // VOC-like borders of 255 around real classes are ignore regions, nothing to say.
        writeMasks([](cv::Mat &mask) {
            mask(cv::Rect(4, 2, 8, 6)).setTo(255);
            mask(cv::Rect(5, 3, 6, 4)).setTo(1);
        });
        for (const int numClasses : {0, 2}) {
            problems.clear();
            QCOMPARE(openDataset(configFor(root), Task::SemanticSegmentation, numClasses, problems)->numClasses(), 2);
            QVERIFY(problems.empty());
        }
    }

    void splitFoldersAreReadFromTheSplitAsked()
    {
        // Train/ Validation/ Test/ of class folders: the split data.dataset.split names is read,
        // and said; not three classes Train, Validation and Test.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        for (const char *part : {"Train", "Validation", "Test"})
            for (const char *name : {"cat", "dog"})
                writeColourImage(root + "/" + part + "/" + name + "/1.png", {8, 8}, {1, 2, 3});
        writeColourImage(root + "/Train/dog/2.png", {8, 8}, {1, 2, 3});
        std::vector<DatasetProblem> problems;
        auto train = openDataset(configFor(root), Task::Classification, 0, problems);
        QCOMPARE(train->classNames(), (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(train->size(), size_t(3));
        QVERIFY2(anyProblemMentions(problems, "read " + root + "/Train, the split data.dataset.split names"),
                 problems.empty() ? "" : problems.front().message.c_str());
        DataConfig val = configFor(root);
        val.dataset.split = "val"; // Validation/
        problems.clear();
        QCOMPARE(openDataset(val, Task::Classification, 0, problems)->size(), size_t(2));
        QVERIFY(anyProblemMentions(problems, "read " + root + "/Validation"));
        val.dataset.split = "t10k";
        const std::string absent = datasetErrorOf([&] { open(val, Task::Classification); });
        QVERIFY2(contains(absent, "Test, Train, Validation") && contains(absent, "'t10k'"), absent.c_str());

        // Kaggle's dogs-vs-cats: train/ of cat.N.jpg and dog.N.jpg, test1/ unlabelled. No
        // classes to tell, where train-vs-test was learnt.
        QTemporaryDir kaggle;
        for (int i = 0; i < 2; ++i) {
            writeColourImage(pathIn(kaggle, "train/cat." + std::to_string(i) + ".jpg"), {8, 8}, {1, 2, 3});
            writeColourImage(pathIn(kaggle, "train/dog." + std::to_string(i) + ".jpg"), {8, 8}, {1, 2, 3});
            writeColourImage(pathIn(kaggle, "test1/" + std::to_string(i) + ".jpg"), {8, 8}, {1, 2, 3});
        }
        const std::string flat = datasetErrorOf([&] { open(configFor(pathIn(kaggle)), Task::Classification); });
        QVERIFY2(contains(flat, "not in class folders") && contains(flat, "cannot be told"), flat.c_str());
    }

    void imagesAndMasksFoldersOfOtherNamesArePairs()
    {
        // Images/ + Masks/, img/ + ann/, image/ + mask/, imgs/ + gt/: segmentation pairs where the
        // masks are named as the images.
        for (const auto &[images, masks] : std::vector<std::pair<std::string, std::string>>{
                 {"Images", "Masks"}, {"img", "ann"}, {"image", "mask"}, {"imgs", "gt"}}) {
            QTemporaryDir dir;
            const std::string root = pathIn(dir);
            testsupport::makeSegmentationPairs(root, 3, 3, 16);
            fs::rename(root + "/images", root + "/" + images);
            fs::rename(root + "/masks", root + "/" + masks);
            QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
            auto dataset = open(configFor(root), Task::SemanticSegmentation);
            QCOMPARE(dataset->size(), size_t(3));
            QVERIFY(contains(dataset->itemName(0), "/" + images + "/"));
        }
        // Two classes whose files share their names are classes, unless they look like images
        // and masks; those, under names no layout knows, are said to be such.
        QTemporaryDir classes;
        for (const char *name : {"cat", "dog"})
            for (int i = 0; i < 3; ++i)
                writeColourImage(pathIn(classes, std::string(name) + "/" + std::to_string(i) + ".png"), {8, 8}, {1, 2, 3});
        QCOMPARE(detectLayout(pathIn(classes)), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        std::vector<DatasetProblem> problems;
        openDataset(configFor(pathIn(classes)), Task::Classification, 0, problems);
        QVERIFY(problems.empty());
        QTemporaryDir rgbTruth;
        const std::string root = pathIn(rgbTruth);
        testsupport::makeSegmentationPairs(root, 3, 3, 16);
        fs::rename(root + "/images", root + "/rgb");
        fs::rename(root + "/masks", root + "/truth");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        openDataset(configFor(root), Task::Classification, 0, problems);
        QVERIFY2(anyProblemMentions(problems, "class folders " + root + "/rgb and " + root + "/truth hold files of "
                                              "the same names (3 of them)")
                     && anyProblemMentions(problems, "name the folders images/ and masks/"),
                 problems.empty() ? "" : problems.front().message.c_str());
        // a folder named for masks (seg/) beside them: pairs
        fs::rename(root + "/truth", root + "/seg");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
    }

    void pairsInSplitFoldersAreReadFromTheSplitAsked()
    {
        // ADE20K: images/training/ + annotations/training/ (and validation/); likewise
        // images/train/ + masks/val/.
        for (const auto &[masks, train, val] : std::vector<std::array<std::string, 3>>{
                 {"annotations", "training", "validation"}, {"masks", "train", "val"}}) {
            QTemporaryDir dir;
            const std::string root = pathIn(dir);
            testsupport::makeSegmentationPairs(root + "/set", 3, 3, 16);
            fs::create_directories(root + "/images");
            fs::create_directories(root + "/" + masks);
            fs::rename(root + "/set/images", root + "/images/" + train);
            fs::rename(root + "/set/masks", root + "/" + masks + "/" + train);
            testsupport::makeSegmentationPairs(root + "/set", 2, 3, 16);
            fs::rename(root + "/set/images", root + "/images/" + val);
            fs::rename(root + "/set/masks", root + "/" + masks + "/" + val);
            QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
            std::vector<DatasetProblem> problems;
            auto dataset = openDataset(configFor(root), Task::SemanticSegmentation, 0, problems);
            QCOMPARE(dataset->size(), size_t(3));
            QVERIFY(anyProblemMentions(problems, "read " + root + "/images/" + train + " and " + root + "/" + masks
                                                     + "/" + train + ", the split data.dataset.split names ('train'"));
            DataConfig other = configFor(root, "segmentation_pairs");
            other.dataset.split = "val";
            QCOMPARE(open(other, Task::SemanticSegmentation)->size(), size_t(2));
            other.dataset.split = "test";
            const std::string message = datasetErrorOf([&] { open(other, Task::SemanticSegmentation); });
            QVERIFY2(contains(message, "'test'") && contains(message, train + ", " + val), message.c_str());
        }
    }

    void cityscapesExtractedIntoFoldersOfTheArchivesNames()
    {
        // "Extract All": leftImg8bit_trainvaltest/leftImg8bit/ and gtFine_trainvaltest/gtFine/.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeCityscapesDataset(root + "/x", "train", {"aachen"}, 2, 8, 4, {7, 8});
        fs::create_directories(root + "/leftImg8bit_trainvaltest");
        fs::create_directories(root + "/gtFine_trainvaltest");
        fs::rename(root + "/x/leftImg8bit", root + "/leftImg8bit_trainvaltest/leftImg8bit");
        fs::rename(root + "/x/gtFine", root + "/gtFine_trainvaltest/gtFine");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Cityscapes));
        auto dataset = open(configFor(root), Task::SemanticSegmentation);
        QCOMPARE(dataset->size(), size_t(2));
        QCOMPARE(int(dataset->load(0).mask.at<unsigned char>(0, 1)), 1); // labelId 8: trainId 1
    }

    void theNewestVocYearIsRead()
    {
        QTemporaryDir dir;
        const std::string devkit = pathIn(dir, "VOCdevkit");
        testsupport::makeVocDataset(devkit + "/VOC2007", 2, 16, false, 0);
        testsupport::makeVocDataset(devkit + "/VOC2012", 3, 16, false, 0);
        fs::create_directories(devkit + "/VOC2014/JPEGImages"); // no masks: no choice
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(pathIn(dir)), Task::SemanticSegmentation, 0, problems);
        QCOMPARE(dataset->size(), size_t(3));
        QVERIFY(contains(dataset->itemName(0), "/VOC2012/"));
        QVERIFY2(anyProblemMentions(problems, "holds VOC2007, VOC2012: read " + devkit + "/VOC2012, the newest"),
                 problems.empty() ? "" : problems.front().message.c_str());
    }

    void linksToImagesReadElsewhereAreSkippedAndNamed()
    {
        QTemporaryDir dir;
        const std::string root = pathIn(dir, "set");
        for (int i = 0; i < 2; ++i) {
            writeColourImage(root + "/cat/" + std::to_string(i) + ".jpg", {8, 8}, {1, 2, 3});
            writeColourImage(root + "/dog/" + std::to_string(i) + ".jpg", {8, 8}, {1, 2, 3});
        }
        writeColourImage(pathIn(dir, "outside/x.jpg"), {8, 8}, {1, 2, 3});
        fs::create_symlink("../dog/1.jpg", root + "/cat/dogimg.jpg"); // another class's image
        fs::create_symlink("1.jpg", root + "/cat/again.jpg");         // its own
        fs::create_symlink(pathIn(dir, "outside/x.jpg"), root + "/dog/x.jpg"); // outside: read,
        fs::create_symlink(pathIn(dir, "outside/x.jpg"), root + "/dog/y.jpg"); // once
        std::vector<DatasetProblem> problems;
        auto dataset = openDataset(configFor(root), Task::Classification, 0, problems);
        std::map<int, int> perLabel;
        for (size_t i = 0; i < dataset->size(); ++i)
            ++perLabel[dataset->label(i)];
        QCOMPARE(perLabel, (std::map<int, int>{{0, 2}, {1, 3}}));
        for (const char *link : {"/cat/dogimg.jpg", "/cat/again.jpg", "/dog/y.jpg"})
            QVERIFY2(namesFile(problems, root + link), link);
        QVERIFY(anyProblemMentions(problems, "a symbolic link to an image read where it lies"));
        QVERIFY(anyProblemMentions(problems, "a symbolic link to the image " + root + "/dog/x.jpg links to too"));
    }

    void idxFilesInFoldersOfTheirNames()
    {
        // Kaggle's MNIST: train-images-idx3-ubyte/train-images-idx3-ubyte, and the labels alike.
        QTemporaryDir dir;
        const std::string root = pathIn(dir);
        testsupport::makeIdxDataset(root + "/x", "train", 6, 4, 4, 2, false);
        for (const std::string name : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"}) {
            fs::create_directories(root + "/" + name);
            fs::rename(root + "/x/" + name, root + "/" + name + "/" + name);
        }
        fs::remove_all(root + "/x");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Idx));
        auto dataset = open(configFor(root), Task::Classification);
        QCOMPARE(dataset->size(), size_t(6));
        QCOMPARE(dataset->numClasses(), 2);
    }
};

QTEST_GUILESS_MAIN(TestDatasets)
#include "test_datasets.moc"
