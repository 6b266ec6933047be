#pragma once

// `augstudio-cli bench`: the search step on synthetic data, timed against the same step
// with the policy replaced by the identity (the discriminator-only floor). Free of LibTorch.

#include "config/SearchConfig.h"
#include "search/Distributed.h"

#include <functional>
#include <string>

namespace augstudio {

struct BenchmarkOptions {
    SearchConfig config;        // policy, model, optimiser and device settings
    int imageSize = 32;
    int batchSize = 32;
    int channels = 3;           // 1: a grey search (one-channel images, no colour operations)
    int steps = 20;             // timed steps per repeat
    int warmupSteps = 3;        // excluded from the timing
    int repeats = 3;            // the median repeat is reported
    int memoryEpochs = 0;       // > 0: run this many epochs of `steps` steps and sample memory
};

struct BenchmarkResult {
    double stepImagesPerSecond = 0;
    double floorImagesPerSecond = 0;
    double policyShare = 0;     // 1 − floor time / step time: the policy's forward and backward
    double policyForwardMs = 0; // one policy forward over the augmented half, no gradient
    int threads = 0;
    int policyThreads = 0;      // of those, the ones the policy's kernels run on
    std::string device;
    double peakResidentMb = 0;
    double residentAfterEpoch2Mb = 0;   // with memoryEpochs ≥ 2
    double residentAfterLastEpochMb = 0;
};

BenchmarkResult runBenchmark(const BenchmarkOptions &options,
                             const std::function<void(const std::string &)> &progress = {});

struct ScalingFigures {
    double imagesPerSecond = 0;  // of the whole batch, the median repeat
    double gradientSyncMs = 0;   // a step's averaging of the gradients, the wait for the others included
};

// Why a batch of `batchSize` does not split among `processes` (each an equal, even share);
// empty when it does.
std::string benchBatchSplitProblem(int batchSize, int processes);

// `bench --nproc`: the search step with its gradients averaged over the processes of `setup`,
// each stepping on its share (batchSize / worldSize) of the batch. The figures are the
// means over the ranks, the same on every rank; a one-process setup times the plain step on
// the whole batch (no averaging: gradientSyncMs 0).
ScalingFigures scalingFigures(const BenchmarkOptions &options, const DistributedSetup &setup);

double currentResidentMb();
double peakResidentMb();

} // namespace augstudio
