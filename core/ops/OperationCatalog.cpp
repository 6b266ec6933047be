#include "ops/OperationCatalog.h"

#include "config/SearchConfig.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace augstudio {

const std::vector<OperationInfo> &operationCatalog()
{
    static const std::vector<OperationInfo> catalog = {
        {OperationKind::ShiftRGB, "ShiftRGB", -1.0, 1.0, true, false, true,
         "adds v to the chosen channel", {"shift_r", "shift_g", "shift_b"}},
        {OperationKind::RandomBrightness, "RandomBrightness", -1.0, 1.0, true, false, false,
         "adds v to every channel", {}},
        {OperationKind::RandomContrast, "RandomContrast", 0.0, 10.0, true, false, false,
         "multiplies by v", {}},
        {OperationKind::Solarize, "Solarize", 0.0, 1.0, true, false, false,
         "inverts pixels at or above v", {}},
        {OperationKind::HorizontalFlip, "HorizontalFlip", 0.0, 0.0, false, true, false,
         "mirrors left-right", {}},
        {OperationKind::VerticalFlip, "VerticalFlip", 0.0, 0.0, false, true, false,
         "mirrors top-bottom", {}},
        {OperationKind::Rotate, "Rotate", -180.0, 180.0, true, true, false,
         "rotates by v degrees about the centre", {}},
        {OperationKind::ShiftX, "ShiftX", -1.0, 1.0, true, true, false,
         "shifts right by v of the width", {}},
        {OperationKind::ShiftY, "ShiftY", -1.0, 1.0, true, true, false,
         "shifts down by v of the height", {}},
        {OperationKind::Scale, "Scale", 1e-8, 10.0, true, true, false,
         "scales by v about the centre", {}},
        {OperationKind::CutoutFixedNumberOfHoles, "CutoutFixedNumberOfHoles", 0.0, 1.0, true, false, false,
         "num_holes holes of side v·min(H,W)", {"num_holes"}},
        {OperationKind::CutoutFixedSize, "CutoutFixedSize", 0.0, 16.0, true, false, false,
         "v holes of side min(H,W)/hole_size_divider", {"hole_size_divider", "max_holes"}},
    };
    return catalog;
}

const OperationInfo *findOperation(const std::string &name)
{
    const auto &catalog = operationCatalog();
    auto it = std::find_if(catalog.begin(), catalog.end(),
                           [&](const OperationInfo &info) { return name == info.name; });
    return it == catalog.end() ? nullptr : &*it;
}

const OperationInfo &operationInfo(OperationKind kind)
{
    return operationCatalog().at(static_cast<size_t>(kind));
}

const OperationInfo &OperationSpec::info() const
{
    return operationInfo(kind);
}

std::string OperationSpec::displayName() const
{
    std::string name = info().name;
    if (kind == OperationKind::ShiftRGB) {
        std::string channels;
        for (int c = 0; c < 3; ++c)
            if (shiftChannel[c])
                channels += "rgb"[c];
        name += "(" + channels + ")";
    }
    return name;
}

std::string canonicalOperationName(const std::string &target)
{
    auto dot = target.rfind('.');
    return dot == std::string::npos ? target : target.substr(dot + 1);
}

bool operationFitsChannels(const OperationInfo &info, int channels)
{
    return channels == 3 || !info.colourOnly;
}

std::vector<OperationConfig> defaultOperations(int channels)
{
    std::vector<OperationConfig> ops;
    for (const char *channel : {"shift_r", "shift_g", "shift_b"})
        ops.push_back({"ShiftRGB", {{channel, 1.0}}, std::nullopt, 0});
    for (const char *name : {"RandomBrightness", "RandomContrast", "Solarize", "HorizontalFlip",
                             "VerticalFlip", "Rotate", "ShiftX", "ShiftY", "Scale",
                             "CutoutFixedNumberOfHoles", "CutoutFixedSize"})
        ops.push_back({name, {}, std::nullopt, 0});
    ops.erase(std::remove_if(ops.begin(), ops.end(),
                             [&](const OperationConfig &op) {
                                 return !operationFitsChannels(*findOperation(op.name), channels);
                             }),
              ops.end());
    return ops;
}

static int positiveIntArgument(const OperationConfig &config, const std::string &key, double value)
{
    if (value < 1 || value != std::floor(value) || value > 1e6)
        throw std::invalid_argument(config.name + "." + key + ": expected a positive integer, got "
                                    + std::to_string(value));
    return static_cast<int>(value);
}

// 8, 2.5: as a config writes it.
static std::string shortNumber(double value)
{
    std::ostringstream text;
    text << value;
    return text.str();
}

OperationSpec resolveOperation(const OperationConfig &config)
{
    const OperationInfo *info = findOperation(canonicalOperationName(config.name));
    if (!info) {
        std::string known;
        for (const auto &op : operationCatalog())
            known += std::string(known.empty() ? "" : ", ") + op.name;
        throw std::invalid_argument("unknown operation '" + config.name + "' (known: " + known + ")");
    }
    OperationSpec spec;
    spec.kind = info->kind;
    spec.low = info->low;
    spec.high = info->high;

    for (const auto &[key, value] : config.args) {
        bool known = std::any_of(info->argumentNames.begin(), info->argumentNames.end(),
                                 [&key = key](const char *name) { return key == name; }); // clang 14: no binding captures
        if (!known)
            throw std::invalid_argument(std::string(info->name) + ": unknown argument '" + key + "'");
        if (key == "shift_r" || key == "shift_g" || key == "shift_b")
            spec.shiftChannel[key == "shift_r" ? 0 : key == "shift_g" ? 1 : 2] = value != 0.0;
        else if (key == "num_holes")
            spec.numHoles = positiveIntArgument(config, key, value);
        else if (key == "hole_size_divider")
            spec.holeSizeDivider = positiveIntArgument(config, key, value);
        else if (key == "max_holes") {
            spec.maxHoles = positiveIntArgument(config, key, value);
            spec.high = spec.maxHoles;
        }
    }
    if (spec.kind == OperationKind::ShiftRGB && !spec.shiftChannel[0] && !spec.shiftChannel[1]
        && !spec.shiftChannel[2])
        throw std::invalid_argument("ShiftRGB: set at least one of shift_r, shift_g, shift_b to true");

    if (config.valueRange) {
        if (!info->hasMagnitude)
            throw std::invalid_argument(std::string(info->name) + ": has no magnitude, so no value_range");
        auto [low, high] = *config.valueRange;
        if (!(low <= high) || !std::isfinite(low) || !std::isfinite(high))
            throw std::invalid_argument(std::string(info->name) + ".value_range: expected [low, high] with low <= high");
        // Each operation's range must stay inside what its forward and export can express.
        const bool positiveOnly = spec.kind == OperationKind::Scale;
        const bool nonNegative = spec.kind == OperationKind::RandomContrast
                                 || spec.kind == OperationKind::Solarize
                                 || spec.kind == OperationKind::CutoutFixedNumberOfHoles
                                 || spec.kind == OperationKind::CutoutFixedSize;
        if ((positiveOnly && low <= 0.0) || (nonNegative && low < 0.0))
            throw std::invalid_argument(std::string(info->name) + ".value_range: values must be "
                                        + (positiveOnly ? "> 0" : ">= 0"));
        if ((spec.kind == OperationKind::Solarize || spec.kind == OperationKind::CutoutFixedNumberOfHoles)
            && high > 1.0)
            throw std::invalid_argument(std::string(info->name) + ".value_range: values must be <= 1");
        // A shift of more than the whole side leaves nothing of the image, and 1.x's
        // ShiftScaleRotate takes at most 1.
        if ((spec.kind == OperationKind::ShiftX || spec.kind == OperationKind::ShiftY) && (low < -1.0 || high > 1.0))
            throw std::invalid_argument(std::string(info->name) + ".value_range: values must be within -1..1 (a "
                                        "fraction of the side)");
        // max_holes is the range's upper end (the number of holes at v = 1): two values for it
        // would leave one silently unused.
        if (spec.kind == OperationKind::CutoutFixedSize && config.args.count("max_holes") && high != spec.maxHoles)
            throw std::invalid_argument(std::string(info->name) + ": max_holes (" + std::to_string(spec.maxHoles)
                                        + ") is value_range's upper end (" + shortNumber(high)
                                        + "): give one of them, or the same number in both");
        spec.low = low;
        spec.high = high;
    }
    return spec;
}

std::vector<OperationSpec> resolveOperations(const std::vector<OperationConfig> &configs, int channels)
{
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("images must have 1 or 3 channels, got " + std::to_string(channels));
    std::vector<OperationSpec> specs;
    const std::vector<OperationConfig> &chosen = configs.empty() ? defaultOperations(channels) : configs;
    for (size_t i = 0; i < chosen.size(); ++i) {
        const OperationConfig &config = chosen[i];
        specs.push_back(resolveOperation(config));
        const OperationInfo &info = specs.back().info();
        if (!operationFitsChannels(info, channels))
            throw std::invalid_argument((config.line > 0 ? "line " + std::to_string(config.line) + ": " : std::string())
                                        + "policy_model.operations[" + std::to_string(i) + "] " + info.name
                                        + ": the dataset is grayscale (1 channel); colour operations cannot apply "
                                          "— remove it");
    }
    return specs;
}

} // namespace augstudio
