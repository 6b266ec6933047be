#include "InterruptGuard.h"

#include <chrono>
#include <csignal>
#include <ctime>
#include <unistd.h>

namespace augstudio::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> lastSignal{SIGINT};
std::atomic<bool> secondInterruptQuits{false};
RepeatedSignals requests;

extern "C" void onInterrupt(int signal)
{
    const bool before = requests.seen(signal);
    if (requests.repeats(signal))
        return;
    if (before && secondInterruptQuits) { // the same signal again: at once, as by default
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    interrupted = true;
    lastSignal = signal;
}

long long monotonicMs()
{
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now); // async-signal-safe
    return static_cast<long long>(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

// "SIGTERM: <what>" or "Ctrl-C: <what>". On a terminal it starts on a line of its own: a
// progress line rewritten with \r may be open there; in a log that would be an empty line.
std::string noticeLine(const std::string &what)
{
    const std::string name = lastSignal.load() == SIGTERM ? "SIGTERM" : "Ctrl-C";
    return (isatty(STDERR_FILENO) ? "\n" : "") + name + ": " + what;
}

} // namespace

InterruptGuard::InterruptGuard(bool secondQuits)
{
    interrupted = false;
    secondInterruptQuits = secondQuits;
    requests.reset();
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

bool RepeatedSignals::seen(int signal) const
{
    return slot(signal).load() >= 0;
}

bool RepeatedSignals::repeats(int signal)
{
    // `timeout` sends its signal twice, to the program and to its process group, and a script
    // may kill a process and its group alike: a repeat this soon is the same request.
    constexpr long long kSameRequestMs = 1000;
    const long long now = monotonicMs();
    const long long before = slot(signal).load();
    if (before >= 0 && now - before < kSameRequestMs)
        return true;
    slot(signal) = now;
    return false;
}

void RepeatedSignals::reset()
{
    for (std::atomic<long long> &at : m_lastMs)
        at = -1;
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

bool InterruptGuard::requested() const
{
    return interrupted.load();
}

bool InterruptGuard::signalled() const
{
    return requests.seen(SIGINT) || requests.seen(SIGTERM);
}

bool InterruptGuard::takeRequest()
{
    return interrupted.exchange(false);
}

std::string InterruptGuard::stopNotice(const std::string &stopping) const
{
    const bool terminated = lastSignal.load() == SIGTERM;
    std::string notice = noticeLine(stopping);
    if (secondInterruptQuits)
        notice += terminated ? " (send SIGTERM again to quit at once)" : " (Ctrl-C again to quit at once)";
    return notice;
}

std::string InterruptGuard::exitNotice(const std::string &outcome) const
{
    return noticeLine(outcome);
}

StopWatcher::StopWatcher(std::function<void()> check)
    : m_thread([this, check = std::move(check)] {
        for (;;) {
            const bool last = m_done; // read before the check, so that the final one comes after
            check();
            if (last)
                return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    })
{
}

StopWatcher::~StopWatcher()
{
    m_done = true;
    m_thread.join();
}

} // namespace augstudio::cli
