#pragma once

// The files a search leaves in its output folder: policy/epoch_<N>.json and
// policy/latest.json, metrics.csv, tensorboard/ event files and config.yaml. Every file
// that is replaced is replaced atomically, so a full disk never costs a saved policy.

#include "config/SearchConfig.h"
#include "search/SearchEvents.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace augstudio {

class CsvWriter;
class TensorBoardWriter;

class SearchOutputs
{
public:
    // Creates the folder layout. resumeStep > 0 keeps metrics.csv rows up to that step.
    SearchOutputs(const std::string &dir, bool resume, int resumeStep);
    ~SearchOutputs();

    void writeConfig(const SearchConfig &config);
    void writeStep(const StepMetrics &metrics);
    // Writes policy/epoch_<N>.json and latest.json; returns the epoch file's path.
    std::string writeEpoch(const EpochMetrics &metrics, const nlohmann::json &policy);

    std::string checkpointPath() const { return checkpointPathIn(dir_); }
    static std::string checkpointPathIn(const std::string &dir);
    std::string policyPath(int epoch) const;
    std::string latestPolicyPath() const;
    const std::string &dir() const { return dir_; }

    static std::string metricsFileName() { return "metrics.csv"; }

private:
    std::string dir_;
    std::unique_ptr<CsvWriter> csv_;
    std::unique_ptr<TensorBoardWriter> tensorboard_;
};

} // namespace augstudio
