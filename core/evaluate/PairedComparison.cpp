#include "evaluate/PairedComparison.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace augstudio {

MeanStd meanAndStd(const std::vector<double> &values)
{
    MeanStd result;
    result.n = static_cast<int>(values.size());
    if (values.empty())
        return result;
    for (double v : values)
        result.mean += v;
    result.mean /= result.n;
    if (result.n > 1) {
        double sum = 0.0;
        for (double v : values)
            sum += (v - result.mean) * (v - result.mean);
        result.std = std::sqrt(sum / (result.n - 1));
    }
    return result;
}

double studentT975(int degreesOfFreedom)
{
    static const double table[30] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                     2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                     2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    constexpr double normal = 1.960;
    if (degreesOfFreedom < 1)
        throw std::invalid_argument("Student t needs at least 1 degree of freedom");
    if (degreesOfFreedom <= 30)
        return table[degreesOfFreedom - 1];
    // t − z shrinks about as 1/df: 40 → 2.022 (2.021), 60 → 2.001 (2.000), 120 → 1.981 (1.980).
    return normal + (table[29] - normal) * 30.0 / degreesOfFreedom;
}

PairedDifference pairedDifference(const std::vector<double> &a, const std::vector<double> &b, double resolution,
                                  double heldOutVariance)
{
    if (a.size() != b.size())
        throw std::invalid_argument("a paired comparison needs one value of each arm per seed");
    std::vector<double> differences(a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        differences[i] = a[i] - b[i];
    const MeanStd stats = meanAndStd(differences);
    PairedDifference result;
    result.n = stats.n;
    result.mean = stats.mean;
    result.std = stats.std;
    if (stats.n >= 2) {
        // A spread below one held-out image is no measurement of one (see the header): two
        // seeds that both lose exactly one image of 32 must not read as a certain loss. With
        // the floor, equal differences need about 9 images at 2 seeds, 2.5 at 3, 1.3 at 5.
        const double spread = std::max(stats.std, resolution);
        result.spreadAtResolution = stats.std < resolution;
        // The seeds' variance of the mean and the held-out images' add, under Student's t on
        // the seeds' n − 1 degrees of freedom: wider than Welch–Satterthwaite's, on purpose, as
        // the choice of the training images (which every seed shares) is in neither part.
        result.heldOutVariance = std::max(0.0, heldOutVariance);
        const double variance = spread * spread / stats.n + result.heldOutVariance;
        const double half = studentT975(stats.n - 1) * std::sqrt(variance);
        result.hasInterval = true;
        // Scores are fractions (accuracy, mIoU): no difference lies outside [-1, 1], and an
        // interval printed as [-8.98, +8.98] would claim it could.
        result.low = std::max(-1.0, stats.mean - half);
        result.high = std::min(1.0, stats.mean + half);
    }
    return result;
}

double heldOutSamplingVariance(const std::vector<std::vector<std::uint8_t>> &a,
                               const std::vector<std::vector<std::uint8_t>> &b)
{
    if (a.empty() || a.size() != b.size())
        return 0.0;
    const std::size_t images = a.front().size();
    for (std::size_t run = 0; run < a.size(); ++run)
        if (a[run].size() != images || b[run].size() != images)
            return 0.0;
    if (images < 2)
        return 0.0;
    std::vector<double> perImage(images, 0.0);
    for (std::size_t run = 0; run < a.size(); ++run)
        for (std::size_t j = 0; j < images; ++j)
            perImage[j] += (double(a[run][j]) - double(b[run][j])) / double(a.size());
    const MeanStd stats = meanAndStd(perImage);
    return stats.std * stats.std / double(images);
}

EvaluateVerdict verdictOf(const PairedDifference &difference)
{
    if (!difference.hasInterval)
        return EvaluateVerdict::NoInterval;
    // A tie on a few images is no stronger evidence than a win on them.
    if (difference.tooFewHeldOut)
        return EvaluateVerdict::TooFewHeldOut;
    if (difference.spansZero())
        return difference.high - difference.low > kInconclusiveWidth ? EvaluateVerdict::Inconclusive
                                                                     : EvaluateVerdict::NoDifference;
    return difference.mean > 0 ? EvaluateVerdict::PolicyBetter : EvaluateVerdict::BaselineBetter;
}

const char *verdictCode(EvaluateVerdict verdict)
{
    switch (verdict) {
    case EvaluateVerdict::NoInterval:
        return "no-interval";
    case EvaluateVerdict::NoDifference:
        return "no-difference";
    case EvaluateVerdict::Inconclusive:
        return "inconclusive";
    case EvaluateVerdict::PolicyBetter:
        return "policy-better";
    case EvaluateVerdict::BaselineBetter:
        return "baseline-better";
    case EvaluateVerdict::TooFewHeldOut:
        return "too-few-held-out";
    }
    return "";
}

} // namespace augstudio
