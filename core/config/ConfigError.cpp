#include "config/ConfigError.h"

#include <cstdio>

namespace augstudio {

// The length of the UTF-8 sequence at text[i], or 0 when the bytes there are not one.
static size_t utf8Length(const std::string &text, size_t i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    const size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || (length == 2 && lead < 0xC2) || i + length > text.size())
        return 0;
    for (size_t k = 1; k < length; ++k)
        if ((byte(i + k) >> 6) != 0x2)
            return 0;
    return length;
}

// `text` as a terminal can show it: each byte that is not UTF-8 (a Latin-1 path in a
// config) and each control character but the tab and the line feed written as \xNN.
static std::string printable(const std::string &text)
{
    std::string shown;
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        const size_t length = utf8Length(text, i);
        if (length == 0 || (c < 0x20 && c != '\t' && c != '\n')) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", c);
            shown += escape;
            ++i;
        } else {
            shown.append(text, i, length);
            i += length;
        }
    }
    return shown;
}

static ConfigProblem printableProblem(const ConfigProblem &problem)
{
    return {printable(problem.file), problem.line, printable(problem.keyPath), printable(problem.message)};
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
    : std::runtime_error(problemsText(printableProblems(all)))
    , problems(printableProblems(all))
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
    return printable(text + note.keyPath + ": " + note.text);
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
