// Transforms that change pixel values only (masks pass through): RGBShift,
// RandomBrightnessContrast, Solarize, InvertImg, Normalize, NoOp and ToTensorV2.
//
// uint8 images go through 256-entry look-up tables built in float32 and converted back
// by truncation, as Albumentations builds them (so 100 + 12.7 gives 112); float32 images
// are computed directly and clipped to [0, 1]. Images have one channel or three.

#include "replay/ReplayTransform.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>

namespace augstudio {

namespace {

// AlbumentationsX 2.3.8, as albumentationsRelease gives it.
constexpr int kTorchvisionBrightnessRelease = 20308;

// A LUT with one float32 function per channel of `image`, clipped to [0, 255] and
// truncated, as Albumentations builds its tables.
cv::Mat channelLut(const cv::Mat &image, const std::function<float(float, int)> &function)
{
    const int channels = image.channels();
    cv::Mat lut(1, 256, CV_8UC(channels));
    for (int i = 0; i < 256; ++i)
        for (int c = 0; c < channels; ++c)
            lut.ptr<uchar>(0)[i * channels + c] =
                static_cast<uchar>(std::clamp(function(static_cast<float>(i), c), 0.0f, 255.0f));
    return lut;
}

void applyLut(cv::Mat &image, const std::function<float(float, int)> &function)
{
    cv::LUT(image, channelLut(image, function), image);
}

float clip01(float value)
{
    return std::clamp(value, 0.0f, 1.0f);
}

class RgbShift : public ReplayTransform
{
public:
    explicit RgbShift(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          // 1.4.22 made RGBShift 2.x's (an AdditiveNoise; 1.4.22 augmentations/transforms.py
          // RGBShift.__init__, normalize_range).
          m_v2(params.since(10422))
    {
        const char *names[] = {"r_shift_limit", "g_shift_limit", "b_shift_limit"};
        for (int c = 0; c < 3; ++c) {
            const std::string key = params.argumentKey(names[c]);
            m_limits[c] = params.range(key, 20.0);
            // 1.4.22 and 2.x: limits within ±1 are fractions of the maximum value, larger ones pixel values.
            const bool pixelValued = std::abs(m_limits[c].first) > 1.0 || std::abs(m_limits[c].second) > 1.0;
            if (m_v2 && pixelValued)
                m_limits[c] = {m_limits[c].first / 255.0, m_limits[c].second / 255.0};
            if (m_v2 && (std::abs(m_limits[c].first) > 1.0 || std::abs(m_limits[c].second) > 1.0))
                params.failKey(key, "2.x accepts shifts up to the maximum value (255)");
        }
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const int channels = target.image.channels();
        // 1.x refuses anything but RGB; 2.x shifts a grayscale image by the red limit.
        if (channels != 3 && !m_v2)
            fail(context, "RGBShift transformation expects 3-channel images (Albumentations before 1.4.22); this image has "
                              + std::to_string(channels));
        std::array<float, 3> shift{};
        for (int c = 0; c < channels; ++c)
            shift[c] = static_cast<float>(uniformBetween(context.rng, m_limits[c].first, m_limits[c].second));
        const bool uint8 = target.image.depth() == CV_8U;
        if (m_v2 && uint8) {
            // 2.x: shift · 255, truncated, then added with saturation.
            for (float &value : shift)
                value = std::trunc(value * 255.0f);
        }
        if (uint8)
            applyLut(target.image, [&](float x, int c) { return x + shift[c]; });
        else
            forEachFloat(target.image, [&](float x, int c) { return clip01(x + shift[c]); });
    }

private:
    std::pair<double, double> m_limits[3];
    bool m_v2 = false;
};

class BrightnessContrast : public ReplayTransform
{
public:
    explicit BrightnessContrast(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          // β·mean(image) without α from 1.4.9 (1.4.9 augmentations/functional.py
          // brightness_contrast_adjust: value = beta * np.mean(img)); 1.4.8 and 1.3.1 add
          // (alpha * beta) * np.mean(img) (1.3.1 augmentations/functional.py:866).
          m_v2(params.since(10409))
    {
        m_brightness = params.range(params.argumentKey("brightness_limit"), 0.2);
        m_contrast = params.range(params.argumentKey("contrast_limit"), 0.2);
        // AlbumentationsX 2.3.8 made false the default, and gave false torchvision's formulas
        // (its pull request 374); true keeps the formula every other release applies.
        const bool torchvisionFormulas = params.release() >= kTorchvisionBrightnessRelease;
        m_byMax = params.boolean("brightness_by_max", !torchvisionFormulas);
        if (torchvisionFormulas && !m_byMax)
            params.failKey("brightness_by_max", "false (the default from AlbumentationsX 2.3.8) applies "
                                                "torchvision's formulas, which the replay does not; write true");
        // ensure_safe_range arrived in 1.4.22 (1.4.22 augmentations/transforms.py).
        if (params.since(10422))
            m_safeRange = params.boolean(params.argumentKey("ensure_safe_range"), false);
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        // Albumentations draws alpha (contrast) first, then beta (brightness).
        double alpha = 1.0 + uniformBetween(context.rng, m_contrast.first, m_contrast.second);
        const double beta = uniformBetween(context.rng, m_brightness.first, m_brightness.second);
        const bool uint8 = target.image.depth() == CV_8U;
        const double maxValue = uint8 ? 255.0 : 1.0;
        // brightness_by_max adds beta·max; otherwise 1.x up to 1.4.8 adds beta·alpha·mean(image),
        // 1.4.9 and 2.x beta·mean(image).
        double offset = m_byMax ? beta * maxValue : beta * cv::mean(target.image.reshape(1))[0];
        if (!m_byMax && !m_v2)
            offset *= alpha;
        if (m_safeRange) {
            // 2.x's get_safe_brightness_contrast_params.
            if (alpha > 0) {
                offset = std::clamp(offset, 0.0, maxValue);
                alpha = std::min(alpha, (maxValue - offset) / maxValue);
            } else {
                offset = std::min(offset, maxValue);
                alpha = std::max(alpha, -offset / maxValue);
            }
        }
        if (uint8) {
            applyLut(target.image, [&](float x, int) {
                if (alpha != 1.0)
                    x *= static_cast<float>(alpha);
                if (offset != 0.0)
                    x += static_cast<float>(offset);
                return x;
            });
            return;
        }
        forEachFloat(target.image,
                     [&](float x, int) { return clip01(static_cast<float>(x * alpha + offset)); });
    }

private:
    std::pair<double, double> m_brightness, m_contrast;
    bool m_byMax = true;
    bool m_safeRange = false;
    bool m_v2 = false;
};

class Solarize : public ReplayTransform
{
public:
    explicit Solarize(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          // threshold_range, a fraction of the maximum value, from 1.4.22 (1.4.24
          // augmentations/transforms.py:2033-2079).
          m_fraction(params.since(10422))
    {
        if (m_fraction && !params.isV2() && params.has("threshold")) {
            // 1.4.22 to 1.4.24 still take threshold: to_tuple(t, t), divided by 255 when the
            // high end is above 1 (1.4.24 augmentations/transforms.py:2046-2051).
            const auto value = params.raw("threshold").is_number() ? std::make_pair(params.number("threshold", 0), params.number("threshold", 0))
                                                                   : params.range("threshold", 0);
            m_threshold = value.second > 1 ? std::make_pair(value.first / 255.0, value.second / 255.0) : value;
            params.accept({"threshold_range"});
        } else if (m_fraction) {
            // A fraction of the maximum value.
            m_threshold = params.has("threshold_range") ? params.range("threshold_range", 0.5) : std::make_pair(0.5, 0.5);
            if (m_threshold.first < 0.0 || m_threshold.second > 1.0 || m_threshold.first > m_threshold.second)
                params.failKey("threshold_range", "expected [low, high] within [0, 1]");
        } else if (params.has("threshold") && params.raw("threshold").is_number()) {
            // 1.x: pixel values; a single number is the threshold itself, not a ± range.
            const double t = params.number("threshold", 128.0);
            m_threshold = {t, t};
        } else if (params.has("threshold")) {
            m_threshold = params.range("threshold", 128.0);
        } else {
            m_threshold = {128.0, 128.0};
        }
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        double threshold = uniformBetween(context.rng, m_threshold.first, m_threshold.second);
        if (target.image.depth() == CV_8U) {
            if (m_fraction)
                threshold *= 255.0;
            // Values below the threshold stay, the others become 255 − value.
            applyLut(target.image, [&](float x, int) { return x < threshold ? x : 255.0f - x; });
        } else {
            // numpy compares a float32 image with the threshold cast to float32.
            const float t = static_cast<float>(threshold);
            forEachFloat(target.image, [&](float x, int) { return x >= t ? 1.0f - x : x; });
        }
    }

private:
    std::pair<double, double> m_threshold;
    bool m_fraction = false;
};

// The maximum value minus each pixel (1.3.1 to 2.0.8 alike: functional invert).
class InvertImg : public ReplayTransform
{
public:
    explicit InvertImg(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
    }

protected:
    void run(ReplayTarget &target, ReplayContext &) const override
    {
        if (target.image.depth() == CV_8U)
            applyLut(target.image, [](float x, int) { return 255.0f - x; });
        else
            forEachFloat(target.image, [](float x, int) { return 1.0f - x; });
    }
};

class Normalize : public ReplayTransform
{
public:
    explicit Normalize(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(1.0), params.alwaysApply(),
                          TransformRole::Normalization),
          m_v2(params.isV2())
    {
        std::vector<double> mean = params.numbers("mean", {0.485, 0.456, 0.406});
        std::vector<double> std = params.numbers("std", {0.229, 0.224, 0.225});
        const double maxPixel = params.number("max_pixel_value", 255.0);
        if (params.has("normalization") && params.raw("normalization") != "standard")
            params.failKey("normalization", "only \"standard\" (mean and std) is supported");
        for (auto *values : {&mean, &std})
            if (values->size() != 1 && values->size() != 3)
                params.failKey(values == &mean ? "mean" : "std", "expected one or three numbers (RGB)");
        for (size_t c = 0; c < mean.size() || c < std.size(); ++c) {
            const double m = mean[std::min(c, mean.size() - 1)], d = std[std::min(c, std.size() - 1)];
            // Albumentations works in float32: mean·max, and the reciprocal of std·max.
            const float scaledStd = static_cast<float>(d) * static_cast<float>(maxPixel);
            if (scaledStd == 0.0f)
                params.failKey("std", "a standard deviation of 0 cannot normalise");
            m_mean.push_back(static_cast<float>(m) * static_cast<float>(maxPixel));
            m_scale.push_back(1.0f / scaledStd);
        }
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const int channels = target.image.channels();
        // One value serves every channel. On a grayscale image 2.x takes the first of
        // three; 1.x's numpy broadcast fails ((H, W) − (3,)).
        if (channels == 1 && m_mean.size() == 3 && !m_v2)
            fail(context, "a three-value mean and std do not broadcast onto a grayscale image (Albumentations 1.x)");
        cv::Mat image;
        target.image.convertTo(image, CV_32F);
        const size_t last = m_mean.size() - 1;
        forEachFloat(image, [&](float x, int c) {
            const size_t i = std::min(size_t(c), last);
            return (x - m_mean[i]) * m_scale[i];
        });
        target.image = image;
        target.normalized = true;
    }

private:
    std::vector<float> m_mean;
    std::vector<float> m_scale;
    bool m_v2 = false;
};

// NoOp changes nothing; ToTensorV2 changes the layout only, which a cv::Mat keeps as HWC.
class Nothing : public ReplayTransform
{
public:
    Nothing(TransformParams &params, double defaultP, bool defaultAlways, TransformRole role)
        : ReplayTransform(params.name(), params.path(), params.probability(defaultP),
                          params.alwaysApply(defaultAlways), role)
    {
    }

protected:
    void run(ReplayTarget &, ReplayContext &) const override {}
};

} // namespace

bool isPixelTransformName(const std::string &name)
{
    return name == "RGBShift" || name == "RandomBrightnessContrast" || name == "Solarize" || name == "InvertImg"
           || name == "Normalize" || name == "NoOp" || name == "ToTensorV2";
}

TransformPtr makePixelTransform(TransformParams &params)
{
    const std::string &name = params.name();
    TransformPtr transform;
    if (name == "RGBShift") {
        transform = std::make_unique<RgbShift>(params);
    } else if (name == "RandomBrightnessContrast") {
        transform = std::make_unique<BrightnessContrast>(params);
    } else if (name == "Solarize") {
        transform = std::make_unique<Solarize>(params);
    } else if (name == "InvertImg") {
        transform = std::make_unique<InvertImg>(params);
    } else if (name == "Normalize") {
        transform = std::make_unique<Normalize>(params);
    } else if (name == "NoOp") {
        transform = std::make_unique<Nothing>(params, 0.5, false, TransformRole::Augmentation);
    } else {
        params.boolean("transpose_mask", false);
        // 2.x's ToTensorV2 takes no always_apply: it raises TypeError on one.
        if (params.isV2() && params.has("always_apply"))
            params.failKey("always_apply", "Albumentations 2.x's ToTensorV2 has no always_apply (TypeError on load)");
        transform = std::make_unique<Nothing>(params, 1.0, true, TransformRole::Normalization);
    }
    params.finish();
    return transform;
}

} // namespace augstudio
