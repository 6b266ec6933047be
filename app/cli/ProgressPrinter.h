#pragma once

// Prints a running search for a terminal: one progress line per step (rewritten in place
// on a terminal), one summary line per epoch, the engine's notes and the outcome on `out`;
// its warnings and errors and a failure on `diagnostics`, as every command prints its errors.

#include "search/SearchEvents.h"

#include <atomic>
#include <chrono>
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

    std::ostream &out_;
    std::ostream &diagnostics_;
    bool quiet_;
    bool terminal_;
    bool lineOpen_ = false;
    std::atomic<bool> started_{false};
    int maxEpochs_ = 0;
    int worldSize_ = 1;
    int rank_ = -1;
    std::chrono::steady_clock::time_point lastPrint_;
};

std::string formatDuration(double seconds);

// `message` as rank `rank` of a search on several processes reports it: "rank R: ...", unless
// it names the rank already.
std::string rankedMessage(int rank, const std::string &message);

} // namespace augstudio::cli
