#include "data/LabelsCsv.h"

#include "data/Dataset.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

using Record = std::vector<std::string>;

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// The records of `text` and the line each starts on (1-based).
class CsvReader
{
public:
    CsvReader(const std::string &text, const std::string &file)
        : m_text(text), m_file(file)
    {
        if (m_text.compare(0, 3, "\xEF\xBB\xBF") == 0)
            m_at = 3;
        m_delimiter = delimiterOf(m_text.substr(m_at, m_text.find('\n', m_at) - m_at));
    }

    // A comma, or what a spreadsheet in another locale writes (a semicolon: "id;label"), or
    // a tab: whichever the header line holds most of outside quotes.
    static char delimiterOf(const std::string &header)
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

    // false at the end of the text.
    bool next(Record &record, std::size_t &line)
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
            } else if (c == '"' && trimmed(field).empty() && !wasQuoted) {
                quoted = wasQuoted = true;
                field.clear();
            } else if (c == m_delimiter) {
                record.push_back(wasQuoted ? field : trimmed(field));
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
        record.push_back(wasQuoted ? field : trimmed(field));
        return true;
    }

private:
    const std::string &m_text;
    const std::string &m_file;
    std::size_t m_at = 0;
    std::size_t m_line = 1;
    char m_delimiter = ',';
};

const std::set<std::string> kImageNames = {"image", "images", "image_id", "imageid", "image_name", "image_path",
                                           "img", "img_name", "filename", "file_name", "file", "fname", "path",
                                           "filepath", "file_path", "image_file",
                                           "id", "id_code", "name"};
const std::set<std::string> kLabelNames = {"label", "labels", "label_id", "class", "class_name", "classname",
                                           "class_id", "category", "category_id", "target", "diagnosis", "dx",
                                           "level", "grade", "breed", "species", "y"};

std::optional<std::size_t> columnNamedIn(const Record &header, const std::set<std::string> &names,
                                         std::optional<std::size_t> besides = std::nullopt)
{
    for (std::size_t c = 0; c < header.size(); ++c)
        if (c != besides && names.count(asciiLower(header[c])))
            return c;
    return std::nullopt;
}

// 0 or 1 as a one-hot column writes it: "0", "1", "0.0", "1.0".
std::optional<bool> oneHotValue(const std::string &text)
{
    if (text == "0" || text == "0.0")
        return false;
    if (text == "1" || text == "1.0")
        return true;
    return std::nullopt;
}

// "test.csv", "test_labels", "stage_1_test_images": a word "test", not "latest".
bool isTestList(const std::string &name)
{
    for (std::size_t at = name.find("test"); at != std::string::npos; at = name.find("test", at + 1))
        if (at == 0 || !std::isalnum(static_cast<unsigned char>(name[at - 1])))
            return true;
    return false;
}

std::string columnList(const Record &header)
{
    std::string list;
    for (const std::string &name : header)
        list += (list.empty() ? "" : ", ") + name;
    return list;
}

} // namespace

LabelsTable parseLabelsCsv(const std::string &text, const std::string &file)
{
    CsvReader reader(text, file);
    Record header;
    std::size_t headerLine = 0;
    if (!reader.next(header, headerLine))
        throw DatasetError(file + " is empty: a labels file starts with a header (image,label)", file);
    if (header.size() < 2)
        throw DatasetError(file + ", line " + std::to_string(headerLine) + ": a labels file needs two columns or more "
                               "(an image and its class), the header has " + std::to_string(header.size()),
                           file);
    std::vector<Record> records;
    std::vector<std::size_t> lines;
    Record record;
    std::size_t line = 0;
    while (reader.next(record, line)) {
        if (record.size() == 1 && record.front().empty())
            continue; // a line of spaces
        if (record.size() != header.size())
            throw DatasetError(file + ", line " + std::to_string(line) + ": " + std::to_string(record.size())
                                   + " fields where the header has " + std::to_string(header.size()),
                               file);
        records.push_back(record);
        lines.push_back(line);
    }
    if (records.empty())
        throw DatasetError(file + " lists no images: it has a header and no rows", file);

    LabelsTable table;
    const std::size_t imageColumn = columnNamedIn(header, kImageNames).value_or(0);
    table.imageColumn = header[imageColumn];
    std::optional<std::size_t> labelColumn = columnNamedIn(header, kLabelNames, imageColumn);
    table.classColumnNamed = labelColumn.has_value();
    if (!labelColumn && header.size() == 2)
        labelColumn = 1 - imageColumn;

    const auto addRow = [&](std::size_t r, std::string label) {
        const std::string &image = records[r][imageColumn];
        if (image.empty())
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": no image in column "
                                   + table.imageColumn,
                               file);
        if (label.empty())
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": " + image + " has no class", file);
        table.rows.push_back({image, std::move(label), lines[r]});
    };
    if (labelColumn) {
        table.labelColumn = header[*labelColumn];
        for (std::size_t r = 0; r < records.size(); ++r)
            addRow(r, records[r][*labelColumn]);
        return table;
    }

    // No column says "label": the others are the classes, one-hot, or the file is unclear.
    table.oneHot = true;
    for (std::size_t c = 0; c < header.size(); ++c)
        if (c != imageColumn)
            table.oneHotColumns.push_back(header[c]);
    const auto unclear = [&] {
        return DatasetError(file + ": which column holds the class is unclear (columns: " + columnList(header)
                                + "): name it \"label\", or give one column of 0 and 1 a class",
                            file);
    };
    for (std::size_t r = 0; r < records.size(); ++r) {
        std::string label;
        int ones = 0;
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (c == imageColumn)
                continue;
            const std::optional<bool> value = oneHotValue(records[r][c]);
            if (!value)
                throw unclear();
            if (*value) {
                ++ones;
                label = header[c];
            }
        }
        if (ones != 1)
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": " + records[r][imageColumn] + " has "
                                   + std::to_string(ones) + " classes marked 1 among " + columnList(table.oneHotColumns)
                                   + " (one-hot: exactly one)",
                               file);
        addRow(r, label);
    }
    return table;
}

std::vector<fs::path> labelsCsvCandidates(const fs::path &root)
{
    std::vector<fs::path> candidates;
    std::error_code error;
    for (fs::directory_iterator it(root, error), end; !error && it != end; it.increment(error)) {
        const fs::path &path = it->path();
        std::error_code typeError;
        if (asciiLower(path.extension().string()) != ".csv" || !it->is_regular_file(typeError))
            continue;
        const std::string name = asciiLower(path.stem().string());
        if (name.find("submission") != std::string::npos || isTestList(name))
            continue; // what a competition is scored on, not labels to learn from
        candidates.push_back(path);
    }
    std::sort(candidates.begin(), candidates.end());
    return candidates;
}

std::optional<fs::path> findLabelsCsv(const fs::path &root)
{
    const std::vector<fs::path> candidates = labelsCsvCandidates(root);
    if (candidates.size() == 1)
        return candidates.front();
    for (const char *word : {"label", "train"}) {
        std::vector<fs::path> named;
        for (const fs::path &path : candidates)
            if (asciiLower(path.stem().string()).find(word) != std::string::npos)
                named.push_back(path);
        if (named.size() == 1)
            return named.front();
    }
    return std::nullopt;
}

} // namespace augstudio
