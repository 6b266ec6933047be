#include "InterruptGuard.h"

#include <atomic>
#include <csignal>

namespace augstudio::cli {

namespace {

std::atomic<bool> interrupted{false};
std::atomic<bool> secondInterruptQuits{false};

extern "C" void onInterrupt(int)
{
    interrupted = true;
    if (secondInterruptQuits)
        std::signal(SIGINT, SIG_DFL);
}

} // namespace

InterruptGuard::InterruptGuard(bool secondQuits)
{
    interrupted = false;
    secondInterruptQuits = secondQuits;
    std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard()
{
    std::signal(SIGINT, SIG_DFL);
}

bool InterruptGuard::requested() const
{
    return interrupted.load();
}

bool InterruptGuard::takeRequest()
{
    return interrupted.exchange(false);
}

} // namespace augstudio::cli
