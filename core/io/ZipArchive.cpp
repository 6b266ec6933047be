#include "io/ZipArchive.h"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace augstudio {

namespace {

constexpr uint32_t endSignature = 0x06054b50;
constexpr uint32_t zip64EndSignature = 0x06064b50;
constexpr uint32_t zip64LocatorSignature = 0x07064b50;
constexpr uint32_t centralSignature = 0x02014b50;
constexpr uint32_t localSignature = 0x04034b50;
constexpr size_t endSize = 22, zip64LocatorSize = 20, zip64EndSize = 56, centralSize = 46, localSize = 30;
constexpr uint32_t unknown32 = 0xffffffff;
// A fuzz build reads on past a wrong checksum: no mutation could mend one, and the parsers
// behind it would never see a changed byte.
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
constexpr bool enforceChecksums = false;
#else
constexpr bool enforceChecksums = true;
#endif

[[noreturn]] void damaged(const std::string &what)
{
    throw std::runtime_error("the zip archive is damaged: " + what);
}

// Little-endian fields at checked offsets.
class Reader
{
public:
    explicit Reader(std::string_view bytes) : m_bytes(bytes) {}

    void need(uint64_t offset, uint64_t size, std::string_view what) const
    {
        if (offset > m_bytes.size() || size > m_bytes.size() - offset)
            damaged(std::string(what) + " lies outside the file");
    }
    uint64_t le(uint64_t offset, int size) const
    {
        need(offset, size, "a field");
        uint64_t value = 0;
        for (int i = 0; i < size; ++i)
            value |= uint64_t(static_cast<unsigned char>(m_bytes[offset + i])) << (8 * i);
        return value;
    }
    uint16_t u16(uint64_t offset) const { return static_cast<uint16_t>(le(offset, 2)); }
    uint32_t u32(uint64_t offset) const { return static_cast<uint32_t>(le(offset, 4)); }
    uint64_t u64(uint64_t offset) const { return le(offset, 8); }
    std::string_view text(uint64_t offset, uint64_t size) const
    {
        need(offset, size, "a name");
        return m_bytes.substr(offset, size);
    }
    uint64_t size() const { return m_bytes.size(); }

private:
    std::string_view m_bytes;
};

} // namespace

ZipArchive::ZipArchive(std::string bytes) : m_bytes(std::move(bytes))
{
    readCentralDirectory();
}

ZipArchive ZipArchive::fromFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::runtime_error("cannot read " + path);
    std::ostringstream bytes;
    bytes << file.rdbuf();
    if (file.bad())
        throw std::runtime_error("cannot read " + path);
    try {
        return ZipArchive(std::move(bytes).str());
    } catch (const std::runtime_error &error) {
        throw std::runtime_error(path + ": " + error.what());
    }
}

void ZipArchive::readCentralDirectory()
{
    const Reader in(m_bytes);
    if (in.size() < endSize)
        damaged("it is shorter than an end record");
    // The end record is last but for a comment of up to 64 KiB.
    uint64_t end = in.size() - endSize;
    const uint64_t earliest = in.size() > endSize + 0xffff ? in.size() - endSize - 0xffff : 0;
    while (in.u32(end) != endSignature || end + endSize + in.u16(end + 20) != in.size()) {
        if (end == earliest)
            damaged("it has no end record");
        --end;
    }
    uint64_t count = in.u16(end + 10);
    uint64_t directorySize = in.u32(end + 12);
    uint64_t directory = in.u32(end + 16);
    if (end >= zip64LocatorSize && in.u32(end - zip64LocatorSize) == zip64LocatorSignature) {
        const uint64_t record = in.u64(end - zip64LocatorSize + 8);
        in.need(record, zip64EndSize, "the zip64 end record");
        if (in.u32(record) != zip64EndSignature)
            damaged("the zip64 end record is not where its locator says");
        count = in.u64(record + 32);
        directorySize = in.u64(record + 40);
        directory = in.u64(record + 48);
    }
    in.need(directory, directorySize, "the central directory");
    if (count > directorySize / centralSize)
        damaged("the central directory is too short for its " + std::to_string(count) + " entries");

    uint64_t at = directory;
    for (uint64_t i = 0; i < count; ++i) {
        in.need(at, centralSize, "a central directory entry");
        if (in.u32(at) != centralSignature)
            damaged("central directory entry " + std::to_string(i) + " has no signature");
        const uint16_t method = in.u16(at + 10);
        const uint32_t crc = in.u32(at + 16);
        uint64_t compressed = in.u32(at + 20);
        uint64_t size = in.u32(at + 24);
        const uint16_t nameSize = in.u16(at + 28), extraSize = in.u16(at + 30), commentSize = in.u16(at + 32);
        uint64_t local = in.u32(at + 42);
        const std::string name(in.text(at + centralSize, nameSize));
        // Zip64: the extra field holds, in this order, each of the three that reads 0xffffffff.
        const uint64_t extraEnd = at + centralSize + nameSize + extraSize;
        in.need(at + centralSize + nameSize, extraSize, "an extra field");
        for (uint64_t extra = at + centralSize + nameSize; extra + 4 <= extraEnd;) {
            const uint16_t id = in.u16(extra), length = in.u16(extra + 2);
            if (extra + 4 + length > extraEnd)
                damaged("an extra field of " + name + " runs past its entry");
            if (id == 0x0001) {
                uint64_t field = extra + 4;
                for (uint64_t *value : {&size, &compressed, &local})
                    if (*value == unknown32) {
                        if (field + 8 > extra + 4 + length)
                            damaged("the zip64 field of " + name + " is too short");
                        *value = in.u64(field);
                        field += 8;
                    }
            }
            extra += 4 + length;
        }
        if (name.empty())
            damaged("entry " + std::to_string(i) + " has no name");
        const bool stored = method == 0;
        if (stored && compressed != size)
            damaged(name + " is stored in " + std::to_string(compressed) + " bytes but says it has "
                    + std::to_string(size));
        in.need(local, localSize, "the local header of " + name);
        if (in.u32(local) != localSignature)
            damaged("the local header of " + name + " has no signature");
        const uint64_t data = local + localSize + in.u16(local + 26) + in.u16(local + 28);
        in.need(data, compressed, "the data of " + name);
        if (m_entries.emplace(name, Entry{data, size, crc, stored}).second)
            m_names.push_back(name);
        at += centralSize + nameSize + extraSize + commentSize;
    }
}

std::string_view ZipArchive::entry(const std::string &name) const
{
    const auto found = m_entries.find(name);
    if (found == m_entries.end())
        throw std::runtime_error("the zip archive has no " + name);
    // torch.save stores tensors and pickles; only LibTorch's TorchScript code is compressed.
    if (!found->second.stored)
        throw std::runtime_error("the zip archive's " + name + " is compressed, which is not supported");
    const std::string_view data = std::string_view(m_bytes).substr(found->second.offset, found->second.size);
    // zlib's crc32 takes an unsigned length: large entries go in pieces.
    uLong crc = crc32(0L, Z_NULL, 0);
    for (size_t done = 0; done < data.size();) {
        const size_t piece = std::min<size_t>(data.size() - done, 1u << 30);
        crc = crc32(crc, reinterpret_cast<const Bytef *>(data.data() + done), static_cast<uInt>(piece));
        done += piece;
    }
    if (enforceChecksums && crc != found->second.crc)
        throw std::runtime_error("the zip archive is damaged: " + name + " does not match its checksum");
    return data;
}

} // namespace augstudio
