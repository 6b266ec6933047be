#include "data/MaskNames.h"

#include "data/DatasetLayouts.h"
#include "data/ImageFiles.h"
#include "data/SplitFolders.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// The part of `stem` before `suffix` (compared in any case), or nullopt.
std::optional<std::string> withoutSuffix(const std::string &stem, const std::string &suffix)
{
    if (stem.size() <= suffix.size() || asciiLower(stem.substr(stem.size() - suffix.size())) != suffix)
        return std::nullopt;
    return stem.substr(0, stem.size() - suffix.size());
}

// Whether an image of the mask's stem (without its suffix), or of that stem with an image
// suffix, lies beside it.
bool hasImageBeside(const fs::path &mask)
{
    const std::optional<std::string> stem = stemWithoutMaskSuffix(mask.stem().string());
    if (!stem)
        return false;
    const fs::path dir = mask.parent_path();
    for (const char *suffix : {"", "_sat", "_image", "_img"})
        if (findImageByStem(dir, *stem + suffix))
            return true;
    return false;
}

// Whether most of a few masks in `masks` have an image of their name in `images`, with or
// without their mask suffix (class folders cat/ and cat_mask/ hold no such pairs).
bool masksNameImagesIn(const fs::path &masks, const fs::path &images)
{
    constexpr std::size_t kSampled = 16;
    const std::vector<fs::path> sample = imageFilesIn(masks, kSampled);
    const auto named = std::count_if(sample.begin(), sample.end(), [&](const fs::path &mask) {
        const std::string stem = mask.stem().string();
        return findImageByStem(images, stem) || findImageByStem(images, stemWithoutMaskSuffix(stem).value_or(stem));
    });
    return !sample.empty() && std::size_t(named) * 2 >= sample.size();
}

bool masksBesideImagesIn(const fs::path &dir)
{
    constexpr std::size_t kSampled = 64;
    const std::vector<fs::path> files = imageFilesIn(dir, kSampled);
    const auto pairs = std::count_if(files.begin(), files.end(), hasImageBeside);
    return pairs >= 2 && std::size_t(pairs) * 3 >= files.size();
}

bool isJpegName(const fs::path &file)
{
    const std::string extension = asciiLower(file.extension().string());
    return extension == ".jpg" || extension == ".jpeg" || extension == ".jpe" || extension == ".jfif";
}

} // namespace

std::optional<std::string> stemWithoutMaskSuffix(const std::string &stem)
{
    for (const char *suffix : {"_segmentation", "_labels", "_label", "_mask", "_seg", "_gt", "_l"})
        if (std::optional<std::string> shorter = withoutSuffix(stem, suffix))
            return shorter;
    return std::nullopt;
}

std::optional<std::string> stemOfFurtherMask(const std::string &stem)
{
    const std::size_t digits = stem.find_last_not_of("0123456789");
    if (digits == std::string::npos || digits + 1 == stem.size() || stem[digits] != '_')
        return std::nullopt;
    return withoutSuffix(stem.substr(0, digits), "_mask");
}

std::string stemWithoutImageSuffix(const std::string &stem)
{
    for (const char *suffix : {"_sat", "_image", "_img"})
        if (std::optional<std::string> shorter = withoutSuffix(stem, suffix))
            return *shorter;
    return stem;
}

std::optional<fs::path> maskFolderNamedAfter(const fs::path &images)
{
    const std::string name = images.filename().string();
    for (const fs::path &folder : listSubfolders(images.parent_path())) {
        const std::string other = folder.filename().string();
        if (other.size() <= name.size() || asciiLower(other.substr(0, name.size())) != asciiLower(name))
            continue;
        std::string added = asciiLower(other.substr(name.size()));
        if (!added.empty() && (added[0] == '_' || added[0] == '-'))
            added.erase(0, 1);
        for (const char *kind : {"labels", "label", "masks", "mask", "annot", "annotations", "gt", "groundtruth"})
            if (added == kind)
                return folder;
    }
    return std::nullopt;
}

std::vector<fs::path> foldersWithNamedMaskFolders(const fs::path &root)
{
    std::vector<fs::path> found;
    for (const fs::path &folder : listSubfolders(root)) {
        const std::optional<fs::path> masks = maskFolderNamedAfter(folder);
        if (masks && masksNameImagesIn(*masks, folder))
            found.push_back(folder);
    }
    return found;
}

std::optional<NamedMaskFolders> foldersOfImagesAndMasks(const fs::path &root)
{
    static const std::set<std::string> maskWords = {"mask",  "masks", "label", "labels", "annotation", "annotations",
                                                    "annot", "groundtruth", "gt", "seg", "segmentation", "semantic"};
    // Pictures of the masks for people, beside the masks (Supervisely's masks_human/ beside
    // masks_machine/, labelme's SegmentationClassVisualization/).
    static const std::set<std::string> pictureWords = {"human", "vis", "viz", "visualization", "visualisation",
                                                       "overlay", "overlays", "preview"};
    const std::vector<fs::path> folders = listSubfolders(root);
    for (const fs::path &masks : folders) {
        std::string word;
        bool named = false, picture = false;
        for (const char c : masks.filename().string() + " ") {
            if (std::isalnum(static_cast<unsigned char>(c))) {
                word += char(std::tolower(static_cast<unsigned char>(c)));
                continue;
            }
            named = named || maskWords.count(word) > 0;
            picture = picture || pictureWords.count(word) > 0;
            word.clear();
        }
        if (picture)
            continue;
        // Masks hold class ids, saved lossless: a folder of JPEGs is photos (with_mask/ beside without_mask/).
        const std::vector<fs::path> sample = imageFilesIn(masks, 16);
        if (!named || std::any_of(sample.begin(), sample.end(), isJpegName))
            continue;
        for (const fs::path &images : folders)
            if (images != masks && !imageFilesIn(images, 1).empty() && masksNameImagesIn(masks, images))
                return NamedMaskFolders{images, masks};
    }
    return std::nullopt;
}

bool holdsMasksBesideImages(const fs::path &dir)
{
    if (masksBesideImagesIn(dir))
        return true;
    // Folders of cases or classes each hold pairs; of split folders, the test split has no masks.
    constexpr std::size_t kFoldersSampled = 16;
    const std::vector<fs::path> folders = subfoldersWithImages(dir, kFoldersSampled);
    const auto withMasks = std::count_if(folders.begin(), folders.end(), masksBesideImagesIn);
    return withMasks > 0 && (areSplitFolders(folders) || std::size_t(withMasks) * 2 >= folders.size());
}

} // namespace augstudio
