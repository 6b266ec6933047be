#pragma once

// The policy's operations as a table: one row per catalog operation (ShiftRGB as three
// rows, r/g/b), a checkbox to include it and its editable value range. Rows keep the
// config's order, then the operations it leaves out, unticked. For a grayscale dataset the
// colour operations stay listed but unticked and disabled, with a tooltip saying why.

#include "config/SearchConfig.h"

#include <QTableWidget>

namespace augstudio::ui {

class OperationsTable : public QTableWidget
{
    Q_OBJECT

public:
    explicit OperationsTable(QWidget *parent = nullptr);

    enum Column { NameColumn, LowColumn, HighColumn };

    // Shows `operations` (empty = the defaults for the dataset's channels). Emits nothing.
    void setOperations(const std::vector<OperationConfig> &operations);
    // The dataset's channels (3, or 1 for grayscale: colour operations off). Shows the
    // operations last set again. Emits nothing.
    void setDatasetChannels(int channels);
    int datasetChannels() const { return m_channels; }

    // The ticked rows as operations; empty when they are exactly the defaults for the
    // dataset's channels (as policy_model.operations leaves them). Only meaningful when
    // problem() is empty.
    std::vector<OperationConfig> operations() const;
    // Why the table cannot be used as it is ("" if it can): no row ticked, a bad range.
    QString problem() const { return m_problem; }

    int rowOf(const QString &displayName) const;

signals:
    // The user ticked, unticked or edited a range and the table is valid.
    void operationsEdited();
    void problemChanged(const QString &problem);

private:
    struct Row
    {
        OperationConfig config;   // name and arguments; valueRange comes from the cells
        bool hasMagnitude = true;
        double defaultLow = 0;
        double defaultHigh = 1;
        bool rangeWritten = false; // the config gave the range, if only the default: it keeps it
    };

    void addRow(const OperationConfig &config, bool checked);
    void onItemChanged(QTableWidgetItem *item);
    std::vector<OperationConfig> tickedOperations(QString *problem) const;

    std::vector<Row> m_rows;
    std::vector<OperationConfig> m_shown; // what setOperations() was given
    int m_channels = 3;
    QString m_problem;
    bool m_filling = false;
};

} // namespace augstudio::ui
