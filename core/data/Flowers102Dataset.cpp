// Classification from Oxford's 102 Category Flower Dataset as torchvision's Flowers102
// downloads it (flowers-102/: jpg/image_00001.jpg, ..., imagelabels.mat, setid.mat): the labels
// and the splits are MATLAB arrays, read without MATLAB or Python.

#include "data/DatasetLayouts.h"
#include "data/DatasetTextFile.h"

#include <cmath>
#include <cstdio>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

constexpr int kClasses = 102;
// imagelabels.mat holds 8189 labels; setid.mat three lists of ids.
constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(1) << 24;

bool holdsFlowers(const fs::path &dir)
{
    std::error_code error;
    return fs::is_regular_file(dir / "imagelabels.mat", error) && fs::is_directory(dir / "jpg", error);
}

// The whole numbers of `array` (named `name` in `file`), each from 1 to `most`.
std::vector<int> wholeNumbers(const MatArray &array, int most, const std::string &file, const std::string &name)
{
    std::vector<int> numbers;
    numbers.reserve(array.count());
    for (std::uint64_t i = 0; i < array.count(); ++i) {
        const double value = array.value(i);
        if (!(value >= 1 && value <= most) || std::floor(value) != value)
            throw DatasetError(file + ": value " + std::to_string(i + 1) + " of '" + name + "' is "
                                   + std::to_string(value) + ", not a whole number from 1 to " + std::to_string(most),
                               file);
        numbers.push_back(int(value));
    }
    return numbers;
}

// The image ids of the split `split` names (setid.mat's trnid, valid or tstid), 1-based as
// the file has them; every image where setid.mat is missing and no split is asked for.
std::vector<int> idsOfSplit(const fs::path &dir, const std::string &split, std::size_t images,
                            std::vector<DatasetProblem> &problems)
{
    const fs::path setid = dir / "setid.mat";
    std::error_code error;
    if (!fs::is_regular_file(setid, error)) {
        if (!split.empty())
            throw DatasetError("data.dataset.split '" + split + "' needs " + setid.string()
                                   + ", which is not there (torchvision's Flowers102 downloads it)",
                               setid.string());
        addWarning(problems, setid.string(),
                   "no " + setid.string() + ": all " + std::to_string(images) + " images of imagelabels.mat are read");
        std::vector<int> all(images);
        for (std::size_t i = 0; i < images; ++i)
            all[i] = int(i + 1);
        return all;
    }
    const std::string key = split.empty() || split == "train" ? "trnid"
                            : split == "val"                  ? "valid"
                            : split == "test"                 ? "tstid"
                                                              : "";
    if (key.empty())
        throw DatasetError("data.dataset.split '" + split + "' is not a Flowers-102 split (train, val or test) for "
                               + dir.string(),
                           dir.string());
    const std::map<std::string, MatArray> arrays = readDatasetMatFile(setid, {key}, kMaxArrayBytes);
    const auto ids = arrays.find(key);
    if (ids == arrays.end())
        throw DatasetError(setid.string() + " holds no numeric array '" + key + "' (the ids of the " +
                               (split.empty() ? std::string("train") : split) + " split)",
                           setid.string());
    return wholeNumbers(ids->second, int(images), setid.string(), key);
}

std::string imageName(int id)
{
    char name[32];
    std::snprintf(name, sizeof name, "image_%05d.jpg", id);
    return name;
}

} // namespace

std::optional<fs::path> findFlowers102Folder(const fs::path &root)
{
    return downloadFolderIn(root, holdsFlowers);
}

std::unique_ptr<Dataset> openFlowers102(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::optional<fs::path> dir = findFlowers102Folder(request.root);
    if (!dir)
        throw DatasetError("no Flowers-102 as torchvision downloads it (jpg/ beside imagelabels.mat) in " + where,
                           where);
    addDownloadFolderWarning(request.problems, *dir, request.root, "Flowers-102");
    const fs::path labelsFile = *dir / "imagelabels.mat";
    const std::map<std::string, MatArray> arrays = readDatasetMatFile(labelsFile, {"labels"}, kMaxArrayBytes);
    const auto labels = arrays.find("labels");
    if (labels == arrays.end())
        throw DatasetError(labelsFile.string() + " holds no numeric array 'labels'", labelsFile.string());
    const std::vector<int> classOfImage = wholeNumbers(labels->second, kClasses, labelsFile.string(), "labels");

    std::vector<LabelledImageFile> items;
    std::vector<std::string> missing;
    for (const int id : idsOfSplit(*dir, request.config.dataset.split, classOfImage.size(), request.problems)) {
        const fs::path image = *dir / "jpg" / imageName(id);
        std::error_code error;
        if (fs::is_regular_file(image, error))
            items.push_back({image.string(), classOfImage[std::size_t(id - 1)] - 1});
        else
            missing.push_back(image.string());
    }
    addListedWarnings(request.problems, missing,
                      {"", "images", "is not there (the archive was cut short?); left out",
                       "are not there; left out", {}});
    if (items.empty())
        throw DatasetError("none of the images of " + labelsFile.string() + " is in " + (*dir / "jpg").string(),
                           labelsFile.string());
    // Named as torchvision numbers them: imagelabels.mat's 1 to 102, less one.
    std::vector<std::string> classes;
    for (int c = 0; c < kClasses; ++c)
        classes.push_back(std::to_string(c));
    return labelledImagesDataset(DatasetLayout::Flowers102, request, std::move(classes), std::move(items),
                                 "102 classes in imagelabels.mat", "imagelabels.mat: the class of each image");
}

} // namespace augstudio
