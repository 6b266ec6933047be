// Transforms that move pixels: HorizontalFlip, VerticalFlip, ShiftScaleRotate and Affine
// (move masks too); CoarseDropout, which covers them, is in CoarseDropout.cpp.

#include "replay/ReplayTransform.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

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
// From 1.4.4 ShiftScaleRotate is an Affine with keep_ratio=False (1.4.4
// geometric/transforms.py, class ShiftScaleRotate(Affine)): one scale per axis and Affine's
// draws; from 1.4.22 Affine moves whole pixels (1.4.22 geometric/transforms.py
// _get_translate_params: int(translate["x"] * width)), as 2.x does.
class AffineWarp : public ReplayTransform
{
public:
    explicit AffineWarp(TransformParams &params)
        : ReplayTransform(params.name(), params.path(), params.probability(0.5), params.alwaysApply(),
                          TransformRole::Augmentation),
          m_v2(params.isV2()),
          m_affineDraws(params.since(10404)),
          m_wholePixels(params.since(10422))
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
        if (m_affineDraws) {
            // Affine's draw order (1.4.4 to 2.0.8): translation, shear, scale, rotation. From
            // 1.4.22 it moves whole pixels: int(fraction · side), truncated toward zero.
            auto shift = [&](std::pair<double, double> range, int side) {
                if (m_pixels)
                    return double(randomInt(context.rng, int(range.first), int(range.second)));
                const double pixels = uniformBetween(context.rng, range.first, range.second) * side;
                return m_wholePixels ? std::trunc(pixels) : pixels;
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
            // 1.x before 1.4.4: angle, scale, dx, dy; the shift in fractions of width and height.
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
        // Saved as the limit; the scale applied is 1 + limit. 1.4.4 and later draw it per axis.
        m_scaleX = params.range("scale_limit", 0.1);
        m_scaleX = {m_scaleX.first + 1.0, m_scaleX.second + 1.0};
        m_scaleY = m_scaleX;
        m_keepRatio = !m_affineDraws;
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
    bool m_affineDraws = false; // 1.4.4 or later: Affine's draws
    bool m_wholePixels = false; // 1.4.22 or later: translations truncated to whole pixels
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
        transform = makeCoarseDropout(params);
    params.finish();
    return transform;
}

} // namespace augstudio
