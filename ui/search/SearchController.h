#pragma once

// Runs one SearchSession at a time on its own QThread and reports what it does as Qt
// signals on the UI thread. Every command returns at once: nothing here waits for the
// engine except waitForFinished(), meant for shutting down.

#include "BackgroundJob.h"
#include "MetaTypes.h"
#include "search/SearchSession.h"

#include <QObject>
#include <QString>

#include <memory>

namespace augstudio::ui {

class SearchController : public QObject
{
    Q_OBJECT

public:
    explicit SearchController(QObject *parent = nullptr);
    ~SearchController() override;

    // Starts a search; false (and nothing started) while one is still running.
    bool start(SearchRequest request);
    bool isRunning() const;
    bool isPaused() const;
    bool isStopping() const { return m_job.isStopRequested(); }
    QString outputDir() const { return m_outputDir; }

    // Caps the steps of every epoch in the requests start() receives (0 = no cap); lets
    // tests and demos run short epochs on real datasets.
    void setMaxStepsPerEpoch(int steps) { m_maxStepsPerEpoch = steps; }
    int maxStepsPerEpoch() const { return m_maxStepsPerEpoch; }

    // Blocks until the search thread has ended, at most `ms` milliseconds; true if it has.
    bool waitForFinished(int ms);

public slots:
    void stop();
    void pause();
    void resume();
    void requestPreview();

signals:
    void started(const augstudio::SearchStartInfo &info);
    void step(const augstudio::StepMetrics &metrics);
    void epoch(const augstudio::EpochMetrics &metrics);
    void preview(const augstudio::Preview &preview);
    void plateau(const augstudio::PlateauEvent &event);
    void message(const QString &text);
    // After the thread has ended: isRunning() is already false here.
    void finished(const augstudio::SearchOutcome &outcome);
    void runningChanged(bool running);
    void pausedChanged(bool paused);

private:
    struct Run;
    void onJobFinished();

    std::shared_ptr<Run> m_run; // the running search's session and its observer
    SearchOutcome m_outcome;
    QString m_outputDir;
    int m_maxStepsPerEpoch = 0;
    // Last, so that it is destroyed first: its thread ends before the members above go.
    BackgroundJob m_job;
};

} // namespace augstudio::ui
