#include "config/YamlMerge.h"

#include "config/ConfigError.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

namespace augstudio {

namespace {

// Only a plain "<<" is the merge key: a quoted one ("<<") is a key named so.
bool isMergeKey(const YAML::Node &key)
{
    return key.IsScalar() && key.Scalar() == "<<" && key.Tag() == "?";
}

int lineOf(const YAML::Node &node)
{
    const YAML::Mark mark = node.Mark();
    return mark.is_null() || mark.line < 0 ? 0 : mark.line + 1;
}

class MergeResolver
{
public:
    explicit MergeResolver(std::string sourceName)
        : m_source(std::move(sourceName))
    {
    }

    YAML::Node resolve(const YAML::Node &node, const std::string &path)
    {
        if (!node.IsMap() && !node.IsSequence())
            return node;
        // A node of the text is known by where it starts: an alias is its anchor's node, met
        // again, so each is resolved once and the result shared as the text shares it.
        const YAML::Mark mark = node.Mark();
        const std::pair<int, bool> id{mark.pos, node.IsMap()};
        const bool known = !mark.is_null();
        if (known) {
            if (const auto done = m_done.find(id); done != m_done.end())
                return done->second;
            if (!m_open.insert(id).second)
                return node; // an alias inside its own anchor: left as it is
        }
        YAML::Node resolved = node.IsMap() ? resolveMap(node, path) : resolveSequence(node, path);
        if (known) {
            m_open.erase(id);
            m_done.emplace(id, resolved);
        }
        return resolved;
    }

private:
    struct Entry {
        YAML::Node key;
        YAML::Node value;
        std::vector<YAML::Node> merged; // the maps a merge key names, in order
    };

    YAML::Node resolveMap(const YAML::Node &map, const std::string &path)
    {
        std::vector<Entry> entries;
        std::set<std::string> own;
        bool changed = false;
        for (auto it = map.begin(); it != map.end(); ++it) {
            const YAML::Node key = it->first;
            if (isMergeKey(key)) {
                entries.push_back({key, it->second, mergedMaps(key, it->second, path)});
                changed = true;
                continue;
            }
            const std::string name = key.IsScalar() ? key.Scalar() : std::string();
            const YAML::Node value = resolve(it->second, path.empty() ? name : path + "." + name);
            changed = changed || !value.is(it->second);
            if (key.IsScalar())
                own.insert(name);
            entries.push_back({key, value, {}});
        }
        if (!changed)
            return map;
        YAML::Node result(YAML::NodeType::Map);
        std::set<std::string> taken = own; // the map's own keys win, then the first merged map's
        for (const Entry &entry : entries) {
            if (entry.merged.empty() && !isMergeKey(entry.key)) {
                result.force_insert(entry.key, entry.value); // duplicates kept, for the reader to refuse
                continue;
            }
            for (const YAML::Node &merged : entry.merged) {
                for (auto it = merged.begin(); it != merged.end(); ++it) {
                    if (!it->first.IsScalar() || taken.insert(it->first.Scalar()).second)
                        result.force_insert(it->first, it->second);
                }
            }
        }
        return result;
    }

    YAML::Node resolveSequence(const YAML::Node &list, const std::string &path)
    {
        std::vector<YAML::Node> items;
        bool changed = false;
        for (std::size_t i = 0; i < list.size(); ++i) {
            items.push_back(resolve(list[i], path + "[" + std::to_string(i) + "]"));
            changed = changed || !items.back().is(list[i]);
        }
        if (!changed)
            return list;
        YAML::Node result(YAML::NodeType::Sequence);
        for (const YAML::Node &item : items)
            result.push_back(item);
        return result;
    }

    std::vector<YAML::Node> mergedMaps(const YAML::Node &key, const YAML::Node &value, const std::string &path)
    {
        const std::string where = path.empty() ? "<<" : path + ".<<";
        auto refuse = [&](const std::string &got) {
            throw ConfigError(m_source, lineOf(key), where,
                              "a merge key takes a map or a list of maps (such as *defaults or [*a, *b]), got " + got);
        };
        if (value.IsMap())
            return {resolve(value, where)};
        if (!value.IsSequence())
            refuse(value.IsScalar() ? "'" + value.Scalar() + "'" : "null");
        std::vector<YAML::Node> maps;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].IsMap())
                refuse("a list whose item " + std::to_string(i) + " is not a map");
            maps.push_back(resolve(value[i], where + "[" + std::to_string(i) + "]"));
        }
        return maps;
    }

    std::string m_source;
    std::map<std::pair<int, bool>, YAML::Node> m_done;
    std::set<std::pair<int, bool>> m_open;
};

} // namespace

YAML::Node resolveMergeKeys(const YAML::Node &document, const std::string &sourceName)
{
    return MergeResolver(sourceName).resolve(document, "");
}

} // namespace augstudio
