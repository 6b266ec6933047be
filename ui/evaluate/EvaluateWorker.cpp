#include "EvaluateWorker.h"

#include <exception>
#include <utility>

namespace augstudio::ui {

EvaluateWorker::EvaluateWorker(QObject *parent)
    : QObject(parent)
    , m_job(QStringLiteral("AugStudio evaluate"), QThread::LowPriority)
{
    qRegisterMetaType<EvaluateProgress>("augstudio::EvaluateProgress");
    qRegisterMetaType<EvaluateResult>("augstudio::EvaluateResult");
    connect(&m_job, &BackgroundJob::finished, this, &EvaluateWorker::onJobFinished);
}

// The job's destructor cancels a running evaluation and waits for its thread.
EvaluateWorker::~EvaluateWorker() = default;

bool EvaluateWorker::start(const EvaluateOptions &options)
{
    if (isRunning())
        return false;
    m_result = EvaluateResult{};
    m_error.clear();
    m_job.start([this, options](BackgroundJob::Context &context) {
        const auto report = [this, &context](const EvaluateProgress &p) {
            if (p.scoring) // only a chance to stop: the dialog shows the epoch's last batch meanwhile
                return !context.isStopRequested();
            context.post([this, p] {
                // Once cancelling, the dialog says so; progress would only contradict it.
                if (!m_job.isStopRequested())
                    emit progress(p);
            });
            return !context.isStopRequested();
        };
        EvaluateResult result;
        QString error;
        try {
            result = evaluatePolicy(options, report);
        } catch (const EvaluateRunError &e) {
            // The runs that finished before the error still count: shown with it.
            result = e.partial();
            error = QString::fromStdString(e.what());
        } catch (const std::exception &e) {
            error = QString::fromStdString(e.what());
            if (error.isEmpty())
                error = tr("The evaluation stopped with an unknown error.");
        }
        context.post([this, result = std::move(result), error] {
            m_result = result;
            m_error = error;
        });
    });
    return true;
}

bool EvaluateWorker::isCancelling() const
{
    return m_job.isStopRequested();
}

void EvaluateWorker::cancel()
{
    m_job.requestStop();
}

bool EvaluateWorker::waitForFinished(int ms)
{
    return m_job.waitForFinished(ms);
}

void EvaluateWorker::onJobFinished()
{
    const EvaluateResult result = std::exchange(m_result, EvaluateResult{});
    const QString error = std::exchange(m_error, QString());
    if (!error.isEmpty() && result.runCount() > 0)
        emit stoppedByError(result, error);
    else if (!error.isEmpty())
        emit failed(error);
    else
        emit finished(result);
}

} // namespace augstudio::ui
