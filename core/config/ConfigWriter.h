#pragma once

// Writes a SearchConfig as a search.yaml that AugStudio reads back to an equal config.
// The keys AutoAlbument shares are written in its schema (version 2, operation `_target_`s,
// trainer.gpus for cpu/auto); AugStudio's own keys (data.dataset.root, *.weights,
// trainer.threads, ...) are written only where they differ from the defaults.

#include "config/SearchConfig.h"

#include <string>

namespace augstudio {

std::string configToYaml(const SearchConfig &config);

} // namespace augstudio
