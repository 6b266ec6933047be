#pragma once

// The config options shared by commands: --config, --dataset, --set, --epochs, --seed, --device,
// and the flag --strict (search and validate: refuse a Python model class no built-in matches).

#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <ostream>

namespace augstudio::cli {

inline const std::vector<std::string> kConfigOptions = {"config", "dataset", "set", "epochs", "seed", "device"};

// Loads --config (or the built-in default), then applies --dataset, --epochs,
// --steps-per-epoch (where the command has it), --seed, --device and every --set in that
// order. Prints ignored-key notes to `notes`. Reads --strict when the command line knows that flag.
LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes,
                                     const std::string &fallbackConfigPath = {});

// Checks the config value an option stands for ("trainer.device=gpu" for --device gpu) as
// the config's reader would, applied to `base`: a bad one is a usage error naming the option
// as typed, not the --set it becomes.
void checkOptionValue(const std::string &option, const std::string &assignment, const SearchConfig &base);

} // namespace augstudio::cli
