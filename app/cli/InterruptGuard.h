#pragma once

// Ctrl-C (SIGINT) or a polite kill (SIGTERM: `kill`, `timeout`, `docker stop`, a batch
// scheduler ending a job) during a long command: the first one asks the work to stop at its
// next check; with `secondQuits`, a second one ends the program at once. The default
// handlers come back when the guard goes.

#include <atomic>
#include <functional>
#include <thread>

namespace augstudio::cli {

// The exit status of a command that a request stopped before it had its result (128 +
// SIGINT, as a shell reports a Ctrl-C'd program): an interrupted evaluate, a search
// stopped before its folder held a policy, a second Ctrl-C.
constexpr int kInterruptedExit = 130;

class InterruptGuard
{
public:
    explicit InterruptGuard(bool secondQuits);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    bool requested() const;       // a signal seen and not yet taken
    bool takeRequest();           // as requested(), and clears it
    // How the last request came, for the message: "Ctrl-C" or "SIGTERM".
    const char *lastRequestName() const;
};

// Calls `check` every 50 ms on a thread of its own, and once more as it goes: a request
// is answered at once wherever the work is (a long batch, a checkpoint being saved), and
// one that came as the work ended is still answered.
class StopWatcher
{
public:
    explicit StopWatcher(std::function<void()> check);
    ~StopWatcher();
    StopWatcher(const StopWatcher &) = delete;
    StopWatcher &operator=(const StopWatcher &) = delete;

private:
    std::atomic<bool> m_done{false};
    std::thread m_thread; // last: starts once m_done is there
};

} // namespace augstudio::cli
