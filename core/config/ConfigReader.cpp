#include "config/ConfigReader.h"

#include "config/ConfigLimits.h"
#include "config/YamlScalars.h"
#include "data/Preprocessor.h"
#include "io/AsciiText.h"
#include "models/Architectures.h"
#include "ops/OperationCatalog.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace augstudio {

namespace {

const char *const kBuiltInClassifier = "autoalbument.faster_autoaugment.models.ClassificationModel";
const char *const kBuiltInSegmenter = "autoalbument.faster_autoaugment.models.SemanticSegmentationModel";
const std::vector<std::string> kLayouts = {"auto", "image_folder", "idx", "csv", "segmentation_pairs", "voc", "cityscapes", "cifar", "svhn", "flowers102", "stl10"};

const char *const kLightningNote = "a PyTorch Lightning setting; ignored";

// AutoAlbument's models package imports its main_model module whole: a class named through
// that module is the same class ("...models.main_model.ClassificationModel").
bool namesBuiltInModel(const std::string &target, const std::string &builtIn)
{
    if (target == builtIn)
        return true;
    const std::size_t dot = builtIn.rfind('.');
    return target == builtIn.substr(0, dot) + ".main_model" + builtIn.substr(dot);
}

// Lightning Trainer arguments that AutoAlbument passes through; AugStudio notes and skips them.
const std::vector<std::string> kLightningKeys = {
    "_target_", "accelerator", "accumulate_grad_batches", "amp_backend", "amp_level", "auto_lr_find",
    "auto_scale_batch_size", "auto_select_gpus", "benchmark", "check_val_every_n_epoch", "checkpoint_callback",
    "default_root_dir", "detect_anomaly", "deterministic", "devices", "distributed_backend", "enable_checkpointing",
    "enable_model_summary", "enable_progress_bar", "fast_dev_run", "flush_logs_every_n_steps",
    "gradient_clip_algorithm", "gradient_clip_val", "ipus", "limit_predict_batches", "limit_test_batches",
    "limit_train_batches", "limit_val_batches", "log_every_n_steps", "log_gpu_memory", "logger", "max_steps",
    "max_time", "min_epochs", "min_steps", "move_metrics_to_cpu", "multiple_trainloader_mode", "num_nodes",
    "num_processes", "num_sanity_val_steps", "overfit_batches", "plugins", "precision", "prepare_data_per_node",
    "process_position", "profiler", "progress_bar_refresh_rate", "reload_dataloaders_every_epoch",
    "reload_dataloaders_every_n_epochs", "replace_sampler_ddp", "resume_from_checkpoint", "stochastic_weight_avg",
    "strategy", "sync_batchnorm", "terminate_on_nan", "tpu_cores", "track_grad_norm", "truncated_bptt_steps",
    "val_check_interval", "weights_save_path", "weights_summary",
};

// PyTorch DataLoader arguments with no meaning for AugStudio's loader.
const std::vector<std::string> kTorchLoaderKeys = {
    "pin_memory", "persistent_workers", "prefetch_factor", "timeout", "worker_init_fn", "collate_fn",
    "sampler", "batch_sampler", "generator", "multiprocessing_context",
};

std::string join(const std::vector<std::string> &names, const char *separator)
{
    std::string text;
    for (const auto &name : names)
        text += (text.empty() ? "" : separator) + name;
    return text;
}

// Known architecture names in their canonical spelling ("UNet" -> "Unet", "WRN_28_10" ->
// "wrn_28_10"); others unchanged.
std::string canonicalName(const std::string &name, const std::vector<std::string> &known)
{
    for (const auto &candidate : known)
        if (asciiLower(candidate) == asciiLower(name))
            return candidate;
    if (parseWideResNet(asciiLower(name)))
        return asciiLower(name);
    return name;
}

std::string modelKey(Task task)
{
    return task == Task::Classification ? "classification_model" : "semantic_segmentation_model";
}

} // namespace

bool encoderWeightsNameAFile(const std::string &value)
{
    return value.find('/') != std::string::npos || value.find('.') != std::string::npos;
}

ConfigReader::ConfigReader(SearchConfig &config, ReadContext &context)
    : m_config(config)
    , m_context(context)
    , m_fields(context)
{
}

void ConfigReader::read(const YAML::Node &document)
{
    const Field root = m_fields.root(document);
    if (!m_fields.isNull(root) && !document.IsMap())
        m_fields.fail(root, "expected a map of keys at the top level (task:, policy_model:, data:, ...)");

    const char *v1Note = "an AutoAlbument version 1 setting; ignored";
    SectionKeys keys;
    keys.known = {"_version", "task", "policy_model", "classification_model", "semantic_segmentation_model",
                  "data", "optim", "trainer", "export", "seed", "device"};
    keys.ignored = {
        {"hydra", "Hydra's settings (output folder and logging); AugStudio writes where you tell it"},
        {"logger", "a PyTorch Lightning logger; AugStudio writes its own metrics and TensorBoard logs"},
        {"callbacks", "PyTorch Lightning callbacks; AugStudio saves policies and checkpoints itself"},
        {"searcher", "the Python searcher class; AugStudio runs its own Faster AutoAugment search"},
        {"defaults", "Hydra's defaults list; ignored"},
        {"cudnn_benchmark", v1Note},
        {"save_checkpoints", v1Note},
        {"checkpoint_path", v1Note},
        {"tensorboard_logs_dir", v1Note},
    };
    auto given = m_fields.section(root, keys);
    auto readIf = [&](const char *key, auto &&reader) {
        auto it = given.find(key);
        if (it != given.end())
            m_fields.collect([&] { reader(it->second); });
    };
    // A fixed order: the task before the models, AutoAlbument 1's keys before version 2's.
    readIf("_version", [&](const Field &f) { readVersion(f); });
    readIf("task", [&](const Field &f) { readTask(f); });
    readIf("policy_model", [&](const Field &f) { readPolicyModel(f); });
    readIf("classification_model", [&](const Field &f) { readModel(f, Task::Classification); });
    readIf("semantic_segmentation_model", [&](const Field &f) { readModel(f, Task::SemanticSegmentation); });
    readIf("data", [&](const Field &f) { readData(f); });
    readIf("optim", [&](const Field &f) { readOptim(f); });
    readIf("device", [&](const Field &f) { readDeviceRequest(f, false); });
    readIf("trainer", [&](const Field &f) { readTrainer(f); });
    readIf("export", [&](const Field &f) { readExport(f); });
    readIf("seed", [&](const Field &f) { readSeed(f); });
    noteDeviceRequests();
    if (const auto version = given.find("_version"); version != given.end()) {
        noteDeviceDefault(version->second, given);
        noteSegmentationWeightsDefault(version->second, given);
    }
}

// AutoAlbument's trainer.gpus defaults to 1: its file that names no device searched on a
// GPU, where AugStudio's default is the CPU. Said, as a search of days would be one of weeks.
void ConfigReader::noteDeviceDefault(const Field &version, const std::map<std::string, Field> &given)
{
    if (given.count("device"))
        return;
    if (const auto trainer = given.find("trainer"); trainer != given.end() && trainer->second.node.IsMap()
                                                     && (trainer->second.node["gpus"] || trainer->second.node["device"]))
        return;
    m_fields.ignore(version, "no trainer.gpus: AutoAlbument searched on 1 GPU, AugStudio searches on the CPU; set "
                             "trainer.device: auto (or --device auto) for a GPU where there is one");
}

// AutoAlbument's segmentation model defaults to pretrained: true, an encoder with ImageNet's
// weights (downloaded); here, with nothing downloaded, its file that names no weights starts
// from random ones. Said, as the policy learned can differ.
void ConfigReader::noteSegmentationWeightsDefault(const Field &version, const std::map<std::string, Field> &given)
{
    if (m_config.task != Task::SemanticSegmentation)
        return;
    const Field *where = &version;
    if (const auto model = given.find("semantic_segmentation_model"); model != given.end()) {
        const YAML::Node &node = model->second.node;
        if (node.IsMap() && (node["pretrained"] || node["encoder_weights"] || node["weights"]))
            return;
        where = &model->second;
    }
    m_fields.ignore(*where, "no pretrained: AutoAlbument's segmentation model starts from ImageNet weights (its "
                            "default, downloaded), AugStudio from random weights; set "
                            "semantic_segmentation_model.encoder_weights to a weights file for a pretrained encoder");
}

void ConfigReader::readVersion(const Field &field)
{
    const long long version = m_fields.integer(field, 1, 1000);
    if (version == 1)
        m_fields.ignore(field, "AutoAlbument's version 1 schema: optim.epochs and device are read as "
                               "trainer.max_epochs and trainer.gpus, as autoalbument-migrate would");
    else if (version > 2)
        m_fields.ignore(field, "newer than the version 2 schema AugStudio knows; read as version 2");
}

void ConfigReader::readTask(const Field &field)
{
    if (m_fields.isNull(field))
        m_fields.fail(field, "expected classification or semantic_segmentation, got null");
    const std::string task = m_fields.choice(field, {"classification", "semantic_segmentation"});
    m_config.task = task == "classification" ? Task::Classification : Task::SemanticSegmentation;
}

void ConfigReader::readPolicyModel(const Field &field)
{
    SectionKeys keys;
    keys.known = {"task_factor", "gp_factor", "temperature", "num_sub_policies", "num_chunks", "operation_count",
                  "operations"};
    auto given = m_fields.section(field, keys);
    PolicyModelConfig &policy = m_config.policy;
    for (const auto &entry : given) {
        const std::string &key = entry.first; // not a structured binding: clang 14 cannot capture those
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "task_factor")
                policy.taskFactor = m_fields.numberAtLeast(value, 0.0);
            else if (key == "gp_factor")
                policy.gpFactor = m_fields.numberAtLeast(value, 0.0);
            else if (key == "temperature")
                policy.temperature = m_fields.numberAbove(value, 0.0);
            else if (key == "num_sub_policies") {
                policy.numSubPolicies = static_cast<int>(m_fields.integer(value, 1, configlimits::kMaxSubPolicies));
                m_numSubPolicies = value;
            } else if (key == "num_chunks") {
                policy.numChunks = static_cast<int>(m_fields.integer(value, 1, configlimits::kMaxChunks));
                m_numChunks = value;
            } else if (key == "operation_count")
                policy.operationCount = static_cast<int>(m_fields.integer(value, 1, configlimits::kMaxStages));
            else if (key == "operations") {
                policy.operations.clear();
                if (m_fields.isNull(value))
                    return; // the 14 default operations
                const auto items = m_fields.items(value);
                if (items.empty())
                    m_fields.fail(value, "expected at least one operation (leave the key out for the 14 defaults)");
                std::size_t leftOut = 0;
                for (const Field &item : items)
                    m_fields.collect([&] {
                        if (std::optional<OperationConfig> operation = readOperation(item))
                            policy.operations.push_back(std::move(*operation));
                        else
                            ++leftOut;
                    });
                if (leftOut == items.size())
                    m_fields.fail(value, "no operation is left to search (leave the key out for the 14 defaults)");
            }
        });
    }
}

constexpr const char *kShiftFlags[] = {"shift_r", "shift_g", "shift_b"};

// An operation as the file gives it; nullopt for one that changes nothing, noted.
std::optional<OperationConfig> ConfigReader::readOperation(const Field &item)
{
    if (!item.node.IsMap())
        m_fields.fail(item, "expected a map with _target_ (or name) and the operation's arguments, got "
                                + m_fields.describe(item));
    OperationConfig operation;
    operation.line = m_fields.shownLine(item);
    std::optional<Field> target;
    std::optional<Field> name;
    for (const Field &entry : m_fields.entries(item)) {
        const std::string key = entry.path.substr(item.path.size() + 1);
        if (key == "_target_")
            target = entry;
        else if (key == "name")
            name = entry;
        else if (key == "temperature")
            m_fields.ignore(entry, "AugStudio uses policy_model.temperature for every operation");
        else if (key == "value_range") {
            const auto range = m_fields.numbers(entry, 2);
            // Its width too is a float32 (the magnitude is low + width x a learned weight).
            if (std::fabs(range[1] - range[0]) > std::numeric_limits<float>::max())
                m_fields.fail(entry, "expected a range no wider than float32's largest number (3.4e38), got "
                                         + formatNumber(range[0]) + " to " + formatNumber(range[1]));
            operation.valueRange = std::make_pair(range[0], range[1]);
        } else if (entry.node.IsScalar() && parseBoolean(entry.node.Scalar())) {
            operation.args[key] = *parseBoolean(entry.node.Scalar()) ? 1.0 : 0.0;
        } else if (const std::optional<double> number = m_fields.numberIn(entry)) {
            operation.args[key] = *number;
        } else {
            m_fields.fail(entry, "expected a number or true/false, got " + m_fields.describe(entry));
        }
    }
    if (target && name)
        m_fields.fail(item, "give either _target_ or name, not both");
    if (!target && !name)
        m_fields.fail(item, "missing _target_ (or name): which operation?");
    operation.name = canonicalOperationName(m_fields.text(target ? *target : *name));
    // AutoAlbument takes a ShiftRGB of no channel, which shifts nothing.
    // (An argument of another name is left for resolveOperation to refuse by its name.)
    const auto isShiftFlag = [](const std::string &key) {
        return std::any_of(std::begin(kShiftFlags), std::end(kShiftFlags), [&](const char *flag) { return key == flag; });
    };
    if (operation.name == "ShiftRGB" && std::all_of(operation.args.begin(), operation.args.end(), [&](const auto &arg) {
            return isShiftFlag(arg.first) && arg.second == 0.0;
        })) {
        m_fields.ignore(item, "ShiftRGB with none of shift_r, shift_g, shift_b true shifts nothing: left out");
        return std::nullopt;
    }
    try {
        resolveOperation(operation);
    } catch (const std::invalid_argument &error) {
        m_fields.fail(item, error.what());
    }
    return operation;
}

void ConfigReader::readModel(const Field &field, Task task)
{
    const bool classifier = task == Task::Classification;
    const std::string builtIn = classifier ? kBuiltInClassifier : kBuiltInSegmenter;
    ModelRequest &request = m_models[task];
    request.section = field;

    // The _target_ decides what the other keys are: ours, or arguments of a Python class.
    std::optional<Field> target;
    for (const Field &entry : m_fields.entries(field))
        if (entry.path == field.path + "._target_" && !m_fields.isMissing(entry))
            target = entry;
    request.pythonClass.reset();
    if (target && !m_fields.isNull(*target) && !namesBuiltInModel(m_fields.text(*target), builtIn))
        request.pythonClass = target;

    SectionKeys keys;
    keys.known = {"_target_", "num_classes", "architecture", "pretrained", "weights"};
    if (!classifier) {
        keys.known.push_back("encoder_architecture");
        keys.known.push_back("encoder_weights");
    }
    if (request.pythonClass)
        keys.otherKeysNote = "an argument of the Python model class; ignored";
    ModelConfig &model = classifier ? m_config.classificationModel : m_config.segmentationModel;
    const std::map<std::string, Field> given = m_fields.section(field, keys);
    for (const auto &entry : given) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "num_classes") {
                if (m_fields.isNull(value)) {
                    model.numClasses = 0;
                    return;
                }
                // Read whole, so that each end of the range has its own message.
                const long long count = m_fields.integer(value, std::numeric_limits<long long>::min(),
                                                         std::numeric_limits<long long>::max());
                // AutoAlbument's binary segmentation: one foreground channel against the background.
                if (!classifier && count == 1) {
                    m_fields.ignore(value, "binary segmentation (AutoAlbument's one foreground channel): read as 2 "
                                           "classes, 0 the background and 1 (or 255 in masks of 0 and 255) the "
                                           "foreground");
                    model.numClasses = 2;
                    return;
                }
                if (count < 2)
                    m_fields.fail(value, "expected an integer >= " + std::string(classifier ? "2" : "1")
                                             + " (or null to count the classes in the dataset), got "
                                             + std::to_string(count));
                if (count > 100000)
                    m_fields.fail(value, "expected at most 100000 classes, got " + std::to_string(count));
                model.numClasses = static_cast<int>(count);
            } else if (key == "architecture") {
                model.architecture = canonicalName(m_fields.text(value), supportedArchitectures(task));
                request.architecture = value;
            } else if (key == "encoder_architecture") {
                model.encoderArchitecture = canonicalName(m_fields.text(value), supportedEncoders());
                request.encoderArchitecture = value;
            } else if (key == "pretrained") {
                // Segmentation models may name their encoder weights ("imagenet"); that means pretrained too.
                const bool named = !classifier && value.node.IsScalar() && !parseBoolean(value.node.Scalar())
                                   && !m_fields.isNull(value);
                model.pretrained = named ? true : m_fields.boolean(value);
                request.pretrained = value;
            } else if (key == "weights") {
                model.weightsPath = m_fields.isNull(value) ? std::string() : m_fields.filePath(value);
            }
        });
    }
    // smp's key: a file of encoder weights, or the name of a download ("imagenet"). Read after
    // pretrained, which the keys' order would put last: a name given means pretrained.
    if (const auto encoderWeights = given.find("encoder_weights"); encoderWeights != given.end())
        m_fields.collect([&] {
            const Field &value = encoderWeights->second;
            if (m_fields.isNull(value))
                return;
            if (encoderWeightsNameAFile(m_fields.text(value))) {
                model.weightsPath = m_fields.filePath(value);
            } else {
                model.pretrained = true;
                request.pretrained = value;
            }
        });
}

void ConfigReader::readData(const Field &field)
{
    SectionKeys keys;
    keys.known = {"dataset", "input_dtype", "preprocessing", "normalization", "dataloader", "ignore_index"};
    keys.ignored = {{"dataset_file", "a Python dataset file; AugStudio reads the images from data.dataset.root"}};
    DataConfig &data = m_config.data;
    for (const auto &entry : m_fields.section(field, keys)) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "dataset") {
                readDataset(value);
            } else if (key == "input_dtype") {
                data.inputDtype = m_fields.choice(value, {"uint8", "float32"}) == "uint8" ? InputDtype::UInt8
                                                                                          : InputDtype::Float32;
            } else if (key == "preprocessing") {
                data.preprocessing = readPreprocessing(value);
            } else if (key == "normalization") {
                SectionKeys normalization;
                normalization.known = {"mean", "std"};
                for (const auto &[name, values] : m_fields.section(value, normalization)) {
                    // One value serves every channel (a grayscale dataset's), or one per RGB channel.
                    const size_t count = values.node.IsSequence() && values.node.size() == 1 ? 1 : 3;
                    const auto numbers = values.node.IsScalar() ? std::vector<double>{m_fields.number(values)}
                                                                : m_fields.numbers(values, count);
                    if (name == "std" && *std::min_element(numbers.begin(), numbers.end()) <= 0.0)
                        m_fields.fail(values, "expected std values > 0 (each channel is divided by its std)");
                    (name == "mean" ? data.mean : data.std) = numbers;
                }
            } else if (key == "dataloader") {
                readDataLoader(value);
            } else if (key == "ignore_index") {
                data.ignoreIndex = static_cast<int>(m_fields.integer(value, 0, 255));
            }
        });
    }
}

void ConfigReader::readDataset(const Field &field)
{
    // With a _target_ this section is a Python dataset's arguments; AugStudio still reads `root`.
    bool pythonDataset = false;
    for (const Field &entry : m_fields.entries(field))
        pythonDataset = pythonDataset || entry.path == field.path + "._target_";
    SectionKeys keys;
    keys.known = {"root", "layout", "split", "limit"};
    // torchvision's VOCSegmentation (AutoAlbument's Pascal VOC example) names its split so.
    if (pythonDataset)
        keys.known.push_back("image_set");
    bool splitGiven = false;
    for (const Field &entry : m_fields.entries(field))
        splitGiven = splitGiven || entry.path == field.path + ".split";
    keys.ignored = {{"_target_", "a Python dataset class; AugStudio reads the images itself from "
                                 "data.dataset.root (layout: " + join(kLayouts, ", ") + ")"}};
    if (pythonDataset)
        keys.otherKeysNote = "an argument of the Python dataset class; ignored";
    DatasetConfig &dataset = m_config.data.dataset;
    for (const auto &entry : m_fields.section(field, keys)) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "root")
                dataset.root = m_fields.isNull(value) ? std::string() : m_fields.filePath(value);
            else if (key == "layout")
                dataset.layout = m_fields.choice(value, kLayouts);
            else if (key == "split" || (key == "image_set" && !splitGiven)) {
                dataset.split = m_fields.text(value);
                if (dataset.split.empty())
                    m_fields.fail(value, "expected a split name (train, val, t10k, ...), got ''");
            } else if (key == "limit")
                dataset.limit = static_cast<int>(m_fields.integer(value, 0, std::numeric_limits<int>::max()));
        });
    }
}

std::vector<PreprocessingStep> ConfigReader::readPreprocessing(const Field &field)
{
    std::vector<PreprocessingStep> steps;
    if (m_fields.isNull(field))
        return steps;
    const char *shape = "expected one transform per item, as '- Name: {parameter: value}'";
    // Every image goes through every step, in the search, validate and evaluate alike; a
    // real pipeline has a handful.
    constexpr std::size_t kMaxPreprocessingSteps = 100;
    if (field.node.IsSequence() && field.node.size() > kMaxPreprocessingSteps)
        m_fields.fail(field, "expected at most " + std::to_string(kMaxPreprocessingSteps) + " preprocessing steps, got "
                                 + std::to_string(field.node.size()));
    for (const Field &item : m_fields.items(field)) {
        m_fields.collect([&] {
            if (!item.node.IsMap() || item.node.size() != 1)
                m_fields.fail(item, std::string(shape) + ", got " + m_fields.describe(item));
            const Field transform = m_fields.entries(item).front();
            PreprocessingStep step;
            step.name = transform.path.substr(item.path.size() + 1);
            step.line = m_fields.shownLine(transform);
            const bool identifier = std::all_of(step.name.begin(), step.name.end(), [](unsigned char c) {
                return std::isalnum(c) || c == '_';
            });
            if (step.name.empty() || !identifier)
                m_fields.fail(transform, std::string(shape) + "; '" + step.name + "' is not a transform name");
            for (const Field &parameter : m_fields.entries(transform)) {
                const std::string key = parameter.path.substr(transform.path.size() + 1);
                if (m_fields.isNull(parameter))
                    continue;
                if (key == "value" && parameter.node.IsSequence()) {
                    for (const Field &number : m_fields.items(parameter))
                        step.value.push_back(m_fields.number(number));
                } else if (parameter.node.IsScalar() && parseBoolean(parameter.node.Scalar())) {
                    step.args[key] = *parseBoolean(parameter.node.Scalar()) ? 1.0 : 0.0;
                } else if (const std::optional<double> number = m_fields.numberIn(parameter)) {
                    step.args[key] = *number;
                } else {
                    m_fields.fail(parameter, "expected a number or true/false"
                                                 + std::string(key == "value" ? " (or a list of numbers)" : "")
                                                 + ", got " + m_fields.describe(parameter));
                }
            }
            // Checked here, so that a file's every problem is reported at once with its key path.
            try {
                PreprocessingStep unplaced = step;
                unplaced.line = 0; // the message's place is the field's
                Preprocessor({unplaced});
            } catch (const std::invalid_argument &error) {
                std::string message = error.what();
                if (message.rfind(step.name + ": ", 0) == 0) // the key path names the step already
                    message.erase(0, step.name.size() + 2);
                m_fields.fail(transform, message);
            }
            steps.push_back(step);
        });
    }
    return steps;
}

void ConfigReader::readDataLoader(const Field &field)
{
    SectionKeys keys;
    keys.known = {"batch_size", "shuffle", "num_workers", "drop_last"};
    keys.ignored = {{"_target_", "PyTorch's DataLoader class; AugStudio has its own loader"}};
    for (const auto &key : kTorchLoaderKeys)
        keys.ignored.emplace_back(key, "a PyTorch DataLoader setting; ignored");
    DataLoaderConfig &loader = m_config.data.dataloader;
    for (const auto &entry : m_fields.section(field, keys)) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "batch_size") {
                loader.batchSize = static_cast<int>(m_fields.integer(value, 2, configlimits::kMaxBatchSize));
                m_batchSize = value;
            } else if (key == "shuffle")
                loader.shuffle = m_fields.boolean(value);
            else if (key == "num_workers")
                loader.numWorkers = static_cast<int>(m_fields.integer(value, 0, 1024));
            else if (key == "drop_last")
                loader.dropLast = m_fields.boolean(value);
        });
    }
}

void ConfigReader::readOptim(const Field &field)
{
    SectionKeys keys;
    keys.known = {"main", "policy", "epochs"};
    for (const auto &entry : m_fields.section(field, keys)) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "epochs") // AutoAlbument 1; trainer.max_epochs, read later, wins
                m_config.trainer.maxEpochs = static_cast<int>(m_fields.integer(value, 1, configlimits::kMaxEpochs));
            else
                readOptimizer(value, key == "main" ? m_config.optimMain : m_config.optimPolicy);
        });
    }
}

void ConfigReader::readOptimizer(const Field &field, OptimizerConfig &optimizer)
{
    SectionKeys keys;
    keys.known = {"_target_", "lr", "betas", "eps", "weight_decay", "amsgrad"};
    // Another optimiser's own arguments (SGD's momentum) are its, not unknown keys: refused as
    // such, they hid that the optimiser itself is what AugStudio lacks.
    for (const Field &entry : m_fields.entries(field))
        if (entry.path == field.path + "._target_" && entry.node.IsScalar()
            && canonicalOperationName(entry.node.Scalar()) != "Adam")
            keys.otherKeysNote = "an argument of the optimiser class, which AugStudio does not have";
    for (const auto &entry : m_fields.section(field, keys)) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "_target_") {
                const std::string name = m_fields.text(value);
                if (canonicalOperationName(name) == "Adam")
                    m_fields.ignore(value, "the Python optimiser class; AugStudio runs its own Adam");
                else
                    m_fields.unsupported(value, "optimiser '" + name + "': only Adam is built in");
            } else if (key == "lr") {
                optimizer.lr = m_fields.numberAbove(value, 0.0);
            } else if (key == "betas") {
                const auto betas = m_fields.numbers(value, 2);
                for (double beta : betas)
                    if (beta < 0.0 || beta >= 1.0)
                        m_fields.fail(value, "expected two betas in [0, 1), got " + formatNumber(beta));
                optimizer.beta1 = betas[0];
                optimizer.beta2 = betas[1];
            } else {
                // Adam's other arguments: fine at their defaults, not available otherwise.
                const bool atDefault = key == "amsgrad" ? !m_fields.boolean(value)
                                     : key == "eps"     ? m_fields.number(value) == 1e-8
                                                        : m_fields.number(value) == 0.0;
                if (atDefault)
                    m_fields.ignore(value, "Adam's default, which AugStudio uses");
                else
                    m_fields.unsupported(value, "AugStudio's Adam has no " + key + " setting (it runs with eps 1e-8, "
                                                "weight_decay 0, amsgrad false)");
            }
        });
    }
}

void ConfigReader::readDeviceRequest(const Field &field, bool lightningGpus)
{
    // trainer.gpus (or AutoAlbument 1's device): none -> CPU; any GPU -> the best device there is.
    bool gpu = false;
    std::string readAs; // how a value that is no count was read
    if (m_fields.isNull(field)) {
        gpu = false;
    } else if (!lightningGpus) {
        gpu = m_fields.choice(field, {"cpu", "cuda"}) == "cuda";
    } else if (field.node.IsSequence()) {
        gpu = field.node.size() > 0;
    } else if (field.node.IsScalar() && parseBoolean(field.node.Scalar())) {
        // false is no GPU, not the text "false" (a device list, as "0,1" is).
        gpu = *parseBoolean(field.node.Scalar());
        readAs = field.node.Scalar() + (gpu ? " is 1 GPU: " : " is 0 GPUs: ");
    } else if (m_fields.integerIn(field)) {
        const long long count = m_fields.integer(field, -1, 1024);
        gpu = count != 0;
    } else {
        gpu = !m_fields.text(field).empty(); // Lightning's "0,1" device list
    }
    m_config.trainer.device = gpu ? "auto" : "cpu";
    std::string note;
    if (gpu)
        note = readAs + "read as trainer.device: auto (CUDA when available, else CPU); set trainer.device to choose";
    else if (!readAs.empty())
        note = readAs + "read as trainer.device: cpu";
    m_deviceRequests.push_back({field, note});
}

// Which of version 1's device, trainer.gpus and trainer.device chose the device: the last
// read, trainer.device above all. Each request outranked says so, not what it alone would mean.
void ConfigReader::noteDeviceRequests()
{
    const DeviceRequest *chosen = m_deviceRequests.empty() ? nullptr : &m_deviceRequests.back();
    for (const DeviceRequest &request : m_deviceRequests) {
        const Field *winner = m_explicitDevice ? &*m_explicitDevice : &chosen->field;
        if (!m_explicitDevice && &request == chosen) {
            if (!request.note.empty())
                m_fields.ignore(request.field, request.note);
            continue;
        }
        const int line = m_fields.shownLine(*winner);
        const std::string where = winner->fromOverride ? " (--set)" : line > 0 ? " (line " + std::to_string(line) + ")" : "";
        m_fields.ignore(request.field, "not used: " + winner->path + where + " outranks it; the device is "
                                           + m_config.trainer.device);
    }
}

void ConfigReader::readTrainer(const Field &field)
{
    SectionKeys keys;
    keys.known = {"max_epochs", "gpus", "device", "threads", "preview_every", "steps_per_epoch"};
    for (const auto &key : kLightningKeys) {
        const char *text = key == "resume_from_checkpoint"
                               ? "AugStudio resumes from the checkpoint in its output folder instead"
                           : key == "_target_" ? "PyTorch Lightning's Trainer class; AugStudio runs its own loop"
                                               : kLightningNote;
        keys.ignored.emplace_back(key, text);
    }
    auto given = m_fields.section(field, keys);
    TrainerConfig &trainer = m_config.trainer;
    if (given.count("gpus"))
        readDeviceRequest(given.at("gpus"), true);
    for (const auto &entry : given) {
        const std::string &key = entry.first;
        const Field &value = entry.second;
        m_fields.collect([&] {
            if (key == "max_epochs") {
                trainer.maxEpochs = static_cast<int>(m_fields.integer(value, 1, configlimits::kMaxEpochs));
            } else if (key == "device") { // read after gpus: the explicit device wins
                const std::string device = m_fields.text(value);
                const bool cudaIndex = device.rfind("cuda:", 0) == 0 && device.size() > 5 && device.size() < 9
                                       && std::all_of(device.begin() + 5, device.end(),
                                                      [](unsigned char c) { return std::isdigit(c); });
                if (device != "cpu" && device != "cuda" && device != "auto" && !cudaIndex)
                    m_fields.fail(value, "expected cpu, cuda, cuda:N or auto, got '" + device + "'");
                trainer.device = device;
                m_explicitDevice = value;
            } else if (key == "threads") {
                trainer.threads = static_cast<int>(m_fields.integer(value, 0, 4096));
            } else if (key == "preview_every") {
                trainer.previewEvery = static_cast<int>(m_fields.integer(value, 1, 1000000000));
            } else if (key == "steps_per_epoch") {
                trainer.stepsPerEpoch = static_cast<int>(m_fields.integer(value, 0, configlimits::kMaxStepsPerEpoch));
            }
        });
    }
}

void ConfigReader::readExport(const Field &field)
{
    SectionKeys keys;
    keys.known = {"albumentations"};
    auto given = m_fields.section(field, keys);
    const auto target = given.find("albumentations");
    if (target == given.end())
        return;
    // 2: Albumentations 2.x (and AlbumentationsX); 1: Albumentations 0.5.2 to 1.4.
    const std::optional<long long> version = m_fields.integerIn(target->second);
    if (!version || (*version != 1 && *version != 2))
        m_fields.fail(target->second, "expected 1 (Albumentations 1.x) or 2 (Albumentations 2.x), got "
                                          + m_fields.describe(target->second));
    m_config.exportSettings.albumentations = *version == 1 ? AlbumentationsTarget::V1 : AlbumentationsTarget::V2;
}

void ConfigReader::readSeed(const Field &field)
{
    if (m_fields.isNull(field)) {
        m_config.seed = 42;
        m_fields.ignore(field, "null: AugStudio always seeds its search; using 42");
        return;
    }
    const std::optional<long long> seed = m_fields.integerIn(field);
    if (!seed || *seed < 0) // parseInteger's bound: integers a double holds exactly, and some
        m_fields.fail(field, "expected a whole number from 0 to 9000000000000000, got " + m_fields.describe(field));
    m_config.seed = static_cast<std::uint64_t>(*seed);
}

void ConfigReader::finish()
{
    noteUnusedModelSection();
    m_fields.collect([&] { checkAcrossKeys(); });
    m_fields.throwCollected();
}

// A model section of the other task, where the task's own has none, is read but builds
// nothing: its settings (an architecture, num_classes) would otherwise go unused unsaid.
void ConfigReader::noteUnusedModelSection()
{
    const Task other = m_config.task == Task::Classification ? Task::SemanticSegmentation : Task::Classification;
    const auto unused = m_models.find(other);
    if (unused == m_models.end() || !unused->second.section || m_models.count(m_config.task))
        return;
    m_fields.ignore(*unused->second.section, "not used: the task is " + std::string(toString(m_config.task))
                                                 + ", whose model is " + modelKey(m_config.task) + " (set task: "
                                                 + toString(other) + " to use this section)");
}

void ConfigReader::checkAcrossKeys()
{
    const int batchSize = m_config.data.dataloader.batchSize;
    const int numChunks = m_config.policy.numChunks;
    if (batchSize < 2 * numChunks) {
        const std::string rule = ": half of each batch is augmented, in num_chunks chunks of at least one image, so "
                                 "batch_size must be >= 2 x num_chunks = " + std::to_string(2 * numChunks);
        // The --set that made the conflict is named, not the file's batch_size it meets.
        const bool chunksSet = m_numChunks && m_numChunks->fromOverride && m_batchSize && !m_batchSize->fromOverride;
        if (chunksSet)
            m_fields.fail(*m_numChunks, "num_chunks " + std::to_string(numChunks) + " is too large for "
                                            "data.dataloader.batch_size " + std::to_string(batchSize)
                                            + placeOf(m_batchSize) + rule);
        Field where = m_batchSize.value_or(Field{"data.dataloader.batch_size", 0, {}, m_numChunks && m_numChunks->fromOverride});
        m_fields.fail(where, "batch_size " + std::to_string(batchSize) + " is too small for policy_model.num_chunks "
                                 + std::to_string(numChunks) + placeOf(m_numChunks) + rule);
    }
    checkPolicySize();
    checkModel(m_config.task);
}

// " (line 6)" where `field` is a line of the file; "" for a default, --set or built-in value.
std::string ConfigReader::placeOf(const std::optional<Field> &field) const
{
    const int line = field ? m_fields.shownLine(*field) : 0;
    return line > 0 ? " (line " + std::to_string(line) + ")" : std::string();
}

void ConfigReader::checkPolicySize()
{
    // The exported file holds a OneOf and its operations per stage of every sub-policy: past
    // this it runs to hundreds of MB (1000 x 100 x 15 made 892 MB, twice an epoch), more than a
    // training pipeline loads at ease. AutoAlbument's defaults make 100 x 4 x 15 = 6000.
    constexpr long long kMaxExportedTransforms = 100000;
    const PolicyModelConfig &policy = m_config.policy;
    const long long operations =
        policy.operations.empty() ? static_cast<long long>(defaultOperations().size()) : policy.operations.size();
    const long long transforms = static_cast<long long>(policy.numSubPolicies) * policy.operationCount * (operations + 1);
    if (transforms <= kMaxExportedTransforms)
        return;
    m_fields.fail(m_numSubPolicies.value_or(Field{"policy_model.num_sub_policies", 0, {}, false}),
                  "num_sub_policies " + std::to_string(policy.numSubPolicies) + " x operation_count "
                      + std::to_string(policy.operationCount) + " x " + std::to_string(operations + 1)
                      + " (the operations and their OneOf) make " + std::to_string(transforms)
                      + " transforms in each exported policy file: at most " + std::to_string(kMaxExportedTransforms)
                      + " (AutoAlbument's defaults make 100 x 4 x 15 = 6000)");
}

void ConfigReader::checkModel(Task task)
{
    const std::string section = modelKey(task);
    const ModelRequest &request = m_models[task];
    ModelConfig &model = m_config.model();
    if (request.pythonClass) {
        const std::string target = request.pythonClass->node.Scalar();
        if (const auto substitute = substituteForPythonClass(task, target)) {
            // An architecture given beside the class is what the user asked for: kept, and said.
            if (request.architecture) {
                m_fields.ignore(*request.pythonClass,
                                "the Python model class '" + target + "' is replaced by the built-in "
                                    + model.architecture + ", the " + section + ".architecture given"
                                    + placeOf(request.architecture) + (request.architecture->fromOverride ? " (--set)" : "")
                                    + ", not by " + substitute->architecture + " (" + substitute->description
                                    + "), which matches the class");
            } else {
                model.architecture = substitute->architecture;
                if (!substitute->encoder.empty() && !request.encoderArchitecture)
                    model.encoderArchitecture = substitute->encoder;
                m_fields.ignore(*request.pythonClass, "the Python model class '" + target + "' is replaced by the "
                                                          "built-in " + substitute->architecture + " ("
                                                          + substitute->description + ")");
            }
        } else if (m_context.strict) {
            m_fields.unsupported(*request.pythonClass,
                                 "'" + target + "' is a Python model class that no built-in model matches (--strict): "
                                 "leave _target_ out and set " + section + ".architecture ("
                                 + join(supportedArchitectures(task), ", ") + ")");
            return;
        } else {
            const ModelConfig defaults = task == Task::Classification ? SearchConfig().classificationModel
                                                                      : SearchConfig().segmentationModel;
            if (!isSupportedArchitecture(task, model.architecture))
                model.architecture = defaults.architecture;
            if (task == Task::SemanticSegmentation && !isSupportedEncoder(model.encoderArchitecture))
                model.encoderArchitecture = defaults.encoderArchitecture;
            m_fields.ignore(*request.pythonClass,
                            "no built-in model matches the Python model class '" + target + "': using "
                                + model.architecture
                                + (task == Task::SemanticSegmentation ? " with " + model.encoderArchitecture : std::string())
                                + " instead (--strict refuses)");
        }
    }
    checkArchitecture(task);
}

// The architecture, encoder and weights the model of `task` ends with, refused or noted.
void ConfigReader::checkArchitecture(Task task)
{
    const std::string section = modelKey(task);
    const ModelRequest &request = m_models[task];
    const ModelConfig &model = m_config.model();
    auto where = [&](const std::optional<Field> &field, const std::string &key) {
        return field.value_or(Field{section + "." + key, 0, {}, false});
    };
    if (!isSupportedArchitecture(task, model.architecture))
        m_fields.unsupported(where(request.architecture, "architecture"),
                             "architecture '" + model.architecture + "' is not built in (supported: "
                                 + join(supportedArchitectures(task), ", ")
                                 + (task == Task::Classification
                                        ? ", wrn_<depth>_<width> with a depth of 6n + 4 (10, 16, 22, 28, 40, ...) and a "
                                          "width of 1 or more"
                                        : "")
                                 + ")");
    if (task == Task::SemanticSegmentation && !isSupportedEncoder(model.encoderArchitecture))
        m_fields.unsupported(where(request.encoderArchitecture, "encoder_architecture"),
                             "encoder '" + model.encoderArchitecture + "' is not built in (supported: "
                                 + join(supportedEncoders(), ", ") + ")");
    if (model.pretrained && model.weightsPath.empty())
        m_fields.ignore(where(request.pretrained, "pretrained"),
                        "no weights file (" + section + ".weights"
                            + (task == Task::SemanticSegmentation ? " or encoder_weights" : "")
                            + "): the search starts from random weights; nothing is downloaded");
}

} // namespace augstudio
