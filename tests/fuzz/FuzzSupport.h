#pragma once

// What the file-based fuzz targets share: one temporary folder per process, removed at exit,
// in which each input is written under a fixed name, and the dataset opened from it.

#include <cstddef>
#include <cstdint>
#include <string>

namespace augstudio {
struct DataConfig;
}

namespace augstudio::fuzz {

// The process's folder (created on first use).
const std::string &tempDir();

// Writes `size` bytes to tempDir()/name, replacing what was there; returns the path.
std::string writeFile(const std::string &name, const std::uint8_t *data, std::size_t size);

// The same bytes as a gzip file.
std::string writeGzipFile(const std::string &name, const std::uint8_t *data, std::size_t size);

// Opens the dataset `config` names through openDataset, as a search would, and loads its first,
// middle and last items; a DatasetError is the parser's answer, not a failure.
void openAndLoad(const DataConfig &config);
// The same for the dataset of `layout` at `root`, read as it is.
void openAndLoad(const std::string &root, const char *layout);

} // namespace augstudio::fuzz
