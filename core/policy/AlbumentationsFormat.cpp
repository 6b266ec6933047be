#include "policy/AlbumentationsFormat.h"

#include "policy/AlbumentationsV1.h"
#include "policy/AlbumentationsXNames.h"

#include <algorithm>
#include <cctype>
#include <climits>
#include <cmath>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace augstudio {

using nlohmann::json;

std::string transformShortName(const std::string &classFullName)
{
    const auto dot = classFullName.rfind('.');
    return dot == std::string::npos ? classFullName : classFullName.substr(dot + 1);
}

namespace {

// One transform object being converted: reads the source's keys and remembers which were
// used, so that a key nothing converts is an error rather than silently lost.
class Source
{
public:
    Source(const json &object, std::string path) : m_object(object), m_path(std::move(path)) {}

    const std::string &path() const { return m_path; }
    bool has(const std::string &key) const
    {
        const auto it = m_object.find(key);
        return it != m_object.end() && !it->is_null();
    }
    // A value to look at, left for copyRest to copy; null when absent.
    const json &peek(const std::string &key) const
    {
        static const json null;
        const auto it = m_object.find(key);
        return it == m_object.end() ? null : *it;
    }
    const json &get(const std::string &key)
    {
        m_used.push_back(key);
        static const json null;
        const auto it = m_object.find(key);
        return it == m_object.end() ? null : *it;
    }
    // cv2 flags and counts: written as JSON integers (2.x validates them as int literals).
    long long integer(const std::string &key, long long fallback)
    {
        const json &value = get(key);
        if (value.is_null())
            return fallback;
        if (value.is_number_integer())
            return value.get<long long>();
        // A whole float, e.g. 3.0; one beyond long long's range is no cv2 flag or count.
        const double number = value.is_number() ? value.get<double>() : 0.5;
        if (number != std::floor(number) || std::abs(number) > 9.0e18)
            fail(key, "expected an integer");
        return static_cast<long long>(number);
    }
    double number(const std::string &key, double fallback)
    {
        const json &value = get(key);
        if (value.is_null())
            return fallback;
        if (!value.is_number())
            fail(key, "expected a number");
        return value.get<double>();
    }
    // Albumentations' to_tuple: a number x is (-x, x) (or (x, x) where `symmetric` is false).
    std::pair<double, double> range(const std::string &key, std::pair<double, double> fallback, bool symmetric = true)
    {
        const json &value = get(key);
        if (value.is_null())
            return fallback;
        if (value.is_number())
            return symmetric ? std::make_pair(-value.get<double>(), value.get<double>())
                             : std::make_pair(value.get<double>(), value.get<double>());
        if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number())
            fail(key, "expected a number or a list of two numbers");
        return {value[0].get<double>(), value[1].get<double>()};
    }
    // Copies the keys not used yet, except those listed, which must be absent or hold `expected`.
    void copyRest(json &target, const std::map<std::string, json> &dropIfDefault)
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (it.key() == "__class_fullname__" || std::find(m_used.begin(), m_used.end(), it.key()) != m_used.end())
                continue;
            const auto drop = dropIfDefault.find(it.key());
            if (drop == dropIfDefault.end()) {
                target[it.key()] = *it;
                continue;
            }
            if (!it->is_null() && *it != drop->second)
                fail(it.key(), "has no equivalent in the other Albumentations version (only "
                                   + drop->second.dump() + " converts)");
        }
    }
    [[noreturn]] void fail(const std::string &key, const std::string &message) const
    {
        throw ConversionError(m_path + "." + key + ": " + message);
    }

private:
    const json &m_object;
    std::string m_path;
    std::vector<std::string> m_used;
};

json pairJson(std::pair<double, double> range)
{
    return json::array({range.first, range.second});
}

json axes(std::pair<double, double> x, std::pair<double, double> y)
{
    return json{{"x", pairJson(x)}, {"y", pairJson(y)}};
}

std::pair<double, double> clampRange(std::pair<double, double> range, double low, double high)
{
    return {std::clamp(range.first, low, high), std::clamp(range.second, low, high)};
}

std::pair<double, double> scaled(std::pair<double, double> range, double factor)
{
    return {range.first * factor, range.second * factor};
}

// Where the conversion finds what a transform needs besides its own keys.
struct Context
{
    AlbumentationsTarget target;
    double maxValue = 255.0; // of the input type: pixel-valued limits ↔ fractions
    int imageHeight = 0;
    int imageWidth = 0;
    // The source's __version__ (albumentationsRelease): 1.x files changed names and meanings
    // during 1.4.x, as core/replay reads them.
    int sourceRelease = 0;
    bool sourceSince(int release) const { return sourceRelease >= release; }
    // Where a fixed shift needed the image size and had none (ConversionReport::unsizedShifts).
    std::vector<std::string> *unsizedShifts = nullptr;
    void noteUnsized(const std::string &path, std::pair<double, double> shift) const
    {
        if (unsizedShifts && shift.first == shift.second && shift.first != 0.0)
            unsizedShifts->push_back(path);
    }
};

json newTransform(const std::string &name, const Context &context, double p)
{
    if (context.target == AlbumentationsTarget::V2)
        return json{{"__class_fullname__", name}, {"p", p}};
    return albumentations1::transform(name, p);
}

// --- the transforms that differ between the versions ---

// A fixed shift of `fraction` of `side` pixels as 2.x's Affine will apply it: it moves
// int(fraction·side) pixels, so the fraction is placed in the middle of the whole pixel
// nearest to the intended shift.
double wholePixelFraction(double fraction, int side)
{
    if (side <= 0)
        return fraction;
    const double pixels = std::round(fraction * side);
    return pixels == 0.0 ? 0.0 : (pixels + (pixels > 0 ? 0.5 : -0.5)) / side;
}

// ... and back: the shift 2.x applies for a fixed fraction, as a fraction every 1.x release applies.
double appliedFraction(double fraction, int side)
{
    return side <= 0 ? fraction : albumentations1::wholePixelShift(std::trunc(fraction * side), side);
}

std::pair<double, double> shiftToV2(std::pair<double, double> shift, int side, const Context &context,
                                    const std::string &path)
{
    if (shift.first != shift.second)
        return shift;
    if (side <= 0)
        context.noteUnsized(path, shift);
    const double fixed = wholePixelFraction(shift.first, side);
    return {fixed, fixed};
}

// 1.4.4 and later refuse a shift beyond the whole side; the 2.x exporter writes the whole
// side as (side + 0.5) / side, which is ±1 in 1.x at any size.
std::pair<double, double> shiftToV1(std::pair<double, double> shift, int side, const Context &context,
                                    const std::string &path)
{
    if (shift.first != shift.second)
        return clampRange(shift, -1.0, 1.0);
    if (side <= 0)
        context.noteUnsized(path, shift);
    const double fixed = std::clamp(appliedFraction(shift.first, side), -1.0, 1.0);
    return {fixed, fixed};
}

// ShiftScaleRotate's shift ranges: shift_limit_x / shift_limit_y, each shift_limit where absent
// (1.3.1 and 2.0.8 alike).
std::pair<std::pair<double, double>, std::pair<double, double>> shiftScaleRotateShifts(Source &source)
{
    const auto shift = source.range("shift_limit", {-0.0625, 0.0625});
    const auto shiftX = source.has("shift_limit_x") ? source.range("shift_limit_x", shift) : shift;
    const auto shiftY = source.has("shift_limit_y") ? source.range("shift_limit_y", shift) : shift;
    source.get("shift_limit_x");
    source.get("shift_limit_y");
    return {shiftX, shiftY};
}

json shiftScaleRotateToAffine(Source &source, const Context &context, double p)
{
    json t = newTransform("Affine", context, p);
    const auto [shiftX, shiftY] = shiftScaleRotateShifts(source);
    auto scale = source.range("scale_limit", {-0.1, 0.1});
    scale = {1.0 + scale.first, 1.0 + scale.second};
    const auto rotate = source.range("rotate_limit", {-45.0, 45.0});
    t["balanced_scale"] = false;
    t["border_mode"] = source.integer("border_mode", 4); // 1.x's default is reflect-101, 2.x's constant
    const json &value = source.get("value");
    t["fill"] = value.is_null() ? json(0.0) : value;
    const json &maskValue = source.get("mask_value");
    t["fill_mask"] = maskValue.is_null() ? json(0.0) : maskValue;
    t["fit_output"] = false;
    t["interpolation"] = source.integer("interpolation", 1);
    // 1.x up to 1.4.3 draws one scale for both axes; from 1.4.4 it is an Affine with
    // keep_ratio=False (core/replay's AffineWarp).
    t["keep_ratio"] = !context.sourceSince(10404);
    t["mask_interpolation"] = source.integer("mask_interpolation", 0);
    t["rotate"] = pairJson(rotate);
    t["rotate_method"] = source.has("rotate_method") ? source.get("rotate_method") : json("largest_box");
    source.get("rotate_method");
    t["scale"] = axes(scale, scale);
    t["shear"] = axes({0.0, 0.0}, {0.0, 0.0});
    // From 1.4.22 the source moves whole pixels as 2.x does: nothing to place.
    const bool whole = context.sourceSince(10422);
    t["translate_percent"] = whole ? axes(shiftX, shiftY)
                                   : axes(shiftToV2(shiftX, context.imageWidth, context, source.path() + ".shift_limit_x"),
                                          shiftToV2(shiftY, context.imageHeight, context, source.path() + ".shift_limit_y"));
    // 1.4.22 to 1.4.24 save fill / fill_mask (already 2.x's names) instead of value / mask_value.
    for (const char *key : {"fill", "fill_mask"})
        if (source.has(key))
            t[key] = source.get(key);
    source.copyRest(t, {});
    return t;
}

// One axis of an Affine dict argument: {"x": r, "y": r}, a range or a number.
std::pair<double, double> affineAxis(Source &source, const std::string &key, const char *axis,
                                     std::pair<double, double> fallback)
{
    const json &value = source.get(key);
    if (value.is_null())
        return fallback;
    const json *part = &value;
    if (value.is_object()) {
        const auto it = value.find(axis);
        if (it == value.end())
            return fallback;
        part = &*it;
    }
    if (part->is_number())
        return {part->get<double>(), part->get<double>()};
    if (part->is_array() && part->size() == 2 && (*part)[0].is_number() && (*part)[1].is_number())
        return {(*part)[0].get<double>(), (*part)[1].get<double>()};
    source.fail(key, "expected a number, a list of two numbers or {\"x\": ..., \"y\": ...}");
}

json affineToShiftScaleRotate(Source &source, const Context &context, double p)
{
    json t = newTransform("ShiftScaleRotate", context, p);
    const auto scaleX = affineAxis(source, "scale", "x", {1.0, 1.0});
    const auto scaleY = affineAxis(source, "scale", "y", {1.0, 1.0});
    if (scaleX != scaleY)
        source.fail("scale", "different x and y scales have no ShiftScaleRotate equivalent");
    if (affineAxis(source, "shear", "x", {0, 0}) != std::make_pair(0.0, 0.0)
        || affineAxis(source, "shear", "y", {0, 0}) != std::make_pair(0.0, 0.0))
        source.fail("shear", "a shear has no ShiftScaleRotate equivalent");
    // Albumentations saves an Affine without a shift as translate_px 0: that one converts.
    const std::pair<double, double> none{0, 0};
    if (affineAxis(source, "translate_px", "x", none) != none || affineAxis(source, "translate_px", "y", none) != none)
        source.fail("translate_px", "pixel translations have no ShiftScaleRotate equivalent; use translate_percent");
    // keep_ratio=False (Affine's default) draws the x and y scales apart: the same only for a fixed scale.
    if (const json &keepRatio = source.get("keep_ratio"); keepRatio == false && scaleX.first != scaleX.second)
        source.fail("keep_ratio", "false draws the x and y scales apart, and ShiftScaleRotate one scale for both: "
                                  "set it to true, or give a fixed scale");
    const auto shiftX = affineAxis(source, "translate_percent", "x", {0, 0});
    const auto shiftY = affineAxis(source, "translate_percent", "y", {0, 0});
    const json &rotate = source.get("rotate");
    std::pair<double, double> angle{0, 0};
    if (rotate.is_number())
        angle = {rotate.get<double>(), rotate.get<double>()}; // Affine: a number is the angle itself
    else if (!rotate.is_null())
        angle = source.range("rotate", {0, 0});
    t["shift_limit_x"] = pairJson(shiftToV1(shiftX, context.imageWidth, context, source.path() + ".translate_percent.x"));
    t["shift_limit_y"] = pairJson(shiftToV1(shiftY, context.imageHeight, context, source.path() + ".translate_percent.y"));
    t["scale_limit"] = pairJson({scaleX.first - 1.0, scaleX.second - 1.0});
    t["rotate_limit"] = pairJson(angle);
    t["interpolation"] = source.integer("interpolation", 1);
    t["border_mode"] = source.integer("border_mode", 0); // 2.x's default is constant
    t["value"] = source.has("fill") ? source.get("fill") : json(0.0);
    t["mask_value"] = source.has("fill_mask") ? source.get("fill_mask") : json(0.0);
    source.get("fill");
    source.get("fill_mask");
    source.copyRest(t, {{"fit_output", false}, {"balanced_scale", false}, {"rotate_method", "largest_box"},
                        {"mask_interpolation", 0}});
    return t;
}

// 2.x's ShiftScaleRotate (deprecated; 2.0.8 geometric/transforms.py:1076-1303) as 1.x's: the
// same names but fill / fill_mask (1.x's value / mask_value), and a constant border by default
// (1.x reflects). 2.x saves shift_limit_x / shift_limit_y, and reads shift_limit where they are
// absent (2.0.8 geometric/transforms.py:1202-1213), as 1.x does.
json shiftScaleRotateToV1(Source &source, const Context &context, double p)
{
    json t = newTransform("ShiftScaleRotate", context, p);
    const auto [shiftX, shiftY] = shiftScaleRotateShifts(source);
    const auto scale = source.range("scale_limit", {-0.1, 0.1});
    // 2.x's is an Affine with keep_ratio=False (2.0.8 geometric/transforms.py:1266-1267): it
    // draws the x and y scales apart (_get_scale, :949-987); 1.x (1.3.1) draws one for both.
    if (scale.first != scale.second)
        source.fail("scale_limit", "2.x draws the x and y scales of ShiftScaleRotate apart (keep_ratio=False), 1.x "
                                   "one scale for both: only a fixed scale_limit [s, s] (e.g. [0, 0]) converts");
    t["shift_limit_x"] = pairJson(shiftToV1(shiftX, context.imageWidth, context, source.path() + ".shift_limit_x"));
    t["shift_limit_y"] = pairJson(shiftToV1(shiftY, context.imageHeight, context, source.path() + ".shift_limit_y"));
    t["scale_limit"] = pairJson(scale);
    t["rotate_limit"] = pairJson(source.range("rotate_limit", {-45.0, 45.0}));
    t["interpolation"] = source.integer("interpolation", 1);
    t["border_mode"] = source.integer("border_mode", 0);
    t["value"] = source.has("fill") ? source.get("fill") : json(0.0);
    t["mask_value"] = source.has("fill_mask") ? source.get("fill_mask") : json(0.0);
    source.get("fill");
    source.get("fill_mask");
    t["rotate_method"] = source.has("rotate_method") ? source.get("rotate_method") : json("largest_box");
    source.get("rotate_method");
    // 1.3.1's ShiftScaleRotate warps masks with nearest neighbours only.
    source.copyRest(t, {{"mask_interpolation", 0}});
    return t;
}

// 1.4.5 to 1.4.24 save the ranges themselves; 2.x reads pixels or fractions by another rule.
void coarseDropoutRangesToV2(Source &source, json &t)
{
    // 1.4.x: pixels when the first height is a JSON integer (1.4.24
    // dropout/coarse_dropout.py:198); 2.x: when the largest height is at least 1 (2.0.8
    // dropout/coarse_dropout.py:145). Their defaults differ too: (1, 1) and (8, 8) pixels in
    // 1.4.x (1.4.24 coarse_dropout.py:175-177), (1, 2) and (0.1, 0.2) in 2.0.8.
    const json &height = source.get("hole_height_range");
    const bool pixels = height.is_null() || (height.is_array() && !height.empty() && height[0].is_number_integer());
    const auto heights = source.range("hole_height_range", {8, 8});
    if (!pixels && heights.second >= 1.0)
        source.fail("hole_height_range", "fractions that reach 1 read as pixels in 2.x (it takes pixels when "
                                         "the largest height is at least 1); only fractions below 1 convert");
    t["num_holes_range"] = source.has("num_holes_range") ? source.get("num_holes_range") : json::array({1, 1});
    t["hole_height_range"] = height.is_null() ? json::array({8, 8}) : height;
    t["hole_width_range"] = source.has("hole_width_range") ? source.get("hole_width_range") : json::array({8, 8});
    source.get("num_holes_range");
    source.get("hole_width_range");
}

json coarseDropoutToV2(Source &source, const Context &context, double p)
{
    json t = newTransform("CoarseDropout", context, p);
    const bool ranges = source.has("num_holes_range") || source.has("hole_height_range")
                        || source.has("hole_width_range")
                        || (context.sourceSince(10405) && !source.has("max_holes") && !source.has("max_height")
                            && !source.has("max_width"));
    if (ranges) {
        coarseDropoutRangesToV2(source, t);
    } else {
        // Up to 1.4.4: a missing minimum equals the maximum. Integers are pixels, floats fractions.
        auto range = [&](const std::string &side, long long fallback) {
            const json maximum = source.has("max_" + side) ? source.get("max_" + side) : json(fallback);
            const json minimum = source.has("min_" + side) ? source.get("min_" + side) : maximum;
            source.get("max_" + side);
            source.get("min_" + side);
            return json::array({minimum, maximum});
        };
        t["num_holes_range"] = range("holes", 8);
        t["hole_height_range"] = range("height", 8);
        t["hole_width_range"] = range("width", 8);
    }
    // 1.4.22 to 1.4.24 read fill / fill_mask and ignore fill_value / mask_fill_value, which
    // the replay accepts there only at the value in effect; earlier files have only the old names.
    const bool fillNames = context.sourceSince(10422) || source.has("fill") || source.has("fill_mask");
    const char *fill = fillNames ? "fill" : "fill_value";
    const char *fillMask = fillNames ? "fill_mask" : "mask_fill_value";
    t["fill"] = source.has(fill) ? source.get(fill) : json(0);
    t["fill_mask"] = source.get(fillMask);
    source.get(fill);
    if (fillNames) {
        const std::pair<const char *, const char *> renamed[] = {{"fill_value", "fill"}, {"mask_fill_value", "fill_mask"}};
        for (const auto &[old, current] : renamed)
            if (source.has(old) && source.get(old) != t[current])
                source.fail(old, std::string("Albumentations 1.4.22 to 1.4.24 ignore it (they read ") + current + ")");
        source.get("fill_value");
        source.get("mask_fill_value");
    }
    source.copyRest(t, {});
    return t;
}

json coarseDropoutToV1(Source &source, const Context &context, double p)
{
    json t = newTransform("CoarseDropout", context, p);
    const auto holes = source.range("num_holes_range", {1, 2});
    const auto height = source.range("hole_height_range", {0.1, 0.2});
    const auto width = source.range("hole_width_range", {0.1, 0.2});
    t["min_holes"] = static_cast<long long>(holes.first);
    t["max_holes"] = static_cast<long long>(holes.second);
    // 2.x reads both sides as pixels when the largest height is at least 1; 1.x wants
    // all four integers for pixels and all four floats for fractions.
    const bool pixels = height.second >= 1.0;
    auto side = [&](double value) { return pixels ? json(static_cast<long long>(value)) : json(value); };
    t["min_height"] = side(height.first);
    t["max_height"] = side(height.second);
    t["min_width"] = side(width.first);
    t["max_width"] = side(width.second);
    const json &fill = source.get("fill");
    if (fill.is_string())
        source.fail("fill", "a fill of " + fill.dump() + " has no 1.x equivalent");
    t["fill_value"] = fill.is_null() ? json(0) : fill;
    t["mask_fill_value"] = source.get("fill_mask");
    source.copyRest(t, {});
    return t;
}

json rgbShiftConverted(Source &source, const Context &context, double p)
{
    json t = newTransform("RGBShift", context, p);
    for (const char *key : {"r_shift_limit", "g_shift_limit", "b_shift_limit"}) {
        auto limit = source.range(key, {-20.0, 20.0});
        if (context.target == AlbumentationsTarget::V2 && context.sourceSince(10422)) {
            // 1.4.22 and later read the limits as 2.x does (core/replay's RgbShift).
            t[key] = pairJson(limit);
        } else if (context.target == AlbumentationsTarget::V2) {
            // 2.x: fractions of the maximum value (values beyond ±1 would be read as pixels).
            t[key] = pairJson(clampRange(scaled(limit, 1.0 / context.maxValue), -1.0, 1.0));
        } else {
            const bool pixelValued = std::abs(limit.first) > 1.0 || std::abs(limit.second) > 1.0;
            const std::pair<double, double> written = limit;
            limit = pixelValued ? scaled(limit, context.maxValue / 255.0) : scaled(limit, context.maxValue);
            // 1.4.22 and 2.x move uint8 pixels by trunc(shift · 255) levels, a fraction's in
            // float32 as core/replay's RgbShift does: −180/255 makes −180 there, −179.99… in double.
            if (context.sourceSince(10422) && context.maxValue > 1.0 && limit.first == limit.second) {
                const double levels =
                    pixelValued ? std::trunc(limit.first)
                                : std::trunc(static_cast<float>(written.first) * static_cast<float>(context.maxValue));
                limit = {levels, levels};
            }
            t[key] = pairJson(albumentations1::rgbShiftLimit(limit, context.maxValue));
        }
    }
    source.copyRest(t, {});
    return t;
}

json solarizeConverted(Source &source, const Context &context, double p)
{
    json t = newTransform("Solarize", context, p);
    if (context.target == AlbumentationsTarget::V2) {
        std::pair<double, double> threshold; // as fractions of the largest value
        std::string key = "threshold";
        if (context.sourceSince(10422)) {
            // 1.4.22 to 1.4.24: threshold_range as in 2.x, or the old threshold divided by 255
            // when above 1 (1.4.24 augmentations/transforms.py:2046-2051).
            if (source.has("threshold")) {
                threshold = source.range("threshold", {0.5, 0.5}, false);
                if (threshold.second > 1)
                    threshold = scaled(threshold, 1.0 / 255.0);
                source.get("threshold_range");
            } else {
                key = "threshold_range";
                threshold = source.range(key, {0.5, 0.5}, false);
            }
        } else {
            // 1.x: a number is the threshold itself, in pixel values.
            // 1.x draws uniform(a, b) in either order; 2.x wants [low, high].
            threshold = scaled(source.range("threshold", {128.0, 128.0}, false), 1.0 / context.maxValue);
            if (threshold.first > threshold.second)
                std::swap(threshold.first, threshold.second);
        }
        // 1.x inverts the values at or above the threshold, so one above the largest value
        // inverts nothing; 2.x's threshold_range stops at 1, which inverts the largest value.
        if (threshold.first > 1) {
            json noOp = newTransform("NoOp", context, p);
            source.copyRest(noOp, {});
            return noOp;
        }
        if (threshold.second > 1)
            source.fail(key, "draws thresholds above the largest pixel value, which invert nothing, and 2.x's "
                             "threshold_range (at most 1) cannot: keep it within " + std::string(context.maxValue > 1 ? "0..255" : "0..1"));
        t["threshold_range"] = pairJson(clampRange(threshold, 0.0, 1.0));
    } else {
        const auto threshold = scaled(source.range("threshold_range", {0.5, 0.5}, false), context.maxValue);
        if (albumentations1::solarizeIsInvert(threshold.second, context.maxValue))
            t = newTransform("InvertImg", context, p);
        else
            t["threshold"] = pairJson(albumentations1::solarizeThreshold(threshold, context.maxValue));
    }
    source.copyRest(t, {});
    return t;
}

json padIfNeededConverted(Source &source, const Context &context, double p)
{
    json t = newTransform("PadIfNeeded", context, p);
    const bool toV2 = context.target == AlbumentationsTarget::V2;
    // The defaults differ: 1.x reflects, 2.x fills with a constant.
    t["border_mode"] = source.integer("border_mode", toV2 ? 4 : 0);
    const char *fill = toV2 ? "value" : "fill";
    const char *fillMask = toV2 ? "mask_value" : "fill_mask";
    t[toV2 ? "fill" : "value"] = source.get(fill).is_null() ? json(0) : source.get(fill);
    t[toV2 ? "fill_mask" : "mask_value"] = source.get(fillMask).is_null() ? json(0) : source.get(fillMask);
    source.copyRest(t, {{"position", "center"}});
    return t;
}

// The to_tuple range `value` (a number x is (-x, x)) draws 0 only; absent is the default, not 0.
bool isZeroRange(const json &value)
{
    if (value.is_number())
        return value.get<double>() == 0.0;
    return value.is_array() && value.size() == 2 && value[0].is_number() && value[1].is_number()
           && value[0].get<double>() == 0.0 && value[1].get<double>() == 0.0;
}

// RandomBrightnessContrast(brightness_by_max=false) adds β·α·mean(image) in 1.x to 1.4.8 (1.3.1's
// _brightness_contrast_adjust_uint) and β·mean(image) in 2.x (2.0.8's
// get_params_dependent_on_data), α the contrast factor drawn on every call; core/replay's
// BrightnessContrast does each. No argument of the other version gives the same, except
// where α is always 1 or β always 0.
void checkBrightnessByMean(const Source &source, const Context &context)
{
    // 1.4.9 and later add β·mean(image) as 2.x does (1.4.9 augmentations/functional.py
    // brightness_contrast_adjust).
    if (context.target == AlbumentationsTarget::V2 && context.sourceSince(10409))
        return;
    const json &byMax = source.peek("brightness_by_max");
    if (!byMax.is_boolean() || byMax.get<bool>())
        return;
    if (isZeroRange(source.peek("contrast_limit")) || isZeroRange(source.peek("brightness_limit")))
        return;
    source.fail("brightness_by_max",
                "false has no equivalent in the other Albumentations version: 1.x adds brightness times the "
                "contrast factor times the image's mean, 2.x brightness times the mean (only true converts, or a "
                "contrast_limit or brightness_limit of 0)");
}

// Transforms whose arguments are the same in both versions, less `always_apply` and
// the 2.x additions that 1.x lacks (accepted at their defaults).
json sameArguments(const std::string &name, Source &source, const Context &context, double p)
{
    if (name == "RandomBrightnessContrast")
        checkBrightnessByMean(source, context);
    json t = newTransform(name, context, p);
    std::map<std::string, json> defaults;
    if (context.target == AlbumentationsTarget::V1) {
        defaults = {{"mask_interpolation", 0}, {"area_for_downscale", nullptr}, {"ensure_safe_range", false},
                    {"normalization", "standard"}, {"pad_if_needed", false}, {"pad_position", "center"},
                    {"border_mode", 0}, {"fill", 0.0}, {"fill_mask", 0.0}};
    } else if (name == "RandomBrightnessContrast") {
        t["ensure_safe_range"] = false;
    }
    source.copyRest(t, defaults);
    return t;
}

json convertTransform(const json &object, const std::string &path, const Context &context);

// AlbumentationsX's renamed arguments (AlbumentationsXNames.h), as a ConversionError.
void withArgumentNames(json &root, int release, ArgumentNames names)
{
    try {
        writeArgumentNames(root, release, names);
    } catch (const RenamedArgumentError &error) {
        throw ConversionError(error.what());
    }
}

// BboxParams as 1.x takes them (1.3.1: format, label_fields, min_area, min_visibility,
// min_width, min_height, check_each_transform; Compose passes them as keyword arguments, so
// another key fails the load). 2.x's own keys go where they hold their defaults, which mean
// what 1.x does; a file that clips or filters boxes has no 1.x equivalent.
json bboxParamsFor1x(Source &source)
{
    json params = source.get("bbox_params");
    if (!params.is_object())
        return params;
    const std::pair<const char *, json> defaults[] = {
        {"clip", false}, {"filter_invalid_bboxes", false}, {"max_accept_ratio", nullptr}};
    for (const auto &[key, value] : defaults) {
        const auto found = params.find(key);
        if (found == params.end())
            continue;
        if (*found != value)
            source.fail("bbox_params", std::string(key) + " is " + found->dump()
                                           + ": Albumentations 1.x has no such setting of boxes, so no 1.x file does "
                                             "what this one does");
        params.erase(found);
    }
    return params;
}

json convertComposition(const std::string &name, Source &source, const Context &context, double p)
{
    json t = context.target == AlbumentationsTarget::V2 ? json{{"__class_fullname__", name}, {"p", p}}
                                                        : json{{"__class_fullname__", albumentations1::longClassName(name)}, {"p", p}};
    const json &children = source.get("transforms");
    if (!children.is_array())
        source.fail("transforms", "expected a list of transforms");
    json converted = json::array();
    for (size_t i = 0; i < children.size(); ++i)
        converted.push_back(convertTransform(children[i], source.path() + ".transforms[" + std::to_string(i) + "]",
                                             context));
    t["transforms"] = std::move(converted);
    if (name == "Compose") {
        t["bbox_params"] = context.target == AlbumentationsTarget::V1 ? bboxParamsFor1x(source)
                                                                      : source.get("bbox_params");
        t["keypoint_params"] = source.get("keypoint_params");
        t["additional_targets"] = source.has("additional_targets") ? source.get("additional_targets") : json::object();
        if (context.target == AlbumentationsTarget::V2)
            t["is_check_shapes"] = source.has("is_check_shapes") ? source.get("is_check_shapes") : json(true);
        else
            source.get("is_check_shapes"); // 1.3.1 has it, 0.5 does not: left out
    }
    source.get("telemetry"); // AlbumentationsX's use reports: nothing of the pipeline to convert
    source.copyRest(t, {{"strict", false}, {"seed", nullptr}, {"mask_interpolation", nullptr},
                        {"save_applied_params", false}, {"instance_binding", nullptr},
                        {"semantic_mask_label_mappings", nullptr}, {"strict_instance_invariant", true}});
    return t;
}

json convertTransform(const json &object, const std::string &path, const Context &context)
{
    if (!object.is_object() || !object.contains("__class_fullname__") || !object["__class_fullname__"].is_string())
        throw ConversionError(path + ": expected a transform object with \"__class_fullname__\"");
    const std::string name = transformShortName(object["__class_fullname__"].get<std::string>());
    Source source(object, path);
    const bool toV2 = context.target == AlbumentationsTarget::V2;
    const double defaultP = name == "Compose" || name == "Normalize" || name == "ToTensorV2" || name == "Resize"
                                    || name == "LongestMaxSize" || name == "SmallestMaxSize" || name == "PadIfNeeded"
                                    || name == "RandomCrop" || name == "CenterCrop"
                                ? 1.0
                                : 0.5;
    const double p = source.number("p", defaultP);
    // 2.x has no always_apply; a 1.x file's always_apply only matters on ToTensorV2,
    // which 2.x always applies at p = 1.
    const json &always = source.get("always_apply");
    if (toV2 && always.is_boolean() && always.get<bool>() && name != "ToTensorV2" && p < 1.0)
        source.fail("always_apply", "2.x has no always_apply; set p to 1 instead");

    if (name == "Compose" || name == "OneOf" || name == "Sequential")
        return convertComposition(name, source, context, p);
    if (name == "ShiftScaleRotate" && toV2)
        return shiftScaleRotateToAffine(source, context, p);
    if (name == "Affine" && !toV2)
        return affineToShiftScaleRotate(source, context, p);
    if (name == "ShiftScaleRotate")
        return shiftScaleRotateToV1(source, context, p);
    if (name == "CoarseDropout")
        return toV2 ? coarseDropoutToV2(source, context, p) : coarseDropoutToV1(source, context, p);
    if (name == "RGBShift")
        return rgbShiftConverted(source, context, p);
    if (name == "Solarize")
        return solarizeConverted(source, context, p);
    if (name == "PadIfNeeded")
        return padIfNeededConverted(source, context, p);
    if (name == "ToTensorV2") {
        json t = toV2 ? json{{"__class_fullname__", name}, {"p", p}}
                      : json{{"__class_fullname__", albumentations1::longClassName(name)}, {"always_apply", true}, {"p", p}};
        t["transpose_mask"] = source.has("transpose_mask") ? source.get("transpose_mask") : json(false);
        source.get("transpose_mask");
        source.copyRest(t, {});
        return t;
    }
    static const char *const same[] = {"NoOp", "HorizontalFlip", "VerticalFlip", "InvertImg", "RandomBrightnessContrast",
                                       "Normalize", "Resize", "LongestMaxSize", "SmallestMaxSize", "RandomCrop",
                                       "CenterCrop"};
    if (std::find(std::begin(same), std::end(same), name) != std::end(same))
        return sameArguments(name, source, context, p);
    throw ConversionError(path + ": " + name + " cannot be converted between Albumentations versions");
}

// The size the images have after the preprocessing at the start of the top Compose.
void sizeFromPreprocessing(const json &compose, int &height, int &width)
{
    const auto children = compose.find("transforms");
    if (children == compose.end() || !children->is_array())
        return;
    for (const json &child : *children) {
        if (!child.is_object() || !child.contains("__class_fullname__") || !child["__class_fullname__"].is_string())
            continue;
        const std::string name = transformShortName(child["__class_fullname__"].get<std::string>());
        // A size that is no whole number of pixels an int holds is the replay's to refuse, not a hint.
        const auto side = [&](const char *key) {
            const json value = child.value(key, json());
            const double number = value.is_number() ? value.get<double>() : 0.0;
            return number >= 1 && number <= INT_MAX && number == std::floor(number) ? int(number) : 0;
        };
        if ((name == "Resize" || name == "RandomCrop" || name == "CenterCrop") && side("height") && side("width")) {
            height = side("height");
            width = side("width");
        }
    }
}

// The size the shifts are converted for, said in `report`, which also collects the shifts
// that needed one and had none.
void chooseImageSize(const json &root, const ConversionHints &hints, Context &context, ConversionReport &report)
{
    // The augmentations see what the preprocessing makes, whatever size the images had before it.
    sizeFromPreprocessing(root, context.imageHeight, context.imageWidth);
    report.sizeFromPreprocessing = context.imageHeight > 0 && context.imageWidth > 0;
    if (!report.sizeFromPreprocessing) {
        context.imageHeight = std::max(hints.imageHeight, 0);
        context.imageWidth = std::max(hints.imageWidth, 0);
    }
    report.imageHeight = context.imageHeight;
    report.imageWidth = context.imageWidth;
    context.unsizedShifts = &report.unsizedShifts;
}

} // namespace

std::string unsizedShiftsText(const ConversionReport &report, std::size_t named)
{
    const std::vector<std::string> &paths = report.unsizedShifts;
    std::string text;
    for (std::size_t i = 0; i < paths.size() && i < named; ++i)
        text += (i == 0 ? "" : ", ") + paths[i];
    if (paths.size() > named)
        text += " and " + std::to_string(paths.size() - named) + " more";
    return text;
}

const json *firstTransformNamed(const json &root, const std::string &name)
{
    if (!root.is_object())
        return nullptr;
    const auto className = root.find("__class_fullname__");
    if (className != root.end() && className->is_string() && transformShortName(className->get<std::string>()) == name)
        return &root;
    const auto children = root.find("transforms");
    if (children != root.end() && children->is_array())
        for (const json &child : *children)
            if (const json *found = firstTransformNamed(child, name))
                return found;
    return nullptr;
}

const char *albumentationsVersion(AlbumentationsTarget target)
{
    return target == AlbumentationsTarget::V2 ? kAlbumentations2Version : kAlbumentations1Version;
}

AlbumentationsTarget albumentationsTargetOfVersion(const std::string &version)
{
    const int major = std::atoi(version.c_str());
    return major >= 2 ? AlbumentationsTarget::V2 : AlbumentationsTarget::V1;
}

int albumentationsRelease(const std::string &version)
{
    // Leading digits of up to three dot-separated parts ("1.4.24", "1.4", "1.4.0.post1").
    int parts[3] = {0, 0, 0};
    size_t at = 0;
    for (int i = 0; i < 3; ++i) {
        size_t end = at;
        while (end < version.size() && end - at < 4 && std::isdigit(static_cast<unsigned char>(version[end])))
            ++end;
        if (end == at)
            return i == 0 ? 0 : parts[0] * 10000 + parts[1] * 100 + parts[2];
        parts[i] = std::min(std::stoi(version.substr(at, end - at)), 99);
        if (end >= version.size() || version[end] != '.')
            break;
        at = end + 1;
    }
    return parts[0] * 10000 + parts[1] * 100 + parts[2];
}

AlbumentationsTarget albumentationsTargetOf(const json &document)
{
    if (document.is_object()) {
        const auto version = document.find("__version__");
        if (version != document.end() && version->is_string())
            return albumentationsTargetOfVersion(version->get<std::string>());
    }
    return AlbumentationsTarget::V1;
}

json convertPolicy(const json &document, AlbumentationsTarget target, const ConversionHints &hints,
                   ConversionReport *report)
{
    if (report)
        *report = ConversionReport{};
    if (!document.is_object() || !document.contains("transform"))
        throw ConversionError("not an Albumentations policy: expected an object with \"__version__\" and \"transform\"");
    // As the replay reads it: a number (2.0) is no version, not a 1.x file.
    const auto version = document.find("__version__");
    if (version != document.end() && !version->is_string())
        throw ConversionError("__version__: expected a version string, got " + version->dump());
    const int release = version != document.end() ? albumentationsRelease(version->get<std::string>()) : 0;
    if (albumentationsTargetOf(document) == target) {
        if (target == AlbumentationsTarget::V1)
            return document;
        json copy = document;
        withArgumentNames(copy["transform"], release, ArgumentNames::Both);
        return copy;
    }
    // Only a 2.x file going to 1.x needs its arguments renamed first; the rest is read as it is.
    const json *root = &document.at("transform");
    json renamedRoot;
    if (target == AlbumentationsTarget::V1) {
        renamedRoot = *root;
        withArgumentNames(renamedRoot, release, ArgumentNames::Albumentations2);
        root = &renamedRoot;
    }
    Context context;
    context.target = target;
    InputDtype dtype = InputDtype::UInt8;
    if (hints.dtype) {
        dtype = *hints.dtype;
    } else if (const json *normalize = firstTransformNamed(*root, "Normalize")) {
        // Its max_pixel_value tells the input type (1 for float32 images).
        const auto max = normalize->find("max_pixel_value");
        if (max != normalize->end() && max->is_number() && std::abs(max->get<double>() - 1.0) < 1e-9)
            dtype = InputDtype::Float32;
    }
    context.maxValue = dtype == InputDtype::UInt8 ? 255.0 : 1.0;
    context.sourceRelease = release;
    ConversionReport local;
    chooseImageSize(*root, hints, context, report ? *report : local);
    json converted = json::object();
    for (const auto &[key, value] : document.items())
        if (key != "transform")
            converted[key] = value;
    converted["__version__"] = albumentationsVersion(target);
    converted["transform"] = convertTransform(*root, "transform", context);
    if (target == AlbumentationsTarget::V2)
        withArgumentNames(converted["transform"], albumentationsRelease(kAlbumentations2Version), ArgumentNames::Both);
    return converted;
}

} // namespace augstudio
