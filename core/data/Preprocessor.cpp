#include "data/Preprocessor.h"

#include "data/DeterministicRandom.h"
#include "data/ImageHeader.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace augstudio {

namespace {

std::string joined(const std::vector<std::string> &names)
{
    std::string text;
    for (const std::string &name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

// Reads the numeric parameters of one step; messages name the step and its line.
class Params
{
public:
    Params(const PreprocessingStep &step, std::string where) : m_step(step), m_where(std::move(where)) {}

    bool has(const std::string &name) const { return m_step.args.count(name) > 0; }

    double number(const std::string &name, std::optional<double> fallback) const
    {
        const auto it = m_step.args.find(name);
        if (it != m_step.args.end())
            return it->second;
        if (!fallback)
            throw std::invalid_argument(m_where + ": missing required parameter '" + name + "'");
        return *fallback;
    }

    int integer(const std::string &name, std::optional<int> fallback, int low, int high) const
    {
        const double value = number(name, fallback ? std::optional<double>(*fallback) : std::nullopt);
        if (value != std::floor(value) || value < low || value > high)
            throw std::invalid_argument(m_where + ": " + name + " must be an integer from " + std::to_string(low)
                                        + " to " + std::to_string(high) + ", got " + format(value));
        return static_cast<int>(value);
    }

    // Checked first, so that a misspelt name is reported as such, not as a missing one.
    void rejectUnknown(const std::vector<std::string> &accepted) const
    {
        auto known = [&](const std::string &name) {
            return std::find(accepted.begin(), accepted.end(), name) != accepted.end();
        };
        for (const auto &[name, value] : m_step.args) {
            if (!known(name))
                throw std::invalid_argument(m_where + ": unknown parameter '" + name + "' (accepted: "
                                            + joined(accepted) + ")");
        }
        if (!m_step.value.empty() && !known("value"))
            throw std::invalid_argument(m_where + ": unknown parameter 'value' (accepted: " + joined(accepted) + ")");
    }

    static std::string format(double value)
    {
        std::string text = std::to_string(value);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.')
            text.pop_back();
        return text;
    }

private:
    const PreprocessingStep &m_step;
    std::string m_where;
};

constexpr int kMaxSide = 1 << 16;

// Python's round(): half to even, as Albumentations rounds the *MaxSize target sizes.
int roundHalfEven(double value)
{
    // capped so that the cast stays defined; applyStep refuses such sizes
    const double capped = std::min(value, double(std::numeric_limits<int>::max()));
    return std::max(1, static_cast<int>(std::nearbyint(capped)));
}

void resizeSample(Sample &sample, int height, int width, int interpolation)
{
    if (sample.image.rows == height && sample.image.cols == width)
        return;
    cv::resize(sample.image, sample.image, cv::Size(width, height), 0, 0, interpolation);
    if (!sample.mask.empty())
        cv::resize(sample.mask, sample.mask, cv::Size(width, height), 0, 0, cv::INTER_NEAREST);
}

std::string sizeText(int height, int width)
{
    return std::to_string(height) + "x" + std::to_string(width) + " (HxW)";
}

} // namespace

std::vector<std::string> Preprocessor::supportedTransforms()
{
    return {"Resize", "LongestMaxSize", "SmallestMaxSize", "PadIfNeeded", "RandomCrop", "CenterCrop"};
}

Preprocessor::Preprocessor(const std::vector<PreprocessingStep> &steps)
{
    for (const PreprocessingStep &step : steps)
        m_steps.push_back(parse(step));
}

Preprocessor::Step Preprocessor::parse(const PreprocessingStep &config)
{
    Step step;
    step.where = config.name + (config.line > 0 ? " (line " + std::to_string(config.line) + ")" : "");
    if (config.name == "Normalize")
        throw std::invalid_argument(step.where + " is not a preprocessing step: the loader normalises with "
                                                 "data.normalization (mean, std); remove it from data.preprocessing");
    if (config.name == "ToTensorV2" || config.name == "ToTensor")
        throw std::invalid_argument(step.where + " is not needed: the loader makes tensors itself; remove it from "
                                                 "data.preprocessing");
    static const std::map<std::string, Kind> kinds = {
        {"Resize", Kind::Resize},           {"LongestMaxSize", Kind::LongestMaxSize},
        {"SmallestMaxSize", Kind::SmallestMaxSize}, {"PadIfNeeded", Kind::PadIfNeeded},
        {"RandomCrop", Kind::RandomCrop},   {"CenterCrop", Kind::CenterCrop}};
    const auto kind = kinds.find(config.name);
    if (kind == kinds.end())
        throw std::invalid_argument("unknown preprocessing transform " + step.where + " (supported: "
                                    + joined(supportedTransforms()) + ")");
    step.kind = kind->second;

    static const std::map<Kind, std::vector<std::string>> acceptedByKind = {
        {Kind::Resize, {"height", "width", "interpolation"}},
        {Kind::RandomCrop, {"height", "width"}},
        {Kind::CenterCrop, {"height", "width"}},
        {Kind::LongestMaxSize, {"max_size", "interpolation"}},
        {Kind::SmallestMaxSize, {"max_size", "interpolation"}},
        {Kind::PadIfNeeded,
         {"min_height", "min_width", "pad_height_divisor", "pad_width_divisor", "border_mode", "value", "mask_value"}}};
    std::vector<std::string> accepted = acceptedByKind.at(step.kind);
    accepted.push_back("p");
    accepted.push_back("always_apply");
    const Params params(config, step.where);
    params.rejectUnknown(accepted);

    switch (step.kind) {
    case Kind::Resize:
    case Kind::RandomCrop:
    case Kind::CenterCrop:
        step.height = params.integer("height", std::nullopt, 1, kMaxSide);
        step.width = params.integer("width", std::nullopt, 1, kMaxSide);
        if (step.kind == Kind::Resize)
            step.interpolation = params.integer("interpolation", 1, 0, 6);
        break;
    case Kind::LongestMaxSize:
    case Kind::SmallestMaxSize:
        step.maxSize = params.integer("max_size", kDefaultStepSide, 1, kMaxSide);
        step.interpolation = params.integer("interpolation", 1, 0, 6);
        break;
    case Kind::PadIfNeeded: {
        for (const std::string axis : {"height", "width"}) {
            const std::string minName = "min_" + axis, divisorName = "pad_" + axis + "_divisor";
            int &minimum = axis == "height" ? step.height : step.width;
            int &divisor = axis == "height" ? step.heightDivisor : step.widthDivisor;
            if (params.has(divisorName)) {
                if (params.has(minName))
                    throw std::invalid_argument(step.where + ": give either " + minName + " or " + divisorName
                                                + ", not both");
                divisor = params.integer(divisorName, std::nullopt, 1, kMaxSide);
            } else {
                minimum = params.integer(minName, kDefaultStepSide, 1, kMaxSide);
            }
        }
        step.borderMode = params.integer("border_mode", 4, 0, 4);
        if (params.has("mask_value"))
            step.maskValue = params.integer("mask_value", std::nullopt, 0, 255);
        std::vector<double> value = config.value;
        if (params.has("value"))
            value.assign(1, params.number("value", std::nullopt));
        if (value.size() == 1)
            step.value = cv::Scalar::all(value[0]);
        else if (value.size() == 3 || value.size() == 4)
            step.value = cv::Scalar(value[0], value[1], value[2]);
        else if (!value.empty())
            throw std::invalid_argument(step.where + ": value must be one number or [r, g, b], got "
                                        + std::to_string(value.size()) + " numbers");
        break;
    }
    }
    step.p = params.number("p", 1.0);
    if (step.p < 0.0 || step.p > 1.0)
        throw std::invalid_argument(step.where + ": p must be between 0 and 1, got " + Params::format(step.p));
    if (params.number("always_apply", 0.0) != 0.0)
        step.p = 1.0;
    return step;
}

void Preprocessor::apply(Sample &sample, std::mt19937_64 &rng) const
{
    if (sample.image.empty())
        throw std::runtime_error("preprocessing an empty image");
    for (const Step &step : m_steps) {
        if (step.p < 1.0 && uniformUnit(rng) >= step.p)
            continue;
        applyStep(step, sample, rng);
    }
}

cv::Size Preprocessor::stepOutput(const Step &step, cv::Size input, int *padRowsOut, int *padColsOut)
{
    const int rows = input.height, cols = input.width;
    switch (step.kind) {
    case Kind::Resize:
        return {step.width, step.height};
    case Kind::LongestMaxSize:
    case Kind::SmallestMaxSize: {
        const int side = step.kind == Kind::LongestMaxSize ? std::max(rows, cols) : std::min(rows, cols);
        const double scale = double(step.maxSize) / double(side);
        if (scale == 1.0)
            return input;
        return {roundHalfEven(cols * scale), roundHalfEven(rows * scale)};
    }
    case Kind::PadIfNeeded: {
        int padRows = 0, padCols = 0;
        if (step.height > 0)
            padRows = std::max(0, step.height - rows);
        else if (rows % step.heightDivisor != 0)
            padRows = step.heightDivisor - rows % step.heightDivisor;
        if (step.width > 0)
            padCols = std::max(0, step.width - cols);
        else if (cols % step.widthDivisor != 0)
            padCols = step.widthDivisor - cols % step.widthDivisor;
        if (padRowsOut)
            *padRowsOut = padRows;
        if (padColsOut)
            *padColsOut = padCols;
        return {cols + padCols, rows + padRows};
    }
    case Kind::RandomCrop:
    case Kind::CenterCrop:
        if (step.height > rows || step.width > cols)
            throw std::runtime_error(step.where + ": the crop " + sizeText(step.height, step.width)
                                     + " is larger than the image " + sizeText(rows, cols)
                                     + "; add PadIfNeeded or Resize before it, or crop less");
        return {step.width, step.height};
    }
    return input;
}

std::vector<cv::Size> Preprocessor::outputSizes(cv::Size input) const
{
    std::vector<cv::Size> sizes{input};
    for (const Step &step : m_steps) {
        std::vector<cv::Size> next;
        for (const cv::Size &size : sizes) {
            const cv::Size out = stepOutput(step, size);
            for (const cv::Size &candidate : step.p < 1.0 ? std::vector<cv::Size>{size, out} : std::vector<cv::Size>{out}) {
                if (std::find(next.begin(), next.end(), candidate) == next.end())
                    next.push_back(candidate);
            }
        }
        sizes = std::move(next);
    }
    return sizes;
}

void Preprocessor::applyStep(const Step &step, Sample &sample, std::mt19937_64 &rng)
{
    const int rows = sample.image.rows, cols = sample.image.cols;
    int padRows = 0, padCols = 0;
    const cv::Size out = stepOutput(step, sample.image.size(), &padRows, &padCols);
    // What no decoder would accept, a step may not make (SmallestMaxSize 65536 of a thin image).
    if (std::int64_t(out.width) * out.height > kMaxImagePixels)
        throw std::runtime_error(step.where + ": the image would become " + sizeText(out.height, out.width)
                                 + ", more than the " + std::to_string(kMaxImagePixels)
                                 + " pixels an image may have");
    switch (step.kind) {
    case Kind::Resize:
    case Kind::LongestMaxSize:
    case Kind::SmallestMaxSize:
        resizeSample(sample, out.height, out.width, step.interpolation);
        break;
    case Kind::PadIfNeeded: {
        // Albumentations' centred padding: the odd pixel goes to the bottom / right.
        if (padRows == 0 && padCols == 0)
            break;
        const int top = padRows / 2, bottom = padRows - top, left = padCols / 2, right = padCols - left;
        cv::copyMakeBorder(sample.image, sample.image, top, bottom, left, right, step.borderMode, step.value);
        if (!sample.mask.empty()) {
            const int maskFill = step.maskValue.value_or(kPaddedMaskValue);
            cv::copyMakeBorder(sample.mask, sample.mask, top, bottom, left, right, step.borderMode,
                               cv::Scalar::all(maskFill));
        }
        break;
    }
    case Kind::RandomCrop:
    case Kind::CenterCrop: {
        int y = 0, x = 0;
        if (step.kind == Kind::RandomCrop) {
            y = static_cast<int>(uniformBelow(rng, std::uint64_t(rows - step.height + 1)));
            x = static_cast<int>(uniformBelow(rng, std::uint64_t(cols - step.width + 1)));
        } else {
            y = (rows - step.height) / 2;
            x = (cols - step.width) / 2;
        }
        const cv::Rect box(x, y, step.width, step.height);
        sample.image = sample.image(box).clone();
        if (!sample.mask.empty())
            sample.mask = sample.mask(box).clone();
        break;
    }
    }
}

} // namespace augstudio
