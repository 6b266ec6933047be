#pragma once

// The engine's event structs travel through queued Qt signals from the search thread to
// the UI thread, so Qt must know them as meta types.

#include "data/DatasetInspector.h"
#include "search/SearchEvents.h"

#include <QMetaType>

Q_DECLARE_METATYPE(augstudio::SearchStartInfo)
Q_DECLARE_METATYPE(augstudio::StepMetrics)
Q_DECLARE_METATYPE(augstudio::EpochMetrics)
Q_DECLARE_METATYPE(augstudio::Preview)
Q_DECLARE_METATYPE(augstudio::PlateauEvent)
Q_DECLARE_METATYPE(augstudio::SearchOutcome)

namespace augstudio::ui {

// Registers the types above once; safe to call any number of times.
void registerMetaTypes();

} // namespace augstudio::ui
