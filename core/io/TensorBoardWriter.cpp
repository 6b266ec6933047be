#include "io/TensorBoardWriter.h"

#include "io/AtomicFile.h"
#include "io/Crc32c.h"
#include "io/FileWrite.h"
#include "io/IoError.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <unistd.h>

namespace augstudio {

namespace {

constexpr size_t autoFlushBytes = 64 * 1024;

// Protocol buffer wire format, just the field types an Event needs.
void putVarint(std::string &out, std::uint64_t v)
{
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7F) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

void putLittleEndian(std::string &out, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

void putDouble(std::string &out, int field, double v)
{
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    putVarint(out, static_cast<std::uint64_t>(field) << 3 | 1);
    putLittleEndian(out, bits, 8);
}

void putFloat(std::string &out, int field, float v)
{
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    putVarint(out, static_cast<std::uint64_t>(field) << 3 | 5);
    putLittleEndian(out, bits, 4);
}

void putInt64(std::string &out, int field, std::int64_t v)
{
    putVarint(out, static_cast<std::uint64_t>(field) << 3 | 0);
    putVarint(out, static_cast<std::uint64_t>(v));
}

void putBytes(std::string &out, int field, const std::string &bytes)
{
    putVarint(out, static_cast<std::uint64_t>(field) << 3 | 2);
    putVarint(out, bytes.size());
    out += bytes;
}

std::string hostName()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0')
        return "localhost";
    std::string host = name;
    for (char &c : host)
        if (c == '/')
            c = '_';
    return host;
}

} // namespace

TensorBoardWriter::TensorBoardWriter(const std::string &logDir)
{
    ensureWritableDirectory(logDir);
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::string base = (std::filesystem::path(logDir) / "events.out.tfevents.").string()
        + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + "." + hostName();
    // A second writer in the same second (a quick resume) must not overwrite the first file.
    for (int suffix = 0; m_fd < 0; ++suffix) {
        m_path = suffix == 0 ? base : base + "." + std::to_string(suffix);
        m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (m_fd < 0 && (errno != EEXIST || suffix >= 1000))
            throw ioErrorFromErrno("create", m_path, errno);
    }
    std::string event;
    putDouble(event, 1, std::chrono::duration<double>(now).count());
    putBytes(event, 3, "brain.Event:2");
    appendRecord(event);
    try {
        flush();
    } catch (...) {
        ::close(m_fd);
        throw;
    }
}

TensorBoardWriter::~TensorBoardWriter()
{
    try {
        flush();
    } catch (const IoError &) {
        // Nothing left to tell from a destructor; the engine flushes after every epoch.
    }
    ::close(m_fd);
}

void TensorBoardWriter::addScalar(const std::string &tag, double value, std::int64_t step, double wallTime)
{
    std::string summaryValue;
    putBytes(summaryValue, 1, tag);
    putFloat(summaryValue, 2, static_cast<float>(value));
    std::string summary;
    putBytes(summary, 1, summaryValue);

    std::string event;
    putDouble(event, 1, wallTime);
    putInt64(event, 2, step);
    putBytes(event, 5, summary);
    appendRecord(event);
    if (m_buffer.size() >= autoFlushBytes)
        flush();
}

void TensorBoardWriter::addRestart(std::int64_t step)
{
    constexpr std::int64_t sessionStart = 1; // tensorflow.SessionLog.SessionStatus.START
    std::string sessionLog;
    putInt64(sessionLog, 1, sessionStart);
    std::string event;
    putDouble(event, 1, std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
    putInt64(event, 2, step);
    putBytes(event, 7, sessionLog);
    appendRecord(event);
}

void TensorBoardWriter::appendRecord(const std::string &event)
{
    std::string length;
    putLittleEndian(length, event.size(), 8);
    m_buffer += length;
    putLittleEndian(m_buffer, maskedCrc32c(length.data(), length.size()), 4);
    m_buffer += event;
    putLittleEndian(m_buffer, maskedCrc32c(event.data(), event.size()), 4);
}

void TensorBoardWriter::flush()
{
    std::size_t done = 0;
    try {
        writeAll(m_fd, m_buffer.data(), m_buffer.size(), m_path, &done);
    } catch (const IoError &) {
        // Keep what did not reach the file, so that a later flush can try again.
        m_buffer.erase(0, done);
        throw;
    }
    m_buffer.clear();
}

} // namespace augstudio
