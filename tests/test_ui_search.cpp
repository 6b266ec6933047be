// Searches driven from the main window on a tiny generated dataset: metrics reach the
// plot while the UI thread stays free, Stop works, clicking the plot picks an epoch's
// policy, an earlier search can be opened and continued, and closing the window during a
// search asks, stops and keeps the policy.

#include "AppActions.h"
#include "AppPaths.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "DatasetPanel.h"
#include "DatasetScanner.h"
#include "InlineMessage.h"
#include "MainWindow.h"
#include "MetricsPlot.h"
#include "PlateauBanner.h"
#include "PreviewPanel.h"
#include "SearchController.h"
#include "SearchPanel.h"
#include "SearchTimer.h"
#include "SearchWorkspace.h"
#include "config/ConfigLoader.h"
#include "config/DefaultConfigs.h"
#include "policy/AlbumentationsFormat.h"
#include "replay/ReplayPolicy.h"
#include "search/ImageSizeRecord.h"
#include "search/PlateauDetector.h"
#include "search/SearchFolder.h"
#include "testsupport/MessageBoxes.h"
#include "testsupport/TestSupport.h"

#include <qcustomplot.h>

#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QToolButton>
#include <QtTest>

#include <algorithm>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

using testsupport::readBytes;

// Sanitized builds run the engine several times slower (tests/sanitizers): the step in flight
// when Pause is pressed needs as much longer to land.
int slowdown()
{
    return std::max(1, qEnvironmentVariableIntValue("AUGSTUDIO_TEST_SLOWDOWN"));
}

// The number of steps the plot holds once none has come for `quietMs` (the step in flight
// when Pause was pressed has landed), or after a minute.
size_t stepsOnceQuiet(MainWindow &window, qint64 quietMs)
{
    QElapsedTimer total, quiet;
    total.start();
    quiet.start();
    size_t steps = window.workspace()->history().steps.size();
    while (quiet.elapsed() < quietMs && total.elapsed() < 60000) {
        QTest::qWait(50);
        if (const size_t now = window.workspace()->history().steps.size(); now != steps) {
            steps = now;
            quiet.restart();
        }
    }
    return steps;
}

// The Tab stops of `window` in the order Tab visits them.
QList<QWidget *> tabStops(QWidget *window)
{
    QList<QWidget *> stops;
    for (QWidget *widget = window->nextInFocusChain(); widget != window; widget = widget->nextInFocusChain())
        if ((widget->focusPolicy() & Qt::TabFocus) && !widget->focusProxy())
            stops << widget;
    return stops;
}

// The area (an index into `areas`, -1 for none) of each widget Tab reaches from `start`, up to
// its return to `start` (-2), or as far as 200 presses went (a trap: no -2).
QList<int> areasVisitedByTab(QWidget *start, const QList<QWidget *> &areas)
{
    QList<int> visited;
    start->setFocus(Qt::TabFocusReason);
    for (int press = 0; press < 200; ++press) {
        QWidget *focus = QApplication::focusWidget();
        if (!focus)
            break;
        QTest::keyClick(focus, Qt::Key_Tab);
        focus = QApplication::focusWidget();
        if (focus == start) {
            visited << -2;
            break;
        }
        int area = -1;
        for (int i = 0; i < areas.size() && focus; ++i)
            if (areas[i]->isAncestorOf(focus))
                area = i;
        visited << area;
    }
    return visited;
}

QAccessibleInterface *accessible(QWidget *widget)
{
    return QAccessible::queryAccessibleInterface(widget);
}

} // namespace

class TestUiSearch : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dataset;

    SearchConfig tinyConfig(int epochs) const
    {
        SearchConfig c = defaultConfig();
        c.data.dataset.root = dataset.toStdString();
        c.data.dataloader.batchSize = 8;
        c.data.dataloader.numWorkers = 0;
        c.policy.numSubPolicies = 2;
        c.policy.operationCount = 1;
        c.policy.numChunks = 2;
        c.trainer.maxEpochs = epochs;
        c.trainer.device = "cpu";
        c.trainer.threads = 1;
        c.trainer.previewEvery = 2;
        c.seed = 7;
        return c;
    }

    void prepare(MainWindow &window, int epochs, int stepsPerEpoch, const char *output)
    {
        window.configPanel()->setConfig(tinyConfig(epochs));
        window.searchController()->setMaxStepsPerEpoch(stepsPerEpoch);
        window.setOutputFolder(tmp.filePath(QString::fromLatin1(output)));
    }

    static SearchOutcome waitForOutcome(QSignalSpy &finished, int ms = 120000)
    {
        if (finished.isEmpty() && !finished.wait(ms))
            return SearchOutcome{SearchEndReason::Failed, 0, "timed out", ""};
        return finished.takeFirst().at(0).value<SearchOutcome>();
    }

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
        dataset = tmp.filePath(QStringLiteral("shapes"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 3, 12, 32);
    }

    void startMetricsStopWhileTheUiStaysResponsive()
    {
        MainWindow window;
        prepare(window, 5, 3, "first");
        SearchController *controller = window.searchController();
        QSignalSpy finished(controller, &SearchController::finished);

        // A probe that should tick every 10 ms; the longest gap says how long the UI
        // thread was busy.
        QElapsedTimer clock;
        qint64 last = 0, maxGap = 0;
        QTimer probe;
        probe.setInterval(10);
        connect(&probe, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            maxGap = std::max(maxGap, now - last);
            last = now;
        });
        clock.start();
        probe.start();

        QVERIFY(window.startSearch());
        QVERIFY(controller->isRunning());
        QVERIFY(!window.actions()->start->isEnabled());
        QVERIFY(window.actions()->stop->isEnabled());
        QVERIFY(!window.startSearch()); // one search at a time
        // Another dataset would change the config and the panel under the search.
        const std::string datasetRoot = window.configPanel()->config().data.dataset.root;
        QVERIFY(!window.actions()->openDataset->isEnabled() && !window.actions()->trySample->isEnabled());
        window.openDataset(tmp.path());
        QVERIFY2(window.centralMessage()->text().contains(QLatin1String("stop it before opening another dataset")),
                 qPrintable(window.centralMessage()->text()));
        QCOMPARE(window.configPanel()->config().data.dataset.root, datasetRoot);
        QVERIFY(!window.datasetScanner()->isScanning());

        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->history().steps.size() >= 2, 60000);
        const qint64 twoStepsMs = clock.elapsed(); // more than one step takes, however loaded the machine
        QVERIFY2(window.searchPanel()->progressText().contains(QLatin1String("step")),
                 qPrintable(window.searchPanel()->progressText()));
        QTRY_VERIFY_WITH_TIMEOUT(window.previewPanel()->sampleCount() > 0, 60000);
        QVERIFY(window.previewPanel()->captionText(0).startsWith(QLatin1String("sub-policy")));
        const StepMetrics first = window.workspace()->history().steps.front();
        QCOMPARE(first.step, 1);
        QCOMPARE(first.stepsPerEpoch, 3);
        QVERIFY(std::isfinite(first.loss) && std::isfinite(first.dLoss) && std::isfinite(first.aLoss));

        // Pause holds the search after the step in flight; Resume lets it go on.
        controller->pause();
        QVERIFY(window.actions()->resume->isEnabled());
        QVERIFY(!window.actions()->pause->isEnabled());
        QVERIFY(!window.actions()->refreshPreview->isEnabled()); // drawn between steps, which wait
        const size_t paused = stepsOnceQuiet(window, std::max<qint64>(1500, twoStepsMs) * slowdown());
        QTest::qWait(1000);
        QCOMPARE(window.workspace()->history().steps.size(), paused);
        QVERIFY(window.searchPanel()->progressText().startsWith(QLatin1String("Paused")));
        QVERIFY(!window.searchPanel()->progressText().contains(QLatin1String("ETA"))); // no clock while held
        controller->resume();
        QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->history().steps.size() > paused, 60000);
        QVERIFY(window.searchPanel()->progressText().contains(QLatin1String("ETA")));

        window.stopSearch();
        QVERIFY(!window.actions()->stop->isEnabled());
        const SearchOutcome outcome = waitForOutcome(finished);
        probe.stop();
        QVERIFY2(outcome.reason == SearchEndReason::Stopped, outcome.message.c_str());
        QVERIFY(!controller->isRunning());
        QVERIFY(window.actions()->start->isEnabled());
        const size_t steps = window.workspace()->history().steps.size();
        QVERIFY(steps < 15); // it did not run to the end
        qInfo("longest UI thread gap during the search: %lld ms", maxGap);
        QVERIFY2(maxGap < 500, qPrintable(QStringLiteral("UI thread blocked for %1 ms").arg(maxGap)));
        // metrics.csv holds exactly the steps the plot got.
        const QString metrics = testsupport::searchFiles(tmp.filePath(QStringLiteral("first"))).metrics;
        QVERIFY(QFile::exists(metrics));
        QCOMPARE(readMetricsCsv(metrics.toStdString()).steps.size(), steps);
    }

    // An output folder chosen inside the dataset is refused before anything is written there.
    void previewCaptionsAreNotCut()
    {
        // A caption of eight operations (eight stages) wraps to more lines than one of one:
        // every line shows.
        PreviewImage image{16, 16, 3, std::vector<std::uint8_t>(16 * 16 * 3, 128)};
        Preview preview;
        preview.epoch = 3;
        const std::string longest = "RandomContrast(5.18) p=0.39 → Rotate(16.2) p=0.38 → ShiftX(-0.846) p=0.13 → "
                                    "Solarize(0.685) p=0.39 → CutoutFixedSize(7.7) p=0.43 → ShiftY(0.807) p=0.95 → "
                                    "Scale(2.9) p=0.25 → RandomBrightness(-0.31) p=0.61";
        preview.samples = {{image, image, {}, {}, 0, "HorizontalFlip p=0.2"}, {image, image, {}, {}, 1, longest}};
        PreviewPanel panel;
        panel.setPreview(preview);
        const QList<QLabel *> captions = panel.findChildren<QLabel *>(QStringLiteral("previewCaption"));
        QCOMPARE(captions.size(), 2);
        for (const QLabel *caption : captions) {
            const QRect needed = QFontMetrics(caption->font())
                                     .boundingRect(QRect(0, 0, caption->maximumWidth(), 100000), Qt::TextWordWrap,
                                                   caption->text());
            QVERIFY2(caption->height() >= needed.height(), qPrintable(caption->text()));
            QCOMPARE(caption->height(), captions.first()->height()); // rows stay even
        }
    }

    void thePreviewScrollsByKeyboardOnceItShowsPictures()
    {
        // Eight samples do not fit a short panel: a named Tab stop, and Page Down brings the
        // pictures below into view. Empty, it is no Tab stop, so it cannot take the window's
        // first focus (framed in black at every start).
        PreviewPanel panel;
        auto *scroll = panel.findChild<QScrollArea *>();
        QVERIFY(scroll);
        QCOMPARE(scroll->focusPolicy(), Qt::NoFocus);
        PreviewImage image{16, 16, 3, std::vector<std::uint8_t>(16 * 16 * 3, 128)};
        Preview preview;
        preview.epoch = 2;
        for (int i = 0; i < 8; ++i)
            preview.samples.push_back({image, image, {}, {}, i, "HorizontalFlip p=0.2"});
        panel.resize(300, 200);
        panel.setPreview(preview);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(scroll->focusPolicy() & Qt::TabFocus);
        QVERIFY(!accessible(scroll)->text(QAccessible::Name).isEmpty());
        QScrollBar *bar = scroll->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), 0);
        QTest::keyClick(scroll, Qt::Key_PageDown);
        QVERIFY(bar->value() > 0);
        // Framed in the highlight colour with the focus, and only then.
        const QColor highlight = scroll->palette().color(QPalette::Highlight);
        QApplication::setActiveWindow(&panel);
        scroll->setFocus();
        QTRY_VERIFY(scroll->hasFocus());
        QCOMPARE(scroll->grab().toImage().pixelColor(0, scroll->height() / 2), highlight);
        scroll->clearFocus();
        QTRY_VERIFY(!scroll->hasFocus());
        QVERIFY(scroll->grab().toImage().pixelColor(0, scroll->height() / 2) != highlight);
        panel.clear();
        QCOMPARE(scroll->focusPolicy(), Qt::NoFocus);
    }

    void theWindowsFirstFocusIsNotThePreview()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        QWidget *focus = window.focusWidget();
        QVERIFY(focus);
        QVERIFY2(!window.findChild<PreviewPanel *>()->isAncestorOf(focus), focus->metaObject()->className());
    }

    void outputFolderInsideTheDatasetIsRefused()
    {
        MainWindow window;
        prepare(window, 1, 1, "unused");
        const QString inside = dataset + QStringLiteral("/search");
        window.setOutputFolder(inside);
        QVERIFY(!window.startSearch());
        QVERIFY(!window.searchController()->isRunning());
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("inside the dataset folder")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!QFileInfo::exists(inside));
    }

    void aConfigErrorShownAtStartGoesOnceFixed()
    {
        // The banner over the plot still said batch_size 4 after the batch was set to 8.
        MainWindow window;
        prepare(window, 1, 1, "unused-too");
        QSpinBox *batch = window.configPanel()->form()->batchSizeBox();
        batch->setValue(2); // below 2 x num_chunks (2)
        QVERIFY(!window.startSearch());
        QCOMPARE(window.centralMessage()->level(), InlineMessage::Error);
        QVERIFY2(window.centralMessage()->text().contains(QLatin1String("batch_size")),
                 qPrintable(window.centralMessage()->text()));
        // Said as the setting's: there is no file search.yaml, and the user never typed YAML.
        QVERIFY2(!window.centralMessage()->text().contains(QLatin1String("search.yaml")),
                 qPrintable(window.centralMessage()->text()));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("batch_size")));
        batch->setValue(8);
        QTRY_VERIFY(window.centralMessage()->text().isEmpty());
        // The status bar's copy went with it, not 10 s later.
        QVERIFY2(window.statusBar()->currentMessage().isEmpty(), qPrintable(window.statusBar()->currentMessage()));
    }

    void aSearchTooShortForThePlateauRuleSaysSo()
    {
        // 6 epochs: the rule needs 10, and the estimate said it could answer after epoch 6.
        SearchWorkspace workspace;
        SearchPanel panel(&workspace);
        SearchConfig config = tinyConfig(6);
        const SearchTimeEstimate estimate = estimateSearchTime(0.5, 360, config); // 45 steps of 0.5 s
        panel.showEstimate(estimate, false);
        const QString text = panel.estimateText();
        QVERIFY2(text.contains(QLatin1String("cannot answer by epoch 6")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("after epoch %1").arg(PlateauOptions{}.minEpochs)), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("the whole search, to epoch 6: about 2 min 15 s")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("after epoch 6")), qPrintable(text));
        // Long enough: the earliest verdict, as before.
        panel.showEstimate(estimateSearchTime(0.5, 360, tinyConfig(20)), false);
        const QString judged = panel.estimateText();
        QVERIFY2(judged.contains(QLatin1String("can answer after epoch 10 at the earliest: about 3 min 45 s")),
                 qPrintable(judged));
    }

    void aSearchThatFailsToStartLeavesNoFolderAndNoOldProgress()
    {
        MainWindow window;
        window.handleFinished(SearchOutcome{SearchEndReason::Finished, 1, "", ""}); // the search before
        QCOMPARE(window.searchPanel()->progressPercent(), 100);
        // Its dataset folder was deleted after it was opened.
        SearchConfig config = tinyConfig(1);
        config.data.dataset.root = tmp.filePath(QStringLiteral("deleted-dataset")).toStdString();
        window.configPanel()->setConfig(config);
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        const QString made = window.searchFolder();
        QVERIFY2(made.startsWith(searchesFolder()), qPrintable(made));
        QCOMPARE(waitForOutcome(finished).reason, SearchEndReason::Failed);
        QCOMPARE(window.searchPanel()->progressPercent(), 0);
        QVERIFY2(!QFileInfo::exists(made), qPrintable(made));
        QVERIFY2(window.outputFolder().isEmpty(), qPrintable(window.outputFolder()));
        // A folder the user chose stays, empty or not: the app did not make it.
        const QString chosen = tmp.filePath(QStringLiteral("chosen-empty"));
        QVERIFY(QDir().mkpath(chosen));
        window.setOutputFolder(chosen);
        QVERIFY(window.startSearch());
        QCOMPARE(waitForOutcome(finished).reason, SearchEndReason::Failed);
        QVERIFY(QFileInfo(chosen).isDir());
    }

    void theSearchIsTimedBeforeStart()
    {
        MainWindow window;
        window.configPanel()->setConfig(tinyConfig(2));
        window.openDataset(dataset);
        // A few steps on the dataset's own images, in the background.
        QTRY_VERIFY_WITH_TIMEOUT(window.searchPanel()->estimateText().contains(QLatin1String("an epoch")), 60000);
        QVERIFY2(window.searchPanel()->estimateText().contains(QLatin1String("(4 steps)")),
                 qPrintable(window.searchPanel()->estimateText())); // 36 images in batches of 8
        QVERIFY(window.searchPanel()->smallerSearchButton()->isHidden());
        // Over an hour to the earliest verdict: a smaller search is offered and applied.
        SearchTimeEstimate slow;
        slow.secondsPerStep = 30;
        slow.stepsPerEpoch = 400;
        slow.secondsPerEpoch = 12000;
        slow.epochsToVerdict = 10;
        slow.secondsToVerdict = 120000;
        slow.maxEpochs = 50;
        slow.secondsOfSearch = 600000;
        emit window.searchTimer()->estimated(slow);
        QVERIFY(!window.searchPanel()->smallerSearchButton()->isHidden());
        QVERIFY(window.searchPanel()->estimateText().contains(QLatin1String("400 steps")));
        window.searchPanel()->smallerSearchButton()->click();
        QCOMPARE(window.configPanel()->config().trainer.stepsPerEpoch, 12); // 3600 s / (30 s × 10)
        // Start cancels the timing: the search gets the cores.
        window.searchController()->setMaxStepsPerEpoch(1);
        window.setOutputFolder(tmp.filePath(QStringLiteral("timed")));
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        // The smaller config was not timed yet: the panel does not go on saying it is.
        QVERIFY2(window.searchPanel()->estimateText().startsWith(QLatin1String("Not timed")),
                 qPrintable(window.searchPanel()->estimateText()));
        QVERIFY2(waitForOutcome(finished).reason != SearchEndReason::Failed, "the search after timing");
    }

    void theSearchIsRunningErrorGoesWhenTheSearchEnds()
    {
        // It stayed red above the plot until the next Continue.
        MainWindow window;
        prepare(window, 1, 2, "running-error");
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        window.openDataset(dataset);
        QVERIFY2(window.centralMessage()->text().contains(QLatin1String("A search is running")),
                 qPrintable(window.centralMessage()->text()));
        QVERIFY2(waitForOutcome(finished).reason == SearchEndReason::Finished, "search");
        QVERIFY2(window.centralMessage()->text().isEmpty(), qPrintable(window.centralMessage()->text()));
    }

    void theOutputFieldNamesTheFinishedSearch()
    {
        MainWindow window;
        window.configPanel()->setConfig(tinyConfig(1));
        window.searchController()->setMaxStepsPerEpoch(1);
        // Nothing chosen: no folder exists before a search starts.
        QVERIFY(window.outputFolder().isEmpty());
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        const QString first = window.searchFolder();
        QCOMPARE(window.outputFolder(), first);
        QVERIFY2(waitForOutcome(finished).reason == SearchEndReason::Finished, "first search");
        // After it, the field and Save Policy name the same, finished search.
        QCOMPARE(window.outputFolder(), first);
        QVERIFY(window.selectedPolicyPath().startsWith(first + QLatin1Char('/')));
        // The next search makes its own folder when it starts; the first stays as it was.
        const QByteArray policy = readBytes(window.selectedPolicyPath());
        QVERIFY(window.startSearch());
        const QString second = window.searchFolder();
        QVERIFY(second != first);
        QCOMPARE(window.outputFolder(), second);
        QVERIFY2(waitForOutcome(finished).reason == SearchEndReason::Finished, "second search");
        QCOMPARE(readBytes(policyFile(first, 1)), policy);
        // A folder the user chose is used once: the search after it makes its own, where it
        // was refused as a folder that already holds a search.
        const QString chosen = tmp.filePath(QStringLiteral("chosen-once"));
        window.setOutputFolder(chosen);
        QVERIFY(window.startSearch());
        QCOMPARE(window.searchFolder(), chosen);
        QVERIFY2(waitForOutcome(finished).reason == SearchEndReason::Finished, "search in the chosen folder");
        QVERIFY(window.startSearch());
        const QString fourth = window.searchFolder();
        QVERIFY(fourth != chosen);
        QVERIFY2(waitForOutcome(finished).reason == SearchEndReason::Finished, "search after it");
        QDir(first).removeRecursively();
        QDir(second).removeRecursively();
        QDir(fourth).removeRecursively();
    }

    void clickOnThePlotSelectsAnEpochsPolicy()
    {
        MainWindow window;
        window.resize(1400, 900);
        prepare(window, 2, 3, "two");
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        const SearchOutcome outcome = waitForOutcome(finished);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(outcome.lastEpoch, 2);
        QCOMPARE(window.selectedEpoch(), 2); // the latest policy, until the user picks one

        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        MetricsPlot *plot = window.metricsPlot();
        QTest::qWait(3 * MetricsPlot::replotIntervalMs);
        QTest::mouseClick(plot->customPlot(), Qt::LeftButton, {}, plot->pixelForEpoch(1.2));
        QCOMPARE(window.selectedEpoch(), 1);
        QCOMPARE(window.searchPanel()->selectedPolicyText(), QStringLiteral("Selected policy: epoch 1"));
        QVERIFY(window.actions()->savePolicy->isEnabled());

        const QString out = tmp.filePath(QStringLiteral("two"));
        const QByteArray epoch1 = readBytes(policyFile(out, 1));
        QVERIFY(!epoch1.isEmpty());
        QVERIFY(epoch1 != readBytes(policyFile(out, 2))); // the choice matters
        const QString saved = tmp.filePath(QStringLiteral("policy.json"));
        QString error;
        // The search wrote 2.x files: saved for 2.x, the file itself; for 1.x, converted.
        QVERIFY2(window.savePolicyTo(saved, AlbumentationsTarget::V2, &error), qPrintable(error));
        QCOMPARE(readBytes(saved), epoch1);
        const QString saved1 = tmp.filePath(QStringLiteral("policy1.json"));
        QVERIFY2(window.savePolicyTo(saved1, AlbumentationsTarget::V1, &error), qPrintable(error));
        const nlohmann::json file1 = nlohmann::json::parse(readBytes(saved1).toStdString());
        QCOMPARE(file1["__version__"].get<std::string>(), std::string("1.3.1"));
        // For the size of the images the search recorded: its fixed shifts depend on it.
        const std::optional<RecordedImageSize> size = readImageSizeRecord(SearchFolder(out.toStdString()).imageSizeFile());
        QVERIFY(size && size->height > 0 && size->width > 0);
        QCOMPARE(file1, convertPolicy(nlohmann::json::parse(epoch1.toStdString()), AlbumentationsTarget::V1,
                                      {std::nullopt, size->height, size->width}));
        QVERIFY(ReplayPolicy::load(saved1.toStdString()).transformCount() > 0);
        // A failed save names the reason and leaves the file already there as it was.
        QVERIFY(!window.savePolicyTo(tmp.filePath(QStringLiteral("no/such/folder/p.json")), AlbumentationsTarget::V1,
                                     &error));
        // It names the file that could not be written, not the epoch's policy it was copying.
        QVERIFY2(error.contains(QLatin1String("no/such/folder")) && !error.contains(QLatin1String("epoch_")),
                 qPrintable(error));

        const QString csv = tmp.filePath(QStringLiteral("exported.csv"));
        QVERIFY2(window.exportMetricsTo(csv, &error), qPrintable(error));
        QCOMPARE(readBytes(csv), readBytes(testsupport::searchFiles(out).metrics));
    }

    void clickWhileRunningStopsAndKeepsThatEpoch()
    {
        MainWindow window;
        window.resize(1400, 900);
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openDataset(dataset); // a dataset opened: the next search is timed after this one
        QVERIFY(scanned.wait(20000));
        prepare(window, 6, 2, "clickstop");
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->history().epochs.empty(), 60000);
        QTest::qWait(3 * MetricsPlot::replotIntervalMs);
        MetricsPlot *plot = window.metricsPlot();
        QTest::mouseClick(plot->customPlot(), Qt::LeftButton, {}, plot->pixelForEpoch(1.0));
        QCOMPARE(window.selectedEpoch(), 1);
        QVERIFY(window.searchController()->isStopping());
        const SearchOutcome outcome = waitForOutcome(finished);
        QVERIFY(outcome.reason == SearchEndReason::Stopped);
        QVERIFY(outcome.lastEpoch < 6);
        QCOMPARE(window.selectedEpoch(), 1); // the user's choice survives the end
        // The progress line says which policy is in hand: the one clicked, not the last saved.
        const QString said = window.searchPanel()->progressText();
        if (outcome.lastEpoch > 1)
            QVERIFY2(said.contains(QStringLiteral("Stopped after epoch %1; the policy of epoch 1 is selected")
                                       .arg(outcome.lastEpoch)),
                     qPrintable(said));
        else
            QVERIFY2(said.contains(QLatin1String("the policy of epoch 1 is saved")), qPrintable(said));
        // The estimate shown was of this search: the next one is timed afresh.
        QTRY_VERIFY(window.searchTimer()->isTiming());
        window.searchTimer()->cancel();
    }

    void openedSearchShowsItsMetricsAndContinues()
    {
        const QString out = tmp.filePath(QStringLiteral("two"));
        QVERIFY2(QFile::exists(testsupport::searchFiles(out).checkpoint), "run clickOnThePlot… first");
        MainWindow window;
        QVERIFY(window.openSearchFolder(out));
        QCOMPARE(window.workspace()->history().epochs.size(), size_t(2));
        QCOMPARE(window.workspace()->history().steps.size(), size_t(6));
        QCOMPARE(window.metricsPlot()->customPlot()->graph(0)->dataCount(), 6); // the plot draws them
        QCOMPARE(window.selectedEpoch(), 2);
        QCOMPARE(window.configPanel()->config().policy.numSubPolicies, 2);
        // It said "0% · Ready." of a search with all its epochs done.
        QVERIFY2(window.searchPanel()->progressText().contains(QLatin1String("2 of 2 epochs searched")),
                 qPrintable(window.searchPanel()->progressText()));
        QVERIFY(window.actions()->continueSearch->isEnabled());

        // Its 2 epochs are done: continuing without more is refused in the form's terms, and
        // the folder's policies stay offered (the failed start took them away).
        QVERIFY(!window.continueSearch());
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("Raise Epochs in the config to 3 or more")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.selectedEpoch(), 2);
        QVERIFY(window.centralMessage()->text().contains(QLatin1String("Raise Epochs")));

        // Raising the epochs is the fix: the banner goes with it.
        window.configPanel()->form()->epochsBox()->setValue(3);
        QTRY_VERIFY(window.centralMessage()->text().isEmpty());
        window.searchController()->setMaxStepsPerEpoch(3);
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        // The bar is of the whole search: it goes on from the 2 epochs of 3 done.
        int percentAtStart = -1;
        connect(window.searchController(), &SearchController::started, this,
                [&] { percentAtStart = window.searchPanel()->progressPercent(); });
        QVERIFY(window.continueSearch());
        const SearchOutcome outcome = waitForOutcome(finished);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(percentAtStart, 66);
        QVERIFY2(window.searchPanel()->logText().contains(QLatin1String("Search continued at epoch 3")),
                 qPrintable(window.searchPanel()->logText()));
        QCOMPARE(outcome.lastEpoch, 3);
        QVERIFY(QFile::exists(policyFile(out, 3)));
        QCOMPARE(window.workspace()->history().epochs.size(), size_t(3));
        QCOMPARE(window.workspace()->history().steps.size(), size_t(9));
        QCOMPARE(window.metricsPlot()->customPlot()->graph(0)->dataCount(), 9);
    }

    void continuingWithAnotherConfigAsksWhichOne()
    {
        // A setting changed since the folder was opened (another dataset, an edit) went into
        // the continued search and its config.yaml unsaid. Asked now: Cancel continues
        // nothing; its own config continues with the epochs asked for and nothing else.
        const QString out = tmp.filePath(QStringLiteral("two"));
        QVERIFY2(QFile::exists(policyFile(out, 3)), "run openedSearchShowsItsMetricsAndContinues first");
        MainWindow window;
        QVERIFY(window.openSearchFolder(out));
        const double recordedLr = window.configPanel()->config().optimMain.lr;
        window.configPanel()->form()->epochsBox()->setValue(4);
        SearchConfig changed = window.configPanel()->config();
        changed.optimMain.lr = recordedLr * 3;
        window.configPanel()->applyConfig(changed);

        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!window.continueSearch());
        QVERIFY2(question.contains(QLatin1String("differs from the one this search ran with")), qPrintable(question));
        QVERIFY(!window.searchController()->isRunning());

        testsupport::answerNextMessageBox(QMessageBox::Yes);
        window.searchController()->setMaxStepsPerEpoch(3);
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.continueSearch());
        const SearchOutcome outcome = waitForOutcome(finished);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(outcome.lastEpoch, 4);
        QCOMPARE(window.configPanel()->config().optimMain.lr, recordedLr);
        const SearchConfig recorded = loadConfigFile(testsupport::searchFiles(out).config.toStdString()).config;
        QCOMPARE(recorded.optimMain.lr, recordedLr);
        QCOMPARE(recorded.trainer.maxEpochs, 4);
    }

    void closingDuringASearchAsksThenStopsAndKeepsThePolicy()
    {
        MainWindow window;
        prepare(window, 30, 2, "closing");
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        QTRY_VERIFY_WITH_TIMEOUT(!window.workspace()->history().epochs.empty(), 60000);
        const QString out = tmp.filePath(QStringLiteral("closing"));

        // Cancel: the window stays and the search goes on.
        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!window.close());
        QVERIFY2(question.contains(QDir::toNativeSeparators(out)), qPrintable(question));
        QVERIFY(window.isVisible());
        QVERIFY(window.searchController()->isRunning());
        QVERIFY(!window.searchController()->isStopping());

        // Yes: the search stops after its step, then the window closes by itself.
        testsupport::answerNextMessageBox(QMessageBox::Yes, &question);
        QVERIFY(!window.close()); // not yet: the search is still ending
        QVERIFY(window.searchController()->isStopping());
        const SearchOutcome outcome = waitForOutcome(finished);
        QVERIFY2(outcome.reason == SearchEndReason::Stopped, outcome.message.c_str());
        QVERIFY(outcome.lastEpoch >= 1 && outcome.lastEpoch < 30);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 5000);
        QVERIFY(!window.searchController()->isRunning());

        // The last finished epoch's policy is on disk, whole.
        const QByteArray latest = readBytes(testsupport::searchFiles(out).latestPolicy);
        QVERIFY(!latest.isEmpty());
        QCOMPARE(latest, readBytes(policyFile(out, outcome.lastEpoch)));
        QVERIFY(!QJsonDocument::fromJson(latest).isNull());
    }

    void tabFollowsThePanelsAsTheyLie()
    {
        // Tab went from the Dataset panel (top left) to the Config panel (right), and the
        // Search panel under the Dataset panel came last.
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::setActiveWindow(&window);
        const QList<QWidget *> areas{window.datasetPanel(), window.searchPanel(), window.centralMessage(),
                                     window.plateauBanner(), window.previewPanel(), window.configPanel()};
        QWidget *start = window.datasetPanel()->findChild<QWidget *>(QStringLiteral("trySampleButton"));
        QVERIFY(start);
        // On either page of the config: the YAML page's editor and tab bar once kept Tab between them.
        for (int page : {0, 1}) {
            window.configPanel()->tabs()->setCurrentIndex(page);
            const QList<int> visited = areasVisitedByTab(start, areas);
            QVERIFY2(!visited.isEmpty() && visited.constLast() == -2, qPrintable(QDebug::toString(visited)));
            QList<int> inAreas = visited.mid(0, visited.size() - 1);
            inAreas.removeAll(-1);
            QVERIFY2(std::is_sorted(inAreas.begin(), inAreas.end()), qPrintable(QDebug::toString(visited)));
            for (int area : {0, 1, 5})
                QVERIFY2(inAreas.contains(area), qPrintable(QDebug::toString(visited)));
        }
        // The config's fields still go down the form.
        const QList<QWidget *> stops = tabStops(&window);
        ConfigForm *form = window.configPanel()->form();
        QVERIFY(stops.indexOf(form->taskBox()) < stops.indexOf(form->epochsBox()));
        QVERIFY(stops.indexOf(form->epochsBox()) < stops.indexOf(form->seedBox()));
    }

    void theSearchPanelsFieldsAreNamedAndItsLogReadsByKeyboard()
    {
        SearchWorkspace workspace;
        SearchPanel panel(&workspace);
        for (QScrollArea *scroll : panel.findChildren<QScrollArea *>())
            QCOMPARE(scroll->focusPolicy(), Qt::NoFocus); // a wrapper: no Tab stop of its own

        // The Policy box: named, and labelled by its row's label (a row given as a layout had none).
        auto *policies = panel.findChild<QComboBox *>();
        QVERIFY(policies);
        QVERIFY(!accessible(policies)->text(QAccessible::Name).isEmpty());
        const auto labels = accessible(policies)->relations(QAccessible::Label);
        QCOMPARE(labels.size(), 1);
        QCOMPARE(labels.front().first->text(QAccessible::Name), SearchPanel::tr("Policy:"));
        // The keyboard way to pick an epoch is named beside the mouse's.
        QVERIFY2(policies->toolTip().contains(QLatin1String("choose one here")), qPrintable(policies->toolTip()));

        // The log: named, a Tab stop with a caret, read and selected by keyboard, left by Tab.
        auto *log = panel.findChild<QPlainTextEdit *>();
        QVERIFY(log);
        QVERIFY(!accessible(log)->text(QAccessible::Name).isEmpty());
        panel.appendLog(QStringLiteral("Epoch 1 starting"));
        panel.appendLog(QStringLiteral("Epoch 2 starting"));
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QApplication::setActiveWindow(&panel);
        log->setFocus();
        QTRY_VERIFY(log->hasFocus());
        QTest::keyClick(log, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(log, Qt::Key_Down, Qt::ShiftModifier);
        QCOMPARE(log->textCursor().selectedText(), QStringLiteral("Epoch 1 starting") + QChar(QChar::ParagraphSeparator));
        QVERIFY(log->isReadOnly());
        QTest::keyClick(log, Qt::Key_Tab);
        QVERIFY(!log->hasFocus());
        QCOMPARE(panel.logText(), QStringLiteral("Epoch 1 starting\nEpoch 2 starting"));
    }

    void closeButtonsAreNamedByWhatTheyDo()
    {
        // "×" is what a screen reader said for them.
        MainWindow window;
        QList<QToolButton *> closers = window.centralMessage()->findChildren<QToolButton *>();
        closers += window.plateauBanner()->findChildren<QToolButton *>();
        QCOMPARE(closers.size(), 2);
        for (QToolButton *close : closers) {
            const QString name = accessible(close)->text(QAccessible::Name);
            QVERIFY2(!name.isEmpty() && name != QStringLiteral("×"), qPrintable(name));
        }
    }

    void savingWithoutAPolicyNamesTheKeyboardWay()
    {
        MainWindow window;
        QString error;
        QVERIFY(!window.savePolicyTo(tmp.filePath(QStringLiteral("none.json")), AlbumentationsTarget::V2, &error));
        QVERIFY2(error.contains(QLatin1String("Policy")) && error.contains(QLatin1String("click")), qPrintable(error));
    }

    void refusesToStartWithoutADataset()
    {
        MainWindow window;
        QVERIFY(!window.startSearch());
        QVERIFY(!window.searchController()->isRunning());
        // Nothing started, so nothing is said of the time a start would have left untimed.
        QVERIFY2(!window.searchPanel()->estimateText().contains(QLatin1String("Not timed")),
                 qPrintable(window.searchPanel()->estimateText()));
    }
};

QTEST_MAIN(TestUiSearch)
#include "test_ui_search.moc"
