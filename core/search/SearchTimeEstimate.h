#pragma once

// How long a search will take, from the time of a few real steps: per epoch and to the
// plateau rule's earliest verdict; and a smaller search that fits a time budget.

#include "config/SearchConfig.h"

#include <cstddef>

namespace augstudio {

struct SearchTimeEstimate {
    double secondsPerStep = 0;
    long long stepsPerEpoch = 0;
    double secondsPerEpoch = 0;
    int epochsToVerdict = 0;    // the plateau rule's earliest verdict (its minimum epochs)
    double secondsToVerdict = 0;
    int maxEpochs = 0;          // the whole search (trainer.max_epochs)
    double secondsOfSearch = 0;

    // Whether the search runs the epochs the plateau rule needs before it can answer.
    bool verdictWithinSearch() const { return epochsToVerdict <= maxEpochs; }
    // The wait for an answer: the earliest verdict, or the whole search where that ends first.
    int epochsToAnswer() const { return verdictWithinSearch() ? epochsToVerdict : maxEpochs; }
    double secondsToAnswer() const { return verdictWithinSearch() ? secondsToVerdict : secondsOfSearch; }
};

// `images`: the dataset's images before data.dataset.limit. Steps per epoch follow the
// loader (whole batches with drop_last) and trainer.steps_per_epoch.
SearchTimeEstimate estimateSearchTime(double secondsPerStep, std::size_t images, const SearchConfig &config);

// The same search with trainer.steps_per_epoch lowered so that the answer (secondsToAnswer)
// comes within `budgetSeconds` (each epoch still draws its batches from the whole dataset);
// the config unchanged when it already fits.
SearchConfig smallerSearch(const SearchConfig &config, const SearchTimeEstimate &estimate, double budgetSeconds);

} // namespace augstudio
