#pragma once

// What an image file's first bytes say, without decoding its pixels: the format, the size
// as displayed (EXIF orientation applied), grey or colour, alpha. One reader for the
// channel scan, the size scan and the decoders' orientation, so they cannot disagree.

#include <opencv2/core.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace augstudio {

enum class ImageFormat { Png, Jpeg, Bmp, Tiff, Webp, Pnm, Gif, Empty, NotAnImage, Unreadable };

enum class ImageColour { Grey, Colour, Unknown };

struct ImageHeader
{
    ImageFormat format = ImageFormat::Unreadable;
    // PNG, JPEG, BMP, TIFF, WebP, PNM and GIF (its logical screen; 0 otherwise): the size as
    // displayed, after the orientation (PNG and JPEG EXIF, the TIFF tag; the others as stored,
    // which is how they are decoded)
    int width = 0, height = 0;
    ImageColour colour = ImageColour::Unknown; // PNG, JPEG and PNM only
    bool alpha = false;   // PNG colour type 4 or 6 (the decoders drop the alpha)
    int bitDepth = 0;     // bits a sample: PNG, TIFF (the first sample's), PNM (16 above maxval 255); 0 where not read
    bool floatSamples = false; // TIFF SampleFormat 3: float pixels, decoded as if 0..1 were their range
    // 1..8 as EXIF says (JPEG APP1, PNG eXIf) or the TIFF Orientation tag; 1 = as stored. OpenCV
    // turns a TIFF's pixels itself, the decoders the others'.
    int orientation = 1;
    std::string firstBytes; // printable start of a file that is not an image, for messages
    std::string otherFormat; // "DICOM", "HEIF", ...: a format recognised but not decoded
    std::int64_t pixelsEnd = 0; // binary PNM: the file size its header and pixels need (0: unknown)
};

// Reads the start of `file` (a few hundred bytes for a JPEG's segments, a PNG's chunk
// headers up to the pixels). The format comes from the content, not the name: a PNG saved
// as .jpg is a PNG. PBM, PGM and PPM are Pnm; GIF87a and GIF89a are Gif. Any other content is NotAnImage, whatever
// OpenCV could make of it: its DICOM, JPEG 2000 and EXR readers are third-party parsers that
// can abort the whole process on a damaged file (GDCM asserts).
ImageHeader readImageHeader(const std::string &file);

// The same from the bytes of a whole file already in memory.
ImageHeader imageHeaderOf(const std::vector<unsigned char> &bytes);

// The most pixels an image may have (16384 × 16384). A header announcing more is refused
// before decoding: such a file is an attack or a mistake, and would exhaust memory.
constexpr std::int64_t kMaxImagePixels = std::int64_t(1) << 28;

// More pixels than this a byte is a decompression bomb, not an image: a flat 1-bit PNG, the
// most compressible image there is, holds about 8000. Checked above 16 megapixels only.
constexpr std::int64_t kMaxPixelsPerFileByte = 10000;

// Throws std::runtime_error ("announces 100000 × 100000 pixels, more than ...") when the
// header's size is above kMaxImagePixels, or above 16 megapixels with more than
// kMaxPixelsPerFileByte for each of the file's `fileBytes`. Headers without a size pass, but
// for a JPEG's and a PNM's: their decoders may find a size the reader did not, and allocate
// what it says. A binary PNM shorter than its pixels is cut short.
void checkImageArea(const ImageHeader &header, std::size_t fileBytes);

// The orientation left to apply to the pixels OpenCV decodes (IMREAD_IGNORE_ORIENTATION):
// the EXIF one of a PNG or JPEG; 1 for a TIFF, which OpenCV's decoder turns itself, and the rest.
int orientationToApply(const ImageHeader &header);

// The same from the bytes of a whole file: a JPEG's or PNG's EXIF orientation, else 1.
int exifOrientation(const std::vector<unsigned char> &bytes);

// Turns a decoded image as stored into the image as displayed for EXIF `orientation`
// (the same flips and transposes as cv::imread).
void applyExifOrientation(cv::Mat &image, int orientation);

// True for the formats readImageHeader() recognised as images (not Empty, NotAnImage,
// Unreadable).
bool isImageFormat(ImageFormat format);

// "is empty (0 bytes)", "is not an image (it starts with "<!DOCTYPE html>")", ... for a
// header that is not an image.
std::string notAnImageReason(const ImageHeader &header);

} // namespace augstudio
