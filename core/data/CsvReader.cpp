#include "data/CsvReader.h"

#include "data/Dataset.h"

namespace augstudio {

std::string trimmedField(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

CsvReader::CsvReader(const std::string &text, const std::string &file)
    : m_text(text), m_file(file)
{
    if (m_text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        m_at = 3;
    m_delimiter = delimiterOf(m_text.substr(m_at, m_text.find('\n', m_at) - m_at));
}

char CsvReader::delimiterOf(const std::string &header)
{
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (const char c : header) {
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
        else if (!quoted && c == '\t')
            ++tabs;
    }
    if (semicolons > commas && semicolons >= tabs)
        return ';';
    if (tabs > commas && tabs > semicolons)
        return '\t';
    return ',';
}

bool CsvReader::next(CsvRecord &record, std::size_t &line)
{
    record.clear();
    // Blank lines between records are passed over.
    while (m_at < m_text.size() && (m_text[m_at] == '\n' || m_text[m_at] == '\r')) {
        if (m_text[m_at] == '\n')
            ++m_line;
        ++m_at;
    }
    if (m_at >= m_text.size())
        return false;
    line = m_line;
    std::string field;
    bool quoted = false;
    bool wasQuoted = false;
    while (m_at < m_text.size()) {
        const char c = m_text[m_at++];
        if (quoted) {
            if (c == '"') {
                if (m_at < m_text.size() && m_text[m_at] == '"') {
                    field += '"';
                    ++m_at;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++m_line;
                field += c;
            }
        } else if (c == '"' && trimmedField(field).empty() && !wasQuoted) {
            quoted = wasQuoted = true;
            field.clear();
        } else if (c == m_delimiter) {
            record.push_back(wasQuoted ? field : trimmedField(field));
            field.clear();
            wasQuoted = false;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && m_at < m_text.size() && m_text[m_at] == '\n')
                ++m_at;
            ++m_line;
            break;
        } else if (!wasQuoted) {
            field += c;
        } else if (c != ' ' && c != '\t') {
            throw DatasetError(m_file + ", line " + std::to_string(line)
                                   + ": text after a quoted field's closing quote",
                               m_file);
        }
    }
    if (quoted)
        throw DatasetError(m_file + ", line " + std::to_string(line) + ": a quoted field is not closed", m_file);
    record.push_back(wasQuoted ? field : trimmedField(field));
    return true;
}

void forEachTrimmedLine(const std::string &text,
                        const std::function<void(std::size_t line, const std::string &content)> &visit)
{
    std::size_t line = 0;
    for (std::size_t begin = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; begin < text.size();) {
        std::size_t end = text.find_first_of("\r\n", begin);
        if (end == std::string::npos)
            end = text.size();
        const std::string content = trimmedField(text.substr(begin, end - begin));
        if (text.compare(end, 2, "\r\n") == 0)
            ++end;
        begin = end + 1;
        visit(++line, content);
    }
}

} // namespace augstudio
