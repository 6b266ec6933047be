#include "ImageProgress.h"

#include <iostream>

#include <unistd.h>

namespace augstudio::cli {

ImageProgress::ImageProgress(std::string verb)
    : m_verb(std::move(verb)), m_terminal(isatty(STDERR_FILENO)), m_lastLine(std::chrono::steady_clock::now())
{
}

ImageProgress::~ImageProgress()
{
    finish();
}

void ImageProgress::finish()
{
    if (m_terminal && m_written)
        std::cerr << "\n";
    m_written = false;
}

bool ImageProgress::operator()(std::size_t done, std::size_t total)
{
    if (m_terminal) {
        std::cerr << m_verb << " " << done << "/" << total << " images\r" << std::flush;
        m_written = true;
    } else if (std::chrono::steady_clock::now() - m_lastLine >= std::chrono::seconds(10)
               && (done - m_lastDone) * 10 >= total) {
        std::cerr << m_verb << " " << done << "/" << total << " images\n" << std::flush;
        m_lastLine = std::chrono::steady_clock::now();
        m_lastDone = done;
    }
    return true;
}

} // namespace augstudio::cli
