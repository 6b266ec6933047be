#pragma once

// "<verb> N/M images" on standard error while a command goes through a dataset's images: on
// a terminal one line rewritten in place; in a log (CI, a batch job) a plain line once 10 s
// and a tenth of the images have passed since the last, ten at most.

#include <chrono>
#include <cstddef>
#include <string>

namespace augstudio::cli {

class ImageProgress
{
public:
    explicit ImageProgress(std::string verb);
    // Ends the rewritten line on a terminal (finish).
    ~ImageProgress();
    ImageProgress(const ImageProgress &) = delete;
    ImageProgress &operator=(const ImageProgress &) = delete;

    // parallelFor's progress callback: never asks to stop.
    bool operator()(std::size_t done, std::size_t total);
    // Ends the rewritten line on a terminal, so that what follows starts a line of its own.
    void finish();

private:
    std::string m_verb;
    bool m_terminal;
    bool m_written = false;
    std::chrono::steady_clock::time_point m_lastLine;
    std::size_t m_lastDone = 0;
};

} // namespace augstudio::cli
