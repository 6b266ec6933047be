#include "InterruptGuard.h"

#include <chrono>
#include <csignal>

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

const char *InterruptGuard::lastRequestName() const
{
    return lastSignal.load() == SIGTERM ? "SIGTERM" : "Ctrl-C";
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
