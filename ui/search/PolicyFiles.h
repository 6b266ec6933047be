#pragma once

// Saving a search's policy file where the user wants it, for the Albumentations they
// train with: the file is converted when its format is not the one asked for.

#include "config/SearchConfig.h"

#include <QString>
#include <QStringList>

namespace augstudio::ui {

// The Save Policy dialog's file filters, 2.x first; the index of a filter is its target.
QStringList policyFileFilters();
AlbumentationsTarget policyTargetOfFilter(const QString &filter);
QString policyFilterOfTarget(AlbumentationsTarget target);

// The target last chosen in the Save Policy dialog (2.x until one was), and remembering it.
AlbumentationsTarget rememberedPolicyTarget();
void rememberPolicyTarget(AlbumentationsTarget target);

// Writes `source` (a policy file of either format) to `destination` for `target`,
// atomically. On failure returns false with a message naming the file in `error`. A search's
// policy is converted for the size of the images it searched (search/ImageSizeRecord.h); where
// that is unknown and the result depends on it, `warning` says so, as it names a damaged size
// record (empty otherwise).
bool savePolicyFile(const QString &source, const QString &destination, AlbumentationsTarget target,
                    QString *error, QString *warning = nullptr);

} // namespace augstudio::ui
