#pragma once

// AugStudio's main window: the dataset, config, search and preview docks around the live
// metrics plot, with the menu bar and tool bar. The search runs on SearchController's
// thread; the window only reacts to its signals and never waits for the engine. The state
// of the search shown is SearchWorkspace's; the plot, banner and search panel draw it.

#include "MetaTypes.h"
#include "config/SearchConfig.h"
#include "search/SearchTimeEstimate.h"

#include <QMainWindow>
#include <QUrl>

#include <memory>

namespace augstudio::ui {

class AppActions;
class ConfigPanel;
class DatasetPanel;
class DatasetScanner;
class InlineMessage;
class MetricsPlot;
class PlateauBanner;
class PreviewPanel;
class RecentFiles;
class SearchTimer;
class SearchController;
class SearchPanel;
class SearchWorkspace;
struct DatasetScanResult;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // What desktop apps do with files given at start or dropped: open them.
    void openDataset(const QString &folder);
    void openSample();
    // Where a config comes from: a search folder's config.yaml is the record of that search,
    // which a continued search reads: it keeps its dataset, and Save Config asks for a new file.
    enum class ConfigOrigin { UserFile, SearchFolder };
    // A user's config whose dataset folder is not there searches the dataset open, if one is.
    bool openConfig(const QString &path, ConfigOrigin origin = ConfigOrigin::UserFile);
    bool openSearchFolder(const QString &folder);
    void setOutputFolder(const QString &folder);
    QString outputFolder() const;

    // The folder of the search shown (running, finished or opened); "" if none.
    QString searchFolder() const;
    int selectedEpoch() const;
    QString selectedPolicyPath() const;
    // Writes the selected epoch's policy to `path` for the given Albumentations (savePolicyFile's
    // error and warning).
    bool savePolicyTo(const QString &path, AlbumentationsTarget target, QString *error = nullptr,
                      QString *warning = nullptr);
    bool exportMetricsTo(const QString &path, QString *error = nullptr);

    SearchWorkspace *workspace() const { return m_workspace; }
    DatasetPanel *datasetPanel() const { return m_datasetPanel; }
    ConfigPanel *configPanel() const { return m_configPanel; }
    InlineMessage *centralMessage() const { return m_centralMessage; }
    MetricsPlot *metricsPlot() const { return m_plot; }
    PlateauBanner *plateauBanner() const { return m_banner; }
    PreviewPanel *previewPanel() const { return m_previewPanel; }
    SearchTimer *searchTimer() const { return m_timer; }
    SearchPanel *searchPanel() const { return m_searchPanel; }
    SearchController *searchController() const { return m_controller; }
    DatasetScanner *datasetScanner() const { return m_scanner; }
    AppActions *actions() const { return m_actions; }
    RecentFiles *recentDatasets() const { return m_recent; }
    RecentFiles *recentSearches() const { return m_recentSearches; }

    // What the app remembers beyond the window: reopens the last config and selects the last
    // device, where they still work. Called at start when no config is given.
    void restoreLastSession();

public slots:
    // Returns false with the reason shown when the search cannot start.
    bool startSearch();
    bool continueSearch();
    void stopSearch();
    void selectEpoch(int epoch);

    // The engine's events (connected to the controller; tests may call them directly).
    void handleStarted(const augstudio::SearchStartInfo &info);
    void handleStep(const augstudio::StepMetrics &metrics);
    void handleEpoch(const augstudio::EpochMetrics &metrics);
    void handlePreview(const augstudio::Preview &preview);
    void handlePlateau(const augstudio::PlateauEvent &event);
    void handleMessage(const QString &text);
    void handleFinished(const augstudio::SearchOutcome &outcome);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void createDocks();
    void connectActions();
    void connectSearch();
    void resetLayout();
    void applyDefaultDockSizes();
    void restoreSettings();
    void saveSettings();
    void updateActions();
    // What was dropped on the window or a dock: a dataset folder (or its labels file or image
    // list), a config file, or a search's output folder, each opened as its menu entry opens it.
    void openDropped(const QList<QUrl> &urls);
    void openLabelsFile(const QString &path);
    void refuseDrop(const QString &what);
    // Once a search has ended, the error that said it was running is no longer true.
    void clearSearchIsRunningError();
    void onScanFinished(const DatasetScanResult &result);
    // Points the config at a scanned dataset (using at most `limit` images), with the
    // preprocessing its images need, and times the search on it.
    void useScannedDataset(const DatasetScanResult &result, int limit);
    void askOpenDataset();
    bool searchKeepsTheDataset(); // true, and said, while a search runs
    void askOpenConfig();
    // Writes the config to the file it came from, or asks where (askSaveConfig); false if not saved.
    bool saveConfig();
    bool askSaveConfig();
    // Before the config is replaced or the window closes: false when the user cancels, or
    // chose to save and it could not be.
    bool maybeSaveConfig();
    bool writeConfig(const QString &path);
    void askOpenSearchFolder();
    void askOutputFolder();
    void askSavePolicy();
    static QString noPolicySelectedText();
    void askExportPlot();
    void askExportMetrics();
    void showQuickGuide();
    void showAbout();
    void showEvaluate();
    bool runSearch(bool resume);
    bool chooseResumeConfig(const QString &folder, SearchConfig &config);
    // The user clicked an epoch on the plot or the banner: stops a running search there.
    void keepEpoch(int epoch);
    void logPlateau();
    // Removes the folder the app made for the search that ended, if the search left it empty
    // (it failed to start): no empty folders among the searches. True if it was removed.
    bool removeUnusedOutputFolder();
    void showError(const QString &text);
    // An error of what was open goes when another dataset, config or search is opened.
    void clearErrorOfThePast();
    void scanTheMendedConfigsDataset();
    void timeTheSearchSoon();
    void showEstimate(const SearchTimeEstimate &estimate);
    QString dialogFolder() const;

    SearchWorkspace *m_workspace;
    AppActions *m_actions;
    DatasetPanel *m_datasetPanel;
    ConfigPanel *m_configPanel;
    MetricsPlot *m_plot;
    InlineMessage *m_centralMessage;
    PlateauBanner *m_banner;
    PreviewPanel *m_previewPanel;
    SearchPanel *m_searchPanel;
    SearchController *m_controller;
    DatasetScanner *m_scanner;
    SearchTimer *m_timer;
    RecentFiles *m_recent;
    RecentFiles *m_recentSearches;
    QList<QDockWidget *> m_docks;
    QByteArray m_defaultState;

    bool m_outputChosen = false;
    QString m_claimedOutput; // the last folder newOutputFolder made for this window
    bool m_closeWhenStopped = false;
    bool m_configChangesDiscarded = false; // answered once for this close
    bool m_configIsSearchRecord = false;   // the config shown is a search folder's config.yaml
    bool m_scanWhenConfigReads = false;    // opened with an error: its dataset is scanned once mended
    bool m_scanIsSample = false;
    std::size_t m_datasetImages = 0;   // of the dataset shown, before the config's limit
    // The dataset shown while it is usable: a config opened whose folder is not there searches it.
    std::unique_ptr<DatasetScanResult> m_shownDataset;
    SearchTimeEstimate m_estimate;     // of the config in force, once timed
    bool m_errorIsConfigProblem = false; // the error shown is the config's: it goes once fixed
    QString m_errorStatus;               // the status bar's line of the error shown
};

} // namespace augstudio::ui
