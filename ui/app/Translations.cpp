#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

namespace augstudio::ui {

namespace {

const char *const kLanguageKey = "language";

// Owned by the application; QPointer notices when a test's application has gone.
QPointer<QTranslator> appTranslator;
QPointer<QTranslator> qtTranslator;

void removeTranslator(QPointer<QTranslator> &translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator;
}

} // namespace

QStringList shippedLanguages()
{
    return {QStringLiteral("de"), QStringLiteral("zh_CN")};
}

QString languageSetting()
{
    return QSettings().value(kLanguageKey).toString();
}

void setLanguageSetting(const QString &language)
{
    QSettings settings;
    if (language.isEmpty())
        settings.remove(kLanguageKey);
    else
        settings.setValue(kLanguageKey, language);
}

QLocale preferredLocale()
{
    const QString language = languageSetting();
    return language.isEmpty() ? QLocale::system() : QLocale(language);
}

QString installTranslators(const QLocale &locale)
{
    removeTranslator(appTranslator);
    removeTranslator(qtTranslator);
    if (!QCoreApplication::instance())
        return {};

    // Tries each of the locale's UI languages in turn: de_AT finds augstudio_de.qm.
    auto *translator = new QTranslator(QCoreApplication::instance());
    if (!translator->load(locale, QStringLiteral("augstudio"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete translator;
        return {}; // English, the source language: Qt's dialogs stay English too
    }
    QCoreApplication::installTranslator(translator);
    appTranslator = translator;
    const QString language = translator->language();

    // Qt's standard dialogs and buttons in the same language, where Qt ships it.
    auto *qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(language), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        qtTranslator = qt;
    } else {
        delete qt;
    }
    return language;
}

} // namespace augstudio::ui
