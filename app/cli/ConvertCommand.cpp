#include "Commands.h"
#include "CommandLine.h"

#include "io/AtomicFile.h"
#include "policy/AlbumentationsFormat.h"
#include "policy/PolicyFile.h"
#include "replay/ReplayPolicy.h"
#include "search/ImageSizeRecord.h"

#include <cctype>
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

namespace {

// The most pixels a side of --image-size may have: a size, not an allocation, so far above
// any image's (PNG's own limit is 2^31 - 1, OpenCV's decoders much lower).
constexpr int kMaxConvertedSide = 1000000;

int imageSideOf(const std::string &text, const std::string &given)
{
    std::size_t used = 0;
    long side = 0;
    try {
        side = text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])) ? 0 : std::stol(text, &used);
    } catch (const std::exception &) {
        used = 0; // beyond long: out of range below
    }
    if (used == 0 || used != text.size() || side < 1 || side > kMaxConvertedSide)
        throw UsageError("--image-size expects the images' side S or their size WxH (1 to "
                         + std::to_string(kMaxConvertedSide) + " px each), got '" + given + "'");
    return static_cast<int>(side);
}

// The size to convert for: --image-size S (square, as baseline's) or WxH (width first, as
// validate prints sizes); without it, the size a policy in a search's folder was searched on,
// as the app's Save Policy converts for.
ConversionHints conversionHints(const CommandLine &line, const std::string &input)
{
    if (!line.has("image-size")) {
        std::string damaged;
        const ConversionHints hints = conversionHintsOfPolicyFile(input, &damaged);
        if (!damaged.empty())
            std::cerr << "augstudio-cli: warning: " << damaged << "\n";
        return hints;
    }
    ConversionHints hints;
    const std::string value = line.value("image-size");
    const auto x = value.find_first_of("xX");
    hints.imageWidth = imageSideOf(value.substr(0, x), value);
    hints.imageHeight = x == std::string::npos ? hints.imageWidth : imageSideOf(value.substr(x + 1), value);
    return hints;
}

std::string sizeText(int width, int height)
{
    return std::to_string(width) + "x" + std::to_string(height);
}

// What the conversion assumed about the image size, where the result depends on it.
void warnOfImageSize(const std::string &input, const CommandLine &line, const ConversionHints &hints,
                     const ConversionReport &report)
{
    const bool sizeGiven = line.has("image-size");
    if (sizeGiven && report.sizeFromPreprocessing
        && (report.imageWidth != hints.imageWidth || report.imageHeight != hints.imageHeight))
        std::cerr << "augstudio-cli: warning: --image-size " << sizeText(hints.imageWidth, hints.imageHeight)
                  << " is not used: " << input << "'s preprocessing makes the images "
                  << sizeText(report.imageWidth, report.imageHeight) << ", the size its shifts apply to\n";
    // A size given for a search's policy that its search did not see is most likely a slip.
    if (sizeGiven && !report.sizeFromPreprocessing) {
        const ConversionHints recorded = conversionHintsOfPolicyFile(input);
        if (recorded.imageWidth > 0
            && (recorded.imageWidth != hints.imageWidth || recorded.imageHeight != hints.imageHeight))
            std::cerr << "augstudio-cli: warning: --image-size " << sizeText(hints.imageWidth, hints.imageHeight)
                      << " is not the size " << input << "'s search recorded ("
                      << sizeText(recorded.imageWidth, recorded.imageHeight)
                      << " in its image_size.json): converted for the size given\n";
    }
    if (report.unsizedShifts.empty())
        return;
    std::cerr << "augstudio-cli: warning: " << input << ": its fixed shifts (" << unsizedShiftsText(report)
              << ") move whole pixels in one Albumentations version and a fraction of the side in the other, and the "
                 "policy has no Resize or crop to fix the image size: converted as the same fractions, which may "
                 "move a pixel more or less than the source did; give --image-size S (or WxH) to convert them "
                 "exactly\n";
}

} // namespace

int convertCommand(const std::vector<std::string> &args)
{
    const CommandLine line("convert", args, {"policy", "output", "albumentations", "image-size"}, {"float32"});
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
    ConversionHints hints = conversionHints(line, input);
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
    ConversionReport report;
    try {
        converted = convertPolicy(document, target, hints, &report);
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
    warnOfImageSize(input, line, hints, report);
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
