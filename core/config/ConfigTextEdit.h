#pragma once

// Edits a user's search.yaml in place: the settings where one config differs from another
// are written into the text as the config writer writes them, and nothing else changes.
// Comments, key order, Hydra sections, Python-only keys and the user's own spelling of
// every other value (a root of ~/data, 1e-3) stay as they were.

#include "config/SearchConfig.h"

#include <optional>
#include <string>

namespace augstudio {

// `text` is a search.yaml that reads as `before` (from `sourceName`, which relative paths
// resolve against). Returns the text edited so that it reads as `after`, or nullopt where
// the text cannot be edited in place (a flow-style section that would gain a key, a value
// the reader derives from another key, an alias of an edited anchor that must keep a value
// written over several lines); the edited text is read back and checked. An alias reads as a
// copy of its anchor's value: one whose place is not edited is given the value it had.
std::optional<std::string> editConfigText(const std::string &text, const SearchConfig &before,
                                          const SearchConfig &after, const std::string &sourceName);

} // namespace augstudio
