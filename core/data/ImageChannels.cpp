#include "data/ImageChannels.h"

#include "data/DatasetLayouts.h"
#include "data/ImageDecoding.h"
#include "data/ParallelFor.h"

#include <atomic>
#include <mutex>

namespace augstudio {

namespace {

ImageColour decodedColour(const std::string &file)
{
    try {
        // The decoder the loader uses, so that this agrees with what it sees.
        return decodeStoredImage(file).channels() <= 2 ? ImageColour::Grey : ImageColour::Colour;
    } catch (const DatasetError &) {
        return ImageColour::Unknown;
    } catch (const cv::Exception &) {
        return ImageColour::Unknown;
    }
}

bool headerTellsColour(const ImageHeader &header)
{
    return header.format == ImageFormat::Png || header.format == ImageFormat::Jpeg || header.format == ImageFormat::Pnm;
}

} // namespace

ImageColour imageFileColour(const std::string &file)
{
    const ImageHeader header = readImageHeader(file);
    if (headerTellsColour(header))
        return header.colour;
    return isImageFormat(header.format) ? decodedColour(file) : ImageColour::Unknown;
}

ImageFilesScan scanImageFiles(const std::vector<std::string> &files)
{
    std::atomic<bool> colour{false};
    std::atomic<bool> grey{false};
    std::vector<ImageHeader> headers(files.size());
    parallelFor(files.size(), [&](std::size_t i) {
        headers[i] = readImageHeader(files[i]);
        const ImageHeader &header = headers[i];
        ImageColour found = ImageColour::Unknown;
        if (headerTellsColour(header))
            found = header.colour;
        else if (isImageFormat(header.format) && !colour.load(std::memory_order_relaxed))
            found = decodedColour(files[i]); // decoding is slow: only while the answer is open
        if (found == ImageColour::Colour)
            colour = true;
        else if (found == ImageColour::Grey)
            grey = true;
    });
    ImageFilesScan scan;
    scan.channels = grey && !colour ? 1 : 3;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (headers[i].alpha)
            scan.withAlpha.push_back(files[i]);
        if (!isImageFormat(headers[i].format)) {
            scan.notImages.push_back(files[i]);
            scan.notImageReasons.push_back(notAnImageReason(headers[i]));
        }
    }
    return scan;
}

int channelsOfImageFiles(const std::vector<std::string> &files)
{
    return scanImageFiles(files).channels;
}

void addScanWarnings(const ImageFilesScan &scan, std::vector<DatasetProblem> &problems)
{
    if (!scan.withAlpha.empty()) {
        const std::size_t n = scan.withAlpha.size();
        addWarning(problems, scan.withAlpha.front(),
                   std::to_string(n) + (n == 1 ? " image has" : " images have")
                       + " an alpha channel (transparency), which is dropped: only the colours are read (first: "
                       + scan.withAlpha.front() + ")");
    }
    // One warning per file, the first few of them, then one that counts the rest.
    constexpr std::size_t kListed = 25;
    for (std::size_t i = 0; i < scan.notImages.size() && i < kListed; ++i)
        addWarning(problems, scan.notImages[i],
                   "skipped " + scan.notImages[i] + ": it " + scan.notImageReasons[i]);
    if (scan.notImages.size() > kListed)
        addWarning(problems, scan.notImages[kListed],
                   "and " + std::to_string(scan.notImages.size() - kListed) + " more files that are not images skipped");
}

} // namespace augstudio
