#include "AxisLabel.h"

#include <qcustomplot.h>

#include <QFontMetrics>

namespace augstudio::ui {

void setLabelFittingAxis(QCPAxis *axis, const QString &whole)
{
    const QRect rect = axis->axisRect()->rect();
    const int length = axis->orientation() == Qt::Vertical ? rect.height() : rect.width();
    axis->setLabel(QFontMetrics(axis->labelFont()).elidedText(whole, Qt::ElideRight, length));
}

} // namespace augstudio::ui
