#pragma once

// metrics.csv and friends: a header line once, then one line per row, each written and
// flushed to the file as it comes so that a crash loses at most the row being written.
// Fields are quoted per RFC 4180 (only when they hold a comma, a quote or a line break);
// lines end with "\n", as pandas.to_csv writes them.

#include <string>
#include <vector>

namespace augstudio {

class CsvWriter
{
public:
    // append = false: starts a new file with the header. append = true: keeps the rows
    // of an existing file whose header matches `columns` (IoError naming the file if it
    // does not) and drops a last line that a crash left without its line break; a missing
    // or empty file gets the header.
    CsvWriter(const std::string &path, const std::vector<std::string> &columns, bool append);
    ~CsvWriter();
    CsvWriter(const CsvWriter &) = delete;
    CsvWriter &operator=(const CsvWriter &) = delete;

    // One cell per column (std::invalid_argument naming the file otherwise); IoError
    // naming the file when the system refuses the write (full disk).
    void writeRow(const std::vector<std::string> &cells);

    // "%.9g"; NaN and infinities as "nan", "inf", "-inf", which pandas reads as floats.
    static std::string number(double v);
    // The cell as it appears in the file: quoted and with doubled quotes where needed.
    static std::string quote(const std::string &cell);
    // A whole line as it appears in the file, line break included.
    static std::string line(const std::vector<std::string> &cells);

    const std::string &path() const { return m_path; }

private:
    void writeLine(const std::vector<std::string> &cells);

    std::string m_path;
    size_t m_columnCount = 0;
    int m_fd = -1;
};

// RFC 4180 records of `text` (quoted fields may hold commas, quotes and line breaks;
// "\r\n" and "\n" both end a line). Throws std::invalid_argument naming the line of an
// unterminated quote.
std::vector<std::vector<std::string>> parseCsv(const std::string &text);

} // namespace augstudio
