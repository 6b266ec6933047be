#pragma once

// Whether a dataset's images are grayscale, found when the dataset is opened. PNG and JPEG
// files are judged by their header alone (a few bytes each, fast enough for 60k files);
// other formats are decoded as the loader decodes them.

#include <string>
#include <vector>

namespace augstudio {

enum class ImageColour { Grey, Colour, Unknown };

// PNG: IHDR colour type 0 (grey) or 4 (grey + alpha, whose alpha the loader drops) is grey;
// 2, 3 (palette) and 6 are colour. JPEG: the frame header's component count, 1 = grey.
// Other formats: cv::imread as decodeImage() reads them, one or two channels = grey. A file
// that cannot be read or parsed is Unknown.
ImageColour imageFileColour(const std::string &file);

// 1 when every readable file is grey, else 3 (a mixed folder is searched in colour, and so
// is one where no file could be read). Stops at the first colour file.
int channelsOfImageFiles(const std::vector<std::string> &files);

} // namespace augstudio
