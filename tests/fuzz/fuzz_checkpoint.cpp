// A search folder's checkpoint (checkpoints/last.pt), which `search --resume` and the app
// open: any bytes. The same reader opens the state dicts of pretrained weights. What reads
// must write out and read back to the same checkpoint.

#include "FuzzSupport.h"
#include "search/CheckpointFile.h"

#include <cstdlib>
#include <cstring>
#include <stdexcept>

using namespace augstudio;

namespace {

bool sameBits(const torch::Tensor &a, const torch::Tensor &b)
{
    if (a.scalar_type() != b.scalar_type() || !a.sizes().equals(b.sizes()))
        return false;
    return a.nbytes() == 0 // an empty tensor may have no data pointer
           || std::memcmp(a.contiguous().data_ptr(), b.contiguous().data_ptr(), a.nbytes()) == 0;
}

bool same(const CheckpointFile &a, const CheckpointFile &b)
{
    if (a.state.epoch != b.state.epoch || a.state.step != b.state.step
        || std::memcmp(&a.state.wallSeconds, &b.state.wallSeconds, sizeof(double)) != 0
        || a.state.fingerprint != b.state.fingerprint || a.state.history.size() != b.state.history.size()
        || a.state.threads != b.state.threads || a.state.datasetImages != b.state.datasetImages
        || a.state.datasetKey != b.state.datasetKey
        || !sameBits(a.cpuGenerator, b.cpuGenerator) || a.cudaGenerator.defined() != b.cudaGenerator.defined()
        || (a.cudaGenerator.defined() && !sameBits(a.cudaGenerator, b.cudaGenerator))
        || a.tensors.size() != b.tensors.size())
        return false;
    for (const auto &[name, tensor] : a.tensors) {
        const auto found = b.tensors.find(name);
        if (found == b.tensors.end() || !sameBits(tensor, found->second))
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string path = fuzz::writeFile("last.pt", data, size);
    CheckpointFile file;
    try {
        file = readCheckpointFile(path);
    } catch (const std::runtime_error &) {
        return 0;
    }
    const std::string again = fuzz::tempDir() + "/again.pt";
    writeCheckpointFile(again, file);
    if (!same(readCheckpointFile(again), file))
        std::abort(); // the writer's own output must read back whole
    return 0;
}
