#pragma once

// Loads AutoAlbument-style search.yaml files into a SearchConfig.
//
// Python-only keys (hydra, logger, callbacks, `_target_`s of loader and optimiser classes)
// are accepted and noted; unknown keys, wrong types and out-of-range values throw a
// ConfigError naming the file, line and key path. Paths in the file (data.dataset.root,
// *.weights) may start with ~ (home) and, when relative, are relative to the file's folder;
// paths given with --set are relative to the working folder.

#include "config/ConfigError.h"
#include "config/ConfigWriter.h"     // configToYaml: one include gives the whole config API
#include "config/DefaultConfigs.h"   // defaultConfig, defaultConfigYaml, sampleConfig
#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio {

struct LoadedConfig {
    SearchConfig config;
    std::vector<ConfigNote> ignored;      // Python-only keys accepted and ignored, and keys read differently
    std::vector<ConfigNote> unsupported;  // things asked that AugStudio cannot do (a Python model class, an
                                          // architecture it lacks); loading succeeds, searching must refuse
};

// How a config is read. `strict`: a Python model class (`_target_`) that no built-in model
// matches is unsupported instead of replaced by the default architecture with a note.
struct LoadOptions {
    bool strict = false;
};

// The text of the config file at `path`, checked to be text: ConfigError naming the file when
// it is missing, a folder, unreadable, larger than any config (a device such as /dev/zero
// included), UTF-16 or binary.
std::string readConfigText(const std::string &path);

// The config in `text`, read from the file at `path` (readConfigText's result), as
// loadConfigFile reads it: for a caller that looks at the text too and reads the file once
// (a pipe, as `--config <(...)`, can be read only once).
LoadedConfig loadConfigText(const std::string &text, const std::string &path,
                            const std::vector<std::string> &overrides = {}, LoadOptions options = {});

// `overrides` are --set assignments ("trainer.max_epochs=3"), applied as if the file held
// them, so that the notes describe the config in force (--set classification_model._target_=null
// clears a Python model class).
LoadedConfig loadConfigFile(const std::string &path, const std::vector<std::string> &overrides = {},
                            LoadOptions options = {});
// `sourceName` names the text in messages; relative paths resolve against its folder.
LoadedConfig parseConfig(const std::string &yamlText, const std::string &sourceName = "search.yaml",
                         const std::vector<std::string> &overrides = {}, LoadOptions options = {});

// The built-in default config (config/DefaultConfigs.h) with `overrides`; its messages name
// no lines, which the user never saw.
LoadedConfig parseDefaultConfig(const std::vector<std::string> &overrides = {}, LoadOptions options = {});

// The reader's rules applied to a config made in memory (a form, a test): throws the
// ConfigError that loading its YAML from `sourceName` would, naming the key.
void checkConfig(const SearchConfig &config, const std::string &sourceName);

// One --set assignment applied to a config in memory, with the file's validation
// (ConfigError with file "--set" and the key path). Notes are dropped.
void applyOverride(SearchConfig &config, const std::string &assignment);

} // namespace augstudio
