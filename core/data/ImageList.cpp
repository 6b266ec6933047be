#include "data/ImageList.h"

#include "data/CsvReader.h"
#include "data/Dataset.h"
#include "data/LabelsCsv.h"
#include "data/SplitFolders.h"
#include "data/TextEncoding.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <set>

namespace augstudio {

namespace {

// Below this many lines, a class an image may still be a small list's truth.
constexpr std::size_t kNumberedLines = 8;

} // namespace

bool isImageListFile(const std::filesystem::path &file)
{
    return asciiLower(file.extension().string()) == ".txt";
}

LabelsTable parseImageList(const std::string &rawText, const std::string &file)
{
    const std::string text = textAsUtf8(rawText, file);
    LabelsTable table;
    table.hasHeader = false;
    table.imageColumn = "1";
    table.labelColumn = "2";
    forEachTrimmedLine(text, [&](std::size_t line, const std::string &content) {
        if (content.empty() || content.front() == '#')
            return;
        // The class is the last word: a path may hold spaces (MMPretrain splits at the last one).
        const std::size_t cut = content.find_last_of(" \t");
        if (cut == std::string::npos)
            throw DatasetError(file + ", line " + std::to_string(line) + ": " + content
                                   + " has no class: an image list gives an image's path and its class a line, "
                                     "after a space (jpg/image_0001.jpg 0)",
                               file);
        table.rows.push_back({trimmedField(content.substr(0, cut)), content.substr(cut + 1), line});
    });
    if (table.rows.empty())
        throw DatasetError(file + " lists no images: an image list gives an image's path and its class a line", file);

    std::set<std::string> labels;
    for (const LabelledImage &row : table.rows)
        labels.insert(row.label);
    if (std::all_of(labels.begin(), labels.end(), [](const std::string &label) { return isSplitFolderName(label); }))
        throw DatasetError(file + " gives each image's split (" + *labels.begin()
                               + (labels.size() > 1 ? ", ..." : "") + "), not its class: a labels list needs a class "
                                 "a line",
                           file);
    if (table.rows.size() >= kNumberedLines && labels.size() == table.rows.size())
        throw DatasetError(file + " gives each of its " + std::to_string(table.rows.size())
                               + " images a class of its own (" + table.rows.front().label + ", "
                               + table.rows[1].label + ", ...): numbers of the images, not their classes",
                           file);
    return table;
}

} // namespace augstudio
