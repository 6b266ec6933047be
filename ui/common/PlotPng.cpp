#include "PlotPng.h"

#include <qcustomplot.h>

#include <QCoreApplication>
#include <QDir>
#include <QSaveFile>

namespace augstudio::ui {

bool savePlotPng(QCustomPlot *plot, const QString &path, QString *error)
{
    const QPixmap pixmap = plot->toPixmap(0, 0, 2.0);
    QSaveFile file(path);
    if (!pixmap.isNull() && file.open(QIODevice::WriteOnly) && pixmap.save(&file, "PNG") && file.commit())
        return true;
    if (error)
        *error = QCoreApplication::translate("PlotPng", "Cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

} // namespace augstudio::ui
