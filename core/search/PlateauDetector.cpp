#include "search/PlateauDetector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace augstudio {

namespace {

double median(std::vector<double> v)
{
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + mid, v.end());
    const double upper = v[mid];
    if (v.size() % 2 == 1)
        return upper;
    return 0.5 * (upper + *std::max_element(v.begin(), v.begin() + mid));
}

std::string percent(double fraction)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * fraction);
    return buffer;
}

std::string number(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4g", v);
    return buffer;
}

void require(bool ok, const char *what)
{
    if (!ok)
        throw std::invalid_argument(std::string("plateau option ") + what);
}

} // namespace

PlateauDetector::PlateauDetector(PlateauOptions options) : m_options(options)
{
    require(options.window >= 3, "'window' must be at least 3");
    require(options.tolerance >= 0, "'tolerance' must not be negative");
    require(options.trendAgreement >= 0 && options.trendAgreement <= 1, "'trendAgreement' must be in [0, 1]");
    require(options.patience >= 1, "'patience' must be at least 1");
    require(options.minFall >= 0 && options.minFall < 1, "'minFall' must be in [0, 1)");
    require(options.smoothing >= 1, "'smoothing' must be at least 1");
}

PlateauVerdict PlateauDetector::evaluate(const std::vector<double> &series, PlateauOptions options)
{
    PlateauDetector detector(options);
    for (double apc : series)
        detector.add(apc);
    return detector.verdict();
}

PlateauVerdict PlateauDetector::add(double apc)
{
    ++m_epoch;
    if (m_verdict.plateau)
        return m_verdict;
    if (!std::isfinite(apc)) {
        m_verdict.reason = "epoch " + std::to_string(m_epoch) + ": the APC is not a finite number; ignored";
        return m_verdict;
    }
    m_epochs.push_back(m_epoch);
    m_values.push_back(apc);
    const size_t count = m_values.size();
    const size_t span = static_cast<size_t>(m_options.smoothing);
    double smoothed = std::numeric_limits<double>::quiet_NaN();
    if (count >= span) {
        double sum = 0;
        for (size_t i = count - span; i < count; ++i)
            sum += m_values[i];
        smoothed = sum / span;
    }
    m_smoothed.push_back(smoothed);
    m_verdict = judge();
    return m_verdict;
}

PlateauVerdict PlateauDetector::judge()
{
    PlateauVerdict verdict;
    const std::string at = "epoch " + std::to_string(m_epoch) + ": ";
    const size_t count = m_values.size();
    const size_t window = static_cast<size_t>(m_options.window);
    if (count < window) {
        m_flatRun = 0;
        verdict.reason = at + std::to_string(count) + " of the " + std::to_string(window)
            + " APC values needed to judge the trend";
        return verdict;
    }

    const size_t first = count - window;
    std::vector<double> slopes;
    int concordance = 0;
    for (size_t i = first; i < count; ++i) {
        for (size_t j = i + 1; j < count; ++j) {
            const double dv = m_values[j] - m_values[i];
            slopes.push_back(dv / (m_epochs[j] - m_epochs[i]));
            concordance += (dv > 0) - (dv < 0);
        }
    }
    const double slope = median(slopes);
    const double tau = concordance / static_cast<double>(slopes.size());
    const double typical = median(std::vector<double>(m_values.begin() + first, m_values.end()));
    double relative = 0;
    if (typical > 0)
        relative = slope / typical;
    else if (slope != 0)
        relative = slope > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    m_upper = bandTop(first, typical);

    const std::string over = " per epoch over the last " + std::to_string(window) + " values";
    if (relative < -m_options.tolerance && tau <= -m_options.trendAgreement) {
        m_flatRun = 0;
        verdict.reason = at + "the APC is still falling (" + percent(-relative) + over + ")";
        return verdict;
    }
    if (relative > m_options.tolerance && tau >= m_options.trendAgreement) {
        m_flatRun = 0;
        m_lastRise = static_cast<long>(count) - 1;
        verdict.reason = at + "the APC is rising (" + percent(relative) + over + ")";
        return verdict;
    }
    // The trend test alone reads the first epochs of a bump as flat (the level part of the
    // window outvotes them), so the newest value has to stay inside the band too.
    if (m_values.back() > m_upper) {
        m_flatRun = 0;
        m_lastRise = static_cast<long>(count) - 1;
        verdict.reason = at + "the APC jumped to " + number(m_values.back()) + ", above the band it had settled in (up to "
            + number(m_upper) + ")";
        return verdict;
    }
    // A window that holds a rise and the fall back from it balances out to "flat" as well:
    // after a rise, the series has to settle for a whole window first.
    if (m_lastRise >= static_cast<long>(first)) {
        m_flatRun = 0;
        verdict.reason = at + "the APC is settling after rising at epoch " + std::to_string(m_epochs[m_lastRise]);
        return verdict;
    }
    if (m_flatRun++ == 0)
        m_flatRunStart = count - 1;
    if (m_flatRun < m_options.patience) {
        verdict.reason = at + "the APC has been flat for " + std::to_string(m_flatRun) + " of "
            + std::to_string(m_options.patience) + " epochs";
        return verdict;
    }
    // The peak before the flat run: noise inside a flat stretch is no fall.
    double peak = 0;
    for (size_t i = 0; i <= m_flatRunStart; ++i)
        if (std::isfinite(m_smoothed[i]))
            peak = std::max(peak, m_smoothed[i]);
    const double fall = peak > 0 ? 1.0 - typical / peak : 0.0;
    if (fall < m_options.minFall) {
        verdict.reason = at + "the APC is flat but has fallen only " + percent(std::max(0.0, fall))
            + " from its peak (a plateau needs " + percent(m_options.minFall) + "); it has not converged";
        return verdict;
    }
    if (count < static_cast<size_t>(m_options.minEpochs)) {
        verdict.reason = at + "the APC looks flat, but " + std::to_string(count) + " epochs are too few (needs "
            + std::to_string(m_options.minEpochs) + ")";
        return verdict;
    }
    verdict.plateau = true;
    verdict.plateauEpoch = flatStartEpoch();
    verdict.suggestedEpoch = m_epoch;
    verdict.reason = "the APC stopped falling at epoch " + std::to_string(verdict.plateauEpoch) + " ("
        + percent(fall) + " below its peak) and has been flat since; recognised at epoch "
        + std::to_string(m_epoch) + ", whose policy is the one to keep";
    return verdict;
}

double PlateauDetector::bandTop(size_t first, double typical) const
{
    // Jitter from the steps between the window's values before the newest one, so that the
    // newest cannot widen the band it is judged against (mean |step| = 2σ/√π for Gaussian noise).
    const size_t count = m_values.size();
    double steps = 0;
    for (size_t i = first + 1; i + 1 < count; ++i)
        steps += std::abs(m_values[i] - m_values[i - 1]);
    const double sqrtPi = 1.7724538509055159;
    const double sigma = steps / static_cast<double>(count - first - 2) * sqrtPi / 2.0;
    return typical + std::max(4.0 * sigma, 0.5 * m_options.window * m_options.tolerance * std::abs(typical));
}

int PlateauDetector::flatStartEpoch() const
{
    // Back from the newest value while the values stay within the oscillation around the
    // level reached: 2.5σ, at least `tolerance` of the level. σ comes from the median |second
    // difference| (1.652σ for Gaussian noise), which a smooth tail still in the window hardly
    // moves. Not beyond the window that first tested flat, nor back into a rise.
    const size_t count = m_values.size();
    const size_t window = static_cast<size_t>(m_options.window);
    const std::vector<double> recent(m_values.end() - window, m_values.end());
    std::vector<double> bends;
    for (size_t i = 1; i + 1 < recent.size(); ++i)
        bends.push_back(std::abs(recent[i + 1] - 2.0 * recent[i] + recent[i - 1]));
    // The newest half gives the level: the older half may still hold the end of the fall.
    const double level = median(std::vector<double>(recent.begin() + window / 2, recent.end()));
    const double top = level + std::max(2.5 * median(bends) / 1.652, m_options.tolerance * std::abs(level));
    size_t limit = m_flatRunStart + 1 >= window ? m_flatRunStart + 1 - window : 0;
    if (m_lastRise >= 0)
        limit = std::max(limit, static_cast<size_t>(m_lastRise) + 1);
    size_t i = count - 1;
    while (i > limit && m_values[i - 1] <= top)
        --i;
    return m_epochs[i];
}

} // namespace augstudio
