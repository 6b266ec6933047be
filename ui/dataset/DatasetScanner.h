#pragma once

// Opens and inspects a dataset off the UI thread (openDataset + inspectDataset, every
// image decoded) and picks a few thumbnails. A new scan cancels the one before; results
// of a cancelled or superseded scan are never delivered.

#include "BackgroundJob.h"
#include "data/DatasetInspector.h"

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>

namespace augstudio::ui {

struct DatasetScanResult
{
    QString root;
    DataConfig data;                      // the data settings the dataset was opened with
    Task task = Task::Classification;
    bool ok = false;                      // false: `error` says what went wrong and what to do
    QString error;
    DatasetReport report;
    std::vector<cv::Size> imageSizes;     // every item's, from the headers (the default preprocessing's input)
    std::vector<DatasetProblem> openProblems; // warnings openDataset gave (report.problems are the rest)
    QList<QImage> thumbnails;
    QStringList thumbnailCaptions;
};

class DatasetScanner : public QObject
{
    Q_OBJECT

public:
    explicit DatasetScanner(QObject *parent = nullptr);
    ~DatasetScanner() override;

    // Scans `data.dataset.root` with the layout `data.dataset.layout` ("auto" detects it;
    // the task follows from the layout). Returns at once.
    void scan(const DataConfig &data);
    // Stops the running scan (its result is dropped) and emits cancelled().
    void cancel();
    bool isScanning() const { return m_job.isRunning(); }

    static constexpr int thumbnailCount = 8;

signals:
    void progress(qint64 done, qint64 total);
    void finished(const augstudio::ui::DatasetScanResult &result);
    void cancelled();

private:
    void onJobFinished();

    DatasetScanResult m_result; // the current scan's, until finished() hands it on
    // Last, so that it is destroyed first: its threads end before the members above go.
    BackgroundJob m_job;
};

// Runs the scan on the calling thread (what the worker does); `cancelled` is polled.
DatasetScanResult scanDataset(const DataConfig &data, const std::atomic<bool> &cancelled,
                              const std::function<void(qint64, qint64)> &progress);

} // namespace augstudio::ui

Q_DECLARE_METATYPE(augstudio::ui::DatasetScanResult)
