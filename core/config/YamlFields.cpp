#include "config/YamlFields.h"


#include "config/YamlScalars.h"
#include "io/NormalPath.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <cstdlib>
#include <set>

namespace fs = std::filesystem;

namespace augstudio {

static int lineOf(const YAML::Node &node)
{
    const YAML::Mark mark = node.Mark();
    return mark.is_null() || mark.line < 0 ? 0 : mark.line + 1;
}

static bool underPath(const std::string &path, const std::string &prefix)
{
    return path == prefix
           || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0
               && (path[prefix.size()] == '.' || path[prefix.size()] == '['));
}

// The search computes in float32: a larger number becomes infinite there, and then NaN.
static bool fitsFloat32(double value)
{
    return std::fabs(value) <= std::numeric_limits<float>::max();
}

static std::string beyondFloat32(double value)
{
    return formatNumber(value) + ", beyond float32's range (+-3.4e38) in which the search computes";
}

static std::string joinKeys(const std::vector<std::string> &keys)
{
    std::string text;
    for (const auto &key : keys)
        text += (text.empty() ? "" : ", ") + key;
    return text;
}

FieldReader::FieldReader(ReadContext &context)
    : m_context(context)
{
}

Field FieldReader::root(const YAML::Node &node) const
{
    return Field{"", 1, node, false};
}

Field FieldReader::child(const Field &parent, const std::string &key, const YAML::Node &keyNode,
                         const YAML::Node &value) const
{
    Field field{parent.path.empty() ? key : parent.path + "." + key, lineOf(keyNode), value, parent.fromOverride};
    for (const auto &path : m_context.overridden)
        field.fromOverride = field.fromOverride || underPath(field.path, path);
    // Keys without a position were not parsed from the file: --set made them.
    field.fromOverride = field.fromOverride || (field.line == 0 && !m_context.overridden.empty());
    if (field.line == 0)
        field.line = lineOf(value);
    return field;
}

void FieldReader::fail(const Field &field, const std::string &message) const
{
    if (field.fromOverride)
        throw ConfigError("--set", 0, field.path, message);
    throw ConfigError(m_context.file, shownLine(field), field.path, message);
}

int FieldReader::shownLine(const Field &field) const
{
    return field.fromOverride || !m_context.showLines ? 0 : field.line;
}

void FieldReader::ignore(const Field &field, const std::string &text)
{
    m_context.ignored.push_back({field.path, shownLine(field), text});
}

void FieldReader::unsupported(const Field &field, const std::string &text)
{
    m_context.unsupported.push_back({field.path, shownLine(field), text});
}

bool FieldReader::isNull(const Field &field) const
{
    return !field.node.IsDefined() || field.node.IsNull();
}

bool FieldReader::isMissing(const Field &field) const
{
    return field.node.IsScalar() && (field.node.Scalar() == "_MISSING_" || field.node.Scalar() == "???");
}

std::string FieldReader::describe(const Field &field) const
{
    if (isNull(field))
        return "null";
    if (field.node.IsSequence())
        return "a list";
    if (field.node.IsMap())
        return "a map";
    const std::string &text = field.node.Scalar();
    if (text.find("${") != std::string::npos) // Hydra's interpolations, which only OmegaConf resolves
        return "'" + text + "' (an OmegaConf interpolation, which AugStudio does not resolve: write the value itself)";
    return "'" + text + "'";
}

std::vector<Field> FieldReader::entries(const Field &map) const
{
    if (isNull(map))
        return {};
    if (!map.node.IsMap())
        fail(map, "expected a map of keys, got " + describe(map));
    std::vector<Field> fields;
    std::set<std::string> seen;
    for (auto it = map.node.begin(); it != map.node.end(); ++it) {
        const YAML::Node keyNode = it->first;
        if (!keyNode.IsScalar()) {
            Field where{map.path, lineOf(keyNode), keyNode, map.fromOverride};
            fail(where, "expected a plain key name, got " + describe(where));
        }
        Field field = child(map, keyNode.Scalar(), keyNode, it->second);
        if (!seen.insert(keyNode.Scalar()).second)
            fail(field, "duplicate key (given twice in the same map)");
        fields.push_back(field);
    }
    return fields;
}

std::map<std::string, Field> FieldReader::section(const Field &map, const SectionKeys &keys)
{
    std::map<std::string, Field> known;
    for (const Field &field : entries(map)) {
        const std::string key = field.path.substr(map.path.empty() ? 0 : map.path.size() + 1);
        if (std::find(keys.known.begin(), keys.known.end(), key) != keys.known.end()) {
            if (!isMissing(field))
                known.emplace(key, field);
            continue;
        }
        auto ignored = std::find_if(keys.ignored.begin(), keys.ignored.end(),
                                    [&](const auto &entry) { return entry.first == key; });
        if (ignored != keys.ignored.end()) {
            ignore(field, ignored->second);
            continue;
        }
        if (!keys.otherKeysNote.empty()) {
            ignore(field, keys.otherKeysNote);
            continue;
        }
        std::vector<std::string> names = keys.known;
        for (const auto &entry : keys.ignored)
            names.push_back(entry.first);
        const std::string closest = closestKey(key, names);
        collect([&] {
            if (!closest.empty())
                fail(field, "unknown key '" + key + "' (did you mean '" + closest + "'?)");
            fail(field, "unknown key '" + key + "' (known keys here: " + joinKeys(keys.known) + ")");
        });
    }
    return known;
}

void FieldReader::throwCollected() const
{
    if (m_context.problems.empty())
        return;
    std::vector<ConfigProblem> problems = m_context.problems;
    std::stable_sort(problems.begin(), problems.end(), [](const ConfigProblem &a, const ConfigProblem &b) {
        return (a.line == 0 ? INT_MAX : a.line) < (b.line == 0 ? INT_MAX : b.line);
    });
    throw ConfigError(problems);
}

std::vector<Field> FieldReader::items(const Field &list) const
{
    if (!list.node.IsSequence())
        fail(list, "expected a list, got " + describe(list));
    std::vector<Field> fields;
    for (size_t i = 0; i < list.node.size(); ++i) {
        const YAML::Node item = list.node[i];
        Field field{list.path + "[" + std::to_string(i) + "]", lineOf(item), item, list.fromOverride};
        if (field.line == 0)
            field.line = list.line;
        fields.push_back(field);
    }
    return fields;
}

// A plain scalar in one of YAML 1.1's other integer forms (052 is 42 to PyYAML); a quoted one
// is text, read as the number it spells.
static std::optional<long long> yaml11Integer(const Field &field)
{
    if (!field.node.IsScalar() || field.node.Tag() != "?")
        return std::nullopt;
    return parseYaml11Integer(field.node.Scalar());
}

std::optional<long long> FieldReader::integerIn(const Field &field) const
{
    if (const std::optional<long long> value = yaml11Integer(field))
        return value;
    return field.node.IsScalar() ? parseInteger(field.node.Scalar()) : std::nullopt;
}

std::optional<double> FieldReader::numberIn(const Field &field) const
{
    if (const std::optional<long long> value = yaml11Integer(field))
        return static_cast<double>(*value);
    return field.node.IsScalar() ? parseNumber(field.node.Scalar()) : std::nullopt;
}

long long FieldReader::integer(const Field &field, long long min, long long max) const
{
    const std::optional<long long> value = integerIn(field);
    if (!value)
        fail(field, "expected an integer, got " + describe(field));
    if (*value < min || *value > max) {
        // Large maxima are sanity caps, not worth naming to someone who went below the minimum.
        const bool capOnly = *value < min && max >= 100000;
        const std::string range = capOnly ? ">= " + std::to_string(min)
                                          : "from " + std::to_string(min) + " to " + std::to_string(max);
        fail(field, "expected an integer " + range + ", got " + std::to_string(*value));
    }
    return *value;
}

double FieldReader::number(const Field &field) const
{
    const std::optional<double> value = numberIn(field);
    if (!value)
        fail(field, "expected a number, got " + describe(field));
    if (!fitsFloat32(*value))
        fail(field, "expected a number, got " + beyondFloat32(*value));
    return *value;
}

double FieldReader::numberAtLeast(const Field &field, double min) const
{
    const double value = number(field);
    if (value < min)
        fail(field, "expected a number >= " + formatNumber(min) + ", got " + formatNumber(value));
    return value;
}

double FieldReader::numberAbove(const Field &field, double min) const
{
    const double value = number(field);
    if (value <= min)
        fail(field, "expected a number > " + formatNumber(min) + ", got " + formatNumber(value));
    return value;
}

bool FieldReader::boolean(const Field &field) const
{
    if (field.node.IsScalar()) {
        if (auto value = parseBoolean(field.node.Scalar()))
            return *value;
        if (field.node.Scalar() == "0" || field.node.Scalar() == "1")
            return field.node.Scalar() == "1";
    }
    fail(field, "expected true or false, got " + describe(field));
}

std::string FieldReader::text(const Field &field) const
{
    if (!field.node.IsScalar() || isNull(field))
        fail(field, "expected a text value, got " + describe(field));
    const std::string value = field.node.Scalar();
    if (value.find("${") != std::string::npos)
        fail(field, "Hydra interpolation ('" + value + "') is not supported here; write the value itself");
    return value;
}

std::string FieldReader::choice(const Field &field, const std::vector<std::string> &allowed) const
{
    const std::string value = text(field);
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
        fail(field, "expected one of " + joinKeys(allowed) + ", got '" + value + "'");
    return value;
}

std::string FieldReader::filePath(const Field &field) const
{
    // AutoAlbument's own resolver, which its generated configs use: ${config_dir:} is the
    // folder of the config file, as a relative path here is.
    static const std::string kConfigDir = "${config_dir:}";
    const bool fromConfigDir = field.node.IsScalar() && !isNull(field) && !field.fromOverride
                               && !m_context.baseDir.empty() && field.node.Scalar().rfind(kConfigDir, 0) == 0;
    std::string value = fromConfigDir ? field.node.Scalar().substr(kConfigDir.size()) : text(field);
    if (fromConfigDir) {
        if (value.find("${") != std::string::npos)
            fail(field, "Hydra interpolation ('" + field.node.Scalar()
                            + "') is not supported here beyond ${config_dir:}; write the value itself");
        // What follows it is relative to that folder, as a relative path is below.
        value.erase(0, value.find_first_not_of('/'));
        if (value.empty())
            value = ".";
    }
    if (value == "~" || value.rfind("~/", 0) == 0) {
        const char *home = std::getenv("HOME");
        if (!home || !*home)
            fail(field, "cannot expand '~': HOME is not set");
        value = std::string(home) + value.substr(1);
    }
    fs::path path(value);
    if (path.is_relative()) {
        // Paths given with --set are relative to the working folder, paths in a file to its folder.
        const fs::path base = field.fromOverride ? fs::current_path() : m_context.baseDir;
        if (!base.empty())
            path = normalPath(base / path); // "../data" from a folder reached through a link: up from its target
    }
    return path.string();
}

std::vector<double> FieldReader::numbers(const Field &field, size_t count) const
{
    const std::string expected = "expected a list of " + std::to_string(count) + " numbers";
    if (!field.node.IsSequence())
        fail(field, expected + ", got " + describe(field));
    if (field.node.size() != count)
        fail(field, expected + ", got " + std::to_string(field.node.size()));
    std::vector<double> values;
    for (const Field &item : items(field)) {
        const std::optional<double> value = numberIn(item);
        if (!value)
            fail(field, expected + ", got " + describe(item) + " at position " + std::to_string(values.size()));
        if (!fitsFloat32(*value))
            fail(field, "the number at position " + std::to_string(values.size()) + " is " + beyondFloat32(*value));
        values.push_back(*value);
    }
    return values;
}

std::string closestKey(const std::string &key, const std::vector<std::string> &known)
{
    // Optimal string alignment distance: insertions, deletions, substitutions, swaps.
    auto distance = [](const std::string &a, const std::string &b) {
        std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
        for (size_t i = 0; i <= a.size(); ++i)
            d[i][0] = i;
        for (size_t j = 0; j <= b.size(); ++j)
            d[0][j] = j;
        for (size_t i = 1; i <= a.size(); ++i) {
            for (size_t j = 1; j <= b.size(); ++j) {
                const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
        return d[a.size()][b.size()];
    };
    std::string best;
    size_t bestDistance = 3;
    for (const auto &name : known) {
        const size_t d = distance(key, name);
        if (d < bestDistance && d < std::max(key.size(), name.size())) {
            best = name;
            bestDistance = d;
        }
    }
    return best;
}

} // namespace augstudio
