// metrics.csv of a search folder the app or `search --resume` opens: any bytes. What reads
// must write out and read back to the same rows (metricsToCsv is the engine's format).

#include "search/MetricsCsv.h"

#include <cstdlib>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace augstudio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
    std::vector<std::string> warnings;
    MetricsHistory history;
    try {
        history = readMetricsCsv(in, "metrics.csv", &warnings);
    } catch (const std::runtime_error &) {
        return 0;
    }
    std::istringstream again(metricsToCsv(history));
    std::vector<std::string> moreWarnings;
    const MetricsHistory reread = readMetricsCsv(again, "metrics.csv", &moreWarnings);
    if (reread.steps.size() != history.steps.size() || reread.epochs.size() != history.epochs.size()
        || !moreWarnings.empty())
        std::abort(); // the writer's own output must read back whole
    return 0;
}
