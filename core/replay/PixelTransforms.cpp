// Transforms that change pixel values only (masks pass through): RGBShift,
// RandomBrightnessContrast, Solarize, Normalize, NoOp and ToTensorV2.
//
// uint8 images go through 256-entry look-up tables built in float32 and converted back
// by truncation, as Albumentations builds them (so 100 + 12.7 gives 112); float32 images
// are computed directly and clipped to [0, 1].

#include "replay/ReplayTransform.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <functional>

namespace augstudio {

namespace {

// A 3-channel LUT from one float32 function per channel, clipped to [0, 255] and truncated.
cv::Mat channelLut(const std::array<std::function<float(float)>, 3> &functions)
{
    cv::Mat lut(1, 256, CV_8UC3);
    for (int i = 0; i < 256; ++i) {
        for (int c = 0; c < 3; ++c) {
            const float value = std::clamp(functions[c](static_cast<float>(i)), 0.0f, 255.0f);
            lut.at<cv::Vec3b>(0, i)[c] = static_cast<uchar>(value);
        }
    }
    return lut;
}

// Calls f(value, channel) for every element of a continuous CV_32FC3 image.
template <typename F>
void forEachFloat(cv::Mat &image, F f)
{
    CV_Assert(image.type() == CV_32FC3 && image.isContinuous());
    float *data = image.ptr<float>();
    const size_t count = image.total() * 3;
    for (size_t i = 0; i < count; ++i)
        data[i] = f(data[i], static_cast<int>(i % 3));
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
                          TransformRole::Augmentation)
    {
        const char *keys[] = {"r_shift_limit", "g_shift_limit", "b_shift_limit"};
        for (int c = 0; c < 3; ++c)
            m_limits[c] = params.range(keys[c], 20.0);
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        std::array<float, 3> shift{};
        for (int c = 0; c < 3; ++c)
            shift[c] = static_cast<float>(uniformBetween(context.rng, m_limits[c].first, m_limits[c].second));
        if (target.image.depth() == CV_8U) {
            const cv::Mat lut = channelLut({[&](float x) { return x + shift[0]; },
                                            [&](float x) { return x + shift[1]; },
                                            [&](float x) { return x + shift[2]; }});
            cv::LUT(target.image, lut, target.image);
        } else {
            forEachFloat(target.image, [&](float x, int c) { return clip01(x + shift[c]); });
        }
    }

private:
    std::pair<double, double> m_limits[3];
};

class BrightnessContrast : public ReplayTransform
{
public:
    explicit BrightnessContrast(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
        m_brightness = params.range("brightness_limit", 0.2);
        m_contrast = params.range("contrast_limit", 0.2);
        m_byMax = params.boolean("brightness_by_max", true);
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        // Albumentations draws alpha (contrast) first, then beta (brightness).
        const double alpha = 1.0 + uniformBetween(context.rng, m_contrast.first, m_contrast.second);
        const double beta = uniformBetween(context.rng, m_brightness.first, m_brightness.second);
        if (target.image.depth() == CV_8U) {
            // brightness_by_max adds beta·255; otherwise beta·alpha·mean(image).
            const double offset = m_byMax ? beta * 255.0 : alpha * beta * cv::mean(target.image.reshape(1))[0];
            const auto f = [&](float x) {
                if (alpha != 1.0)
                    x *= static_cast<float>(alpha);
                if (beta != 0.0)
                    x += static_cast<float>(offset);
                return x;
            };
            cv::LUT(target.image, channelLut({f, f, f}), target.image);
            return;
        }
        if (alpha != 1.0)
            forEachFloat(target.image, [&](float x, int) { return x * static_cast<float>(alpha); });
        if (beta != 0.0) {
            // For float images the maximum is 1; without by_max the mean is taken after contrast.
            const double offset = m_byMax ? beta : beta * cv::mean(target.image.reshape(1))[0];
            forEachFloat(target.image, [&](float x, int) { return x + static_cast<float>(offset); });
        }
        forEachFloat(target.image, [](float x, int) { return clip01(x); });
    }

private:
    std::pair<double, double> m_brightness, m_contrast;
    bool m_byMax = true;
};

class Solarize : public ReplayTransform
{
public:
    explicit Solarize(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
        // A single number is the threshold itself, not a ± range.
        if (params.has("threshold") && params.raw("threshold").is_number()) {
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
        const double threshold = uniformBetween(context.rng, m_threshold.first, m_threshold.second);
        if (target.image.depth() == CV_8U) {
            // Values below the threshold stay, the others become 255 − value.
            const auto f = [&](float x) { return x < threshold ? x : 255.0f - x; };
            cv::LUT(target.image, channelLut({f, f, f}), target.image);
        } else {
            // numpy compares a float32 image with the threshold cast to float32.
            const float t = static_cast<float>(threshold);
            forEachFloat(target.image, [&](float x, int) { return x >= t ? 1.0f - x : x; });
        }
    }

private:
    std::pair<double, double> m_threshold;
};

class Normalize : public ReplayTransform
{
public:
    explicit Normalize(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(1.0), params.alwaysApply(),
                          TransformRole::Normalization)
    {
        std::vector<double> mean = params.numbers("mean", {0.485, 0.456, 0.406});
        std::vector<double> std = params.numbers("std", {0.229, 0.224, 0.225});
        const double maxPixel = params.number("max_pixel_value", 255.0);
        if (params.has("normalization") && params.raw("normalization") != "standard")
            params.failKey("normalization", "only \"standard\" (mean and std) is supported");
        for (auto *values : {&mean, &std}) {
            if (values->size() == 1)
                values->assign(3, values->front());
            if (values->size() != 3)
                params.failKey(values == &mean ? "mean" : "std", "expected one or three numbers (RGB)");
        }
        for (int c = 0; c < 3; ++c) {
            // Albumentations works in float32: mean·max, and the reciprocal of std·max.
            const float scaledStd = static_cast<float>(std[c]) * static_cast<float>(maxPixel);
            if (scaledStd == 0.0f)
                params.failKey("std", "a standard deviation of 0 cannot normalise");
            m_mean[c] = static_cast<float>(mean[c]) * static_cast<float>(maxPixel);
            m_scale[c] = 1.0f / scaledStd;
        }
    }

protected:
    void run(ReplayTarget &target, ReplayContext &) const override
    {
        cv::Mat image;
        target.image.convertTo(image, CV_32F);
        forEachFloat(image, [&](float x, int c) { return (x - m_mean[c]) * m_scale[c]; });
        target.image = image;
        target.normalized = true;
    }

private:
    float m_mean[3] = {};
    float m_scale[3] = {};
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
    return name == "RGBShift" || name == "RandomBrightnessContrast" || name == "Solarize" || name == "Normalize"
           || name == "NoOp" || name == "ToTensorV2";
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
    } else if (name == "Normalize") {
        transform = std::make_unique<Normalize>(params);
    } else if (name == "NoOp") {
        transform = std::make_unique<Nothing>(params, 0.5, false, TransformRole::Augmentation);
    } else {
        params.boolean("transpose_mask", false);
        transform = std::make_unique<Nothing>(params, 1.0, true, TransformRole::Normalization);
    }
    params.finish();
    return transform;
}

} // namespace augstudio
