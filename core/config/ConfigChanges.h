#pragma once

// The settings two configs do not share, by dotted key path: what a resumed search changes
// when its command line or config differs from the config it was started with.

#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio {

struct ConfigChange {
    std::string keyPath; // e.g. optim.main.lr, policy_model.operations
    std::string before;  // as search.yaml writes it; "(default)" where the key is not written
    std::string after;
};

// In the order search.yaml writes the keys.
std::vector<ConfigChange> configChanges(const SearchConfig &before, const SearchConfig &after);

} // namespace augstudio
