// The metrics plot and the plateau flag, views of a SearchWorkspace fed with synthetic
// metrics and the engine's plateau events (no search runs).

#include "MainWindow.h"
#include "MetricsPlot.h"
#include "PlateauBanner.h"
#include "SearchPanel.h"
#include "SearchWorkspace.h"
#include "search/PlateauDetector.h"

#include <qcustomplot.h>

#include <QPushButton>
#include "testsupport/TestSupport.h"

#include <QtTest>

#include <cmath>
#include <fstream>
#include <functional>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

StepMetrics step(int epoch, int stepInEpoch, int stepsPerEpoch)
{
    StepMetrics m;
    m.epoch = epoch;
    m.stepInEpoch = stepInEpoch;
    m.stepsPerEpoch = stepsPerEpoch;
    m.step = (epoch - 1) * stepsPerEpoch + stepInEpoch;
    m.loss = 1.0 / m.step;
    m.dLoss = std::sin(m.step * 0.1);
    m.aLoss = -0.5 + 0.01 * m.step;
    m.wallSeconds = 0.1 * m.step;
    return m;
}

EpochMetrics epochMetrics(int epoch, double apc, int stepsPerEpoch = 4)
{
    EpochMetrics m;
    m.epoch = epoch;
    m.step = epoch * stepsPerEpoch;
    m.loss = 0.5 / epoch;
    m.dLoss = 0.1 * epoch;
    m.aLoss = -0.2;
    m.averageParameterChange = apc;
    m.wallSeconds = epoch;
    return m;
}

// Falls like e^(-t/3) for a while, then oscillates around a floor: a converged policy.
std::vector<double> convergingApc(int epochs)
{
    std::vector<double> series;
    for (int t = 1; t <= epochs; ++t)
        series.push_back(0.05 + 0.5 * std::exp(-(t - 1) / 3.0) + 0.004 * ((t % 3) - 1));
    return series;
}

void fill(SearchWorkspace &workspace, int epochs, int stepsPerEpoch)
{
    for (int e = 1; e <= epochs; ++e) {
        for (int s = 1; s <= stepsPerEpoch; ++s)
            workspace.addStep(step(e, s, stepsPerEpoch));
        workspace.addEpoch(epochMetrics(e, 0.1 / e, stepsPerEpoch));
    }
}

// The events a search sends for `series`: each epoch, then the plateau where the engine's
// detector recognises it (as SearchRun::finishEpoch does).
void sendAsTheEngine(MainWindow &window, const std::vector<double> &series, const std::function<void(int)> &afterEpoch)
{
    PlateauDetector detector;
    bool announced = false;
    for (size_t i = 0; i < series.size(); ++i) {
        const int epoch = int(i) + 1;
        window.handleEpoch(epochMetrics(epoch, series[i]));
        const PlateauVerdict verdict = detector.add(series[i]);
        if (verdict.plateau && !announced) {
            announced = true;
            window.handlePlateau(PlateauEvent{epoch, verdict.suggestedEpoch, verdict.reason, verdict.plateauEpoch});
        }
        afterEpoch(epoch);
    }
}

} // namespace

class TestUiPlot : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
    }

    void plateauBannerAppearsOnAConvergingSeries()
    {
        const std::vector<double> series = convergingApc(30);
        const PlateauVerdict expected = PlateauDetector::evaluate(series);
        QVERIFY2(expected.plateau, expected.reason.c_str()); // the series is a real plateau

        MainWindow window;
        PlateauBanner *banner = window.plateauBanner();
        sendAsTheEngine(window, series, [&](int epoch) {
            // Not before the detector recognises it, and from then on.
            QCOMPARE(banner->isShown(), epoch >= expected.suggestedEpoch);
        });
        QCOMPARE(banner->suggestedEpoch(), expected.suggestedEpoch);
        QVERIFY(banner->text().contains(QString::number(expected.suggestedEpoch)));
        // Where the flat part began, as the engine's verdict says.
        QVERIFY2(banner->text().contains(QStringLiteral("at epoch %1 ").arg(expected.plateauEpoch)),
                 qPrintable(banner->text()));
        QCOMPARE(window.workspace()->plateau().suggestedEpoch, expected.suggestedEpoch);
        QCOMPARE(banner->keepButton()->text(), QStringLiteral("Keep epoch %1").arg(expected.suggestedEpoch));

        // The button selects that epoch; it stops nothing by itself beforehand.
        banner->keepButton()->click();
        QCOMPARE(window.selectedEpoch(), expected.suggestedEpoch);
    }

    void noBannerWhileStillFalling()
    {
        MainWindow window;
        for (int epoch = 1; epoch <= 25; ++epoch)
            window.handleEpoch(epochMetrics(epoch, std::exp(-epoch / 4.0)));
        QVERIFY(!window.plateauBanner()->isShown());
    }

    void theWindowJudgesNoPlateauOfItsOwn()
    {
        // One verdict, the engine's: epochs alone, however converged, raise no banner.
        MainWindow window;
        const std::vector<double> series = convergingApc(30);
        for (size_t i = 0; i < series.size(); ++i)
            window.handleEpoch(epochMetrics(int(i) + 1, series[i]));
        QVERIFY(!window.workspace()->hasPlateau());
        QVERIFY(!window.plateauBanner()->isShown());
    }

    void enginePlateauEventShowsTheBanner()
    {
        MainWindow window;
        window.handlePlateau(PlateauEvent{12, 12, "flat for 3 epochs"});
        QVERIFY(window.plateauBanner()->isShown());
        QCOMPARE(window.plateauBanner()->suggestedEpoch(), 12);
        QVERIFY(window.searchPanel()->logText().contains(QLatin1String("keep epoch 12")));
        // The same verdict again (a view redrawn, a repeated event) is no new one.
        window.plateauBanner()->hide();
        window.handlePlateau(PlateauEvent{12, 12, "flat for 3 epochs"});
        QVERIFY(!window.plateauBanner()->isShown());
    }

    void replotsAreCoalesced()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(600, 400);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        const int before = plot.replotCount();
        for (int s = 1; s <= 5000; ++s)
            workspace.addStep(step(1 + (s - 1) / 1000, (s - 1) % 1000 + 1, 1000));
        QCOMPARE(plot.replotCount(), before); // appending alone never replots
        QCOMPARE(workspace.history().steps.size(), size_t(5000));
        QTRY_VERIFY_WITH_TIMEOUT(plot.replotCount() > before, 2000);
        QTest::qWait(4 * MetricsPlot::replotIntervalMs);
        QVERIFY2(plot.replotCount() - before <= 2, qPrintable(QString::number(plot.replotCount() - before)));
        // Every step is plotted raw and smoothed; the x axis counts epochs.
        QCPGraph *raw = plot.customPlot()->graph(0);
        QCOMPARE(raw->dataCount(), 5000);
        QCOMPARE(raw->data()->at(999)->key, 1.0);
        QVERIFY(plot.customPlot()->xAxis->range().upper >= 5.0);
    }

    void clickPicksTheNearestFinishedEpoch()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(800, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QSignalSpy clicked(&plot, &MetricsPlot::epochClicked);
        // No epoch finished yet: a click selects nothing.
        for (int s = 1; s <= 4; ++s)
            workspace.addStep(step(1, s, 4));
        plot.customPlot()->replot();
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, plot.pixelForEpoch(0.5));
        QCOMPARE(clicked.count(), 0);

        fill(workspace, 3, 4);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, plot.pixelForEpoch(1.3));
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, plot.pixelForEpoch(1.7));
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, plot.pixelForEpoch(2.9));
        QCOMPARE(clicked.count(), 3);
        QCOMPARE(clicked[0][0].toInt(), 1);
        QCOMPARE(clicked[1][0].toInt(), 2);
        QCOMPARE(clicked[2][0].toInt(), 3);
    }

    void legendClickTogglesACurve()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(800, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        fill(workspace, 2, 4);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        QSignalSpy clicked(&plot, &MetricsPlot::epochClicked);
        QCPAbstractLegendItem *first = plot.customPlot()->legend->item(0);
        QVERIFY(first);
        QVERIFY(plot.isMetricVisible(Metric::Loss));
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, first->rect().center());
        QVERIFY(!plot.isMetricVisible(Metric::Loss));
        QVERIFY(plot.isMetricVisible(Metric::CriticLoss));
        QCOMPARE(clicked.count(), 0); // a legend click is no epoch click
        QTest::mouseClick(plot.customPlot(), Qt::LeftButton, {}, first->rect().center());
        QVERIFY(plot.isMetricVisible(Metric::Loss));
    }

    void aSmallPlotKeepsItsLegendToTwoRowsAndItsLabelsWhole()
    {
        // At 1024 x 600 the plot is about 350 x 230: the legend took four rows of it, and the
        // right axis's label ran past the widget's edge.
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        fill(workspace, 2, 4);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        QCustomPlot *custom = plot.customPlot();
        QCOMPARE(custom->legend->wrap(), 0); // one row where it fits
        QVERIFY(custom->yAxis2->label().endsWith(QLatin1String("change")));

        plot.resize(350, 230);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        custom->replot();
        QCOMPARE(custom->legend->wrap(), 2);
        QVERIFY(custom->legend->outerRect().width() <= custom->width());
        for (QCPAxis *axis : {custom->yAxis, custom->yAxis2}) {
            const QFontMetrics metrics(axis->labelFont());
            QVERIFY2(metrics.horizontalAdvance(axis->label()) <= custom->axisRect()->height(), qPrintable(axis->label()));
        }
        // Grown again, the whole label comes back.
        plot.resize(900, 700);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        custom->replot();
        QCOMPARE(custom->yAxis2->label(), QStringLiteral("average parameter change"));
    }

    void theEmptyPlotsHintWrapsToANarrowPlot()
    {
        // With large fonts the hint was wider than the plot and hid itself: the only words
        // saying how to pick an epoch were gone.
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QCustomPlot *custom = plot.customPlot();
        QCPItemText *hint = nullptr;
        for (int i = 0; i < custom->itemCount(); ++i)
            if (auto *text = qobject_cast<QCPItemText *>(custom->item(i)); text && text->text().startsWith(QLatin1String("Metrics appear")))
                hint = text;
        QVERIFY(hint);
        custom->replot();
        QVERIFY(hint->visible());
        const int wideLines = int(hint->text().count(QLatin1Char('\n'))) + 1;

        plot.resize(300, 400);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        custom->replot();
        QVERIFY(hint->visible());
        QVERIFY2(hint->text().count(QLatin1Char('\n')) + 1 > wideLines, qPrintable(hint->text()));
        const QFontMetrics metrics(hint->font());
        for (const QString &line : hint->text().split(QLatin1Char('\n')))
            QVERIFY2(metrics.horizontalAdvance(line) <= custom->axisRect()->width(), qPrintable(line));
        QVERIFY(hint->text().simplified().contains(QLatin1String("choose one under Policy in the Search panel.")));

        // Too small for its lines: hidden rather than drawn over the tick labels.
        plot.resize(300, 120);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        custom->replot();
        QVERIFY(!hint->visible());

        // Gone once there are metrics.
        plot.resize(900, 500);
        fill(workspace, 1, 4);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        custom->replot();
        QVERIFY(!hint->visible());
    }

    void lossKeepsItsOwnScaleBesideLargeCriticValues()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        for (int i = 1; i <= 8; ++i) {
            StepMetrics m = step(1, i, 8);
            m.loss = 0.2 + 0.01 * i;     // the task loss: a fraction
            m.dLoss = -50.0 * i;         // the critic's values: hundreds
            m.aLoss = 30.0 * i;
            workspace.addStep(m);
        }
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        QCPAxis *lossAxis = plot.valueAxisOf(Metric::Loss);
        QCPAxis *criticAxis = plot.valueAxisOf(Metric::CriticLoss);
        QVERIFY(lossAxis && criticAxis && lossAxis != criticAxis);
        QCOMPARE(plot.valueAxisOf(Metric::PolicyLoss), criticAxis);
        QVERIFY(plot.valueAxisOf(Metric::AverageParameterChange) != lossAxis);
        // Each axis spans its own curves: the loss fills its axis instead of lying flat.
        QVERIFY2(lossAxis->range().lower > 0.1 && lossAxis->range().upper < 0.4,
                 qPrintable(QStringLiteral("%1..%2").arg(lossAxis->range().lower).arg(lossAxis->range().upper)));
        QVERIFY(criticAxis->range().lower <= -400 && criticAxis->range().upper >= 240);
        // Hiding d_loss rescales its axis to a_loss alone; the loss axis is unmoved.
        plot.setMetricVisible(Metric::CriticLoss, false);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        QVERIFY(criticAxis->range().lower > 0); // a_loss alone
        QVERIFY(lossAxis->range().upper < 0.4);
    }

    void aSingleStepGetsTicksThatDiffer()
    {
        // One step: a range of no width. The loss axis labelled every tick "0.14986".
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(900, 500);
        StepMetrics only = step(1, 1, 8);
        only.loss = 0.149861;
        workspace.addStep(only);
        QTest::qWait(2 * MetricsPlot::replotIntervalMs);
        plot.customPlot()->replot();
        QCPAxis *lossAxis = plot.valueAxisOf(Metric::Loss);
        const QStringList labels = lossAxis->tickVectorLabels().toList();
        QVERIFY2(labels.size() >= 3 && QSet<QString>(labels.begin(), labels.end()).size() == labels.size(),
                 qPrintable(labels.join(QStringLiteral(", "))));
        QVERIFY(lossAxis->range().contains(0.149861));
    }

    void plateauAndSelectionAreMarked()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        fill(workspace, 3, 4);
        const int items = plot.customPlot()->itemCount();
        workspace.setPlateau(PlateauEvent{2, 2, "flat"});
        workspace.selectEpoch(3);
        QCOMPARE(plot.customPlot()->itemCount(), items + 4); // two lines, two labels
        auto visibleLineAt = [&](double x) {
            for (int i = 0; i < plot.customPlot()->itemCount(); ++i)
                if (auto *line = qobject_cast<QCPItemStraightLine *>(plot.customPlot()->item(i)))
                    if (line->visible() && line->point1->coords().x() == x)
                        return true;
            return false;
        };
        QVERIFY(visibleLineAt(2.0));
        QVERIFY(visibleLineAt(3.0));
        // A new search clears both: the plot shows what the workspace holds, nothing older.
        workspace.beginSearch(tmp.filePath(QStringLiteral("next")), false);
        QVERIFY(!visibleLineAt(2.0));
        QVERIFY(!visibleLineAt(3.0));
        QCOMPARE(plot.customPlot()->graph(0)->dataCount(), 0);
    }

    void thePlotDescribesItsLatestEpochInWords()
    {
        // A picture to a screen reader: it had neither a name nor a description.
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        QCustomPlot *picture = plot.customPlot();
        QVERIFY(!picture->accessibleName().isEmpty());
        fill(workspace, 3, 4);
        QTRY_VERIFY2(picture->accessibleDescription().startsWith(QLatin1String("Epoch 3:")),
                     qPrintable(picture->accessibleDescription()));
        const QString latest = picture->accessibleDescription();
        QVERIFY2(latest.contains(QLatin1String("loss 0.1667")) && latest.contains(QLatin1String("change 0.03333")),
                 qPrintable(latest));
        workspace.selectEpoch(2);
        QTRY_VERIFY2(picture->accessibleDescription().endsWith(QLatin1String("Selected policy: epoch 2.")),
                     qPrintable(picture->accessibleDescription()));
    }

    void csvRoundTripsAndPngIsWritten()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        plot.resize(640, 400);
        fill(workspace, 2, 3);
        // Without a folder the export is the rows shown.
        const QString csvPath = tmp.filePath(QStringLiteral("plotted.csv"));
        std::ofstream(csvPath.toStdString()) << workspace.metricsCsv();
        const MetricsHistory back = readMetricsCsv(csvPath.toStdString());
        QCOMPARE(back.steps.size(), size_t(6));
        QCOMPARE(back.epochs.size(), size_t(2));
        QCOMPARE(back.steps[4].stepInEpoch, 2);
        QCOMPARE(back.steps[4].stepsPerEpoch, 3);
        // metrics.csv keeps 9 significant digits.
        QVERIFY(std::abs(back.steps[4].dLoss - workspace.history().steps[4].dLoss) < 1e-8);
        QVERIFY(std::abs(back.epochs[1].averageParameterChange - workspace.history().epochs[1].averageParameterChange)
                < 1e-8);

        const QString png = tmp.filePath(QStringLiteral("plot.png"));
        QVERIFY(plot.savePng(png));
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 640);
    }

    void resumedStepsReplaceTheOldOnes()
    {
        SearchWorkspace workspace;
        MetricsPlot plot(&workspace);
        fill(workspace, 2, 4);
        workspace.addStep(step(3, 1, 4));
        workspace.addStep(step(3, 2, 4));
        // A resumed search starts again after epoch 2.
        workspace.addEpoch(epochMetrics(1, 0.1, 4));
        workspace.addEpoch(epochMetrics(2, 0.05, 4));
        workspace.addStep(step(3, 1, 4));
        QCOMPARE(workspace.history().steps.size(), size_t(9));
        QCOMPARE(workspace.history().epochs.size(), size_t(2));
        QCOMPARE(plot.customPlot()->graph(0)->dataCount(), 9);
    }
};

QTEST_MAIN(TestUiPlot)
#include "test_ui_plot.moc"
