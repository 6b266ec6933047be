#include "data/ImageChannels.h"

#include "data/ParallelFor.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>

namespace augstudio {

namespace {

std::string lowerExtension(const std::string &file)
{
    std::string ext = std::filesystem::path(file).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return ext;
}

// Signature (8 bytes), IHDR length and type (8), width, height, bit depth, colour type.
ImageColour pngColour(std::ifstream &in)
{
    unsigned char header[26];
    if (!in.read(reinterpret_cast<char *>(header), sizeof header))
        return ImageColour::Unknown;
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!std::equal(signature, signature + 8, header) || std::string(header + 12, header + 16) != "IHDR")
        return ImageColour::Unknown;
    switch (header[25]) {
    case 0:
    case 4: return ImageColour::Grey;
    case 2:
    case 3:
    case 6: return ImageColour::Colour;
    default: return ImageColour::Unknown;
    }
}

// Walks the marker segments (skipping APPn and the like by their length) to the first
// start-of-frame, whose component count says grey (1) or colour (3, or 4 for CMYK).
ImageColour jpegColour(std::ifstream &in)
{
    unsigned char soi[2];
    if (!in.read(reinterpret_cast<char *>(soi), 2) || soi[0] != 0xFF || soi[1] != 0xD8)
        return ImageColour::Unknown;
    for (;;) {
        int byte = in.get();
        if (byte != 0xFF)
            return ImageColour::Unknown;
        while (byte == 0xFF) // fill bytes
            byte = in.get();
        if (byte == EOF)
            return ImageColour::Unknown;
        const int marker = byte;
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7))
            continue; // no length
        if (marker == 0xD9 || marker == 0xDA)
            return ImageColour::Unknown; // end of image, or scan data before any frame header
        unsigned char length[2];
        if (!in.read(reinterpret_cast<char *>(length), 2))
            return ImageColour::Unknown;
        const int segment = (length[0] << 8) | length[1];
        if (segment < 2)
            return ImageColour::Unknown;
        const bool startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (startOfFrame) {
            unsigned char frame[6]; // precision, height (2), width (2), components
            if (segment < 8 || !in.read(reinterpret_cast<char *>(frame), sizeof frame))
                return ImageColour::Unknown;
            return frame[5] == 1 ? ImageColour::Grey : ImageColour::Colour;
        }
        if (!in.seekg(segment - 2, std::ios::cur))
            return ImageColour::Unknown;
    }
}

} // namespace

ImageColour imageFileColour(const std::string &file)
{
    const std::string ext = lowerExtension(file);
    if (ext == ".png" || ext == ".jpg" || ext == ".jpeg") {
        std::ifstream in(file, std::ios::binary);
        if (!in)
            return ImageColour::Unknown;
        // Trust the content over the name: a PNG saved as .jpg is still read as a PNG.
        const int first = in.peek();
        if (first == 0x89)
            return pngColour(in);
        if (first == 0xFF)
            return jpegColour(in);
        // something else under that name: decoded below, as the loader will decode it
    }
    try {
        // The flags decodeImage() uses, so that this agrees with what the loader sees.
        const cv::Mat decoded = cv::imread(file, cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR);
        if (decoded.empty())
            return ImageColour::Unknown;
        return decoded.channels() <= 2 ? ImageColour::Grey : ImageColour::Colour;
    } catch (const cv::Exception &) {
        return ImageColour::Unknown;
    }
}

int channelsOfImageFiles(const std::vector<std::string> &files)
{
    std::atomic<bool> colour{false};
    std::atomic<bool> grey{false};
    parallelFor(files.size(), [&](std::size_t i) {
        if (colour.load(std::memory_order_relaxed))
            return; // the answer is known
        switch (imageFileColour(files[i])) {
        case ImageColour::Colour: colour = true; break;
        case ImageColour::Grey: grey = true; break;
        case ImageColour::Unknown: break; // unreadable: the loader skips it
        }
    });
    return grey && !colour ? 1 : 3;
}

} // namespace augstudio
