#include "io/JsonRecord.h"

#include "io/FileRead.h"

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

} // namespace augstudio
