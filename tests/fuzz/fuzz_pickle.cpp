// Python pickles (CIFAR's batches as torchvision downloads them): the input read by the pickle
// machine and looked into as the CIFAR reader does, then, as the first training batch of a
// CIFAR-10 folder beside a valid names file, opened through openDataset as a search would and
// a few items loaded.

#include "FuzzSupport.h"

#include "data/Dataset.h"
#include "io/PickleReader.h"

#include <filesystem>

using namespace augstudio;

namespace {

// {"label_names": ["airplane", ..., "truck"]} as Python 3 writes it at protocol 2.
const char kNames[] =
    "\x80\x02}q\x00X\x0b\x00\x00\x00label_namesq\x01]q\x02(X\x08\x00\x00\x00" "airplaneq\x03X\x0a\x00"
    "\x00\x00" "automobileq\x04X\x04\x00\x00\x00" "birdq\x05X\x03\x00\x00\x00" "catq\x06X\x04\x00\x00"
    "\x00" "deerq\x07X\x03\x00\x00\x00" "dogq\x08X\x04\x00\x00\x00" "frogq\x09X\x05\x00\x00\x00horseq"
    "\x0aX\x04\x00\x00\x00shipq\x0bX\x05\x00\x00\x00truckq\x0c" "es.";

void lookInto(const std::string &bytes)
{
    try {
        Pickle pickle(bytes);
        if (const std::optional<std::size_t> data = pickle.item(pickle.root(), "data"))
            if (const std::optional<PickledArray> array = pickle.array(*data))
                pickle.takeString(array->data);
        for (const char *key : {"labels", "label_names"})
            if (const std::optional<std::size_t> list = pickle.item(pickle.root(), key)) {
                pickle.integers(*list);
                pickle.strings(*list);
            }
    } catch (const PickleError &) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    lookInto(std::string(reinterpret_cast<const char *>(data), size));

    const std::string dir = fuzz::tempDir();
    fuzz::writeFile("batches.meta", reinterpret_cast<const std::uint8_t *>(kNames), sizeof kNames - 1);
    for (const char *batch : {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"})
        fuzz::writeFile(batch, data, size);

    DataConfig config;
    config.dataset.root = dir;
    config.dataset.layout = "cifar";
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
