// Segmentation masks: the palette-PNG index reader from memory, and decodeMask from a file
// in each encoding (class ids, VOC palette colours, Cityscapes labelIds).

#include "FuzzSupport.h"

#include "data/Dataset.h"
#include "data/ImageDecoding.h"
#include "data/PalettePng.h"

#include <stdexcept>
#include <vector>

using namespace augstudio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::vector<unsigned char> bytes(data, data + size);
    cv::Mat indices;
    try {
        decodePalettePng(bytes, indices);
    } catch (const std::runtime_error &) {
    }

    const std::string file = fuzz::writeFile("mask.png", data, size);
    for (const auto encoding : {MaskEncoding::ClassIndex, MaskEncoding::VocPalette, MaskEncoding::CityscapesLabelIds}) {
        try {
            decodeMask(file, encoding);
        } catch (const DatasetError &) {
        }
    }
    return 0;
}
