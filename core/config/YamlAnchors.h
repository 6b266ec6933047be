#pragma once

// Where a YAML text's anchors (&ep) and aliases (*ep) are, by key path: what an edit of the
// text must know so that it does not change, through an alias, a place it was not asked to.

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/mark.h>

#include <string>
#include <vector>

namespace augstudio {

// The key of a sequence's item in a key path ("[2]").
std::string yamlItemKey(std::size_t index);

// An anchored node (&ep) or an alias (*ep) in the text: which anchor, where it starts, the key
// path to it ("?" for a key), and whether it sits in a flow collection.
struct AnchorUse {
    YAML::anchor_t anchor = 0;
    YAML::Mark mark;
    std::vector<std::string> path;
    bool inFlow = false;
};

// The text's anchored nodes and aliases, each in the order the text has them.
struct AnchorScan {
    std::vector<AnchorUse> anchors;
    std::vector<AnchorUse> aliases;
};

// The anchors and aliases of the first document of `text`. Throws YAML::Exception where the
// text is not YAML.
AnchorScan scanYamlAnchors(const std::string &text);

} // namespace augstudio
