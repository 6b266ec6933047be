#pragma once

// A PNG's chunks checked before libpng decodes it. libpng writes its complaints straight to
// stderr ("libpng error: IHDR: CRC error", "libpng warning: iCCP: known incorrect sRGB
// profile"), a line for every decode of every epoch that names no file; found here, a damaged
// file is refused with a message of ours, and a profile libpng would only warn about is left out.

#include <vector>

namespace augstudio {

// Throws std::runtime_error for a PNG cut short (no IEND chunk, a chunk past the end), with
// a chunk that fails its CRC, without image data or with image data that is no zlib stream
// (its first two bytes; damage deeper in the stream is left to libpng). Removes the iCCP chunk (an ICC profile, which OpenCV does not
// apply: no pixel changes). `bytes` must start with the PNG signature.
void preparePngForDecoding(std::vector<unsigned char> &bytes);

} // namespace augstudio
