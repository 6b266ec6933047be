#pragma once

// The config options shared by commands: --config, --dataset, --set, --epochs, --seed, --device,
// and the flag --strict (search and validate: refuse a Python model class no built-in matches).

#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <ostream>

namespace augstudio::cli {

inline const std::vector<std::string> kConfigOptions = {"config", "dataset", "set", "epochs", "seed", "device"};

// A dedicated option and the config assignment it stands for: --epochs 2 is
// {"epochs", "trainer.max_epochs=2"}.
struct OptionAssignment {
    std::string option;     // without the dashes
    std::string assignment; // key.path=value
    bool path = false;      // the value names a file or folder: "ds" and "./ds/" agree
};

// Every --set of `line`, once none disagrees with `fromOptions`: a --set of a key that an
// option sets too, to another value, is a UsageError naming both, where the one applied last
// would win unsaid. The same value twice passes.
std::vector<std::string> setAssignments(const CommandLine &line, const std::vector<OptionAssignment> &fromOptions);

// The text of the config file at `path`, read once for the whole run: a pipe (--config
// <(...), /dev/stdin) gives its text to one reader only.
const std::string &configTextOf(const std::string &path);

// --config's text where it names no regular file (a pipe): the processes --nproc starts
// cannot read it again, and are given a copy. Empty where they read the file themselves.
std::string configTextWorkersCannotRead(const CommandLine &line);

// Loads --config (or the built-in default), then applies --dataset, --epochs,
// --steps-per-epoch (where the command has it), --seed, --device and every --set in that
// order (a --set that disagrees with one of them: setAssignments). Prints ignored-key notes
// to `notes`. Reads --strict when the command line knows that flag.
LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes,
                                     const std::string &fallbackConfigPath = {});

// Checks the config value an option stands for ("trainer.device=gpu" for --device gpu) as
// the config's reader would, applied to `base`: a bad one is a usage error naming the option
// as typed, not the --set it becomes.
void checkOptionValue(const std::string &option, const std::string &assignment, const SearchConfig &base);

} // namespace augstudio::cli
