#include "search/ResumePoint.h"

namespace augstudio {

std::string noCheckpointMessage(const std::string &path)
{
    return "no checkpoint to resume from: " + path + " does not exist (a search saves its first one at the end of epoch 1)";
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

} // namespace augstudio
