#include "ProgressPrinter.h"

#include "io/PrintableText.h"
#include "search/SearchFolder.h"

#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace augstudio::cli {

std::string formatDuration(double seconds)
{
    const long total = static_cast<long>(seconds + 0.5);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ldh%02ldm", total / 3600, (total / 60) % 60);
    else
        std::snprintf(text, sizeof text, "%ldm%02lds", total / 60, total % 60);
    return text;
}

std::string failureLine(int rank, const std::string &message)
{
    const std::string name = "rank " + std::to_string(rank);
    const bool named = rank < 0 || message.rfind(name + " ", 0) == 0 || message.rfind(name + ":", 0) == 0;
    return "augstudio-cli: " + printableLine(named ? message : name + ": " + message) + "\n";
}

ProgressPrinter::ProgressPrinter(std::ostream &out, std::ostream &diagnostics, bool quiet)
    : out_(out), diagnostics_(diagnostics), quiet_(quiet), terminal_(isatty(STDOUT_FILENO) != 0)
{
}

void ProgressPrinter::endLine()
{
    if (lineOpen_)
        out_ << "\n";
    lineOpen_ = false;
}

void ProgressPrinter::onStarted(const SearchStartInfo &info)
{
    started_ = true;
    startTime_ = std::filesystem::file_time_type::clock::now();
    outputDir_ = info.outputDir;
    firstEpoch_ = info.firstEpoch;
    maxEpochs_ = info.maxEpochs;
    worldSize_ = info.worldSize;
    out_ << "search: epochs " << info.firstEpoch << ".." << info.maxEpochs << ", " << info.stepsPerEpoch
         << " steps of " << info.batchSize << " images each, " << info.operationNames.size() << " operations, device "
         << info.device << ", " << info.threads << (info.threads == 1 ? " thread" : " threads");
    if (info.worldSize > 1)
        out_ << " in each of " << info.worldSize << " processes (" << info.batchSize / info.worldSize
             << " images of each batch per process)";
    out_ << "\n"
         << "output: " << printableLine(info.outputDir) << "\n"
         << std::flush;
}

void ProgressPrinter::onStep(const StepMetrics &m)
{
    if (quiet_)
        return;
    const auto now = std::chrono::steady_clock::now();
    // On a terminal: rewrite the line; in a log: a line every 10 s and at epoch ends.
    const bool due = terminal_ ? now - lastPrint_ > std::chrono::milliseconds(200)
                               : now - lastPrint_ > std::chrono::seconds(10) || m.stepInEpoch == m.stepsPerEpoch;
    if (!due)
        return;
    lastPrint_ = now;
    char text[256];
    std::snprintf(text, sizeof text,
                  "epoch %d/%d step %d/%d  loss %.4f  d_loss %.4f  a_loss %.4f  %.1f img/s  ETA %s%s", m.epoch,
                  maxEpochs_, m.stepInEpoch, m.stepsPerEpoch, m.loss, m.dLoss, m.aLoss, m.imagesPerSecond,
                  formatDuration(m.etaSeconds).c_str(),
                  worldSize_ > 1 ? ("  x" + std::to_string(worldSize_) + " processes").c_str() : "");
    if (terminal_) {
        out_ << "\r" << text << "\033[K" << std::flush;
        lineOpen_ = true;
    } else {
        out_ << text << "\n" << std::flush;
    }
}

void ProgressPrinter::onEpoch(const EpochMetrics &m)
{
    endLine();
    char text[256];
    // A resumed search recalls the epochs of the runs before it: their metrics, not as run now.
    if (m.epoch < firstEpoch_) {
        std::snprintf(text, sizeof text,
                      "epoch %d (searched before): loss %.4f  d_loss %.4f  a_loss %.4f  average_parameter_change %.6f",
                      m.epoch, m.loss, m.dLoss, m.aLoss, m.averageParameterChange);
        out_ << text << "\n" << std::flush;
        return;
    }
    std::snprintf(text, sizeof text,
                  "epoch %d done: loss %.4f  d_loss %.4f  a_loss %.4f  average_parameter_change %.6f  (%s)", m.epoch,
                  m.loss, m.dLoss, m.aLoss, m.averageParameterChange, formatDuration(m.wallSeconds).c_str());
    out_ << text << "\n";
    if (!m.policyPath.empty())
        out_ << "  policy: " << printableLine(m.policyPath) << "\n";
    out_ << std::flush;
}

void ProgressPrinter::onPlateau(const PlateauEvent &event)
{
    endLine();
    out_ << "converged: average parameter change has plateaued at epoch " << event.epoch << " (" << event.reason
         << "); keep the policy of epoch " << event.suggestedEpoch << "\n"
         << std::flush;
}

void ProgressPrinter::onMessage(const std::string &message)
{
    endLine();
    const bool problem = message.rfind("warning: ", 0) == 0 || message.rfind("error: ", 0) == 0;
    if (!problem) { // a note: what the search does, as the progress
        out_ << printableText(message) << "\n" << std::flush;
        return;
    }
    out_ << std::flush; // the progress so far, then the problem, where both reach one terminal
    // One problem a line, whatever the file names it quotes hold; the line in one piece (one
    // write on an unbuffered std::cerr), as other processes of the search may write there too.
    diagnostics_ << printableLine(message) + "\n" << std::flush;
}

void ProgressPrinter::onFinished(const SearchOutcome &outcome)
{
    endLine();
    switch (outcome.reason) {
    case SearchEndReason::Finished:
        out_ << "done: " << outcome.message;
        break;
    case SearchEndReason::Stopped:
        out_ << outcome.message; // "stopped on request ...", "stopped on plateau: ..."
        break;
    case SearchEndReason::Failed:
        out_ << std::flush;
        diagnostics_ << failureLine(rank_, outcome.message) << std::flush;
        break;
    }
    if (outcome.reason != SearchEndReason::Failed)
        out_ << "\n";
    // A search that failed before it started has nothing to say about policies.
    std::error_code error;
    const std::string latest = printableLine(outcome.latestPolicy);
    if (const int unrecorded = unrecordedPolicyEpoch(outcome.lastEpoch); unrecorded > 0)
        out_ << "the policy of epoch " << unrecorded << " was saved as "
             << printableLine(SearchFolder(outputDir_).policyFile(unrecorded)) << "; "
             << printableLine(SearchFolder(outputDir_).latestPolicyFile()) << " was not updated\n";
    else if (!outcome.latestPolicy.empty() && !std::filesystem::exists(outcome.latestPolicy, error))
        out_ << "the policy of epoch " << outcome.lastEpoch << " was saved as " << latest
             << ", which is gone (removed while the search ran)\n";
    else if (!outcome.latestPolicy.empty())
        out_ << "policy of epoch " << outcome.lastEpoch << ": " << latest << "\n";
    else if (started_)
        out_ << "no epoch finished in this run, so it saved no policy\n";
    out_ << std::flush;
}

int ProgressPrinter::unrecordedPolicyEpoch(int lastEpoch) const
{
    if (!started_)
        return 0;
    const SearchFolder folder(outputDir_);
    const std::vector<int> epochs = folder.policyEpochs();
    if (epochs.empty() || epochs.back() <= lastEpoch)
        return 0;
    // Saved by this run, not left by an earlier one that was killed.
    std::error_code error;
    const auto written = std::filesystem::last_write_time(folder.policyFile(epochs.back()), error);
    return !error && written >= startTime_ ? epochs.back() : 0;
}

} // namespace augstudio::cli
