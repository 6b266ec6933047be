#include "SearchObserverAdapter.h"

namespace augstudio::ui {

SearchObserverAdapter::SearchObserverAdapter(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

void SearchObserverAdapter::onStarted(const SearchStartInfo &info)
{
    emit started(info);
}

void SearchObserverAdapter::onStep(const StepMetrics &metrics)
{
    emit step(metrics);
}

void SearchObserverAdapter::onEpoch(const EpochMetrics &metrics)
{
    emit epoch(metrics);
}

void SearchObserverAdapter::onPreview(const Preview &preview)
{
    emit this->preview(preview);
}

void SearchObserverAdapter::onPlateau(const PlateauEvent &event)
{
    emit plateau(event);
}

void SearchObserverAdapter::onMessage(const std::string &text)
{
    emit message(QString::fromStdString(text));
}

void SearchObserverAdapter::onFinished(const SearchOutcome &outcome)
{
    emit finished(outcome);
}

} // namespace augstudio::ui
