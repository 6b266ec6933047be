#pragma once

// Writes the files a search leaves in its folder (search/SearchFolder.h says where): the
// config, a metrics row per step and per epoch, TensorBoard scalars, the epoch policies,
// the image size and the plateau verdict. Every file that is replaced is replaced
// atomically, so a full disk never costs a saved policy.

#include "config/SearchConfig.h"
#include "search/SearchEvents.h"
#include "search/ImageSizeRecord.h"
#include "search/SearchFolder.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace augstudio {

class MetricsCsvWriter;
class TensorBoardWriter;

class SearchOutputs
{
public:
    // Creates the folder layout. Resuming keeps the metrics rows up to resumeStep and the
    // plateau verdict (it was given to those epochs); a new search (in a folder without
    // results: SearchFolder::holdsResults) removes an old verdict, launch and image size and old
    // TensorBoard events.
    // `searched` are the epochs the checkpoint holds (metrics.csv gets back a row it lacks);
    // what resuming finds wrong with metrics.csv is added to `warnings`.
    SearchOutputs(const SearchFolder &folder, bool resume, int resumeStep,
                  const std::vector<EpochMetrics> &searched = {}, std::vector<std::string> *warnings = nullptr);
    ~SearchOutputs();

    void writeConfig(const SearchConfig &config);
    void writeStep(const StepMetrics &metrics);
    // Writes the epoch's policy file and the latest one; returns the epoch file's path.
    std::string writePolicy(int epoch, const nlohmann::json &policy);
    // The epoch's metrics row and TensorBoard scalars, after its policy.
    void writeEpochMetrics(const EpochMetrics &metrics);
    // Keeps the engine's plateau verdict, so that an opened folder shows it (search/PlateauRecord.h).
    void writePlateau(const PlateauEvent &event);
    // Records the size of the images searched, for converting the policies (search/ImageSizeRecord.h).
    void writeImageSize(const RecordedImageSize &size);
    // Records the processes of a search on several (search/LaunchRecord.h); a folder searched
    // by one process gains no file, one that has a record is brought up to date.
    void writeLaunch(int processes);

    const SearchFolder &folder() const { return folder_; }

private:
    SearchFolder folder_;
    std::unique_ptr<MetricsCsvWriter> metrics_;
    std::unique_ptr<TensorBoardWriter> tensorboard_;
};

} // namespace augstudio
