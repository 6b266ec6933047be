#include "evaluate/Baselines.h"

#include "policy/AlbumentationsFormat.h"
#include "policy/AlbumentationsV1.h"

#include <algorithm>
#include <stdexcept>

namespace augstudio {

using nlohmann::json;

namespace {

// Torchvision's magnitude ranges (TrivialAugmentWide's "wide" ones and RandAugment's).
constexpr double kWideRotate = 135.0, kRandRotate = 30.0;         // degrees
constexpr double kWideShiftPixels = 32.0;                         // absolute, any image size
constexpr double kRandShiftOfSide = 150.0 / 331.0;                // of the image side
constexpr double kWideFactor = 0.99, kRandFactor = 0.9;           // brightness / contrast factor − 1
constexpr double kRandMagnitude = 9.0 / 30.0;                     // M = 9 of bins 0..30

using albumentations1::composition;
using albumentations1::noOp;
using albumentations1::range;
using albumentations1::transform;

json shiftScaleRotate(json shiftX, json shiftY, json rotate, double p)
{
    return albumentations1::shiftScaleRotate(std::move(shiftX), std::move(shiftY), range(0, 0), std::move(rotate), p);
}

json brightnessContrast(json brightness, json contrast, double p)
{
    json t = transform("RandomBrightnessContrast", p);
    t["brightness_limit"] = std::move(brightness);
    t["contrast_limit"] = std::move(contrast);
    t["brightness_by_max"] = true;
    return t;
}

double clampedFraction(double pixels, int side)
{
    return std::min(1.0, pixels / side);
}

json flipShift()
{
    json flip = transform("HorizontalFlip", 0.5);
    json shift = shiftScaleRotate(range(-0.0625, 0.0625), range(-0.0625, 0.0625), range(0, 0), 0.5);
    return json::array({flip, shift});
}

// One operation drawn uniformly, its strength uniform over the wide range.
json trivialAugment(double maxValue, int height, int width)
{
    const double x = clampedFraction(kWideShiftPixels, width), y = clampedFraction(kWideShiftPixels, height);
    const double p = 1.0 / 7.0;
    json ops = json::array({
        noOp(p),
        shiftScaleRotate(range(0, 0), range(0, 0), range(-kWideRotate, kWideRotate), p),
        shiftScaleRotate(range(-x, x), range(0, 0), range(0, 0), p),
        shiftScaleRotate(range(0, 0), range(-y, y), range(0, 0), p),
        brightnessContrast(range(-kWideFactor, kWideFactor), range(0, 0), p),
        brightnessContrast(range(0, 0), range(-kWideFactor, kWideFactor), p),
        albumentations1::solarize(0, maxValue, maxValue, p),
    });
    return json::array({composition("OneOf", 1.0, std::move(ops))});
}

// One RandAugment stage: 7 operations with equal shares; a signed one splits its share
// between +m and −m (torchvision flips the sign with probability 0.5).
json randAugmentStage(double maxValue, int height, int width)
{
    const double share = 1.0 / 7.0, half = share / 2.0;
    const double rotate = kRandRotate * kRandMagnitude;
    // Whole pixels of a fraction of the side, as torchvision's int(magnitude) and 2.x's
    // int(translate·side) shift: 1.x would move the image by the fraction, blurring it.
    const auto wholePixels = [](double fraction, int side) {
        return albumentations1::wholePixelShift(std::trunc(fraction * side), side);
    };
    const double x = wholePixels(kRandShiftOfSide * kRandMagnitude, width);
    const double y = wholePixels(kRandShiftOfSide * kRandMagnitude, height);
    const double factor = kRandFactor * kRandMagnitude;
    // Solarize's thresholds run from the maximum (bin 0) down to 0 (bin 30).
    const double threshold = maxValue * (1.0 - kRandMagnitude);
    json ops = json::array({noOp(share)});
    for (const double sign : {1.0, -1.0}) {
        ops.push_back(shiftScaleRotate(range(0, 0), range(0, 0), range(sign * rotate, sign * rotate), half));
        ops.push_back(shiftScaleRotate(range(sign * x, sign * x), range(0, 0), range(0, 0), half));
        ops.push_back(shiftScaleRotate(range(0, 0), range(sign * y, sign * y), range(0, 0), half));
        ops.push_back(brightnessContrast(range(sign * factor, sign * factor), range(0, 0), half));
        ops.push_back(brightnessContrast(range(0, 0), range(sign * factor, sign * factor), half));
    }
    ops.push_back(albumentations1::solarize(threshold, threshold, maxValue, share));
    return composition("OneOf", 1.0, std::move(ops));
}

std::string knownNames()
{
    std::string text;
    for (const std::string &name : baselineNames())
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

} // namespace

const std::vector<std::string> &baselineNames()
{
    static const std::vector<std::string> names = {"none", "flip-shift", "trivial-augment", "rand-augment"};
    return names;
}

json baselinePolicy(const std::string &name, InputDtype dtype, int imageHeight, int imageWidth,
                    AlbumentationsTarget target)
{
    if (imageHeight < 1 || imageWidth < 1)
        throw std::invalid_argument("a baseline needs the image size (at least 1x1)");
    const double maxValue = dtype == InputDtype::UInt8 ? 255.0 : 1.0;
    json transforms;
    if (name == "none")
        transforms = json::array();
    else if (name == "flip-shift")
        transforms = flipShift();
    else if (name == "trivial-augment")
        transforms = trivialAugment(maxValue, imageHeight, imageWidth);
    else if (name == "rand-augment")
        transforms = json::array(
            {randAugmentStage(maxValue, imageHeight, imageWidth), randAugmentStage(maxValue, imageHeight, imageWidth)});
    else
        throw std::invalid_argument("unknown baseline '" + name + "': expected one of " + knownNames());
    return convertPolicy(albumentations1::document(std::move(transforms)), target, {dtype, imageHeight, imageWidth});
}

} // namespace augstudio
