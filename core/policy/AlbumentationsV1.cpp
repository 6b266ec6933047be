#include "policy/AlbumentationsV1.h"

#include "policy/AlbumentationsFormat.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace augstudio::albumentations1 {

using nlohmann::json;

namespace {

// Below OpenCV's 1/32-pixel fixed-point warp grid (a float warp blends a thousandth of the
// neighbour: under half a level of 255), far above a double's rounding of shift·side.
constexpr double kShiftNudgePixels = 1e-3;
// A uint8 shift of one level: 1.4.22 to 1.4.24 read a limit within ±1 as a fraction of 255,
// and a float32 look-up table or a trunc() drops the rest.
constexpr double kOneLevel = 1.000001;

// Those outside albumentations.augmentations.transforms.
const std::map<std::string, std::string> kOtherModules = {
    {"Compose", "albumentations.core.composition.Compose"},
    {"OneOf", "albumentations.core.composition.OneOf"},
    {"Sequential", "albumentations.core.composition.Sequential"},
    {"NoOp", "albumentations.core.transforms_interface.NoOp"},
    {"ToTensorV2", "albumentations.pytorch.transforms.ToTensorV2"},
};

} // namespace

std::string longClassName(const std::string &shortName)
{
    const auto it = kOtherModules.find(shortName);
    return it != kOtherModules.end() ? it->second : "albumentations.augmentations.transforms." + shortName;
}

json transform(const std::string &name, double p)
{
    return json{{"__class_fullname__", longClassName(name)}, {"always_apply", false}, {"p", p}};
}

json noOp(double p)
{
    return transform("NoOp", p);
}

json composition(const std::string &name, double p, json transforms)
{
    return json{{"__class_fullname__", longClassName(name)}, {"p", p}, {"transforms", std::move(transforms)}};
}

json range(double low, double high)
{
    return json::array({low, high});
}

json document(json transforms)
{
    json compose = composition("Compose", 1.0, std::move(transforms));
    compose["bbox_params"] = nullptr;
    compose["keypoint_params"] = nullptr;
    compose["additional_targets"] = json::object();
    return json{{"__version__", albumentationsVersion(AlbumentationsTarget::V1)}, {"transform", compose}};
}

json shiftScaleRotate(json shiftX, json shiftY, json scale, json rotate, double p)
{
    json t = transform("ShiftScaleRotate", p);
    t["shift_limit_x"] = std::move(shiftX);
    t["shift_limit_y"] = std::move(shiftY);
    t["scale_limit"] = std::move(scale);
    t["rotate_limit"] = std::move(rotate);
    t["interpolation"] = 1; // cv2.INTER_LINEAR, as the search's bilinear sampling
    t["border_mode"] = 4;   // cv2.BORDER_REFLECT_101, as grid_sample's reflection with align_corners
    t["value"] = 0;         // unused by that border
    t["mask_value"] = 0;
    return t;
}

bool solarizeIsInvert(double high, double maxValue)
{
    // uint8: a threshold in (0, 1] keeps only black, which no threshold every release reads
    // alike can say; inverting black too is the nearest.
    return high <= (maxValue > 1.0 ? 1.0 : 0.0);
}

std::pair<double, double> solarizeThreshold(std::pair<double, double> pixels, double maxValue)
{
    // uint8 draws below 1 solarize as 1 does, but for black.
    if (maxValue > 1.0)
        pixels.first = std::max(pixels.first, 1.0);
    return pixels;
}

json solarize(double low, double high, double maxValue, double p)
{
    if (solarizeIsInvert(high, maxValue))
        return transform("InvertImg", p);
    json t = transform("Solarize", p);
    const auto threshold = solarizeThreshold({low, high}, maxValue);
    t["threshold"] = range(threshold.first, threshold.second);
    return t;
}

double wholePixelShift(double pixels, int side)
{
    if (side <= 0 || pixels == 0.0)
        return side <= 0 ? pixels : 0.0;
    // The whole side is exact (int(±1.0 · side)), and 1.4.4 and later refuse a shift beyond ±1.
    if (std::abs(pixels) >= side)
        return std::copysign(1.0, pixels);
    return (pixels + std::copysign(kShiftNudgePixels, pixels)) / side;
}

std::pair<double, double> rgbShiftLimit(std::pair<double, double> pixels, double maxValue)
{
    if (maxValue <= 1.0)
        return pixels; // float32: fractions of 1 in every release
    if (pixels.first != pixels.second) {
        // A range: one within a grey level would be read as a fraction of 255 from 1.4.22.
        const bool withinOneLevel = std::max(std::abs(pixels.first), std::abs(pixels.second)) <= 1.0;
        return withinOneLevel ? std::make_pair(0.0, 0.0) : pixels;
    }
    // A fixed shift moves uint8 pixels by whole levels: up to 1.4.8 trunc(x + s), from 1.4.9
    // x + trunc(s). The nearest whole level is what every release then applies alike.
    double levels = std::round(pixels.first);
    if (std::abs(levels) == 1.0)
        levels = std::copysign(kOneLevel, levels);
    return {levels + 0.0, levels + 0.0};
}

} // namespace augstudio::albumentations1
