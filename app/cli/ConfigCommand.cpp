#include "Commands.h"
#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <iostream>

namespace augstudio::cli {

int configCommand(const std::vector<std::string> &args)
{
    const CommandLine line(args, {}, {});
    if (!line.positional().empty())
        throw UsageError("config takes no arguments");
    std::cout << defaultConfigYaml();
    return 0;
}

} // namespace augstudio::cli
