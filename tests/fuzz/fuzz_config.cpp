// search.yaml and --set: the input is a YAML file, optionally followed by a line "#--set" and
// one assignment a line. A config that loads must survive configToYaml and load again to
// the same YAML (ConfigWriter's promise).

#include "config/ConfigLoader.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace augstudio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string input(reinterpret_cast<const char *>(data), size);
    const std::string marker = "#--set\n";
    const auto split = input.find(marker);
    const std::string yaml = input.substr(0, split);
    std::vector<std::string> overrides;
    if (split != std::string::npos) {
        std::istringstream lines(input.substr(split + marker.size()));
        for (std::string line; std::getline(lines, line);)
            overrides.push_back(line);
    }

    for (const auto &assignment : overrides) {
        SearchConfig config;
        try {
            applyOverride(config, assignment);
        } catch (const ConfigError &) {
        }
    }

    LoadedConfig loaded;
    try {
        loaded = parseConfig(yaml, "search.yaml", overrides);
    } catch (const ConfigError &) {
        return 0;
    }
    const std::string written = configToYaml(loaded.config);
    std::string again;
    try {
        again = configToYaml(parseConfig(written, "search.yaml").config);
    } catch (const ConfigError &error) {
        std::fprintf(stderr, "configToYaml wrote a config that does not load: %s\n%s", error.what(), written.c_str());
        std::abort();
    }
    if (again != written) {
        std::fprintf(stderr, "config changed on a round trip:\n%s\n---- became ----\n%s", written.c_str(), again.c_str());
        std::abort();
    }
    return 0;
}
