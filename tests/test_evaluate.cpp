// Evaluate: tiny runs that train the small networks with a policy and with the baselines and
// report a held-out score for each arm, plus cancellation, the split, the dataset's warnings
// and bad input.

#include "data/Dataset.h"
#include "evaluate/Baselines.h"
#include "evaluate/Evaluate.h"
#include "evaluate/EvaluateData.h"
#include "replay/ReplayPolicy.h"
#include "testsupport/MatWriter.h"
#include "testsupport/TestSupport.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <numeric>

#include <opencv2/imgcodecs.hpp>

#include <csignal>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>

using namespace augstudio;

namespace {

const std::string kPolicies = std::string(AUGSTUDIO_TEST_DATA_DIR) + "/policies/";

EvaluateOptions tinyOptions(const std::string &root, const std::string &policy)
{
    EvaluateOptions options;
    options.policyPath = kPolicies + policy;
    options.data.dataset.root = root;
    options.epochs = 1;
    options.trainImages = 200;
    options.heldOutImages = 40;
    options.batchSize = 32;
    options.threads = 2;
    options.repeats = 1;
    return options;
}

bool isScore(double value)
{
    return value >= 0.0 && value <= 1.0;
}

bool contains(const std::vector<std::string> &lines, const std::string &part)
{
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string &line) { return line.find(part) != std::string::npos; });
}

std::string joined(const std::vector<std::string> &lines)
{
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";
    return text;
}

// The flip-shift baseline as a policy file, as `augstudio-cli baseline --name flip-shift
// --albumentations 1` writes it.
// The flip-shift baseline as a 1.x policy file; with `resizeFirst`, after a Resize to the
// images' own 32 px, as a searched policy starts with its preprocessing.
std::string writeFlipShiftPolicy(const QTemporaryDir &dir, bool resizeFirst = false)
{
    const std::string path = dir.filePath(resizeFirst ? "resize-flip-shift.json" : "flip-shift.json").toStdString();
    nlohmann::json policy = baselinePolicy("flip-shift", InputDtype::UInt8, 32, 32, AlbumentationsTarget::V1);
    if (resizeFirst) {
        nlohmann::json &transforms = policy["transform"]["transforms"];
        transforms.insert(transforms.begin(),
                          nlohmann::json::object({{"__class_fullname__", "albumentations.augmentations.geometric.resize.Resize"},
                                                  {"height", 32}, {"width", 32}, {"interpolation", 1},
                                                  {"always_apply", true}, {"p", 1.0}}));
    }
    std::ofstream(path) << policy.dump(2);
    return path;
}

// A 1.x policy whose CoarseDropout, applied with probability p, cuts a 40 px hole: it does not
// fit the 32 px images, so a run fails at the first image it is drawn for.
std::string writeHoleTooLargePolicy(const QTemporaryDir &dir, double p)
{
    const std::string path = dir.filePath("hole-too-large.json").toStdString();
    const nlohmann::json dropout = {
        {"__class_fullname__", "albumentations.augmentations.dropout.coarse_dropout.CoarseDropout"},
        {"always_apply", false}, {"p", p}, {"max_holes", 1}, {"min_holes", 1}, {"max_height", 40},
        {"min_height", 40}, {"max_width", 40}, {"min_width", 40}, {"fill_value", 0}};
    const nlohmann::json policy = {
        {"__version__", "1.3.1"},
        {"transform", {{"__class_fullname__", "albumentations.core.composition.Compose"}, {"additional_targets", {}},
                       {"bbox_params", nullptr}, {"keypoint_params", nullptr}, {"p", 1.0},
                       {"transforms", nlohmann::json::array({dropout})}}}};
    std::ofstream(path) << policy.dump(2);
    return path;
}

// Two files cut short, class_0/cut.png and class_1/cut.png, beside `root`'s class folders: their
// headers are whole, so opening the dataset says nothing of them.
void writeCutImages(const std::string &root)
{
    for (const std::string name : {"class_0/cut.png", "class_1/cut.png"}) {
        std::ifstream whole(root + "/class_0/img_0.png", std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(whole)), std::istreambuf_iterator<char>());
        std::ofstream(root + "/" + name, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    }
}

std::vector<std::size_t> sortedCopy(std::vector<std::size_t> indices)
{
    std::sort(indices.begin(), indices.end());
    return indices;
}

} // namespace

class TestEvaluate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_classes = m_dir.filePath("classes").toStdString();
        testsupport::makeImageFolderDataset(m_classes, 3, 80, 32);
        m_segmentation = m_dir.filePath("segmentation").toStdString();
        testsupport::makeSegmentationPairs(m_segmentation, 30, 3, 32);
    }

    void classificationReportsTwoAccuracies()
    {
        std::set<std::string> arms, metrics;
        int calls = 0;
        const EvaluateResult result =
            evaluatePolicy(tinyOptions(m_classes, "augstudio.json"), [&](const EvaluateProgress &p) {
                arms.insert(toString(p.armKind));
                metrics.insert(p.metric);
                ++calls;
                return true;
            });
        QCOMPARE(result.metric, std::string("accuracy"));
        QCOMPARE(result.task, Task::Classification);
        QCOMPARE(result.trainImages, 200);
        QCOMPARE(result.heldOutImages, 40);
        QCOMPARE(result.numClasses, 3);
        QCOMPARE(result.imageSize, 16); // the policy resizes to 16x16
        QCOMPARE(result.channels, 3);
        QCOMPARE(result.runCount(), 1);
        QCOMPARE(result.seeds.front(), std::uint64_t(42));
        QVERIFY(!result.cancelled);
        // No baseline named: flip-shift alone.
        QCOMPARE(result.arms.size(), size_t(2));
        QCOMPARE(result.arms[1].name, std::string("flip-shift"));
        QCOMPARE(result.arms[0].scores.size(), size_t(1));
        QCOMPARE(result.arms[1].scores.size(), size_t(1));
        const double policy = result.arms[0].scores.front(), baseline = result.arms[1].scores.front();
        QVERIFY2(isScore(policy) && isScore(baseline),
                 qPrintable(QString("policy %1, baseline %2").arg(policy).arg(baseline)));
        QCOMPARE(result.comparisons.size(), size_t(1));
        QCOMPARE(result.comparisons[0].difference.mean, policy - baseline);
        QCOMPARE(result.arms[0].stats.std, 0.0);
        QCOMPARE(arms, (std::set<std::string>{"policy", "baseline"}));
        QCOMPARE(metrics, std::set<std::string>{"accuracy"});
        // 200 images in batches of 32 (7 reports: after 6 batches and at the epoch's end), and
        // before each of the 2 batches of 40 held-out images, once per arm.
        QCOMPARE(calls, 2 * (7 + 2));
        qInfo("policy accuracy %.3f, flip-shift baseline %.3f", policy, baseline);
    }

    void sameSeedSameResult()
    {
        // Each run's own training images included: the same seed and repeats, the same figures,
        // and the first run is the one-run evaluation of that seed.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.trainImages = 60;
        options.threads = 1;
        options.repeats = 2;
        const EvaluateResult a = evaluatePolicy(options), b = evaluatePolicy(options);
        QVERIFY(a.trainingDrawnPerRun());
        QCOMPARE(a.arms[0].scores, b.arms[0].scores);
        QCOMPARE(a.arms[1].scores, b.arms[1].scores);
        QCOMPARE(a.arms[0].curves, b.arms[0].curves);
        QCOMPARE(a.comparisons[0].difference.low, b.comparisons[0].difference.low);
        options.repeats = 1;
        const EvaluateResult one = evaluatePolicy(options);
        for (size_t arm = 0; arm < 2; ++arm) {
            QCOMPARE(one.arms[arm].scores.front(), a.arms[arm].scores.front());
            QCOMPARE(one.arms[arm].curves.front(), a.arms[arm].curves.front());
        }
    }

    void eachRunDrawsTrainingImagesOfItsOwn()
    {
        // 240 images, 40 held out: each run draws its 60 training images from the other 200
        // with its own seed, so that the runs' spread covers which images were drawn; the
        // held-out images stay --seed's, scored by every run.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.trainImages = 60;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        EvaluateData data(options, policies, {"none"});
        QCOMPARE(data.trainPoolCount(), 200);
        const std::vector<std::size_t> first = data.trainingImages(), heldOut = data.heldOutImages();
        const EvaluateSet firstSet = data.trainingSet(1, 43, 1);
        data.drawTrainingImages(43);
        const std::vector<std::size_t> second = data.trainingImages();
        QCOMPARE(data.trainCount(), 60);
        QVERIFY(sortedCopy(first) != sortedCopy(second));
        QCOMPARE(data.heldOutImages(), heldOut);
        for (const std::vector<std::size_t> *draw : {&first, &second})
            for (const std::size_t index : *draw)
                QVERIFY(std::find(heldOut.begin(), heldOut.end(), index) == heldOut.end());
        // The augmentation's draws are the same, the images not.
        QVERIFY(data.trainingSet(1, 43, 1).images != firstSet.images);
        // A seed draws the same images in the same order, whatever was drawn before.
        data.drawTrainingImages(42);
        QCOMPARE(data.trainingImages(), first);
        QVERIFY(data.trainingSet(1, 43, 1).images == firstSet.images);
    }

    void aDrawPassesOverImagesThatDoNotDecode()
    {
        // 26 images, 2 of them cut short, 6 held out: every run trains on 10 images that decode,
        // those that do not are named once, and the pool counts them out.
        const std::string root = m_dir.filePath("broken-pool").toStdString();
        testsupport::makeImageFolderDataset(root, 2, 12, 32);
        writeCutImages(root);
        EvaluateOptions options = tinyOptions(root, "augstudio.json");
        options.trainImages = 10;
        options.heldOutImages = 6;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        EvaluateData data(options, policies, {"none"});
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openDataset(options.data, Task::Classification, 0, problems);
        for (std::uint64_t seed = 42; seed < 52; ++seed) {
            data.drawTrainingImages(seed);
            QCOMPARE(data.trainCount(), 10);
            for (const std::size_t index : data.trainingImages()) {
                const std::string name = dataset->itemName(index);
                QVERIFY2(name.find("cut.png") == std::string::npos, name.c_str());
            }
        }
        QCOMPARE(data.skipped().size(), size_t(2));
        QCOMPARE(data.trainPoolCount(), 18);
        QVERIFY(data.trainShortfall().empty());
    }

    void aPoolNoLargerThanAskedServesEveryRun()
    {
        // IDX with t10k files: the 90 images of train are all there are to train on, so every
        // run trains on them, in one order.
        const std::string idx = m_dir.filePath("idx-whole-pool").toStdString();
        testsupport::makeIdxDataset(idx, "train", 90, 16, 16, 3, false);
        testsupport::makeIdxDataset(idx, "t10k", 30, 16, 16, 3, false);
        EvaluateOptions options = tinyOptions(idx, "augstudio.json");
        options.trainImages = 2000;
        options.heldOutImages = 30;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        EvaluateData data(options, policies, {"none"});
        const std::vector<std::size_t> first = data.trainingImages();
        QCOMPARE(first.size(), size_t(90));
        QCOMPARE(data.trainPoolCount(), 90);
        data.drawTrainingImages(43);
        QCOMPARE(data.trainingImages(), first);

        // Without a test split, the 20 of 30 images not held out, for each run: said under
        // the intervals, which then do not cover the training images' choice.
        const std::string thirty = m_dir.filePath("thirty-pool").toStdString();
        testsupport::makeImageFolderDataset(thirty, 3, 10, 32);
        options = tinyOptions(thirty, "augstudio.json");
        options.trainImages = 5000;
        options.heldOutImages = 10;
        options.repeats = 2;
        options.baselineNames = {"none"};
        EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.trainImages, 20);
        QCOMPARE(result.trainPool, 20);
        QVERIFY(!result.trainingDrawnPerRun());
        QVERIFY2(trainingImagesNote(result).find("every run trained on the same 20 images") == 0,
                 trainingImagesNote(result).c_str());
        // A larger pool: each run its own images, nothing to say; nor with one run, no interval.
        options.trainImages = 10;
        result = evaluatePolicy(options);
        QCOMPARE(result.trainPool, 20);
        QVERIFY(result.trainingDrawnPerRun());
        QVERIFY(trainingImagesNote(result).empty());
        options.trainImages = 5000;
        options.repeats = 1;
        QVERIFY(trainingImagesNote(evaluatePolicy(options)).empty());
    }

    void theJsonSaysHowTheTrainingImagesAreDrawn()
    {
        // train_pool and train_drawn_per_run beside held_out_from; the note of a pool that
        // serves every run among the notes.
        const QTemporaryDir out;
        const std::string thirty = m_dir.filePath("thirty-json").toStdString();
        testsupport::makeImageFolderDataset(thirty, 3, 10, 32);
        for (const auto &[trainImages, drawn] : {std::pair{"10", true}, std::pair{"5000", false}}) {
            const QString json = out.filePath(QStringLiteral("result-%1.json").arg(QLatin1String(trainImages)));
            QProcess process;
            process.start(QStringLiteral(AUGSTUDIO_CLI),
                          {QStringLiteral("evaluate"), QStringLiteral("--policy"),
                           QString::fromStdString(kPolicies + "augstudio.json"), QStringLiteral("--dataset"),
                           QString::fromStdString(thirty), QStringLiteral("--baseline"), QStringLiteral("none"),
                           QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--repeats"),
                           QStringLiteral("2"), QStringLiteral("--train-images"), QLatin1String(trainImages),
                           QStringLiteral("--held-out-images"), QStringLiteral("10"), QStringLiteral("--threads"),
                           QStringLiteral("1"), QStringLiteral("--json"), json});
            QVERIFY(process.waitForFinished(120000));
            QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
            const nlohmann::json result = nlohmann::json::parse(std::ifstream(json.toStdString()));
            const nlohmann::json &settings = result.at("settings");
            QCOMPARE(settings.at("train_pool").get<int>(), 20);
            QCOMPARE(settings.at("train_drawn_per_run").get<bool>(), drawn);
            QVERIFY(settings.contains("held_out_from"));
            const std::vector<std::string> notes = result.at("notes").get<std::vector<std::string>>();
            QCOMPARE(contains(notes, "every run trained on the same 20 images"), !drawn);
        }
    }

    void repeatsGiveMeanAndSpread()
    {
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.trainImages = 60;
        options.repeats = 2;
        options.baselineNames = {"none"};
        const EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.runCount(), 2);
        QCOMPARE(result.seeds[0], options.seed);
        QCOMPARE(result.seeds[0] + 1, result.seeds[1]);
        QCOMPARE(result.arms[1].name, std::string("none"));
        const std::vector<double> &policy = result.arms[0].scores;
        QCOMPARE(policy.size(), size_t(2));
        const double mean = (policy[0] + policy[1]) / 2;
        QVERIFY(std::abs(result.arms[0].stats.mean - mean) < 1e-12);
        QVERIFY(std::abs(result.arms[0].stats.std - std::abs(policy[0] - policy[1]) / std::sqrt(2.0)) < 1e-12);
        // Each run's curve has a score per epoch, the last one the run's score.
        QCOMPARE(result.arms[0].curves.size(), size_t(2));
        QCOMPARE(result.arms[0].curves[1].size(), size_t(options.epochs));
        QCOMPARE(result.arms[0].curves[1].back(), policy[1]);
        // Each run's answers per held-out image make its accuracy, and the comparison's
        // interval covers the images' share.
        for (const EvaluateArmResult &arm : result.arms) {
            QCOMPARE(arm.heldOutCorrect.size(), size_t(2));
            for (size_t run = 0; run < 2; ++run) {
                const std::vector<std::uint8_t> &right = arm.heldOutCorrect[run];
                QCOMPARE(int(right.size()), result.heldOutImages);
                const double accuracy = std::accumulate(right.begin(), right.end(), 0.0) / double(right.size());
                QVERIFY(std::abs(accuracy - arm.scores[run]) < 1e-12);
            }
        }
        QCOMPARE(result.comparisons[0].difference.heldOutVariance,
                 heldOutSamplingVariance(result.arms[0].heldOutCorrect, result.arms[1].heldOutCorrect));
    }

    void everyArmIsPairedBySeed()
    {
        // The same policy twice, and two baselines: the two copies must score exactly alike,
        // which they do only from the same initial weights, order and random draws.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.morePolicyPaths = {options.policyPath};
        options.baselineNames = {"none", "trivial-augment"};
        options.trainImages = 60;
        options.repeats = 2;
        options.threads = 1;
        std::set<std::string> names;
        const EvaluateResult result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
            names.insert(p.armName);
            return p.arms == 4;
        });
        QVERIFY(!result.cancelled);
        QCOMPARE(names.size(), size_t(3)); // the policy file, none, trivial-augment
        QCOMPARE(result.arms.size(), size_t(4));
        QVERIFY(result.arms[0].kind == EvaluateArmKind::Policy && result.arms[1].kind == EvaluateArmKind::Policy
                && result.arms[2].kind == EvaluateArmKind::Baseline);
        QCOMPARE(result.arms[3].name, std::string("trivial-augment"));
        for (const EvaluateArmResult &arm : result.arms) {
            QCOMPARE(arm.scores.size(), size_t(2));
            QVERIFY(isScore(arm.scores[0]) && isScore(arm.scores[1]));
            QVERIFY(std::abs(arm.stats.mean - (arm.scores[0] + arm.scores[1]) / 2) < 1e-12);
        }
        QCOMPARE(result.arms[0].scores, result.arms[1].scores);
        QCOMPARE(result.comparisons.size(), size_t(4)); // 2 policies × 2 baselines
        const EvaluateComparison &c = result.comparisons[1];
        QCOMPARE(c.policyArm, 0);
        QCOMPARE(c.baselineArm, 3);
        // The interval's spread is at least one held-out image.
        const PairedDifference expected =
            pairedDifference(result.arms[0].scores, result.arms[3].scores, 1.0 / result.heldOutImages);
        QCOMPARE(c.difference.mean, expected.mean);
        QCOMPARE(c.difference.low, expected.low);
        QVERIFY(c.difference.hasInterval);
        QCOMPARE(result.runCount(), 2);
        QCOMPARE(result.arms[2].name, std::string("none"));
    }

    void segmentationReportsMeanIoU()
    {
        EvaluateOptions options = tinyOptions(m_segmentation, "albumentations-1.x.json");
        options.trainImages = 24;
        options.heldOutImages = 6;
        const EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.metric, std::string("mIoU"));
        QCOMPARE(result.task, Task::SemanticSegmentation);
        QCOMPARE(result.imageSize, 36); // padded to 40, cropped to 36
        QCOMPARE(result.runCount(), 1);
        QVERIFY(isScore(result.arms[0].scores.at(0)) && isScore(result.arms[1].scores.at(0)));
        // Each run's pixel counts per held-out image and class make its mIoU. Per image, the
        // unions and intersections summed over the classes count each pixel not ignored
        // twice (once as truth, once as prediction), whatever an arm predicted.
        std::vector<std::int64_t> pixelsOfArm[2];
        for (size_t arm = 0; arm < 2; ++arm) {
            QCOMPARE(result.arms[arm].heldOutPixels.size(), size_t(1));
            const HeldOutPixelCounts &counts = result.arms[arm].heldOutPixels[0];
            QCOMPARE(counts.images, 6);
            QCOMPARE(counts.classes, result.numClasses);
            QVERIFY(std::abs(meanIou(counts) - result.arms[arm].scores[0]) < 1e-12);
            for (int j = 0; j < counts.images; ++j) {
                std::int64_t twice = 0;
                for (int c = 0; c < counts.classes; ++c) {
                    const std::size_t cell = std::size_t(j * counts.classes + c);
                    QVERIFY(counts.intersection[cell] >= 0 && counts.intersection[cell] <= counts.unions[cell]);
                    twice += counts.unions[cell] + counts.intersection[cell];
                }
                QVERIFY(twice > 0 && twice <= 2 * 36 * 36);
                pixelsOfArm[arm].push_back(twice);
            }
        }
        QCOMPARE(pixelsOfArm[0], pixelsOfArm[1]);
        QVERIFY(result.arms[0].heldOutCorrect.empty());
    }

    void unreadableImagesAreLeftOut()
    {
        // As the search skips them: the evaluation goes on without them and names them. Their
        // headers are whole, so opening the dataset says nothing of them.
        const std::string root = m_dir.filePath("some-broken").toStdString();
        testsupport::makeImageFolderDataset(root, 2, 12, 32);
        writeCutImages(root);
        EvaluateOptions options = tinyOptions(root, "augstudio.json");
        options.trainImages = 20;
        options.heldOutImages = 6;
        const EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.runCount(), 1);
        QCOMPARE(result.trainImages + result.heldOutImages, 24);
        QCOMPARE(result.skippedImages.size(), size_t(2));
        const std::string both = result.skippedImages[0] + result.skippedImages[1];
        QVERIFY2(both.find("class_0/cut.png") != std::string::npos && both.find("class_1/cut.png") != std::string::npos,
                 both.c_str());
    }

    void fileNamedByTheDatasetIsSaidOnce()
    {
        // Files that are no images it reads (a HEIC photo saved as .png, garbage, an empty file)
        // are named when the dataset opens; failing to decode them is not a second warning about each.
        const std::string root = m_dir.filePath("not-images").toStdString();
        testsupport::makeImageFolderDataset(root, 2, 12, 32);
        std::ofstream(root + "/class_0/phone.png", std::ios::binary) << std::string("\0\0\0\x18", 4) << "ftypheic";
        testsupport::writeGarbage(root + "/class_0/broken.png");
        std::ofstream(root + "/class_1/empty.png").flush();
        EvaluateOptions options = tinyOptions(root, "augstudio.json");
        options.trainImages = 20;
        options.heldOutImages = 7;
        const EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.trainImages + result.heldOutImages, 24);
        QVERIFY(result.skippedImages.empty());
        for (const std::string name : {"phone.png", "broken.png", "empty.png"}) {
            const auto naming = std::count_if(result.warnings.begin(), result.warnings.end(),
                                              [&](const std::string &line) { return line.find(name) != std::string::npos; });
            QVERIFY2(naming == 1, name.c_str());
        }
    }

    void greyDatasetTrainsOnOneChannel()
    {
        const std::string grey = m_dir.filePath("grey").toStdString();
        testsupport::makeIdxDataset(grey, "train", 90, 16, 16, 3, false);
        // A policy with a one-value Normalize, as a grey search exports it.
        std::ifstream in(kPolicies + "augstudio.json");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string colourNormalize = "\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]";
        QVERIFY(text.find(colourNormalize) != std::string::npos);
        text.replace(text.find(colourNormalize), colourNormalize.size(), "\"mean\": [0.5], \"std\": [0.25]");
        const std::string greyPolicy = m_dir.filePath("grey-policy.json").toStdString();
        std::ofstream(greyPolicy) << text;

        // That policy, and a colour one (its RGBShift and three means) on the same grey images.
        for (const std::string &policy : {greyPolicy, kPolicies + "augstudio.json"}) {
            EvaluateOptions options = tinyOptions(grey, "augstudio.json");
            options.policyPath = policy;
            options.trainImages = 60;
            options.heldOutImages = 20;
            const EvaluateResult result = evaluatePolicy(options);
            QCOMPARE(result.numClasses, 3);
            QCOMPARE(result.channels, 1);
            QCOMPARE(result.runCount(), 1);
            QVERIFY(isScore(result.arms[0].scores.at(0)) && isScore(result.arms[1].scores.at(0)));
            // Its RGBShift acts on the one channel as a brightness change: said.
            QVERIFY2(contains(result.warnings, "shifts the colour channels apart (RGBShift)"),
                     joined(result.warnings).c_str());
        }
        const EvaluateResult colour =
            evaluatePolicy(tinyOptions(m_classes, "augstudio.json"), [](const EvaluateProgress &) { return false; });
        QVERIFY2(!contains(colour.warnings, "RGBShift"), joined(colour.warnings).c_str());
    }

    void heldOutImagesComeFromTheTestSplit()
    {
        // IDX with t10k files: training uses the train split alone, the held-out images t10k.
        const std::string idx = m_dir.filePath("idx-splits").toStdString();
        testsupport::makeIdxDataset(idx, "train", 90, 16, 16, 3, false);
        testsupport::makeIdxDataset(idx, "t10k", 30, 16, 16, 3, false);
        EvaluateOptions options = tinyOptions(idx, "augstudio.json");
        options.trainImages = 90;
        options.heldOutImages = 50;
        EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.heldOutSource, std::string("the t10k split"));
        QCOMPARE(result.trainImages, 90);   // none of train is held out
        QCOMPARE(result.heldOutImages, 30); // all that t10k has

        QVERIFY2(result.heldOutShortfall.find("holding out 30 of the 50 asked for (its t10k split has 30 images)")
                     == 0,
                 result.heldOutShortfall.c_str());
        QVERIFY(result.trainShortfall.empty());
        // The colour policy's RGBShift on these grey images is said; nothing of the split.
        QVERIFY2(result.warnings.size() == 1 && contains(result.warnings, "RGBShift"), joined(result.warnings).c_str());

        // Without t10k files (nothing to warn of), a fixed part of train: the 50 held-out
        // images asked for would leave training fewer than half, so half of the 90 each.
        const std::string trainOnly = m_dir.filePath("idx-train-only").toStdString();
        testsupport::makeIdxDataset(trainOnly, "train", 90, 16, 16, 3, false);
        options.data.dataset.root = trainOnly;
        result = evaluatePolicy(options);
        QVERIFY2(result.heldOutSource.find("a fixed part of the train split") == 0, result.heldOutSource.c_str());
        QCOMPARE(result.heldOutImages, 45);
        QCOMPARE(result.trainImages, 45);
        QVERIFY2(result.warnings.size() == 1 && contains(result.warnings, "RGBShift"), joined(result.warnings).c_str());

        // VOC: val.txt is the held-out split; without it the listed train images are split.
        const std::string voc = m_dir.filePath("voc").toStdString();
        testsupport::makeVocDataset(voc, 12, 32, true, 8);
        EvaluateOptions vocOptions = tinyOptions(voc, "albumentations-1.x.json");
        vocOptions.trainImages = 100;
        vocOptions.heldOutImages = 100;
        result = evaluatePolicy(vocOptions);
        QVERIFY2(result.heldOutSource.find("a fixed part") == 0, result.heldOutSource.c_str());
        QCOMPARE(result.trainImages + result.heldOutImages, 8);
        std::ofstream(voc + "/ImageSets/Segmentation/val.txt") << "2007_000008\n2007_000009\n2007_0000010\n2007_0000011\n";
        result = evaluatePolicy(vocOptions);
        QCOMPARE(result.heldOutSource, std::string("the val split"));
        QCOMPARE(result.trainImages, 8);
        QCOMPARE(result.heldOutImages, 4);
        // A val list that names a training image is not held out from: its score would flatter.
        std::ofstream(voc + "/ImageSets/Segmentation/val.txt") << "2007_000007\n2007_000009\n";
        result = evaluatePolicy(vocOptions);
        QVERIFY2(result.heldOutSource.find("a fixed part") == 0, result.heldOutSource.c_str());
        QVERIFY2(contains(result.warnings, "the val split is not used: it shares 1 of its 2 images with the train "
                                           "split (" + voc + "/JPEGImages/2007_000007.jpg)"),
                 joined(result.warnings).c_str());

        // SVHN a folder down: test_32x32.mat held out, and the folder read said once, though both
        // splits were read from it.
        const std::string svhn = m_dir.filePath("svhn-download").toStdString();
        testsupport::writeSvhn(svhn + "/svhn/train_32x32.mat", 40);
        testsupport::writeSvhn(svhn + "/svhn/test_32x32.mat", 20);
        EvaluateOptions svhnOptions = tinyOptions(svhn, "augstudio.json");
        const EvaluateData svhnData(svhnOptions, {ReplayPolicy::load(svhnOptions.policyPath)}, {"none"});
        QCOMPARE(svhnData.heldOutSource(), std::string("the test split"));
        const std::string svhnSaid = joined(svhnData.warnings());
        const std::string folderRead = "read " + svhn + "/svhn, the SVHN folder in " + svhn;
        QVERIFY2(svhnSaid.find(folderRead) != std::string::npos
                     && svhnSaid.find(folderRead, svhnSaid.find(folderRead) + 1) == std::string::npos,
                 svhnSaid.c_str());

        // A t10k file cut short is said once by name (zlib's message named it again inside).
        const std::string cut = m_dir.filePath("idx-cut").toStdString();
        testsupport::makeIdxDataset(cut, "train", 90, 16, 16, 3, true);
        testsupport::makeIdxDataset(cut, "t10k", 600, 16, 16, 3, true);
        const std::string labels = cut + "/t10k-labels-idx1-ubyte.gz";
        std::filesystem::resize_file(labels, std::filesystem::file_size(labels) / 2);
        options.data.dataset.root = cut;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        const EvaluateData data(options, policies, {"none"});
        QVERIFY2(contains(data.warnings(), "the t10k split is not used (" + labels + " is truncated or corrupt: "),
                 joined(data.warnings()).c_str());
        const std::string said = joined(data.warnings());
        QCOMPARE(said.find(labels, said.find(labels) + 1), std::string::npos);
    }

    void resnet18NetworkAndCurves()
    {
        // The search's own network, for both tasks; a held-out score after every epoch.
        for (const auto &[root, policy] : {std::pair{m_classes, "augstudio.json"},
                                           std::pair{m_segmentation, "albumentations-1.x.json"}}) {
            EvaluateOptions options = tinyOptions(root, policy);
            options.model = EvaluateModel::ResNet18;
            options.imageSize = 17; // the smallest it takes (augstudio.json makes 16 px)
            options.epochs = 2;
            options.trainImages = 24;
            options.heldOutImages = 8;
            options.baselineNames = {"none"};
            std::vector<double> reported;
            bool scoredAtEpochEnds = true;
            const EvaluateResult result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
                if (p.epochScore) {
                    scoredAtEpochEnds = scoredAtEpochEnds && p.batch == p.batches;
                    reported.push_back(*p.epochScore);
                }
                return true;
            });
            QVERIFY(scoredAtEpochEnds);
            QCOMPARE(result.model, EvaluateModel::ResNet18);
            QCOMPARE(reported.size(), size_t(4)); // 2 arms × 2 epochs
            for (size_t arm = 0; arm < 2; ++arm) {
                const EvaluateArmResult &a = result.arms[arm];
                QCOMPARE(a.curves.size(), size_t(1));
                QCOMPARE(a.curves[0].size(), size_t(2));
                QCOMPARE(a.curves[0], (std::vector<double>{reported[2 * arm], reported[2 * arm + 1]}));
                QCOMPARE(a.curves[0].back(), a.scores[0]);
                QVERIFY(isScore(a.scores[0]));
            }
        }
        QCOMPARE(evaluateModelFromString("resnet18"), std::optional<EvaluateModel>(EvaluateModel::ResNet18));
        QCOMPARE(evaluateModelFromString("small"), std::optional<EvaluateModel>(EvaluateModel::Small));
        QVERIFY(!evaluateModelFromString("vit"));
    }

    void imagesBelowTheNetworkMinimumAreRefused()
    {
        // Two unpadded poolings by 2 leave the small networks 1 px at 4 px; ResNet-18 takes the
        // search's 17 px; batches of one or two images need the deepest maps 2×2.
        QCOMPARE(evaluateMinimumSide(EvaluateModel::Small, Task::Classification), 4);
        QCOMPARE(evaluateMinimumSide(EvaluateModel::Small, Task::SemanticSegmentation, 32), 4);
        QCOMPARE(evaluateMinimumSide(EvaluateModel::Small, Task::Classification, 1), 8);
        QCOMPARE(evaluateMinimumSide(EvaluateModel::ResNet18, Task::Classification), 17);
        QCOMPARE(evaluateMinimumSide(EvaluateModel::ResNet18, Task::SemanticSegmentation, 2), 33);

        // 3 px failed inside LibTorch ("Output size is too small"); now a message with both sizes.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.imageSize = 3;
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const std::invalid_argument &error) {
            const std::string message = error.what();
            QVERIFY2(message.find("3 px") != std::string::npos && message.find("4 px the small network") != std::string::npos,
                     error.what());
        }
        options.imageSize = 4;
        QCOMPARE(evaluatePolicy(options).imageSize, 4);
    }

    void aLastBatchOfOneJoinsTheOneBefore()
    {
        // 33 images in batches of 32 at 4 px: a batch of one image has one value a channel in
        // the deepest BatchNorm, which LibTorch refuses in training; it joins the first batch.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.imageSize = 4;
        options.trainImages = 33;
        options.baselineNames = {"none"};
        int batches = 0;
        const EvaluateResult result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
            batches = p.batches;
            return true;
        });
        QCOMPARE(batches, 1);
        QCOMPARE(result.runCount(), 1);
    }

    void imagesTooLargeToHoldAreSaid()
    {
        // --image-size 2048 (the most it takes) on 200 images is 9.4 GB of floats: it said
        // "std::bad_alloc". In a child process, for a memory limit.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.imageSize = 2048;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        const EvaluateData data(options, policies, {"none"});
        if (!testsupport::memoryLimitsCanBeTested())
            QSKIP("a sanitizer's allocator ends the program where memory runs out");
        const int code = testsupport::exitCodeUnderMemoryLimit(std::uint64_t(1) << 30, [&] {
            try {
                data.trainingSet(1, 42, 1);
                return 3;
            } catch (const std::runtime_error &error) {
                const std::string message = error.what();
                return message.find("out of memory: 200 images of 2048 x 2048 px take") != std::string::npos
                               && message.find("--image-size") != std::string::npos
                           ? 0
                           : 1;
            }
        });
        QVERIFY(code != -1);
        if (code == 3)
            QSKIP("the images fitted under the limit");
        QCOMPARE(code, 0);
    }

    void aBaselineAsAPolicyFileScoresAsTheBaseline()
    {
        // The flip-shift baseline written as a policy file is the flip-shift arm: every arm
        // draws the same numbers for an image, so both train on the very same images. The
        // baseline arm's preprocessing pass used to draw one number first (its Compose's p),
        // shifting all of the baseline's draws; then a file with a preprocessing of its own
        // (a Resize first, as every searched policy) drew one more than the baseline arm.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.trainImages = 60;
        options.threads = 1;
        for (const bool resizeFirst : {false, true}) {
            options.policyPath = writeFlipShiftPolicy(m_dir, resizeFirst);
            const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
            EvaluateData data(options, policies, {"flip-shift"});
            for (const std::uint64_t seed : {42, 43}) {
                data.drawTrainingImages(seed); // each run's own images, the same for both arms
                for (int epoch : {1, 2})
                    QVERIFY2(data.trainingSet(0, seed, epoch).images == data.trainingSet(1, seed, epoch).images,
                             options.policyPath.c_str());
            }
        }

        options.repeats = 2;
        options.epochs = 2;
        const EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.runCount(), 2);
        for (size_t seed = 0; seed < 2; ++seed)
            QCOMPARE(result.arms[0].scores[seed] - result.arms[1].scores[seed], 0.0);
        QCOMPARE(result.arms[0].curves, result.arms[1].curves);
        QCOMPARE(result.comparisons[0].difference.mean, 0.0);
    }

    void aStopIsHeardWhileScoring()
    {
        // The held-out images are scored in batches with a chance to stop before each, the
        // first one right after the epoch's last training batch: a stop does not wait for a
        // large held-out set to be scored.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.trainImages = 60;
        options.heldOutImages = 100;
        options.batchSize = 16;
        std::vector<int> heldOutBatches;
        int ofBatches = 0;
        bool scored = false;
        const EvaluateResult result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
            scored = scored || p.epochScore.has_value();
            if (!p.scoring)
                return true;
            heldOutBatches.push_back(p.heldOutBatch);
            ofBatches = p.heldOutBatches;
            return heldOutBatches.size() < 3; // stop before the third batch
        });
        QVERIFY(result.cancelled);
        QCOMPARE(result.runCount(), 0);
        QCOMPARE(heldOutBatches, (std::vector<int>{0, 1, 2}));
        QCOMPARE(ofBatches, 7); // 100 images in batches of 16
        QVERIFY(!scored);
    }

    void theCliSaysAStopAtOnceAndShowsNoEmptyScores()
    {
#ifndef Q_OS_LINUX
        QSKIP("reads /proc to know when the command listens for the signal");
#else
        // Stopped before its first run finished: no table of zeros, only the line that says so;
        // the signal is answered on standard error, named as it came.
        const QString cli = QStringLiteral(AUGSTUDIO_CLI);
        for (const auto &[signal, name] : {std::pair{SIGINT, "Ctrl-C"}, std::pair{SIGTERM, "SIGTERM"}}) {
            QProcess process;
            process.start(cli, {QStringLiteral("evaluate"), QStringLiteral("--policy"),
                                QString::fromStdString(kPolicies + "augstudio.json"),
                                QStringLiteral("--dataset"), QString::fromStdString(m_classes),
                                QStringLiteral("--epochs"), QStringLiteral("1000"), QStringLiteral("--train-images"),
                                QStringLiteral("60"), QStringLiteral("--held-out-images"), QStringLiteral("20"),
                                QStringLiteral("--threads"), QStringLiteral("1")});
            QVERIFY(process.waitForStarted());
            // A signal before the command listens for it would end the program unheard.
            QElapsedTimer waited;
            waited.start();
            while (!testsupport::catchesSignal(process.processId(), signal) && waited.elapsed() < 60000)
                QTest::qWait(20);
            QVERIFY(testsupport::catchesSignal(process.processId(), signal));
            ::kill(pid_t(process.processId()), signal);
            QVERIFY(process.waitForFinished(60000));
            const QString out = QString::fromUtf8(process.readAllStandardOutput());
            const QString err = QString::fromUtf8(process.readAllStandardError());
            QCOMPARE(process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(process.exitCode(), 130);
            QVERIFY2(err.contains(QStringLiteral("%1: stopping before the next batch").arg(QLatin1String(name))),
                     qPrintable(err));
            QVERIFY2(out.contains(QStringLiteral("interrupted after 0 of 3 run(s)")), qPrintable(out));
            QVERIFY2(!out.contains(QStringLiteral("per seed")) && !out.contains(QStringLiteral("0.0000")),
                     qPrintable(out));
        }
#endif
    }

    void theHeldOutImagesComeFirstWithoutATestSplit()
    {
        // The held-out images asked for, as far as they leave training half of the images (or
        // the fewer it asked for); training takes what is left, up to what it asked for.
        const auto counts = [](std::size_t total, std::size_t train, std::size_t heldOut) {
            const SplitCounts c = splitCounts(total, train, heldOut);
            return std::pair{c.train, c.heldOut};
        };
        using Counts = std::pair<std::size_t, std::size_t>;
        QCOMPARE(counts(300, 5000, 100), Counts(200, 100));
        QCOMPARE(counts(300, 2000000000, 100), Counts(200, 100));
        QCOMPARE(counts(300, 2000, 2000000000), Counts(150, 150));
        QCOMPARE(counts(300, 20, 1000), Counts(20, 280));
        QCOMPARE(counts(300, 2000, 2000), Counts(150, 150));
        QCOMPARE(counts(3, 2000, 2000), Counts(2, 1));
        QCOMPARE(counts(2, 2000, 2000).second, std::size_t(0));

        // Said which count fell short and why, in the words the CLI and the dialog both show.
        const std::string thirty = m_dir.filePath("thirty").toStdString();
        testsupport::makeImageFolderDataset(thirty, 3, 10, 32);
        EvaluateOptions options = tinyOptions(thirty, "augstudio.json");
        options.trainImages = 5000;
        options.heldOutImages = 10;
        EvaluateResult result = evaluatePolicy(options);
        QCOMPARE(result.heldOutImages, 10);
        QCOMPARE(result.trainImages, 20);
        QVERIFY(result.heldOutShortfall.empty());
        QCOMPARE(result.trainShortfall, "training on 20 of the 5000 asked for (" + thirty
                                            + " has 30 images and no test split, and 10 of them are held out)");
        QCOMPARE(splitWarning(result, true, true), "fewer images than asked for: " + result.trainShortfall);
        QVERIFY(splitWarning(result, false, true).empty());

        options.trainImages = 2000;
        options.heldOutImages = 2000000000;
        result = evaluatePolicy(options);
        QCOMPARE(result.heldOutImages, 15);
        QCOMPARE(result.trainImages, 15);
        QCOMPARE(result.heldOutShortfall, "holding out 15 of the 2000000000 asked for (" + thirty
                                              + " has 30 images and no test split; the held-out ones leave training "
                                                "half of them)");

        // Too few to split at all: refused, naming both counts' options.
        const std::string two = m_dir.filePath("two").toStdString();
        testsupport::makeImageFolderDataset(two, 2, 1, 32);
        options.data.dataset.root = two;
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const std::invalid_argument &error) {
            const std::string message = error.what();
            QVERIFY2(message.find("has 2 images") != std::string::npos && message.find("--train-images") != std::string::npos
                         && message.find("--held-out-images") != std::string::npos,
                     error.what());
        }
    }

    void theDatasetsWarningsAreKept()
    {
        // train/ and val/ of class folders: train/ is read, as validate says, and val/ held out.
        const std::string split = m_dir.filePath("split").toStdString();
        testsupport::makeImageFolderDataset(split + "/train", 2, 10, 32);
        testsupport::makeImageFolderDataset(split + "/val", 2, 5, 32);
        EvaluateOptions options = tinyOptions(split, "augstudio.json");
        options.trainImages = 20;
        options.heldOutImages = 10;
        EvaluateResult result = evaluatePolicy(options);
        QVERIFY2(contains(result.warnings, "named as the parts of a split dataset"), joined(result.warnings).c_str());
        QCOMPARE(result.heldOutSource, std::string("the val split"));
        QCOMPARE(result.trainImages, 20);
        QCOMPARE(result.heldOutImages, 10);
        // Which split folder training reads is said once; the held-out val/ is evaluate's choice.
        QVERIFY2(!contains(result.warnings, "names ('val')"), joined(result.warnings).c_str());

        // A t10k file that does not read: training's split is held out from instead, and why is said.
        const std::string idx = m_dir.filePath("idx-bad-t10k").toStdString();
        testsupport::makeIdxDataset(idx, "train", 60, 16, 16, 3, false);
        testsupport::makeIdxDataset(idx, "t10k", 20, 16, 16, 3, false);
        testsupport::writeGarbage(idx + "/t10k-labels-idx1-ubyte", 30);
        options.data.dataset.root = idx;
        result = evaluatePolicy(options);
        QVERIFY2(result.heldOutSource.find("a fixed part of the train split") == 0, result.heldOutSource.c_str());
        QVERIFY2(contains(result.warnings, "the t10k split is not used (")
                     && contains(result.warnings, "t10k-labels-idx1-ubyte"),
                 joined(result.warnings).c_str());

        // A t10k file with labels that the train split lacks: the same, the label named.
        const std::string more = m_dir.filePath("idx-more-t10k-classes").toStdString();
        testsupport::makeIdxDataset(more, "train", 60, 16, 16, 3, false);
        testsupport::makeIdxDataset(more, "t10k", 20, 16, 16, 5, false);
        options.data.dataset.root = more;
        result = evaluatePolicy(options);
        QVERIFY2(result.heldOutSource.find("a fixed part of the train split") == 0, result.heldOutSource.c_str());
        QVERIFY2(contains(result.warnings, "the t10k split is not used (" + more + "/t10k-labels-idx1-ubyte has 5 "
                                           "classes (largest label 4)"),
                 joined(result.warnings).c_str());
    }

    void aLaterPolicysOwnPreprocessingIsSaidToGoUnused()
    {
        // Every arm trains on what the first policy makes of the images: a second policy with
        // another preprocessing or Normalize is told so, not silently evaluated on the first's.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.morePolicyPaths = {writeFlipShiftPolicy(m_dir)};
        options.trainImages = 20;
        options.heldOutImages = 10;
        EvaluateResult result = evaluatePolicy(options, [](const EvaluateProgress &) { return false; });
        QVERIFY2(contains(result.warnings, "flip-shift.json: its ")
                     && contains(result.warnings, "augstudio.json's, which serve every arm"),
                 joined(result.warnings).c_str());
        // The same file twice has nothing to say.
        options.morePolicyPaths = {options.policyPath};
        result = evaluatePolicy(options, [](const EvaluateProgress &) { return false; });
        QVERIFY2(!contains(result.warnings, "which serve every arm"), joined(result.warnings).c_str());

        // As said: a later policy with a centre crop in place of the first's Resize trains on
        // the first's preprocessing (it trained on its own 14 px crops, scored on whole images).
        const std::string resized = writeFlipShiftPolicy(m_dir, /*resizeFirst=*/true);
        nlohmann::json cropped = nlohmann::json::parse(std::ifstream(resized));
        cropped["transform"]["transforms"][0] = {
            {"__class_fullname__", "albumentations.augmentations.crops.transforms.CenterCrop"},
            {"height", 14}, {"width", 14}, {"always_apply", true}, {"p", 1.0}};
        const std::string croppedPath = m_dir.filePath("crop-flip-shift.json").toStdString();
        std::ofstream(croppedPath) << cropped.dump(2);
        options.policyPath = resized;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(resized), ReplayPolicy::load(croppedPath)};
        const EvaluateData data(options, policies, {});
        QVERIFY(data.trainingSet(0, 42, 1).images == data.trainingSet(1, 42, 1).images);
    }

    void aClassWithoutHeldOutImagesIsSaid()
    {
        // 30, 30 and 2 images, 6 held out: the rare class is trained on and never scored.
        const std::string rare = m_dir.filePath("rare").toStdString();
        testsupport::makeImageFolderDataset(rare, 2, 30, 16);
        testsupport::makeImageFolderDataset(rare + "/scarce", 1, 2, 16);
        std::filesystem::rename(rare + "/scarce/class_0", rare + "/zz_rare");
        std::filesystem::remove_all(rare + "/scarce");
        EvaluateOptions options = tinyOptions(rare, "augstudio.json");
        options.trainImages = 56;
        options.heldOutImages = 6;
        const EvaluateResult result = evaluatePolicy(options, [](const EvaluateProgress &) { return false; });
        QVERIFY2(contains(result.warnings, "1 class has training images but none held out (zz_rare)"),
                 joined(result.warnings).c_str());
        // Classes of many images each are all held out.
        const EvaluateResult balanced =
            evaluatePolicy(tinyOptions(m_classes, "augstudio.json"), [](const EvaluateProgress &) { return false; });
        QVERIFY2(!contains(balanced.warnings, "none held out"), joined(balanced.warnings).c_str());
        QVERIFY2(!contains(balanced.warnings, "none to train on"), joined(balanced.warnings).c_str());

        // Two training images of three classes: a class is held out and never trained on.
        EvaluateOptions few = tinyOptions(m_classes, "augstudio.json");
        few.trainImages = 2;
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(few.policyPath)};
        const EvaluateData data(few, policies, {"none"});
        QVERIFY2(contains(data.warnings(), "held-out images but none to train on"), joined(data.warnings()).c_str());

        // Each run draws its own training images: a rare class held out and in the first run's
        // draw but missing from another's is said, with the runs it is missing from.
        EvaluateOptions drawn = tinyOptions(rare, "augstudio.json");
        drawn.trainImages = 20;
        drawn.heldOutImages = 12;
        drawn.repeats = 3;
        const std::int64_t rareClass = 2; // class_0, class_1, zz_rare
        const std::vector<ReplayPolicy> drawnPolicies{ReplayPolicy::load(drawn.policyPath)};
        bool found = false;
        for (std::uint64_t seed = 1; seed <= 200 && !found; ++seed) {
            drawn.seed = seed;
            EvaluateData split(drawn, drawnPolicies, {"none"});
            const auto hasRare = [&](const EvaluateSet &set) {
                return std::count(set.labels.begin(), set.labels.end(), rareClass) > 0;
            };
            if (!hasRare(split.heldOutSet()))
                continue;
            int runsWithout = 0;
            for (int r = 0; r < drawn.repeats; ++r) {
                split.drawTrainingImages(seed + std::uint64_t(r));
                runsWithout += hasRare(split.trainingSet(0, seed + std::uint64_t(r), 1)) ? 0 : 1;
            }
            split.drawTrainingImages(seed);
            if (!hasRare(split.trainingSet(0, seed, 1)) || runsWithout == 0)
                continue;
            found = true;
            const std::string said = "1 class has held-out images but none to train on (zz_rare in "
                                     + std::to_string(runsWithout) + " of 3 runs): every arm scores its images wrong "
                                                                     "in the runs without it";
            QVERIFY2(contains(split.warnings(), said), (said + " | " + joined(split.warnings())).c_str());
        }
        QVERIFY2(found, "no seed up to 200 draws the rare class for the first run only");
    }

    void theImageSizeDoesNotDependOnTheSeed()
    {
        // Images of two sizes, the first of the dataset alone in its size, and a policy that
        // does not resize: the network's side is the first image's, whichever images a seed
        // holds out (it came from the first held-out one); the mix is said.
        const std::string mixed = m_dir.filePath("mixed").toStdString();
        for (int c = 0; c < 2; ++c) {
            QVERIFY(QDir().mkpath(QString::fromStdString(mixed + "/class_" + std::to_string(c))));
            for (int i = 0; i < 8; ++i) {
                const int side = c == 0 && i == 0 ? 40 : 24;
                cv::Mat image(side, side, CV_8UC3, cv::Scalar(40 + 100 * c, 90, 200 - 20 * i));
                QVERIFY(cv::imwrite(mixed + "/class_" + std::to_string(c) + "/" + std::to_string(i) + ".png", image));
            }
        }
        DataConfig data;
        data.dataset.root = mixed;
        std::vector<DatasetProblem> problems;
        const cv::Size first = openDataset(data, Task::Classification, 0, problems)->load(0).image.size();
        QCOMPARE(first, cv::Size(40, 40));

        EvaluateOptions options = tinyOptions(mixed, "augstudio.json");
        options.policyPath = writeFlipShiftPolicy(m_dir);
        options.trainImages = 10;
        options.heldOutImages = 6;
        options.baselineNames = {"none"};
        for (const std::uint64_t seed : {1, 2, 3, 4, 5}) {
            options.seed = seed;
            const EvaluateResult result = evaluatePolicy(options);
            QCOMPARE(result.imageSize, std::max(first.width, first.height));
            QVERIFY2(contains(result.warnings, "the images differ in size after the preprocessing"),
                     joined(result.warnings).c_str());
        }
    }

    void cancelStopsAndSaysSo()
    {
        const EvaluateResult result =
            evaluatePolicy(tinyOptions(m_classes, "augstudio.json"), [](const EvaluateProgress &) { return false; });
        QVERIFY(result.cancelled);
        QCOMPARE(result.runCount(), 0);
        for (const EvaluateArmResult &arm : result.arms)
            QVERIFY(arm.scores.empty() && arm.curves.empty());
    }

    // A stop heard as a run's last arm reports its final score keeps that run: the report
    // said it finished (the CLI prints the line the user saw before pressing Ctrl-C).
    void aStopAsTheLastArmEndsKeepsTheRun()
    {
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.repeats = 3;
        bool stopped = false;
        const EvaluateResult result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
            if (p.repeat == 1 && p.armIndex + 1 == p.arms && p.epochScore && p.epoch == p.epochs && !p.scoring)
                stopped = true;
            return !stopped;
        });
        QVERIFY(stopped);
        QVERIFY(result.cancelled);
        QCOMPARE(result.runCount(), 1);
        for (const EvaluateArmResult &arm : result.arms)
            QCOMPARE(arm.scores.size(), std::size_t(1));
    }

    void heldOutLabelsAreTrainingsClassesByName()
    {
        // A val split lacking class_1 and holding a class training does not have, which comes
        // first: its folder positions are not training's class ids, its class names are.
        const std::string root = m_dir.filePath("val-by-name").toStdString();
        testsupport::makeImageFolderDataset(root + "/train", 3, 12, 16);
        testsupport::makeImageFolderDataset(root + "/val", 3, 6, 16);
        std::filesystem::rename(root + "/val/class_1", root + "/val/a_unknown");
        EvaluateOptions options = tinyOptions(root, "augstudio.json");
        const std::vector<ReplayPolicy> policies{ReplayPolicy::load(options.policyPath)};
        const EvaluateData data(options, policies, {"none"});
        QCOMPARE(data.heldOutSource(), std::string("the val split"));
        QCOMPARE(data.heldOutCount(), 12); // the unknown class's 6 left out
        const EvaluateSet heldOut = data.heldOutSet();
        std::multiset<std::int64_t> labels(heldOut.labels.begin(), heldOut.labels.end());
        QCOMPARE(labels.count(0), std::size_t(6));
        QCOMPARE(labels.count(1), std::size_t(0));
        QCOMPARE(labels.count(2), std::size_t(6));
        QVERIFY2(contains(data.warnings(), "6 images of the val split are left out: their class, a_unknown, is not "
                                           "one of the train split's"),
                 joined(data.warnings()).c_str());
        QVERIFY2(contains(data.warnings(), "1 class has training images but none held out (class_1)"),
                 joined(data.warnings()).c_str());
        QVERIFY2(!contains(data.warnings(), "num_classes"), joined(data.warnings()).c_str());

        // A val split of one class: its images keep training's id of it.
        std::filesystem::remove_all(root + "/val/a_unknown");
        std::filesystem::remove_all(root + "/val/class_0");
        const EvaluateData one(options, policies, {"none"});
        QCOMPARE(one.heldOutCount(), 6);
        const EvaluateSet oneSet = one.heldOutSet();
        QVERIFY(std::all_of(oneSet.labels.begin(), oneSet.labels.end(), [](std::int64_t l) { return l == 2; }));

        // None of its classes trained on: not used, as another unusable split.
        std::filesystem::rename(root + "/val/class_2", root + "/val/other");
        const EvaluateData none(options, policies, {"none"});
        QVERIFY2(none.heldOutSource().find("a fixed part of the train split") == 0, none.heldOutSource().c_str());
        QVERIFY2(contains(none.warnings(), "the val split is not used: none of its classes (other) is one of the "
                                           "train split's: a fixed part of the train split is held out instead"),
                 joined(none.warnings()).c_str());
    }

    void anErrorKeepsTheRunsThatFinished()
    {
        // A hole drawn rarely that does not fit: the first run passes (the seed is chosen so),
        // a later one fails. The finished runs come with the error, which names image and transform.
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.policyPath = writeHoleTooLargePolicy(m_dir, 0.01);
        options.baselineNames = {"none"};
        options.trainImages = 60;
        options.heldOutImages = 20;
        options.repeats = 20;
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const EvaluateRunError &error) {
            const std::string message = error.what();
            QVERIFY2(message.find(".png: ") != std::string::npos && message.find("CoarseDropout") != std::string::npos,
                     error.what());
            const EvaluateResult &partial = error.partial();
            QVERIFY(partial.cancelled);
            QVERIFY2(partial.runCount() >= 1 && partial.runCount() < 20, message.c_str());
            QCOMPARE(partial.seeds.front(), std::uint64_t(42));
            for (const EvaluateArmResult &arm : partial.arms) {
                QCOMPARE(int(arm.scores.size()), partial.runCount());
                QCOMPARE(arm.stats.mean, arm.scores.front()); // summarised, as a stop's result
            }
        }
    }

    void seedsPastTheLastAreRefused()
    {
        // Repeat r trains with seed + r: past 2^64 - 1 it would wrap to seed 0.
        const std::uint64_t last = std::numeric_limits<std::uint64_t>::max();
        QVERIFY(seedsFit(last, 1));
        QVERIFY(!seedsFit(last, 2));
        QVERIFY(seedsFit(last - 1, 2));
        QVERIFY(!seedsFit(last - 1, 3));
        QVERIFY(seedsFit(0, std::numeric_limits<int>::max()));
        EvaluateOptions options = tinyOptions(m_classes, "augstudio.json");
        options.seed = last;
        options.repeats = 2;
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(std::string(error.what()).find("18446744073709551615 with 2 repeats") != std::string::npos,
                     error.what());
        }
    }

    void badInputIsReported()
    {
        EvaluateOptions options = tinyOptions(m_classes, "missing.json");
        QVERIFY_THROWS_EXCEPTION(ReplayError, evaluatePolicy(options));
        options = tinyOptions(m_dir.filePath("nothing").toStdString(), "augstudio.json");
        QVERIFY_THROWS_EXCEPTION(DatasetError, evaluatePolicy(options));
        options = tinyOptions(m_classes, "augstudio.json");
        options.epochs = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluatePolicy(options));
        options = tinyOptions(m_classes, "augstudio.json");
        options.baselineNames.clear();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluatePolicy(options));
        // A second policy that does not load, an unknown baseline: each named.
        options = tinyOptions(m_classes, "augstudio.json");
        options.morePolicyPaths = {kPolicies + "second-missing.json"};
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const ReplayError &error) {
            QVERIFY2(std::string(error.what()).find("second-missing.json") != std::string::npos, error.what());
        }
        options = tinyOptions(m_classes, "augstudio.json");
        options.baselineNames = {"none", "autoaugment"};
        try {
            evaluatePolicy(options);
            QFAIL("no exception");
        } catch (const std::invalid_argument &error) {
            const std::string message = error.what();
            QVERIFY2(message.find("autoaugment") != std::string::npos
                         && message.find("trivial-augment") != std::string::npos,
                     error.what());
        }
        // A policy file's Normalize with a std of 0 or two means: refused by the replay, naming
        // file and key, before evaluate resolves it per channel.
        std::ifstream in(kPolicies + "augstudio.json");
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string colourNormalize = "\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]";
        QVERIFY(text.find(colourNormalize) != std::string::npos);
        using BadNormalize = std::pair<std::string, std::string>; // the values, the key named
        const std::vector<BadNormalize> bads = {{"\"mean\": [0.5], \"std\": [0]", "Normalize.std"},
                                                {"\"mean\": [0.5, 0.5], \"std\": [0.25]", "Normalize.mean"}};
        for (const auto &[values, key] : bads) {
            std::string bad = text;
            bad.replace(bad.find(colourNormalize), colourNormalize.size(), values);
            const std::string badPolicy = m_dir.filePath("bad-normalize.json").toStdString();
            std::ofstream(badPolicy) << bad;
            options = tinyOptions(m_classes, "augstudio.json");
            options.policyPath = badPolicy;
            try {
                evaluatePolicy(options);
                QFAIL("no exception");
            } catch (const ReplayError &error) {
                const std::string message = error.what();
                QVERIFY2(message.find("bad-normalize.json") != std::string::npos && message.find(key) != std::string::npos,
                         error.what());
            }
        }
    }

private:
    QTemporaryDir m_dir;
    std::string m_classes, m_segmentation;
};

QTEST_GUILESS_MAIN(TestEvaluate)
#include "test_evaluate.moc"
