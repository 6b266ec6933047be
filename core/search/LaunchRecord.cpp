#include "search/LaunchRecord.h"

#include "io/JsonRecord.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>

namespace augstudio {

namespace {

const char *const kProcesses = "processes";

constexpr std::uintmax_t kMaxBytes = 4 * 1024;
// Far beyond any torchrun job; a larger count was not written by the engine.
constexpr std::uint64_t kMaxProcesses = 1 << 20;

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
        const auto it = record->find(kProcesses);
        if (it == record->end() || !it->is_number_unsigned() || it->get<std::uint64_t>() < 1
            || it->get<std::uint64_t>() > kMaxProcesses)
            throw std::runtime_error(std::string("\"") + kProcesses + "\" is not a process count (a whole number from 1)");
        return static_cast<int>(it->get<std::uint64_t>());
    } catch (const std::exception &e) {
        if (warning)
            *warning = path + ": not a launch record, left out: " + e.what();
        return 1;
    }
}

} // namespace augstudio
