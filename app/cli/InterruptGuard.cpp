#include "InterruptGuard.h"

#include <atomic>
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

} // namespace augstudio::cli
