#include "BackgroundJob.h"

#include <QDeadlineTimer>
#include <QPointer>

#include <algorithm>
#include <utility>

namespace augstudio::ui {

BackgroundJob::Context::Context(BackgroundJob *owner, std::shared_ptr<Job> job)
    : m_owner(owner)
    , m_job(std::move(job))
{
}

void BackgroundJob::Context::post(std::function<void()> delivery) const
{
    if (delivery)
        m_owner->post(m_job, std::move(delivery));
}

BackgroundJob::BackgroundJob(QString threadName, QThread::Priority priority, QObject *parent)
    : QObject(parent)
    , m_threadName(std::move(threadName))
    , m_priority(priority)
{
}

BackgroundJob::~BackgroundJob()
{
    {
        const std::lock_guard<std::mutex> lock(m_mailMutex);
        m_closed = true;
        m_mail.clear();
    }
    m_current.reset();
    for (const std::shared_ptr<Job> &job : m_jobs) {
        job->dropped = true;
        stop(job);
    }
    for (const std::shared_ptr<Job> &job : m_jobs) {
        job->thread->wait();
        delete job->thread;
    }
}

void BackgroundJob::start(Work work, StopHandler onStop)
{
    cancel();
    auto job = std::make_shared<Job>();
    job->onStop = std::move(onStop);
    // `this` outlives the thread: the destructor waits for it.
    job->thread = QThread::create([this, job, work = std::move(work)] {
        Context context(this, job);
        work(context);
        post(job, {}); // the end: after every post the work made
    });
    job->thread->setObjectName(m_threadName);
    m_jobs.push_back(job);
    m_current = job;
    job->thread->start(m_priority);
}

void BackgroundJob::requestStop()
{
    if (m_current)
        stop(m_current);
}

void BackgroundJob::cancel()
{
    if (!m_current)
        return;
    m_current->dropped = true;
    stop(m_current);
    m_current.reset();
}

bool BackgroundJob::waitForFinished(int ms)
{
    if (!m_current)
        return true;
    if (!m_current->thread->wait(QDeadlineTimer(ms)))
        return false;
    // The thread has ended, so its last letter is in the mail: deliver it all now.
    deliverPosted();
    return true;
}

void BackgroundJob::post(const std::shared_ptr<Job> &job, std::function<void()> delivery)
{
    {
        const std::lock_guard<std::mutex> lock(m_mailMutex);
        // The end letter of a dropped job still goes: it is what reaps the thread.
        if (m_closed || (delivery && job->dropped))
            return;
        m_mail.push_back(Letter{job, std::move(delivery)});
        if (m_deliveryScheduled)
            return;
        m_deliveryScheduled = true;
    }
    QMetaObject::invokeMethod(this, &BackgroundJob::deliverPosted, Qt::QueuedConnection);
}

void BackgroundJob::deliverPosted()
{
    // A delivery may start a new job, wait for one (which delivers from here, nested) or
    // even delete this object; one letter at a time keeps the order in all of these.
    const QPointer<BackgroundJob> alive(this);
    for (;;) {
        Letter letter;
        {
            const std::lock_guard<std::mutex> lock(m_mailMutex);
            if (m_mail.empty()) {
                m_deliveryScheduled = false;
                return;
            }
            letter = std::move(m_mail.front());
            m_mail.pop_front();
        }
        const bool current = letter.job == m_current;
        if (letter.delivery) {
            if (current)
                letter.delivery();
        } else {
            reap(letter.job);
            if (current) {
                m_current.reset();
                emit finished();
            }
        }
        if (!alive)
            return;
    }
}

void BackgroundJob::stop(const std::shared_ptr<Job> &job)
{
    if (!job->stopRequested.exchange(true) && job->onStop)
        job->onStop();
}

void BackgroundJob::reap(const std::shared_ptr<Job> &job)
{
    // The work has returned; the thread is only leaving its function.
    job->thread->wait();
    delete job->thread;
    job->thread = nullptr;
    m_jobs.erase(std::remove(m_jobs.begin(), m_jobs.end(), job), m_jobs.end());
}

} // namespace augstudio::ui
