// Albumentations JSON policies: the shared parser, the replay's loader, the 1.x <-> 2.x
// conversion, and a replay of what loads on a small image and mask. Only the documented
// exceptions may leave them; a policy that loads must still load once converted.

#include "policy/AlbumentationsFormat.h"
#include "policy/PolicyFile.h"
#include "replay/ReplayPolicy.h"

#include <opencv2/core.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <set>
#include <string>

using namespace augstudio;
using nlohmann::json;

namespace {

std::optional<ReplayPolicy> load(const json &document)
{
    try {
        return ReplayPolicy::fromJson(document, "policy.json");
    } catch (const ReplayError &) {
        return std::nullopt;
    }
}

void replay(const ReplayPolicy &policy)
{
    cv::Mat rgb(12, 16, CV_8UC3), grey(9, 7, CV_32FC1), mask(12, 16, CV_8UC1);
    cv::randu(rgb, 0, 256);
    cv::randu(grey, 0.0f, 1.0f);
    cv::randu(mask, 0, 4);
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
        std::mt19937_64 rng(seed);
        ReplayOptions options;
        options.normalize = seed % 2 == 0;
        try {
            policy.apply(rgb, mask, rng, options);
        } catch (const ReplayError &) {
        }
        try {
            policy.apply(grey, cv::Mat(), rng, options);
        } catch (const ReplayError &) {
        }
    }
}

// A size between 2048 and 16384 px makes a legitimate image of up to kMaxImagePixels from
// the 16 × 12 test image, which takes seconds under ASan and is no bug: such policies are
// parsed and converted but not replayed. Larger sizes are replayed: they must be refused.
bool expensiveToReplay(const json &value)
{
    if (value.is_object() || value.is_array()) {
        for (auto it = value.begin(); it != value.end(); ++it) {
            static const std::set<std::string> sizes = {"height", "width", "max_size", "min_height", "min_width"};
            if (value.is_object() && sizes.count(it.key()) && it->is_number() && it->get<double>() > 2048
                && it->get<double>() <= 16384)
                return true;
            if (expensiveToReplay(*it))
                return true;
        }
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    json document;
    try {
        document = parsePolicyJson(std::string(reinterpret_cast<const char *>(data), size), "policy.json");
    } catch (const PolicyFileError &) {
        return 0;
    }
    const std::optional<ReplayPolicy> policy = load(document);
    if (policy && !expensiveToReplay(document))
        replay(*policy);
    for (const auto target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
        json converted;
        try {
            converted = convertPolicy(document, target);
        } catch (const ConversionError &) {
            continue;
        }
        if (!policy)
            continue;
        try {
            ReplayPolicy::fromJson(converted, "converted.json");
        } catch (const ReplayError &error) {
            std::fprintf(stderr, "a policy that loads no longer loads converted to %s: %s\n%s\n",
                         albumentationsVersion(target), error.what(), converted.dump(1).c_str());
            std::abort();
        }
    }
    return 0;
}
