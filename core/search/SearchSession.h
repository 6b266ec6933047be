#pragma once

// The one object that runs a search: construct, call run() on a worker thread, and steer
// it from any thread with the thread-safe commands. Free of LibTorch (pimpl).

#include "config/SearchConfig.h"
#include "search/Distributed.h"
#include "search/SearchEvents.h"

#include <memory>
#include <string>

namespace augstudio {

struct SearchRequest {
    SearchConfig config;
    std::string outputDir;
    bool resume = false;          // continue from outputDir's checkpoint (SearchFolder)
    bool stopOnPlateau = false;   // stop by itself when the plateau detector fires
    int maxStepsPerEpoch = 0;     // 0 = the whole dataset; tests and benchmarks use a few
    bool previews = false;        // render a preview every trainer.preview_every steps
    DistributedSetup distributed; // this process's place in a search on several processes
};

class SearchSession
{
public:
    SearchSession(SearchRequest request, SearchObserver *observer);
    ~SearchSession();
    SearchSession(const SearchSession &) = delete;
    SearchSession &operator=(const SearchSession &) = delete;

    // Runs to the end, a stop or an error. Never throws: errors end in a Failed outcome
    // (and onFinished). The last finished epoch's policy and checkpoint stay on disk.
    SearchOutcome run();

    // Thread-safe commands.
    void requestStop();           // finish the current step, save, return
    void pause();
    void resume();
    void requestPreview();        // render a preview after the current step
    bool isPaused() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace augstudio
