// The statistics of evaluate: mean ± sample std, the t quantile, and the paired difference
// with its 95 % interval, on numbers worked out by hand.

#include "evaluate/PairedComparison.h"

#include <QtTest>

#include <cmath>

using namespace augstudio;

namespace {

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance;
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
