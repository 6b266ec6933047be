#include "config/ConfigError.h"

#include "io/PrintableText.h"

#include <algorithm>
#include <cstdio>
#include <utility>

namespace augstudio {

namespace {

// Characters a terminal shows as nothing or as a plain space: a no-break space or a
// zero-width one in a key, a second byte-order mark, a direction mark. Quoted as they are,
// 'num_chunks: 2' (a no-break space) or 'task' (after a byte-order mark) look right and the
// message makes no sense.
bool isInvisible(char32_t c)
{
    return (c >= 0x80 && c <= 0xA0) || c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160
           || c == 0x17B4 || c == 0x17B5 || c == 0x180E || (c >= 0x2000 && c <= 0x200F)
           || (c >= 0x2028 && c <= 0x202F) || (c >= 0x205F && c <= 0x206F) || c == 0x3000 || c == 0x3164
           || c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF9 && c <= 0xFFFB) || (c >= 0xE0000 && c <= 0xE007F);
}

// The code point of the UTF-8 sequence of `length` bytes at text[i] (printableText checked it).
char32_t codePoint(const std::string &text, size_t i, size_t length)
{
    static const unsigned char leadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    char32_t c = static_cast<unsigned char>(text[i]) & leadBits[length];
    for (size_t k = 1; k < length; ++k)
        c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    return c;
}

size_t sequenceLength(unsigned char lead)
{
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
}

// printableText, with invisible characters written as backslash-u and their hex code, as
// other bytes are as backslash-x and theirs.
std::string shownText(const std::string &text)
{
    const std::string printable = printableText(text);
    std::string shown;
    for (size_t i = 0; i < printable.size();) {
        const size_t length = std::min(sequenceLength(static_cast<unsigned char>(printable[i])), printable.size() - i);
        const char32_t c = codePoint(printable, i, length);
        if (length > 1 && isInvisible(c)) {
            char escape[16];
            std::snprintf(escape, sizeof escape, c > 0xFFFF ? "\\U%08x" : "\\u%04x", static_cast<unsigned>(c));
            shown += escape;
        } else {
            shown.append(printable, i, length);
        }
        i += length;
    }
    return shown;
}

} // namespace

static ConfigProblem printableProblem(const ConfigProblem &problem)
{
    return {shownText(problem.file), problem.line, shownText(problem.keyPath), shownText(problem.message)};
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
    return shownText(text + note.keyPath + ": " + note.text);
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
