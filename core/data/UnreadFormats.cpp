#include "data/UnreadFormats.h"

#include "data/DatasetLayouts.h"
#include "io/AsciiText.h"

#include <vector>

namespace fs = std::filesystem;

namespace augstudio {

std::string dataInAnotherFormat(const fs::path &root)
{
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
