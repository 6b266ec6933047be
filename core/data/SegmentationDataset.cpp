// Semantic segmentation datasets: the masks read (class ids, binary, colour masks) and their
// class names, and the openers of Pascal VOC and Cityscapes; SegmentationPairs.cpp pairs the
// files of the segmentation_pairs layout, MaskClassCount.cpp scans the masks for their classes.

#include "data/ClassNamesFile.h"
#include "data/DatasetLayouts.h"
#include "data/SegmentationPairs.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/ImageHeader.h"
#include "data/MaskClassCount.h"
#include "data/MaskColours.h"
#include "data/ParallelFor.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <set>

namespace fs = std::filesystem;

namespace augstudio {

ListedWarning filesWithout(const std::string &what)
{
    return {"", "files", "has no " + what + "; left out", "have no " + what + "; left out", {}};
}

namespace {

constexpr int kIgnore = 255;

std::uint32_t littleEndian32(const unsigned char *p)
{
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}

// "JPEG" or "lossy WebP" for a mask saved in a lossy format, else nullptr. Judged from the
// content (a PNG named .jpg is a PNG) and a few bytes only: a WebP's chunk headers are
// walked to its image chunk, "VP8 " (lossy) or "VP8L" (lossless).
const char *lossyMaskFormat(const std::string &file)
{
    std::ifstream in(file, std::ios::binary);
    unsigned char head[12] = {};
    if (!in.read(reinterpret_cast<char *>(head), sizeof head))
        return nullptr;
    if (head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        return "JPEG";
    if (std::memcmp(head, "RIFF", 4) != 0 || std::memcmp(head + 8, "WEBP", 4) != 0)
        return nullptr;
    std::uint64_t at = 12;
    for (int chunk = 0; chunk < 16; ++chunk) { // VP8X, ICCP, ANIM, ALPH... come first
        unsigned char header[8];
        in.seekg(std::streamoff(at));
        if (!in.read(reinterpret_cast<char *>(header), sizeof header))
            return nullptr;
        if (std::memcmp(header, "VP8 ", 4) == 0)
            return "lossy WebP";
        if (std::memcmp(header, "VP8L", 4) == 0)
            return nullptr;
        const std::uint32_t size = littleEndian32(header + 4);
        at += 8 + std::uint64_t(size) + (size & 1);
    }
    return nullptr;
}

// Lossy compression blurs the class ids at object edges into in-between values, ids of no
// class that the inferred class count then counts (kept so: load() delivers those ids).
// One warning for the dataset, naming the first such mask.
void warnOfLossyMasks(const std::vector<PairItem> &items, std::vector<DatasetProblem> &problems)
{
    std::vector<const char *> formats(items.size(), nullptr);
    parallelFor(items.size(), [&](std::size_t i) { formats[i] = lossyMaskFormat(items[i].mask); });
    std::size_t count = 0, first = 0;
    std::set<std::string> kinds;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!formats[i])
            continue;
        if (count++ == 0)
            first = i;
        kinds.insert(formats[i]);
    }
    if (count == 0)
        return;
    const std::string &file = items[first].mask;
    const std::string kind = kinds.size() == 1 ? *kinds.begin() : "JPEG or lossy WebP";
    addWarning(problems, file,
               std::to_string(count) + " of the " + std::to_string(items.size()) + " masks "
                   + (count == 1 ? "is " : "are ") + kind + " (first: " + file
                   + "): a lossy format blurs the class ids at object edges into ids of no class, which count as "
                     "extra classes when num_classes is inferred; save masks as PNG");
}

class SegmentationDataset : public Dataset
{
public:
    SegmentationDataset(DatasetLayout layout, std::vector<PairItem> items, MaskEncoding encoding, int numClasses,
                        std::vector<std::string> classNames, const DataConfig &config,
                        std::vector<DatasetProblem> &problems, std::optional<MaskColours> colours = std::nullopt)
        : m_layout(layout), m_items(std::move(items)), m_encoding(encoding), m_numClasses(numClasses),
          m_classNames(std::move(classNames)), m_dtype(config.inputDtype), m_ignoreIndex(config.ignoreIndex),
          m_colours(std::move(colours))
    {
        std::vector<std::string> images;
        images.reserve(m_items.size());
        for (const PairItem &item : m_items)
            images.push_back(item.image);
        const ImageFilesScan scan = scanImageFiles(images);
        m_channels = scan.channels;
        addScanWarnings(scan, problems);
        if (m_encoding != MaskEncoding::BinaryThreshold) // said by the threshold's warning
            warnOfLossyMasks(m_items, problems);
    }

    DatasetLayout layout() const override { return m_layout; }
    Task task() const override { return Task::SemanticSegmentation; }
    std::size_t size() const override { return m_items.size(); }
    int numClasses() const override { return m_numClasses; }
    std::vector<std::string> classNames() const override { return m_classNames; }
    std::string itemName(std::size_t i) const override { return m_items.at(i).image; }
    int label(std::size_t) const override { return -1; }
    int channels() const override { return m_channels; }

    // "mask colours: 3 classes, the colours the masks hold, in RGB order: 0 #000000, 1 #000080, 2 #800000"
    std::string labelsSource() const override
    {
        if (!m_colours)
            return m_namesSource.empty() ? std::string() : namesListed();
        const std::vector<cv::Vec3b> &colours = m_colours->colours;
        std::string text = "mask colours: " + std::to_string(colours.size()) + " classes, "
                           + (m_colours->source.empty() ? "the colours the masks hold, in RGB order"
                                                        : "as " + m_colours->source + " lists them")
                           + ":";
        constexpr std::size_t kNamed = 8;
        for (std::size_t id = 0; id < colours.size() && id < kNamed; ++id)
            text += (id ? ", " : " ") + std::to_string(id) + " " + colourName(colours[id])
                    + (m_colours->source.empty() ? "" : " " + m_colours->names[id]);
        return colours.size() > kNamed ? text + ", ..." : text;
    }

    const MaskColours *maskColours() const override { return m_colours ? &*m_colours : nullptr; }
    // The file the class names come from (class_names.txt, _classes.csv), said by labelsSource().
    void setNamesSource(std::string source) { m_namesSource = std::move(source); }

    cv::Size imageSize(std::size_t i) const override { return imageFileSize(m_items.at(i).image); }

    std::string pairProblem(std::size_t i) const override
    {
        const PairItem &item = m_items.at(i);
        const ImageHeader image = readImageHeader(item.image), mask = readImageHeader(item.mask);
        const cv::Size imageSize(image.width, image.height), maskSize(mask.width, mask.height);
        if (imageSize.area() == 0 || maskSize.area() == 0 || imageSize == maskSize)
            return {};
        return sizeMismatch(item, maskSize, imageSize);
    }

    Sample load(std::size_t i) const override
    {
        const PairItem &item = m_items.at(i);
        Sample sample;
        sample.image = decodeImage(item.image, m_dtype);
        sample.mask = decodeMask(item.mask, m_encoding, m_colours ? &*m_colours : nullptr);
        if (sample.mask.size() != sample.image.size())
            throw DatasetError(sizeMismatch(item, sample.mask.size(), sample.image.size()), item.mask);
        checkClassIds(sample.mask, item.mask);
        return sample;
    }

private:
    static std::string sizeMismatch(const PairItem &item, cv::Size mask, cv::Size image)
    {
        return "mask " + item.mask + " is " + describe(mask) + " but its image " + item.image + " is "
               + describe(image);
    }

    static std::string describe(cv::Size size)
    {
        return std::to_string(size.width) + "x" + std::to_string(size.height);
    }

    // "class names: as …/_classes.csv lists them: 0 background, 1 crack, 2 spall"
    std::string namesListed() const
    {
        std::string text = "class names: as " + m_namesSource + " lists them:";
        constexpr std::size_t kNamed = 8;
        for (std::size_t id = 0; id < m_classNames.size() && id < kNamed; ++id)
            text += (id ? ", " : " ") + std::to_string(id) + " " + m_classNames[id];
        return m_classNames.size() > kNamed ? text + ", ..." : text;
    }

    void checkClassIds(const cv::Mat &mask, const std::string &file) const
    {
        int histogram[256] = {};
        for (int y = 0; y < mask.rows; ++y) {
            const unsigned char *row = mask.ptr<unsigned char>(y);
            for (int x = 0; x < mask.cols; ++x)
                ++histogram[row[x]];
        }
        for (int id = m_numClasses; id < 256; ++id) {
            if (histogram[id] > 0 && id != kIgnore && id != m_ignoreIndex)
                throw DatasetError("mask " + file + " has class id " + std::to_string(id) + " but num_classes is "
                                       + std::to_string(m_numClasses) + " (ids 0.." + std::to_string(m_numClasses - 1)
                                       + ", 255 = ignore)",
                                   file);
        }
    }

    DatasetLayout m_layout;
    std::vector<PairItem> m_items;
    MaskEncoding m_encoding;
    int m_numClasses;
    std::vector<std::string> m_classNames;
    InputDtype m_dtype;
    int m_ignoreIndex;
    std::optional<MaskColours> m_colours; // a colour table: ColourTable masks, VOC's labelmap.txt
    std::string m_namesSource;
    int m_channels = 3;
};

std::vector<PairItem> keepLimited(std::vector<PairItem> items, int limit)
{
    std::vector<PairItem> kept;
    for (std::size_t i : limitedSelection(items.size(), limit))
        kept.push_back(std::move(items[i]));
    return kept;
}

const std::vector<std::string> &vocClassNames()
{
    static const std::vector<std::string> names = {
        "background", "aeroplane", "bicycle", "bird",  "boat",        "bottle", "bus",
        "car",        "cat",       "chair",   "cow",   "diningtable", "dog",    "horse",
        "motorbike",  "person",    "pottedplant", "sheep", "sofa",    "train",  "tvmonitor"};
    return names;
}

const std::vector<std::string> &cityscapesClassNames()
{
    static const std::vector<std::string> names = {
        "road",   "sidewalk", "building", "wall",  "fence", "pole",  "traffic light",
        "traffic sign", "vegetation", "terrain", "sky", "person", "rider", "car",
        "truck",  "bus",      "train",    "motorcycle", "bicycle"};
    return names;
}

std::vector<std::string> paddedNames(std::vector<std::string> names, int count)
{
    while (static_cast<int>(names.size()) < count)
        names.push_back("class_" + std::to_string(names.size()));
    names.resize(std::size_t(std::max(count, 0)));
    return names;
}

// A list of the class ids' names exported beside the masks (Roboflow's _classes.csv in each
// split folder), or at the top of the dataset.
std::optional<ClassNamesFile> classNamesNear(const std::vector<PairItem> &items, const fs::path &root)
{
    if (!items.empty())
        for (const fs::path &dir : {fs::path(items.front().mask).parent_path(), fs::path(items.front().image).parent_path()})
            if (std::optional<ClassNamesFile> found = readClassNamesFile(dir))
                return found;
    return readClassNamesFile(root);
}

// The class count of masks of class ids with their names listed: the file's classes, those
// no mask shows included, where num_classes is not set.
int classesWithNames(int fromMasks, const ClassNamesFile &listed, const OpenRequest &request)
{
    const int named = int(listed.names.size());
    if (fromMasks > named)
        addWarning(request.problems, listed.source,
                   "the masks hold class ids up to " + std::to_string(fromMasks - 1) + ", " + listed.source + " names "
                       + std::to_string(named) + (named == 1 ? " class" : " classes") + ": the others are named class_<id>");
    return request.numClasses > 0 ? fromMasks : std::max(fromMasks, named);
}

} // namespace

std::unique_ptr<Dataset> pairedSegmentationDataset(std::vector<PairItem> items, const OpenRequest &request)
{
    items = keepLimited(std::move(items), request.config.dataset.limit);
    MaskReading reading = segmentationClassCount(items, MaskEncoding::ClassIndex, request);
    if (reading.colourMask.empty()) {
        const std::optional<ClassNamesFile> listed = classNamesNear(items, request.root);
        if (listed)
            reading.classes = classesWithNames(reading.classes, *listed, request);
        auto dataset = std::make_unique<SegmentationDataset>(
            DatasetLayout::SegmentationPairs, std::move(items), reading.encoding, reading.classes,
            listed ? paddedNames(listed->names, reading.classes) : std::vector<std::string>(), request.config,
            request.problems);
        if (listed)
            dataset->setNamesSource(listed->source);
        return dataset;
    }
    MaskColours colours = maskColourTable(items, request);
    reading = colourMaskClassCount(items, colours, request);
    std::vector<std::string> names = paddedNames(colours.names, reading.classes);
    return std::make_unique<SegmentationDataset>(DatasetLayout::SegmentationPairs, std::move(items), reading.encoding,
                                                 reading.classes, std::move(names), request.config, request.problems,
                                                 std::move(colours));
}

std::unique_ptr<Dataset> openVoc(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::optional<fs::path> found = findVocRoot(request.root);
    if (!found)
        throw DatasetError("no Pascal VOC folders (JPEGImages/ and SegmentationClass/) in " + where, where);
    const fs::path voc = *found;
    if (const std::vector<fs::path> years = vocYearFolders(request.root); years.size() > 1 && voc == years.back()) {
        std::string names;
        for (const fs::path &year : years)
            names += (names.empty() ? "" : ", ") + year.filename().string();
        addWarning(request.problems, voc.string(),
                   voc.parent_path().string() + " holds " + names + ": read " + voc.string()
                       + ", the newest; give the folder of another year as the dataset to use it");
    }
    const fs::path imagesDir = voc / "JPEGImages", masksDir = vocMasksFolder(voc);
    const fs::path splitFile = voc / "ImageSets" / "Segmentation" / (request.config.dataset.split + ".txt");

    std::vector<PairItem> items;
    std::error_code ec;
    if (fs::is_regular_file(splitFile, ec)) {
        std::ifstream in(splitFile);
        std::vector<std::string> missingImages, missingMasks;
        for (std::string line; std::getline(in, line);) {
            line.erase(line.find_last_not_of(" \t\r") + 1);
            line.erase(0, line.find_first_not_of(" \t"));
            if (line.empty())
                continue;
            const auto image = findImageByStem(imagesDir, line);
            const fs::path mask = masksDir / (line + ".png");
            if (!image)
                missingImages.push_back((imagesDir / (line + ".jpg")).string());
            else if (!fs::is_regular_file(mask, ec))
                missingMasks.push_back(image->string());
            else
                items.push_back({image->string(), mask.string()});
        }
        addListedWarnings(request.problems, missingImages,
                          {"", "files", "is listed in " + splitFile.string() + " but missing",
                           "are listed in " + splitFile.string() + " but missing", {}});
        addListedWarnings(request.problems, missingMasks, filesWithout("mask in " + masksDir.string()));
    } else {
        // Only the segmentation subset of JPEGImages has masks, so the masks decide what is used.
        if (fs::is_directory(voc / "ImageSets" / "Segmentation", ec))
            addWarning(request.problems, splitFile.string(),
                       splitFile.string() + " does not exist; using every mask in " + masksDir.string());
        std::vector<std::string> masksWithoutImage;
        for (const fs::path &mask : listImageFiles(masksDir, nullptr, request.listing)) {
            const auto image = findImageByStem(imagesDir, mask.stem().string());
            if (image)
                items.push_back({image->string(), mask.string()});
            else
                masksWithoutImage.push_back(mask.string());
        }
        addListedWarnings(request.problems, masksWithoutImage, filesWithout("image in " + imagesDir.string()));
    }
    if (items.empty())
        throw DatasetError("no Pascal VOC image/mask pairs in " + voc.string() + ": expected JPEGImages/<name>.jpg "
                               "with " + masksDir.filename().string() + "/<name>.png",
                           voc.string());

    items = keepLimited(std::move(items), request.config.dataset.limit);
    // CVAT's and Datumaro's exports list their own classes and colours in labelmap.txt,
    // labelme2voc its classes in class_names.txt.
    std::optional<MaskColours> colours = readMaskColourFile(voc);
    if (!colours) {
        const std::optional<ClassNamesFile> listed = readClassNamesFile(voc);
        const int numClasses =
            listed ? resolveClassCount(int(listed->names.size()), request.numClasses, "the classes of " + listed->source,
                                       voc.string(), request.problems)
                   : resolveClassCount(21, request.numClasses, "Pascal VOC", voc.string(), request.problems);
        auto dataset = std::make_unique<SegmentationDataset>(
            DatasetLayout::Voc, std::move(items), MaskEncoding::VocPalette, numClasses,
            paddedNames(listed ? listed->names : vocClassNames(), numClasses), request.config, request.problems);
        if (listed)
            dataset->setNamesSource(listed->source);
        return dataset;
    }
    const int numClasses = resolveClassCount(int(colours->colours.size()), request.numClasses,
                                             "the colours of " + colours->source, voc.string(), request.problems);
    std::vector<std::string> names = paddedNames(colours->names, numClasses);
    return std::make_unique<SegmentationDataset>(DatasetLayout::Voc, std::move(items), MaskEncoding::VocPalette,
                                                 numClasses, std::move(names), request.config, request.problems,
                                                 std::move(colours));
}

std::unique_ptr<Dataset> openCityscapes(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::string split = request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
    const CityscapesFolders folders = findCityscapesFolders(request.root)
                                          .value_or(CityscapesFolders{request.root / "leftImg8bit", request.root / "gtFine"});
    const fs::path imagesDir = folders.images / split;
    const fs::path masksDir = folders.masks / split;
    std::error_code ec;
    if (!fs::is_directory(imagesDir, ec)) {
        std::string available;
        for (const fs::path &dir : listSubfolders(folders.images))
            available += (available.empty() ? "" : ", ") + dir.filename().string();
        throw DatasetError("no Cityscapes split folder " + imagesDir.string() + " (data.dataset.split is '" + split
                               + "'; found: " + (available.empty() ? "none" : available) + ")",
                           imagesDir.string());
    }

    const std::string imageSuffix = "_leftImg8bit.png", maskSuffix = "_gtFine_labelIds.png";
    auto endsWith = [](const std::string &s, const std::string &tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    std::vector<PairItem> items;
    std::vector<std::string> imagesWithoutMask, masksWithoutImage;
    std::set<std::string> pairedMasks;
    for (const fs::path &image : listImageFiles(imagesDir, nullptr, request.listing)) {
        const std::string name = image.filename().string();
        if (!endsWith(name, imageSuffix))
            continue;
        const fs::path relative = image.parent_path().lexically_relative(imagesDir);
        const fs::path mask =
            (masksDir / relative / (name.substr(0, name.size() - imageSuffix.size()) + maskSuffix)).lexically_normal();
        if (fs::is_regular_file(mask, ec)) {
            items.push_back({image.string(), mask.string()});
            pairedMasks.insert(mask.string());
        } else {
            imagesWithoutMask.push_back(image.string());
        }
    }
    for (const fs::path &mask : listImageFiles(masksDir, nullptr, request.listing)) {
        if (endsWith(mask.filename().string(), maskSuffix) && !pairedMasks.count(mask.lexically_normal().string()))
            masksWithoutImage.push_back(mask.string());
    }
    addListedWarnings(request.problems, imagesWithoutMask,
                      filesWithout("*" + maskSuffix + " mask in " + masksDir.string()));
    addListedWarnings(request.problems, masksWithoutImage, filesWithout("*" + imageSuffix + " image"));
    if (items.empty())
        throw DatasetError("no Cityscapes image/mask pairs in " + where + ": expected leftImg8bit/" + split
                               + "/<city>/*" + imageSuffix + " with gtFine/" + split + "/<city>/*" + maskSuffix,
                           where);

    items = keepLimited(std::move(items), request.config.dataset.limit);
    const int numClasses = resolveClassCount(19, request.numClasses, "Cityscapes trainIds", where, request.problems);
    return std::make_unique<SegmentationDataset>(DatasetLayout::Cityscapes, std::move(items),
                                                 MaskEncoding::CityscapesLabelIds, numClasses,
                                                 paddedNames(cityscapesClassNames(), numClasses), request.config,
                                                 request.problems);
}

} // namespace augstudio
