#include "policy/AlbumentationsExport.h"

#include "data/Normalization.h"
#include "policy/AlbumentationsFormat.h"
#include "policy/AlbumentationsV1.h"

#include <cmath>

namespace augstudio {

using nlohmann::json;

namespace {

using albumentations1::composition;
using albumentations1::noOp;
using albumentations1::range;
using albumentations1::transform;

json shiftScaleRotate(double shiftX, double shiftY, double scaleLimit, double rotate, double p)
{
    return albumentations1::shiftScaleRotate(range(shiftX, shiftX), range(shiftY, shiftY),
                                             range(scaleLimit, scaleLimit), range(rotate, rotate), p);
}

json coarseDropout(int holes, int size, double p)
{
    json t = transform("CoarseDropout", p);
    t["min_holes"] = holes;
    t["max_holes"] = holes;
    t["min_height"] = size;
    t["max_height"] = size;
    t["min_width"] = size;
    t["max_width"] = size;
    t["fill_value"] = 0;
    t["mask_fill_value"] = nullptr; // masks are left as they are
    return t;
}

// A shift of v of the side as the search applies it: round(v·side) pixels, a half to even
// as torch rounds (16.5 px is 16, where std::round makes it 17).
double wholePixelShift(double v, int side)
{
    return side > 0 ? albumentations1::wholePixelShift(std::nearbyint(v * side), side) : v;
}

} // namespace

json exportOperation(const OperationSpec &spec, double magnitude, double p, InputDtype dtype, int imageHeight,
                     int imageWidth)
{
    const double v = spec.valueAt(magnitude);
    const double pixelScale = dtype == InputDtype::UInt8 ? 255.0 : 1.0;
    switch (spec.kind) {
    case OperationKind::ShiftRGB: {
        json t = transform("RGBShift", p);
        const char *keys[] = {"r_shift_limit", "g_shift_limit", "b_shift_limit"};
        for (int c = 0; c < 3; ++c) {
            const double shift = spec.shiftChannel[c] ? v * pixelScale : 0.0;
            const auto limit = albumentations1::rgbShiftLimit({shift, shift}, pixelScale);
            t[keys[c]] = range(limit.first, limit.second);
        }
        return t;
    }
    case OperationKind::RandomBrightness:
    case OperationKind::RandomContrast: {
        const bool brightness = spec.kind == OperationKind::RandomBrightness;
        json t = transform("RandomBrightnessContrast", p);
        // Brightness adds v (times the maximum value); contrast multiplies by 1 + limit.
        t["brightness_limit"] = brightness ? range(v, v) : range(0, 0);
        t["contrast_limit"] = brightness ? range(0, 0) : range(v - 1.0, v - 1.0);
        t["brightness_by_max"] = true;
        return t;
    }
    case OperationKind::Solarize:
        return albumentations1::solarize(v * pixelScale, v * pixelScale, pixelScale, p);
    case OperationKind::HorizontalFlip:
        return transform("HorizontalFlip", p);
    case OperationKind::VerticalFlip:
        return transform("VerticalFlip", p);
    case OperationKind::Rotate:
        return shiftScaleRotate(0, 0, 0, v, p);
    // The search shifts by whole pixels (ops/Operations.h: wholePixels).
    case OperationKind::ShiftX:
        return shiftScaleRotate(wholePixelShift(v, imageWidth), 0, 0, 0, p);
    case OperationKind::ShiftY:
        return shiftScaleRotate(0, wholePixelShift(v, imageHeight), 0, 0, p);
    case OperationKind::Scale:
        return shiftScaleRotate(0, 0, v - 1.0, 0, p); // Albumentations scales by 1 + limit
    case OperationKind::CutoutFixedNumberOfHoles: {
        const int minSide = std::min(imageHeight, imageWidth);
        const int size = std::max(static_cast<int>(minSide * v), 1);
        return coarseDropout(spec.numHoles, size, p);
    }
    case OperationKind::CutoutFixedSize: {
        const int minSide = std::min(imageHeight, imageWidth);
        const int size = std::max(minSide / spec.holeSizeDivider, 1);
        const int holes = static_cast<int>(v);
        // Zero holes does nothing in the search; CoarseDropout cannot express it.
        return holes > 0 ? coarseDropout(holes, size, p) : noOp(p);
    }
    }
    return noOp(p);
}

json exportPreprocessing(const std::vector<PreprocessingStep> &steps, Task task)
{
    json list = json::array();
    for (const auto &step : steps) {
        json t = transform(step.name, 1.0);
        for (const auto &[key, value] : step.args) {
            if (key == "p")
                t["p"] = value;
            else if (key == "always_apply")
                t["always_apply"] = value != 0.0;
            else if (std::floor(value) == value && std::abs(value) < 1e9)
                t[key] = static_cast<long long>(value);
            else
                t[key] = value;
        }
        // A PadIfNeeded's fill only with a constant border: 1.4.7 to 1.4.13 turn reflection
        // into a constant fill when given one, where the search reflects.
        const auto border = step.args.find("border_mode");
        const bool constantBorder = border != step.args.end() && border->second == 0.0;
        if (!step.value.empty() && (step.name != "PadIfNeeded" || constantBorder))
            t["value"] = step.value;
        // Sizes the search took by default, written out: Albumentations 2.x's LongestMaxSize and
        // SmallestMaxSize have no max_size default, and a PadIfNeeded of divisors must say that
        // it has no minimum (both versions default min_height to 1024 and refuse the pair).
        if ((step.name == "LongestMaxSize" || step.name == "SmallestMaxSize") && step.args.count("max_size") == 0)
            t["max_size"] = kDefaultStepSide;
        if (step.name == "PadIfNeeded") {
            for (const std::string axis : {"height", "width"}) {
                if (step.args.count("pad_" + axis + "_divisor"))
                    t["min_" + axis] = nullptr;
                else if (step.args.count("min_" + axis) == 0)
                    t["min_" + axis] = kDefaultStepSide;
            }
            // The search's border_mode default is 1.x's reflect-101, which fills nothing.
            if (task == Task::SemanticSegmentation && constantBorder && step.args.count("mask_value") == 0)
                t["mask_value"] = kPaddedMaskValue;
            // 1.4.7 to 1.4.21 refuse a constant border without its value; the search filled with 0.
            if (constantBorder && step.value.empty())
                t["value"] = 0;
        }
        list.push_back(t);
    }
    return list;
}

static json normalizeAndTensor(const SearchConfig &config, int channels)
{
    // One value per channel the search saw: a grayscale policy's single mean and std
    // apply to (H, W) and (H, W, 1) images in every Albumentations version.
    const ChannelNormalization normalization = resolveNormalization(config.data, channels);
    json normalize = transform("Normalize", 1.0);
    normalize["mean"] = normalization.mean;
    normalize["std"] = normalization.std;
    normalize["max_pixel_value"] = config.data.inputDtype == InputDtype::UInt8 ? 255.0 : 1.0;
    json toTensor{{"__class_fullname__", albumentations1::longClassName("ToTensorV2")},
                  {"always_apply", true},
                  {"p", 1.0},
                  {"transpose_mask", true}};
    return json::array({normalize, toTensor});
}

json exportPolicy(const PolicySnapshot &policy, const SearchConfig &config)
{
    json subPolicies = json::array();
    for (int s = 0; s < policy.numSubPolicies; ++s) {
        json stages = json::array();
        for (int k = 0; k < policy.numStages; ++k) {
            json choices = json::array();
            double sum = 0;
            for (size_t o = 0; o < policy.operations.size(); ++o) {
                const OperationState &state = policy.at(s, k, static_cast<int>(o));
                const double p = state.weight * state.probability;
                sum += p;
                choices.push_back(exportOperation(policy.operations[o], state.magnitude, p, config.data.inputDtype,
                                                  policy.imageHeight, policy.imageWidth));
            }
            if (sum < 1.0)
                choices.push_back(noOp(1.0 - sum));
            stages.push_back(composition("OneOf", 1.0, std::move(choices)));
        }
        subPolicies.push_back(composition("Sequential", 1.0 / policy.numSubPolicies, std::move(stages)));
    }
    json transforms = exportPreprocessing(config.data.preprocessing, config.task);
    transforms.push_back(composition("OneOf", 1.0, std::move(subPolicies)));
    for (auto &t : normalizeAndTensor(config, policy.channels))
        transforms.push_back(t);
    return convertPolicy(albumentations1::document(std::move(transforms)), config.exportSettings.albumentations,
                         {config.data.inputDtype, policy.imageHeight, policy.imageWidth});
}

json exportSingleOperation(const OperationSpec &spec, double magnitude, InputDtype dtype, int imageHeight,
                           int imageWidth, AlbumentationsTarget target)
{
    return convertPolicy(albumentations1::document(json::array({exportOperation(spec, magnitude, 1.0, dtype, imageHeight, imageWidth)})),
                         target, {dtype, imageHeight, imageWidth});
}

} // namespace augstudio
