#pragma once

// The search dock: where the results go, how far the search is (epoch, step, speed,
// time left), which epoch's policy is selected, and the engine's messages. The policy
// list and the selection are a view of a SearchWorkspace.

#include "search/SearchEvents.h"
#include "search/SearchTimeEstimate.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace augstudio::ui {

class SearchWorkspace;

class SearchPanel : public QWidget
{
    Q_OBJECT

public:
    explicit SearchPanel(const SearchWorkspace *workspace, QWidget *parent = nullptr);

    void setOutputFolder(const QString &folder);
    // The folder the field names, absolute: see resolveOutputFolder().
    QString outputFolder() const;
    // The folder `text` names: a file:// URL's local path, "~" and "~/…" in the home folder,
    // and a relative path taken in the home folder too (the field then shows the whole path),
    // never in the app's working folder, which the user cannot see. "" stays "".
    static QString resolveOutputFolder(const QString &text);
    void setOutputEditable(bool editable);

    void showStarted(const SearchStartInfo &info);
    void showStep(const StepMetrics &metrics);
    void showPaused(bool paused);
    void showFinished(const SearchOutcome &outcome);
    void showState(const QString &text);
    // An opened search folder: how far it got of the epochs its config asks for.
    void showOpened(int epochsDone, int maxEpochs);
    void appendLog(const QString &text);

    QString progressText() const;
    int progressPercent() const;
    QString selectedPolicyText() const;
    QCheckBox *stopOnPlateauBox() const { return m_stopOnPlateau; }

    // How long the search will take, before it starts; `offerSmaller` shows the button that
    // asks for a search that fits (smallerSearchRequested).
    void showEstimate(const SearchTimeEstimate &estimate, bool offerSmaller);
    void showEstimateText(const QString &text);
    QString estimateText() const;
    QPushButton *smallerSearchButton() const { return m_smaller; }
    QString logText() const;

    static QString formatDuration(double seconds);

signals:
    void changeOutputRequested();
    void outputFolderEdited(const QString &folder);
    void epochChosen(int epoch);
    void savePolicyRequested();
    void smallerSearchRequested();

private:
    // The workspace's epochs whose policy files exist, and its selected one (0 = none).
    void showPolicyEpochs(const QList<int> &epochs);
    void showSelectedEpoch(int epoch);
    // The progress bar at `done` (0..1) of the whole search.
    void showFraction(double done);
    QString runningText() const;
    // After typing: the field shows the folder it resolves to, and a relative one is said.
    void showResolvedOutput();
    // The estimate where the plateau rule can answer within the search, and where it cannot.
    static QString verdictEstimateText(const SearchTimeEstimate &estimate);
    static QString shortSearchEstimateText(const SearchTimeEstimate &estimate);

    const SearchWorkspace *m_workspace;
    QLineEdit *m_output;
    QPushButton *m_change;
    QCheckBox *m_stopOnPlateau;
    QProgressBar *m_progress;
    QLabel *m_progressLabel;
    QLabel *m_selected;
    QComboBox *m_policies;
    QPushButton *m_save;
    QPlainTextEdit *m_log;
    QLabel *m_estimate;
    QPushButton *m_smaller;
    SearchStartInfo m_info;
    bool m_paused = false;
    QString m_lastStepText; // the last step's position and speed (or the start), without an ETA
    QString m_lastEta;
};

} // namespace augstudio::ui
