// The dataset side of the desktop app: folders dropped on the window are scanned off the
// UI thread and reported; wrong drops and broken folders get a message, never a crash.

#include "AppPaths.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "DatasetPanel.h"
#include "DatasetScanner.h"
#include "ImageSizeField.h"
#include "MainWindow.h"
#include "RecentFiles.h"
#include "SearchController.h"
#include "ThumbnailStrip.h"
#include "config/DefaultConfigs.h"
#include "testsupport/Palettes.h"
#include "testsupport/Drops.h"
#include "testsupport/TestSupport.h"

#include <QAccessible>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QMimeData>
#include <QPushButton>
#include <QScrollArea>
#include <QStatusBar>
#include <QTreeWidget>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace augstudio;
using namespace augstudio::ui;
namespace fs = std::filesystem;

namespace {

using testsupport::dropMime;
using testsupport::dropUrls;
using testsupport::dropPaths;

QDockWidget *datasetDock(MainWindow &window)
{
    return window.findChild<QDockWidget *>(QStringLiteral("datasetDock"));
}

} // namespace

class TestUiDataset : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString shapes;

    QString path(const char *name) const { return tmp.filePath(QString::fromLatin1(name)); }

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QSettings().clear();
        QVERIFY(tmp.isValid());
        shapes = path("shapes");
        testsupport::makeImageFolderDataset(shapes.toStdString(), 3, 5, 32);
    }

    void droppedFolderIsScannedAndShown()
    {
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {shapes}));
        QVERIFY(scanned.wait(20000));
        DatasetPanel *panel = window.datasetPanel();
        QVERIFY2(panel->layoutText().contains(QLatin1String("image_folder")), qPrintable(panel->layoutText()));
        QVERIFY2(panel->imageCountText().contains(QLatin1String("15 images")), qPrintable(panel->imageCountText()));
        QVERIFY(panel->imageCountText().contains(QLatin1String("3 classes")));
        QCOMPARE(panel->classRowCount(), 3);
        QCOMPARE(panel->thumbnailCount(), 8);
        QCOMPARE(panel->problemCount(), 0);
        QVERIFY(panel->messageText().isEmpty());
        // The config now points at the folder, and the folder is a recent dataset.
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), shapes);
        QCOMPARE(window.recentDatasets()->entries().value(0), shapes);
    }

    void droppedFileGetsAMessage()
    {
        const QString file = path("notes.txt");
        std::ofstream(file.toStdString()) << "not a dataset\n";
        MainWindow window;
        QVERIFY(dropPaths(&window, {file}));
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("one dataset folder")),
                 qPrintable(window.datasetPanel()->messageText()));
        QVERIFY(!window.datasetScanner()->isScanning());
        QVERIFY(window.datasetPanel()->layoutText().isEmpty());
    }

    void aDroppedLabelsFileOpensItsFolder()
    {
        // Dropping trainLabels.csv, not the folder that holds it, is a way to say the same.
        const QString root = path("labelled");
        QDir().mkpath(root + QStringLiteral("/train"));
        std::ofstream labels((root + QStringLiteral("/trainLabels.csv")).toStdString());
        labels << "id,label\n";
        for (int i = 0; i < 20; ++i) {
            cv::Mat image(32, 32, CV_8UC3, cv::Scalar(10 * i, 40, 200 - 5 * i));
            QVERIFY(cv::imwrite((root + QStringLiteral("/train/%1.png").arg(i)).toStdString(), image));
            labels << i << "," << (i % 2 ? "odd" : "even") << "\n";
        }
        labels.close();
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {root + QStringLiteral("/trainLabels.csv")}));
        QVERIFY(scanned.wait(20000));
        QVERIFY2(window.datasetPanel()->layoutText().contains(QLatin1String("csv")),
                 qPrintable(window.datasetPanel()->layoutText()));
        QCOMPARE(window.datasetPanel()->classRowCount(), 2);
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), root);
    }

    void aLabelsFileOneFolderDownOpensTheDatasetAbove()
    {
        // csvnest/images/*.png + csvnest/annotations/labels.csv, which the engine reads: the
        // drop opened annotations/, which holds no images.
        const QString root = path("csvnest");
        QVERIFY(QDir().mkpath(root + QStringLiteral("/images")) && QDir().mkpath(root + QStringLiteral("/annotations")));
        const QString csv = root + QStringLiteral("/annotations/labels.csv");
        std::ofstream labels(csv.toStdString());
        labels << "image,label\n";
        for (int i = 0; i < 12; ++i) {
            cv::Mat image(32, 32, CV_8UC3, cv::Scalar(15 * i, 90, 180 - 10 * i));
            QVERIFY(cv::imwrite((root + QStringLiteral("/images/%1.png").arg(i)).toStdString(), image));
            labels << "images/" << i << ".png," << (i % 2 ? "odd" : "even") << "\n";
        }
        labels.close();
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {csv}));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), root);
        QVERIFY2(window.datasetPanel()->hasDataset(), qPrintable(window.datasetPanel()->messageText()));
        QCOMPARE(window.datasetPanel()->classRowCount(), 2);
    }

    void aDroppedImageListOpensItsDataset()
    {
        // MMPretrain's meta/train.txt ("img_0.png cat" a line) naming the images of train/.
        const QString root = path("mmpretrain");
        QVERIFY(QDir().mkpath(root + QStringLiteral("/train")) && QDir().mkpath(root + QStringLiteral("/meta")));
        const QString list = root + QStringLiteral("/meta/train.txt");
        std::ofstream lines(list.toStdString());
        for (int i = 0; i < 12; ++i) {
            cv::Mat image(32, 32, CV_8UC3, cv::Scalar(15 * i, 90, 180 - 10 * i));
            QVERIFY(cv::imwrite((root + QStringLiteral("/train/img_%1.png").arg(i)).toStdString(), image));
            lines << "img_" << i << ".png " << (i % 2 ? "cat" : "dog") << "\n";
        }
        lines.close();
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {list}));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), root);
        QVERIFY2(window.datasetPanel()->hasDataset(), qPrintable(window.datasetPanel()->messageText()));
        QCOMPARE(window.datasetPanel()->classRowCount(), 2);
    }

    void aDroppedConfigFileOpensAsTheConfig()
    {
        // It said only "… is not a folder"; File ▸ Open Config's way opens it.
        const QString file = path("dropped.yaml");
        std::ofstream(file.toStdString()) << "trainer:\n  max_epochs: 7\n";
        MainWindow window;
        QVERIFY(dropPaths(&window, {file}));
        QTRY_COMPARE(window.configPanel()->filePath(), file);
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 7);
        QVERIFY2(window.datasetPanel()->messageText().isEmpty(), qPrintable(window.datasetPanel()->messageText()));
    }

    void urlDropsOnTheYamlEditorAreOpenedNotTyped()
    {
        // The editor inserted the folder's file:// URL into the config and marked it modified.
        MainWindow window;
        QPlainTextEdit *editor = window.configPanel()->yamlEditor();
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(editor->viewport(), {shapes}));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), shapes);
        QVERIFY2(!editor->toPlainText().contains(QLatin1String("file:")), qPrintable(editor->toPlainText()));
        QVERIFY(!window.configPanel()->isModified());
        // A .yml opens as the config, as File ▸ Open Config opens it.
        const QString file = path("editor-drop.yml");
        std::ofstream(file.toStdString()) << "trainer:\n  max_epochs: 5\n";
        QVERIFY(dropPaths(editor->viewport(), {file}));
        QTRY_COMPARE(window.configPanel()->filePath(), file);
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 5);
        // Plain text is still typed where it is dropped.
        QMimeData note;
        note.setText(QStringLiteral("# dropped note\n"));
        QVERIFY(dropMime(editor->viewport(), note));
        QVERIFY(editor->toPlainText().contains(QLatin1String("# dropped note")));
    }

    void aFloatingDatasetDockTakesDrops()
    {
        // Floating, the dock is a window of its own: it said "Drop a dataset folder here" and refused.
        MainWindow window;
        datasetDock(window)->setFloating(true);
        QVERIFY(datasetDock(window)->isWindow());
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(window.datasetPanel(), {shapes}));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), shapes);
    }

    void dropsThatAreNoFolderGetTheScannersReason()
    {
        // The isDir() check before the scan said "is not a folder" for each of these.
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {path("deleted-before-the-drop")}));
        QVERIFY(scanned.wait(20000));
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("does not exist (any more)")),
                 qPrintable(window.datasetPanel()->messageText()));
        // A Latin-1 name as a file manager sends it, its byte percent-encoded.
        const std::string latin1 = path("drop_").toStdString() + "\xfc";
        testsupport::makeImageFolderDataset(latin1, 2, 3, 8);
        QVERIFY(dropUrls(&window, {QUrl::fromEncoded("file://" + QByteArray::fromStdString(latin1).toPercentEncoding("/"))}));
        QVERIFY(scanned.wait(20000));
        std::filesystem::remove_all(latin1);
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("is not UTF-8 text")),
                 qPrintable(window.datasetPanel()->messageText()));
    }

    void anUnreadableFolderSaysSo()
    {
        // chmod 000: it said "does not look like a dataset"; the CLI says permission is denied.
        const QString locked = path("locked");
        testsupport::makeImageFolderDataset(locked.toStdString(), 2, 3, 8);
        QFile::setPermissions(locked, QFileDevice::Permissions());
        const bool readable = QDir(locked).isReadable() && !QDir(locked).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty();
        if (readable) {
            QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
            QSKIP("run as root: a folder without permissions is still readable");
        }
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {locked}));
        QVERIFY(scanned.wait(20000));
        QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("Cannot read the dataset folder")),
                 qPrintable(window.datasetPanel()->messageText()));
        QVERIFY(window.datasetPanel()->messageText().contains(QLatin1String("Permission denied")));
    }

    void anErrorWithoutAFullStopIsASentence()
    {
        // "no images in the class folders of … /data/x is still the dataset in use.": run together.
        DataConfig data;
        data.dataset.root = shapes.toStdString();
        std::atomic<bool> cancelled{false};
        DatasetPanel panel;
        panel.showResult(scanDataset(data, cancelled, [](qint64, qint64) {}));
        QVERIFY(panel.hasDataset());
        DatasetScanResult failed;
        failed.error = QStringLiteral("no images in the class folders of /x");
        panel.showResult(failed);
        QVERIFY2(panel.messageText().startsWith(QStringLiteral("no images in the class folders of /x. %1 is still")
                                                    .arg(QDir::toNativeSeparators(shapes))),
                 qPrintable(panel.messageText()));
    }

    void severalFoldersGetAMessage()
    {
        const QString other = path("other");
        QDir().mkpath(other);
        MainWindow window;
        QVERIFY(dropPaths(&window, {shapes, other}));
        QVERIFY(window.datasetPanel()->messageText().contains(QLatin1String("one dataset folder")));
        QVERIFY(window.datasetPanel()->messageText().contains(QLatin1String("2 items")));
        QVERIFY(!window.datasetScanner()->isScanning());
    }

    void folderThatIsNoDatasetSaysWhatToDo()
    {
        const QString plain = path("plain");
        QDir().mkpath(plain);
        std::ofstream((plain + QStringLiteral("/readme.txt")).toStdString()) << "hello\n";
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(dropPaths(&window, {plain}));
        QVERIFY(scanned.wait(20000));
        DatasetPanel *panel = window.datasetPanel();
        QCOMPARE(panel->messageLevel(), InlineMessage::Error);
        QVERIFY2(panel->messageText().contains(QLatin1String("does not look like a dataset")),
                 qPrintable(panel->messageText()));
        QVERIFY(panel->messageText().contains(QLatin1String("Drop the folder")));
        QVERIFY(!panel->hasDataset());
        // The app goes on: a good folder dropped next is shown.
        QVERIFY(dropPaths(&window, {shapes}));
        QVERIFY(scanned.wait(20000));
        QVERIFY(panel->hasDataset());
        QVERIFY(panel->messageText().isEmpty());
    }

    void unreadableImagesAreListedOnce()
    {
        const QString broken = path("broken");
        testsupport::makeImageFolderDataset(broken.toStdString(), 2, 4, 32);
        testsupport::writeGarbage((broken + QStringLiteral("/class_1/garbage.png")).toStdString());
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openDataset(broken);
        QVERIFY(scanned.wait(20000));
        QVERIFY(window.datasetPanel()->hasDataset());
        // A warning, as the search skips it, named once though both the opening and the
        // decoding found it.
        QCOMPARE(window.datasetPanel()->problemCount(), 1);
        QCOMPARE(window.datasetPanel()->errorCount(), 0);
        // Counted as the search sees them: 8 images, and the one it skips named apart.
        const QString count = window.datasetPanel()->imageCountText();
        QVERIFY2(count.contains(QLatin1String("8 images (1 more unreadable)")), qPrintable(count));
        // The status bar points at it: the panel may be scrolled, tabbed away or closed.
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("1 warning")) && status.contains(QLatin1String("Dataset panel")),
                 qPrintable(status));
    }

    void problemsAreSeenWithoutScrolling()
    {
        // A long warning, many classes and a full strip of thumbnails, in a narrow, short dock.
        DatasetScanResult result;
        result.ok = true;
        result.root = path("crowded");
        result.report.images = 120;
        result.report.numClasses = 12;
        result.report.imagesPerClass.assign(12, 10);
        const std::string warning = "read " + path("crowded/train").toStdString()
                                    + ", the split data.dataset.split names: val/ is another split of the same "
                                      "images and stays out of the search unless you name it.";
        result.report.problems = {DatasetProblem{false, "train", warning, false}};
        for (int i = 0; i < 8; ++i) {
            result.thumbnails << QImage(48, 48, QImage::Format_RGB32);
            result.thumbnailCaptions << QStringLiteral("cat");
        }
        DatasetPanel panel;
        panel.resize(280, 420);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.showResult(result);
        QApplication::processEvents();
        auto *problems = panel.findChild<QListWidget *>(QStringLiteral("datasetProblems"));
        auto *thumbnails = panel.findChild<QWidget *>(QStringLiteral("datasetThumbnails"));
        QVERIFY(problems && thumbnails);
        QVERIFY(problems->isVisible());
        QVERIFY(problems->y() < thumbnails->y());

        // In view as the report opens, entry and all.
        QScrollArea *scroll = nullptr;
        for (QScrollArea *candidate : panel.findChildren<QScrollArea *>())
            if (candidate->isVisible())
                scroll = candidate;
        QVERIFY(scroll);
        QWidget *viewport = scroll->viewport();
        const QRect inViewport(problems->mapTo(viewport, QPoint(0, 0)), problems->size());
        QVERIFY2(viewport->rect().contains(inViewport),
                 qPrintable(QStringLiteral("list at %1,%2 %3×%4 in a viewport of %5×%6")
                                .arg(inViewport.x()).arg(inViewport.y()).arg(inViewport.width())
                                .arg(inViewport.height()).arg(viewport->width()).arg(viewport->height())));

        // Wrapped to the dock's width, on as many lines as it takes, none cut off.
        const QRect entry = problems->visualItemRect(problems->item(0));
        QVERIFY2(entry.height() >= 3 * problems->fontMetrics().lineSpacing(), qPrintable(QString::number(entry.height())));
        QVERIFY(entry.right() <= problems->viewport()->width());
        QVERIFY(entry.bottom() < problems->viewport()->height());
    }

    void theClassTableIsAsTallAsItsRows()
    {
        DatasetScanResult result;
        result.ok = true;
        result.root = path("two-classes");
        result.report.images = 4;
        result.report.numClasses = 2;
        result.report.imagesPerClass = {2, 2};
        DatasetPanel panel;
        panel.resize(300, 600);
        panel.show();
        panel.showResult(result);
        auto *classes = panel.findChild<QTreeWidget *>(QStringLiteral("datasetClasses"));
        QVERIFY(classes);
        const int rows = classes->header()->sizeHint().height() + 2 * classes->sizeHintForRow(0) + 2 * classes->frameWidth();
        QCOMPARE(classes->height(), rows);
        // Many classes: it scrolls past a limit.
        result.report.numClasses = 40;
        result.report.imagesPerClass.assign(40, 1);
        panel.showResult(result);
        QVERIFY(classes->height() < 20 * classes->sizeHintForRow(0));
    }

    void theEmptyPageScrollsRatherThanSqueezesItsText()
    {
        DatasetPanel panel;
        panel.resize(220, 160);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto *sample = panel.findChild<QPushButton *>(QStringLiteral("trySampleButton"));
        QVERIFY(sample);
        QList<QLabel *> labels = sample->parentWidget()->findChildren<QLabel *>(Qt::FindDirectChildrenOnly);
        QCOMPARE(labels.size(), 2);
        std::sort(labels.begin(), labels.end(), [](QLabel *a, QLabel *b) { return a->y() < b->y(); });
        for (QLabel *label : labels)
            QVERIFY2(label->height() >= label->heightForWidth(label->width()), qPrintable(label->text()));
        QVERIFY(labels[0]->geometry().bottom() < labels[1]->geometry().top());
        QVERIFY(labels[1]->geometry().bottom() < sample->geometry().top());
    }

    void thumbnailCaptionsKeepTheirDistinguishingEnd()
    {
        const QFontMetrics metrics(QApplication::font());
        const int side = ThumbnailStrip::side;
        const QString first = thumbnailCaption(QStringLiteral("ADE_train_00000001.jpg"), metrics, side);
        const QString second = thumbnailCaption(QStringLiteral("ADE_train_00000002.jpg"), metrics, side);
        QVERIFY2(first.endsWith(QLatin1String("1.jpg")) && second.endsWith(QLatin1String("2.jpg")),
                 qPrintable(first + QLatin1Char(' ') + second));
        QVERIFY(metrics.horizontalAdvance(first) <= side);
        // Class names that share a beginning keep their ends too; a short name is left whole.
        const QString rust = thumbnailCaption(QStringLiteral("Apple___Cedar_apple_rust"), metrics, side);
        QVERIFY2(rust.endsWith(QLatin1String("_rust")), qPrintable(rust));
        QCOMPARE(thumbnailCaption(QStringLiteral("cat"), metrics, side), QStringLiteral("cat"));
    }

    void theReportReadsInADarkPaletteAndNamesItsLists()
    {
        DatasetScanResult result;
        result.ok = true;
        result.root = path("report");
        result.report.images = 4;
        result.report.numClasses = 2;
        result.report.imagesPerClass = {2, 2};
        result.report.problems = {DatasetProblem{true, "a.png", "a.png is broken.", false},
                                  DatasetProblem{false, "b.png", "b.png is small.", false}};
        DatasetPanel panel;
        panel.showResult(result);
        auto *problems = panel.findChild<QListWidget *>(QStringLiteral("datasetProblems"));
        QVERIFY(problems);
        QCOMPARE(problems->count(), 2);
        // Red and amber on the list's base: #c62828 and #b26a00 read at 2.8 and 3.7:1 on a dark one.
        for (const QPalette &palette : {testsupport::lightPalette(), testsupport::darkPalette()}) {
            panel.setPalette(palette);
            for (int i = 0; i < problems->count(); ++i) {
                const double contrast = testsupport::wcagContrast(problems->item(i)->foreground().color(),
                                                                  problems->palette().color(QPalette::Base));
                QVERIFY2(contrast >= 4.5, qPrintable(QStringLiteral("%1: %2:1").arg(problems->item(i)->text()).arg(contrast)));
            }
        }
        QVERIFY(problems->item(0)->foreground().color() != problems->item(1)->foreground().color());

        // Its lists are named; the scroll area around the report is no Tab stop.
        auto *classes = panel.findChild<QTreeWidget *>(QStringLiteral("datasetClasses"));
        QVERIFY(classes);
        for (QWidget *list : {static_cast<QWidget *>(classes), static_cast<QWidget *>(problems)})
            QVERIFY(!QAccessible::queryAccessibleInterface(list)->text(QAccessible::Name).isEmpty());
        const QList<QScrollArea *> scrolls = panel.findChildren<QScrollArea *>();
        QVERIFY(!scrolls.isEmpty());
        for (QScrollArea *scroll : scrolls)
            QCOMPARE(scroll->focusPolicy(), Qt::NoFocus);
    }

    void aFailedOpenKeepsTheDatasetBefore()
    {
        // A folder of class folders without images, and one whose images all fail to decode:
        // with nothing open before, Start has no dataset to search; after a usable one, that
        // one stays in force and in view, and the failure is said above it.
        const QString good = path("good-before-bad");
        testsupport::makeImageFolderDataset(good.toStdString(), 2, 4, 32);
        const QString empty = path("class-folders-only");
        QVERIFY(QDir().mkpath(empty + QStringLiteral("/a")) && QDir().mkpath(empty + QStringLiteral("/b")));
        const QString corrupt = path("all-corrupt");
        for (int i = 0; i < 4; ++i)
            testsupport::writeGarbage(QStringLiteral("%1/%2/x%3.png").arg(corrupt, i % 2 ? "a" : "b").arg(i).toStdString());
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openDataset(empty);
        QVERIFY(scanned.wait(20000));
        QVERIFY(!window.datasetPanel()->hasDataset());
        QVERIFY(window.configPanel()->config().data.dataset.root.empty());
        QVERIFY(!window.startSearch());
        QVERIFY2(window.centralMessage()->text().contains(QLatin1String("Open a dataset first")),
                 qPrintable(window.centralMessage()->text()));

        window.openDataset(good);
        QVERIFY(scanned.wait(20000));
        for (const QString &bad : {empty, corrupt}) {
            window.openDataset(bad);
            QVERIFY(scanned.wait(20000));
            QVERIFY(window.datasetPanel()->hasDataset());
            QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), good);
            QVERIFY2(window.datasetPanel()->messageText().contains(QDir::toNativeSeparators(good)
                                                                   + QLatin1String(" is still the dataset in use")),
                     qPrintable(window.datasetPanel()->messageText()));
        }
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("None of the 4 image files")),
                 qPrintable(window.datasetPanel()->messageText()));
    }

    void folderDeletedWhileScanningSaysSo()
    {
        const QString doomed = path("doomed");
        testsupport::makeImageFolderDataset(doomed.toStdString(), 2, 30, 32);
        DataConfig data;
        data.dataset.root = doomed.toStdString();
        std::atomic<bool> cancelled{false};
        bool deleted = false;
        const DatasetScanResult result = scanDataset(data, cancelled, [&](qint64, qint64) {
            if (!deleted)
                deleted = QDir(doomed).removeRecursively();
        });
        QVERIFY(deleted);
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QLatin1String("disappeared")), qPrintable(result.error));
        QVERIFY(result.error.contains(QDir::toNativeSeparators(doomed)));
    }

    void aFolderNameThatIsNotUtf8IsSaidSo()
    {
        // A Latin-1 name reaches the app as "ds_�": it said the folder did not exist.
        const std::string latin1 = path("ds_").toStdString() + "\xfc";
        testsupport::makeImageFolderDataset(latin1, 2, 5, 8);
        DataConfig data;
        data.dataset.root = QString::fromUtf8(latin1.c_str()).toStdString();
        std::atomic<bool> cancelled{false};
        const DatasetScanResult result = scanDataset(data, cancelled, [](qint64, qint64) {});
        QVERIFY(!result.ok);
        QVERIFY2(result.error.contains(QLatin1String("is not UTF-8 text")), qPrintable(result.error));
        std::filesystem::remove_all(latin1); // QTemporaryDir cannot name it either
    }

    void cancelledScanIsNotDelivered()
    {
        const QString many = path("many");
        testsupport::makeImageFolderDataset(many.toStdString(), 2, 200, 64);
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QSignalSpy cancelled(window.datasetScanner(), &DatasetScanner::cancelled);
        window.openDataset(many);
        window.datasetScanner()->cancel();
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!scanned.wait(1500));
        QVERIFY(!window.datasetPanel()->hasDataset());
    }

    void missingSampleNamesThePackage()
    {
        qputenv("AUGSTUDIO_SAMPLE_DIR", path("no-such-folder").toUtf8());
        MainWindow window;
        window.openSample();
        qunsetenv("AUGSTUDIO_SAMPLE_DIR");
        QVERIFY2(window.datasetPanel()->messageText().contains(QLatin1String("dataset-fashion-mnist")),
                 qPrintable(window.datasetPanel()->messageText()));
        QVERIFY(!window.datasetScanner()->isScanning());
    }

    void sampleLoadsFashionMnist()
    {
        if (!sampleDatasetAvailable())
            QSKIP("dataset-fashion-mnist is not installed");
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openSample();
        QVERIFY(scanned.wait(60000));
        QVERIFY2(window.datasetPanel()->layoutText().contains(QLatin1String("idx")),
                 qPrintable(window.datasetPanel()->layoutText()));
        QVERIFY(window.datasetPanel()->imageCountText().contains(QLatin1String("2000 images")));
        QCOMPARE(window.datasetPanel()->classRowCount(), 10);
        QCOMPARE(window.configPanel()->config().data.dataset.limit, 2000);
    }

    void aDatasetOpenedAfterTheSampleLosesTheSamplesFacts()
    {
        // Fashion-MNIST's 10 classes, grey statistics and 32 px resize stayed, and a colour
        // dataset's policy was exported with Normalize(mean=[0.286]*3).
        const QString sample = tmp.filePath(QStringLiteral("fake-sample"));
        QDir().mkpath(sample);
        testsupport::makeIdxDataset(sample.toStdString(), "train", 64, 28, 28, 10, false);
        qputenv("AUGSTUDIO_SAMPLE_DIR", sample.toUtf8());
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openSample();
        QVERIFY(scanned.wait(60000));
        QCOMPARE(window.configPanel()->config().classificationModel.numClasses, 10);
        const QString colour = tmp.filePath(QStringLiteral("colour-after-sample"));
        testsupport::makeImageFolderDataset(colour.toStdString(), 2, 8, 32);
        window.openDataset(colour);
        QVERIFY(scanned.wait(60000));
        qunsetenv("AUGSTUDIO_SAMPLE_DIR");
        const SearchConfig config = window.configPanel()->config();
        QCOMPARE(config.classificationModel.numClasses, 0); // counted in the dataset
        QCOMPARE(config.data.mean, defaultConfig().data.mean);
        QCOMPARE(config.data.std, defaultConfig().data.std);
        QVERIFY(config.data.preprocessing.empty()); // 32 px images need none
        // The search settings the user may have changed stay.
        QCOMPARE(config.policy.numSubPolicies, sampleConfig(sample.toStdString()).policy.numSubPolicies);
    }

    void recentDatasetsKeepEightNewestFirst()
    {
        RecentFiles recent(QStringLiteral("testRecent"));
        recent.clear();
        for (int i = 0; i < 10; ++i)
            recent.add(path("d") + QString::number(i));
        recent.add(path("d5"));
        QCOMPARE(recent.entries().size(), RecentFiles::maxEntries);
        QCOMPARE(recent.entries().first(), path("d5"));
        QCOMPARE(recent.entries().count(path("d5")), 1);
        QVERIFY(!recent.entries().contains(path("d0")));
        // Kept in the settings: a new instance sees the same list.
        QCOMPARE(RecentFiles(QStringLiteral("testRecent")).entries(), recent.entries());
    }

    void twoWindowsKeepEachOthersRecentDatasets()
    {
        // Each window's list was read once and written back whole: one dropped the other's.
        RecentFiles first(QStringLiteral("testRecentShared")), second(QStringLiteral("testRecentShared"));
        first.clear();
        first.add(path("a"));
        second.add(path("b"));
        first.add(path("a"));
        QCOMPARE(first.entries(), (QStringList{path("a"), path("b")}));
        // Its menu shows what the other window added, and a path's '&' as it is.
        QMenu menu;
        first.attachMenu(&menu);
        second.add(path("amp & co"));
        emit menu.aboutToShow();
        QCOMPARE(menu.actions().first()->text(), QStringLiteral("&1 ") + QDir::toNativeSeparators(path("amp && co")));
    }

    void droppedFoldersOfEveryKindStartASearch_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("photos of different sizes") << QStringLiteral("photos");
        QTest::newRow("MNIST-style IDX files") << QStringLiteral("idx");
        QTest::newRow("images as they come") << QStringLiteral("mixed");
    }

    void droppedFoldersOfEveryKindStartASearch()
    {
        // Drop the folder, keep the default config (less work per step), press Start, see
        // the first step arrive.
        QFETCH(QString, kind);
        const QString folder = tmp.filePath(QStringLiteral("dropped-") + kind);
        if (kind == QLatin1String("photos")) {
            testsupport::makePhotoFolder(folder.toStdString(), 12);
        } else if (kind == QLatin1String("idx")) {
            QDir().mkpath(folder);
            testsupport::makeIdxDataset(folder.toStdString(), "train", 64, 28, 28, 10, false);
        } else {
            testsupport::makeImagesAsTheyCome(folder.toStdString());
        }
        MainWindow window;
        SearchConfig config = defaultConfig();
        config.data.dataloader.batchSize = 8;
        config.policy.numSubPolicies = 2;
        config.trainer.threads = 1;
        window.configPanel()->setConfig(config);
        window.searchController()->setMaxStepsPerEpoch(1);
        window.setOutputFolder(tmp.filePath(QStringLiteral("search-") + kind));
        QVERIFY(dropPaths(&window, {folder}));
        QTRY_VERIFY_WITH_TIMEOUT(window.configPanel()->config().data.dataset.root == folder.toStdString(), 60000);
        // Sizes differ (photos, mixed): the form filled in a preprocessing and says why.
        // IDX images are all 28 × 28, which ResNet-18 takes as they are.
        const bool needsOne = kind != QLatin1String("idx");
        QCOMPARE(!window.configPanel()->config().data.preprocessing.empty(), needsOne);
        QCOMPARE(!window.configPanel()->form()->imageSizeField()->reason().isEmpty(), needsOne);
        QSignalSpy steps(window.searchController(), &SearchController::step);
        QSignalSpy finished(window.searchController(), &SearchController::finished);
        QVERIFY(window.startSearch());
        QTRY_VERIFY_WITH_TIMEOUT(!steps.isEmpty() || !finished.isEmpty(), 120000);
        QVERIFY2(!steps.isEmpty(), finished.isEmpty() ? "no step"
                                                      : finished.first().at(0).value<SearchOutcome>().message.c_str());
        window.searchController()->stop();
        QVERIFY(window.searchController()->waitForFinished(60000));
    }
};

QTEST_MAIN(TestUiDataset)
#include "test_ui_dataset.moc"
