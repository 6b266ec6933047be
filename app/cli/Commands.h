#pragma once

#include "config/SearchConfig.h"

#include <string>
#include <vector>

namespace augstudio::cli {

class CommandLine;
// --albumentations 1|2, or `fallback` when absent; throws UsageError for other values.
AlbumentationsTarget albumentationsTargetArgument(const CommandLine &line, AlbumentationsTarget fallback);


// Each command takes the arguments after its name and returns the exit code.
int searchCommand(const std::vector<std::string> &args);
int validateCommand(const std::vector<std::string> &args);
int opsCommand(const std::vector<std::string> &args);
int configCommand(const std::vector<std::string> &args);
int benchCommand(const std::vector<std::string> &args);
int applyCommand(const std::vector<std::string> &args);
int evaluateCommand(const std::vector<std::string> &args);
int convertCommand(const std::vector<std::string> &args);
int baselineCommand(const std::vector<std::string> &args);
int shapesCommand(const std::vector<std::string> &args);

} // namespace augstudio::cli
