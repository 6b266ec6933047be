#pragma once

// One search, as its steps: prepare (data, models, checkpoint, output folder), then for each
// epoch run its steps and finish it (policy file, checkpoint, plateau). SearchSession owns
// the thread and the commands; this owns everything the search builds. Engine-only header.

#include "data/BatchLoader.h"
#include "data/Dataset.h"
#include "io/FolderLock.h"
#include "models/Discriminator.h"
#include "policy/PolicyModel.h"
#include "search/Checkpoint.h"
#include "search/Distributed.h"
#include "search/PlateauDetector.h"
#include "search/SearchCommands.h"
#include "search/SearchOutputs.h"
#include "search/SearchSession.h"
#include "search/SearchStep.h"

#include <torch/torch.h>

#include <chrono>
#include <memory>

namespace augstudio {

// The running sums of an epoch's losses, for the epoch's means.
struct LossSums {
    double loss = 0;
    double dLoss = 0;
    double aLoss = 0;

    void add(const StepLosses &losses);
    StepLosses mean(int steps) const;
};

class SearchRun
{
public:
    SearchRun(const SearchRequest &request, SearchCommands &commands, SearchObserver &observer);
    ~SearchRun();
    SearchRun(const SearchRun &) = delete;
    SearchRun &operator=(const SearchRun &) = delete;

    // Everything before the first step; ends with onStarted. Throws std::runtime_error for
    // what keeps the search from starting (the data, the config, the checkpoint).
    void prepare();
    // The epochs left, each run and then finished; returns how the search ended.
    SearchOutcome run();
    // The epoch and policy saved last, for a run that ended by an exception.
    const SearchOutcome &outcomeSoFar() const { return m_outcome; }
    // The size of the images the models take: 0 until the first batch.
    int imageHeight() const { return m_imageHeight; }
    int imageWidth() const { return m_imageWidth; }

private:
    // What an epoch's steps collect for its end.
    struct EpochTally {
        PolicySnapshot start; // the policy before the epoch's first step
        LossSums sums;
        int steps = 0;        // fewer than planned where skipped images left too few for the last batch
    };

    void joinProcessGroup();
    void checkBatchSplits() const;
    void checkRanksStartAlike();
    void checkRanksResumeAlike();
    void shareRankZeroState();
    void openData();
    void readPolicyOptions();
    void openLoader();
    void buildModels();
    void openOutputs();
    bool startsOver() const;
    void checkStartOver(const SearchFolder &folder, const std::string &fingerprint) const;
    std::string recordedFingerprint(const std::string &configFile) const;
    void restorePlateauRecord();
    void recordConfig();
    void reportLoaderWarnings();
    void warnOfOtherLaunch(int before, int now);
    void warnOfOtherThreads(int before);
    void warnOfOtherDataset(std::int64_t images, bool otherListing);
    void warnResumeDiffers(const std::string &whatDiffers, const std::string &howToMatch = {});
    void announceStart();

    // false when the epoch ended early: stopped, out of data, or diverged (m_outcome says).
    bool runEpoch(int epoch, EpochTally &tally);
    bool runStep(int epoch, int stepInEpoch, EpochTally &tally);
    void checkFirstBatch();
    // The losses' means over the ranks; true when some rank asked to stop.
    bool agreeOnStep(StepLosses &losses);
    void checkRanksAgree(int epoch);
    void reportStep(int epoch, int stepInEpoch, const StepLosses &losses);
    void previewIfDue(int epoch, const StepInput &input);
    // false when the search stops here (on the plateau, if asked to).
    bool finishEpoch(int epoch, const EpochTally &tally);

    CheckpointModels checkpointModels();
    bool writesOutputs() const { return m_outputs != nullptr; }
    bool stopRequested() const;
    std::vector<torch::Tensor> sharedTensors(); // the parameters and buffers every rank holds alike
    double wallSeconds() const;

    const SearchRequest &m_request;
    SearchCommands &m_commands;
    SearchObserver &m_observer;

    // Set by prepare().
    std::unique_ptr<ProcessGroup> m_group; // only for a search on several processes
    std::chrono::steady_clock::time_point m_startTime;
    SearchConfig m_config; // the request's, with the dataset's class count and the chosen preprocessing
    std::string m_deviceName;
    torch::Device m_device = torch::kCPU;
    int m_threads = 0;
    std::unique_ptr<Dataset> m_dataset;
    std::vector<DatasetProblem> m_openProblems; // what opening the dataset warned of
    std::unique_ptr<FolderLock> m_folderLock;   // the output folder's, while this run writes there
    int m_numClasses = 0;
    int m_channels = 3;
    PolicyOptions m_policyOptions;
    ChannelNormalization m_normalization; // data.normalization for m_channels
    std::unique_ptr<BatchLoader> m_loader;
    int m_stepsPerEpoch = 0;
    PolicyModel m_policy{nullptr};
    std::shared_ptr<DiscriminatorImpl> m_discriminator;
    std::unique_ptr<torch::optim::Adam> m_discriminatorOptimizer;
    std::unique_ptr<torch::optim::Adam> m_policyOptimizer;
    std::unique_ptr<SearchStep> m_step;
    CheckpointState m_state; // the last finished epoch: what the checkpoint saves
    std::unique_ptr<SearchOutputs> m_outputs; // rank 0 alone writes the folder
    PlateauDetector m_plateau;
    bool m_plateauAnnounced = false;
    bool m_configRecorded = false; // config.yaml holds m_config

    // Progress of run().
    SearchOutcome m_outcome;
    Batch m_batch;
    double m_wallOffset = 0; // wall time of the search before this run (resume)
    bool m_stopAgreed = false; // every rank stops after the same step
    int m_globalStep = 0;
    int m_stepsDone = 0;
    int m_stepsLeft = 0;     // when run() began
    double m_stepSecondsTotal = 0;
    int m_imageHeight = 0;
    int m_imageWidth = 0;
};

} // namespace augstudio
