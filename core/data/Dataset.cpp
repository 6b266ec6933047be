#include "data/Dataset.h"

#include "data/DatasetLayouts.h"
#include "data/DetectionDatasets.h"
#include "data/DeterministicRandom.h"
#include "data/ImageFiles.h"
#include "data/LabelsCsv.h"
#include "data/MaskNames.h"
#include "data/SplitFolders.h"
#include "data/UnreadFormats.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <numeric>
#include <set>

#include <unistd.h>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// The subset behind data.dataset.limit does not depend on the search seed, so every run
// of a config sees the same images.
constexpr std::uint64_t kLimitSeed = 0x4175675374756469ULL;

bool isDirectory(const fs::path &path)
{
    std::error_code ec;
    return fs::is_directory(path, ec);
}

std::string expectedLayouts(Task task)
{
    if (task == Task::Classification)
        return "class folders (root/<class name>/<image>, extensions " + std::string(imageExtensionList())
               + "), IDX files (train-images-idx3-ubyte[.gz] + train-labels-idx1-ubyte[.gz]) or a labels file "
                 "(root/labels.csv naming each image and its class)";
    return "images/ + masks/ (segmentation pairs; also img/, Images/, ... + labels/, annotations/, gt/, ...), "
           "JPEGImages/ + SegmentationClass/ (Pascal VOC) or leftImg8bit/ + gtFine/ (Cityscapes)";
}

bool hasImagesDirectly(const fs::path &dir)
{
    return !imageFilesIn(dir, 1).empty();
}

} // namespace

const char *toString(DatasetLayout layout)
{
    switch (layout) {
    case DatasetLayout::ImageFolder: return "image_folder";
    case DatasetLayout::Idx: return "idx";
    case DatasetLayout::SegmentationPairs: return "segmentation_pairs";
    case DatasetLayout::Voc: return "voc";
    case DatasetLayout::Cityscapes: return "cityscapes";
    case DatasetLayout::CsvLabels: return "csv";
    case DatasetLayout::Cifar: return "cifar";
    case DatasetLayout::Svhn: return "svhn";
    case DatasetLayout::Flowers102: return "flowers102";
    case DatasetLayout::Stl10: return "stl10";
    }
    return "?";
}

std::optional<DatasetLayout> layoutFromString(const std::string &name)
{
    for (DatasetLayout layout : {DatasetLayout::ImageFolder, DatasetLayout::Idx, DatasetLayout::SegmentationPairs,
                                 DatasetLayout::Voc, DatasetLayout::Cityscapes, DatasetLayout::CsvLabels,
                                 DatasetLayout::Cifar, DatasetLayout::Svhn,
                                 DatasetLayout::Flowers102, DatasetLayout::Stl10}) {
        if (name == toString(layout))
            return layout;
    }
    return std::nullopt;
}

Task taskOf(DatasetLayout layout)
{
    return layout == DatasetLayout::ImageFolder || layout == DatasetLayout::Idx || layout == DatasetLayout::CsvLabels
                   || layout == DatasetLayout::Cifar || layout == DatasetLayout::Svhn
                   || layout == DatasetLayout::Flowers102 || layout == DatasetLayout::Stl10
               ? Task::Classification
               : Task::SemanticSegmentation;
}

DatasetError::DatasetError(const std::string &message, std::string file)
    : std::runtime_error(message), m_file(std::move(file))
{
}

bool namesFile(const std::vector<DatasetProblem> &problems, const std::string &file)
{
    return !file.empty() && std::any_of(problems.begin(), problems.end(),
                       [&](const DatasetProblem &problem) { return problem.file == file; });
}

Dataset::~Dataset() = default;

std::string Dataset::pairProblem(std::size_t) const
{
    return {};
}

std::string Dataset::labelsSource() const
{
    return {};
}

const MaskColours *Dataset::maskColours() const
{
    return nullptr;
}

cv::Size Dataset::imageSize(std::size_t i) const
{
    try {
        return load(i).image.size();
    } catch (const std::exception &) {
        return {};
    }
}

std::optional<fs::path> findIdxFile(const fs::path &dir, const std::string &prefix, const std::string &kind)
{
    const std::string dims = kind == "images" ? "3" : "1";
    std::vector<fs::path> candidates, nested;
    for (const std::string &name : {prefix + "-" + kind + "-idx" + dims + "-ubyte",
                                    prefix + "-" + kind + ".idx" + dims + "-ubyte"}) {
        for (const char *suffix : {".gz", ""}) {
            candidates.push_back(dir / (name + suffix));
            // Kaggle's MNIST: each file inside a folder of its name
            nested.push_back(dir / name / (name + suffix));
            nested.push_back(dir / (name + suffix) / (name + suffix));
        }
    }
    candidates.insert(candidates.end(), nested.begin(), nested.end());
    for (const fs::path &candidate : candidates) {
        std::error_code ec;
        if (fs::is_regular_file(candidate, ec))
            return candidate;
    }
    return std::nullopt;
}

fs::path vocMasksFolder(const fs::path &voc)
{
    const fs::path masks = voc / "SegmentationClass", pngs = voc / "SegmentationClassPNG";
    if (isDirectory(pngs) && (!isDirectory(masks) || imageFilesIn(masks, 1).empty()))
        return pngs;
    return masks;
}

namespace {

bool isVocFolder(const fs::path &dir)
{
    return isDirectory(dir / "JPEGImages") && isDirectory(vocMasksFolder(dir));
}

// 2012 of VOC2012 (-1 without a number): the year that orders VOC folders.
int vocYear(const fs::path &dir)
{
    const std::string name = dir.filename().string();
    std::size_t digits = 3;
    while (digits < name.size() && !std::isdigit(static_cast<unsigned char>(name[digits])))
        ++digits;
    int year = -1;
    for (; digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits])) && year < 100000; ++digits)
        year = std::max(year, 0) * 10 + (name[digits] - '0');
    return year;
}

} // namespace

std::vector<fs::path> vocYearFolders(const fs::path &root)
{
    std::vector<fs::path> found;
    for (const fs::path &parent : {root / "VOCdevkit", root}) {
        for (const fs::path &dir : listSubfolders(parent))
            if (dir.filename().string().rfind("VOC", 0) == 0 && isVocFolder(dir))
                found.push_back(dir);
        if (!found.empty())
            break;
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const fs::path &a, const fs::path &b) { return vocYear(a) < vocYear(b); });
    return found;
}

std::optional<fs::path> findVocRoot(const fs::path &root)
{
    if (isVocFolder(root))
        return root;
    const std::vector<fs::path> years = vocYearFolders(root);
    if (years.empty())
        return std::nullopt;
    return years.back();
}

namespace {

// `name`/ at root, or in one of its folders (cs/leftImg8bit_trainvaltest/leftImg8bit/).
std::optional<fs::path> folderAtOrBelow(const fs::path &root, const std::string &name)
{
    if (isDirectory(root / name))
        return root / name;
    for (const fs::path &dir : listSubfolders(root))
        if (isDirectory(dir / name))
            return dir / name;
    return std::nullopt;
}

} // namespace

std::optional<CityscapesFolders> findCityscapesFolders(const fs::path &root)
{
    const std::optional<fs::path> images = folderAtOrBelow(root, "leftImg8bit");
    if (!images)
        return std::nullopt;
    const std::optional<fs::path> masks = folderAtOrBelow(root, "gtFine");
    if (!masks)
        return std::nullopt;
    return CityscapesFolders{*images, *masks};
}

namespace {

std::string lowerName(const fs::path &path)
{
    return asciiLower(path.filename().string());
}

bool isImagesFolderName(const std::string &lower)
{
    static const std::set<std::string> names = {"images", "image", "imgs", "img"};
    return names.count(lower) > 0;
}

bool isMaskFolderName(const std::string &lower)
{
    static const std::set<std::string> names = {"masks", "mask", "labels", "label", "annotations", "annotation",
                                                "ann", "anns", "gt", "groundtruth", "ground_truth"};
    return names.count(lower) > 0;
}

// The split folders of `dir` that hold images (images/train/, annotations/training/).
std::vector<fs::path> splitFoldersWithImages(const fs::path &dir)
{
    std::vector<fs::path> splits;
    for (const fs::path &folder : listSubfolders(dir))
        if (isSplitFolderName(folder.filename().string()) && hasImagesDirectly(folder))
            splits.push_back(folder);
    return splits;
}

bool holdsImagesOrSplits(const fs::path &dir)
{
    return hasImagesDirectly(dir) || !splitFoldersWithImages(dir).empty();
}

// Whether most of a few masks have an image of their name: in the folders themselves, or in
// the same split folder of each (annotations/training/ and images/training/).
bool masksNameImages(const fs::path &images, const fs::path &masks)
{
    constexpr std::size_t kSampled = 16;
    fs::path imagesDir = images, masksDir = masks;
    std::vector<fs::path> sample = imageFilesIn(masksDir, kSampled);
    if (sample.empty()) {
        const std::vector<fs::path> splits = splitFoldersWithImages(masks);
        if (splits.empty())
            return false;
        const std::optional<fs::path> imageSplit = findSplitFolder(images, splits.front().filename().string());
        if (!imageSplit)
            return false;
        imagesDir = *imageSplit;
        masksDir = splits.front();
        sample = imageFilesIn(masksDir, kSampled);
    }
    const auto named = std::count_if(sample.begin(), sample.end(), [&](const fs::path &mask) {
        return findImageByStem(imagesDir, mask.stem().string()).has_value();
    });
    return !sample.empty() && std::size_t(named) * 2 >= sample.size();
}

} // namespace

std::optional<fs::path> findMaskFolder(const fs::path &root, const fs::path &images)
{
    // The documented names are taken at their word; the others, common class names too
    // (label/, mask/), only where the masks are named as the images.
    const bool documented = images.filename() == "images";
    if (documented && isDirectory(root / "masks"))
        return root / "masks";
    for (const fs::path &folder : listSubfolders(root)) {
        const std::string name = folder.filename().string();
        if (folder == images || !isMaskFolderName(asciiLower(name)))
            continue;
        if (!holdsImagesOrSplits(folder)) {
            // The masks one folder down, beside other annotations: the Oxford-IIIT Pet set's
            // annotations/trimaps/ beside annotations/xmls/.
            for (const fs::path &kind : listSubfolders(folder))
                if (hasImagesDirectly(kind) && masksNameImages(images, kind))
                    return kind;
            continue;
        }
        if ((documented && (name == "labels" || name == "annotations")) || masksNameImages(images, folder))
            return folder;
    }
    return std::nullopt;
}

std::optional<PairFolders> findPairFolders(const fs::path &root)
{
    // Manual annotations before a mask/ beside them (DRIVE's 1st_manual/ of the vessels, mask/
    // of the field of view).
    if (const std::optional<NamedMaskFolders> manual = foldersOfImagesAndMasks(root, true))
        return PairFolders{manual->images, manual->masks};
    std::vector<fs::path> folders = listSubfolders(root);
    // images/ itself before its other spellings
    std::stable_partition(folders.begin(), folders.end(),
                          [](const fs::path &folder) { return folder.filename() == "images"; });
    for (const fs::path &images : folders) {
        if (!isImagesFolderName(lowerName(images)))
            continue;
        if (const std::optional<fs::path> masks = findMaskFolder(root, images))
            return PairFolders{images, *masks};
    }
    // train/ + train_labels/: of several, the split is chosen when the dataset is opened
    const std::vector<fs::path> named = foldersWithNamedMaskFolders(root);
    if (!named.empty())
        return PairFolders{named.front(), *maskFolderNamedAfter(named.front()), true};
    if (const std::optional<NamedMaskFolders> found = foldersOfImagesAndMasks(root))
        return PairFolders{found->images, found->masks};
    return std::nullopt;
}

std::vector<PairFolders> pairFoldersOfGroups(const fs::path &dir)
{
    // A few folders, as datasets and sequences are: not the class folders of a classification.
    constexpr std::size_t kMostGroups = 64;
    const std::vector<fs::path> folders = listSubfolders(dir);
    if (folders.size() > kMostGroups || !imageFilesIn(dir, 1).empty())
        return {};
    std::vector<PairFolders> groups;
    for (const fs::path &folder : folders)
        if (const std::optional<PairFolders> pair = findPairFolders(folder); pair && !pair->masksNamedAfterImages)
            groups.push_back(*pair);
    return groups.size() * 2 >= folders.size() ? groups : std::vector<PairFolders>{};
}

fs::path groupsFolder(const fs::path &root, const std::string &split)
{
    if (!areSplitFolders(listSubfolders(root)))
        return root;
    return findSplitFolder(root, split).value_or(root);
}

namespace {

// Whether `dir` holds a file of data itself: an image, IDX files, a labels file or image list
// whose rows name images there, or a CSV file that reads as labels (its images may lie deeper
// than detection looks); not a file of boxes (Stanford Cars' anno_train.csv beside car_data/).
bool holdsDataFiles(const fs::path &dir)
{
    if (!imageFilesIn(dir, 1).empty() || findIdxFile(dir, "train", "images") || findIdxFile(dir, "t10k", "images")
        || findSvhnFolder(dir) == dir)
        return true;
    const LabelsCsvChoice choice = chooseLabelsCsv(dir);
    return !choice.namingImages.empty()
           || std::any_of(choice.candidates.begin(), choice.candidates.end(), [&](const fs::path &file) {
                  return file.parent_path() == dir && sampleLabelsCsv(file, {}).has_value();
              });
}

} // namespace

fs::path datasetFolderIn(const fs::path &root)
{
    constexpr int kMostLevels = 4;
    fs::path dir = root;
    for (int level = 0; level < kMostLevels; ++level) {
        const std::vector<fs::path> folders = listSubfolders(dir);
        if (folders.size() != 1 || isSplitFolderName(folders.front().filename().string())
            || listSubfolders(folders.front()).empty() || holdsDataFiles(dir))
            break;
        dir = folders.front();
    }
    return dir;
}

std::optional<DatasetLayout> detectLayout(const std::string &rootName)
{
    if (rootName.empty() || !isDirectory(rootName))
        return std::nullopt;
    const fs::path root = datasetFolderIn(rootName);
    for (const char *prefix : {"train", "t10k"}) {
        if (findIdxFile(root, prefix, "images"))
            return DatasetLayout::Idx;
    }
    if (findCifarFolder(root))
        return DatasetLayout::Cifar;
    if (findSvhnFolder(root))
        return DatasetLayout::Svhn;
    if (findFlowers102Folder(root))
        return DatasetLayout::Flowers102;
    if (findStl10Folder(root))
        return DatasetLayout::Stl10;
    if (findVocRoot(root))
        return DatasetLayout::Voc;
    if (findCityscapesFolders(root))
        return DatasetLayout::Cityscapes;
    const fs::path split = groupsFolder(root, "");
    if (findPairFolders(root) || holdsMasksBesideImages(root) || !pairFoldersOfGroups(split).empty()
        || (split != root && findPairFolders(split)))
        return DatasetLayout::SegmentationPairs;
    // Before the class folders: the images of a labels file often lie in a train/ folder.
    if (holdsCsvLabels(root))
        return DatasetLayout::CsvLabels;
    if (!listSubfolders(root).empty())
        return DatasetLayout::ImageFolder;
    return std::nullopt;
}

std::unique_ptr<Dataset> openDataset(const DataConfig &config, Task task, int numClasses,
                                     std::vector<DatasetProblem> &problems,
                                     const std::function<bool(std::size_t entries)> &listingProgress)
{
    const std::string &rootName = config.dataset.root;
    if (rootName.empty())
        throw DatasetError("no dataset folder given: set data.dataset.root (or --dataset)");
    const fs::path root(rootName);
    std::error_code ec;
    if (!fs::exists(root, ec))
        throw DatasetError("dataset folder " + rootName + " does not exist"
                               + (rootName.find('\\') != std::string::npos
                                      ? " (a Windows path? folders are separated by /, not \\)"
                                      : ""),
                           rootName);
    if (!isDirectory(root))
        throw DatasetError("dataset path " + rootName + " is not a folder", rootName);
    // A folder this user may not list would be "of no known layout" below.
    if (::access(rootName.c_str(), R_OK | X_OK) != 0)
        throw DatasetError("cannot read dataset folder " + rootName + ": " + std::strerror(errno), rootName);

    std::optional<DatasetLayout> layout;
    if (config.dataset.layout.empty() || config.dataset.layout == "auto") {
        layout = detectLayout(rootName);
        if (!layout) {
            if (fs::is_empty(root, ec))
                throw DatasetError("dataset folder " + rootName + " is empty; expected " + expectedLayouts(task),
                                   rootName);
            if (task == Task::Classification && hasImagesDirectly(root))
                throw DatasetError("dataset folder " + rootName + " holds images but no class folders; "
                                   "classification expects root/<class name>/<image>", rootName);
            const std::string elsewhere = dataInAnotherFormat(root);
            throw DatasetError("cannot tell the layout of dataset folder " + rootName + ": expected "
                                   + expectedLayouts(task) + " (or set data.dataset.layout)"
                                   + (elsewhere.empty() ? "" : "; " + elsewhere),
                               rootName);
        }
        if (taskOf(*layout) != task)
            throw DatasetError("dataset folder " + rootName + " has the " + toString(*layout) + " layout ("
                                   + toString(taskOf(*layout)) + ") but the task is " + toString(task)
                                   + ": set task: " + toString(taskOf(*layout)) + " (--set task="
                                   + toString(taskOf(*layout)) + "), or give a folder of " + expectedLayouts(task),
                               rootName);
    } else {
        layout = layoutFromString(config.dataset.layout);
        if (!layout)
            throw std::invalid_argument("unknown data.dataset.layout '" + config.dataset.layout
                                        + "' (expected auto, image_folder, idx, csv, segmentation_pairs, voc, "
                                          "cityscapes or cifar)");
        if (taskOf(*layout) != task)
            throw std::invalid_argument(std::string("data.dataset.layout ") + toString(*layout) + " is a "
                                        + toString(taskOf(*layout)) + " layout but the task is " + toString(task));
    }

    // An archive's folder around the dataset (Kaggle's archive/CamVid/): the dataset inside.
    const fs::path inside = datasetFolderIn(root);
    if (inside != root)
        addWarning(problems, inside.string(),
                   "read " + inside.string() + ": " + rootName + " holds it alone, as an archive extracted into a "
                   "folder of its name does");
    ListingProgress counted(listingProgress);
    const OpenRequest request{config, inside, numClasses, problems, &counted};
    switch (*layout) {
    case DatasetLayout::ImageFolder:
        // Boxes are no classes: said, where its folders would be read as classes.
        if (const std::string boxes = detectionAnnotationsIn(inside); !boxes.empty())
            throw DatasetError(inside.string() + " is an object detection dataset (" + boxes
                                   + "): a search learns policies for classification (class folders or a labels "
                                     "file) and semantic segmentation (images and their masks), not from boxes",
                               inside.string());
        return openImageFolder(request);
    case DatasetLayout::Idx: return openIdx(request);
    case DatasetLayout::SegmentationPairs: return openSegmentationPairs(request);
    case DatasetLayout::Voc: return openVoc(request);
    case DatasetLayout::Cityscapes: return openCityscapes(request);
    case DatasetLayout::CsvLabels: return openCsvLabels(request);
    case DatasetLayout::Cifar: return openCifar(request);
    case DatasetLayout::Svhn: return openSvhn(request);
    case DatasetLayout::Flowers102: return openFlowers102(request);
    case DatasetLayout::Stl10: return openStl10(request);
    }
    return nullptr;
}

std::vector<std::size_t> limitedSelection(std::size_t total, int limit)
{
    std::vector<std::size_t> indices(total);
    std::iota(indices.begin(), indices.end(), std::size_t(0));
    if (limit <= 0 || std::size_t(limit) >= total)
        return indices;
    deterministicShuffle(indices, kLimitSeed);
    indices.resize(std::size_t(limit));
    std::sort(indices.begin(), indices.end());
    return indices;
}

int resolveClassCount(int found, int requested, const std::string &what, const std::string &where,
                      std::vector<DatasetProblem> &problems)
{
    int count = found;
    if (requested > 0) {
        if (requested < found)
            throw DatasetError(where + " has " + std::to_string(found) + " classes (" + what + ") but num_classes is "
                                   + std::to_string(requested),
                               where);
        if (requested > found)
            addWarning(problems, where,
                       "num_classes is " + std::to_string(requested) + " but " + where + " shows only "
                           + std::to_string(found) + " classes (" + what + ")");
        count = requested;
    }
    if (count < 2)
        throw DatasetError(where + " has " + std::to_string(count) + " class (" + what
                               + "); classification needs at least 2 classes",
                           where);
    return count;
}

int resolveClassNames(std::vector<std::string> &classes, int requested, const std::string &what,
                      const std::string &where, std::vector<DatasetProblem> &problems)
{
    const int count = resolveClassCount(static_cast<int>(classes.size()), requested, what, where, problems);
    while (static_cast<int>(classes.size()) < count)
        classes.push_back("class_" + std::to_string(classes.size()));
    return count;
}

std::string firstIds(const std::vector<int> &ids)
{
    constexpr std::size_t kListed = 5;
    std::string listed;
    for (std::size_t i = 0; i < ids.size() && i < kListed; ++i)
        listed += (i ? ", " : "") + std::to_string(ids[i]);
    if (ids.size() > kListed)
        listed += ", ...";
    return listed;
}

void addWarning(std::vector<DatasetProblem> &problems, const std::string &file, const std::string &message)
{
    problems.push_back(DatasetProblem{false, file, message});
}

std::optional<fs::path> downloadFolderIn(const fs::path &root, const std::function<bool(const fs::path &)> &holds)
{
    // A download folder holds a few datasets; a root of hundreds of folders is class folders,
    // each not worth the probes every layout's detection would make.
    constexpr std::size_t kMostFoldersProbed = 32;
    if (holds(root))
        return root;
    const std::vector<fs::path> folders = listSubfolders(root);
    if (folders.size() > kMostFoldersProbed)
        return std::nullopt;
    for (const fs::path &folder : folders)
        if (holds(folder))
            return folder;
    return std::nullopt;
}

void addDownloadFolderWarning(std::vector<DatasetProblem> &problems, const fs::path &dir, const fs::path &root,
                              const std::string &name)
{
    if (dir != root)
        addWarning(problems, dir.string(), "read " + dir.string() + ", the " + name + " folder in " + root.string());
}

void addListedWarnings(std::vector<DatasetProblem> &problems, const std::vector<std::string> &paths,
                       const ListedWarning &warning)
{
    const std::string kind = warning.kind.empty() ? "" : warning.kind + " ";
    const auto fileOf = [&](std::size_t i) { return warning.file.empty() ? paths[i] : warning.file; };
    for (std::size_t i = 0; i < paths.size() && i < kListedWarnings; ++i)
        addWarning(problems, fileOf(i), kind + paths[i] + " " + warning.what);
    if (paths.size() > kListedWarnings)
        addWarning(problems, fileOf(kListedWarnings),
                   "and " + std::to_string(paths.size() - kListedWarnings) + " more " + warning.kinds + " "
                       + warning.whatOfMany);
}

void addSkippedWarnings(std::vector<DatasetProblem> &problems, const std::vector<SkippedEntry> &skipped)
{
    std::vector<std::string> unreadableFormat;
    for (const SkippedEntry &entry : skipped) {
        if (entry.reason == kUnreadableFormat)
            unreadableFormat.push_back(entry.path.string());
        else
            addWarning(problems, entry.path.string(), "skipped " + entry.path.string() + ": " + entry.reason);
    }
    addListedWarnings(problems, unreadableFormat,
                      {"", "files", std::string("is ") + kUnreadableFormat + "; left out",
                       std::string("are ") + kUnreadableFormat + "; left out", {}});
}

} // namespace augstudio
