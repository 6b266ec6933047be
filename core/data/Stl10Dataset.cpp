// Classification from STL-10 as torchvision downloads it (stl10_binary/: train_X.bin and
// train_y.bin, test_X.bin and test_y.bin, class_names.txt): 96 × 96 RGB images, each plane
// column by column as MATLAB wrote them, and their labels, 1 to 10, a byte each.

#include "data/ClassNamesFile.h"
#include "data/DatasetLayouts.h"
#include "data/DatasetTextFile.h"
#include "data/PlanarImages.h"

#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

constexpr int kSide = 96;
// test_X.bin is 221 MB, unlabeled_X.bin 2.8 GB (not read: it has no labels).
constexpr std::uintmax_t kMaxImagesBytes = std::uintmax_t(1) << 30;
constexpr std::uintmax_t kMaxLabelsBytes = std::uintmax_t(1) << 20;

bool holdsSplit(const fs::path &dir, const std::string &split)
{
    std::error_code error;
    return fs::is_regular_file(dir / (split + "_X.bin"), error) && fs::is_regular_file(dir / (split + "_y.bin"), error);
}

bool holdsStl10(const fs::path &dir)
{
    return holdsSplit(dir, "train") || holdsSplit(dir, "test");
}

} // namespace

std::optional<fs::path> findStl10Folder(const fs::path &root)
{
    return downloadFolderIn(root, holdsStl10);
}

std::unique_ptr<Dataset> openStl10(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::optional<fs::path> dir = findStl10Folder(request.root);
    if (!dir)
        throw DatasetError("no STL-10 as torchvision downloads it (stl10_binary/: train_X.bin, train_y.bin, ...) in "
                               + where,
                           where);
    addDownloadFolderWarning(request.problems, *dir, request.root, "STL-10");
    const std::string split = request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
    if (split == "unlabeled")
        throw DatasetError("data.dataset.split 'unlabeled': STL-10's unlabeled images have no classes to search "
                           "with; use train or test",
                           dir->string());
    if (split != "train" && split != "test")
        throw DatasetError("data.dataset.split '" + split + "' is not an STL-10 split (train or test) for "
                               + dir->string(),
                           dir->string());
    for (const std::string &name : {split + "_X.bin", split + "_y.bin", std::string(kClassNamesTxt)}) {
        std::error_code error;
        if (!fs::is_regular_file(*dir / name, error))
            throw DatasetError("STL-10 in " + dir->string() + " lacks " + name + " (the download was cut short?)",
                               (*dir / name).string());
    }
    std::vector<std::string> classes = readNamesALine(*dir / kClassNamesTxt);

    const fs::path imagesFile = *dir / (split + "_X.bin"), labelsFile = *dir / (split + "_y.bin");
    PlanarBatch batch;
    batch.name = imagesFile.filename().string();
    batch.side = kSide;
    batch.columnMajor = true;
    batch.pixels = readDatasetTextFile(imagesFile, kMaxImagesBytes, "STL-10's images");
    const std::size_t images = batch.pixels.size() / batch.imageBytes();
    if (images == 0 || batch.pixels.size() % batch.imageBytes() != 0)
        throw DatasetError(imagesFile.string() + " holds " + std::to_string(batch.pixels.size())
                               + " bytes, no whole number of 96 × 96 RGB images (27648 bytes each)",
                           imagesFile.string());
    const std::string labels = readDatasetTextFile(labelsFile, kMaxLabelsBytes, "STL-10's labels");
    if (labels.size() != images)
        throw DatasetError(imagesFile.string() + " holds " + std::to_string(images) + " images but "
                               + labelsFile.string() + " " + std::to_string(labels.size()) + " labels",
                           labelsFile.string());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const int label = static_cast<unsigned char>(labels[i]);
        if (label < 1 || std::size_t(label) > classes.size())
            throw DatasetError(labelsFile.string() + ": label " + std::to_string(i + 1) + " is "
                                   + std::to_string(label) + ", not one of the " + std::to_string(classes.size())
                                   + " classes of " + kClassNamesTxt + " (1 to " + std::to_string(classes.size())
                                   + ")",
                               labelsFile.string());
        batch.labels.push_back(label - 1); // torchvision's class: the file's less one
    }
    std::vector<PlanarBatch> batches;
    batches.push_back(std::move(batch));
    const std::string found = std::to_string(classes.size()) + " class names in " + kClassNamesTxt;
    return planarImagesDataset(DatasetLayout::Stl10, request, std::move(batches), std::move(classes), found,
                               dir->string());
}

} // namespace augstudio
