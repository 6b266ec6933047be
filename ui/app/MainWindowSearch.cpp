// MainWindow's search side: starting and steering a search, passing its events to the
// workspace, opening a search folder, the selected epoch's policy and the exports.

#include "MainWindow.h"

#include "AppActions.h"
#include "AppPaths.h"
#include "ConfigPanel.h"
#include "DatasetScanner.h"
#include "InlineMessage.h"
#include "MetricsPlot.h"
#include "PlateauBanner.h"
#include "PolicyFiles.h"
#include "PreviewPanel.h"
#include "RecentFiles.h"
#include "SaveFileDialog.h"
#include "SearchController.h"
#include "SearchPanel.h"
#include "SearchTimer.h"
#include "SearchWorkspace.h"
#include "config/ConfigChanges.h"
#include "config/ConfigLoader.h"
#include "io/AtomicFile.h"
#include "search/SearchFolder.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>

namespace augstudio::ui {

void MainWindow::connectSearch()
{
    connect(m_controller, &SearchController::started, this, &MainWindow::handleStarted);
    connect(m_controller, &SearchController::step, this, &MainWindow::handleStep);
    connect(m_controller, &SearchController::epoch, this, &MainWindow::handleEpoch);
    connect(m_controller, &SearchController::preview, this, &MainWindow::handlePreview);
    connect(m_controller, &SearchController::plateau, this, &MainWindow::handlePlateau);
    connect(m_controller, &SearchController::message, this, &MainWindow::handleMessage);
    connect(m_controller, &SearchController::finished, this, &MainWindow::handleFinished);
    connect(m_controller, &SearchController::runningChanged, this, [this] { updateActions(); });
    connect(m_controller, &SearchController::pausedChanged, this, [this](bool paused) {
        m_searchPanel->showPaused(paused);
        updateActions();
    });
    connect(m_plot, &MetricsPlot::epochClicked, this, &MainWindow::keepEpoch);
    connect(m_banner, &PlateauBanner::keepEpochRequested, this, &MainWindow::keepEpoch);
    connect(m_workspace, &SearchWorkspace::selectedEpochChanged, this, [this] { updateActions(); });
    connect(m_workspace, &SearchWorkspace::plateauChanged, this, &MainWindow::logPlateau);
}

void MainWindow::keepEpoch(int epoch)
{
    // Clicking an epoch means "this one": stop there (if running) and keep its policy.
    if (m_controller->isRunning())
        stopSearch();
    m_workspace->pickEpoch(epoch);
}

QString MainWindow::searchFolder() const
{
    return m_workspace->folder();
}

int MainWindow::selectedEpoch() const
{
    return m_workspace->selectedEpoch();
}

void MainWindow::setOutputFolder(const QString &folder)
{
    m_searchPanel->setOutputFolder(folder);
    m_outputChosen = true;
}

QString MainWindow::outputFolder() const
{
    return m_searchPanel->outputFolder();
}

void MainWindow::askOutputFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Output Folder"), outputFolder());
    if (!folder.isEmpty())
        setOutputFolder(folder);
}

bool MainWindow::startSearch()
{
    return runSearch(false);
}

bool MainWindow::continueSearch()
{
    return runSearch(true);
}

bool MainWindow::runSearch(bool resume)
{
    if (m_controller->isRunning())
        return false;
    m_configPanel->commitPendingEdits();
    if (const QString problem = m_configPanel->blockingProblem(); !problem.isEmpty()) {
        showError(problem);
        m_errorIsConfigProblem = true;
        return false;
    }
    SearchRequest request;
    request.config = m_configPanel->config();
    if (request.config.data.dataset.root.empty()) {
        showError(tr("Open a dataset first: drop a folder on the window, use File ▸ Open Dataset…, or try the sample."));
        return false;
    }
    QString folder;
    if (resume) {
        folder = m_workspace->folder();
        if (folder.isEmpty() || !searchFolderAt(folder).canResume()) {
            showError(tr("There is no search to continue: open one with File ▸ Open Search Folder… (a folder with "
                         "checkpoints/last.pt)."));
            return false;
        }
        // Said here in the form's terms; the engine would refuse it too, and the opened
        // folder's policies would no longer be offered.
        if (const int done = m_workspace->lastEpoch(); done >= request.config.trainer.maxEpochs) {
            showError(tr("This search has finished the epochs its config asks for (%1). Raise Epochs in the "
                         "config to %2 or more, then continue it.")
                          .arg(done)
                          .arg(done + 1));
            m_errorIsConfigProblem = true; // it goes when the config is edited
            return false;
        }
        if (!chooseResumeConfig(folder, request.config))
            return false;
    } else {
        folder = outputFolder();
        // Not chosen by the user: the field names the last search (or nothing), and this
        // search gets a new folder of its own now, or the empty one a start that failed took.
        const bool claimedUnused = folder == m_claimedOutput && QDir(folder).isEmpty();
        if (folder.isEmpty() || (!m_outputChosen && QFileInfo::exists(folder) && !claimedUnused))
            m_searchPanel->setOutputFolder(folder = m_claimedOutput = newOutputFolder());
        else if (searchFolderAt(folder).holdsResults()) {
            showError(tr("%1 already holds a search. Choose another output folder, or open it with File ▸ Open "
                         "Search Folder… and continue it.")
                          .arg(QDir::toNativeSeparators(folder)));
            return false;
        }
        if (isSameOrInside(folder.toStdString(), request.config.data.dataset.root)) {
            showError(tr("%1 is inside the dataset folder: the search's files would be read as images of the "
                         "dataset. Choose an output folder outside it.")
                          .arg(QDir::toNativeSeparators(folder)));
            return false;
        }
    }
    request.outputDir = QDir::cleanPath(QFileInfo(folder).absoluteFilePath()).toStdString();
    request.resume = resume;
    request.previews = true;
    request.stopOnPlateau = m_actions->stopOnPlateau->isChecked();

    const bool timing = m_timer->isTiming();
    m_timer->cancel(); // the search itself needs the cores
    if (timing || m_searchPanel->estimateText().isEmpty())
        m_searchPanel->showEstimateText(tr("Not timed before the start: the progress line shows the time left."));
    m_previewPanel->clear();
    m_workspace->beginSearch(QString::fromStdString(request.outputDir), resume);
    if (!m_controller->start(std::move(request)))
        return false;
    m_outputChosen = false; // the field names this search now; the next makes its own folder
    m_centralMessage->clearMessage();
    m_searchPanel->setOutputEditable(false);
    m_searchPanel->showState(resume ? tr("Continuing the search…") : tr("Starting the search…"));
    statusBar()->showMessage(tr("Searching; results go to %1").arg(QDir::toNativeSeparators(m_workspace->folder())));
    updateActions();
    return true;
}

// Continue goes on with the config the app holds, which config.yaml then records. Where it
// differs from the search's own beyond the epochs (another dataset opened since, a setting
// edited), the user chooses: the search's own config with the epochs asked for, the changes
// (as --resume with --set), or neither. False where the search is not to continue.
bool MainWindow::chooseResumeConfig(const QString &folder, SearchConfig &config)
{
    const std::string recorded = searchFolderAt(folder).configFile();
    SearchConfig started;
    try {
        started = loadConfigFile(recorded).config;
    } catch (const std::exception &) {
        return true; // none, or unreadable: the app's config is all there is
    }
    SearchConfig compared = config;
    compared.trainer.maxEpochs = started.trainer.maxEpochs;
    compared.data.dataset.root = absoluteFolderPath(compared.data.dataset.root); // as the search records it
    const std::vector<ConfigChange> changes = configChanges(started, compared);
    if (changes.empty())
        return true;
    constexpr std::size_t kShown = 8;
    QStringList lines;
    for (std::size_t i = 0; i < changes.size() && i < kShown; ++i)
        lines << tr("%1: %2 → %3")
                     .arg(QString::fromStdString(changes[i].keyPath), QString::fromStdString(changes[i].before),
                          QString::fromStdString(changes[i].after));
    if (changes.size() > kShown)
        lines << tr("… and %n more", nullptr, int(changes.size() - kShown));
    QMessageBox box(QMessageBox::Question, tr("Continue Search"),
                    tr("The config differs from the one this search ran with (%1). Continue with its own config, "
                       "or with these changes, which the folder's config.yaml will then record?")
                        .arg(QDir::toNativeSeparators(QString::fromStdString(recorded))),
                    QMessageBox::Yes | QMessageBox::Ignore | QMessageBox::Cancel, this);
    box.setInformativeText(lines.join(QLatin1Char('\n')));
    box.button(QMessageBox::Yes)->setText(tr("Use Its Own Config"));
    box.button(QMessageBox::Ignore)->setText(tr("Continue with the Changes"));
    box.setDefaultButton(QMessageBox::Yes);
    const auto answer = static_cast<QMessageBox::StandardButton>(box.exec());
    if (answer == QMessageBox::Ignore)
        return true;
    if (answer != QMessageBox::Yes)
        return false;
    // Its own config in the app too, so that the form shows what runs and a Start after it
    // starts the same search. Changes made to that record are the ones just declined; those
    // made to a file of the user's are theirs to save.
    const int epochs = config.trainer.maxEpochs;
    if ((!m_configIsSearchRecord && !maybeSaveConfig())
        || !openConfig(QString::fromStdString(recorded), ConfigOrigin::SearchFolder))
        return false;
    config = m_configPanel->config();
    config.trainer.maxEpochs = epochs;
    m_configPanel->applyConfig(config);
    return true;
}

void MainWindow::stopSearch()
{
    if (!m_controller->isRunning())
        return;
    m_controller->stop();
    m_searchPanel->showState(tr("Stopping after the current step…"));
    statusBar()->showMessage(tr("Stopping after the current step…"));
    updateActions();
}

void MainWindow::handleStarted(const SearchStartInfo &info)
{
    m_searchPanel->showStarted(info);
    const QString folder = QDir::toNativeSeparators(QString::fromStdString(info.outputDir));
    if (info.firstEpoch > 1)
        m_searchPanel->appendLog(tr("Search continued at epoch %1 on %2 with %3 threads; results go to %4")
                                     .arg(info.firstEpoch)
                                     .arg(QString::fromStdString(info.device))
                                     .arg(info.threads)
                                     .arg(folder));
    else
        m_searchPanel->appendLog(tr("Search started on %1 with %2 threads; results go to %3")
                                     .arg(QString::fromStdString(info.device))
                                     .arg(info.threads)
                                     .arg(folder));
}

void MainWindow::handleStep(const StepMetrics &metrics)
{
    m_workspace->addStep(metrics);
    m_searchPanel->showStep(metrics);
}

void MainWindow::handleEpoch(const EpochMetrics &metrics)
{
    m_workspace->addEpoch(metrics);
    // A fresh preview per epoch shows what the policy has become.
    if (m_controller->isRunning() && !m_controller->isStopping())
        m_controller->requestPreview();
    updateActions();
}

void MainWindow::handlePreview(const Preview &preview)
{
    m_previewPanel->setPreview(preview);
}

void MainWindow::handlePlateau(const PlateauEvent &event)
{
    m_workspace->setPlateau(event);
}

void MainWindow::logPlateau()
{
    if (!m_workspace->hasPlateau())
        return;
    const PlateauEvent &verdict = m_workspace->plateau();
    m_searchPanel->appendLog(tr("Plateau: the policy has converged; keep epoch %1. %2")
                                 .arg(verdict.suggestedEpoch)
                                 .arg(PlateauBanner::reasonSentence(verdict.reason)));
}

void MainWindow::handleMessage(const QString &text)
{
    m_searchPanel->appendLog(text);
}

void MainWindow::handleFinished(const SearchOutcome &outcome)
{
    m_workspace->finishSearch(outcome); // before the panel: it says which epoch is selected
    m_searchPanel->showFinished(outcome);
    m_searchPanel->setOutputEditable(true);
    if (outcome.reason == SearchEndReason::Failed)
        showError(tr("The search failed: %1").arg(QString::fromStdString(outcome.message)));
    else
        statusBar()->showMessage(outcome.reason == SearchEndReason::Finished ? tr("Search finished.")
                                                                             : tr("Search stopped."),
                                 10000);
    // The field names the finished search, as Save Policy does; the next search gets a
    // folder of its own when it starts, unless the user picks one.
    m_searchPanel->setOutputFolder(removeUnusedOutputFolder() ? QString() : m_workspace->folder());
    m_outputChosen = false;
    updateActions();
    if (m_closeWhenStopped) {
        QTimer::singleShot(0, this, &QWidget::close);
        return;
    }
    // The estimate shown was of the search that ran: the next one is timed afresh.
    QTimer::singleShot(0, this, &MainWindow::timeTheSearchSoon);
}

bool MainWindow::removeUnusedOutputFolder()
{
    const QString folder = m_workspace->folder();
    if (m_claimedOutput.isEmpty() || QDir::cleanPath(QFileInfo(m_claimedOutput).absoluteFilePath()) != folder)
        return false;
    // rmdir takes only an empty folder: whatever the search wrote stays.
    if (!QDir().rmdir(folder))
        return false;
    m_claimedOutput.clear();
    return true;
}

void MainWindow::selectEpoch(int epoch)
{
    m_workspace->selectEpoch(epoch);
}

QString MainWindow::selectedPolicyPath() const
{
    return m_workspace->selectedPolicyPath();
}

QString MainWindow::noPolicySelectedText()
{
    return tr("No policy is selected: click an epoch on the plot or choose one under Policy in the Search panel.");
}

bool MainWindow::savePolicyTo(const QString &path, AlbumentationsTarget target, QString *error, QString *warning)
{
    const QString source = selectedPolicyPath();
    if (source.isEmpty()) {
        if (error)
            *error = noPolicySelectedText();
        return false;
    }
    if (!savePolicyFile(source, path, target, error, warning))
        return false;
    clearErrorOfThePast(); // a failed save's, say: this one went through
    return true;
}

void MainWindow::askSavePolicy()
{
    const int epoch = m_workspace->selectedEpoch();
    if (epoch <= 0) {
        showError(noPolicySelectedText());
        return;
    }
    // The filter says which Albumentations the file is for; the choice is remembered.
    QString filter = policyFilterOfTarget(rememberedPolicyTarget());
    const QString path = askSaveFileName(this, tr("Save Policy of Epoch %1").arg(epoch),
                                         QDir(QSettings().value("dialogs/lastFolder", QDir::homePath()).toString())
                                             .filePath(QStringLiteral("policy.json")),
                                         policyFileFilters().join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    QSettings().setValue("dialogs/lastFolder", QFileInfo(path).absolutePath());
    const AlbumentationsTarget target = policyTargetOfFilter(filter);
    rememberPolicyTarget(target);
    QString error;
    QString warning;
    if (!savePolicyTo(path, target, &error, &warning)) {
        showError(tr("The policy was not saved: %1").arg(error));
        return;
    }
    const QString saved = tr("Policy of epoch %1 saved for Albumentations %2 to %3")
                              .arg(epoch)
                              .arg(target == AlbumentationsTarget::V1 ? QStringLiteral("1.x") : QStringLiteral("2.x"))
                              .arg(QDir::toNativeSeparators(path));
    statusBar()->showMessage(saved, 8000);
    // Saved all the same: the shifts are within a pixel of the search's, which the user may accept.
    if (!warning.isEmpty())
        m_centralMessage->showMessage(saved + QStringLiteral("\n") + warning, InlineMessage::Warning);
}

bool MainWindow::exportMetricsTo(const QString &path, QString *error)
{
    try {
        writeFileAtomically(path.toStdString(), m_workspace->metricsCsv());
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

void MainWindow::askExportMetrics()
{
    const QString path = askSaveFileName(
        this, tr("Export Metrics as CSV"),
        QDir(dialogFolder()).filePath(QString::fromStdString(SearchFolder::metricsFileName())), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportMetricsTo(path, &error))
        showError(tr("The metrics were not exported: %1").arg(error));
    else
        clearErrorOfThePast();
}

void MainWindow::askExportPlot()
{
    const QString path = askSaveFileName(this, tr("Export Plot as PNG"),
                                         dialogFolder() + QStringLiteral("/metrics.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_plot->savePng(path, &error))
        showError(tr("The plot was not exported: %1").arg(error));
    else
        clearErrorOfThePast();
}

bool MainWindow::openSearchFolder(const QString &folder)
{
    if (m_controller->isRunning()) {
        showError(tr("A search is running; stop it before opening another."));
        return false;
    }
    if (!isSearchFolder(folder)) {
        showError(tr("%1 is not a search folder: it has neither config.yaml nor metrics.csv.")
                      .arg(QDir::toNativeSeparators(folder)));
        return false;
    }
    const SearchFolder search = searchFolderAt(folder);
    const QString config = QString::fromStdString(search.configFile());
    // Its config replaces the one in the app, whose unsaved changes the user may want.
    if (QFileInfo::exists(config) && (!maybeSaveConfig() || !openConfig(config, ConfigOrigin::SearchFolder)))
        return false;
    m_previewPanel->clear();
    const SearchWorkspace::OpenProblems problems = m_workspace->open(folder);
    for (const QString &warning : problems.warnings)
        handleMessage(QStringLiteral("warning: ") + warning); // as the engine's warnings
    if (!problems.error.isEmpty())
        showError(problems.error);
    m_searchPanel->setOutputFolder(m_workspace->folder());
    m_outputChosen = false;
    const QString opened = tr("Opened the search in %1 (%2 finished epochs).")
                               .arg(QDir::toNativeSeparators(m_workspace->folder()))
                               .arg(m_workspace->policyEpochs().size());
    m_searchPanel->appendLog(opened);
    m_searchPanel->showOpened(m_workspace->lastEpoch(), m_configPanel->config().trainer.maxEpochs);
    if (m_workspace->processes() > 1) {
        const QString shared =
            tr("It was searched by %1 processes sharing each batch.").arg(m_workspace->processes());
        m_searchPanel->appendLog(shared);
        m_searchPanel->showState(shared);
    }
    m_recentSearches->add(m_workspace->folder());
    updateActions();
    return true;
}

void MainWindow::askOpenSearchFolder()
{
    // Where the app's own searches are (a hidden folder), once there is one there.
    const QString searches = searchesFolder();
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Open Search Folder"), QFileInfo::exists(searches) ? searches : dialogFolder());
    if (!folder.isEmpty())
        openSearchFolder(folder);
}

void MainWindow::updateActions()
{
    const bool running = m_controller->isRunning();
    const bool paused = running && m_controller->isPaused();
    const bool stopping = running && m_controller->isStopping();
    AppActions *a = m_actions;
    a->start->setEnabled(!running);
    a->pause->setEnabled(running && !paused && !stopping);
    a->resume->setEnabled(running && paused && !stopping);
    a->stop->setEnabled(running && !stopping);
    a->refreshPreview->setEnabled(running && !paused && !stopping); // previews are drawn between steps
    a->continueSearch->setEnabled(!running && m_workspace->canResume());
    a->openSearchFolder->setEnabled(!running);
    a->openDataset->setEnabled(!running);
    a->trySample->setEnabled(!running);
    a->savePolicy->setEnabled(m_workspace->selectedEpoch() > 0);
    a->exportMetrics->setEnabled(m_workspace->hasMetrics());
    a->exportPlot->setEnabled(m_workspace->hasMetrics()); // an empty plot is no picture
}

} // namespace augstudio::ui
