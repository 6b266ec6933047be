// Classification from root/<class name>/**/<image>, as torchvision's ImageFolder reads it.

#include "data/DatasetLayouts.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/LabelsCsv.h"

#include <algorithm>
#include <filesystem>
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

bool isSplitFolderName(const std::string &name)
{
    static const std::set<std::string> kSplitNames = {"train", "training", "val", "valid", "validation", "test",
                                                      "testing"};
    return kSplitNames.count(name) > 0;
}

std::unique_ptr<Dataset> labelledImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                               std::vector<std::string> classes, std::vector<LabelledImageFile> items,
                                               const std::string &found, std::string labelsSource)
{
    const int numClasses = resolveClassCount(static_cast<int>(classes.size()), request.numClasses, found,
                                             request.root.string(), request.problems);
    while (static_cast<int>(classes.size()) < numClasses)
        classes.push_back("class_" + std::to_string(classes.size()));
    std::vector<LabelledImageFile> kept;
    for (std::size_t i : limitedSelection(items.size(), request.config.dataset.limit))
        kept.push_back(std::move(items[i]));
    auto dataset = std::make_unique<LabelledImagesDataset>(layout, std::move(classes), std::move(kept), numClasses,
                                                           request.config.inputDtype, request.problems);
    dataset->setLabelsSource(std::move(labelsSource));
    return dataset;
}

std::unique_ptr<Dataset> openImageFolder(const OpenRequest &request)
{
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
    std::map<fs::path, std::string> classOfFolder; // real folder -> the first class that is it
    for (const fs::path &folder : folders) {
        std::error_code error;
        const fs::path real = fs::canonical(folder, error);
        if (error)
            continue;
        scope.claim(real);
        // A class folder that links to another class's folder gives the same images two labels.
        if (const auto [first, added] = classOfFolder.emplace(real, folder.filename().string()); !added)
            addWarning(request.problems, folder.string(),
                       "class folder " + folder.string() + " is a link to the folder of class '" + first->second
                           + "': the same images are read under two labels");
    }
    for (const fs::path &folder : folders) {
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
    // A class without images is a class the network is asked to tell and never shown; named
    // a few at a time (100 000 empty folders printed 100 000 lines).
    addListedWarnings(request.problems, emptyClasses,
                      {"class folder", "class folders", std::string("holds no images (") + imageExtensionList() + ")",
                       "hold no images", {}});
    if (items.empty())
        throw DatasetError("no images in the class folders of " + where + " (expected root/<class name>/<image> with "
                               "extensions " + imageExtensionList() + ")",
                           where);

    const std::vector<fs::path> loose = imageFilesIn(request.root);
    if (!loose.empty())
        addWarning(request.problems, where,
                   where + " holds " + std::to_string(loose.size()) + (loose.size() == 1 ? " image" : " images")
                       + " beside its class folders (" + loose.front().filename().string()
                       + (loose.size() > 1 ? ", ..." : "") + "): an image outside every class folder has no class and is left out");

    // train/, val/ and test/ are the parts of a split dataset, each holding the class folders:
    // read as three classes, the search would learn to tell the parts apart.
    const auto splits = std::count_if(classes.begin(), classes.end(), isSplitFolderName);
    if (splits >= 2)
        addWarning(request.problems, where,
                   "the class folders of " + where + " are named as the parts of a split dataset (train, val, "
                   "test): if each holds the class folders, open the folder of the training part instead");

    const std::size_t found = classes.size();
    std::string what = std::to_string(found) + (found == 1 ? " class folder: " + classes.front() : " class folders");
    // One folder beside a labels file: its images, which the labels file's first row was not
    // found among near the top (auto-detection probes a few levels down).
    if (found == 1)
        if (const std::optional<fs::path> labels = findLabelsCsv(request.root))
            what += "; " + labels->filename().string()
                    + " at its top was not read as the labels file: set data.dataset.layout: csv to read it";
    return labelledImagesDataset(DatasetLayout::ImageFolder, request, std::move(classes), std::move(items), what);
}

} // namespace augstudio
