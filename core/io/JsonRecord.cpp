#include "io/JsonRecord.h"

#include "io/FileRead.h"

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace augstudio {

std::optional<nlohmann::json> readJsonRecord(const std::string &path, std::uintmax_t maxBytes)
{
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return std::nullopt;
    std::optional<std::string> text;
    try {
        text = readFileUpTo(path, maxBytes);
    } catch (const std::system_error &failure) {
        throw std::runtime_error("it cannot be read (" + failure.code().message() + ")");
    }
    if (!text)
        throw std::runtime_error("the file holds more than " + std::to_string(maxBytes) + " bytes");
    nlohmann::json record = nlohmann::json::parse(*text, nullptr, false);
    if (record.is_discarded() || !record.is_object())
        throw std::runtime_error("it is not a JSON object");
    return record;
}

int wholeNumberIn(const nlohmann::json &record, const char *key, int min, int max, const char *what)
{
    const auto it = record.find(key);
    // Read as unsigned: a negative integer is never is_number_unsigned, so no cast wraps.
    if (it == record.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() < std::uint64_t(min)
        || it->get<std::uint64_t>() > std::uint64_t(max))
        throw std::runtime_error(std::string("\"") + key + "\" is not " + what + " (a whole number from "
                                 + std::to_string(min) + " to " + std::to_string(max) + ")");
    return static_cast<int>(it->get<std::uint64_t>());
}

} // namespace augstudio
