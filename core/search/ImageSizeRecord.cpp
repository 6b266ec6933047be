#include "search/ImageSizeRecord.h"

#include "io/JsonRecord.h"
#include "search/SearchFolder.h"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace augstudio {

namespace {

const char *const kHeight = "height";
const char *const kWidth = "width";

constexpr std::uintmax_t kMaxBytes = 4 * 1024;
// OpenCV decodes no image with a larger side; a larger one was not written by the engine.
constexpr int kMaxSide = 1 << 20;

int sideOf(const nlohmann::json &record, const char *key)
{
    return wholeNumberIn(record, key, 1, kMaxSide, "a side in pixels");
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

ConversionHints conversionHintsOfPolicyFile(const std::string &policyPath, std::string *warning)
{
    ConversionHints hints;
    if (const std::optional<SearchFolder> folder = SearchFolder::ofPolicyFile(policyPath)) {
        if (const std::optional<RecordedImageSize> size = readImageSizeRecord(folder->imageSizeFile(), warning)) {
            hints.imageHeight = size->height;
            hints.imageWidth = size->width;
        }
    }
    return hints;
}

} // namespace augstudio
