// MATLAB MAT-files (SVHN's arrays as torchvision downloads them): the input read by the MAT-file
// reader and every value of the arrays it gives looked at, then, as train_32x32.mat, opened as
// an SVHN dataset through openDataset as a search would and a few items loaded.

#include "FuzzSupport.h"

#include "data/Dataset.h"
#include "io/MatReader.h"

#include <sstream>

using namespace augstudio;

namespace {

// Enough for SVHN's arrays of the inputs the corpus holds, small enough that the fuzzer
// meets the cap.
constexpr std::uint64_t kMaxArrayBytes = std::uint64_t(1) << 24;

void lookInto(const std::string &bytes)
{
    std::istringstream in(bytes);
    try {
        double sum = 0;
        for (const auto &[name, array] : readMatArrays(in, {"X", "y", "labels"}, kMaxArrayBytes))
            for (std::uint64_t i = 0; i < array.count(); ++i)
                sum += array.value(i);
        static volatile double kept = 0;
        kept = sum;
    } catch (const MatError &) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    lookInto(std::string(reinterpret_cast<const char *>(data), size));

    fuzz::writeFile("train_32x32.mat", data, size);
    DataConfig config;
    config.dataset.root = fuzz::tempDir();
    config.dataset.layout = "svhn";
    std::vector<DatasetProblem> problems;
    try {
        const auto dataset = openDataset(config, Task::Classification, 0, problems);
        const std::size_t n = dataset->size();
        for (const std::size_t i : {std::size_t(0), n - 1}) {
            if (i >= n)
                continue;
            dataset->itemName(i);
            dataset->label(i);
            dataset->load(i);
        }
    } catch (const DatasetError &) {
    }
    return 0;
}
