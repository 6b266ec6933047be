#pragma once

// Search ▸ Evaluate Policy…: does a policy help? Trains the same small network on a
// dataset with the policy and with a baseline (evaluatePolicy() on EvaluateWorker's
// thread) and shows both held-out scores and their difference in a table. The dialog is
// modeless and stays usable while the evaluation runs; closing it cancels the run.

#include "config/SearchConfig.h"
#include "evaluate/Evaluate.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace augstudio::ui {

class EvaluateWorker;
class InlineMessage;

class EvaluateDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EvaluateDialog(QWidget *parent = nullptr);
    ~EvaluateDialog() override;

    void setPolicyPath(const QString &path);
    QString policyPath() const;
    // The folder goes into the dataset field; its layout and split are used while the field
    // still names that folder.
    void setDataset(const DatasetConfig &dataset);
    QString datasetFolder() const;
    // Where the networks train ("cpu", "cuda", "auto", …) and with how many threads (0 = all).
    void setDevice(const QString &device, int threads);

    // The options the fields describe.
    EvaluateOptions options() const;
    bool isRunning() const;

    // The widgets, for the tests.
    QLineEdit *policyEdit() const { return m_policy; }
    QLineEdit *datasetEdit() const { return m_dataset; }
    QComboBox *baselineBox() const { return m_baseline; }
    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *trainImagesBox() const { return m_trainImages; }
    QSpinBox *heldOutImagesBox() const { return m_heldOutImages; }
    QSpinBox *repeatsBox() const { return m_repeats; }
    QSpinBox *seedBox() const { return m_seed; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QTableWidget *resultTable() const { return m_table; }
    InlineMessage *message() const { return m_message; }
    EvaluateWorker *worker() const { return m_worker; }

public slots:
    // Starts the evaluation; false with the reason shown inline when it cannot start.
    bool run();
    void cancel();
    // Closing the dialog (Close, Esc, the window's close button) cancels a running evaluation.
    void reject() override;

signals:
    // After the table shows the result (cancelled runs included) or the error is shown.
    void evaluationEnded();

private:
    void browsePolicy();
    void browseDataset();
    void setRunning(bool running);
    void updateRunButton();
    void showProgress(const EvaluateProgress &progress);
    void showResult(const EvaluateResult &result);
    void showFailure(const QString &error);
    QString baselineName(EvaluateBaseline baseline) const;

    EvaluateWorker *m_worker;
    InlineMessage *m_message;
    QLineEdit *m_policy;
    QLineEdit *m_dataset;
    QPushButton *m_browsePolicy;
    QPushButton *m_browseDataset;
    QComboBox *m_baseline;
    QSpinBox *m_epochs;
    QSpinBox *m_trainImages;
    QSpinBox *m_heldOutImages;
    QSpinBox *m_repeats;
    QSpinBox *m_seed;
    QProgressBar *m_progress;
    QLabel *m_status;
    QLabel *m_summary;
    QTableWidget *m_table;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QWidget *m_fields;

    DatasetConfig m_datasetConfig;
    QString m_device = QStringLiteral("cpu");
    int m_threads = 0;
    int m_requestedRepeats = 0;
};

} // namespace augstudio::ui
