#include "SearchController.h"

#include "SearchObserverAdapter.h"

namespace augstudio::ui {

// One search: the session and the observer it reports to, kept together because the
// session holds on to the observer.
struct SearchController::Run
{
    Run(SearchController &controller, SearchRequest request)
        : adapter(controller)
        , session(std::move(request), &adapter)
    {
    }

    SearchObserverAdapter adapter;
    SearchSession session;
};

SearchController::SearchController(QObject *parent)
    : QObject(parent)
    , m_job(QStringLiteral("AugStudio search"))
{
    registerMetaTypes();
    connect(&m_job, &BackgroundJob::finished, this, &SearchController::onJobFinished);
}

// The job's destructor asks the session to stop (the engine finishes its current step,
// saves, and returns) and waits for it: the last resort when the window goes away with a
// search still running.
SearchController::~SearchController() = default;

bool SearchController::start(SearchRequest request)
{
    if (isRunning())
        return false;
    if (m_maxStepsPerEpoch > 0)
        request.maxStepsPerEpoch = m_maxStepsPerEpoch;
    m_outputDir = QString::fromStdString(request.outputDir);
    m_outcome = SearchOutcome{};

    auto run = std::make_shared<Run>(*this, std::move(request));
    m_run = run;
    m_job.start(
        [this, run](BackgroundJob::Context &context) {
            run->adapter.setContext(context);
            const SearchOutcome outcome = run->session.run();
            context.post([this, outcome] { m_outcome = outcome; });
        },
        [run] { run->session.requestStop(); });
    emit runningChanged(true);
    return true;
}

bool SearchController::isRunning() const
{
    return m_job.isRunning();
}

bool SearchController::isPaused() const
{
    return m_run && m_run->session.isPaused();
}

bool SearchController::waitForFinished(int ms)
{
    return m_job.waitForFinished(ms);
}

void SearchController::stop()
{
    m_job.requestStop();
}

void SearchController::pause()
{
    if (!m_run || m_run->session.isPaused())
        return;
    m_run->session.pause();
    emit pausedChanged(true);
}

void SearchController::resume()
{
    if (!m_run || !m_run->session.isPaused())
        return;
    m_run->session.resume();
    emit pausedChanged(false);
}

void SearchController::requestPreview()
{
    if (m_run)
        m_run->session.requestPreview();
}

void SearchController::onJobFinished()
{
    const bool wasPaused = m_run && m_run->session.isPaused();
    m_run.reset();
    if (wasPaused)
        emit pausedChanged(false);
    emit runningChanged(false);
    emit finished(m_outcome);
}

} // namespace augstudio::ui
