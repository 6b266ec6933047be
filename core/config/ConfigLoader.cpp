#include "config/ConfigLoader.h"

#include "config/ConfigReader.h"
#include "config/YamlMerge.h"
#include "config/DefaultConfigs.h"
#include "io/FileRead.h"
#include "io/TextLayout.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <system_error>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// The offset of the first byte that makes `text` binary rather than text (a NUL, or a control
// character other than tab, line feed and carriage return), if any: a PNG or a UTF-16 file
// read as YAML would give nonsense. Bytes that are not UTF-8 are text: a path of a Latin-1
// folder, which config.yaml records as the search was given it (messages escape them).
std::optional<size_t> firstBinaryByte(const std::string &text)
{
    for (size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return i;
    }
    return std::nullopt;
}

// The first line of `text` that holds more than comments, document markers, directives and
// a null ("~", "null"). yaml-cpp reads some malformed text, such as a ',' that starts the
// first line, as an empty document instead of reporting it: a document it read as null
// while such a line is there was not understood.
std::optional<int> firstLineWithContent(const std::string &text)
{
    std::istringstream lines(text);
    int number = 0;
    for (std::string line; std::getline(lines, line);) {
        ++number;
        if (!line.empty() && line[0] == '%')
            continue; // a directive
        std::string rest = line;
        const size_t start = rest.find_first_not_of(" \t\r");
        rest = start == std::string::npos ? std::string() : rest.substr(start);
        for (const char *marker : {"---", "..."}) {
            if (rest.compare(0, 3, marker) == 0 && (rest.size() == 3 || std::isspace(static_cast<unsigned char>(rest[3]))))
                rest = rest.substr(3);
        }
        if (const size_t comment = rest.find('#'); comment != std::string::npos
            && (comment == 0 || std::isspace(static_cast<unsigned char>(rest[comment - 1]))))
            rest.erase(comment);
        rest.erase(0, std::min(rest.size(), rest.find_first_not_of(" \t\r")));
        rest.erase(rest.find_last_not_of(" \t\r") + 1);
        if (rest.empty() || rest == "~" || rest == "null" || rest == "Null" || rest == "NULL")
            continue;
        return number;
    }
    return std::nullopt;
}

struct Assignment {
    std::string keyPath;
    std::vector<std::string> keys;
    YAML::Node value;
};

// Whether a line after the first with content is a document marker ("---" or "...").
bool startsAnotherDocument(const std::string &text)
{
    std::istringstream lines(text);
    bool content = false;
    for (std::string line; std::getline(lines, line);) {
        const bool marker = (line.rfind("---", 0) == 0 || line.rfind("...", 0) == 0)
                            && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
        if (marker && content)
            return true;
        content = content || (!marker && line.find_first_not_of(" \t\r") != std::string::npos);
    }
    return false;
}

Assignment parseAssignment(const std::string &assignment)
{
    const auto equals = assignment.find('=');
    if (equals == std::string::npos)
        throw AssignmentError("--set", 0, "", "expected key.path=value, got '" + assignment + "'");
    Assignment result;
    result.keyPath = assignment.substr(0, equals);
    std::stringstream path(result.keyPath);
    for (std::string key; std::getline(path, key, '.');) {
        const bool plain = !key.empty() && key.find_first_not_of(
                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
        if (!plain)
            throw AssignmentError("--set", 0, result.keyPath,
                              "expected a dotted key path such as trainer.max_epochs (list items are set as a "
                              "whole list)");
        result.keys.push_back(key);
    }
    if (result.keys.empty() || result.keyPath.back() == '.')
        throw AssignmentError("--set", 0, result.keyPath, "expected a dotted key path such as trainer.max_epochs");
    const std::string valueText = assignment.substr(equals + 1);
    // YAML::Load keeps the first of several documents and drops the rest unsaid (and LoadAll
    // does not end on some malformed text).
    if (startsAnotherDocument(valueText))
        throw AssignmentError("--set", 0, result.keyPath,
                              "the value holds more than one YAML document (a line '---' or '...' ends the "
                              "first); give one value");
    try {
        result.value = YAML::Load(valueText);
    } catch (const YAML::Exception &error) {
        throw AssignmentError("--set", 0, result.keyPath, "the value is not valid YAML: " + error.msg);
    }
    if (result.value.IsNull() && firstLineWithContent(valueText))
        throw AssignmentError("--set", 0, result.keyPath, "the value '" + valueText + "' is not valid YAML");
    return result;
}

// The dotted path of keys[0..index].
std::string pathTo(const std::vector<std::string> &keys, size_t index)
{
    std::string path;
    for (size_t i = 0; i <= index; ++i)
        path += (i ? "." : "") + keys[i];
    return path;
}

// A copy of `map` with `value` at keys[index..], making maps on the way. Only the maps on the
// path are new; every other entry is the file's own node (its line kept), shared. A YAML
// alias is the anchored node itself, so assigning into it (Node::operator=) would change every
// place that names it: an override rebuilds its path instead, as OmegaConf, whose aliases load
// as copies, would see it. Only the path is walked, never an aliased subtree (an alias bomb's
// nodes are shared, not expanded). A value on the way is not replaced by a map:
// "num_sub_policies.x=3" names a key that cannot be there.
YAML::Node withValue(const YAML::Node &map, const std::vector<std::string> &keys, size_t index, const YAML::Node &value)
{
    auto replacement = [&](const YAML::Node &old) {
        if (index + 1 == keys.size())
            return value;
        if (old.IsDefined() && !old.IsNull() && !old.IsMap())
            throw ConfigError("--set", 0, pathTo(keys, index),
                              "is a value, not a section of keys: set " + pathTo(keys, index) + "=... itself");
        return withValue(old.IsMap() ? old : YAML::Node(YAML::NodeType::Map), keys, index + 1, value);
    };
    YAML::Node copy(YAML::NodeType::Map);
    bool replaced = false;
    for (auto it = map.begin(); it != map.end(); ++it) {
        // The first of duplicate keys, which the reader refuses by their lines all the same.
        const bool onPath = !replaced && it->first.IsScalar() && it->first.Scalar() == keys[index];
        copy.force_insert(it->first, onPath ? replacement(it->second) : it->second);
        replaced = replaced || onPath;
    }
    if (!replaced)
        copy.force_insert(keys[index], replacement(YAML::Node()));
    return copy;
}

// Notes where a document's first content is; builds nothing.
class ContentProbe : public YAML::EventHandler
{
public:
    std::optional<YAML::Mark> content;

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { see(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t, const std::string &) override { see(mark); }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        see(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override
    {
        see(mark);
    }
    void OnMapEnd() override {}

private:
    void see(const YAML::Mark &mark)
    {
        if (!content)
            content = mark;
    }
};

// Where a second document with content starts (keys after a "---" that would be silently
// ignored), if there is one. Two documents at most are walked: yaml-cpp 0.7's LoadAll never
// ends on some malformed text (",[a {b: 1}}" yields empty documents forever).
std::optional<YAML::Mark> secondDocument(const std::string &yamlText)
{
    std::istringstream in(yamlText);
    YAML::Parser parser(in);
    ContentProbe first, second;
    if (!parser.HandleNextDocument(first) || !parser.HandleNextDocument(second))
        return std::nullopt;
    return second.content;
}

// yaml-cpp says "illegal map value" of a line indented with a tab, which YAML forbids.
std::string tabHint(const std::string &text, int line)
{
    std::istringstream lines(text);
    std::string content;
    for (int number = 1; std::getline(lines, content); ++number) {
        if (number < line)
            continue;
        const std::string indent = content.substr(0, content.find_first_not_of(" \t"));
        if (indent.find('\t') == std::string::npos)
            return {};
        return " (line " + std::to_string(number) + " is indented with a tab; YAML indents with spaces only)";
    }
    return {};
}

// The text with "\n" line ends, as YAML reads a carriage return alone too (old Mac editors), which
// yaml-cpp does not; a byte-order mark stays for yaml-cpp to read (a second one is then named).
std::string yamlLines(const std::string &text)
{
    TextLayout layout;
    const std::string lines = plainText(text, &layout);
    return layout.byteOrderMark ? text.substr(0, 3) + lines : lines;
}

YAML::Node parseDocument(const std::string &yamlText, const std::string &sourceName)
{
    try {
        YAML::Node document = YAML::Load(yamlText);
        if (document.IsNull()) {
            if (const std::optional<int> line = firstLineWithContent(yamlText))
                throw ConfigError(sourceName, *line, "",
                                  "YAML syntax error: this text yields no keys (a line that starts with ',' "
                                  "or another flow character empties the whole document)");
        }
        if (const std::optional<YAML::Mark> second = secondDocument(yamlText))
            throw ConfigError(sourceName, second->is_null() ? 0 : second->line + 1, "",
                              "a second YAML document (after '---'); a search config is one document: "
                              "remove the '---' line or move these keys into the first document");
        return document;
    } catch (const YAML::DeepRecursion &error) {
        // yaml-cpp's own message for this is "bad file".
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        throw ConfigError(sourceName, line, "", "nested too deep (more than " + std::to_string(error.depth())
                                                    + " levels): not a search config");
    } catch (const YAML::Exception &error) {
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        throw ConfigError(sourceName, line, "", "YAML syntax error: " + error.msg + tabHint(yamlText, line));
    }
}

} // namespace

namespace {

// Where the text comes from: a file the user named is noted when it holds no settings.
enum class Source { Text, File, BuiltIn };

LoadedConfig parseText(const std::string &yamlText, const std::string &sourceName,
                       const std::vector<std::string> &overrides, LoadOptions options, Source source)
{
    YAML::Node document = resolveMergeKeys(parseDocument(yamlLines(yamlText), sourceName), sourceName);
    // Empty, comments only or "{}": a wrong or truncated file would otherwise pass as the defaults.
    const bool noSettings = document.IsNull() || (document.IsMap() && document.size() == 0);
    ReadContext context;
    context.strict = options.strict;
    context.showLines = source != Source::BuiltIn;
    context.file = sourceName;
    context.baseDir = fs::path(sourceName).parent_path();
    if (context.baseDir.empty() && source == Source::File)
        context.baseDir = "."; // a file named without its folder lies in the working one
    if (!overrides.empty()) {
        if (!document.IsDefined() || document.IsNull())
            document = YAML::Node(YAML::NodeType::Map);
        else if (!document.IsMap())
            throw ConfigError(sourceName, 1, "", "expected a map of keys at the top level");
        for (const auto &text : overrides) {
            const Assignment assignment = parseAssignment(text);
            document = withValue(document, assignment.keys, 0, assignment.value);
            context.overridden.push_back(assignment.keyPath);
        }
    }
    LoadedConfig loaded;
    ConfigReader reader(loaded.config, context);
    reader.read(document);
    reader.finish();
    // In file order, whatever order the sections were read in; --set notes last.
    auto byLine = [](const ConfigNote &a, const ConfigNote &b) {
        return (a.line == 0 ? INT_MAX : a.line) < (b.line == 0 ? INT_MAX : b.line);
    };
    std::stable_sort(context.ignored.begin(), context.ignored.end(), byLine);
    std::stable_sort(context.unsupported.begin(), context.unsupported.end(), byLine);
    loaded.ignored = std::move(context.ignored);
    loaded.unsupported = std::move(context.unsupported);
    if (noSettings && source == Source::File)
        loaded.ignored.insert(loaded.ignored.begin(),
                              ConfigNote{sourceName, 0, "holds no settings (the file is empty or only comments), so "
                                                        "AugStudio's defaults are used"});
    return loaded;
}

} // namespace

LoadedConfig parseConfig(const std::string &yamlText, const std::string &sourceName,
                         const std::vector<std::string> &overrides, LoadOptions options)
{
    return parseText(yamlText, sourceName, overrides, options, Source::Text);
}

LoadedConfig parseDefaultConfig(const std::vector<std::string> &overrides, LoadOptions options)
{
    return parseText(defaultConfigYaml(), "built-in default config", overrides, options, Source::BuiltIn);
}

std::string readConfigText(const std::string &path)
{
    std::error_code error;
    if (!fs::exists(path, error))
        throw ConfigError(path, 0, "", "no such file");
    if (fs::is_directory(path, error))
        throw ConfigError(path, 0, "", "is a folder; expected a search.yaml file");
    // A search.yaml is a few kilobytes; AutoAlbument's largest, with every comment, 20.
    constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t(4) << 20;
    std::optional<std::string> text;
    try {
        text = readFileUpTo(path, kMaxConfigBytes);
    } catch (const std::system_error &failure) {
        throw ConfigError(path, 0, "", "cannot be read: " + failure.code().message());
    }
    if (!text)
        throw ConfigError(path, 0, "", "holds more than " + std::to_string(kMaxConfigBytes >> 20)
                                           + " MB: a search config is a YAML text file of a few kilobytes");
    const std::string &content = *text;
    // Windows editors save "Unicode" as UTF-16 (with a byte-order mark, or ASCII text every
    // other byte of which is zero), which would read as binary below.
    const bool utf16 = content.rfind("\xFF\xFE", 0) == 0 || content.rfind("\xFE\xFF", 0) == 0
                       || (content.size() >= 4 && (content[0] == '\0') != (content[1] == '\0')
                           && (content[0] == '\0') == (content[2] == '\0') && (content[1] == '\0') == (content[3] == '\0'));
    if (utf16)
        throw ConfigError(path, 0, "", "is UTF-16 text; save it as UTF-8, the encoding YAML files use");
    if (const std::optional<size_t> offset = firstBinaryByte(content)) {
        const int line = 1 + static_cast<int>(std::count(content.begin(), content.begin() + *offset, '\n'));
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02x", static_cast<unsigned char>(content[*offset]));
        throw ConfigError(path, line, "", std::string("is not a text file (byte ") + std::to_string(*offset) + " is "
                                              + byte + "); a search config is a YAML text file");
    }
    return content;
}

LoadedConfig loadConfigText(const std::string &text, const std::string &path,
                            const std::vector<std::string> &overrides, LoadOptions options)
{
    return parseText(text, path, overrides, options, Source::File);
}

LoadedConfig loadConfigFile(const std::string &path, const std::vector<std::string> &overrides,
                            LoadOptions options)
{
    return parseText(readConfigText(path), path, overrides, options, Source::File);
}

void checkConfig(const SearchConfig &config, const std::string &sourceName)
{
    parseConfig(configToYaml(config), sourceName);
}

void applyOverride(SearchConfig &config, const std::string &assignment)
{
    const Assignment parsed = parseAssignment(assignment);
    ReadContext context;
    context.file = "--set";
    context.overridden.push_back(parsed.keyPath);
    const YAML::Node tree = withValue(YAML::Node(YAML::NodeType::Map), parsed.keys, 0, parsed.value);
    SearchConfig changed = config;
    ConfigReader reader(changed, context);
    reader.read(tree);
    reader.finish();
    config = changed;
}

} // namespace augstudio
