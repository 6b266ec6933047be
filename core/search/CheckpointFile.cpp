#include "search/CheckpointFile.h"
#include "search/ResumePoint.h"

#include "io/AtomicFile.h"

#include <torch/csrc/jit/serialization/pickle.h>

#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace augstudio {

namespace {

constexpr int64_t formatVersion = 2; // 1: LibTorch's serialize::OutputArchive
constexpr const char *formatKey = "augstudio_checkpoint";
constexpr int64_t historyColumns = 7;
constexpr int64_t maxFingerprintBytes = 1 << 20;

torch::Tensor historyTensor(const std::vector<EpochMetrics> &history)
{
    torch::Tensor t = torch::zeros({static_cast<int64_t>(history.size()), historyColumns}, torch::kDouble);
    auto rows = t.accessor<double, 2>();
    for (size_t i = 0; i < history.size(); ++i) {
        const auto &m = history[i];
        const double row[historyColumns] = {double(m.epoch), double(m.step), m.loss, m.dLoss, m.aLoss,
                                            m.averageParameterChange, m.wallSeconds};
        for (int64_t c = 0; c < historyColumns; ++c)
            rows[static_cast<int64_t>(i)][c] = row[c];
    }
    return t;
}

torch::Tensor stringTensor(const std::string &text)
{
    torch::Tensor t = torch::empty({static_cast<int64_t>(text.size())}, torch::kUInt8);
    if (!text.empty())
        std::memcpy(t.data_ptr<uint8_t>(), text.data(), text.size());
    return t;
}

// One file's entries, taken by name with the checks each needs.
class Entries
{
public:
    Entries(std::string path, StateDict entries) : m_path(std::move(path))
    {
        for (auto &[name, tensor] : entries)
            m_tensors[name] = std::move(tensor);
    }

    torch::Tensor take(const std::string &name, c10::ScalarType type, int64_t dims, bool optional = false)
    {
        const auto found = m_tensors.find(name);
        if (found == m_tensors.end()) {
            if (optional)
                return {};
            fail(name, "is missing");
        }
        torch::Tensor t = found->second.contiguous();
        m_tensors.erase(found);
        if (t.scalar_type() != type)
            fail(name, std::string("holds ") + c10::toString(t.scalar_type()) + " values, not "
                           + c10::toString(type));
        if (t.dim() != dims)
            fail(name, "has " + std::to_string(t.dim()) + " dimensions, not " + std::to_string(dims));
        return t;
    }

    int toInt(const std::string &name, int64_t value)
    {
        if (value < 0 || value > INT_MAX)
            fail(name, "holds " + std::to_string(value) + ", out of range");
        return static_cast<int>(value);
    }

    [[noreturn]] void fail(const std::string &name, const std::string &what) const
    {
        throw std::runtime_error("checkpoint " + m_path + ": " + name + " " + what);
    }

    std::map<std::string, torch::Tensor> rest() { return std::move(m_tensors); }

private:
    std::string m_path;
    std::map<std::string, torch::Tensor> m_tensors;
};

// One row per finished epoch (SearchRun::finishEpoch adds one as it sets the position's):
// more rows than `epochs` no search wrote.
std::vector<EpochMetrics> readHistory(Entries &entries, int epochs)
{
    const torch::Tensor t = entries.take("history", torch::kDouble, 2);
    if (t.size(1) != historyColumns)
        entries.fail("history", "has " + std::to_string(t.size(1)) + " columns, not "
                                    + std::to_string(historyColumns));
    if (t.size(0) > epochs)
        entries.fail("history", "has " + std::to_string(t.size(0)) + " rows, more than the "
                                    + std::to_string(epochs) + " finished epochs of position (one row an epoch)");
    std::vector<EpochMetrics> history;
    const auto rows = t.accessor<double, 2>();
    for (int64_t i = 0; i < t.size(0); ++i) {
        // Epoch and step must be whole counts; the losses of a diverged epoch may be NaN.
        for (int64_t c = 0; c < 2; ++c)
            if (!(rows[i][c] >= 0 && rows[i][c] <= INT_MAX))
                entries.fail("history", "row " + std::to_string(i) + " holds a value out of range");
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

} // namespace

void writeCheckpointFile(const std::string &path, const CheckpointFile &file)
{
    c10::Dict<std::string, torch::Tensor> dict;
    const auto put = [&dict](const std::string &name, const torch::Tensor &t) {
        dict.insert(name, t.detach().cpu().contiguous());
    };
    put(formatKey, torch::tensor({formatVersion}, torch::kLong));
    put("position", torch::tensor({int64_t(file.state.epoch), int64_t(file.state.step)}, torch::kLong));
    put("wall_seconds", torch::tensor({file.state.wallSeconds}, torch::kDouble));
    put("history", historyTensor(file.state.history));
    put("fingerprint", stringTensor(file.state.fingerprint));
    if (file.state.threads > 0)
        put("threads", torch::tensor({int64_t(file.state.threads)}, torch::kLong));
    if (file.state.datasetImages >= 0) {
        int64_t key = 0;
        std::memcpy(&key, &file.state.datasetKey, sizeof key); // its bits, as int64 holds them
        put("dataset_listing", torch::tensor({file.state.datasetImages, key}, torch::kLong));
    }
    put("rng_state", file.cpuGenerator);
    if (file.cudaGenerator.defined())
        put("cuda_rng_state", file.cudaGenerator);
    for (const auto &[name, tensor] : file.tensors)
        put(name, tensor);
    // Serialized in memory first: the file is written atomically, and a full disk is reported
    // naming it while the last checkpoint stays.
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

namespace {

CheckpointFile readEntries(const std::string &path)
{
    PyTorchFile contents = readPyTorchFile(path);
    if (contents.libTorchModule)
        throw std::runtime_error("checkpoint " + path + " was written by an earlier version of AugStudio, "
                                 "whose checkpoints this one does not open: start the search again");
    Entries entries(path, std::move(contents.stateDict));
    const torch::Tensor format = entries.take(formatKey, torch::kLong, 1);
    if (format.numel() != 1 || format[0].item<int64_t>() != formatVersion)
        entries.fail(formatKey, "is not version " + std::to_string(formatVersion));

    CheckpointFile file;
    const torch::Tensor position = entries.take("position", torch::kLong, 1);
    if (position.numel() != 2)
        entries.fail("position", "holds " + std::to_string(position.numel()) + " values, not 2");
    file.state.epoch = entries.toInt("position", position[0].item<int64_t>());
    file.state.step = entries.toInt("position", position[1].item<int64_t>());
    const torch::Tensor wall = entries.take("wall_seconds", torch::kDouble, 1);
    if (wall.numel() != 1 || !std::isfinite(wall[0].item<double>()) || wall[0].item<double>() < 0)
        entries.fail("wall_seconds", "is not one time in seconds");
    file.state.wallSeconds = wall[0].item<double>();
    file.state.history = readHistory(entries, file.state.epoch);
    const torch::Tensor fingerprint = entries.take("fingerprint", torch::kUInt8, 1);
    if (fingerprint.numel() > maxFingerprintBytes)
        entries.fail("fingerprint", "is longer than " + std::to_string(maxFingerprintBytes) + " bytes");
    file.state.fingerprint.assign(reinterpret_cast<const char *>(fingerprint.data_ptr<uint8_t>()),
                                  static_cast<size_t>(fingerprint.numel()));
    if (const torch::Tensor threads = entries.take("threads", torch::kLong, 1, true); threads.defined()) {
        if (threads.numel() != 1 || threads[0].item<int64_t>() < 1)
            entries.fail("threads", "is not one thread count");
        file.state.threads = entries.toInt("threads", threads[0].item<int64_t>());
    }
    if (const torch::Tensor listing = entries.take("dataset_listing", torch::kLong, 1, true); listing.defined()) {
        if (listing.numel() != 2 || listing[0].item<int64_t>() < 0)
            entries.fail("dataset_listing", "is not an image count and a key");
        file.state.datasetImages = listing[0].item<int64_t>();
        const int64_t key = listing[1].item<int64_t>();
        std::memcpy(&file.state.datasetKey, &key, sizeof key);
    }
    file.cpuGenerator = entries.take("rng_state", torch::kUInt8, 1);
    file.cudaGenerator = entries.take("cuda_rng_state", torch::kUInt8, 1, true);
    file.tensors = entries.rest();
    return file;
}

} // namespace

CheckpointFile readCheckpointFile(const std::string &path)
{
    try {
        return readEntries(path);
    } catch (const c10::Error &error) { // LibTorch's own (its allocator's), without its backtrace
        throw std::runtime_error("checkpoint " + path + ": " + error.what_without_backtrace());
    }
}

int checkpointEpoch(const std::string &path)
{
    try {
        return readCheckpointFile(path).state.epoch;
    } catch (const std::exception &error) { // said as loadCheckpoint says it, advice included
        throw std::runtime_error(unreadableCheckpointMessage(error.what()));
    }
}

} // namespace augstudio
