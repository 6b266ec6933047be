#pragma once

// Shows and edits an operation's value-range cell: numbers as a user writes them (4
// significant digits; an open lower bound just above 0 as "> 0"), and a spin box held
// to the operation's catalogue range, which the cell carries in MinimumRole/MaximumRole.

#include <QStyledItemDelegate>

namespace augstudio::ui {

class RangeCellDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum Role { MinimumRole = Qt::UserRole + 1, MaximumRole };

    using QStyledItemDelegate::QStyledItemDelegate;

    static QString formatValue(double value, const QLocale &locale);

    QString displayText(const QVariant &value, const QLocale &locale) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
    // The cell, widened to the left where the spin box needs more room than its value.
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;
};

} // namespace augstudio::ui
