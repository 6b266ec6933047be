#pragma once

// View ▸ Language: follow the system, or pick one of the shipped languages. The choice is
// saved in QSettings "language" and takes effect when AugStudio restarts.

#include <QMenu>

class QActionGroup;

namespace augstudio::ui {

class LanguageMenu : public QMenu
{
    Q_OBJECT

public:
    explicit LanguageMenu(QWidget *parent = nullptr);

    // The entry for a setting value: "" (the system's language), "en", "de", "zh_CN".
    QAction *actionFor(const QString &language) const;

signals:
    // The user chose another language; it applies after a restart.
    void languageChosen(const QString &language);

private:
    QAction *addLanguage(const QString &text, const QString &language);

    QActionGroup *m_group;
};

} // namespace augstudio::ui
