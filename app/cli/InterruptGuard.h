#pragma once

// Ctrl-C during a long command: the first one asks the work to stop at its next check;
// with `secondQuits`, a second one ends the program at once. The default handler comes
// back when the guard goes.

namespace augstudio::cli {

class InterruptGuard
{
public:
    explicit InterruptGuard(bool secondQuits);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard &) = delete;
    InterruptGuard &operator=(const InterruptGuard &) = delete;

    bool requested() const;       // Ctrl-C seen and not yet taken
    bool takeRequest();           // as requested(), and clears it
};

} // namespace augstudio::cli
