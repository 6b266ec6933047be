#include "Commands.h"
#include "CommandLine.h"
#include "SharedOptions.h"

#include "config/SearchConfig.h"
#include "config/YamlScalars.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "io/AsciiText.h"
#include "io/AtomicFile.h"
#include "ops/OperationCatalog.h"
#include "ops/OperationGallery.h"
#include "policy/AlbumentationsExport.h"
#include "policy/AlbumentationsFormat.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <limits>

namespace augstudio::cli {

// The transform `op` is written as in a file for `target`, as the exporter writes it: the
// exporter knows the 1.x names and the converter the 2.x ones, so the listing asks them.
static std::string exportedTransform(const OperationInfo &op, AlbumentationsTarget target)
{
    OperationConfig config{op.name, {}, std::nullopt, 0};
    if (op.kind == OperationKind::ShiftRGB)
        config.args["shift_r"] = 1.0; // it moves one channel or more
    // A magnitude away from the ends, where an operation does something (no NoOp).
    const nlohmann::json document =
        exportSingleOperation(resolveOperation(config), 0.75, InputDtype::UInt8, 64, 64, target);
    return transformShortName(document["transform"]["transforms"][0]["__class_fullname__"].get<std::string>());
}

// "Affine (2.x) / ShiftScaleRotate (1.x)" where the two versions' files differ.
static std::string exportedAs(const OperationInfo &op)
{
    const std::string v2 = exportedTransform(op, AlbumentationsTarget::V2);
    const std::string v1 = exportedTransform(op, AlbumentationsTarget::V1);
    return v1 == v2 ? v2 : v2 + " (2.x) / " + v1 + " (1.x)";
}

static int listOperations()
{
    std::printf("%-26s %-18s %-8s %-38s %s\n", "operation", "value range", "spatial", "exported as", "what it does");
    for (const auto &op : operationCatalog()) {
        char range[40];
        if (op.hasMagnitude)
            std::snprintf(range, sizeof range, "[%g, %g]", op.low, op.high);
        else
            std::snprintf(range, sizeof range, "none");
        std::printf("%-26s %-18s %-8s %-38s %s\n", op.name, range, op.spatial ? "yes" : "no", exportedAs(op).c_str(),
                    op.summary);
    }
    return 0;
}

// The image extensions a rendered (colour) image can be saved under: those OpenCV writes,
// less PGM and PBM, which hold grey and black-and-white only.
static bool writesColourImages(const std::filesystem::path &file)
{
    const std::string extension = asciiLower(file.extension().string());
    return hasImageExtension(file) && extension != ".pgm" && extension != ".pbm" && cv::haveImageWriter(file.string());
}

static std::string colourOutputExtensions()
{
    std::string list;
    for (const std::string &extension : imageExtensions())
        if (writesColourImages("x" + extension))
            list += (list.empty() ? "" : ", ") + extension.substr(1);
    return list;
}

// Whether `a` and `b` name one file (through links, or as different spellings).
static bool sameFile(const std::string &a, const std::string &b)
{
    std::error_code error;
    const auto left = std::filesystem::weakly_canonical(a, error);
    const auto right = std::filesystem::weakly_canonical(b, error);
    return !error && left == right;
}

// One end of --set value_range: a whole number text (no trailing words), within float32's
// range as the config's value_range must be: the search computes the magnitude in float32.
static double valueRangeEnd(const std::string &text, const std::string &given)
{
    std::size_t used = 0;
    double number = 0.0;
    try {
        number = std::stod(text, &used);
    } catch (const std::out_of_range &) {
        throw UsageError("--set value_range: " + text + " is beyond float32's range (+-3.4e38), got '" + given + "'");
    } catch (const std::exception &) {
        used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(number))
        throw UsageError("--set value_range=LOW,HIGH expects two numbers, got '" + given + "'");
    if (std::fabs(number) > std::numeric_limits<float>::max())
        throw UsageError("--set value_range: " + text + " is beyond float32's range (+-3.4e38), got '" + given + "'");
    return number;
}

// --set value_range=LOW,HIGH, refused as the config's reader refuses its value_range.
static std::pair<double, double> valueRangeArgument(const std::string &value)
{
    const auto comma = value.find(',');
    if (comma == std::string::npos)
        throw UsageError("--set value_range=LOW,HIGH expects two numbers, got '" + value + "'");
    const double low = valueRangeEnd(value.substr(0, comma), value);
    const double high = valueRangeEnd(value.substr(comma + 1), value);
    // Its width too is a float32 (the magnitude is low + width x a learned weight).
    if (std::fabs(high - low) > std::numeric_limits<float>::max())
        throw UsageError("--set value_range: expected a range no wider than float32's largest number (3.4e38), got '"
                         + value + "'");
    return {low, high};
}

static int renderOperationCommand(const std::vector<std::string> &args)
{
    const CommandLine line("ops render", args,
                           {"op", "magnitude", "image", "out", "export", "albumentations", "seed", "set"}, {"float32"});
    const AlbumentationsTarget target = albumentationsTargetArgument(line, AlbumentationsTarget::V2);
    for (const char *required : {"op", "magnitude", "image", "out"})
        if (!line.has(required))
            throw UsageError(std::string("ops render needs --") + required);
    const double magnitude = line.doubleValue("magnitude", 0.0);
    if (!(magnitude >= 0.0 && magnitude <= 1.0)) // so written, NaN fails it too
        throw UsageError("--magnitude must be in [0, 1] (it maps linearly onto the operation's value range)");
    const std::uint64_t seed = line.uint64Value("seed", 0);
    // The file's format follows its extension, as every viewer expects: x.jpg is a JPEG.
    const std::string out = line.value("out");
    if (!writesColourImages(out))
        throw UsageError("--out " + out + ": the extension picks the image format; use one of "
                         + colourOutputExtensions());
    const std::string exported = line.value("export");
    if (line.has("export")) {
        if (std::filesystem::path(exported).extension() != ".json")
            throw UsageError("--export " + exported + ": it writes an Albumentations JSON file; give it a .json name");
        // The input image would be replaced by JSON text.
        if (sameFile(exported, line.value("image")))
            throw UsageError("--export " + exported + " is the input --image; choose another file");
    } else if (line.has("albumentations") || line.has("float32")) {
        throw UsageError(std::string("--") + (line.has("albumentations") ? "albumentations" : "float32")
                         + " describes the file --export writes; add --export FILE.json");
    }
    if (sameFile(out, line.value("image")))
        throw UsageError("--out " + out + " is the input --image; choose another file");
    // Both checked before either is written: a folder or a missing one in the way of --export
    // must not leave --out written and the command failed.
    requireOutputFile("out", out);
    if (line.has("export"))
        requireOutputFile("export", exported);

    OperationConfig opConfig{line.value("op"), {}, std::nullopt, 0};
    for (const auto &assignment : line.values("set")) {
        const auto equals = assignment.find('=');
        if (equals == std::string::npos)
            throw UsageError("--set expects name=value, got '" + assignment + "'");
        const std::string key = assignment.substr(0, equals);
        const std::string value = assignment.substr(equals + 1);
        if (key == "value_range") {
            opConfig.valueRange = valueRangeArgument(value);
        } else if (const std::optional<bool> flag = parseBoolean(value)) {
            opConfig.args[key] = *flag ? 1.0 : 0.0; // yes/no and on/off too, as a config reads them
        } else {
            std::size_t used = 0;
            try {
                opConfig.args[key] = std::stod(value, &used);
            } catch (const std::exception &) {
                used = 0;
            }
            if (used == 0 || used != value.size())
                throw UsageError("--set " + key + ": expected a number, true or false, got '" + value + "'");
        }
    }
    if (line.value("op") == "ShiftRGB" && opConfig.args.empty())
        opConfig.args["shift_r"] = 1.0;
    // An unknown --op or a --set the operation does not take is a bad option value.
    const OperationSpec spec = [&] {
        try {
            return resolveOperation(opConfig);
        } catch (const std::invalid_argument &error) {
            throw UsageError(std::string("--op ") + opConfig.name + ": " + error.what());
        }
    }();

    const std::string input = line.value("image");
    // The dataset's decoder: the same formats, EXIF orientation and messages as a search.
    const cv::Mat rgb = decodeImage(input, InputDtype::UInt8);
    const cv::Mat result = renderOperation(spec, magnitude, rgb, seed);
    cv::Mat resultBgr;
    cv::cvtColor(result, resultBgr, cv::COLOR_RGB2BGR);
    std::vector<unsigned char> encoded;
    if (!cv::imencode(std::filesystem::path(out).extension().string(), resultBgr, encoded))
        throw std::runtime_error("cannot encode " + out);
    // Both files made before either is written: no half-done run.
    std::string json;
    if (line.has("export")) {
        const InputDtype dtype = line.has("float32") ? InputDtype::Float32 : InputDtype::UInt8;
        json = exportSingleOperation(spec, magnitude, dtype, rgb.rows, rgb.cols, target).dump(2) + "\n";
    }
    writeFileAtomically(out, std::string(encoded.begin(), encoded.end()));
    std::cout << spec.displayName() << " at magnitude " << magnitude << " (value " << spec.valueAt(magnitude)
              << ") -> " << out << "\n";
    if (line.has("export")) {
        writeFileAtomically(exported, json);
        std::cout << "Albumentations " << toString(target) << ".x transform -> " << exported << "\n";
    }
    return 0;
}

int opsCommand(const std::vector<std::string> &args)
{
    if (args.empty())
        return listOperations();
    if (args[0] == "list") {
        const CommandLine line("ops list", {args.begin() + 1, args.end()}, {}, {}); // it takes none
        return listOperations();
    }
    if (args[0] == "render")
        return renderOperationCommand({args.begin() + 1, args.end()});
    throw UsageError("ops: unknown subcommand '" + args[0] + "' (use: ops, ops render)");
}

} // namespace augstudio::cli
