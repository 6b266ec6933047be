#include "search/PlateauDetector.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace augstudio;

namespace {

// Uniform in [-1, 1], from the raw engine output so that every standard library agrees.
double noise(std::mt19937 &rng)
{
    return rng() / 4294967295.0 * 2.0 - 1.0;
}

constexpr double floorLevel = 0.1;
constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

// floor + e^(-k (t-1)), the floor jittered by ±`jitter` (relative).
std::vector<double> fallToFloor(int epochs, double k, double jitter, unsigned seed)
{
    std::mt19937 rng(seed);
    std::vector<double> series;
    for (int t = 1; t <= epochs; ++t)
        series.push_back(floorLevel * (1.0 + jitter * noise(rng)) + std::exp(-k * (t - 1)));
    return series;
}

// First epoch whose remaining fall above the floor is within 5% of the floor: from there
// on the curve is as flat as the jitter it carries.
int floorEpoch(double k)
{
    int t = 1;
    while (std::exp(-k * (t - 1)) > 0.05 * floorLevel)
        ++t;
    return t;
}

// Feeds the series; returns the epoch at which the plateau was first reported (0: never),
// and checks that the verdict never changes afterwards.
int recognitionEpoch(const std::vector<double> &series, PlateauOptions options = {},
                     PlateauVerdict *atRecognition = nullptr)
{
    PlateauDetector detector(options);
    int recognised = 0;
    PlateauVerdict first;
    for (size_t i = 0; i < series.size(); ++i) {
        const PlateauVerdict verdict = detector.add(series[i]);
        if (recognised == 0 && verdict.plateau) {
            recognised = int(i) + 1;
            first = verdict;
        } else if (recognised != 0) {
            if (!verdict.plateau || verdict.plateauEpoch != first.plateauEpoch
                || verdict.suggestedEpoch != first.suggestedEpoch)
                return -1;
        }
    }
    if (atRecognition)
        *atRecognition = first;
    return recognised;
}

} // namespace

class TestPlateau : public QObject
{
    Q_OBJECT

private slots:
    void steadyFallIsNoPlateau_data()
    {
        QTest::addColumn<double>("k");
        QTest::addColumn<double>("jitter");
        QTest::newRow("fast, clean") << 0.3 << 0.0;
        QTest::newRow("moderate, clean") << 0.1 << 0.0;
        QTest::newRow("moderate, jittered") << 0.15 << 0.05;
        QTest::newRow("fast, jittered") << 0.3 << 0.1;
    }

    void steadyFallIsNoPlateau()
    {
        QFETCH(double, k);
        QFETCH(double, jitter);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            std::mt19937 rng(seed);
            PlateauDetector detector;
            for (int t = 1; t <= 50; ++t) {
                const auto verdict = detector.add(std::exp(-k * (t - 1)) * (1.0 + jitter * noise(rng)));
                QVERIFY2(!verdict.plateau, qPrintable(QString("seed %1, epoch %2: %3").arg(seed).arg(t).arg(
                                               QString::fromStdString(verdict.reason))));
            }
            QVERIFY2(detector.verdict().reason.find("falling") != std::string::npos,
                     detector.verdict().reason.c_str());
        }
    }

    void fallThenFloorIsRecognisedSoonAfter_data()
    {
        QTest::addColumn<double>("k");
        QTest::addColumn<double>("jitter");
        QTest::newRow("k 0.4, clean") << 0.4 << 0.0;
        QTest::newRow("k 0.4, 5% jitter") << 0.4 << 0.05;
        QTest::newRow("k 0.6, 5% jitter") << 0.6 << 0.05;
        QTest::newRow("k 0.3, 3% jitter") << 0.3 << 0.03;
    }

    void fallThenFloorIsRecognisedSoonAfter()
    {
        QFETCH(double, k);
        QFETCH(double, jitter);
        const int floorAt = floorEpoch(k);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            const auto series = fallToFloor(floorAt + 30, k, jitter, seed);
            PlateauVerdict verdict;
            const int recognised = recognitionEpoch(series, {}, &verdict);
            const QString where = QString("seed %1, floor at %2, recognised at %3, flat from %4")
                                      .arg(seed).arg(floorAt).arg(recognised).arg(verdict.plateauEpoch);
            QVERIFY2(recognised > 0, qPrintable(where));
            QVERIFY2(recognised >= floorAt && recognised <= floorAt + 6, qPrintable(where));
            // The flat part starts where the rest of the fall is down to a few percent per epoch:
            // at most a few epochs before the tail is within 5% of the floor, never on the steep part.
            QVERIFY2(verdict.plateauEpoch >= floorAt - 6 && verdict.plateauEpoch <= recognised, qPrintable(where));
            QVERIFY2(std::exp(-k * (verdict.plateauEpoch - 1)) <= 0.3 * floorLevel, qPrintable(where));
            QCOMPARE(verdict.suggestedEpoch, recognised);
            QVERIFY(!verdict.reason.empty());

            // The whole-series form agrees with the incremental one, and keeps the verdict.
            const auto whole = PlateauDetector::evaluate(series);
            QVERIFY(whole.plateau);
            QCOMPARE(whole.plateauEpoch, verdict.plateauEpoch);
            QCOMPARE(whole.suggestedEpoch, verdict.suggestedEpoch);
        }
    }

    void oscillationAfterAFallIsAPlateau_data()
    {
        QTest::addColumn<double>("swing");
        QTest::addColumn<double>("jitter");
        QTest::newRow("regular swing") << 0.3 << 0.0;
        QTest::newRow("swing and jitter") << 0.25 << 0.15;
        QTest::newRow("jitter only, large") << 0.0 << 0.3;
    }

    void oscillationAfterAFallIsAPlateau()
    {
        QFETCH(double, swing);
        QFETCH(double, jitter);
        const double k = 0.5;
        const int floorAt = floorEpoch(k);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            std::mt19937 rng(seed);
            std::vector<double> series;
            for (int t = 1; t <= floorAt + 30; ++t)
                series.push_back(floorLevel * (1.0 + swing * std::sin(2.0 * M_PI * t / 3.7) + jitter * noise(rng))
                                 + std::exp(-k * (t - 1)));
            PlateauVerdict verdict;
            const int recognised = recognitionEpoch(series, {}, &verdict);
            const QString where = QString("seed %1, floor at %2, recognised at %3, flat from %4")
                                      .arg(seed).arg(floorAt).arg(recognised).arg(verdict.plateauEpoch);
            QVERIFY2(recognised > 0, qPrintable(where));
            QVERIFY2(recognised <= floorAt + 10, qPrintable(where));
            // Not before the fall is mostly over: the remaining excess is at most the swing.
            QVERIFY2(std::exp(-k * (recognised - 1)) <= 0.5 * floorLevel, qPrintable(where));
            QVERIFY2(verdict.plateauEpoch <= recognised && verdict.plateauEpoch >= floorAt - 6, qPrintable(where));
        }
    }

    void tooFewEpochsIsNoPlateau()
    {
        // A fast fall that is flat from epoch 6 on.
        std::vector<double> series;
        for (int t = 1; t <= 30; ++t)
            series.push_back(floorLevel + std::exp(-2.0 * (t - 1)));
        const std::vector<double> shortSeries(series.begin(), series.begin() + 9);
        const auto verdict = PlateauDetector::evaluate(shortSeries);
        QVERIFY(!verdict.plateau);
        QCOMPARE(verdict.plateauEpoch, 0);
        QCOMPARE(verdict.suggestedEpoch, 0);

        // With a higher minimum, the flat stretch is only reported once there are enough epochs.
        PlateauOptions options;
        options.minEpochs = 15;
        PlateauDetector detector(options);
        for (int t = 1; t <= 30; ++t) {
            const auto v = detector.add(series[t - 1]);
            QCOMPARE(v.plateau, t >= 15);
            if (t == 13)
                QVERIFY2(v.reason.find("too few") != std::string::npos, v.reason.c_str());
        }
        QCOMPARE(detector.verdict().suggestedEpoch, 15);
    }

    void flatFromTheStartIsNoPlateau_data()
    {
        QTest::addColumn<double>("jitter");
        QTest::newRow("constant") << 0.0;
        QTest::newRow("5% jitter") << 0.05;
        QTest::newRow("20% jitter") << 0.2;
    }

    void flatFromTheStartIsNoPlateau()
    {
        QFETCH(double, jitter);
        for (unsigned seed = 1; seed <= 20; ++seed) {
            std::mt19937 rng(seed);
            std::vector<double> series;
            for (int t = 1; t <= 50; ++t)
                series.push_back(floorLevel * (1.0 + jitter * noise(rng)));
            PlateauDetector detector;
            bool saidWhy = false;
            for (double apc : series) {
                const auto verdict = detector.add(apc);
                QVERIFY2(!verdict.plateau, verdict.reason.c_str());
                saidWhy = saidWhy || verdict.reason.find("has fallen only") != std::string::npos;
            }
            QVERIFY2(saidWhy, qPrintable(QString("seed %1").arg(seed)));
        }
        std::vector<double> constant(50, 0.02);
        const auto verdict = PlateauDetector::evaluate(constant);
        QVERIFY2(verdict.reason.find("has fallen only 0.0%") != std::string::npos, verdict.reason.c_str());
    }

    void bumpBeforeConvergenceDelaysThePlateau()
    {
        // Falls to the floor around epoch 12, climbs to ~4x the floor over epochs 14-20, then settles.
        const int bumpFrom = 14;
        const int bumpTo = 20;
        for (unsigned seed = 1; seed <= 20; ++seed) {
            std::mt19937 rng(seed);
            PlateauDetector detector;
            int recognised = 0;
            PlateauVerdict verdict;
            for (int t = 1; t <= 45; ++t) {
                double apc = floorLevel * (1.0 + 0.05 * noise(rng)) + std::exp(-0.6 * (t - 1));
                if (t >= bumpFrom && t <= bumpTo)
                    apc += 0.3 * std::sin(M_PI * (t - bumpFrom + 1) / (bumpTo - bumpFrom + 2));
                verdict = detector.add(apc);
                if (verdict.plateau && recognised == 0)
                    recognised = t;
            }
            const QString where = QString("seed %1: recognised at %2, flat from %3")
                                      .arg(seed).arg(recognised).arg(verdict.plateauEpoch);
            QVERIFY2(recognised > bumpTo, qPrintable(where));
            QVERIFY2(recognised <= bumpTo + 10, qPrintable(where));
            QVERIFY2(verdict.plateauEpoch > bumpTo - 2 && verdict.plateauEpoch <= recognised, qPrintable(where));
        }
    }

    void bumpAfterRecognitionKeepsTheVerdict()
    {
        auto series = fallToFloor(40, 0.5, 0.05, 7);
        const int recognised = recognitionEpoch(series);
        QVERIFY(recognised > 0);
        QVERIFY(recognised + 6 < int(series.size()));
        for (int i = 0; i < 5; ++i)
            series[recognised + 1 + i] *= 5.0;
        series[recognised + 1] = notANumber;
        // recognitionEpoch returns -1 if the verdict changes after it was first reported.
        QCOMPARE(recognitionEpoch(series), recognised);
    }

    void nanIsIgnored()
    {
        const double k = 0.5;
        const auto clean = fallToFloor(40, k, 0.0, 1);
        const int cleanRecognition = recognitionEpoch(clean);
        QVERIFY(cleanRecognition > 0);

        // NaN in the fall and in the flat part, before the recognition.
        auto withGaps = clean;
        withGaps[3] = notANumber;
        withGaps[cleanRecognition - 2] = std::numeric_limits<double>::infinity();
        PlateauDetector detector;
        int recognised = 0;
        for (size_t i = 0; i < withGaps.size(); ++i) {
            const auto verdict = detector.add(withGaps[i]);
            if (!std::isfinite(withGaps[i])) {
                QVERIFY(!verdict.plateau);
                QVERIFY2(verdict.reason.find("not a finite number") != std::string::npos, verdict.reason.c_str());
            }
            if (verdict.plateau && recognised == 0)
                recognised = int(i) + 1;
        }
        // Two values fewer: at most two epochs later than without the gaps.
        QVERIFY2(recognised >= cleanRecognition && recognised <= cleanRecognition + 2,
                 qPrintable(QString("%1 vs %2").arg(recognised).arg(cleanRecognition)));

        QVERIFY(!PlateauDetector::evaluate(std::vector<double>(40, notANumber)).plateau);
        std::vector<double> nanTail(clean.begin(), clean.begin() + cleanRecognition - 1);
        nanTail.resize(40, notANumber);
        QVERIFY(!PlateauDetector::evaluate(nanTail).plateau);
    }

    void refusesBadOptions_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("name");
        QTest::newRow("window") << 0 << "'window'";
        QTest::newRow("patience") << 1 << "'patience'";
        QTest::newRow("minFall") << 2 << "'minFall'";
        QTest::newRow("tolerance") << 3 << "'tolerance'";
        QTest::newRow("trendAgreement") << 4 << "'trendAgreement'";
        QTest::newRow("smoothing") << 5 << "'smoothing'";
    }

    void refusesBadOptions()
    {
        QFETCH(int, which);
        QFETCH(QString, name);
        PlateauOptions options;
        switch (which) {
        case 0: options.window = 2; break;
        case 1: options.patience = 0; break;
        case 2: options.minFall = 1.0; break;
        case 3: options.tolerance = -0.1; break;
        case 4: options.trendAgreement = 1.5; break;
        default: options.smoothing = 0; break;
        }
        try {
            PlateauDetector detector(options);
            QFAIL("expected std::invalid_argument");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(QString(error.what()).contains(name), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestPlateau)
#include "test_plateau.moc"
