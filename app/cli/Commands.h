#pragma once

#include <string>
#include <vector>

namespace augstudio::cli {

// Each command takes the arguments after its name and returns the exit code.
int searchCommand(const std::vector<std::string> &args);
int validateCommand(const std::vector<std::string> &args);
int opsCommand(const std::vector<std::string> &args);
int configCommand(const std::vector<std::string> &args);
int benchCommand(const std::vector<std::string> &args);
int applyCommand(const std::vector<std::string> &args);
int evaluateCommand(const std::vector<std::string> &args);

} // namespace augstudio::cli
