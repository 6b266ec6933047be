#pragma once

// The 1.x transform objects that the exporter and the baselines write (and the values the
// conversion to 1.x writes), each so that every 1.x release from 0.5.2 to 1.4.24 loads it and
// does with it what the search did. 1.4 added validation (pydantic, from 1.4.4) and changed
// what some values mean (from 1.4.22); a value on the edge of those changes is replaced by
// one that every release reads alike:
//
// - ShiftScaleRotate's value / mask_value are 0, not null (1.4.4 to 1.4.21 refuse null);
// - a whole-pixel shift is nudged a thousandth of a pixel away from zero, because 1.4.22 to
//   1.4.24 truncate shift·side (28.999… px would move 28) where earlier releases warp by it
//   (OpenCV's 1/32-pixel grid does not see the nudge; a float warp blends a thousandth of
//   the neighbour); a shift of the whole side is ±1 exactly (1.4.4 on refuse more);
// - Solarize's uint8 thresholds are at least 1 (1.4.4 to 1.4.18 refuse lower ones, and
//   1.4.22 to 1.4.24 read a threshold of at most 1 as a fraction of 255); a threshold that
//   inverts every pixel is InvertImg;
// - a fixed uint8 RGBShift is a whole number of grey levels, as 1.x applies it (up to 1.4.8
//   trunc(x + s), from 1.4.9 x + trunc(s)), and ±1 is ±1.000001 (1.4.22 to 1.4.24 read a
//   limit within ±1 as a fraction of 255); a range within one level is no shift.

#include <nlohmann/json.hpp>

#include <string>
#include <utility>

namespace augstudio::albumentations1 {

// The long class name a 1.x file gives `shortName` ("Compose" →
// "albumentations.core.composition.Compose"), as AutoAlbument writes them and 0.5 needs them.
std::string longClassName(const std::string &shortName);

nlohmann::json transform(const std::string &name, double p);
nlohmann::json noOp(double p);
nlohmann::json composition(const std::string &name, double p, nlohmann::json transforms);
nlohmann::json range(double low, double high);
// The file: {"__version__": 1.x, "transform": Compose(transforms)}.
nlohmann::json document(nlohmann::json transforms);

// Bilinear, with reflect-101 borders as the search's grid sampling; ranges as [low, high].
nlohmann::json shiftScaleRotate(nlohmann::json shiftX, nlohmann::json shiftY, nlohmann::json scale,
                                nlohmann::json rotate, double p);
// Thresholds in pixel values of an image whose maximum is maxValue (255 or 1).
nlohmann::json solarize(double low, double high, double maxValue, double p);

// The fraction of `side` that moves a whole number of `pixels` in every 1.x release.
double wholePixelShift(double pixels, int side);
// An RGBShift limit in pixel values, as written for an image whose maximum is maxValue.
std::pair<double, double> rgbShiftLimit(std::pair<double, double> pixels, double maxValue);
// Whether a Solarize whose thresholds (pixel values) reach at most `high` is written as
// InvertImg; otherwise its [low, high] as the 1.x threshold.
bool solarizeIsInvert(double high, double maxValue);
std::pair<double, double> solarizeThreshold(std::pair<double, double> pixels, double maxValue);

} // namespace augstudio::albumentations1
