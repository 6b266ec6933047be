#pragma once

// The small JSON objects the engine keeps beside a search (plateau.json, launch.json,
// image_size.json): read with a size cap, as a folder from anywhere may hold anything under
// those names.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace augstudio {

// The object at `path`; nullopt when there is no such file. Throws std::runtime_error saying
// what is wrong (not readable, over `maxBytes`, not a JSON object), without the path.
std::optional<nlohmann::json> readJsonRecord(const std::string &path, std::uintmax_t maxBytes);

// The whole number under `key` of `record`, from `min` (at least 0) to `max`. Throws
// std::runtime_error saying `"key" is not <what> (a whole number from min to max)` where it is
// absent, not a whole number, or out of range.
int wholeNumberIn(const nlohmann::json &record, const char *key, int min, int max, const char *what);

} // namespace augstudio
