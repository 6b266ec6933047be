// The files a dataset folder holds beside its images (a labels file, a list of class colours
// or names, CIFAR's pickled batches, MATLAB arrays), read whole with a cap on their size.
#pragma once

#include "io/MatReader.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace augstudio {

// The text of `path`. Throws DatasetError naming the file when it cannot be read, or when it
// holds more than `maxBytes` ("… holds more than 1 MiB: too large for `what`").
std::string readDatasetTextFile(const std::filesystem::path &path, std::uintmax_t maxBytes, const std::string &what);

// The numeric arrays `names` of the MAT-file `path` holds, `maxArrayBytes` each at most (see
// io/MatReader.h). Throws DatasetError naming the file when it cannot be read or is damaged.
std::map<std::string, MatArray> readDatasetMatFile(const std::filesystem::path &path,
                                                   const std::set<std::string> &names, std::uint64_t maxArrayBytes);

} // namespace augstudio
