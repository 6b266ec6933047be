#include "search/Checkpoint.h"
#include "search/ResumePoint.h"

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <stdexcept>

namespace augstudio {

namespace {

// A fingerprint's "key=value" lines by key, in their order (operation= repeats), keys in
// the order they first come.
using FingerprintLines = std::vector<std::pair<std::string, std::vector<std::string>>>;

FingerprintLines linesByKey(const std::string &fingerprint)
{
    FingerprintLines lines;
    std::istringstream in(fingerprint);
    for (std::string line; std::getline(in, line);) {
        const std::string key = line.substr(0, line.find('='));
        auto found = std::find_if(lines.begin(), lines.end(), [&](const auto &entry) { return entry.first == key; });
        if (found == lines.end())
            found = lines.insert(lines.end(), {key, {}});
        found->second.push_back(line);
    }
    return lines;
}

} // namespace

std::string fingerprintDifference(const std::string &saved, const std::string &current, const std::string &savedBy)
{
    const FingerprintLines a = linesByKey(saved), b = linesByKey(current);
    const auto linesOf = [](const FingerprintLines &lines, const std::string &key) {
        for (const auto &[name, values] : lines)
            if (name == key)
                return values;
        return key == "channels" ? std::vector<std::string>{"channels=3"} : std::vector<std::string>{};
    };
    std::vector<std::string> keys;
    for (const FingerprintLines *lines : {&a, &b})
        for (const auto &entry : *lines)
            if (std::find(keys.begin(), keys.end(), entry.first) == keys.end())
                keys.push_back(entry.first);
    for (const std::string &key : keys) {
        const std::vector<std::string> before = linesOf(a, key), now = linesOf(b, key);
        for (std::size_t i = 0; i < std::max(before.size(), now.size()); ++i) {
            const std::string lineA = i < before.size() ? before[i] : "nothing";
            const std::string lineB = i < now.size() ? now[i] : "nothing";
            if (lineA != lineB)
                return savedBy + " has '" + lineA + "', this config has '" + lineB + "'";
        }
    }
    return {};
}

namespace {

torch::Tensor generatorState(const torch::Device &device)
{
    at::Generator generator = at::globalContext().defaultGenerator(device);
    std::lock_guard<std::mutex> lock(generator.mutex());
    return generator.get_state();
}

void setGeneratorState(const torch::Device &device, const torch::Tensor &state)
{
    at::Generator generator = at::globalContext().defaultGenerator(device);
    std::lock_guard<std::mutex> lock(generator.mutex());
    generator.set_state(state);
}

} // namespace

RandomState randomState(const torch::Device &device)
{
    RandomState state;
    state.cpu = generatorState(torch::kCPU);
    if (device.is_cuda())
        state.cuda = generatorState(device);
    return state;
}

void setRandomState(const RandomState &state, const torch::Device &device)
{
    setGeneratorState(torch::kCPU, state.cpu);
    if (device.is_cuda() && state.cuda.defined())
        setGeneratorState(device, state.cuda);
}

namespace {

std::string stateKey(const torch::Tensor &parameter)
{
    return c10::guts::to_string(parameter.unsafeGetTensorImpl()); // LibTorch's key for a parameter's state
}

std::string shapeText(const torch::Tensor &t)
{
    std::string text = "[";
    for (int64_t d = 0; d < t.dim(); ++d)
        text += (d ? ", " : "") + std::to_string(t.size(d));
    return text + "]";
}

void addModule(std::map<std::string, torch::Tensor> &tensors, const std::string &prefix, const torch::nn::Module &module)
{
    for (const auto &item : module.named_parameters())
        tensors[prefix + item.key()] = item.value();
    for (const auto &item : module.named_buffers())
        tensors[prefix + item.key()] = item.value();
}

// Adam's state of the i-th parameter (over its groups, in order) as "<prefix><i>.<field>";
// a parameter that has had no step yet has none.
void addAdam(std::map<std::string, torch::Tensor> &tensors, const std::string &prefix, const torch::optim::Adam &adam)
{
    size_t index = 0;
    for (const auto &group : adam.param_groups())
        for (const auto &parameter : group.params()) {
            const std::string name = prefix + std::to_string(index++) + ".";
            const auto found = adam.state().find(stateKey(parameter));
            if (found == adam.state().end())
                continue;
            const auto &state = static_cast<const torch::optim::AdamParamState &>(*found->second);
            tensors[name + "step"] = torch::tensor({state.step()}, torch::kLong);
            tensors[name + "exp_avg"] = state.exp_avg();
            tensors[name + "exp_avg_sq"] = state.exp_avg_sq();
            if (state.max_exp_avg_sq().defined())
                tensors[name + "max_exp_avg_sq"] = state.max_exp_avg_sq();
        }
}

// Takes the models' and optimisers' tensors out of a checkpoint's file, checking each
// against the tensor it replaces.
class ModelEntries
{
public:
    ModelEntries(std::string path, std::map<std::string, torch::Tensor> tensors)
        : m_path(std::move(path)), m_tensors(std::move(tensors))
    {
    }

    bool has(const std::string &name) const { return m_tensors.count(name) > 0; }

    // The entry `name`, shaped and typed as `like`, on its device (it may share the file's
    // storage with other entries).
    torch::Tensor take(const std::string &name, const torch::Tensor &like)
    {
        const auto found = m_tensors.find(name);
        if (found == m_tensors.end())
            fail(name + " is missing");
        torch::Tensor saved = found->second;
        m_tensors.erase(found);
        if (saved.scalar_type() != like.scalar_type() || !saved.sizes().equals(like.sizes()))
            fail(name + " is " + c10::toString(saved.scalar_type()) + " " + shapeText(saved) + ", the model's is "
                 + c10::toString(like.scalar_type()) + " " + shapeText(like));
        return saved.to(like.device());
    }

    void loadModule(const std::string &prefix, torch::nn::Module &module)
    {
        torch::NoGradGuard noGrad;
        for (auto &item : module.named_parameters())
            item.value().copy_(take(prefix + item.key(), item.value()));
        for (auto &item : module.named_buffers())
            item.value().copy_(take(prefix + item.key(), item.value()));
    }

    void loadAdam(const std::string &prefix, torch::optim::Adam &adam)
    {
        adam.state().clear();
        size_t index = 0;
        for (auto &group : adam.param_groups())
            for (auto &parameter : group.params()) {
                const std::string name = prefix + std::to_string(index++) + ".";
                if (!has(name + "step"))
                    continue;
                const torch::Tensor step = take(name + "step", torch::zeros({1}, torch::kLong));
                if (step.item<int64_t>() < 0)
                    fail(name + "step is negative");
                auto state = std::make_unique<torch::optim::AdamParamState>();
                state->step(step.item<int64_t>());
                // Adam updates these in place: each gets memory of its own.
                state->exp_avg(take(name + "exp_avg", parameter).clone());
                state->exp_avg_sq(take(name + "exp_avg_sq", parameter).clone());
                if (has(name + "max_exp_avg_sq"))
                    state->max_exp_avg_sq(take(name + "max_exp_avg_sq", parameter).clone());
                adam.state()[stateKey(parameter)] = std::move(state);
            }
    }

    // What is left belongs to models other than these.
    void expectNoneLeft() const
    {
        if (!m_tensors.empty())
            fail(m_tensors.begin()->first + " belongs to none of this search's models");
    }

    [[noreturn]] void fail(const std::string &what) const
    {
        throw std::runtime_error("checkpoint " + m_path + " does not fit this search's models: " + what);
    }

private:
    std::string m_path;
    std::map<std::string, torch::Tensor> m_tensors;
};

} // namespace

void saveCheckpoint(const std::string &path, const CheckpointModels &models, const CheckpointState &state)
{
    CheckpointFile file;
    file.state = state;
    const RandomState random = randomState(models.device);
    file.cpuGenerator = random.cpu;
    file.cudaGenerator = random.cuda;
    addModule(file.tensors, "policy.", *models.policy.ptr());
    addModule(file.tensors, "discriminator.", *models.discriminator);
    addAdam(file.tensors, "policy_optimizer.", *models.policyOptimizer);
    addAdam(file.tensors, "discriminator_optimizer.", *models.discriminatorOptimizer);
    writeCheckpointFile(path, file);
}

CheckpointState loadCheckpoint(const std::string &path, const CheckpointModels &models,
                               const std::string &expectedFingerprint)
{
    if (!std::filesystem::exists(path))
        throw std::runtime_error(noCheckpointMessage(path));
    CheckpointFile file;
    try {
        file = readCheckpointFile(path);
    } catch (const std::exception &error) {
        throw std::runtime_error(unreadableCheckpointMessage(error.what()));
    }
    const std::string difference = fingerprintDifference(file.state.fingerprint, expectedFingerprint, "checkpoint");
    if (!difference.empty())
        throw std::runtime_error("checkpoint " + path + " was written by a search with another config: "
                                 + difference);
    ModelEntries entries(path, std::move(file.tensors));
    entries.loadModule("policy.", *models.policy.ptr());
    entries.loadModule("discriminator.", *models.discriminator);
    entries.loadAdam("policy_optimizer.", *models.policyOptimizer);
    entries.loadAdam("discriminator_optimizer.", *models.discriminatorOptimizer);
    entries.expectNoneLeft();
    // A checkpoint from a CPU search has no CUDA state: the GPU then goes on from its seed.
    RandomState random{file.cpuGenerator, models.device.is_cuda() ? file.cudaGenerator : torch::Tensor()};
    try {
        setRandomState(random, models.device);
    } catch (const c10::Error &error) {
        throw std::runtime_error("checkpoint " + path + ": rng_state is not a generator's state: "
                                 + error.what_without_backtrace());
    }
    return file.state;
}

} // namespace augstudio
