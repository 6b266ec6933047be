#pragma once

// A small argument parser for augstudio-cli: `command [subcommand] --key value --flag`.
// Plain C++ so that the headless program needs no Qt.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio::cli {

class UsageError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The options that name a file or folder, whichever command takes them: an empty one would
// mean the current folder, the built-in config or no file at all, never what was typed.
inline const std::vector<std::string> kPathOptions = {"config", "dataset", "output", "resume", "policy",
                                                      "input",  "image",   "out",    "export", "json"};

class CommandLine
{
public:
    // `command` names the command in messages ("ops render"). `valueOptions` take a value;
    // `flags` do not; those in `repeatable` may come more than once, the others once. Unknown
    // options, a second value, a word that follows no option and an empty path (kPathOptions)
    // throw UsageError: a dropped word would change the command unsaid.
    CommandLine(const std::string &command, const std::vector<std::string> &args,
                const std::vector<std::string> &valueOptions, const std::vector<std::string> &flags,
                const std::vector<std::string> &repeatable = {"set"});

    bool has(const std::string &option) const;
    std::string value(const std::string &option, const std::string &fallback = {}) const;
    std::vector<std::string> values(const std::string &option) const;
    // Whole numbers (an optional sign, digits); one beyond the type's range is said to be
    // out of range, with the limit.
    int intValue(const std::string &option, int fallback) const;
    double doubleValue(const std::string &option, double fallback) const;
    std::uint64_t uint64Value(const std::string &option, std::uint64_t fallback) const; // seeds

private:
    std::multimap<std::string, std::string> options_;
};

} // namespace augstudio::cli
