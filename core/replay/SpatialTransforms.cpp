// Transforms that move or cover pixels: HorizontalFlip, VerticalFlip, ShiftScaleRotate and
// Affine (move masks too), and CoarseDropout (covers masks only with a mask fill value).

#include "replay/ReplayTransform.h"

#include <opencv2/imgproc.hpp>

#include <cmath>
#include <optional>

namespace augstudio {

namespace {

class Flip : public ReplayTransform
{
public:
    Flip(TransformParams &params, int flipCode)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          m_flipCode(flipCode)
    {
    }

protected:
    void run(ReplayTarget &target, ReplayContext &) const override
    {
        cv::flip(target.image, target.image, m_flipCode);
        if (!target.mask.empty())
            cv::flip(target.mask, target.mask, m_flipCode);
    }

private:
    int m_flipCode; // 1 = around the vertical axis (left-right), 0 = top-bottom
};

cv::Scalar scalarOf(const std::vector<double> &values)
{
    if (values.size() == 1)
        return cv::Scalar::all(values[0]);
    return cv::Scalar(values[0], values.size() > 1 ? values[1] : 0.0, values.size() > 2 ? values[2] : 0.0,
                      values.size() > 3 ? values[3] : 0.0);
}

// One drawn geometry: the forward matrix cv::warpAffine applies.
cv::Mat affineMatrix(int height, int width, double angle, double scaleX, double scaleY, double shearX, double shearY,
                     double dx, double dy)
{
    // About the centre of the pixel grid; positive angles turn counter-clockwise as the
    // image is shown (cv2.getRotationMatrix2D's sign); scale before rotation, then shear,
    // then the translation in pixels.
    const double cx = width / 2.0 - 0.5, cy = height / 2.0 - 0.5;
    const double radians = angle * CV_PI / 180.0;
    const cv::Matx33d centre(1, 0, cx, 0, 1, cy, 0, 0, 1), toOrigin(1, 0, -cx, 0, 1, -cy, 0, 0, 1);
    const cv::Matx33d scale(scaleX, 0, 0, 0, scaleY, 0, 0, 0, 1);
    const cv::Matx33d rotate(std::cos(radians), std::sin(radians), 0, -std::sin(radians), std::cos(radians), 0, 0, 0, 1);
    const cv::Matx33d shear(1, std::tan(shearX * CV_PI / 180.0), 0, std::tan(shearY * CV_PI / 180.0), 1, 0, 0, 0, 1);
    const cv::Matx33d translate(1, 0, dx, 0, 1, dy, 0, 0, 1);
    const cv::Matx33d m = centre * translate * shear * rotate * scale * toOrigin;
    return (cv::Mat_<double>(2, 3) << m(0, 0), m(0, 1), m(0, 2), m(1, 0), m(1, 1), m(1, 2));
}

// ShiftScaleRotate (1.x and 2.x) and Affine (2.x): one warp of the image and the mask.
class AffineWarp : public ReplayTransform
{
public:
    explicit AffineWarp(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          m_v2(params.isV2())
    {
        if (params.name() == "Affine")
            readAffine(params);
        else
            readShiftScaleRotate(params);
        m_interpolation = params.integer("interpolation", cv::INTER_LINEAR, 0, 4);
        m_maskInterpolation = params.integer("mask_interpolation", cv::INTER_NEAREST, 0, 4);
        // 1.x reflects by default; 2.x fills with a constant.
        m_borderMode = params.integer("border_mode", m_v2 ? cv::BORDER_CONSTANT : cv::BORDER_REFLECT_101, 0, 4);
        // 1.x's value / mask_value are 2.x's fill / fill_mask.
        for (const char *key : m_v2 ? std::vector<const char *>{"fill"} : std::vector<const char *>{"value", "fill"})
            if (params.has(key))
                m_value = scalarOf(params.numbers(key, {}));
        for (const char *key : m_v2 ? std::vector<const char *>{"fill_mask"}
                                    : std::vector<const char *>{"mask_value", "fill_mask"})
            if (params.has(key))
                m_maskValue = scalarOf(params.numbers(key, {}));
        // How bounding boxes are rotated: nothing to do for images and masks.
        params.accept({"rotate_method"});
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const int height = target.image.rows, width = target.image.cols;
        cv::Mat matrix;
        if (m_v2) {
            // 2.0.8's draw order: translation, shear, scale, rotation. It moves whole
            // pixels: int(fraction · side), truncated toward zero.
            auto shift = [&](std::pair<double, double> range, int side) {
                if (m_pixels)
                    return double(randomInt(context.rng, int(range.first), int(range.second)));
                return std::trunc(uniformBetween(context.rng, range.first, range.second) * side);
            };
            const double dx = shift(m_shiftX, width);
            const double dy = shift(m_shiftY, height);
            const double shearX = -uniformBetween(context.rng, m_shearX.first, m_shearX.second);
            const double shearY = -uniformBetween(context.rng, m_shearY.first, m_shearY.second);
            const double scaleX = uniformBetween(context.rng, m_scaleX.first, m_scaleX.second);
            const double scaleY = m_keepRatio ? scaleX : uniformBetween(context.rng, m_scaleY.first, m_scaleY.second);
            const double angle = uniformBetween(context.rng, m_rotate.first, m_rotate.second);
            matrix = affineMatrix(height, width, angle, scaleX, scaleY, shearX, shearY, dx, dy);
        } else {
            // 1.x: angle, scale, dx, dy; the shift in fractions of width and height.
            const double angle = uniformBetween(context.rng, m_rotate.first, m_rotate.second);
            const double scale = uniformBetween(context.rng, m_scaleX.first, m_scaleX.second);
            const double dx = uniformBetween(context.rng, m_shiftX.first, m_shiftX.second);
            const double dy = uniformBetween(context.rng, m_shiftY.first, m_shiftY.second);
            const cv::Point2f centre(width / 2.0f - 0.5f, height / 2.0f - 0.5f);
            matrix = cv::getRotationMatrix2D(centre, angle, scale);
            matrix.at<double>(0, 2) += dx * width;
            matrix.at<double>(1, 2) += dy * height;
        }
        cv::Mat image;
        cv::warpAffine(target.image, image, matrix, target.image.size(), m_interpolation, m_borderMode, m_value);
        target.image = image;
        if (!target.mask.empty()) {
            cv::Mat mask;
            cv::warpAffine(target.mask, mask, matrix, target.mask.size(), m_maskInterpolation, m_borderMode,
                           m_maskValue);
            target.mask = mask;
        }
    }

private:
    void readShiftScaleRotate(TransformParams &params)
    {
        const auto shift = params.range("shift_limit", 0.0625);
        m_shiftX = params.has("shift_limit_x") ? params.range("shift_limit_x", 0.0) : shift;
        m_shiftY = params.has("shift_limit_y") ? params.range("shift_limit_y", 0.0) : shift;
        // Saved as the limit; the scale applied is 1 + limit. 2.x draws it per axis.
        m_scaleX = params.range("scale_limit", 0.1);
        m_scaleX = {m_scaleX.first + 1.0, m_scaleX.second + 1.0};
        m_scaleY = m_scaleX;
        m_keepRatio = !m_v2;
        m_rotate = params.range("rotate_limit", 45.0);
    }

    // Affine's arguments: a number (fixed), a range, or {"x": ..., "y": ...}.
    std::pair<double, double> axis(TransformParams &params, const std::string &key, const char *name,
                                   std::pair<double, double> fallback)
    {
        if (!params.has(key))
            return fallback;
        const nlohmann::json &value = params.raw(key);
        const nlohmann::json *part = &value;
        if (value.is_object()) {
            for (auto it = value.begin(); it != value.end(); ++it)
                if (it.key() != "x" && it.key() != "y")
                    params.failKey(key, "expected the axes \"x\" and \"y\", got \"" + it.key() + "\"");
            if (!value.contains(name))
                return fallback;
            part = &value[name];
        }
        if (part->is_number() && std::isfinite(part->get<double>()))
            return {part->get<double>(), part->get<double>()};
        if (part->is_array() && part->size() == 2 && (*part)[0].is_number() && (*part)[1].is_number()
            && std::isfinite((*part)[0].get<double>()) && std::isfinite((*part)[1].get<double>()))
            return {(*part)[0].get<double>(), (*part)[1].get<double>()};
        params.failKey(key, "expected a number, a list of two numbers or {\"x\": ..., \"y\": ...}");
    }

    void readAffine(TransformParams &params)
    {
        if (!m_v2)
            params.fail("Affine is read with Albumentations 2.x's arguments only (this file's __version__ is 1.x)");
        m_scaleX = axis(params, "scale", "x", {1.0, 1.0});
        m_scaleY = axis(params, "scale", "y", {1.0, 1.0});
        if (params.has("translate_percent") && params.has("translate_px"))
            params.fail("give translate_percent or translate_px, not both");
        m_pixels = params.has("translate_px");
        const std::string translate = m_pixels ? "translate_px" : "translate_percent";
        m_shiftX = axis(params, translate, "x", {0.0, 0.0});
        m_shiftY = axis(params, translate, "y", {0.0, 0.0});
        m_shearX = axis(params, "shear", "x", {0.0, 0.0});
        m_shearY = axis(params, "shear", "y", {0.0, 0.0});
        m_rotate = axis(params, "rotate", "x", {0.0, 0.0});
        m_keepRatio = params.boolean("keep_ratio", false);
        if (params.boolean("fit_output", false))
            params.failKey("fit_output", "changing the output size is not supported");
        if (params.boolean("balanced_scale", false))
            params.failKey("balanced_scale", "is not supported");
    }

    bool m_v2 = false;
    bool m_pixels = false;    // Affine's translate_px
    bool m_keepRatio = true;  // one scale for both axes
    std::pair<double, double> m_shiftX, m_shiftY, m_scaleX, m_scaleY, m_rotate;
    std::pair<double, double> m_shearX{0, 0}, m_shearY{0, 0};
    int m_interpolation = cv::INTER_LINEAR;
    int m_maskInterpolation = cv::INTER_NEAREST;
    int m_borderMode = cv::BORDER_REFLECT_101;
    cv::Scalar m_value;     // None = 0
    cv::Scalar m_maskValue;
};

class CoarseDropout : public ReplayTransform
{
public:
    explicit CoarseDropout(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
        m_v2 = params.isV2();
        if (m_v2) {
            readRanges(params);
            return;
        }
        m_maxHoles = params.integer("max_holes", 8, 0, 1 << 20);
        m_minHoles = params.has("min_holes") ? params.integer("min_holes", 0, 0, 1 << 20) : m_maxHoles;
        if (!(0 < m_minHoles && m_minHoles <= m_maxHoles))
            params.fail("needs 0 < min_holes <= max_holes, got " + std::to_string(m_minHoles) + " and "
                        + std::to_string(m_maxHoles));
        // Sizes are all integers (pixels) or all floats in [0, 1) (fractions of the side).
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
        m_fill = scalarOf(params.numbers("fill_value", {0.0}));
        if (params.has("mask_fill_value"))
            m_maskFill = scalarOf(params.numbers("mask_fill_value", {}));
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const int height = target.image.rows, width = target.image.cols;
        const int holes = randomInt(context.rng, m_minHoles, m_maxHoles);
        for (int n = 0; n < holes; ++n) {
            int holeHeight = 0, holeWidth = 0;
            if (m_fractions) {
                holeHeight = static_cast<int>(height * uniformBetween(context.rng, m_minHeight, m_maxHeight));
                holeWidth = static_cast<int>(width * uniformBetween(context.rng, m_minWidth, m_maxWidth));
            } else {
                // 2.x caps the largest hole at the image's side; 1.x fails below.
                const int maxHeight = static_cast<int>(m_maxHeight), maxWidth = static_cast<int>(m_maxWidth);
                holeHeight = randomInt(context.rng, static_cast<int>(m_minHeight), m_v2 ? std::min(maxHeight, height) : maxHeight);
                holeWidth = randomInt(context.rng, static_cast<int>(m_minWidth), m_v2 ? std::min(maxWidth, width) : maxWidth);
            }
            if (holeHeight > height || holeWidth > width)
                fail(context, "a hole of " + std::to_string(holeHeight) + "x" + std::to_string(holeWidth)
                                  + " (HxW) does not fit the " + std::to_string(height) + "x" + std::to_string(width)
                                  + " image");
            // Top-left corner uniform over every position where the hole fits.
            const int y = randomInt(context.rng, 0, height - holeHeight);
            const int x = randomInt(context.rng, 0, width - holeWidth);
            const cv::Rect hole(x, y, holeWidth, holeHeight);
            target.image(hole).setTo(m_fill);
            if (m_maskFill && !target.mask.empty())
                target.mask(hole).setTo(*m_maskFill);
        }
    }

private:
    // 2.x: num_holes_range, hole_height_range, hole_width_range (pixels when the largest
    // height is at least 1, else fractions of the side, for both sides), fill, fill_mask.
    void readRanges(TransformParams &params)
    {
        const auto holes = params.has("num_holes_range") ? params.range("num_holes_range", 0) : std::make_pair(1.0, 2.0);
        const auto height = params.has("hole_height_range") ? params.range("hole_height_range", 0)
                                                            : std::make_pair(0.1, 0.2);
        const auto width = params.has("hole_width_range") ? params.range("hole_width_range", 0)
                                                          : std::make_pair(0.1, 0.2);
        if (!(1 <= holes.first && holes.first <= holes.second && holes.second <= (1 << 20))
            || holes.first != std::floor(holes.first) || holes.second != std::floor(holes.second))
            params.failKey("num_holes_range", "expected [low, high] integers with 1 <= low <= high");
        for (const auto &[key, range] : {std::make_pair("hole_height_range", height), std::make_pair("hole_width_range", width)})
            if (!(0 <= range.first && range.first <= range.second && range.second <= (1 << 20)))
                params.failKey(key, "expected [low, high] with 0 <= low <= high");
        m_minHoles = int(holes.first);
        m_maxHoles = int(holes.second);
        m_fractions = height.second < 1.0;
        m_minHeight = height.first;
        m_maxHeight = height.second;
        m_minWidth = width.first;
        m_maxWidth = width.second;
        if (!m_fractions) {
            m_minHeight = std::floor(m_minHeight);
            m_maxHeight = std::floor(m_maxHeight);
            m_minWidth = std::floor(m_minWidth);
            m_maxWidth = std::floor(m_maxWidth);
        }
        if (params.has("fill") && params.raw("fill").is_string())
            params.failKey("fill", "only numbers are supported");
        m_fill = scalarOf(params.numbers("fill", {0.0}));
        if (params.has("fill_mask"))
            m_maskFill = scalarOf(params.numbers("fill_mask", {}));
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

    bool m_v2 = false;
    int m_minHoles = 8, m_maxHoles = 8;
    bool m_fractions = false;
    double m_minHeight = 8, m_maxHeight = 8, m_minWidth = 8, m_maxWidth = 8;
    cv::Scalar m_fill;
    std::optional<cv::Scalar> m_maskFill; // None: masks are left as they are
};

} // namespace

bool isSpatialTransformName(const std::string &name)
{
    return name == "HorizontalFlip" || name == "VerticalFlip" || name == "ShiftScaleRotate" || name == "Affine"
           || name == "CoarseDropout";
}

TransformPtr makeSpatialTransform(TransformParams &params)
{
    const std::string &name = params.name();
    TransformPtr transform;
    if (name == "HorizontalFlip")
        transform = std::make_unique<Flip>(params, 1);
    else if (name == "VerticalFlip")
        transform = std::make_unique<Flip>(params, 0);
    else if (name == "ShiftScaleRotate" || name == "Affine")
        transform = std::make_unique<AffineWarp>(params);
    else
        transform = std::make_unique<CoarseDropout>(params);
    params.finish();
    return transform;
}

} // namespace augstudio
