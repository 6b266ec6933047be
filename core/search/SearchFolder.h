#pragma once

// The layout of a search's output folder, known here and nowhere else:
//
//   config.yaml                 the resolved config (the CLI reads it back on --resume)
//   metrics.csv                 one row per step and per epoch (search/MetricsCsv.h)
//   plateau.json                the engine's plateau verdict, once it has one (search/PlateauRecord.h)
//   launch.json                 the processes of a search on several (search/LaunchRecord.h)
//   image_size.json             the size of the images searched (search/ImageSizeRecord.h)
//   policy/epoch_<N>.json       the policy after epoch N
//   policy/latest.json          the policy of the last finished epoch
//   checkpoints/last.pt         what a resume needs (search/Checkpoint.h)
//   tensorboard/                TensorBoard event files
//
// Folders written by earlier versions have the same layout, without plateau.json and
// image_size.json in those before they were kept and without launch.json where one process
// searched; it must not change.
// Plain C++ (no Qt, no LibTorch), so that the engine, the CLI and the app share it.

#include <optional>
#include <string>
#include <vector>

namespace augstudio {

// `path` absolute and normalized (io/NormalPath.h), without a trailing separator ("data/" names
// the folder "data" does); links are kept as given, but for one followed by "..", which is
// resolved as the system resolves it. Empty where `path` is empty or has no absolute form.
std::string absoluteFolderPath(const std::string &path);

// Whether `path` is `folder` or lies inside it, links followed where they exist. A search's
// folder inside its dataset would have its files read as images of the dataset.
bool isSameOrInside(const std::string &path, const std::string &folder);

// Whether `a` and `b` name one folder however they are spelled: a trailing separator, relative
// or absolute, through a link. Either may not exist yet.
bool isSameFolder(const std::string &a, const std::string &b);

class SearchFolder
{
public:
    explicit SearchFolder(std::string dir);

    const std::string &dir() const { return m_dir; }

    std::string configFile() const;
    std::string metricsFile() const;
    std::string plateauFile() const;
    std::string launchFile() const;
    std::string imageSizeFile() const;
    std::string policyFile(int epoch) const;
    std::string latestPolicyFile() const;
    std::string checkpointFile() const;
    std::string tensorBoardFolder() const;

    // The search folder whose policy file `policyPath` is (<folder>/policy/<name>.json, as
    // written); nullopt for a path elsewhere.
    static std::optional<SearchFolder> ofPolicyFile(const std::string &policyPath);

    // The epochs whose policy file is there, ascending. Files that only look alike
    // (epoch_01.json, epoch_x.json) are not policy files.
    std::vector<int> policyEpochs() const;
    // Whether it holds a search at all: a config or metrics.
    bool holdsSearch() const;
    // Whether it holds what a search saves: a policy or a checkpoint. A new search may start
    // over in a folder that holds a search without results (stopped before its first epoch).
    bool holdsResults() const;
    // Whether a search can continue here: it has a checkpoint, or policies without one (killed,
    // or a full disk, while the first checkpoint was written), which a resume starts over where
    // startOverProblem (search/ResumePoint.h) finds no more than that.
    bool canResume() const;
    bool hasCheckpoint() const;
    // The first of config.yaml, metrics.csv and tensorboard/ that a new search would replace
    // and no search wrote (every search makes checkpoints/ first): a user's own config kept
    // there, another tool's logs. Empty when there is none.
    std::string foreignFile() const;
    // Why a new search may not start here because of foreignFile(), in a sentence; empty when
    // it may.
    std::string foreignFileProblem() const;

    // Creates the folder and its subfolders (IoError naming the one that cannot be written).
    void create() const;

    // The metrics file's own name, for "Export Metrics" to suggest.
    static std::string metricsFileName();

private:
    std::string m_dir;
};

} // namespace augstudio
