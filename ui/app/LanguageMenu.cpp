#include "LanguageMenu.h"

#include "Translations.h"

#include <QActionGroup>

namespace augstudio::ui {

LanguageMenu::LanguageMenu(QWidget *parent)
    : QMenu(tr("&Language"), parent)
    , m_group(new QActionGroup(this))
{
    addLanguage(tr("&System Language"), QString());
    addSeparator();
    // Each language is named in itself, so that it can be found whatever the interface shows.
    addLanguage(QStringLiteral("English"), QStringLiteral("en"));
    for (const QString &language : shippedLanguages()) {
        const QLocale locale(language);
        QString name = locale.nativeLanguageName();
        if (locale.language() == QLocale::Chinese)
            name = QStringLiteral("简体中文"); // Qt gives 中文, which does not tell the script
        addLanguage(name, language);
    }

    const QString current = languageSetting();
    if (QAction *action = actionFor(current))
        action->setChecked(true);
    connect(m_group, &QActionGroup::triggered, this, [this](QAction *action) {
        const QString language = action->data().toString();
        if (language == languageSetting())
            return;
        setLanguageSetting(language);
        emit languageChosen(language);
    });
}

QAction *LanguageMenu::addLanguage(const QString &text, const QString &language)
{
    QAction *action = addAction(text);
    action->setData(language);
    action->setCheckable(true);
    action->setStatusTip(tr("Takes effect when AugStudio restarts"));
    m_group->addAction(action);
    return action;
}

QAction *LanguageMenu::actionFor(const QString &language) const
{
    for (QAction *action : m_group->actions())
        if (action->data().toString() == language)
            return action;
    return nullptr;
}

} // namespace augstudio::ui
