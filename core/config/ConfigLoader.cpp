#include "config/ConfigLoader.h"

#include "config/ConfigReader.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/depthguard.h>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

struct Assignment {
    std::string keyPath;
    std::vector<std::string> keys;
    YAML::Node value;
};

Assignment parseAssignment(const std::string &assignment)
{
    const auto equals = assignment.find('=');
    if (equals == std::string::npos)
        throw ConfigError("--set", 0, "", "expected key.path=value, got '" + assignment + "'");
    Assignment result;
    result.keyPath = assignment.substr(0, equals);
    std::stringstream path(result.keyPath);
    for (std::string key; std::getline(path, key, '.');) {
        const bool plain = !key.empty() && key.find_first_not_of(
                               "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == std::string::npos;
        if (!plain)
            throw ConfigError("--set", 0, result.keyPath,
                              "expected a dotted key path such as trainer.max_epochs (list items are set as a "
                              "whole list)");
        result.keys.push_back(key);
    }
    if (result.keys.empty() || result.keyPath.back() == '.')
        throw ConfigError("--set", 0, result.keyPath, "expected a dotted key path such as trainer.max_epochs");
    try {
        result.value = YAML::Load(assignment.substr(equals + 1));
    } catch (const YAML::Exception &error) {
        throw ConfigError("--set", 0, result.keyPath, "the value is not valid YAML: " + error.msg);
    }
    return result;
}

// Sets `value` at keys[index..] under `node`, making maps on the way (Node::reset rebinds a
// handle; plain assignment would overwrite the node it refers to).
void setInTree(YAML::Node node, const std::vector<std::string> &keys, size_t index, const YAML::Node &value)
{
    if (index + 1 == keys.size()) {
        node[keys[index]] = value;
        return;
    }
    YAML::Node child = node[keys[index]];
    if (!child.IsMap()) {
        node[keys[index]] = YAML::Node(YAML::NodeType::Map);
        child.reset(node[keys[index]]);
    }
    setInTree(child, keys, index + 1, value);
}

YAML::Node parseDocument(const std::string &yamlText, const std::string &sourceName)
{
    try {
        std::vector<YAML::Node> documents = YAML::LoadAll(yamlText);
        // Keys after a "---" would be silently ignored: a config is one document.
        for (std::size_t i = 1; i < documents.size(); ++i)
            if (documents[i].IsDefined() && !documents[i].IsNull()) {
                const YAML::Mark mark = documents[i].Mark();
                throw ConfigError(sourceName, mark.is_null() ? 0 : mark.line + 1, "",
                                  "a second YAML document (after '---'); a search config is one document: "
                                  "remove the '---' line or move these keys into the first document");
            }
        return documents.empty() ? YAML::Load(yamlText) : documents.front();
    } catch (const YAML::DeepRecursion &error) {
        // yaml-cpp's own message for this is "bad file".
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        throw ConfigError(sourceName, line, "", "nested too deep (more than " + std::to_string(error.depth())
                                                    + " levels): not a search config");
    } catch (const YAML::Exception &error) {
        const int line = error.mark.is_null() ? 0 : error.mark.line + 1;
        throw ConfigError(sourceName, line, "", "YAML syntax error: " + error.msg);
    }
}

} // namespace

LoadedConfig parseConfig(const std::string &yamlText, const std::string &sourceName,
                         const std::vector<std::string> &overrides, LoadOptions options)
{
    YAML::Node document = parseDocument(yamlText, sourceName);
    ReadContext context;
    context.strict = options.strict;
    context.file = sourceName;
    context.baseDir = fs::path(sourceName).parent_path();
    if (!overrides.empty()) {
        if (!document.IsDefined() || document.IsNull())
            document = YAML::Node(YAML::NodeType::Map);
        else if (!document.IsMap())
            throw ConfigError(sourceName, 1, "", "expected a map of keys at the top level");
        for (const auto &text : overrides) {
            const Assignment assignment = parseAssignment(text);
            setInTree(document, assignment.keys, 0, assignment.value);
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
    return loaded;
}

LoadedConfig loadConfigFile(const std::string &path, const std::vector<std::string> &overrides,
                            LoadOptions options)
{
    std::error_code error;
    if (!fs::exists(path, error))
        throw ConfigError(path, 0, "", "no such file");
    if (fs::is_directory(path, error))
        throw ConfigError(path, 0, "", "is a folder; expected a search.yaml file");
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw ConfigError(path, 0, "", std::string("cannot be read: ") + std::strerror(errno));
    std::stringstream text;
    text << file.rdbuf();
    if (file.bad())
        throw ConfigError(path, 0, "", "cannot be read to the end");
    return parseConfig(text.str(), path, overrides, options);
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
    YAML::Node tree(YAML::NodeType::Map);
    setInTree(tree, parsed.keys, 0, parsed.value);
    SearchConfig changed = config;
    ConfigReader reader(changed, context);
    reader.read(tree);
    reader.finish();
    config = changed;
}

} // namespace augstudio
