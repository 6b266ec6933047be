#pragma once

// Internal to config/: typed access to the values of a parsed YAML document, where every
// problem becomes a ConfigError naming the file, the line and the dotted key path.

#include "config/ConfigError.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace augstudio {

// One value of the document and where it came from.
struct Field {
    std::string path;           // "data.dataloader.batch_size", "policy_model.operations[3]"
    int line = 0;               // 1-based line of its key (list items: of the item); 0 = none
    YAML::Node node;
    bool fromOverride = false;  // given with --set rather than in the file
};

// What one read collects besides the values.
struct ReadContext {
    std::string file;                     // named in errors
    std::filesystem::path baseDir;        // relative paths in the file resolve against it
    std::vector<std::string> overridden;  // key paths set with --set
    bool strict = false;                  // a Python model class no built-in model matches is refused
    bool showLines = true;                // false for the built-in config, whose lines the user never saw
    std::vector<ConfigNote> ignored;
    std::vector<ConfigNote> unsupported;
    std::vector<ConfigProblem> problems;  // errors kept by FieldReader::collect
};

// The keys a map may hold: `known` ones are read; `ignored` ones are accepted with a note;
// any other key is refused with the closest known name, unless `otherKeysNote` is set,
// in which case it is accepted with that note (the arguments of a Python class).
struct SectionKeys {
    std::vector<std::string> known;
    std::vector<std::pair<std::string, std::string>> ignored;
    std::string otherKeysNote;
};

class FieldReader
{
public:
    explicit FieldReader(ReadContext &context);

    Field root(const YAML::Node &node) const;
    Field child(const Field &parent, const std::string &key, const YAML::Node &keyNode,
                const YAML::Node &value) const;

    [[noreturn]] void fail(const Field &field, const std::string &message) const;
    // The line a message names: 0 (none) for a value --set made or one of the built-in config.
    int shownLine(const Field &field) const;
    // Runs `read`; a ConfigError it throws is kept in the context and reading goes on, so
    // that one read reports every problem of a file.
    template <typename Read>
    void collect(Read &&read)
    {
        try {
            read();
        } catch (const ConfigError &error) {
            m_context.problems.insert(m_context.problems.end(), error.problems.begin(), error.problems.end());
        }
    }
    // Throws one ConfigError listing every problem collected, in file order.
    void throwCollected() const;
    void ignore(const Field &field, const std::string &text);
    void unsupported(const Field &field, const std::string &text);

    bool isNull(const Field &field) const;
    bool isMissing(const Field &field) const;        // AutoAlbument's _MISSING_ / OmegaConf's ???
    std::string describe(const Field &field) const;  // for "got ...": 'abc', null, a list, a map

    // A map's entries in file order; refuses non-maps, duplicate and non-scalar keys.
    std::vector<Field> entries(const Field &map) const;
    // The known keys present (and not _MISSING_), after handling ignored and unknown ones.
    std::map<std::string, Field> section(const Field &map, const SectionKeys &keys);
    std::vector<Field> items(const Field &list) const;

    // A scalar's value as PyYAML reads it, or nothing: plain 052 is 42, 0x2A and 1_000 count.
    std::optional<long long> integerIn(const Field &field) const;
    std::optional<double> numberIn(const Field &field) const;
    long long integer(const Field &field, long long min, long long max) const;
    double number(const Field &field) const;
    double numberAtLeast(const Field &field, double min) const;
    double numberAbove(const Field &field, double min) const;
    bool boolean(const Field &field) const;
    std::string text(const Field &field) const;
    std::string choice(const Field &field, const std::vector<std::string> &allowed) const;
    std::string filePath(const Field &field) const;  // ~ expanded, relative ones resolved
    std::vector<double> numbers(const Field &field, size_t count) const;

private:
    ReadContext &m_context;
};

// The known key within edit distance 2 of `key` ("" when none is that close).
std::string closestKey(const std::string &key, const std::vector<std::string> &known);

} // namespace augstudio
