#pragma once

// Asking where to save a file. A name typed without a suffix gets the one of the chosen
// filter ("policy" saved as a policy is policy.json): without it, the app's own Open filters
// hide the file it wrote.

#include <QString>

class QWidget;

namespace augstudio::ui {

// As QFileDialog::getSaveFileName: `path` proposes the folder and the name, `filters` are
// joined by ";;", `selectedFilter` is the one chosen first and then the one used. "" when
// cancelled.
QString askSaveFileName(QWidget *parent, const QString &caption, const QString &path, const QString &filters,
                        QString *selectedFilter = nullptr);

// The first suffix a name filter names: "json" for "Policies (*.json)", "" for "All files (*)".
QString filterSuffix(const QString &filter);

} // namespace augstudio::ui
