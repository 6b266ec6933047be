#pragma once

// Runs one evaluatePolicy() at a time on its own QThread and reports its progress and
// result as signals on the UI thread. start() and cancel() return at once; only the
// destructor and waitForFinished() wait for the thread.

#include "BackgroundJob.h"
#include "evaluate/Evaluate.h"

#include <QMetaType>
#include <QObject>
#include <QString>

Q_DECLARE_METATYPE(augstudio::EvaluateProgress)
Q_DECLARE_METATYPE(augstudio::EvaluateResult)

namespace augstudio::ui {

class EvaluateWorker : public QObject
{
    Q_OBJECT

public:
    explicit EvaluateWorker(QObject *parent = nullptr);
    // Cancels a running evaluation and waits for its thread.
    ~EvaluateWorker() override;

    // Starts an evaluation; false (and nothing started) while one is still running.
    bool start(const EvaluateOptions &options);
    bool isRunning() const { return m_job.isRunning(); }
    bool isCancelling() const;

    // Blocks until the thread has ended, at most `ms` milliseconds; true if it has.
    bool waitForFinished(int ms);

public slots:
    // Asks the evaluation to stop after the current batch; finished() still follows,
    // with result.cancelled set.
    void cancel();

signals:
    void progress(const augstudio::EvaluateProgress &progress);
    // After the thread has ended (isRunning() is already false): the finished runs.
    void finished(const augstudio::EvaluateResult &result);
    // After the thread has ended: what went wrong (the engine's message, naming the file).
    void failed(const QString &message);
    // After the thread has ended: an error stopped the runs after some had finished
    // (result.cancelled set, as a stop leaves them).
    void stoppedByError(const augstudio::EvaluateResult &result, const QString &message);

private:
    void onJobFinished();

    // What the finished run left: its result, or what went wrong.
    EvaluateResult m_result;
    QString m_error;
    // Last, so that it is destroyed first: its thread ends before the members above go.
    BackgroundJob m_job;
};

} // namespace augstudio::ui
