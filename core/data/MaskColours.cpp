#include "data/MaskColours.h"

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/ImageDecoding.h"
#include "data/DatasetTextFile.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <map>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// A colour file lists a few dozen classes; far more was not written as one.
constexpr std::uintmax_t kMaxColourFileBytes = 1 << 20;

// Masks hold 8-bit ids and 255 is the ignore value.
constexpr std::size_t kMaxColourClasses = 255;

std::uint32_t keyOf(cv::Vec3b rgb)
{
    return (std::uint32_t(rgb[0]) << 16) | (std::uint32_t(rgb[1]) << 8) | rgb[2];
}

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

std::string at(const std::string &file, std::size_t line)
{
    return file + ", line " + std::to_string(line) + ": ";
}

// One channel of a colour: a whole number from 0 to 255.
unsigned char channelValue(const std::string &text, const char *channel, const std::string &file, std::size_t line)
{
    const std::string value = trimmedField(text);
    int number = -1;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < 0 || number > 255)
        throw DatasetError(at(file, line) + channel + " is '" + value + "'; a colour's " + channel
                               + " is a whole number from 0 to 255",
                           file);
    return static_cast<unsigned char>(number);
}

// Each colour once, at most 255 classes, at least one.
class ColourTableBuilder
{
public:
    explicit ColourTableBuilder(const std::string &file) { m_table.source = file; }

    void add(cv::Vec3b rgb, std::string name, std::size_t line)
    {
        const std::string &file = m_table.source;
        const auto [it, added] = m_lines.emplace(keyOf(rgb), line);
        if (!added)
            throw DatasetError(at(file, line) + "the colour " + colourName(rgb) + " of '" + name + "' is line "
                                   + std::to_string(it->second) + "'s too; a colour is one class",
                               file);
        if (m_table.colours.size() == kMaxColourClasses)
            throw DatasetError(at(file, line) + "more than " + std::to_string(kMaxColourClasses)
                                   + " classes; masks hold 8-bit class ids, 255 the ignore value",
                               file);
        m_table.colours.push_back(rgb);
        m_table.names.push_back(name.empty() ? "class_" + std::to_string(m_table.names.size()) : std::move(name));
    }

    std::size_t size() const { return m_table.colours.size(); }

    MaskColours finished()
    {
        if (m_table.colours.empty())
            throw DatasetError(m_table.source + " lists no class colour", m_table.source);
        return std::move(m_table);
    }

private:
    MaskColours m_table;
    std::map<std::uint32_t, std::size_t> m_lines;
};

std::optional<std::size_t> columnNamed(const CsvRecord &header, std::initializer_list<const char *> names)
{
    for (const char *name : names)
        for (std::size_t c = 0; c < header.size(); ++c)
            if (lowered(header[c]) == name)
                return c;
    return std::nullopt;
}

std::string readColourFile(const fs::path &path)
{
    return readDatasetTextFile(path, kMaxColourFileBytes, "a list of class colours");
}

} // namespace

int MaskColours::idOf(cv::Vec3b rgb) const
{
    const auto found = std::find(colours.begin(), colours.end(), rgb);
    return found == colours.end() ? -1 : int(found - colours.begin());
}

std::string colourName(cv::Vec3b rgb)
{
    char text[8];
    std::snprintf(text, sizeof text, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
    return text;
}

MaskColours parseClassDictCsv(const std::string &text, const std::string &file)
{
    CsvReader reader(text, file);
    CsvRecord header;
    std::size_t line = 0;
    if (!reader.next(header, line))
        throw DatasetError(file + " is empty: it lists the class colours, a header (name,r,g,b) then a row a class",
                           file);
    const auto r = columnNamed(header, {"r", "red"}), g = columnNamed(header, {"g", "green"}),
               b = columnNamed(header, {"b", "blue"});
    if (!r || !g || !b) {
        std::string found;
        for (const std::string &name : header)
            found += (found.empty() ? "" : ", ") + name;
        throw DatasetError(at(file, line) + "no r, g and b columns (found: " + found
                               + "); a class colour file's header is name,r,g,b",
                           file);
    }
    std::optional<std::size_t> name = columnNamed(header, {"name", "class", "class_name", "classname", "label"});
    for (std::size_t c = 0; c < header.size() && !name; ++c)
        if (c != *r && c != *g && c != *b)
            name = c;
    const std::size_t width = std::max({*r, *g, *b, name.value_or(0)}) + 1;

    ColourTableBuilder table(file);
    CsvRecord record;
    while (reader.next(record, line)) {
        if (record.size() < width)
            throw DatasetError(at(file, line) + std::to_string(record.size()) + " fields where the header names "
                                   + std::to_string(header.size()),
                               file);
        const cv::Vec3b rgb(channelValue(record[*r], "r", file, line), channelValue(record[*g], "g", file, line),
                            channelValue(record[*b], "b", file, line));
        table.add(rgb, name ? record[*name] : std::string(), line);
    }
    return table.finished();
}

MaskColours parseLabelmapTxt(const std::string &text, const std::string &file)
{
    ColourTableBuilder table(file);
    forEachTrimmedLine(text, [&](std::size_t line, const std::string &content) {
        if (content.empty() || content[0] == '#')
            return;
        const std::size_t nameEnd = content.find(':');
        if (nameEnd == std::string::npos)
            throw DatasetError(at(file, line) + "'" + content + "' is not name:r,g,b::", file);
        const std::string name = trimmedField(content.substr(0, nameEnd));
        const std::size_t colourEnd = content.find(':', nameEnd + 1);
        const std::string colour = trimmedField(content.substr(nameEnd + 1, colourEnd - nameEnd - 1));
        cv::Vec3b rgb;
        if (colour.empty()) {
            rgb = vocPaletteColour(int(table.size()));
        } else {
            const std::size_t first = colour.find(','), second = colour.find(',', first + 1);
            if (first == std::string::npos || second == std::string::npos
                || colour.find(',', second + 1) != std::string::npos)
                throw DatasetError(at(file, line) + "the colour of '" + name + "' is '" + colour
                                       + "'; a colour is r,g,b",
                                   file);
            rgb = cv::Vec3b(channelValue(colour.substr(0, first), "r", file, line),
                            channelValue(colour.substr(first + 1, second - first - 1), "g", file, line),
                            channelValue(colour.substr(second + 1), "b", file, line));
        }
        table.add(rgb, name, line);
    });
    return table.finished();
}

std::optional<MaskColours> readMaskColourFile(const fs::path &root)
{
    std::error_code error;
    if (const fs::path path = root / kClassDictFile; fs::is_regular_file(path, error))
        return parseClassDictCsv(readColourFile(path), path.string());
    if (const fs::path path = root / kLabelmapFile; fs::is_regular_file(path, error))
        return parseLabelmapTxt(readColourFile(path), path.string());
    return std::nullopt;
}

MaskColours coloursByValue(const ColourCounts &counts)
{
    ColourCounts sorted = counts;
    std::sort(sorted.begin(), sorted.end(),
              [](const auto &a, const auto &b) { return keyOf(a.first) < keyOf(b.first); });
    MaskColours table;
    for (const auto &[rgb, pixels] : sorted) {
        table.colours.push_back(rgb);
        table.names.push_back(colourName(rgb));
    }
    return table;
}

cv::Mat coloursOfClassIds(const cv::Mat &ids, const MaskColours &colours)
{
    CV_Assert(ids.type() == CV_8UC1);
    cv::Vec3b unlisted(255, 0, 255);
    for (const cv::Vec3b &candidate : {cv::Vec3b(0, 0, 0), cv::Vec3b(255, 255, 255)})
        if (colours.idOf(candidate) < 0) {
            unlisted = candidate;
            break;
        }
    cv::Mat table(1, 256, CV_8UC3, cv::Scalar(unlisted[0], unlisted[1], unlisted[2]));
    for (std::size_t id = 0; id < colours.colours.size(); ++id)
        table.at<cv::Vec3b>(int(id)) = colours.colours[id];
    cv::Mat rgb(ids.size(), CV_8UC3);
    for (int y = 0; y < ids.rows; ++y) {
        const unsigned char *in = ids.ptr<unsigned char>(y);
        cv::Vec3b *out = rgb.ptr<cv::Vec3b>(y);
        for (int x = 0; x < ids.cols; ++x)
            out[x] = table.at<cv::Vec3b>(in[x]);
    }
    return rgb;
}

cv::Mat classIdsOfColours(const cv::Mat &rgb, const MaskColours &colours, const std::string &file)
{
    CV_Assert(rgb.type() == CV_8UC3);
    cv::Mat ids(rgb.size(), CV_8UC1);
    // Masks are runs of one colour: the last colour's id is looked up again only when it changes.
    cv::Vec3b last(0, 0, 0);
    int lastId = colours.idOf(last);
    for (int y = 0; y < rgb.rows; ++y) {
        const cv::Vec3b *in = rgb.ptr<cv::Vec3b>(y);
        unsigned char *out = ids.ptr<unsigned char>(y);
        for (int x = 0; x < rgb.cols; ++x) {
            if (in[x] != last) {
                last = in[x];
                lastId = colours.idOf(last);
            }
            if (lastId < 0) {
                const std::string table = colours.source.empty() ? "no mask held when the dataset was opened"
                                                                 : colours.source + " does not list";
                throw DatasetError("mask " + file + " has the colour " + colourName(last) + " ("
                                       + std::to_string(last[0]) + ", " + std::to_string(last[1]) + ", "
                                       + std::to_string(last[2]) + ") at x=" + std::to_string(x)
                                       + ", y=" + std::to_string(y) + ", which " + table,
                                   file);
            }
            out[x] = static_cast<unsigned char>(lastId);
        }
    }
    return ids;
}

} // namespace augstudio
