#include "config/ConfigWriter.h"

#include "config/YamlScalars.h"
#include "ops/OperationCatalog.h"

#include <sstream>

namespace augstudio {

namespace {

const char *const kOperationModule = "autoalbument.faster_autoaugment.models.policy_operations.";

std::string numberList(const std::vector<double> &values)
{
    std::string text = "[";
    for (size_t i = 0; i < values.size(); ++i)
        text += (i ? ", " : "") + formatNumber(values[i]);
    return text + "]";
}

std::string flag(bool value)
{
    return value ? "true" : "false";
}

void writeOperation(std::ostream &out, const OperationConfig &operation)
{
    const bool known = findOperation(operation.name) != nullptr;
    if (known)
        out << "    - _target_: " << kOperationModule << operation.name << "\n";
    else
        out << "    - _target_: " << yamlString(operation.name) << "\n";
    for (const auto &[key, value] : operation.args) {
        // AutoAlbument's channel switches are booleans.
        const bool boolean = key.rfind("shift_", 0) == 0 && (value == 0.0 || value == 1.0);
        out << "      " << yamlString(key) << ": " << (boolean ? flag(value != 0.0) : formatNumber(value)) << "\n";
    }
    if (operation.valueRange)
        out << "      value_range: " << numberList({operation.valueRange->first, operation.valueRange->second}) << "\n";
}

void writeModel(std::ostream &out, const char *section, const ModelConfig &model, bool segmentation)
{
    out << section << ":\n";
    out << "  num_classes: " << (model.numClasses > 0 ? std::to_string(model.numClasses) : "null")
        << (model.numClasses > 0 ? "" : "  # counted in the dataset") << "\n";
    out << "  architecture: " << yamlString(model.architecture) << "\n";
    if (segmentation)
        out << "  encoder_architecture: " << yamlString(model.encoderArchitecture) << "\n";
    out << "  pretrained: " << flag(model.pretrained) << "\n";
    if (!model.weightsPath.empty())
        out << "  weights: " << yamlString(model.weightsPath) << "\n";
}

void writeDataset(std::ostream &out, const DatasetConfig &dataset)
{
    const DatasetConfig defaults;
    std::ostringstream keys;
    if (!dataset.root.empty())
        keys << "    root: " << yamlString(dataset.root) << "\n";
    if (dataset.layout != defaults.layout)
        keys << "    layout: " << yamlString(dataset.layout) << "\n";
    if (dataset.split != defaults.split)
        keys << "    split: " << yamlString(dataset.split) << "\n";
    if (dataset.limit != defaults.limit)
        keys << "    limit: " << dataset.limit << "\n";
    if (!keys.str().empty())
        out << "  dataset:\n" << keys.str();
}

void writePreprocessing(std::ostream &out, const std::vector<PreprocessingStep> &steps)
{
    if (steps.empty()) {
        out << "  preprocessing: null\n";
        return;
    }
    out << "  preprocessing:\n";
    for (const auto &step : steps) {
        out << "    - " << yamlString(step.name) << ": {";
        bool first = true;
        for (const auto &[key, value] : step.args) {
            out << (first ? "" : ", ") << yamlString(key) << ": " << formatNumber(value);
            first = false;
        }
        if (!step.value.empty())
            out << (first ? "" : ", ") << "value: " << numberList(step.value);
        out << "}\n";
    }
}

void writeOptimizer(std::ostream &out, const char *name, const OptimizerConfig &optimizer)
{
    out << "  " << name << ":\n";
    out << "    lr: " << formatNumber(optimizer.lr) << "\n";
    out << "    betas: " << numberList({optimizer.beta1, optimizer.beta2}) << "\n";
}

void writeTrainer(std::ostream &out, const TrainerConfig &trainer)
{
    const TrainerConfig defaults;
    out << "trainer:\n";
    out << "  max_epochs: " << trainer.maxEpochs << "\n";
    // gpus is what AutoAlbument reads; it can say cpu or auto, an explicit CUDA device needs `device`.
    if (trainer.device == "cpu")
        out << "  gpus: 0\n";
    else if (trainer.device == "auto")
        out << "  gpus: 1  # AugStudio: CUDA when available, else CPU\n";
    else
        out << "  device: " << yamlString(trainer.device) << "\n";
    if (trainer.threads != defaults.threads)
        out << "  threads: " << trainer.threads << "\n";
    if (trainer.previewEvery != defaults.previewEvery)
        out << "  preview_every: " << trainer.previewEvery << "\n";
    if (trainer.stepsPerEpoch != defaults.stepsPerEpoch)
        out << "  steps_per_epoch: " << trainer.stepsPerEpoch << "\n";
}

} // namespace

std::string configToYaml(const SearchConfig &config)
{
    const SearchConfig defaults;
    std::ostringstream out;
    out << "# AugStudio search config, in AutoAlbument's search.yaml schema.\n";
    out << "_version: 2\n";
    out << "task: " << toString(config.task) << "\n\n";

    const PolicyModelConfig &policy = config.policy;
    out << "policy_model:\n";
    out << "  task_factor: " << formatNumber(policy.taskFactor) << "\n";
    out << "  gp_factor: " << formatNumber(policy.gpFactor) << "\n";
    out << "  temperature: " << formatNumber(policy.temperature) << "\n";
    out << "  num_sub_policies: " << policy.numSubPolicies << "\n";
    out << "  num_chunks: " << policy.numChunks << "\n";
    out << "  operation_count: " << policy.operationCount << "\n";
    if (!policy.operations.empty()) {
        out << "  operations:\n";
        for (const auto &operation : policy.operations)
            writeOperation(out, operation);
    }
    out << "\n";

    // The task's model always; the other one only when it was changed.
    const bool classification = config.task == Task::Classification;
    if (classification || config.classificationModel != defaults.classificationModel)
        writeModel(out, "classification_model", config.classificationModel, false);
    if (!classification || config.segmentationModel != defaults.segmentationModel)
        writeModel(out, "semantic_segmentation_model", config.segmentationModel, true);
    out << "\n";

    const DataConfig &data = config.data;
    out << "data:\n";
    writeDataset(out, data.dataset);
    out << "  input_dtype: " << toString(data.inputDtype) << "\n";
    writePreprocessing(out, data.preprocessing);
    out << "  normalization:\n";
    out << "    mean: " << numberList(data.mean) << "\n";
    out << "    std: " << numberList(data.std) << "\n";
    out << "  dataloader:\n";
    out << "    batch_size: " << data.dataloader.batchSize << "\n";
    out << "    shuffle: " << flag(data.dataloader.shuffle) << "\n";
    out << "    num_workers: " << data.dataloader.numWorkers << "\n";
    out << "    drop_last: " << flag(data.dataloader.dropLast) << "\n";
    if (data.ignoreIndex != defaults.data.ignoreIndex)
        out << "  ignore_index: " << data.ignoreIndex << "\n";
    out << "\n";

    out << "optim:\n";
    writeOptimizer(out, "main", config.optimMain);
    writeOptimizer(out, "policy", config.optimPolicy);
    out << "\n";

    writeTrainer(out, config.trainer);
    out << "\nexport:\n";
    out << "  albumentations: " << toString(config.exportSettings.albumentations) << "\n";
    out << "\nseed: " << config.seed << "\n";
    return out.str();
}

} // namespace augstudio
