#include "data/LabelsCsv.h"

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/DatasetLayouts.h"
#include "data/DatasetTextFile.h"
#include "data/ImageFiles.h"
#include "data/ImageList.h"
#include "data/SplitFolders.h"
#include "data/TextEncoding.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <cstdlib>
#include <set>
#include <sstream>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// A labels file is text of a few bytes a row; far more was not written as one.
constexpr std::uintmax_t kMaxLabelsBytes = std::uintmax_t(512) << 20;

using Record = CsvRecord;

// The names of an image column, the likelier first: a file's name or path before an id,
// which may be a row's number ("id,filename,label").
const std::vector<std::string> kImageColumnNames = {
    "image", "images", "image_path", "image_file", "image_name", "img_path", "img_name", "img",
    "filepath", "file_path", "filename", "file_name", "fname", "file", "path",
    "image_id", "imageid", "id_code", "name", "id"};
const std::set<std::string> kLabelNames = {"label", "labels", "label_id", "class", "class_name", "classname",
                                           "class_id", "category", "category_id", "target", "diagnosis", "dx",
                                           "level", "grade", "breed", "species", "y"};

// How many columns, and rows of each, are probed for image files: a pixel table's 785
// columns are not.
constexpr std::size_t kProbedColumns = 16;
constexpr std::size_t kProbedRows = 3;
// How many rows past its first, spread over a file's sample, tell whether it names the
// dataset's images (users often deleted the images of its first rows since): up to 32, fewer
// where the probe looks in many folders, so that a file naming none (a pixel table, a list of
// species beside 1000 class folders) costs at most 2048 folders probed, a tenth of a second.
constexpr std::size_t kSpreadRows = 32;
constexpr std::size_t kSpreadFolderProbes = 2048;

std::optional<std::size_t> imageNameRank(const std::string &name)
{
    const auto found = std::find(kImageColumnNames.begin(), kImageColumnNames.end(), asciiLower(name));
    if (found == kImageColumnNames.end())
        return std::nullopt;
    return std::size_t(found - kImageColumnNames.begin());
}

bool isLabelName(const std::string &name)
{
    return kLabelNames.count(asciiLower(name)) > 0;
}

std::optional<std::size_t> columnNamedIn(const Record &header, const std::set<std::string> &names,
                                         std::optional<std::size_t> besides = std::nullopt)
{
    for (std::size_t c = 0; c < header.size(); ++c)
        if (c != besides && names.count(asciiLower(header[c])))
            return c;
    return std::nullopt;
}

// A column whose name ends in the word label(s), class or category: NIH's "Finding Labels",
// "true_label", "Image Class".
std::optional<std::size_t> columnEndingInLabel(const Record &header, std::size_t besides)
{
    static const std::set<std::string> kLastWords = {"label", "labels", "class", "category"};
    for (std::size_t c = 0; c < header.size(); ++c) {
        const std::string name = asciiLower(header[c]);
        const std::size_t cut = name.find_last_of(" _-");
        if (c != besides && cut != std::string::npos && kLastWords.count(name.substr(cut + 1)))
            return c;
    }
    return std::nullopt;
}

// 0 or 1 as a one-hot column writes it: "0", "1", "0.0", "1.0".
std::optional<bool> oneHotValue(const std::string &text)
{
    if (text == "0" || text == "0.0")
        return false;
    if (text == "1" || text == "1.0")
        return true;
    return std::nullopt;
}

// "test.csv", "test_labels", "stage_1_test_images": a word "test", not "latest".
bool isTestList(const std::string &name)
{
    for (std::size_t at = name.find("test"); at != std::string::npos; at = name.find("test", at + 1))
        if (at == 0 || !std::isalnum(static_cast<unsigned char>(name[at - 1])))
            return true;
    return false;
}

std::string columnList(const Record &header)
{
    std::string list;
    for (const std::string &name : header)
        list += (list.empty() ? "" : ", ") + name;
    return list;
}

// The columns that may hold the images, the best named first: those named like an image
// column by rank, then the others in order; never one named as a class column.
std::vector<std::size_t> imageColumnOrder(const Record &header)
{
    std::vector<std::size_t> named, others;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (isLabelName(header[c]))
            continue;
        (imageNameRank(header[c]) ? named : others).push_back(c);
    }
    std::stable_sort(named.begin(), named.end(),
                     [&](std::size_t a, std::size_t b) { return *imageNameRank(header[a]) < *imageNameRank(header[b]); });
    named.insert(named.end(), others.begin(), others.end());
    return named;
}

// "80.0", "-3", "255": a number, which names an image only in a column named for images (CIFAR's
// id); an age or a pixel is not probed for one, a probe costing a few paths per folder.
bool isNumber(const std::string &text)
{
    return !text.empty() && text.find_first_not_of("0123456789.+-") == std::string::npos;
}

// The column whose first values name image files, the best named of several; where none does
// (or nothing can tell), the best named.
std::size_t imageColumnOf(const Record &header, const std::vector<Record> &records, const ImageNameTest &namesImage)
{
    const std::vector<std::size_t> order = imageColumnOrder(header);
    const auto namesAnImage = [&](std::size_t column, const std::string &value) {
        if (value.empty() || (isNumber(value) && !imageNameRank(header[column])))
            return false;
        return namesImage(value);
    };
    if (namesImage)
        for (std::size_t i = 0; i < order.size() && i < kProbedColumns; ++i)
            for (std::size_t r = 0; r < records.size() && r < kProbedRows; ++r)
                if (namesAnImage(order[i], records[r][order[i]]))
                    return order[i];
    return order.empty() ? 0 : order.front();
}

// Columns that say which part of a split dataset a row belongs to: read as the class, a list
// of the files and their split ("filepath,split") would have the search learn train-vs-val.
const std::set<std::string> kSplitColumnNames = {"split", "splits", "fold", "folds", "kfold",
                                                 "set", "subset", "partition", "data_split"};

// Whether column `c` gives each row's split, not its class: by its name, or by values that are
// all split names (train, val, test, valid, ...), as a headerless list writes them.
bool isSplitColumn(const Record &header, const std::vector<Record> &records, std::size_t c)
{
    if (kSplitColumnNames.count(asciiLower(header[c])))
        return true;
    bool anyValue = false;
    for (const Record &record : records) {
        if (record[c].empty())
            continue;
        if (!isSplitFolderName(record[c]))
            return false;
        anyValue = true;
    }
    return anyValue;
}

std::vector<std::size_t> splitColumnsOf(const Record &header, const std::vector<Record> &records)
{
    std::vector<std::size_t> columns;
    for (std::size_t c = 0; c < header.size(); ++c)
        if (isSplitColumn(header, records, c))
            columns.push_back(c);
    return columns;
}

// The columns besides the image column that may hold the class: not the other image-like
// ones ("id" beside "filename"), unless those are all there is; never a split column.
std::vector<std::size_t> classColumnsBesides(const Record &header, std::size_t imageColumn, bool hasHeader,
                                             const std::vector<std::size_t> &splitColumns)
{
    std::vector<std::size_t> all, unnamed;
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c == imageColumn || std::count(splitColumns.begin(), splitColumns.end(), c))
            continue;
        all.push_back(c);
        if (!hasHeader || !imageNameRank(header[c]))
            unnamed.push_back(c);
    }
    return unnamed.empty() ? all : unnamed;
}

// Whether `value` is a run-length encoded mask as Kaggle's segmentation competitions write
// them: pairs of a 1-based start and a length, the starts in order ("1 3 10 5"). Empty for
// an image without the object.
bool isRunLengthMask(const std::string &value, bool &pairs)
{
    std::vector<long long> numbers;
    std::size_t at = 0;
    while (at < value.size()) {
        if (value[at] == ' ') {
            ++at;
            continue;
        }
        const std::size_t end = std::min(value.find(' ', at), value.size());
        if (end - at > 12 || value.find_first_not_of("0123456789", at) < end)
            return false;
        numbers.push_back(std::stoll(value.substr(at, end - at)));
        at = end;
    }
    if (numbers.size() % 2 != 0)
        return false;
    for (std::size_t i = 0; i < numbers.size(); i += 2)
        if (numbers[i] < 1 || numbers[i + 1] < 1 || (i > 0 && numbers[i] < numbers[i - 2] + numbers[i - 1]))
            return false;
    pairs = pairs || numbers.size() >= 4;
    return true;
}

// Whether `value` lists object boxes as Kaggle's detection competitions write them: a label
// and four coordinates a box ("n01751748 18 145 474 401 n01751748 11 9 60 41", ImageNet's
// PredictionString), at least one box. A label is no number.
bool isBoxList(const std::string &value)
{
    std::istringstream words(value);
    std::string word;
    int field = 0, boxes = 0;
    while (words >> word) {
        char *end = nullptr;
        std::strtod(word.c_str(), &end);
        const bool number = end && *end == '\0';
        if (number != (field != 0))
            return false;
        if (++field == 5) {
            field = 0;
            ++boxes;
        }
    }
    return field == 0 && boxes > 0;
}

// Whether a header names a box's coordinates: a column named for a box ("bbox", "Bbox [x",
// "box_2d"), or a corner's two coordinates (xmin and ymin, x_min and y_min, x1 and y1).
bool headerNamesBoxes(const Record &header)
{
    std::set<std::string> names;
    for (const std::string &cell : header) {
        const std::string name = asciiLower(cell);
        if (name.rfind("bbox", 0) == 0 || name.rfind("box", 0) == 0 || name.find(" box") != std::string::npos)
            return true;
        names.insert(name);
    }
    for (const auto &[x, y] : {std::pair{"xmin", "ymin"}, {"x_min", "y_min"}, {"x1", "y1"}, {"x0", "y0"}})
        if (names.count(x) && names.count(y))
            return true;
    return false;
}

// The column besides the image's whose values are all run-length encoded masks (Carvana's
// rle_mask, Airbus' and Severstal's EncodedPixels), some of more than one run.
std::optional<std::size_t> runLengthColumnOf(const Record &header, const std::vector<Record> &records,
                                             std::size_t imageColumn)
{
    for (std::size_t c = 0; c < header.size(); ++c) {
        if (c == imageColumn)
            continue;
        bool pairs = false;
        const bool all = std::all_of(records.begin(), records.end(),
                                     [&](const Record &record) { return isRunLengthMask(record[c], pairs); });
        if (all && pairs)
            return c;
    }
    return std::nullopt;
}

// A list of the files and their split ("filepath,split"): no class to read.
DatasetError noClassBesidesSplits(const std::string &file, const Record &header,
                                  const std::vector<std::size_t> &splitColumns)
{
    Record names;
    for (const std::size_t c : splitColumns)
        names.push_back(header[c]);
    return DatasetError(file + ": no column holds the class (columns: " + columnList(header) + "): "
                            + (names.size() == 1 ? "column " : "columns ") + columnList(names)
                            + " gives each image's split (train, val, test), not its class; a labels file needs a "
                              "class column (label)",
                        file);
}

// Whether a cell of a first row is a column's name ("image", "label"): then it is a header.
bool namesAColumn(const Record &first)
{
    return std::any_of(first.begin(), first.end(),
                       [](const std::string &cell) { return isLabelName(cell) || imageNameRank(cell); });
}

// A first row that names an image file, none of its cells a column's name: data, and the
// file has no header ("img1.png,1"). So is one that writes an image's file name whose file was
// deleted since: no column is named "1.png", and read as the header, its row went unsaid.
bool isDataRow(const Record &first, const ImageNameTest &namesImage)
{
    if (!namesImage || namesAColumn(first))
        return false;
    for (std::size_t c = 0; c < first.size() && c < kProbedColumns; ++c)
        if (!first[c].empty() && (hasImageExtension(fs::path(first[c])) || namesImage(first[c])))
            return true;
    return false;
}

// A cell's shape: each run of letters one 'a', each run of digits one '9', the rest as it is
// ("img001" a9, "n014_7.JPEG" a9_9.a, "3" 9).
std::string shapeOf(const std::string &cell)
{
    std::string shape;
    for (const char c : cell) {
        const auto byte = static_cast<unsigned char>(c);
        const char kind = std::isalpha(byte) ? 'a' : std::isdigit(byte) ? '9' : c;
        if (shape.empty() || kind != shape.back() || (kind != 'a' && kind != '9'))
            shape += kind;
    }
    return shape;
}

// A first row that reads as a header but is shaped as the rows below it, cell by cell, with
// a number in it: data, as a headerless file writes an image's name without its extension
// ("img001,3") when that image was deleted since. A header's names have other shapes than the
// values under them ("image" over "img001", "label" over "3"), and seldom digits; a cell that
// names a column ("image", "label") makes it a header whatever its shape.
bool isShapedLikeItsRows(const Record &first, const std::vector<Record> &records)
{
    if (namesAColumn(first))
        return false;
    const auto hasDigit = [](const std::string &cell) {
        return std::any_of(cell.begin(), cell.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (std::none_of(first.begin(), first.end(), hasDigit))
        return false;
    std::vector<std::string> shapes;
    for (const std::string &cell : first)
        shapes.push_back(shapeOf(cell));
    std::size_t compared = 0;
    std::vector<std::size_t> alike(first.size(), 0);
    for (const Record &record : records) {
        if (compared == kSpreadRows)
            break;
        if (record.size() != first.size())
            continue;
        ++compared;
        for (std::size_t c = 0; c < first.size(); ++c)
            alike[c] += shapeOf(record[c]) == shapes[c] ? 1 : 0;
    }
    // Each column alike in most rows.
    return compared > 0
           && std::all_of(alike.begin(), alike.end(), [&](std::size_t count) { return 2 * count > compared; });
}

// "1", "2", …: the names of a headerless file's columns, as messages give them.
Record positionalHeader(std::size_t columns)
{
    Record header;
    for (std::size_t c = 1; c <= columns; ++c)
        header.push_back(std::to_string(c));
    return header;
}

// The header (or, headerless, the first row) with one of the lines after it, as a labels
// table: the first of up to four such pairs that reads, nullopt when none does.
std::optional<LabelsTable> headerWithOneRow(const std::string &head, const std::string &file,
                                            const ImageNameTest &namesImage)
{
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < head.size() && lines.size() < 5;) {
        const std::size_t end = std::min(head.find('\n', start), head.size());
        lines.push_back(head.substr(start, end - start));
        start = end + 1;
    }
    for (std::size_t row = 1; row < lines.size(); ++row) {
        try {
            return parseLabelsCsv(lines.front() + "\n" + lines[row] + "\n", file, namesImage);
        } catch (const std::exception &) {
        }
    }
    return std::nullopt;
}

// The files of `extension` (".csv", ".txt") directly in `dir` that `keep` keeps, sample
// submissions and test lists left out (what a competition is scored on, not labels to learn from).
std::vector<fs::path> labelsFilesIn(const fs::path &dir, const std::string &extension,
                                    const std::function<bool(const std::string &stem)> &keep)
{
    return listFiles(dir, [&](const std::string &name) {
        const fs::path file(name);
        const std::string stem = file.stem().string();
        return file.extension() == extension && stem.find("submission") == std::string::npos && !isTestList(stem)
               && keep(stem);
    });
}

bool isNamedForLabels(const std::string &stem)
{
    return stem.find("label") != std::string::npos || stem.find("train") != std::string::npos;
}

// The one file of `files`, or the one whose name says labels, else train; nullopt otherwise.
std::optional<fs::path> oneOrNamedForLabels(const std::vector<fs::path> &files)
{
    if (files.size() == 1)
        return files.front();
    for (const char *word : {"label", "train"}) {
        std::vector<fs::path> named;
        for (const fs::path &path : files)
            if (asciiLower(path.stem().string()).find(word) != std::string::npos)
                named.push_back(path);
        if (named.size() == 1)
            return named.front();
    }
    return std::nullopt;
}

// The lines of `text` that hold a space or a tab: the lines of an image list that may name an
// image and its class, so that one bad line does not hide a list (opening it names that line).
std::string linesWithASpace(const std::string &text)
{
    std::string kept;
    forEachTrimmedLine(text, [&](std::size_t, const std::string &content) {
        if (content.find_first_of(" \t") != std::string::npos)
            kept += content + "\n";
    });
    return kept;
}

// The rows a file's sample is probed at: its first rows, then `spread` rows spread evenly over
// the rest, the last included.
std::vector<std::size_t> probedRows(std::size_t rows, std::size_t spread)
{
    std::vector<std::size_t> probed;
    for (std::size_t r = 0; r < rows && r < kProbedRows; ++r)
        probed.push_back(r);
    if (rows <= kProbedRows || spread == 0)
        return probed;
    const std::size_t rest = rows - kProbedRows, count = std::min(rest, spread);
    for (std::size_t k = 1; k <= count; ++k)
        probed.push_back(kProbedRows + k * rest / count - 1);
    return probed;
}

// Whether any probed row of a sample names an image file. The first rows are probed as written;
// past them, a number is probed only in a column named for images (CIFAR's id), so that more
// rows do not make a pixel table's values name 3.png and the like.
bool rowsNameImages(const LabelsTable &table, const ImageNameProbe &probe)
{
    const std::size_t spread = std::clamp<std::size_t>(kSpreadFolderProbes / probe.folderCount(), 1, kSpreadRows);
    const bool numbersNameImages = !table.hasHeader || imageNameRank(table.imageColumn).has_value();
    for (const std::size_t r : probedRows(table.rows.size(), spread)) {
        const std::string &image = table.rows[r].image;
        if (r >= kProbedRows && isNumber(image) && !numbersNameImages)
            continue;
        if (probe(image))
            return true;
    }
    return false;
}

} // namespace

LabelsTable parseLabelsCsv(const std::string &rawText, const std::string &file, const ImageNameTest &namesImage)
{
    const std::string text = textAsUtf8(rawText, file);
    CsvReader reader(text, file);
    Record first;
    std::size_t firstLine = 0;
    if (!reader.next(first, firstLine))
        throw DatasetError(file + " is empty: a labels file starts with a header (image,label)", file);
    if (first.size() < 2)
        throw DatasetError(file + ", line " + std::to_string(firstLine) + ": a labels file needs two columns or more "
                               "(an image and its class), the header has " + std::to_string(first.size()),
                           file);
    std::vector<Record> records;
    std::vector<std::size_t> lines;
    Record record;
    std::size_t line = 0;
    while (reader.next(record, line)) {
        if (record.size() == 1 && record.front().empty())
            continue; // a line of spaces
        records.push_back(record);
        lines.push_back(line);
    }
    // Only a file whose rows are probed for images can tell a first row of data.
    const bool hasHeader =
        !isDataRow(first, namesImage) && !(namesImage && isShapedLikeItsRows(first, records));
    const Record header = hasHeader ? first : positionalHeader(first.size());
    for (std::size_t r = 0; r < records.size(); ++r)
        if (records[r].size() != header.size())
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": " + std::to_string(records[r].size())
                                   + " fields where the " + (hasHeader ? "header" : "first row") + " has "
                                   + std::to_string(header.size()),
                               file);
    if (!hasHeader) {
        records.insert(records.begin(), first);
        lines.insert(lines.begin(), firstLine);
    }
    if (records.empty())
        throw DatasetError(file + " lists no images: it has a header and no rows", file);

    LabelsTable table;
    table.hasHeader = hasHeader;
    table.namesBoxes = hasHeader && headerNamesBoxes(header);
    const std::size_t imageColumn = imageColumnOf(header, records, namesImage);
    table.imageColumn = header[imageColumn];
    // Masks, not classes: the rows kept to tell the file names the images, which opening it
    // then refuses.
    if (const std::optional<std::size_t> masks = runLengthColumnOf(header, records, imageColumn)) {
        table.runLengthColumn = header[*masks].empty() ? "#" + std::to_string(*masks + 1) : header[*masks];
        for (std::size_t r = 0; r < records.size(); ++r) {
            if (records[r][imageColumn].empty())
                throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": no image in column "
                                       + table.imageColumn,
                                   file);
            table.rows.push_back({records[r][imageColumn], records[r][*masks], lines[r]});
        }
        return table;
    }
    const std::vector<std::size_t> splitColumns = splitColumnsOf(header, records);
    std::optional<std::size_t> labelColumn;
    if (hasHeader)
        labelColumn = columnNamedIn(header, kLabelNames, imageColumn);
    if (hasHeader && !labelColumn)
        labelColumn = columnEndingInLabel(header, imageColumn);
    if (labelColumn && std::count(splitColumns.begin(), splitColumns.end(), *labelColumn))
        labelColumn.reset();
    table.classColumnNamed = labelColumn.has_value();
    const std::vector<std::size_t> classColumns = classColumnsBesides(header, imageColumn, hasHeader, splitColumns);
    if (!labelColumn && classColumns.empty())
        throw noClassBesidesSplits(file, header, splitColumns);
    // The one column besides the image's ("img1.png,cat"); of several without a header
    // (Stanford Cars' "00001.jpg,39,116,569,375,14", a box before the class), none by position.
    if (!labelColumn && classColumns.size() == 1)
        labelColumn = classColumns.front();
    // An image without objects has no box.
    if (labelColumn
        && std::all_of(records.begin(), records.end(),
                       [&](const Record &row) { return row[*labelColumn].empty() || isBoxList(row[*labelColumn]); })
        && std::any_of(records.begin(), records.end(), [&](const Record &row) { return !row[*labelColumn].empty(); }))
        throw DatasetError(file + ": column " + header[*labelColumn] + " holds object boxes (a label and four "
                               "coordinates each, as Kaggle's detection competitions give them), not a class an "
                               "image: an object detection dataset's file, which a search does not read",
                           file);

    const auto addRow = [&](std::size_t r, std::string label) {
        const std::string &image = records[r][imageColumn];
        if (image.empty())
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": no image in column "
                                   + table.imageColumn,
                               file);
        if (label.empty())
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": " + image + " has no class", file);
        table.rows.push_back({image, std::move(label), lines[r]});
    };
    if (labelColumn) {
        table.labelColumn = header[*labelColumn];
        for (std::size_t r = 0; r < records.size(); ++r)
            addRow(r, records[r][*labelColumn]);
        return table;
    }

    // No column says "label": the others are the classes, one-hot, or the file is unclear.
    table.oneHot = true;
    for (const std::size_t c : classColumns)
        table.oneHotColumns.push_back(header[c]);
    const auto unclear = [&] {
        if (!hasHeader)
            return DatasetError(file + ": which column holds the class is unclear (no header; images in column "
                                    + table.imageColumn + " of " + std::to_string(header.size())
                                    + "): add a header that names the class column \"label\"",
                                file);
        return DatasetError(file + ": which column holds the class is unclear (columns: " + columnList(header)
                                + "): name it \"label\", or give one column of 0 and 1 a class",
                            file);
    };
    for (std::size_t r = 0; r < records.size(); ++r) {
        std::string label;
        int ones = 0;
        for (const std::size_t c : classColumns) {
            const std::optional<bool> value = oneHotValue(records[r][c]);
            if (!value)
                throw unclear();
            if (*value) {
                ++ones;
                label = header[c];
            }
        }
        if (ones != 1)
            throw DatasetError(file + ", line " + std::to_string(lines[r]) + ": " + records[r][imageColumn] + " has "
                                   + std::to_string(ones) + " classes marked 1 among " + columnList(table.oneHotColumns)
                                   + " (one-hot: exactly one)",
                               file);
        addRow(r, label);
    }
    return table;
}

std::string relativeImagePath(std::string written)
{
    std::replace(written.begin(), written.end(), '\\', '/');
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (const char *prefix : {"./", "../", "/"})
            if (written.rfind(prefix, 0) == 0) {
                written.erase(0, std::string(prefix).size());
                dropped = true;
            }
    }
    return written;
}

ImageNameProbe::ImageNameProbe(const fs::path &root)
{
    // root, its folders, and further down while a level holds few of them (train_images/train/,
    // data/train/images/): a probe of a few paths each, not a listing of the images.
    constexpr std::size_t kFewFolders = 16;
    constexpr std::size_t kLevels = 4;
    m_folders = {root};
    for (std::size_t begin = 0, level = 0; level < kLevels; ++level) {
        const std::size_t end = m_folders.size();
        if (level > 0 && end - begin > kFewFolders)
            break; // many folders at this level (classes, say): probed, not descended
        for (std::size_t i = begin; i < end; ++i)
            for (const fs::path &inner : listSubfolders(m_folders[i]))
                m_folders.push_back(inner);
        begin = end;
    }
}

bool ImageNameProbe::operator()(const std::string &written) const
{
    // As written, or with one of the image extensions in either letter case.
    std::vector<std::string> extensions = {""};
    extensions.insert(extensions.end(), imageExtensionSpellings().begin(), imageExtensionSpellings().end());
    const std::string relative = relativeImagePath(written);
    // As written below a folder, or by its file name alone (a path from another machine); a
    // name without a folder is tried once.
    std::vector<std::string> names = {relative};
    if (const std::string name = fs::path(relative).filename().string(); name != relative)
        names.push_back(name);
    for (const std::string &tried : names)
        for (const fs::path &folder : m_folders)
            for (const std::string &extension : extensions) {
                std::error_code error;
                const fs::path candidate = folder / (tried + extension);
                if (!tried.empty() && hasImageExtension(candidate) && fs::is_regular_file(candidate, error))
                    return true;
            }
    return false;
}

std::string readLabelsFile(const fs::path &path)
{
    std::string text = readDatasetTextFile(path, kMaxLabelsBytes, "a labels file");
    if (text.empty())
        throw DatasetError(path.string() + " is empty: a labels file names each image and its class, a row each",
                           path.string());
    return text;
}

std::optional<LabelsTable> sampleLabelsCsv(const fs::path &file, const ImageNameTest &namesImage)
{
    constexpr std::size_t kHeadBytes = 64 * 1024;
    std::ifstream in(file, std::ios::binary);
    std::string head(kHeadBytes, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    const bool cut = head.size() == kHeadBytes;
    try {
        head = textAsUtf8(head, file.string());
    } catch (const std::exception &) {
        return std::nullopt;
    }
    if (cut) // up to the last whole line
        head.resize(head.rfind('\n') == std::string::npos ? 0 : head.rfind('\n') + 1);
    if (isImageListFile(file)) {
        try {
            return parseImageList(linesWithASpace(head), file.string());
        } catch (const std::exception &) {
            return std::nullopt;
        }
    }
    try {
        return parseLabelsCsv(head, file.string(), namesImage);
    } catch (const std::exception &) {
        return headerWithOneRow(head, file.string(), namesImage);
    }
}

namespace {

// The files of `extension` at the top of `root`; where there is none of any labels file's
// kind there (`topHasLabels`), those in its folders whose name says labels or train.
std::vector<fs::path> labelsFileCandidates(const fs::path &root, const std::string &extension, bool topHasLabels)
{
    std::vector<fs::path> candidates = labelsFilesIn(root, extension, [](const std::string &) { return true; });
    // One folder down (annotations/labels.csv, MMPretrain's meta/train.txt) where the top has
    // none, and where the top's folders are few: the folders of many classes are not listed for it.
    constexpr std::size_t kFewFolders = 16;
    const std::vector<fs::path> folders = topHasLabels ? std::vector<fs::path>{} : listSubfolders(root);
    if (folders.size() <= kFewFolders)
        for (const fs::path &folder : folders)
            for (const fs::path &file : labelsFilesIn(folder, extension, isNamedForLabels))
                candidates.push_back(file);
    std::sort(candidates.begin(), candidates.end());
    return candidates;
}

// The .txt files that may be image lists: at the top, or one folder down where the top has no
// .csv file and no .txt file named for labels or train, named so (meta/train.txt).
std::vector<fs::path> imageListCandidates(const fs::path &root, bool topHasCsv)
{
    const bool topHasLists = !labelsFilesIn(root, ".txt", isNamedForLabels).empty();
    return labelsFileCandidates(root, ".txt", topHasCsv || topHasLists);
}

} // namespace

LabelsTable parseLabelsFile(const std::string &text, const std::string &file, const ImageNameTest &namesImage)
{
    return isImageListFile(file) ? parseImageList(text, file) : parseLabelsCsv(text, file, namesImage);
}

std::vector<fs::path> labelsCsvCandidates(const fs::path &root)
{
    const bool topHasCsv = !labelsFilesIn(root, ".csv", [](const std::string &) { return true; }).empty();
    return labelsFileCandidates(root, ".csv", topHasCsv);
}

LabelsCsvChoice chooseLabelsCsv(const fs::path &root)
{
    LabelsCsvChoice choice;
    choice.candidates = labelsCsvCandidates(root);
    const bool topHasCsv = std::any_of(choice.candidates.begin(), choice.candidates.end(),
                                       [&](const fs::path &file) { return file.parent_path() == root; });
    // An image list is one where its rows name images, never as the one file there is.
    std::vector<fs::path> tried = choice.candidates;
    for (const fs::path &list : imageListCandidates(root, topHasCsv))
        tried.push_back(list);
    if (tried.empty())
        return choice;
    choice.probe = std::make_shared<const ImageNameProbe>(root);
    const ImageNameTest namesImage = std::cref(*choice.probe); // its folders listed once
    std::vector<fs::path> naming;
    for (const fs::path &file : tried) {
        std::optional<LabelsTable> table = sampleLabelsCsv(file, namesImage);
        if (table && rowsNameImages(*table, *choice.probe)) {
            choice.namingImages.push_back({file, std::move(*table)});
            naming.push_back(file);
        }
    }
    // A pixel table (hmnist_28_28_L.csv) or a list of lesions beside the labels does not make
    // the labels file unclear: the files whose rows name the images are the candidates; of
    // those, a list of boxes (NIH's BBox_List_2017.csv beside Data_Entry_2017.csv) is one only
    // where no other file names the images.
    std::vector<fs::path> ofImages;
    for (const LabelsCsvSample &sample : choice.namingImages)
        if (!sample.table.namesBoxes)
            ofImages.push_back(sample.file);
    if (!ofImages.empty())
        naming = ofImages;
    choice.chosen = oneOrNamedForLabels(naming.empty() ? choice.candidates : naming);
    return choice;
}

std::optional<fs::path> findLabelsCsv(const fs::path &root)
{
    return chooseLabelsCsv(root).chosen;
}

DatasetError runLengthMasksError(const std::string &file, const std::string &column)
{
    return DatasetError(file + ": column " + column + " holds run-length encoded masks (pairs of a start and a "
                            "length, as Kaggle's segmentation competitions give them), not classes: for a "
                            "segmentation search, save each image's mask as a PNG of class ids named as the image, "
                            "in a masks/ folder beside an images/ folder",
                        file);
}

} // namespace augstudio
