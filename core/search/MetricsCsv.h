#pragma once

// metrics.csv, the one place that knows its columns and rows:
//
//   kind,epoch,step,loss,d_loss,a_loss,average_parameter_change,wall_time_s
//   step,1,1,0.52,0.31,-0.12,,0.8        one row per step (no parameter change)
//   epoch,1,3,0.50,0.29,-0.11,0.034,2.4  one row per finished epoch, after its steps
//
// Numbers as CsvWriter::number writes them (9 significant digits, "nan", "inf"). Folders of
// earlier versions hold the same file, so the format must not change. Plain C++ (no Qt).

#include "search/SearchEvents.h"

#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace augstudio {

class CsvWriter;

// The four metrics a search reports (faa-reference §6), as the app plots them.
enum class Metric { Loss, CriticLoss, PolicyLoss, AverageParameterChange };
// Its metrics.csv column: "loss", "d_loss", "a_loss", "average_parameter_change".
const char *metricColumn(Metric metric);

// A search's metrics as rows of the two kinds.
struct MetricsHistory {
    std::vector<StepMetrics> steps;
    std::vector<EpochMetrics> epochs;
};

// The engine's side: appends each row to the file as it comes.
class MetricsCsvWriter
{
public:
    // A new file with the header; resuming, an existing file keeps its rows up to
    // `resumeStep` (rewritten atomically, without the rows that cannot be read) and the new
    // rows follow them; an epoch of `searched` (the checkpoint's) that the file lacks gets its
    // row back. What resuming finds wrong with the file (rows that cannot be read, steps the
    // checkpoint has and the file lacks) is added to `warnings`, naming the file.
    MetricsCsvWriter(const std::string &path, bool resume, int resumeStep,
                     const std::vector<EpochMetrics> &searched = {}, std::vector<std::string> *warnings = nullptr);
    ~MetricsCsvWriter();
    MetricsCsvWriter(const MetricsCsvWriter &) = delete;
    MetricsCsvWriter &operator=(const MetricsCsvWriter &) = delete;

    void write(const StepMetrics &metrics);
    void write(const EpochMetrics &metrics);

private:
    std::unique_ptr<CsvWriter> m_csv;
};

// Reads a metrics.csv. Steps get stepInEpoch and stepsPerEpoch from the rows of their epoch.
// The file may be hostile: a row that cannot be read (cut short by a crash, a missing
// field, not a number, an overlong line) is skipped, with a warning naming the file and
// the line added to `warnings` (at most a screenful; the last one counts the rest). Rows
// of another kind are left out silently. Throws std::runtime_error naming the file when it
// cannot be read or its header lacks a column.
MetricsHistory readMetricsCsv(const std::string &path, std::vector<std::string> *warnings = nullptr);
// The same from a stream; `name` is the file's name in errors and warnings.
MetricsHistory readMetricsCsv(std::istream &in, const std::string &name, std::vector<std::string> *warnings = nullptr);

// The whole file for `history`, rows in the order the engine writes them.
std::string metricsToCsv(const MetricsHistory &history);

} // namespace augstudio
