// Search ▸ Evaluate Policy… on a tiny generated dataset: the dialog trains every arm on its
// worker thread, plots each arm's held-out score per epoch (live, then the mean over runs),
// tabulates the arms and the policy − baseline comparisons, saves the report as CSV and PNG,
// shows the core's warnings (the dataset's, short counts, few held-out images), remembers the
// baselines and network, reports bad policies inline by file name, cancels on
// Cancel and, asked, on close or quit, and opens from the menu with the selected epoch's policy and the open
// dataset.

#include "AppActions.h"
#include "AppPaths.h"
#include "EvaluateDialog.h"
#include "EvaluatePlot.h"
#include "EvaluateWorker.h"
#include "InlineMessage.h"
#include "MainWindow.h"
#include "testsupport/Drops.h"
#include "testsupport/MessageBoxes.h"
#include "testsupport/TestSupport.h"

#include <qcustomplot.h>

#include <QAccessible>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QDialogButtonBox>
#include <QtTest>

#include <cmath>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

using testsupport::dropPaths;

// A core message as the dialog shows it, a sentence: "only 30 ..." reads "Only 30 ...".
QString sentence(const std::string &message)
{
    QString text = QString::fromStdString(message);
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

const QString kPolicy = QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json");
constexpr int kHeldOut = 30;

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The number a table cell shows, in the dialog's locale; NaN if it shows none.
double shown(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    bool ok = false;
    const double value = item ? QLocale().toDouble(item->text(), &ok) : 0.0;
    return ok ? value : std::nan("");
}

bool isScore(double value)
{
    return value >= 0.0 && value <= 1.0;
}

QString text(const QTableWidget *table, int row, int column)
{
    const QTableWidgetItem *item = table->item(row, column);
    return item ? item->text() : QString();
}

QStringList headers(const QTableWidget *table)
{
    QStringList labels;
    for (int column = 0; column < table->columnCount(); ++column)
        labels << table->horizontalHeaderItem(column)->text();
    return labels;
}

// An accuracy over kHeldOut images is a whole number of them (the table rounds to 4 places).
bool isFractionOfHeldOut(double value)
{
    const double images = value * kHeldOut;
    return std::abs(images - std::round(images)) < 0.5e-4 * kHeldOut + 1e-9;
}


} // namespace

class TestUiEvaluate : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dataset;

    void prepare(EvaluateDialog &dialog, const QString &policy) const
    {
        dialog.setDevice(QStringLiteral("cpu"), 2);
        dialog.setPolicyPath(policy);
        DatasetConfig data;
        data.root = dataset.toStdString();
        dialog.setDataset(data);
        dialog.epochsBox()->setValue(1);
        dialog.trainImagesBox()->setValue(60);
        dialog.heldOutImagesBox()->setValue(kHeldOut);
        dialog.repeatsBox()->setValue(1);
        dialog.seedBox()->setValue(7);
    }

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
        dataset = tmp.filePath(QStringLiteral("classes"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 3, 40, 32);
    }

    void droppedFoldersAndPoliciesFillTheFields()
    {
        // The dataset field appended "file:///…" to its text; the policy list refused a .json.
        EvaluateDialog dialog;
        dialog.datasetEdit()->setText(QStringLiteral("/somewhere/else"));
        QVERIFY(dropPaths(dialog.datasetEdit(), {dataset}));
        QCOMPARE(dialog.datasetEdit()->text(), QDir::toNativeSeparators(dataset));
        QCOMPARE(dialog.datasetFolder(), dataset);
        const QString second = tmp.filePath(QStringLiteral("second.json"));
        QVERIFY(QFile::copy(kPolicy, second));
        QVERIFY(dropPaths(dialog.policyList()->viewport(), {kPolicy, second}));
        QCOMPARE(dialog.policyPaths(), (QStringList{kPolicy, second}));
        // What is no policy file is not listed.
        QVERIFY(!dropPaths(dialog.policyList()->viewport(), {dataset}));
        QCOMPARE(dialog.policyPaths().size(), 2);
    }

    void choicesAreRemembered()
    {
        QSettings().remove(QStringLiteral("evaluate"));
        {
            EvaluateDialog dialog;
            QCOMPARE(dialog.checkedBaselines(),
                     (QStringList{QStringLiteral("none"), QStringLiteral("flip-shift"), QStringLiteral("trivial-augment")}));
            QCOMPARE(dialog.baselineList()->count(), 4);
            QCOMPARE(dialog.modelBox()->currentData().toString(), QStringLiteral("small"));
            QCOMPARE(dialog.options().model, EvaluateModel::Small);
            // Checked in the list, as a user does it.
            dialog.baselineList()->item(1)->setCheckState(Qt::Unchecked);
            dialog.baselineList()->item(3)->setCheckState(Qt::Checked);
            dialog.modelBox()->setCurrentIndex(dialog.modelBox()->findData(QStringLiteral("resnet18")));
        }
        EvaluateDialog again;
        QCOMPARE(again.checkedBaselines(), (QStringList{QStringLiteral("none"), QStringLiteral("trivial-augment"),
                                                        QStringLiteral("rand-augment")}));
        QCOMPARE(again.options().model, EvaluateModel::ResNet18);
        QSettings().remove(QStringLiteral("evaluate"));
    }

    void aLongScoreLabelIsElidedToItsAxis()
    {
        // The German label ran past the plot's edge on a short plot.
        EvaluatePlot plot;
        const QString label = QStringLiteral("Wert auf zurückgehaltenen Bildern (Genauigkeit)");
        plot.setMetricLabel(label);
        plot.resize(400, 200);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QCustomPlot *custom = plot.customPlot();
        custom->replot();
        const QFontMetrics metrics(custom->yAxis->labelFont());
        QVERIFY2(metrics.horizontalAdvance(custom->yAxis->label()) <= custom->axisRect()->height(),
                 qPrintable(custom->yAxis->label()));
        plot.resize(600, 700);
        QTest::qWait(50);
        custom->replot();
        QCOMPARE(custom->yAxis->label(), label);
    }

    void theDialogFitsAShortScreen()
    {
        // Its fields, plot and table were 817 px high at the least: at 1280 x 800 the buttons
        // were below the screen's edge. They scroll now; the buttons stay in view.
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        QVERIFY2(dialog.minimumSizeHint().height() < 500, qPrintable(QString::number(dialog.minimumSizeHint().height())));
        dialog.resize(700, 480);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *buttons = dialog.findChild<QDialogButtonBox *>();
        QVERIFY(buttons);
        QVERIFY(buttons->isVisible());
        QVERIFY(buttons->geometry().bottom() <= dialog.rect().bottom());
    }

    void theDialogOpensOnItsPolicyListAndNamesItsFields()
    {
        // It opened with the focus on its scroll area, which showed no sign of it.
        EvaluateDialog dialog;
        auto *policies = dialog.findChild<QListWidget *>(QStringLiteral("evaluatePolicies"));
        QVERIFY(policies);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCOMPARE(dialog.focusWidget(), policies);
        for (QScrollArea *scroll : dialog.findChildren<QScrollArea *>())
            QCOMPARE(scroll->focusPolicy(), Qt::NoFocus);

        // The dataset field is labelled by its form label (which was in another parent, so
        // labelled nothing); lists take no label, so they have names of their own.
        auto *dataset = dialog.findChild<QLineEdit *>();
        QVERIFY(dataset);
        QAccessibleInterface *field = QAccessible::queryAccessibleInterface(dataset);
        QVERIFY(!field->text(QAccessible::Name).isEmpty());
        const auto labels = field->relations(QAccessible::Label);
        QCOMPARE(labels.size(), 1);
        QCOMPARE(labels.front().first->text(QAccessible::Name), EvaluateDialog::tr("&Dataset folder:").remove('&'));
        for (const char *name : {"evaluatePolicies", "evaluateBaselines", "evaluateResults"}) {
            auto *widget = dialog.findChild<QWidget *>(QString::fromLatin1(name));
            QVERIFY(widget);
            QVERIFY(!QAccessible::queryAccessibleInterface(widget)->text(QAccessible::Name).isEmpty());
        }
    }

    void optionsFollowTheFields()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        const QString second = tmp.filePath(QStringLiteral("second.json"));
        QVERIFY(QFile::exists(second) || QFile::copy(kPolicy, second));
        dialog.addPolicyPath(second);
        dialog.addPolicyPath(second); // listed once: the same arm twice says nothing more
        dialog.setCheckedBaselines({QStringLiteral("rand-augment"), QStringLiteral("none")});
        dialog.modelBox()->setCurrentIndex(dialog.modelBox()->findData(QStringLiteral("resnet18")));
        dialog.repeatsBox()->setValue(3);
        EvaluateOptions options = dialog.options();
        QCOMPARE(QString::fromStdString(options.policyPath), kPolicy);
        QCOMPARE(options.morePolicyPaths, std::vector<std::string>{second.toStdString()});
        QCOMPARE(QString::fromStdString(options.data.dataset.root), dataset);
        // In the list's order, whatever order they were checked in.
        QCOMPARE(options.baselineNames, (std::vector<std::string>{"none", "rand-augment"}));
        QCOMPARE(options.model, EvaluateModel::ResNet18);
        QCOMPARE(options.epochs, 1);
        QCOMPARE(options.trainImages, 60);
        QCOMPARE(options.heldOutImages, kHeldOut);
        QCOMPARE(options.repeats, 3);
        QCOMPARE(options.seed, std::uint64_t(7));
        QCOMPARE(options.device, std::string("cpu"));

        // setPolicyPath (what the menu does) replaces the first policy and keeps the others.
        const QString third = tmp.filePath(QStringLiteral("third.json"));
        dialog.setPolicyPath(third);
        QCOMPARE(dialog.policyPaths(), (QStringList{third, second}));
        QCOMPARE(dialog.policyPath(), third);
        // Remove takes the selected ones.
        QVERIFY(!dialog.removePolicyButton()->isEnabled());
        dialog.policyList()->setCurrentRow(0);
        QVERIFY(dialog.removePolicyButton()->isEnabled());
        dialog.removePolicyButton()->click();
        QCOMPARE(dialog.policyPaths(), QStringList{second});

        // Run needs a policy, a dataset and a baseline.
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY(!dialog.saveReportButton()->isEnabled());
        dialog.setCheckedBaselines({});
        QVERIFY(!dialog.runButton()->isEnabled());
        QVERIFY(!dialog.run());
        QCOMPARE(dialog.message()->level(), InlineMessage::Error);
        QVERIFY2(dialog.message()->text().contains(QStringLiteral("baseline")), qPrintable(dialog.message()->text()));
        dialog.setCheckedBaselines({QStringLiteral("none")});
        QVERIFY(dialog.runButton()->isEnabled());
        dialog.policyList()->clear();
        QVERIFY(!dialog.runButton()->isEnabled());
        QSettings().remove(QStringLiteral("evaluate"));
    }

    void runPlotsTabulatesAndSavesEveryArm()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.setCheckedBaselines({QStringLiteral("none"), QStringLiteral("flip-shift")});
        dialog.epochsBox()->setValue(2);
        dialog.show();
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QSignalSpy progress(dialog.worker(), &EvaluateWorker::progress);
        // Live: after each epoch the arm's curve has a point per epoch so far, and the status
        // line names the arm (connected after the dialog: runs once it has shown the report).
        QStringList liveProblems;
        int epochScores = 0;
        const QStringList labels{QStringLiteral("augstudio.json"), QStringLiteral("none"), QStringLiteral("flip-shift")};
        connect(dialog.worker(), &EvaluateWorker::progress, &dialog, [&](const EvaluateProgress &p) {
            const QString status = dialog.statusLabel()->text();
            const QString arm = QStringLiteral("arm %1 of 3 (%2)").arg(p.armIndex + 1).arg(labels.value(p.armIndex));
            if (!status.contains(arm) || !status.contains(QStringLiteral("Run 1 of 1")))
                liveProblems << status;
            if (!p.epochScore)
                return;
            ++epochScores;
            const QCPGraph *graph = dialog.plot()->customPlot()->graph(p.armIndex);
            if (graph->dataCount() != p.epoch || (graph->data()->constEnd() - 1)->value != *p.epochScore)
                liveProblems << QStringLiteral("arm %1 epoch %2: %3 points").arg(p.armIndex).arg(p.epoch).arg(graph->dataCount());
        });
        QVERIFY(dialog.run());
        // Returned at once: the training runs on the worker thread, the fields wait.
        QVERIFY(dialog.isRunning());
        QVERIFY(!dialog.runButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->isEnabled());
        QVERIFY(!dialog.saveReportButton()->isEnabled());
        QVERIFY(!dialog.epochsBox()->isEnabled());
        QVERIFY(!dialog.baselineList()->isEnabled());
        QVERIFY(!dialog.run());
        QVERIFY(ended.wait(60000));
        // Under 100 held-out images, what the verdicts rest on: the core's words, as the CLI says them.
        QCOMPARE(dialog.message()->level(), InlineMessage::Warning);
        QCOMPARE(dialog.message()->text(), sentence(heldOutNote(*dialog.lastResult())));
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(dialog.saveReportButton()->isEnabled());
        QVERIFY(dialog.epochsBox()->isEnabled());
        // 60 images in batches of 64: one batch per epoch, 2 epochs of 3 arms.
        QCOMPARE(progress.count(), 6);
        QCOMPARE(epochScores, 6);
        QVERIFY2(liveProblems.isEmpty(), qPrintable(liveProblems.join(QStringLiteral("; "))));
        QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());
        QVERIFY(dialog.lastResult().has_value());
        const EvaluateResult &result = *dialog.lastResult();
        QCOMPARE(result.arms.size(), size_t(3));
        QCOMPARE(result.comparisons.size(), size_t(2));

        // The table: the three arms, then policy − none and policy − flip-shift.
        const QTableWidget *table = dialog.resultTable();
        QCOMPARE(table->rowCount(), 5);
        const QStringList columns = headers(table);
        QCOMPARE(columns.size(), 7); // arm, kind, mean, std, the one seed, interval, verdict
        QVERIFY2(columns[2].contains(QStringLiteral("Accuracy")), qPrintable(columns.join(',')));
        QVERIFY(columns[4].contains(QStringLiteral("7")));
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(text(table, row, 0), labels[row]);
            QCOMPARE(text(table, row, 1), row == 0 ? QStringLiteral("policy") : QStringLiteral("baseline"));
            const double mean = shown(table, row, 2);
            QVERIFY2(isScore(mean) && isFractionOfHeldOut(mean), qPrintable(QString::number(mean)));
            QVERIFY(std::abs(mean - result.arms[size_t(row)].scores.at(0)) < 0.5e-4);
            // One run: its column repeats the mean, and there is no spread to show.
            QCOMPARE(text(table, row, 4), text(table, row, 2));
            QVERIFY(std::isnan(shown(table, row, 3)));
            QVERIFY(text(table, row, 6).isEmpty());
        }
        for (int row = 3; row < 5; ++row) {
            QCOMPARE(text(table, row, 0), QStringLiteral("augstudio.json − %1").arg(labels[row - 2]));
            const double difference = shown(table, row, 2);
            const double expected = shown(table, 0, 2) - shown(table, row - 2, 2);
            QVERIFY2(std::abs(difference - expected) < 1.5e-4,
                     qPrintable(QStringLiteral("%1 shown, %2 expected").arg(difference).arg(expected)));
            QCOMPARE(text(table, row, 4), text(table, row, 2));
            QCOMPARE(text(table, row, 5), QStringLiteral("–")); // one seed: no interval
            QVERIFY2(text(table, row, 6).startsWith(QStringLiteral("one seed")), qPrintable(text(table, row, 6)));
        }

        // The plot: one curve per arm, a point per epoch, the run's scores, the axes named.
        QCustomPlot *plot = dialog.plot()->customPlot();
        QCOMPARE(plot->graphCount(), 3);
        QCOMPARE(plot->xAxis->label(), QStringLiteral("Epoch"));
        QCOMPARE(plot->yAxis->label(), QStringLiteral("Accuracy"));
        QSet<QRgb> colours;
        for (int arm = 0; arm < 3; ++arm) {
            const QCPGraph *graph = plot->graph(arm);
            QCOMPARE(graph->name(), labels[arm]);
            QCOMPARE(graph->dataCount(), 2);
            QCOMPARE(graph->data()->at(0)->key, 1.0);
            QCOMPARE(graph->data()->at(1)->value, result.arms[size_t(arm)].curves.at(0).at(1));
            QCOMPARE(result.arms[size_t(arm)].curves.at(0).at(1), result.arms[size_t(arm)].scores.at(0));
            colours.insert(graph->pen().color().rgb());
        }
        QCOMPARE(colours.size(), 3);
        QVERIFY(plot->legend->visible());
        int entries = 0; // two a row: the grid may hold an empty cell
        for (int i = 0; i < plot->legend->itemCount(); ++i)
            entries += plot->legend->item(i) != nullptr;
        QCOMPARE(entries, 3);
        // Under the axes, not over the curves.
        plot->replot();
        QVERIFY(!plot->axisRect()->outerRect().intersects(plot->legend->outerRect()));

        // Save Report…: the CSV reads back as the result, the plot lies beside it.
        const QString csvPath = tmp.filePath(QStringLiteral("report.csv"));
        const QString banner = dialog.message()->text();
        QVERIFY(dialog.saveReport(csvPath));
        // Said on the status line; the banner keeps what it said of the result.
        QVERIFY2(dialog.statusLabel()->text().startsWith(QLatin1String("Saved the report as")),
                 qPrintable(dialog.statusLabel()->text()));
        QCOMPARE(dialog.message()->text(), banner);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QStringList> rows = testsupport::parseCsv(csv.readAll());
        QCOMPARE(rows.size(), 1 + 3 * 2 + 3 + 2);
        QCOMPARE(rows[0].join(','), QStringLiteral("section,arm,kind,baseline,seed,epoch,metric,value,std,low,high,verdict"));
        int epochRows = 0, armRows = 0, comparisonRows = 0;
        for (const QStringList &row : rows.mid(1)) {
            QCOMPARE(row.size(), 12);
            QCOMPARE(row[6], QStringLiteral("accuracy"));
            const auto arm = std::find_if(result.arms.begin(), result.arms.end(),
                                          [&](const EvaluateArmResult &a) { return QString::fromStdString(a.name) == row[1]; });
            QVERIFY2(arm != result.arms.end(), qPrintable(row[1]));
            QCOMPARE(row[2], QString::fromLatin1(toString(arm->kind)));
            if (row[0] == QStringLiteral("epoch")) {
                ++epochRows;
                QCOMPARE(row[4], QStringLiteral("7"));
                QCOMPARE(row[7].toDouble(), arm->curves.at(0).at(size_t(row[5].toInt() - 1)));
            } else if (row[0] == QStringLiteral("arm")) {
                ++armRows;
                QCOMPARE(row[7].toDouble(), arm->stats.mean);
            } else {
                QCOMPARE(row[0], QStringLiteral("comparison"));
                const int baseline = 1 + comparisonRows++;
                QCOMPARE(row[3], QString::fromStdString(result.arms[size_t(baseline)].name));
                QCOMPARE(row[7].toDouble(), arm->scores[0] - result.arms[size_t(baseline)].scores[0]);
                QCOMPARE(row[11], QStringLiteral("no-interval"));
            }
        }
        QCOMPARE(epochRows, 6);
        QCOMPARE(armRows, 3);
        QCOMPARE(comparisonRows, 2);
        const QString pngPath = tmp.filePath(QStringLiteral("report.png"));
        QCOMPARE(EvaluateDialog::plotPathFor(csvPath), pngPath);
        QVERIFY(QFileInfo(pngPath).size() > 0);
        const QImage png(pngPath);
        QVERIFY(!png.isNull() && png.width() > 100 && png.height() > 100);
        // Save Report… with a name typed bare: the report gets its .csv, as every save of the app.
        testsupport::whenNextModalOpens<QFileDialog>([this](QFileDialog *dialog) {
            dialog->setDirectory(tmp.path());
            dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(QStringLiteral("bare-report"));
            static_cast<QDialog *>(dialog)->accept(); // as the Save button does
        });
        dialog.saveReportButton()->click();
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("bare-report.csv"))).size() > 0);
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("bare-report.png"))).size() > 0);
        // A PNG of the report's name but no CSV: the file dialog asks about the CSV only, the
        // dialog about the plot, and No leaves both as they were.
        const QString otherPng = tmp.filePath(QStringLiteral("other-report.png"));
        QVERIFY(writeFile(otherPng, "mine"));
        const auto saveAsOther = [this] {
            testsupport::whenNextModalOpens<QFileDialog>([this](QFileDialog *dialog) {
                dialog->setDirectory(tmp.path());
                dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(QStringLiteral("other-report.csv"));
                static_cast<QDialog *>(dialog)->accept();
            });
        };
        QString question;
        saveAsOther();
        testsupport::answerNextMessageBox(QMessageBox::No, &question);
        dialog.saveReportButton()->click();
        QVERIFY2(question.contains(QDir::toNativeSeparators(otherPng)), qPrintable(question));
        QCOMPARE(QFileInfo(otherPng).size(), 4);
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("other-report.csv"))));
        saveAsOther();
        testsupport::answerNextMessageBox(QMessageBox::Yes);
        dialog.saveReportButton()->click();
        QVERIFY(QImage(otherPng).width() > 100);
        QVERIFY(QFileInfo(tmp.filePath(QStringLiteral("other-report.csv"))).size() > 0);
        qInfo("policy accuracy %.4f, none %.4f, flip-shift %.4f", result.arms[0].stats.mean, result.arms[1].stats.mean,
              result.arms[2].stats.mean);
    }

    void repeatsShowEachRunAndTheSpread()
    {
        // The same policy from two folders: told apart by folder, and scored exactly alike.
        const QString copyFolder = tmp.filePath(QStringLiteral("copy"));
        QVERIFY(QDir().mkpath(copyFolder));
        const QString copy = copyFolder + QStringLiteral("/augstudio.json");
        QVERIFY(QFile::exists(copy) || QFile::copy(kPolicy, copy));
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.addPolicyPath(copy);
        dialog.repeatsBox()->setValue(2);
        dialog.setCheckedBaselines({QStringLiteral("none")});
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QVERIFY2(dialog.message()->text().startsWith(QStringLiteral("Only 30 held-out images")),
                 qPrintable(dialog.message()->text()));
        const QTableWidget *table = dialog.resultTable();
        QCOMPARE(table->rowCount(), 3 + 2);
        QCOMPARE(table->columnCount(), 4 + 2 + 2);
        QVERIFY(table->horizontalHeaderItem(4)->text().contains(QStringLiteral("7")));
        QVERIFY(table->horizontalHeaderItem(5)->text().contains(QStringLiteral("8")));
        QCOMPARE(text(table, 0, 0), QStringLiteral("policies/augstudio.json"));
        QCOMPARE(text(table, 1, 0), QStringLiteral("copy/augstudio.json"));
        QCOMPARE(text(table, 2, 0), QStringLiteral("none"));
        for (int row = 0; row < 3; ++row) {
            const double a = shown(table, row, 4), b = shown(table, row, 5);
            QVERIFY(isScore(a) && isScore(b));
            QVERIFY(std::abs(shown(table, row, 2) - (a + b) / 2) < 1.5e-4);
            QVERIFY(std::abs(shown(table, row, 3) - std::abs(a - b) / std::sqrt(2.0)) < 1.5e-4);
        }
        for (int column = 2; column < 6; ++column)
            QCOMPARE(text(table, 1, column), text(table, 0, column));
        // Two seeds: each comparison has an interval, and on 30 held-out images no better arm.
        const QStringList verdicts{
            QStringLiteral("no measurable difference"),
            QStringLiteral("inconclusive: the interval includes 0 but is too wide to rule out a difference of a few "
                           "points (set more Repeats)"),
            QStringLiteral("no measurable difference (the seeds agree to within one held-out image: run more repeats or "
                           "more held-out images)"),
            QStringLiteral("no verdict: the policy scored higher on these 30 held-out images, too few to call it better"),
            QStringLiteral("no verdict: the baseline scored higher on these 30 held-out images, too few to call it better")};
        for (int row = 3; row < 5; ++row) {
            QVERIFY2(text(table, row, 6).startsWith(QLatin1Char('[')), qPrintable(text(table, row, 6)));
            QVERIFY2(verdicts.contains(text(table, row, 7)), qPrintable(text(table, row, 7)));
        }
        QVERIFY(table->wordWrap());
        // The plot shows the mean over both runs.
        const EvaluateResult &result = *dialog.lastResult();
        QCOMPARE(result.runCount(), 2);
        QCustomPlot *plot = dialog.plot()->customPlot();
        QCOMPARE(plot->graphCount(), 3);
        for (int arm = 0; arm < 3; ++arm) {
            const auto &curves = result.arms[size_t(arm)].curves;
            QCOMPARE(plot->graph(arm)->dataCount(), 1);
            QVERIFY(std::abs(plot->graph(arm)->data()->at(0)->value - (curves[0][0] + curves[1][0]) / 2) < 1e-12);
        }
    }

    void theDatasetsWarningsAndShortCountsAreShown()
    {
        // Split folders train/ and val/ of class folders (train/ trained on, val/ held out), and
        // more training images than there are: the dialog says both, in the words the CLI prints.
        const QString split = tmp.filePath(QStringLiteral("split"));
        testsupport::makeImageFolderDataset((split + QStringLiteral("/train")).toStdString(), 2, 10, 32);
        testsupport::makeImageFolderDataset((split + QStringLiteral("/val")).toStdString(), 2, 10, 32);
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        DatasetConfig data;
        data.root = split.toStdString();
        dialog.setDataset(data);
        dialog.trainImagesBox()->setValue(5000);
        dialog.heldOutImagesBox()->setValue(10);
        dialog.setCheckedBaselines({QStringLiteral("none")});
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QVERIFY(dialog.lastResult().has_value());
        const EvaluateResult &result = *dialog.lastResult();
        QCOMPARE(result.trainImages, 20); // all of train/, val/ held out
        QCOMPARE(dialog.message()->level(), InlineMessage::Warning);
        const QStringList lines = dialog.message()->text().split(QLatin1Char('\n'));
        QVERIFY2(lines.contains(sentence(splitWarning(result, true, true))) && lines.contains(sentence(result.warnings.at(0)))
                     && result.warnings.at(0).find("named as the parts of a split dataset") != std::string::npos,
                 qPrintable(dialog.message()->text()));
        QVERIFY2(dialog.message()->text().contains(QStringLiteral("training on 20 of the 5000 asked for")),
                 qPrintable(dialog.message()->text()));
    }

    void missingPolicyIsNamedInline()
    {
        EvaluateDialog dialog;
        prepare(dialog, tmp.filePath(QStringLiteral("no-such-policy.json")));
        QVERIFY(!dialog.run());
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.message()->level(), InlineMessage::Error);
        QVERIFY2(dialog.message()->text().contains(QStringLiteral("no-such-policy.json")),
                 qPrintable(dialog.message()->text()));
        // A second policy is checked as well.
        EvaluateDialog two;
        prepare(two, kPolicy);
        two.addPolicyPath(tmp.filePath(QStringLiteral("second-missing.json")));
        QVERIFY(!two.run());
        QVERIFY2(two.message()->text().contains(QStringLiteral("second-missing.json")),
                 qPrintable(two.message()->text()));
    }

    void brokenPolicyIsNamedInline()
    {
        const QString path = tmp.filePath(QStringLiteral("broken-policy.json"));
        QVERIFY(writeFile(path, R"({"__version__": "1.3.1", "transform": {"__class_fullname__": "Compose", "p": 1.0,
            "transforms": [{"__class_fullname__": "Frobnicate", "p": 0.5}]}})"));
        EvaluateDialog dialog;
        prepare(dialog, path);
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QCOMPARE(dialog.message()->level(), InlineMessage::Error);
        const QString text = dialog.message()->text();
        QVERIFY2(text.contains(QStringLiteral("broken-policy.json")) && text.contains(QStringLiteral("Frobnicate")),
                 qPrintable(text));
        QCOMPARE(dialog.resultTable()->rowCount(), 0);
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY(!dialog.saveReportButton()->isEnabled());
        // No legend of arms that never ran.
        QCOMPARE(dialog.plot()->customPlot()->graphCount(), 0);
        QVERIFY(!dialog.plot()->customPlot()->legend->visible());
    }

    void aFailureIsScrolledIntoView()
    {
        const QString path = tmp.filePath(QStringLiteral("broken-policy-2.json"));
        QVERIFY(writeFile(path, "{ not json"));
        EvaluateDialog dialog;
        prepare(dialog, path);
        dialog.resize(700, 300); // short: the dialog scrolls
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QScrollBar *bar = dialog.scrollArea()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        bar->setValue(bar->maximum());
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QCOMPARE(dialog.message()->level(), InlineMessage::Error);
        QTRY_COMPARE(bar->value(), 0); // the banner is at the top
    }

    void aFinishedRunReadsAtTheDefaultSize()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.setCheckedBaselines({QStringLiteral("none"), QStringLiteral("trivial-augment")});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QTableWidget *table = dialog.resultTable();
        QVERIFY(!table->tabKeyNavigation()); // one Tab stop, not one per cell
        // Plural forms, not "1 epoch(s)".
        QString summary;
        for (const QLabel *label : dialog.findChildren<QLabel *>())
            if (label->text().contains(QStringLiteral(" · ")))
                summary = label->text();
        QVERIFY2(summary.contains(QStringLiteral("60 training and 30 held-out images"))
                     && summary.contains(QStringLiteral(" · 1 epoch · ")),
                 qPrintable(summary));
        const int verdict = table->columnCount() - 1;
        const int line = table->fontMetrics().height();
        const auto tallest = [table] {
            int height = 0;
            for (int row = 0; row < table->rowCount(); ++row)
                height = std::max(height, table->rowHeight(row));
            return height;
        };
        // At the default size the verdicts read in a few lines (a 50 px column made rows 130 px).
        QTRY_VERIFY(table->columnWidth(verdict) >= 30 * table->fontMetrics().averageCharWidth());
        QVERIFY2(tallest() <= 4 * line, qPrintable(QString::number(tallest())));
        const int wide = tallest();
        const int width = dialog.width();
        // Narrower, the verdict keeps its readable width (the table scrolls sideways) and the
        // rows grow as it wraps; wider again, they shrink back.
        const int viewportWidth = table->viewport()->width();
        dialog.resize(640, dialog.height());
        QTRY_VERIFY(table->viewport()->width() < viewportWidth);
        QTRY_VERIFY(tallest() >= wide);
        QVERIFY(table->columnWidth(verdict) >= 30 * table->fontMetrics().averageCharWidth());
        dialog.resize(width, dialog.height());
        QTRY_COMPARE(tallest(), wide);
    }

    void theEmptyPlotUsesTheWholeWidth()
    {
        // Before a run, with no arm and so no legend entry, the axes still span the plot.
        EvaluateDialog dialog;
        dialog.resize(900, 700);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QCustomPlot *plot = dialog.plot()->customPlot();
        QTRY_VERIFY2(plot->axisRect()->width() > plot->width() / 2,
                     qPrintable(QStringLiteral("axes %1 px of %2").arg(plot->axisRect()->width()).arg(plot->width())));
    }

    void cancelStopsTheRun()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.epochsBox()->setValue(200);
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        // Cancel once the first arm's curve has a point: a run cut short leaves no curve.
        QCustomPlot *plot = dialog.plot()->customPlot();
        QTRY_VERIFY_WITH_TIMEOUT(plot->graphCount() > 0 && plot->graph(0)->dataCount() > 0, 60000);
        dialog.cancelButton()->click();
        QVERIFY(dialog.worker()->isCancelling());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(ended.wait(60000));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.resultTable()->rowCount(), 0);
        for (int arm = 0; arm < plot->graphCount(); ++arm)
            QCOMPARE(plot->graph(arm)->dataCount(), 0);
        QCOMPARE(dialog.message()->level(), InlineMessage::Warning);
        QVERIFY2(dialog.message()->text().contains(QStringLiteral("nothing to compare")),
                 qPrintable(dialog.message()->text()));
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY(!dialog.lastResult().has_value());
        QVERIFY(!dialog.saveReportButton()->isEnabled());
        QVERIFY(!dialog.saveReport(tmp.filePath(QStringLiteral("cancelled.csv"))));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("cancelled.csv"))));
    }

    void anErrorAfterFinishedRunsShowsThem()
    {
        // The worker: an image the policy cannot transform, drawn rarely (as test_evaluate's
        // anErrorKeepsTheRunsThatFinished, whose seed lets run 1 finish), stops the runs; the
        // finished ones come with the error instead of being lost.
        const QString classes = tmp.filePath(QStringLiteral("classes-80"));
        testsupport::makeImageFolderDataset(classes.toStdString(), 3, 80, 32);
        const QString holes = tmp.filePath(QStringLiteral("hole-too-large.json"));
        QVERIFY(writeFile(holes, R"({"__version__": "1.3.1", "transform": {
            "__class_fullname__": "albumentations.core.composition.Compose", "additional_targets": {},
            "bbox_params": null, "keypoint_params": null, "p": 1.0, "transforms": [{
            "__class_fullname__": "albumentations.augmentations.dropout.coarse_dropout.CoarseDropout",
            "always_apply": false, "p": 0.01, "max_holes": 1, "min_holes": 1, "max_height": 40, "min_height": 40,
            "max_width": 40, "min_width": 40, "fill_value": 0}]}})"));
        EvaluateOptions options;
        options.policyPath = holes.toStdString();
        options.baselineNames = {"none"};
        options.data.dataset.root = classes.toStdString();
        options.epochs = 1;
        options.trainImages = 60;
        options.heldOutImages = 20;
        options.batchSize = 32;
        options.threads = 2;
        options.repeats = 20;
        EvaluateWorker worker;
        QSignalSpy stopped(&worker, &EvaluateWorker::stoppedByError);
        QSignalSpy failed(&worker, &EvaluateWorker::failed);
        QVERIFY(worker.start(options));
        QTRY_VERIFY_WITH_TIMEOUT(stopped.count() + failed.count() == 1, 120000);
        QCOMPARE(stopped.count(), 1);
        const auto partial = stopped.at(0).at(0).value<EvaluateResult>();
        QVERIFY(partial.cancelled);
        QVERIFY(partial.runCount() >= 1 && partial.runCount() < 20);
        QVERIFY2(stopped.at(0).at(1).toString().contains(QStringLiteral("CoarseDropout")),
                 qPrintable(stopped.at(0).at(1).toString()));

        // The dialog shows such runs as it shows a stop's, with the error as an error.
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.repeatsBox()->setValue(3);
        dialog.setCheckedBaselines({QStringLiteral("none")});
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(120000));
        EvaluateResult finished = *dialog.lastResult();
        finished.cancelled = true;
        emit dialog.worker()->stoppedByError(finished, QStringLiteral("b/7.png: CoarseDropout: a hole does not fit"));
        QCOMPARE(dialog.message()->level(), InlineMessage::Error);
        const QString said = dialog.message()->text();
        QVERIFY2(said.contains(QStringLiteral("after 3 of 3 runs")) && said.contains(QStringLiteral("b/7.png")),
                 qPrintable(said));
        QCOMPARE(dialog.resultTable()->rowCount(), 2 + 1);
        QCOMPARE(dialog.statusLabel()->text(), QStringLiteral("Stopped by an error."));
        QVERIFY(dialog.saveReportButton()->isEnabled());
    }

    void closingAsksThenCancelsTheRun()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.epochsBox()->setValue(200);
        dialog.show();
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        // Cancel: the dialog stays and the evaluation goes on.
        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!dialog.close());
        QVERIFY2(question.contains(QStringLiteral("No run has finished yet")), qPrintable(question));
        QVERIFY(dialog.isVisible());
        QVERIFY(dialog.isRunning() && !dialog.worker()->isCancelling());
        // Esc asks the same.
        testsupport::answerNextMessageBox(QMessageBox::Cancel);
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QVERIFY(dialog.isVisible());
        QVERIFY(!dialog.worker()->isCancelling());
        // Yes: cancelled, and closed.
        testsupport::answerNextMessageBox(QMessageBox::Yes);
        QVERIFY(dialog.close());
        QVERIFY(!dialog.isVisible());
        QVERIFY(dialog.worker()->isCancelling());
        QVERIFY(ended.wait(60000));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.resultTable()->rowCount(), 0);
    }

    void quittingAsksAboutARunningEvaluation()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *dialog = new EvaluateDialog(&window);
        prepare(*dialog, kPolicy);
        dialog->epochsBox()->setValue(200);
        QVERIFY(dialog->run());
        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!window.close());
        QVERIFY2(question.contains(QStringLiteral("runs finished so far are lost")), qPrintable(question));
        QVERIFY(window.isVisible());
        QVERIFY(dialog->isRunning() && !dialog->worker()->isCancelling());
        testsupport::answerNextMessageBox(QMessageBox::Yes);
        QVERIFY(window.close());
        QVERIFY(dialog->worker()->isCancelling());
    }

    void theWheelPassesAnUnfocusedSpinBoxOn()
    {
        // A wheel turned over the scrolling dialog changed the field under the pointer; now an
        // unfocused spin box leaves the event to its parents, the scroll area among them.
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QSpinBox *epochs = dialog.epochsBox();
        QCOMPARE(epochs->focusPolicy(), Qt::StrongFocus);
        const auto turn = [epochs] {
            const QPointF centre = epochs->rect().center();
            QWheelEvent wheel(centre, epochs->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(epochs, &wheel);
            return wheel.isAccepted();
        };
        QVERIFY(!turn());
        QCOMPARE(epochs->value(), 1);
        // Once focused, the wheel is the field's.
        epochs->setFocus();
        QTRY_VERIFY(epochs->hasFocus());
        QVERIFY(turn());
        QCOMPARE(epochs->value(), 2);
    }

    void menuOpensWithTheSelectedPolicyAndDataset()
    {
        const QString search = tmp.filePath(QStringLiteral("search"));
        QVERIFY(QDir().mkpath(QFileInfo(policyFile(search, 1)).path()));
        QVERIFY(writeFile(testsupport::searchFiles(search).config,
                          "data:\n  dataset:\n    root: " + dataset.toUtf8() + "\n    layout: image_folder\n"));
        for (int epoch : {1, 2})
            QVERIFY(QFile::copy(kPolicy, policyFile(search, epoch)));

        MainWindow window;
        QVERIFY(window.openSearchFolder(search));
        QCOMPARE(window.selectedEpoch(), 2);
        QAction *action = window.actions()->evaluatePolicy;
        QVERIFY(action->isEnabled());
        action->trigger();
        auto *dialog = window.findChild<EvaluateDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->policyPath(), policyFile(search, 2));
        QCOMPARE(dialog->datasetFolder(), dataset);
        QCOMPARE(dialog->options().data.dataset.layout, std::string("image_folder"));

        // What the user changed stays: another policy file listed, another dataset typed.
        dialog->addPolicyPath(kPolicy);
        const QString typed = tmp.filePath(QStringLiteral("typed"));
        dialog->datasetEdit()->setText(typed);

        // Another epoch, opened again: the same dialog, with that epoch's policy added.
        dialog->close();
        window.selectEpoch(1);
        action->trigger();
        QCOMPARE(window.findChildren<EvaluateDialog *>().size(), 1);
        QCOMPARE(dialog->policyPaths(), QStringList({policyFile(search, 2), kPolicy, policyFile(search, 1)}));
        QCOMPARE(dialog->datasetFolder(), typed);
        QVERIFY(dialog->isVisible());

        // Opened once more on the same epoch: listed already, not twice.
        dialog->close();
        action->trigger();
        QCOMPARE(dialog->policyPaths(), QStringList({policyFile(search, 2), kPolicy, policyFile(search, 1)}));
    }
};

QTEST_MAIN(TestUiEvaluate)
#include "test_ui_evaluate.moc"
