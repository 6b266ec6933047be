#include "data/UnreadFormats.h"

#include "data/DatasetLayouts.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

bool holdsFile(const fs::path &dir, const char *name)
{
    std::error_code error;
    return fs::is_regular_file(dir / name, error);
}

// What `dir` holds of a dataset kept in a format AugStudio does not read, and how to give it
// instead: "SVHN as torchvision downloads it (MATLAB arrays), which ..."; empty for other folders.
std::string unreadDownload(const fs::path &dir)
{
    if (holdsFile(dir, "train_32x32.mat") || holdsFile(dir, "test_32x32.mat"))
        return "SVHN as torchvision downloads it (MATLAB arrays), which AugStudio does not read: save its images as "
               "class folders first (the README's \"From torchvision's datasets\" does it in a few lines of Python)";
    return {};
}

} // namespace

std::string dataInAnotherFormat(const fs::path &root)
{
    std::vector<fs::path> places = {root};
    for (const fs::path &folder : listSubfolders(root))
        places.push_back(folder);
    for (const fs::path &place : places)
        if (const std::string download = unreadDownload(place); !download.empty())
            return place.string() + " holds " + download;

    static const std::pair<const char *, const char *> formats[] = {
        {".mat", "a MATLAB file"},   {".npy", "a NumPy array"},       {".npz", "NumPy arrays"},
        {".pkl", "a Python pickle"}, {".pickle", "a Python pickle"}, {".h5", "an HDF5 file"},
        {".hdf5", "an HDF5 file"},   {".parquet", "a Parquet table"}, {".xlsx", "an Excel workbook"}};
    const std::vector<fs::path> files = listFiles(root, [](const std::string &) { return true; });
    for (const fs::path &file : files) {
        const std::string extension = asciiLower(file.extension().string());
        for (const auto &[ending, what] : formats)
            if (extension == ending)
                return file.filename().string() + " may hold the labels, as " + what
                       + ", which AugStudio does not read: save them as labels.csv beside it, an image and its "
                         "class a row (image,label)";
    }
    return {};
}

} // namespace augstudio
