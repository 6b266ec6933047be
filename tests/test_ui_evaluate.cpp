// Search ▸ Evaluate Policy… on a tiny generated dataset: the dialog trains on its worker
// thread, fills the table with both held-out scores and their difference, reports bad
// policies inline by file name, cancels on Cancel and on close, and opens from the menu with
// the selected epoch's policy and the open dataset.

#include "AppActions.h"
#include "AppPaths.h"
#include "EvaluateDialog.h"
#include "EvaluateWorker.h"
#include "InlineMessage.h"
#include "MainWindow.h"
#include "testsupport/TestSupport.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <cmath>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

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

    void optionsFollowTheFields()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.baselineBox()->setCurrentIndex(dialog.baselineBox()->findData(QStringLiteral("none")));
        dialog.repeatsBox()->setValue(3);
        const EvaluateOptions options = dialog.options();
        QCOMPARE(QString::fromStdString(options.policyPath), kPolicy);
        QCOMPARE(QString::fromStdString(options.data.dataset.root), dataset);
        QCOMPARE(options.baseline, EvaluateBaseline::None);
        QCOMPARE(options.epochs, 1);
        QCOMPARE(options.trainImages, 60);
        QCOMPARE(options.heldOutImages, kHeldOut);
        QCOMPARE(options.repeats, 3);
        QCOMPARE(options.seed, std::uint64_t(7));
        QCOMPARE(options.device, std::string("cpu"));
        // Run needs a policy and a dataset.
        QVERIFY(dialog.runButton()->isEnabled());
        dialog.policyEdit()->clear();
        QVERIFY(!dialog.runButton()->isEnabled());
    }

    void runShowsBothScoresAndTheDifference()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.show();
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QSignalSpy progress(dialog.worker(), &EvaluateWorker::progress);
        QVERIFY(dialog.run());
        // Returned at once: the training runs on the worker thread, the fields wait.
        QVERIFY(dialog.isRunning());
        QVERIFY(!dialog.runButton()->isEnabled());
        QVERIFY(dialog.cancelButton()->isEnabled());
        QVERIFY(!dialog.epochsBox()->isEnabled());
        QVERIFY(!dialog.run());
        QVERIFY(ended.wait(60000));
        QVERIFY2(dialog.message()->text().isEmpty(), qPrintable(dialog.message()->text()));
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.runButton()->isEnabled());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(dialog.epochsBox()->isEnabled());
        // 60 images in batches of 64: one batch per arm.
        QCOMPARE(progress.count(), 2);
        QCOMPARE(dialog.progressBar()->value(), dialog.progressBar()->maximum());

        const QTableWidget *table = dialog.resultTable();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnCount(), 3); // mean, std, the one seed
        QVERIFY(table->horizontalHeaderItem(0)->text().contains(QStringLiteral("Accuracy")));
        QVERIFY(table->horizontalHeaderItem(2)->text().contains(QStringLiteral("7")));
        QVERIFY(table->verticalHeaderItem(1)->text().contains(QStringLiteral("flip")));
        const double policy = shown(table, 0, 0);
        const double baseline = shown(table, 1, 0);
        const double difference = shown(table, 2, 0);
        QVERIFY2(isScore(policy) && isScore(baseline),
                 qPrintable(QStringLiteral("policy %1, baseline %2").arg(policy).arg(baseline)));
        QVERIFY2(isFractionOfHeldOut(policy) && isFractionOfHeldOut(baseline),
                 qPrintable(QStringLiteral("policy %1, baseline %2").arg(policy).arg(baseline)));
        QVERIFY2(std::abs(difference - (policy - baseline)) < 1.5e-4,
                 qPrintable(QStringLiteral("%1 − %2 shown as %3").arg(policy).arg(baseline).arg(difference)));
        // One run: its column repeats the mean, and there is no spread to show.
        for (int row = 0; row < 3; ++row)
            QCOMPARE(table->item(row, 2)->text(), table->item(row, 0)->text());
        QVERIFY(std::isnan(shown(table, 0, 1)));
        qInfo("policy accuracy %.4f, flip-shift baseline %.4f, difference %+.4f", policy, baseline, difference);
    }

    void repeatsShowEachRunAndTheSpread()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.repeatsBox()->setValue(2);
        dialog.baselineBox()->setCurrentIndex(dialog.baselineBox()->findData(QStringLiteral("none")));
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(ended.wait(60000));
        QVERIFY2(dialog.message()->text().isEmpty(), qPrintable(dialog.message()->text()));
        const QTableWidget *table = dialog.resultTable();
        QCOMPARE(table->columnCount(), 4);
        QVERIFY(table->horizontalHeaderItem(2)->text().contains(QStringLiteral("7")));
        QVERIFY(table->horizontalHeaderItem(3)->text().contains(QStringLiteral("8")));
        QVERIFY(table->verticalHeaderItem(1)->text().contains(QStringLiteral("none")));
        for (int row = 0; row < 2; ++row) {
            const double a = shown(table, row, 2), b = shown(table, row, 3);
            QVERIFY(isScore(a) && isScore(b));
            QVERIFY(std::abs(shown(table, row, 0) - (a + b) / 2) < 1.5e-4);
            QVERIFY(std::abs(shown(table, row, 1) - std::abs(a - b) / std::sqrt(2.0)) < 1.5e-4);
        }
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
    }

    void cancelStopsTheRun()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.epochsBox()->setValue(200);
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        dialog.cancelButton()->click();
        QVERIFY(dialog.worker()->isCancelling());
        QVERIFY(!dialog.cancelButton()->isEnabled());
        QVERIFY(ended.wait(60000));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.resultTable()->rowCount(), 0);
        QVERIFY(dialog.runButton()->isEnabled());
    }

    void closingCancelsTheRun()
    {
        EvaluateDialog dialog;
        prepare(dialog, kPolicy);
        dialog.epochsBox()->setValue(200);
        dialog.show();
        QSignalSpy ended(&dialog, &EvaluateDialog::evaluationEnded);
        QVERIFY(dialog.run());
        QVERIFY(dialog.close());
        QVERIFY(!dialog.isVisible());
        QVERIFY(dialog.worker()->isCancelling());
        QVERIFY(ended.wait(60000));
        QVERIFY(!dialog.isRunning());
        QCOMPARE(dialog.resultTable()->rowCount(), 0);
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

        // Another epoch, opened again: the same dialog, now with that epoch's policy.
        dialog->close();
        window.selectEpoch(1);
        action->trigger();
        QCOMPARE(window.findChildren<EvaluateDialog *>().size(), 1);
        QCOMPARE(dialog->policyPath(), policyFile(search, 1));
        QVERIFY(dialog->isVisible());
    }
};

QTEST_MAIN(TestUiEvaluate)
#include "test_ui_evaluate.moc"
