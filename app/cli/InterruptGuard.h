#pragma once

// Ctrl-C (SIGINT) or a polite kill (SIGTERM: `kill`, `timeout`, `docker stop`, a batch
// scheduler ending a job) during a long command: the first one asks the work to stop at its
// next check; with `secondQuits`, the same signal again (a second or more later: `timeout`
// sends one twice at once) ends the program at once. The default handlers come back when
// the guard goes.

#include <atomic>
#include <csignal>
#include <functional>
#include <string>
#include <thread>

namespace augstudio::cli {

// The exit status of a command that a request stopped before it had its result (128 +
// SIGINT, as a shell reports a Ctrl-C'd program): an interrupted evaluate, a search
// stopped before its folder held a policy, a second Ctrl-C.
constexpr int kInterruptedExit = 130;

// Which SIGINT and SIGTERM are new requests, for signal handlers (async-signal-safe): one
// that comes less than a second after the same signal repeats it.
class RepeatedSignals
{
public:
    bool repeats(int signal); // records the signal when it is no repeat
    bool seen(int signal) const;
    void reset();

private:
    std::atomic<long long> &slot(int signal) { return m_lastMs[signal == SIGTERM ? 1 : 0]; }
    const std::atomic<long long> &slot(int signal) const { return m_lastMs[signal == SIGTERM ? 1 : 0]; }
    std::atomic<long long> m_lastMs[2] = {-1, -1}; // CLOCK_MONOTONIC ms of the last new request
};

class InterruptGuard
{
public:
    explicit InterruptGuard(bool secondQuits);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    bool requested() const;       // a signal seen and not yet taken
    bool takeRequest();           // as requested(), and clears it
    bool signalled() const;       // a signal seen since the guard began, taken or not

    // The line that answers the last request on standard error, named for the signal that
    // came: "SIGTERM: <stopping> (send SIGTERM again to quit at once)", or for Ctrl-C
    // "Ctrl-C: <stopping> (Ctrl-C again to quit at once)"; the hint only where a second one
    // quits. The same signal again quits: the other one would be a request once more.
    std::string stopNotice(const std::string &stopping) const;
    // The line for a request that ends the program at once: "SIGTERM: <outcome>".
    std::string exitNotice(const std::string &outcome) const;
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
