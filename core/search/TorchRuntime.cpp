#include "search/TorchRuntime.h"

#include "data/ParallelFor.h"

#include <glog/logging.h>
#include <opencv2/core/utils/logger.hpp>
#include <torch/torch.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <unistd.h>

namespace augstudio {

namespace {

// OMP_NUM_THREADS as a positive count, or 0 where it is unset or not one.
int threadsFromEnvironment()
{
    const char *text = std::getenv("OMP_NUM_THREADS");
    if (text == nullptr || *text == '\0')
        return 0;
    char *end = nullptr;
    const long threads = std::strtol(text, &end, 10);
    return *end == '\0' && threads > 0 && threads <= 4096 ? static_cast<int>(threads) : 0;
}

} // namespace

int configureTorchThreads(int threads)
{
    if (threads <= 0)
        threads = threadsFromEnvironment();
    // No more than the cores this process may use: more only take turns, and where the
    // system refuses the threads (a limit on processes or memory), LibTorch's pool waits
    // for them forever.
    const int cores = static_cast<int>(usableCores());
    if (threads <= 0 || threads > cores)
        threads = cores;
    at::set_num_threads(threads);
    return at::get_num_threads();
}

void preferPassiveOpenMpWaits(char **argv)
{
    if (std::getenv("OMP_WAIT_POLICY") != nullptr)
        return;
    setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    execv("/proc/self/exe", argv); // returns only on failure: then run on as we are
}

void quietLibraryLogs()
{
    if (std::getenv("GLOG_minloglevel") == nullptr)
        FLAGS_minloglevel = google::GLOG_FATAL;
    // OpenCV's "[ WARN:0@0.1] global ... imread_(...)" lines for an image it cannot decode:
    // the loader names the file itself.
    if (std::getenv("OPENCV_LOG_LEVEL") == nullptr)
        cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
}

bool cudaAvailable()
{
    return torch::cuda::is_available();
}

std::string torchVersion()
{
    return TORCH_VERSION;
}

std::string usableDevice(const std::string &device)
{
    const std::string resolved = device == "auto" ? (cudaAvailable() ? "cuda" : "cpu") : device;
    if (const std::string problem = deviceProblem(resolved); !problem.empty())
        throw std::runtime_error(problem);
    return resolved;
}

std::string usableProcessDevice(const std::string &device, int localRank)
{
    const std::string resolved = usableDevice(device);
    if (resolved != "cuda")
        return resolved;
    const std::string own = resolved + ":" + std::to_string(localRank);
    if (const std::string problem = deviceProblem(own); !problem.empty())
        throw std::runtime_error("the process of local rank " + std::to_string(localRank) + " takes " + own
                                 + ", but this machine has " + std::to_string(torch::cuda::device_count())
                                 + " GPU(s): start at most one process per GPU");
    return own;
}

std::string deviceProblem(const std::string &device)
{
    if (device == "cpu")
        return {};
    if (device.rfind("cuda", 0) != 0)
        return "unknown device '" + device + "' (use cpu, cuda or cuda:N)";
    if (!torch::cuda::is_available())
        return "device '" + device + "' asked for, but this LibTorch build has no CUDA or no GPU is visible; use --device cpu";
    if (device.size() > 5) {
        try {
            const int index = std::stoi(device.substr(5));
            if (index < 0 || index >= static_cast<int>(torch::cuda::device_count()))
                return "device '" + device + "': only " + std::to_string(torch::cuda::device_count()) + " CUDA device(s)";
        } catch (const std::exception &) {
            return "unknown device '" + device + "' (use cpu, cuda or cuda:N)";
        }
    }
    return {};
}

} // namespace augstudio
