#pragma once

// The config options shared by commands: --config, --dataset, --set, --epochs, --seed, --device.

#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <ostream>

namespace augstudio::cli {

inline const std::vector<std::string> kConfigOptions = {"config", "dataset", "set", "epochs", "seed", "device"};

// Loads --config (or the built-in default), then applies --dataset, --epochs, --seed,
// --device and every --set in that order. Prints ignored-key notes to `notes`.
LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes,
                                     const std::string &fallbackConfigPath = {});

} // namespace augstudio::cli
