#include "config/ConfigChanges.h"

#include "config/ConfigWriter.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <utility>

namespace augstudio {

namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// Each leaf of the written config with its dotted path; a list is one value, in flow style.
void flatten(const YAML::Node &node, const std::string &path, Settings &out)
{
    if (node.IsMap()) {
        for (const auto &entry : node)
            flatten(entry.second, path.empty() ? entry.first.as<std::string>()
                                               : path + "." + entry.first.as<std::string>(),
                    out);
        return;
    }
    YAML::Emitter text;
    text << YAML::Flow << node;
    out.emplace_back(path, text.c_str());
}

Settings settingsOf(const SearchConfig &config)
{
    Settings settings;
    flatten(YAML::Load(configToYaml(config)), "", settings);
    return settings;
}

const std::string *find(const Settings &settings, const std::string &path)
{
    const auto it = std::find_if(settings.begin(), settings.end(), [&](const auto &s) { return s.first == path; });
    return it == settings.end() ? nullptr : &it->second;
}

} // namespace

std::vector<ConfigChange> configChanges(const SearchConfig &before, const SearchConfig &after)
{
    const Settings was = settingsOf(before), is = settingsOf(after);
    static const std::string kDefault = "(default)";
    std::vector<ConfigChange> changes;
    for (const auto &[path, value] : is) {
        const std::string *old = find(was, path);
        if (!old || *old != value)
            changes.push_back({path, old ? *old : kDefault, value});
    }
    for (const auto &[path, value] : was)
        if (!find(is, path))
            changes.push_back({path, value, kDefault});
    return changes;
}

} // namespace augstudio
