// The statistics of evaluate: mean ± sample std, the t quantile, and the paired difference
// with its 95 % interval and its floor of one held-out image, on numbers worked out by hand;
// no better arm on too few held-out images; mIoU from pixel counts and its images' variance.

#include "evaluate/Evaluate.h"
#include "evaluate/MeanIou.h"
#include "evaluate/PairedComparison.h"

#include <QtTest>

#include <cmath>

using namespace augstudio;

namespace {

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance;
}

// One class whose union is 10 pixels in every image, predicted wholly right (1) or not at
// all (0): its mIoU is the share of images right, as an accuracy.
HeldOutPixelCounts allOrNothing(const std::vector<std::uint8_t> &right)
{
    HeldOutPixelCounts counts;
    counts.images = int(right.size());
    counts.classes = 1;
    for (std::uint8_t r : right) {
        counts.intersection.push_back(r ? 10 : 0);
        counts.unions.push_back(10);
    }
    return counts;
}

} // namespace

class TestPairedComparison : public QObject
{
    Q_OBJECT

private slots:
    void meanAndSampleStd()
    {
        const MeanStd stats = meanAndStd({0.5, 0.7, 0.6});
        QCOMPARE(stats.n, 3);
        QVERIFY(near(stats.mean, 0.6));
        QVERIFY(near(stats.std, 0.1)); // squares 0.01 + 0.01 + 0 over n − 1 = 2
        QCOMPARE(meanAndStd({0.4}).std, 0.0);
        QCOMPARE(meanAndStd({}).n, 0);
    }

    void tQuantiles()
    {
        QCOMPARE(studentT975(1), 12.706);
        QCOMPARE(studentT975(2), 4.303);
        QCOMPARE(studentT975(4), 2.776);
        QCOMPARE(studentT975(9), 2.262);
        QCOMPARE(studentT975(29), 2.045);
        QCOMPARE(studentT975(30), 2.042);
        QVERIFY(near(studentT975(60), 2.000, 0.002));
        QVERIFY(near(studentT975(120), 1.980, 0.002));
        QVERIFY(near(studentT975(1000000), 1.960, 0.001));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, studentT975(0));
    }

    void pairedIntervalExcludingZero()
    {
        // Differences 0.02, 0.04, 0.03: mean 0.03, std 0.01, half-width 4.303 · 0.01 / √3.
        const PairedDifference d = pairedDifference({0.62, 0.64, 0.63}, {0.60, 0.60, 0.60});
        QCOMPARE(d.n, 3);
        QVERIFY(near(d.mean, 0.03));
        QVERIFY(near(d.std, 0.01));
        QVERIFY(d.hasInterval);
        const double half = 4.303 * 0.01 / std::sqrt(3.0); // 0.024844
        QVERIFY(near(d.low, 0.03 - half));
        QVERIFY(near(d.high, 0.03 + half));
        QVERIFY(!d.spansZero());
    }

    void pairedIntervalSpanningZero()
    {
        // Differences +0.05, −0.03: mean 0.01, std √0.0032 = 0.05657, half 12.706 · 0.04 = 0.50824.
        const PairedDifference d = pairedDifference({0.55, 0.47}, {0.50, 0.50});
        QVERIFY(near(d.mean, 0.01));
        QVERIFY(near(d.high - d.mean, 12.706 * 0.04));
        QVERIFY(d.spansZero());
    }

    void theHeldOutImagesWidenTheInterval()
    {
        // Four images, two seeds: per image a − b is (1−0, 1−0)/2 = 1, (0−0, 1−0)/2 = 0.5, 0, and
        // (0−1, 0−1)/2 = −1; mean 0.125, sample variance (0.765625 + 0.140625 + 0.015625 +
        // 1.265625) / 3 = 0.729167, over 4 images 0.182292.
        const std::vector<std::vector<std::uint8_t>> a{{1, 0, 1, 0}, {1, 1, 1, 0}};
        const std::vector<std::vector<std::uint8_t>> b{{0, 0, 1, 1}, {0, 0, 1, 1}};
        const double variance = heldOutSamplingVariance(a, b);
        QVERIFY(near(variance, 0.729166666667 / 4, 1e-9));
        // Arms that agree on every image add nothing; runs that do not match add nothing.
        QCOMPARE(heldOutSamplingVariance(a, a), 0.0);
        QCOMPARE(heldOutSamplingVariance(a, {{0, 0, 1, 1}}), 0.0);
        QCOMPARE(heldOutSamplingVariance({}, {}), 0.0);

        // Seeds that differ by 0.03, 0.04, 0.03 (std 0.005774) give a narrow interval; the
        // images' variance adds to the seeds' variance of the mean under the same t.
        const std::vector<double> policy{0.63, 0.64, 0.63}, baseline{0.60, 0.60, 0.60};
        const PairedDifference seedsOnly = pairedDifference(policy, baseline);
        const PairedDifference both = pairedDifference(policy, baseline, 0.0, 0.0001);
        QCOMPARE(both.heldOutVariance, 0.0001);
        const double seedsVariance = seedsOnly.std * seedsOnly.std / 3;
        QVERIFY(near(both.high - both.mean, 4.303 * std::sqrt(seedsVariance + 0.0001)));
        QVERIFY(!seedsOnly.spansZero());
        QVERIFY(both.spansZero()); // 0.0333 ± 0.0454: the seeds' agreement was not the images'

        // Through summariseRuns: an accuracy comparison takes the per-image answers.
        EvaluateResult result;
        result.task = Task::Classification;
        result.heldOutImages = 4000;
        result.seeds = {1, 2, 3};
        EvaluateArmResult policyArm, baselineArm;
        policyArm.scores = policy;
        baselineArm.scores = baseline;
        // 4000 images: the arms disagree on 800 (policy right on 500 of them), agree on the rest.
        for (int run = 0; run < 3; ++run) {
            std::vector<std::uint8_t> p(4000, 1), q(4000, 1);
            for (int j = 0; j < 800; ++j)
                (j < 500 ? q : p)[std::size_t(j)] = 0;
            policyArm.heldOutCorrect.push_back(p);
            baselineArm.heldOutCorrect.push_back(q);
        }
        result.arms = {policyArm, baselineArm};
        result.comparisons = {{0, 1, {}}};
        summariseRuns(result);
        const PairedDifference &summarised = result.comparisons[0].difference;
        QVERIFY(near(summarised.heldOutVariance,
                     heldOutSamplingVariance(policyArm.heldOutCorrect, baselineArm.heldOutCorrect)));
        QVERIFY(summarised.heldOutVariance > 0.0);
        QVERIFY(summarised.high - summarised.low > seedsOnly.high - seedsOnly.low);
    }

    void seedsThatAgreeExactlyClaimNoDifference()
    {
        // Two seeds, each one held-out image of 32 worse: the sample spread is 0 and the
        // unfloored interval [−1/32, −1/32] would say the baseline is better. With the spread
        // taken as one image the half-width is 12.706 · (1/32) / √2.
        const double m = 32.0;
        const PairedDifference d = pairedDifference({17 / m, 20 / m}, {18 / m, 21 / m}, 1 / m);
        QVERIFY(near(d.mean, -1 / m));
        QCOMPARE(d.std, 0.0);
        QVERIFY(d.spreadAtResolution);
        QVERIFY(near(d.high - d.mean, 12.706 / m / std::sqrt(2.0)));
        // An interval of ±28 points: it rules out nothing.
        QCOMPARE(verdictOf(d), EvaluateVerdict::Inconclusive);
        // Without a resolution the same scores give the zero-width interval.
        QCOMPARE(verdictOf(pairedDifference({17 / m, 20 / m}, {18 / m, 21 / m})), EvaluateVerdict::BaselineBetter);

        // One image of 2000 lost in both seeds, in decimals whose doubles differ by a rounding
        // error (a spread of about 1e-16, not 0): the floor holds all the same.
        const PairedDifference rounded = pairedDifference({0.45, 0.4685}, {0.4505, 0.469}, 1 / 2000.0);
        QVERIFY(rounded.std > 0.0);
        QVERIFY(rounded.spreadAtResolution);
        QCOMPARE(verdictOf(rounded), EvaluateVerdict::NoDifference);

        // Five seeds that each gain 3 images of 32 still tell: half-width 2.776 · (1/32) / √5
        // = 1.24 images.
        const PairedDifference five =
            pairedDifference({20 / m, 21 / m, 22 / m, 23 / m, 24 / m}, {17 / m, 18 / m, 19 / m, 20 / m, 21 / m}, 1 / m);
        QVERIFY(five.spreadAtResolution);
        QVERIFY(near(five.high - five.mean, 2.776 / m / std::sqrt(5.0)));
        QCOMPARE(verdictOf(five), EvaluateVerdict::PolicyBetter);
    }

    void spreadAboveTheResolutionIsKept()
    {
        // Differences 0.02, 0.04, 0.03 (std 0.01) over 2000 images (resolution 0.0005): as without.
        const PairedDifference d = pairedDifference({0.62, 0.64, 0.63}, {0.60, 0.60, 0.60}, 1 / 2000.0);
        QVERIFY(!d.spreadAtResolution);
        QVERIFY(near(d.high - d.mean, 4.303 * 0.01 / std::sqrt(3.0)));
    }

    void theIntervalStaysWithinWhatADifferenceCanBe()
    {
        // One held-out image: the floor makes a half-width of 9, printed as [-8.98, +8.98].
        const PairedDifference single = pairedDifference({0.0, 0.0}, {0.0, 1.0}, 1.0);
        QVERIFY(single.hasInterval);
        QCOMPARE(single.low, -1.0);
        QCOMPARE(single.high, 1.0);
        QCOMPARE(verdictOf(single), EvaluateVerdict::Inconclusive);
    }

    void aWideIntervalAroundZeroIsInconclusive()
    {
        // Two seeds of a big dropout against none, as a tester met it: −0.18 [−0.90, +0.54]
        // read as "no measurable difference", as if the two had been measured alike.
        const PairedDifference wide = pairedDifference({0.30, 0.40}, {0.52, 0.53}, 1 / 300.0);
        QVERIFY(wide.spansZero());
        QCOMPARE(verdictOf(wide), EvaluateVerdict::Inconclusive);
        QCOMPARE(std::string(verdictCode(EvaluateVerdict::Inconclusive)), std::string("inconclusive"));
        // Narrower than kInconclusiveWidth (4 points): no measurable difference.
        const PairedDifference narrow = pairedDifference({0.801, 0.795, 0.812}, {0.800, 0.800, 0.805}, 1 / 2000.0);
        QVERIFY(narrow.spansZero() && narrow.high - narrow.low < kInconclusiveWidth);
        QCOMPARE(verdictOf(narrow), EvaluateVerdict::NoDifference);
    }

    void tooFewHeldOutImagesGiveNoBetterArm()
    {
        // Ten seeds on one held-out image, the baseline right on 9 of them more: the interval
        // [-1, -0.185] (its spread at least one image) excludes 0, but one image is no test of
        // which arm is better.
        EvaluateResult result;
        result.task = Task::Classification;
        result.heldOutImages = 1;
        result.seeds = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        EvaluateArmResult policy, baseline;
        policy.scores = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
        baseline.scores = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        result.arms = {policy, baseline};
        result.comparisons = {{0, 1, {}}};
        summariseRuns(result);
        const PairedDifference &d = result.comparisons[0].difference;
        QVERIFY(d.hasInterval && !d.spansZero());
        QVERIFY(d.tooFewHeldOut);
        QCOMPARE(verdictOf(d), EvaluateVerdict::TooFewHeldOut);
        QCOMPARE(std::string(verdictCode(verdictOf(d))), std::string("too-few-held-out"));
        const std::string note = heldOutNote(result);
        QVERIFY2(note.find("only 1 held-out image, which moves the accuracy by 100 points") == 0, note.c_str());

        // From kVerdictHeldOutImages on, the same differences name the better arm. Below it a
        // tie is no verdict either: it was "no measurable difference", stronger than a win there.
        result.heldOutImages = kVerdictHeldOutImages;
        summariseRuns(result);
        QCOMPARE(verdictOf(result.comparisons[0].difference), EvaluateVerdict::BaselineBetter);
        QVERIFY(heldOutNote(result).empty());
        result.heldOutImages = 40;
        result.arms[0].scores = result.arms[1].scores;
        summariseRuns(result);
        QVERIFY(result.comparisons[0].difference.spansZero());
        QCOMPARE(verdictOf(result.comparisons[0].difference), EvaluateVerdict::TooFewHeldOut);
        QVERIFY(heldOutNote(result).find("by 2.5 points") != std::string::npos);
    }

    void theOneImageFloorIsAccuracysOnly()
    {
        // Two seeds that agree exactly on 32 images: for accuracy the floor of one image makes
        // the interval; mIoU has no step of one image, and no floor, nor a note of one.
        EvaluateResult result;
        result.task = Task::Classification;
        result.heldOutImages = 320;
        result.seeds = {1, 2};
        EvaluateArmResult policy, baseline;
        policy.scores = {0.5, 0.6};
        baseline.scores = {0.45, 0.55};
        result.arms = {policy, baseline};
        result.comparisons = {{0, 1, {}}};
        summariseRuns(result);
        QVERIFY(result.comparisons[0].difference.spreadAtResolution);
        result.task = Task::SemanticSegmentation;
        summariseRuns(result);
        QVERIFY(!result.comparisons[0].difference.spreadAtResolution);
        QVERIFY(result.comparisons[0].difference.high - result.comparisons[0].difference.low < 1e-9);
        result.heldOutImages = 50;
        summariseRuns(result);
        const std::string note = heldOutNote(result);
        QVERIFY2(note.find("only 50 held-out images:") == 0 && note.find("points") == std::string::npos, note.c_str());
    }

    void meanIouSumsPixelsOverImages()
    {
        // Two images, three classes, the third in neither truth nor prediction: the totals
        // are 8/15 and 4/8, and the absent class is left out of the mean.
        HeldOutPixelCounts counts;
        counts.images = 2;
        counts.classes = 3;
        counts.intersection = {5, 0, 0, 3, 4, 0};
        counts.unions = {10, 0, 0, 5, 8, 0};
        QVERIFY(near(meanIou(counts), (8.0 / 15 + 4.0 / 8) / 2));
        // Not the mean of the images' own mIoU (0.5, then (0.6 + 0.5) / 2).
        QVERIFY(!near(meanIou(counts), (0.5 + 0.55) / 2, 1e-3));
        counts.unions = {0, 0, 0, 0, 0, 0};
        counts.intersection = counts.unions;
        QCOMPARE(meanIou(counts), 0.0);
        counts.unions.pop_back();
        QCOMPARE(meanIou(counts), 0.0); // counts that do not fill images × classes
    }

    void theHeldOutImagesWidenAMeanIouInterval()
    {
        // Where mIoU is a mean over images (one class, the same union in each), the jackknife
        // gives accuracy's variance exactly.
        const std::vector<std::vector<std::uint8_t>> a{{1, 0, 1, 0}, {1, 1, 1, 0}};
        const std::vector<std::vector<std::uint8_t>> b{{0, 0, 1, 1}, {0, 0, 1, 1}};
        const std::vector<HeldOutPixelCounts> pa{allOrNothing(a[0]), allOrNothing(a[1])};
        const std::vector<HeldOutPixelCounts> pb{allOrNothing(b[0]), allOrNothing(b[1])};
        QVERIFY(near(heldOutMeanIouVariance(pa, pb), heldOutSamplingVariance(a, b)));
        QVERIFY(near(heldOutMeanIouVariance(pa, pb), 0.729166666667 / 4, 1e-9));
        // Arms alike on every image add nothing; runs that do not match add nothing.
        QCOMPARE(heldOutMeanIouVariance(pa, pa), 0.0);
        QCOMPARE(heldOutMeanIouVariance(pa, {pb[0]}), 0.0);
        std::vector<HeldOutPixelCounts> twoClasses = pb;
        twoClasses[1].classes = 2;
        QCOMPARE(heldOutMeanIouVariance(pa, twoClasses), 0.0);

        // A difference carried by one large image of 40 varies more with the images chosen
        // than the same difference spread over all of them.
        HeldOutPixelCounts base;
        base.images = 40;
        base.classes = 2;
        for (int j = 0; j < 40; ++j) {
            base.intersection.insert(base.intersection.end(), {80, 40});
            base.unions.insert(base.unions.end(), {100, 100});
        }
        base.unions[0] = base.unions[1] = 2000; // image 0 is twenty times the others
        base.intersection[0] = 1600;
        base.intersection[1] = 800;
        HeldOutPixelCounts concentrated = base, spread = base;
        concentrated.intersection[1] += 780; // class 1: 2360 → 3140 of 5900
        for (int j = 0; j < 40; ++j)
            spread.intersection[std::size_t(j) * 2 + 1] += j == 0 ? 390 : 10;
        QVERIFY(near(meanIou(concentrated), meanIou(spread)));
        const double oneImage = heldOutMeanIouVariance({concentrated}, {base});
        const double everyImage = heldOutMeanIouVariance({spread}, {base});
        QVERIFY(everyImage > 0.0);
        QVERIFY2(oneImage > 4 * everyImage, QByteArray::number(oneImage) + " " + QByteArray::number(everyImage));

        // Through summariseRuns: a segmentation comparison takes the pixel counts.
        EvaluateResult result;
        result.task = Task::SemanticSegmentation;
        result.heldOutImages = 40;
        result.seeds = {1, 2};
        EvaluateArmResult policyArm, baselineArm;
        policyArm.scores = {meanIou(concentrated), meanIou(concentrated) + 0.001};
        baselineArm.scores = {meanIou(base), meanIou(base)};
        policyArm.heldOutPixels = {concentrated, concentrated};
        baselineArm.heldOutPixels = {base, base};
        result.arms = {policyArm, baselineArm};
        result.comparisons = {{0, 1, {}}};
        summariseRuns(result);
        QVERIFY(near(result.comparisons[0].difference.heldOutVariance, oneImage));
        const PairedDifference seedsOnly = pairedDifference(policyArm.scores, baselineArm.scores);
        QVERIFY(result.comparisons[0].difference.high - result.comparisons[0].difference.low
                > seedsOnly.high - seedsOnly.low);
    }

    void onePairHasNoInterval()
    {
        const PairedDifference d = pairedDifference({0.7}, {0.6});
        QVERIFY(near(d.mean, 0.1));
        QVERIFY(!d.hasInterval);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairedDifference({0.1, 0.2}, {0.1}));
    }
};

QTEST_GUILESS_MAIN(TestPairedComparison)
#include "test_paired_comparison.moc"
