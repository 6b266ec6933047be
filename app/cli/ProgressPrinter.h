#pragma once

// Prints a running search for a terminal: one progress line per step (rewritten in place
// on a terminal), one summary line per epoch, and the outcome.

#include "search/SearchEvents.h"

#include <chrono>
#include <functional>
#include <ostream>

namespace augstudio::cli {

class ProgressPrinter : public SearchObserver
{
public:
    ProgressPrinter(std::ostream &out, bool quiet);
    void setStopCheck(std::function<void()> check) { stopCheck_ = std::move(check); }

    void onStarted(const SearchStartInfo &info) override;
    void onStep(const StepMetrics &metrics) override;
    void onEpoch(const EpochMetrics &metrics) override;
    void onPlateau(const PlateauEvent &event) override;
    void onMessage(const std::string &message) override;
    void onFinished(const SearchOutcome &outcome) override;

private:
    void endLine();

    std::ostream &out_;
    bool quiet_;
    bool terminal_;
    bool lineOpen_ = false;
    int maxEpochs_ = 0;
    int worldSize_ = 1;
    std::function<void()> stopCheck_;
    std::chrono::steady_clock::time_point lastPrint_;
};

std::string formatDuration(double seconds);

} // namespace augstudio::cli
