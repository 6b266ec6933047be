// The search the window shows, as SearchWorkspace holds it: a live search's events and the
// changes they emit, a folder opened with its recorded plateau verdict (or without one), a
// continued search, and the plot, banner and search panel showing what the workspace holds.

#include "AppActions.h"
#include "AppPaths.h"
#include "InlineMessage.h"
#include "MainWindow.h"
#include "MetricsPlot.h"
#include "PlateauBanner.h"
#include "SearchPanel.h"
#include "DatasetScanner.h"
#include "ConfigPanel.h"
#include "SearchWorkspace.h"
#include "config/DefaultConfigs.h"
#include "search/SearchOutputs.h"
#include "testsupport/Drops.h"
#include "testsupport/MessageBoxes.h"
#include "testsupport/TestSupport.h"

#include <nlohmann/json.hpp>
#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPushButton>
#include <QtTest>

#include <optional>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

using testsupport::dropPaths;

constexpr int kStepsPerEpoch = 3;

StepMetrics stepOf(int epoch, int stepInEpoch)
{
    StepMetrics m;
    m.epoch = epoch;
    m.stepInEpoch = stepInEpoch;
    m.stepsPerEpoch = kStepsPerEpoch;
    m.step = (epoch - 1) * kStepsPerEpoch + stepInEpoch;
    m.loss = 1.0 / m.step;
    m.dLoss = 0.1 * m.step;
    m.aLoss = -0.1 * m.step;
    m.wallSeconds = m.step;
    return m;
}

EpochMetrics epochOf(int epoch)
{
    EpochMetrics m;
    m.epoch = epoch;
    m.step = epoch * kStepsPerEpoch;
    m.loss = 0.5 / epoch;
    m.averageParameterChange = 0.05 + 0.5 / epoch;
    m.wallSeconds = m.step;
    return m;
}

// One epoch as the engine runs it: its files first (SearchOutputs), then its events.
void runEpoch(SearchOutputs &outputs, SearchWorkspace *workspace, int epoch)
{
    for (int s = 1; s <= kStepsPerEpoch; ++s) {
        outputs.writeStep(stepOf(epoch, s));
        if (workspace)
            workspace->addStep(stepOf(epoch, s));
    }
    outputs.writePolicy(epoch, nlohmann::json{{"epoch", epoch}});
    outputs.writeEpochMetrics(epochOf(epoch));
    if (workspace)
        workspace->addEpoch(epochOf(epoch));
}

bool visibleLineAt(const MetricsPlot &plot, double x)
{
    for (int i = 0; i < plot.customPlot()->itemCount(); ++i)
        if (auto *line = qobject_cast<QCPItemStraightLine *>(plot.customPlot()->item(i)))
            if (line->visible() && line->point1->coords().x() == x)
                return true;
    return false;
}

// Types `name` in `folder` into a save dialog and saves, as a user does.
void typeName(QFileDialog *dialog, const QString &folder, const QString &name)
{
    dialog->setDirectory(folder);
    // Typed: selectFile leaves the name alone while the field has the focus.
    dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(name);
    static_cast<QDialog *>(dialog)->accept(); // as the Save button does
}


// The plateau the engine recognised at epoch 10 (flat since 7) of a search that went on to 12.
const PlateauEvent kVerdict{10, 10, "flat for 2 windows", 7};

} // namespace

class TestUiWorkspace : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

    // A folder as the engine leaves it after `epochs` epochs, with `verdict` recorded if given.
    QString writeSearch(const QString &name, int epochs, const std::optional<PlateauEvent> &verdict)
    {
        const QString dir = tmp.filePath(name);
        SearchOutputs outputs(SearchFolder(dir.toStdString()), false, 0);
        outputs.writeConfig(defaultConfig());
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            runEpoch(outputs, nullptr, epoch);
            if (verdict && verdict->epoch == epoch)
                outputs.writePlateau(*verdict);
        }
        return dir;
    }

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
    }

    void aLiveSearchEmitsEachChange()
    {
        SearchWorkspace workspace;
        QSignalSpy folderChanged(&workspace, &SearchWorkspace::folderChanged);
        QSignalSpy historyReset(&workspace, &SearchWorkspace::historyReset);
        QSignalSpy stepAdded(&workspace, &SearchWorkspace::stepAdded);
        QSignalSpy epochAdded(&workspace, &SearchWorkspace::epochAdded);
        QSignalSpy plateauChanged(&workspace, &SearchWorkspace::plateauChanged);
        QSignalSpy policyEpochsChanged(&workspace, &SearchWorkspace::policyEpochsChanged);
        QSignalSpy selectedEpochChanged(&workspace, &SearchWorkspace::selectedEpochChanged);
        QSignalSpy liveChanged(&workspace, &SearchWorkspace::liveChanged);

        const QString dir = tmp.filePath(QStringLiteral("live"));
        workspace.beginSearch(dir, false);
        QCOMPARE(folderChanged.count(), 1);
        QCOMPARE(folderChanged[0][0].toString(), dir);
        QCOMPARE(historyReset.count(), 1);
        QCOMPARE(liveChanged.count(), 1);
        QVERIFY(workspace.isLive());
        QVERIFY(!workspace.hasMetrics());

        SearchOutputs outputs(SearchFolder(dir.toStdString()), false, 0);
        for (int epoch = 1; epoch <= 3; ++epoch)
            runEpoch(outputs, &workspace, epoch);
        QCOMPARE(stepAdded.count(), 3 * kStepsPerEpoch);
        QCOMPARE(stepAdded.last()[0].value<StepMetrics>().step, 3 * kStepsPerEpoch);
        QCOMPARE(epochAdded.count(), 3);
        QCOMPARE(workspace.history().steps.size(), size_t(3 * kStepsPerEpoch));
        QCOMPARE(workspace.history().epochs.size(), size_t(3));
        // The policy list follows the files the engine writes.
        QCOMPARE(policyEpochsChanged.count(), 3);
        QCOMPARE(policyEpochsChanged.last()[0].value<QList<int>>(), (QList<int>{1, 2, 3}));
        QCOMPARE(selectedEpochChanged.count(), 0); // nothing is chosen while it runs

        workspace.setPlateau(PlateauEvent{3, 2, "flat", 1});
        QCOMPARE(plateauChanged.count(), 1);
        QVERIFY(workspace.hasPlateau());
        QCOMPARE(workspace.plateau().plateauEpoch, 1);
        workspace.setPlateau(PlateauEvent{3, 2, "flat", 1}); // the same verdict is no change
        QCOMPARE(plateauChanged.count(), 1);

        // At the end the suggested epoch is selected, not the last one.
        workspace.finishSearch(SearchOutcome{SearchEndReason::Finished, 3, "finished 3 epochs", ""});
        QVERIFY(!workspace.isLive());
        QCOMPARE(liveChanged.count(), 2);
        QCOMPARE(selectedEpochChanged.count(), 1);
        QCOMPARE(selectedEpochChanged[0][0].toInt(), 2);
        QCOMPARE(workspace.selectedEpoch(), 2);
        QCOMPARE(workspace.selectedPolicyPath(), QString::fromStdString(SearchFolder(dir.toStdString()).policyFile(2)));
        // Export Metrics takes the engine's file.
        QFile metrics(QString::fromStdString(SearchFolder(dir.toStdString()).metricsFile()));
        QVERIFY(metrics.open(QIODevice::ReadOnly));
        QCOMPARE(QByteArray::fromStdString(workspace.metricsCsv()), metrics.readAll());
    }

    void theUsersPickSurvivesTheEndAndANewSearchStartsClean()
    {
        SearchWorkspace workspace;
        const QString dir = tmp.filePath(QStringLiteral("picked"));
        workspace.beginSearch(dir, false);
        SearchOutputs outputs(SearchFolder(dir.toStdString()), false, 0);
        for (int epoch = 1; epoch <= 3; ++epoch)
            runEpoch(outputs, &workspace, epoch);
        workspace.setPlateau(PlateauEvent{3, 3, "flat", 2});
        workspace.pickEpoch(1);
        QVERIFY(workspace.isSelectedByUser());
        workspace.finishSearch(SearchOutcome{SearchEndReason::Stopped, 3, "stopped", ""});
        QCOMPARE(workspace.selectedEpoch(), 1);
        workspace.selectEpoch(2); // the app's choice
        QCOMPARE(workspace.selectedEpoch(), 2);

        QSignalSpy historyReset(&workspace, &SearchWorkspace::historyReset);
        QSignalSpy plateauChanged(&workspace, &SearchWorkspace::plateauChanged);
        QSignalSpy selectedEpochChanged(&workspace, &SearchWorkspace::selectedEpochChanged);
        workspace.beginSearch(tmp.filePath(QStringLiteral("picked-next")), false);
        QCOMPARE(historyReset.count(), 1);
        QCOMPARE(plateauChanged.count(), 1);
        QCOMPARE(selectedEpochChanged.count(), 1);
        QVERIFY(!workspace.hasMetrics());
        QVERIFY(!workspace.hasPlateau());
        QCOMPARE(workspace.selectedEpoch(), 0);
        QVERIFY(!workspace.isSelectedByUser());
        QVERIFY(workspace.policyEpochs().isEmpty());
    }

    void openingAFolderRestoresTheRecordedVerdict()
    {
        const QString dir = writeSearch(QStringLiteral("converged"), 12, kVerdict);
        SearchWorkspace workspace;
        QSignalSpy historyReset(&workspace, &SearchWorkspace::historyReset);
        QSignalSpy plateauChanged(&workspace, &SearchWorkspace::plateauChanged);
        QSignalSpy policyEpochsChanged(&workspace, &SearchWorkspace::policyEpochsChanged);
        QSignalSpy selectedEpochChanged(&workspace, &SearchWorkspace::selectedEpochChanged);
        const SearchWorkspace::OpenProblems problems = workspace.open(dir);
        QVERIFY2(problems.warnings.isEmpty(), qPrintable(problems.warnings.join(QLatin1Char('\n'))));
        QVERIFY(problems.error.isEmpty());

        QCOMPARE(workspace.folder(), QDir::cleanPath(dir));
        QCOMPARE(historyReset.count(), 1);
        QCOMPARE(workspace.history().epochs.size(), size_t(12));
        QCOMPARE(workspace.history().steps.size(), size_t(12 * kStepsPerEpoch));
        QCOMPARE(plateauChanged.count(), 1);
        QVERIFY(workspace.hasPlateau());
        QCOMPARE(workspace.plateau().epoch, kVerdict.epoch);
        QCOMPARE(workspace.plateau().suggestedEpoch, kVerdict.suggestedEpoch);
        QCOMPARE(workspace.plateau().plateauEpoch, kVerdict.plateauEpoch);
        QCOMPARE(workspace.plateau().reason, kVerdict.reason);
        QCOMPARE(policyEpochsChanged.count(), 1);
        QCOMPARE(workspace.policyEpochs().size(), 12);
        // The suggested epoch, not the last one, is selected.
        QCOMPARE(selectedEpochChanged.count(), 1);
        QCOMPARE(selectedEpochChanged[0][0].toInt(), kVerdict.suggestedEpoch);
        QCOMPARE(workspace.selectedEpoch(), kVerdict.suggestedEpoch);
        QVERIFY(!workspace.isSelectedByUser());
        QVERIFY(!workspace.isLive());
    }

    void theWindowShowsTheVerdictOfAnOpenedFolder()
    {
        const QString dir = writeSearch(QStringLiteral("converged-window"), 12, kVerdict);
        MainWindow window;
        QVERIFY(window.openSearchFolder(dir));
        QCOMPARE(window.selectedEpoch(), kVerdict.suggestedEpoch);
        PlateauBanner *banner = window.plateauBanner();
        QVERIFY(banner->isShown());
        QCOMPARE(banner->suggestedEpoch(), kVerdict.suggestedEpoch);
        QVERIFY2(banner->text().contains(QStringLiteral("at epoch %1 ").arg(kVerdict.plateauEpoch)),
                 qPrintable(banner->text()));
        QVERIFY(banner->text().contains(QStringLiteral("epoch %1.").arg(kVerdict.suggestedEpoch)));
        QCOMPARE(banner->keepButton()->text(), QStringLiteral("Keep epoch %1").arg(kVerdict.suggestedEpoch));
        QCOMPARE(window.searchPanel()->selectedPolicyText(),
                 QStringLiteral("Selected policy: epoch %1").arg(kVerdict.suggestedEpoch));
        QVERIFY(window.searchPanel()->logText().contains(QStringLiteral("keep epoch %1").arg(kVerdict.suggestedEpoch)));
        MetricsPlot *plot = window.metricsPlot();
        QCOMPARE(plot->customPlot()->graph(0)->dataCount(), 12 * kStepsPerEpoch);
        QVERIFY(visibleLineAt(*plot, kVerdict.suggestedEpoch)); // the plateau and the selection

        // An old folder, without the record: no verdict, the last policy, nothing left over.
        const QString old = writeSearch(QStringLiteral("old-window"), 5, std::nullopt);
        QVERIFY(window.openSearchFolder(old));
        QVERIFY(!banner->isShown());
        QCOMPARE(window.selectedEpoch(), 5);
        QCOMPARE(plot->customPlot()->graph(0)->dataCount(), 5 * kStepsPerEpoch);
        QVERIFY(visibleLineAt(*plot, 5));
        QVERIFY(!visibleLineAt(*plot, kVerdict.suggestedEpoch));
    }

    void aDroppedSearchFolderOpensAsASearch()
    {
        // It was scanned as a dataset: "no images in the class folders of …".
        const QString dir = writeSearch(QStringLiteral("dropped-search"), 4, std::nullopt);
        MainWindow window;
        QVERIFY(dropPaths(&window, {dir}));
        QVERIFY(!window.datasetScanner()->isScanning());
        QTRY_COMPARE(window.searchFolder(), dir);
        QCOMPARE(window.selectedEpoch(), 4);
        QCOMPARE(window.configPanel()->filePath(), dir + QStringLiteral("/config.yaml"));
    }

    void aFolderDroppedOnTheOutputFieldIsItsPath()
    {
        // The field took the drop as text: "file:///…", and the search wrote to <cwd>/file:/….
        const QString out = tmp.filePath(QStringLiteral("dropped-output"));
        QVERIFY(QDir().mkpath(out));
        MainWindow window;
        auto *field = window.searchPanel()->findChild<QLineEdit *>();
        field->setText(QStringLiteral("typed before"));
        QVERIFY(dropPaths(field, {out}));
        QCOMPARE(field->text(), QDir::toNativeSeparators(out));
        QCOMPARE(window.outputFolder(), out);
        // While a search runs the field is read-only: the drop is the window's, not the field's.
        window.searchPanel()->setOutputEditable(false);
        const QString other = tmp.filePath(QStringLiteral("other-output"));
        QVERIFY(QDir().mkpath(other));
        QVERIFY(dropPaths(field, {other}));
        QCOMPARE(window.outputFolder(), out);
    }

    void theOutputFieldExpandsHomeAndSaysWhereARelativeFolderGoes()
    {
        // "~/x" and "x" were made in the app's working folder, which nobody sees.
        const QString home = QDir::homePath();
        QCOMPARE(SearchPanel::resolveOutputFolder(QStringLiteral("~")), home);
        QCOMPARE(SearchPanel::resolveOutputFolder(QStringLiteral("~/runs/a")), home + QStringLiteral("/runs/a"));
        QCOMPARE(SearchPanel::resolveOutputFolder(QStringLiteral(" file:///tmp/x/out ")), QStringLiteral("/tmp/x/out"));
        QCOMPARE(SearchPanel::resolveOutputFolder(QStringLiteral("/tmp/x/../y/")), QStringLiteral("/tmp/y"));
        QCOMPARE(SearchPanel::resolveOutputFolder(QString()), QString());
        MainWindow window;
        auto *field = window.searchPanel()->findChild<QLineEdit *>();
        field->setText(QStringLiteral("runs/b"));
        QCOMPARE(window.outputFolder(), home + QStringLiteral("/runs/b"));
        emit field->editingFinished();
        QCOMPARE(field->text(), QDir::toNativeSeparators(home + QStringLiteral("/runs/b")));
        QVERIFY2(window.searchPanel()->logText().contains(QLatin1String("relative")),
                 qPrintable(window.searchPanel()->logText()));
    }

    void thePlateauReasonReadsAsASentence()
    {
        // "… keep epoch 39. the APC stopped falling …": the engine's reason starts in lower case.
        QCOMPARE(PlateauBanner::reasonSentence("the APC stopped falling at epoch 30"),
                 QStringLiteral("The APC stopped falling at epoch 30"));
        const QString dir = writeSearch(QStringLiteral("reason-tooltip"), 12, kVerdict);
        MainWindow window;
        QVERIFY(window.openSearchFolder(dir));
        QVERIFY(window.plateauBanner()->findChild<QLabel *>()->toolTip().startsWith(QLatin1String("Flat for 2")));
    }

    void theSavesAddTheirFilesSuffixToANameWithout()
    {
        // A name typed without a suffix gets the one of the dialog's filter: without it the
        // file is one the app's own Open dialogs do not show.
        const QString dir = writeSearch(QStringLiteral("saved-bare"), 2, std::nullopt);
        QFile policy(policyFile(dir, 2)); // the selected epoch's, as a policy file
        QVERIFY(policy.open(QIODevice::WriteOnly));
        policy.write(R"({"__version__": "2.0.8", "transform": {"__class_fullname__": "Compose", "p": 1.0,
  "transforms": []}})");
        policy.close();
        const QString out = tmp.filePath(QStringLiteral("saves"));
        QVERIFY(QDir().mkpath(out));
        MainWindow window;
        QVERIFY(window.openSearchFolder(dir));
        const std::pair<QAction *, QString> saves[] = {{window.actions()->savePolicy, QStringLiteral("policy.json")},
                                                       {window.actions()->exportMetrics, QStringLiteral("metrics.csv")},
                                                       {window.actions()->exportPlot, QStringLiteral("plot.png")}};
        for (const auto &[action, expected] : saves) {
            const QString bare = QFileInfo(expected).completeBaseName();
            testsupport::whenNextModalOpens<QFileDialog>(
                [out, bare](QFileDialog *dialog) { typeName(dialog, out, bare); });
            QVERIFY(action->isEnabled());
            action->trigger();
            QVERIFY2(QFileInfo(out + QLatin1Char('/') + expected).size() > 0,
                     qPrintable(expected + QLatin1Char(' ') + window.centralMessage()->text()));
            QVERIFY2(!QFileInfo::exists(out + QLatin1Char('/') + bare), qPrintable(bare));
        }
    }

    void anOldFolderOpensWithoutAVerdict()
    {
        const QString dir = writeSearch(QStringLiteral("old"), 5, std::nullopt);
        SearchWorkspace workspace;
        const SearchWorkspace::OpenProblems problems = workspace.open(dir);
        QVERIFY(problems.warnings.isEmpty());
        QVERIFY(problems.error.isEmpty());
        QVERIFY(!workspace.hasPlateau());
        QCOMPARE(workspace.plateau().suggestedEpoch, 0);
        QCOMPARE(workspace.selectedEpoch(), 5);
        QCOMPARE(workspace.history().epochs.size(), size_t(5));
    }

    void aDamagedRecordIsLeftOutWithAWarning()
    {
        const QString dir = writeSearch(QStringLiteral("damaged"), 4, PlateauEvent{3, 3, "flat", 2});
        const QString record = QString::fromStdString(SearchFolder(dir.toStdString()).plateauFile());
        QFile file(record);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"epoch\": 3, \"suggested_epoch\": -3}");
        file.close();

        SearchWorkspace workspace;
        const SearchWorkspace::OpenProblems problems = workspace.open(dir);
        QCOMPARE(problems.warnings.size(), 1);
        QVERIFY2(problems.warnings[0].contains(record), qPrintable(problems.warnings[0]));
        QVERIFY(!workspace.hasPlateau());
        QCOMPARE(workspace.selectedEpoch(), 4);

        MainWindow window;
        QVERIFY(window.openSearchFolder(dir));
        QVERIFY(!window.plateauBanner()->isShown());
        QVERIFY2(window.searchPanel()->logText().contains(QStringLiteral("warning: ") + record),
                 qPrintable(window.searchPanel()->logText()));
    }

    void aFolderSearchedByManyProcessesSaysSo()
    {
        const QString dir = writeSearch(QStringLiteral("distributed"), 3, std::nullopt);
        const SearchFolder folder(dir.toStdString());
        QVERIFY(!QFile::exists(QString::fromStdString(folder.launchFile()))); // one process leaves none
        SearchOutputs(folder, true, 3 * kStepsPerEpoch).writeLaunch(3);

        SearchWorkspace workspace;
        QVERIFY(workspace.open(dir).warnings.isEmpty());
        QCOMPARE(workspace.processes(), 3);
        MainWindow window;
        QVERIFY(window.openSearchFolder(dir));
        QVERIFY2(window.searchPanel()->logText().contains(QStringLiteral("searched by 3 processes")),
                 qPrintable(window.searchPanel()->logText()));
        QVERIFY(window.searchPanel()->progressText().contains(QStringLiteral("3 processes")));
        QCOMPARE(workspace.history().epochs.size(), size_t(3)); // the resume kept every row

        // A record that is not one is left out with a warning naming it: one process, as before it.
        QFile file(QString::fromStdString(folder.launchFile()));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("{\"processes\": 0}");
        file.close();
        const SearchWorkspace::OpenProblems problems = workspace.open(dir);
        QCOMPARE(problems.warnings.size(), 1);
        QVERIFY2(problems.warnings[0].contains(file.fileName()), qPrintable(problems.warnings[0]));
        QCOMPARE(workspace.processes(), 1);
    }

    void continuingKeepsTheVerdictOfTheEpochsKept()
    {
        const QString dir = writeSearch(QStringLiteral("continued"), 12, kVerdict);
        SearchWorkspace workspace;
        PlateauBanner banner(&workspace);
        MetricsPlot plot(&workspace);
        workspace.open(dir);
        QVERIFY(banner.isShown());
        QCOMPARE(banner.keepButton()->text(), QStringLiteral("Keep epoch %1").arg(kVerdict.suggestedEpoch));

        // The engine does not announce a verdict its history already holds: the workspace keeps it.
        QSignalSpy plateauChanged(&workspace, &SearchWorkspace::plateauChanged);
        QSignalSpy historyReset(&workspace, &SearchWorkspace::historyReset);
        workspace.beginSearch(dir, true);
        QCOMPARE(plateauChanged.count(), 0);
        QCOMPARE(historyReset.count(), 0);
        QVERIFY(workspace.hasPlateau());
        QCOMPARE(workspace.history().epochs.size(), size_t(12));
        QCOMPARE(workspace.selectedEpoch(), 0);
        QVERIFY(banner.isShown());
        QCOMPARE(banner.keepButton()->text(), QStringLiteral("Stop and keep epoch %1").arg(kVerdict.suggestedEpoch));
        QVERIFY(visibleLineAt(plot, kVerdict.suggestedEpoch));

        // It repeats its epochs, then goes on; the repeated ones replace the old.
        SearchOutputs outputs(SearchFolder(dir.toStdString()), true, 12 * kStepsPerEpoch);
        for (int epoch = 1; epoch <= 12; ++epoch)
            workspace.addEpoch(epochOf(epoch));
        runEpoch(outputs, &workspace, 13);
        QCOMPARE(workspace.history().epochs.size(), size_t(13));
        QCOMPARE(workspace.history().steps.size(), size_t(13 * kStepsPerEpoch));
        QCOMPARE(plot.customPlot()->graph(0)->dataCount(), 13 * kStepsPerEpoch);
        workspace.finishSearch(SearchOutcome{SearchEndReason::Finished, 13, "finished 13 epochs", ""});
        QCOMPARE(workspace.selectedEpoch(), kVerdict.suggestedEpoch);
        QCOMPARE(banner.keepButton()->text(), QStringLiteral("Keep epoch %1").arg(kVerdict.suggestedEpoch));

        // A new search into another folder drops the verdict; the banner goes.
        workspace.beginSearch(tmp.filePath(QStringLiteral("continued-next")), false);
        QVERIFY(!banner.isShown());
        QVERIFY(!visibleLineAt(plot, kVerdict.suggestedEpoch));
    }

    void aContinueThatFailsAtOnceKeepsAPolicyChosen()
    {
        // A continue the engine refused before its first epoch (a checkpoint of another
        // config) left no epoch selected: the policy picker and Save Policy went grey though
        // every policy of the folder was still there.
        const QString dir = writeSearch(QStringLiteral("failed-continue"), 12, kVerdict);
        SearchWorkspace workspace;
        workspace.open(dir);
        QVERIFY(!workspace.policyEpochs().isEmpty());
        workspace.beginSearch(dir, true);
        QCOMPARE(workspace.selectedEpoch(), 0);
        workspace.finishSearch(SearchOutcome{SearchEndReason::Failed, 0, "checkpoint of another config", ""});
        QCOMPARE(workspace.selectedEpoch(), kVerdict.suggestedEpoch);
        QVERIFY(!workspace.selectedPolicyPath().isEmpty());
    }

    void thePanelListsTheWorkspacesPolicies()
    {
        const QString dir = writeSearch(QStringLiteral("panel"), 3, std::nullopt);
        SearchWorkspace workspace;
        SearchPanel panel(&workspace);
        QCOMPARE(panel.selectedPolicyText(), QStringLiteral("Selected policy: none"));
        QSignalSpy chosen(&panel, &SearchPanel::epochChosen);
        workspace.open(dir);
        QCOMPARE(panel.selectedPolicyText(), QStringLiteral("Selected policy: epoch 3"));
        workspace.selectEpoch(1);
        QCOMPARE(panel.selectedPolicyText(), QStringLiteral("Selected policy: epoch 1"));
        QCOMPARE(chosen.count(), 0); // showing the workspace's choice is no choice of the user's
    }
};

QTEST_MAIN(TestUiWorkspace)
#include "test_ui_workspace.moc"
