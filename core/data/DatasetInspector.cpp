#include "data/DatasetInspector.h"

#include "data/ImageDecoding.h"
#include "data/ImageHeader.h"
#include "data/ParallelFor.h"

#include <algorithm>
#include <bitset>
#include <iomanip>
#include <locale>
#include <optional>
#include <sstream>
#include <string>

#include <opencv2/core.hpp>

namespace augstudio {

namespace {

// No pixel above this (of 255) is what 16-bit files that hold 12-bit values (up to 4095)
// become in 8 bits, in the search and in cv2.imread alike.
constexpr double kTwelveBitsIn8 = 4095.0 / 257.0 + 0.5;

struct ItemResult
{
    bool inspected = false;
    bool ok = false;
    bool nearlyBlack = false;
    std::optional<ValueRange> floatOutsideUnit; // a float file's range, where it leaves 0..1
    int width = 0, height = 0;
    std::bitset<256> classes; // segmentation: ids present in the mask
    DatasetProblem problem;
};

// 12-bit data in a 16-bit file: no pixel of the decoded image above what 4095 becomes.
bool looksNearlyBlack(const cv::Mat &image, const ImageHeader &header)
{
    double brightest = 0.0;
    cv::minMaxLoc(image.reshape(1), nullptr, &brightest);
    const double scale = image.depth() == CV_8U ? 1.0 : 255.0;
    return brightest * scale <= kTwelveBitsIn8 && header.bitDepth == 16;
}

// A float file's values where they leave 0..1, which decoding saturates to black and white.
std::optional<ValueRange> floatRangeOutsideUnit(const std::string &file, const ImageHeader &header)
{
    if (!header.floatSamples)
        return std::nullopt;
    try {
        const ValueRange range = storedValueRange(file);
        if (range.low < 0.0 || range.high > 1.0)
            return range;
    } catch (const std::exception &) {
        // it decoded a moment ago; a file changed since is the search's to find
    }
    return std::nullopt;
}

// A number as a message shows it: 4 significant digits, a point whatever the locale.
std::string shortNumber(double value)
{
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out << std::setprecision(4) << value;
    return out.str();
}

std::string twelveBitWarning(std::size_t count, std::size_t decoded, const std::string &first)
{
    return std::to_string(count) + " of " + std::to_string(decoded)
           + " images are 16-bit files with no value above 4095 (the first: " + first
           + "): 12-bit data, which 8 bits make nearly black (at most 16 of 255), here as in cv2.imread; "
             "scale them to the full 16 bits (values up to 65535) before searching";
}

std::string floatRangeWarning(std::size_t count, std::size_t decoded, const std::string &first, ValueRange range)
{
    return std::to_string(count) + " of " + std::to_string(decoded)
           + " images are float files with values outside 0..1 (the first: " + first + ", values "
           + shortNumber(range.low) + " to " + shortNumber(range.high)
           + "): they decode as if 0..1 were the full range, values above 1 as white and below 0 as black; "
             "scale them to 0..1 (or save them as 8- or 16-bit integers) before searching";
}

} // namespace

std::vector<cv::Size> scanImageSizes(const Dataset &dataset)
{
    std::vector<cv::Size> sizes(dataset.size());
    parallelFor(dataset.size(), [&](std::size_t i) { sizes[i] = dataset.imageSize(i); });
    return sizes;
}

std::string mismatchedPairs(const Dataset &dataset)
{
    std::vector<std::string> problems(dataset.size());
    parallelFor(dataset.size(), [&](std::size_t i) { problems[i] = dataset.pairProblem(i); });
    std::string first;
    std::size_t count = 0;
    for (const std::string &problem : problems)
        if (!problem.empty() && count++ == 0)
            first = problem;
    if (count > 1)
        first += " (and " + std::to_string(count - 1) + " more pairs whose sizes differ; validate lists them)";
    return first;
}

DatasetReport inspectDataset(const Dataset &dataset, const std::function<bool(std::size_t, std::size_t)> &progress,
                             std::size_t sampleSize)
{
    DatasetReport report;
    report.layout = dataset.layout();
    report.labelsSource = dataset.labelsSource();
    report.images = dataset.size();
    report.channels = dataset.channels();
    report.numClasses = dataset.numClasses();
    report.classNames = dataset.classNames();
    report.imagesPerClass.assign(std::size_t(std::max(report.numClasses, 0)), 0);
    const bool segmentation = dataset.task() == Task::SemanticSegmentation;
    if (!segmentation)
        report.filesPerClass = report.imagesPerClass;

    std::vector<ItemResult> results(dataset.size());
    const std::size_t count =
        sampleSize > 0 ? std::min(sampleSize, dataset.size()) : dataset.size();
    const bool completed = parallelFor(
        count,
        [&](std::size_t k) {
            const std::size_t i = count == dataset.size() ? k : k * dataset.size() / count;
            ItemResult &result = results[i];
            try {
                const Sample sample = dataset.load(i);
                result.width = sample.image.cols;
                result.height = sample.image.rows;
                const ImageHeader header = readImageHeader(dataset.itemName(i));
                result.nearlyBlack = looksNearlyBlack(sample.image, header);
                result.floatOutsideUnit = floatRangeOutsideUnit(dataset.itemName(i), header);
                if (segmentation) {
                    for (int y = 0; y < sample.mask.rows; ++y) {
                        const unsigned char *row = sample.mask.ptr<unsigned char>(y);
                        for (int x = 0; x < sample.mask.cols; ++x)
                            result.classes.set(row[x]);
                    }
                }
                result.ok = true;
            } catch (const UnreadableImageError &e) {
                result.problem = {true, e.file().empty() ? dataset.itemName(i) : e.file(), e.what(), true};
            } catch (const DatasetError &e) {
                result.problem = {true, e.file().empty() ? dataset.itemName(i) : e.file(), e.what()};
            } catch (const std::exception &e) {
                result.problem = {true, dataset.itemName(i), dataset.itemName(i) + ": " + e.what()};
            }
            result.inspected = true;
        },
        progress);
    report.cancelled = !completed;

    std::size_t decoded = 0, nearlyBlack = 0, floatOutside = 0;
    std::string firstNearlyBlack, firstFloatOutside;
    ValueRange firstFloatRange;
    double widthSum = 0.0, heightSum = 0.0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const ItemResult &result = results[i];
        // An image that does not decode is not counted in its class: the search skips it. Any
        // other refusal (a mask of another size) stops the search: an error, not a skip.
        const bool skipped = result.inspected && !result.ok && result.problem.unreadableImage;
        if (const int label = segmentation ? -1 : dataset.label(i);
            label >= 0 && std::size_t(label) < report.imagesPerClass.size()) {
            ++report.filesPerClass[std::size_t(label)];
            if (!skipped)
                ++report.imagesPerClass[std::size_t(label)];
        }
        if (!result.inspected)
            continue;
        ++report.inspected;
        if (!result.ok) {
            ++report.rejected;
            if (skipped)
                ++report.unreadable;
            report.problems.push_back(result.problem);
            continue;
        }
        if (decoded == 0) {
            report.minWidth = report.maxWidth = result.width;
            report.minHeight = report.maxHeight = result.height;
        }
        report.minWidth = std::min(report.minWidth, result.width);
        report.maxWidth = std::max(report.maxWidth, result.width);
        report.minHeight = std::min(report.minHeight, result.height);
        report.maxHeight = std::max(report.maxHeight, result.height);
        widthSum += result.width;
        heightSum += result.height;
        ++decoded;
        if (result.nearlyBlack && nearlyBlack++ == 0)
            firstNearlyBlack = dataset.itemName(i);
        if (result.floatOutsideUnit && floatOutside++ == 0) {
            firstFloatOutside = dataset.itemName(i);
            firstFloatRange = *result.floatOutsideUnit;
        }
        if (segmentation) {
            for (std::size_t c = 0; c < report.imagesPerClass.size(); ++c) {
                if (result.classes.test(c))
                    ++report.imagesPerClass[c];
            }
        }
    }
    if (decoded > 0) {
        report.meanWidth = widthSum / double(decoded);
        report.meanHeight = heightSum / double(decoded);
    }
    if (nearlyBlack > 0)
        report.problems.push_back({false, firstNearlyBlack, twelveBitWarning(nearlyBlack, decoded, firstNearlyBlack)});
    if (floatOutside > 0)
        report.problems.push_back(
            {false, firstFloatOutside, floatRangeWarning(floatOutside, decoded, firstFloatOutside, firstFloatRange)});
    return report;
}

} // namespace augstudio
