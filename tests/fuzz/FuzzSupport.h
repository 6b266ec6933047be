#pragma once

// What the file-based fuzz targets share: one temporary folder per process, removed at exit,
// in which each input is written under a fixed name.

#include <cstddef>
#include <cstdint>
#include <string>

namespace augstudio::fuzz {

// The process's folder (created on first use).
const std::string &tempDir();

// Writes `size` bytes to tempDir()/name, replacing what was there; returns the path.
std::string writeFile(const std::string &name, const std::uint8_t *data, std::size_t size);

// The same bytes as a gzip file.
std::string writeGzipFile(const std::string &name, const std::uint8_t *data, std::size_t size);

} // namespace augstudio::fuzz
