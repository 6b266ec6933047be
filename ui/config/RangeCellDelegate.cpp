#include "RangeCellDelegate.h"

#include "YamlDoubleSpinBox.h"

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

namespace {

// Below this a positive bound is the catalogue's stand-in for an open interval, (0, max].
constexpr double kOpenZero = 1e-6;
// The value the editor showed when it opened.
constexpr char kShownValue[] = "shownValue";

} // namespace

QString RangeCellDelegate::formatValue(double value, const QLocale &locale)
{
    if (value > 0 && value < kOpenZero)
        return QStringLiteral("> ") + locale.toString(0);
    return locale.toString(value, 'g', 4);
}

QString RangeCellDelegate::displayText(const QVariant &value, const QLocale &locale) const
{
    if (value.typeId() == QMetaType::Double)
        return formatValue(value.toDouble(), locale);
    return QStyledItemDelegate::displayText(value, locale);
}

QWidget *RangeCellDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const
{
    const QVariant minimum = index.data(MinimumRole);
    const QVariant maximum = index.data(MaximumRole);
    if (!minimum.isValid() || !maximum.isValid())
        return QStyledItemDelegate::createEditor(parent, option, index);
    auto *spin = new YamlDoubleSpinBox(parent); // "0.5" is a half in German too
    spin->setFrame(false);
    spin->setAutoFillBackground(true); // the cell's own text showed through beside the arrows
    spin->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    spin->setDecimals(3);
    // The spin box rounds its bounds to its decimals: an open bound at 0 becomes the smallest step.
    const double step = std::pow(10.0, -spin->decimals());
    const double low = minimum.toDouble() > 0 ? std::max(minimum.toDouble(), step) : minimum.toDouble();
    spin->setRange(low, maximum.toDouble());
    spin->setSingleStep((maximum.toDouble() - minimum.toDouble()) / 20.0);
    return spin;
}

void RangeCellDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(editor)) {
        spin->setValue(index.data(Qt::EditRole).toDouble());
        spin->setProperty(kShownValue, spin->value());
    } else
        QStyledItemDelegate::setEditorData(editor, index);
}

void RangeCellDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    auto *spin = qobject_cast<QDoubleSpinBox *>(editor);
    if (!spin) {
        QStyledItemDelegate::setModelData(editor, model, index);
        return;
    }
    spin->interpretText();
    // The spin box rounds to its decimals: keep the cell's exact value unless the user changed it.
    if (spin->value() == spin->property(kShownValue).toDouble())
        return;
    model->setData(index, spin->value(), Qt::EditRole);
}

void RangeCellDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                             const QModelIndex &index) const
{
    QStyledItemDelegate::updateEditorGeometry(editor, option, index);
    // The column is as wide as the values it shows: the spin box's arrows covered "-1.0".
    // It grows over the operation's name, right-aligned with its cell as the value is.
    if (!qobject_cast<QDoubleSpinBox *>(editor))
        return;
    QRect rect = editor->geometry();
    const int wanted = editor->sizeHint().width();
    if (rect.width() >= wanted)
        return;
    rect.setLeft(std::max(0, rect.right() + 1 - wanted));
    editor->setGeometry(rect);
}

} // namespace augstudio::ui
