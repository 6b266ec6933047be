#pragma once

// Turning image and mask files into the Mats a Sample holds: RGB images of one depth
// whatever the file stores (grey, 16-bit, alpha, BGR), and single-channel class-id masks.

#include "config/SearchConfig.h"
#include "data/Dataset.h"

#include <opencv2/core.hpp>

#include <string>

namespace augstudio {

// Any decoded image (1-4 channels BGR(A) as OpenCV gives them, 8/16-bit or float) to RGB:
// CV_8UC3, or CV_32FC3 in [0,1] for Float32. Grey is replicated, 16 bits scaled, alpha dropped;
// float input is taken to be in [0,1]. Throws DatasetError naming `file` for other depths.
cv::Mat toRgb(const cv::Mat &decoded, InputDtype dtype, const std::string &file);

// An image file's pixels as stored (OpenCV's BGR(A), grey, any depth; a GIF's colours),
// turned as its EXIF orientation says. Throws UnreadableImageError as decodeImage() does.
cv::Mat decodeStoredImage(const std::string &file);

// Reads an image file as toRgb() describes, turned as its EXIF orientation says (JPEG APP1,
// PNG eXIf). Throws UnreadableImageError naming the file when it is missing, empty, not an
// image or corrupt.
cv::Mat decodeImage(const std::string &file, InputDtype dtype);

struct ValueRange
{
    double low = 0.0, high = 0.0;
};

// The smallest and largest sample of `file` as stored, before toRgb() (NaN left out): what
// a float TIFF holds, which toRgb() takes to be in 0..1. Throws as decodeImage() does.
ValueRange storedValueRange(const std::string &file);

// The size of the image decodeImage() would give, from the header for PNG, JPEG, BMP, TIFF
// and WebP, else by decoding; empty when the file is not a readable image.
cv::Size imageFileSize(const std::string &file);

enum class MaskEncoding {
    ClassIndex,         // one channel (or a palette PNG's indices) = class id
    VocPalette,         // palette indices; colour masks mapped back through the VOC palette, or
                        // the colour table given (CVAT's labelmap.txt)
    CityscapesLabelIds, // *_gtFine_labelIds.png: labelIds mapped to the 19 trainIds, others 255
    BinaryOf255,        // binary masks of 0 and 255: 255 is the foreground, class 1
    BinaryThreshold,    // binary masks blurred at the edges (JPEG): from 128 up the foreground, class 1
    ColourTable,        // colour masks: each colour a class, as a MaskColours table says
};

struct MaskColours;

// A three-channel mask whose channels differ read as ClassIndex: a colour-coded mask, which
// the dataset reads with a colour table instead.
class ColourMaskError : public DatasetError
{
public:
    using DatasetError::DatasetError;
};

// How a mask file holds its pixels.
enum class MaskStorage {
    ClassIds,      // one channel, or a palette PNG's indices
    EqualChannels, // three equal channels: grey saved as RGB, or a colour mask of black alone
    Colours,       // three channels that differ
};

// Reads a mask file as CV_8UC1 class ids (255 = ignore). Palette PNGs give their indices,
// not their colours. A three-channel mask is accepted only when its channels are equal (a
// grey mask saved as RGB), for VocPalette when every colour is a VOC palette colour (or one
// `colours` lists, where given), and for
// ColourTable (which takes `colours`) when the table lists every colour; a ColourTable mask of
// one channel is refused. `storage`, when given, is set to how the file holds its pixels.
// Throws DatasetError naming the file (ColourMaskError as said above).
cv::Mat decodeMask(const std::string &file, MaskEncoding encoding, const MaskColours *colours = nullptr,
                   MaskStorage *storage = nullptr);

// A colour mask's pixels as stored (CV_8UC3, RGB; alpha dropped), turned as its EXIF
// orientation says: what its class colours are read from. Throws DatasetError naming the file
// where it is not an 8-bit colour image (a palette PNG is its indices, grey is no colour).
cv::Mat decodeColourMask(const std::string &file);

// Pascal VOC's palette colour for index i (RGB).
cv::Vec3b vocPaletteColour(int index);

// Cityscapes labelId -> trainId (0..18), 255 for ignored labels.
unsigned char cityscapesTrainId(int labelId);

} // namespace augstudio
