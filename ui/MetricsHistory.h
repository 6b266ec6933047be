#pragma once

// A search's metrics as rows: read back from the engine's metrics.csv (to show a finished
// or interrupted search) and written out again in the same columns.

#include "search/SearchEvents.h"

#include <QString>

#include <vector>

namespace augstudio::ui {

struct MetricsHistory
{
    std::vector<StepMetrics> steps;
    std::vector<EpochMetrics> epochs;
};

// Reads <dir>/metrics.csv. Steps get stepInEpoch/stepsPerEpoch from the rows of their
// epoch. Throws std::runtime_error naming the file (and line) when it cannot be read.
MetricsHistory readMetricsCsv(const QString &path);

// The same columns as the engine's metrics.csv.
std::string metricsToCsv(const MetricsHistory &history);

} // namespace augstudio::ui
