#include "MetaTypes.h"

namespace augstudio::ui {

void registerMetaTypes()
{
    static const bool registered = [] {
        qRegisterMetaType<SearchStartInfo>("augstudio::SearchStartInfo");
        qRegisterMetaType<StepMetrics>("augstudio::StepMetrics");
        qRegisterMetaType<EpochMetrics>("augstudio::EpochMetrics");
        qRegisterMetaType<Preview>("augstudio::Preview");
        qRegisterMetaType<PlateauEvent>("augstudio::PlateauEvent");
        qRegisterMetaType<SearchOutcome>("augstudio::SearchOutcome");
        return true;
    }();
    Q_UNUSED(registered);
}

} // namespace augstudio::ui
