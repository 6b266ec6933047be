// A search on several processes: each rank's loader gives its share of every global batch,
// decoding only that share while the batch is plain, and the whole batch, on every rank, when
// a share meets an unreadable image, a failing preprocessing step or images of other sizes.
// The ranks are threads here, summing through an in-process stand-in for the all-reduce.

#include "data/BatchLoader.h"
#include "data/Dataset.h"
#include "testsupport/ForwardingDataset.h"
#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

// What a process group's all-reduce does for processes, for threads.
class ThreadSum
{
public:
    explicit ThreadSum(int ranks) : m_ranks(ranks) {}

    void sum(std::vector<double> &values)
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        const std::uint64_t round = m_round;
        if (m_arrived == 0)
            m_total.assign(values.size(), 0.0);
        for (size_t i = 0; i < values.size(); ++i)
            m_total[i] += values[i];
        if (++m_arrived == m_ranks) {
            m_result = m_total;
            m_arrived = 0;
            ++m_round;
            m_done.notify_all();
        } else {
            m_done.wait(lock, [&] { return m_round != round; });
        }
        values = m_result;
    }

private:
    const int m_ranks;
    std::mutex m_mutex;
    std::condition_variable m_done;
    int m_arrived = 0;
    std::uint64_t m_round = 0;
    std::vector<double> m_total, m_result;
};

// A dataset that counts the images it decodes.
class CountingDataset : public testsupport::ForwardingDataset
{
public:
    explicit CountingDataset(const Dataset &inner) : ForwardingDataset(inner) {}

    Sample load(std::size_t i) const override
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            ++m_loads[i];
        }
        return inner().load(i);
    }

    std::map<std::size_t, int> loads() const
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_loads;
    }

private:
    mutable std::mutex m_mutex;
    mutable std::map<std::size_t, int> m_loads;
};

struct RankResult
{
    std::vector<Batch> batches;
    std::string error; // what the rank's loader threw, if it did
    std::size_t skipped = 0;
    std::vector<DatasetProblem> warnings;
    std::map<std::size_t, int> loads;
};

DataConfig configFor(const std::string &root, int batchSize, int workers, bool dropLast)
{
    DataConfig config;
    config.dataset.root = root;
    config.dataloader.batchSize = batchSize;
    config.dataloader.numWorkers = workers;
    config.dataloader.dropLast = dropLast;
    return config;
}

std::unique_ptr<Dataset> open(const DataConfig &config)
{
    std::vector<DatasetProblem> problems;
    return openDataset(config, Task::Classification, 0, problems);
}

// `epochs` epochs on `ranks` ranks, each in its own thread with its own loader.
std::vector<RankResult> runRanks(const Dataset &dataset, const DataConfig &config, int ranks, int epochs)
{
    ThreadSum sum(ranks);
    std::vector<RankResult> results(static_cast<size_t>(ranks));
    std::vector<std::thread> threads;
    for (int rank = 0; rank < ranks; ++rank) {
        threads.emplace_back([&, rank] {
            RankResult &result = results[size_t(rank)];
            CountingDataset counted(dataset);
            BatchLoader loader(counted, config, 7);
            loader.shareAmong({rank, ranks, [&sum](std::vector<double> &values) { sum.sum(values); }});
            try {
                for (int epoch = 1; epoch <= epochs; ++epoch) {
                    loader.startEpoch(epoch);
                    Batch batch;
                    while (loader.next(batch))
                        result.batches.push_back(batch);
                }
            } catch (const std::exception &e) {
                result.error = e.what();
            }
            result.skipped = loader.skippedImages();
            result.warnings = loader.takeWarnings();
            result.loads = counted.loads();
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    return results;
}

// The batches of one process, and the error it stops on.
std::vector<Batch> wholeBatches(const Dataset &dataset, const DataConfig &config, int epochs, std::string *error = nullptr)
{
    BatchLoader loader(dataset, config, 7);
    std::vector<Batch> batches;
    try {
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            loader.startEpoch(epoch);
            Batch batch;
            while (loader.next(batch))
                batches.push_back(batch);
        }
    } catch (const std::exception &e) {
        if (error)
            *error = e.what();
    }
    return batches;
}

// Each rank's batches are its slices of the whole batches.
void compareShares(const std::vector<Batch> &whole, const std::vector<RankResult> &ranks)
{
    const int count = int(ranks.size());
    for (int rank = 0; rank < count; ++rank) {
        const RankResult &result = ranks[size_t(rank)];
        QVERIFY2(result.error.empty(), result.error.c_str());
        QCOMPARE(result.batches.size(), whole.size());
        for (size_t b = 0; b < whole.size(); ++b) {
            const Batch &global = whole[b];
            const Batch &share = result.batches[b];
            const int size = global.n / count / 2 * 2;
            const size_t image = size_t(global.c) * size_t(global.h) * size_t(global.w);
            const size_t begin = size_t(size * rank);
            QCOMPARE(share.n, size);
            QCOMPARE(share.globalN, global.n);
            QCOMPARE(share.h, global.h);
            QCOMPARE(share.w, global.w);
            QCOMPARE(share.indices,
                     std::vector<size_t>(global.indices.begin() + long(begin), global.indices.begin() + long(begin) + size));
            QCOMPARE(share.labels, std::vector<std::int64_t>(global.labels.begin() + long(begin),
                                                             global.labels.begin() + long(begin) + size));
            QVERIFY(std::equal(share.images.begin(), share.images.end(), global.images.begin() + long(begin * image)));
            QCOMPARE(share.images.size(), size_t(size) * image);
        }
    }
}


// root/a/0..3.png of `a` and root/b/0..3.png of `b`.
void writeTwoClasses(const std::string &root, cv::Size a, cv::Size b)
{
    for (const auto &[folder, size] : {std::pair{std::string("a"), a}, std::pair{std::string("b"), b}}) {
        fs::create_directories(root + "/" + folder);
        for (int i = 0; i < 4; ++i)
            cv::imwrite(root + "/" + folder + "/" + std::to_string(i) + ".png",
                        cv::Mat(size, CV_8UC3, cv::Scalar::all(1)));
    }
}

} // namespace

class TestBatchShares : public QObject
{
    Q_OBJECT

private slots:
    void eachRankDecodesOnlyItsShare_data()
    {
        QTest::addColumn<int>("ranks");
        QTest::addColumn<int>("workers");
        QTest::newRow("2 ranks, serial") << 2 << 0;
        QTest::newRow("2 ranks, 2 loader threads") << 2 << 2;
        QTest::newRow("3 ranks, 1 loader thread") << 3 << 1;
    }

    void eachRankDecodesOnlyItsShare()
    {
        QFETCH(int, ranks);
        QFETCH(int, workers);
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 3, 12, 16);
        DataConfig config = configFor(dir.path().toStdString(), 6 * ranks, workers, true);
        config.preprocessing = {testsupport::randomCropStep(12)};
        auto dataset = open(config);

        const std::vector<Batch> whole = wholeBatches(*dataset, config, 2);
        QCOMPARE(whole.size(), size_t(2 * (36 / (6 * ranks))));
        const std::vector<RankResult> results = runRanks(*dataset, config, ranks, 2);
        compareShares(whole, results);
        if (workers > 0)
            return; // loader threads may read ahead into the batches drop_last leaves out
        for (const RankResult &result : results) {
            std::map<size_t, int> own;
            for (const Batch &batch : result.batches)
                for (size_t index : batch.indices)
                    ++own[index];
            QCOMPARE(result.loads, own);
        }
    }

    void aShortLastBatchIsSharedEvenly()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 3, 10, 8);
        // 30 images in batches of 8: the last holds 6, 2 for each of 2 ranks and 2 left out
        const DataConfig config = configFor(dir.path().toStdString(), 8, 1, false);
        auto dataset = open(config);
        const std::vector<Batch> whole = wholeBatches(*dataset, config, 1);
        QCOMPARE(whole.back().n, 6);
        const std::vector<RankResult> results = runRanks(*dataset, config, 2, 1);
        compareShares(whole, results);
        QCOMPARE(results[0].batches.back().n, 2);

        // 4 ranks: the last batch leaves each less than 2 images, too few for a step: every
        // rank ends the epoch before it, as drop_last would, and counts it so.
        const std::vector<RankResult> fourRanks = runRanks(*dataset, config, 4, 1);
        for (const RankResult &result : fourRanks) {
            QVERIFY2(result.error.empty(), result.error.c_str());
            QCOMPARE(result.batches.size(), size_t(3));
        }
        BatchLoader shared(*dataset, config, 1);
        shared.shareAmong({0, 4, [](std::vector<double> &) {}});
        QCOMPARE(shared.batchesPerEpoch(), size_t(3));
        BatchLoader halves(*dataset, config, 1);
        halves.shareAmong({0, 2, [](std::vector<double> &) {}});
        QCOMPARE(halves.batchesPerEpoch(), size_t(4));

        // One process, 25 images in batches of 8: a last batch of 1 image is no step either.
        QTemporaryDir odd;
        testsupport::makeImageFolderDataset(odd.path().toStdString(), 5, 5, 8);
        const DataConfig oddConfig = configFor(odd.path().toStdString(), 8, 1, false);
        auto oddDataset = open(oddConfig);
        QCOMPARE(wholeBatches(*oddDataset, oddConfig, 1).size(), size_t(3));
        QCOMPARE(BatchLoader(*oddDataset, oddConfig, 1).batchesPerEpoch(), size_t(3));
    }

    void anUnreadableImageIsSkippedOnEveryRank_data()
    {
        QTest::addColumn<int>("workers");
        QTest::newRow("serial") << 0;
        QTest::newRow("2 loader threads") << 2;
    }

    void anUnreadableImageIsSkippedOnEveryRank()
    {
        QFETCH(int, workers);
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        testsupport::makeImageFolderDataset(root, 3, 12, 8);
        const std::string broken = root + "/class_1/broken.png";
        testsupport::writeGarbage(broken);
        const DataConfig config = configFor(root, 8, workers, true);
        auto dataset = open(config);
        size_t brokenIndex = dataset->size();
        for (size_t i = 0; i < dataset->size(); ++i)
            if (dataset->itemName(i) == broken)
                brokenIndex = i;
        QVERIFY(brokenIndex < dataset->size());

        const std::vector<Batch> whole = wholeBatches(*dataset, config, 2);
        QCOMPARE(whole.size(), size_t(8)); // 36 readable images: 4 batches of 8 an epoch
        const std::vector<RankResult> results = runRanks(*dataset, config, 2, 2);
        compareShares(whole, results);
        for (const RankResult &result : results) {
            QCOMPARE(result.skipped, size_t(1));
            QCOMPARE(result.warnings.size(), size_t(1));
            QCOMPARE(result.warnings[0].file, broken);
            // read once in the run, by every rank, and passed over in the second epoch
            QCOMPARE(result.loads.at(brokenIndex), 1);
        }
    }

    void imagesOfOtherSizesStopEveryRank()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeTwoClasses(root, {8, 8}, {12, 10});
        // Without shuffling, rank 0's share is a/, rank 1's b/: each alone is of one size.
        DataConfig config = configFor(root, 8, 0, true);
        config.dataloader.shuffle = false;
        auto dataset = open(config);
        std::string expected;
        wholeBatches(*dataset, config, 1, &expected);
        QVERIFY(expected.find("8x8") != std::string::npos && expected.find("12x10") != std::string::npos);
        for (const RankResult &result : runRanks(*dataset, config, 2, 1)) {
            QCOMPARE(result.error, expected);
            QVERIFY(result.batches.empty());
        }
    }

    void aFailingPreprocessingStopsEveryRank()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeTwoClasses(root, {16, 16}, {10, 10});
        // A 12 px crop fails on b/'s images only, which are rank 1's share.
        DataConfig config = configFor(root, 8, 1, true);
        config.dataloader.shuffle = false;
        config.preprocessing = {testsupport::randomCropStep(12)};
        auto dataset = open(config);
        std::string expected;
        wholeBatches(*dataset, config, 1, &expected);
        QVERIFY2(expected.find(root + "/b/0.png") != std::string::npos, expected.c_str());
        for (const RankResult &result : runRanks(*dataset, config, 2, 1))
            QCOMPARE(result.error, expected);
    }

    void aShareNeedsARankAndASum()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 2, 4, 8);
        const DataConfig config = configFor(dir.path().toStdString(), 4, 0, true);
        auto dataset = open(config);
        BatchLoader loader(*dataset, config, 1);
        const auto sum = [](std::vector<double> &) {};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loader.shareAmong({2, 2, sum}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loader.shareAmong({-1, 2, sum}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, loader.shareAmong({0, 2, {}}));
    }
};

QTEST_GUILESS_MAIN(TestBatchShares)
#include "test_batch_shares.moc"
