// augstudio-cli baseline: writes one of evaluate's baselines (none, flip-shift,
// trivial-augment, rand-augment) as an Albumentations file.

#include "CommandLine.h"
#include "Commands.h"
#include "SharedOptions.h"

#include "evaluate/Baselines.h"
#include "io/AtomicFile.h"
#include "policy/AlbumentationsFormat.h"

#include <iostream>

namespace augstudio::cli {

int baselineCommand(const std::vector<std::string> &args)
{
    const CommandLine line("baseline", args, {"name", "output", "albumentations", "image-size"}, {"float32"});
    for (const char *required : {"name", "output"})
        if (!line.has(required))
            throw UsageError(std::string("baseline needs --") + required);
    const AlbumentationsTarget target = albumentationsTargetArgument(line, AlbumentationsTarget::V2);
    // TrivialAugment's 32 px shifts were made for CIFAR's 32 x 32 images.
    const int side = imageSideArgument(line, 32, 1);
    const InputDtype dtype = line.has("float32") ? InputDtype::Float32 : InputDtype::UInt8;
    nlohmann::json document;
    try {
        document = baselinePolicy(line.value("name"), dtype, side, side, target);
    } catch (const std::invalid_argument &error) {
        throw UsageError(std::string("--name: ") + error.what());
    }
    writeFileAtomically(line.value("output"), document.dump(2) + "\n");
    std::cout << line.value("name") << " -> " << line.value("output") << " (Albumentations " << toString(target)
              << ".x, " << side << "x" << side << " " << (dtype == InputDtype::UInt8 ? "uint8" : "float32")
              << " images)\n";
    return 0;
}

} // namespace augstudio::cli
