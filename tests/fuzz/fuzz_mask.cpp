// Segmentation masks: the palette-PNG index reader from memory, decodeMask from a file in each
// encoding (class ids, VOC palette colours, Cityscapes labelIds, binary, a colour table), the colour
// reader of colour-coded masks, and the same bytes as a class colour file of either format and
// as a class names file of either format.

#include "FuzzSupport.h"

#include "data/ClassNamesFile.h"
#include "data/Dataset.h"
#include "data/ImageDecoding.h"
#include "data/MaskColours.h"
#include "data/PalettePng.h"

#include <cstdlib>
#include <stdexcept>
#include <string>
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
    for (const auto encoding : {MaskEncoding::ClassIndex, MaskEncoding::VocPalette, MaskEncoding::CityscapesLabelIds,
                                MaskEncoding::BinaryOf255, MaskEncoding::BinaryThreshold}) {
        try {
            decodeMask(file, encoding);
        } catch (const DatasetError &) {
        }
    }
    MaskColours table;
    table.colours = {cv::Vec3b(0, 0, 0), cv::Vec3b(255, 255, 255), cv::Vec3b(128, 0, 0)};
    table.names = {"background", "white", "red"};
    try {
        decodeMask(file, MaskEncoding::ColourTable, &table);
    } catch (const DatasetError &) {
    }
    try {
        decodeColourMask(file);
    } catch (const DatasetError &) {
    }

    const std::string text(reinterpret_cast<const char *>(data), size);
    for (const auto parse : {parseClassDictCsv, parseLabelmapTxt}) {
        try {
            const MaskColours colours = parse(text, "colours");
            if (colours.colours.empty() || colours.colours.size() > 255 || colours.names.size() != colours.colours.size())
                std::abort(); // a table is one to 255 classes, a name each
            for (std::size_t id = 0; id < colours.colours.size(); ++id)
                if (colours.idOf(colours.colours[id]) != int(id))
                    std::abort(); // each colour is one class
        } catch (const DatasetError &) {
        }
    }
    for (const auto parse : {parseClassNamesTxt, parseRoboflowClassesCsv}) {
        try {
            const ClassNamesFile names = parse(text, "names");
            if (names.names.empty() || names.names.size() > 255)
                std::abort(); // one to 255 classes
            for (const std::string &name : names.names)
                if (name.empty())
                    std::abort(); // every id named
        } catch (const DatasetError &) {
        }
    }
    return 0;
}
