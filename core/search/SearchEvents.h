#pragma once

// What a running search reports. Plain data, free of LibTorch, so that the GUI, the CLI
// and the tests can include it.

#include <cstdint>
#include <string>
#include <vector>

namespace augstudio {

struct SearchStartInfo {
    int firstEpoch = 1;          // > 1 when resuming
    int maxEpochs = 0;
    int stepsPerEpoch = 0;
    int batchSize = 0;
    int threads = 0;
    int worldSize = 1;           // processes sharing the search (each batch split among them)
    int channels = 3;            // of the images searched on: 1 for a grayscale dataset
    std::string device;
    std::string outputDir;
    std::vector<std::string> operationNames; // display names, in policy order
};

struct StepMetrics {
    int epoch = 0;
    int step = 0;                // global step, counted from 1
    int stepInEpoch = 0;         // 1..stepsPerEpoch
    int stepsPerEpoch = 0;
    double loss = 0;             // task regulariser: loss_task + loss_task2
    double dLoss = 0;            // discriminator loss
    double aLoss = 0;            // policy (generator) loss
    double imagesPerSecond = 0;
    double etaSeconds = 0;       // to the end of the last epoch
    double wallSeconds = 0;      // since the search started
};

struct EpochMetrics {
    int epoch = 0;
    int step = 0;                // global step at the end of the epoch
    double loss = 0;             // epoch means
    double dLoss = 0;
    double aLoss = 0;
    double averageParameterChange = 0;
    double wallSeconds = 0;
    std::string policyPath;      // SearchFolder::policyFile(epoch)
};

// An 8-bit RGB image (row-major, 3 bytes a pixel) or an 8-bit class-index mask.
struct PreviewImage {
    int width = 0;
    int height = 0;
    int channels = 3;
    std::vector<std::uint8_t> pixels;
};

struct PreviewSample {
    PreviewImage original;
    PreviewImage augmented;
    PreviewImage originalMask;   // empty for classification
    PreviewImage augmentedMask;
    int subPolicy = 0;
    std::string description;     // the sub-policy's most likely operations
};

struct Preview {
    int epoch = 0;
    int step = 0;
    std::vector<PreviewSample> samples;
};

struct PlateauEvent {
    int epoch = 0;               // epoch at which the plateau was recognised
    int suggestedEpoch = 0;      // epoch whose policy to keep
    std::string reason;
    int plateauEpoch = 0;        // where the flat part began (PlateauVerdict::plateauEpoch); 0 if unknown
};

enum class SearchEndReason { Finished, Stopped, Failed };

struct SearchOutcome {
    SearchEndReason reason = SearchEndReason::Finished;
    int lastEpoch = 0;           // last finished epoch (its policy is saved)
    std::string message;         // why it failed, or a summary
    std::string latestPolicy;    // SearchFolder::latestPolicyFile(), "" if no epoch finished
};

// Implemented by whoever listens to a search. Called on the search's own thread.
class SearchObserver
{
public:
    virtual ~SearchObserver() = default;
    virtual void onStarted(const SearchStartInfo &) {}
    virtual void onStep(const StepMetrics &) {}
    virtual void onEpoch(const EpochMetrics &) {}
    virtual void onPreview(const Preview &) {}
    virtual void onPlateau(const PlateauEvent &) {}
    virtual void onMessage(const std::string &) {}   // warnings and notes
    virtual void onFinished(const SearchOutcome &) {}
};

} // namespace augstudio
