#include "io/MatReader.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <limits>

namespace augstudio {

namespace {

// The tags of MAT-file version 5 ("MAT-File Format", MathWorks): a variable is a miMATRIX
// element, or a miCOMPRESSED element whose zlib stream inflates to one.
constexpr std::uint32_t kInt8Tag = 1, kInt32Tag = 5, kUInt32Tag = 6, kMatrixTag = 14, kCompressedTag = 15;
constexpr std::uint64_t kHeaderBytes = 128;
// The most bytes one byte of deflate data inflates to (a length-258 match in two bits): what a
// compressed variable's sizes are checked against before anything is allocated.
constexpr long double kMaxDeflateRatio = 1032;
constexpr std::size_t kMostDims = 32;
constexpr std::uint32_t kMostNameBytes = 255;
// MATLAB's classes of numeric arrays (mxDOUBLE_CLASS to mxUINT64_CLASS) and the complex flag.
constexpr int kFirstNumericClass = 6, kLastNumericClass = 15;
constexpr unsigned kComplexFlag = 0x08;

std::uint32_t littleEndian32(const unsigned char *p)
{
    return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}

bool isNumericType(std::uint32_t type)
{
    return (type >= 1 && type <= 7) || type == 9 || type == 12 || type == 13;
}

std::size_t bytesOf(MatType type)
{
    switch (type) {
    case MatType::Int8:
    case MatType::UInt8: return 1;
    case MatType::Int16:
    case MatType::UInt16: return 2;
    case MatType::Int32:
    case MatType::UInt32:
    case MatType::Single: return 4;
    case MatType::Double:
    case MatType::Int64:
    case MatType::UInt64: return 8;
    }
    return 1;
}

std::uint64_t paddingOf(std::uint64_t bytes)
{
    return (8 - bytes % 8) % 8;
}

// Where a variable's bytes come from: the file, or the variable's zlib stream as it inflates.
class VariableSource
{
public:
    virtual ~VariableSource() = default;
    // Up to `n` bytes into `out`; fewer only where the variable ends.
    virtual std::size_t read(char *out, std::size_t n) = 0;
    // The most bytes the variable can still give.
    virtual long double mostLeft() const = 0;
};

class FileSource : public VariableSource
{
public:
    FileSource(std::istream &in, std::uint64_t bytes) : m_in(in), m_left(bytes) {}

    std::size_t read(char *out, std::size_t n) override
    {
        n = std::size_t(std::min<std::uint64_t>(n, m_left));
        m_in.read(out, std::streamsize(n));
        const auto got = std::size_t(m_in.gcount());
        m_left -= got;
        return got;
    }
    long double mostLeft() const override { return (long double)m_left; }

private:
    std::istream &m_in;
    std::uint64_t m_left;
};

class InflatingSource : public VariableSource
{
public:
    InflatingSource(std::istream &in, std::uint64_t compressedBytes) : m_in(in), m_left(compressedBytes)
    {
        std::memset(&m_stream, 0, sizeof m_stream);
        if (inflateInit(&m_stream) != Z_OK)
            throw MatError("zlib initialisation failed");
    }
    ~InflatingSource() override { inflateEnd(&m_stream); }
    InflatingSource(const InflatingSource &) = delete;
    InflatingSource &operator=(const InflatingSource &) = delete;

    std::size_t read(char *out, std::size_t n) override
    {
        std::size_t produced = 0;
        while (produced < n && !m_ended) {
            if (m_stream.avail_in == 0) {
                if (m_left == 0)
                    break;
                const auto chunk = std::size_t(std::min<std::uint64_t>(sizeof m_input, m_left));
                m_in.read(reinterpret_cast<char *>(m_input), std::streamsize(chunk));
                const auto got = std::size_t(m_in.gcount());
                if (got == 0)
                    break;
                m_left -= got;
                m_stream.next_in = m_input;
                m_stream.avail_in = uInt(got);
            }
            const std::size_t room = std::min<std::size_t>(n - produced, UINT_MAX);
            m_stream.next_out = reinterpret_cast<unsigned char *>(out + produced);
            m_stream.avail_out = uInt(room);
            const int result = inflate(&m_stream, Z_NO_FLUSH);
            produced += room - m_stream.avail_out;
            if (result == Z_STREAM_END)
                m_ended = true;
            else if (result != Z_OK && result != Z_BUF_ERROR)
                throw MatError(std::string("its zlib stream is damaged (")
                               + (m_stream.msg ? m_stream.msg : "zlib error " + std::to_string(result)) + ")");
        }
        return produced;
    }
    long double mostLeft() const override
    {
        // What inflate holds back (its window) comes on top of what the input can give.
        return m_ended ? 0 : ((long double)m_left + m_stream.avail_in) * kMaxDeflateRatio + 65536;
    }

private:
    std::istream &m_in;
    std::uint64_t m_left;
    z_stream m_stream;
    unsigned char m_input[1 << 16];
    bool m_ended = false;
};

// One element of a variable: its type, its size, and, in the small format, its bytes.
struct Tag
{
    std::uint32_t type = 0;
    std::uint32_t bytes = 0;
    bool small = false;
    char smallData[4] = {};
};

class VariableParser
{
public:
    VariableParser(VariableSource &source, std::string where) : m_source(source), m_where(std::move(where)) {}

    [[noreturn]] void fail(const std::string &what) const { throw MatError(m_where + ": " + what); }

    void readExactly(char *out, std::size_t n, const char *what)
    {
        std::size_t got = 0;
        try {
            got = m_source.read(out, n);
        } catch (const MatError &error) { // the source's own: a damaged zlib stream
            fail(error.what());
        }
        if (got != n)
            fail(std::string("cut short in ") + what);
    }

    Tag readTag(const char *what)
    {
        unsigned char raw[8];
        readExactly(reinterpret_cast<char *>(raw), 8, what);
        Tag tag;
        tag.type = littleEndian32(raw);
        tag.bytes = littleEndian32(raw + 4);
        if (tag.type >> 16) { // the small format: type and size in one word, the bytes after
            tag.small = true;
            tag.bytes = tag.type >> 16;
            tag.type &= 0xffff;
            std::memcpy(tag.smallData, raw + 4, 4);
            if (tag.bytes > 4)
                fail(std::string("its ") + what + " claims " + std::to_string(tag.bytes) + " bytes in a small element");
        }
        return tag;
    }

    // The bytes of an element that is not the array's data (flags, dims, name): few, so read whole.
    std::string readSmallPayload(const Tag &tag, const char *what, std::uint32_t mostBytes)
    {
        if (tag.small)
            return std::string(tag.smallData, tag.bytes);
        if (tag.bytes > mostBytes)
            fail(std::string("its ") + what + " claims " + std::to_string(tag.bytes) + " bytes");
        std::string bytes(tag.bytes + paddingOf(tag.bytes), '\0');
        readExactly(bytes.data(), bytes.size(), what);
        bytes.resize(tag.bytes);
        return bytes;
    }

    // The payload of the array's data, read as it comes so that a size no data backs allocates
    // no more than the data there is.
    std::string readData(const Tag &tag)
    {
        if (tag.small)
            return std::string(tag.smallData, tag.bytes);
        if ((long double)tag.bytes > m_source.mostLeft())
            fail("its data claims " + std::to_string(tag.bytes) + " bytes, more than the rest of the file holds");
        constexpr std::size_t kChunk = std::size_t(1) << 24;
        std::string data;
        while (data.size() < tag.bytes) {
            const std::size_t at = data.size();
            const std::size_t chunk = std::min<std::size_t>(kChunk, tag.bytes - at);
            data.resize(at + chunk);
            readExactly(data.data() + at, chunk, "its data");
        }
        return data;
    }

private:
    VariableSource &m_source;
    std::string m_where;
};

// The array of one miMATRIX element's contents where it is numeric and named in `names`.
void readMatrix(VariableParser &parser, const std::set<std::string> &names, std::uint64_t maxArrayBytes,
                std::map<std::string, MatArray> &arrays)
{
    const Tag flagsTag = parser.readTag("its array flags");
    if (flagsTag.type != kUInt32Tag || flagsTag.bytes != 8)
        parser.fail("its array flags are no pair of uint32");
    const std::string flags = parser.readSmallPayload(flagsTag, "array flags", 8);
    const int matlabClass = static_cast<unsigned char>(flags[0]);
    const bool complex = static_cast<unsigned char>(flags[1]) & kComplexFlag;

    const Tag dimsTag = parser.readTag("its dimensions");
    if (dimsTag.type != kInt32Tag || dimsTag.bytes % 4 != 0 || dimsTag.bytes < 8)
        parser.fail("its dimensions are no list of at least 2 int32");
    const std::string dimBytes = parser.readSmallPayload(dimsTag, "dimensions", kMostDims * 4);
    MatArray array;
    for (std::size_t at = 0; at < dimBytes.size(); at += 4) {
        const auto dim = std::int32_t(littleEndian32(reinterpret_cast<const unsigned char *>(dimBytes.data() + at)));
        if (dim < 0)
            parser.fail("its dimension " + std::to_string(at / 4 + 1) + " is " + std::to_string(dim));
        array.dims.push_back(std::uint64_t(dim));
    }

    const Tag nameTag = parser.readTag("its name");
    if (nameTag.type != kInt8Tag)
        parser.fail("its name is no text");
    const std::string name = parser.readSmallPayload(nameTag, "name", kMostNameBytes);
    if (!names.count(name) || arrays.count(name) || complex || matlabClass < kFirstNumericClass
        || matlabClass > kLastNumericClass)
        return;

    const Tag dataTag = parser.readTag("its data");
    if (!isNumericType(dataTag.type))
        parser.fail("'" + name + "' holds values of type " + std::to_string(dataTag.type) + ", no number type");
    array.type = MatType(dataTag.type);
    long double count = 1;
    for (const std::uint64_t dim : array.dims)
        count *= (long double)dim;
    const long double expected = count * bytesOf(array.type);
    if (expected != (long double)dataTag.bytes)
        parser.fail("'" + name + "' holds " + std::to_string(dataTag.bytes) + " bytes of " + toString(array.type)
                    + ", not the " + std::to_string((unsigned long long)std::min(expected, (long double)ULLONG_MAX))
                    + " its dimensions need");
    if (dataTag.bytes > maxArrayBytes)
        parser.fail("'" + name + "' holds " + std::to_string(dataTag.bytes) + " bytes, more than the "
                    + std::to_string(maxArrayBytes) + " read at most");
    array.data = parser.readData(dataTag);
    arrays.emplace(name, std::move(array));
}

} // namespace

const char *toString(MatType type)
{
    switch (type) {
    case MatType::Int8: return "int8";
    case MatType::UInt8: return "uint8";
    case MatType::Int16: return "int16";
    case MatType::UInt16: return "uint16";
    case MatType::Int32: return "int32";
    case MatType::UInt32: return "uint32";
    case MatType::Single: return "single";
    case MatType::Double: return "double";
    case MatType::Int64: return "int64";
    case MatType::UInt64: return "uint64";
    }
    return "?";
}

std::uint64_t MatArray::count() const
{
    return data.size() / bytesOf(type);
}

double MatArray::value(std::uint64_t i) const
{
    const char *p = data.data() + i * bytesOf(type);
    const auto load = [p](auto value) {
        std::memcpy(&value, p, sizeof value);
        return double(value);
    };
    switch (type) {
    case MatType::Int8: return load(std::int8_t());
    case MatType::UInt8: return load(std::uint8_t());
    case MatType::Int16: return load(std::int16_t());
    case MatType::UInt16: return load(std::uint16_t());
    case MatType::Int32: return load(std::int32_t());
    case MatType::UInt32: return load(std::uint32_t());
    case MatType::Single: return load(float());
    case MatType::Double: return load(double());
    case MatType::Int64: return load(std::int64_t());
    case MatType::UInt64: return load(std::uint64_t());
    }
    return 0;
}

std::map<std::string, MatArray> readMatArrays(std::istream &in, const std::set<std::string> &names,
                                              std::uint64_t maxArrayBytes)
{
    in.seekg(0, std::ios::end);
    const auto size = std::uint64_t(std::max<std::streamoff>(in.tellg(), 0));
    in.seekg(0);
    char header[kHeaderBytes];
    if (size < kHeaderBytes || !in.read(header, kHeaderBytes))
        throw MatError("holds " + std::to_string(size) + " bytes, fewer than the 128 of a MAT-file's header");
    if (std::string(header, 10) == "MATLAB 7.3")
        throw MatError("is a MATLAB 7.3 MAT-file (HDF5), which AugStudio does not read: save it again with "
                       "save(..., '-v7')");
    if (std::string(header + 126, 2) == "MI")
        throw MatError("is a MAT-file written big-endian, which AugStudio does not read");
    if (std::string(header + 126, 2) != "IM" || header[124] != 0 || header[125] != 1)
        throw MatError("is no MAT-file of version 5 (MATLAB's -v6 or -v7; its header lacks the mark of one)");

    std::map<std::string, MatArray> arrays;
    std::uint64_t at = kHeaderBytes;
    while (size - at >= 8 && arrays.size() < names.size()) {
        in.clear();
        in.seekg(std::streamoff(at));
        unsigned char raw[8];
        in.read(reinterpret_cast<char *>(raw), 8);
        const std::uint32_t type = littleEndian32(raw), bytes = littleEndian32(raw + 4);
        const std::uint64_t start = at + 8;
        const std::string where = "the variable at byte " + std::to_string(at);
        if (bytes > size - start)
            throw MatError(where + " claims " + std::to_string(bytes) + " bytes, past the end of the file ("
                           + std::to_string(size - start) + " left)");
        if (type == kCompressedTag) {
            InflatingSource source(in, bytes);
            VariableParser parser(source, where);
            const Tag matrix = parser.readTag("its first element");
            if (matrix.type != kMatrixTag)
                parser.fail("inflates to an element of type " + std::to_string(matrix.type) + ", no array");
            readMatrix(parser, names, maxArrayBytes, arrays);
            at = start + bytes;
        } else {
            if (type == kMatrixTag && bytes > 0) {
                FileSource source(in, bytes);
                VariableParser parser(source, where);
                readMatrix(parser, names, maxArrayBytes, arrays);
            }
            at = std::min(size, start + bytes + paddingOf(bytes));
        }
    }
    return arrays;
}

} // namespace augstudio
