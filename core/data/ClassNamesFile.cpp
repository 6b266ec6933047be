#include "data/ClassNamesFile.h"

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/DatasetTextFile.h"
#include "data/ImageFiles.h"
#include "io/AsciiText.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <set>
#include <string_view>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// Masks hold 8-bit ids, 255 the ignore value.
constexpr std::size_t kMaxClasses = 255;
constexpr std::uintmax_t kMaxNamesFileBytes = 1 << 20;

std::string atLine(const std::string &file, std::size_t line)
{
    return file + " line " + std::to_string(line);
}

// `value` as a class id below `most`, or an error naming the file and line.
std::size_t classIdAt(const std::string &value, std::size_t most, const std::string &file, std::size_t line)
{
    std::size_t id = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
    if (error != std::errc() || end != value.data() + value.size() || id >= most)
        throw DatasetError(atLine(file, line) + ": class id '" + value + "' is not a whole number from 0 to "
                               + std::to_string(most - 1),
                           file);
    return id;
}

// `name` as class `id`'s in `parsed`; an id named twice is an error naming the file and line.
void nameOnce(ClassNamesFile &parsed, std::size_t id, const std::string &name, std::set<std::size_t> &seen,
              std::size_t line)
{
    if (!seen.insert(id).second)
        throw DatasetError(atLine(parsed.source, line) + ": class id " + std::to_string(id) + " is named twice",
                           parsed.source);
    if (parsed.names.size() <= id)
        parsed.names.resize(id + 1);
    parsed.names[id] = name;
}

// The ids a file skips, named class_<id>.
void nameTheUnnamed(ClassNamesFile &parsed)
{
    parsed.named.assign(parsed.names.size(), true);
    for (std::size_t id = 0; id < parsed.names.size(); ++id)
        if (parsed.names[id].empty()) {
            parsed.names[id] = "class_" + std::to_string(id);
            parsed.named[id] = false;
        }
}

// The files in `dir` whose lower-case names end in `ending`.
std::vector<fs::path> filesEndingIn(const fs::path &dir, std::string_view ending)
{
    return listFiles(dir, [&](const std::string &name) {
        return name.size() >= ending.size() && name.compare(name.size() - ending.size(), ending.size(), ending) == 0;
    });
}

} // namespace

ClassNamesFile parseClassNamesTxt(const std::string &text, const std::string &file)
{
    ClassNamesFile parsed{{}, file, {}};
    forEachTrimmedLine(text, [&](std::size_t line, const std::string &name) {
        if (name.empty())
            return;
        if (parsed.names.size() == kMaxClasses)
            throw DatasetError(atLine(file, line) + ": more than " + std::to_string(kMaxClasses)
                                   + " class names, more classes than a mask of 8-bit ids can hold",
                               file);
        parsed.names.push_back(name);
    });
    if (parsed.names.empty())
        throw DatasetError(file + " names no class: expected a class name a line, in class id order", file);
    parsed.named.assign(parsed.names.size(), true);
    return parsed;
}

std::vector<std::string> readNamesALine(const fs::path &file)
{
    return parseClassNamesTxt(readDatasetTextFile(file, kMaxNamesFileBytes, "a list of class names"), file.string())
        .names;
}

ClassNamesFile parseRoboflowClassesCsv(const std::string &text, const std::string &file)
{
    CsvReader reader(text, file);
    CsvRecord record;
    std::size_t line = 0;
    if (!reader.next(record, line))
        throw DatasetError(file + " is empty: expected a header, then a class id and its name a row", file);
    ClassNamesFile parsed{{}, file, {}};
    std::set<std::size_t> seen;
    while (reader.next(record, line)) {
        if (record.size() < 2)
            throw DatasetError(atLine(file, line) + ": expected a class id and its name", file);
        nameOnce(parsed, classIdAt(record[0], kMaxClasses, file, line), record[1], seen, line);
    }
    if (parsed.names.empty())
        throw DatasetError(file + " names no class: expected a class id and its name a row", file);
    nameTheUnnamed(parsed);
    return parsed;
}

ClassNamesFile parseLabelListTxt(const std::string &text, const std::string &file)
{
    // A classification dataset's classes, ImageNet's 1000 and more.
    constexpr std::size_t kMostListedClasses = 100000;
    ClassNamesFile parsed{{}, file, {}};
    std::set<std::size_t> seen;
    forEachTrimmedLine(text, [&](std::size_t line, const std::string &content) {
        if (content.empty())
            return;
        const std::size_t cut = content.find_first_of(" \t");
        if (cut == std::string::npos)
            throw DatasetError(atLine(file, line) + ": expected a class id and its name (0 pink primrose)", file);
        nameOnce(parsed, classIdAt(content.substr(0, cut), kMostListedClasses, file, line),
                 trimmedField(content.substr(cut + 1)), seen, line);
    });
    if (parsed.names.empty())
        throw DatasetError(file + " names no class: expected a class id and its name a line", file);
    nameTheUnnamed(parsed);
    return parsed;
}

std::optional<ClassNamesFile> readLabelListBeside(const fs::path &list)
{
    const std::vector<fs::path> found = filesEndingIn(list.parent_path(), "label_list.txt");
    if (found.size() != 1) // none, or two: which names the classes cannot be told
        return std::nullopt;
    return parseLabelListTxt(readDatasetTextFile(found.front(), kMaxNamesFileBytes, "a list of class names"),
                             found.front().string());
}

std::optional<ClassNamesFile> parseClassIndexJson(const std::string &text, const std::string &file)
{
    constexpr std::size_t kMostListedClasses = 100000;
    const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
    if (!json.is_object() || json.empty())
        return std::nullopt;
    ClassNamesFile parsed{{}, file, {}};
    for (const auto &[key, value] : json.items()) {
        std::size_t id = 0;
        const auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), id);
        if (error != std::errc() || end != key.data() + key.size() || id >= kMostListedClasses)
            return std::nullopt;
        const nlohmann::json &name = value.is_array() && !value.empty() ? value.back() : value;
        if (!name.is_string() || name.get<std::string>().empty())
            return std::nullopt;
        if (parsed.names.size() <= id)
            parsed.names.resize(id + 1);
        parsed.names[id] = name.get<std::string>();
    }
    nameTheUnnamed(parsed);
    return parsed;
}

std::optional<ClassNamesFile> readClassNamesBeside(const fs::path &labels)
{
    if (std::optional<ClassNamesFile> list = readLabelListBeside(labels))
        return list;
    std::optional<ClassNamesFile> found;
    for (const fs::path &file : filesEndingIn(labels.parent_path(), ".json")) {
        std::error_code error;
        if (fs::file_size(file, error) > kMaxNamesFileBytes || error)
            continue; // COCO's annotations, not a list of names
        std::optional<ClassNamesFile> names;
        try {
            names = parseClassIndexJson(readDatasetTextFile(file, kMaxNamesFileBytes, "a list of class names"),
                                        file.string());
        } catch (const DatasetError &) {
            continue; // unreadable: no names, as other JSON
        }
        if (names && found)
            return std::nullopt; // two: which names the classes cannot be told
        if (names)
            found = std::move(names);
    }
    return found;
}

std::optional<ClassNamesFile> readClassNamesFile(const fs::path &dir)
{
    std::error_code error;
    if (const fs::path path = dir / kClassNamesTxt; fs::is_regular_file(path, error))
        return parseClassNamesTxt(readDatasetTextFile(path, kMaxNamesFileBytes, "a list of class names"),
                                  path.string());
    if (const fs::path path = dir / kRoboflowClassesCsv; fs::is_regular_file(path, error))
        return parseRoboflowClassesCsv(readDatasetTextFile(path, kMaxNamesFileBytes, "a list of class names"),
                                       path.string());
    return std::nullopt;
}

} // namespace augstudio
