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
    // The rule's own minimum, even past the search's end: a shorter search ends unjudged.
    estimate.epochsToVerdict = PlateauOptions{}.minEpochs;
    estimate.secondsToVerdict = estimate.secondsPerEpoch * estimate.epochsToVerdict;
    estimate.maxEpochs = config.trainer.maxEpochs;
    estimate.secondsOfSearch = estimate.secondsPerEpoch * estimate.maxEpochs;
    return estimate;
}

SearchConfig smallerSearch(const SearchConfig &config, const SearchTimeEstimate &estimate, double budgetSeconds)
{
    SearchConfig smaller = config;
    if (estimate.secondsToAnswer() <= budgetSeconds || estimate.secondsPerStep <= 0 || estimate.epochsToAnswer() <= 0)
        return smaller;
    const double stepsInBudget = budgetSeconds / (estimate.secondsPerStep * estimate.epochsToAnswer());
    smaller.trainer.stepsPerEpoch = std::max(1, static_cast<int>(std::floor(stepsInBudget)));
    return smaller;
}

} // namespace augstudio
