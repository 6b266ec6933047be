#include "search/ResumePoint.h"

#include "search/MetricsCsv.h"
#include "search/SearchFolder.h"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace augstudio {

namespace {

// "epoch 3", "epochs 1 to 5", or "epochs 2, 5" where some are missing.
std::string epochList(const std::vector<int> &epochs)
{
    if (epochs.size() == 1)
        return "epoch " + std::to_string(epochs.front());
    if (epochs.back() - epochs.front() + 1 == static_cast<int>(epochs.size()))
        return "epochs " + std::to_string(epochs.front()) + " to " + std::to_string(epochs.back());
    std::string listed;
    for (const int epoch : epochs)
        listed += (listed.empty() ? "" : ", ") + std::to_string(epoch);
    return "epochs " + listed;
}

// The last epoch of metrics.csv's rows, steps or epochs; 0 without the file or rows.
int lastMetricsEpoch(const SearchFolder &folder)
{
    std::error_code error;
    if (!std::filesystem::exists(folder.metricsFile(), error))
        return 0;
    const MetricsHistory history = readMetricsCsv(folder.metricsFile());
    int last = 0;
    for (const StepMetrics &row : history.steps)
        last = std::max(last, row.epoch);
    for (const EpochMetrics &row : history.epochs)
        last = std::max(last, row.epoch);
    return last;
}

} // namespace

std::string noCheckpointMessage(const std::string &path)
{
    return "no checkpoint to resume from: " + path + " does not exist (a search saves its first one at the end of epoch 1)";
}

std::string unreadableCheckpointMessage(const std::string &why)
{
    // What a user can still do: the policies are separate files, untouched.
    return why + "; the search cannot continue from it, but the policies saved beside it are whole: use them, or start "
                 "a new search in another folder";
}

std::string nothingLeftToSearch(const std::string &folder, int epoch, int maxEpochs)
{
    if (epoch < maxEpochs)
        return {};
    return "the search in " + folder + " has finished " + std::to_string(epoch) + (epoch == 1 ? " epoch" : " epochs")
           + " and trainer.max_epochs is " + std::to_string(maxEpochs)
           + ": nothing is left to search; raise it (--epochs on the command line) to " + std::to_string(epoch + 1)
           + " or more to continue";
}

std::string startOverProblem(const SearchFolder &folder)
{
    const std::vector<int> policies = folder.policyEpochs();
    const int lastPolicy = policies.empty() ? 0 : policies.back();
    const int lastRow = lastMetricsEpoch(folder);
    if (std::max(lastPolicy, lastRow) <= 1)
        return {};
    std::string holds;
    if (!policies.empty())
        holds = "the policies of " + epochList(policies);
    if (lastRow > 0)
        holds += (holds.empty() ? "" : " and ") + std::string("metrics.csv rows up to epoch ") + std::to_string(lastRow);
    return "cannot resume the search in " + folder.dir() + ": its checkpoint " + folder.checkpointFile()
           + " is missing, and the folder holds " + holds
           + ", more than a search that stopped while writing its first checkpoint; starting over would replace "
             "them, so nothing was changed there. Its policies are whole: use them, or start a new search with "
             "another --output folder";
}

} // namespace augstudio
