#include "evaluate/EvaluateData.h"

#include "evaluate/Baselines.h"

#include "data/DatasetLayouts.h"
#include "data/DeterministicRandom.h"
#include "data/MaskNames.h"
#include "data/Normalization.h"
#include "data/ParallelFor.h"
#include "data/SplitFolders.h"
#include "models/Architectures.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace augstudio {

namespace {

constexpr int kMaxSide = 64;                         // the small network's default ceiling
constexpr double kCacheBudgetBytes = 1024.0 * 1024 * 1024; // decoded images kept in memory up to this
constexpr std::uint64_t kSplitSalt = 0x73706c6974ULL;
constexpr std::uint64_t kHeldOutSalt = 0x68656c64ULL;
constexpr std::uint64_t kPreprocessingSalt = 0x70726570ULL;
constexpr std::uint64_t kSideSeed = 0x73696465ULL;           // the first image's preprocessing, for its size
constexpr std::size_t kMinTrainImages = 2;
constexpr int kMixedSizesChecked = 8;                       // distinct sizes preprocessed to find a mixed set
constexpr std::size_t kNotInPool = static_cast<std::size_t>(-1);

// 0, 1, … count − 1 in the order `seed` shuffles them.
std::vector<std::size_t> shuffledIndices(std::size_t count, std::uint64_t seed)
{
    std::vector<std::size_t> order(count);
    for (std::size_t i = 0; i < count; ++i)
        order[i] = i;
    deterministicShuffle(order, seed);
    return order;
}

// A test split and, for classification, the training class of each of its classes (-1: none).
struct TestSplit
{
    std::unique_ptr<Dataset> dataset;
    std::vector<int> classes;
};

Task taskOfData(const DataConfig &data)
{
    std::optional<DatasetLayout> layout = layoutFromString(data.dataset.layout);
    if (!layout)
        layout = detectLayout(data.dataset.root);
    return layout ? taskOf(*layout) : Task::Classification;
}

// The split a dataset keeps for testing: IDX's t10k files, CIFAR's test batch, SVHN's test_32x32.mat, Flowers-102's tstid, STL-10's test_X.bin, VOC's and Cityscapes' val, and the
// val/ (else test/) split folder of class folders or image/mask pairs that have split folders,
// or the val_images/ (else test_images/) of image and mask folders named for their splits.
std::optional<std::string> testSplitOf(DatasetLayout layout, const std::string &root)
{
    switch (layout) {
    case DatasetLayout::Idx:
        return std::string("t10k");
    case DatasetLayout::Cifar:
    case DatasetLayout::Svhn:
    case DatasetLayout::Flowers102:
    case DatasetLayout::Stl10:
        return std::string("test");
    case DatasetLayout::Voc:
    case DatasetLayout::Cityscapes:
        return std::string("val");
    case DatasetLayout::ImageFolder:
    case DatasetLayout::SegmentationPairs: {
        // Pairs keep their split folders inside images/ (images/val/), class folders at the root.
        std::filesystem::path base = datasetFolderIn(root);
        if (layout == DatasetLayout::SegmentationPairs) {
            // val_images/ + val_masks/ beside train_images/ + train_masks/
            const std::map<std::string, NamedMaskFolders> splits = splitFoldersOfImagesAndMasks(base);
            for (const char *split : {"val", "test"})
                if (splits.count(split))
                    return std::string(split);
            if (const std::optional<PairFolders> pairs = findPairFolders(base))
                base = pairs->images;
        }
        for (const char *split : {"val", "test"})
            if (findSplitFolder(base, split))
                return std::string(split);
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

// What the training images are: "the train split" of a dataset with splits, else "the images".
std::string imagesOf(const DataConfig &data, DatasetLayout layout)
{
    const bool hasSplits = testSplitOf(layout, data.dataset.root).has_value();
    return hasSplits && !data.dataset.split.empty() ? "the " + data.dataset.split + " split" : std::string("the images");
}

bool isTestSplit(const std::string &split)
{
    for (const char *name : {"t10k", "test", "testing", "val", "valid", "validation", "dev"})
        if (split == name)
            return true;
    return false;
}

// VOC without ImageSets/Segmentation/<split>.txt uses every mask: such a split is not a
// split at all, and a test split of it would overlap the training images.
bool usedWholeFolder(const std::vector<DatasetProblem> &problems)
{
    return std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &problem) {
        return problem.file.size() > 4 && problem.file.compare(problem.file.size() - 4, 4, ".txt") == 0
               && problem.message.find("does not exist") != std::string::npos;
    });
}

// The images of `test` that `training` holds too, by their file names.
std::vector<std::string> sharedItems(const Dataset &training, const Dataset &test)
{
    std::unordered_set<std::string> trained;
    for (std::size_t i = 0; i < training.size(); ++i)
        trained.insert(training.itemName(i));
    std::vector<std::string> shared;
    for (std::size_t i = 0; i < test.size(); ++i)
        if (trained.count(test.itemName(i)))
            shared.push_back(test.itemName(i));
    return shared;
}

// Whether `error` is about a file of the dataset that is there (a corrupt t10k file), not
// about a split that is missing (its folder or the dataset's folder named).
bool aboutAFileThere(const DatasetError &error, const std::string &root)
{
    std::error_code failed;
    const std::filesystem::path file = std::filesystem::weakly_canonical(error.file(), failed);
    return !error.file().empty() && std::filesystem::exists(file, failed)
           && file != std::filesystem::weakly_canonical(root, failed);
}

// The test split opened. Its class folders are its own (a class it lacks or adds would shift
// the others' positions), matched to training's by name afterwards; IDX names its classes by
// their count and masks hold class ids, so those take training's count.
std::unique_ptr<Dataset> openSplitOnItsOwn(const DataConfig &testData, const Dataset &training,
                                           std::vector<DatasetProblem> &problems)
{
    if (training.layout() != DatasetLayout::ImageFolder)
        return openDataset(testData, training.task(), training.numClasses(), problems);
    try {
        return openDataset(testData, training.task(), 0, problems);
    } catch (const DatasetError &) {
        // A split of one class is refused on its own (classification needs 2); counted as
        // training's it opens, and any other error comes again.
        problems.clear();
    }
    std::unique_ptr<Dataset> test = openDataset(testData, training.task(), training.numClasses(), problems);
    // "num_classes is 3 but <val> shows only 1 classes": evaluate's count, not a setting of the user's.
    problems.erase(std::remove_if(problems.begin(), problems.end(),
                                  [](const DatasetProblem &p) { return p.message.rfind("num_classes is ", 0) == 0; }),
                   problems.end());
    return test;
}

// The training class of each of `test`'s classes, by name; -1 where training has none of that name.
std::vector<int> trainingClassesOf(const Dataset &training, const Dataset &test)
{
    std::unordered_map<std::string, int> trained;
    const std::vector<std::string> trainedNames = training.classNames();
    for (std::size_t c = 0; c < trainedNames.size(); ++c)
        trained.emplace(trainedNames[c], static_cast<int>(c));
    std::vector<int> classes;
    for (const std::string &name : test.classNames()) {
        const auto found = trained.find(name);
        classes.push_back(found == trained.end() ? -1 : found->second);
    }
    return classes;
}

// The training class of `test`'s item i (trainingClassesOf), -1 for a class training lacks.
int trainingLabelOf(const Dataset &test, const std::vector<int> &classes, std::size_t i)
{
    const int label = test.label(i);
    return label >= 0 && std::size_t(label) < classes.size() ? classes[std::size_t(label)] : -1;
}

// The images of `test` whose class training does not have: how many, and their classes named
// (five at most) and counted.
struct UntrainedClasses
{
    std::size_t images = 0;
    int classes = 0;
    std::string named;
};

UntrainedClasses untrainedClasses(const Dataset &test, const std::vector<int> &classes)
{
    UntrainedClasses untrained;
    std::vector<char> seen(classes.size(), 0);
    const std::vector<std::string> names = test.classNames();
    for (std::size_t i = 0; i < test.size(); ++i) {
        if (trainingLabelOf(test, classes, i) >= 0)
            continue;
        ++untrained.images;
        const int label = test.label(i);
        if (label < 0 || std::size_t(label) >= seen.size() || seen[std::size_t(label)])
            continue;
        seen[std::size_t(label)] = 1;
        if (++untrained.classes <= 5)
            untrained.named += (untrained.named.empty() ? "" : ", ") + names[std::size_t(label)];
    }
    if (untrained.classes > 5)
        untrained.named += ", ...";
    return untrained;
}

// Whether the test split's classes leave it images to hold out. Its images of a class training
// does not have are left out (every arm would score them wrong), said in `warnings`; a split of
// such images alone is not used, as another unusable one.
bool keepsTrainedClasses(const std::string &split, const std::string &trainingImages, const Dataset &test,
                         const std::vector<int> &classes, std::vector<std::string> &warnings)
{
    const UntrainedClasses untrained = untrainedClasses(test, classes);
    if (untrained.images == 0)
        return true;
    if (untrained.images == test.size()) {
        warnings.push_back("the " + split + " split is not used: none of its classes (" + untrained.named
                           + ") is one of " + trainingImages + "'s: a fixed part of " + trainingImages
                           + " is held out instead");
        return false;
    }
    warnings.push_back(std::to_string(untrained.images) + " images of the " + split + " split are left out: "
                       + (untrained.classes == 1 ? "their class, " + untrained.named + ", is not one of "
                                                 : "their " + std::to_string(untrained.classes) + " classes ("
                                                       + untrained.named + ") are not among ")
                       + trainingImages + "'s, so no arm could be trained to tell them");
    return true;
}

// The dataset's own test split, opened, when it has one that training does not use, with the
// training class of each of its classes (classification). One that is there but cannot be
// used (a corrupt t10k file) is said in `warnings`, with its problems.
TestSplit openTestSplit(const DataConfig &data, const Dataset &training,
                        const std::vector<DatasetProblem> &trainingProblems, std::vector<std::string> &warnings,
                        std::vector<DatasetProblem> &testProblems)
{
    const std::optional<std::string> split = testSplitOf(training.layout(), data.dataset.root);
    if (!split || isTestSplit(data.dataset.split) || usedWholeFolder(trainingProblems))
        return {};
    DataConfig testData = data;
    testData.dataset.split = *split;
    testData.dataset.layout = toString(training.layout());
    testData.dataset.limit = 0;
    std::vector<DatasetProblem> problems;
    try {
        std::unique_ptr<Dataset> test = openSplitOnItsOwn(testData, training, problems);
        if (usedWholeFolder(problems) || test->size() == 0)
            return {};
        // Split lists written by hand may share names: held-out images training saw would
        // flatter every arm.
        if (const std::vector<std::string> shared = sharedItems(training, *test); !shared.empty()) {
            warnings.push_back("the " + *split + " split is not used: it shares " + std::to_string(shared.size())
                               + " of its " + std::to_string(test->size()) + " images with "
                               + imagesOf(data, training.layout()) + " (" + shared.front()
                               + (shared.size() > 1 ? ", ..." : "")
                               + "): a fixed part of " + imagesOf(data, training.layout()) + " is held out instead");
            return {};
        }
        std::vector<int> classes;
        if (training.task() == Task::Classification) {
            classes = trainingClassesOf(training, *test);
            if (!keepsTrainedClasses(*split, imagesOf(data, training.layout()), *test, classes, warnings))
                return {};
        }
        for (const DatasetProblem &problem : problems) {
            // "read <root>/val, the split data.dataset.split names": evaluate chose it, and
            // the report's first line says so; not a setting of the user's to question.
            if (problem.message.find("the split data.dataset.split names") != std::string::npos)
                continue;
            // Said of training already ("read <root>/svhn, the SVHN folder in <root>").
            if (std::any_of(trainingProblems.begin(), trainingProblems.end(),
                            [&](const DatasetProblem &said) { return said.message == problem.message; }))
                continue;
            warnings.push_back(problem.message);
            testProblems.push_back(problem);
        }
        return {std::move(test), std::move(classes)};
    } catch (const DatasetError &error) {
        // A split that is not there is no news: the report's first line says where the
        // held-out images come from.
        if (aboutAFileThere(error, data.dataset.root))
            warnings.push_back("the " + *split + " split is not used (" + error.what() + "): a fixed part of "
                               + imagesOf(data, training.layout()) + " is held out instead");
        return {};
    }
}

std::string count(std::size_t n)
{
    return std::to_string(n);
}

// The size `policy`'s preprocessing makes of `sample`, drawn always alike (a random crop);
// throws what the preprocessing throws.
cv::Size preprocessedSize(const ReplayPolicy &policy, const Sample &sample)
{
    std::mt19937_64 rng(kSideSeed);
    return policy.apply(sample.image, sample.mask, rng, ReplayOptions{false, false}).image.size();
}

double bytesOf(const Sample &sample)
{
    return double(sample.image.total() * sample.image.elemSize() + sample.mask.total());
}

} // namespace

// Decoded samples kept in memory, up to kCacheBudgetBytes in all; threads take from it at once.
class EvaluateData::CacheBudget
{
public:
    explicit CacheBudget(double used) : m_used(used) {}

    // Whether `sample` fits, counted in when it does. Once one does not, the budget is full.
    bool take(const Sample &sample)
    {
        const double bytes = bytesOf(sample);
        double before = m_used.load();
        while (before + bytes < kCacheBudgetBytes && !m_used.compare_exchange_weak(before, before + bytes)) {
        }
        const bool fits = before + bytes < kCacheBudgetBytes;
        if (!fits)
            m_full = true;
        return fits;
    }
    bool full() const { return m_full.load(); }
    double used() const { return m_used.load(); }

private:
    std::atomic<double> m_used;
    std::atomic<bool> m_full{false};
};

// One image decoded: its sample where the budget had room for it, or why it does not decode.
struct EvaluateData::Decoded
{
    Sample sample;
    std::string unreadable;   // empty when it decodes
    bool saidAlready = false; // named by a warning of the dataset's opening
};

const char *toString(EvaluateModel model)
{
    return model == EvaluateModel::ResNet18 ? "resnet18" : "small";
}

std::optional<EvaluateModel> evaluateModelFromString(const std::string &name)
{
    if (name == "small")
        return EvaluateModel::Small;
    if (name == "resnet18")
        return EvaluateModel::ResNet18;
    return std::nullopt;
}

const char *toString(EvaluateArmKind kind)
{
    return kind == EvaluateArmKind::Policy ? "policy" : "baseline";
}

void summariseRuns(EvaluateResult &result)
{
    for (EvaluateArmResult &arm : result.arms)
        arm.stats = meanAndStd(arm.scores);
    // Accuracy moves by one held-out image at the least; mIoU, summed over pixels, has no such step.
    const bool counted = result.task == Task::Classification && result.heldOutImages > 0;
    const double resolution = counted ? 1.0 / result.heldOutImages : 0.0;
    const bool tooFew = result.heldOutImages > 0 && result.heldOutImages < kVerdictHeldOutImages;
    for (EvaluateComparison &comparison : result.comparisons) {
        const EvaluateArmResult &policy = result.arms[size_t(comparison.policyArm)];
        const EvaluateArmResult &baseline = result.arms[size_t(comparison.baselineArm)];
        const double heldOutVariance = result.task == Task::Classification
                                           ? heldOutSamplingVariance(policy.heldOutCorrect, baseline.heldOutCorrect)
                                           : heldOutMeanIouVariance(policy.heldOutPixels, baseline.heldOutPixels);
        comparison.difference = pairedDifference(policy.scores, baseline.scores, resolution, heldOutVariance);
        comparison.difference.tooFewHeldOut = tooFew;
    }
}

std::string splitWarning(const EvaluateResult &result, bool train, bool heldOut)
{
    std::string shortfalls;
    for (const auto &[said, shortfall] : {std::pair{train, &result.trainShortfall},
                                          std::pair{heldOut, &result.heldOutShortfall}})
        if (said && !shortfall->empty())
            shortfalls += (shortfalls.empty() ? "" : "; ") + *shortfall;
    return shortfalls.empty() ? shortfalls : "fewer images than asked for: " + shortfalls;
}

std::string heldOutNote(const EvaluateResult &result)
{
    const int m = result.heldOutImages;
    if (m <= 0 || m >= kVerdictHeldOutImages)
        return {};
    std::string step;
    if (result.task == Task::Classification) {
        char points[32];
        std::snprintf(points, sizeof points, "%.3g", 100.0 / m);
        step = std::string(m == 1 ? ", which" : ", one of which") + " moves the accuracy by " + points + " points";
    }
    // The intervals take the images' variance, estimated here from too few.
    return "only " + std::to_string(m) + (m == 1 ? " held-out image" : " held-out images") + step
           + ": too few to estimate how the scores would move on other images"
           + ", so no arm is called better below " + std::to_string(kVerdictHeldOutImages) + " held-out images";
}

std::string trainingImagesNote(const EvaluateResult &result)
{
    const bool anInterval = std::any_of(result.comparisons.begin(), result.comparisons.end(),
                                        [](const EvaluateComparison &c) { return c.difference.hasInterval; });
    if (!anInterval || result.trainPool <= 0 || result.trainingDrawnPerRun())
        return {};
    return "every run trained on the same " + std::to_string(result.trainImages)
           + " images, all there are to train on: the intervals cover the training seeds and the choice of the "
             "held-out images, not which images were trained on";
}

std::string comparisonsNote(const EvaluateResult &result)
{
    const auto intervals = std::count_if(result.comparisons.begin(), result.comparisons.end(),
                                         [](const EvaluateComparison &c) { return c.difference.hasInterval; });
    if (intervals < 2)
        return {};
    return std::to_string(intervals)
           + " comparisons at 95 % each: where there is no real difference, about one comparison in 20 still comes "
             "out better or worse by chance, so one such verdict among many is weak evidence";
}

int evaluateMinimumSide(EvaluateModel model, Task task, int imagesPerBatch)
{
    if (model == EvaluateModel::ResNet18) {
        // The search's own networks: the search's rule (models/Architectures.h).
        ModelConfig config;
        config.architecture = task == Task::Classification ? "resnet18" : "Unet";
        config.encoderArchitecture = "resnet18";
        return minimumInputSize(task, config, imagesPerBatch);
    }
    // The small CNN and U-Net pool twice by 2 without padding (n → ⌊n/2⌋): 4 px leave their
    // deepest stage 1 px, which BatchNorm trains on with 3 images a batch; with 1 or 2 it
    // needs 2×2 (one value a channel fails, two pass no gradient), as in the search's rule.
    return imagesPerBatch == 1 || imagesPerBatch == 2 ? 8 : 4;
}

SplitCounts splitCounts(std::size_t total, std::size_t askedTrain, std::size_t askedHeldOut)
{
    const std::size_t trainKept = std::min(askedTrain, std::max<std::size_t>(kMinTrainImages, (total + 1) / 2));
    SplitCounts counts;
    counts.heldOut = std::min(askedHeldOut, total > trainKept ? total - trainKept : 0);
    counts.train = std::min(askedTrain, total - counts.heldOut);
    return counts;
}

EvaluateData::EvaluateData(const EvaluateOptions &options, const std::vector<ReplayPolicy> &policies,
                           const std::vector<std::string> &baselineNames)
    : m_options(options), m_policy(policies.at(0)), m_policies(policies)
{
    const ReplayPolicy &policy = m_policy;
    if (options.trainImages < 2 || options.heldOutImages < 1)
        throw std::invalid_argument("evaluate needs at least 2 training images (--train-images) and 1 held-out "
                                    "image (--held-out-images)");
    for (const ReplayPolicy &other : policies)
        if (other.inputDtype() != policy.inputDtype())
            throw std::invalid_argument(other.source() + " is for " + toString(other.inputDtype()) + " images, "
                                        + policy.source() + " for " + toString(policy.inputDtype())
                                        + ": the policies of one evaluation need the same input type");
    for (const std::string &name : baselineNames) // an unknown name throws, before the dataset is read
        baselinePolicy(name, policy.inputDtype(), 1, 1, AlbumentationsTarget::V1);

    DataConfig data = options.data;
    data.inputDtype = policy.inputDtype();
    m_task = taskOfData(data);
    std::vector<DatasetProblem> problems;
    m_dataset = openDataset(data, m_task, 0, problems);
    m_numClasses = m_dataset->numClasses();
    m_channels = m_dataset->channels();
    for (const DatasetProblem &problem : problems) // as validate and the search say them
        m_warnings.push_back(problem.message);

    std::vector<DatasetProblem> testProblems;
    TestSplit testSplit = openTestSplit(data, *m_dataset, problems, m_warnings, testProblems);
    m_testSplit = std::move(testSplit.dataset);
    m_testClasses = std::move(testSplit.classes);
    if (m_testSplit)
        m_testSplitName = testSplitOf(m_dataset->layout(), data.dataset.root).value_or("test");
    m_openProblems = std::move(problems);
    m_openProblems.insert(m_openProblems.end(), testProblems.begin(), testProblems.end());
    chooseSplit(data);
    const std::size_t plannedHeldOut = m_heldOut.size();
    // Training first: its images are read every epoch, the held-out ones once.
    drawTrainingImages(options.seed);
    decodeHeldOut();
    if (m_train.size() < kMinTrainImages || m_heldOut.empty())
        throw std::invalid_argument("too few of the images chosen from " + options.data.dataset.root + " decode: "
                                    + count(m_train.size()) + " to train on and " + count(m_heldOut.size())
                                    + " to hold out ("
                                    + count(m_poolUnreadable + plannedHeldOut - m_heldOut.size())
                                    + " do not); evaluate needs at least 2 training images (--train-images) and 1 "
                                      "held-out image (--held-out-images)");
    noteShortfalls(plannedHeldOut);
    noteClassesNotHeldOut();
    noteColourShiftsOnGrey();
    chooseSide();
    // Smaller images would fail inside LibTorch, its message naming no option.
    const int smallestBatch = std::min(options.batchSize, static_cast<int>(m_train.size()));
    const int minimumSide = evaluateMinimumSide(options.model, m_task, smallestBatch);
    if (m_side < minimumSide)
        throw std::invalid_argument(
            (options.imageSize > 0 ? "the image size " + std::to_string(m_side) + " px is"
                                   : "images of " + std::to_string(m_side) + " px (after the preprocessing of "
                                         + policy.source() + ") are")
            + " below the " + std::to_string(minimumSide) + " px the " + toString(options.model) + " network takes"
            + (smallestBatch == 1 ? " in batches of 1 image"
                                  : smallestBatch == 2 ? " in batches of 2 images" : ""));
    // The baselines apply after that preprocessing: their pixel shifts are of its size.
    for (const std::string &name : baselineNames)
        m_baselines.push_back(ReplayPolicy::fromJson(baselinePolicy(name, policy.inputDtype(), m_preprocessedSize.height,
                                                                    m_preprocessedSize.width, AlbumentationsTarget::V1),
                                                     name + " baseline"));

    // The policy's Normalize, one value or three, for the channels the network sees (the
    // search's rules: one value serves every channel, three are averaged for grey).
    const std::optional<ReplayNormalization> &normalization = policy.normalization();
    DataConfig normalizationConfig;
    if (normalization) {
        // A policy file is no config: its Normalize meets the reader's rules here.
        for (const auto &[key, values] : {std::pair{"mean", &normalization->mean}, std::pair{"std", &normalization->std}})
            if (values->size() != 1 && values->size() != 3)
                throw std::invalid_argument(policy.source() + ": Normalize." + key
                                            + ": expected one value or three (one per RGB channel), got "
                                            + std::to_string(values->size()));
        for (double value : normalization->std)
            if (!(value > 0.0))
                throw std::invalid_argument(policy.source() + ": Normalize.std: expected values > 0 (each channel "
                                            "is divided by its std)");
        normalizationConfig.mean = normalization->mean;
        normalizationConfig.std = normalization->std;
    }
    const ChannelNormalization perChannel = resolveNormalization(normalizationConfig, m_channels);
    const double pixelScale = data.inputDtype == InputDtype::UInt8 ? 1.0 / 255.0 : 1.0;
    for (int c = 0; c < m_channels; ++c) {
        m_scale[c] = static_cast<float>(pixelScale / perChannel.std[size_t(c)]);
        m_mean[c] = static_cast<float>(perChannel.mean[size_t(c)] / perChannel.std[size_t(c)]);
    }
}

EvaluateData::~EvaluateData() = default;

void EvaluateData::chooseSplit(const DataConfig &data)
{
    // The held-out images are fixed by options.seed: each is scored by every run. The rest
    // is the pool each run draws its training images from (drawTrainingImages).
    const std::size_t total = m_dataset->size();
    const auto askedTrain = static_cast<std::size_t>(m_options.trainImages);
    const auto askedHeldOut = static_cast<std::size_t>(m_options.heldOutImages);
    const std::vector<std::size_t> order = shuffledIndices(total, mixSeed(m_options.seed, kSplitSalt));
    std::size_t heldOutOfOrder = 0; // the held-out images that lead `order`
    if (m_testSplit) {
        std::vector<std::size_t> testOrder =
            shuffledIndices(m_testSplit->size(), mixSeed(m_options.seed, kHeldOutSalt));
        // Its images of a class training lacks are left out (said as it was opened); the
        // others keep their order, as when there are none.
        if (m_task == Task::Classification)
            testOrder.erase(std::remove_if(testOrder.begin(), testOrder.end(),
                                           [this](std::size_t i) { return heldOutLabel(i) < 0; }),
                            testOrder.end());
        m_testSplitImages = testOrder.size();
        m_heldOut.assign(testOrder.begin(),
                         testOrder.begin() + static_cast<std::ptrdiff_t>(std::min(askedHeldOut, testOrder.size())));
        m_heldOutSource = "the " + m_testSplitName + " split";
    } else {
        const SplitCounts counts = splitCounts(total, askedTrain, askedHeldOut);
        if (counts.heldOut == 0)
            throw std::invalid_argument("the dataset " + m_options.data.dataset.root + " has " + count(total)
                                        + " images and no test split: evaluate needs at least 3, 2 to train on "
                                          "(--train-images) and 1 to hold out (--held-out-images)");
        // The held-out images are the first of the order, whatever the training count.
        heldOutOfOrder = counts.heldOut;
        m_heldOut.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(heldOutOfOrder));
        m_heldOutSource = "a fixed part of " + imagesOf(data, m_dataset->layout());
    }
    m_poolRank.assign(total, kNotInPool);
    for (std::size_t rank = 0; heldOutOfOrder + rank < total; ++rank)
        m_poolRank[order[heldOutOfOrder + rank]] = rank;
    m_poolSize = total - heldOutOfOrder;
    m_decodes.assign(total, 0);
}

std::vector<std::size_t> EvaluateData::poolInDrawOrder(std::uint64_t runSeed) const
{
    // For options.seed, the order chooseSplit took the pool from: its own order.
    std::vector<std::size_t> order = shuffledIndices(m_dataset->size(), mixSeed(runSeed, kSplitSalt));
    const auto heldOut = [this](std::size_t i) { return m_poolRank[i] == kNotInPool; };
    order.erase(std::remove_if(order.begin(), order.end(), heldOut), order.end());
    return order;
}

void EvaluateData::drawTrainingImages(std::uint64_t runSeed)
{
    if (m_drawSeed == runSeed)
        return;
    // The last draw's samples go first: the budget holds the held-out images and this draw's.
    m_train.clear();
    m_trainCache.clear();
    m_drawSeed.reset(); // until this draw is whole
    const std::vector<std::size_t> candidates = poolInDrawOrder(runSeed);
    const std::size_t wanted = std::min(static_cast<std::size_t>(m_options.trainImages), candidates.size());
    CacheBudget budget(m_heldOutBytes);
    std::vector<std::pair<std::size_t, Sample>> picked;
    // Those that do not decode are passed over for the next ones, so that every run trains on
    // as many images.
    for (std::size_t next = 0; picked.size() < wanted && next < candidates.size();) {
        const std::size_t end = std::min(candidates.size(), next + (wanted - picked.size()));
        pickDecoded(candidates, next, end, budget, picked);
        next = end;
    }
    std::sort(picked.begin(), picked.end(),
              [this](const auto &a, const auto &b) { return m_poolRank[a.first] < m_poolRank[b.first]; });
    for (auto &[index, sample] : picked) {
        m_train.push_back(index);
        m_trainCache.push_back(std::move(sample));
    }
    m_drawSeed = runSeed;
}

void EvaluateData::pickDecoded(const std::vector<std::size_t> &candidates, std::size_t begin, std::size_t end,
                               CacheBudget &budget, std::vector<std::pair<std::size_t, Sample>> &picked)
{
    std::vector<Decoded> decoded(end - begin);
    parallelFor(
        end - begin,
        [&](std::size_t k) {
            const std::size_t index = candidates[begin + k];
            // One known to decode is decoded again only to be kept.
            if (m_decodes[index] < 0 || (m_decodes[index] > 0 && budget.full()))
                return;
            decoded[k] = decode([&] { return m_dataset->load(index); }, budget);
        },
        {}, static_cast<unsigned>(std::max(0, m_options.threads)));
    for (std::size_t k = 0; k < decoded.size(); ++k) {
        const std::size_t index = candidates[begin + k];
        if (m_decodes[index] < 0)
            continue;
        if (!decoded[k].unreadable.empty()) {
            m_decodes[index] = -1;
            ++m_poolUnreadable;
            if (!decoded[k].saidAlready)
                m_skipped.push_back(decoded[k].unreadable);
            continue;
        }
        m_decodes[index] = 1;
        picked.emplace_back(index, std::move(decoded[k].sample));
    }
}

EvaluateData::Decoded EvaluateData::decode(const std::function<Sample()> &load, CacheBudget &budget) const
{
    // One that does not decode is left out, as the search skips it.
    Decoded decoded;
    try {
        Sample sample = load();
        if (budget.take(sample))
            decoded.sample = std::move(sample);
    } catch (const UnreadableImageError &error) {
        decoded.unreadable = error.what();
        decoded.saidAlready = namesFile(m_openProblems, error.file());
    }
    return decoded;
}

void EvaluateData::noteColourShiftsOnGrey()
{
    // A grey image is augmented as three equal channels, and the network sees the first: a
    // shift of each channel apart acts as its red shift alone, a brightness change.
    if (m_channels != 1)
        return;
    for (const ReplayPolicy &policy : m_policies)
        if (policy.shiftsChannelsApart())
            m_warnings.push_back(policy.source() + " shifts the colour channels apart (RGBShift), and "
                                 + m_options.data.dataset.root
                                 + " is grayscale: its images have one channel, so only the red shift acts, as a "
                                   "change of brightness (Albumentations 1.x refuses RGBShift on a grayscale image)");
}

std::vector<std::size_t> EvaluateData::plannedDraw(std::uint64_t runSeed) const
{
    // As drawTrainingImages takes them, less the decoding: those known not to decode passed over.
    std::vector<std::size_t> draw;
    const auto wanted = static_cast<std::size_t>(m_options.trainImages);
    for (const std::size_t index : poolInDrawOrder(runSeed)) {
        if (draw.size() == wanted)
            break;
        if (m_decodes[index] >= 0)
            draw.push_back(index);
    }
    return draw;
}

void EvaluateData::noteClassesNotHeldOut()
{
    // A class trained on but not held out (a rare one, drawn out of a small held-out set) is
    // one the accuracy says nothing of; one held out but not trained on, one it counts as wrong.
    // Each run draws its own training images, so a rare class may be missing from some draws.
    if (m_task != Task::Classification)
        return;
    const std::size_t classes = std::size_t(std::max(m_numClasses, 0));
    const int runs = std::max(m_options.repeats, 1);
    std::vector<std::size_t> trained(classes), heldOut(classes);
    std::vector<int> runsWithout(classes, 0);
    for (int r = 0; r < runs; ++r) {
        std::vector<bool> drawn(classes, false);
        for (const std::size_t index : plannedDraw(m_options.seed + static_cast<std::uint64_t>(r)))
            if (const int label = m_dataset->label(index); label >= 0 && std::size_t(label) < classes) {
                ++trained[std::size_t(label)];
                drawn[std::size_t(label)] = true;
            }
        for (std::size_t c = 0; c < classes; ++c)
            runsWithout[c] += drawn[c] ? 0 : 1;
    }
    for (const std::size_t index : m_heldOut)
        if (const int label = heldOutLabel(index); label >= 0 && std::size_t(label) < classes)
            ++heldOut[std::size_t(label)];
    const std::vector<std::string> names = m_dataset->classNames();
    const auto nameOf = [&](std::size_t c) { return c < names.size() ? names[c] : std::to_string(c); };
    // The classes that `present` has images of and `absent` has none of, named (five at most).
    const auto onlyIn = [&](const std::vector<std::size_t> &present, const std::vector<std::size_t> &absent,
                            int &count) {
        std::string listed;
        count = 0;
        for (std::size_t c = 0; c < present.size(); ++c) {
            if (present[c] == 0 || absent[c] > 0)
                continue;
            if (++count <= 5)
                listed += (listed.empty() ? "" : ", ") + nameOf(c);
        }
        return listed + (count > 5 ? ", ..." : "");
    };
    int count = 0;
    if (const std::string missing = onlyIn(trained, heldOut, count); count > 0)
        m_warnings.push_back(std::to_string(count) + (count == 1 ? " class has" : " classes have")
                             + " training images but none held out (" + missing + "): the accuracy says nothing of "
                             + (count == 1 ? "it" : "them") + "; hold out more images (--held-out-images)");
    // The reverse: every network of a run without them answers them wrong, whatever the augmentation.
    std::string unseen;
    bool everyRun = true;
    count = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        if (heldOut[c] == 0 || runsWithout[c] == 0)
            continue;
        everyRun = everyRun && runsWithout[c] == runs;
        if (++count <= 5)
            unseen += (unseen.empty() ? "" : ", ") + nameOf(c)
                      + (runsWithout[c] < runs ? " in " + std::to_string(runsWithout[c]) + " of "
                                                     + std::to_string(runs) + " runs"
                                               : std::string());
    }
    if (count > 0)
        m_warnings.push_back(std::to_string(count) + (count == 1 ? " class has" : " classes have")
                             + " held-out images but none to train on (" + unseen + (count > 5 ? ", ..." : "")
                             + "): every arm scores " + (count == 1 ? "its" : "their") + " images wrong"
                             + (everyRun ? "" : count == 1 ? " in the runs without it" : " in the runs without them")
                             + "; train on more images (--train-images)");
}

void EvaluateData::noteShortfalls(std::size_t plannedHeldOut)
{
    const std::size_t total = m_dataset->size();
    const std::size_t plannedTrain = std::min(static_cast<std::size_t>(m_options.trainImages), m_poolSize);
    const auto askedTrain = static_cast<std::size_t>(m_options.trainImages);
    const auto askedHeldOut = static_cast<std::size_t>(m_options.heldOutImages);
    const std::string &root = m_options.data.dataset.root;
    const std::string images = imagesOf(m_options.data, m_dataset->layout());
    const std::string where = images == "the images" ? root : images + " of " + root;
    // Why a count fell short: the dataset's size (said when the plan was short), then the
    // images that did not decode.
    const auto reasons = [](std::string planned, std::size_t undecoded) {
        if (undecoded > 0)
            planned += (planned.empty() ? "" : ", less ") + count(undecoded) + " that do not decode";
        return planned;
    };
    if (m_heldOut.size() < askedHeldOut) {
        std::string why;
        if (plannedHeldOut < askedHeldOut && m_testSplit)
            why = "its " + m_testSplitName + " split has " + count(m_testSplitImages) + " images"
                  + (m_testSplitImages < m_testSplit->size() ? " of the classes training has" : "");
        else if (plannedHeldOut < askedHeldOut)
            why = where + " has " + count(total) + " images and no test split; the held-out ones leave training "
                  + (askedTrain < (total + 1) / 2 ? "the " + count(askedTrain) + " it asked for" : "half of them");
        m_heldOutShortfall = "holding out " + count(m_heldOut.size()) + " of the " + count(askedHeldOut)
                             + " asked for (" + reasons(why, plannedHeldOut - m_heldOut.size()) + ")";
    }
    if (m_train.size() < askedTrain) {
        std::string why;
        if (plannedTrain < askedTrain)
            why = where + " has " + count(total) + " images"
                  + (m_testSplit ? std::string()
                                 : " and no test split, and " + count(plannedHeldOut) + " of them are held out");
        m_trainShortfall = "training on " + count(m_train.size()) + " of the " + count(askedTrain)
                           + " asked for (" + reasons(why, m_poolUnreadable) + ")";
    }
}

void EvaluateData::decodeHeldOut()
{
    // Every held-out image is decoded now: one that does not decode is left out, and the
    // others stay decoded while they fit in kCacheBudgetBytes beside the first draw's.
    std::vector<Decoded> decoded(m_heldOut.size());
    double trainingBytes = 0.0;
    for (const Sample &sample : m_trainCache)
        trainingBytes += bytesOf(sample);
    CacheBudget budget(trainingBytes);
    parallelFor(
        m_heldOut.size(), [&](std::size_t i) { decoded[i] = decode([&] { return heldOutSample(i); }, budget); }, {},
        static_cast<unsigned>(std::max(0, m_options.threads)));
    std::vector<std::size_t> heldOut;
    for (std::size_t i = 0; i < decoded.size(); ++i) {
        if (!decoded[i].unreadable.empty()) {
            if (!decoded[i].saidAlready)
                m_skipped.push_back(decoded[i].unreadable);
            continue;
        }
        heldOut.push_back(m_heldOut[i]);
        m_heldOutCache.push_back(std::move(decoded[i].sample));
    }
    m_heldOut = std::move(heldOut);
    m_heldOutBytes = budget.used() - trainingBytes;
}

void EvaluateData::chooseSide()
{
    // The first image of the dataset that decodes, whichever images the seed drew: the
    // network's input side does not change with --seed.
    Sample first;
    std::string firstName;
    for (std::size_t index = 0; index < m_dataset->size() && first.image.empty(); ++index) {
        try {
            first = m_dataset->load(index);
            firstName = m_dataset->itemName(index);
        } catch (const DatasetError &) {
            // left out, as everywhere: the next one sets the size
        }
    }
    if (first.image.empty()) { // not reached: the training images decode
        first = trainingSample(0);
        firstName = m_dataset->itemName(m_train[0]);
    }
    m_preprocessedSize = preprocessedSize(m_policy, first);
    noteUnusedPreprocessing(first);
    if (m_options.imageSize > 0) {
        m_side = m_options.imageSize;
        return;
    }
    m_side = std::min(kMaxSide, std::max(m_preprocessedSize.width, m_preprocessedSize.height));
    noteMixedSizes(first.image.size(), firstName);
}

void EvaluateData::noteUnusedPreprocessing(const Sample &first)
{
    // Every arm trains on what the first policy's preprocessing makes of an image and is
    // normalised as it says: a later policy that would do otherwise is told so.
    const auto sameNormalization = [](const std::optional<ReplayNormalization> &a,
                                      const std::optional<ReplayNormalization> &b) {
        return a.has_value() == b.has_value()
               && (!a || (a->mean == b->mean && a->std == b->std && a->maxPixelValue == b->maxPixelValue));
    };
    for (std::size_t i = 1; i < m_policies.size(); ++i) {
        const ReplayPolicy &other = m_policies[i];
        cv::Size size;
        try {
            size = preprocessedSize(other, first);
        } catch (const std::exception &) {
            size = cv::Size(); // it fails on the image: said as a difference
        }
        const bool sameSize = size == m_preprocessedSize;
        const bool sameNorm = sameNormalization(other.normalization(), m_policy.normalization());
        if (sameSize && sameNorm)
            continue;
        const std::string what = !sameSize && !sameNorm ? "preprocessing and normalisation"
                                 : !sameSize            ? "preprocessing"
                                                        : "normalisation";
        m_warnings.push_back(other.source() + ": its " + what + (sameSize || sameNorm ? " differs" : " differ")
                             + " from " + m_policy.source()
                             + "'s, which serve every arm (so that all train on the same images): give it first "
                               "to evaluate with its own");
    }
}

void EvaluateData::noteMixedSizes(cv::Size firstSize, const std::string &firstName)
{
    // Every image is resized to m_side; said where the preprocessing leaves the chosen images
    // of other sizes than the first (checked on a few sizes among those decoded).
    std::vector<cv::Size> checked{firstSize};
    const std::size_t decoded = m_trainCache.size() + m_heldOutCache.size();
    for (std::size_t position = 0; position < decoded; ++position) {
        const bool training = position < m_trainCache.size();
        const std::size_t i = training ? position : position - m_trainCache.size();
        const Sample &sample = training ? m_trainCache[i] : m_heldOutCache[i];
        if (sample.image.empty() || std::find(checked.begin(), checked.end(), sample.image.size()) != checked.end())
            continue;
        if (static_cast<int>(checked.size()) > kMixedSizesChecked)
            return;
        checked.push_back(sample.image.size());
        cv::Size other;
        try {
            other = preprocessedSize(m_policy, sample);
        } catch (const std::exception &) {
            continue; // the training names the image that the preprocessing fails on
        }
        if (other == m_preprocessedSize)
            continue;
        const std::string name =
            training ? m_dataset->itemName(m_train[i]) : heldOutDataset().itemName(m_heldOut[i]);
        m_warnings.push_back("the images differ in size after the preprocessing (" + name + ": "
                             + count(other.width) + "x" + count(other.height) + ", " + firstName + ": "
                             + count(m_preprocessedSize.width) + "x" + count(m_preprocessedSize.height)
                             + "): every image is resized to " + count(m_side) + "x" + count(m_side)
                             + ", from the first image of the dataset (its larger side, at most "
                             + count(kMaxSide) + ")");
        return;
    }
}

Sample EvaluateData::trainingSample(std::size_t position) const
{
    if (position < m_trainCache.size() && !m_trainCache[position].image.empty())
        return m_trainCache[position];
    return m_dataset->load(m_train[position]);
}

Sample EvaluateData::heldOutSample(std::size_t position) const
{
    if (position < m_heldOutCache.size() && !m_heldOutCache[position].image.empty())
        return m_heldOutCache[position];
    const std::size_t index = m_heldOut[position];
    Sample sample = heldOutDataset().load(index);
    sample.label = heldOutLabel(index); // the cache and every reader of a held-out label get training's
    return sample;
}

int EvaluateData::heldOutLabel(std::size_t index) const
{
    if (!m_testSplit || m_task != Task::Classification)
        return heldOutDataset().label(index);
    return trainingLabelOf(*m_testSplit, m_testClasses, index);
}

const Dataset &EvaluateData::heldOutDataset() const
{
    return m_testSplit ? *m_testSplit : *m_dataset;
}

EvaluateSet EvaluateData::makeSet(std::size_t count) const
{
    EvaluateSet set;
    set.n = static_cast<int>(count);
    set.c = m_channels;
    set.h = set.w = m_side;
    try {
        set.images.resize(count * m_channels * m_side * m_side);
        if (m_task == Task::Classification)
            set.labels.resize(count);
        else
            set.masks.resize(count * m_side * m_side);
    } catch (const std::bad_alloc &) {
        // The images are held as floats, every one at once: 2000 at 2048 px are 33 GB.
        const double gigabytes = double(count) * m_channels * m_side * m_side * sizeof(float) / double(1 << 30);
        char amount[32];
        std::snprintf(amount, sizeof amount, "%.1f", gigabytes);
        throw std::runtime_error("out of memory: " + std::to_string(count) + " images of " + std::to_string(m_side)
                                 + " x " + std::to_string(m_side) + " px take " + amount
                                 + " GB as floats; give a smaller --image-size or fewer --train-images and "
                                   "--held-out-images");
    }
    return set;
}

void EvaluateData::finish(const ReplayResult &result, int label, EvaluateSet &set, int slot) const
{
    cv::Mat image = result.image, mask = result.mask;
    const cv::Size size(m_side, m_side);
    if (image.size() != size) {
        const bool shrinking = image.cols > m_side || image.rows > m_side;
        cv::resize(image, image, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        if (!mask.empty())
            cv::resize(mask, mask, size, 0, 0, cv::INTER_NEAREST);
    }
    cv::Mat floats;
    image.convertTo(floats, CV_32FC3);
    const std::size_t plane = static_cast<std::size_t>(m_side) * m_side;
    float *out = set.images.data() + static_cast<std::size_t>(slot) * m_channels * plane;
    // A grey dataset keeps the first of its replicated channels (colour operations of a
    // policy made for colour would have made them differ: the network sees the first).
    for (int y = 0; y < m_side; ++y) {
        const cv::Vec3f *row = floats.ptr<cv::Vec3f>(y);
        for (int x = 0; x < m_side; ++x)
            for (int c = 0; c < m_channels; ++c)
                out[c * plane + y * m_side + x] = row[x][c] * m_scale[c] - m_mean[c];
    }
    if (m_task == Task::Classification) {
        set.labels[slot] = label;
        return;
    }
    // data.ignore_index is left out of the loss and the score as 255 is, as in the search.
    const int ignoreIndex = m_options.data.ignoreIndex;
    std::int64_t *ids = set.masks.data() + static_cast<std::size_t>(slot) * plane;
    for (int y = 0; y < m_side; ++y) {
        const uchar *row = mask.ptr<uchar>(y);
        for (int x = 0; x < m_side; ++x)
            ids[y * m_side + x] = row[x] < m_numClasses && row[x] != ignoreIndex ? row[x] : 255;
    }
}

EvaluateSet EvaluateData::trainingSet(int arm, std::uint64_t runSeed, int epoch) const
{
    EvaluateSet set = makeSet(m_train.size());
    parallelFor(
        m_train.size(),
        [&](std::size_t i) {
            const Sample sample = trainingSample(i);
            std::mt19937_64 rng(mixSeed(runSeed, static_cast<std::uint64_t>(epoch), i));
            // The preprocessing draws from a generator of its own: the augmentations draw
            // alike from `rng`, and a policy file equal to a baseline, with its preprocessing
            // or without, trains on the very same images.
            std::mt19937_64 preprocessingRng(
                mixSeed(runSeed, static_cast<std::uint64_t>(epoch), mixSeed(i, kPreprocessingSalt)));
            try {
                // The first policy's preprocessing serves every arm, then the arm augments.
                ReplayResult result =
                    m_policy.apply(sample.image, sample.mask, preprocessingRng, ReplayOptions{false, false});
                if (isPolicyArm(arm)) {
                    result = m_policies[size_t(arm)].apply(result.image, result.mask, rng,
                                                           ReplayOptions{false, true, /*preprocess=*/false});
                } else {
                    result = m_baselines[size_t(arm) - m_policies.size()].apply(result.image, result.mask, rng);
                }
                finish(result, sample.label, set, static_cast<int>(i));
            } catch (const std::exception &error) {
                throw std::runtime_error(m_dataset->itemName(m_train[i]) + ": " + error.what());
            }
        },
        {}, static_cast<unsigned>(std::max(0, m_options.threads)));
    return set;
}

EvaluateSet EvaluateData::heldOutSet() const
{
    EvaluateSet set = makeSet(m_heldOut.size());
    parallelFor(
        m_heldOut.size(),
        [&](std::size_t i) {
            const Sample sample = heldOutSample(i);
            std::mt19937_64 rng(mixSeed(m_options.seed, kHeldOutSalt, i));
            try {
                const ReplayResult result =
                    m_policy.apply(sample.image, sample.mask, rng, ReplayOptions{false, false});
                finish(result, sample.label, set, static_cast<int>(i));
            } catch (const std::exception &error) {
                throw std::runtime_error(heldOutDataset().itemName(m_heldOut[i]) + ": " + error.what());
            }
        },
        {}, static_cast<unsigned>(std::max(0, m_options.threads)));
    return set;
}

} // namespace augstudio
