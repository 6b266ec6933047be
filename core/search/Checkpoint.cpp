#include "search/Checkpoint.h"

#include "io/AtomicFile.h"

#include <ATen/CPUGeneratorImpl.h>

#include <filesystem>
#include <sstream>

namespace augstudio {

namespace {

torch::Tensor historyTensor(const std::vector<EpochMetrics> &history)
{
    torch::Tensor t = torch::zeros({static_cast<int64_t>(history.size()), 7}, torch::kDouble);
    for (size_t i = 0; i < history.size(); ++i) {
        const auto &m = history[i];
        const double row[] = {double(m.epoch), double(m.step), m.loss, m.dLoss, m.aLoss, m.averageParameterChange,
                              m.wallSeconds};
        for (int c = 0; c < 7; ++c)
            t[static_cast<int64_t>(i)][c] = row[c];
    }
    return t;
}

std::vector<EpochMetrics> historyFromTensor(const torch::Tensor &t)
{
    std::vector<EpochMetrics> history;
    const auto rows = t.accessor<double, 2>();
    for (int64_t i = 0; i < t.size(0); ++i) {
        EpochMetrics m;
        m.epoch = static_cast<int>(rows[i][0]);
        m.step = static_cast<int>(rows[i][1]);
        m.loss = rows[i][2];
        m.dLoss = rows[i][3];
        m.aLoss = rows[i][4];
        m.averageParameterChange = rows[i][5];
        m.wallSeconds = rows[i][6];
        history.push_back(m);
    }
    return history;
}

torch::Tensor stringTensor(const std::string &text)
{
    torch::Tensor t = torch::empty({static_cast<int64_t>(text.size())}, torch::kUInt8);
    std::memcpy(t.data_ptr<uint8_t>(), text.data(), text.size());
    return t;
}

std::string tensorString(const torch::Tensor &t)
{
    const torch::Tensor c = t.contiguous();
    return std::string(reinterpret_cast<const char *>(c.data_ptr<uint8_t>()), static_cast<size_t>(c.numel()));
}

// The first line that differs between two fingerprints, for the error message.
std::string firstDifference(const std::string &saved, const std::string &current)
{
    std::istringstream a(saved), b(current);
    std::string lineA, lineB;
    while (true) {
        const bool hasA = static_cast<bool>(std::getline(a, lineA));
        const bool hasB = static_cast<bool>(std::getline(b, lineB));
        if (!hasA && !hasB)
            return {};
        if (lineA != lineB || hasA != hasB)
            return "checkpoint has '" + (hasA ? lineA : std::string("nothing")) + "', this config has '"
                   + (hasB ? lineB : std::string("nothing")) + "'";
    }
}

} // namespace

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

void saveCheckpoint(const std::string &path, const CheckpointModels &models, const CheckpointState &state)
{
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive policy, discriminator, discriminatorOptim, policyOptim;
    models.policy.ptr()->save(policy);
    models.discriminator->save(discriminator);
    models.discriminatorOptimizer->save(discriminatorOptim);
    models.policyOptimizer->save(policyOptim);
    archive.write("policy", policy);
    archive.write("discriminator", discriminator);
    archive.write("discriminator_optimizer", discriminatorOptim);
    archive.write("policy_optimizer", policyOptim);
    const RandomState random = randomState(models.device);
    archive.write("rng_state", random.cpu);
    if (random.cuda.defined())
        archive.write("cuda_rng_state", random.cuda);
    archive.write("position", torch::tensor({int64_t(state.epoch), int64_t(state.step)}, torch::kLong));
    archive.write("wall_seconds", torch::tensor({state.wallSeconds}, torch::kDouble));
    archive.write("history", historyTensor(state.history));
    archive.write("fingerprint", stringTensor(state.fingerprint));
    // Serialized in memory first: LibTorch's file writer throws from a destructor when the disk
    // fills, which ends the process; ours names the file and keeps the last checkpoint.
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(path, bytes.str());
}

CheckpointState loadCheckpoint(const std::string &path, const CheckpointModels &models,
                               const std::string &expectedFingerprint)
{
    if (!std::filesystem::exists(path))
        throw std::runtime_error("no checkpoint to resume from: " + path + " does not exist");
    CheckpointState state;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path, models.device);
        torch::Tensor fingerprint;
        archive.read("fingerprint", fingerprint);
        state.fingerprint = tensorString(fingerprint.cpu());
        const std::string difference = firstDifference(state.fingerprint, expectedFingerprint);
        if (!difference.empty())
            throw std::runtime_error("checkpoint " + path + " was written by a search with another config: "
                                     + difference);
        torch::serialize::InputArchive policy, discriminator, discriminatorOptim, policyOptim;
        archive.read("policy", policy);
        archive.read("discriminator", discriminator);
        archive.read("discriminator_optimizer", discriminatorOptim);
        archive.read("policy_optimizer", policyOptim);
        models.policy.ptr()->load(policy);
        models.discriminator->load(discriminator);
        models.discriminatorOptimizer->load(discriminatorOptim);
        models.policyOptimizer->load(policyOptim);
        torch::Tensor position, wall, history;
        RandomState random;
        archive.read("rng_state", random.cpu);
        // A checkpoint from a CPU search has no CUDA state: the GPU then goes on from its seed.
        if (models.device.is_cuda() && archive.try_read("cuda_rng_state", random.cuda))
            random.cuda = random.cuda.cpu();
        archive.read("position", position);
        archive.read("wall_seconds", wall);
        archive.read("history", history);
        random.cpu = random.cpu.cpu();
        setRandomState(random, models.device);
        position = position.cpu();
        state.epoch = static_cast<int>(position[0].item<int64_t>());
        state.step = static_cast<int>(position[1].item<int64_t>());
        state.wallSeconds = wall.cpu()[0].item<double>();
        state.history = historyFromTensor(history.cpu());
    } catch (const c10::Error &error) {
        throw std::runtime_error("cannot read checkpoint " + path + ": " + error.what_without_backtrace());
    }
    return state;
}

} // namespace augstudio
