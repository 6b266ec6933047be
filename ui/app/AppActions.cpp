#include "AppActions.h"

#include "LanguageMenu.h"

#include <QAction>
#include <QApplication>
#include <QMainWindow>
#include <QMenuBar>
#include <QRegularExpression>
#include <QStyle>
#include <QToolBar>

namespace augstudio::ui {

namespace {

QAction *makeAction(QObject *parent, const QString &text, const QString &tip, const QIcon &icon = {},
                    const QKeySequence &shortcut = {})
{
    auto *action = new QAction(icon, text, parent);
    action->setStatusTip(tip);
    action->setToolTip(tip);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    return action;
}

QIcon icon(const char *resource, QStyle::StandardPixmap fallback)
{
    QIcon fromResource(QString::fromLatin1(resource));
    if (!fromResource.availableSizes().isEmpty())
        return fromResource;
    return QApplication::style()->standardIcon(fallback);
}

} // namespace

QString plainActionText(QString text)
{
    static const QRegularExpression appendedMnemonic(QStringLiteral("\\(&.\\)"));
    text.remove(appendedMnemonic);
    text.remove(QLatin1Char('&'));
    text.remove(QChar(0x2026));
    return text.trimmed();
}

AppActions::AppActions(QMainWindow *window)
    : QObject(window)
{
    openDataset = makeAction(this, tr("Open &Dataset…"), tr("Choose a dataset folder"),
                             icon(":/icons/open-dataset.png", QStyle::SP_DirOpenIcon), QKeySequence::Open);
    trySample = makeAction(this, tr("Try the &Sample"), tr("Load Fashion-MNIST (2000 images) with a CPU-friendly config"),
                           icon(":/icons/sample.png", QStyle::SP_FileDialogContentsView));
    openConfig = makeAction(this, tr("Open &Config…"), tr("Load an AutoAlbument search.yaml"), {},
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    // Ctrl+S saves the policy, the search's result; the config's keys go with Open Config's.
    saveConfig = makeAction(this, tr("Sa&ve Config"), tr("Write the config back to its file"), {},
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    saveConfigAs = makeAction(this, tr("Save Config &As…"), tr("Write the config to a file of your choice"));
    openSearchFolder = makeAction(this, tr("Open Search &Folder…"),
                                  tr("Show the metrics and policies of an earlier search, and continue it"));
    exportPlot = makeAction(this, tr("Export Plot as &PNG…"), tr("Save the metrics plot as an image"));
    exportMetrics = makeAction(this, tr("Export &Metrics as CSV…"), tr("Save the search's metrics as CSV"));
    quit = makeAction(this, tr("&Quit"), tr("Quit AugStudio"), {}, QKeySequence::Quit);

    start = makeAction(this, tr("&Start Search"), tr("Start a search with this dataset and config"),
                       icon(":/icons/start.png", QStyle::SP_MediaPlay), QKeySequence(Qt::CTRL | Qt::Key_R));
    pause = makeAction(this, tr("&Pause"), tr("Pause after the current step"),
                       icon(":/icons/pause.png", QStyle::SP_MediaPause));
    resume = makeAction(this, tr("&Resume"), tr("Go on with the paused search"),
                        icon(":/icons/resume.png", QStyle::SP_MediaSeekForward));
    stop = makeAction(this, tr("S&top"), tr("Stop after the current step; the last finished epoch's policy stays saved"),
                      icon(":/icons/stop.png", QStyle::SP_MediaStop), QKeySequence(Qt::CTRL | Qt::Key_Period));
    continueSearch = makeAction(this, tr("&Continue Search"), tr("Continue the opened search from its last checkpoint"));
    refreshPreview = makeAction(this, tr("Refresh Pre&view"), tr("Render new preview images after the current step"),
                                icon(":/icons/refresh.png", QStyle::SP_BrowserReload),
                                // F5, not QKeySequence::Refresh: GNOME's scheme makes that Ctrl+R, Start's key.
                                QKeySequence(Qt::Key_F5));
    stopOnPlateau = makeAction(this, tr("Stop Automatically on P&lateau"),
                               tr("Stop by itself once the policy has converged"));
    stopOnPlateau->setCheckable(true);
    savePolicy = makeAction(this, tr("Save P&olicy…"), tr("Save the selected epoch's policy (Albumentations JSON)"),
                            icon(":/icons/save-policy.png", QStyle::SP_DialogSaveButton), QKeySequence::Save);
    evaluatePolicy = makeAction(this, tr("&Evaluate Policy…"),
                                tr("Train a small network or ResNet-18 with the policy and with baselines such as "
                                   "none, flip-shift and trivial-augment, and compare their held-out accuracy"));

    resetLayout = makeAction(this, tr("&Reset Layout"), tr("Put the panels back where they started"));
    quickGuide = makeAction(this, tr("&Quick Guide"), tr("The steps from a dataset to a policy, and the keys"), {},
                            QKeySequence::HelpContents);
    about = makeAction(this, tr("&About AugStudio"), tr("About AugStudio"));
}

void AppActions::buildMenusAndToolBar(QMainWindow *window, const QList<QAction *> &dockToggles)
{
    QMenuBar *bar = window->menuBar();
    QMenu *file = bar->addMenu(tr("&File"));
    file->addAction(openDataset);
    recentDatasets = file->addMenu(tr("&Recent Datasets"));
    file->addAction(trySample);
    file->addSeparator();
    file->addAction(openConfig);
    file->addAction(saveConfig);
    file->addAction(saveConfigAs);
    file->addSeparator();
    file->addAction(openSearchFolder);
    recentSearches = file->addMenu(tr("Recent Searc&hes"));
    file->addSeparator();
    file->addAction(exportPlot);
    file->addAction(exportMetrics);
    file->addSeparator();
    file->addAction(quit);

    QMenu *search = bar->addMenu(tr("&Search"));
    search->addAction(start);
    search->addAction(pause);
    search->addAction(resume);
    search->addAction(stop);
    search->addSeparator();
    search->addAction(continueSearch);
    search->addAction(refreshPreview);
    search->addAction(stopOnPlateau);
    search->addSeparator();
    search->addAction(savePolicy);
    search->addAction(evaluatePolicy);

    QMenu *view = bar->addMenu(tr("&View"));
    for (QAction *toggle : dockToggles)
        view->addAction(toggle);
    view->addSeparator();
    view->addAction(resetLayout);
    view->addSeparator();
    languageMenu = new LanguageMenu(view);
    view->addMenu(languageMenu);

    QMenu *help = bar->addMenu(tr("&Help"));
    help->addAction(quickGuide);
    help->addSeparator();
    help->addAction(about);

    toolBar = window->addToolBar(tr("Main Tool Bar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->addAction(openDataset);
    toolBar->addAction(trySample);
    toolBar->addSeparator();
    toolBar->addAction(start);
    toolBar->addAction(pause);
    toolBar->addAction(resume);
    toolBar->addAction(stop);
    toolBar->addSeparator();
    toolBar->addAction(refreshPreview);
    toolBar->addAction(savePolicy);
    for (QAction *action : toolBar->actions())
        if (!action->isSeparator())
            action->setIconText(plainActionText(action->text()));
}

} // namespace augstudio::ui
