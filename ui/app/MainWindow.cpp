#include "MainWindow.h"

#include "AboutDialog.h"
#include "AppActions.h"
#include "AppPaths.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "DatasetPanel.h"
#include "DatasetScanner.h"
#include "EvaluateDialog.h"
#include "InlineMessage.h"
#include "LanguageMenu.h"
#include "MetricsPlot.h"
#include "PlateauBanner.h"
#include "PreviewPanel.h"
#include "QuickGuideDialog.h"
#include "RecentFiles.h"
#include "SaveFileDialog.h"
#include "SearchController.h"
#include "SearchPanel.h"
#include "SearchTimer.h"
#include "SearchWorkspace.h"
#include "UrlDrops.h"
#include "data/DefaultPreprocessing.h"
#include "data/LabelsCsv.h"
#include "config/DefaultConfigs.h"
#include "search/TorchRuntime.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QResizeEvent>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <filesystem>

static void initAugStudioResources()
{
    Q_INIT_RESOURCE(augstudio);
}

namespace augstudio::ui {

namespace {

const char *const kGeometryKey = "window/geometry";
const char *const kStateKey = "window/state";
const char *const kStopOnPlateauKey = "search/stopOnPlateau";
const char *const kLastFolderKey = "dialogs/lastFolder";
const char *const kLastConfigKey = "config/lastFile";
const char *const kDeviceKey = "search/device";
// A search whose answer (the plateau rule's, or its end where that comes first) comes later
// than this is offered a smaller one.
constexpr double kComfortableSearchSeconds = 3600.0;

// Whether Tab can stop at `widget` itself or, for a compound widget (a tab widget and its
// tab bar), at its part: not where it hands its focus to a widget outside it.
bool isTabStop(const QWidget *widget)
{
    const QWidget *proxy = widget->focusProxy();
    return (widget->focusPolicy() & Qt::TabFocus) && (!proxy || widget->isAncestorOf(proxy));
}

// Makes Tab visit `areas` one after another, each area's stops in the order they had. The
// chain otherwise follows the order the panels were made in, not where they are.
void chainTabOrder(QWidget *window, const QList<QWidget *> &areas)
{
    QList<QList<QWidget *>> stops(areas.size());
    for (QWidget *widget = window->nextInFocusChain(); widget != window; widget = widget->nextInFocusChain()) {
        if (!isTabStop(widget))
            continue;
        for (qsizetype i = 0; i < areas.size(); ++i)
            if (areas[i]->isAncestorOf(widget)) {
                stops[i] << widget;
                break;
            }
    }
    // Each stop goes right after the one before. A compound widget keeps its parts right after
    // it (Qt's rule; a tab bar moved away from its tab widget made Tab circle between the bar
    // and the YAML editor): setTabOrder() moves them along, and they follow in their order.
    QWidget *previous = nullptr;
    for (const QList<QWidget *> &area : std::as_const(stops))
        for (QWidget *stop : area) {
            if (previous)
                QWidget::setTabOrder(previous, stop);
            previous = stop;
        }
}

bool hasSuffix(const QString &path, std::initializer_list<const char *> suffixes)
{
    const QString suffix = QFileInfo(path).suffix();
    return std::any_of(suffixes.begin(), suffixes.end(),
                       [&](const char *s) { return suffix.compare(QLatin1String(s), Qt::CaseInsensitive) == 0; });
}

// A search's output folder, by its record (config.yaml) and what it wrote: dropped, it is
// opened as a search, not scanned for images.
bool looksLikeSearchOutput(const QString &folder)
{
    const SearchFolder search = searchFolderAt(folder);
    return QFileInfo(QString::fromStdString(search.configFile())).isFile()
           && (QFileInfo(QString::fromStdString(search.metricsFile())).isFile() || search.holdsResults());
}

bool namesImages(const LabelsCsvChoice &choice, const std::filesystem::path &file)
{
    std::error_code error;
    return std::any_of(choice.namingImages.begin(), choice.namingImages.end(),
                       [&](const LabelsCsvSample &sample) { return std::filesystem::equivalent(sample.file, file, error); });
}

// The dataset a dropped labels file describes: its own folder where its rows name images
// below it (trainLabels.csv, train_list.txt), else the parent whose labels file it is one
// level down (annotations/labels.csv beside images/, meta/train.txt beside train/), as the
// engine picks labels files; empty where it is neither.
QString datasetOfLabelsFile(const QString &path)
{
    const QFileInfo file(path);
    const QString folder = file.absolutePath();
    const std::filesystem::path labels = file.absoluteFilePath().toStdString();
    try {
        if (namesImages(chooseLabelsCsv(folder.toStdString()), labels))
            return folder;
        const QString parent = QFileInfo(folder).absolutePath();
        const LabelsCsvChoice above = chooseLabelsCsv(parent.toStdString());
        std::error_code error;
        if (parent != folder && above.chosen && std::filesystem::equivalent(*above.chosen, labels, error)
            && namesImages(above, labels))
            return parent;
    } catch (const std::exception &) {
        // An unreadable file: its folder is scanned, and the scan says what is wrong.
        return folder;
    }
    return {};
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_workspace(new SearchWorkspace(this))
    , m_actions(new AppActions(this))
    , m_datasetPanel(new DatasetPanel)
    , m_configPanel(new ConfigPanel)
    , m_plot(new MetricsPlot(m_workspace))
    , m_centralMessage(new InlineMessage)
    , m_banner(new PlateauBanner(m_workspace))
    , m_previewPanel(new PreviewPanel)
    , m_searchPanel(new SearchPanel(m_workspace))
    , m_controller(new SearchController(this))
    , m_scanner(new DatasetScanner(this))
    , m_timer(new SearchTimer(this))
    , m_recent(new RecentFiles(QStringLiteral("recentDatasets"), this))
    , m_recentSearches(new RecentFiles(QStringLiteral("recentSearchFolders"), this))
{
    initAugStudioResources();
    registerMetaTypes();
    setWindowTitle(tr("AugStudio") + QStringLiteral("[*]")); // [*]: a config with unsaved changes
    setWindowIcon(QIcon(QStringLiteral(":/icons/augstudio.png")));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(4, 4, 4, 4);
    centralLayout->addWidget(m_centralMessage);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(m_plot, 1);
    setCentralWidget(central);

    createDocks();
    QList<QAction *> toggles;
    for (QDockWidget *dock : std::as_const(m_docks))
        toggles << dock->toggleViewAction();
    m_actions->buildMenusAndToolBar(this, toggles);
    m_recent->attachMenu(m_actions->recentDatasets);
    m_recentSearches->setEmptyText(tr("No recent searches"));
    m_recentSearches->attachMenu(m_actions->recentSearches);
    m_defaultState = saveState();

    connectActions();
    connectSearch();
    // A search made without choosing a folder gets a new one when it starts.
    m_searchPanel->setOutputFolder(QString());
    m_outputChosen = false;
    statusBar()->showMessage(tr("Drop a dataset folder on the window, or try the sample."));
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks()
{
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    // `toggle` is the View menu's entry, the title with a mnemonic.
    auto makeDock = [this](const QString &title, const QString &toggle, const QString &name, QWidget *widget,
                           Qt::DockWidgetArea area) {
        auto *dock = new QDockWidget(title, this);
        dock->toggleViewAction()->setText(toggle);
        dock->setObjectName(name);
        dock->setWidget(widget);
        // Floating, a dock is a window of its own: the main window never sees its drops.
        takeUrlDrops(dock, [this](const QMimeData *mime) { openDropped(mime->urls()); });
        addDockWidget(area, dock);
        m_docks << dock;
        return dock;
    };
    QDockWidget *dataset = makeDock(tr("Dataset"), tr("&Dataset"), QStringLiteral("datasetDock"), m_datasetPanel,
                                    Qt::LeftDockWidgetArea);
    QDockWidget *config = makeDock(tr("Config"), tr("&Config"), QStringLiteral("configDock"), m_configPanel,
                                   Qt::RightDockWidgetArea);
    QDockWidget *preview = makeDock(tr("Preview"), tr("&Preview"), QStringLiteral("previewDock"), m_previewPanel,
                                    Qt::BottomDockWidgetArea);
    QDockWidget *search = makeDock(tr("Search"), tr("&Search"), QStringLiteral("searchDock"), m_searchPanel,
                                   Qt::LeftDockWidgetArea);
    splitDockWidget(dataset, search, Qt::Vertical);
    Q_UNUSED(preview);
    // Floors low enough that the window fits 853 px, a 1280 px screen at 150 % scaling: the
    // panels' contents set the rest, and a narrow config scrolls sideways.
    config->setMinimumWidth(200);
    applyDefaultDockSizes();
    // As the panels lie: down the left column, the plot's messages, the preview, the config.
    chainTabOrder(this, {m_datasetPanel, m_searchPanel, m_centralMessage, m_banner, m_previewPanel, m_configPanel});
}

void MainWindow::applyDefaultDockSizes()
{
    // Docks only take sizes once the window has its own; called again after the first show.
    const int width = std::max(this->width(), 1200);
    // The config as wide as its settings need, where that leaves the plot most of the window.
    const int configWidth = std::clamp(m_configPanel->preferredWidth(), width * 27 / 100, width * 40 / 100);
    resizeDocks({m_docks[0], m_docks[1]}, {width * 23 / 100, configWidth}, Qt::Horizontal);
    const int tall = std::max(height(), 800);
    resizeDocks({m_docks[0], m_docks[3]}, {tall * 58 / 100, tall * 42 / 100}, Qt::Vertical);
    resizeDocks({m_docks[2]}, {std::max(280, tall * 34 / 100)}, Qt::Vertical);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    // A window made small squeezes the docks, and made large again it gives all the room to
    // the plot: the config panel takes back the width its settings need, within its share.
    if (event->oldSize().width() < 0 || event->size().width() <= event->oldSize().width())
        return;
    QDockWidget *config = m_docks[1];
    const int wanted = std::min(m_configPanel->preferredWidth(), width() * 40 / 100);
    if (!config->isFloating() && config->isVisible() && config->width() < wanted)
        resizeDocks({config}, {wanted}, Qt::Horizontal);
}

void MainWindow::connectActions()
{
    AppActions *a = m_actions;
    connect(a->openDataset, &QAction::triggered, this, &MainWindow::askOpenDataset);
    connect(a->trySample, &QAction::triggered, this, [this] {
        if (maybeSaveConfig())
            openSample();
    });
    connect(a->openConfig, &QAction::triggered, this, &MainWindow::askOpenConfig);
    connect(a->saveConfig, &QAction::triggered, this, &MainWindow::saveConfig);
    connect(a->saveConfigAs, &QAction::triggered, this, &MainWindow::askSaveConfig);
    connect(m_configPanel, &ConfigPanel::modifiedChanged, this, &QWidget::setWindowModified);
    connect(a->openSearchFolder, &QAction::triggered, this, &MainWindow::askOpenSearchFolder);
    connect(a->exportPlot, &QAction::triggered, this, &MainWindow::askExportPlot);
    connect(a->exportMetrics, &QAction::triggered, this, &MainWindow::askExportMetrics);
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->start, &QAction::triggered, this, &MainWindow::startSearch);
    connect(a->pause, &QAction::triggered, m_controller, &SearchController::pause);
    connect(a->resume, &QAction::triggered, m_controller, &SearchController::resume);
    connect(a->stop, &QAction::triggered, this, &MainWindow::stopSearch);
    connect(a->continueSearch, &QAction::triggered, this, &MainWindow::continueSearch);
    connect(a->refreshPreview, &QAction::triggered, m_controller, &SearchController::requestPreview);
    connect(a->savePolicy, &QAction::triggered, this, &MainWindow::askSavePolicy);
    connect(a->resetLayout, &QAction::triggered, this, &MainWindow::resetLayout);
    connect(a->quickGuide, &QAction::triggered, this, &MainWindow::showQuickGuide);
    connect(a->about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(a->evaluatePolicy, &QAction::triggered, this, &MainWindow::showEvaluate);
    connect(a->stopOnPlateau, &QAction::toggled, m_searchPanel->stopOnPlateauBox(), &QCheckBox::setChecked);
    connect(m_searchPanel->stopOnPlateauBox(), &QCheckBox::toggled, a->stopOnPlateau, &QAction::setChecked);

    connect(m_datasetPanel, &DatasetPanel::sampleRequested, this, &MainWindow::openSample);
    connect(m_datasetPanel, &DatasetPanel::openRequested, this, &MainWindow::askOpenDataset);
    connect(m_datasetPanel, &DatasetPanel::cancelRequested, m_scanner, &DatasetScanner::cancel);
    connect(m_scanner, &DatasetScanner::progress, m_datasetPanel, &DatasetPanel::setProgress);
    connect(m_scanner, &DatasetScanner::finished, this, &MainWindow::onScanFinished);
    connect(m_scanner, &DatasetScanner::cancelled, m_datasetPanel, &DatasetPanel::showScanCancelled);
    connect(m_recent, &RecentFiles::opened, this, [this](const QString &folder) {
        if (!QFileInfo(folder).isDir()) {
            m_recent->remove(folder);
            m_datasetPanel->showMessage(tr("There is no folder %1 any more; it has been removed from the recent datasets.")
                                            .arg(QDir::toNativeSeparators(folder)),
                                        InlineMessage::Warning);
            return;
        }
        openDataset(folder);
    });
    connect(m_recentSearches, &RecentFiles::opened, this, [this](const QString &folder) {
        if (!QFileInfo(folder).isDir()) {
            m_recentSearches->remove(folder);
            showError(tr("There is no folder %1 any more; it has been removed from the recent searches.")
                          .arg(QDir::toNativeSeparators(folder)));
            return;
        }
        openSearchFolder(folder);
    });
    connect(m_controller, &SearchController::started, this, [this] { m_recentSearches->add(m_workspace->folder()); });
    // Before handleFinished (connected later), which may show the search's own failure.
    connect(m_controller, &SearchController::finished, this, &MainWindow::clearSearchIsRunningError);
    connect(a->languageMenu, &LanguageMenu::languageChosen, this, [this] {
        m_centralMessage->showMessage(tr("The new language takes effect when you restart AugStudio."),
                                      InlineMessage::Information);
    });

    connect(m_searchPanel, &SearchPanel::changeOutputRequested, this, &MainWindow::askOutputFolder);
    connect(m_searchPanel, &SearchPanel::outputFolderEdited, this, [this] { m_outputChosen = true; });
    connect(m_searchPanel, &SearchPanel::savePolicyRequested, this, &MainWindow::askSavePolicy);
    // Before Start: how long the search will take, timed on the dataset's own images.
    connect(m_configPanel, &ConfigPanel::configChanged, this, &MainWindow::timeTheSearchSoon);
    connect(m_configPanel, &ConfigPanel::configChanged, this, [this] {
        if (m_errorIsConfigProblem && m_configPanel->blockingProblem().isEmpty())
            clearErrorOfThePast();
        scanTheMendedConfigsDataset();
    });
    connect(m_timer, &SearchTimer::estimated, this, &MainWindow::showEstimate);
    connect(m_timer, &SearchTimer::failed, this, [this](const QString &message) {
        m_searchPanel->showEstimateText(tr("The search could not be timed: %1").arg(message));
    });
    connect(m_searchPanel, &SearchPanel::smallerSearchRequested, this, [this] {
        m_configPanel->applyConfig(smallerSearch(m_configPanel->config(), m_estimate, kComfortableSearchSeconds));
    });
    connect(m_searchPanel, &SearchPanel::epochChosen, m_workspace, &SearchWorkspace::pickEpoch);
}

void MainWindow::timeTheSearchSoon()
{
    if (m_datasetImages == 0 || m_controller->isRunning())
        return;
    m_searchPanel->showEstimateText(tr("Timing a few steps on the dataset…"));
    m_timer->estimateSoon(m_configPanel->config(), m_datasetImages);
}

void MainWindow::showEstimate(const SearchTimeEstimate &estimate)
{
    m_estimate = estimate;
    m_searchPanel->showEstimate(estimate, estimate.secondsToAnswer() > kComfortableSearchSeconds
                                              && estimate.stepsPerEpoch > 1);
}

void MainWindow::resetLayout()
{
    for (QDockWidget *dock : std::as_const(m_docks)) {
        dock->setFloating(false);
        dock->show();
    }
    restoreState(m_defaultState);
    applyDefaultDockSizes();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry)) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::min(1680, available.width() * 24 / 25), std::min(1050, available.height() * 24 / 25));
    }
    if (!restoreState(settings.value(kStateKey).toByteArray()))
        QTimer::singleShot(0, this, &MainWindow::applyDefaultDockSizes);
    m_actions->stopOnPlateau->setChecked(settings.value(kStopOnPlateauKey, false).toBool());
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kStopOnPlateauKey, m_actions->stopOnPlateau->isChecked());
    settings.setValue(kDeviceKey, QString::fromStdString(m_configPanel->config().trainer.device));
}

void MainWindow::restoreLastSession()
{
    QSettings settings;
    const QString config = settings.value(kLastConfigKey).toString();
    if (!config.isEmpty() && QFileInfo(config).isFile())
        openConfig(config);
    // One the form offers; a device this computer lacks (now) is left alone.
    const QString device = settings.value(kDeviceKey).toString();
    if (!device.isEmpty() && m_configPanel->form()->deviceBox()->findData(device) >= 0
        && (device == QLatin1String("auto") || deviceProblem(device.toStdString()).empty()))
        m_configPanel->setDevice(device.toStdString());
}

QString MainWindow::dialogFolder() const
{
    return QSettings().value(kLastFolderKey, QDir::homePath()).toString();
}

void MainWindow::showError(const QString &text)
{
    m_errorIsConfigProblem = false;
    m_centralMessage->showMessage(text, InlineMessage::Error);
    m_errorStatus = text.section(QLatin1Char('\n'), 0, 0);
    statusBar()->showMessage(m_errorStatus, 10000);
}

// --- Datasets -------------------------------------------------------------------------

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    // Anything with URLs is taken, so that a wrong drop can be explained instead of refused.
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty())
        return;
    event->acceptProposedAction();
    openDropped(urls);
}

void MainWindow::openDropped(const QList<QUrl> &urls)
{
    if (urls.size() != 1) {
        refuseDrop(tr("You dropped %1 items.").arg(urls.size()));
        return;
    }
    if (!urls.first().isLocalFile()) {
        refuseDrop(tr("“%1” is not a folder.").arg(urls.first().toString()));
        return;
    }
    const QString path = urls.first().toLocalFile();
    const QFileInfo file(path);
    // Queued: their unsaved-config question must not hold the drag source until answered.
    if (file.isDir() && looksLikeSearchOutput(path))
        QTimer::singleShot(0, this, [this, path] { openSearchFolder(path); });
    else if (file.isFile() && hasSuffix(path, {"yaml", "yml"}))
        QTimer::singleShot(0, this, [this, path] {
            if (maybeSaveConfig())
                openConfig(path);
        });
    else if (file.isFile() && hasSuffix(path, {"csv", "txt"}))
        openLabelsFile(path);
    else if (file.isFile())
        refuseDrop(tr("“%1” is not a folder.").arg(QDir::toNativeSeparators(path)));
    else
        openDataset(path); // a folder, or the scanner says why not: gone, unreadable, a name not UTF-8
}

// A labels file or an image list opens the dataset it labels; a .csv file that names no
// image its folder, whose scan says why; a .txt file that names none is no dataset.
void MainWindow::openLabelsFile(const QString &path)
{
    if (const QString dataset = datasetOfLabelsFile(path); !dataset.isEmpty())
        openDataset(dataset);
    else if (hasSuffix(path, {"csv"}))
        openDataset(QFileInfo(path).absolutePath());
    else
        refuseDrop(tr("“%1” is not a folder.").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::refuseDrop(const QString &what)
{
    m_datasetPanel->showMessage(what + QLatin1Char(' ')
                                    + tr("AugStudio accepts one dataset folder: drop the single folder that "
                                         "holds the images (or the class folders)."),
                                InlineMessage::Warning);
    m_docks.first()->show();
    m_docks.first()->raise();
}

void MainWindow::clearErrorOfThePast()
{
    if (m_centralMessage->level() == InlineMessage::Error)
        m_centralMessage->clearMessage();
    // Its copy on the status bar too, unless something else has been said there since.
    if (!m_errorStatus.isEmpty() && statusBar()->currentMessage() == m_errorStatus)
        statusBar()->clearMessage();
    m_errorStatus.clear();
    m_errorIsConfigProblem = false;
}

void MainWindow::clearSearchIsRunningError()
{
    const QString shown = m_centralMessage->text();
    if (shown == tr("A search is running; stop it before opening another dataset.")
        || shown == tr("A search is running; stop it before opening another."))
        clearErrorOfThePast();
}

bool MainWindow::searchKeepsTheDataset()
{
    // Another dataset would change the config and the dataset shown under the running search.
    if (!m_controller->isRunning())
        return false;
    showError(tr("A search is running; stop it before opening another dataset."));
    return true;
}

void MainWindow::openDataset(const QString &folder)
{
    if (searchKeepsTheDataset())
        return;
    clearErrorOfThePast();
    DataConfig data = m_configPanel->config().data;
    data.dataset = DatasetConfig{};
    data.dataset.root = QDir::cleanPath(QFileInfo(folder).absoluteFilePath()).toStdString();
    m_scanIsSample = false;
    m_scanWhenConfigReads = false;
    m_datasetPanel->clearMessage();
    m_datasetPanel->showScanning(folder);
    m_scanner->scan(data);
    statusBar()->showMessage(tr("Scanning %1…").arg(QDir::toNativeSeparators(folder)));
}

void MainWindow::openSample()
{
    if (searchKeepsTheDataset())
        return;
    if (!sampleDatasetAvailable()) {
        m_datasetPanel->showMessage(tr("The sample needs the Fashion-MNIST files in %1. Install them with the "
                                       "Debian package dataset-fashion-mnist (sudo apt install "
                                       "dataset-fashion-mnist) and try again.")
                                        .arg(QDir::toNativeSeparators(sampleDatasetFolder())),
                                    InlineMessage::Error);
        return;
    }
    clearErrorOfThePast();
    const SearchConfig sample = sampleConfig(sampleDatasetFolder().toStdString());
    m_configPanel->setConfig(sample);
    m_configIsSearchRecord = false;
    m_scanWhenConfigReads = false;
    m_scanIsSample = true;
    m_datasetPanel->clearMessage();
    m_datasetPanel->showScanning(sampleDatasetFolder());
    m_scanner->scan(sample.data);
    statusBar()->showMessage(tr("Loading the Fashion-MNIST sample…"));
}

void MainWindow::onScanFinished(const DatasetScanResult &result)
{
    m_datasetPanel->showResult(result);
    if (!result.ok) {
        // The dataset opened before, if any, stays in force: the panel still shows it.
        if (!m_shownDataset)
            m_configPanel->setDataset(DatasetConfig{}, m_configPanel->config().task, 3);
        statusBar()->showMessage(tr("Not a usable dataset: %1").arg(QDir::toNativeSeparators(result.root)), 10000);
        return;
    }
    // Fashion-MNIST's 10 classes, grey statistics and resize are not another dataset's: they
    // were written into the policy of a colour dataset opened after the sample.
    const std::string sampleRoot = sampleDatasetFolder().toStdString();
    if (!m_scanIsSample && m_configPanel->config().data.dataset.root == sampleRoot
        && result.data.dataset.root != sampleRoot)
        m_configPanel->forgetDatasetFacts();
    m_shownDataset = std::make_unique<DatasetScanResult>(result);
    useScannedDataset(result, result.data.dataset.limit);
    if (!m_scanIsSample)
        m_recent->add(result.root);
    if (m_controller->isRunning())
        return;
    // The problems sit in the Dataset panel, which may be scrolled, tabbed or closed: say they are there.
    const QString problems = m_datasetPanel->problemSummary();
    const QString folder = QDir::toNativeSeparators(result.root);
    if (problems.isEmpty())
        statusBar()->showMessage(tr("Dataset ready: %1 images in %2. Press Start to search.")
                                     .arg(m_datasetImages)
                                     .arg(folder));
    else
        statusBar()->showMessage(tr("Dataset ready: %1 images in %2, %3 (see the Dataset panel). Press Start to search.")
                                     .arg(m_datasetImages)
                                     .arg(folder, problems));
}

void MainWindow::useScannedDataset(const DatasetScanResult &result, int limit)
{
    DatasetConfig dataset = result.data.dataset;
    dataset.limit = limit;
    m_configPanel->setDataset(dataset, result.task, result.report.channels);
    // Images of different sizes, or smaller than the model takes: a fitting preprocessing, and why.
    const SearchConfig config = m_configPanel->config();
    const PreprocessingChoice choice = choosePreprocessing(result.imageSizes, minimumInputSizeOf(config));
    m_configPanel->suggestPreprocessing(choice.steps, QString::fromStdString(choice.reason));
    m_datasetImages = result.report.images - result.report.unreadable;
    timeTheSearchSoon();
}

void MainWindow::askOpenDataset()
{
    if (searchKeepsTheDataset())
        return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open Dataset Folder"), dialogFolder());
    if (folder.isEmpty())
        return;
    QSettings().setValue(kLastFolderKey, QFileInfo(folder).absolutePath());
    openDataset(folder);
}

// --- Configs --------------------------------------------------------------------------

bool MainWindow::openConfig(const QString &path, ConfigOrigin origin)
{
    m_docks[1]->show();
    m_docks[1]->raise();
    const bool loaded = m_configPanel->loadFile(path);
    // A file that does not read is still shown, to be mended and saved: a search's record among
    // them is saved elsewhere all the same (Save Config asks where).
    if (loaded || m_configPanel->filePath() == QFileInfo(path).absoluteFilePath())
        m_configIsSearchRecord = origin == ConfigOrigin::SearchFolder || isSearchRecord(path);
    m_scanWhenConfigReads = !loaded;
    if (!loaded)
        return false;
    clearErrorOfThePast();
    QSettings().setValue(kLastConfigKey, QFileInfo(path).absoluteFilePath());
    const QString root = QString::fromStdString(m_configPanel->config().data.dataset.root);
    if (!root.isEmpty() && QFileInfo(root).isDir()) {
        m_scanIsSample = false;
        m_datasetPanel->showScanning(root);
        m_scanner->scan(m_configPanel->config().data);
    } else if (m_shownDataset && origin == ConfigOrigin::UserFile) {
        // As --dataset in the CLI, the dataset shown wins over a folder that is not there (every
        // AutoAlbument example names ~/data/cifar10), which Start would refuse unseen.
        useScannedDataset(*m_shownDataset, m_configPanel->config().data.dataset.limit);
        const QString shown = QDir::toNativeSeparators(m_shownDataset->root);
        const QString message =
            root.isEmpty()
                ? tr("Config loaded from %1; it names no dataset folder, so the open dataset %2 is used.")
                      .arg(QDir::toNativeSeparators(path), shown)
                : tr("Config loaded from %1; its dataset folder %2 does not exist, so the open dataset %3 is used.")
                      .arg(QDir::toNativeSeparators(path), QDir::toNativeSeparators(root), shown);
        statusBar()->showMessage(message, 10000);
        return true;
    }
    statusBar()->showMessage(tr("Config loaded from %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

// A config opened with an error names its dataset all the same: once the YAML tab has mended
// it, the dataset is scanned (and the search timed) as for a config that read at once.
void MainWindow::scanTheMendedConfigsDataset()
{
    if (!m_scanWhenConfigReads || !m_configPanel->yamlError().isEmpty() || m_controller->isRunning())
        return;
    m_scanWhenConfigReads = false;
    const QString root = QString::fromStdString(m_configPanel->config().data.dataset.root);
    if (root.isEmpty() || !QFileInfo(root).isDir())
        return;
    m_scanIsSample = false;
    m_datasetPanel->showScanning(root);
    m_scanner->scan(m_configPanel->config().data);
}

void MainWindow::askOpenConfig()
{
    if (!maybeSaveConfig())
        return;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Config"), dialogFolder(),
                                                      tr("Search configs (*.yaml *.yml);;All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    openConfig(path);
}

bool MainWindow::saveConfig()
{
    const QString path = m_configPanel->filePath();
    return path.isEmpty() || m_configIsSearchRecord ? askSaveConfig() : writeConfig(path);
}

bool MainWindow::askSaveConfig()
{
    const QString loaded = m_configIsSearchRecord ? QString() : m_configPanel->filePath();
    const QString path = askSaveFileName(this, tr("Save Config As"),
                                         loaded.isEmpty() ? dialogFolder() + QStringLiteral("/search.yaml") : loaded,
                                         tr("Search configs (*.yaml *.yml)"));
    if (path.isEmpty())
        return false;
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    return writeConfig(path);
}

bool MainWindow::writeConfig(const QString &path)
{
    if (QFileInfo(path) == QFileInfo(m_configPanel->filePath()) && m_configPanel->fileChangedOnDisk()) {
        const auto answer = QMessageBox::warning(
            this, tr("Overwrite the config file?"),
            tr("%1 was changed by another program since AugStudio read it. Replace those changes with the "
               "config shown here?")
                .arg(QDir::toNativeSeparators(path)),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    QString error;
    if (!m_configPanel->saveFile(path, &error)) {
        showError(tr("The config was not saved: %1").arg(error));
        return false;
    }
    clearErrorOfThePast();
    m_configIsSearchRecord = false;
    QSettings().setValue(kLastConfigKey, QFileInfo(path).absoluteFilePath());
    statusBar()->showMessage(tr("Config saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::maybeSaveConfig()
{
    if (!m_configPanel->isModified() || m_configChangesDiscarded)
        return true;
    // A search folder's config.yaml is its record, never saved over: it is no home to name.
    const QString file = m_configIsSearchRecord ? QString() : m_configPanel->filePath();
    const auto answer = QMessageBox::warning(
        this, tr("Save the config?"),
        file.isEmpty() ? tr("The config has changes that are not saved in a file.")
                       : tr("The config has changes that are not saved in %1.").arg(QDir::toNativeSeparators(file)),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return saveConfig();
    return answer == QMessageBox::Discard;
}

// --- Window ---------------------------------------------------------------------------

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSaveConfig()) {
        event->ignore();
        return;
    }
    m_configChangesDiscarded = m_configPanel->isModified(); // not asked again once the search stops
    // A running evaluation is asked about too: quitting cancels it (the dialog is a child).
    auto *evaluate = findChild<EvaluateDialog *>(QString(), Qt::FindDirectChildrenOnly);
    if (evaluate && !evaluate->askToStopRun(true)) {
        m_configChangesDiscarded = false;
        event->ignore();
        return;
    }
    if (m_controller->isRunning()) {
        event->ignore();
        if (m_closeWhenStopped)
            return; // already stopping; the window closes when the search has ended
        const auto answer = QMessageBox::question(
            this, tr("Stop the search?"),
            tr("A search is running. Stop it and quit? It stops after the current step; the policy of the "
               "last finished epoch stays saved in %1.")
                .arg(QDir::toNativeSeparators(m_workspace->folder())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            m_configChangesDiscarded = false;
            return;
        }
        m_closeWhenStopped = true;
        stopSearch();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::showQuickGuide()
{
    // Beside the window, not over it: the steps are followed while it is open.
    auto *guide = findChild<QuickGuideDialog *>(QString(), Qt::FindDirectChildrenOnly);
    if (!guide)
        guide = new QuickGuideDialog(menuBar(), this);
    guide->show();
    guide->raise();
    guide->activateWindow();
}

void MainWindow::showAbout()
{
    AboutDialog dialog(this);
    dialog.exec();
}

void MainWindow::showEvaluate()
{
    // One modeless dialog per window: closing it only hides it (and, asked, cancels its run).
    auto *dialog = findChild<EvaluateDialog *>(QString(), Qt::FindDirectChildrenOnly);
    const bool firstOpening = !dialog;
    if (!dialog)
        dialog = new EvaluateDialog(this);
    if (!dialog->isRunning()) {
        // The selected epoch's policy, else the search's latest one; the open dataset. The first
        // opening fills the fields; later ones keep what the user listed and typed: the policy
        // is added at the end unless listed already, the dataset only fills an empty field.
        QString policy = selectedPolicyPath();
        if (!QFileInfo(policy).isFile())
            policy = m_workspace->folder().isEmpty()
                         ? QString()
                         : QString::fromStdString(searchFolderAt(m_workspace->folder()).latestPolicyFile());
        if (QFileInfo(policy).isFile())
            firstOpening ? dialog->setPolicyPath(policy) : dialog->addPolicyPath(policy);
        const SearchConfig config = m_configPanel->config();
        if (!config.data.dataset.root.empty() && (firstOpening || dialog->datasetFolder().isEmpty()))
            dialog->setDataset(config.data.dataset);
        dialog->setDevice(QString::fromStdString(config.trainer.device), config.trainer.threads);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace augstudio::ui
