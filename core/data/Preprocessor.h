#pragma once

// data.preprocessing: the transforms applied to every image (and mask) before the search
// sees it, with Albumentations' parameters, defaults and geometry.

#include "config/SearchConfig.h"
#include "data/Dataset.h"

#include <opencv2/core.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

namespace augstudio {

class Preprocessor
{
public:
    // Supported: Resize(height, width, interpolation=1), LongestMaxSize(max_size=1024,
    // interpolation=1), SmallestMaxSize(max_size=1024, interpolation=1),
    // PadIfNeeded(min_height=1024, min_width=1024 | pad_height_divisor, pad_width_divisor,
    // border_mode=4, value, mask_value), RandomCrop(height, width), CenterCrop(height, width);
    // every one also takes p and always_apply. Throws std::invalid_argument naming the
    // transform, the parameter and the YAML line for an unknown transform or parameter, a
    // missing required parameter or a bad value.
    explicit Preprocessor(const std::vector<PreprocessingStep> &steps);

    // Applies the steps to the image and, with nearest-neighbour sampling, to the mask.
    // PadIfNeeded pads the mask like the image for the reflecting/replicating border modes;
    // with border_mode 0 (constant) the mask gets mask_value, or 255 (ignore) when
    // mask_value is absent, so padding never counts as background. `rng` drives RandomCrop
    // and p < 1. Throws std::runtime_error when a crop is larger than the image.
    void apply(Sample &sample, std::mt19937_64 &rng) const;

    // The sizes (width x height) an image of `input` can leave the steps with, without
    // touching pixels: one, or more when a step with p < 1 may or may not apply. Throws
    // std::runtime_error, with apply()'s message, when a crop is larger than the image on
    // any of those paths. validate predicts the batches with it.
    std::vector<cv::Size> outputSizes(cv::Size input) const;

    bool empty() const { return m_steps.empty(); }
    static std::vector<std::string> supportedTransforms();

private:
    enum class Kind { Resize, LongestMaxSize, SmallestMaxSize, PadIfNeeded, RandomCrop, CenterCrop };
    struct Step
    {
        Kind kind = Kind::Resize;
        std::string where;       // "Resize (line 7)", for messages
        int height = 0, width = 0; // Resize and crops: target; PadIfNeeded: minimum (0 = none)
        int maxSize = 1024;
        int interpolation = 1;   // cv2 / OpenCV interpolation flag
        int heightDivisor = 0, widthDivisor = 0;
        int borderMode = 4;      // cv2 border mode, 4 = reflect-101
        cv::Scalar value;        // constant border fill, RGB
        std::optional<int> maskValue;
        double p = 1.0;
    };

    static Step parse(const PreprocessingStep &config);
    static void applyStep(const Step &step, Sample &sample, std::mt19937_64 &rng);
    // The geometry apply() and outputSizes() share: the image size after the step (throws
    // for a crop larger than the image) and, for PadIfNeeded, the rows and columns added.
    static cv::Size stepOutput(const Step &step, cv::Size input, int *padRows = nullptr, int *padCols = nullptr);

    std::vector<Step> m_steps;
};

} // namespace augstudio
