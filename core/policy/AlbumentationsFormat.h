#pragma once

// The two Albumentations file formats a policy can be written in, and the conversion
// between them (faa-reference §7 and §7.1):
//
// - 1.x: what Albumentations 0.5.2 to 1.4 load. Long class names, `always_apply` on every
//   transform, ShiftScaleRotate, CoarseDropout(max_holes, max_height, ..., fill_value),
//   Solarize(threshold) and RGBShift limits in pixel values.
// - 2.x: what Albumentations 2.0.8 and AlbumentationsX load, each reading every value.
//   Short class names, no `always_apply`, Affine, CoarseDropout(num_holes_range,
//   hole_height_range, hole_width_range, fill), Solarize(threshold_range) and RGBShift
//   limits as fractions of the maximum value; the arguments AlbumentationsX 2.2 renamed
//   under both names (AlbumentationsXNames.h).
//
// The exporter writes 1.x; this file is the one place that knows the 2.x names. A 1.x
// source is read by its 1.4.x release as core/replay reads it (1.4.5's CoarseDropout ranges,
// 1.4.22's fill names and fractions).

#include "config/SearchConfig.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

inline constexpr const char *kAlbumentations1Version = "1.3.1";
inline constexpr const char *kAlbumentations2Version = "2.0.8";

// The version string a file of that format carries in "__version__".
const char *albumentationsVersion(AlbumentationsTarget target);
// The format of a document, by its "__version__" (2.x and later: V2; absent or older: V1).
AlbumentationsTarget albumentationsTargetOf(const nlohmann::json &document);
AlbumentationsTarget albumentationsTargetOfVersion(const std::string &version);
// "1.4.24" as 10424 (major·10000 + minor·100 + patch), "2.0.8" as 20008; 0 when absent or
// unreadable. Albumentations renamed saved arguments and changed what some mean during
// 1.4.x, so a 1.x file is read by the release that wrote it, not only by its major version.
int albumentationsRelease(const std::string &version);

// A transform's "__class_fullname__" without its module path ("RGBShift").
std::string transformShortName(const std::string &classFullName);

// The first transform of `root` (depth first, in file order) whose class is `shortName`
// ("Normalize"), whatever its module path; nullptr when there is none.
const nlohmann::json *firstTransformNamed(const nlohmann::json &root, const std::string &shortName);

// What the conversion cannot read from the document itself. Unset fields are derived:
// the input type from the first Normalize's max_pixel_value (1: float32, else uint8). The
// image size is the last preprocessing step's that fixes it (Resize, a crop), which wins
// over the hint: the augmentations see the preprocessed images.
struct ConversionHints
{
    std::optional<InputDtype> dtype;
    int imageHeight = 0;
    int imageWidth = 0;
};

// What a conversion assumed, for the caller to say.
struct ConversionReport
{
    // The size the fixed shifts were converted for (0 x 0: unknown), and whether the policy's
    // own preprocessing fixed it (then the hint's size was not used).
    int imageHeight = 0;
    int imageWidth = 0;
    bool sizeFromPreprocessing = false;
    // The JSON paths of fixed shifts converted without a size: whole pixels in one version
    // are fractions of the side in the other, so each may move a pixel more or less than in
    // the source (still within ±1 of the side in a 1.x file).
    std::vector<std::string> unsizedShifts;
};

// How many of a report's unsized shifts a message names: a searched policy has hundreds (one
// per stage and sub-policy).
constexpr std::size_t kNamedUnsizedShifts = 3;
// The report's unsized shifts as a message names them: the first `named` paths and how many more.
std::string unsizedShiftsText(const ConversionReport &report, std::size_t named = kNamedUnsizedShifts);

// A policy document that cannot be converted; what() names the JSON path.
class ConversionError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

// The same policy in the other format (a copy when it already is in `target`).
// Fixed translations become whole pixels in 2.x, where Affine truncates them: with the
// image size known, a shift of v·W pixels is written so that 2.x moves round(v·W)
// pixels; back in 1.x, the pixels 2.x moves are written as every 1.x release moves them,
// within ±1 (1.4.4 and later refuse more). `report`, where given, says what was assumed.
// Throws ConversionError for a transform the replay does not know.
nlohmann::json convertPolicy(const nlohmann::json &document, AlbumentationsTarget target,
                             const ConversionHints &hints = {}, ConversionReport *report = nullptr);

} // namespace augstudio
