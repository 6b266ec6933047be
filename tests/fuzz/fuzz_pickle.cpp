// Python pickles (CIFAR's batches as torchvision downloads them): the input read by the pickle
// machine and looked into as the CIFAR reader does, then, as every training batch of a
// CIFAR-10 folder beside a valid names file, in the Python version and in the binary version,
// opened through openDataset as a search would and a few items loaded.

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

const char kNameLines[] = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";

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

    // The Python version in the process's folder, the binary version in bin/.
    const std::string dir = fuzz::tempDir();
    std::filesystem::create_directories(dir + "/bin");
    fuzz::writeFile("batches.meta", reinterpret_cast<const std::uint8_t *>(kNames), sizeof kNames - 1);
    fuzz::writeFile("bin/batches.meta.txt", reinterpret_cast<const std::uint8_t *>(kNameLines), sizeof kNameLines - 1);
    for (int batch = 1; batch <= 5; ++batch) {
        fuzz::writeFile("data_batch_" + std::to_string(batch), data, size);
        fuzz::writeFile("bin/data_batch_" + std::to_string(batch) + ".bin", data, size);
    }
    for (const std::string &root : {dir, dir + "/bin"})
        fuzz::openAndLoad(root, "cifar");
    return 0;
}
