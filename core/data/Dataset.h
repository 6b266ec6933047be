#pragma once

// Datasets on disk (class folders, IDX files, segmentation pairs, Pascal VOC, Cityscapes)
// behind one interface through which the loader, the engine and the GUI read images.

#include "config/SearchConfig.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

enum class DatasetLayout { ImageFolder, Idx, SegmentationPairs, Voc, Cityscapes, CsvLabels, Cifar, Svhn, Flowers102, Stl10 };

// "image_folder", "idx", "segmentation_pairs", "voc", "cityscapes", "csv", "cifar", "svhn", "flowers102", "stl10"
const char *toString(DatasetLayout layout);
// The seven names above; anything else, "auto" included, gives nullopt (auto = detectLayout).
std::optional<DatasetLayout> layoutFromString(const std::string &name);
// Classification for image folders, IDX, labels files and CIFAR, semantic segmentation for the others.
Task taskOf(DatasetLayout layout);

struct DatasetProblem
{
    bool error = false;        // false = warning
    std::string file;          // the file or folder concerned
    std::string message;       // complete sentence, names the file
    // an image file that cannot be decoded: an error of the dataset, but the search skips it
    bool unreadableImage = false;
};

// A problem with the dataset itself; what() names the file or folder.
class DatasetError : public std::runtime_error
{
public:
    explicit DatasetError(const std::string &message, std::string file = {});
    const std::string &file() const { return m_file; }

private:
    std::string m_file;
};

// Whether one of `problems` is about `file` (never for an empty name): a file that opening
// the dataset named already is not named again when it is met later.
bool namesFile(const std::vector<DatasetProblem> &problems, const std::string &file);

// An image file that is empty, not an image or corrupt. The loader skips such items.
class UnreadableImageError : public DatasetError
{
public:
    using DatasetError::DatasetError;
};

struct Sample
{
    // RGB; CV_8UC3 for input_dtype uint8, CV_32FC3 in [0,1] for float32. Grey images are
    // replicated to three equal channels here; channels() tells the loader to keep one.
    cv::Mat image;
    cv::Mat mask;   // CV_8UC1 class ids (255 = ignore); empty for classification
    int label = -1; // class id; -1 for segmentation
};

struct MaskColours;

class Dataset
{
public:
    virtual ~Dataset();
    virtual DatasetLayout layout() const = 0;
    virtual Task task() const = 0;
    virtual std::size_t size() const = 0;
    virtual int numClasses() const = 0;
    virtual std::vector<std::string> classNames() const = 0; // empty for segmentation pairs
    virtual std::string itemName(std::size_t i) const = 0;   // file path, or "train-images-idx3-ubyte.gz #123"
    virtual int label(std::size_t i) const = 0;              // -1 for segmentation
    // The channels the search works on, decided when the dataset was opened: 1 when every
    // image is grayscale (IDX always; image files whose header says grey), else 3. A
    // dataset mixing grey and colour images is searched in colour.
    virtual int channels() const = 0;
    // Decodes item i. Thread-safe. Throws DatasetError naming the file (unreadable image,
    // mask of another size, class id out of range, colour mask).
    virtual Sample load(std::size_t i) const = 0;
    // The size of item i's image as load() gives it (EXIF orientation applied), from the
    // file's header where the format allows (PNG, JPEG, BMP, TIFF, WebP), else decoded; empty
    // when the image cannot be read. Thread-safe. For the size scan behind the default preprocessing.
    virtual cv::Size imageSize(std::size_t i) const;
    // Segmentation pairs: why item i's mask cannot go with its image, judged from the files'
    // headers (their sizes differ, as load() would find), or empty; empty also when a header
    // does not tell. Thread-safe. For a check of every pair before a search starts.
    virtual std::string pairProblem(std::size_t i) const;
    // Where the classes were read, where a file's columns were chosen: "trainLabels.csv:
    // images in column id, classes in column label"; empty for the other layouts.
    virtual std::string labelsSource() const;
    // Colour-coded masks: the table load() read their class ids through; nullptr for the others.
    virtual const MaskColours *maskColours() const;
};

// The layout of the folder `root` judged by its content (IDX files, JPEGImages/ +
// SegmentationClass/, leftImg8bit/ + gtFine/, images/ + masks/, class folders), or
// nullopt when the folder is missing or nothing matches.
std::optional<DatasetLayout> detectLayout(const std::string &root);

// The class count that takes every 8-bit mask id as it is, nothing inferred or checked
// against declared classes: for a reader that learns nothing from the masks (apply).
constexpr int kEveryMaskId = 255;

// Opens the dataset at config.dataset.root; the layout is detected unless
// config.dataset.layout names one. `numClasses` comes from the model config, 0 = infer
// (class folders, max IDX label + 1, max mask id + 1 with 255 excluded, 21 for VOC, 19 for
// Cityscapes). config.dataset.limit > 0 keeps a fixed pseudo-random subset of that many
// images. Throws DatasetError for fatal problems; appends warnings (unmatched images or
// masks, empty class folders, ...) to `problems`.
// `listingProgress` (optional) hears how many folder entries have been looked at, every 1024
// of them, and returns false to stop: ListingCancelled is thrown then.
std::unique_ptr<Dataset> openDataset(const DataConfig &config, Task task, int numClasses,
                                     std::vector<DatasetProblem> &problems,
                                     const std::function<bool(std::size_t entries)> &listingProgress = {});

} // namespace augstudio
