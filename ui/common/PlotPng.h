#pragma once

#include <QString>

class QCustomPlot;

namespace augstudio::ui {

// Saves `plot` as a PNG at twice its size, through QSaveFile: a full disk leaves the
// previous file, never a torn one. On failure `error` (when given) says why, naming the file.
bool savePlotPng(QCustomPlot *plot, const QString &path, QString *error);

} // namespace augstudio::ui
