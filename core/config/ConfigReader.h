#pragma once

// Internal to config/: reads a parsed search.yaml document into a SearchConfig. Only the
// keys the document holds change, so the same reader loads files (onto the defaults) and
// applies --set overrides (onto a loaded config).

#include "config/SearchConfig.h"
#include "config/YamlFields.h"

#include <map>
#include <optional>
#include <string>

namespace augstudio {

// Whether smp's encoder_weights names a weights file (a path: "/", or "." as in ".pth"),
// not a download ("imagenet"), which means pretrained.
bool encoderWeightsNameAFile(const std::string &value);

class ConfigReader
{
public:
    ConfigReader(SearchConfig &config, ReadContext &context);

    void read(const YAML::Node &document);
    // Checks across keys and the notes that depend on the final task; then throws one
    // ConfigError listing every problem found, if there was any.
    void finish();

private:
    void readVersion(const Field &field);
    void noteDeviceDefault(const Field &version, const std::map<std::string, Field> &given);
    void noteSegmentationWeightsDefault(const Field &version, const std::map<std::string, Field> &given);
    void readTask(const Field &field);
    void readPolicyModel(const Field &field);
    std::optional<OperationConfig> readOperation(const Field &item);
    void readModel(const Field &field, Task task);
    void readData(const Field &field);
    void readDataset(const Field &field);
    std::vector<PreprocessingStep> readPreprocessing(const Field &field);
    void readDataLoader(const Field &field);
    void readOptim(const Field &field);
    void readOptimizer(const Field &field, OptimizerConfig &optimizer);
    void readDeviceRequest(const Field &field, bool lightningGpus);
    void noteDeviceRequests();
    void readTrainer(const Field &field);
    void readExport(const Field &field);
    void readSeed(const Field &field);
    void checkAcrossKeys();
    std::string placeOf(const std::optional<Field> &field) const;
    void checkPolicySize();
    void checkModel(Task task);
    void checkArchitecture(Task task);
    void noteUnusedModelSection();

    // What a model section asked for beyond its values, noted once the task is known.
    struct ModelRequest {
        std::optional<Field> section;       // the model's section, where the file or a --set gives one
        std::optional<Field> pythonClass;   // a _target_ that is not AugStudio's built-in model
        std::optional<Field> architecture;
        std::optional<Field> encoderArchitecture;
        std::optional<Field> pretrained;
    };

    SearchConfig &m_config;
    ReadContext &m_context;
    FieldReader m_fields;
    std::map<Task, ModelRequest> m_models;
    // A device asked by count (trainer.gpus, version 1's device), with its note if it decides.
    struct DeviceRequest {
        Field field;
        std::string note;
    };
    std::vector<DeviceRequest> m_deviceRequests;
    std::optional<Field> m_explicitDevice; // trainer.device, which outranks them
    std::optional<Field> m_batchSize;
    std::optional<Field> m_numChunks;
    std::optional<Field> m_numSubPolicies;
};

} // namespace augstudio
