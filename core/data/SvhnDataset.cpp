// Classification from SVHN (Street View House Numbers, cropped digits) as torchvision downloads
// it, the data of AutoAlbument's SVHN example: train_32x32.mat, test_32x32.mat and
// extra_32x32.mat, MATLAB arrays of the 32 × 32 RGB images ('X', 32 × 32 × 3 × N) and their
// labels ('y', 1 to 10, 10 for the digit 0, which torchvision makes 0 as well).

#include "data/DatasetLayouts.h"
#include "data/DatasetTextFile.h"
#include "data/PlanarImages.h"
#include "io/MatReader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

const char *const kSplits[] = {"train", "test", "extra"};
constexpr int kDigits = 10;
constexpr int kSide = 32;
// extra_32x32.mat's images are 1.6 GB; an array much larger is no SVHN.
constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(4) << 30;

std::string fileOfSplit(const std::string &split)
{
    return split + "_32x32.mat";
}

bool holdsSvhn(const fs::path &dir)
{
    std::error_code error;
    for (const char *split : kSplits)
        if (fs::is_regular_file(dir / fileOfSplit(split), error))
            return true;
    return false;
}

// The labels of 'y', the digit 0 written 10 as the download has it.
std::vector<int> digitsOf(const MatArray &y, const std::string &file)
{
    std::vector<int> digits;
    digits.reserve(y.count());
    for (std::uint64_t i = 0; i < y.count(); ++i) {
        const double value = y.value(i);
        if (!(value >= 0 && value <= kDigits) || std::floor(value) != value)
            throw DatasetError(file + ": label " + std::to_string(i + 1) + " of 'y' is " + std::to_string(value)
                                   + ", no digit (1 to 10, 10 for 0)",
                               file);
        digits.push_back(int(value) % kDigits);
    }
    return digits;
}

PlanarBatch readSplit(const fs::path &file)
{
    const std::string name = file.string();
    std::map<std::string, MatArray> arrays = readDatasetMatFile(file, {"X", "y"}, kMaxArrayBytes);
    const auto x = arrays.find("X"), y = arrays.find("y");
    if (x == arrays.end() || y == arrays.end())
        throw DatasetError(name + " holds no numeric arrays 'X' (the images) and 'y' (their labels)", name);
    const std::vector<std::uint64_t> &dims = x->second.dims;
    const std::uint64_t count = dims.size() == 4 ? dims[3] : 0;
    if (x->second.type != MatType::UInt8 || dims.size() != 4 || dims[0] != kSide || dims[1] != kSide
        || dims[2] != 3 || count == 0) {
        std::string shape;
        for (const std::uint64_t dim : dims)
            shape += (shape.empty() ? "" : " × ") + std::to_string(dim);
        throw DatasetError(name + ": its 'X' is no array of 32 × 32 × 3 × N uint8 (the images), but " + shape + " "
                               + toString(x->second.type),
                           name);
    }
    if (y->second.count() != count)
        throw DatasetError(name + " holds " + std::to_string(count) + " images but " + std::to_string(y->second.count())
                               + " labels",
                           name);
    PlanarBatch batch;
    batch.name = file.filename().string();
    batch.labels = digitsOf(y->second, name);
    batch.pixels = std::move(x->second.data);
    batch.columnMajor = true;
    return batch;
}

} // namespace

std::optional<fs::path> findSvhnFolder(const fs::path &root)
{
    return downloadFolderIn(root, holdsSvhn);
}

std::unique_ptr<Dataset> openSvhn(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::optional<fs::path> dir = findSvhnFolder(request.root);
    if (!dir)
        throw DatasetError("no SVHN as torchvision downloads it (train_32x32.mat, test_32x32.mat, extra_32x32.mat) in "
                               + where,
                           where);
    addDownloadFolderWarning(request.problems, *dir, request.root, "SVHN");
    const std::string split = request.config.dataset.split.empty() ? "train" : request.config.dataset.split;
    if (std::find(std::begin(kSplits), std::end(kSplits), split) == std::end(kSplits))
        throw DatasetError("data.dataset.split '" + split + "' is not an SVHN split (train, test or extra) for "
                               + dir->string(),
                           dir->string());
    const fs::path file = *dir / fileOfSplit(split);
    std::error_code error;
    if (!fs::is_regular_file(file, error))
        throw DatasetError("SVHN in " + dir->string() + " lacks " + file.filename().string()
                               + " (torchvision's SVHN(split=\"" + split + "\", download=True) downloads it)",
                           file.string());
    std::vector<std::string> classes;
    for (int digit = 0; digit < kDigits; ++digit)
        classes.push_back(std::to_string(digit));
    std::vector<PlanarBatch> batches;
    batches.push_back(readSplit(file));
    return planarImagesDataset(DatasetLayout::Svhn, request, std::move(batches), std::move(classes), "10 digits",
                               dir->string());
}

} // namespace augstudio
