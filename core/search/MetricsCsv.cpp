#include "search/MetricsCsv.h"

#include "io/AtomicFile.h"
#include "io/CsvWriter.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <stdexcept>

namespace augstudio {

namespace {

enum Column { Kind, Epoch, Step, Loss, DLoss, ALoss, ParameterChange, WallTime, ColumnCount };

const char *const kColumns[ColumnCount] = {"kind", "epoch", "step", "loss", "d_loss",
                                           "a_loss", "average_parameter_change", "wall_time_s"};
const char *const kStepKind = "step";
const char *const kEpochKind = "epoch";

// A valid row is under 200 characters; anything much longer is not one, and is not kept.
constexpr size_t kMaxLineLength = 4096;
constexpr size_t kMaxWarnings = 20;

std::vector<std::string> header()
{
    return {std::begin(kColumns), std::end(kColumns)};
}

// The cells both kinds of row have; `parameterChange` is empty on a step row.
template <class Metrics>
std::vector<std::string> row(const char *kind, const Metrics &m, const std::string &parameterChange)
{
    return {kind,
            std::to_string(m.epoch),
            std::to_string(m.step),
            CsvWriter::number(m.loss),
            CsvWriter::number(m.dLoss),
            CsvWriter::number(m.aLoss),
            parameterChange,
            CsvWriter::number(m.wallSeconds)};
}

std::vector<std::string> stepRow(const StepMetrics &m)
{
    return row(kStepKind, m, "");
}

std::vector<std::string> epochRow(const EpochMetrics &m)
{
    return row(kEpochKind, m, CsvWriter::number(m.averageParameterChange));
}

// One physical line; a longer one than kMaxLineLength is read to its end but not kept.
struct Line {
    std::string text;
    bool tooLong = false;
    bool terminated = false; // ended by a line break, not by the end of the file
};

bool readLine(std::streambuf &in, Line &line)
{
    line = Line();
    bool any = false;
    for (int c; (c = in.sbumpc()) != std::char_traits<char>::eof();) {
        any = true;
        if (c == '\n') {
            line.terminated = true;
            break;
        }
        if (line.text.size() < kMaxLineLength)
            line.text += static_cast<char>(c);
        else
            line.tooLong = true;
    }
    if (!line.text.empty() && line.text.back() == '\r')
        line.text.pop_back();
    return any;
}

// A bad row: what is wrong with it, for the warning.
struct BadRow : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int integer(const std::string &cell, Column column)
{
    int value = 0;
    const char *last = cell.data() + cell.size();
    const auto [end, error] = std::from_chars(cell.data(), last, value);
    if (cell.empty() || error != std::errc() || end != last)
        throw BadRow(std::string(kColumns[column]) + " '" + cell + "' is not a whole number");
    return value;
}

// Empty cells are NaN (the parameter change of a step row, or pandas' missing value).
// Locale-free, and "nan", "inf" and "-inf" read as CsvWriter::number writes them.
double number(const std::string &cell, Column column)
{
    if (cell.empty())
        return std::nan("");
    double value = 0;
    const char *last = cell.data() + cell.size();
    const auto [end, error] = std::from_chars(cell.data(), last, value);
    if (error != std::errc() || end != last)
        throw BadRow(std::string(kColumns[column]) + " '" + cell + "' is not a number");
    return value;
}

// The cells both kinds of row have. `cell` gives a column's cell of the row.
template <class Metrics, class Cell>
Metrics readRow(const Cell &cell)
{
    Metrics m;
    m.epoch = integer(cell(Epoch), Epoch);
    m.step = integer(cell(Step), Step);
    m.loss = number(cell(Loss), Loss);
    m.dLoss = number(cell(DLoss), DLoss);
    m.aLoss = number(cell(ALoss), ALoss);
    m.wallSeconds = number(cell(WallTime), WallTime);
    return m;
}

// Where each column is in the file's header; throws when one is missing.
std::vector<size_t> columnPositions(const Line &line, const std::string &name)
{
    if (line.tooLong)
        throw std::runtime_error(name + ", line 1: not a metrics header (over "
                                 + std::to_string(kMaxLineLength) + " characters)");
    std::vector<std::vector<std::string>> records;
    try {
        records = parseCsv(line.text);
    } catch (const std::invalid_argument &error) {
        throw std::runtime_error(name + ", line 1: " + error.what());
    }
    const std::vector<std::string> fields = records.empty() ? std::vector<std::string>() : records.front();
    std::vector<size_t> positions(ColumnCount);
    for (int c = 0; c < ColumnCount; ++c) {
        const auto found = std::find(fields.rbegin(), fields.rend(), kColumns[c]); // the last of equal names
        if (found == fields.rend())
            throw std::runtime_error(name + ": no column '" + kColumns[c] + "'; is it an AugStudio metrics.csv?");
        positions[c] = static_cast<size_t>(fields.rend() - found - 1);
    }
    positions.push_back(fields.size()); // the field count every row must have
    return positions;
}

class Warnings
{
public:
    Warnings(const std::string &name, std::vector<std::string> *out) : m_name(name), m_out(out) {}
    ~Warnings()
    {
        if (m_out && m_count > kMaxWarnings)
            m_out->push_back(m_name + ": " + std::to_string(m_count - kMaxWarnings) + " more lines skipped");
    }
    void add(size_t line, const std::string &why)
    {
        if (m_out && ++m_count <= kMaxWarnings)
            m_out->push_back(m_name + ", line " + std::to_string(line) + ": " + why + "; skipped");
    }

private:
    std::string m_name;
    std::vector<std::string> *m_out;
    size_t m_count = 0;
};

} // namespace

namespace {

// On resume: keeps the rows up to the checkpoint's step, rewriting the file atomically; the
// rows that cannot be read go too, and the epochs of `searched` the file lacks come back. What
// is dropped or missing is added to `warnings`.
void keepRowsUpTo(const std::string &path, int resumeStep, const std::vector<EpochMetrics> &searched,
                  std::vector<std::string> *warnings)
{
    std::vector<std::string> unreadable;
    MetricsHistory kept;
    const bool existed = std::filesystem::exists(path);
    if (existed) {
        kept = readMetricsCsv(path, &unreadable);
        auto later = [resumeStep](const auto &row) { return row.step > resumeStep; };
        kept.steps.erase(std::remove_if(kept.steps.begin(), kept.steps.end(), later), kept.steps.end());
        kept.epochs.erase(std::remove_if(kept.epochs.begin(), kept.epochs.end(), later), kept.epochs.end());
    }
    bool restored = false;
    for (const EpochMetrics &epoch : searched) {
        const bool there = std::any_of(kept.epochs.begin(), kept.epochs.end(),
                                       [&](const EpochMetrics &row) { return row.epoch == epoch.epoch; });
        if (!there && epoch.step <= resumeStep) {
            kept.epochs.push_back(epoch);
            restored = true;
        }
    }
    std::stable_sort(kept.epochs.begin(), kept.epochs.end(),
                     [](const EpochMetrics &a, const EpochMetrics &b) { return a.step < b.step; });
    if (existed || restored)
        writeFileAtomically(path, metricsToCsv(kept));
    if (!warnings)
        return;
    warnings->insert(warnings->end(), unreadable.begin(), unreadable.end());
    int lastStep = 0;
    for (const StepMetrics &m : kept.steps)
        lastStep = std::max(lastStep, m.step);
    if (lastStep >= resumeStep)
        return;
    const std::string steps = lastStep + 1 == resumeStep
                                  ? "step " + std::to_string(resumeStep)
                                  : "steps " + std::to_string(lastStep + 1) + " to " + std::to_string(resumeStep);
    warnings->push_back(path + (existed ? " has no rows for " : " was missing: no rows for ") + steps
                        + ", which the checkpoint has searched; the step curves have a gap there"
                        + (restored ? " (each epoch's row is back, from the checkpoint)" : ""));
}

} // namespace

MetricsCsvWriter::MetricsCsvWriter(const std::string &path, bool resume, int resumeStep,
                                   const std::vector<EpochMetrics> &searched, std::vector<std::string> *warnings)
{
    if (resume)
        keepRowsUpTo(path, resumeStep, searched, warnings);
    m_csv = std::make_unique<CsvWriter>(path, header(), resume);
}

MetricsCsvWriter::~MetricsCsvWriter() = default;

void MetricsCsvWriter::write(const StepMetrics &metrics)
{
    m_csv->writeRow(stepRow(metrics));
}

void MetricsCsvWriter::write(const EpochMetrics &metrics)
{
    m_csv->writeRow(epochRow(metrics));
}

const char *metricColumn(Metric metric)
{
    switch (metric) {
    case Metric::Loss: return kColumns[Loss];
    case Metric::CriticLoss: return kColumns[DLoss];
    case Metric::PolicyLoss: return kColumns[ALoss];
    case Metric::AverageParameterChange: return kColumns[ParameterChange];
    }
    return "";
}

MetricsHistory readMetricsCsv(const std::string &path, std::vector<std::string> *warnings)
{
    // A folder opens as a file would, and fails only at the first read, naming nothing.
    if (std::error_code error; std::filesystem::is_directory(path, error))
        throw std::runtime_error("cannot read " + path + ": it is a folder, not a metrics file; move it out of the way");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
    try {
        return readMetricsCsv(in, path, warnings);
    } catch (const std::ios_base::failure &error) { // the system refused a read: say which file
        throw std::runtime_error("cannot read " + path + ": " + error.code().message());
    }
}

MetricsHistory readMetricsCsv(std::istream &in, const std::string &name, std::vector<std::string> *warnings)
{
    std::streambuf &buffer = *in.rdbuf();
    Line line;
    if (!readLine(buffer, line))
        return {};
    // The start of the header without its line break is one a crash cut short: no rows yet.
    if (!line.terminated && CsvWriter::line(header()).rfind(line.text, 0) == 0)
        return {};
    const std::vector<size_t> at = columnPositions(line, name);
    const size_t fieldCount = at.back();

    MetricsHistory history;
    Warnings skipped(name, warnings);
    std::map<int, int> stepsInEpoch;
    for (size_t lineNumber = 2; readLine(buffer, line); ++lineNumber) {
        if (line.text.empty() && !line.tooLong)
            continue;
        try {
            if (line.tooLong)
                throw BadRow("over " + std::to_string(kMaxLineLength) + " characters");
            if (!line.terminated)
                throw BadRow("cut short (no line break at the end)");
            std::vector<std::vector<std::string>> records;
            try {
                records = parseCsv(line.text);
            } catch (const std::invalid_argument &) {
                throw BadRow("a quote is not closed");
            }
            const std::vector<std::string> &row = records.front();
            if (row.size() != fieldCount)
                throw BadRow(std::to_string(row.size()) + " fields, the header has " + std::to_string(fieldCount));
            auto cell = [&](Column c) -> const std::string & { return row[at[c]]; };
            if (cell(Kind) == kStepKind) {
                StepMetrics m = readRow<StepMetrics>(cell);
                m.stepInEpoch = ++stepsInEpoch[m.epoch];
                history.steps.push_back(m);
            } else if (cell(Kind) == kEpochKind) {
                EpochMetrics m = readRow<EpochMetrics>(cell);
                m.averageParameterChange = number(cell(ParameterChange), ParameterChange);
                history.epochs.push_back(m);
            }
        } catch (const BadRow &why) {
            skipped.add(lineNumber, why.what());
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
    std::string text = CsvWriter::line(header());
    // Rows in the order the engine writes them: an epoch's steps, then the epoch.
    size_t e = 0;
    auto epochsUpTo = [&](int step) {
        for (; e < history.epochs.size() && history.epochs[e].step <= step; ++e)
            text += CsvWriter::line(epochRow(history.epochs[e]));
    };
    for (const StepMetrics &m : history.steps) {
        epochsUpTo(m.step - 1);
        text += CsvWriter::line(stepRow(m));
    }
    epochsUpTo(INT_MAX);
    return text;
}

} // namespace augstudio
