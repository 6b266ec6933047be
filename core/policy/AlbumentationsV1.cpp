#include "policy/AlbumentationsV1.h"

#include "policy/AlbumentationsFormat.h"

#include <algorithm>
#include <cmath>

namespace augstudio::albumentations1 {

using nlohmann::json;

namespace {

// Far below OpenCV's 1/32-pixel warp grid, far above a double's rounding of shift·side.
constexpr double kShiftNudgePixels = 1e-3;

} // namespace

json transform(const std::string &name, double p)
{
    return json{{"__class_fullname__", "albumentations.augmentations.transforms." + name},
                {"always_apply", false},
                {"p", p}};
}

json noOp(double p)
{
    return json{{"__class_fullname__", "albumentations.core.transforms_interface.NoOp"},
                {"always_apply", false},
                {"p", p}};
}

json composition(const std::string &name, double p, json transforms)
{
    return json{{"__class_fullname__", "albumentations.core.composition." + name},
                {"p", p},
                {"transforms", std::move(transforms)}};
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
    return (pixels + std::copysign(kShiftNudgePixels, pixels)) / side;
}

std::pair<double, double> rgbShiftLimit(std::pair<double, double> pixels, double maxValue)
{
    const bool belowOneLevel = std::max(std::abs(pixels.first), std::abs(pixels.second)) <= 1.0;
    return maxValue > 1.0 && belowOneLevel ? std::make_pair(0.0, 0.0) : pixels;
}

} // namespace augstudio::albumentations1
