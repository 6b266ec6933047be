#include "SearchController.h"

#include "SearchObserverAdapter.h"

#include <QCoreApplication>
#include <QThread>

namespace augstudio::ui {

SearchController::SearchController(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

SearchController::~SearchController()
{
    // Last resort when the window goes away with a search still running: the engine
    // finishes its current step, saves, and returns.
    if (m_thread) {
        m_session->requestStop();
        m_thread->wait();
        delete m_thread;
    }
}

bool SearchController::start(SearchRequest request)
{
    if (m_thread)
        return false;
    if (m_maxStepsPerEpoch > 0)
        request.maxStepsPerEpoch = m_maxStepsPerEpoch;
    m_outputDir = QString::fromStdString(request.outputDir);
    m_outcome = SearchOutcome{};
    m_stopping = false;

    // A fresh adapter per search: events still queued from an earlier one die with it.
    m_adapter = std::make_unique<SearchObserverAdapter>();
    const auto queued = Qt::QueuedConnection;
    connect(m_adapter.get(), &SearchObserverAdapter::started, this, &SearchController::started, queued);
    connect(m_adapter.get(), &SearchObserverAdapter::step, this, &SearchController::step, queued);
    connect(m_adapter.get(), &SearchObserverAdapter::epoch, this, &SearchController::epoch, queued);
    connect(m_adapter.get(), &SearchObserverAdapter::preview, this, &SearchController::preview, queued);
    connect(m_adapter.get(), &SearchObserverAdapter::plateau, this, &SearchController::plateau, queued);
    connect(m_adapter.get(), &SearchObserverAdapter::message, this, &SearchController::message, queued);
    connect(
        m_adapter.get(), &SearchObserverAdapter::finished, this,
        [this](const SearchOutcome &outcome) { m_outcome = outcome; }, queued);

    m_session = std::make_unique<SearchSession>(std::move(request), m_adapter.get());
    SearchSession *session = m_session.get();
    m_thread = QThread::create([session] { session->run(); });
    m_thread->setObjectName(QStringLiteral("AugStudio search"));
    connect(m_thread, &QThread::finished, this, &SearchController::onThreadFinished, queued);
    m_thread->start();
    emit runningChanged(true);
    return true;
}

bool SearchController::isRunning() const
{
    return m_thread != nullptr;
}

bool SearchController::isPaused() const
{
    return m_session && m_session->isPaused();
}

bool SearchController::waitForFinished(int ms)
{
    if (!m_thread)
        return true;
    if (!m_thread->wait(QDeadlineTimer(ms)))
        return false;
    onThreadFinished();
    return true;
}

void SearchController::stop()
{
    if (!m_session)
        return;
    m_stopping = true;
    m_session->requestStop();
}

void SearchController::pause()
{
    if (!m_session || m_session->isPaused())
        return;
    m_session->pause();
    emit pausedChanged(true);
}

void SearchController::resume()
{
    if (!m_session || !m_session->isPaused())
        return;
    m_session->resume();
    emit pausedChanged(false);
}

void SearchController::requestPreview()
{
    if (m_session)
        m_session->requestPreview();
}

void SearchController::onThreadFinished()
{
    if (!m_thread)
        return; // already handled by waitForFinished()
    // The outcome arrives queued just before the thread's end; deliver what is pending
    // for this object first so that m_outcome is set.
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    const bool wasPaused = m_session && m_session->isPaused();
    delete m_thread;
    m_thread = nullptr;
    m_session.reset();
    m_stopping = false;
    if (wasPaused)
        emit pausedChanged(false);
    emit runningChanged(false);
    emit finished(m_outcome);
}

} // namespace augstudio::ui
