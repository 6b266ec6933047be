// A dataset's labels file (trainLabels.csv, labels.csv): any bytes. What reads must name an
// image and a class on every row, at lines that only go forward, and read the same again.

#include "data/Dataset.h"
#include "data/LabelsCsv.h"

#include <cstdlib>
#include <string>

using namespace augstudio;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    LabelsTable table;
    try {
        table = parseLabelsCsv(text, "labels.csv");
    } catch (const DatasetError &) {
        return 0;
    }
    if (table.rows.empty())
        std::abort();
    if (table.oneHot == table.oneHotColumns.empty() || (table.oneHot && !table.labelColumn.empty()))
        std::abort(); // a class column or one-hot columns, never both or neither
    std::size_t line = 0;
    for (const LabelledImage &row : table.rows) {
        if (row.image.empty() || row.label.empty() || row.line <= line)
            std::abort();
        line = row.line;
    }
    const LabelsTable again = parseLabelsCsv(text, "labels.csv");
    if (again.rows.size() != table.rows.size())
        std::abort();
    return 0;
}
