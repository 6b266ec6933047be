#pragma once

// The entries of a zip archive as torch.save and LibTorch write them, with or without zip64
// records; stored (uncompressed) entries can be read, which is all torch.save writes. Every
// offset and size is checked against the archive's length before it is used, and an entry's
// CRC-32 when it is read, so a damaged or hostile file gets an error and never a read outside it.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace augstudio {

class ZipArchive
{
public:
    // Reads the central directory; throws std::runtime_error saying what is damaged.
    explicit ZipArchive(std::string bytes);

    // The whole file at `path`; errors name it.
    static ZipArchive fromFile(const std::string &path);

    // Entry names in the order of the central directory.
    const std::vector<std::string> &names() const { return m_names; }
    bool contains(const std::string &name) const { return m_entries.count(name) > 0; }

    // The entry's bytes, checked against its CRC-32; throws std::runtime_error naming the entry
    // when it is missing, compressed or damaged.
    std::string_view entry(const std::string &name) const;

private:
    struct Entry {
        uint64_t offset = 0; // of the data
        uint64_t size = 0;
        uint32_t crc = 0;
        bool stored = true;
    };
    void readCentralDirectory();
    std::string m_bytes;
    std::vector<std::string> m_names;
    std::map<std::string, Entry> m_entries;
};

} // namespace augstudio
