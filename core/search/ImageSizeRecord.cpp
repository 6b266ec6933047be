#include "search/ImageSizeRecord.h"

#include "io/JsonRecord.h"
#include "search/SearchFolder.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <stdexcept>

namespace augstudio {

namespace {

const char *const kHeight = "height";
const char *const kWidth = "width";

constexpr std::uintmax_t kMaxBytes = 4 * 1024;
// OpenCV decodes no image with a larger side; a larger one was not written by the engine.
constexpr std::uint64_t kMaxSide = 1 << 20;

int sideOf(const nlohmann::json &record, const char *key)
{
    const auto it = record.find(key);
    if (it == record.end() || !it->is_number_unsigned() || it->get<std::uint64_t>() < 1
        || it->get<std::uint64_t>() > kMaxSide)
        throw std::runtime_error(std::string("\"") + key + "\" is not a side in pixels (a whole number from 1 to "
                                 + std::to_string(kMaxSide) + ")");
    return static_cast<int>(it->get<std::uint64_t>());
}

} // namespace

std::string imageSizeRecordToJson(const RecordedImageSize &size)
{
    return nlohmann::json{{kHeight, size.height}, {kWidth, size.width}}.dump(2) + "\n";
}

std::optional<RecordedImageSize> readImageSizeRecord(const std::string &path, std::string *warning)
{
    try {
        const std::optional<nlohmann::json> record = readJsonRecord(path, kMaxBytes);
        if (!record)
            return std::nullopt;
        return RecordedImageSize{sideOf(*record, kHeight), sideOf(*record, kWidth)};
    } catch (const std::exception &e) {
        if (warning)
            *warning = path + ": not an image size record, left out: " + e.what();
        return std::nullopt;
    }
}

std::optional<RecordedImageSize> imageSizeOfSearchPolicy(const std::string &policyPath, std::string *warning)
{
    const std::optional<SearchFolder> folder = SearchFolder::ofPolicyFile(policyPath);
    if (!folder)
        return std::nullopt;
    return readImageSizeRecord(folder->imageSizeFile(), warning);
}

} // namespace augstudio
