// evaluatePolicy: the networks and the training loop (the only LibTorch file of core/evaluate).

#include "evaluate/Evaluate.h"

#include "data/DeterministicRandom.h"
#include "evaluate/EvaluateData.h"
#include "evaluate/LearningRate.h"
#include "models/Discriminator.h"
#include "replay/ReplayPolicy.h"
#include "search/TorchRuntime.h"

#include <torch/torch.h>

#include <cmath>

#include <algorithm>
#include <functional>
#include <limits>
#include <memory>
#include <numeric>
#include <stdexcept>

namespace F = torch::nn::functional;

namespace augstudio {

namespace {

// Appends 3x3 convolution · batch norm · ReLU for each step of `channels` (in, out, out, ...).
torch::nn::Sequential convBlocks(std::initializer_list<int64_t> channels, bool poolFirst = false)
{
    torch::nn::Sequential sequence;
    if (poolFirst)
        sequence->push_back(torch::nn::MaxPool2d(2));
    const std::vector<int64_t> c(channels);
    for (size_t i = 1; i < c.size(); ++i) {
        sequence->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(c[i - 1], c[i], 3).padding(1).bias(false)));
        sequence->push_back(torch::nn::BatchNorm2d(c[i]));
        sequence->push_back(torch::nn::ReLU(true));
    }
    return sequence;
}

// The small classifier: three conv stages, global average pooling, one linear layer.
struct SmallCnnImpl : torch::nn::Module
{
    SmallCnnImpl(int64_t classes, int64_t inputChannels)
    {
        stage1 = register_module("stage1", convBlocks({inputChannels, 32, 32}));
        stage2 = register_module("stage2", convBlocks({32, 64}, true));
        stage3 = register_module("stage3", convBlocks({64, 128}, true));
        classifier = register_module("classifier", torch::nn::Linear(128, classes));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        const torch::Tensor f = stage3->forward(stage2->forward(stage1->forward(x)));
        return classifier(F::adaptive_avg_pool2d(f, F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1));
    }

    torch::nn::Sequential stage1{nullptr}, stage2{nullptr}, stage3{nullptr};
    torch::nn::Linear classifier{nullptr};
};
TORCH_MODULE(SmallCnn);

// A small U-Net: two downsamplings, skip connections, per-pixel class logits.
struct SmallUnetImpl : torch::nn::Module
{
    SmallUnetImpl(int64_t classes, int64_t inputChannels)
    {
        enc1 = register_module("enc1", convBlocks({inputChannels, 16, 16}));
        enc2 = register_module("enc2", convBlocks({16, 32, 32}));
        bottom = register_module("bottom", convBlocks({32, 64, 64}));
        dec2 = register_module("dec2", convBlocks({64 + 32, 32}));
        dec1 = register_module("dec1", convBlocks({32 + 16, 16}));
        head = register_module("head", torch::nn::Conv2d(torch::nn::Conv2dOptions(16, classes, 1)));
    }

    static torch::Tensor upTo(const torch::Tensor &x, const torch::Tensor &like)
    {
        return F::interpolate(x, F::InterpolateFuncOptions()
                                     .size(std::vector<int64_t>{like.size(2), like.size(3)})
                                     .mode(torch::kBilinear)
                                     .align_corners(false));
    }

    torch::Tensor forward(const torch::Tensor &x)
    {
        const torch::Tensor e1 = enc1->forward(x);
        const torch::Tensor e2 = enc2->forward(F::max_pool2d(e1, F::MaxPool2dFuncOptions(2)));
        const torch::Tensor b = bottom->forward(F::max_pool2d(e2, F::MaxPool2dFuncOptions(2)));
        const torch::Tensor d2 = dec2->forward(torch::cat({upTo(b, e2), e2}, 1));
        const torch::Tensor d1 = dec1->forward(torch::cat({upTo(d2, e1), e1}, 1));
        return head(d1);
    }

    torch::nn::Sequential enc1{nullptr}, enc2{nullptr}, bottom{nullptr}, dec2{nullptr}, dec1{nullptr};
    torch::nn::Conv2d head{nullptr};
};
TORCH_MODULE(SmallUnet);

torch::Tensor imagesOf(const EvaluateSet &set)
{
    return torch::from_blob(const_cast<float *>(set.images.data()), {set.n, set.c, set.h, set.w}, torch::kFloat);
}

torch::Tensor targetsOf(const EvaluateSet &set)
{
    if (!set.labels.empty())
        return torch::from_blob(const_cast<std::int64_t *>(set.labels.data()), {set.n}, torch::kLong);
    return torch::from_blob(const_cast<std::int64_t *>(set.masks.data()), {set.n, set.h, set.w}, torch::kLong);
}

// The network of one arm: its parameters and its logits for a batch.
struct EvaluateNetwork
{
    std::shared_ptr<torch::nn::Module> module;
    std::function<torch::Tensor(const torch::Tensor &)> forward;
};

EvaluateNetwork makeNetwork(EvaluateModel model, Task task, int classes, int channels, torch::Device device)
{
    EvaluateNetwork network;
    if (model == EvaluateModel::ResNet18) {
        ModelConfig config;
        config.architecture = task == Task::Classification ? "resnet18" : "Unet";
        config.encoderArchitecture = "resnet18";
        std::shared_ptr<DiscriminatorImpl> net = makeDiscriminator(config, task, classes, channels);
        net->to(device);
        network.forward = [net](const torch::Tensor &x) { return net->forward(x).logits; };
        network.module = net;
    } else if (task == Task::Classification) {
        SmallCnn net(classes, channels);
        net->to(device);
        network.forward = [net](const torch::Tensor &x) mutable { return net->forward(x); };
        network.module = net.ptr();
    } else {
        SmallUnet net(classes, channels);
        net->to(device);
        network.forward = [net](const torch::Tensor &x) mutable { return net->forward(x); };
        network.module = net.ptr();
    }
    return network;
}

class Trainer
{
public:
    Trainer(const EvaluateOptions &options, const EvaluateData &data, torch::Device device,
            const EvaluateCallback &progress)
        : m_options(options), m_data(data), m_device(device), m_progress(progress)
    {
    }

    // Trains one network on `arm` and returns its held-out score after every epoch; nullopt
    // when cancelled.
    std::optional<std::vector<double>> run(int arm, const std::string &armName, std::uint64_t runSeed, int repeat,
                                           const torch::Tensor &heldOutImages, const torch::Tensor &heldOutTargets)
    {
        torch::manual_seed(runSeed); // the same initial weights for every arm
        const bool classification = m_data.task() == Task::Classification;
        EvaluateNetwork network =
            makeNetwork(m_options.model, m_data.task(), m_data.numClasses(), m_data.channels(), m_device);
        torch::optim::AdamW optimizer(network.module->parameters(), torch::optim::AdamWOptions(m_options.learningRate)
                                                                        .weight_decay(m_options.weightDecay));
        const auto loss = [&](const torch::Tensor &logits, const torch::Tensor &targets) {
            return F::cross_entropy(logits, targets, F::CrossEntropyFuncOptions().ignore_index(255));
        };
        const int n = m_data.trainCount();
        const int batchSize = std::max(1, std::min(m_options.batchSize, n));
        int batches = (n + batchSize - 1) / batchSize;
        // A last batch of one or two images joins the one before: BatchNorm fails on one value
        // a channel and passes no gradient through two (1×1 deepest maps), and the minimum
        // side (evaluateMinimumSide) counts on batches of min(batch size, n) images at least.
        if (batches > 1 && n % batchSize != 0 && n % batchSize < 3)
            --batches;
        const int totalSteps = batches * m_options.epochs;
        const int warmupSteps = static_cast<int>(std::ceil(m_options.warmupFraction * totalSteps));
        int stepIndex = 0;
        EvaluateProgress report;
        report.repeat = repeat;
        report.repeats = m_options.repeats;
        report.armKind = m_data.isPolicyArm(arm) ? EvaluateArmKind::Policy : EvaluateArmKind::Baseline;
        report.armName = armName;
        report.armIndex = arm;
        report.arms = m_data.armCount();
        report.metric = m_data.task() == Task::Classification ? "accuracy" : "mIoU";
        report.epochs = m_options.epochs;
        report.batches = batches;
        std::vector<double> curve;

        for (int epoch = 1; epoch <= m_options.epochs; ++epoch) {
            const EvaluateSet set = m_data.trainingSet(arm, runSeed, epoch);
            const torch::Tensor images = imagesOf(set);
            const torch::Tensor targets = targetsOf(set);
            // The same order for every arm: shuffled by (run seed, epoch).
            std::vector<std::int64_t> order(static_cast<std::size_t>(n));
            std::iota(order.begin(), order.end(), 0);
            deterministicShuffle(order, mixSeed(runSeed, static_cast<std::uint64_t>(epoch), 0x6f72646572ULL));
            const torch::Tensor permutation = torch::tensor(order, torch::kLong);
            network.module->train();
            double lossSum = 0;
            report.epoch = epoch;
            report.epochScore.reset();
            for (int b = 0; b < batches; ++b) {
                const torch::Tensor index =
                    permutation.slice(0, b * batchSize, b + 1 == batches ? n : (b + 1) * batchSize);
                const torch::Tensor x = images.index_select(0, index).to(m_device);
                const torch::Tensor y = targets.index_select(0, index).to(m_device);
                static_cast<torch::optim::AdamWOptions &>(optimizer.param_groups().front().options())
                    .lr(warmupCosineLearningRate(m_options.learningRate, stepIndex++, totalSteps, warmupSteps));
                optimizer.zero_grad();
                const torch::Tensor value = loss(network.forward(x), y);
                value.backward();
                optimizer.step();
                lossSum += value.item<double>();
                report.batch = b + 1;
                report.loss = lossSum / (b + 1);
                if (b + 1 < batches && m_progress && !m_progress(report))
                    return std::nullopt;
            }
            const std::optional<double> epochScore =
                score(network, heldOutImages, heldOutTargets, classification, report);
            if (!epochScore)
                return std::nullopt;
            curve.push_back(*epochScore);
            report.epochScore = curve.back();
            // The last epoch's report says the arm finished, with its score: a stop heard there
            // keeps it, and the next arm's first batch hears the stop.
            if (m_progress && !m_progress(report) && epoch < m_options.epochs)
                return std::nullopt;
        }
        return curve;
    }

private:
    // The held-out score; nullopt when a stop came before one of its batches (the first one
    // included: a stop during the epoch's last training batch is heard here).
    std::optional<double> score(EvaluateNetwork &network, const torch::Tensor &images, const torch::Tensor &targets,
                                bool classification, EvaluateProgress report)
    {
        torch::NoGradGuard noGrad;
        network.module->eval();
        const int64_t n = images.size(0);
        const int64_t classes = m_data.numClasses();
        int64_t correct = 0;
        m_lastCorrect.clear();
        m_lastPixels = HeldOutPixelCounts{};
        if (!classification) {
            m_lastPixels.images = static_cast<int>(n);
            m_lastPixels.classes = static_cast<int>(classes);
        }
        report.scoring = true;
        report.heldOutBatches = static_cast<int>((n + m_options.batchSize - 1) / m_options.batchSize);
        for (int64_t start = 0; start < n; start += m_options.batchSize) {
            report.heldOutBatch = static_cast<int>(start / m_options.batchSize);
            if (m_progress && !m_progress(report))
                return std::nullopt;
            const int64_t end = std::min(n, start + static_cast<int64_t>(m_options.batchSize));
            const torch::Tensor predicted =
                network.forward(images.slice(0, start, end).to(m_device)).argmax(1).to(torch::kCPU);
            const torch::Tensor truth = targets.slice(0, start, end);
            if (classification) {
                const torch::Tensor right = predicted.eq(truth).to(torch::kUInt8).contiguous();
                correct += right.sum().item<int64_t>();
                const std::uint8_t *values = right.data_ptr<std::uint8_t>();
                m_lastCorrect.insert(m_lastCorrect.end(), values, values + right.numel());
                continue;
            }
            appendPixelCounts(predicted, truth, classes);
        }
        if (classification)
            return n > 0 ? static_cast<double>(correct) / static_cast<double>(n) : 0.0;
        return meanIou(m_lastPixels);
    }

    // Per image of the batch and class: the pixels predicted right, and those of the class in
    // the truth or the prediction, ignored pixels (255) left out.
    void appendPixelCounts(const torch::Tensor &predicted, const torch::Tensor &truth, int64_t classes)
    {
        const int64_t batch = truth.size(0);
        const torch::Tensor cell = torch::arange(batch, torch::kLong).view({batch, 1, 1}) * classes;
        const torch::Tensor valid = truth.ne(255);
        const auto countsOf = [&](const torch::Tensor &labels, const torch::Tensor &where) {
            return torch::bincount((cell + labels).masked_select(where), {}, batch * classes);
        };
        const torch::Tensor intersection = countsOf(truth, valid.logical_and(predicted.eq(truth)));
        const torch::Tensor unions = countsOf(truth, valid) + countsOf(predicted, valid) - intersection;
        for (const auto &[counts, into] : {std::pair{intersection, &m_lastPixels.intersection},
                                           std::pair{unions, &m_lastPixels.unions}}) {
            const torch::Tensor narrow = counts.to(torch::kInt).contiguous();
            const std::int32_t *values = narrow.data_ptr<std::int32_t>();
            into->insert(into->end(), values, values + narrow.numel());
        }
    }

    const EvaluateOptions &m_options;
    const EvaluateData &m_data;
    torch::Device m_device;
    const EvaluateCallback &m_progress;
    std::vector<std::uint8_t> m_lastCorrect; // of the last scoring, per held-out image
    HeldOutPixelCounts m_lastPixels;          // of the last scoring, per held-out image and class

public:
    // Classification: which held-out images the last scored network classified right.
    const std::vector<std::uint8_t> &lastCorrect() const { return m_lastCorrect; }
    // Segmentation: the last scoring's pixel counts, whose mIoU was its score.
    const HeldOutPixelCounts &lastPixels() const { return m_lastPixels; }
};

// Each repeat's run of every arm, into `result`; a stop leaves the run in progress out.
void runRepeats(const EvaluateOptions &options, EvaluateData &data, Trainer &trainer,
                const std::vector<std::string> &names, const torch::Tensor &heldOutImages,
                const torch::Tensor &heldOutTargets, EvaluateResult &result)
{
    for (int r = 0; r < options.repeats && !result.cancelled; ++r) {
        const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(r);
        // Training images of its own, so that the runs' spread covers which ones were drawn.
        data.drawTrainingImages(seed);
        result.skippedImages = data.skipped();
        result.trainPool = data.trainPoolCount();
        std::vector<double> scores;
        std::vector<std::vector<double>> curves;
        std::vector<std::vector<std::uint8_t>> correct;
        std::vector<HeldOutPixelCounts> pixels;
        for (int arm = 0; arm < data.armCount(); ++arm) {
            auto curve = trainer.run(arm, names[size_t(arm)], seed, r + 1, heldOutImages, heldOutTargets);
            if (!curve) {
                result.cancelled = true;
                break;
            }
            scores.push_back(curve->back());
            curves.push_back(std::move(*curve));
            correct.push_back(trainer.lastCorrect());
            pixels.push_back(trainer.lastPixels());
        }
        if (result.cancelled)
            break; // a run counts only with every arm
        for (int arm = 0; arm < data.armCount(); ++arm) {
            EvaluateArmResult &armResult = result.arms[size_t(arm)];
            armResult.scores.push_back(scores[size_t(arm)]);
            armResult.curves.push_back(std::move(curves[size_t(arm)]));
            if (!correct[size_t(arm)].empty())
                armResult.heldOutCorrect.push_back(std::move(correct[size_t(arm)]));
            if (result.task != Task::Classification)
                armResult.heldOutPixels.push_back(std::move(pixels[size_t(arm)]));
        }
        result.seeds.push_back(seed);
    }
}

} // namespace

EvaluateRunError::EvaluateRunError(const std::string &message, EvaluateResult partial)
    : std::runtime_error(message), m_partial(std::make_shared<const EvaluateResult>(std::move(partial)))
{
}

bool seedsFit(std::uint64_t seed, int repeats)
{
    return repeats < 1 || std::numeric_limits<std::uint64_t>::max() - seed >= static_cast<std::uint64_t>(repeats - 1);
}

EvaluateResult evaluatePolicy(const EvaluateOptions &options, const EvaluateCallback &progress)
{
    if (options.epochs < 1 || options.repeats < 1 || options.batchSize < 1 || options.imageSize < 0)
        throw std::invalid_argument("evaluate needs epochs, repeats and batch size of at least 1");
    // A seed past 2^64 − 1 would wrap to 0: that run would repeat another seed's, not a new one.
    if (!seedsFit(options.seed, options.repeats))
        throw std::invalid_argument("the seed " + std::to_string(options.seed) + " with "
                                    + std::to_string(options.repeats)
                                    + " repeats passes 2^64 - 1 (repeat r uses seed + r): give a smaller seed or "
                                      "fewer repeats");
    if (options.baselineNames.empty())
        throw std::invalid_argument("evaluate needs a baseline to compare with");
    const std::string device = usableDevice(options.device);
    configureTorchThreads(options.threads);

    std::vector<ReplayPolicy> policies;
    std::vector<std::string> names{options.policyPath};
    names.insert(names.end(), options.morePolicyPaths.begin(), options.morePolicyPaths.end());
    for (const std::string &path : names)
        policies.push_back(ReplayPolicy::load(path));
    const std::vector<std::string> &baselines = options.baselineNames;
    EvaluateData data(options, policies, baselines);

    EvaluateResult result;
    result.task = data.task();
    result.metric = data.task() == Task::Classification ? "accuracy" : "mIoU";
    result.trainImages = data.trainCount();
    result.trainPool = data.trainPoolCount();
    result.heldOutImages = data.heldOutCount();
    result.numClasses = data.numClasses();
    result.imageSize = data.side();
    result.channels = data.channels();
    result.model = options.model;
    result.heldOutSource = data.heldOutSource();
    result.skippedImages = data.skipped();
    result.warnings = data.warnings();
    result.trainShortfall = data.trainShortfall();
    result.heldOutShortfall = data.heldOutShortfall();
    result.epochs = options.epochs;
    result.device = device;
    names.insert(names.end(), baselines.begin(), baselines.end());
    for (int arm = 0; arm < data.armCount(); ++arm) {
        EvaluateArmResult &armResult = result.arms.emplace_back();
        armResult.name = names[size_t(arm)];
        armResult.kind = data.isPolicyArm(arm) ? EvaluateArmKind::Policy : EvaluateArmKind::Baseline;
    }
    const int policyArms = static_cast<int>(policies.size());
    for (int p = 0; p < policyArms; ++p)
        for (int b = policyArms; b < data.armCount(); ++b)
            result.comparisons.push_back({p, b, {}});

    const EvaluateSet heldOut = data.heldOutSet();
    const torch::Tensor heldOutImages = imagesOf(heldOut);
    const torch::Tensor heldOutTargets = targetsOf(heldOut);
    Trainer trainer(options, data, torch::Device(device), progress);
    try {
        runRepeats(options, data, trainer, names, heldOutImages, heldOutTargets, result);
    } catch (const std::exception &error) {
        // The runs that finished still count: reported as a stop reports them.
        result.cancelled = true;
        summariseRuns(result);
        throw EvaluateRunError(error.what(), std::move(result));
    }
    summariseRuns(result);
    return result;
}

} // namespace augstudio
