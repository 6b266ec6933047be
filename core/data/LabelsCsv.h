#pragma once

// A classification dataset's labels in a CSV file, as Kaggle competitions and many exports
// give them: a header, then one row an image, naming its file (below the dataset folder, with
// or without the extension) and its class, in a column of its own ("id,label") or one-hot
// over a column a class ("image_id,healthy,rust,scab").

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

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
    std::vector<LabelledImage> rows;
};

// `text` read as a labels table (RFC 4180: quoted fields with doubled quotes, commas and line
// breaks inside quotes; a UTF-8 byte-order mark; LF or CRLF). The image column is the first
// named like one (image, image_id, filename, id, …) or else the first; the class column the
// first named like one (label, class, category, target, …), the other one of two columns, or
// the rest when they are one-hot. Throws DatasetError naming `file` and the line.
LabelsTable parseLabelsCsv(const std::string &text, const std::string &file);

// The labels file at the top of `root`: its one .csv file, leaving out sample submissions and
// test lists; of several, the one whose name says labels, else train. nullopt when there is
// none, or no one of several to choose.
std::optional<std::filesystem::path> findLabelsCsv(const std::filesystem::path &root);
// The .csv files at the top of `root` that may be its labels, sorted by name.
std::vector<std::filesystem::path> labelsCsvCandidates(const std::filesystem::path &root);

} // namespace augstudio
