#pragma once

// Every command of the main window as a QAction, and the menu bar and tool bar built from
// them. The window connects them; this class only names, iconises and arranges them.

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;
class QToolBar;

namespace augstudio::ui {

class LanguageMenu;

// A menu text as a tool button or a list of keys shows it: no mnemonic, neither "&Open" nor a
// translation's "打开(&O)", and no ellipsis.
QString plainActionText(QString text);

class AppActions : public QObject
{
    Q_OBJECT

public:
    explicit AppActions(QMainWindow *window);

    // Builds the menu bar and the tool bar of `window`; View gets the docks' toggles.
    void buildMenusAndToolBar(QMainWindow *window, const QList<QAction *> &dockToggles);

    QAction *openDataset;
    QAction *trySample;
    QMenu *recentDatasets = nullptr;
    QMenu *recentSearches = nullptr;
    QAction *openConfig;
    QAction *saveConfig;
    QAction *saveConfigAs;
    QAction *openSearchFolder;
    QAction *exportPlot;
    QAction *exportMetrics;
    QAction *quit;

    QAction *start;
    QAction *pause;
    QAction *resume;
    QAction *stop;
    QAction *continueSearch;
    QAction *refreshPreview;
    QAction *stopOnPlateau;
    QAction *savePolicy;
    QAction *evaluatePolicy;

    QAction *resetLayout;
    LanguageMenu *languageMenu = nullptr;
    QAction *quickGuide;
    QAction *about;
    QToolBar *toolBar = nullptr;
};

} // namespace augstudio::ui
