// Classification from root/<class name>/**/<image>, as torchvision's ImageFolder reads it.

#include "data/DatasetLayouts.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/LabelsCsv.h"
#include "data/SplitFolders.h"
#include "data/UnreadFormats.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// Image files and their classes: class folders, or a labels file's rows.
class LabelledImagesDataset : public Dataset
{
public:
    using Item = LabelledImageFile;

    LabelledImagesDataset(DatasetLayout layout, std::vector<std::string> classes, std::vector<Item> items,
                          int numClasses, InputDtype dtype, std::vector<DatasetProblem> &problems)
        : m_layout(layout), m_classes(std::move(classes)), m_items(std::move(items)), m_numClasses(numClasses),
          m_dtype(dtype)
    {
        std::vector<std::string> files;
        files.reserve(m_items.size());
        for (const Item &item : m_items)
            files.push_back(item.path);
        const ImageFilesScan scan = scanImageFiles(files);
        m_channels = scan.channels;
        addScanWarnings(scan, problems);
    }

    DatasetLayout layout() const override { return m_layout; }
    Task task() const override { return Task::Classification; }
    std::size_t size() const override { return m_items.size(); }
    int numClasses() const override { return m_numClasses; }
    std::vector<std::string> classNames() const override { return m_classes; }
    std::string itemName(std::size_t i) const override { return m_items.at(i).path; }
    int label(std::size_t i) const override { return m_items.at(i).label; }
    int channels() const override { return m_channels; }
    std::string labelsSource() const override { return m_labelsSource; }
    void setLabelsSource(std::string source) { m_labelsSource = std::move(source); }

    cv::Size imageSize(std::size_t i) const override { return imageFileSize(m_items.at(i).path); }

    Sample load(std::size_t i) const override
    {
        const Item &item = m_items.at(i);
        Sample sample;
        sample.image = decodeImage(item.path, m_dtype);
        sample.label = item.label;
        return sample;
    }

private:
    DatasetLayout m_layout;
    std::vector<std::string> m_classes;
    std::vector<Item> m_items;
    int m_numClasses;
    InputDtype m_dtype;
    int m_channels = 3;
    std::string m_labelsSource;
};

} // namespace

std::unique_ptr<Dataset> labelledImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                               std::vector<std::string> classes, std::vector<LabelledImageFile> items,
                                               const std::string &found, std::string labelsSource)
{
    const int numClasses =
        resolveClassNames(classes, request.numClasses, found, request.root.string(), request.problems);
    std::vector<LabelledImageFile> kept;
    for (std::size_t i : limitedSelection(items.size(), request.config.dataset.limit))
        kept.push_back(std::move(items[i]));
    auto dataset = std::make_unique<LabelledImagesDataset>(layout, std::move(classes), std::move(kept), numClasses,
                                                           request.config.inputDtype, request.problems);
    dataset->setLabelsSource(std::move(labelsSource));
    return dataset;
}

namespace {

bool holdsFolders(const fs::path &dir)
{
    return !listSubfolders(dir).empty();
}

// A folder named as the dataset's, holding its split folders again: the copy an archive
// extracted into a folder of its name holds (Kaggle's chest_xray/chest_xray/train/).
bool isCopyOfSplits(const fs::path &folder, const fs::path &root)
{
    if (asciiLower(folder.filename().string()) != asciiLower(root.filename().string()))
        return false;
    return areSplitFolders(listSubfolders(folder));
}

// The folder a split's class folders are in: the split folder, or the one folder it holds
// alone when that holds folders (training_set/training_set/cats/, as Kaggle's zips extract).
fs::path classFoldersOfSplit(const fs::path &split)
{
    const std::vector<fs::path> inside = listSubfolders(split);
    if (inside.size() == 1 && imageFilesIn(split, 1).empty() && holdsFolders(inside.front()))
        return inside.front();
    return split;
}

// A root of split folders only (train/, Validation/, test1/, training_set/, ...): the classes
// are the folders of the split data.dataset.split names, which is read as the root, as said.
// Split folders that hold the images themselves (Kaggle's dogs-vs-cats train/ and test1/) are
// refused: read as classes, the search would learn to tell the splits apart.
OpenRequest classFoldersRequest(const OpenRequest &request)
{
    const std::string where = request.root.string();
    std::vector<fs::path> folders = listSubfolders(request.root);
    const auto copy = std::find_if(folders.begin(), folders.end(),
                                   [&](const fs::path &folder) { return isCopyOfSplits(folder, request.root); });
    const fs::path copied = copy != folders.end() && folders.size() > 1 ? *copy : fs::path();
    if (!copied.empty())
        folders.erase(copy);
    // A folder of lists (MMPretrain's meta/) beside the split folders is none of their parts.
    folders.erase(std::remove_if(folders.begin(), folders.end(), holdsNoImageNorFolder), folders.end());
    if (!areSplitFolders(folders))
        return request;
    if (!copied.empty())
        addWarning(request.problems, copied.string(),
                   copied.string() + " holds the split folders of " + where + " again, as an archive's copy does: left out");
    const std::string split = request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
    const std::string splits = splitFolderNames(request.root);
    const std::optional<fs::path> chosen = findSplitFolder(request.root, split);
    if (chosen && holdsFolders(*chosen)) {
        const fs::path classes = classFoldersOfSplit(*chosen);
        addWarning(request.problems, chosen->string(),
                   "the folders of " + where + " are named as the parts of a split dataset (" + splits + "): read "
                       + classes.string() + ", the split data.dataset.split names ('" + split
                       + "'); set it to use another");
        return OpenRequest{request.config, classes, request.numClasses, request.problems, request.listing};
    }
    const bool anyClassFolders = std::any_of(folders.begin(), folders.end(), holdsFolders);
    // One train/ of images: the images of a labels file, which the single-class message names.
    if (folders.size() == 1 && !anyClassFolders)
        return request;
    if (!anyClassFolders)
        throw DatasetError("the images of " + where + " are not in class folders: its split folders (" + splits
                               + ") hold the images themselves, so their classes cannot be told; classification "
                                 "expects <split>/<class name>/<image>, or a labels file naming each image's class",
                           where);
    if (!chosen)
        throw DatasetError(where + " holds the split folders " + splits + " and none is the split data.dataset.split "
                               "names ('" + split + "'): set data.dataset.split to one of them",
                           where);
    throw DatasetError(chosen->string() + ", the split data.dataset.split names ('" + split
                           + "'), holds no class folders, so the classes of its images cannot be told: expected "
                           + chosen->string() + "/<class name>/<image>, or set data.dataset.split to another of "
                           + splits,
                       chosen->string());
}

// A PNG's IHDR colour type (0 grey, 2 RGB, 3 palette, ...), -1 for other files.
int pngColourType(const std::string &file)
{
    std::ifstream in(file, std::ios::binary);
    unsigned char head[26] = {};
    if (!in.read(reinterpret_cast<char *>(head), sizeof head))
        return -1;
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return std::equal(std::begin(signature), std::end(signature), head) ? head[25] : -1;
}

// How masks are saved: 0 when every file is a grey PNG, 3 when every one is a palette PNG;
// -1 for anything else (colour PNGs, JPEGs, a mix).
int maskKindOf(const std::vector<std::string> &files)
{
    const int first = files.empty() ? -1 : pngColourType(files.front());
    if (first != 0 && first != 3)
        return -1;
    const bool same = std::all_of(files.begin(), files.end(),
                                  [&](const std::string &file) { return pngColourType(file) == first; });
    return same ? first : -1;
}

// Two class folders whose files mostly share their names, the files of one saved as masks are
// (grey or palette PNGs, unlike the other's), are images and their masks under folder names
// the segmentation layouts do not know. (Classes of 0.png, 1.png, ... share names too.)
void warnOfImagesAndMasksAsClasses(const std::string &where, const std::vector<fs::path> &folders,
                                   const std::vector<LabelledImageFile> &items, std::vector<DatasetProblem> &problems)
{
    constexpr std::size_t kMostClasses = 8, kSampled = 8;
    if (folders.size() < 2 || folders.size() > kMostClasses)
        return;
    std::vector<std::map<std::string, std::string>> fileOfStem(folders.size());
    for (const LabelledImageFile &item : items)
        fileOfStem[std::size_t(item.label)].emplace(fs::path(item.path).stem().string(), item.path);
    for (std::size_t a = 0; a < folders.size(); ++a) {
        for (std::size_t b = a + 1; b < folders.size(); ++b) {
            std::vector<std::string> sampleA, sampleB;
            std::size_t shared = 0;
            for (const auto &[stem, file] : fileOfStem[a]) {
                const auto other = fileOfStem[b].find(stem);
                if (other == fileOfStem[b].end() || ++shared > kSampled)
                    continue;
                sampleA.push_back(file);
                sampleB.push_back(other->second);
            }
            if (shared == 0 || shared * 2 <= std::max(fileOfStem[a].size(), fileOfStem[b].size()))
                continue;
            const int kindA = maskKindOf(sampleA), kindB = maskKindOf(sampleB);
            if (kindA == kindB)
                continue;
            // grey masks beside palette or colour images, palette masks beside colour images
            const bool masksInB = kindB == 0 || (kindB == 3 && kindA == -1);
            const fs::path &images = folders[masksInB ? a : b], &masks = folders[masksInB ? b : a];
            addWarning(problems, where,
                       "class folders " + images.string() + " and " + masks.string()
                           + " hold files of the same names (" + std::to_string(shared) + " of them), those in "
                           + masks.filename().string()
                           + " grey or palette PNGs, as masks are saved: they look like images and their masks, "
                             "read here as two classes; to have them read as segmentation pairs, name the folders "
                             "images/ and masks/");
        }
    }
}

// A labels file the layout scan found at or near root and did not take for the labels: why,
// where its first rows tell, else how to have it read; else a file of labels in a format not
// read. Empty where there is none.
std::string unreadLabelsFile(const fs::path &root)
{
    const std::optional<fs::path> labels = findLabelsCsv(root);
    if (!labels)
        return dataInAnotherFormat(root);
    const std::string name = labels->lexically_relative(root).generic_string();
    try {
        const LabelsTable table = parseLabelsFile(readLabelsFile(*labels), labels->string());
        if (table.rows.empty())
            return name + " lists no images";
    } catch (const DatasetError &error) {
        return error.what(); // it names the file and why it does not read
    }
    return name + " was not read as the labels file: set data.dataset.layout: csv to read it";
}

// What the one class folder `folder` holds that makes it the dataset's folder, as a zip
// extracted into a folder of its name leaves it: "class folders itself (daisy, rose)", sub-folders
// with images, or "split folders itself (test, train)". Empty where it holds neither.
std::string foldersInside(const fs::path &folder)
{
    const std::vector<fs::path> classes = subfoldersWithImages(folder, 6); // five named, then "..."
    if (classes.size() >= 2) {
        std::string list;
        for (std::size_t i = 0; i < classes.size() && i < 5; ++i)
            list += (i ? ", " : "") + classes[i].filename().string();
        return "class folders itself (" + (classes.size() > 5 ? list + ", ..." : list) + ")";
    }
    const std::string splits = splitFolderNames(folder);
    return splits == "none" ? std::string() : "split folders itself (" + splits + ")";
}

// A class folder as listed, the real folder it is, and whether it is a symbolic link.
struct ClassFolder
{
    fs::path path;
    fs::path real; // empty where it cannot be resolved
    bool link = false;
};

std::vector<ClassFolder> resolvedClassFolders(const std::vector<fs::path> &folders)
{
    std::vector<ClassFolder> resolved;
    for (const fs::path &folder : folders) {
        std::error_code error;
        ClassFolder entry{folder, fs::canonical(folder, error)};
        if (error)
            entry.real.clear();
        entry.link = fs::is_symlink(folder, error);
        resolved.push_back(std::move(entry));
    }
    return resolved;
}

// Of the class folders that are one real folder, the one that is its class: the folder itself
// rather than a link to it (dataset/cat -> dataset/dog is class dog), else the first by name.
std::map<fs::path, const ClassFolder *> classOfEachRealFolder(const std::vector<ClassFolder> &folders)
{
    std::map<fs::path, const ClassFolder *> owner;
    for (const ClassFolder &folder : folders) {
        if (folder.real.empty())
            continue;
        const ClassFolder *&first = owner[folder.real];
        if (!first || (first->link && !folder.link))
            first = &folder;
    }
    return owner;
}

// The class folders to read, each claimed in `scope`. A class folder that is a link to another
// class's folder is left out and named, as a link inside a class to another's folder is: read
// under both names, its images would be the same images under two labels, noise a search learns
// from unsaid. So is one that links to the dataset's folder or above it, which would read the
// images beside the class folders, or every class, as one more class.
std::vector<fs::path> distinctClassFolders(const std::vector<fs::path> &folders, ListingScope &scope,
                                           std::vector<DatasetProblem> &problems)
{
    const std::vector<ClassFolder> resolved = resolvedClassFolders(folders);
    const std::map<fs::path, const ClassFolder *> owner = classOfEachRealFolder(resolved);
    std::vector<fs::path> kept;
    for (const ClassFolder &folder : resolved) {
        const std::string name = folder.path.string();
        if (!folder.real.empty() && scope.holdsTop(folder.real)) {
            addWarning(problems, name,
                       "class folder " + name + " is a symbolic link to the dataset's folder or one above it ("
                           + folder.real.string() + "): left out, not read as a class");
            continue;
        }
        if (!folder.real.empty() && owner.at(folder.real) != &folder) {
            addWarning(problems, name,
                       "class folder " + name + " is a symbolic link to " + folder.real.string()
                           + ", the folder of class folder " + owner.at(folder.real)->path.string()
                           + ": left out, so that the same images are not read under two classes");
            continue;
        }
        if (!folder.real.empty())
            scope.claim(folder.real);
        kept.push_back(folder.path);
    }
    return kept;
}

} // namespace

std::unique_ptr<Dataset> openImageFolder(const OpenRequest &given)
{
    const OpenRequest request = classFoldersRequest(given);
    const std::string where = request.root.string();
    const std::vector<fs::path> folders = listSubfolders(request.root);
    if (folders.empty())
        throw DatasetError("dataset folder " + where + " has no class folders; classification expects "
                               "root/<class name>/<image>",
                           where);

    std::vector<std::string> classes;
    std::vector<LabelledImageFile> items;
    std::vector<std::string> emptyClasses;
    // Every class folder is claimed before any is read: a link inside one class to another's
    // folder is passed over, not read as this class's images too.
    ListingScope scope(request.root);
    const std::vector<fs::path> classFolders = distinctClassFolders(folders, scope, request.problems);
    // A class folder holding the parts of a split dataset is a dataset of its own, beside
    // another folder (Kaggle's "New Plant Diseases Dataset(Augmented)/" with train/ and valid/,
    // beside test/): read as a class, its classes would be one.
    for (const fs::path &folder : classFolders) {
        const std::vector<fs::path> inside = listSubfolders(folder);
        const auto splits = std::count_if(inside.begin(), inside.end(), [](const fs::path &split) {
            return isSplitFolderName(split.filename().string());
        });
        if (splits < 2)
            continue;
        const bool ofClasses = std::any_of(inside.begin(), inside.end(), [](const fs::path &split) {
            return isSplitFolderName(split.filename().string()) && subfoldersWithImages(split, 2).size() == 2;
        });
        throw DatasetError("class folder " + folder.string() + " holds the split folders " + splitFolderNames(folder)
                               + " of a dataset, not the images of one class"
                               + (ofClasses ? ": give " + folder.string() + " as the dataset folder"
                                            : "; their images are not in class folders either"),
                           folder.string());
    }
    for (const fs::path &folder : classFolders) {
        const int label = static_cast<int>(classes.size());
        classes.push_back(folder.filename().string());
        std::vector<SkippedEntry> skipped;
        const std::vector<fs::path> files = listImageFiles(folder, &skipped, request.listing, &scope);
        addSkippedWarnings(request.problems, skipped);
        if (files.empty())
            emptyClasses.push_back(folder.string());
        for (const fs::path &file : files)
            items.push_back({file.string(), label});
    }
    // One folder of class folders beside folders of no images (Food-101's images/ beside
    // meta/), or of split folders, through folders of one folder (Kaggle's ImageNet,
    // ILSVRC/Data/CLS-LOC/train/ beside Annotations/ and ImageSets/): the dataset is that
    // folder, read as said.
    if (classFolders.size() > 1 && emptyClasses.size() == classFolders.size() - 1 && !items.empty()) {
        const fs::path only = classFolders.at(std::size_t(items.front().label));
        const bool ofClasses = subfoldersWithImages(only, 2).size() == 2;
        // Through folders of one folder only where it holds no class folders itself.
        const fs::path dataset = ofClasses ? only : datasetFolderIn(only);
        if (ofClasses || areSplitFolders(listSubfolders(dataset))) {
            std::string others;
            for (const std::string &empty : emptyClasses)
                others += (others.empty() ? "" : ", ") + fs::path(empty).filename().string();
            addWarning(request.problems, dataset.string(),
                       "read " + dataset.string() + ", which holds " + (ofClasses ? "class" : "split")
                           + " folders: the one folder of " + where + " with images (beside " + others
                           + (emptyClasses.size() == 1 ? ", which holds none)" : ", which hold none)"));
            return openImageFolder(
                OpenRequest{request.config, dataset, request.numClasses, request.problems, request.listing});
        }
    }
    // A class without images is a class the network is asked to tell and never shown; named
    // a few at a time (100 000 empty folders printed 100 000 lines).
    addListedWarnings(request.problems, emptyClasses,
                      {"class folder", "class folders", std::string("holds no images (") + imageExtensionList() + ")",
                       "hold no images", {}});
    if (items.empty()) {
        const std::string labelsFile = unreadLabelsFile(request.root);
        throw DatasetError("no images in the class folders of " + where + " (expected root/<class name>/<image> with "
                               "extensions " + imageExtensionList() + ")"
                               + (labelsFile.empty() ? "" : "; " + labelsFile),
                           where);
    }

    const std::vector<fs::path> loose = imageFilesIn(request.root);
    if (!loose.empty())
        addWarning(request.problems, where,
                   where + " holds " + std::to_string(loose.size()) + (loose.size() == 1 ? " image" : " images")
                       + " beside its class folders (" + loose.front().filename().string()
                       + (loose.size() > 1 ? ", ..." : "") + "): an image outside every class folder has no class and is left out");

    // Beside other class folders, train/ and val/ may still be the parts of a split dataset
    // (a root of split folders only is read from one of them, above).
    const auto splits = std::count_if(classes.begin(), classes.end(), isSplitFolderName);
    if (splits >= 2)
        addWarning(request.problems, where,
                   "the class folders of " + where + " are named as the parts of a split dataset (train, val, "
                   "test): if each holds the class folders, open the folder of the training part instead");
    warnOfImagesAndMasksAsClasses(where, classFolders, items, request.problems);

    const std::size_t found = classes.size();
    std::string what = std::to_string(found) + (found == 1 ? " class folder: " + classes.front() : " class folders");
    // One folder of class folders: the dataset is a level down (root/flowers/daisy/).
    if (found == 1)
        if (const std::string inside = foldersInside(classFolders.front()); !inside.empty())
            what += ", which holds " + inside + ": set the dataset folder to " + classFolders.front().string();
    // One folder beside a labels file: its images, which the labels file's first row was not
    // found among near the top (auto-detection probes a few levels down).
    if (found == 1)
        if (const std::string labelsFile = unreadLabelsFile(request.root); !labelsFile.empty())
            what += "; " + labelsFile;
    return labelledImagesDataset(DatasetLayout::ImageFolder, request, std::move(classes), std::move(items), what);
}

} // namespace augstudio
