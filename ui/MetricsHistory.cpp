#include "MetricsHistory.h"

#include "io/CsvWriter.h"

#include <QFile>

#include <climits>
#include <cmath>
#include <map>
#include <stdexcept>

namespace augstudio::ui {

namespace {

const std::vector<std::string> kColumns = {"kind", "epoch", "step", "loss", "d_loss", "a_loss",
                                           "average_parameter_change", "wall_time_s"};

double number(const std::string &cell)
{
    if (cell.empty())
        return std::nan("");
    return std::stod(cell); // reads "nan" and "inf" too
}

} // namespace

MetricsHistory readMetricsCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString() + ": " + file.errorString().toStdString());
    const std::vector<std::vector<std::string>> rows = parseCsv(file.readAll().toStdString());
    if (rows.empty())
        return {};
    std::map<std::string, size_t> column;
    for (size_t i = 0; i < rows[0].size(); ++i)
        column[rows[0][i]] = i;
    for (const std::string &name : kColumns)
        if (!column.count(name))
            throw std::runtime_error(path.toStdString() + ": no column '" + name + "'; is it an AugStudio metrics.csv?");

    MetricsHistory history;
    std::map<int, int> stepsInEpoch;
    for (size_t r = 1; r < rows.size(); ++r) {
        const std::vector<std::string> &row = rows[r];
        if (row.size() != rows[0].size())
            continue; // a line a crash cut short
        auto cell = [&](const char *name) { return row[column.at(name)]; };
        try {
            if (cell("kind") == "step") {
                StepMetrics m;
                m.epoch = std::stoi(cell("epoch"));
                m.step = std::stoi(cell("step"));
                m.stepInEpoch = ++stepsInEpoch[m.epoch];
                m.loss = number(cell("loss"));
                m.dLoss = number(cell("d_loss"));
                m.aLoss = number(cell("a_loss"));
                m.wallSeconds = number(cell("wall_time_s"));
                history.steps.push_back(m);
            } else if (cell("kind") == "epoch") {
                EpochMetrics m;
                m.epoch = std::stoi(cell("epoch"));
                m.step = std::stoi(cell("step"));
                m.loss = number(cell("loss"));
                m.dLoss = number(cell("d_loss"));
                m.aLoss = number(cell("a_loss"));
                m.averageParameterChange = number(cell("average_parameter_change"));
                m.wallSeconds = number(cell("wall_time_s"));
                history.epochs.push_back(m);
            }
        } catch (const std::logic_error &) {
            throw std::runtime_error(path.toStdString() + ", line " + std::to_string(r + 1) + ": not a number");
        }
    }
    // The steps of a finished epoch set the epoch length; an unfinished last epoch has it too.
    int stepsPerEpoch = 0;
    for (const auto &[epoch, count] : stepsInEpoch)
        stepsPerEpoch = std::max(stepsPerEpoch, count);
    for (StepMetrics &m : history.steps)
        m.stepsPerEpoch = stepsPerEpoch;
    return history;
}

std::string metricsToCsv(const MetricsHistory &history)
{
    std::string text;
    auto line = [&text](const std::vector<std::string> &cells) {
        for (size_t i = 0; i < cells.size(); ++i)
            text += (i ? "," : "") + CsvWriter::quote(cells[i]);
        text += "\n";
    };
    line(kColumns);
    // Rows in the order the engine writes them: an epoch's steps, then the epoch.
    size_t e = 0;
    auto flushEpochsUpTo = [&](int step) {
        for (; e < history.epochs.size() && history.epochs[e].step <= step; ++e) {
            const EpochMetrics &m = history.epochs[e];
            line({"epoch", std::to_string(m.epoch), std::to_string(m.step), CsvWriter::number(m.loss),
                  CsvWriter::number(m.dLoss), CsvWriter::number(m.aLoss), CsvWriter::number(m.averageParameterChange),
                  CsvWriter::number(m.wallSeconds)});
        }
    };
    for (const StepMetrics &m : history.steps) {
        flushEpochsUpTo(m.step - 1);
        line({"step", std::to_string(m.epoch), std::to_string(m.step), CsvWriter::number(m.loss),
              CsvWriter::number(m.dLoss), CsvWriter::number(m.aLoss), "", CsvWriter::number(m.wallSeconds)});
    }
    flushEpochsUpTo(INT_MAX);
    return text;
}

} // namespace augstudio::ui
