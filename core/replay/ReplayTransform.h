#pragma once

// Internal to core/replay: one node of a loaded policy, the reader of a transform's JSON
// parameters, and the factories that turn one into the other.

#include "replay/ReplayPolicy.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace augstudio {

struct ReplayTarget
{
    cv::Mat image;
    cv::Mat mask;
    bool normalized = false;
};

struct ReplayContext
{
    std::mt19937_64 &rng;
    ReplayOptions options;
    const std::string &source;
};

enum class TransformRole { Augmentation, Preprocessing, Normalization, Composition };

class ReplayTransform
{
public:
    ReplayTransform(std::string name, std::string path, double p, bool alwaysApply, TransformRole role);
    virtual ~ReplayTransform();

    // Albumentations' __call__: runs with probability p, or always when forced (a OneOf's
    // choice) or always_apply.
    virtual void call(ReplayTarget &target, ReplayContext &context, bool force) const;
    // The always_apply leaves under this node: what a Compose that does not run still runs.
    virtual void collectAlwaysApply(std::vector<const ReplayTransform *> &leaves) const;
    virtual int leafCount() const { return 1; }

    const std::string &name() const { return m_name; }
    const std::string &path() const { return m_path; }
    double probability() const { return m_p; }
    bool alwaysApply() const { return m_alwaysApply; }
    TransformRole role() const { return m_role; }

protected:
    // The transform itself; parameters are drawn here.
    virtual void run(ReplayTarget &target, ReplayContext &context) const = 0;
    [[noreturn]] void fail(const ReplayContext &context, const std::string &message) const;

private:
    std::string m_name;
    std::string m_path;
    double m_p;
    bool m_alwaysApply;
    TransformRole m_role;
};

// Uniform in [a, b] as Python's random.uniform (a + (b - a)·u, either order).
double uniformBetween(std::mt19937_64 &rng, double a, double b);
// Uniform integer in [a, b] inclusive, as Python's random.randint.
int randomInt(std::mt19937_64 &rng, int a, int b);

// Calls f(value, channel) for every element of a continuous CV_32F image of any channel count.
template <typename F>
void forEachFloat(cv::Mat &image, F f)
{
    CV_Assert(image.depth() == CV_32F && image.isContinuous());
    float *data = image.ptr<float>();
    const int channels = image.channels();
    const size_t count = image.total() * size_t(channels);
    for (size_t i = 0; i < count; ++i)
        data[i] = f(data[i], static_cast<int>(i % size_t(channels)));
}

// One transform object of the file: typed access to its keys with messages that name the
// file, the JSON path and the key. Every key read (or accepted) is known; finish() refuses
// the others, as Albumentations refuses unexpected arguments.
class TransformParams
{
public:
    TransformParams(const nlohmann::json &object, std::string source, std::string path, std::string name,
                    AlbumentationsTarget version, int release);

    const std::string &name() const { return m_name; }
    // Whose semantics the file asks for, by its "__version__": 2.x renamed arguments and
    // changed what some limits mean.
    AlbumentationsTarget version() const { return m_version; }
    bool isV2() const { return m_version == AlbumentationsTarget::V2; }
    // The file's "__version__" as albumentationsRelease gives it (0: absent or unreadable).
    int release() const { return m_release; }
    // Written by `release` (10422 for 1.4.22) or later, 2.x included.
    bool since(int release) const { return m_release >= release || isV2(); }
    const std::string &path() const { return m_path; }
    const std::string &source() const { return m_source; }

    // Every key of the object (sorted).
    std::vector<std::string> keys() const;
    // Present and not null.
    bool has(const std::string &key);
    const nlohmann::json &raw(const std::string &key);
    double number(const std::string &key, double fallback);
    int integer(const std::string &key, int fallback, int low, int high);
    bool boolean(const std::string &key, bool fallback);
    // Albumentations' to_tuple: a number x gives (-x, x), a list of two gives itself.
    std::pair<double, double> range(const std::string &key, double fallback);
    // One number or a list of numbers (a fill colour, a mean).
    std::vector<double> numbers(const std::string &key, const std::vector<double> &fallback);
    // The key that holds argument `name` (its Albumentations 2.0 name) in this file's release:
    // AlbumentationsX 2.2 renamed a few (policy/AlbumentationsXNames.h). Fails where the file
    // holds both names with different values, or only the one its release ignores.
    std::string argumentKey(const std::string &name);
    // Keys that are read elsewhere or that change nothing for images and masks.
    void accept(const std::vector<std::string> &keys);

    double probability(double fallback);
    bool alwaysApply(bool fallback = false);

    // Throws for keys that nothing read or accepted.
    void finish() const;
    [[noreturn]] void fail(const std::string &message) const;
    [[noreturn]] void failKey(const std::string &key, const std::string &message) const;

private:
    const nlohmann::json &m_object;
    std::string m_source;
    std::string m_path;
    std::string m_name;
    AlbumentationsTarget m_version;
    int m_release = 0;
    std::set<std::string> m_known;
};

using TransformPtr = std::unique_ptr<ReplayTransform>;

// The JSON object at `path` as a transform tree; throws ReplayError for anything
// Albumentations would not load, or that the replay does not support.
TransformPtr parseTransform(const nlohmann::json &object, const std::string &source, const std::string &path,
                            AlbumentationsTarget version, int release);

// Factories, by the transform's short class name (params: the object, children not parsed).
TransformPtr makeComposition(TransformParams &params, std::vector<TransformPtr> children);
TransformPtr makePixelTransform(TransformParams &params);
TransformPtr makeSpatialTransform(TransformParams &params);
TransformPtr makePreprocessingTransform(TransformParams &params);
// One of the spatial transforms, without finish().
TransformPtr makeCoarseDropout(TransformParams &params);

bool isCompositionName(const std::string &name);
bool isPixelTransformName(const std::string &name);
bool isSpatialTransformName(const std::string &name);
bool isPreprocessingName(const std::string &name);
// Every supported short name, for messages.
std::vector<std::string> supportedTransformNames();

} // namespace augstudio
