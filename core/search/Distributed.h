#pragma once

// A search on several processes: the torchrun variables that place a process in it, and
// the process group (LibTorch's c10d: a TCPStore rendezvous and Gloo collectives) that keeps
// the ranks in step. Free of LibTorch, so that the command line can read the setup.

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace augstudio {

struct DistributedSetup {
    int rank = 0;
    int worldSize = 1;           // 1: a search on this process alone
    int localRank = 0;           // the rank among the processes on this machine
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    double timeoutSeconds = 60;  // for the rendezvous and for every collective

    bool distributed() const { return worldSize > 1; }

    // From RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT as torchrun sets them;
    // a single-process setup when WORLD_SIZE is unset. Throws std::runtime_error naming the
    // variable that is malformed or missing.
    static DistributedSetup fromEnvironment();
};

// Why a global batch of `batchSize` images cannot be split among `ranks` processes (each an
// equal share, itself halved into augmented and real images, the augmented half into
// `numChunks` chunks of one image or more), or empty where it can. The global batch is the
// config's on any number of processes, so that a search means the same on any number.
std::string batchSplitProblem(int batchSize, int numChunks, int ranks);

// The most processes a search takes (WORLD_SIZE, --nproc).
inline constexpr int kMaxWorldSize = 65536;

// What a rank failing a collective throws: the message names this rank.
class DistributedError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

class ProcessGroup
{
public:
    // Waits up to setup.timeoutSeconds for every rank to join. Throws DistributedError.
    explicit ProcessGroup(const DistributedSetup &setup);
    ~ProcessGroup();
    ProcessGroup(const ProcessGroup &) = delete;
    ProcessGroup &operator=(const ProcessGroup &) = delete;

    int rank() const;
    int worldSize() const;

    // Every rank's tensors take rank 0's values (in place).
    void broadcastFromRankZero(const std::vector<at::Tensor> &tensors);
    // The gradients of `parameters`, one bucket, replaced by their mean over the ranks.
    // A parameter without a gradient stays without one (the same on every rank). After the
    // first call the float gradients are views of the bucket (as DDP's gradient_as_bucket_view):
    // backward accumulates into it and zero_grad zeroes it in place, so later calls copy nothing.
    void averageGradients(const std::vector<at::Tensor> &parameters);
    // `values` summed over the ranks, in place (losses, counts, flags).
    void sum(std::vector<double> &values);
    // True when every rank holds bitwise the same `tensors` as rank 0.
    bool sameOnEveryRank(const std::vector<at::Tensor> &tensors);
    // Rank 0's `text`, on every rank.
    std::string broadcastText(const std::string &text);

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace augstudio
