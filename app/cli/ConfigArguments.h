#pragma once

// The config options shared by commands: --config, --dataset, --set, --epochs, --seed, --device,
// and the flag --strict (search and validate: refuse a Python model class no built-in matches).

#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <ostream>

namespace augstudio::cli {

inline const std::vector<std::string> kConfigOptions = {"config", "dataset", "set", "epochs", "seed", "device"};

// Loads --config (or the built-in default), then applies --dataset, --epochs,
// --steps-per-epoch (where the command has it), --seed, --device and every --set in that order. Prints ignored-key notes to `notes`. Reads --strict
// when the command line knows that flag.
LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes,
                                     const std::string &fallbackConfigPath = {});

} // namespace augstudio::cli
