#pragma once

// Tells when the Average Parameter Change (APC, one value per epoch) has stopped falling:
// the sign that the policy has converged (faa-reference.md §6). It only reports; the
// decision to stop stays with the user.
//
// The rule, judged after every epoch on the last `window` finite APC values:
//  - trend: the Theil–Sen slope (median of the slopes between all pairs of points, so a
//    single spike cannot tilt it) divided by the median APC of the window, i.e. the
//    relative change per epoch; and Kendall's tau of the window (+1: every later value is
//    higher, −1: every later value is lower).
//  - the window is FALLING when the relative slope < −tolerance AND tau <= −trendAgreement,
//    RISING when the relative slope > tolerance AND tau >= trendAgreement. Both are needed:
//    a slow drift is flat however steady it is, and noise large enough to tilt the slope
//    does not move the pairs consistently one way. That is what "oscillating" means.
//  - otherwise it is FLAT, unless the newest value jumps above the band of the window
//    (median + max(4σ, window·tolerance/2 of the median), σ from the mean step between the
//    older values), or a rise (RISING or such a jump) is still inside the window: a window
//    holding a rise and the fall back from it would balance out to "flat" too early.
//  - a plateau is recognised at the epoch where the window has been FLAT for `patience`
//    epochs in a row, its median is at least `minFall` below the peak of the APC (trailing
//    mean over `smoothing` epochs, before the flat run: a series that never fell has not
//    converged, it is just flat), and at least `minEpochs` finite values have been seen.
// With the defaults, a decay to a floor with 3-5% jitter is recognised 0-6 epochs after the
// rest of the fall has shrunk to 5% of the floor; a steady fall of 10% an epoch with 10%
// noise is called flat in about 1 of 100 runs of 40 epochs; a fall slower than `tolerance`
// an epoch counts as flat by definition.
//
// plateauEpoch, where the flat part began: going back from the recognition epoch, the first
// of the values that all stay within 2.5σ (at least `tolerance`) of the level of the newest
// half window; σ from the median second difference, which the smooth end of a fall barely
// moves. It never reaches before the window that first tested flat or into a rise.
// suggestedEpoch is the recognition epoch itself: every epoch of the flat part is equally
// converged (their differences are noise), the latest one has trained longest, and the
// window had to turn flat first, so the "wait a few more epochs" users are told to do has
// already happened. Its policy file has just been written, so it can be kept at once. The
// epoch of the lowest APC would pick noise, and often an earlier, less trained policy.
// NaN and infinite values are ignored: they are not counted, do not break a flat run and
// never make a plateau. After the plateau is recognised the verdict no longer changes.

#include <string>
#include <vector>

namespace augstudio {

struct PlateauOptions {
    int window = 8;              // finite APC values the trend is judged on (>= 3)
    double tolerance = 0.04;     // |relative slope| per epoch still counted as flat (4% an epoch)
    double trendAgreement = 0.5; // |Kendall tau| a trend needs to count, in [0, 1]
    int patience = 2;            // consecutive flat windows before a plateau is called (>= 1)
    int minEpochs = 10;          // finite values needed before a plateau is called
    double minFall = 0.5;        // the flat level must be this far below the smoothed peak, in [0, 1)
    int smoothing = 3;           // trailing mean span for the peak (>= 1)
};

struct PlateauVerdict {
    bool plateau = false;
    int plateauEpoch = 0;        // 1-based epoch where the flat part began
    int suggestedEpoch = 0;      // epoch whose policy to keep
    std::string reason;          // why (or why not yet), for people
};

class PlateauDetector
{
public:
    // std::invalid_argument naming the option when one is out of range.
    explicit PlateauDetector(PlateauOptions options = {});

    // Feeds the APC of the next epoch (epochs 1, 2, ...). Returns the verdict after this
    // epoch; `plateau` turns true once (at the epoch where it is recognised) and the whole
    // verdict stays as it was then afterwards.
    PlateauVerdict add(double apc);
    PlateauVerdict verdict() const { return m_verdict; }
    int epoch() const { return m_epoch; }

    static PlateauVerdict evaluate(const std::vector<double> &series, PlateauOptions options = {});

private:
    PlateauVerdict judge();
    double bandTop(size_t first, double typical) const;
    int flatStartEpoch() const;

    PlateauOptions m_options;
    int m_epoch = 0;
    std::vector<int> m_epochs;     // epochs of the finite values
    std::vector<double> m_values;
    std::vector<double> m_smoothed; // trailing means over `smoothing` values (NaN before there are enough)
    int m_flatRun = 0;
    size_t m_flatRunStart = 0;     // index into m_values where the current flat run began
    long m_lastRise = -1;          // index of the last value judged rising or above the band
    double m_upper = 0;            // top of the band of the newest window (bump detection)
    PlateauVerdict m_verdict;
};

} // namespace augstudio
