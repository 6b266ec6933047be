#pragma once

// Turns the engine's observer callbacks, which arrive on the search thread, into Qt
// signals. The adapter lives in the UI thread; receivers connect with queued connections,
// so every slot runs on the UI thread with a copy of the event.

#include "MetaTypes.h"

#include <QObject>
#include <QString>

namespace augstudio::ui {

class SearchObserverAdapter : public QObject, public SearchObserver
{
    Q_OBJECT

public:
    explicit SearchObserverAdapter(QObject *parent = nullptr);

    void onStarted(const SearchStartInfo &info) override;
    void onStep(const StepMetrics &metrics) override;
    void onEpoch(const EpochMetrics &metrics) override;
    void onPreview(const Preview &preview) override;
    void onPlateau(const PlateauEvent &event) override;
    void onMessage(const std::string &message) override;
    void onFinished(const SearchOutcome &outcome) override;

signals:
    void started(const augstudio::SearchStartInfo &info);
    void step(const augstudio::StepMetrics &metrics);
    void epoch(const augstudio::EpochMetrics &metrics);
    void preview(const augstudio::Preview &preview);
    void plateau(const augstudio::PlateauEvent &event);
    void message(const QString &text);
    void finished(const augstudio::SearchOutcome &outcome);
};

} // namespace augstudio::ui
