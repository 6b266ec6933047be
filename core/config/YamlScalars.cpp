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

std::optional<long long> parseYaml11Integer(const std::string &text)
{
    const bool negative = !text.empty() && text.front() == '-';
    std::string rest = !text.empty() && (text.front() == '-' || text.front() == '+') ? text.substr(1) : text;
    int base = 10;
    if (rest.size() > 2 && rest[0] == '0' && (rest[1] == 'b' || rest[1] == 'x')) {
        base = rest[1] == 'b' ? 2 : 16;
        rest = rest.substr(2);
    } else if (rest.size() > 1 && rest[0] == '0' && rest.find_first_not_of("01234567_") == std::string::npos) {
        base = 8;
    } else if (rest.empty() || rest[0] < '1' || rest[0] > '9'
               || (rest.find('_') == std::string::npos && rest.find(':') == std::string::npos)) {
        return std::nullopt; // a plain decimal, or not an integer of YAML 1.1
    }
    constexpr long long kLimit = 9000000000000000LL; // as parseInteger: exact in a double
    long long value = 0;
    long long digitGroup = 0; // base 60: the part after the last ':'
    bool digitSeen = false;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const char c = rest[i];
        if (c == '_')
            continue;
        if (c == ':' && base == 10 && digitSeen) {
            // Each part after a ':' is 0 to 59, of one or two digits.
            const std::size_t end = rest.find(':', i + 1);
            const std::string part = rest.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
            if (part.empty() || part.size() > 2 || part.find_first_not_of("0123456789") != std::string::npos
                || std::stoi(part) > 59 || value > kLimit / 60)
                return std::nullopt;
            value = value * 60 + std::stoi(part);
            digitGroup = 1;
            i += part.size();
            continue;
        }
        int digit = -1;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (base == 16 && std::isxdigit(static_cast<unsigned char>(c)))
            digit = std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
        if (digit < 0 || digit >= base || digitGroup)
            return std::nullopt;
        if (value > (kLimit - digit) / base)
            return std::nullopt;
        value = value * base + digit;
        digitSeen = true;
    }
    if (!digitSeen)
        return std::nullopt;
    return negative ? -value : value;
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
    plain = plain && !sexagesimal && !parseNumber(text) && !parseYaml11Integer(text);
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
