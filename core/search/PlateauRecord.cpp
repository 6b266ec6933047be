#include "search/PlateauRecord.h"

#include "io/JsonRecord.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>

namespace augstudio {

namespace {

const char *const kEpoch = "epoch";
const char *const kPlateauEpoch = "plateau_epoch";
const char *const kSuggestedEpoch = "suggested_epoch";
const char *const kReason = "reason";

// A verdict is a few hundred bytes; anything far larger was not written by the engine.
constexpr std::uintmax_t kMaxBytes = 16 * 1024;

constexpr int kMaxEpoch = 1000000000;

// The epoch under `key`, counted from 1; 0 when the key is absent and `optional`.
int epochAt(const nlohmann::json &record, const char *key, bool optional)
{
    if (optional && !record.contains(key))
        return 0;
    return wholeNumberIn(record, key, 1, kMaxEpoch, "an epoch");
}

} // namespace

std::string plateauRecordToJson(const PlateauEvent &event)
{
    nlohmann::json record = {
        {kEpoch, event.epoch},
        {kSuggestedEpoch, event.suggestedEpoch},
        {kReason, event.reason},
    };
    if (event.plateauEpoch > 0)
        record[kPlateauEpoch] = event.plateauEpoch;
    return record.dump(2) + "\n";
}

std::optional<PlateauEvent> readPlateauRecord(const std::string &path, std::string *warning)
{
    try {
        const std::optional<nlohmann::json> record = readJsonRecord(path, kMaxBytes);
        if (!record)
            return std::nullopt;
        PlateauEvent event;
        event.epoch = epochAt(*record, kEpoch, false);
        event.suggestedEpoch = epochAt(*record, kSuggestedEpoch, false);
        event.plateauEpoch = epochAt(*record, kPlateauEpoch, true);
        if (const auto reason = record->find(kReason); reason != record->end()) {
            if (!reason->is_string())
                throw std::runtime_error(std::string("\"") + kReason + "\" is not text");
            event.reason = reason->get<std::string>();
        }
        return event;
    } catch (const std::exception &e) {
        if (warning)
            *warning = path + ": not a plateau verdict, left out: " + e.what();
        return std::nullopt;
    }
}

} // namespace augstudio
