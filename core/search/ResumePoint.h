#pragma once

// What --resume checks before it loads the dataset or starts processes: how far a search
// folder's checkpoint got, and whether the epochs asked for leave anything to search.

#include <string>

namespace augstudio {

class SearchFolder;

// The last finished epoch of the checkpoint at `path`; throws as readCheckpointFile does, with
// unreadableCheckpointMessage's advice. Defined beside readCheckpointFile, so that this header
// needs no LibTorch.
int checkpointEpoch(const std::string &path);

// Why there is no checkpoint at `path` to resume from (a search saves its first one at the
// end of epoch 1), for the message of a resume that needs one.
std::string noCheckpointMessage(const std::string &path);

// `why` a checkpoint cannot be read (it names the file), with what the user can still do:
// one message wherever a resume reads the checkpoint.
std::string unreadableCheckpointMessage(const std::string &why);

// Why continuing the search in `folder`, which has finished `epoch` epochs, up to
// `maxEpochs` would do nothing; empty when epochs are left.
std::string nothingLeftToSearch(const std::string &folder, int epoch, int maxEpochs);

// Why a resume may not start the search in `folder` (results, no checkpoint) over from epoch 1;
// empty when it may. It may where the folder holds no more than a search writes before its first
// checkpoint (epoch 1's policy and metrics rows): killed, or out of disk, while writing it. More
// is a longer search whose checkpoint was lost, which starting over would replace. Throws as
// readMetricsCsv does when metrics.csv cannot be read.
std::string startOverProblem(const SearchFolder &folder);

} // namespace augstudio
