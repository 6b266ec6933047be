#pragma once

// The search the window shows, running, finished or opened from its folder: its metrics,
// the engine's plateau verdict, the policy epochs on disk and the selected epoch. The
// plot, the search panel and the plateau banner draw what this holds and follow its
// signals; MainWindow feeds it the engine's events and the user's choices. No widgets.

#include "MetaTypes.h"
#include "search/MetricsCsv.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace augstudio::ui {

class SearchWorkspace : public QObject
{
    Q_OBJECT

public:
    // What opening a folder found wrong; the folder is shown all the same.
    struct OpenProblems {
        QStringList warnings; // rows or a verdict left out, each naming its file
        QString error;        // metrics.csv could not be read at all (no metrics shown)
    };

    explicit SearchWorkspace(QObject *parent = nullptr);

    // "" when no search is shown.
    QString folder() const { return m_folder; }
    const MetricsHistory &history() const { return m_history; }
    bool hasMetrics() const { return !m_history.steps.empty() || !m_history.epochs.empty(); }
    // The last epoch the metrics show finished; 0 before the first.
    int lastEpoch() const { return m_history.epochs.empty() ? 0 : m_history.epochs.back().epoch; }
    // The engine's verdict for this search; plateau().suggestedEpoch is 0 while there is none.
    const PlateauEvent &plateau() const { return m_plateau; }
    bool hasPlateau() const { return m_plateau.suggestedEpoch > 0; }
    // Epochs whose policy file is in the folder, ascending.
    const QList<int> &policyEpochs() const { return m_policyEpochs; }
    int selectedEpoch() const { return m_selectedEpoch; }
    bool isSelectedByUser() const { return m_selectedByUser; }
    QString selectedPolicyPath() const;
    // The processes that shared the search (launch.json); the app's own searches run on one.
    int processes() const { return m_processes; }
    // Whether a search is feeding it now (between beginSearch and finishSearch).
    bool isLive() const { return m_live; }
    bool canResume() const;
    // metrics.csv as Export Metrics writes it: the engine's file when there is one (it has
    // every row), else the rows shown.
    std::string metricsCsv() const;

    // A search about to run into `folder`; a resumed one keeps the metrics and the verdict
    // of the epochs it continues from (the engine does not announce that verdict again).
    void beginSearch(const QString &folder, bool resume);
    // The engine's events. A resumed search repeats steps and epochs: they replace the old ones.
    void addStep(const StepMetrics &metrics);
    void addEpoch(const EpochMetrics &metrics);
    void setPlateau(const PlateauEvent &event);
    // Unless the user picked an epoch, selects the suggested one, else the last one.
    void finishSearch(const SearchOutcome &outcome);

    // Shows the search in `folder`: metrics.csv, the recorded verdict and launch, the policies; selects
    // the suggested epoch when its policy is there, else the last policy.
    OpenProblems open(const QString &folder);

    // selectEpoch is the app's choice, pickEpoch the user's (which finishSearch keeps).
    void selectEpoch(int epoch);
    void pickEpoch(int epoch);

signals:
    void folderChanged(const QString &folder);
    // The history was replaced as a whole (a new search, an opened folder): draw it again.
    void historyReset();
    // Appended to the history; a step or epoch at or before the last one replaced those.
    void stepAdded(const augstudio::StepMetrics &metrics);
    void epochAdded(const augstudio::EpochMetrics &metrics);
    // The verdict arrived or was cleared (hasPlateau says which).
    void plateauChanged();
    void policyEpochsChanged(const QList<int> &epochs);
    void selectedEpochChanged(int epoch);
    void liveChanged(bool live);

private:
    // The plateau's pick where its policy is there, else the last epoch's; none without policies.
    void selectTheEpochToKeep();
    void setFolder(const QString &folder);
    void setHistory(MetricsHistory history);
    void setPlateauVerdict(const PlateauEvent &event);
    void setSelection(int epoch);
    void setLive(bool live);
    void refreshPolicyEpochs();

    QString m_folder;
    MetricsHistory m_history;
    PlateauEvent m_plateau;
    QList<int> m_policyEpochs;
    int m_selectedEpoch = 0;
    bool m_selectedByUser = false;
    bool m_live = false;
    int m_processes = 1;
};

} // namespace augstudio::ui
