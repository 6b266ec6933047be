#pragma once

// Colour-coded segmentation masks, each class painted in a colour of its own (CamVid,
// DeepGlobe, exports of CVAT and Roboflow): the table that turns a colour into a class id,
// from the dataset's colour file or from the colours its masks hold.

#include <opencv2/core.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

struct MaskColours
{
    std::vector<cv::Vec3b> colours; // RGB; the index is the class id
    std::vector<std::string> names; // one a colour
    std::string source;             // the colour file; empty where read from the masks

    // The class id painted in `rgb`, or -1.
    int idOf(cv::Vec3b rgb) const;
};

// The file names a dataset's class colours are read from, at the top of its folder:
// class_dict.csv (a header naming columns r, g, b and the class name, then a row a class in
// id order, as Kaggle's CamVid and DeepGlobe give it) and labelmap.txt (CVAT's and Datumaro's
// `name:r,g,b::`, an empty colour taking Pascal VOC's palette colour of that id).
inline const char *const kClassDictFile = "class_dict.csv";
inline const char *const kLabelmapFile = "labelmap.txt";

// The colour file at the top of `root`, read; nullopt where there is none. Throws
// DatasetError naming the file and line where it does not read as one.
std::optional<MaskColours> readMaskColourFile(const std::filesystem::path &root);

// The two formats from their text; `file` names it in errors.
MaskColours parseClassDictCsv(const std::string &text, const std::string &file);
MaskColours parseLabelmapTxt(const std::string &text, const std::string &file);

// How many pixels of each colour a set of masks holds.
using ColourCounts = std::vector<std::pair<cv::Vec3b, std::uint64_t>>;

// The colours of masks with no colour file, each a class: ordered by their RGB value (black
// first, as the background mostly is), named "#rrggbb".
MaskColours coloursByValue(const ColourCounts &counts);

// "#800000"
std::string colourName(cv::Vec3b rgb);

// Class ids (CV_8UC1) painted in their colours (CV_8UC3, RGB): what an augmented colour mask
// is saved as. An id the table lacks (255, the fill of padding and rotation) is black, else
// white, else magenta: the first of them that no class is painted in.
cv::Mat coloursOfClassIds(const cv::Mat &ids, const MaskColours &colours);

// An RGB colour mask (CV_8UC3) as class ids (CV_8UC1) through `colours`; throws DatasetError
// naming `file`, the first pixel whose colour the table lacks and where the table came from.
cv::Mat classIdsOfColours(const cv::Mat &rgb, const MaskColours &colours, const std::string &file);

} // namespace augstudio
