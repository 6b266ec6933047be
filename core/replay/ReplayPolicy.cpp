#include "replay/ReplayPolicy.h"

#include "replay/ReplayTransform.h"

#include "policy/AlbumentationsFormat.h"
#include "policy/PolicyFile.h"

#include <cmath>

namespace augstudio {

using nlohmann::json;

namespace {

std::vector<double> channelValues(const json &object, const char *key, std::vector<double> fallback)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return fallback;
    std::vector<double> values;
    if (it->is_number())
        values.assign(1, it->get<double>());
    else
        for (const json &item : *it)
            values.push_back(item.get<double>());
    return values;
}

} // namespace

ReplayPolicy ReplayPolicy::load(const std::string &path)
{
    json document;
    try {
        document = readPolicyJson(path);
    } catch (const PolicyFileError &error) {
        throw ReplayError(path, "", error.reason());
    }
    return fromJson(document, path);
}

ReplayPolicy ReplayPolicy::fromJson(const json &document, const std::string &sourceName)
{
    const char *expected = "not an Albumentations policy: expected an object with \"__version__\" and \"transform\" "
                           "as albumentations.save writes it";
    if (!document.is_object())
        throw ReplayError(sourceName, "", expected);
    const auto transform = document.find("transform");
    if (transform == document.end())
        throw ReplayError(sourceName, "", expected);
    ReplayPolicy policy;
    policy.m_source = sourceName;
    const auto version = document.find("__version__");
    if (version != document.end()) {
        if (!version->is_string())
            throw ReplayError(sourceName, "__version__", "expected a version string, got " + version->dump());
        policy.m_version = version->get<std::string>();
        if (albumentationsRelease(policy.m_version) == 0)
            throw ReplayError(sourceName, "__version__",
                              "'" + policy.m_version + "' is not an Albumentations version (such as 1.3.1 or 2.0.8)");
    }
    policy.m_target = albumentationsTargetOfVersion(policy.m_version);
    TransformPtr root = parseTransform(*transform, sourceName, "transform", policy.m_target,
                                       albumentationsRelease(policy.m_version));
    policy.m_transformCount = root->leafCount();
    policy.m_shiftsChannelsApart = firstTransformNamed(*transform, "RGBShift") != nullptr;
    policy.m_root = std::move(root);
    if (const json *normalize = firstTransformNamed(*transform, "Normalize")) {
        ReplayNormalization n;
        n.mean = channelValues(*normalize, "mean", {0.485, 0.456, 0.406});
        n.std = channelValues(*normalize, "std", {0.229, 0.224, 0.225});
        const auto max = normalize->find("max_pixel_value");
        n.maxPixelValue = max != normalize->end() && max->is_number() ? max->get<double>() : 255.0;
        policy.m_normalization = n;
    }
    return policy;
}

InputDtype ReplayPolicy::inputDtype() const
{
    return m_normalization && std::abs(m_normalization->maxPixelValue - 1.0) < 1e-9 ? InputDtype::Float32
                                                                                   : InputDtype::UInt8;
}

ReplayResult ReplayPolicy::apply(const cv::Mat &rgb, const cv::Mat &mask, std::mt19937_64 &rng,
                                 const ReplayOptions &options) const
{
    if (rgb.depth() != CV_8U && rgb.depth() != CV_32F)
        throw std::invalid_argument("replaying a policy needs a uint8 or float32 image");
    if (rgb.channels() != 1 && rgb.channels() != 3)
        throw std::invalid_argument("replaying a policy needs an RGB or a grayscale image");
    if (!mask.empty() && (mask.type() != CV_8UC1 || mask.size() != rgb.size()))
        throw std::invalid_argument("replaying a policy needs a CV_8UC1 mask of the image's size");
    if (!m_root)
        throw std::logic_error("ReplayPolicy::apply on a policy that was not loaded");
    ReplayTarget target;
    // Transforms may write in place: the caller's images stay untouched.
    target.image = rgb.clone();
    target.mask = mask.clone();
    ReplayContext context{rng, options, m_source};
    m_root->call(target, context, false);
    ReplayResult result;
    result.image = target.image;
    result.mask = target.mask;
    result.normalized = target.normalized;
    return result;
}

} // namespace augstudio
