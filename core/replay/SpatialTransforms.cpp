// Transforms that move or cover pixels: HorizontalFlip, VerticalFlip, ShiftScaleRotate
// (moves masks too) and CoarseDropout (covers masks only with a mask_fill_value).

#include "replay/ReplayTransform.h"

#include <opencv2/imgproc.hpp>

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

class ShiftScaleRotate : public ReplayTransform
{
public:
    explicit ShiftScaleRotate(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation)
    {
        const auto shift = params.range("shift_limit", 0.0625);
        m_shiftX = params.has("shift_limit_x") ? params.range("shift_limit_x", 0.0) : shift;
        m_shiftY = params.has("shift_limit_y") ? params.range("shift_limit_y", 0.0) : shift;
        // Saved as the limit; the scale applied is 1 + limit.
        m_scale = params.range("scale_limit", 0.1);
        m_scale.first += 1.0;
        m_scale.second += 1.0;
        m_rotate = params.range("rotate_limit", 45.0);
        m_interpolation = params.integer("interpolation", cv::INTER_LINEAR, 0, 4);
        m_maskInterpolation = params.integer("mask_interpolation", cv::INTER_NEAREST, 0, 4);
        m_borderMode = params.integer("border_mode", cv::BORDER_REFLECT_101, 0, 4);
        // Albumentations 1.4 renamed value / mask_value to fill / fill_mask.
        for (const char *key : {"value", "fill"})
            if (params.has(key))
                m_value = scalarOf(params.numbers(key, {}));
        for (const char *key : {"mask_value", "fill_mask"})
            if (params.has(key))
                m_maskValue = scalarOf(params.numbers(key, {}));
        // How bounding boxes are rotated: nothing to do for images and masks.
        params.accept({"rotate_method"});
    }

protected:
    void run(ReplayTarget &target, ReplayContext &context) const override
    {
        const double angle = uniformBetween(context.rng, m_rotate.first, m_rotate.second);
        const double scale = uniformBetween(context.rng, m_scale.first, m_scale.second);
        const double dx = uniformBetween(context.rng, m_shiftX.first, m_shiftX.second);
        const double dy = uniformBetween(context.rng, m_shiftY.first, m_shiftY.second);
        const int height = target.image.rows, width = target.image.cols;
        // Albumentations 1.x: about the centre of the pixel grid; positive angles turn
        // counter-clockwise as the image is shown; shifts in fractions of width / height.
        const cv::Point2f centre(width / 2.0f - 0.5f, height / 2.0f - 0.5f);
        cv::Mat matrix = cv::getRotationMatrix2D(centre, angle, scale);
        matrix.at<double>(0, 2) += dx * width;
        matrix.at<double>(1, 2) += dy * height;
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
    std::pair<double, double> m_shiftX, m_shiftY, m_scale, m_rotate;
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
                holeHeight = randomInt(context.rng, static_cast<int>(m_minHeight), static_cast<int>(m_maxHeight));
                holeWidth = randomInt(context.rng, static_cast<int>(m_minWidth), static_cast<int>(m_maxWidth));
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
    double m_minHeight = 8, m_maxHeight = 8, m_minWidth = 8, m_maxWidth = 8;
    cv::Scalar m_fill;
    std::optional<cv::Scalar> m_maskFill; // None: masks are left as they are
};

} // namespace

bool isSpatialTransformName(const std::string &name)
{
    return name == "HorizontalFlip" || name == "VerticalFlip" || name == "ShiftScaleRotate"
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
    else if (name == "ShiftScaleRotate")
        transform = std::make_unique<ShiftScaleRotate>(params);
    else
        transform = std::make_unique<CoarseDropout>(params);
    params.finish();
    return transform;
}

} // namespace augstudio
