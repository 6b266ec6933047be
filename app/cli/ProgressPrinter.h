#pragma once

// Prints a running search for a terminal: one progress line per step (rewritten in place
// on a terminal), one summary line per epoch, the engine's notes and the outcome on `out`;
// its warnings and errors and a failure on `diagnostics`, as every command prints its errors.

#include "search/SearchEvents.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <ostream>

namespace augstudio::cli {

class ProgressPrinter : public SearchObserver
{
public:
    ProgressPrinter(std::ostream &out, std::ostream &diagnostics, bool quiet);
    // In a search on several processes: the rank a failure is named with.
    void setRank(int rank) { rank_ = rank; }
    // Whether the search has started (told from any thread).
    bool hasStarted() const { return started_; }

    void onStarted(const SearchStartInfo &info) override;
    void onStep(const StepMetrics &metrics) override;
    void onEpoch(const EpochMetrics &metrics) override;
    void onPlateau(const PlateauEvent &event) override;
    void onMessage(const std::string &message) override;
    void onFinished(const SearchOutcome &outcome) override;

private:
    void endLine();
    // The epoch of the newest policy file this run saved after `lastEpoch`, the last the search
    // recorded (a disk that filled at latest.json leaves epoch_<N>.json saved); 0 if none.
    int unrecordedPolicyEpoch(int lastEpoch) const;

    std::ostream &out_;
    std::ostream &diagnostics_;
    bool quiet_;
    bool terminal_;
    bool lineOpen_ = false;
    std::atomic<bool> started_{false};
    int firstEpoch_ = 1; // the first this run searches; those before it are recalled
    int maxEpochs_ = 0;
    int worldSize_ = 1;
    int rank_ = -1;
    std::chrono::steady_clock::time_point lastPrint_;
    std::string outputDir_;
    std::filesystem::file_time_type startTime_;
};

std::string formatDuration(double seconds);

// The line a failed search ends with on standard error: "augstudio-cli: rank R: ..." from rank R
// of a search on several processes (unless the message names the rank already), without the
// rank from a search of one (rank < 0).
std::string failureLine(int rank, const std::string &message);

} // namespace augstudio::cli
