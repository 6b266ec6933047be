#include "search/Distributed.h"

#include <torch/torch.h>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <netdb.h>
#include <sys/socket.h>

namespace augstudio {

namespace {

std::string environmentValue(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

int environmentInt(const char *name, int fallback, int minimum, int maximum)
{
    const std::string text = environmentValue(name);
    if (text.empty())
        return fallback;
    // Spaces around the number, as a shell script may leave them, are no error.
    const size_t first = text.find_first_not_of(" \t"), last = text.find_last_not_of(" \t");
    const std::string digits = first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    const bool whole = !digits.empty()
                       && std::all_of(digits.begin() + (digits[0] == '-' ? 1 : 0), digits.end(),
                                      [](unsigned char c) { return std::isdigit(c); })
                       && digits != "-";
    if (whole) {
        try {
            const int value = std::stoi(digits);
            if (value >= minimum && value <= maximum)
                return value;
        } catch (const std::out_of_range &) {
        }
    }
    throw std::runtime_error(std::string("the environment variable ") + name + "=" + text + " is "
                             + (whole ? "out of range" : "not a whole number") + ": it must be a whole number from "
                             + std::to_string(minimum) + " to " + std::to_string(maximum));
}

// The first line of a c10d or Gloo message (c10::Error carries a backtrace after it), without
// the source location it may start with ("[./gloo/transport/tcp/pair.cc:598] Connection
// closed by peer" says the second part).
std::string firstLine(const std::string &text)
{
    std::string line = text.substr(0, text.find('\n'));
    if (line.size() > 1 && line[0] == '[') {
        const size_t end = line.find("] ");
        const std::string inside = line.substr(1, end == std::string::npos ? 0 : end - 1);
        if (end != std::string::npos && inside.find(':') != std::string::npos
            && (inside.find(".cc") != std::string::npos || inside.find(".cpp") != std::string::npos))
            line.erase(0, end + 2);
    }
    return line;
}

// Why `host` is no name of any address (empty where it is, or may be): a mistyped MASTER_ADDR.
std::string resolveProblem(const std::string &host)
{
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const int error = ::getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (found)
        ::freeaddrinfo(found);
    if (error != EAI_NONAME) // resolved, or a lookup that may work moments later (EAI_AGAIN)
        return {};
    return std::string("does not resolve to an address (") + ::gai_strerror(error) + ")";
}

// A timeout says nothing of why (the store's server and its clients say it in other words
// and other exception types): the usual causes are said.
std::string joinFailure(const DistributedSetup &setup, const std::string &where, const std::string &cause)
{
    std::string message = "rank " + std::to_string(setup.rank) + " could not join the search of "
                          + std::to_string(setup.worldSize) + " processes at " + where + ": " + cause;
    const bool timedOut = cause.find("imeout") != std::string::npos || cause.find("timed out") != std::string::npos;
    if (timedOut)
        message += "; they did not all meet within " + std::to_string(static_cast<int>(setup.timeoutSeconds))
                   + " s. Each must be started with WORLD_SIZE=" + std::to_string(setup.worldSize)
                   + ", its own RANK from 0 to " + std::to_string(setup.worldSize - 1)
                   + " and MASTER_ADDR:MASTER_PORT where rank 0 listens; one that was not started, that ended "
                     "at once with an error of its own, or that is still starting on a busy machine (give a "
                     "longer --timeout) leaves the others waiting";
    return message;
}

std::string bytesToText(const std::vector<uint8_t> &bytes)
{
    return std::string(bytes.begin(), bytes.end());
}

// Gloo's rendezvous takes every process's WORLD_SIZE and RANK on trust: a process of another
// WORLD_SIZE fails inside it on a size check, and two of one RANK pair up wrongly. Both are
// told here, through the store, in the variables' names.
void checkJoinAlike(c10d::Store &store, const DistributedSetup &setup)
{
    const std::string size = std::to_string(setup.worldSize);
    if (setup.rank == 0)
        store.set("join/world_size", std::vector<uint8_t>(size.begin(), size.end()));
    const std::string rankZeroSize = bytesToText(store.get("join/world_size"));
    if (rankZeroSize != size)
        throw std::runtime_error("WORLD_SIZE is " + size + " here but " + rankZeroSize
                                 + " on rank 0; start every process with the same WORLD_SIZE");
    if (store.add("join/rank/" + std::to_string(setup.rank), 1) > 1)
        throw std::runtime_error("another process was started with RANK=" + std::to_string(setup.rank)
                                 + "; give each process its own RANK from 0 to " + std::to_string(setup.worldSize - 1));
}

// Rank 0's store, under the engine's prefix: hosted by this process where `host` (rank 0),
// else a client of it on a connection of its own. A call waits at most `timeout`.
c10::intrusive_ptr<c10d::Store> openStore(const DistributedSetup &setup, bool host, std::chrono::milliseconds timeout)
{
    c10d::TCPStoreOptions options;
    options.port = static_cast<std::uint16_t>(setup.masterPort);
    options.isServer = host;
    options.numWorkers = setup.worldSize;
    options.waitWorkers = false; // the group's rendezvous waits for them, within the same timeout
    options.timeout = timeout;
    return c10::make_intrusive<c10d::PrefixStore>("augstudio/",
                                                  c10::make_intrusive<c10d::TCPStore>(setup.masterAddr, options));
}

// A client of rank 0's store answering or failing within a few seconds; null where it cannot
// connect.
c10::intrusive_ptr<c10d::Store> storeClient(const DistributedSetup &setup, std::chrono::milliseconds timeout)
{
    try {
        return openStore(setup, false, timeout);
    } catch (const std::exception &) {
        return {};
    }
}

// Which other ranks still answer, for the message of a collective that failed: each rank adds
// to a counter of its own in the store every second, on a thread and connection of its own,
// and the counters that do not move while a failed collective is told name the ranks that
// died or were stopped. A rank whose process runs on while its search hangs still beats, and
// is not named.
class PeerWatch
{
public:
    explicit PeerWatch(const DistributedSetup &setup) : m_setup(setup)
    {
        const auto timeout = std::chrono::milliseconds(
            static_cast<int64_t>(std::min(setup.timeoutSeconds, kStoreAnswerSeconds) * 1000));
        m_beats = storeClient(setup, timeout);
        m_check = storeClient(setup, timeout);
        try {
            // A get sets its connection's receive timeout (TCPStore's wait does), which the
            // adds then keep: without it, an add to a stopped rank 0 would wait for ever.
            for (const auto &client : {m_beats, m_check})
                if (client)
                    client->get("join/world_size");
        } catch (const std::exception &) {
            return;
        }
        if (m_beats && m_check)
            m_thread = std::thread([this] { beat(); });
    }

    ~PeerWatch()
    {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_stop = true;
        }
        m_wake.notify_all();
        if (m_thread.joinable())
            m_thread.join();
    }

    PeerWatch(const PeerWatch &) = delete;
    PeerWatch &operator=(const PeerWatch &) = delete;

    // "rank 2", "ranks 1 and 3" or "rank 0 (which holds the search's store)": the ranks whose
    // beat stopped, watched for a few beats; empty where every rank beats or none can be told.
    std::string silentPeers() const
    {
        if (!m_thread.joinable())
            return {};
        try {
            const std::vector<int64_t> before = counts();
            std::this_thread::sleep_for(kBeat * kBeatsWatched);
            const std::vector<int64_t> after = counts();
            std::vector<int> silent;
            for (int rank = 0; rank < m_setup.worldSize; ++rank)
                if (rank != m_setup.rank && after[size_t(rank)] == before[size_t(rank)])
                    silent.push_back(rank);
            return listed(silent);
        } catch (const std::exception &) {
            // The store is rank 0's: a store that does not answer is a rank 0 that does not.
            return m_setup.rank == 0 ? std::string() : "rank 0 (which holds the search's store)";
        }
    }

private:
    static constexpr double kStoreAnswerSeconds = 5;
    static constexpr std::chrono::milliseconds kBeat{1000};
    static constexpr int kBeatsWatched = 3;

    static std::string key(int rank) { return "beat/" + std::to_string(rank); }

    void beat()
    {
        std::unique_lock<std::mutex> lock(m_mutex);
        while (!m_stop) {
            lock.unlock();
            try {
                m_beats->add(key(m_setup.rank), 1);
            } catch (const std::exception &) {
                return; // rank 0 and its store are gone: the search is ending
            }
            lock.lock();
            m_wake.wait_for(lock, kBeat, [this] { return m_stop; });
        }
    }

    std::vector<int64_t> counts() const
    {
        std::vector<int64_t> values;
        for (int rank = 0; rank < m_setup.worldSize; ++rank)
            values.push_back(rank == m_setup.rank ? 0 : m_check->add(key(rank), 0));
        return values;
    }

    static std::string listed(const std::vector<int> &ranks)
    {
        std::string text;
        for (size_t i = 0; i < ranks.size(); ++i)
            text += (i == 0 ? "" : i + 1 == ranks.size() ? " and " : ", ") + std::to_string(ranks[i]);
        return ranks.empty() ? text : (ranks.size() == 1 ? "rank " : "ranks ") + text;
    }

    DistributedSetup m_setup;
    c10::intrusive_ptr<c10d::Store> m_beats, m_check;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace

std::string batchSplitProblem(int batchSize, int numChunks, int ranks)
{
    const long long shares = 2LL * ranks; // wide: --nproc may be any int
    if (batchSize % shares != 0)
        return "data.dataloader.batch_size " + std::to_string(batchSize) + " does not split among "
               + std::to_string(ranks) + " processes: each takes an equal, even share; make it a multiple of "
               + std::to_string(shares);
    if (batchSize / shares < numChunks)
        return "data.dataloader.batch_size " + std::to_string(batchSize) + " is too small for " + std::to_string(ranks)
               + " processes: each augments " + std::to_string(batchSize / shares)
               + " images in policy_model.num_chunks " + std::to_string(numChunks)
               + " chunks of at least one image; make it at least " + std::to_string(shares * numChunks);
    return {};
}

DistributedSetup DistributedSetup::fromEnvironment()
{
    DistributedSetup setup;
    setup.worldSize = environmentInt("WORLD_SIZE", 1, 1, kMaxWorldSize);
    if (!setup.distributed()) {
        // Rank 1 of a launch that lost WORLD_SIZE would search alone into rank 0's folder.
        if (const std::string rank = environmentValue("RANK"); !rank.empty() && rank != "0")
            throw std::runtime_error("RANK is " + rank + " but WORLD_SIZE is "
                                     + (environmentValue("WORLD_SIZE").empty() ? std::string("not set")
                                                                               : std::string("1"))
                                     + ": a search on several processes needs both");
        return setup;
    }
    if (environmentValue("RANK").empty())
        throw std::runtime_error("WORLD_SIZE is set but RANK is not: a search on several processes needs both");
    setup.rank = environmentInt("RANK", 0, 0, setup.worldSize - 1);
    setup.localRank = environmentInt("LOCAL_RANK", setup.rank, 0, 65535);
    if (const std::string address = environmentValue("MASTER_ADDR"); !address.empty())
        setup.masterAddr = address;
    setup.masterPort = environmentInt("MASTER_PORT", setup.masterPort, 1, 65535);
    return setup;
}

// One model's gradients in one flat tensor, each parameter's gradient a view of its part.
struct GradientBucket {
    std::vector<at::Tensor> parameters; // those with a gradient when the bucket was made
    at::Tensor flat;

    // Whether every gradient of `current` still is its view: none was replaced (the first
    // backward of a parameter without a gradient makes one of its own) or added.
    bool holds(const std::vector<at::Tensor> &current) const
    {
        size_t next = 0;
        int64_t offset = 0;
        for (const at::Tensor &parameter : current) {
            if (!parameter.grad().defined())
                continue;
            if (next == parameters.size() || !parameter.is_same(parameters[next]))
                return false;
            const at::Tensor &grad = parameter.grad();
            if (grad.scalar_type() != at::kFloat || !grad.is_contiguous() || grad.device() != flat.device()
                || grad.data_ptr() != static_cast<void *>(flat.data_ptr<float>() + offset))
                return false;
            offset += grad.numel();
            ++next;
        }
        return next == parameters.size();
    }
};

struct ProcessGroup::Impl {
    DistributedSetup setup;
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
    std::vector<GradientBucket> buckets; // one a model (the discriminator's, the policy's)
    std::unique_ptr<PeerWatch> watch;    // from the group's rendezvous on

    // Runs one collective; a lost or silent peer becomes a DistributedError naming this rank.
    void collective(const char *what, const std::function<c10::intrusive_ptr<c10d::Work>()> &start)
    {
        try {
            start()->wait();
        } catch (const c10::Error &error) {
            fail(what, error.what_without_backtrace());
        } catch (const std::exception &error) {
            fail(what, error.what());
        }
    }

    [[noreturn]] void fail(const char *what, const std::string &why) const
    {
        const std::string here = "rank " + std::to_string(setup.rank) + " of " + std::to_string(setup.worldSize)
                                 + ": " + what + " failed";
        const std::string within = std::to_string(static_cast<int>(setup.timeoutSeconds)) + " s";
        // Started by torchrun, this message is the one that can name the rank at fault.
        const std::string silent = watch ? watch->silentPeers() : std::string();
        if (!silent.empty())
            throw DistributedError(here + ": " + silent + " stopped answering (dead, stopped or hung for "
                                   + within + "): " + firstLine(why));
        throw DistributedError(here + " (another rank died, hung or stopped answering within " + within
                               + "): " + firstLine(why));
    }

    void allreduceSum(at::Tensor &tensor)
    {
        std::vector<at::Tensor> tensors{tensor};
        collective("an all-reduce", [&] { return group->allreduce(tensors); });
    }

    void broadcast(at::Tensor &tensor)
    {
        std::vector<at::Tensor> tensors{tensor};
        c10d::BroadcastOptions options;
        options.rootRank = 0;
        collective("a broadcast", [&] { return group->broadcast(tensors, options); });
    }
};

ProcessGroup::ProcessGroup(const DistributedSetup &setup) : d(std::make_unique<Impl>())
{
    d->setup = setup;
    const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(setup.timeoutSeconds * 1000));
    const std::string where = setup.masterAddr + ":" + std::to_string(setup.masterPort);
    // A name that does not resolve would wait out the whole timeout, said as a timeout.
    if (const std::string unresolved = resolveProblem(setup.masterAddr); !unresolved.empty())
        throw DistributedError("rank " + std::to_string(setup.rank) + ": MASTER_ADDR " + setup.masterAddr + " "
                               + unresolved + "; it names the machine where rank 0 listens");
    try {
        // Rank 0 hosts the store; every rank, rank 0 too, is a client of it.
        d->store = openStore(setup, setup.rank == 0, timeout);
        checkJoinAlike(*d->store, setup);

        auto options = c10d::ProcessGroupGloo::Options::create(timeout); // bounds every collective
        if (setup.masterAddr == "127.0.0.1" || setup.masterAddr == "localhost")
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        options->threads = 1; // one collective at a time
        d->group = c10::make_intrusive<c10d::ProcessGroupGloo>(d->store, setup.rank, setup.worldSize, options);
        d->watch = std::make_unique<PeerWatch>(setup);
    } catch (const c10::Error &error) {
        throw DistributedError(joinFailure(setup, where, firstLine(error.what_without_backtrace())));
    } catch (const std::exception &error) {
        throw DistributedError(joinFailure(setup, where, firstLine(error.what())));
    }
}

ProcessGroup::~ProcessGroup()
{
    d->watch.reset(); // its connections before rank 0's store
    d->group.reset(); // the group before the store it rendezvoused on
    d->store.reset();
}

int ProcessGroup::rank() const
{
    return d->setup.rank;
}

int ProcessGroup::worldSize() const
{
    return d->setup.worldSize;
}

void ProcessGroup::broadcastFromRankZero(const std::vector<at::Tensor> &tensors)
{
    torch::NoGradGuard noGrad;
    for (const at::Tensor &tensor : tensors) {
        at::Tensor values = tensor.detach().contiguous();
        d->broadcast(values);
        if (!values.is_same(tensor))
            tensor.detach().copy_(values);
    }
}

void ProcessGroup::averageGradients(const std::vector<at::Tensor> &parameters)
{
    torch::NoGradGuard noGrad;
    for (GradientBucket &bucket : d->buckets)
        if (bucket.holds(parameters)) { // the steady state: the gradients are the bucket
            d->allreduceSum(bucket.flat);
            bucket.flat.div_(d->setup.worldSize);
            return;
        }

    GradientBucket bucket;
    std::vector<at::Tensor> parts;
    for (const at::Tensor &parameter : parameters)
        if (parameter.grad().defined()) {
            bucket.parameters.push_back(parameter);
            parts.push_back(parameter.grad().reshape(-1).to(torch::kFloat));
        }
    if (parts.empty())
        return;
    bucket.flat = torch::cat(parts); // one collective for the whole model
    d->allreduceSum(bucket.flat);
    bucket.flat.div_(d->setup.worldSize);
    // Gradients of another type or device than the bucket's take its values, every call.
    const bool views = std::all_of(bucket.parameters.begin(), bucket.parameters.end(), [&](const at::Tensor &p) {
        return p.scalar_type() == at::kFloat && p.grad().device() == bucket.flat.device();
    });
    int64_t offset = 0;
    for (const at::Tensor &parameter : bucket.parameters) {
        if (views) {
            // Storage shared, not an autograd view: zero_grad detaches the gradient in place,
            // which a view refuses.
            at::Tensor part = bucket.flat.new_empty({0});
            part.set_(bucket.flat.storage(), bucket.flat.storage_offset() + offset, parameter.sizes());
            parameter.mutable_grad() = part;
        } else {
            parameter.grad().copy_(bucket.flat.narrow(0, offset, parameter.numel()).view_as(parameter));
        }
        offset += parameter.numel();
    }
    if (!views)
        return;
    // The model's bucket is made again only when its gradients change.
    const auto same = std::find_if(d->buckets.begin(), d->buckets.end(), [&](const GradientBucket &old) {
        return old.parameters.front().is_same(bucket.parameters.front());
    });
    if (same != d->buckets.end())
        *same = std::move(bucket);
    else
        d->buckets.push_back(std::move(bucket));
}

void ProcessGroup::sum(std::vector<double> &values)
{
    at::Tensor tensor = torch::tensor(values, torch::kDouble);
    d->allreduceSum(tensor);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = tensor[static_cast<int64_t>(i)].item<double>();
}

std::string ProcessGroup::broadcastText(const std::string &text)
{
    at::Tensor length = torch::tensor({static_cast<int64_t>(text.size())}, torch::kLong);
    d->broadcast(length);
    at::Tensor bytes = torch::zeros({length.item<int64_t>()}, torch::kUInt8);
    if (rank() == 0 && !text.empty())
        std::memcpy(bytes.data_ptr(), text.data(), text.size());
    if (bytes.numel() > 0)
        d->broadcast(bytes);
    return std::string(static_cast<const char *>(bytes.data_ptr()), static_cast<size_t>(bytes.numel()));
}

bool ProcessGroup::sameOnEveryRank(const std::vector<at::Tensor> &tensors)
{
    torch::NoGradGuard noGrad;
    double differing = 0;
    for (const at::Tensor &tensor : tensors) {
        at::Tensor mine = tensor.detach().contiguous().cpu();
        at::Tensor rankZero = mine.clone();
        d->broadcast(rankZero);
        if (!torch::equal(mine, rankZero))
            differing = 1;
    }
    std::vector<double> count{differing};
    sum(count);
    return count[0] == 0;
}

} // namespace augstudio
