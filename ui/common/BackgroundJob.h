#pragma once

// Runs one piece of work at a time on its own QThread for an object that lives on the UI
// thread (the search, an evaluation, a dataset scan). The work posts what it has to say;
// the posts run on the UI thread, in the order they were made, followed by finished().
//
// The one stale-result rule: only the current job is heard. A job that is cancelled, or
// superseded by the next start(), is told to stop and nothing it posts is delivered, nor
// its finished(). A job asked to stop with requestStop() is still current: it winds down
// and what it posts on the way out (a partial result) is delivered as usual.

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace augstudio::ui {

class BackgroundJob : public QObject
{
    Q_OBJECT

    struct Job
    {
        std::atomic<bool> stopRequested{false};
        // Set when the job is cancelled or superseded; read on its thread to skip posts.
        std::atomic<bool> dropped{false};
        std::function<void()> onStop;
        QThread *thread = nullptr;
    };

public:
    // What the work gets on its thread: the stop flag to poll and the way to the UI thread.
    class Context
    {
    public:
        // True once the job was asked to stop (requestStop, cancel, a newer start, the end).
        bool isStopRequested() const { return m_job->stopRequested.load(); }
        const std::atomic<bool> &stopFlag() const { return m_job->stopRequested; }
        // Runs `delivery` on the UI thread after every earlier post, if the job is still
        // current then; dropped otherwise.
        void post(std::function<void()> delivery) const;

    private:
        friend class BackgroundJob;
        Context(BackgroundJob *owner, std::shared_ptr<Job> job);

        BackgroundJob *m_owner;
        std::shared_ptr<Job> m_job;
    };

    using Work = std::function<void(Context &context)>;
    // Called on the UI thread when the job is asked to stop, for work that has its own way
    // of being told (the search session's requestStop()).
    using StopHandler = std::function<void()>;

    explicit BackgroundJob(QString threadName, QThread::Priority priority = QThread::InheritPriority,
                           QObject *parent = nullptr);
    // Asks every job still on a thread to stop and waits for them; nothing more is delivered.
    ~BackgroundJob() override;

    // Runs `work` on a new thread; a job still running is cancelled first (see above).
    void start(Work work, StopHandler onStop = {});
    // Asks the current job to stop; it stays current, and its posts and finished() follow.
    void requestStop();
    // Drops the current job: it is asked to stop, isRunning() is false at once, and nothing
    // more is heard from it. Its thread ends in the background.
    void cancel();

    // A current job whose finished() has not been emitted yet.
    bool isRunning() const { return m_current != nullptr; }
    bool isStopRequested() const { return m_current && m_current->stopRequested; }

    // Blocks until the current job's thread has ended, at most `ms` milliseconds (-1: no
    // limit), then delivers its outstanding posts and finished() before returning; true
    // if the job has ended (or none was running).
    bool waitForFinished(int ms);

signals:
    // The current job's work has returned, its posts are delivered and its thread has
    // ended: isRunning() is already false here.
    void finished();

private:
    struct Letter
    {
        std::shared_ptr<Job> job;
        std::function<void()> delivery; // empty: the job's work has returned
    };

    void post(const std::shared_ptr<Job> &job, std::function<void()> delivery);
    void deliverPosted();
    void stop(const std::shared_ptr<Job> &job);
    void reap(const std::shared_ptr<Job> &job);

    const QString m_threadName;
    const QThread::Priority m_priority;
    std::shared_ptr<Job> m_current;
    std::vector<std::shared_ptr<Job>> m_jobs; // every job whose thread has not been reaped

    // Filled by the job threads, emptied on the UI thread.
    std::mutex m_mailMutex;
    std::deque<Letter> m_mail;
    bool m_deliveryScheduled = false;
    bool m_closed = false; // being destroyed: posts are dropped at once
};

} // namespace augstudio::ui
