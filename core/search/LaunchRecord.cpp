#include "search/LaunchRecord.h"

#include "io/JsonRecord.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace augstudio {

namespace {

const char *const kProcesses = "processes";

constexpr std::uintmax_t kMaxBytes = 4 * 1024;
// Far beyond any torchrun job; a larger count was not written by the engine.
constexpr int kMaxProcesses = 1 << 20;

} // namespace

std::string launchRecordToJson(int processes)
{
    return nlohmann::json{{kProcesses, processes}}.dump(2) + "\n";
}

int readLaunchProcesses(const std::string &path, std::string *warning)
{
    try {
        const std::optional<nlohmann::json> record = readJsonRecord(path, kMaxBytes);
        if (!record)
            return 1;
        return wholeNumberIn(*record, kProcesses, 1, kMaxProcesses, "a process count");
    } catch (const std::exception &e) {
        if (warning)
            *warning = path + ": not a launch record, left out: " + e.what();
        return 1;
    }
}

} // namespace augstudio
