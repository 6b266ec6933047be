// A dataset's labels file (trainLabels.csv, labels.csv, or an image list: train.txt): any
// bytes, read as a config's layout: csv reads it and as detection probes it. What reads must name an image and a class
// on every row (or be a file of run-length encoded masks), at lines that only go forward, and
// read the same again.

#include "data/Dataset.h"
#include "data/LabelsCsv.h"

#include <cstdlib>
#include <string>

using namespace augstudio;

namespace {

// Reads `text` as the labels file `file` with `namesImage` as the image probe: what reads must hold
// rows, at lines that only go forward, and read the same again.
void check(const std::string &text, const std::string &file, const ImageNameTest &namesImage)
{
    LabelsTable table;
    try {
        table = parseLabelsFile(text, file, namesImage);
    } catch (const DatasetError &) {
        return;
    }
    if (table.rows.empty())
        std::abort();
    // A file of run-length encoded masks: its rows kept for the probe, their masks empty where
    // an image has no object; never also a class column.
    const bool masks = table.runLengthColumn.has_value();
    if (masks && (table.oneHot || !table.labelColumn.empty()))
        std::abort();
    if (!masks && (table.oneHot == table.oneHotColumns.empty() || (table.oneHot && !table.labelColumn.empty())))
        std::abort(); // a class column or one-hot columns, never both or neither
    std::size_t line = 0;
    for (const LabelledImage &row : table.rows) {
        if (row.image.empty() || (row.label.empty() && !masks) || row.line <= line)
            std::abort();
        line = row.line;
    }
    const LabelsTable again = parseLabelsFile(text, file, namesImage);
    if (again.rows.size() != table.rows.size() || again.hasHeader != table.hasHeader)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    check(text, "labels.csv", {});
    // As detection reads it, with a probe for image files: here a name of an even length is
    // one, so that a first row may be data or a header.
    check(text, "labels.csv", [](const std::string &name) { return !name.empty() && name.size() % 2 == 0; });
    check(text, "train.txt", {});
    return 0;
}
