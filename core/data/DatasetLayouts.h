#pragma once

// Internal to core/data: one opener per layout, and what they share (subset selection,
// class-count checks, warnings). openDataset() in Dataset.cpp picks the opener.

#include "data/Dataset.h"
#include "data/ImageFiles.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

struct OpenRequest
{
    const DataConfig &config;
    std::filesystem::path root;
    int numClasses; // from the model config, 0 = infer
    std::vector<DatasetProblem> &problems;
    ListingProgress *listing = nullptr; // counts the entries of the folders listed
};

std::unique_ptr<Dataset> openImageFolder(const OpenRequest &request);
std::unique_ptr<Dataset> openCsvLabels(const OpenRequest &request);
// Whether `root` holds a labels file whose rows name image files there (chooseLabelsCsv) and
// that gives their classes.
bool holdsCsvLabels(const std::filesystem::path &root);
std::unique_ptr<Dataset> openIdx(const OpenRequest &request);
std::unique_ptr<Dataset> openSegmentationPairs(const OpenRequest &request);
std::unique_ptr<Dataset> openVoc(const OpenRequest &request);
std::unique_ptr<Dataset> openCityscapes(const OpenRequest &request);
std::unique_ptr<Dataset> openCifar(const OpenRequest &request);
std::unique_ptr<Dataset> openSvhn(const OpenRequest &request);
std::unique_ptr<Dataset> openFlowers102(const OpenRequest &request);
std::unique_ptr<Dataset> openStl10(const OpenRequest &request);

// A classification dataset of image files, each with its class: what the class folders and
// the labels file layouts open.
struct LabelledImageFile
{
    std::string path;
    int label;
};
// The class count resolved (`found` says what the data shows: "3 class folders"), classes
// past those found named class_<n>, data.dataset.limit's subset kept, and the dataset made.
std::unique_ptr<Dataset> labelledImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                               std::vector<std::string> classes, std::vector<LabelledImageFile> items,
                                               const std::string &found, std::string labelsSource = {});

// `dir`/<prefix>-<kind>-idx<dims>-ubyte[.gz] (also the "<kind>.idx<dims>-ubyte" spelling),
// or nullopt. kind: "images" (dims 3) or "labels" (dims 1).
std::optional<std::filesystem::path> findIdxFile(const std::filesystem::path &dir, const std::string &prefix,
                                                 const std::string &kind);
// The VOC2012-style folder (JPEGImages/ + SegmentationClass/) at root, or under
// root/VOCdevkit/VOC*/ or root/VOC*/ as torchvision's download leaves it: of several years,
// the newest.
std::optional<std::filesystem::path> findVocRoot(const std::filesystem::path &root);
// The folder of a VOC folder's masks: SegmentationClass/, or SegmentationClassPNG/ where
// SegmentationClass/ holds no PNG (labelme2voc's output, its .npy arrays there).
std::filesystem::path vocMasksFolder(const std::filesystem::path &voc);
// Every VOC<year>/ folder findVocRoot chooses among, oldest first (one, or none, at most
// places).
std::vector<std::filesystem::path> vocYearFolders(const std::filesystem::path &root);

// The folder of a dataset torchvision downloads: `root` where `holds` is true of it, else the
// first of its folders it is true of (~/data/cifar-10-batches-py/, ~/data/flowers-102/), where
// root holds at most 32 folders; nullopt where none is.
std::optional<std::filesystem::path> downloadFolderIn(const std::filesystem::path &root,
                                                      const std::function<bool(const std::filesystem::path &)> &holds);
// Where that folder is one of root's, the warning that says it was read: "read <dir>, the
// <name> folder in <root>".
void addDownloadFolderWarning(std::vector<DatasetProblem> &problems, const std::filesystem::path &dir,
                              const std::filesystem::path &root, const std::string &name);

// The folder of CIFAR-10 or CIFAR-100 as torchvision downloads it (cifar-10-batches-py/:
// data_batch_1 to 5, test_batch and batches.meta; cifar-100-python/: train, test and meta, each
// a Python pickle) or as their binary version (cifar-10-batches-bin/: data_batch_1.bin, ...,
// batches.meta.txt; cifar-100-binary/: train.bin, test.bin, fine_label_names.txt), `root` or
// one of its folders; nullopt elsewhere.
std::optional<std::filesystem::path> findCifarFolder(const std::filesystem::path &root);
// The folder of SVHN as torchvision downloads it (train_32x32.mat, test_32x32.mat,
// extra_32x32.mat), `root` or one of its folders; nullopt elsewhere.
std::optional<std::filesystem::path> findSvhnFolder(const std::filesystem::path &root);
// The folder of Oxford's 102 flowers as torchvision downloads them (flowers-102/: jpg/ beside
// imagelabels.mat, and setid.mat), `root` or one of its folders; nullopt elsewhere.
std::optional<std::filesystem::path> findFlowers102Folder(const std::filesystem::path &root);
// The folder of STL-10 as torchvision downloads it (stl10_binary/: train_X.bin + train_y.bin or
// test_X.bin + test_y.bin), `root` or one of its folders; nullopt elsewhere.
std::optional<std::filesystem::path> findStl10Folder(const std::filesystem::path &root);

// Cityscapes' leftImg8bit/ and gtFine/, at root or one folder down (as extracting each
// archive into a folder of its name leaves them: leftImg8bit_trainvaltest/leftImg8bit/).
struct CityscapesFolders
{
    std::filesystem::path images; // leftImg8bit/
    std::filesystem::path masks;  // gtFine/
};
std::optional<CityscapesFolders> findCityscapesFolders(const std::filesystem::path &root);

// The image and mask folders of a segmentation_pairs dataset.
struct PairFolders
{
    std::filesystem::path images;
    std::filesystem::path masks;
    bool masksNamedAfterImages = false; // masks/ is images/'s name and a suffix (train_labels/)
};
// images/ + masks/ at root, or their other names in any case (Images/, img/, imgs/; Masks/,
// labels/, annotations/, ann/, gt/, ...) where the masks' names are the images' names; else a
// folder and the mask folder named after it (train/ + train_labels/), the first by name.
std::optional<PairFolders> findPairFolders(const std::filesystem::path &root);
// The folder a dataset is in: `root`, or the one folder it holds alone, down to four levels,
// where it holds no data files itself (no image, IDX file, or labels file whose rows name
// images: a CSV of boxes, as Stanford Cars' beside car_data/, is none) and that folder holds
// folders and is no split folder: an archive extracted into a folder of its name
// (archive/CamVid/, root/flowers/daisy/).
std::filesystem::path datasetFolderIn(const std::filesystem::path &root);
// The image and mask folders of each folder of `dir` that holds them, where at least half
// do (LoveDA's Urban/ and Rural/, the datasets of a Supervisely project, UAVid's sequences,
// each with an image folder and its mask folder); empty otherwise, and for more than 64 folders.
std::vector<PairFolders> pairFoldersOfGroups(const std::filesystem::path &dir);
// Where such groups are looked for: `root`, or the split folder `split` names ("" = train)
// where root's folders are all splits (LoveDA's Train/ and Val/); root where none is. Such a
// split folder may hold an image folder and its mask folder itself (train/images/ + train/masks/).
std::filesystem::path groupsFolder(const std::filesystem::path &root, const std::string &split);
// The mask folder beside `images` at root: masks/, or one of the other names where it holds
// images itself or in split folders one level down (annotations/training/) and, but for
// labels/ and annotations/ beside images/, under the names of the images (a YOLO labels/ of
// .txt files is no mask folder, nor an img/ beside images/).
std::optional<std::filesystem::path> findMaskFolder(const std::filesystem::path &root,
                                                    const std::filesystem::path &images);

// The item indices data.dataset.limit keeps: the first `limit` of a fixed-seed shuffle of
// [0, total), in ascending order. All of them when limit <= 0 or >= total.
std::vector<std::size_t> limitedSelection(std::size_t total, int limit);

// The class count to use: `found` (what the data shows, e.g. "10 class folders") when
// `requested` is 0, else `requested` if it is not below `found` (a warning when above).
// Fewer than 2 classes is an error. `where` names the dataset folder.
int resolveClassCount(int found, int requested, const std::string &what, const std::string &where,
                      std::vector<DatasetProblem> &problems);
// resolveClassCount for the classes named `classes`, those past them named class_<n>.
int resolveClassNames(std::vector<std::string> &classes, int requested, const std::string &what,
                      const std::string &where, std::vector<DatasetProblem> &problems);

void addWarning(std::vector<DatasetProblem> &problems, const std::string &file, const std::string &message);
// "3, 5, 9, 11, 12, ..." : the first five class ids of `ids`, for a warning about empty ones.
std::string firstIds(const std::vector<int> &ids);
// How many files of one kind a dataset's warnings name before they count the rest.
inline constexpr std::size_t kListedWarnings = 25;
// One warning per path, the first few of them ("<kind> <path> <what>", kind "" for files),
// then one that counts the rest ("and <n> more <kinds> <whatOfMany>").
struct ListedWarning
{
    std::string kind = "";       // "class folder"; files name themselves
    std::string kinds = "files"; // "class folders"
    std::string what;            // "is an unreadable format; left out"
    std::string whatOfMany;      // "are an unreadable format; left out"
    std::string file;            // the file each warning is about where the entries are no files
                                 // (a labels file's rows); empty: each entry's own path
};
void addListedWarnings(std::vector<DatasetProblem> &problems, const std::vector<std::string> &paths,
                       const ListedWarning &warning);

// What a listing skipped (listImageFiles' `skipped`), as warnings: each entry named, and files
// of a format the decoders lack, which come in hundreds, the first few.
void addSkippedWarnings(std::vector<DatasetProblem> &problems, const std::vector<SkippedEntry> &skipped);

} // namespace augstudio
