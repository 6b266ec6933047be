// Image files of every dataset layout: the header reader (format, size, EXIF orientation)
// from memory and from a file, and the decoder behind Dataset::load, both input types.
// A header over kMaxImagePixels must be refused before decoding.

#include "FuzzSupport.h"

#include "data/Dataset.h"
#include "data/ImageDecoding.h"
#include "data/ImageHeader.h"

#include <stdexcept>
#include <vector>

using namespace augstudio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::vector<unsigned char> bytes(data, data + size);
    const ImageHeader header = imageHeaderOf(bytes);
    notAnImageReason(header);
    exifOrientation(bytes);
    try {
        checkImageArea(header, bytes.size());
    } catch (const std::runtime_error &) {
        return 0;
    }

    const std::string file = fuzz::writeFile("image", data, size);
    readImageHeader(file);
    imageFileSize(file);
    for (const auto dtype : {InputDtype::UInt8, InputDtype::Float32}) {
        try {
            decodeImage(file, dtype);
        } catch (const DatasetError &) {
        }
    }
    return 0;
}
