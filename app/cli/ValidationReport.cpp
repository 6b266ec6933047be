#include "ValidationReport.h"
#include "JsonReport.h"

#include "io/PrintableText.h"

#include <iostream>

namespace augstudio::cli {

nlohmann::ordered_json ValidationReport::entry(const std::string &message, const std::string &file)
{
    nlohmann::ordered_json item = {{"message", message}};
    if (!file.empty())
        item["file"] = file;
    return item;
}

void ValidationReport::error(const std::string &message, const std::string &file)
{
    addError(message, entry(message, file));
}

void ValidationReport::addError(const std::string &message, nlohmann::ordered_json item)
{
    const std::string line = printableLine(message);
    std::cout << "error: " << line << "\n";
    std::cerr << "augstudio-cli: " << line << "\n";
    m_json["errors"].push_back(std::move(item));
    ++m_errors;
}

void ValidationReport::configUnsupported(const std::vector<ConfigNote> &notes)
{
    // One line each: the message of several lines came out with its breaks escaped.
    for (const ConfigNote &note : notes) {
        const std::string message = "AugStudio cannot search with this config: " + describeNote(note);
        nlohmann::ordered_json item = entry(message, {});
        item["key"] = note.keyPath;
        if (note.line > 0)
            item["line"] = note.line;
        addError(message, std::move(item));
    }
}

void ValidationReport::warning(const std::string &message, const std::string &file, const std::string &key)
{
    std::cout << "warning: " << printableLine(message) << "\n";
    nlohmann::ordered_json item = entry(message, file);
    if (!key.empty())
        item["key"] = key;
    m_json["warnings"].push_back(item);
    ++m_warnings;
}

void ValidationReport::problem(const DatasetProblem &problem)
{
    if (problem.error)
        error(problem.message, problem.file);
    else
        warning(problem.message, problem.file);
}

void ValidationReport::configFailed(const ConfigError &failure, bool said)
{
    for (const ConfigProblem &problem : failure.problems) {
        // A --set has no file to name; its problem says the assignment.
        const std::string message = describeProblem(problem);
        nlohmann::ordered_json item = entry(message, problem.file == "--set" ? "" : problem.file);
        if (problem.line > 0)
            item["line"] = problem.line;
        if (!problem.keyPath.empty())
            item["key"] = problem.keyPath;
        if (said) {
            addError(message, std::move(item));
            continue;
        }
        m_json["errors"].push_back(item);
        ++m_errors;
    }
}

void ValidationReport::optionsFailed(const std::string &message)
{
    m_json["errors"].push_back(entry(message, {}));
    ++m_errors;
}

void ValidationReport::configNotes(const std::vector<ConfigNote> &notes)
{
    nlohmann::ordered_json &list = m_json["config_notes"] = nlohmann::ordered_json::array();
    for (const ConfigNote &note : notes) {
        nlohmann::ordered_json item = {{"message", describeNote(note)}, {"key", note.keyPath}};
        if (note.line > 0)
            item["line"] = note.line;
        list.push_back(item);
    }
}

void ValidationReport::writeJson(const std::string &jsonPath)
{
    m_json["valid"] = m_errors == 0;
    writeJsonReport(jsonPath, m_json);
}

int ValidationReport::finish(const std::string &jsonPath)
{
    std::cout << "# " << m_errors << " error(s), " << m_warnings << " warning(s)\n";
    if (!jsonPath.empty()) {
        std::cout.flush(); // the report first, should the file fail
        writeJson(jsonPath);
    }
    return m_errors > 0 ? 1 : 0;
}

} // namespace augstudio::cli
