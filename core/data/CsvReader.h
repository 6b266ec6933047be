#pragma once

// CSV text as spreadsheets and Kaggle write it, record by record: RFC 4180 quoting (doubled
// quotes, delimiters and line breaks inside quotes), a UTF-8 byte-order mark, LF, CRLF or CR
// line ends, and a comma, semicolon or tab as the header line says.

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace augstudio {

using CsvRecord = std::vector<std::string>;

class CsvReader
{
public:
    // `text` and `file` must outlive the reader; `file` names the text in errors.
    CsvReader(const std::string &text, const std::string &file);

    // A comma, or what a spreadsheet in another locale writes (a semicolon: "id;label"), or
    // a tab: whichever `header` holds most of outside quotes.
    static char delimiterOf(const std::string &header);

    // The next record, its fields trimmed of spaces and tabs unless quoted, and the line it
    // starts on (1-based); false at the end of the text. Blank lines are passed over. Throws
    // DatasetError naming the file and line of a quote not closed or text after one.
    bool next(CsvRecord &record, std::size_t &line);

private:
    const std::string &m_text;
    const std::string &m_file;
    std::size_t m_at = 0;
    std::size_t m_line = 1;
    char m_delimiter = ',';
};

// `text` without the spaces and tabs at its ends.
std::string trimmedField(const std::string &text);

// Each line of `text` (LF, CRLF or CR line ends; a UTF-8 byte-order mark dropped), trimmed of
// spaces and tabs, with its 1-based number: the plain lists beside a dataset (labelmap.txt,
// class_names.txt).
void forEachTrimmedLine(const std::string &text,
                        const std::function<void(std::size_t line, const std::string &content)> &visit);

} // namespace augstudio
