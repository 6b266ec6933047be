#include "io/JsonRecord.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace augstudio {

std::optional<nlohmann::json> readJsonRecord(const std::string &path, std::uintmax_t maxBytes)
{
    std::error_code error;
    if (!std::filesystem::exists(path, error))
        return std::nullopt;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error)
        throw std::runtime_error(error.message());
    if (size > maxBytes)
        throw std::runtime_error("the file holds " + std::to_string(size) + " bytes");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("it cannot be read");
    const std::string text(std::istreambuf_iterator<char>(in), {});
    nlohmann::json record = nlohmann::json::parse(text, nullptr, false);
    if (record.is_discarded() || !record.is_object())
        throw std::runtime_error("it is not a JSON object");
    return record;
}

} // namespace augstudio
