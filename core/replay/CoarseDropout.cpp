// CoarseDropout in its three saved forms (paths below are in albumentations-team/albumentations
// at the tag named):
//
// - max_holes, max_height, ..., fill_value (0.5 to 1.4.4): 1.3.1's rules; a hole larger than
//   the image fails.
// - num_holes_range, hole_height_range, hole_width_range, with fill_value / mask_fill_value
//   (1.4.5 to 1.4.21) or fill / fill_mask (1.4.22 to 1.4.24): pixels when the first height is
//   an integer, fractions of the side when it is a float; pixel holes capped at the side.
// - the same ranges in 2.x: pixels when the largest height is at least 1.
//
// Covers the mask only with a mask fill value.

#include "replay/RectangleFill.h"
#include "replay/ReplayTransform.h"

#include <cmath>
#include <optional>
#include <vector>

namespace augstudio {

namespace {

using nlohmann::json;

cv::Scalar fillScalar(const std::vector<double> &values)
{
    if (values.size() == 1)
        return cv::Scalar::all(values[0]);
    return cv::Scalar(values[0], values.size() > 1 ? values[1] : 0.0, values.size() > 2 ? values[2] : 0.0,
                      values.size() > 3 ? values[3] : 0.0);
}

// How a [low, high] hole size is read.
enum class SizeRule {
    FirstIsFloat, // 1.4.5 to 1.4.24: isinstance(height_range[0], int) → pixels (1.4.24 coarse_dropout.py:198)
    HighBelowOne, // 2.x: height_range[1] >= 1 → pixels (2.0.8 coarse_dropout.py:145)
};

class CoarseDropout : public ReplayTransform
{
public:
    explicit CoarseDropout(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
        if (params.isV2()) {
            readRanges(params, SizeRule::HighBelowOne);
            readFill(params, "fill", "fill_mask");
            return;
        }
        const bool ranges = params.has("num_holes_range") || params.has("hole_height_range")
                            || params.has("hole_width_range");
        bool oldNames = false;
        for (const char *key : {"max_holes", "min_holes", "max_height", "min_height", "max_width", "min_width"})
            oldNames = oldNames || params.has(key);
        if (ranges && oldNames)
            params.fail("give num_holes_range, hole_height_range and hole_width_range, or max_holes, max_height, "
                        "max_width and their minimums, not both");
        // The ranges arrived in 1.4.5 (1.4.5 coarse_dropout.py:242-249); 1.4.4 refuses them.
        if (ranges && params.release() != 0 && params.release() < 10405)
            params.fail("num_holes_range, hole_height_range and hole_width_range are arguments of Albumentations "
                        "1.4.5 and later; this file's __version__ is older (it has max_holes, max_height, ...)");
        // From 1.4.5 on, the defaults are the ranges' (1 hole of 8x8 pixels), not 8 holes.
        if (ranges || (!oldNames && params.release() >= 10405)) {
            readRanges(params, SizeRule::FirstIsFloat);
            readFill14(params);
            return;
        }
        readLimits(params);
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const int height = target.image.rows, width = target.image.cols;
        const int holes = randomInt(context.rng, m_minHoles, m_maxHoles);
        std::vector<cv::Rect> drawn;
        drawn.reserve(std::size_t(holes));
        for (int n = 0; n < holes; ++n) {
            int holeHeight = 0, holeWidth = 0;
            if (m_fractions) {
                holeHeight = static_cast<int>(height * uniformBetween(context.rng, m_minHeight, m_maxHeight));
                holeWidth = static_cast<int>(width * uniformBetween(context.rng, m_minWidth, m_maxWidth));
            } else {
                // From 1.4.5 (and in 2.x) the largest hole is the image's side; 1.3.1 fails below.
                holeHeight = pixelSize(context, m_minHeight, m_maxHeight, height, "height");
                holeWidth = pixelSize(context, m_minWidth, m_maxWidth, width, "width");
            }
            if (holeHeight > height || holeWidth > width)
                fail(context, "a hole of " + std::to_string(holeHeight) + "x" + std::to_string(holeWidth)
                                  + " (HxW) does not fit the " + std::to_string(height) + "x" + std::to_string(width)
                                  + " image");
            // Top-left corner uniform over every position where the hole fits.
            const int y = randomInt(context.rng, 0, height - holeHeight);
            const int x = randomInt(context.rng, 0, width - holeWidth);
            drawn.emplace_back(x, y, holeWidth, holeHeight);
        }
        // One fill value for every hole: their union is what changes.
        fillRectangles(target.image, drawn, m_fill);
        if (m_maskFill && !target.mask.empty())
            fillRectangles(target.mask, drawn, *m_maskFill);
    }

private:
    int pixelSize(ReplayContext &context, double low, double high, int side, const char *what) const
    {
        // integers(int(low), int(min(high, side) + 1)): numpy refuses low >= high.
        const int lowest = static_cast<int>(low);
        const int highest = static_cast<int>(m_capToImage ? std::min(high, double(side)) : high);
        if (lowest > highest)
            fail(context, std::string("holes of at least ") + std::to_string(lowest) + " pixels do not fit the image's "
                              + what + " of " + std::to_string(side) + " (Albumentations raises ValueError)");
        return randomInt(context.rng, lowest, highest);
    }

    // A [low, high] list as the file holds it; `integer` tells whether low is a JSON integer.
    static std::pair<double, double> pairOf(TransformParams &params, const std::string &key,
                                            std::pair<double, double> fallback, bool *integer = nullptr)
    {
        if (integer)
            *integer = true; // the defaults (8, 8) are ints
        if (!params.has(key))
            return fallback;
        const json &value = params.raw(key);
        if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number()
            || !std::isfinite(value[0].get<double>()) || !std::isfinite(value[1].get<double>()))
            params.failKey(key, "expected a list of two numbers [low, high]");
        if (integer)
            *integer = value[0].is_number_integer();
        return {value[0].get<double>(), value[1].get<double>()};
    }

    void readRanges(TransformParams &params, SizeRule rule)
    {
        const bool v2 = rule == SizeRule::HighBelowOne;
        // 1.4.x's __init__ defaults: one 8x8 hole (1.4.24 coarse_dropout.py:175-177); 2.0.8's
        // 1 to 2 holes of 10 to 20 % of the side.
        const auto holes = pairOf(params, "num_holes_range", v2 ? std::make_pair(1.0, 2.0) : std::make_pair(1.0, 1.0));
        bool integerHeight = true;
        const auto fallback = v2 ? std::make_pair(0.1, 0.2) : std::make_pair(8.0, 8.0);
        const auto height = pairOf(params, "hole_height_range", fallback, &integerHeight);
        const auto width = pairOf(params, "hole_width_range", fallback);
        if (!(1 <= holes.first && holes.first <= holes.second && holes.second <= (1 << 20))
            || holes.first != std::floor(holes.first) || holes.second != std::floor(holes.second))
            params.failKey("num_holes_range", "expected [low, high] integers with 1 <= low <= high");
        for (const auto &[key, range] : {std::make_pair("hole_height_range", height), std::make_pair("hole_width_range", width)}) {
            if (!(0 <= range.first && range.first <= range.second && range.second <= (1 << 20)))
                params.failKey(key, "expected [low, high] with 0 <= low <= high");
            // 1.4.23 and 1.4.24 validate both ranges as >= 1 (1.4.24 coarse_dropout.py:103-115), so
            // fractions no longer load there.
            if (!v2 && params.release() >= 10423 && range.first < 1)
                params.failKey(key, "Albumentations 1.4.23 and 1.4.24 refuse sizes below 1 (all values must be >= 1)");
        }
        m_minHoles = int(holes.first);
        m_maxHoles = int(holes.second);
        m_fractions = v2 ? height.second < 1.0 : !integerHeight;
        // 1.4.x: fractions lie in [0, 1] (validate_range, 1.4.24 coarse_dropout.py:126-133).
        if (!v2 && m_fractions && height.second > 1.0)
            params.failKey("hole_height_range", "fractions of the side must lie in [0, 1]");
        if (!v2 && params.has("hole_width_range") && params.raw("hole_width_range")[0].is_number_float()
            && width.second > 1.0)
            params.failKey("hole_width_range", "fractions of the side must lie in [0, 1]");
        m_capToImage = true;
        m_minHeight = height.first;
        m_maxHeight = height.second;
        m_minWidth = width.first;
        m_maxWidth = width.second;
    }

    void readFill(TransformParams &params, const char *fillKey, const char *maskKey)
    {
        // "random", "random_uniform" and the inpainting methods need Albumentations' own generators.
        if (params.has(fillKey) && params.raw(fillKey).is_string())
            params.failKey(fillKey, "only numbers are supported, got " + params.raw(fillKey).dump());
        m_fill = fillScalar(params.numbers(fillKey, {0.0}));
        if (params.has(maskKey))
            m_maskFill = fillScalar(params.numbers(maskKey, {}));
    }

    // 1.4.5 to 1.4.21 save fill_value and mask_fill_value; 1.4.22 to 1.4.24 fill and fill_mask
    // (1.4.22 dropout/transforms.py BaseDropout, get_transform_init_args_names), and drop an
    // old name with "Argument 'fill_value' is not valid and will be ignored" (1.4.24
    // core/validation.py:35-43: the InitSchema has no such field).
    void readFill14(TransformParams &params)
    {
        const bool newNames =
            params.release() >= 10422 || (params.release() == 0 && (params.has("fill") || params.has("fill_mask")));
        if (!newNames) {
            readFill(params, "fill_value", "mask_fill_value");
            return;
        }
        readFill(params, "fill", "fill_mask");
        const std::pair<const char *, const char *> renamed[] = {{"fill_value", "fill"}, {"mask_fill_value", "fill_mask"}};
        for (const auto &[old, current] : renamed) {
            if (!params.has(old))
                continue;
            const json effective = params.has(current) ? params.raw(current) : json(old == std::string("fill_value") ? json(0) : json());
            if (params.raw(old) != effective)
                params.failKey(old, "Albumentations 1.4.22 to 1.4.24 ignore " + std::string(old) + " (they read "
                                        + current + ", here " + effective.dump() + "); give " + current
                                        + " or a __version__ before 1.4.22");
        }
    }

    // 0.5 to 1.4.4 (1.3.1 coarse_dropout.py): a missing minimum is the maximum; sizes are all
    // integers (pixels) or all floats in [0, 1) (fractions of the side).
    void readLimits(TransformParams &params)
    {
        m_maxHoles = params.integer("max_holes", 8, 0, 1 << 20);
        m_minHoles = params.has("min_holes") ? params.integer("min_holes", 0, 0, 1 << 20) : m_maxHoles;
        if (!(0 < m_minHoles && m_minHoles <= m_maxHoles))
            params.fail("needs 0 < min_holes <= max_holes, got " + std::to_string(m_minHoles) + " and "
                        + std::to_string(m_maxHoles));
        int given = 0, fractions = 0;
        for (const char *key : {"max_height", "max_width", "min_height", "min_width"}) {
            if (params.has(key)) {
                ++given;
                fractions += params.raw(key).is_number_float() ? 1 : 0;
            }
        }
        if (fractions != 0 && fractions != given)
            params.fail("max_height, max_width, min_height and min_width must all be integers or all fractions");
        m_fractions = fractions > 0;
        readSide(params, "height", m_minHeight, m_maxHeight);
        readSide(params, "width", m_minWidth, m_maxWidth);
        readFill(params, "fill_value", "mask_fill_value");
    }

    void readSide(TransformParams &params, const std::string &side, double &minimum, double &maximum)
    {
        const std::string maxKey = "max_" + side, minKey = "min_" + side;
        maximum = m_fractions ? params.number(maxKey, 8.0) : params.integer(maxKey, 8, 0, 1 << 20);
        minimum = params.has(minKey) ? (m_fractions ? params.number(minKey, 0.0) : params.integer(minKey, 0, 0, 1 << 20))
                                     : maximum;
        if (m_fractions && (minimum < 0.0 || maximum >= 1.0))
            params.fail(minKey + " and " + maxKey + " as fractions must lie in [0, 1)");
        if (!(0 < minimum && minimum <= maximum))
            params.fail("needs 0 < " + minKey + " <= " + maxKey);
    }

    int m_minHoles = 8, m_maxHoles = 8;
    bool m_fractions = false;
    bool m_capToImage = false;
    double m_minHeight = 8, m_maxHeight = 8, m_minWidth = 8, m_maxWidth = 8;
    cv::Scalar m_fill;
    std::optional<cv::Scalar> m_maskFill; // None: masks are left as they are
};

} // namespace

TransformPtr makeCoarseDropout(TransformParams &params)
{
    return std::make_unique<CoarseDropout>(params);
}

} // namespace augstudio
