#include "search/SearchTimeEstimate.h"

#include "search/PlateauDetector.h"

#include <algorithm>
#include <cmath>

namespace augstudio {

SearchTimeEstimate estimateSearchTime(double secondsPerStep, std::size_t images, const SearchConfig &config)
{
    SearchTimeEstimate estimate;
    estimate.secondsPerStep = secondsPerStep;
    const std::size_t used = config.data.dataset.limit > 0 ? std::min(images, std::size_t(config.data.dataset.limit))
                                                           : images;
    const std::size_t batch = std::size_t(std::max(config.data.dataloader.batchSize, 1));
    long long steps = static_cast<long long>(config.data.dataloader.dropLast ? used / batch : (used + batch - 1) / batch);
    if (config.trainer.stepsPerEpoch > 0)
        steps = std::min<long long>(steps, config.trainer.stepsPerEpoch);
    estimate.stepsPerEpoch = steps;
    estimate.secondsPerEpoch = secondsPerStep * double(steps);
    estimate.epochsToVerdict = std::min(PlateauOptions{}.minEpochs, config.trainer.maxEpochs);
    estimate.secondsToVerdict = estimate.secondsPerEpoch * estimate.epochsToVerdict;
    return estimate;
}

SearchConfig smallerSearch(const SearchConfig &config, const SearchTimeEstimate &estimate, double budgetSeconds)
{
    SearchConfig smaller = config;
    if (estimate.secondsToVerdict <= budgetSeconds || estimate.secondsPerStep <= 0 || estimate.epochsToVerdict <= 0)
        return smaller;
    const double stepsInBudget = budgetSeconds / (estimate.secondsPerStep * estimate.epochsToVerdict);
    smaller.trainer.stepsPerEpoch = std::max(1, static_cast<int>(std::floor(stepsInBudget)));
    return smaller;
}

} // namespace augstudio
