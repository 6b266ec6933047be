#include "evaluate/LearningRate.h"

#include <algorithm>
#include <cmath>

namespace augstudio {

double warmupCosineLearningRate(double peak, int step, int totalSteps, int warmupSteps)
{
    totalSteps = std::max(totalSteps, 1);
    warmupSteps = std::clamp(warmupSteps, 0, totalSteps - 1);
    step = std::clamp(step, 0, totalSteps - 1);
    if (step < warmupSteps)
        return peak * double(step + 1) / double(warmupSteps);
    // From the peak at the first step after the warm-up to zero one step past the last.
    const double progress = double(step - warmupSteps) / double(totalSteps - warmupSteps);
    return 0.5 * peak * (1.0 + std::cos(M_PI * progress));
}

} // namespace augstudio
