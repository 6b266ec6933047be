#include "policy/PolicyFile.h"

#include "io/FileRead.h"
#include "io/PrintableText.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace augstudio {

namespace {

// Whether `text` nests objects and arrays deeper than `limit` (brackets in strings not
// counted). Checked before parsing: nlohmann's parser with a callback, which could check
// it as it went, is quadratic in the length of an array of objects.
bool nestsDeeperThan(const std::string &text, int limit)
{
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit)
                return true;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return false;
}

// albumentations.save(..., data_format="yaml") writes `__version__:` or `transform:` at the
// start of a line, after comments or a `---` at most: text that JSON cannot start with.
bool looksLikeYamlPolicy(const std::string &text)
{
    std::size_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; // a UTF-8 byte order mark
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string line = text.substr(start, end - start);
        line.erase(0, line.find_first_not_of(" \t\r"));
        if (!line.empty() && line[0] != '#' && line.compare(0, 3, "---") != 0 && line[0] != '%') {
            for (const char *key : {"__version__", "transform"})
                for (const std::string quote : {"", "'", "\""})
                    if (line.compare(0, quote.size() * 2 + std::strlen(key) + 1, quote + key + quote + ":") == 0)
                        return true;
            return false;
        }
        start = end + 1;
    }
    return false;
}

// nlohmann's message in a user's words: "[json.exception.parse_error.101] parse error at line
// 1, column 8: syntax error while parsing object key - unexpected '}'; expected string literal"
// becomes "at line 1, column 8: unexpected '}'; expected string literal", bytes escaped.
std::string jsonProblem(const std::string &what)
{
    std::string text = what;
    if (text.rfind("[json.exception.", 0) == 0 && text.find("] ") != std::string::npos)
        text.erase(0, text.find("] ") + 2);
    if (text.rfind("parse error ", 0) == 0)
        text.erase(0, std::strlen("parse error "));
    if (const auto syntax = text.find("syntax error while parsing "); syntax != std::string::npos)
        if (const auto dash = text.find(" - ", syntax); dash != std::string::npos)
            text.erase(syntax, dash + 3 - syntax);
    return printableText(text);
}

} // namespace

PolicyFileError::PolicyFileError(const std::string &source, const std::string &message)
    : std::runtime_error(source + ": " + message), m_source(source), m_reason(message)
{
}

nlohmann::json parsePolicyJson(const std::string &text, const std::string &sourceName)
{
    // The parser itself is iterative; what reads the document after it recurses.
    if (nestsDeeperThan(text, kMaxPolicyNesting))
        throw PolicyFileError(sourceName, "nested more than " + std::to_string(kMaxPolicyNesting)
                                              + " levels deep: not a policy file");
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception &error) { // parse_error, and out_of_range for a number like 1e400
        if (looksLikeYamlPolicy(text))
            throw PolicyFileError(sourceName, "is a YAML policy; AugStudio reads JSON policies: save it with "
                                              "albumentations.save(transform, path, data_format='json')");
        if (text.find_first_not_of(" \t\r\n") == std::string::npos)
            throw PolicyFileError(sourceName, "is empty: a policy file is the JSON that albumentations.save writes");
        const std::string problem = jsonProblem(error.what());
        throw PolicyFileError(sourceName, "not valid JSON" + std::string(problem.rfind("at line ", 0) == 0 ? " " : ": ")
                                              + problem);
    }
}

nlohmann::json readPolicyJson(const std::string &path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw PolicyFileError(path, "no such file");
    if (std::filesystem::is_directory(path, ec))
        throw PolicyFileError(path, "is a folder, not a policy file");
    // Parsed, a JSON document takes about 12 times its size; the largest policy a search
    // exports (100000 transforms) is about 60 MB.
    constexpr std::uintmax_t kMaxPolicyFileBytes = std::uintmax_t(128) << 20;
    std::optional<std::string> text;
    try {
        text = readFileUpTo(path, kMaxPolicyFileBytes);
    } catch (const std::system_error &error) {
        throw PolicyFileError(path, "cannot be read: " + error.code().message());
    }
    if (!text)
        throw PolicyFileError(path, "holds more than the " + std::to_string(kMaxPolicyFileBytes >> 20)
                                        + " MB a policy file may have (a search's largest are about 60 MB)");
    return parsePolicyJson(*text, path);
}

} // namespace augstudio
