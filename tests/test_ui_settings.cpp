// What the desktop app remembers between runs (recent search folders, the last config and the
// device) and the About box with the versions of the libraries it runs on.

#include "AboutDialog.h"
#include "AppActions.h"
#include "AppPaths.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "MainWindow.h"
#include "PolicyFiles.h"
#include "QuickGuideDialog.h"
#include "RecentFiles.h"
#include "policy/AlbumentationsFormat.h"
#include "search/TorchRuntime.h"

#include <nlohmann/json.hpp>

#include <opencv2/core/version.hpp>

#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include "testsupport/MessageBoxes.h"
#include "testsupport/TestSupport.h"

#include <QClipboard>
#include <QHash>
#include <QMenuBar>
#include <QtTest>

#include <functional>

using namespace augstudio::ui;

namespace {

bool writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(text) == text.size();
}

QString configDevice(const MainWindow &window)
{
    return QString::fromStdString(window.configPanel()->config().trainer.device);
}

} // namespace

class TestUiSettings : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
        QVERIFY(tmp.isValid());
    }

    void init()
    {
        QSettings().clear();
    }

    void savePolicyDialogRemembersTheAlbumentationsVersion()
    {
        // 2.x until the user picks a filter; each filter stands for its version.
        QCOMPARE(rememberedPolicyTarget(), augstudio::AlbumentationsTarget::V2);
        for (const augstudio::AlbumentationsTarget target : {augstudio::AlbumentationsTarget::V1, augstudio::AlbumentationsTarget::V2})
            QCOMPARE(policyTargetOfFilter(policyFilterOfTarget(target)), target);
        QVERIFY(policyFilterOfTarget(augstudio::AlbumentationsTarget::V1).contains(QLatin1String("1.x")));
        rememberPolicyTarget(augstudio::AlbumentationsTarget::V1);
        QCOMPARE(rememberedPolicyTarget(), augstudio::AlbumentationsTarget::V1);
        rememberPolicyTarget(augstudio::AlbumentationsTarget::V2);
        QCOMPARE(rememberedPolicyTarget(), augstudio::AlbumentationsTarget::V2);
    }

    void savedPolicyIsReadByEvery2xRelease()
    {
        // A 2.x policy of an older search, without AlbumentationsX 2.2's names: saved with
        // them. One that has them is copied byte for byte.
        const QString old = tmp.filePath(QStringLiteral("old-2x.json"));
        const QByteArray oldText = R"({"__version__": "2.0.8", "transform": {"__class_fullname__": "Compose", "p": 1.0,
  "transforms": [{"__class_fullname__": "RGBShift", "p": 0.5, "r_shift_limit": [0.2, 0.2],
  "g_shift_limit": [0.0, 0.0], "b_shift_limit": [0.0, 0.0]}]}})";
        QVERIFY(writeFile(old, oldText));
        const QString saved = tmp.filePath(QStringLiteral("saved.json"));
        QString error;
        QVERIFY2(savePolicyFile(old, saved, augstudio::AlbumentationsTarget::V2, &error), qPrintable(error));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto document = nlohmann::json::parse(file.readAll().toStdString());
        const auto &shift = document["transform"]["transforms"][0];
        QCOMPARE(shift["r_shift_range"], shift["r_shift_limit"]);
        QCOMPARE(shift["b_shift_range"], nlohmann::json({0.0, 0.0}));

        const QString again = tmp.filePath(QStringLiteral("again.json"));
        QVERIFY2(savePolicyFile(saved, again, augstudio::AlbumentationsTarget::V2, &error), qPrintable(error));
        QFile copy(again);
        QVERIFY(copy.open(QIODevice::ReadOnly));
        file.seek(0);
        QCOMPARE(copy.readAll(), file.readAll());
    }

    // Save Policy converted a search's fixed shifts without the image size: 2.x's whole pixels
    // became fractions that move a pixel more or less than the search did.
    void savedPolicyIsConvertedForTheImagesSearched()
    {
        using augstudio::AlbumentationsTarget;
        using nlohmann::json;
        // A 1.x shift of 0.3 of the width: 9 px of 30 in the search's 2.x file.
        const json v1 = json::parse(R"({"__version__": "1.3.1", "transform": {
  "__class_fullname__": "albumentations.core.composition.Compose", "p": 1.0, "bbox_params": null,
  "keypoint_params": null, "additional_targets": {}, "transforms": [{
  "__class_fullname__": "albumentations.augmentations.transforms.ShiftScaleRotate", "always_apply": false,
  "p": 0.5, "shift_limit_x": [0.3, 0.3], "shift_limit_y": [0.0, 0.0], "scale_limit": [0.0, 0.0],
  "rotate_limit": [0.0, 0.0], "interpolation": 1, "border_mode": 4, "value": null, "mask_value": null}]}})");
        const augstudio::ConversionHints size{std::nullopt, 28, 30};
        const QString search = tmp.filePath(QStringLiteral("sized-search"));
        QVERIFY(QDir().mkpath(search + QStringLiteral("/policy")));
        const QString policy = search + QStringLiteral("/policy/epoch_1.json");
        const json v2 = augstudio::convertPolicy(v1, AlbumentationsTarget::V2, size);
        QVERIFY(writeFile(policy, QByteArray::fromStdString(v2.dump(2))));
        const QString saved = tmp.filePath(QStringLiteral("sized-1x.json"));
        auto savedAs1x = [&](QString *warning) {
            QString error;
            if (!savePolicyFile(policy, saved, AlbumentationsTarget::V1, &error, warning))
                qWarning("%s", qPrintable(error));
            QFile file(saved);
            return file.open(QIODevice::ReadOnly) ? json::parse(file.readAll().toStdString(), nullptr, false) : json();
        };

        // A search from before the record: converted as the same fraction, and said.
        QString warning;
        QCOMPARE(savedAs1x(&warning), augstudio::convertPolicy(v2, AlbumentationsTarget::V1));
        QVERIFY2(warning.contains(QDir::toNativeSeparators(policy)) && warning.contains(QLatin1String("translate")),
                 qPrintable(warning));

        // The search's record: what 1.x moves is what the search's 2.x file moved.
        QVERIFY(writeFile(search + QStringLiteral("/image_size.json"), R"({"height": 28, "width": 30})"));
        const json exact = savedAs1x(&warning);
        QVERIFY2(warning.isEmpty(), qPrintable(warning));
        QCOMPARE(exact, augstudio::convertPolicy(v2, AlbumentationsTarget::V1, size));
        QVERIFY(exact != augstudio::convertPolicy(v2, AlbumentationsTarget::V1));

        // A damaged record is named, and the shifts converted without it are said as such.
        const QString record = QDir::toNativeSeparators(search + QStringLiteral("/image_size.json"));
        QVERIFY(writeFile(search + QStringLiteral("/image_size.json"), R"({"height": 0, "width": 30})"));
        QCOMPARE(savedAs1x(&warning), augstudio::convertPolicy(v2, AlbumentationsTarget::V1));
        const QStringList lines = warning.split(QLatin1Char('\n'));
        QVERIFY2(lines.size() == 2 && lines[0].startsWith(record) && lines[0].contains(QLatin1String("\"height\""))
                     && lines[1].contains(QDir::toNativeSeparators(policy))
                     && lines[1].contains(QLatin1String("translate")),
                 qPrintable(warning));
        // Where the size does not matter (the file is 2.x already), the damage is said alone.
        QString error;
        QVERIFY2(savePolicyFile(policy, saved, AlbumentationsTarget::V2, &error, &warning), qPrintable(error));
        QVERIFY2(warning.startsWith(record) && !warning.contains(QLatin1Char('\n')), qPrintable(warning));
    }

    void manyUnconvertedShiftsAreNamedAFewAndCounted()
    {
        using nlohmann::json;
        // A searched policy has a shift per stage and sub-policy: the warning names three.
        json shifts = json::array();
        for (int i = 0; i < 5; ++i)
            shifts.push_back({{"__class_fullname__", "Affine"}, {"p", 0.5},
                              {"translate_percent", {{"x", {0.25, 0.25}}, {"y", {0.0, 0.0}}}}});
        const json v2 = {{"__version__", "2.0.8"},
                         {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", shifts}}}};
        const QString policy = tmp.filePath(QStringLiteral("many-shifts.json"));
        QVERIFY(writeFile(policy, QByteArray::fromStdString(v2.dump(2))));
        QString error;
        QString warning;
        QVERIFY2(savePolicyFile(policy, tmp.filePath(QStringLiteral("many-shifts-1x.json")),
                                augstudio::AlbumentationsTarget::V1, &error, &warning),
                 qPrintable(error));
        QVERIFY2(warning.contains(QLatin1String("transform.transforms[2].translate_percent.x and 2 more"))
                     && warning.contains(QLatin1String("transform.transforms[0].translate_percent.x"))
                     && !warning.contains(QLatin1String("transforms[3]")),
                 qPrintable(warning));
    }

    void openedSearchFoldersBecomeRecent()
    {
        const QString search = tmp.filePath(QStringLiteral("search-a"));
        QVERIFY(QDir().mkpath(search));
        QVERIFY(writeFile(testsupport::searchFiles(search).config, "trainer:\n  max_epochs: 3\n"));
        {
            MainWindow window;
            QVERIFY(window.recentSearches()->entries().isEmpty());
            QVERIFY(window.openSearchFolder(search));
            QCOMPARE(window.recentSearches()->entries(), QStringList{QDir::cleanPath(search)});
            // File ▸ Recent Searches lists it.
            QStringList texts;
            for (QAction *action : window.actions()->recentSearches->actions())
                texts << action->text();
            QVERIFY2(texts.join(QLatin1Char('|')).contains(QDir::toNativeSeparators(search)),
                     qPrintable(texts.join(QLatin1Char('|'))));
        }
        // Kept in QSettings for the next run, apart from the recent datasets.
        MainWindow next;
        QCOMPARE(next.recentSearches()->entries(), QStringList{QDir::cleanPath(search)});
        QVERIFY(next.recentDatasets()->entries().isEmpty());
    }

    void goneSearchFolderIsDroppedFromTheMenu()
    {
        const QString gone = tmp.filePath(QStringLiteral("gone"));
        MainWindow window;
        window.recentSearches()->add(gone);
        QCOMPARE(window.recentSearches()->entries().size(), 1);
        emit window.recentSearches()->opened(QDir::cleanPath(gone));
        QVERIFY(window.recentSearches()->entries().isEmpty());
        QCOMPARE(window.searchFolder(), QString());
    }

    void lastConfigAndDeviceAreRestored()
    {
        const QString config = tmp.filePath(QStringLiteral("seven.yaml"));
        QVERIFY(writeFile(config, "trainer:\n  max_epochs: 7\n  device: cpu\n"));
        {
            MainWindow window;
            QVERIFY(window.openConfig(config));
            QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 7);
            // The user picks another device in the form, then quits.
            QComboBox *device = window.configPanel()->form()->deviceBox();
            device->setCurrentIndex(device->findData(QStringLiteral("auto")));
            QCOMPARE(configDevice(window), QStringLiteral("auto"));
            // The config's change is not kept in its file, only the device in the settings.
            testsupport::answerNextMessageBox(QMessageBox::Discard);
            QVERIFY(window.close());
        }
        MainWindow next;
        QCOMPARE(next.configPanel()->config().trainer.maxEpochs, 20); // nothing restored by itself
        next.restoreLastSession();
        QCOMPARE(next.configPanel()->config().trainer.maxEpochs, 7);
        QCOMPARE(configDevice(next), QStringLiteral("auto"));
        // The device is this computer's setting, not an edit of the config to be asked about.
        QVERIFY(!next.isWindowModified());
        QVERIFY(!next.configPanel()->isModified());
    }

    void missingLastConfigIsSkipped()
    {
        QSettings().setValue(QStringLiteral("config/lastFile"), tmp.filePath(QStringLiteral("deleted.yaml")));
        QSettings().setValue(QStringLiteral("search/device"), QStringLiteral("no-such-device"));
        MainWindow window;
        window.restoreLastSession();
        QCOMPARE(window.configPanel()->config().trainer.maxEpochs, 20);
        QCOMPARE(configDevice(window), QStringLiteral("cpu"));
        QVERIFY(window.configPanel()->blockingProblem().isEmpty());
    }

    void newSearchesGetAFolderOfTheirOwn()
    {
        // Under the user's data folder, named once for the app, made empty for this caller
        // alone: a second window starting in the same second gets another.
        const QString searches = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
                                 + QStringLiteral("/AugStudio/searches/");
        const QString first = newOutputFolder();
        QVERIFY2(first.startsWith(searches), qPrintable(first));
        QVERIFY(!first.contains(QLatin1String("AugStudio/AugStudio")));
        QVERIFY(QFileInfo(first).isDir() && QDir(first).isEmpty());
        const QString second = newOutputFolder();
        QVERIFY2(second != first && second.startsWith(searches), qPrintable(second));
        QVERIFY(QFileInfo(second).isDir() && QDir(second).isEmpty());
        QVERIFY(QDir(first).removeRecursively());
        QVERIFY(QDir(second).removeRecursively());
    }

    void aboutBoxNamesTheVersions()
    {
        const QString text = AboutDialog::versionsText();
        QVERIFY2(text.contains(QStringLiteral("Qt: ") + QString::fromLatin1(qVersion())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("OpenCV: " CV_VERSION)), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("LibTorch: ") + QString::fromStdString(augstudio::torchVersion())),
                 qPrintable(text));
        QVERIFY2(text.contains(augstudio::cudaAvailable() ? QStringLiteral("CUDA: available")
                                                          : QStringLiteral("CUDA: not available")),
                 qPrintable(text));
        QVERIFY(!augstudio::torchVersion().empty());

        // Help ▸ About AugStudio opens the dialog with the same facts.
        MainWindow window;
        QString shown;
        QTimer::singleShot(0, &window, [&shown] {
            auto *dialog = qobject_cast<AboutDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            if (auto *label = dialog->findChild<QLabel *>(QStringLiteral("aboutText")))
                shown = label->text();
            dialog->reject();
        });
        window.actions()->about->trigger();
        QVERIFY2(shown.contains(QString::fromLatin1(qVersion())), qPrintable(shown));
        QVERIFY(shown.contains(QStringLiteral(CV_VERSION)));
        QVERIFY(shown.contains(QStringLiteral(AUGSTUDIO_VERSION)));
    }
    void theQuickGuideListsEveryMenuShortcut()
    {
        MainWindow window;
        QCOMPARE(window.actions()->quickGuide->shortcut(), QKeySequence(QKeySequence::HelpContents));
        window.actions()->quickGuide->trigger();
        auto *guide = window.findChild<QuickGuideDialog *>();
        QVERIFY(guide);
        QVERIFY(guide->isVisible());
        QVERIFY(!guide->isModal()); // followed beside the window
        const QString text = guide->text();
        int listed = 0;
        const std::function<void(const QList<QAction *> &)> check = [&](const QList<QAction *> &actions) {
            for (const QAction *action : actions) {
                if (action->menu()) {
                    check(action->menu()->actions());
                    continue;
                }
                if (action->shortcut().isEmpty())
                    continue;
                const QString keys = action->shortcut().toString(QKeySequence::NativeText);
                const QString name = plainActionText(action->text());
                QVERIFY2(text.contains(keys) && text.contains(name),
                         qPrintable(keys + QStringLiteral(" ") + name + QStringLiteral(" not in:\n") + text));
                ++listed;
            }
        };
        check(window.menuBar()->actions());
        QVERIFY2(listed >= 8, qPrintable(QString::number(listed)));
        // Opening it again raises the same guide.
        window.actions()->quickGuide->trigger();
        QCOMPARE(window.findChildren<QuickGuideDialog *>().size(), 1);
    }

    void noTwoMenuEntriesShareAShortcut()
    {
        // Refresh Preview had QKeySequence::Refresh, which GNOME's key scheme makes Ctrl+R: Start's.
        MainWindow window;
        QHash<QString, QString> owner;
        const std::function<void(const QList<QAction *> &)> check = [&](const QList<QAction *> &actions) {
            for (const QAction *action : actions) {
                if (action->menu()) {
                    check(action->menu()->actions());
                    continue;
                }
                for (const QKeySequence &key : action->shortcuts()) {
                    const QString keys = key.toString(QKeySequence::PortableText);
                    QVERIFY2(!owner.contains(keys),
                             qPrintable(keys + QStringLiteral(": ") + owner.value(keys) + QStringLiteral(" and ")
                                        + action->text()));
                    owner.insert(keys, action->text());
                }
            }
        };
        check(window.menuBar()->actions());
        QCOMPARE(window.actions()->refreshPreview->shortcut(), QKeySequence(Qt::Key_F5));
    }

    void returnClosesTheAboutBox()
    {
        // Copy Versions, an auto-default button, took Return: it copied and the box stayed open.
        AboutDialog dialog;
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QApplication::setActiveWindow(&dialog);
        QApplication::clipboard()->setText(QStringLiteral("kept"));
        QWidget *focus = QApplication::focusWidget() ? QApplication::focusWidget() : &dialog;
        QTest::keyClick(focus, Qt::Key_Return);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("kept"));
    }
};

QTEST_MAIN(TestUiSettings)
#include "test_ui_settings.moc"
