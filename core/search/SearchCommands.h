#pragma once

// The commands a running search obeys between its steps. SearchSession sets them from any
// thread; SearchRun reads them on its own.

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace augstudio {

struct SearchCommands {
    std::atomic<bool> stopRequested{false};
    std::atomic<bool> previewRequested{false};
    std::atomic<bool> paused{false};
    std::mutex pauseMutex;
    std::condition_variable pauseChanged;

    void requestStop()
    {
        stopRequested = true;
        std::lock_guard<std::mutex> lock(pauseMutex);
        pauseChanged.notify_all();
    }
    void resume()
    {
        std::lock_guard<std::mutex> lock(pauseMutex);
        paused = false;
        pauseChanged.notify_all();
    }
    void waitWhilePaused()
    {
        std::unique_lock<std::mutex> lock(pauseMutex);
        pauseChanged.wait(lock, [this] { return !paused || stopRequested; });
    }
};

} // namespace augstudio
