#include "InterruptGuard.h"

#include <chrono>
#include <csignal>
#include <unistd.h>

namespace augstudio::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<int> lastSignal{SIGINT};
std::atomic<bool> secondInterruptQuits{false};

extern "C" void onInterrupt(int signal)
{
    interrupted = true;
    lastSignal = signal;
    if (secondInterruptQuits)
        std::signal(signal, SIG_DFL);
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
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
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
