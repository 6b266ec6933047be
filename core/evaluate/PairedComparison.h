#pragma once

// Statistics of an evaluation over seeds: the mean and spread of one arm, and the paired
// difference of two arms trained from the same initial weights and data order per seed,
// with a 95 % confidence interval (Student t on the paired differences).

#include <cstdint>
#include <vector>

namespace augstudio {

struct MeanStd
{
    int n = 0;
    double mean = 0.0;
    double std = 0.0; // sample standard deviation (n − 1); 0 for fewer than 2 values
};

MeanStd meanAndStd(const std::vector<double> &values);

// The 0.975 quantile of Student's t with `degreesOfFreedom` (≥ 1): tabulated for 1..30,
// beyond that interpolated in 1/df towards the normal 1.960 (within 0.001 of the exact value).
double studentT975(int degreesOfFreedom);

struct PairedDifference
{
    int n = 0;
    double mean = 0.0; // of a − b
    double std = 0.0;
    bool hasInterval = false; // needs two pairs at least
    double low = 0.0, high = 0.0; // the 95 % interval of the mean difference
    // The variance the choice of the held-out images adds to the mean difference (see
    // heldOutSamplingVariance, and heldOutMeanIouVariance for mIoU): the interval covers it
    // beside the seeds'.
    double heldOutVariance = 0.0;
    // The differences' standard deviation was below one held-out image: the interval rests
    // on a spread of one image (the resolution), not on the smaller one the seeds showed.
    bool spreadAtResolution = false;
    // Fewer held-out images than kVerdictHeldOutImages (set by summariseRuns): too few to
    // estimate the images' variance, and so to call an arm better.
    bool tooFewHeldOut = false;
    // The interval includes 0: these seeds do not tell the two apart.
    bool spansZero() const { return !hasInterval || (low <= 0.0 && high >= 0.0); }
};

// Below this many held-out images no arm is called better: one image moves accuracy by more
// than a point there, and the variance of the images' differences, which the interval takes
// for the sampling of the held-out images, is itself estimated from too few.
constexpr int kVerdictHeldOutImages = 100;

// An interval that includes 0 and is wider than this (4 points) is inconclusive, not "no
// measurable difference": it leaves room for differences of a few points either way, the
// size a policy makes, and says only that the seeds or the held-out images were too few to tell.
constexpr double kInconclusiveWidth = 0.04;

// What the seeds say about policy − baseline: one seed gives no interval, an interval that
// includes 0 no measurable difference (or, wider than kInconclusiveWidth, no answer), one that
// excludes it the better arm, or, on fewer than kVerdictHeldOutImages held-out images, only
// the arm that scored higher on them (or that they scored alike), whatever the interval. The
// CLI, the dialog and the report all word it from this.
enum class EvaluateVerdict { NoInterval, NoDifference, Inconclusive, PolicyBetter, BaselineBetter, TooFewHeldOut };
EvaluateVerdict verdictOf(const PairedDifference &difference);
const char *verdictCode(EvaluateVerdict verdict); // "no-interval", "no-difference", "inconclusive", …

// a[i] and b[i] come from the same seed; scores are fractions (the interval is cut to [-1, 1]).
// `resolution` is the smallest step a score can take:
// one held-out image, 1/M for M images (0: none known). The interval's spread is at least
// that: scores counted in whole images that agree exactly over a few seeds have met by chance,
// they have not measured a zero spread, and a zero-width interval would call any difference
// real. Throws std::invalid_argument for lengths that differ.
// `heldOutVariance` (heldOutSamplingVariance) widens the interval for the choice of the
// held-out images: the seeds alone say how the score moves with the training on these images,
// not on the images a model will meet.
PairedDifference pairedDifference(const std::vector<double> &a, const std::vector<double> &b,
                                  double resolution = 0.0, double heldOutVariance = 0.0);

// The variance of the mean accuracy difference a − b that comes from which M images were held
// out: each image's difference averaged over the seeds (a[s][j] − b[s][j], each 1 for a right
// answer), their sample variance over M. Two arms that disagree on 15 % of 2000 images differ
// by chance by about ±0.017 (95 %), whatever the seeds say. 0 for fewer than two images, or
// runs of different lengths.
double heldOutSamplingVariance(const std::vector<std::vector<std::uint8_t>> &a,
                               const std::vector<std::vector<std::uint8_t>> &b);

} // namespace augstudio
