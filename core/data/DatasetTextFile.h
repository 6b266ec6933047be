// The files a dataset folder holds beside its images (a labels file, a list of class colours
// or names, CIFAR's pickled batches), read whole with a cap on their size.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace augstudio {

// The text of `path`. Throws DatasetError naming the file when it cannot be read, or when it
// holds more than `maxBytes` ("… holds more than 1 MiB: too large for `what`").
std::string readDatasetTextFile(const std::filesystem::path &path, std::uintmax_t maxBytes, const std::string &what);

} // namespace augstudio
