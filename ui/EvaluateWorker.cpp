#include "EvaluateWorker.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QThread>

#include <atomic>
#include <exception>

namespace augstudio::ui {

struct EvaluateWorker::Job
{
    EvaluateOptions options;
    std::atomic<bool> cancelled{false};
    // Written by the thread before it ends, read on the UI thread after.
    EvaluateResult result;
    QString error;
};

EvaluateWorker::EvaluateWorker(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<EvaluateProgress>("augstudio::EvaluateProgress");
    qRegisterMetaType<EvaluateResult>("augstudio::EvaluateResult");
}

EvaluateWorker::~EvaluateWorker()
{
    if (!m_thread)
        return;
    m_job->cancelled = true;
    m_thread->wait();
    delete m_thread;
}

bool EvaluateWorker::start(const EvaluateOptions &options)
{
    if (m_thread)
        return false;
    auto job = std::make_shared<Job>();
    job->options = options;
    m_job = job;
    // `this` outlives the thread: the destructor waits for it.
    m_thread = QThread::create([this, job] {
        const auto report = [this, job](const EvaluateProgress &p) {
            QMetaObject::invokeMethod(
                this,
                [this, job, p] {
                    if (job == m_job && !job->cancelled)
                        emit progress(p);
                },
                Qt::QueuedConnection);
            return !job->cancelled.load();
        };
        try {
            job->result = evaluatePolicy(job->options, report);
        } catch (const std::exception &e) {
            job->error = QString::fromStdString(e.what());
            if (job->error.isEmpty())
                job->error = tr("The evaluation stopped with an unknown error.");
        }
    });
    m_thread->setObjectName(QStringLiteral("AugStudio evaluate"));
    QThread *thread = m_thread;
    connect(
        thread, &QThread::finished, this, [this, thread] { onThreadFinished(thread); }, Qt::QueuedConnection);
    m_thread->start(QThread::LowPriority);
    return true;
}

bool EvaluateWorker::isCancelling() const
{
    return m_thread && m_job && m_job->cancelled;
}

void EvaluateWorker::cancel()
{
    if (m_thread && m_job)
        m_job->cancelled = true;
}

bool EvaluateWorker::waitForFinished(int ms)
{
    if (!m_thread)
        return true;
    if (!m_thread->wait(QDeadlineTimer(ms)))
        return false;
    onThreadFinished(m_thread);
    return true;
}

void EvaluateWorker::onThreadFinished(QThread *thread)
{
    if (thread != m_thread)
        return; // already handled by waitForFinished()
    m_thread = nullptr;
    // Progress still queued for this object belongs before the result (this also takes the
    // thread's own queued finished() when waitForFinished() got here first).
    QCoreApplication::sendPostedEvents(this, QEvent::MetaCall);
    thread->wait();
    delete thread;
    const std::shared_ptr<Job> job = std::move(m_job);
    m_job.reset();
    if (!job->error.isEmpty())
        emit failed(job->error);
    else
        emit finished(job->result);
}

} // namespace augstudio::ui
