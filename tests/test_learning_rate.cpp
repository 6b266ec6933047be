// The learning rate evaluate trains with: a linear warm-up, then a cosine decay.

#include "evaluate/LearningRate.h"

#include <QtTest>

#include <cmath>

using namespace augstudio;

class TestLearningRate : public QObject
{
    Q_OBJECT

private slots:
    void warmsUpThenDecaysToZero()
    {
        // 100 steps, 5 of warm-up, peak 1e-3.
        QCOMPARE(warmupCosineLearningRate(1e-3, 0, 100, 5), 2e-4);
        QCOMPARE(warmupCosineLearningRate(1e-3, 4, 100, 5), 1e-3);
        QCOMPARE(warmupCosineLearningRate(1e-3, 5, 100, 5), 1e-3); // the peak, then the cosine
        // Half-way through the decay: half the peak.
        QVERIFY(std::abs(warmupCosineLearningRate(1e-3, 5 + 95 / 2, 100, 5) - 5e-4) < 2e-5);
        // Falling all the way, and still above zero at the last step.
        double previous = 1.0;
        for (int step = 5; step < 100; ++step) {
            const double lr = warmupCosineLearningRate(1e-3, step, 100, 5);
            QVERIFY(lr <= previous && lr > 0.0);
            previous = lr;
        }
        QVERIFY(previous < 1e-6);
    }

    void degenerateRunsStayFinite()
    {
        // No warm-up, one step, steps beyond the end.
        QCOMPARE(warmupCosineLearningRate(0.1, 0, 10, 0), 0.1);
        QCOMPARE(warmupCosineLearningRate(0.1, 0, 1, 1), 0.1);
        QVERIFY(std::isfinite(warmupCosineLearningRate(0.1, 50, 10, 3)));
        QVERIFY(warmupCosineLearningRate(0.1, 50, 10, 3) >= 0.0);
    }
};

QTEST_GUILESS_MAIN(TestLearningRate)
#include "test_learning_rate.moc"
