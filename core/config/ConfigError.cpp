#include "config/ConfigError.h"

namespace augstudio {

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
    : std::runtime_error(errorText(file, line, keyPath, message))
    , file(file)
    , line(line)
    , keyPath(keyPath)
    , message(message)
    , problems{{file, line, keyPath, message}}
{
}

ConfigError::ConfigError(const std::vector<ConfigProblem> &all)
    : std::runtime_error(problemsText(all))
    , file(all.at(0).file)
    , line(all.at(0).line)
    , keyPath(all.at(0).keyPath)
    , message(all.at(0).message)
    , problems(all)
{
}

std::string describeNote(const ConfigNote &note)
{
    std::string text = note.line > 0 ? "line " + std::to_string(note.line) + ": " : std::string();
    return text + note.keyPath + ": " + note.text;
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
