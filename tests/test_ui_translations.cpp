// The desktop app in other languages: the window built under a German or Chinese locale shows
// translated menus, Qt's own strings follow, unshipped languages stay English, and
// View ▸ Language saves an override that preferredLocale() then returns.

#include "AppActions.h"
#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "InlineMessage.h"
#include "LanguageMenu.h"
#include "MainWindow.h"
#include "QuickGuideDialog.h"
#include "RecentFiles.h"
#include "Translations.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QSpinBox>
#include <QToolBar>
#include "testsupport/TestSupport.h"

#include <QtTest>

using namespace augstudio::ui;

namespace {

QStringList menuTitles(const QMainWindow &window)
{
    QStringList titles;
    for (QAction *action : window.menuBar()->actions())
        titles << action->text();
    return titles;
}

QStringList dockTitles(const QMainWindow &window)
{
    QStringList titles;
    for (QDockWidget *dock : window.findChildren<QDockWidget *>())
        titles << dock->windowTitle();
    return titles;
}

// The entries of each menu (and the menu bar) that share an Alt-key letter: "File: D".
QStringList mnemonicClashes(const QMainWindow &window)
{
    QStringList clashes;
    QList<QMenu *> menus;
    for (QAction *action : window.menuBar()->actions())
        if (action->menu())
            menus << action->menu();
    const auto check = [&](const QString &where, const QList<QAction *> &actions) {
        QSet<QChar> seen;
        for (QAction *action : actions) {
            const QString text = action->text();
            const qsizetype at = text.indexOf(QLatin1Char('&'));
            if (at < 0 || at + 1 >= text.size())
                continue;
            const QChar letter = text.at(at + 1).toUpper();
            if (seen.contains(letter))
                clashes << where + QStringLiteral(": ") + letter;
            seen.insert(letter);
        }
    };
    check(QStringLiteral("menu bar"), window.menuBar()->actions());
    for (QMenu *menu : menus)
        check(menu->title(), menu->actions());
    return clashes;
}

// The Alt-key letter of a text with a mnemonic ("&File", "文件(&F)"), or none: "&&" is a literal '&'.
QChar mnemonicLetter(const QString &text)
{
    for (qsizetype at = text.indexOf(QLatin1Char('&')); at >= 0 && at + 1 < text.size();
         at = text.indexOf(QLatin1Char('&'), at + 2)) {
        const QChar next = text.at(at + 1);
        if (next != QLatin1Char('&'))
            return next.isLetterOrNumber() ? next.toUpper() : QChar();
    }
    return {};
}

// The Alt keys of the shown window that share a letter: "Alt+D: "&Datei" and "Mo&dell:"". The menu
// bar's titles, the visible labels with a buddy and the visible buttons all answer Alt+letter at
// once; two on one letter leave both ambiguous.
QStringList windowMnemonicClashes(const QMainWindow &window)
{
    QList<std::pair<QChar, QString>> keys;
    const auto add = [&](const QString &text) {
        if (const QChar letter = mnemonicLetter(text); !letter.isNull())
            keys.append({letter, text});
    };
    for (QAction *action : window.menuBar()->actions())
        if (action->isVisible())
            add(action->text());
    for (QLabel *label : window.findChildren<QLabel *>())
        if (label->isVisible() && label->buddy())
            add(label->text());
    for (QAbstractButton *button : window.findChildren<QAbstractButton *>())
        if (button->isVisible())
            add(button->text());
    QStringList clashes;
    for (qsizetype i = 0; i < keys.size(); ++i)
        for (qsizetype j = i + 1; j < keys.size(); ++j)
            if (keys[i].first == keys[j].first)
                clashes << QStringLiteral("Alt+%1: \"%2\" and \"%3\"")
                                   .arg(keys[i].first, keys[i].second, keys[j].second);
    return clashes;
}

} // namespace

class TestUiTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings();
    }

    void init()
    {
        QSettings().clear();
    }

    void cleanup()
    {
        installTranslators(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void shippedTranslationsAreEmbedded()
    {
        QCOMPARE(shippedLanguages(), QStringList({QStringLiteral("de"), QStringLiteral("zh_CN")}));
        for (const QString &language : shippedLanguages()) {
            const QString qm = QStringLiteral(":/i18n/augstudio_%1.qm").arg(language);
            QVERIFY2(QFileInfo(qm).size() > 1000, qPrintable(qm + QStringLiteral(" is missing or empty")));
        }
    }

    void germanLocaleTranslatesTheWindow()
    {
        QCOMPARE(installTranslators(QLocale(QLocale::German, QLocale::Germany)), QStringLiteral("de"));
        MainWindow window;
        const QStringList menus = menuTitles(window);
        QVERIFY2(menus.contains(QStringLiteral("&Datei")), qPrintable(menus.join(QLatin1Char(' '))));
        QVERIFY(menus.contains(QStringLiteral("&Ansicht")));
        QVERIFY(menus.contains(QStringLiteral("&Hilfe")));
        QVERIFY(!menus.contains(QStringLiteral("&File")));
        QVERIFY(dockTitles(window).contains(QStringLiteral("Datensatz")));
        QCOMPARE(window.actions()->start->text(), QStringLiteral("Suche &starten"));
        QCOMPARE(window.actions()->languageMenu->title(), QStringLiteral("&Sprache"));
        // The image-size field's "none" was the engine's English word in every language.
        QStringList labels;
        for (const QLabel *label : window.findChildren<QLabel *>())
            labels << label->text();
        QVERIFY2(labels.contains(QStringLiteral("Vorverarbeitung: keine")), qPrintable(labels.join(QLatin1Char('|'))));
    }

    void menusHaveNoSharedMnemonicInAnyLanguage()
    {
        for (const QLocale &locale : {QLocale(QLocale::English, QLocale::UnitedStates), QLocale(QLocale::German, QLocale::Germany),
                                      QLocale(QLocale::Chinese, QLocale::China)}) {
            installTranslators(locale);
            MainWindow window;
            const QStringList clashes = mnemonicClashes(window);
            QVERIFY2(clashes.isEmpty(), qPrintable(locale.name() + QStringLiteral(": ") + clashes.join(QStringLiteral(", "))));
        }
    }

    void configFieldMnemonicsClashWithNothingInTheWindow()
    {
        // The config form's labels had no Alt keys; each must miss the menu bar's letters (and
        // any button's) in every language, or Qt fires neither.
        for (const QLocale &locale : {QLocale(QLocale::English, QLocale::UnitedStates), QLocale(QLocale::German, QLocale::Germany),
                                      QLocale(QLocale::Chinese, QLocale::China)}) {
            installTranslators(locale);
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QApplication::setActiveWindow(&window);
            const QStringList clashes = windowMnemonicClashes(window);
            QVERIFY2(clashes.isEmpty(), qPrintable(locale.name() + QStringLiteral(": ") + clashes.join(QStringLiteral(", "))));

            const ConfigForm *form = window.configPanel()->form();
            const QList<std::pair<const char *, QWidget *>> fields{{"&Model:", form->architectureBox()},
                                                                   {"Devi&ce:", form->deviceBox()},
                                                                   {"&Epochs:", form->epochsBox()},
                                                                   {"See&d:", form->seedBox()}};
            for (const auto &[source, field] : fields) {
                const QString text = QCoreApplication::translate("augstudio::ui::ConfigForm", source);
                const QString where = locale.name() + QStringLiteral(": ") + text;
                QLabel *label = nullptr;
                for (QLabel *candidate : form->findChildren<QLabel *>())
                    if (candidate->text() == text)
                        label = candidate;
                QVERIFY2(label && label->isVisible(), qPrintable(where));
                QVERIFY2(label->buddy() == field, qPrintable(where));
                const QChar letter = mnemonicLetter(text);
                QVERIFY2(!letter.isNull(), qPrintable(where));
            }
            // Each Alt key of the form as a user presses it: its field takes the focus.
            for (QLabel *label : form->findChildren<QLabel *>()) {
                const QChar letter = mnemonicLetter(label->text());
                if (letter.isNull() || !label->buddy())
                    continue;
                QTest::keyClick(&window, Qt::Key(letter.unicode()), Qt::AltModifier);
                QVERIFY2(label->buddy()->hasFocus(), qPrintable(locale.name() + QStringLiteral(": ") + label->text()));
            }
        }
    }

    void panelTogglesAndClearMenuHaveMnemonics()
    {
        // View's Dataset, Config, Preview and Search and the recent menus' Clear Menu had none.
        for (const QLocale &locale : {QLocale(QLocale::English, QLocale::UnitedStates), QLocale(QLocale::German, QLocale::Germany),
                                      QLocale(QLocale::Chinese, QLocale::China)}) {
            installTranslators(locale);
            MainWindow window;
            window.recentDatasets()->add(QDir::tempPath()); // Clear Menu shows beside an entry
            QStringList entries;
            for (QDockWidget *dock : window.findChildren<QDockWidget *>())
                entries << dock->toggleViewAction()->text();
            entries << window.actions()->recentDatasets->actions().constLast()->text();
            QCOMPARE(entries.size(), 5);
            for (const QString &entry : std::as_const(entries))
                QVERIFY2(entry.contains(QLatin1Char('&')), qPrintable(locale.name() + QStringLiteral(": ") + entry));
        }
    }

    void toolBarButtonsShowNoMnemonic()
    {
        installTranslators(QLocale(QLocale::Chinese, QLocale::China));
        MainWindow window;
        for (QAction *action : window.actions()->toolBar->actions()) {
            if (action->isSeparator())
                continue;
            QVERIFY2(!action->iconText().contains(QLatin1Char('(')) && !action->iconText().contains(QLatin1Char('&')),
                     qPrintable(action->iconText()));
        }
        QCOMPARE(window.actions()->openDataset->iconText(), QStringLiteral("打开数据集"));
    }

    void regionalVariantsFindTheLanguage()
    {
        // de_AT has no file of its own: augstudio_de.qm serves it.
        QCOMPARE(installTranslators(QLocale(QLocale::German, QLocale::Austria)), QStringLiteral("de"));
        QCOMPARE(QCoreApplication::translate("augstudio::ui::AppActions", "&Help"), QStringLiteral("&Hilfe"));
    }

    void chineseLocaleTranslatesTheWindow()
    {
        QCOMPARE(installTranslators(QLocale(QLocale::Chinese, QLocale::China)), QStringLiteral("zh_CN"));
        MainWindow window;
        const QStringList menus = menuTitles(window);
        QVERIFY2(menus.contains(QStringLiteral("文件(&F)")), qPrintable(menus.join(QLatin1Char(' '))));
        QVERIFY(dockTitles(window).contains(QStringLiteral("数据集")));
        // The Quick Guide lists the keys under the menu texts without their "(&O)".
        window.actions()->quickGuide->trigger();
        const auto *guide = window.findChild<QuickGuideDialog *>();
        QVERIFY(guide);
        QVERIFY2(guide->text().contains(QStringLiteral("打开数据集")), qPrintable(guide->text()));
        QVERIFY2(!guide->text().contains(QStringLiteral("(&")) && !guide->text().contains(QStringLiteral("(D)")),
                 qPrintable(guide->text()));
    }

    void qtsOwnStringsFollowTheLanguage()
    {
        const QString qtTranslations = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
        if (!QFileInfo::exists(qtTranslations + QStringLiteral("/qtbase_de.qm")))
            QSKIP("Qt's translations are not installed (Debian package qt6-translations-l10n)");
        QCOMPARE(QCoreApplication::translate("QProgressDialog", "Cancel"), QStringLiteral("Cancel"));
        installTranslators(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(QCoreApplication::translate("QProgressDialog", "Cancel"), QStringLiteral("Abbrechen"));
    }

    void otherLanguagesStayEnglish()
    {
        // Installed German first: a new call replaces the translators, it does not stack them.
        installTranslators(QLocale(QLocale::German, QLocale::Germany));
        QCOMPARE(installTranslators(QLocale(QLocale::French, QLocale::France)), QString());
        MainWindow window;
        QVERIFY(menuTitles(window).contains(QStringLiteral("&File")));
        QCOMPARE(QCoreApplication::translate("QProgressDialog", "Cancel"), QStringLiteral("Cancel"));
        QCOMPARE(installTranslators(QLocale(QLocale::English, QLocale::UnitedKingdom)), QString());
    }

    void languageSettingOverridesTheSystem()
    {
        QVERIFY(languageSetting().isEmpty());
        QCOMPARE(preferredLocale(), QLocale::system());
        setLanguageSetting(QStringLiteral("zh_CN"));
        QCOMPARE(QSettings().value(QStringLiteral("language")).toString(), QStringLiteral("zh_CN"));
        QCOMPARE(preferredLocale().name(), QStringLiteral("zh_CN"));
        QCOMPARE(installTranslators(preferredLocale()), QStringLiteral("zh_CN"));
        setLanguageSetting(QString());
        QVERIFY(!QSettings().contains(QStringLiteral("language")));
        QCOMPARE(preferredLocale(), QLocale::system());
    }

    void languageMenuSavesTheChoice()
    {
        setLanguageSetting(QStringLiteral("de"));
        MainWindow window;
        LanguageMenu *menu = window.actions()->languageMenu;
        QVERIFY(menu);
        QVERIFY(menu->actionFor(QStringLiteral("de"))->isChecked());
        QVERIFY(!menu->actionFor(QString())->isChecked());
        QCOMPARE(menu->actionFor(QStringLiteral("zh_CN"))->text(), QStringLiteral("简体中文"));
        QCOMPARE(menu->actionFor(QStringLiteral("de"))->text(), QStringLiteral("Deutsch"));

        QSignalSpy chosen(menu, &LanguageMenu::languageChosen);
        menu->actionFor(QStringLiteral("zh_CN"))->trigger();
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.first().first().toString(), QStringLiteral("zh_CN"));
        QCOMPARE(languageSetting(), QStringLiteral("zh_CN"));
        QVERIFY(menu->actionFor(QStringLiteral("zh_CN"))->isChecked());
        // Still English: the language changes at the next start, and the window says so.
        QVERIFY(menuTitles(window).contains(QStringLiteral("&File")));
        QStringList messages;
        for (InlineMessage *message : window.findChildren<InlineMessage *>())
            messages << message->text();
        QVERIFY2(messages.join(QLatin1Char('\n')).contains(QStringLiteral("restart AugStudio")),
                 qPrintable(messages.join(QLatin1Char('\n'))));

        menu->actionFor(QString())->trigger();
        QCOMPARE(chosen.size(), 2);
        QVERIFY(languageSetting().isEmpty());
    }
};

QTEST_MAIN(TestUiTranslations)
#include "test_ui_translations.moc"
