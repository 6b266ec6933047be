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

// What an image's name may add to its mask's (DeepGlobe's _sat, DRIVE's _training).
constexpr const char *kImageSuffixes[] = {"_sat", "_image", "_img", "_training", "_test"};

// The part of `stem` before `suffix` (compared in any case), or nullopt.
std::optional<std::string> withoutSuffix(const std::string &stem, const std::string &suffix)
{
    if (stem.size() <= suffix.size() || asciiLower(stem.substr(stem.size() - suffix.size())) != suffix)
        return std::nullopt;
    return stem.substr(0, stem.size() - suffix.size());
}

// Whether `dir` holds an image of `stem`, or of `stem` and an image suffix.
bool findImageByStemAndSuffix(const fs::path &dir, const std::string &stem)
{
    if (findImageByStem(dir, stem))
        return true;
    return std::any_of(std::begin(kImageSuffixes), std::end(kImageSuffixes),
                       [&](const char *suffix) { return findImageByStem(dir, stem + suffix).has_value(); });
}

// Whether an image of the mask's stem (without its suffix), or of that stem with an image
// suffix, lies beside it.
bool hasImageBeside(const fs::path &mask)
{
    const std::optional<std::string> stem = stemWithoutMaskSuffix(mask.stem().string());
    if (!stem)
        return false;
    return findImageByStemAndSuffix(mask.parent_path(), *stem);
}

// Whether most of a few masks in `masks` have an image of their name in `images`, with or
// without their mask suffix (class folders cat/ and cat_mask/ hold no such pairs).
bool masksNameImagesIn(const fs::path &masks, const fs::path &images)
{
    constexpr std::size_t kSampled = 16;
    const std::vector<fs::path> sample = imageFilesIn(masks, kSampled);
    const auto named = std::count_if(sample.begin(), sample.end(), [&](const fs::path &mask) {
        const std::string stem = mask.stem().string();
        return findImageByStem(images, stem) || findImageByStemAndSuffix(images, stemWithoutMaskSuffix(stem).value_or(stem));
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
    for (const char *suffix : {"_segmentation", "_labels", "_label", "_mask", "_seg", "_gt", "_l", "_manual1"})
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
    for (const char *suffix : kImageSuffixes)
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

namespace {

// The words of a folder's name, in lower case ("1st_manual": 1st, manual).
std::set<std::string> wordsOf(const fs::path &folder)
{
    std::set<std::string> words;
    std::string word;
    for (const char c : folder.filename().string() + " ") {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            word += char(std::tolower(static_cast<unsigned char>(c)));
            continue;
        }
        if (!word.empty())
            words.insert(word);
        word.clear();
    }
    return words;
}

bool holdsAnyOf(const std::set<std::string> &words, const std::set<std::string> &wanted)
{
    return std::any_of(words.begin(), words.end(), [&](const std::string &word) { return wanted.count(word) > 0; });
}

} // namespace

namespace {

// The split a word of a folder's name says ("train" of train_masks/), or "".
std::string splitOfWords(const std::set<std::string> &words)
{
    for (const std::string &word : words)
        if (const std::string split = splitOfFolderName(word); !split.empty())
            return split;
    return {};
}

// Each folder of masks of `root` with the first folder of images its masks are named after, as
// foldersOfImagesAndMasks describes, by the masks' folder name; the first `most` of them. Of
// image folders that their names would fit alike, one of the masks' split (train_images/ for
// train_masks/, where val_images/ holds images of the same names) before the others.
std::vector<NamedMaskFolders> maskAndImageFolders(const fs::path &root, bool manualOnly, std::size_t most)
{
    static const std::set<std::string> maskWords = {"mask",  "masks", "label", "labels", "annotation", "annotations",
                                                    "annot", "groundtruth", "gt", "seg", "segmentation", "semantic",
                                                    "manual"};
    static const std::set<std::string> manualWords = {"manual"};
    // Pictures of the masks for people, beside the masks (Supervisely's masks_human/ beside
    // masks_machine/, labelme's SegmentationClassVisualization/).
    static const std::set<std::string> pictureWords = {"human", "vis", "viz", "visualization", "visualisation",
                                                       "overlay", "overlays", "preview"};
    const std::vector<fs::path> folders = listSubfolders(root);
    std::vector<NamedMaskFolders> found;
    for (const fs::path &masks : folders) {
        if (found.size() == most)
            break;
        const std::set<std::string> words = wordsOf(masks);
        if (!holdsAnyOf(words, manualOnly ? manualWords : maskWords) || holdsAnyOf(words, pictureWords))
            continue;
        // Masks hold class ids, saved lossless: a folder of JPEGs is photos (with_mask/ beside without_mask/).
        const std::vector<fs::path> sample = imageFilesIn(masks, 16);
        if (std::any_of(sample.begin(), sample.end(), isJpegName))
            continue;
        std::vector<fs::path> candidates = folders;
        if (const std::string split = splitOfWords(words); !split.empty())
            std::stable_partition(candidates.begin(), candidates.end(),
                                  [&](const fs::path &images) { return splitOfWords(wordsOf(images)) == split; });
        for (const fs::path &images : candidates)
            if (images != masks && !imageFilesIn(images, 1).empty() && masksNameImagesIn(masks, images)) {
                found.push_back({images, masks});
                break;
            }
    }
    return found;
}

} // namespace

std::optional<NamedMaskFolders> foldersOfImagesAndMasks(const fs::path &root, bool manualOnly)
{
    const std::vector<NamedMaskFolders> found = maskAndImageFolders(root, manualOnly, 1);
    return found.empty() ? std::nullopt : std::optional<NamedMaskFolders>(found.front());
}

std::map<std::string, NamedMaskFolders> splitFoldersOfImagesAndMasks(const fs::path &root)
{
    // A few splits: the folders of a dataset of many classes are not all looked into.
    constexpr std::size_t kMostSplits = 8;
    std::map<std::string, NamedMaskFolders> bySplit;
    const std::vector<NamedMaskFolders> pairs = maskAndImageFolders(root, false, kMostSplits);
    for (const NamedMaskFolders &pair : pairs) {
        const std::string split = splitOfWords(wordsOf(pair.images));
        if (split.empty())
            return {}; // images/ + masks/ beside others: no splits
        bySplit.emplace(split, pair); // of two of one split, the first by the masks' name
    }
    return bySplit.size() >= 2 ? bySplit : std::map<std::string, NamedMaskFolders>{};
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
