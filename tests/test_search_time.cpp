// The search's time estimate: steps per epoch as the loader makes them, the time to the
// plateau rule's earliest verdict, and a smaller search that fits a budget.

#include "search/PlateauDetector.h"
#include "search/SearchTimeEstimate.h"

#include <QtTest>

using namespace augstudio;

class TestSearchTime : public QObject
{
    Q_OBJECT

private slots:
    void stepsPerEpochFollowTheLoaderAndTheLimits()
    {
        SearchConfig config;
        config.data.dataloader.batchSize = 32;
        config.trainer.maxEpochs = 50;
        // 60 000 images, batches of 32 with drop_last: 1875 steps of 0.5 s.
        SearchTimeEstimate e = estimateSearchTime(0.5, 60000, config);
        QCOMPARE(e.stepsPerEpoch, 1875LL);
        QCOMPARE(e.secondsPerEpoch, 937.5);
        QCOMPARE(e.epochsToVerdict, PlateauOptions{}.minEpochs);
        QCOMPARE(e.secondsToVerdict, 937.5 * PlateauOptions{}.minEpochs);
        // Without drop_last the last partial batch counts.
        config.data.dataloader.dropLast = false;
        QCOMPARE(estimateSearchTime(0.5, 60001, config).stepsPerEpoch, 1876LL);
        // The dataset limit and trainer.steps_per_epoch cap it.
        config.data.dataset.limit = 2000;
        QCOMPARE(estimateSearchTime(0.5, 60000, config).stepsPerEpoch, 63LL);
        config.trainer.stepsPerEpoch = 10;
        QCOMPARE(estimateSearchTime(0.5, 60000, config).stepsPerEpoch, 10LL);
    }

    void aSearchShorterThanTheRulesMinimumEndsUnjudged()
    {
        // 6 epochs of 5 s: the plateau rule needs 10, so the search ends before it can answer.
        // Said as epoch 6 before, as if the rule answered at the search's last epoch.
        SearchConfig config;
        config.data.dataloader.batchSize = 32;
        config.trainer.maxEpochs = 6;
        const SearchTimeEstimate e = estimateSearchTime(0.5, 320, config);
        QCOMPARE(e.epochsToVerdict, PlateauOptions{}.minEpochs);
        QVERIFY(!e.verdictWithinSearch());
        QCOMPARE(e.maxEpochs, 6);
        QCOMPARE(e.secondsOfSearch, 30.0);
        // What the user waits for is the whole search.
        QCOMPARE(e.epochsToAnswer(), 6);
        QCOMPARE(e.secondsToAnswer(), 30.0);
        // A search of the rule's minimum is judged at its end.
        config.trainer.maxEpochs = PlateauOptions{}.minEpochs;
        QVERIFY(estimateSearchTime(0.5, 320, config).verdictWithinSearch());
    }

    void aSmallerShortSearchFitsTheBudgetAsAWhole()
    {
        SearchConfig config;
        config.data.dataloader.batchSize = 32;
        config.trainer.maxEpochs = 4;
        const SearchTimeEstimate e = estimateSearchTime(2.0, 60000, config); // 4 epochs of 1875 steps of 2 s
        SearchConfig smaller = smallerSearch(config, e, 3600);
        QCOMPARE(smaller.trainer.stepsPerEpoch, 450); // 3600 s / (2 s × 4 epochs)
        QVERIFY(estimateSearchTime(2.0, 60000, smaller).secondsToAnswer() <= 3600);
    }

    void smallerSearchFitsTheBudget()
    {
        SearchConfig config;
        config.data.dataloader.batchSize = 32;
        config.trainer.maxEpochs = 50;
        const SearchTimeEstimate e = estimateSearchTime(2.0, 60000, config); // 1875 steps of 2 s
        QVERIFY(e.secondsToVerdict > 3600);
        SearchConfig smaller = smallerSearch(config, e, 3600);
        QCOMPARE(smaller.trainer.stepsPerEpoch, 180); // 3600 s / (2 s × 10 epochs)
        const SearchTimeEstimate after = estimateSearchTime(2.0, 60000, smaller);
        QVERIFY(after.secondsToVerdict <= 3600);
        smaller.trainer.stepsPerEpoch = config.trainer.stepsPerEpoch;
        QVERIFY(smaller == config); // nothing else changed
        // A search that fits stays as it is.
        QVERIFY(smallerSearch(config, estimateSearchTime(0.01, 6000, config), 3600) == config);
    }
};

QTEST_GUILESS_MAIN(TestSearchTime)
#include "test_search_time.moc"
