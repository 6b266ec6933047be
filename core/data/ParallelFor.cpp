#include "data/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <sched.h>
#include <thread>
#include <vector>

namespace augstudio {

unsigned usableCores()
{
    cpu_set_t cores;
    CPU_ZERO(&cores);
    if (sched_getaffinity(0, sizeof cores, &cores) == 0 && CPU_COUNT(&cores) > 0)
        return static_cast<unsigned>(CPU_COUNT(&cores));
    return std::max(1u, std::thread::hardware_concurrency());
}

bool parallelFor(std::size_t count, const std::function<void(std::size_t)> &work,
                 const std::function<bool(std::size_t, std::size_t)> &progress, unsigned threads)
{
    if (threads == 0)
        threads = std::clamp(usableCores(), 1u, 8u);
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(count, 1)));

    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable finished;
    std::exception_ptr failure;

    auto worker = [&] {
        for (;;) {
            const std::size_t i = next.fetch_add(1);
            if (i >= count || stop.load())
                break;
            try {
                work(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!failure)
                    failure = std::current_exception();
                stop = true;
            }
            if (done.fetch_add(1) + 1 == count) {
                std::lock_guard<std::mutex> lock(mutex);
                finished.notify_all();
            }
        }
    };

    std::vector<std::thread> pool;
    // Without a progress callback the calling thread is one of the workers.
    const unsigned extra = progress ? threads : threads - 1;
    for (unsigned t = 0; t < extra; ++t)
        pool.emplace_back(worker);
    bool completed = true;
    if (progress) {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            const bool allDone = finished.wait_for(lock, std::chrono::milliseconds(50),
                                                   [&] { return done.load() >= count || stop.load(); });
            if (failure)
                break;
            lock.unlock();
            const bool goOn = progress(std::min(done.load(), count), count);
            lock.lock();
            if (!goOn) {
                stop = true;
                completed = false;
                break;
            }
            if (allDone)
                break;
        }
    } else {
        worker();
    }
    for (std::thread &thread : pool)
        thread.join();
    if (failure)
        std::rethrow_exception(failure);
    return completed;
}

} // namespace augstudio
