#include "CommandLine.h"

#include <algorithm>
#include <climits>
#include <cstdlib>

namespace augstudio::cli {

namespace {

bool contains(const std::vector<std::string> &list, const std::string &name)
{
    return std::find(list.begin(), list.end(), name) != list.end();
}

std::string strayWordMessage(const std::string &word, const std::string &previousOption)
{
    std::string message = "unexpected argument '" + word + "'";
    if (previousOption == "set" && word.find('=') != std::string::npos)
        return message + ": each --set takes one key=value (--set a=1 --set b=2)";
    return message + ": every value follows the name of its option";
}

// Whether `word` is one of the command's options ("--output", "--output=x", "--quiet").
bool isOptionName(const std::string &word, const std::vector<std::string> &valueOptions,
                  const std::vector<std::string> &flags)
{
    if (word.rfind("--", 0) != 0)
        return false;
    const std::string name = word.substr(2, word.find('=') == std::string::npos ? std::string::npos : word.find('=') - 2);
    return contains(valueOptions, name) || contains(flags, name);
}

// Whether `text` is written as a whole number: an optional sign, then digits only (no
// spaces, no fraction, no exponent).
bool isWholeNumber(const std::string &text)
{
    const size_t digits = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    return text.size() > digits && text.find_first_not_of("0123456789", digits) == std::string::npos;
}

UsageError outOfRange(const std::string &option, const std::string &text, const char *bound, const std::string &limit)
{
    return UsageError("--" + option + ": " + text + " is out of range (" + bound + " " + limit + ")");
}

} // namespace

CommandLine::CommandLine(const std::string &command, const std::vector<std::string> &args,
                         const std::vector<std::string> &valueOptions, const std::vector<std::string> &flags,
                         const std::vector<std::string> &repeatable)
{
    std::string previousOption;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        if (arg.size() > 1 && arg[0] == '-' && arg[1] != '-')
            throw UsageError("unknown option '" + arg + "': options are written in full, --name");
        if (arg.rfind("--", 0) != 0 || arg == "--")
            throw UsageError(strayWordMessage(arg, previousOption));
        std::string name = arg.substr(2);
        std::string value;
        const auto equals = name.find('=');
        const bool inlineValue = equals != std::string::npos;
        if (inlineValue) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        if (contains(flags, name)) {
            if (inlineValue)
                throw UsageError("--" + name + " takes no value");
            options_.emplace(name, ""); // a flag twice says the same
        } else if (contains(valueOptions, name)) {
            if (!inlineValue) {
                // "--policy --output x.json": the next option is not --policy's value.
                if (i + 1 >= args.size() || isOptionName(args[i + 1], valueOptions, flags))
                    throw UsageError("--" + name + " needs a value");
                value = args[++i];
            } else if (value == "~" || value.rfind("~/", 0) == 0) {
                // The shell expands ~ in "--output ~/x", not in "--output=~/x".
                if (const char *home = std::getenv("HOME"); home && *home)
                    value = home + value.substr(1);
            }
            if (value.empty() && contains(kPathOptions, name))
                throw UsageError("--" + name + ": empty path");
            if (has(name) && !contains(repeatable, name))
                throw UsageError("--" + name + " is given twice ('" + this->value(name) + "', then '" + value
                                 + "'); give it once");
            options_.emplace(name, value);
        } else {
            throw UsageError(command + " has no option --" + name);
        }
        previousOption = name;
    }
}

bool CommandLine::has(const std::string &option) const
{
    return options_.count(option) > 0;
}

std::string CommandLine::value(const std::string &option, const std::string &fallback) const
{
    auto range = options_.equal_range(option);
    if (range.first == range.second)
        return fallback;
    return std::prev(range.second)->second; // of a repeatable option, the last
}

std::vector<std::string> CommandLine::values(const std::string &option) const
{
    std::vector<std::string> result;
    auto range = options_.equal_range(option);
    for (auto it = range.first; it != range.second; ++it)
        result.push_back(it->second);
    return result;
}

int CommandLine::intValue(const std::string &option, int fallback) const
{
    if (!has(option))
        return fallback;
    const std::string text = value(option);
    if (!isWholeNumber(text))
        throw UsageError("--" + option + ": expected an integer, got '" + text + "'");
    long long result = 0;
    try {
        result = std::stoll(text);
    } catch (const std::out_of_range &) {
        result = text[0] == '-' ? LLONG_MIN : LLONG_MAX;
    }
    if (result > INT_MAX)
        throw outOfRange(option, text, "max", std::to_string(INT_MAX));
    if (result < INT_MIN)
        throw outOfRange(option, text, "min", std::to_string(INT_MIN));
    return static_cast<int>(result);
}

double CommandLine::doubleValue(const std::string &option, double fallback) const
{
    if (!has(option))
        return fallback;
    const std::string text = value(option);
    size_t used = 0;
    double result = 0;
    try {
        result = std::stod(text, &used);
    } catch (const std::exception &) {
        used = 0;
    }
    if (used != text.size() || text.empty())
        throw UsageError("--" + option + ": expected a number, got '" + text + "'");
    return result;
}

std::uint64_t CommandLine::uint64Value(const std::string &option, std::uint64_t fallback) const
{
    if (!has(option))
        return fallback;
    const std::string text = value(option);
    if (!isWholeNumber(text) || text[0] == '-')
        throw UsageError("--" + option + ": expected a non-negative integer, got '" + text + "'");
    try {
        return std::stoull(text);
    } catch (const std::out_of_range &) {
        throw outOfRange(option, text, "max", std::to_string(UINT64_MAX));
    }
}

} // namespace augstudio::cli
