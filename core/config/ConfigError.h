#pragma once

// What reading a search config can report: a hard error (ConfigError) or a note tied to a
// key path and a line (a key that is accepted but ignored, or a request AugStudio cannot do).

#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

// One problem of a config: where it is and what is wrong.
struct ConfigProblem {
    std::string file;     // the config file, or "--set" for a command-line override
    int line = 0;         // 1-based; 0 = no line (a missing file, a value set outside the file)
    std::string keyPath;  // dotted, e.g. "policy_model.operations[3]"; empty for syntax errors
    std::string message;
};

// "file:12: data.dataloader.batch_size: expected an integer, got 'abc'"
std::string describeProblem(const ConfigProblem &problem);

class ConfigError : public std::runtime_error
{
public:
    ConfigError(const std::string &file, int line, const std::string &keyPath, const std::string &message);
    // Every problem of one read: the members describe the first; what() lists them all, one a line.
    explicit ConfigError(const std::vector<ConfigProblem> &problems);

    std::string file;     // the config file, or "--set" for a command-line override
    int line = 0;         // 1-based; 0 = no line (a missing file, a value set outside the file)
    std::string keyPath;  // dotted, e.g. "policy_model.operations[3]"; empty for syntax errors
    std::string message;
    std::vector<ConfigProblem> problems; // every problem, in file order (the first is the one above)

private:
    struct Printable {}; // the problems are escaped already
    ConfigError(std::vector<ConfigProblem> printable, Printable);
};

// A --set that is not key.path=value with a YAML value: the command line's mistake (a usage
// error), where a ConfigError about what it sets is the config's.
class AssignmentError : public ConfigError
{
public:
    using ConfigError::ConfigError;
};

struct ConfigNote {
    std::string keyPath;
    int line = 0;         // 1-based; 0 = not from a file line
    std::string text;
};

// "line 12: hydra: Python-only (Hydra's run settings), ignored"
std::string describeNote(const ConfigNote &note);

// The one message a caller shows when it refuses to search: every unsupported request,
// one per line, and what to do about it. Empty when the list is empty.
std::string unsupportedMessage(const std::vector<ConfigNote> &unsupported);

} // namespace augstudio
