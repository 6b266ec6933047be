#include "search/SearchOutputs.h"

#include "config/ConfigLoader.h"
#include "io/AtomicFile.h"
#include "io/CsvWriter.h"
#include "io/TensorBoardWriter.h"

#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace augstudio {

static const std::vector<std::string> kColumns = {"kind", "epoch", "step", "loss", "d_loss", "a_loss",
                                                  "average_parameter_change", "wall_time_s"};

SearchOutputs::SearchOutputs(const std::string &dir, bool resume, int resumeStep)
    : dir_(dir)
{
    ensureWritableDirectory(dir);
    ensureWritableDirectory((fs::path(dir) / "policy").string());
    ensureWritableDirectory((fs::path(dir) / "checkpoints").string());
    ensureWritableDirectory((fs::path(dir) / "tensorboard").string());
    const std::string csvPath = (fs::path(dir) / metricsFileName()).string();
    if (resume && fs::exists(csvPath))
        truncateCsvAfter(csvPath, "step", resumeStep);
    csv_ = std::make_unique<CsvWriter>(csvPath, kColumns, resume);
    tensorboard_ = std::make_unique<TensorBoardWriter>((fs::path(dir) / "tensorboard").string());
}

SearchOutputs::~SearchOutputs() = default;

void SearchOutputs::writeConfig(const SearchConfig &config)
{
    writeFileAtomically((fs::path(dir_) / "config.yaml").string(), configToYaml(config));
}

void SearchOutputs::writeStep(const StepMetrics &m)
{
    csv_->writeRow({"step", std::to_string(m.epoch), std::to_string(m.step), CsvWriter::number(m.loss),
                    CsvWriter::number(m.dLoss), CsvWriter::number(m.aLoss), "", CsvWriter::number(m.wallSeconds)});
    const double wallTime = static_cast<double>(std::time(nullptr));
    tensorboard_->addScalar("step/loss", m.loss, m.step, wallTime);
    tensorboard_->addScalar("step/d_loss", m.dLoss, m.step, wallTime);
    tensorboard_->addScalar("step/a_loss", m.aLoss, m.step, wallTime);
}

std::string SearchOutputs::writeEpoch(const EpochMetrics &m, const nlohmann::json &policy)
{
    const std::string text = policy.dump(2);
    const std::string epochPath = policyPath(m.epoch);
    writeFileAtomically(epochPath, text);
    writeFileAtomically(latestPolicyPath(), text);

    csv_->writeRow({"epoch", std::to_string(m.epoch), std::to_string(m.step), CsvWriter::number(m.loss),
                    CsvWriter::number(m.dLoss), CsvWriter::number(m.aLoss),
                    CsvWriter::number(m.averageParameterChange), CsvWriter::number(m.wallSeconds)});
    const double wallTime = static_cast<double>(std::time(nullptr));
    tensorboard_->addScalar("epoch/loss", m.loss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/d_loss", m.dLoss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/a_loss", m.aLoss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/average_parameter_change", m.averageParameterChange, m.epoch, wallTime);
    tensorboard_->flush();
    return epochPath;
}

std::string SearchOutputs::checkpointPathIn(const std::string &dir)
{
    return (fs::path(dir) / "checkpoints" / "last.pt").string();
}

std::string SearchOutputs::policyPath(int epoch) const
{
    return (fs::path(dir_) / "policy" / ("epoch_" + std::to_string(epoch) + ".json")).string();
}

std::string SearchOutputs::latestPolicyPath() const
{
    return (fs::path(dir_) / "policy" / "latest.json").string();
}

} // namespace augstudio
