#include "config/YamlScalars.h"

#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace augstudio {

std::optional<double> parseNumber(const std::string &text)
{
    std::string digits = text;
    if (!digits.empty() && digits.front() == '+')
        digits.erase(0, 1);
    if (digits.empty() || digits.front() == '+')
        return std::nullopt;
    double value = 0.0;
    const char *end = digits.data() + digits.size();
    auto [ptr, error] = std::from_chars(digits.data(), end, value);
    if (error != std::errc() || ptr != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<long long> parseInteger(const std::string &text)
{
    const auto value = parseNumber(text);
    if (!value || *value != std::floor(*value) || std::fabs(*value) > 9.0e15)
        return std::nullopt;
    return static_cast<long long>(*value);
}

std::optional<bool> parseBoolean(const std::string &text)
{
    const std::string word = asciiLower(text);
    if (word == "true" || word == "yes" || word == "on")
        return true;
    if (word == "false" || word == "no" || word == "off")
        return false;
    return std::nullopt;
}

std::string formatNumber(double value)
{
    if (value == std::floor(value) && std::fabs(value) < 1e15)
        return std::to_string(static_cast<long long>(value));
    // Plain decimals where they stay short (0.0005, not 5e-04), as people write them.
    const double magnitude = std::fabs(value);
    const auto format = magnitude >= 1e-5 && magnitude < 1e15 ? std::chars_format::fixed : std::chars_format::general;
    char buffer[400];
    auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    std::string text = error == std::errc() ? std::string(buffer, end) : std::to_string(value);
    const auto e = text.find('e');
    if (e != std::string::npos && text.find('.') == std::string::npos)
        text.insert(e, ".0");
    return text;
}

std::string yamlString(const std::string &text)
{
    static const char *reserved[] = {"null", "~", "true", "false", "yes", "no", "on", "off", "y", "n"};
    if (text.empty())
        return "\"\"";
    bool plain = (std::isalnum(static_cast<unsigned char>(text.front())) || text.front() == '/'
                                   || text.front() == '_' || text.front() == '.')
                 && text.back() != ':';
    for (char c : text)
        plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || std::string("_./-:").find(c) != std::string::npos);
    // YAML 1.1 readers take 1:20 for a number (base 60).
    const bool sexagesimal = std::isdigit(static_cast<unsigned char>(text.front())) && text.find(':') != std::string::npos;
    plain = plain && !sexagesimal && !parseNumber(text);
    for (const char *word : reserved)
        plain = plain && asciiLower(text) != word;
    if (plain)
        return text;

    std::string quoted = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
            quoted += static_cast<char>(c);
        } else if (c < 0x20) {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02x", c);
            quoted += escape;
        } else {
            quoted += static_cast<char>(c);
        }
    }
    return quoted + "\"";
}

} // namespace augstudio
