#pragma once

// CRC-32C (Castagnoli), as TFRecord files use it to guard each length and payload.

#include <cstddef>
#include <cstdint>

namespace augstudio {

std::uint32_t crc32c(const void *data, size_t size);
// TensorFlow stores ((crc >> 15) | (crc << 17)) + 0xa282ead8 rather than the plain CRC.
std::uint32_t maskedCrc32c(const void *data, size_t size);

} // namespace augstudio
