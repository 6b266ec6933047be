#include "search/SearchSession.h"

#include "search/SearchCommands.h"
#include "search/SearchRun.h"

namespace augstudio {

struct SearchSession::Impl {
    SearchRequest request;
    SearchObserver *observer;
    SearchObserver silent;
    SearchCommands commands;
};

SearchSession::SearchSession(SearchRequest request, SearchObserver *observer)
    : d(std::make_unique<Impl>())
{
    d->request = std::move(request);
    d->observer = observer ? observer : &d->silent;
}

SearchSession::~SearchSession() = default;

void SearchSession::requestStop()
{
    d->commands.requestStop();
}

void SearchSession::pause()
{
    d->commands.paused = true;
}

void SearchSession::resume()
{
    d->commands.resume();
}

void SearchSession::requestPreview()
{
    d->commands.previewRequested = true;
}

bool SearchSession::isPaused() const
{
    return d->commands.paused;
}

SearchOutcome SearchSession::run()
{
    SearchOutcome outcome;
    try {
        SearchRun search(d->request, d->commands, *d->observer);
        search.prepare();
        outcome = search.run();
    } catch (const c10::Error &error) {
        outcome.reason = SearchEndReason::Failed;
        outcome.message = error.what_without_backtrace();
    } catch (const std::exception &error) {
        outcome.reason = SearchEndReason::Failed;
        outcome.message = error.what();
    }
    d->observer->onFinished(outcome);
    return outcome;
}

} // namespace augstudio
