#pragma once

// Search ▸ Evaluate Policy…: do the policies help? Trains the same network on a dataset once
// per arm, with each policy and with each checked baseline (evaluatePolicy() on
// EvaluateWorker's thread), plots every arm's held-out score per epoch, and tabulates the
// arms' scores and each policy − baseline difference with its verdict. Save Report… writes
// the numbers as CSV (EvaluateReport.h) and the plot as a PNG beside it. The dialog is
// modeless and stays usable while the evaluation runs; closing it asks, then cancels the run.

#include "config/SearchConfig.h"
#include "evaluate/Evaluate.h"

#include <QDialog>
#include <QStringList>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QTableWidget;

namespace augstudio::ui {

class EvaluatePlot;
class EvaluateWorker;
class InlineMessage;

class EvaluateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EvaluateDialog(QWidget *parent = nullptr);
    ~EvaluateDialog() override;

    // The first policy of the list (the one whose preprocessing every arm shares); set
    // replaces it, an empty path removes it.
    void setPolicyPath(const QString &path);
    QString policyPath() const;
    // Every policy of the list, in order.
    QStringList policyPaths() const;
    void addPolicyPath(const QString &path);
    // The folder goes into the dataset field; its layout and split are used while the field
    // still names that folder.
    void setDataset(const DatasetConfig &dataset);
    QString datasetFolder() const;
    // Where the networks train ("cpu", "cuda", "auto", …) and with how many threads (0 = all).
    void setDevice(const QString &device, int threads);
    // The checked baselines by name (evaluate/Baselines.h), in the list's order.
    QStringList checkedBaselines() const;
    void setCheckedBaselines(const QStringList &names);

    // The options the fields describe.
    EvaluateOptions options() const;
    bool isRunning() const;
    // Asks whether to stop a running evaluation (saying what is kept, or that nothing is when
    // the app quits), and cancels it if so; true when none runs (any more) or it is stopping.
    bool askToStopRun(bool quitting = false);
    // The last evaluation's result once it has ended with a finished run.
    const std::optional<EvaluateResult> &lastResult() const { return m_result; }

    // The widgets, for the tests.
    QListWidget *policyList() const { return m_policies; }
    QPushButton *addPolicyButton() const { return m_addPolicy; }
    QPushButton *removePolicyButton() const { return m_removePolicy; }
    QLineEdit *datasetEdit() const { return m_dataset; }
    QListWidget *baselineList() const { return m_baselines; }
    QComboBox *modelBox() const { return m_model; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *trainImagesBox() const { return m_trainImages; }
    QSpinBox *heldOutImagesBox() const { return m_heldOutImages; }
    QSpinBox *repeatsBox() const { return m_repeats; }
    QSpinBox *seedBox() const { return m_seed; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *saveReportButton() const { return m_saveReport; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    QTableWidget *resultTable() const { return m_table; }
    EvaluatePlot *plot() const { return m_plot; }
    InlineMessage *message() const { return m_message; }
    QScrollArea *scrollArea() const { return m_scroll; }
    EvaluateWorker *worker() const { return m_worker; }

    // <base>.png beside a report's <base>.csv.
    static QString plotPathFor(const QString &csvPath);

public slots:
    // Starts the evaluation; false with the reason shown inline when it cannot start.
    bool run();
    void cancel();
    // Writes the last result to `csvPath` and the plot to plotPathFor(csvPath); false with
    // the reason shown inline.
    bool saveReport(const QString &csvPath);
    // Closing the dialog (Close, Esc, the window's close button) asks before it cancels a
    // running evaluation; answered No, the dialog stays open.
    void reject() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    // After the table shows the result (cancelled runs included) or the error is shown.
    void evaluationEnded();

private:
    void browsePolicies();
    void removeSelectedPolicies();
    void browseDataset();
    void saveReportAs();
    bool askToReplacePlot(const QString &pngPath);
    void fitVerdictColumn();
    void rememberChoices() const;
    void setRunning(bool running);
    void updateButtons();
    void showProgress(const EvaluateProgress &progress);
    // `error`: what stopped the runs, where some had finished (else empty).
    void showResult(const EvaluateResult &result, const QString &error = QString());
    void fillTable(const EvaluateResult &result);
    QStringList warningLines(const EvaluateResult &result) const;
    void showFailure(const QString &error);
    QString metricLabel(const std::string &metric) const;

    EvaluateWorker *m_worker;
    InlineMessage *m_message;
    QListWidget *m_policies;
    QPushButton *m_addPolicy;
    QPushButton *m_removePolicy;
    QLineEdit *m_dataset;
    QPushButton *m_browseDataset;
    QListWidget *m_baselines;
    QComboBox *m_model;
    QSpinBox *m_epochs;
    QSpinBox *m_trainImages;
    QSpinBox *m_heldOutImages;
    QSpinBox *m_repeats;
    QSpinBox *m_seed;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_summary;
    EvaluatePlot *m_plot;
    QTableWidget *m_table;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QPushButton *m_saveReport;
    QWidget *m_fields;
    QScrollArea *m_scroll;

    DatasetConfig m_datasetConfig;
    QString m_device = QStringLiteral("cpu");
    int m_threads = 0;
    int m_requestedRepeats = 0;
    int m_finishedRuns = 0; // of the running evaluation, as its progress says
    int m_verdictColumn = -1; // of the table, once it shows a result
    QStringList m_armLabels; // of the running or last evaluation, in the order of its arms
    std::optional<EvaluateResult> m_result;
};

} // namespace augstudio::ui
