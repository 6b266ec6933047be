#include "data/BatchLoader.h"
#include "data/Dataset.h"
#include "data/Normalization.h"
#include "testsupport/ForwardingDataset.h"
#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <filesystem>
#include <set>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

DataConfig configFor(const QTemporaryDir &dir, int batchSize, int workers, bool dropLast = true)
{
    DataConfig config;
    config.dataset.root = dir.path().toStdString();
    config.dataloader.batchSize = batchSize;
    config.dataloader.numWorkers = workers;
    config.dataloader.dropLast = dropLast;
    return config;
}

std::unique_ptr<Dataset> open(const DataConfig &config, Task task = Task::Classification)
{
    std::vector<DatasetProblem> problems;
    return openDataset(config, task, 0, problems);
}

std::vector<Batch> epochBatches(BatchLoader &loader, int epoch)
{
    loader.startEpoch(epoch);
    std::vector<Batch> batches;
    Batch batch;
    while (loader.next(batch))
        batches.push_back(batch);
    return batches;
}

std::vector<size_t> indicesOf(const std::vector<Batch> &batches)
{
    std::vector<size_t> indices;
    for (const Batch &batch : batches)
        indices.insert(indices.end(), batch.indices.begin(), batch.indices.end());
    return indices;
}

bool sameBatches(const std::vector<Batch> &a, const std::vector<Batch> &b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i].indices != b[i].indices || a[i].images != b[i].images || a[i].labels != b[i].labels
            || a[i].masks != b[i].masks || a[i].h != b[i].h || a[i].w != b[i].w)
            return false;
    }
    return true;
}

// Sanitized builds abort on an allocation that fails instead of letting it throw.
constexpr bool sanitized =
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    true;
#else
    false;
#endif

// `inner`, but item `huge` is a header claiming 2^24 x 2^24 px over a few bytes: preparing it
// needs petabytes, which fails at once on any machine, as a large photo does on a small one.
class HugeImageDataset : public testsupport::ForwardingDataset
{
public:
    HugeImageDataset(const Dataset &inner, std::size_t huge, int depth)
        : ForwardingDataset(inner), m_huge(huge), m_depth(depth)
    {
    }

    Sample load(std::size_t i) const override
    {
        if (i != m_huge)
            return inner().load(i);
        m_hugeLoaded = true;
        Sample sample;
        sample.image = cv::Mat(1 << 24, 1 << 24, CV_MAKETYPE(m_depth, 3), m_pixels);
        sample.label = inner().label(i);
        return sample;
    }

    bool hugeLoaded() const { return m_hugeLoaded; }

private:
    std::size_t m_huge;
    int m_depth;
    mutable float m_pixels[3] = {};
    mutable std::atomic<bool> m_hugeLoaded{false};
};

} // namespace

class TestBatchLoader : public QObject
{
    Q_OBJECT

private slots:
    void shapesLabelsAndDropLast()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 3, 5, 16);
        DataConfig config = configFor(dir, 4, 0, true);
        auto dataset = open(config);

        BatchLoader loader(*dataset, config, 1);
        Batch batch;
        QVERIFY(!loader.next(batch)); // no epoch started
        QCOMPARE(loader.batchesPerEpoch(), size_t(3));
        const std::vector<Batch> batches = epochBatches(loader, 1);
        QCOMPARE(batches.size(), size_t(3)); // 15 images: the last 3 are dropped
        for (const Batch &b : batches) {
            QCOMPARE(b.n, 4);
            QCOMPARE(b.c, 3);
            QCOMPARE(b.h, 16);
            QCOMPARE(b.w, 16);
            QCOMPARE(b.images.size(), size_t(4 * 3 * 16 * 16));
            QCOMPARE(b.labels.size(), size_t(4));
            QVERIFY(b.masks.empty());
            for (int i = 0; i < b.n; ++i)
                QCOMPARE(b.labels[size_t(i)], std::int64_t(dataset->label(b.indices[size_t(i)])));
        }
        const std::vector<size_t> seen = indicesOf(batches);
        QCOMPARE(std::set<size_t>(seen.begin(), seen.end()).size(), size_t(12)); // no repeats

        config.dataloader.dropLast = false;
        BatchLoader keepLast(*dataset, config, 1);
        QCOMPARE(keepLast.batchesPerEpoch(), size_t(4));
        const std::vector<Batch> all = epochBatches(keepLast, 1);
        QCOMPARE(all.size(), size_t(4));
        QCOMPARE(all.back().n, 3);
        QCOMPARE(all.back().images.size(), size_t(3 * 3 * 16 * 16));
        const std::vector<size_t> everything = indicesOf(all);
        QCOMPARE(std::set<size_t>(everything.begin(), everything.end()).size(), size_t(15));

        // drop_last with fewer images than one batch would give no batch at all
        config.dataloader.batchSize = 16;
        config.dataloader.dropLast = true;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, BatchLoader(*dataset, config, 1));
    }

    void loaderThreadsTheSystemRefusesAreSaid()
    {
        // Under a memory limit the 1000th loader thread could not start: the program ended
        // in std::terminate (threads left unjoined). In a child process, for the limit.
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 2, 4, 8);
        DataConfig config = configFor(dir, 2, 1000, true);
        auto dataset = open(config);
        if (!testsupport::memoryLimitsCanBeTested())
            QSKIP("a sanitizer's allocator ends the program where memory runs out");
        // What is mapped now and 256 MB more: far from a thousand 8 MB stacks.
        const int code = testsupport::exitCodeUnderMemoryLimit(std::uint64_t(256) << 20, [&] {
            try {
                BatchLoader loader(*dataset, config, 1);
                return 3; // every thread started: no limit to test against here
            } catch (const std::runtime_error &error) {
                return std::string(error.what()).find("cannot start 1000 loader threads") != std::string::npos ? 0 : 1;
            }
        });
        QVERIFY2(code != -1, "the child ended by a signal (std::terminate)");
        if (code == 3)
            QSKIP("a thousand threads started under the limit");
        QCOMPARE(code, 0);
    }

    void imagesComeInZeroToOne()
    {
        // [0, 1] whatever the normalisation: the search step normalises (test_search_step).
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        for (const char *cls : {"a", "b"}) {
            fs::create_directories(root + "/" + cls);
            // BGR on disk; RGB (10, 128, 250) in the sample
            QVERIFY(cv::imwrite(root + "/" + cls + "/x.png", cv::Mat(3, 5, CV_8UC3, cv::Scalar(250, 128, 10))));
        }
        const double rgb[3] = {10, 128, 250};
        for (InputDtype dtype : {InputDtype::UInt8, InputDtype::Float32}) {
            DataConfig config = configFor(dir, 2, 0);
            config.inputDtype = dtype;
            config.mean = {0.5, 0.4, 0.3};
            config.std = {0.2, 0.25, 0.5};
            auto dataset = open(config);
            BatchLoader loader(*dataset, config, 9);
            const std::vector<Batch> batches = epochBatches(loader, 1);
            QCOMPARE(batches.size(), size_t(1));
            const Batch &batch = batches[0];
            const size_t plane = 3 * 5;
            for (size_t n = 0; n < 2; ++n)
                for (size_t c = 0; c < 3; ++c) {
                    const double expected = rgb[c] / 255.0;
                    for (size_t p = 0; p < plane; ++p)
                        QVERIFY(std::abs(batch.images[(n * 3 + c) * plane + p] - expected) < 1e-6);
                }
            // Another mean and std change nothing here.
            DataConfig other = config;
            other.mean = {0.1};
            other.std = {0.9};
            BatchLoader otherLoader(*dataset, other, 9);
            QCOMPARE(epochBatches(otherLoader, 1).front().images, batch.images);
        }
    }

    void greyDatasetsGiveOneChannel()
    {
        QTemporaryDir dir;
        const int count = 6, rows = 6, cols = 5;
        testsupport::makeIdxDataset(dir.path().toStdString(), "train", count, rows, cols, 2, false);
        for (int workers : {0, 2}) {
            DataConfig config = configFor(dir, 3, workers);
            config.mean = {0.25};
            config.std = {0.5};
            config.dataloader.shuffle = false;
            auto dataset = open(config);
            QCOMPARE(dataset->channels(), 1);
            BatchLoader loader(*dataset, config, 4);
            const std::vector<Batch> batches = epochBatches(loader, 1);
            QCOMPARE(batches.size(), size_t(2));
            for (const Batch &batch : batches) {
                QCOMPARE(batch.c, 1);
                QCOMPARE(batch.images.size(), size_t(3 * rows * cols));
                for (int n = 0; n < batch.n; ++n) {
                    const int item = int(batch.indices[size_t(n)]);
                    for (int y = 0; y < rows; ++y)
                        for (int x = 0; x < cols; ++x) {
                            const double expected = testsupport::idxPixel(item, y, x) / 255.0;
                            const float got = batch.images[size_t((n * rows + y) * cols + x)];
                            QVERIFY2(std::abs(got - expected) < 1e-5, qPrintable(QString::number(got)));
                        }
                }
            }
        }

        // The ImageNet defaults (three unequal values, averaged for the step) leave the
        // loader's grey [0, 1] images as they are too.
        DataConfig imagenet = configFor(dir, 3, 0);
        imagenet.dataloader.shuffle = false;
        auto dataset = open(imagenet);
        BatchLoader loader(*dataset, imagenet, 4);
        const Batch first = epochBatches(loader, 1).front();
        const double expected = testsupport::idxPixel(int(first.indices[0]), 2, 3) / 255.0;
        QVERIFY(std::abs(first.images[size_t(2 * cols + 3)] - expected) < 1e-6);

        // A colour dataset keeps its three channels and their three values.
        QTemporaryDir colourDir;
        testsupport::makeImageFolderDataset(colourDir.path().toStdString(), 2, 2, 8);
        DataConfig colour = configFor(colourDir, 2, 0);
        auto colourDataset = open(colour);
        QCOMPARE(colourDataset->channels(), 3);
        BatchLoader colourLoader(*colourDataset, colour, 4);
        QCOMPARE(epochBatches(colourLoader, 1).front().c, 3);
    }

    void normalizationRules()
    {
        DataConfig config;
        std::vector<ConfigNote> notes;

        // One value: every channel.
        config.mean = {0.3};
        config.std = {0.2};
        QCOMPARE(resolveNormalization(config, 3, &notes).mean, (std::vector<double>{0.3, 0.3, 0.3}));
        QCOMPARE(resolveNormalization(config, 1, &notes).std, std::vector<double>{0.2});
        QVERIFY(notes.empty());

        // Three equal values on grey: the one value, no note.
        config.mean = {0.5, 0.5, 0.5};
        config.std = {0.25, 0.25, 0.25};
        const ChannelNormalization equal = resolveNormalization(config, 1, &notes);
        QCOMPARE(equal.mean, std::vector<double>{0.5});
        QCOMPARE(equal.std, std::vector<double>{0.25});
        QVERIFY(notes.empty());
        QCOMPARE(resolveNormalization(config, 3, &notes).mean.size(), size_t(3));

        // Three unequal values on grey: their average, and a note naming the key.
        config.mean = {0.1, 0.2, 0.6};
        config.std = {0.3, 0.3, 0.3};
        const ChannelNormalization averaged = resolveNormalization(config, 1, &notes);
        QCOMPARE(averaged.mean.size(), size_t(1));
        QVERIFY(std::abs(averaged.mean[0] - 0.3) < 1e-12);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes[0].keyPath, std::string("data.normalization.mean"));
        QVERIFY2(QString::fromStdString(notes[0].text).contains(QLatin1String("average 0.3")), notes[0].text.c_str());
        // On colour they stay as they are.
        notes.clear();
        QCOMPARE(resolveNormalization(config, 3, &notes).mean, (std::vector<double>{0.1, 0.2, 0.6}));
        QVERIFY(notes.empty());

        // Counts other than one or three, and a std that is not positive, are the config
        // reader's to refuse, naming the key and line (test_config); here they are a caller's
        // mistake.
        config.mean = {0.5, 0.5};
        QVERIFY_THROWS_EXCEPTION(std::logic_error, resolveNormalization(config, 1));
        config.mean = {0.5};
        config.std = {0.1, 0.2, 0.3, 0.4};
        QVERIFY_THROWS_EXCEPTION(std::logic_error, resolveNormalization(config, 3));
    }

    void deterministicWhateverTheWorkers()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 3, 10, 16);
        DataConfig config = configFor(dir, 4, 0);
        config.preprocessing = {testsupport::randomCropStep(12)};
        auto dataset = open(config);

        BatchLoader serial(*dataset, config, 5);
        config.dataloader.numWorkers = 2;
        BatchLoader parallel(*dataset, config, 5);
        const std::vector<Batch> serialFirst = epochBatches(serial, 1);
        const std::vector<Batch> parallelFirst = epochBatches(parallel, 1);
        QCOMPARE(serialFirst.size(), size_t(7));
        QVERIFY(sameBatches(serialFirst, parallelFirst));
        QCOMPARE(serialFirst[0].h, 12);
        const std::vector<Batch> serialSecond = epochBatches(serial, 2);
        QVERIFY(sameBatches(serialSecond, epochBatches(parallel, 2)));
        // replaying an epoch gives it again, even after a later one
        QVERIFY(sameBatches(epochBatches(parallel, 1), serialFirst));

        // another epoch or another seed: another order
        QVERIFY(indicesOf(serialFirst) != indicesOf(serialSecond));
        BatchLoader otherSeed(*dataset, config, 6);
        QVERIFY(indicesOf(epochBatches(otherSeed, 1)) != indicesOf(serialFirst));

        // abandoning an epoch half way does not leak into the next
        parallel.startEpoch(3);
        Batch batch;
        QVERIFY(parallel.next(batch));
        QVERIFY(sameBatches(epochBatches(parallel, 2), serialSecond));
    }

    void noShuffleKeepsTheDatasetOrder()
    {
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 2, 4, 8);
        DataConfig config = configFor(dir, 3, 1, false);
        config.dataloader.shuffle = false;
        auto dataset = open(config);
        BatchLoader loader(*dataset, config, 5);
        QCOMPARE(indicesOf(epochBatches(loader, 4)), (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    }

    void corruptImageIsSkippedAndCounted()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        testsupport::makeImageFolderDataset(root, 3, 10, 8);
        const std::string broken = root + "/class_1/broken.png";
        testsupport::writeGarbage(broken);
        DataConfig config = configFor(dir, 4, 0, false);
        auto dataset = open(config);
        QCOMPARE(dataset->size(), size_t(31));

        BatchLoader serial(*dataset, config, 11);
        config.dataloader.numWorkers = 2;
        BatchLoader parallel(*dataset, config, 11);
        const std::vector<Batch> batches = epochBatches(parallel, 1);
        QVERIFY(sameBatches(batches, epochBatches(serial, 1)));
        // 30 good images: 7 full batches, then 2; the broken one's place is taken by the next
        QCOMPARE(batches.size(), size_t(8));
        for (size_t b = 0; b + 1 < batches.size(); ++b)
            QCOMPARE(batches[b].n, 4);
        QCOMPARE(batches.back().n, 2);
        for (size_t index : indicesOf(batches))
            QVERIFY(dataset->itemName(index) != broken);

        QCOMPARE(parallel.skippedImages(), size_t(1));
        const std::vector<DatasetProblem> warnings = parallel.takeWarnings();
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY(!warnings[0].error);
        QCOMPARE(warnings[0].file, broken);
        QVERIFY(warnings[0].message.find(broken) != std::string::npos);
        QVERIFY(parallel.takeWarnings().empty());

        epochBatches(parallel, 2); // the same image again: counted once, warned once
        QCOMPARE(parallel.skippedImages(), size_t(1));
        QVERIFY(parallel.takeWarnings().empty());
    }

    void mixedSizesNeedAResize()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        fs::create_directories(root + "/a");
        fs::create_directories(root + "/b");
        QVERIFY(cv::imwrite(root + "/a/small.png", cv::Mat(8, 8, CV_8UC3, cv::Scalar::all(1))));
        QVERIFY(cv::imwrite(root + "/b/large.png", cv::Mat(10, 12, CV_8UC3, cv::Scalar::all(1))));
        DataConfig config = configFor(dir, 2, 0);
        config.dataloader.shuffle = false;
        auto dataset = open(config);
        BatchLoader loader(*dataset, config, 1);
        loader.startEpoch(1);
        Batch batch;
        try {
            loader.next(batch);
            QFAIL("no exception");
        } catch (const DatasetError &e) {
            const std::string message = e.what();
            QVERIFY2(message.find(root + "/a/small.png") != std::string::npos
                         && message.find(root + "/b/large.png") != std::string::npos
                         && message.find("8x8") != std::string::npos && message.find("12x10") != std::string::npos
                         && message.find("add Resize (or RandomCrop/CenterCrop) to data.preprocessing")
                                != std::string::npos,
                     message.c_str());
        }

        PreprocessingStep resize;
        resize.name = "Resize";
        resize.args = {{"height", 6}, {"width", 6}};
        config.preprocessing = {resize};
        BatchLoader resized(*dataset, config, 1);
        QCOMPARE(epochBatches(resized, 1).at(0).w, 6);
    }

    void anImageTooLargeForMemoryFailsTheSearchNotTheProgram_data()
    {
        QTest::addColumn<int>("workers");
        QTest::addColumn<int>("depth");
        QTest::addColumn<QString>("says");
        // uint8 runs out in OpenCV's conversion to float (cv::Exception), float32 in the planes (std::bad_alloc).
        const QString opencv = QStringLiteral("(-4:Insufficient memory) Failed to allocate");
        const QString planes = QStringLiteral("out of memory (std::bad_alloc)");
        QTest::newRow("uint8 on a worker") << 2 << CV_8U << opencv;
        QTest::newRow("float32 on a worker") << 2 << CV_32F << planes;
        QTest::newRow("uint8 on the caller's thread") << 0 << CV_8U << opencv;
        QTest::newRow("float32 on the caller's thread") << 0 << CV_32F << planes;
    }

    void anImageTooLargeForMemoryFailsTheSearchNotTheProgram()
    {
        QFETCH(int, workers);
        QFETCH(int, depth);
        QFETCH(QString, says);
        if (sanitized)
            QSKIP("sanitizers abort on a failed allocation instead of throwing");
        QTemporaryDir dir;
        testsupport::makeImageFolderDataset(dir.path().toStdString(), 2, 4, 16);
        const DataConfig config = configFor(dir, 4, workers);
        auto inner = open(config);
        const HugeImageDataset dataset(*inner, 5, depth);
        const std::string huge = dataset.itemName(5);

        BatchLoader loader(dataset, config, 1);
        loader.startEpoch(1);
        if (workers > 0)
            QTRY_VERIFY(dataset.hugeLoaded()); // a worker met it before anyone asked for a batch
        Batch batch;
        try {
            while (loader.next(batch)) {
            }
            QFAIL("no exception");
        } catch (const DatasetError &e) {
            const std::string message = e.what();
            QCOMPARE(e.file(), huge);
            QVERIFY2(message.rfind(huge + ": ", 0) == 0 && message.find(says.toStdString()) != std::string::npos
                         && message.find('\n') == std::string::npos,
                     message.c_str());
        }
    }

    void segmentationBatchesCarryMasks()
    {
        QTemporaryDir dir;
        testsupport::makeSegmentationPairs(dir.path().toStdString(), 5, 3, 16);
        DataConfig config = configFor(dir, 2, 1, false);
        auto dataset = open(config, Task::SemanticSegmentation);
        BatchLoader loader(*dataset, config, 2);
        const std::vector<Batch> batches = epochBatches(loader, 1);
        QCOMPARE(batches.size(), size_t(2)); // the fifth image alone would be no step: left out
        QCOMPARE(loader.batchesPerEpoch(), size_t(2));
        for (const Batch &batch : batches) {
            QVERIFY(batch.labels.empty());
            QCOMPARE(batch.masks.size(), size_t(batch.n) * 16 * 16);
            for (int i = 0; i < batch.n; ++i) {
                const cv::Mat mask = dataset->load(batch.indices[size_t(i)]).mask;
                const std::uint8_t *stored = batch.masks.data() + size_t(i) * 16 * 16;
                QVERIFY(std::equal(mask.datastart, mask.dataend, stored));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestBatchLoader)
#include "test_batch_loader.moc"
