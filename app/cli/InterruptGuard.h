#pragma once

// Ctrl-C (SIGINT) or a polite kill (SIGTERM: `kill`, `timeout`, `docker stop`, a batch
// scheduler ending a job) during a long command: the first one asks the work to stop at its
// next check; with `secondQuits`, a second one ends the program at once. The default
// handlers come back when the guard goes.

namespace augstudio::cli {

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

} // namespace augstudio::cli
