#include "replay/ReplayTransform.h"
#include "policy/AlbumentationsXNames.h"

#include "data/DeterministicRandom.h"

#include <cmath>

namespace augstudio {

using nlohmann::json;

ReplayError::ReplayError(const std::string &source, const std::string &jsonPath, const std::string &message)
    : std::runtime_error(source + ": " + (jsonPath.empty() ? "" : jsonPath + ": ") + message),
      m_source(source),
      m_jsonPath(jsonPath)
{
}

ReplayTransform::ReplayTransform(std::string name, std::string path, double p, bool alwaysApply, TransformRole role)
    : m_name(std::move(name)), m_path(std::move(path)), m_p(p), m_alwaysApply(alwaysApply), m_role(role)
{
}

ReplayTransform::~ReplayTransform() = default;

void ReplayTransform::call(ReplayTarget &target, ReplayContext &context, bool force) const
{
    if (m_role == TransformRole::Augmentation && !context.options.augment)
        return;
    if (m_role == TransformRole::Normalization && !context.options.normalize)
        return;
    if (m_role == TransformRole::Preprocessing && !context.options.preprocess)
        return;
    // Drawn even when forced, as Python evaluates random.random() < p first.
    const bool drawn = uniformUnit(context.rng) < m_p;
    if (drawn || m_alwaysApply || force)
        run(target, context);
}

void ReplayTransform::collectAlwaysApply(std::vector<const ReplayTransform *> &leaves) const
{
    if (m_alwaysApply)
        leaves.push_back(this);
}

void ReplayTransform::fail(const ReplayContext &context, const std::string &message) const
{
    const bool named = message.rfind(m_name + ": ", 0) == 0; // a preprocessing step's message names it
    throw ReplayError(context.source, m_path, named ? message : m_name + ": " + message);
}

double uniformBetween(std::mt19937_64 &rng, double a, double b)
{
    return a + (b - a) * uniformUnit(rng);
}

int randomInt(std::mt19937_64 &rng, int a, int b)
{
    return a + static_cast<int>(uniformBelow(rng, static_cast<std::uint64_t>(b - a) + 1));
}

// --- TransformParams ---

namespace {

std::string shortText(const json &value)
{
    std::string text = value.dump();
    return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}

std::string numberText(double value)
{
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.')
        text.pop_back();
    return text;
}

} // namespace

TransformParams::TransformParams(const json &object, std::string source, std::string path, std::string name,
                                 AlbumentationsTarget version, int release)
    : m_object(object), m_source(std::move(source)), m_path(std::move(path)), m_name(std::move(name)),
      m_version(version), m_release(release)
{
    m_known.insert("__class_fullname__");
}

std::vector<std::string> TransformParams::keys() const
{
    std::vector<std::string> result;
    for (auto it = m_object.begin(); it != m_object.end(); ++it)
        result.push_back(it.key());
    return result;
}

bool TransformParams::has(const std::string &key)
{
    m_known.insert(key);
    const auto it = m_object.find(key);
    return it != m_object.end() && !it->is_null();
}

const json &TransformParams::raw(const std::string &key)
{
    m_known.insert(key);
    static const json null;
    const auto it = m_object.find(key);
    return it == m_object.end() ? null : *it;
}

double TransformParams::number(const std::string &key, double fallback)
{
    if (!has(key))
        return fallback;
    const json &value = m_object.at(key);
    if (!value.is_number() || !std::isfinite(value.get<double>()))
        failKey(key, "expected a number, got " + shortText(value));
    return value.get<double>();
}

int TransformParams::integer(const std::string &key, int fallback, int low, int high)
{
    const double value = number(key, fallback);
    if (value != std::floor(value) || value < low || value > high)
        failKey(key, "expected an integer from " + std::to_string(low) + " to " + std::to_string(high) + ", got "
                         + numberText(value));
    return static_cast<int>(value);
}

bool TransformParams::boolean(const std::string &key, bool fallback)
{
    if (!has(key))
        return fallback;
    const json &value = m_object.at(key);
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number_integer() && (value == 0 || value == 1)) // compared as JSON: 2^32 + 1 is no 1
        return value == 1;
    failKey(key, "expected true or false, got " + shortText(value));
}

std::pair<double, double> TransformParams::range(const std::string &key, double fallback)
{
    if (!has(key))
        return {-fallback, fallback};
    const json &value = m_object.at(key);
    if (value.is_number()) {
        const double x = number(key, 0.0);
        return {-x, x};
    }
    if (!value.is_array() || value.size() != 2 || !value[0].is_number() || !value[1].is_number()
        || !std::isfinite(value[0].get<double>()) || !std::isfinite(value[1].get<double>()))
        failKey(key, "expected a number or a list of two numbers, got " + shortText(value));
    return {value[0].get<double>(), value[1].get<double>()};
}

std::vector<double> TransformParams::numbers(const std::string &key, const std::vector<double> &fallback)
{
    if (!has(key))
        return fallback;
    const json &value = m_object.at(key);
    if (value.is_number())
        return {number(key, 0.0)};
    std::vector<double> result;
    if (value.is_array() && !value.empty()) {
        for (const json &item : value) {
            if (!item.is_number() || !std::isfinite(item.get<double>()))
                failKey(key, "expected numbers, got " + shortText(value));
            result.push_back(item.get<double>());
        }
        return result;
    }
    failKey(key, "expected a number or a list of numbers, got " + shortText(value));
}

std::string TransformParams::argumentKey(const std::string &name)
{
    std::string key;
    try {
        key = renamedArgumentKey(m_object, m_name, name, m_release);
    } catch (const RenamedArgumentError &error) {
        fail(error.what());
    }
    // In a 2.x file the other name holds the same value, for the releases that read it; a
    // 1.x file knows no AlbumentationsX name.
    m_known.insert(name);
    if (const std::string xName = albumentationsXName(m_name, name); !xName.empty() && m_release >= 20000)
        m_known.insert(xName);
    return key;
}

void TransformParams::accept(const std::vector<std::string> &keys)
{
    m_known.insert(keys.begin(), keys.end());
}

double TransformParams::probability(double fallback)
{
    // Albumentations compares a random number with p: a null p fails there, in training.
    if (const auto it = m_object.find("p"); it != m_object.end() && it->is_null())
        failKey("p", "expected a number, got null");
    const double p = number("p", fallback);
    if (p < 0.0 || p > 1.0)
        failKey("p", "probability must be between 0 and 1, got " + numberText(p));
    return p;
}

bool TransformParams::alwaysApply(bool fallback)
{
    // 2.x dropped always_apply: it warns and ignores it (ToTensorV2 refuses it outright).
    const bool value = boolean("always_apply", fallback);
    return isV2() ? false : value;
}

void TransformParams::finish() const
{
    for (auto it = m_object.begin(); it != m_object.end(); ++it) {
        if (m_known.count(it.key()))
            continue;
        std::string accepted;
        for (const std::string &key : m_known)
            if (key != "__class_fullname__")
                accepted += (accepted.empty() ? "" : ", ") + key;
        throw ReplayError(m_source, m_path + "." + it.key(),
                          "unknown parameter '" + it.key() + "' of " + m_name + " (accepted: " + accepted + ")");
    }
}

void TransformParams::fail(const std::string &message) const
{
    throw ReplayError(m_source, m_path, m_name + ": " + message);
}

void TransformParams::failKey(const std::string &key, const std::string &message) const
{
    throw ReplayError(m_source, m_path + "." + key, m_name + "." + key + ": " + message);
}

// --- parsing ---

namespace {

// Albumentations' shorten_class_name: "albumentations.<anything>.Name" → "Name".
std::string shortClassName(const std::string &fullName)
{
    if (fullName.find('.') == std::string::npos)
        return fullName;
    if (fullName.rfind("albumentations.", 0) == 0)
        return fullName.substr(fullName.rfind('.') + 1);
    return fullName;
}

std::string joined(const std::vector<std::string> &names)
{
    std::string text;
    for (const std::string &name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

} // namespace

std::vector<std::string> supportedTransformNames()
{
    return {"Compose", "OneOf", "Sequential", "RGBShift", "RandomBrightnessContrast", "Solarize", "InvertImg", "HorizontalFlip",
            "VerticalFlip", "ShiftScaleRotate", "Affine", "CoarseDropout", "NoOp", "Normalize", "ToTensorV2", "Resize",
            "LongestMaxSize", "SmallestMaxSize", "PadIfNeeded", "RandomCrop", "CenterCrop"};
}

TransformPtr parseTransform(const json &object, const std::string &source, const std::string &path,
                            AlbumentationsTarget version, int release)
{
    if (!object.is_object())
        throw ReplayError(source, path, "expected a transform object with \"__class_fullname__\", got "
                                            + shortText(object));
    const auto nameIt = object.find("__class_fullname__");
    if (nameIt == object.end() || !nameIt->is_string())
        throw ReplayError(source, path, "a transform object needs \"__class_fullname__\" (a class name string)");
    const std::string fullName = nameIt->get<std::string>();
    const std::string name = shortClassName(fullName);
    TransformParams params(object, source, path, name, version, release);

    if (isCompositionName(name)) {
        const json &list = params.raw("transforms");
        if (!list.is_array())
            throw ReplayError(source, path + ".transforms", name + ": expected a list of transforms");
        std::vector<TransformPtr> children;
        for (size_t i = 0; i < list.size(); ++i)
            children.push_back(
                parseTransform(list[i], source, path + ".transforms[" + std::to_string(i) + "]", version, release));
        return makeComposition(params, std::move(children));
    }
    if (isPixelTransformName(name))
        return makePixelTransform(params);
    if (isSpatialTransformName(name))
        return makeSpatialTransform(params);
    if (isPreprocessingName(name))
        return makePreprocessingTransform(params);
    throw ReplayError(source, path,
                      "unknown transform '" + name + "'" + (fullName != name ? " (" + fullName + ")" : "")
                          + "; supported: " + joined(supportedTransformNames()));
}

} // namespace augstudio
