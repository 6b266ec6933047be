#pragma once

// What `validate` finds: each error and warning said as it is found, and the facts and
// problems kept as JSON for --json, where a script or a CI job reads them.

#include "config/ConfigError.h"
#include "data/Dataset.h"

#include <nlohmann/json.hpp>

#include <string>

namespace augstudio::cli {

class ValidationReport
{
public:
    // "error: ..." on standard output, and on standard error too, where a script that keeps
    // the report apart (> report.txt) or only the errors (2> errors.log) finds why the exit
    // status is 1. `file`: the file or folder concerned, where there is one.
    void error(const std::string &message, const std::string &file = {});
    // "warning: ..." on standard output. `key`: the config key it is about, where it is one.
    void warning(const std::string &message, const std::string &file = {}, const std::string &key = {});
    // A dataset problem, as an error or a warning.
    void problem(const DatasetProblem &problem);
    // A config that did not load: each of its problems, with its file, line and key. `said`:
    // each an "error: ..." line too, as error() says it; else kept for the JSON alone, where
    // the command's caller says the error that ends it (a --set's, a usage error).
    void configFailed(const ConfigError &error, bool said);
    // An option that ended the command (a usage error): kept, not said, as configFailed.
    void optionsFailed(const std::string &message);
    // Notes of keys read but ignored, with their line and key.
    void configNotes(const std::vector<ConfigNote> &notes);
    // What the config asks for that AugStudio cannot do: an error each, with its line and key.
    void configUnsupported(const std::vector<ConfigNote> &notes);

    // A section of the JSON report ("dataset", "model", ...), filled by the caller.
    nlohmann::ordered_json &operator[](const char *section) { return m_json[section]; }

    // Says "# N error(s), M warning(s)", writes the JSON to `jsonPath` (atomically) unless it
    // is empty, and returns the exit status: 1 when there was an error.
    int finish(const std::string &jsonPath);
    // Writes the JSON alone: a config that did not load ends the command with its error.
    void writeJson(const std::string &jsonPath);

private:
    static nlohmann::ordered_json entry(const std::string &message, const std::string &file);
    void addError(const std::string &message, nlohmann::ordered_json item);

    nlohmann::ordered_json m_json = {{"valid", true},
                                     {"errors", nlohmann::ordered_json::array()},
                                     {"warnings", nlohmann::ordered_json::array()},
                                     {"config_notes", nlohmann::ordered_json::array()}};
    int m_errors = 0;
    size_t m_warnings = 0;
};

} // namespace augstudio::cli
