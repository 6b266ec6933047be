#include "evaluate/MeanIou.h"

#include <cstddef>
#include <utility>

namespace augstudio {

namespace {

struct ClassTotals
{
    std::vector<double> intersection, unions;
};

ClassTotals totalsOf(const HeldOutPixelCounts &counts)
{
    const std::size_t classes = std::size_t(counts.classes);
    ClassTotals totals{std::vector<double>(classes, 0.0), std::vector<double>(classes, 0.0)};
    for (std::size_t j = 0; j < std::size_t(counts.images); ++j)
        for (std::size_t c = 0; c < classes; ++c) {
            totals.intersection[c] += counts.intersection[j * classes + c];
            totals.unions[c] += counts.unions[j * classes + c];
        }
    return totals;
}

// mIoU of the totals less image `left` (none for a negative one).
double meanIouWithout(const ClassTotals &totals, const HeldOutPixelCounts &counts, std::ptrdiff_t left)
{
    const std::size_t classes = std::size_t(counts.classes);
    double sum = 0.0;
    int present = 0;
    for (std::size_t c = 0; c < classes; ++c) {
        double intersection = totals.intersection[c], unions = totals.unions[c];
        if (left >= 0) {
            intersection -= counts.intersection[std::size_t(left) * classes + c];
            unions -= counts.unions[std::size_t(left) * classes + c];
        }
        if (unions > 0.0) {
            sum += intersection / unions;
            ++present;
        }
    }
    return present > 0 ? sum / present : 0.0;
}

bool wellFormed(const HeldOutPixelCounts &counts)
{
    const std::size_t cells = std::size_t(counts.images) * std::size_t(counts.classes);
    return counts.images >= 0 && counts.classes >= 0 && counts.intersection.size() == cells
        && counts.unions.size() == cells;
}

} // namespace

double meanIou(const HeldOutPixelCounts &counts)
{
    if (!wellFormed(counts))
        return 0.0;
    return meanIouWithout(totalsOf(counts), counts, -1);
}

double heldOutMeanIouVariance(const std::vector<HeldOutPixelCounts> &a, const std::vector<HeldOutPixelCounts> &b)
{
    if (a.empty() || a.size() != b.size())
        return 0.0;
    const int images = a.front().images, classes = a.front().classes;
    for (std::size_t run = 0; run < a.size(); ++run)
        for (const HeldOutPixelCounts *counts : {&a[run], &b[run]})
            if (!wellFormed(*counts) || counts->images != images || counts->classes != classes)
                return 0.0;
    if (images < 2)
        return 0.0;
    // Each image left out: the difference a − b averaged over the runs.
    std::vector<double> leftOut(std::size_t(images), 0.0);
    const double runs = double(a.size());
    for (std::size_t run = 0; run < a.size(); ++run)
        for (const auto &[counts, sign] : {std::pair{&a[run], 1.0}, std::pair{&b[run], -1.0}}) {
            const ClassTotals totals = totalsOf(*counts);
            for (std::ptrdiff_t j = 0; j < images; ++j)
                leftOut[std::size_t(j)] += sign * meanIouWithout(totals, *counts, j) / runs;
        }
    double mean = 0.0;
    for (double value : leftOut)
        mean += value;
    mean /= images;
    double squares = 0.0;
    for (double value : leftOut)
        squares += (value - mean) * (value - mean);
    return squares * double(images - 1) / double(images);
}

} // namespace augstudio
