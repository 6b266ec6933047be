// The segmentation_pairs layout: which files are the images and which their masks. images/ +
// masks/ (or other names; in split folders or not), a mask folder named after its image folder,
// masks beside their images, and a mask's name with a suffix; SegmentationDataset.cpp reads them.

#include "data/SegmentationPairs.h"

#include "data/ImageFiles.h"
#include "data/MaskNames.h"
#include "data/SplitFolders.h"

#include <algorithm>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// Relative path without extension, '/'-separated: the name that pairs an image with its mask.
std::string pairingKey(const fs::path &file, const fs::path &base)
{
    fs::path relative = file.lexically_relative(base);
    relative.replace_extension();
    return relative.generic_string();
}

std::map<std::string, fs::path> filesByKey(const fs::path &dir, const OpenRequest &request)
{
    std::vector<DatasetProblem> &problems = request.problems;
    std::map<std::string, fs::path> byKey;
    for (const fs::path &file : listImageFiles(dir, nullptr, request.listing)) {
        const auto [it, inserted] = byKey.emplace(pairingKey(file, dir), file);
        if (!inserted)
            addWarning(problems, file.string(),
                       "skipped " + file.string() + ": same name as " + it->second.string());
    }
    return byKey;
}

// images/train/ + masks/train/ (ADE20K: images/training/ + annotations/training/): the split
// folders data.dataset.split names, as said; an error naming the splits there when it names none.
PairFolders splitPairFolders(const PairFolders &folders, const OpenRequest &request)
{
    const std::string split = request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
    PairFolders chosen;
    for (const auto &[dir, part] :
         {std::pair{folders.images, &chosen.images}, std::pair{folders.masks, &chosen.masks}}) {
        const std::optional<fs::path> found = findSplitFolder(dir, split);
        if (!found)
            throw DatasetError("no split folder for data.dataset.split '" + split + "' in " + dir.string()
                                   + " (found: " + splitFolderNames(dir) + "); set data.dataset.split to one of them",
                               dir.string());
        *part = *found;
    }
    addWarning(request.problems, chosen.images.string(),
               "read " + chosen.images.string() + " and " + chosen.masks.string()
                   + ", the split data.dataset.split names ('" + split + "'; splits there: "
                   + splitFolderNames(folders.images) + "); set it to use another");
    return chosen;
}

// A folder of split folders, not of images (images/training/, images/validation/).
bool holdsSplitFolders(const fs::path &dir)
{
    const std::vector<fs::path> folders = listSubfolders(dir);
    return imageFilesIn(dir, 1).empty() && std::any_of(folders.begin(), folders.end(), [](const fs::path &folder) {
               return isSplitFolderName(folder.filename().string());
           });
}

// The split data.dataset.split names ("train" when empty).
std::string splitNamed(const OpenRequest &request)
{
    return request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
}

// Of the folders with a mask folder named after them (train/ + train_labels/, val/ + val_labels/),
// the split data.dataset.split names, as said; the one where there is one.
PairFolders namedPairFolders(const OpenRequest &request)
{
    const std::vector<fs::path> folders = foldersWithNamedMaskFolders(request.root);
    fs::path images = folders.front();
    if (folders.size() > 1) {
        std::string names;
        for (const fs::path &folder : folders)
            names += (names.empty() ? "" : ", ") + folder.filename().string();
        const std::string split = splitNamed(request);
        const std::optional<fs::path> found = findSplitFolder(request.root, split);
        if (!found || std::find(folders.begin(), folders.end(), *found) == folders.end())
            throw DatasetError("no folder for data.dataset.split '" + split + "' among the image folders of "
                                   + request.root.string() + " with a mask folder beside them (" + names
                                   + "); set data.dataset.split to one of them",
                               request.root.string());
        images = *found;
        addWarning(request.problems, images.string(),
                   "read " + images.string() + " and " + maskFolderNamedAfter(images)->string()
                       + ", the split data.dataset.split names ('" + split + "'; image folders with masks there: "
                       + names + "); set it to use another");
    }
    return {images, *maskFolderNamedAfter(images), true};
}

// Of image and mask folders named for a split each (train_images/ + train_masks/ beside
// val_images/ + val_masks/), those of the split data.dataset.split names, as said; `found`
// where there are none.
PairFolders splitOfPairFolders(const PairFolders &found, const OpenRequest &request)
{
    const std::map<std::string, NamedMaskFolders> splits = splitFoldersOfImagesAndMasks(request.root);
    if (splits.empty())
        return found;
    std::string names;
    for (const auto &[split, pair] : splits)
        names += (names.empty() ? "" : ", ") + pair.images.filename().string();
    const std::string split = splitNamed(request);
    const auto chosen = splits.find(splitOfFolderName(split));
    if (chosen == splits.end())
        throw DatasetError("no image folder for data.dataset.split '" + split + "' among the image folders of "
                               + request.root.string() + " with their mask folders (" + names
                               + "); set data.dataset.split to the split of one of them",
                           request.root.string());
    const NamedMaskFolders &pair = chosen->second;
    addWarning(request.problems, pair.images.string(),
               "read " + pair.images.string() + " and " + pair.masks.string()
                   + ", the split data.dataset.split names ('" + split + "'; image folders with masks there: "
                   + names + "); set it to use another");
    return {pair.images, pair.masks};
}

// The folder whose masks lie beside their images: the root, or the split data.dataset.split
// names where its folders are splits (DeepGlobe's train/, valid/, test/), as said.
fs::path folderOfMasksBesideImages(const OpenRequest &request)
{
    const std::vector<fs::path> folders = subfoldersWithImages(request.root, 16);
    if (!areSplitFolders(folders) || !imageFilesIn(request.root, 1).empty())
        return request.root;
    const std::string split = splitNamed(request);
    const std::optional<fs::path> found = findSplitFolder(request.root, split);
    if (!found)
        throw DatasetError("no split folder for data.dataset.split '" + split + "' in " + request.root.string()
                               + " (found: " + splitFolderNames(request.root)
                               + "); set data.dataset.split to one of them",
                           request.root.string());
    addWarning(request.problems, found->string(),
               "read " + found->string() + ", the split data.dataset.split names ('" + split
                   + "'; splits there: " + splitFolderNames(request.root) + "); set it to use another");
    return *found;
}

// Images and masks, each by its pairing key, and the pairs they make.
struct Pairing
{
    std::map<std::string, fs::path> images, masks;

    // A mask of the image's key, else one of that key and a mask suffix (0001TP_006690_L).
    std::vector<PairItem> pairs(const std::string &imagesWhere, const std::string &masksWhere,
                                std::vector<DatasetProblem> &problems) const
    {
        std::map<std::string, fs::path> suffixed;
        for (const auto &[key, mask] : masks)
            if (const std::optional<std::string> imageKey = stemWithoutMaskSuffix(key))
                suffixed.emplace(*imageKey, mask);
        std::vector<PairItem> items;
        std::set<fs::path> paired;
        std::vector<std::string> imagesWithoutMask, masksWithoutImage;
        for (const auto &[key, image] : images) {
            const fs::path *mask = nullptr;
            if (const auto named = masks.find(key); named != masks.end())
                mask = &named->second;
            else if (const auto withSuffix = suffixed.find(key); withSuffix != suffixed.end())
                mask = &withSuffix->second;
            else if (const auto bothSuffixed = suffixed.find(stemWithoutImageSuffix(key)); bothSuffixed != suffixed.end())
                mask = &bothSuffixed->second; // DRIVE's 21_training.tif and 21_manual1.gif
            if (!mask) {
                imagesWithoutMask.push_back(image.string());
                continue;
            }
            items.push_back({image.string(), mask->string()});
            paired.insert(*mask);
        }
        for (const auto &[key, mask] : masks)
            if (!paired.count(mask))
                masksWithoutImage.push_back(mask.string());
        addListedWarnings(problems, imagesWithoutMask, filesWithout("mask in " + masksWhere));
        addListedWarnings(problems, masksWithoutImage, filesWithout("image in " + imagesWhere));
        return items;
    }
};

// Masks beside their images in `dir` and its folders: a file whose name ends in a mask suffix
// is a mask (100694_mask.png), the others images (100694_sat.jpg, an image suffix left out).
Pairing pairingBesideImages(const fs::path &dir, const OpenRequest &request)
{
    Pairing pairing;
    std::vector<std::string> furtherMasks;
    for (const fs::path &file : listImageFiles(dir, nullptr, request.listing)) {
        const std::string key = pairingKey(file, dir);
        if (stemOfFurtherMask(key)) {
            furtherMasks.push_back(file.string());
            continue;
        }
        const std::optional<std::string> imageKey = stemWithoutMaskSuffix(key);
        const auto [it, inserted] = imageKey ? pairing.masks.emplace(*imageKey, file)
                                             : pairing.images.emplace(stemWithoutImageSuffix(key), file);
        if (!inserted)
            addWarning(request.problems, file.string(),
                       "skipped " + file.string() + ": it pairs as " + it->second.string() + " does");
    }
    addListedWarnings(request.problems, furtherMasks,
                      {"", "files",
                       "is a further mask of an image, left out: a search reads one mask an image (merge them "
                       "into the first)",
                       "are further masks of their images, left out: a search reads one mask an image (merge them "
                       "into the first)",
                       {}});
    return pairing;
}

// The pairs of each folder that holds an image folder and its mask folder, together: of the
// split data.dataset.split names where the root's folders are splits (LoveDA's Train/Urban/
// and Train/Rural/), as said.
std::vector<PairItem> pairsOfGroups(const OpenRequest &request, std::string &expected)
{
    const std::string split = splitNamed(request);
    const fs::path dir = groupsFolder(request.root, split);
    if (dir != request.root)
        addWarning(request.problems, dir.string(),
                   "read " + dir.string() + ", the split data.dataset.split names ('" + split
                       + "'; splits there: " + splitFolderNames(request.root) + "); set it to use another");
    std::vector<PairItem> items;
    for (const PairFolders &group : pairFoldersOfGroups(dir)) {
        const Pairing pairing{filesByKey(group.images, request), filesByKey(group.masks, request)};
        std::vector<PairItem> pairs = pairing.pairs(group.images.string(), group.masks.string(), request.problems);
        items.insert(items.end(), std::make_move_iterator(pairs.begin()), std::make_move_iterator(pairs.end()));
        expected += (expected.empty() ? "" : ", ") + group.images.string() + "/<name>.<ext> with "
                    + group.masks.string() + "/<name>.png";
    }
    return items;
}

} // namespace

std::unique_ptr<Dataset> openSegmentationPairs(const OpenRequest &request)
{
    const std::string where = request.root.string();
    std::optional<PairFolders> found = findPairFolders(request.root);
    // Split folders that each hold an image folder and its mask folder (train/images/ +
    // train/masks/, val/images/ + val/masks/): the pairs of the split data.dataset.split names.
    if (const fs::path split = groupsFolder(request.root, splitNamed(request));
        !found && split != request.root && !holdsMasksBesideImages(request.root) && findPairFolders(split)) {
        addWarning(request.problems, split.string(),
                   "read " + split.string() + ", the split data.dataset.split names ('" + splitNamed(request)
                       + "'; splits there: " + splitFolderNames(request.root) + "); set it to use another");
        return openSegmentationPairs(
            OpenRequest{request.config, split, request.numClasses, request.problems, request.listing});
    }
    std::vector<PairItem> items;
    std::string expected;
    if (!found && holdsMasksBesideImages(request.root)) {
        const fs::path dir = folderOfMasksBesideImages(request);
        items = pairingBesideImages(dir, request).pairs(dir.string(), dir.string(), request.problems);
        expected = dir.string() + "/<name>.<ext> with " + dir.string() + "/<name>_mask.png";
    } else if (!found && !pairFoldersOfGroups(groupsFolder(request.root, splitNamed(request))).empty()) {
        items = pairsOfGroups(request, expected);
    } else {
        PairFolders folders = found ? *found : PairFolders{request.root / "images", request.root / "masks"};
        if (folders.masksNamedAfterImages)
            folders = namedPairFolders(request);
        else if (found)
            folders = splitOfPairFolders(folders, request);
        for (const fs::path &dir : {folders.images, folders.masks}) {
            std::error_code ec;
            if (!fs::is_directory(dir, ec))
                throw DatasetError("segmentation pairs need the folder " + dir.string(), dir.string());
        }
        if (holdsSplitFolders(folders.images))
            folders = splitPairFolders(folders, request);
        const Pairing pairing{filesByKey(folders.images, request), filesByKey(folders.masks, request)};
        items = pairing.pairs(folders.images.string(), folders.masks.string(), request.problems);
        expected = folders.images.string() + "/<name>.<ext> with " + folders.masks.string() + "/<name>.png";
    }
    if (items.empty())
        throw DatasetError("no image/mask pairs in " + where + ": expected " + expected + " (extensions "
                               + imageExtensionList() + ")",
                           where);

    return pairedSegmentationDataset(std::move(items), request);
}

} // namespace augstudio
