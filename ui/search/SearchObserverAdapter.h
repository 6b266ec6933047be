#pragma once

// Turns the engine's observer callbacks, which arrive on the search thread, into the
// SearchController's signals on the UI thread. Each event is posted through the search's
// background job with a copy of its data, so a search that is no longer current is never
// heard.

#include "BackgroundJob.h"
#include "search/SearchEvents.h"

namespace augstudio::ui {

class SearchController;

class SearchObserverAdapter : public SearchObserver
{
public:
    explicit SearchObserverAdapter(SearchController &controller);

    // Set on the search thread, before the session runs.
    void setContext(const BackgroundJob::Context &context) { m_context = &context; }

    void onStarted(const SearchStartInfo &info) override;
    void onStep(const StepMetrics &metrics) override;
    void onEpoch(const EpochMetrics &metrics) override;
    void onPreview(const Preview &preview) override;
    void onPlateau(const PlateauEvent &event) override;
    void onMessage(const std::string &message) override;
    // onFinished is not forwarded: the controller takes the outcome from run().

private:
    SearchController &m_controller;
    const BackgroundJob::Context *m_context = nullptr;
};

} // namespace augstudio::ui
