#include "Commands.h"
#include "CommandLine.h"

#include "io/AtomicFile.h"
#include "policy/AlbumentationsFormat.h"
#include "policy/PolicyFile.h"
#include "replay/ReplayPolicy.h"

#include <iostream>

namespace augstudio::cli {

AlbumentationsTarget albumentationsTargetArgument(const CommandLine &line, AlbumentationsTarget fallback)
{
    if (!line.has("albumentations"))
        return fallback;
    const std::string value = line.value("albumentations");
    if (value == "1")
        return AlbumentationsTarget::V1;
    if (value == "2")
        return AlbumentationsTarget::V2;
    throw UsageError("--albumentations must be 1 (Albumentations 1.x) or 2 (Albumentations 2.x), got '" + value + "'");
}

int convertCommand(const std::vector<std::string> &args)
{
    const CommandLine line("convert", args, {"policy", "output", "albumentations"}, {"float32"});
    for (const char *required : {"policy", "output", "albumentations"})
        if (!line.has(required))
            throw UsageError(std::string("convert needs --") + required);
    const AlbumentationsTarget target = albumentationsTargetArgument(line, AlbumentationsTarget::V2);
    const std::string input = line.value("policy");
    const std::string output = line.value("output");
    const nlohmann::json document = readPolicyJson(input);
    // The replay's rules, as apply loads the file (its __version__ too): what apply refuses
    // is not converted, and a file in `target` already is no exception.
    const ReplayPolicy source = ReplayPolicy::fromJson(document, input);
    // Solarize's and RGBShift's values are pixel values in 1.x and fractions in 2.x: the
    // image type decides, which a file tells only through its Normalize.
    ConversionHints hints;
    if (line.has("float32")) {
        hints.dtype = InputDtype::Float32;
    } else if (const nlohmann::json &root = document["transform"]; source.target() != target
               && !firstTransformNamed(root, "Normalize")
               && (firstTransformNamed(root, "Solarize") || firstTransformNamed(root, "RGBShift"))) {
        hints.dtype = InputDtype::UInt8;
        std::cerr << "augstudio-cli: note: " << input << " has no Normalize to tell the image type: its Solarize "
                  << "and RGBShift values are converted for uint8 images (give --float32 for float32 images)\n";
    }
    nlohmann::json converted;
    try {
        converted = convertPolicy(document, target, hints);
    } catch (const ConversionError &error) {
        throw std::runtime_error(input + ": " + error.what());
    }
    // The result must load as well; one that does not is the converter's fault, not a file to write.
    try {
        ReplayPolicy::fromJson(converted, output);
    } catch (const ReplayError &error) {
        throw std::runtime_error(input + ": converted for Albumentations " + std::string(toString(target))
                                 + ".x, it would not load (a bug of convert): " + error.what());
    }
    writeFileAtomically(output, converted.dump(2) + "\n");
    if (source.target() == target) {
        // Nothing to rewrite but AlbumentationsX's names: said as such, with the version the file keeps.
        const std::string version = source.version().empty() ? "none" : source.version();
        std::cout << input << " is an Albumentations " << toString(target) << ".x file already (__version__ "
                  << version << "): " << output << " is the same policy, "
                  << (converted == document ? "unchanged"
                                            : "with the arguments AlbumentationsX 2.2 renamed under both names, "
                                              "so that every 2.x release reads them");
        if (albumentationsRelease(version) > albumentationsRelease(albumentationsVersion(target)))
            std::cout << " (it may use arguments that " << toString(target) << ".x releases before " << version
                      << " do not know)";
        std::cout << "\n";
        return 0;
    }
    std::cout << input << " (Albumentations " << toString(source.target()) << ".x) -> "
              << output << " (Albumentations " << toString(target) << ".x, __version__ "
              << albumentationsVersion(target) << ")\n";
    return 0;
}

} // namespace augstudio::cli
