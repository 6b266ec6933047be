#include "config/ConfigError.h"

#include "io/PrintableText.h"

#include <utility>

namespace augstudio {

static ConfigProblem printableProblem(const ConfigProblem &problem)
{
    return {printableText(problem.file), problem.line, printableText(problem.keyPath), printableText(problem.message)};
}

static std::vector<ConfigProblem> printableProblems(const std::vector<ConfigProblem> &problems)
{
    std::vector<ConfigProblem> shown;
    for (const ConfigProblem &problem : problems)
        shown.push_back(printableProblem(problem));
    return shown;
}

static std::string errorText(const std::string &file, int line, const std::string &keyPath,
                             const std::string &message)
{
    std::string text = file;
    if (line > 0)
        text += ":" + std::to_string(line);
    if (!keyPath.empty())
        text += ": " + keyPath;
    return text + ": " + message;
}

std::string describeProblem(const ConfigProblem &problem)
{
    return errorText(problem.file, problem.line, problem.keyPath, problem.message);
}

static std::string problemsText(const std::vector<ConfigProblem> &problems)
{
    std::string text;
    for (const ConfigProblem &problem : problems)
        text += (text.empty() ? "" : "\n") + describeProblem(problem);
    return text;
}

ConfigError::ConfigError(const std::string &file, int line, const std::string &keyPath,
                         const std::string &message)
    : ConfigError(std::vector<ConfigProblem>{{file, line, keyPath, message}})
{
}

// What a config holds is quoted in messages as a terminal can show it.
ConfigError::ConfigError(const std::vector<ConfigProblem> &all)
    : ConfigError(printableProblems(all), Printable{})
{
}

ConfigError::ConfigError(std::vector<ConfigProblem> printable, Printable)
    : std::runtime_error(problemsText(printable))
    , problems(std::move(printable))
{
    const ConfigProblem &first = problems.at(0);
    file = first.file;
    line = first.line;
    keyPath = first.keyPath;
    message = first.message;
}

std::string describeNote(const ConfigNote &note)
{
    std::string text = note.line > 0 ? "line " + std::to_string(note.line) + ": " : std::string();
    return printableText(text + note.keyPath + ": " + note.text);
}

std::string unsupportedMessage(const std::vector<ConfigNote> &unsupported)
{
    if (unsupported.empty())
        return {};
    std::string text = "This config asks for things AugStudio cannot do, so it cannot search with it:\n";
    for (const auto &note : unsupported)
        text += "  - " + describeNote(note) + "\n";
    text += "Change or remove these keys (in the file, or with --set key=value) and start again.";
    return text;
}

} // namespace augstudio
