#pragma once

// The typed search configuration: everything an AutoAlbument-style search.yaml can say
// that AugStudio acts on, with AutoAlbument's defaults.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace augstudio {

enum class Task { Classification, SemanticSegmentation };
enum class InputDtype { UInt8, Float32 };
// The Albumentations whose file format the policy is written in (faa-reference §7, §7.1).
enum class AlbumentationsTarget { V1, V2 };

// One entry of policy_model.operations. `name` is canonical (the last component of
// an AutoAlbument `_target_`, e.g. "ShiftRGB"); `args` holds the operation's own
// arguments as scalars (shift_r: true, num_holes: 16, ...).
struct OperationConfig {
    std::string name;
    std::map<std::string, double> args;
    std::optional<std::pair<double, double>> valueRange;
    int line = 0; // YAML line of the entry, for error messages (0 = built in)
};

// One preprocessing transform: `- Resize: {height: 32, width: 32}`.
struct PreprocessingStep {
    std::string name;
    std::map<std::string, double> args;       // numeric and boolean parameters
    std::vector<double> value;                 // PadIfNeeded `value: [0, 0, 0]`
    int line = 0;
};

// A constant PadIfNeeded's mask fill where the step gives no mask_value: the ignore value,
// so that a segmentation search learns nothing from the padding. The exported policy says
// it, as Albumentations would pad masks with 0 (a class) by default.
constexpr int kPaddedMaskValue = 255;
// PadIfNeeded's min_height / min_width and Max/MinSize's max_size where a step gives none
// (Albumentations 1.x's defaults; 2.x's LongestMaxSize has none, so the export writes it).
constexpr int kDefaultStepSide = 1024;

struct PolicyModelConfig {
    double taskFactor = 0.1;
    double gpFactor = 10.0;
    double temperature = 0.05;
    int numSubPolicies = 40;
    int numChunks = 4;
    int operationCount = 4;
    std::vector<OperationConfig> operations; // empty = the 14 default operations
};

struct ModelConfig {
    int numClasses = 0;                    // 0 = infer from the dataset
    std::string architecture;              // resnet18 | wrn_40_2 | Unet
    std::string encoderArchitecture;       // segmentation: resnet18
    bool pretrained = false;               // no downloads: only honoured with weightsPath
    std::string weightsPath;               // optional local weights file
};

struct DatasetConfig {
    std::string root;                      // data.dataset.root or --dataset
    std::string layout = "auto";           // auto | image_folder | idx | cifar | svhn | flowers102 | stl10 | csv | segmentation_pairs | voc | cityscapes
    std::string split = "train";           // idx: train | t10k ; cifar: train | test ; svhn: train | test | extra ; flowers102: train | val | test ; stl10: train | test ; voc, cityscapes: train | val
    int limit = 0;                         // use at most this many images (0 = all)
};

struct DataLoaderConfig {
    int batchSize = 16;
    bool shuffle = true;
    int numWorkers = 2;
    bool dropLast = true;
};

struct DataConfig {
    DatasetConfig dataset;
    InputDtype inputDtype = InputDtype::UInt8;
    std::vector<PreprocessingStep> preprocessing;
    std::vector<double> mean{0.485, 0.456, 0.406};
    std::vector<double> std{0.229, 0.224, 0.225};
    DataLoaderConfig dataloader;
    int ignoreIndex = 255;                 // segmentation: mask value excluded from the loss
};

struct OptimizerConfig {
    double lr = 1e-3;
    double beta1 = 0.0;
    double beta2 = 0.999;
};

struct TrainerConfig {
    int maxEpochs = 20;
    std::string device = "cpu";           // cpu | cuda | cuda:N | auto ; trainer.gpus >= 1 means auto
    int threads = 0;                       // 0 = one per core
    int previewEvery = 50;                 // steps between preview renders (GUI)
    int stepsPerEpoch = 0;                 // at most this many steps an epoch (0 = the whole dataset)
};

struct ExportConfig {
    AlbumentationsTarget albumentations = AlbumentationsTarget::V2; // export.albumentations: 1 | 2
};

struct SearchConfig {
    Task task = Task::Classification;
    PolicyModelConfig policy;
    ModelConfig classificationModel{0, "resnet18", "", false, ""};
    ModelConfig segmentationModel{0, "Unet", "resnet18", false, ""};
    DataConfig data;
    OptimizerConfig optimMain;
    OptimizerConfig optimPolicy;
    TrainerConfig trainer;
    ExportConfig exportSettings;
    std::uint64_t seed = 42;

    const ModelConfig &model() const
    {
        return task == Task::Classification ? classificationModel : segmentationModel;
    }
    ModelConfig &model()
    {
        return task == Task::Classification ? classificationModel : segmentationModel;
    }
};

const char *toString(Task task);
const char *toString(InputDtype dtype);
const char *toString(AlbumentationsTarget target); // "1" | "2"

// Value equality over every setting. The `line` members are bookkeeping for messages and
// take no part: a config compares equal to itself after a save and reload.
bool operator==(const OperationConfig &a, const OperationConfig &b);
bool operator==(const PreprocessingStep &a, const PreprocessingStep &b);
bool operator==(const PolicyModelConfig &a, const PolicyModelConfig &b);
bool operator==(const ModelConfig &a, const ModelConfig &b);
bool operator==(const DatasetConfig &a, const DatasetConfig &b);
bool operator==(const DataLoaderConfig &a, const DataLoaderConfig &b);
bool operator==(const DataConfig &a, const DataConfig &b);
bool operator==(const OptimizerConfig &a, const OptimizerConfig &b);
bool operator==(const TrainerConfig &a, const TrainerConfig &b);
bool operator==(const ExportConfig &a, const ExportConfig &b);
bool operator==(const SearchConfig &a, const SearchConfig &b);

inline bool operator!=(const OperationConfig &a, const OperationConfig &b) { return !(a == b); }
inline bool operator!=(const PreprocessingStep &a, const PreprocessingStep &b) { return !(a == b); }
inline bool operator!=(const PolicyModelConfig &a, const PolicyModelConfig &b) { return !(a == b); }
inline bool operator!=(const ModelConfig &a, const ModelConfig &b) { return !(a == b); }
inline bool operator!=(const DatasetConfig &a, const DatasetConfig &b) { return !(a == b); }
inline bool operator!=(const DataLoaderConfig &a, const DataLoaderConfig &b) { return !(a == b); }
inline bool operator!=(const DataConfig &a, const DataConfig &b) { return !(a == b); }
inline bool operator!=(const OptimizerConfig &a, const OptimizerConfig &b) { return !(a == b); }
inline bool operator!=(const TrainerConfig &a, const TrainerConfig &b) { return !(a == b); }
inline bool operator!=(const ExportConfig &a, const ExportConfig &b) { return !(a == b); }
inline bool operator!=(const SearchConfig &a, const SearchConfig &b) { return !(a == b); }

} // namespace augstudio
