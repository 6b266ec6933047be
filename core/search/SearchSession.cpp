#include "search/SearchSession.h"

#include "data/BatchChecks.h"
#include "data/BatchLoader.h"
#include "data/DatasetInspector.h"
#include "data/DefaultPreprocessing.h"
#include "data/Dataset.h"
#include "models/Discriminator.h"
#include "ops/OperationCatalog.h"
#include "policy/AlbumentationsExport.h"
#include "policy/PolicyModel.h"
#include "search/Checkpoint.h"
#include "search/PlateauDetector.h"
#include "search/SearchOutputs.h"
#include "search/SearchStep.h"
#include "search/TorchRuntime.h"

#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <sstream>

namespace augstudio {

namespace {

using Clock = std::chrono::steady_clock;

// Settings that must match for a checkpoint to continue a search.
std::string searchFingerprint(const SearchConfig &config, const std::vector<OperationSpec> &ops, int numClasses,
                              int channels)
{
    std::ostringstream out;
    out << "task=" << toString(config.task) << "\n"
        << "architecture=" << config.model().architecture << "/" << config.model().encoderArchitecture << "\n"
        << "num_classes=" << numClasses << "\n";
    // Only grey searches name their channels: checkpoints written before grey searches existed
    // (all colour) still resume, and one of a grey dataset searched in colour then does not.
    if (channels != 3)
        out << "channels=" << channels << "\n";
    out << "num_sub_policies=" << config.policy.numSubPolicies << "\n"
        << "operation_count=" << config.policy.operationCount << "\n"
        << "seed=" << config.seed << "\n";
    for (const auto &op : ops)
        out << "operation=" << op.displayName() << "[" << op.low << "," << op.high << "]\n";
    return out.str();
}

// RGB bytes; a grey search's one channel is replicated, so that every viewer shows it as is.
PreviewImage toPreviewImage(const torch::Tensor &chw01)
{
    const torch::Tensor rgb = chw01.size(0) == 1 ? chw01.expand({3, chw01.size(1), chw01.size(2)}) : chw01;
    const torch::Tensor hwc = (rgb.clamp(0, 1) * 255).round().to(torch::kUInt8).permute({1, 2, 0}).contiguous().cpu();
    PreviewImage image;
    image.height = static_cast<int>(hwc.size(0));
    image.width = static_cast<int>(hwc.size(1));
    image.channels = 3;
    image.pixels.assign(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
    return image;
}

PreviewImage toPreviewMask(const torch::Tensor &mask1hw)
{
    const torch::Tensor hw = mask1hw.squeeze(0).round().clamp(0, 255).to(torch::kUInt8).contiguous().cpu();
    PreviewImage image;
    image.height = static_cast<int>(hw.size(0));
    image.width = static_cast<int>(hw.size(1));
    image.channels = 1;
    image.pixels.assign(hw.data_ptr<uint8_t>(), hw.data_ptr<uint8_t>() + hw.numel());
    return image;
}

} // namespace

struct SearchSession::Impl {
    SearchRequest request;
    SearchObserver *observer;
    SearchObserver silent;

    std::atomic<bool> stopRequested{false};
    std::atomic<bool> previewRequested{false};
    std::atomic<bool> paused{false};
    std::mutex pauseMutex;
    std::condition_variable pauseChanged;

    SearchOutcome runSearch();
    void waitWhilePaused()
    {
        std::unique_lock<std::mutex> lock(pauseMutex);
        pauseChanged.wait(lock, [this] { return !paused || stopRequested; });
    }
    Preview renderPreview(PolicyModel &policy, const StepInput &input, const PolicySnapshot &snapshot, int epoch,
                          int step);
};

SearchSession::SearchSession(SearchRequest request, SearchObserver *observer)
    : d(std::make_unique<Impl>())
{
    d->request = std::move(request);
    d->observer = observer ? observer : &d->silent;
}

SearchSession::~SearchSession() = default;

void SearchSession::requestStop()
{
    d->stopRequested = true;
    std::lock_guard<std::mutex> lock(d->pauseMutex);
    d->pauseChanged.notify_all();
}

void SearchSession::pause()
{
    d->paused = true;
}

void SearchSession::resume()
{
    std::lock_guard<std::mutex> lock(d->pauseMutex);
    d->paused = false;
    d->pauseChanged.notify_all();
}

void SearchSession::requestPreview()
{
    d->previewRequested = true;
}

bool SearchSession::isPaused() const
{
    return d->paused;
}

SearchOutcome SearchSession::run()
{
    SearchOutcome outcome;
    try {
        outcome = d->runSearch();
    } catch (const c10::Error &error) {
        outcome.reason = SearchEndReason::Failed;
        outcome.message = error.what_without_backtrace();
    } catch (const std::exception &error) {
        outcome.reason = SearchEndReason::Failed;
        outcome.message = error.what();
    }
    d->observer->onFinished(outcome);
    return outcome;
}

Preview SearchSession::Impl::renderPreview(PolicyModel &policy, const StepInput &input, const PolicySnapshot &snapshot,
                                           int epoch, int step)
{
    // Previews must not disturb the search's random stream (resume equality).
    const RandomStateGuard keepRandomStream(input.images.device());
    torch::NoGradGuard noGrad;
    Preview preview;
    preview.epoch = epoch;
    preview.step = step;
    const int64_t count = std::min<int64_t>(input.images.size(0), 8);
    const torch::Tensor originals = policy->denormalize(input.images.slice(0, 0, count));
    for (int64_t i = 0; i < count; ++i) {
        const int subPolicy = static_cast<int>(torch::randint(policy->options().numSubPolicies, {1}).item<int64_t>());
        torch::Tensor mask = input.masks.defined() ? input.masks.slice(0, i, i + 1) : torch::Tensor();
        const torch::Tensor augmented =
            policy->applySubPolicy(subPolicy, originals.slice(0, i, i + 1), mask.defined() ? &mask : nullptr);
        PreviewSample sample;
        sample.original = toPreviewImage(originals[i]);
        sample.augmented = toPreviewImage(augmented[0]);
        if (mask.defined()) {
            sample.originalMask = toPreviewMask(input.masks[i]);
            sample.augmentedMask = toPreviewMask(mask[0]);
        }
        sample.subPolicy = subPolicy;
        sample.description = snapshot.describeSubPolicy(subPolicy);
        preview.samples.push_back(std::move(sample));
    }
    return preview;
}

SearchOutcome SearchSession::Impl::runSearch()
{
    SearchConfig config = request.config;
    const auto startTime = Clock::now();

    const std::string device = usableDevice(config.trainer.device);
    const torch::Device torchDevice(device);
    const int threads = configureTorchThreads(config.trainer.threads);
    torch::manual_seed(config.seed);

    const std::string chunks = chunkProblem(config.data.dataloader.batchSize, config.policy.numChunks);
    if (!chunks.empty())
        throw std::runtime_error(chunks);

    std::vector<DatasetProblem> problems;
    const std::unique_ptr<Dataset> dataset =
        openDataset(config.data, config.task, config.model().numClasses, problems);
    for (const auto &problem : problems)
        observer->onMessage((problem.error ? "error: " : "warning: ") + problem.message); // it names its file
    const int numClasses = dataset->numClasses();
    config.model().numClasses = numClasses;

    // A grey dataset is searched on one channel: the policy, the model and the batches.
    const int channels = dataset->channels();
    std::vector<std::string> notes;
    const PolicyOptions policyOptions = PolicyOptions::fromConfig(config, channels, &notes); // validates the operations
    for (const std::string &note : notes)
        observer->onMessage("warning: " + note);
    const std::vector<OperationSpec> &operations = policyOptions.operations;
    // No preprocessing in the config: the default rule picks one from the image sizes. It
    // goes into the config, so config.yaml, the checkpoint and the exported policy carry it.
    if (config.data.preprocessing.empty()) {
        const PreprocessingChoice choice = resolvePreprocessing(config, scanImageSizes(*dataset));
        if (!choice.steps.empty()) {
            config.data.preprocessing = choice.steps;
            observer->onMessage(choice.reason);
        }
    }
    BatchLoader loader(*dataset, config.data, config.seed);
    int stepsPerEpoch = static_cast<int>(loader.batchesPerEpoch());
    for (const int limit : {request.maxStepsPerEpoch, config.trainer.stepsPerEpoch})
        if (limit > 0)
            stepsPerEpoch = std::min(stepsPerEpoch, limit);
    if (stepsPerEpoch == 0)
        throw std::runtime_error("the dataset (" + std::to_string(dataset->size())
                                 + " images) holds less than one batch of "
                                 + std::to_string(config.data.dataloader.batchSize) + " images");

    PolicyModel policy(policyOptions);
    std::vector<std::string> weightNotes;
    const std::shared_ptr<DiscriminatorImpl> discriminator =
        makeDiscriminator(config.model(), config.task, numClasses, channels, &weightNotes);
    if (!request.resume) // a resumed search takes its weights from the checkpoint
        for (const std::string &note : weightNotes)
            observer->onMessage("warning: " + note);
    policy->to(torchDevice);
    discriminator->to(torchDevice);

    torch::optim::Adam discriminatorOptimizer(discriminator->parameters(), adamOptions(config.optimMain));
    torch::optim::Adam policyOptimizer(policy->parameters(), adamOptions(config.optimPolicy));
    const CheckpointModels models{policy, discriminator, &discriminatorOptimizer, &policyOptimizer, torchDevice};
    const std::string fingerprint = searchFingerprint(config, operations, numClasses, channels);

    CheckpointState state;
    state.fingerprint = fingerprint;
    if (request.resume) {
        state = loadCheckpoint(SearchFolder(request.outputDir).checkpointFile(), models, fingerprint);
    }
    SearchOutputs outputs(SearchFolder(request.outputDir), request.resume, state.step);
    outputs.writeConfig(config);

    PlateauDetector plateau;
    for (const auto &past : state.history)
        plateau.add(past.averageParameterChange);
    bool plateauAnnounced = plateau.verdict().plateau;

    SearchStartInfo info;
    info.firstEpoch = state.epoch + 1;
    info.maxEpochs = config.trainer.maxEpochs;
    info.stepsPerEpoch = stepsPerEpoch;
    info.batchSize = config.data.dataloader.batchSize;
    info.threads = threads;
    info.channels = policy->snapshot(0, 0).channels;
    info.device = device;
    info.outputDir = request.outputDir;
    for (const auto &op : operations)
        info.operationNames.push_back(op.displayName());
    observer->onStarted(info);
    for (const auto &past : state.history)
        observer->onEpoch(past);

    SearchStep step(StepSettings::fromConfig(config, numClasses), policy, discriminator, discriminatorOptimizer,
                    policyOptimizer);

    SearchOutcome outcome;
    outcome.lastEpoch = state.epoch;
    if (state.epoch > 0)
        outcome.latestPolicy = outputs.folder().latestPolicyFile();
    int globalStep = state.step;
    const double wallOffset = state.wallSeconds;
    auto wallSeconds = [&] {
        return wallOffset + std::chrono::duration<double>(Clock::now() - startTime).count();
    };
    const int totalSteps = (config.trainer.maxEpochs - state.epoch) * stepsPerEpoch;
    int stepsDone = 0;
    double stepSecondsTotal = 0;
    int imageHeight = 0, imageWidth = 0;
    Batch batch;

    for (int epoch = state.epoch + 1; epoch <= config.trainer.maxEpochs; ++epoch) {
        loader.startEpoch(epoch);
        PolicySnapshot startSnapshot;
        double sums[3] = {0, 0, 0};
        int stepInEpoch = 0;
        for (; stepInEpoch < stepsPerEpoch; ++stepInEpoch) {
            if (paused)
                waitWhilePaused();
            if (stopRequested)
                break;
            if (!loader.next(batch))
                break;
            const auto stepStart = Clock::now();
            StepInput input;
            input.images = torch::from_blob(batch.images.data(), {batch.n, batch.c, batch.h, batch.w}, torch::kFloat)
                               .to(torchDevice, /*non_blocking=*/false, /*copy=*/true);
            if (!batch.labels.empty())
                input.labels = torch::from_blob(batch.labels.data(), {batch.n}, torch::kLong).to(torchDevice, false, true);
            if (!batch.masks.empty())
                input.masks = torch::from_blob(batch.masks.data(), {batch.n, 1, batch.h, batch.w}, torch::kUInt8)
                                  .to(torchDevice, torch::kFloat);
            if (imageHeight == 0) {
                imageHeight = batch.h;
                imageWidth = batch.w;
                const int perPass = batch.n / 2; // the discriminator sees half the batch at once
                const int minimum = discriminator->minimumInputSize(perPass);
                if (std::min(batch.h, batch.w) < minimum)
                    throw std::runtime_error(tooSmallMessage({batch.w, batch.h}, minimum, config.model().architecture));
                if (perPass < 2 && config.task == Task::SemanticSegmentation
                    && config.model().architecture == "DeepLabV3Plus")
                    throw std::runtime_error("DeepLabV3Plus pools each image to one pixel and normalises that over "
                                             "the batch: it needs 2 or more images a pass, data.dataloader.batch_size "
                                             ">= 4");
            }
            if (stepInEpoch == 0)
                startSnapshot = policy->snapshot(imageHeight, imageWidth);

            const StepLosses losses = step.run(input);
            if (!std::isfinite(losses.loss) || !std::isfinite(losses.dLoss) || !std::isfinite(losses.aLoss)) {
                outcome.reason = SearchEndReason::Failed;
                outcome.message = "the search diverged at epoch " + std::to_string(epoch) + ", step "
                                  + std::to_string(globalStep + 1) + " (loss " + std::to_string(losses.loss)
                                  + ", d_loss " + std::to_string(losses.dLoss) + ", a_loss "
                                  + std::to_string(losses.aLoss) + "); the policy of epoch "
                                  + std::to_string(outcome.lastEpoch)
                                  + " is kept. Try a lower optim.policy.lr or optim.main.lr.";
                return outcome;
            }
            ++globalStep;
            ++stepsDone;
            stepSecondsTotal += std::chrono::duration<double>(Clock::now() - stepStart).count();
            sums[0] += losses.loss;
            sums[1] += losses.dLoss;
            sums[2] += losses.aLoss;

            StepMetrics metrics;
            metrics.epoch = epoch;
            metrics.step = globalStep;
            metrics.stepInEpoch = stepInEpoch + 1;
            metrics.stepsPerEpoch = stepsPerEpoch;
            metrics.loss = losses.loss;
            metrics.dLoss = losses.dLoss;
            metrics.aLoss = losses.aLoss;
            metrics.wallSeconds = wallSeconds();
            const double secondsPerStep = stepSecondsTotal / stepsDone;
            metrics.imagesPerSecond = secondsPerStep > 0 ? batch.n / secondsPerStep : 0;
            metrics.etaSeconds = secondsPerStep * (totalSteps - stepsDone);
            outputs.writeStep(metrics);
            observer->onStep(metrics);

            const int previewEvery = config.trainer.previewEvery;
            if (previewRequested.exchange(false) || (previewEvery > 0 && request.previews && globalStep % previewEvery == 1))
                observer->onPreview(renderPreview(policy, input, policy->snapshot(imageHeight, imageWidth), epoch,
                                                  globalStep));
        }
        if (stepInEpoch < stepsPerEpoch) {
            outcome.reason = SearchEndReason::Stopped;
            outcome.message = stopRequested ? "stopped" : "the data ran out";
            break;
        }

        const PolicySnapshot endSnapshot = policy->snapshot(imageHeight, imageWidth);
        EpochMetrics epochMetrics;
        epochMetrics.epoch = epoch;
        epochMetrics.step = globalStep;
        epochMetrics.loss = sums[0] / stepsPerEpoch;
        epochMetrics.dLoss = sums[1] / stepsPerEpoch;
        epochMetrics.aLoss = sums[2] / stepsPerEpoch;
        epochMetrics.averageParameterChange = averageParameterChange(startSnapshot, endSnapshot);
        epochMetrics.wallSeconds = wallSeconds();
        epochMetrics.policyPath = outputs.writeEpoch(epochMetrics, exportPolicy(endSnapshot, config));

        state.epoch = epoch;
        state.step = globalStep;
        state.wallSeconds = epochMetrics.wallSeconds;
        state.history.push_back(epochMetrics);
        saveCheckpoint(outputs.folder().checkpointFile(), models, state);
        outcome.lastEpoch = epoch;
        outcome.latestPolicy = outputs.folder().latestPolicyFile();
        observer->onEpoch(epochMetrics);
        for (auto &warning : loader.takeWarnings())
            observer->onMessage("warning: " + warning.file + ": " + warning.message);

        const PlateauVerdict verdict = plateau.add(epochMetrics.averageParameterChange);
        if (verdict.plateau && !plateauAnnounced) {
            plateauAnnounced = true;
            observer->onPlateau({epoch, verdict.suggestedEpoch, verdict.reason});
            if (request.stopOnPlateau) {
                outcome.reason = SearchEndReason::Stopped;
                outcome.message = "stopped on plateau: " + verdict.reason;
                return outcome;
            }
        }
    }
    if (outcome.reason == SearchEndReason::Finished)
        outcome.message = "finished " + std::to_string(outcome.lastEpoch) + " epochs";
    return outcome;
}

} // namespace augstudio
