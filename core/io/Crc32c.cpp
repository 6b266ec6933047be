#include "io/Crc32c.h"

#include <array>

namespace augstudio {

namespace {

// Byte-at-a-time table for the reflected Castagnoli polynomial.
std::array<std::uint32_t, 256> makeTable()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t crc = i;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (crc & 1u ? 0x82F63B78u : 0u);
        table[i] = crc;
    }
    return table;
}

} // namespace

std::uint32_t crc32c(const void *data, size_t size)
{
    static const std::array<std::uint32_t, 256> table = makeTable();
    const auto *bytes = static_cast<const unsigned char *>(data);
    std::uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < size; ++i)
        crc = table[(crc ^ bytes[i]) & 0xFFu] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

std::uint32_t maskedCrc32c(const void *data, size_t size)
{
    const std::uint32_t crc = crc32c(data, size);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

} // namespace augstudio
