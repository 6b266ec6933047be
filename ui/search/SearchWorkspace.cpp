#include "SearchWorkspace.h"

#include "AppPaths.h"
#include "search/LaunchRecord.h"
#include "search/PlateauRecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace augstudio::ui {

namespace {

bool sameVerdict(const PlateauEvent &a, const PlateauEvent &b)
{
    return a.epoch == b.epoch && a.suggestedEpoch == b.suggestedEpoch && a.plateauEpoch == b.plateauEpoch
           && a.reason == b.reason;
}

} // namespace

SearchWorkspace::SearchWorkspace(QObject *parent)
    : QObject(parent)
{
    registerMetaTypes();
}

QString SearchWorkspace::selectedPolicyPath() const
{
    if (m_selectedEpoch <= 0 || m_folder.isEmpty())
        return {};
    return policyFile(m_folder, m_selectedEpoch);
}

bool SearchWorkspace::canResume() const
{
    return !m_folder.isEmpty() && searchFolderAt(m_folder).canResume();
}

std::string SearchWorkspace::metricsCsv() const
{
    if (!m_folder.isEmpty()) {
        QFile file(QString::fromStdString(searchFolderAt(m_folder).metricsFile()));
        if (file.open(QIODevice::ReadOnly))
            return file.readAll().toStdString();
    }
    return metricsToCsv(m_history);
}

void SearchWorkspace::beginSearch(const QString &folder, bool resume)
{
    const bool keep = resume && folder == m_folder;
    setLive(true);
    setFolder(folder);
    m_processes = 1;
    if (!keep) {
        setHistory({});
        setPlateauVerdict({});
    }
    m_selectedByUser = false;
    setSelection(0);
    refreshPolicyEpochs();
}

void SearchWorkspace::addStep(const StepMetrics &metrics)
{
    auto &steps = m_history.steps;
    if (!steps.empty() && metrics.step <= steps.back().step)
        steps.erase(std::find_if(steps.begin(), steps.end(), [&](const StepMetrics &s) { return s.step >= metrics.step; }),
                    steps.end());
    steps.push_back(metrics);
    emit stepAdded(metrics);
}

void SearchWorkspace::addEpoch(const EpochMetrics &metrics)
{
    auto &epochs = m_history.epochs;
    epochs.erase(std::remove_if(epochs.begin(), epochs.end(),
                                [&](const EpochMetrics &e) { return e.epoch >= metrics.epoch; }),
                 epochs.end());
    epochs.push_back(metrics);
    emit epochAdded(metrics);
    refreshPolicyEpochs();
}

void SearchWorkspace::setPlateau(const PlateauEvent &event)
{
    if (event.suggestedEpoch > 0)
        setPlateauVerdict(event);
}

void SearchWorkspace::finishSearch(const SearchOutcome &outcome)
{
    setLive(false);
    refreshPolicyEpochs();
    if (!m_selectedByUser && outcome.lastEpoch > 0)
        setSelection(hasPlateau() && m_plateau.suggestedEpoch <= outcome.lastEpoch ? m_plateau.suggestedEpoch
                                                                                   : outcome.lastEpoch);
    else if (!m_selectedByUser)
        selectTheEpochToKeep(); // a continue that failed before its first epoch: the folder's are still there
}

void SearchWorkspace::selectTheEpochToKeep()
{
    if (!m_policyEpochs.isEmpty())
        setSelection(hasPlateau() && m_policyEpochs.contains(m_plateau.suggestedEpoch) ? m_plateau.suggestedEpoch
                                                                                         : m_policyEpochs.last());
}

SearchWorkspace::OpenProblems SearchWorkspace::open(const QString &folder)
{
    OpenProblems problems;
    const QString clean = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    const SearchFolder search = searchFolderAt(clean);
    MetricsHistory history;
    if (QFileInfo::exists(QString::fromStdString(search.metricsFile()))) {
        try {
            std::vector<std::string> warnings;
            history = readMetricsCsv(search.metricsFile(), &warnings);
            for (const std::string &warning : warnings)
                problems.warnings << QString::fromStdString(warning);
        } catch (const std::exception &e) {
            problems.error = QString::fromStdString(e.what());
        }
    }
    std::string warning;
    const std::optional<PlateauEvent> verdict = readPlateauRecord(search.plateauFile(), &warning);
    if (!warning.empty())
        problems.warnings << QString::fromStdString(warning);
    warning.clear();
    const int processes = readLaunchProcesses(search.launchFile(), &warning);
    if (!warning.empty())
        problems.warnings << QString::fromStdString(warning);

    setLive(false);
    m_processes = processes;
    setFolder(clean);
    setHistory(std::move(history));
    setPlateauVerdict(verdict.value_or(PlateauEvent{}));
    m_selectedByUser = false;
    setSelection(0);
    refreshPolicyEpochs();
    selectTheEpochToKeep();
    return problems;
}

void SearchWorkspace::selectEpoch(int epoch)
{
    if (epoch > 0)
        setSelection(epoch);
}

void SearchWorkspace::pickEpoch(int epoch)
{
    if (epoch <= 0)
        return;
    m_selectedByUser = true;
    setSelection(epoch);
}

void SearchWorkspace::setFolder(const QString &folder)
{
    if (folder == m_folder)
        return;
    m_folder = folder;
    emit folderChanged(m_folder);
}

void SearchWorkspace::setHistory(MetricsHistory history)
{
    m_history = std::move(history);
    emit historyReset();
}

void SearchWorkspace::setPlateauVerdict(const PlateauEvent &event)
{
    if (sameVerdict(event, m_plateau))
        return;
    m_plateau = event;
    emit plateauChanged();
}

void SearchWorkspace::setSelection(int epoch)
{
    if (epoch == m_selectedEpoch)
        return;
    m_selectedEpoch = epoch;
    emit selectedEpochChanged(epoch);
}

void SearchWorkspace::setLive(bool live)
{
    if (live == m_live)
        return;
    m_live = live;
    emit liveChanged(live);
}

void SearchWorkspace::refreshPolicyEpochs()
{
    const QList<int> epochs = m_folder.isEmpty() ? QList<int>() : ui::policyEpochs(m_folder);
    if (epochs == m_policyEpochs)
        return;
    m_policyEpochs = epochs;
    emit policyEpochsChanged(m_policyEpochs);
}

} // namespace augstudio::ui
