// search.yaml and --set: the input is a YAML file, optionally followed by a line "#--set" and
// one assignment a line. A config that loads must survive configToYaml and load again to
// the same YAML (ConfigWriter's promise), and a form's edit of the file's own text must read
// as the edited config or be refused (ConfigTextEdit's).

#include "config/ConfigLoader.h"
#include "config/ConfigTextEdit.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
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

    if (!overrides.empty())
        return 0; // the text alone does not read as the config
    SearchConfig edited = loaded.config;
    edited.trainer.maxEpochs = edited.trainer.maxEpochs % 1000 + 1;
    edited.policy.temperature *= 2;
    edited.data.dataset.limit = edited.data.dataset.limit > 0 ? 0 : 100;
    if (!edited.policy.operations.empty())
        edited.policy.operations.erase(edited.policy.operations.begin());
    const std::optional<std::string> text = editConfigText(yaml, loaded.config, edited, "search.yaml");
    try {
        if (text && !(parseConfig(*text, "search.yaml").config == edited)) {
            std::fprintf(stderr, "an edited text reads otherwise:\n%s", text->c_str());
            std::abort();
        }
    } catch (const ConfigError &error) {
        std::fprintf(stderr, "an edited text does not load: %s\n%s", error.what(), text->c_str());
        std::abort();
    }
    return 0;
}
