#pragma once

// Reads PyTorch state dicts as torch.save writes them (the zip format of PyTorch 1.6 and
// later): torchvision's and timm's checkpoints, a dict holding one under "state_dict",
// "model" or "state_dict_ema", and torch::pickle_save's files. Engine-only header.
//
// LibTorch 1.13's own torch::pickle_load turns a collections.OrderedDict, which every
// Python state dict is, into None; this reader reads the pickle with io/PickleReader (the
// opcodes of plain data, calling nothing the file names) and builds the tensors from the
// zip's storage records (io/ZipArchive: checked offsets and checksums).

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace augstudio {

using StateDict = std::vector<std::pair<std::string, torch::Tensor>>;

// What a PyTorch file holds, read once: the name → tensor entries of a state dict in file
// order, on the CPU; or, for a module saved by LibTorch's torch::save (a TorchScript archive,
// whose tensors only LibTorch reads), just that it is one. Throws std::runtime_error naming the
// file for anything else (the legacy pre-1.6 format, a damaged file, no dict of tensors), and
// the entry as well for a tensor whose view reaches beyond its storage or holds more elements
// than the storage (overlapping ones, as stride 0 makes: a small file that copies out huge).
struct PyTorchFile {
    bool libTorchModule = false;
    StateDict stateDict; // empty for a LibTorch module
};
PyTorchFile readPyTorchFile(const std::string &path);

// The state dict of `path`; a LibTorch module is an error too.
StateDict readStateDict(const std::string &path);

} // namespace augstudio
