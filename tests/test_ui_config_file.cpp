// The user's own search.yaml through the config panel: a form edit changes the edited key
// and keeps the rest of their text, saving writes that text (with its relative paths still
// naming the same folders), and the panel knows when there is something to save.

#include "AppActions.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "OperationsTable.h"
#include "DatasetScanner.h"
#include "MainWindow.h"
#include "config/ConfigLoader.h"
#include "ops/OperationCatalog.h"
#include "testsupport/MessageBoxes.h"
#include "testsupport/TestSupport.h"

#include <QAction>

#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTextDocument>
#include <QtTest>

#include <fstream>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

void writeText(const QString &path, const std::string &text)
{
    std::ofstream(path.toStdString()) << text;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// An AutoAlbument-style file: a Hydra section, a Python class, comments and a relative root.
const char *const kUserFile = "# @package _global_\n"
                              "# Searched every night on the lab machine.\n"
                              "hydra:\n"
                              "  run:\n"
                              "    dir: outputs\n"
                              "task: classification\n"
                              "data:\n"
                              "  dataset:\n"
                              "    _target_: dataset.SearchDataset  # ours, in dataset.py\n"
                              "    root: images\n"
                              "  dataloader:\n"
                              "    batch_size: 32  # what fits on the 8 GB card\n"
                              "optim:\n"
                              "  main:\n"
                              "    lr: 1e-3\n"
                              "trainer:\n"
                              "  max_epochs: 4\n";

// An edit, then Save Config on a search folder's config.yaml ("max_epochs: 2"): a file
// dialog asks where (cancelled here), and the record stays as the search wrote it.
void saveConfigLeavesTheRecord(MainWindow &window, const QString &search)
{
    window.configPanel()->form()->epochsBox()->setValue(30);
    QString title;
    testsupport::cancelNextDialog(&title);
    window.actions()->saveConfig->trigger();
    QVERIFY2(!title.isEmpty(), "no file dialog");
    QCOMPARE(readText(search + QStringLiteral("/config.yaml")), QStringLiteral("trainer:\n  max_epochs: 2\n"));
}

} // namespace

class TestUiConfigFile : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("project/images")));
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("elsewhere")));
    }

    void formEditChangesOnlyItsKey()
    {
        const QString file = tmp.filePath(QStringLiteral("project/search.yaml"));
        writeText(file, kUserFile);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        QVERIFY(!panel.isModified());
        panel.form()->epochsBox()->setValue(9);
        const QString expected = QString::fromLatin1(kUserFile).replace(QStringLiteral("max_epochs: 4"),
                                                                         QStringLiteral("max_epochs: 9"));
        QCOMPARE(panel.yamlEditor()->toPlainText(), expected);
        // The Hydra section and the Python class are still there, so still noted.
        QVERIFY2(panel.messageText().contains(QLatin1String("hydra")), qPrintable(panel.messageText()));
    }

    void saveWritesTheTextAndClearsModified()
    {
        const QString file = tmp.filePath(QStringLiteral("project/search.yaml"));
        writeText(file, kUserFile);
        ConfigPanel panel;
        QSignalSpy modified(&panel, &ConfigPanel::modifiedChanged);
        QVERIFY(panel.loadFile(file));
        QCOMPARE(panel.filePath(), QFileInfo(file).absoluteFilePath());
        panel.form()->batchSizeBox()->setValue(64);
        QVERIFY(panel.isModified());
        QCOMPARE(modified.count(), 1);
        QString error;
        QVERIFY2(panel.saveFile(file, &error), qPrintable(error));
        QVERIFY(!panel.isModified());
        QCOMPARE(readText(file), QString::fromLatin1(kUserFile).replace(QStringLiteral("batch_size: 32"),
                                                                        QStringLiteral("batch_size: 64")));
        QVERIFY(loadConfigFile(file.toStdString()).config == panel.config());
    }

    void yamlTypingIsAChangeToSave()
    {
        const QString file = tmp.filePath(QStringLiteral("project/search.yaml"));
        writeText(file, kUserFile);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        panel.yamlEditor()->moveCursor(QTextCursor::End);
        panel.yamlEditor()->insertPlainText(QStringLiteral("# a note of mine\n"));
        QVERIFY(panel.isModified());
        QString error;
        QVERIFY2(panel.saveFile(file, &error), qPrintable(error));
        QVERIFY(readText(file).endsWith(QLatin1String("  max_epochs: 4\n# a note of mine\n")));
    }

    void savedElsewhereTheRootStillNamesTheSameFolder()
    {
        const QString file = tmp.filePath(QStringLiteral("project/search.yaml"));
        writeText(file, kUserFile);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        const std::string root = panel.config().data.dataset.root;
        const QString copy = tmp.filePath(QStringLiteral("elsewhere/search.yaml"));
        QString error;
        QVERIFY2(panel.saveFile(copy, &error), qPrintable(error));
        QCOMPARE(loadConfigFile(copy.toStdString()).config.data.dataset.root, root);
        const QString text = readText(copy);
        QVERIFY2(text.contains(QLatin1String("# Searched every night")) && text.contains(QLatin1String("lr: 1e-3")),
                 qPrintable(text));
        QCOMPARE(panel.filePath(), QFileInfo(copy).absoluteFilePath());
    }

    void savedElsewhereTheEncoderWeightsStillNameTheSameFile()
    {
        const QString file = tmp.filePath(QStringLiteral("project/seg.yaml"));
        writeText(file, "task: semantic_segmentation\nsemantic_segmentation_model:\n"
                        "  encoder_weights: weights/resnet18.pth  # smp's key\n");
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        const std::string weights = panel.config().segmentationModel.weightsPath;
        QVERIFY(QString::fromStdString(weights).endsWith(QLatin1String("project/weights/resnet18.pth")));
        const QString copy = tmp.filePath(QStringLiteral("elsewhere/seg.yaml"));
        QString error;
        QVERIFY2(panel.saveFile(copy, &error), qPrintable(error));
        QCOMPARE(loadConfigFile(copy.toStdString()).config.segmentationModel.weightsPath, weights);
        const QString text = readText(copy);
        QVERIFY2(text.contains(QLatin1String("# smp's key")) && !text.contains(QLatin1String(" weights:")),
                 qPrintable(text));
    }

    void lineEndingsAndByteOrderMarkStay_data()
    {
        QTest::addColumn<QByteArray>("original");
        QTest::newRow("windows") << QByteArray("\xEF\xBB\xBF# from a Windows editor\r\ntrainer:\r\n  max_epochs: 4\r\n");
        QTest::newRow("old mac") << QByteArray("# from an old Mac editor\rtrainer:\r  max_epochs: 4\r");
    }

    void lineEndingsAndByteOrderMarkStay()
    {
        QFETCH(QByteArray, original);
        const QString file = tmp.filePath(QStringLiteral("project/line-ends.yaml"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly) && out.write(original) == original.size());
        out.close();
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        QCOMPARE(panel.config().trainer.maxEpochs, 4);
        panel.form()->epochsBox()->setValue(6);
        QString error;
        QVERIFY2(panel.saveFile(file, &error), qPrintable(error));
        QFile in(file);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QCOMPARE(in.readAll(), QByteArray(original).replace("max_epochs: 4", "max_epochs: 6"));
    }

    void aReadOnlyFileIsNotReplaced()
    {
        const QString file = tmp.filePath(QStringLiteral("project/locked.yaml"));
        writeText(file, kUserFile);
        QVERIFY(QFile::setPermissions(file, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        panel.form()->epochsBox()->setValue(6);
        QString error;
        QVERIFY(!panel.saveFile(file, &error));
        QVERIFY2(error.contains(QLatin1String("read-only")), qPrintable(error));
        QCOMPARE(readText(file), QString::fromLatin1(kUserFile));
        QVERIFY(panel.isModified());
    }

    void aFileChangedElsewhereIsNotOverwrittenUnasked()
    {
        const QString file = tmp.filePath(QStringLiteral("project/shared.yaml"));
        writeText(file, kUserFile);
        MainWindow window;
        QVERIFY(window.openConfig(file));
        QVERIFY(!window.configPanel()->fileChangedOnDisk());
        const std::string theirs = std::string(kUserFile) + "seed: 9  # a colleague's\n";
        writeText(file, theirs);
        QVERIFY(window.configPanel()->fileChangedOnDisk());
        window.configPanel()->form()->epochsBox()->setValue(6);

        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        window.actions()->saveConfig->trigger();
        QVERIFY2(question.contains(QLatin1String("changed by another program")), qPrintable(question));
        QCOMPARE(readText(file), QString::fromStdString(theirs));
        QVERIFY(window.isWindowModified());

        testsupport::answerNextMessageBox(QMessageBox::Yes);
        window.actions()->saveConfig->trigger();
        QVERIFY(readText(file).contains(QLatin1String("max_epochs: 6")));
        QVERIFY(!window.isWindowModified());
    }

    void openingASearchFolderAsksFirst()
    {
        // A search folder's config replaces the one in the app: unsaved changes are asked for.
        const QString file = tmp.filePath(QStringLiteral("project/before-search.yaml"));
        writeText(file, kUserFile);
        const QString search = tmp.filePath(QStringLiteral("a-search"));
        QVERIFY(QDir().mkpath(search));
        writeText(search + QStringLiteral("/config.yaml"), "trainer:\n  max_epochs: 2\n");
        MainWindow window;
        QVERIFY(window.openConfig(file));
        window.configPanel()->form()->epochsBox()->setValue(9);
        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!window.openSearchFolder(search));
        QVERIFY(!question.isEmpty());
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 9);
        testsupport::answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window.openSearchFolder(search));
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 2);

        // Its config.yaml is the search's record: Save Config asks for a file of its own.
        saveConfigLeavesTheRecord(window, search);
    }

    void aSearchRecordStaysOneAfterARestart()
    {
        // The last config, reopened at the next start as a plain file: a search folder's
        // config.yaml was then overwritten by Save Config.
        const QString search = tmp.filePath(QStringLiteral("a-finished-search"));
        QVERIFY(QDir().mkpath(search + QStringLiteral("/policy")));
        writeText(search + QStringLiteral("/config.yaml"), "trainer:\n  max_epochs: 2\n");
        writeText(search + QStringLiteral("/policy/epoch_1.json"), "{}\n");
        QSettings().setValue(QStringLiteral("config/lastFile"), search + QStringLiteral("/config.yaml"));
        MainWindow window;
        window.restoreLastSession();
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 2);
        saveConfigLeavesTheRecord(window, search);
        testsupport::answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window.close());
    }

    void aSearchRecordThatDoesNotReadIsStillSavedElsewhere()
    {
        // Opened with an error, mended in the YAML tab, then Save Config: it was written into
        // the search's folder, as the flag of a record was set only for a file that read.
        const QString search = tmp.filePath(QStringLiteral("a-search-with-a-bad-record"));
        QVERIFY(QDir().mkpath(search + QStringLiteral("/policy")));
        const QString record = search + QStringLiteral("/config.yaml");
        writeText(record, "trainer:\n  max_epochs: forty\n");
        writeText(search + QStringLiteral("/policy/epoch_1.json"), "{}\n");
        MainWindow window;
        QVERIFY(!window.openConfig(record));
        window.configPanel()->yamlEditor()->setPlainText(QStringLiteral("trainer:\n  max_epochs: 40\n"));
        QTRY_COMPARE(window.configPanel()->config().trainer.maxEpochs, 40);
        QString title;
        testsupport::cancelNextDialog(&title);
        window.actions()->saveConfig->trigger();
        QVERIFY2(!title.isEmpty(), "no file dialog");
        QCOMPARE(readText(record), QStringLiteral("trainer:\n  max_epochs: forty\n"));
        testsupport::answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window.close());
    }

    void aConfigMendedInTheTextScansItsDataset()
    {
        // Opened with an error, its dataset was never scanned nor the search timed, also after
        // the YAML tab had mended it.
        const QString dataset = tmp.filePath(QStringLiteral("mended-dataset"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 2, 6, 16);
        const QString file = tmp.filePath(QStringLiteral("project/mend-me.yaml"));
        const std::string good = "data:\n  dataset:\n    root: " + dataset.toStdString() + "\n";
        writeText(file, good + "trainer:\n  max_epochs: forty\n");
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(!window.openConfig(file));
        QTest::qWait(200);
        QCOMPARE(scanned.count(), 0);
        window.configPanel()->yamlEditor()->setPlainText(QString::fromStdString(good + "trainer:\n  max_epochs: 4\n"));
        QVERIFY(scanned.wait(30000));
        QVERIFY(scanned.at(0).at(0).value<DatasetScanResult>().ok);
        testsupport::answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window.close());
    }

    void anErrorBelowTheFirstLinesIsShownInTheText()
    {
        std::string text = "# a long file\n";
        for (int i = 0; i < 80; ++i)
            text += "# line " + std::to_string(i) + "\n";
        text += "trainer:\n  max_epochs: forty\n";
        const QString file = tmp.filePath(QStringLiteral("project/long-with-error.yaml"));
        writeText(file, text);
        ConfigPanel panel;
        panel.resize(500, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.loadFile(file));
        QPlainTextEdit *editor = panel.yamlEditor();
        QCOMPARE(editor->textCursor().blockNumber() + 1, 83); // the line of max_epochs
        QVERIFY(editor->verticalScrollBar()->value() > 0);
        QVERIFY(editor->cursorRect().top() >= 0 && editor->cursorRect().bottom() <= editor->viewport()->height());
    }

    void aFormEditCanBeUndoneInTheText()
    {
        // The text was set anew on a form edit, which emptied the editor's undo history.
        const QString file = tmp.filePath(QStringLiteral("project/undo.yaml"));
        writeText(file, kUserFile);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        panel.form()->epochsBox()->setValue(9);
        QVERIFY(panel.yamlEditor()->toPlainText().contains(QLatin1String("max_epochs: 9")));
        QVERIFY(panel.yamlEditor()->document()->isUndoAvailable());
        panel.yamlEditor()->undo();
        QCOMPARE(panel.yamlEditor()->toPlainText(), QString::fromLatin1(kUserFile));
        QTRY_COMPARE(panel.config().trainer.maxEpochs, 4);
    }

    void theUsersOperationsListStaysTheirs()
    {
        // Written out in full, and with a range equal to the default: a range edit elsewhere
        // changes that one item, and setting it back does not make the list "the defaults".
        std::string text = "policy_model:\n  operations:  # all of them, tuned\n";
        for (const OperationConfig &operation : defaultOperations(3)) {
            text += "    - _target_: " + operation.name + "\n";
            for (const auto &[key, value] : operation.args)
                text += "      " + key + ": " + (value != 0.0 ? "true" : "false") + "\n";
            if (operation.name == "Solarize")
                text += "      value_range: [0, 1]  # full\n";
        }
        const QString file = tmp.filePath(QStringLiteral("project/operations.yaml"));
        writeText(file, text);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        OperationsTable *table = panel.form()->operationsTable();
        const int rotate = table->rowOf(QStringLiteral("Rotate"));
        QVERIFY(rotate >= 0);
        table->item(rotate, OperationsTable::HighColumn)->setData(Qt::EditRole, 30.0);
        QString edited = panel.yamlEditor()->toPlainText();
        QVERIFY2(edited.contains(QLatin1String("value_range: [0, 1]  # full")), qPrintable(edited));
        QVERIFY2(edited.contains(QLatin1String("value_range: [-180, 30]")), qPrintable(edited));
        table->item(rotate, OperationsTable::HighColumn)->setData(Qt::EditRole, 180.0);
        edited = panel.yamlEditor()->toPlainText();
        QVERIFY2(edited.contains(QLatin1String("# all of them, tuned")) && edited.contains(QLatin1String("_target_: Rotate"))
                     && edited.contains(QLatin1String("value_range: [0, 1]  # full")),
                 qPrintable(edited));
    }

    void loadingAndSettingAreNotChanges()
    {
        ConfigPanel panel;
        QVERIFY(!panel.isModified());
        panel.setConfig(defaultConfig());
        QVERIFY(!panel.isModified());
        QVERIFY(panel.filePath().isEmpty());
        // The app pointing the config at a scanned dataset is not the user's change.
        DatasetConfig dataset;
        dataset.root = tmp.filePath(QStringLiteral("project/images")).toStdString();
        panel.setDataset(dataset, Task::Classification, 3);
        QVERIFY(!panel.isModified());
        // Nor a grey dataset turning colour operations off, nor the preprocessing it suggests.
        const QString file = tmp.filePath(QStringLiteral("project/grey.yaml"));
        writeText(file, kUserFile);
        QVERIFY(panel.loadFile(file));
        panel.setDataset(dataset, Task::Classification, 1);
        panel.suggestPreprocessing({PreprocessingStep{"Resize", {{"height", 32.0}, {"width", 32.0}}, {}, 0}},
                                   QStringLiteral("Images are 28 × 28 px"));
        QVERIFY(!panel.isModified());
        panel.setConfig(defaultConfig());
        SearchConfig smaller = panel.config();
        smaller.trainer.stepsPerEpoch = 10;
        panel.applyConfig(smaller);
        QVERIFY(panel.isModified());
        QCOMPARE(panel.config().trainer.stepsPerEpoch, 10);
    }

    void saveConfigWritesBackToItsFile()
    {
        const QString file = tmp.filePath(QStringLiteral("project/window.yaml"));
        writeText(file, kUserFile);
        MainWindow window;
        QVERIFY(window.openConfig(file));
        QVERIFY(!window.isWindowModified());
        window.configPanel()->form()->epochsBox()->setValue(12);
        QVERIFY(window.isWindowModified());
        window.actions()->saveConfig->trigger();
        QVERIFY(!window.isWindowModified());
        QCOMPARE(readText(file), QString::fromLatin1(kUserFile).replace(QStringLiteral("max_epochs: 4"),
                                                                        QStringLiteral("max_epochs: 12")));
    }

    void saveConfigAsAddsTheSuffixTypedWithout()
    {
        // "mine" saved as a search config is mine.yaml: a file without it is hidden by the
        // Open Config dialog's own filter.
        const QString folder = tmp.filePath(QStringLiteral("suffixless"));
        QVERIFY(QDir().mkpath(folder));
        MainWindow window;
        window.configPanel()->form()->epochsBox()->setValue(7);
        testsupport::whenNextModalOpens<QFileDialog>([folder](QFileDialog *dialog) {
            dialog->setDirectory(folder);
            // Typed: selectFile leaves the name alone while the field has the focus.
            dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"))->setText(QStringLiteral("mine"));
            static_cast<QDialog *>(dialog)->accept(); // as the Save button does
        });
        window.actions()->saveConfigAs->trigger();
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("mine.yaml")});
        QCOMPARE(loadConfigFile((folder + QStringLiteral("/mine.yaml")).toStdString()).config.trainer.maxEpochs, 7);
        QCOMPARE(window.configPanel()->filePath(), folder + QStringLiteral("/mine.yaml"));
    }

    void closingWithUnsavedChangesAsks()
    {
        const QString file = tmp.filePath(QStringLiteral("project/closing.yaml"));
        writeText(file, kUserFile);
        MainWindow window;
        QVERIFY(window.openConfig(file));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.configPanel()->form()->epochsBox()->setValue(5);

        // Cancel: the window stays, the edit with it.
        QString question;
        testsupport::answerNextMessageBox(QMessageBox::Cancel, &question);
        QVERIFY(!window.close());
        QVERIFY2(question.contains(QDir::toNativeSeparators(QFileInfo(file).absoluteFilePath())), qPrintable(question));
        QVERIFY(window.isVisible());
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 5);

        // Save: written to its file, then closed.
        testsupport::answerNextMessageBox(QMessageBox::Save);
        QVERIFY(window.close());
        QVERIFY(readText(file).contains(QLatin1String("  max_epochs: 5\n")));
    }

    void discardedChangesLeaveTheFileAlone()
    {
        const QString file = tmp.filePath(QStringLiteral("project/discard.yaml"));
        writeText(file, kUserFile);
        MainWindow window;
        QVERIFY(window.openConfig(file));
        window.configPanel()->form()->epochsBox()->setValue(8);
        testsupport::answerNextMessageBox(QMessageBox::Discard);
        QVERIFY(window.close());
        QCOMPARE(readText(file), QString::fromLatin1(kUserFile));
    }
};

QTEST_MAIN(TestUiConfigFile)
#include "test_ui_config_file.moc"
