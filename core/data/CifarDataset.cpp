// Classification from CIFAR-10 and CIFAR-100 as torchvision downloads them (the Python
// version: pickled dictionaries of 32 × 32 RGB images and their labels), the data of
// AutoAlbument's CIFAR-10 example, and as their binary version (records of the label and the
// pixels).

#include "data/ClassNamesFile.h"
#include "data/DatasetLayouts.h"
#include "data/DatasetTextFile.h"
#include "data/PlanarImages.h"
#include "io/PickleReader.h"

#include <fstream>
#include <system_error>
#include <utility>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

constexpr std::size_t kImageBytes = 32 * 32 * 3; // the red plane, the green, the blue
// CIFAR-100's train file is 155 MB; a file much larger is no CIFAR batch.
constexpr std::uintmax_t kMaxBatchBytes = std::uintmax_t(1) << 30;

// What tells the datasets and their versions apart: their files, and where their labels and
// names are. The Python version's batches are pickled dictionaries; the binary version's are
// records of the label bytes and the pixels, its names a line each in a text file.
struct CifarFiles
{
    std::string name;                     // "CIFAR-10"
    std::vector<std::string> train, test; // the batches of each split
    std::string meta;                     // the file of class names
    std::string labelsKey, namesKey;      // Python version: the keys of the labels and the names
    std::size_t labelBytes = 0;           // binary version: the label bytes of a record (CIFAR-100:
    std::size_t labelByte = 0;            // coarse, fine) and the one read
};

const CifarFiles &cifar10()
{
    static const CifarFiles files{"CIFAR-10",
                                  {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"},
                                  {"test_batch"},
                                  "batches.meta",
                                  "labels",
                                  "label_names"};
    return files;
}

const CifarFiles &cifar100()
{
    static const CifarFiles files{"CIFAR-100", {"train"}, {"test"}, "meta", "fine_labels", "fine_label_names"};
    return files;
}

const CifarFiles &cifar10Binary()
{
    static const CifarFiles files{"CIFAR-10",
                                  {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
                                   "data_batch_5.bin"},
                                  {"test_batch.bin"},
                                  "batches.meta.txt",
                                  {},
                                  {},
                                  1,
                                  0};
    return files;
}

const CifarFiles &cifar100Binary()
{
    static const CifarFiles files{"CIFAR-100", {"train.bin"}, {"test.bin"}, "fine_label_names.txt", {}, {}, 2, 1};
    return files;
}

bool isPickleFile(const fs::path &file)
{
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        return false;
    std::ifstream in(file, std::ios::binary);
    return in.get() == 0x80;
}

// A folder is CIFAR by its first training batch (and for CIFAR-100's generic "train" and
// "train.bin", one more of its own files): the names file is looked for at open, so that a
// folder lacking it is named as such.
const CifarFiles *cifarFilesIn(const fs::path &dir)
{
    std::error_code error;
    const auto has = [&](const std::string &name) { return fs::is_regular_file(dir / name, error); };
    if (isPickleFile(dir / "data_batch_1"))
        return &cifar10();
    if (isPickleFile(dir / "train") && (isPickleFile(dir / "meta") || isPickleFile(dir / "test")))
        return &cifar100();
    if (has("data_batch_1.bin"))
        return &cifar10Binary();
    if (has("train.bin") && (has("fine_label_names.txt") || has("coarse_label_names.txt")))
        return &cifar100Binary();
    return nullptr;
}

// The path of one of the files `files` names in `dir`, which must be there.
fs::path cifarFile(const fs::path &dir, const CifarFiles &files, const std::string &name, const char *what)
{
    const fs::path file = dir / name;
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        throw DatasetError(files.name + " in " + dir.string() + " lacks " + name + what
                               + " (the download was cut short?)",
                           file.string());
    return file;
}

Pickle readPickle(const fs::path &file)
{
    const std::string name = file.string();
    std::string bytes = readDatasetTextFile(file, kMaxBatchBytes, "a CIFAR batch");
    try {
        return Pickle(std::move(bytes));
    } catch (const PickleError &error) {
        throw DatasetError(name + ": cannot read it as a pickle of data (" + error.what() + ")", name);
    }
}

std::vector<std::string> classNamesOf(const fs::path &meta, const CifarFiles &files)
{
    std::vector<std::string> classes;
    if (files.labelBytes > 0) {
        classes = readNamesALine(meta);
    } else {
        const Pickle pickle = readPickle(meta);
        const std::optional<std::size_t> names = pickle.item(pickle.root(), files.namesKey);
        classes = names ? pickle.strings(*names).value_or(std::vector<std::string>{}) : std::vector<std::string>{};
    }
    if (classes.size() < 2)
        throw DatasetError(meta.string() + " holds no list of at least 2 class names"
                               + (files.namesKey.empty() ? std::string(" (a name a line)")
                                                         : " under '" + files.namesKey + "'"),
                           meta.string());
    return classes;
}

// The labels of batch `file`, each checked to be one of the `classes` names.
std::vector<int> checkedLabels(const std::string &file, const std::vector<long long> &labels, std::size_t classes)
{
    std::vector<int> checked;
    checked.reserve(labels.size());
    for (const long long label : labels) {
        if (label < 0 || std::size_t(label) >= classes)
            throw DatasetError(file + " holds the label " + std::to_string(label) + ", beyond the "
                                   + std::to_string(classes) + " classes its names file names",
                               file);
        checked.push_back(int(label));
    }
    return checked;
}

// A batch of the binary version: records of the label bytes and an image's pixels.
PlanarBatch readBinaryBatch(const fs::path &file, const CifarFiles &files, std::size_t classes)
{
    const std::string name = file.string();
    const std::string bytes = readDatasetTextFile(file, kMaxBatchBytes, "a CIFAR batch");
    const std::size_t record = files.labelBytes + kImageBytes;
    if (bytes.empty() || bytes.size() % record != 0)
        throw DatasetError(name + " holds " + std::to_string(bytes.size()) + " bytes, no whole number of records of "
                               + std::to_string(record) + " bytes (" + std::to_string(files.labelBytes)
                               + " label byte(s) and 3072 pixels)",
                           name);
    PlanarBatch batch;
    batch.name = file.filename().string();
    std::vector<long long> labels;
    batch.pixels.reserve(bytes.size() / record * kImageBytes);
    for (std::size_t at = 0; at < bytes.size(); at += record) {
        labels.push_back(static_cast<unsigned char>(bytes[at + files.labelByte]));
        batch.pixels.append(bytes, at + files.labelBytes, kImageBytes);
    }
    batch.labels = checkedLabels(name, labels, classes);
    return batch;
}

PlanarBatch readBatch(const fs::path &file, const CifarFiles &files, std::size_t classes)
{
    if (files.labelBytes > 0)
        return readBinaryBatch(file, files, classes);
    const std::string name = file.string();
    Pickle pickle = readPickle(file);
    const std::optional<std::size_t> data = pickle.item(pickle.root(), "data");
    const std::optional<PickledArray> array = data ? pickle.array(*data) : std::nullopt;
    if (!array)
        throw DatasetError(name + " holds no NumPy array under 'data'", name);
    const std::vector<std::int64_t> &shape = array->shape;
    const std::size_t bytes = pickle.node(array->data).text.size();
    if ((array->dtype != "u1" && array->dtype != "|u1") || array->fortranOrder || shape.size() != 2
        || shape[1] != std::int64_t(kImageBytes) || shape[0] < 1 || bytes / kImageBytes != std::size_t(shape[0])
        || bytes % kImageBytes != 0)
        throw DatasetError(name + ": its 'data' is no array of images of " + std::to_string(kImageBytes)
                               + " bytes a row (32 × 32 RGB, a " + array->dtype + " array of "
                               + std::to_string(shape.size()) + " dimensions and " + std::to_string(bytes)
                               + " bytes)",
                           name);
    const std::optional<std::size_t> labelList = pickle.item(pickle.root(), files.labelsKey);
    const std::optional<std::vector<long long>> labels = labelList ? pickle.integers(*labelList) : std::nullopt;
    if (!labels)
        throw DatasetError(name + " holds no list of whole numbers under '" + files.labelsKey + "'", name);
    if (labels->size() != std::size_t(shape[0]))
        throw DatasetError(name + " holds " + std::to_string(shape[0]) + " images but " + std::to_string(labels->size())
                               + " labels",
                           name);
    PlanarBatch batch;
    batch.name = file.filename().string();
    batch.labels = checkedLabels(name, *labels, classes);
    batch.pixels = pickle.takeString(array->data);
    return batch;
}

// The CIFAR folder of `root` (findCifarFolder) and what it holds.
std::optional<std::pair<fs::path, const CifarFiles *>> cifarIn(const fs::path &root)
{
    const CifarFiles *files = nullptr; // what the last folder looked at holds
    const std::optional<fs::path> dir =
        downloadFolderIn(root, [&](const fs::path &folder) { return (files = cifarFilesIn(folder)) != nullptr; });
    return dir ? std::optional(std::pair{*dir, files}) : std::nullopt;
}

} // namespace

std::optional<fs::path> findCifarFolder(const fs::path &root)
{
    const auto found = cifarIn(root);
    return found ? std::optional<fs::path>(found->first) : std::nullopt;
}

std::unique_ptr<Dataset> openCifar(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const auto found = cifarIn(request.root);
    if (!found)
        throw DatasetError("no CIFAR-10 (cifar-10-batches-py/: data_batch_1, ..., batches.meta) or CIFAR-100 "
                           "(cifar-100-python/: train, test, meta) as torchvision downloads it, nor their binary "
                           "version (data_batch_1.bin, ..., batches.meta.txt; train.bin, fine_label_names.txt), in "
                               + where,
                           where);
    const fs::path &dir = found->first;
    const CifarFiles &files = *found->second;
    addDownloadFolderWarning(request.problems, dir, request.root, "CIFAR");
    const std::string &split = request.config.dataset.split;
    if (!split.empty() && split != "train" && split != "test")
        throw DatasetError("data.dataset.split '" + split + "' is not a " + files.name + " split (train or test) for "
                               + dir.string(),
                           dir.string());
    const std::vector<std::string> &names = split == "test" ? files.test : files.train;

    const std::vector<std::string> classes =
        classNamesOf(cifarFile(dir, files, files.meta, ", the file of its class names"), files);
    std::vector<PlanarBatch> batches;
    for (const std::string &name : names)
        batches.push_back(readBatch(cifarFile(dir, files, name, ""), files, classes.size()));
    return planarImagesDataset(DatasetLayout::Cifar, request, std::move(batches), classes,
                               std::to_string(classes.size()) + " class names in " + files.meta, dir.string());
}

} // namespace augstudio
