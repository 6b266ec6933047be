#include "Commands.h"
#include "ConfigArguments.h"
#include "InterruptGuard.h"
#include "ProgressPrinter.h"

#include "search/SearchFolder.h"
#include "search/SearchSession.h"

#include <filesystem>
#include <iostream>

namespace augstudio::cli {

int searchCommand(const std::vector<std::string> &args)
{
    std::vector<std::string> valueOptions = kConfigOptions;
    valueOptions.insert(valueOptions.end(), {"output", "resume", "steps-per-epoch"});
    const CommandLine line(args, valueOptions, {"stop-on-plateau", "quiet", "strict"});

    SearchRequest request;
    std::string output = line.value("output");
    std::string fallbackConfig;
    if (line.has("resume")) {
        if (!output.empty() && output != line.value("resume"))
            throw UsageError("--resume continues in its own folder: leave out --output or give the same folder");
        output = line.value("resume");
        request.resume = true;
        fallbackConfig = SearchFolder(output).configFile();
        if (!std::filesystem::exists(fallbackConfig) && !line.has("config"))
            throw UsageError("--resume " + output + ": there is no " + fallbackConfig
                             + "; is it a search output folder?");
    }
    if (output.empty())
        throw UsageError("search needs --output FOLDER (or --resume FOLDER)");

    const LoadedConfig loaded = loadConfigFromArguments(line, std::cerr, fallbackConfig);
    if (!loaded.unsupported.empty()) {
        std::cerr << "augstudio-cli: " << unsupportedMessage(loaded.unsupported) << "\n";
        return 2;
    }
    request.config = loaded.config;
    request.outputDir = output;
    request.stopOnPlateau = line.has("stop-on-plateau");
    request.maxStepsPerEpoch = line.intValue("steps-per-epoch", 0);

    ProgressPrinter printer(std::cout, line.has("quiet"));
    SearchSession session(request, &printer);
    InterruptGuard interrupt(/*secondQuits=*/true);
    printer.setStopCheck([&session, &interrupt] {
        if (interrupt.takeRequest()) {
            std::cerr << "\nstopping after this step (Ctrl-C again to quit at once)\n";
            session.requestStop();
        }
    });
    const SearchOutcome outcome = session.run();
    return outcome.reason == SearchEndReason::Failed ? 1 : 0;
}

} // namespace augstudio::cli
