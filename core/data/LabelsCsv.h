#pragma once

// A classification dataset's labels in a CSV file, as Kaggle competitions and many exports
// give them: a header (or none), then one row an image, naming its file (below the dataset
// folder, with or without the extension) and its class, in a column of its own ("id,label")
// or one-hot over a column a class ("image_id,healthy,rust,scab").

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

class DatasetError;

struct LabelledImage
{
    std::string image; // as the file writes it: "train/cat.1.jpg", "1", "000c1434d8d7"
    std::string label; // the class's name: the label column's value, or the one-hot column's header
    std::size_t line = 0;
};

struct LabelsTable
{
    std::string imageColumn;
    std::string labelColumn;                // of a table with a class column
    std::vector<std::string> oneHotColumns; // of a one-hot table, a column a class
    bool oneHot = false;
    bool classColumnNamed = false; // the class column was found by its name, not as the other of two
    bool hasHeader = true;         // false: the first row is data, the columns named by position ("1", "2")
    // a column is named for a box's coordinates (NIH's "Bbox [x,y,w,h]", xmin, x1): a row an object
    bool namesBoxes = false;
    // a column of run-length encoded masks, a segmentation dataset's file: its name (#2 where it has none)
    std::optional<std::string> runLengthColumn;
    std::vector<LabelledImage> rows;
};

// The error for a file whose column `column` holds run-length encoded masks (Carvana's
// rle_mask, Airbus' EncodedPixels): a segmentation dataset's, whose masks are not classes.
DatasetError runLengthMasksError(const std::string &file, const std::string &column);

// Whether a value of a labels file names an image file of the dataset it labels.
using ImageNameTest = std::function<bool(const std::string &written)>;

// A labels file's image path as one below the dataset folder: '/' for '\', and the leading
// "./", "../" and "/" dropped (a file in annotations/ writes "../images/1.jpg").
std::string relativeImagePath(std::string written);

// `text` read as a labels table (RFC 4180: quoted fields with doubled quotes, commas and line
// breaks inside quotes; a UTF-8 byte-order mark, or UTF-16 with one; LF or CRLF). With
// `namesImage`, the image column is the column whose first values name image files (of
// several, the best named), and a first row whose cell names one is data, not a header;
// without it, or where no column does, the best named (image, filename, …, image_id, id) or
// else the first. Never a column named as a class column (label, class, category, target, …):
// the class column is the first of those besides it, the one other column, or the rest when
// they are one-hot. Throws DatasetError naming `file` and the line.
LabelsTable parseLabelsCsv(const std::string &text, const std::string &file, const ImageNameTest &namesImage = {});
// `text` read as the labels file `file` is: an image list (.txt, "jpg/1.jpg 0" a line; see
// ImageList.h) or CSV.
LabelsTable parseLabelsFile(const std::string &text, const std::string &file, const ImageNameTest &namesImage = {});

// Whether a value names an image file at root or in its folders down to four levels (while a
// level holds at most 16 of them), as written or with an image extension: a few paths probed,
// not a listing. What a labels file's rows must name for it to be the dataset's labels.
class ImageNameProbe
{
public:
    explicit ImageNameProbe(const std::filesystem::path &root);
    bool operator()(const std::string &written) const;
    // How many folders a probe looks in (root included): what a probe costs.
    std::size_t folderCount() const { return m_folders.size(); }

private:
    std::vector<std::filesystem::path> m_folders;
};

// The whole text of a labels file; DatasetError naming it where it cannot be read, is empty,
// or is too large (512 MiB) to be one.
std::string readLabelsFile(const std::filesystem::path &path);

// A labels file's first rows (the first 64 KiB) as a labels table: a file with a bad row
// further on still reads, and one whose bad row is among the first is tried as its header
// with each of the next few rows alone (of an image list, its lines without a space left
// out). nullopt where none of that reads.
std::optional<LabelsTable> sampleLabelsCsv(const std::filesystem::path &file, const ImageNameTest &namesImage);

struct LabelsCsvSample
{
    std::filesystem::path file;
    LabelsTable table; // its first rows
};

struct LabelsCsvChoice
{
    std::vector<std::filesystem::path> candidates; // labelsCsvCandidates
    std::vector<LabelsCsvSample> namingImages;     // those and the image lists whose rows name image files below root
    std::optional<std::filesystem::path> chosen;   // the labels file, or none to choose
    // The probe the candidates were tried with (none without a candidate): the folders it
    // lists serve the parse of the chosen file too.
    std::shared_ptr<const ImageNameProbe> probe;
};

// The labels file of `root`: of the candidates and the image lists (.txt files at the top, or
// one folder down named for labels or train: meta/train.txt), the one whose rows name image
// files below root (its first rows, or rows spread over its first 64 KiB: images deleted since
// the file was written do not hide it); of several such, the one whose name says labels, else
// train (none: no choice). Where no file names an image, the one candidate, or the one named so.
LabelsCsvChoice chooseLabelsCsv(const std::filesystem::path &root);
std::optional<std::filesystem::path> findLabelsCsv(const std::filesystem::path &root);
// The .csv files at the top of `root` that may be its labels (sample submissions and test
// lists left out), sorted by name; where there is none, those in its folders whose name says
// labels or train (annotations/labels.csv).
std::vector<std::filesystem::path> labelsCsvCandidates(const std::filesystem::path &root);

} // namespace augstudio
