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
        const double imagesPerSecond = scalingImagesPerSecond(options, setup);
        if (setup.rank != 0)
            return 0;
        const char *oneText = std::getenv(kOneProcessVariable);
        const double one = oneText ? std::atof(oneText) : 0;
        const bool gpus = options.config.trainer.device.rfind("cuda", 0) == 0;
        std::printf("images_per_s_%d %.1f\n", setup.worldSize, imagesPerSecond);
        if (one > 0) {
            std::printf("speedup %.3f\n", imagesPerSecond / one);
            // CPU: the same cores in both runs; GPUs: N of them against one.
            std::printf("efficiency %.3f\n", gpus ? imagesPerSecond / (one * setup.worldSize) : imagesPerSecond / one);
        }
        return 0;
    }
    const int processes = line.intValue("nproc", 1);
    if (processes < 2)
        throw UsageError("bench: --nproc takes 2 or more processes");
    const int cores = static_cast<int>(usableCores()); // at least 1
    const bool gpus = options.config.trainer.device.rfind("cuda", 0) == 0;
    BenchmarkOptions single = options;
    if (!line.has("threads"))
        single.config.trainer.threads = cores;
    const double one = scalingImagesPerSecond(single, DistributedSetup{});
    std::printf("batch %d\nimage_size %d\nprocesses %d\n", options.batchSize, options.imageSize, processes);
    std::printf("images_per_s_1 %.1f\n", one);
    std::fflush(stdout);
    ::setenv(kOneProcessVariable, std::to_string(one).c_str(), 1);
    LaunchOptions launch;
    launch.processes = processes;
    launch.timeoutSeconds = timeoutArgument(line);
    launch.threadsPerProcess = gpus ? 0 : std::max(1, cores / processes);
    std::vector<std::string> workerArgs{"bench"};
    for (const std::string &arg : withoutOption(withoutOption(args, "nproc"), "threads"))
        workerArgs.push_back(arg);
    return launchWorkers(workerArgs, launch);
}

// `bench --dataset D`: the search's data loading alone (decoding, preprocessing, batching),
// with the config's data section as the search resolves it, over one epoch or K batches.
int loaderBench(const CommandLine &line, SearchConfig config)
{
    DataLoaderConfig &loading = config.data.dataloader;
    config.data.dataset.root = line.value("dataset");
    loading.batchSize = line.intValue("batch", loading.batchSize);
    loading.numWorkers = line.intValue("workers", loading.numWorkers);
    const int maxBatches = line.intValue("batches", 0);
    // Each worker is a thread: tens of thousands cannot be made (it aborted).
    if (loading.batchSize < 1 || loading.numWorkers < 0 || loading.numWorkers > 256 || maxBatches < 0)
        throw UsageError("bench: --batch >= 1, --workers from 0 to 256, --batches >= 0");
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

// The option of bench given on `line` that made the config value at `keyPath` (--device
// makes trainer.device), or null: a value it made is refused by the option's name, as a
// usage error, where the config's reader names the --set it became.
const char *benchOptionOf(const std::string &keyPath, const CommandLine &line)
{
    static const std::pair<const char *, const char *> kOptionOfKey[] = {
        {"trainer.device", "device"}, {"trainer.threads", "threads"}, {"task", "task"},
        {"classification_model.architecture", "architecture"}, {"semantic_segmentation_model.architecture", "architecture"},
        {"semantic_segmentation_model.encoder_architecture", "encoder"}};
    for (const auto &[key, option] : kOptionOfKey)
        if (keyPath == key && line.has(option))
            return option;
    return nullptr;
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
    std::vector<std::string> overrides = line.values("set");
    // --architecture names the model; a segmentation one (or --encoder) implies that task.
    std::string task = line.value("task");
    const std::string architecture = line.value("architecture");
    if (task.empty() && (line.has("encoder") || isSupportedArchitecture(Task::SemanticSegmentation, architecture)))
        task = "semantic_segmentation";
    if (!task.empty())
        overrides.push_back("task=" + task);
    const std::string section = task == "semantic_segmentation" ? "semantic_segmentation_model" : "classification_model";
    if (!architecture.empty())
        overrides.push_back(section + ".architecture=" + architecture);
    if (line.has("encoder"))
        overrides.push_back("semantic_segmentation_model.encoder_architecture=" + line.value("encoder"));
    if (line.has("device"))
        overrides.push_back("trainer.device=" + line.value("device"));
    if (line.has("threads"))
        overrides.push_back("trainer.threads=" + line.value("threads"));
    BenchmarkOptions options;
    LoadedConfig loaded;
    try {
        if (line.has("config")) {
            loaded = loadConfigFile(line.value("config"), overrides);
        } else {
            // The reference setting: 10 sub-policies, 4 chunks, 4 stages, resnet18, 14 operations.
            overrides.insert(overrides.begin(), "policy_model.num_sub_policies=10");
            loaded = parseDefaultConfig(overrides);
        }
    } catch (const ConfigError &error) {
        if (const char *option = error.file == "--set" ? benchOptionOf(error.keyPath, line) : nullptr)
            throw UsageError("--" + std::string(option) + ": " + error.message);
        throw; // as it was, an AssignmentError too
    }
    for (const ConfigNote &note : loaded.unsupported) // a model no built-in one is, named by --architecture
        if (const char *option = benchOptionOf(note.keyPath, line))
            throw UsageError("--" + std::string(option) + ": " + note.text);
    if (!loaded.unsupported.empty())
        throw std::runtime_error("bench: " + unsupportedMessage(loaded.unsupported));
    options.config = loaded.config;
    if (line.has("dataset"))
        return loaderBench(line, options.config);
    options.imageSize = line.intValue("image-size", 32);
    options.batchSize = line.intValue("batch", 32);
    options.channels = line.intValue("channels", 3);
    options.steps = line.intValue("steps", 20);
    options.warmupSteps = line.intValue("warmup", 3);
    options.repeats = line.intValue("repeats", 3);
    options.memoryEpochs = line.intValue("memory-epochs", 0);
    if (options.imageSize < 32 || options.imageSize > kMaxImageSide || options.batchSize < 2 || options.steps < 1
        || options.repeats < 1 || options.warmupSteps < 0 || options.memoryEpochs < 0
        || options.memoryEpochs == 1)
        throw UsageError("bench: --image-size from 32 to " + std::to_string(kMaxImageSide)
                         + ", --batch >= 2, --steps >= 1, --repeats >= 1, --warmup >= 0, --memory-epochs 0 (none) "
                           "or 2 and more (memory after epoch 2 and the last)");
    if (options.channels != 1 && options.channels != 3)
        throw UsageError("bench: --channels is 1 (grayscale) or 3 (colour)");
    // The batch is the config's batch_size, which the reader checks against num_chunks.
    checkOptionValue("batch", "data.dataloader.batch_size=" + std::to_string(options.batchSize), options.config);

    if (line.has("nproc") || DistributedSetup::fromEnvironment().distributed())
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
