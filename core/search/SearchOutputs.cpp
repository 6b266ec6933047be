#include "search/SearchOutputs.h"

#include "config/ConfigLoader.h"
#include "io/AtomicFile.h"
#include "io/IoError.h"
#include "io/TensorBoardWriter.h"
#include "search/MetricsCsv.h"
#include "search/LaunchRecord.h"
#include "search/PlateauRecord.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <system_error>
#include <vector>

namespace augstudio {

SearchOutputs::SearchOutputs(const SearchFolder &folder, bool resume, int resumeStep,
                             const std::vector<EpochMetrics> &searched, std::vector<std::string> *warnings)
    : folder_(folder)
{
    folder_.create();
    // A new search in a used folder must not show the old search's verdict, launch, image size
    // or curves.
    if (!resume) {
        std::vector<std::string> old = {folder_.plateauFile(), folder_.launchFile(), folder_.imageSizeFile()};
        std::error_code listed;
        for (std::filesystem::directory_iterator it(folder_.tensorBoardFolder(), listed), end; !listed && it != end;
             it.increment(listed))
            if (it->path().filename().string().rfind("events.out.tfevents.", 0) == 0)
                old.push_back(it->path().string());
        for (const std::string &file : old) {
            std::error_code error;
            if (!std::filesystem::remove(file, error) && error)
                throw IoError("cannot remove '" + file + "': " + error.message());
        }
    }
    metrics_ = std::make_unique<MetricsCsvWriter>(folder_.metricsFile(), resume, resumeStep, searched, warnings);
    tensorboard_ = std::make_unique<TensorBoardWriter>(folder_.tensorBoardFolder());
    // The steps after the checkpoint that the stopped search logged are logged again.
    // Epoch points use the epoch as their step; those kept are at most the checkpoint's
    // step, so they stay.
    if (resume)
        tensorboard_->addRestart(resumeStep + 1);
}

SearchOutputs::~SearchOutputs() = default;

void SearchOutputs::writeConfig(const SearchConfig &config)
{
    writeFileAtomically(folder_.configFile(), configToYaml(config));
}

void SearchOutputs::writeStep(const StepMetrics &m)
{
    metrics_->write(m);
    const double wallTime = static_cast<double>(std::time(nullptr));
    tensorboard_->addScalar("step/loss", m.loss, m.step, wallTime);
    tensorboard_->addScalar("step/d_loss", m.dLoss, m.step, wallTime);
    tensorboard_->addScalar("step/a_loss", m.aLoss, m.step, wallTime);
}

std::string SearchOutputs::writePolicy(int epoch, const nlohmann::json &policy)
{
    const std::string text = policy.dump(2);
    const std::string epochPath = folder_.policyFile(epoch);
    writeFileAtomically(epochPath, text);
    writeFileAtomically(folder_.latestPolicyFile(), text);
    return epochPath;
}

void SearchOutputs::writeEpochMetrics(const EpochMetrics &m)
{
    metrics_->write(m);
    const double wallTime = static_cast<double>(std::time(nullptr));
    tensorboard_->addScalar("epoch/loss", m.loss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/d_loss", m.dLoss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/a_loss", m.aLoss, m.epoch, wallTime);
    tensorboard_->addScalar("epoch/average_parameter_change", m.averageParameterChange, m.epoch, wallTime);
    tensorboard_->flush();
}

void SearchOutputs::writePlateau(const PlateauEvent &event)
{
    writeFileAtomically(folder_.plateauFile(), plateauRecordToJson(event));
}

void SearchOutputs::writeImageSize(const RecordedImageSize &size)
{
    writeFileAtomically(folder_.imageSizeFile(), imageSizeRecordToJson(size));
}

void SearchOutputs::writeLaunch(int processes)
{
    std::error_code error;
    if (processes > 1 || std::filesystem::exists(folder_.launchFile(), error))
        writeFileAtomically(folder_.launchFile(), launchRecordToJson(processes));
}

} // namespace augstudio
