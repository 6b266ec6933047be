#pragma once

// What --resume checks before it loads the dataset or starts processes: how far a search
// folder's checkpoint got, and whether the epochs asked for leave anything to search.

#include <string>

namespace augstudio {

// The last finished epoch of the checkpoint at `path`; throws as readCheckpointFile does.
// Defined beside readCheckpointFile, so that this header needs no LibTorch.
int checkpointEpoch(const std::string &path);

// Why there is no checkpoint at `path` to resume from (a search saves its first one at the
// end of epoch 1), for the message of a resume that needs one.
std::string noCheckpointMessage(const std::string &path);

// Why continuing the search in `folder`, which has finished `epoch` epochs, up to
// `maxEpochs` would do nothing; empty when epochs are left.
std::string nothingLeftToSearch(const std::string &folder, int epoch, int maxEpochs);

} // namespace augstudio
