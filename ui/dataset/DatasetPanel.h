#pragma once

// The dataset dock: an empty state inviting a drop (or the built-in sample), a progress
// view while a folder is scanned, and the scan's report: layout, counts per class, image
// sizes, thumbnails and every problem found.

#include "DatasetScanner.h"
#include "InlineMessage.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTreeWidget;

namespace augstudio::ui {

class ThumbnailStrip;

class DatasetPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DatasetPanel(QWidget *parent = nullptr);

    void showScanning(const QString &root);
    void setProgress(qint64 done, qint64 total);
    // A failed result keeps the dataset shown before (if any) and explains the failure.
    void showResult(const DatasetScanResult &result);
    void showScanCancelled();
    void showMessage(const QString &text, InlineMessage::Level level);
    void clearMessage();
    // Says whether the sample button is offered (false once a dataset is shown).
    bool hasDataset() const { return m_hasDataset; }
    QString datasetRoot() const { return m_root; }

    // What the panel shows, for tests and accessibility.
    QString messageText() const;
    InlineMessage::Level messageLevel() const;
    QString layoutText() const;
    QString imageCountText() const;
    int classRowCount() const;
    int thumbnailCount() const;
    int problemCount() const;
    int errorCount() const;
    // The problems counted by kind ("1 error, 2 warnings"); empty where there are none.
    QString problemSummary() const;

    static QString layoutDescription(DatasetLayout layout);

signals:
    void sampleRequested();
    void openRequested();
    void cancelRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    QWidget *createEmptyPage();
    QWidget *createScanPage();
    QWidget *createReportPage();
    void fillReport(const DatasetScanResult &result);
    // Errors and warnings in the list, in colours that read on its background.
    void colourProblems();

    InlineMessage *m_message;
    QStackedWidget *m_pages;
    QWidget *m_emptyPage = nullptr;
    QWidget *m_scanPage = nullptr;
    QWidget *m_reportPage = nullptr;
    QLabel *m_scanLabel = nullptr;
    QProgressBar *m_scanProgress = nullptr;
    QString m_scanningRoot; // the folder being scanned, for the label
    QLabel *m_folderValue = nullptr;
    QLabel *m_layoutValue = nullptr;
    QLabel *m_taskValue = nullptr;
    QLabel *m_imagesValue = nullptr;
    QLabel *m_sizeValue = nullptr;
    QTreeWidget *m_classes = nullptr;
    ThumbnailStrip *m_thumbnails = nullptr;
    QLabel *m_problemsTitle = nullptr;
    QListWidget *m_problems = nullptr;
    bool m_hasDataset = false;
    QString m_root;
};

} // namespace augstudio::ui
