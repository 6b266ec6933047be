// IDX datasets (MNIST's format), plain and gzipped, opened through openDataset as a search
// would and a few items loaded. Input: one flag byte, a 2-byte little-endian length of the
// images file, the images file, then the labels file. Flags: 1 images named .gz, 2 images
// gzipped here, 4 labels named .gz, 8 labels gzipped here, 16 float32, 32 a limit of 3.

#include "FuzzSupport.h"

#include "data/Dataset.h"

#include <algorithm>
#include <filesystem>

using namespace augstudio;

namespace {

void writeIdx(const std::string &name, unsigned flags, const std::uint8_t *data, std::size_t size)
{
    const bool named = flags & 1, gzipped = flags & 2;
    if (gzipped)
        fuzz::writeGzipFile(name + (named ? ".gz" : ""), data, size);
    else
        fuzz::writeFile(name + (named ? ".gz" : ""), data, size);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 3)
        return 0;
    const unsigned flags = data[0];
    const std::size_t imagesSize = std::min<std::size_t>(data[1] | (data[2] << 8), size - 3);
    const std::uint8_t *images = data + 3, *labels = images + imagesSize;
    const std::size_t labelsSize = size - 3 - imagesSize;

    const std::string dir = fuzz::tempDir();
    for (const char *name : {"train-images-idx3-ubyte", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte",
                             "train-labels-idx1-ubyte.gz"})
        std::filesystem::remove(dir + "/" + name);
    writeIdx("train-images-idx3-ubyte", flags, images, imagesSize);
    writeIdx("train-labels-idx1-ubyte", flags >> 2, labels, labelsSize);

    DataConfig config;
    config.dataset.root = dir;
    config.dataset.layout = "idx";
    config.dataset.limit = flags & 32 ? 3 : 0;
    config.inputDtype = flags & 16 ? InputDtype::Float32 : InputDtype::UInt8;
    fuzz::openAndLoad(config);
    return 0;
}
