#include "io/CsvWriter.h"

#include "io/AtomicFile.h"
#include "io/FileWrite.h"
#include "io/IoError.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace augstudio {

namespace {

struct Record
{
    std::vector<std::string> fields;
    size_t begin = 0;   // byte range of the record in the text, line break included
    size_t end = 0;
    bool terminated = true;   // ended by a line break (not by the end of the text)
    size_t openQuoteLine = 0; // > 0: the text ended inside a quoted field opened on this line
};

std::vector<Record> parseRecords(const std::string &text)
{
    std::vector<Record> records;
    size_t i = 0;
    size_t line = 1;
    while (i < text.size()) {
        Record record;
        record.begin = i;
        std::string field;
        bool done = false;
        while (!done) {
            if (i < text.size() && text[i] == '"') {
                const size_t openedOnLine = line;
                ++i;
                while (true) {
                    if (i >= text.size()) {
                        record.openQuoteLine = openedOnLine;
                        break;
                    }
                    if (text[i] == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    if (text[i] == '\n')
                        ++line;
                    field += text[i++];
                }
            }
            // Unquoted part (or whatever follows a closing quote) up to the separator.
            while (i < text.size() && text[i] != ',' && text[i] != '\n'
                   && !(text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n'))
                field += text[i++];
            record.fields.push_back(std::move(field));
            field.clear();
            if (i >= text.size()) {
                record.terminated = false;
                done = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                i += text[i] == '\r' ? 2 : 1;
                ++line;
                done = true;
            }
        }
        record.end = i;
        records.push_back(std::move(record));
    }
    return records;
}

std::string readWholeFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ioErrorFromErrno("read", path, errno);
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad())
        throw ioErrorFromErrno("read", path, errno);
    return content.str();
}

bool isRegularFile(const std::string &path, off_t *size)
{
    struct stat info;
    if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode))
        return false;
    *size = info.st_size;
    return true;
}

std::string joinColumns(const std::vector<std::string> &columns)
{
    std::string joined;
    for (size_t i = 0; i < columns.size(); ++i)
        joined += (i ? "," : "") + CsvWriter::quote(columns[i]);
    return joined;
}

} // namespace

std::vector<std::vector<std::string>> parseCsv(const std::string &text)
{
    std::vector<std::vector<std::string>> rows;
    for (auto &record : parseRecords(text)) {
        if (record.openQuoteLine > 0)
            throw std::invalid_argument("unterminated quoted field starting on line "
                                        + std::to_string(record.openQuoteLine));
        rows.push_back(std::move(record.fields));
    }
    return rows;
}

CsvWriter::CsvWriter(const std::string &path, const std::vector<std::string> &columns, bool append)
    : m_path(path), m_columnCount(columns.size())
{
    if (columns.empty())
        throw std::invalid_argument("CSV file '" + path + "': no columns");
    bool writeHeader = true;
    off_t size = 0;
    // Only a regular file has rows to keep (a device such as /dev/full reads forever).
    if (append && isRegularFile(path, &size) && size > 0) {
        const std::string text = readWholeFile(path);
        std::vector<Record> records = parseRecords(text);
        if (records.front().terminated && records.front().fields != columns)
            throw IoError("cannot append to '" + path + "': its columns are '"
                          + joinColumns(records.front().fields) + "', expected '" + joinColumns(columns) + "'");
        // A last line without its line break is a row that a crash cut short.
        if (!records.back().terminated) {
            if (::truncate(path.c_str(), static_cast<off_t>(records.back().begin)) != 0)
                throw ioErrorFromErrno("repair the last line of", path, errno);
            records.pop_back();
        }
        writeHeader = records.empty();
    }
    const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
    m_fd = ::open(path.c_str(), flags, 0666);
    if (m_fd < 0)
        throw ioErrorFromErrno("open", path, errno);
    if (writeHeader) {
        try {
            writeLine(columns);
        } catch (...) {
            ::close(m_fd);
            throw;
        }
    }
}

CsvWriter::~CsvWriter()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void CsvWriter::writeRow(const std::vector<std::string> &cells)
{
    if (cells.size() != m_columnCount)
        throw std::invalid_argument("CSV file '" + m_path + "': a row of " + std::to_string(cells.size())
                                    + " cells for " + std::to_string(m_columnCount) + " columns");
    writeLine(cells);
}

void CsvWriter::writeLine(const std::vector<std::string> &cells)
{
    const std::string text = line(cells);
    // One write call per line: with O_APPEND a line is never interleaved or split by us.
    writeAll(m_fd, text.data(), text.size(), m_path);
}

std::string CsvWriter::number(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    // As %.9g writes it, but in no locale: a reader anywhere reads the dot back.
    char buffer[32];
    const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::general, 9);
    return error == std::errc() ? std::string(buffer, end) : std::string("nan");
}

std::string CsvWriter::quote(const std::string &cell)
{
    if (cell.find_first_of(",\"\r\n") == std::string::npos)
        return cell;
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string CsvWriter::line(const std::vector<std::string> &cells)
{
    return joinColumns(cells) + "\n";
}

} // namespace augstudio
