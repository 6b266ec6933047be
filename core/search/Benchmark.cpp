#include "search/Benchmark.h"

#include "config/ConfigLoader.h"
#include "models/Discriminator.h"
#include "policy/PolicyModel.h"
#include "search/Distributed.h"
#include "search/SearchStep.h"
#include "search/TorchRuntime.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sys/resource.h>
#include <unistd.h>

namespace augstudio {

using Clock = std::chrono::steady_clock;

double currentResidentMb()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

double peakResidentMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

namespace {

struct BenchRig {
    PolicyModel policy{nullptr};
    std::shared_ptr<DiscriminatorImpl> discriminator;
    std::unique_ptr<torch::optim::Adam> discriminatorOptimizer;
    std::unique_ptr<torch::optim::Adam> policyOptimizer;
    std::unique_ptr<SearchStep> step;
};

BenchRig makeRig(const BenchmarkOptions &options, const torch::Device &device, bool identityPolicy)
{
    const SearchConfig &config = options.config;
    const int numClasses = 10;
    BenchRig rig;
    PolicyOptions policyOptions = PolicyOptions::fromConfig(config, options.channels);
    policyOptions.identity = identityPolicy;
    rig.policy = PolicyModel(policyOptions);
    ModelConfig model = config.model();
    model.weightsPath.clear();
    rig.discriminator = makeDiscriminator(model, config.task, numClasses, options.channels);
    rig.policy->to(device);
    rig.discriminator->to(device);
    rig.discriminatorOptimizer =
        std::make_unique<torch::optim::Adam>(rig.discriminator->parameters(), adamOptions(config.optimMain));
    rig.policyOptimizer = std::make_unique<torch::optim::Adam>(rig.policy->parameters(), adamOptions(config.optimPolicy));
    rig.step = std::make_unique<SearchStep>(
        StepSettings::fromConfig(config, numClasses, resolveNormalization(config.data, options.channels)), rig.policy,
        rig.discriminator, *rig.discriminatorOptimizer, *rig.policyOptimizer);
    return rig;
}

StepInput syntheticBatch(const BenchmarkOptions &options, const torch::Device &device, int numClasses)
{
    StepInput input;
    const int64_t b = options.batchSize, s = options.imageSize;
    input.images = torch::rand({b, options.channels, s, s}).to(device); // in [0,1], as the loader gives them
    if (options.config.task == Task::Classification)
        input.labels = torch::randint(numClasses, {b}, torch::kLong).to(device);
    else
        input.masks = torch::randint(numClasses, {b, 1, s, s}).to(torch::kFloat).to(device);
    return input;
}

void synchronize(const torch::Device &device)
{
    if (device.is_cuda())
        torch::cuda::synchronize();
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Seconds per step of `rig` over `steps` steps.
double timeSteps(BenchRig &rig, const StepInput &input, int steps, const torch::Device &device)
{
    const auto start = Clock::now();
    for (int i = 0; i < steps; ++i)
        rig.step->run(input);
    synchronize(device);
    return std::chrono::duration<double>(Clock::now() - start).count() / steps;
}

} // namespace

BenchmarkResult runBenchmark(const BenchmarkOptions &options, const std::function<void(const std::string &)> &progress)
{
    auto say = [&](const std::string &text) {
        if (progress)
            progress(text);
    };
    BenchmarkResult result;
    const std::string device = usableDevice(options.config.trainer.device);
    const torch::Device torchDevice(device);
    result.device = device;
    result.threads = configureTorchThreads(options.config.trainer.threads);
    // The bench's batch is the config's batch_size: the reader checks it against num_chunks.
    SearchConfig checked = options.config;
    applyOverride(checked, "data.dataloader.batch_size=" + std::to_string(options.batchSize));
    torch::manual_seed(options.config.seed);
    const StepInput input = syntheticBatch(options, torchDevice, 10);

    BenchRig full = makeRig(options, torchDevice, false);
    BenchRig floor = makeRig(options, torchDevice, true);
    say("warming up");
    timeSteps(full, input, options.warmupSteps, torchDevice);
    timeSteps(floor, input, options.warmupSteps, torchDevice);
    // Step and floor repeats alternate, so that other load on the machine weighs on both alike.
    std::vector<double> stepTimes, floorTimes;
    for (int r = 0; r < options.repeats; ++r) {
        say("repeat " + std::to_string(r + 1) + " of " + std::to_string(options.repeats));
        stepTimes.push_back(timeSteps(full, input, options.steps, torchDevice));
        floorTimes.push_back(timeSteps(floor, input, options.steps, torchDevice));
    }
    const double stepSeconds = median(stepTimes);
    const double floorSeconds = median(floorTimes);

    result.stepImagesPerSecond = options.batchSize / stepSeconds;
    result.floorImagesPerSecond = options.batchSize / floorSeconds;
    result.policyShare = std::max(0.0, 1.0 - floorSeconds / stepSeconds);
    {
        torch::NoGradGuard noGrad;
        const torch::Tensor half = input.images.slice(0, 0, options.batchSize / 2);
        // On as many threads as the step gives the policy.
        const PolicyThreadScope policyThreads(half);
        result.policyThreads = at::get_num_threads();
        full.policy->forward(half);
        synchronize(torchDevice);
        const auto start = Clock::now();
        for (int i = 0; i < options.steps; ++i)
            full.policy->forward(half);
        synchronize(torchDevice);
        result.policyForwardMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count() / options.steps;
    }

    for (int epoch = 1; epoch <= options.memoryEpochs; ++epoch) {
        say("memory: epoch " + std::to_string(epoch) + " of " + std::to_string(options.memoryEpochs));
        for (int i = 0; i < options.steps; ++i)
            full.step->run(input);
        if (epoch == 2)
            result.residentAfterEpoch2Mb = currentResidentMb();
        result.residentAfterLastEpochMb = currentResidentMb();
    }
    result.peakResidentMb = peakResidentMb();
    return result;
}

} // namespace augstudio

namespace augstudio {

std::string benchBatchSplitProblem(int batchSize, int processes)
{
    const long long shares = 2LL * processes;
    if (batchSize % shares == 0)
        return {};
    return "the batch of " + std::to_string(batchSize) + " images (--batch) does not split among "
           + std::to_string(processes) + " processes, each taking an even share; make it a multiple of "
           + std::to_string(shares);
}

ScalingFigures scalingFigures(const BenchmarkOptions &options, const DistributedSetup &setup)
{
    const torch::Device torchDevice(setup.distributed()
                                        ? usableProcessDevice(options.config.trainer.device, setup.localRank)
                                        : usableDevice(options.config.trainer.device));
    configureTorchThreads(options.config.trainer.threads);
    std::unique_ptr<ProcessGroup> group;
    if (setup.distributed())
        group = std::make_unique<ProcessGroup>(setup);
    const int ranks = setup.worldSize;
    if (const std::string problem = benchBatchSplitProblem(options.batchSize, ranks); !problem.empty())
        throw std::runtime_error("bench: " + problem);
    BenchmarkOptions share = options;
    share.batchSize = options.batchSize / ranks;
    torch::manual_seed(options.config.seed);
    BenchRig rig = makeRig(share, torchDevice, false);
    torch::manual_seed(options.config.seed + 1 + static_cast<uint64_t>(setup.rank)); // each rank its own images
    const StepInput input = syntheticBatch(share, torchDevice, 10);
    double syncSeconds = 0;
    if (group) {
        std::vector<torch::Tensor> parameters = rig.policy->parameters();
        for (const auto &parameter : rig.discriminator->parameters())
            parameters.push_back(parameter);
        group->broadcastFromRankZero(parameters);
        rig.step->setGradientSync([&group, &syncSeconds](const std::vector<torch::Tensor> &tensors) {
            const auto start = Clock::now();
            group->averageGradients(tensors);
            syncSeconds += std::chrono::duration<double>(Clock::now() - start).count();
        });
    }
    timeSteps(rig, input, options.warmupSteps, torchDevice);
    syncSeconds = 0;
    std::vector<double> times;
    for (int r = 0; r < options.repeats; ++r) {
        if (group) {
            std::vector<double> together{0}; // every rank starts the repeat at once
            group->sum(together);
        }
        times.push_back(timeSteps(rig, input, options.steps, torchDevice));
    }
    // The steps are in lockstep: the means differ little from each rank's.
    std::vector<double> seconds{median(times), syncSeconds / (options.repeats * options.steps)};
    if (group)
        group->sum(seconds);
    ScalingFigures figures;
    figures.imagesPerSecond = options.batchSize / (seconds[0] / ranks);
    figures.gradientSyncMs = 1000 * seconds[1] / ranks;
    return figures;
}

} // namespace augstudio
