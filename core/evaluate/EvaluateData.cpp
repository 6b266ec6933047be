#include "evaluate/EvaluateData.h"

#include "evaluate/Baselines.h"

#include "data/DeterministicRandom.h"
#include "data/Normalization.h"
#include "data/ParallelFor.h"
#include "models/Architectures.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace augstudio {

namespace {

constexpr int kMaxSide = 64;                         // the small network's default ceiling
constexpr double kCacheBudgetBytes = 1024.0 * 1024 * 1024; // decoded images kept in memory up to this
constexpr std::uint64_t kSplitSalt = 0x73706c6974ULL;
constexpr std::uint64_t kHeldOutSalt = 0x68656c64ULL;

Task taskOfData(const DataConfig &data)
{
    std::optional<DatasetLayout> layout = layoutFromString(data.dataset.layout);
    if (!layout)
        layout = detectLayout(data.dataset.root);
    return layout ? taskOf(*layout) : Task::Classification;
}

// The split a layout keeps for testing: IDX's t10k files, VOC's and Cityscapes' val.
std::optional<std::string> testSplitOf(DatasetLayout layout)
{
    switch (layout) {
    case DatasetLayout::Idx:
        return std::string("t10k");
    case DatasetLayout::Voc:
    case DatasetLayout::Cityscapes:
        return std::string("val");
    default:
        return std::nullopt;
    }
}

bool isTestSplit(const std::string &split)
{
    return split == "t10k" || split == "test" || split == "val";
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

// The dataset's own test split, opened, when it has one that training does not use.
std::unique_ptr<Dataset> openTestSplit(const DataConfig &data, const Dataset &training,
                                       const std::vector<DatasetProblem> &trainingProblems)
{
    const std::optional<std::string> split = testSplitOf(training.layout());
    if (!split || isTestSplit(data.dataset.split) || usedWholeFolder(trainingProblems))
        return nullptr;
    DataConfig testData = data;
    testData.dataset.split = *split;
    testData.dataset.layout = toString(training.layout());
    testData.dataset.limit = 0;
    std::vector<DatasetProblem> problems;
    try {
        std::unique_ptr<Dataset> test = openDataset(testData, training.task(), training.numClasses(), problems);
        if (usedWholeFolder(problems) || test->size() == 0)
            return nullptr;
        return test;
    } catch (const DatasetError &) {
        return nullptr; // no such split: a fixed part of the training split is held out
    }
}

} // namespace

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
    // A score moves by one held-out image at the least (accuracy exactly so; mIoU about so).
    const double resolution = result.heldOutImages > 0 ? 1.0 / result.heldOutImages : 0.0;
    for (EvaluateComparison &comparison : result.comparisons)
        comparison.difference = pairedDifference(result.arms[size_t(comparison.policyArm)].scores,
                                                 result.arms[size_t(comparison.baselineArm)].scores, resolution);
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

EvaluateData::EvaluateData(const EvaluateOptions &options, const std::vector<ReplayPolicy> &policies,
                           const std::vector<std::string> &baselineNames)
    : m_options(options), m_policy(policies.at(0)), m_policies(policies)
{
    const ReplayPolicy &policy = m_policy;
    if (options.trainImages < 2 || options.heldOutImages < 1)
        throw std::invalid_argument("evaluate needs at least 2 training images and 1 held-out image");
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

    // The split is fixed by options.seed: repeats differ in training only.
    m_testSplit = openTestSplit(data, *m_dataset, problems);
    const auto shuffled = [&](std::size_t count, std::uint64_t salt) {
        std::vector<std::size_t> order(count);
        for (std::size_t i = 0; i < count; ++i)
            order[i] = i;
        deterministicShuffle(order, mixSeed(options.seed, salt));
        return order;
    };
    const std::size_t total = m_dataset->size();
    std::size_t heldOut = static_cast<std::size_t>(options.heldOutImages);
    std::size_t train = static_cast<std::size_t>(options.trainImages);
    if (m_testSplit) {
        const std::vector<std::size_t> order = shuffled(total, kSplitSalt);
        m_train.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(train, total)));
        const std::vector<std::size_t> testOrder = shuffled(m_testSplit->size(), kHeldOutSalt);
        m_heldOut.assign(testOrder.begin(),
                         testOrder.begin() + static_cast<std::ptrdiff_t>(std::min(heldOut, testOrder.size())));
        m_heldOutSource = "the " + *testSplitOf(m_dataset->layout()) + " split";
    } else {
        const std::vector<std::size_t> order = shuffled(total, kSplitSalt);
        if (total < heldOut + train) {
            // Too few images for both: keep the asked proportion.
            heldOut = static_cast<std::size_t>(std::lround(double(total) * heldOut / double(heldOut + train)));
            heldOut = std::max<std::size_t>(heldOut, 1);
            train = total > heldOut ? total - heldOut : 0;
        }
        m_heldOut.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(heldOut, total)));
        m_train.assign(order.begin() + static_cast<std::ptrdiff_t>(m_heldOut.size()),
                       order.begin() + static_cast<std::ptrdiff_t>(m_heldOut.size() + std::min(train, total - m_heldOut.size())));
        m_heldOutSource = "a fixed part of " + (data.dataset.split.empty() ? std::string("the images") : "the " + data.dataset.split + " split");
    }
    decodeOnce();
    if (m_train.size() < 2 || m_heldOut.empty())
        throw std::invalid_argument("the dataset " + options.data.dataset.root + " has "
                                    + std::to_string(m_train.size() + m_heldOut.size()) + " readable images of "
                                    + std::to_string(total) + ": too few to train on some and hold others out");
    const Sample first = sampleAt(m_train.size());

    // The network's input side: what the policy's preprocessing makes of an image.
    std::mt19937_64 rng(options.seed);
    const ReplayResult preprocessed = policy.apply(first.image, first.mask, rng, ReplayOptions{false, false});
    m_side = options.imageSize > 0 ? options.imageSize
                                   : std::min(kMaxSide, std::max(preprocessed.image.rows, preprocessed.image.cols));
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
        m_baselines.push_back(ReplayPolicy::fromJson(baselinePolicy(name, policy.inputDtype(), preprocessed.image.rows,
                                                                    preprocessed.image.cols, AlbumentationsTarget::V1),
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

void EvaluateData::decodeOnce()
{
    // Every chosen image is decoded now: one that does not decode is left out, as the search
    // skips it, and the others stay decoded while they fit in kCacheBudgetBytes.
    const std::size_t count = m_train.size() + m_heldOut.size();
    m_cache.assign(count, Sample{});
    std::vector<std::string> unreadable(count);
    std::atomic<double> cachedBytes{0.0};
    parallelFor(
        count,
        [&](std::size_t position) {
            try {
                Sample sample = sampleAt(position);
                const double bytes = double(sample.image.total() * sample.image.elemSize() + sample.mask.total());
                double before = cachedBytes.load();
                while (before + bytes < kCacheBudgetBytes && !cachedBytes.compare_exchange_weak(before, before + bytes)) {
                }
                if (before + bytes < kCacheBudgetBytes)
                    m_cache[position] = std::move(sample);
            } catch (const UnreadableImageError &error) {
                unreadable[position] = error.what();
            }
        },
        {}, static_cast<unsigned>(std::max(0, m_options.threads)));

    // The split positions of the readable images, in their order.
    std::vector<std::size_t> train, heldOut;
    std::vector<Sample> cache;
    for (std::size_t position = 0; position < count; ++position) {
        if (!unreadable[position].empty()) {
            m_skipped.push_back(unreadable[position]);
            continue;
        }
        const bool training = position < m_train.size();
        (training ? train : heldOut).push_back(training ? m_train[position] : m_heldOut[position - m_train.size()]);
        cache.push_back(std::move(m_cache[position]));
    }
    m_train = std::move(train);
    m_heldOut = std::move(heldOut);
    m_cache = std::move(cache);
}

Sample EvaluateData::sampleAt(std::size_t position) const
{
    if (!m_cache.empty() && !m_cache[position].image.empty())
        return m_cache[position];
    if (position < m_train.size())
        return m_dataset->load(m_train[position]);
    return heldOutDataset().load(m_heldOut[position - m_train.size()]);
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
    set.images.resize(count * m_channels * m_side * m_side);
    if (m_task == Task::Classification)
        set.labels.resize(count);
    else
        set.masks.resize(count * m_side * m_side);
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
    std::int64_t *ids = set.masks.data() + static_cast<std::size_t>(slot) * plane;
    for (int y = 0; y < m_side; ++y) {
        const uchar *row = mask.ptr<uchar>(y);
        for (int x = 0; x < m_side; ++x)
            ids[y * m_side + x] = row[x] < m_numClasses ? row[x] : 255;
    }
}

EvaluateSet EvaluateData::trainingSet(int arm, std::uint64_t runSeed, int epoch) const
{
    EvaluateSet set = makeSet(m_train.size());
    parallelFor(
        m_train.size(),
        [&](std::size_t i) {
            const Sample sample = sampleAt(i);
            std::mt19937_64 rng(mixSeed(runSeed, static_cast<std::uint64_t>(epoch), i));
            try {
                ReplayResult result;
                if (isPolicyArm(arm)) {
                    result = m_policies[size_t(arm)].apply(sample.image, sample.mask, rng, ReplayOptions{false, true});
                } else {
                    result = m_policy.apply(sample.image, sample.mask, rng, ReplayOptions{false, false});
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
            const Sample sample = sampleAt(m_train.size() + i);
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
