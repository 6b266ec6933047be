#include "ConfigArguments.h"

#include "data/Dataset.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

namespace augstudio::cli {

namespace {

// Whether the config text says which task it is; a text that does not read as YAML says so
// too, so that loading it reports the error.
bool configStatesTask(const std::string &text)
{
    try {
        const YAML::Node root = YAML::Load(text);
        if (root.IsNull()) // empty, comments only or "~": the defaults, whose task follows the dataset
            return false;
        return !root.IsMap() || root["task"].IsDefined();
    } catch (const std::exception &) {
        return true;
    }
}

std::string keyOf(const std::string &assignment)
{
    return assignment.substr(0, assignment.find('='));
}

std::string valueOf(const std::string &assignment)
{
    const auto equals = assignment.find('=');
    return equals == std::string::npos ? std::string() : assignment.substr(equals + 1);
}

// `text` as YAML reads a scalar ("'5'" is 5); as it is where it is none.
std::string scalarText(const std::string &text)
{
    try {
        if (const YAML::Node node = YAML::Load(text); node.IsScalar())
            return node.Scalar();
    } catch (const YAML::Exception &) {
    }
    return text;
}

// The file or folder `text` names, whichever way it is written.
std::filesystem::path pathNamed(const std::string &text)
{
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::absolute(text, error);
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(absolute, error);
    const std::filesystem::path named = (error ? absolute : canonical).lexically_normal();
    return named.has_filename() ? named : named.parent_path(); // "ds/" is ds
}

// Whether two values say the same to the config's reader: "5", "05" and "'5'" alike; of a
// path, the same file or folder.
bool sameValue(const std::string &left, const std::string &right, bool path)
{
    const std::string a = scalarText(left), b = scalarText(right);
    if (a == b)
        return true;
    if (path)
        return pathNamed(a) == pathNamed(b);
    try {
        return YAML::Node(a).as<long long>() == YAML::Node(b).as<long long>();
    } catch (const YAML::Exception &) {
        return false;
    }
}

// "--epochs 2", or "--architecture Unet (task=semantic_segmentation)" where the option's
// value is not the one it sets.
std::string describeOption(const CommandLine &line, const OptionAssignment &given)
{
    const std::string typed = "--" + given.option + " " + line.value(given.option);
    return line.value(given.option) == valueOf(given.assignment) ? typed : typed + " (" + given.assignment + ")";
}

} // namespace

const std::string &configTextOf(const std::string &path)
{
    static std::map<std::string, std::string> read;
    const auto found = read.find(path);
    if (found != read.end())
        return found->second;
    return read.emplace(path, readConfigText(path)).first->second;
}

std::string configTextWorkersCannotRead(const CommandLine &line)
{
    if (!line.has("config"))
        return {};
    const std::string path = line.value("config");
    std::error_code error;
    if (std::filesystem::is_regular_file(path, error))
        return {};
    return configTextOf(path);
}

std::vector<std::string> setAssignments(const CommandLine &line, const std::vector<OptionAssignment> &fromOptions)
{
    const std::vector<std::string> sets = line.values("set");
    for (const OptionAssignment &given : fromOptions)
        for (const std::string &set : sets)
            if (keyOf(set) == keyOf(given.assignment)
                && !sameValue(valueOf(set), valueOf(given.assignment), given.path))
                throw UsageError(describeOption(line, given) + " and --set " + set + " disagree: give one");
    return sets;
}

LoadedConfig loadConfigFromArguments(const CommandLine &line, std::ostream &notes, const std::string &fallbackConfigPath)
{
    // All overrides are applied together, so checks and notes describe the final config.
    std::vector<OptionAssignment> fromOptions;
    // Checked here, so that the message names the option the user typed, not a --set.
    if (line.has("epochs")) {
        if (line.intValue("epochs", 1) < 1)
            throw UsageError("--epochs takes a number of epochs of 1 or more");
        fromOptions.push_back({"epochs", "trainer.max_epochs=" + line.value("epochs")});
    }
    // search's: a setting of the config, so that config.yaml records it and a resume keeps it.
    if (line.has("steps-per-epoch")) {
        if (line.intValue("steps-per-epoch", 1) < 1)
            throw UsageError("--steps-per-epoch takes a number of steps of 1 or more (leave it out for every batch)");
        fromOptions.push_back({"steps-per-epoch", "trainer.steps_per_epoch=" + line.value("steps-per-epoch")});
    }
    // --seed and --device are checked alone first, so that a bad value names the option.
    for (const auto &[option, key] : {std::pair<const char *, const char *>{"seed", "seed"}, {"device", "trainer.device"}}) {
        if (!line.has(option))
            continue;
        const std::string assignment = std::string(key) + "=" + line.value(option);
        checkOptionValue(option, assignment, defaultConfig());
        fromOptions.push_back({option, assignment});
    }
    std::vector<std::string> overrides;
    for (const OptionAssignment &given : fromOptions)
        overrides.push_back(given.assignment);
    // --dataset is set on the loaded config (it wins over the file's root), and agrees with a --set all the same.
    std::vector<OptionAssignment> checked = fromOptions;
    if (line.has("dataset"))
        checked.push_back({"dataset", "data.dataset.root=" + line.value("dataset"), true});
    for (const std::string &assignment : setAssignments(line, checked))
        overrides.push_back(assignment);

    const std::string path = line.value("config", fallbackConfigPath);
    const std::string text = path.empty() ? std::string() : configTextOf(path); // once: it may be a pipe
    // No task in the config or the options: a dataset of a segmentation layout is searched as
    // segmentation (a config that sets only, say, the preprocessing does not make it classification).
    const bool taskSet = std::any_of(overrides.begin(), overrides.end(),
                                     [](const std::string &assignment) { return assignment.rfind("task=", 0) == 0; });
    if (!taskSet && line.has("dataset") && (path.empty() || !configStatesTask(text))) {
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
                                       : loadConfigText(text, path, overrides, options);
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
