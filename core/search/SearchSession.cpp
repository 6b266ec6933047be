#include "search/SearchSession.h"

#include "search/OutOfMemory.h"
#include "search/SearchCommands.h"
#include "search/SearchRun.h"

namespace augstudio {

namespace {

// A run that threw still names the epoch and policy it saved last.
SearchOutcome failedOutcome(const SearchRun *search, const std::string &message)
{
    SearchOutcome outcome = search ? search->outcomeSoFar() : SearchOutcome{};
    outcome.reason = SearchEndReason::Failed;
    outcome.message = message;
    return outcome;
}

} // namespace

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
    std::unique_ptr<SearchRun> search;
    try {
        search = std::make_unique<SearchRun>(d->request, d->commands, *d->observer);
        search->prepare();
        outcome = search->run();
    } catch (const std::exception &error) { // c10::Error too
        const int batchSize = d->request.config.data.dataloader.batchSize;
        const int height = search ? search->imageHeight() : 0, width = search ? search->imageWidth() : 0;
        outcome = failedOutcome(search.get(), searchFailureMessage(error, batchSize, height, width));
    }
    search.reset(); // its files closed and its workers joined before anyone hears it ended
    d->observer->onFinished(outcome);
    return outcome;
}

} // namespace augstudio
