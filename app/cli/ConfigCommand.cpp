#include "Commands.h"
#include "CommandLine.h"

#include "config/ConfigLoader.h"

#include <iostream>

namespace augstudio::cli {

int configCommand(const std::vector<std::string> &args)
{
    const CommandLine line("config", args, {}, {}); // it takes none
    std::cout << defaultConfigYaml();
    return 0;
}

} // namespace augstudio::cli
