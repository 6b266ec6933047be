#include "search/SearchRun.h"

#include "config/ConfigChanges.h"
#include "config/ConfigLoader.h"
#include "config/ConfigWriter.h"
#include "config/YamlScalars.h"
#include "data/BatchChecks.h"
#include "data/DatasetInspector.h"
#include "data/DefaultPreprocessing.h"
#include "data/DeterministicRandom.h"
#include "ops/OperationCatalog.h"
#include "policy/AlbumentationsExport.h"
#include "search/LaunchRecord.h"
#include "search/ResumePoint.h"
#include "search/SearchFolder.h"
#include "search/TorchRuntime.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace augstudio {

namespace {

// The policy model's settings that, far from their defaults, can make the losses overflow.
std::string divergenceSuspects(const PolicyModelConfig &policy)
{
    const PolicyModelConfig defaults;
    std::string named;
    if (policy.temperature != defaults.temperature)
        named += ", or policy_model.temperature nearer " + formatNumber(defaults.temperature);
    if (policy.gpFactor != defaults.gpFactor)
        named += std::string(named.empty() ? ", or" : " and") + " policy_model.gp_factor nearer "
                 + formatNumber(defaults.gpFactor);
    return named;
}

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

StepInput toStepInput(Batch &batch, const torch::Device &device)
{
    StepInput input;
    input.images = torch::from_blob(batch.images.data(), {batch.n, batch.c, batch.h, batch.w}, torch::kFloat)
                       .to(device, /*non_blocking=*/false, /*copy=*/true);
    if (!batch.labels.empty())
        input.labels = torch::from_blob(batch.labels.data(), {batch.n}, torch::kLong).to(device, false, true);
    if (!batch.masks.empty())
        input.masks =
            torch::from_blob(batch.masks.data(), {batch.n, 1, batch.h, batch.w}, torch::kUInt8).to(device, torch::kFloat);
    return input;
}

// Each rank draws its own random stream (sub-policies, magnitudes, the penalty's mixing)
// from the seed, the epoch and the rank, so that the shares of a batch are not augmented
// alike, and a resumed search draws what an uninterrupted one does.
uint64_t rankEpochSeed(uint64_t seed, int epoch, int rank)
{
    uint64_t mixed = seed ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(epoch))
                     ^ (0xC2B2AE3D27D4EB4FULL * static_cast<uint64_t>(rank + 1));
    mixed ^= mixed >> 31;
    return mixed & 0x7FFFFFFFFFFFFFFFULL;
}

// FNV-1a over the tensors' bytes: a short fingerprint of a rank's parameters.
uint64_t digestOf(const std::vector<torch::Tensor> &tensors)
{
    uint64_t hash = 1469598103934665603ULL;
    for (const torch::Tensor &tensor : tensors) {
        const torch::Tensor bytes = tensor.detach().contiguous().cpu();
        const auto *data = static_cast<const unsigned char *>(bytes.data_ptr());
        for (size_t i = 0; i < bytes.nbytes(); ++i)
            hash = (hash ^ data[i]) * 1099511628211ULL;
    }
    return hash;
}

bool isFinite(const StepLosses &losses)
{
    return std::isfinite(losses.loss) && std::isfinite(losses.dLoss) && std::isfinite(losses.aLoss);
}

// `bytes`: (H, W, C) or (H, W) uint8.
PreviewImage previewImageOf(const torch::Tensor &bytes)
{
    const torch::Tensor pixels = bytes.contiguous().cpu();
    PreviewImage image;
    image.height = static_cast<int>(pixels.size(0));
    image.width = static_cast<int>(pixels.size(1));
    image.channels = pixels.dim() == 3 ? static_cast<int>(pixels.size(2)) : 1;
    image.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
    return image;
}

// RGB bytes; a grey search's one channel is replicated, so that every viewer shows it as is.
PreviewImage toPreviewImage(const torch::Tensor &chw01)
{
    const torch::Tensor rgb = chw01.size(0) == 1 ? chw01.expand({3, chw01.size(1), chw01.size(2)}) : chw01;
    return previewImageOf((rgb.clamp(0, 1) * 255).round().to(torch::kUInt8).permute({1, 2, 0}));
}

PreviewImage toPreviewMask(const torch::Tensor &mask1hw)
{
    return previewImageOf(mask1hw.squeeze(0).round().clamp(0, 255).to(torch::kUInt8));
}

Preview renderPreview(PolicyModel &policy, const StepInput &input, const PolicySnapshot &snapshot, int epoch, int step)
{
    // Previews must not disturb the search's random stream (resume equality).
    const RandomStateGuard keepRandomStream(input.images.device());
    torch::NoGradGuard noGrad;
    Preview preview;
    preview.epoch = epoch;
    preview.step = step;
    const int64_t count = std::min<int64_t>(input.images.size(0), 8);
    const torch::Tensor originals = input.images.slice(0, 0, count);
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

struct DatasetListing
{
    std::int64_t images = 0;
    std::uint64_t key = 0;
};

// The dataset as listed: its images' count, and a key of their names below the root (a moved
// dataset is the same one) and their labels.
DatasetListing datasetListing(const Dataset &dataset, const std::string &root)
{
    DatasetListing listing;
    listing.images = static_cast<std::int64_t>(dataset.size());
    const std::string prefix = root + "/";
    for (std::size_t i = 0; i < dataset.size(); ++i) {
        const std::string name = dataset.itemName(i);
        const std::string_view below =
            name.rfind(prefix, 0) == 0 ? std::string_view(name).substr(prefix.size()) : std::string_view(name);
        listing.key = mixSeed(listing.key, seedOfText(below), static_cast<std::uint64_t>(dataset.label(i)));
    }
    return listing;
}

} // namespace

void LossSums::add(const StepLosses &losses)
{
    loss += losses.loss;
    dLoss += losses.dLoss;
    aLoss += losses.aLoss;
}

StepLosses LossSums::mean(int steps) const
{
    return {loss / steps, dLoss / steps, aLoss / steps};
}

SearchRun::SearchRun(const SearchRequest &request, SearchCommands &commands, SearchObserver &observer)
    : m_request(request), m_commands(commands), m_observer(observer), m_config(request.config)
{
}

SearchRun::~SearchRun() = default;

// ---- prepare --------------------------------------------------------------------------------

void SearchRun::prepare()
{
    m_startTime = Clock::now();
    joinProcessGroup();
    m_deviceName = m_group ? usableProcessDevice(m_config.trainer.device, m_request.distributed.localRank)
                           : usableDevice(m_config.trainer.device);
    m_device = torch::Device(m_deviceName);
    m_threads = configureTorchThreads(m_config.trainer.threads);
    torch::manual_seed(m_config.seed);
    openData();
    readPolicyOptions();
    openLoader();
    buildModels();
    checkRanksStartAlike();
    openOutputs();
    shareRankZeroState();
    announceStart();
    restorePlateauRecord();
}

void SearchRun::joinProcessGroup()
{
    if (m_request.distributed.distributed())
        m_group = std::make_unique<ProcessGroup>(m_request.distributed);
}

void SearchRun::checkBatchSplits() const
{
    if (!m_group)
        return;
    if (const std::string problem = batchSplitProblem(m_config.data.dataloader.batchSize, m_config.policy.numChunks,
                                                      m_group->worldSize());
        !problem.empty())
        throw std::runtime_error(problem);
}

// What every rank must share to search as one: the config but for what is each machine's
// own (the dataset's path, threads, the device, loader workers), the dataset as opened, and
// whether it resumes. A rank started otherwise is told at once which setting differs, not
// after an epoch whose parameters drift apart, or a collective that waits out its timeout.
void SearchRun::checkRanksStartAlike()
{
    if (!m_group)
        return;
    const std::string facts = "images=" + std::to_string(m_dataset->size()) + "\nclasses="
                              + std::to_string(m_numClasses) + "\nchannels=" + std::to_string(m_channels)
                              + "\nresume=" + (m_request.resume ? "yes" : "no")
                              + "\nstop-on-plateau=" + (m_request.stopOnPlateau ? "yes" : "no")
                              + "\nsteps-per-epoch=" + std::to_string(m_request.maxStepsPerEpoch) + "\n";
    const std::string rankZeroConfig = m_group->broadcastText(configToYaml(m_config));
    const std::string rankZeroFacts = m_group->broadcastText(facts);
    std::string difference;
    if (rankZeroFacts != facts) {
        difference = "its dataset, resume or options differ (rank 0: " + rankZeroFacts + "; this rank: " + facts + ")";
        for (char &c : difference)
            c = c == '\n' ? ' ' : c;
    } else {
        static const char *const ownKeys[] = {"data.dataset.root", "trainer.threads", "trainer.device",
                                              "data.dataloader.num_workers"};
        for (const ConfigChange &change : configChanges(parseConfig(rankZeroConfig, "rank 0's config").config, m_config)) {
            if (std::any_of(std::begin(ownKeys), std::end(ownKeys),
                            [&](const char *key) { return change.keyPath == key; }))
                continue;
            difference = change.keyPath + " is " + change.after + " here and " + change.before + " on rank 0";
            break;
        }
    }
    std::vector<double> differing{difference.empty() ? 0.0 : 1.0};
    m_group->sum(differing);
    if (!difference.empty())
        throw std::runtime_error("this process was started otherwise than rank 0: " + difference
                                 + "; start every process with the same config, dataset and options");
    if (differing[0] > 0)
        throw std::runtime_error((differing[0] == 1.0 ? std::string("another process was")
                                                       : std::to_string(static_cast<int>(differing[0]))
                                                             + " of the other processes were")
                                 + " started otherwise than this one (rank 0): each says which setting differs");
}

// On several machines each resumes from its own copy of the checkpoint: one of another
// epoch would search on from elsewhere, its parameters parting from rank 0's only at the
// epoch's end. Checked once every rank has read its copy, before rank 0 writes anything.
void SearchRun::checkRanksResumeAlike()
{
    if (!m_group)
        return;
    const std::string position = m_state.epoch > 0 ? "the checkpoint of epoch " + std::to_string(m_state.epoch) + " (step "
                                                          + std::to_string(m_state.step) + ")"
                                                    : std::string("no checkpoint (epoch 1)");
    const std::string rankZeroPosition = m_group->broadcastText(position);
    std::vector<double> differing{rankZeroPosition == position ? 0.0 : 1.0};
    m_group->sum(differing);
    if (rankZeroPosition != position)
        throw std::runtime_error("this process resumes from " + position + " and rank 0 from " + rankZeroPosition
                                 + ": every machine needs the same copy of " + SearchFolder(m_request.outputDir).checkpointFile());
    if (differing[0] > 0)
        throw std::runtime_error("another process resumes from another checkpoint than this one (rank 0, "
                                 + position + "): each says which");
}

// Rank 0's initial (or resumed) weights and buffers become every rank's.
void SearchRun::shareRankZeroState()
{
    if (m_group)
        m_group->broadcastFromRankZero(sharedTensors());
}

std::vector<torch::Tensor> SearchRun::sharedTensors()
{
    std::vector<torch::Tensor> tensors = m_policy->parameters();
    for (const auto &parameter : m_discriminator->parameters())
        tensors.push_back(parameter);
    for (const auto &buffer : m_policy->buffers())
        tensors.push_back(buffer);
    for (const auto &buffer : m_discriminator->buffers())
        tensors.push_back(buffer);
    return tensors;
}

void SearchRun::openData()
{
    // config.yaml records the folder absolute: --resume reads it from the output folder, where
    // a path relative to the folder the search was started in would lead nowhere.
    if (std::string root = absoluteFolderPath(m_config.data.dataset.root); !root.empty())
        m_config.data.dataset.root = std::move(root);
    m_openProblems.clear();
    m_dataset = openDataset(m_config.data, m_config.task, m_config.model().numClasses, m_openProblems);
    for (const auto &problem : m_openProblems)
        m_observer.onMessage((problem.error ? "error: " : "warning: ") + problem.message); // it names its file
    // Refused now, not in whichever epoch draws the pair.
    if (const std::string mismatch = mismatchedPairs(*m_dataset); !mismatch.empty())
        throw DatasetError(mismatch);
    m_numClasses = m_dataset->numClasses();
    m_config.model().numClasses = m_numClasses;
    // A grey dataset is searched on one channel: the policy, the model and the batches.
    m_channels = m_dataset->channels();
}

void SearchRun::readPolicyOptions()
{
    m_policyOptions = PolicyOptions::fromConfig(m_config, m_channels); // validates the operations
    std::vector<ConfigNote> notes;
    m_normalization = resolveNormalization(m_config.data, m_channels, &notes);
    for (const ConfigNote &note : notes)
        m_observer.onMessage("warning: " + describeNote(note));
}

void SearchRun::openLoader()
{
    // No preprocessing in the config: the default rule picks one from the image sizes. It
    // goes into the config, so config.yaml, the checkpoint and the exported policy carry it.
    // Every process picks the same, for the share of the batch each model sees.
    const PreprocessingChoice choice = resolvePreprocessing(m_config, *m_dataset, m_group ? m_group->worldSize() : 1);
    if (m_config.data.preprocessing.empty()) {
        m_config.data.preprocessing = choice.steps; // may be none: then the reason says so
        if (!choice.reason.empty())
            m_observer.onMessage(choice.reason);
    }
    m_loader = std::make_unique<BatchLoader>(*m_dataset, m_config.data, m_config.seed);
    if (m_group)
        m_loader->shareAmong({m_group->rank(), m_group->worldSize(),
                              [this](std::vector<double> &values) { m_group->sum(values); }});
    m_stepsPerEpoch = static_cast<int>(m_loader->batchesPerEpoch());
    for (const int limit : {m_request.maxStepsPerEpoch, m_config.trainer.stepsPerEpoch})
        if (limit > 0)
            m_stepsPerEpoch = std::min(m_stepsPerEpoch, limit);
    checkBatchSplits();
    if (m_stepsPerEpoch == 0)
        throw std::runtime_error("the dataset (" + std::to_string(m_dataset->size())
                                 + " images) holds less than one batch of "
                                 + std::to_string(m_config.data.dataloader.batchSize) + " images");
}

void SearchRun::buildModels()
{
    // Both draw their initial weights: the policy first, then the discriminator.
    m_policy = PolicyModel(m_policyOptions);
    std::vector<std::string> weightNotes;
    m_discriminator = makeDiscriminator(m_config.model(), m_config.task, m_numClasses, m_channels, &weightNotes);
    if (!m_request.resume || startsOver()) // a resumed search takes its weights from the checkpoint
        for (const std::string &note : weightNotes)
            m_observer.onMessage("warning: " + note);
    m_policy->to(m_device);
    m_discriminator->to(m_device);
    m_discriminatorOptimizer =
        std::make_unique<torch::optim::Adam>(m_discriminator->parameters(), adamOptions(m_config.optimMain));
    m_policyOptimizer = std::make_unique<torch::optim::Adam>(m_policy->parameters(), adamOptions(m_config.optimPolicy));
    m_step = std::make_unique<SearchStep>(StepSettings::fromConfig(m_config, m_numClasses, m_normalization), m_policy,
                                          m_discriminator, *m_discriminatorOptimizer, *m_policyOptimizer);
    if (m_group)
        m_step->setGradientSync(
            [this](const std::vector<torch::Tensor> &parameters) { m_group->averageGradients(parameters); });
}

// Policies without a checkpoint: killed, or the disk full, while the first checkpoint was
// written. The search is seeded, so it starts again from its beginning to the same policies.
bool SearchRun::startsOver() const
{
    const SearchFolder folder(m_request.outputDir);
    return m_request.resume && !folder.hasCheckpoint() && folder.holdsResults();
}

void SearchRun::openOutputs()
{
    const SearchFolder folder(m_request.outputDir);
    // Before anything there is read or replaced: another search writing in the folder is
    // refused, not raced. Rank 0 writes for all.
    if (!m_group || m_group->rank() == 0) {
        m_folderLock = std::make_unique<FolderLock>(folder.dir());
        // Asked again under the lock: a search that ended while this one was being prepared
        // left its results there, which this one would replace.
        if (!m_request.resume && folder.holdsResults())
            throw std::runtime_error(folder.dir() + " holds the results of a search that ended while this one was "
                                     "being prepared: choose another output folder, or continue that search");
        if (const std::string problem = folder.foreignFileProblem(); !m_request.resume && !problem.empty())
            throw std::runtime_error(problem);
    }
    const std::string fingerprint = searchFingerprint(m_config, m_policyOptions.operations, m_numClasses, m_channels);
    m_state.fingerprint = fingerprint;
    // A search that starts over writes its folder as a new one would.
    const bool continues = m_request.resume && !startsOver();
    if (m_request.resume && !continues)
        checkStartOver(folder, fingerprint);
    if (m_request.resume && !continues && (!m_group || m_group->rank() == 0))
        m_observer.onMessage("warning: the search in " + folder.dir()
                             + " ended before its first checkpoint was saved (killed, or the disk was full): it starts "
                               "again from epoch 1, with the same seed, to the policies it would have written");
    if (continues) { // also restores the random generators
        m_state = loadCheckpoint(folder.checkpointFile(), checkpointModels(), fingerprint);
        // Another number of processes is said on its own (warnOfOtherLaunch), and takes other threads.
        if (readLaunchProcesses(folder.launchFile(), nullptr) == (m_group ? m_group->worldSize() : 1))
            warnOfOtherThreads(m_state.threads);
    }
    m_state.threads = m_threads;
    const DatasetListing listing = datasetListing(*m_dataset, m_config.data.dataset.root);
    if (continues)
        warnOfOtherDataset(listing.images, listing.key != m_state.datasetKey);
    m_state.datasetImages = listing.images;
    m_state.datasetKey = listing.key;
    // Refused before config.yaml records the lower max_epochs of a search that would do nothing.
    if (const std::string nothingLeft = nothingLeftToSearch(folder.dir(), m_state.epoch, m_config.trainer.maxEpochs);
        continues && !nothingLeft.empty())
        throw std::runtime_error(nothingLeft);
    checkRanksResumeAlike();
    if (!m_group || m_group->rank() == 0) {
        std::vector<std::string> metricsWarnings;
        m_outputs = std::make_unique<SearchOutputs>(folder, continues, m_state.step, m_state.history,
                                                    &metricsWarnings);
        for (const std::string &warning : metricsWarnings)
            m_observer.onMessage("warning: " + warning);
        if (!m_request.resume) // a resume's waits for its first step (recordConfig)
            recordConfig();
        const int processes = m_group ? m_group->worldSize() : 1;
        if (continues) {
            std::string damaged;
            const int before = readLaunchProcesses(folder.launchFile(), &damaged);
            if (!damaged.empty())
                m_observer.onMessage("warning: " + damaged);
            warnOfOtherLaunch(before, processes);
        }
        m_outputs->writeLaunch(processes);
    }
    for (const auto &past : m_state.history)
        m_plateau.add(past.averageParameterChange);
    m_plateauAnnounced = m_plateau.verdict().plateau;
}

// A search started over must be the one the folder holds: refused where the folder holds more
// than its first epoch (the checkpoint was lost, not cut short), or where its config.yaml
// records another value of a setting the checkpoint would have checked (the seed, the
// operations), before anything there is changed.
void SearchRun::checkStartOver(const SearchFolder &folder, const std::string &fingerprint) const
{
    if (const std::string problem = startOverProblem(folder); !problem.empty())
        throw std::runtime_error(problem);
    const std::string recorded = recordedFingerprint(folder.configFile());
    const std::string difference =
        recorded.empty() ? std::string() : fingerprintDifference(recorded, fingerprint, "it");
    if (!difference.empty())
        throw std::runtime_error("cannot start the search in " + folder.dir() + " over from epoch 1: it must repeat "
                                 "the search that was there, and " + folder.configFile()
                                 + " records another config: " + difference
                                 + "; nothing was changed there. Resume it with the settings config.yaml records, or "
                                   "start a new search with another --output folder");
}

// The fingerprint of the search a config file records, as this search's would be on this
// dataset; empty where the file is missing or unreadable (--config stands in for it then).
std::string SearchRun::recordedFingerprint(const std::string &configFile) const
{
    try {
        const SearchConfig recorded = loadConfigFile(configFile).config;
        return searchFingerprint(recorded, PolicyOptions::fromConfig(recorded, m_channels).operations,
                                 recorded.model().numClasses, m_channels);
    } catch (const std::exception &) {
        return {};
    }
}

// Killed while plateau.json was written, a search recognised its plateau and kept no record of
// it: the resume writes the verdict its checkpoint's epochs give, and says it, as it was said then.
void SearchRun::restorePlateauRecord()
{
    const PlateauVerdict verdict = m_plateau.verdict();
    if (!verdict.plateau || !writesOutputs())
        return;
    std::error_code error;
    if (std::filesystem::exists(m_outputs->folder().plateauFile(), error) || error)
        return;
    const PlateauEvent event{verdict.suggestedEpoch, verdict.suggestedEpoch, verdict.reason, verdict.plateauEpoch};
    m_outputs->writePlateau(event);
    m_observer.onPlateau(event);
}

// config.yaml records the config once the search has started: a resume that fails before its
// first step (images too small for a new preprocessing) leaves the folder's as it was, so that
// the next plain --resume is not refused the same way.
void SearchRun::recordConfig()
{
    if (m_configRecorded)
        return;
    m_configRecorded = true;
    if (writesOutputs())
        m_outputs->writeConfig(m_config);
}

// Any number of processes continues a search (the global batch, and so the search, is the
// same), but the ranks' random streams are not.
void SearchRun::warnOfOtherLaunch(int before, int now)
{
    if (before == now)
        return;
    auto count = [](int n) { return n == 1 ? std::string("one process") : std::to_string(n) + " processes"; };
    warnResumeDiffers("this search ran on " + count(before) + " until epoch " + std::to_string(m_state.epoch)
                      + " and continues on " + count(now));
}

// A CPU search's sums split among the threads, and their rounding, and so the policy, differ
// with the thread count; on a GPU the threads only feed it.
void SearchRun::warnOfOtherThreads(int before)
{
    if (before <= 0 || before == m_threads || !m_device.is_cpu())
        return;
    warnResumeDiffers("this search ran with " + std::to_string(before) + (before == 1 ? " thread" : " threads") + " until epoch "
                          + std::to_string(m_state.epoch) + " and continues with " + std::to_string(m_threads),
                      " (set trainer.threads to " + std::to_string(before) + " to continue it exactly)");
}

// Images added, removed, renamed or given other classes since the checkpoint: the search goes
// on with the dataset as it is.
void SearchRun::warnOfOtherDataset(std::int64_t images, bool otherListing)
{
    const std::int64_t before = m_state.datasetImages;
    if (before < 0 || !otherListing)
        return;
    const std::string change = before == images ? "the same number of images (" + std::to_string(images)
                                                      + "), but other files or classes"
                                                : std::to_string(before) + " images then, " + std::to_string(images)
                                                      + " now";
    warnResumeDiffers("the dataset " + m_config.data.dataset.root + " has changed since epoch "
                      + std::to_string(m_state.epoch) + " was saved (" + change + ")");
}

// A resumed search that cannot go on exactly as it stopped is still valid; the user should
// know that its policy is not the one an uninterrupted run would have learned. Rank 0 speaks.
void SearchRun::warnResumeDiffers(const std::string &whatDiffers, const std::string &howToMatch)
{
    if (m_group && m_group->rank() != 0)
        return;
    m_observer.onMessage("warning: " + whatDiffers
                         + ": the search goes on as it is now, but its policy will differ from an uninterrupted "
                           "run's"
                         + howToMatch);
}

void SearchRun::announceStart()
{
    SearchStartInfo info;
    info.firstEpoch = m_state.epoch + 1;
    info.maxEpochs = m_config.trainer.maxEpochs;
    info.stepsPerEpoch = m_stepsPerEpoch;
    info.batchSize = m_config.data.dataloader.batchSize;
    info.threads = m_threads;
    info.worldSize = m_group ? m_group->worldSize() : 1;
    info.channels = m_policy->snapshot(0, 0).channels;
    info.device = m_deviceName;
    info.outputDir = m_request.outputDir;
    for (const auto &op : m_policyOptions.operations)
        info.operationNames.push_back(op.displayName());
    m_observer.onStarted(info);
    for (const auto &past : m_state.history)
        m_observer.onEpoch(past);
}

// ---- run ------------------------------------------------------------------------------------

SearchOutcome SearchRun::run()
{
    m_outcome.lastEpoch = m_state.epoch;
    if (m_state.epoch > 0)
        m_outcome.latestPolicy = SearchFolder(m_request.outputDir).latestPolicyFile();
    m_globalStep = m_state.step;
    m_wallOffset = m_state.wallSeconds;
    m_stepsLeft = (m_config.trainer.maxEpochs - m_state.epoch) * m_stepsPerEpoch;
    // Continued after its plateau was recognised, and asked to stop at one: it stops before
    // searching on, as it did then had it been asked (the verdict is announced once).
    if (m_request.stopOnPlateau && m_plateauAnnounced) {
        const PlateauVerdict verdict = m_plateau.verdict();
        m_outcome.reason = SearchEndReason::Stopped;
        m_outcome.message = "stopped on plateau: it was recognised at epoch " + std::to_string(verdict.suggestedEpoch)
                            + ", before this continue (keep epoch " + std::to_string(verdict.suggestedEpoch)
                            + "), so nothing more was searched; continue without stop-on-plateau to search on";
        return m_outcome;
    }
    for (int epoch = m_state.epoch + 1; epoch <= m_config.trainer.maxEpochs; ++epoch) {
        EpochTally tally;
        if (!runEpoch(epoch, tally) || !finishEpoch(epoch, tally))
            return m_outcome;
    }
    m_outcome.message = "finished " + std::to_string(m_outcome.lastEpoch) + " epochs";
    return m_outcome;
}

bool SearchRun::runEpoch(int epoch, EpochTally &tally)
{
    m_loader->startEpoch(epoch);
    if (m_group)
        torch::manual_seed(rankEpochSeed(m_config.seed, epoch, m_group->rank()));
    for (int stepInEpoch = 0; stepInEpoch < m_stepsPerEpoch; ++stepInEpoch) {
        if (m_commands.paused)
            m_commands.waitWhilePaused();
        if (stopRequested()) {
            m_outcome.reason = SearchEndReason::Stopped;
            m_outcome.message = "stopped on request in epoch " + std::to_string(epoch) + " before step "
                                + std::to_string(stepInEpoch + 1) + " of " + std::to_string(m_stepsPerEpoch);
            return false;
        }
        if (!m_loader->next(m_batch)) {
            // Skipped images left too few for a last full batch: the epoch ends short, as a
            // DataLoader's epoch over the readable images would.
            if (tally.steps > 0) {
                m_stepsLeft -= m_stepsPerEpoch - tally.steps;
                return true;
            }
            reportLoaderWarnings();
            m_outcome.reason = SearchEndReason::Failed;
            m_outcome.message = "no full batch of " + std::to_string(m_config.data.dataloader.batchSize)
                                + " images in epoch " + std::to_string(epoch) + ": "
                                + std::to_string(m_loader->skippedImages()) + " of the dataset's "
                                + std::to_string(m_dataset->size())
                                + " images are unreadable (see the warnings); remove them or lower "
                                  "data.dataloader.batch_size";
            return false;
        }
        if (!runStep(epoch, stepInEpoch, tally))
            return false;
    }
    return true;
}

bool SearchRun::runStep(int epoch, int stepInEpoch, EpochTally &tally)
{
    const auto stepStart = Clock::now();
    const StepInput input = toStepInput(m_batch, m_device); // this rank's share
    checkFirstBatch();
    recordConfig();
    if (stepInEpoch == 0)
        tally.start = m_policy->snapshot(m_imageHeight, m_imageWidth);

    StepLosses losses = m_step->run(input);
    if (m_group && agreeOnStep(losses))
        m_stopAgreed = true;
    if (!isFinite(losses)) {
        m_outcome.reason = SearchEndReason::Failed;
        m_outcome.message = "the search diverged at epoch " + std::to_string(epoch) + ", step "
                            + std::to_string(m_globalStep + 1) + " (loss " + std::to_string(losses.loss)
                            + ", d_loss " + std::to_string(losses.dLoss) + ", a_loss " + std::to_string(losses.aLoss)
                            + "); "
                            + (m_outcome.lastEpoch > 0
                                   ? "the policy of epoch " + std::to_string(m_outcome.lastEpoch) + " is kept"
                                   : std::string("no epoch had finished, so there is no policy"))
                            + ". Try a lower optim.policy.lr or optim.main.lr" + divergenceSuspects(m_config.policy)
                            + ".";
        return false;
    }
    ++m_globalStep;
    ++m_stepsDone;
    ++tally.steps;
    m_stepSecondsTotal += std::chrono::duration<double>(Clock::now() - stepStart).count();
    tally.sums.add(losses);
    reportStep(epoch, stepInEpoch, losses);
    previewIfDue(epoch, input);
    return true;
}

// The first batch shows the image size the models must take.
void SearchRun::checkFirstBatch()
{
    if (m_imageHeight != 0)
        return;
    m_imageHeight = m_batch.h;
    m_imageWidth = m_batch.w;
    // The discriminator sees half of this process's share of the batch at once.
    const int perPass = m_batch.n / 2;
    const int minimum = m_discriminator->minimumInputSize(perPass);
    if (std::min(m_batch.h, m_batch.w) < minimum)
        throw std::runtime_error(tooSmallMessage({m_batch.w, m_batch.h}, minimum, m_config.model().architecture));
    if (perPass < 2 && m_config.task == Task::SemanticSegmentation && m_config.model().architecture == "DeepLabV3Plus")
        throw std::runtime_error("DeepLabV3Plus pools each image to one pixel and normalises that over the batch: it "
                                 "needs 2 or more images a pass, data.dataloader.batch_size >= 4");
    if (m_outputs)
        m_outputs->writeImageSize({m_imageHeight, m_imageWidth});
}

bool SearchRun::agreeOnStep(StepLosses &losses)
{
    std::vector<double> values{losses.loss, losses.dLoss, losses.aLoss, m_commands.stopRequested ? 1.0 : 0.0};
    m_group->sum(values);
    const double ranks = m_group->worldSize();
    losses = {values[0] / ranks, values[1] / ranks, values[2] / ranks};
    return values[3] > 0;
}

// Buffers (batch-norm statistics) follow rank 0's, which the checkpoint saves; the parameters
// must already be bitwise the same everywhere, or the averaging went wrong.
void SearchRun::checkRanksAgree(int epoch)
{
    std::vector<torch::Tensor> buffers = m_policy->buffers();
    for (const auto &buffer : m_discriminator->buffers())
        buffers.push_back(buffer);
    m_group->broadcastFromRankZero(buffers);
    std::vector<torch::Tensor> parameters = m_policy->parameters();
    for (const auto &parameter : m_discriminator->parameters())
        parameters.push_back(parameter);
    if (std::getenv("AUGSTUDIO_PARAMETER_DIGEST"))
        std::fprintf(stderr, "rank %d epoch %d parameter digest %016llx\n", m_group->rank(), epoch,
                     static_cast<unsigned long long>(digestOf(parameters)));
    if (!m_group->sameOnEveryRank(parameters))
        throw std::runtime_error("after epoch " + std::to_string(epoch)
                                 + " the ranks' parameters differ from rank 0's; the epoch is not saved");
}

bool SearchRun::stopRequested() const
{
    return m_group ? m_stopAgreed : m_commands.stopRequested.load();
}

void SearchRun::reportStep(int epoch, int stepInEpoch, const StepLosses &losses)
{
    StepMetrics metrics;
    metrics.epoch = epoch;
    metrics.step = m_globalStep;
    metrics.stepInEpoch = stepInEpoch + 1;
    metrics.stepsPerEpoch = m_stepsPerEpoch;
    metrics.loss = losses.loss;
    metrics.dLoss = losses.dLoss;
    metrics.aLoss = losses.aLoss;
    metrics.wallSeconds = wallSeconds();
    const double secondsPerStep = m_stepSecondsTotal / m_stepsDone;
    metrics.imagesPerSecond = secondsPerStep > 0 ? m_batch.globalN / secondsPerStep : 0;
    metrics.etaSeconds = secondsPerStep * (m_stepsLeft - m_stepsDone);
    if (writesOutputs())
        m_outputs->writeStep(metrics);
    m_observer.onStep(metrics);
}

void SearchRun::previewIfDue(int epoch, const StepInput &input)
{
    const int every = m_config.trainer.previewEvery;
    // The request is taken first: it is cleared even when a scheduled preview is due anyway.
    if (m_commands.previewRequested.exchange(false)
        || (every > 0 && m_request.previews && m_globalStep % every == 1))
        m_observer.onPreview(renderPreview(m_policy, input, m_policy->snapshot(m_imageHeight, m_imageWidth), epoch,
                                           m_globalStep));
}

bool SearchRun::finishEpoch(int epoch, const EpochTally &tally)
{
    if (m_group)
        checkRanksAgree(epoch);
    const PolicySnapshot end = m_policy->snapshot(m_imageHeight, m_imageWidth);
    const StepLosses means = tally.sums.mean(tally.steps);
    EpochMetrics metrics;
    metrics.epoch = epoch;
    metrics.step = m_globalStep;
    metrics.loss = means.loss;
    metrics.dLoss = means.dLoss;
    metrics.aLoss = means.aLoss;
    metrics.averageParameterChange = averageParameterChange(tally.start, end);
    metrics.wallSeconds = wallSeconds();
    if (writesOutputs())
        metrics.policyPath = m_outputs->writePolicy(epoch, exportPolicy(end, m_config));
    // The policy is saved: a failure from here on (the metrics or the checkpoint on a full
    // disk) still names it.
    m_outcome.lastEpoch = epoch;
    m_outcome.latestPolicy = SearchFolder(m_request.outputDir).latestPolicyFile();
    if (writesOutputs())
        m_outputs->writeEpochMetrics(metrics);

    m_state.epoch = epoch;
    m_state.step = m_globalStep;
    m_state.wallSeconds = metrics.wallSeconds;
    m_state.history.push_back(metrics);
    if (writesOutputs())
        saveCheckpoint(m_outputs->folder().checkpointFile(), checkpointModels(), m_state);
    m_observer.onEpoch(metrics);
    reportLoaderWarnings();

    const PlateauVerdict verdict = m_plateau.add(metrics.averageParameterChange);
    if (!verdict.plateau || m_plateauAnnounced)
        return true;
    m_plateauAnnounced = true;
    const PlateauEvent event{epoch, verdict.suggestedEpoch, verdict.reason, verdict.plateauEpoch};
    if (writesOutputs())
        m_outputs->writePlateau(event); // the folder keeps the verdict for whoever opens it later
    m_observer.onPlateau(event);
    if (!m_request.stopOnPlateau)
        return true;
    m_outcome.reason = SearchEndReason::Stopped;
    m_outcome.message = "stopped on plateau: " + verdict.reason;
    return false;
}

void SearchRun::reportLoaderWarnings()
{
    // A file opening the dataset named already (one that is no image) is not named again.
    for (auto &warning : m_loader->takeWarnings())
        if (!namesFile(m_openProblems, warning.file))
            m_observer.onMessage("warning: " + warning.message);
}

CheckpointModels SearchRun::checkpointModels()
{
    return {m_policy, m_discriminator, m_discriminatorOptimizer.get(), m_policyOptimizer.get(), m_device};
}

double SearchRun::wallSeconds() const
{
    return m_wallOffset + std::chrono::duration<double>(Clock::now() - m_startTime).count();
}

} // namespace augstudio
