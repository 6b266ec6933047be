#include "config/SearchConfig.h"

#include <tuple>

namespace augstudio {

const char *toString(Task task)
{
    return task == Task::Classification ? "classification" : "semantic_segmentation";
}

const char *toString(InputDtype dtype)
{
    return dtype == InputDtype::UInt8 ? "uint8" : "float32";
}

const char *toString(AlbumentationsTarget target)
{
    return target == AlbumentationsTarget::V1 ? "1" : "2";
}

bool operator==(const OperationConfig &a, const OperationConfig &b)
{
    return std::tie(a.name, a.args, a.valueRange) == std::tie(b.name, b.args, b.valueRange);
}

bool operator==(const PreprocessingStep &a, const PreprocessingStep &b)
{
    return std::tie(a.name, a.args, a.value) == std::tie(b.name, b.args, b.value);
}

bool operator==(const PolicyModelConfig &a, const PolicyModelConfig &b)
{
    return std::tie(a.taskFactor, a.gpFactor, a.temperature, a.numSubPolicies, a.numChunks,
                    a.operationCount, a.operations)
           == std::tie(b.taskFactor, b.gpFactor, b.temperature, b.numSubPolicies, b.numChunks,
                       b.operationCount, b.operations);
}

bool operator==(const ModelConfig &a, const ModelConfig &b)
{
    return std::tie(a.numClasses, a.architecture, a.encoderArchitecture, a.pretrained, a.weightsPath)
           == std::tie(b.numClasses, b.architecture, b.encoderArchitecture, b.pretrained, b.weightsPath);
}

bool operator==(const DatasetConfig &a, const DatasetConfig &b)
{
    return std::tie(a.root, a.layout, a.split, a.limit) == std::tie(b.root, b.layout, b.split, b.limit);
}

bool operator==(const DataLoaderConfig &a, const DataLoaderConfig &b)
{
    return std::tie(a.batchSize, a.shuffle, a.numWorkers, a.dropLast)
           == std::tie(b.batchSize, b.shuffle, b.numWorkers, b.dropLast);
}

bool operator==(const DataConfig &a, const DataConfig &b)
{
    return std::tie(a.dataset, a.inputDtype, a.preprocessing, a.mean, a.std, a.dataloader, a.ignoreIndex)
           == std::tie(b.dataset, b.inputDtype, b.preprocessing, b.mean, b.std, b.dataloader, b.ignoreIndex);
}

bool operator==(const OptimizerConfig &a, const OptimizerConfig &b)
{
    return std::tie(a.lr, a.beta1, a.beta2) == std::tie(b.lr, b.beta1, b.beta2);
}

bool operator==(const TrainerConfig &a, const TrainerConfig &b)
{
    return std::tie(a.maxEpochs, a.device, a.threads, a.previewEvery, a.stepsPerEpoch)
           == std::tie(b.maxEpochs, b.device, b.threads, b.previewEvery, b.stepsPerEpoch);
}

bool operator==(const ExportConfig &a, const ExportConfig &b)
{
    return a.albumentations == b.albumentations;
}

bool operator==(const SearchConfig &a, const SearchConfig &b)
{
    return std::tie(a.task, a.policy, a.classificationModel, a.segmentationModel, a.data, a.optimMain,
                    a.optimPolicy, a.trainer, a.exportSettings, a.seed)
           == std::tie(b.task, b.policy, b.classificationModel, b.segmentationModel, b.data, b.optimMain,
                       b.optimPolicy, b.trainer, b.exportSettings, b.seed);
}

} // namespace augstudio
