#include "Commands.h"
#include "CommandLine.h"
#include "ConfigArguments.h"
#include "SharedOptions.h"
#include "WorkerLauncher.h"

#include "config/ConfigLoader.h"
#include "data/BatchLoader.h"
#include "data/DefaultPreprocessing.h"
#include "data/ParallelFor.h"
#include "models/Architectures.h"
#include "ops/OperationCatalog.h"
#include "search/Benchmark.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace augstudio::cli {

namespace {

// The launcher's one-process figure, handed to the workers for rank 0's report.
constexpr const char *kOneProcessVariable = "AUGSTUDIO_BENCH_ONE_PROCESS_IMAGES_PER_S";

// `bench --nproc N`: the step on one process with every core (or one GPU), then on N
// processes sharing the cores (or one GPU each) with the batch split among them.
int scalingBench(const std::vector<std::string> &args, const CommandLine &line, BenchmarkOptions options)
{
    const DistributedSetup setup = [&] {
        DistributedSetup fromEnvironment = DistributedSetup::fromEnvironment();
        fromEnvironment.timeoutSeconds = timeoutArgument(line);
        return fromEnvironment;
    }();
    if (setup.distributed()) { // a worker
        const ScalingFigures figures = scalingFigures(options, setup);
        const double imagesPerSecond = figures.imagesPerSecond;
        if (setup.rank != 0)
            return 0;
        const char *oneText = std::getenv(kOneProcessVariable);
        const double one = oneText ? std::atof(oneText) : 0;
        const bool gpus = options.config.trainer.device.rfind("cuda", 0) == 0;
        std::printf("images_per_s_%d %.1f\n", setup.worldSize, imagesPerSecond);
        // What averaging the gradients costs a step: its share of the step's time.
        const double stepMs = 1000.0 * options.batchSize / imagesPerSecond;
        std::printf("step_ms %.1f\ngradient_sync_ms %.1f\ngradient_sync_share %.3f\n", stepMs, figures.gradientSyncMs,
                    figures.gradientSyncMs / stepMs);
        if (one > 0) {
            std::printf("speedup %.3f\n", imagesPerSecond / one);
            // CPU: the same cores in both runs; GPUs: N of them against one.
            std::printf("efficiency %.3f\n", gpus ? imagesPerSecond / (one * setup.worldSize) : imagesPerSecond / one);
        }
        return 0;
    }
    const int processes = line.intValue("nproc", 1);
    if (processes < 2 || processes > kMaxWorldSize)
        throw UsageError("bench: --nproc takes 2 to " + std::to_string(kMaxWorldSize) + " processes");
    // Refused once, before the one-process timing, not by every worker after it.
    if (const std::string problem = benchBatchSplitProblem(options.batchSize, processes); !problem.empty())
        throw UsageError("bench --nproc " + std::to_string(processes) + ": " + problem);
    const int cores = static_cast<int>(usableCores()); // at least 1
    const bool gpus = options.config.trainer.device.rfind("cuda", 0) == 0;
    BenchmarkOptions single = options;
    if (!line.has("threads"))
        single.config.trainer.threads = cores;
    const double one = scalingFigures(single, DistributedSetup{}).imagesPerSecond;
    std::printf("batch %d\nimage_size %d\nprocesses %d\n", options.batchSize, options.imageSize, processes);
    std::printf("images_per_s_1 %.1f\n", one);
    std::fflush(stdout);
    ::setenv(kOneProcessVariable, std::to_string(one).c_str(), 1);
    LaunchOptions launch;
    launch.processes = processes;
    launch.timeoutSeconds = timeoutArgument(line);
    launch.threadsPerProcess = gpus ? 0 : std::max(1, cores / processes);
    launch.configText = configTextWorkersCannotRead(line);
    std::vector<std::string> workerArgs{"bench"};
    for (const std::string &arg : withoutOption(withoutOption(args, "nproc"), "threads"))
        workerArgs.push_back(arg);
    return launchWorkers(workerArgs, launch);
}

// Each loader worker is a thread: tens of thousands cannot be made (it aborted).
constexpr int kMaxLoaderWorkers = 256;

// The value of --OPTION, `fallback` when absent; one below `minimum` is a usage error that
// names the option and its range.
int intAtLeast(const CommandLine &line, const char *option, int fallback, int minimum)
{
    const int value = line.intValue(option, fallback);
    if (value < minimum)
        throw UsageError(std::string("--") + option + " must be at least " + std::to_string(minimum) + ", got "
                         + std::to_string(value));
    return value;
}

// The loader threads, named as they were given: --workers, a --set of the key (both usage
// errors), or the config file's key (its error).
int workersArgument(const CommandLine &line, const std::string &configPath, int fromConfig)
{
    const int workers = line.intValue("workers", fromConfig);
    if (workers >= 0 && workers <= kMaxLoaderWorkers)
        return workers;
    const std::string range = " takes 0 to " + std::to_string(kMaxLoaderWorkers)
                              + " loader threads in bench --dataset, got " + std::to_string(workers);
    if (line.has("workers"))
        throw UsageError("--workers" + range);
    const std::string key = "data.dataloader.num_workers";
    const std::vector<std::string> sets = line.values("set");
    if (std::any_of(sets.begin(), sets.end(), [&key](const std::string &set) { return set.rfind(key + "=", 0) == 0; }))
        throw UsageError("--set " + key + range);
    throw std::runtime_error(configPath + ": " + key + range);
}

// `bench --dataset D`: the search's data loading alone (decoding, preprocessing, batching),
// with the config's data section as the search resolves it, over one epoch or K batches.
int loaderBench(const CommandLine &line, SearchConfig config)
{
    DataLoaderConfig &loading = config.data.dataloader;
    config.data.dataset.root = line.value("dataset");
    // The config's reader takes a batch_size of 2 or more: a smaller one is --batch's.
    loading.batchSize = intAtLeast(line, "batch", loading.batchSize, 1);
    loading.numWorkers = workersArgument(line, line.value("config", "the built-in config"), loading.numWorkers);
    const int maxBatches = intAtLeast(line, "batches", 0, 0);
    std::vector<DatasetProblem> problems;
    const std::unique_ptr<Dataset> dataset = openDataset(config.data, config.task, config.model().numClasses, problems);
    for (const DatasetProblem &problem : problems)
        std::cerr << (problem.error ? "error: " : "warning: ") << problem.message << "\n";
    const PreprocessingChoice choice = resolvePreprocessing(config, *dataset);
    if (config.data.preprocessing.empty() && !choice.steps.empty()) {
        config.data.preprocessing = choice.steps;
        std::cerr << choice.reason << "\n";
    }

    BatchLoader loader(*dataset, config.data, config.seed);
    const auto start = std::chrono::steady_clock::now();
    loader.startEpoch(1);
    Batch batch;
    std::size_t images = 0, batches = 0;
    while ((maxBatches == 0 || batches < std::size_t(maxBatches)) && loader.next(batch)) {
        images += std::size_t(batch.n);
        ++batches;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Each file once: opening the dataset may have named it already.
    for (const DatasetProblem &warning : loader.takeWarnings())
        if (!namesFile(problems, warning.file))
            std::cerr << "warning: " << warning.message << "\n";
    if (images == 0 && loader.skippedImages() > 0)
        throw std::runtime_error(config.data.dataset.root + ": no image could be read (see the warnings)");
    std::printf("dataset %s\ndataset_images %zu\nbatch %d\nworkers %d\nbatches %zu\nimages %zu\nskipped %zu\n"
                "image_size %dx%d\nseconds %.3f\nloader_images_per_s %.1f\n",
                config.data.dataset.root.c_str(), dataset->size(), loading.batchSize, loading.numWorkers, batches,
                images, loader.skippedImages(), batch.w, batch.h, seconds, seconds > 0 ? images / seconds : 0.0);
    return 0;
}

// An option that means nothing in the form of bench the command line asks for is refused by
// name: given and unused, it would pass for part of what was measured.
void refuseOptionsOfOtherForms(const CommandLine &line)
{
    if (line.has("dataset")) {
        for (const char *option : {"nproc", "steps", "warmup", "repeats", "image-size", "channels", "memory-epochs",
                                   "device", "threads", "architecture", "encoder", "timeout"})
            if (line.has(option))
                throw UsageError(std::string("bench --dataset times the data loading alone: --") + option
                                 + " belongs to the step's timing (bench without --dataset)");
        return;
    }
    for (const char *option : {"workers", "batches"})
        if (line.has(option))
            throw UsageError(std::string("--") + option
                             + " belongs to the timing of the data loading (bench --dataset D); the step's timing "
                               "uses synthetic images");
    const bool scaling = line.has("nproc") || DistributedSetup::fromEnvironment().distributed();
    if (scaling && line.has("memory-epochs"))
        throw UsageError("--memory-epochs samples the memory of the step on one process (bench without --nproc)");
    if (!scaling && line.has("timeout"))
        throw UsageError("--timeout bounds the wait on the other processes of bench --nproc N; without --nproc "
                         "there are none");
}

// What bench's options set in the config, each with the option that sets it. --architecture
// names the model; a segmentation one (or --encoder) implies that task.
std::vector<OptionAssignment> benchOptionAssignments(const CommandLine &line)
{
    std::vector<OptionAssignment> given;
    const std::string architecture = line.value("architecture");
    std::string task = line.value("task");
    std::string taskOption = "task";
    if (task.empty() && isSupportedArchitecture(Task::SemanticSegmentation, architecture)) {
        task = "semantic_segmentation";
        taskOption = "architecture";
    } else if (task.empty() && line.has("encoder")) {
        task = "semantic_segmentation";
        taskOption = "encoder";
    }
    if (!task.empty())
        given.push_back({taskOption, "task=" + task});
    const std::string section = task == "semantic_segmentation" ? "semantic_segmentation_model" : "classification_model";
    if (!architecture.empty())
        given.push_back({"architecture", section + ".architecture=" + architecture});
    if (line.has("encoder"))
        given.push_back({"encoder", "semantic_segmentation_model.encoder_architecture=" + line.value("encoder")});
    if (line.has("device"))
        given.push_back({"device", "trainer.device=" + line.value("device")});
    if (line.has("threads"))
        given.push_back({"threads", "trainer.threads=" + line.value("threads")});
    return given;
}

// The options bench applies to the loaded config itself (--dataset's loader takes a batch of
// one, which the config's reader refuses), each with the key it stands for.
std::vector<OptionAssignment> loaderOptionAssignments(const CommandLine &line)
{
    std::vector<OptionAssignment> given;
    if (line.has("dataset"))
        given.push_back({"dataset", "data.dataset.root=" + line.value("dataset"), true});
    if (line.has("batch"))
        given.push_back({"batch", "data.dataloader.batch_size=" + line.value("batch")});
    if (line.has("workers"))
        given.push_back({"workers", "data.dataloader.num_workers=" + line.value("workers")});
    return given;
}

// The option in `given` that set the config value at `keyPath`, or null: a value it made is
// refused by the option's name, as a usage error, where the config's reader names the --set
// it became.
const char *optionOf(const std::string &keyPath, const std::vector<OptionAssignment> &given)
{
    for (const OptionAssignment &option : given)
        if (option.assignment.rfind(keyPath + "=", 0) == 0)
            return option.option.c_str();
    return nullptr;
}

// Below these a figure is mostly noise: the timer's resolution, a one-off allocation and the
// machine's other load weigh on a few steps as much as the step does.
constexpr int kMeaningfulSteps = 10, kMeaningfulRepeats = 3, kMeaningfulWarmup = 1;

// A line for standard error where the run is too short to be meaningful; empty otherwise.
std::string shortRunNote(const BenchmarkOptions &options)
{
    if (options.steps >= kMeaningfulSteps && options.repeats >= kMeaningfulRepeats
        && options.warmupSteps >= kMeaningfulWarmup)
        return {};
    return "note: " + std::to_string(options.repeats) + " repeat(s) of " + std::to_string(options.steps)
           + " step(s) after " + std::to_string(options.warmupSteps)
           + " warm-up step(s) are too few for the figures to be more than noise (at least --steps "
           + std::to_string(kMeaningfulSteps) + ", --repeats " + std::to_string(kMeaningfulRepeats) + ", --warmup "
           + std::to_string(kMeaningfulWarmup) + ")";
}

// --memory-epochs E: 0 (none), or the epochs after the 2nd of which memory is sampled.
int memoryEpochsArgument(const CommandLine &line)
{
    const int epochs = line.intValue("memory-epochs", 0);
    if (epochs < 0 || epochs == 1)
        throw UsageError("--memory-epochs must be 0 (none) or at least 2 (memory after epoch 2 and the last), got "
                         + std::to_string(epochs));
    return epochs;
}

} // namespace

int benchCommand(const std::vector<std::string> &args)
{
    const CommandLine line("bench", args,
                           {"config", "image-size", "batch", "channels", "steps", "warmup", "repeats", "device",
                            "threads", "memory-epochs", "set", "architecture", "encoder", "task", "nproc", "timeout",
                            "dataset", "workers", "batches"},
                           {});
    refuseOptionsOfOtherForms(line);
    const std::vector<OptionAssignment> given = benchOptionAssignments(line);
    std::vector<OptionAssignment> checked = given;
    for (const OptionAssignment &loader : loaderOptionAssignments(line))
        checked.push_back(loader);
    std::vector<std::string> overrides = setAssignments(line, checked);
    for (const OptionAssignment &option : given)
        overrides.push_back(option.assignment);
    BenchmarkOptions options;
    LoadedConfig loaded;
    try {
        if (line.has("config")) {
            loaded = loadConfigText(configTextOf(line.value("config")), line.value("config"), overrides);
        } else {
            // The reference setting: 10 sub-policies, 4 chunks, 4 stages, resnet18, 14 operations.
            overrides.insert(overrides.begin(), "policy_model.num_sub_policies=10");
            loaded = parseDefaultConfig(overrides);
        }
    } catch (const ConfigError &error) {
        if (const char *option = error.file == "--set" ? optionOf(error.keyPath, given) : nullptr)
            throw UsageError("--" + std::string(option) + ": " + error.message);
        throw; // as it was, an AssignmentError too
    }
    for (const ConfigNote &note : loaded.unsupported) // a model no built-in one is, named by --architecture
        if (const char *option = optionOf(note.keyPath, given))
            throw UsageError("--" + std::string(option) + ": " + note.text);
    if (!loaded.unsupported.empty())
        throw std::runtime_error("bench: " + unsupportedMessage(loaded.unsupported));
    options.config = loaded.config;
    if (line.has("dataset"))
        return loaderBench(line, options.config);
    options.imageSize = imageSideArgument(line, options.imageSize, 32);
    options.batchSize = intAtLeast(line, "batch", options.batchSize, 2);
    options.channels = line.intValue("channels", options.channels);
    options.steps = intAtLeast(line, "steps", options.steps, 1);
    options.warmupSteps = intAtLeast(line, "warmup", options.warmupSteps, 0);
    options.repeats = intAtLeast(line, "repeats", options.repeats, 1);
    options.memoryEpochs = memoryEpochsArgument(line);
    if (options.channels != 1 && options.channels != 3)
        throw UsageError("bench: --channels is 1 (grayscale) or 3 (colour)");
    // The batch is the config's batch_size, which the reader checks against num_chunks.
    checkOptionValue("batch", "data.dataloader.batch_size=" + std::to_string(options.batchSize), options.config);

    const bool worker = DistributedSetup::fromEnvironment().distributed();
    if (const std::string note = shortRunNote(options); !note.empty() && !worker) // the launcher says it once
        std::cerr << note << "\n";
    if (line.has("nproc") || worker)
        return scalingBench(args, line, options);

    const BenchmarkResult r = runBenchmark(options, [](const std::string &text) { std::cerr << text << "\n"; });
    std::printf("image_size %d\nbatch %d\nchannels %d\nsub_policies %d\nchunks %d\nstages %d\noperations %zu\n"
                "task %s\narchitecture %s\n",
                options.imageSize, options.batchSize, options.channels, options.config.policy.numSubPolicies,
                options.config.policy.numChunks, options.config.policy.operationCount,
                resolveOperations(options.config.policy.operations, options.channels).size(),
                toString(options.config.task),
                (options.config.model().architecture
                 + (options.config.task == Task::SemanticSegmentation
                        ? " (encoder " + options.config.model().encoderArchitecture + ")"
                        : std::string()))
                    .c_str());
    std::printf("step_images_per_s %.1f\n", r.stepImagesPerSecond);
    std::printf("floor_images_per_s %.1f\n", r.floorImagesPerSecond);
    std::printf("step_to_floor %.3f\n", r.stepImagesPerSecond / r.floorImagesPerSecond);
    std::printf("policy_share %.3f\n", r.policyShare);
    std::printf("policy_forward_ms %.2f\n", r.policyForwardMs);
    std::printf("threads %d\npolicy_threads %d\ndevice %s\n", r.threads, r.policyThreads, r.device.c_str());
    std::printf("peak_resident_mb %.1f\n", r.peakResidentMb);
    if (options.memoryEpochs >= 2) {
        std::printf("resident_after_epoch_2_mb %.1f\n", r.residentAfterEpoch2Mb);
        std::printf("resident_after_epoch_%d_mb %.1f\n", options.memoryEpochs, r.residentAfterLastEpochMb);
        std::printf("resident_growth %.3f\n", r.residentAfterLastEpochMb / r.residentAfterEpoch2Mb - 1.0);
    }
    return 0;
}

} // namespace augstudio::cli
