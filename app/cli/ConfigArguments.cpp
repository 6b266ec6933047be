#include "ConfigArguments.h"

#include "data/Dataset.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <utility>

namespace augstudio::cli {

namespace {

// Whether the config file says which task it is; a file that does not read as YAML says so
// too, so that loading it reports the error.
bool configStatesTask(const std::string &path)
{
    if (path.empty())
        return false;
    try {
        const YAML::Node root = YAML::LoadFile(path);
        return !root.IsMap() || root["task"].IsDefined();
    } catch (const std::exception &) {
        return true;
    }
}

} // namespace

LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes, const std::string &fallbackConfigPath)
{
    // All overrides are applied together, so checks and notes describe the final config.
    std::vector<std::string> overrides;
    // Checked here, so that the message names the option the user typed, not a --set.
    if (line.has("epochs")) {
        if (line.intValue("epochs", 1) < 1)
            throw UsageError("--epochs takes a number of epochs of 1 or more");
        overrides.push_back("trainer.max_epochs=" + line.value("epochs"));
    }
    // search's: a setting of the config, so that config.yaml records it and a resume keeps it.
    if (line.has("steps-per-epoch")) {
        if (line.intValue("steps-per-epoch", 1) < 1)
            throw UsageError("--steps-per-epoch takes a number of steps of 1 or more (leave it out for every batch)");
        overrides.push_back("trainer.steps_per_epoch=" + line.value("steps-per-epoch"));
    }
    // --seed and --device are checked alone first, so that a bad value names the option.
    for (const auto &[option, key] : {std::pair<const char *, const char *>{"seed", "seed"}, {"device", "trainer.device"}}) {
        if (!line.has(option))
            continue;
        const std::string assignment = std::string(key) + "=" + line.value(option);
        checkOptionValue(option, assignment, defaultConfig());
        overrides.push_back(assignment);
    }
    for (const auto &assignment : line.values("set"))
        overrides.push_back(assignment);

    const std::string path = line.value("config", fallbackConfigPath);
    // No task in the config or the options: a dataset of a segmentation layout is searched as
    // segmentation (a config that sets only, say, the preprocessing does not make it classification).
    const bool taskSet = std::any_of(overrides.begin(), overrides.end(),
                                     [](const std::string &assignment) { return assignment.rfind("task=", 0) == 0; });
    if (!taskSet && line.has("dataset") && !configStatesTask(path)) {
        const std::optional<DatasetLayout> layout = detectLayout(line.value("dataset"));
        if (layout && taskOf(*layout) != Task::Classification) {
            overrides.insert(overrides.begin(), std::string("task=") + toString(taskOf(*layout)));
            notes << "note: " << line.value("dataset") << " has the " << toString(*layout) << " layout: the task is "
                  << toString(taskOf(*layout)) << "\n";
        }
    }
    LoadOptions options;
    options.strict = line.has("strict");
    LoadedConfig loaded = path.empty() ? parseDefaultConfig(overrides, options)
                                       : loadConfigFile(path, overrides, options);
    for (const auto &note : loaded.ignored)
        notes << "note: " << describeNote(note) << "\n";
    if (line.has("dataset"))
        loaded.config.data.dataset.root = line.value("dataset");
    if (loaded.config.data.dataset.root.empty())
        throw UsageError("no dataset: pass --dataset FOLDER or set data.dataset.root in the config");
    return loaded;
}

void checkOptionValue(const std::string &option, const std::string &assignment, const SearchConfig &base)
{
    SearchConfig probe = base;
    try {
        applyOverride(probe, assignment);
    } catch (const ConfigError &error) {
        throw UsageError("--" + option + ": " + error.message);
    }
}

} // namespace augstudio::cli
