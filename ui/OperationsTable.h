#pragma once

// The policy's operations as a table: one row per catalog operation (ShiftRGB as three
// rows, r/g/b), a checkbox to include it and its editable value range. Rows keep the
// config's order, then the operations it leaves out, unticked.

#include "config/SearchConfig.h"

#include <QTableWidget>

namespace augstudio::ui {

class OperationsTable : public QTableWidget
{
    Q_OBJECT

public:
    explicit OperationsTable(QWidget *parent = nullptr);

    enum Column { NameColumn, LowColumn, HighColumn };

    // Shows `operations` (empty = the 14 defaults). Emits nothing.
    void setOperations(const std::vector<OperationConfig> &operations);

    // The ticked rows as operations; empty when they are exactly the defaults (as
    // policy_model.operations leaves them). Only meaningful when problem() is empty.
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
    };

    void addRow(const OperationConfig &config, bool checked);
    void onItemChanged(QTableWidgetItem *item);
    std::vector<OperationConfig> tickedOperations(QString *problem) const;

    std::vector<Row> m_rows;
    QString m_problem;
    bool m_filling = false;
};

} // namespace augstudio::ui
