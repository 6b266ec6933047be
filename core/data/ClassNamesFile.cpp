#include "data/ClassNamesFile.h"

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/DatasetTextFile.h"

#include <charconv>
#include <set>

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

} // namespace

ClassNamesFile parseClassNamesTxt(const std::string &text, const std::string &file)
{
    ClassNamesFile parsed{{}, file};
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
    return parsed;
}

ClassNamesFile parseRoboflowClassesCsv(const std::string &text, const std::string &file)
{
    CsvReader reader(text, file);
    CsvRecord record;
    std::size_t line = 0;
    if (!reader.next(record, line))
        throw DatasetError(file + " is empty: expected a header, then a class id and its name a row", file);
    ClassNamesFile parsed{{}, file};
    std::set<int> seen;
    while (reader.next(record, line)) {
        if (record.size() < 2)
            throw DatasetError(atLine(file, line) + ": expected a class id and its name", file);
        int id = -1;
        const std::string &value = record[0];
        const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), id);
        if (error != std::errc() || end != value.data() + value.size() || id < 0 || id >= int(kMaxClasses))
            throw DatasetError(atLine(file, line) + ": class id '" + value + "' is not a whole number from 0 to "
                                   + std::to_string(kMaxClasses - 1),
                               file);
        if (!seen.insert(id).second)
            throw DatasetError(atLine(file, line) + ": class id " + value + " is named twice", file);
        if (parsed.names.size() <= std::size_t(id))
            parsed.names.resize(std::size_t(id) + 1);
        parsed.names[std::size_t(id)] = record[1];
    }
    if (parsed.names.empty())
        throw DatasetError(file + " names no class: expected a class id and its name a row", file);
    for (std::size_t id = 0; id < parsed.names.size(); ++id)
        if (parsed.names[id].empty())
            parsed.names[id] = "class_" + std::to_string(id);
    return parsed;
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
