#pragma once

// Applies a saved Albumentations JSON policy to images (and masks) with OpenCV, the way
// Albumentations applies it at training time: AugStudio's files, AutoAlbument's (long
// class names, __version__ 0.5.x), Albumentations 1.x's (short class names) with 1.3's
// semantics as far as the 1.4.x release in __version__ kept them (TransformParams::since:
// CoarseDropout's ranges from 1.4.5, ShiftScaleRotate as an Affine from 1.4.4, ...), and
// files whose __version__ is 2.x with 2.0.8's (Affine, CoarseDropout's ranges, Solarize's
// threshold_range, RGBShift's limits as fractions of the maximum).
//
// Compositions: Compose (runs with its p; when it does not, only its always_apply
// transforms run), OneOf (child probabilities normalised to sum 1, the chosen child applied
// with force), Sequential (runs when a OneOf chose it, otherwise with its p; Albumentations
// 1.3 itself ignored a Sequential's p, later versions honour it: the same for a Sequential
// under a OneOf, as every policy file has it). Transforms: RGBShift,
// RandomBrightnessContrast, Solarize, InvertImg, HorizontalFlip, VerticalFlip, ShiftScaleRotate, Affine,
// CoarseDropout, NoOp, Normalize, ToTensorV2 and the preprocessing transforms Resize,
// LongestMaxSize, SmallestMaxSize, PadIfNeeded, RandomCrop, CenterCrop (core/data's
// Preprocessor). Randomness comes from the caller's std::mt19937_64 only.

#include "config/SearchConfig.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

class ReplayTransform;

// A policy file that cannot be used, or a transform that cannot apply to an image. what()
// reads "<file>: <JSON path>: <reason>", e.g. "p.json: transform.transforms[1]: unknown
// transform 'Blur' ...".
class ReplayError : public std::runtime_error
{
public:
    ReplayError(const std::string &source, const std::string &jsonPath, const std::string &message);
    const std::string &source() const { return m_source; }
    const std::string &jsonPath() const { return m_jsonPath; }

private:
    std::string m_source;
    std::string m_jsonPath;
};

struct ReplayOptions
{
    // false: Normalize and ToTensorV2 do nothing, so the result is an image of the input's
    // type that can be written to a file.
    bool normalize = true;
    // false: only the preprocessing transforms and Normalize run (what a validation
    // pipeline does with the same file); every augmentation and every OneOf is skipped.
    bool augment = true;
    // false: the preprocessing transforms (Resize, crops, PadIfNeeded) are skipped, as where
    // another file's ran already: evaluate's arms all train on the first policy's, drawn from
    // a generator of its own, so that the augmentations of every arm draw alike.
    bool preprocess = true;
};

struct ReplayResult
{
    cv::Mat image;           // the input's type and channels, or float32 once Normalize ran
    cv::Mat mask;            // CV_8UC1; empty when no mask was given
    bool normalized = false; // a Normalize ran
};

struct ReplayNormalization
{
    std::vector<double> mean; // as written: one value or one per channel
    std::vector<double> std;
    double maxPixelValue = 255.0;
};

class ReplayPolicy
{
public:
    // Reads and parses the file. Throws ReplayError naming the file (missing, unreadable,
    // not JSON, not a policy) and, for a bad transform, its JSON path.
    static ReplayPolicy load(const std::string &path);
    // `sourceName` names the document in messages. Accepts {"__version__", "transform"}
    // documents as albumentations.save writes them.
    static ReplayPolicy fromJson(const nlohmann::json &document, const std::string &sourceName = "policy");

    // rgb: RGB (CV_8UC3, CV_32FC3 in [0,1]) or grayscale (CV_8UC1, CV_32FC1), as a training
    // pipeline feeds (H, W, 3) and (H, W) arrays; mask: empty or CV_8UC1 of the same size.
    // Throws std::invalid_argument for other types, ReplayError when a transform cannot
    // apply (a crop or a hole larger than the image, RGBShift or a three-value Normalize
    // on a grayscale image).
    ReplayResult apply(const cv::Mat &rgb, const cv::Mat &mask, std::mt19937_64 &rng,
                       const ReplayOptions &options = {}) const;

    const std::string &source() const { return m_source; }
    const std::string &version() const { return m_version; } // "__version__", "" if absent
    // Whose semantics apply: 2.x for a "__version__" of 2 or later, else 1.x.
    AlbumentationsTarget target() const { return m_target; }
    // The first Normalize of the policy, if any.
    const std::optional<ReplayNormalization> &normalization() const { return m_normalization; }
    // The images the file was made for: Float32 when its Normalize has max_pixel_value 1
    // (AugStudio and AutoAlbument write 255 for uint8 and 1 for float32), else UInt8.
    InputDtype inputDtype() const;
    // Leaf transforms (compositions not counted).
    int transformCount() const { return m_transformCount; }
    // Whether it holds a transform that works on the colour channels apart (RGBShift).
    bool shiftsChannelsApart() const { return m_shiftsChannelsApart; }

private:
    std::shared_ptr<const ReplayTransform> m_root;
    std::string m_source;
    std::string m_version;
    AlbumentationsTarget m_target = AlbumentationsTarget::V1;
    std::optional<ReplayNormalization> m_normalization;
    bool m_shiftsChannelsApart = false;
    int m_transformCount = 0;
};

} // namespace augstudio
