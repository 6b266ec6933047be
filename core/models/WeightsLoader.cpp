#include "models/WeightsLoader.h"

#include "models/StateDictReader.h"

#include <map>
#include <set>
#include <stdexcept>

namespace augstudio {

namespace {

bool startsWith(const std::string &text, const std::string &prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

std::string shape(const torch::Tensor &tensor)
{
    std::string text = "[";
    for (int64_t i = 0; i < tensor.dim(); ++i)
        text += (i ? ", " : "") + std::to_string(tensor.size(i));
    return text + "]";
}

// "a, b, c and 12 more"
std::string listed(const std::vector<std::string> &names, size_t shown = 6)
{
    std::string text;
    for (size_t i = 0; i < names.size() && i < shown; ++i)
        text += (i ? ", " : "") + names[i];
    if (names.size() > shown)
        text += " and " + std::to_string(names.size() - shown) + " more";
    return text;
}

bool isCounter(const std::string &name)
{
    return name.size() >= 19 && name.compare(name.size() - 19, 19, "num_batches_tracked") == 0;
}

// Our parameters and buffers by name.
std::map<std::string, torch::Tensor> ownTensors(torch::nn::Module &model)
{
    std::map<std::string, torch::Tensor> tensors;
    for (const auto &item : model.named_parameters())
        tensors[item.key()] = item.value();
    for (const auto &item : model.named_buffers())
        tensors[item.key()] = item.value();
    return tensors;
}

} // namespace

std::string mapTorchvisionName(const std::string &key)
{
    std::string name = key;
    while (startsWith(name, "module.")) // nn.DataParallel
        name = name.substr(7);
    if (startsWith(name, "encoder.")) // segmentation_models_pytorch
        name = name.substr(8);
    if (startsWith(name, "conv1."))
        return "encoder.stem.0." + name.substr(6);
    if (startsWith(name, "bn1."))
        return "encoder.stem.1." + name.substr(4);
    if (startsWith(name, "layer"))
        return "encoder." + name;
    if (startsWith(name, "fc."))
        return "classifier." + name.substr(3);
    return key;
}

void loadWeights(torch::nn::Module &model, const std::string &path, std::vector<std::string> &warnings)
{
    PyTorchFile file;
    try {
        file = readPyTorchFile(path);
    } catch (const std::runtime_error &error) {
        throw std::invalid_argument(error.what());
    }
    if (file.libTorchModule) {
        // Our own torch::save of a model of this very architecture.
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        model.load(archive);
        return;
    }
    const StateDict &entries = file.stateDict;
    std::map<std::string, torch::Tensor> own = ownTensors(model);
    bool hasEncoder = false;
    for (const auto &[name, tensor] : own)
        hasEncoder = hasEncoder || startsWith(name, "encoder.");

    std::set<std::string> loaded;
    std::vector<std::string> unused;
    torch::NoGradGuard noGrad;
    for (const auto &[key, tensor] : entries) {
        std::string name = own.count(key) ? key : mapTorchvisionName(key);
        const auto target = own.find(name);
        if (target == own.end()) {
            unused.push_back(key);
            continue;
        }
        torch::Tensor source = tensor;
        if (target->second.sizes() != source.sizes()) {
            const bool firstConv = name == "encoder.stem.0.weight" || name == "stem.weight";
            if (firstConv && target->second.dim() == 4 && target->second.size(1) == 1 && source.dim() == 4
                && source.size(1) == 3 && source.size(0) == target->second.size(0)) {
                // A colour model's first convolution for grey images: what it computes on a grey
                // image replicated to three channels (as timm adapts it).
                source = source.sum(1, true);
                warnings.push_back("weights " + path + ": " + key + " summed over its colour channels for "
                                   "1-channel images");
            } else if (startsWith(name, "classifier.")) {
                warnings.push_back("weights " + path + ": " + key + " is " + shape(source) + ", the model's "
                                   + name + " " + shape(target->second)
                                   + " (another num_classes): the classifier starts from random weights");
                continue;
            } else {
                throw std::invalid_argument("weights " + path + ": " + key + " is " + shape(source) + " but the model's "
                                            + name + " is " + shape(target->second)
                                            + ": the file is for another architecture or channel count");
            }
        }
        target->second.copy_(source.to(target->second.dtype()));
        loaded.insert(name);
    }
    if (loaded.empty())
        throw std::invalid_argument("weights " + path + ": none of its " + std::to_string(entries.size())
                                    + " tensors belongs to this model (first key: "
                                    + (entries.empty() ? std::string("none") : entries.front().first) + ")");

    std::vector<std::string> missingBackbone;
    std::set<std::string> randomModules;
    for (const auto &[name, tensor] : own) {
        if (loaded.count(name) || isCounter(name))
            continue;
        const std::string module = name.substr(0, name.find('.'));
        const bool backbone = hasEncoder ? module == "encoder" : module != "classifier" && module != "discriminator";
        if (backbone)
            missingBackbone.push_back(name);
        else
            randomModules.insert(module);
    }
    if (!missingBackbone.empty())
        throw std::invalid_argument("weights " + path + " has no tensor for the model's " + missingBackbone.front()
                                    + (missingBackbone.size() > 1
                                           ? " (nor " + std::to_string(missingBackbone.size() - 1) + " others)"
                                           : std::string())
                                    + ": the file is for another architecture");
    if (!randomModules.empty())
        warnings.push_back("weights " + path + ": left at random init (not in the file): "
                           + listed({randomModules.begin(), randomModules.end()}));
    if (!unused.empty())
        warnings.push_back("weights " + path + ": " + std::to_string(unused.size()) + " tensor(s) not used: "
                           + listed(unused));
}

} // namespace augstudio
