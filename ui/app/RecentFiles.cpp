#include "RecentFiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace augstudio::ui {

RecentFiles::RecentFiles(const QString &settingsKey, QObject *parent)
    : QObject(parent)
    , m_key(settingsKey)
{
    reload();
}

// The list as the settings have it now: another window of the app may have changed it since
// (each change starts from there, so that neither drops the other's entries).
void RecentFiles::reload()
{
    QSettings settings;
    settings.sync();
    m_entries = settings.value(m_key).toStringList();
    while (m_entries.size() > maxEntries)
        m_entries.removeLast();
}

void RecentFiles::add(const QString &path)
{
    reload();
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    m_entries.removeAll(clean);
    m_entries.prepend(clean);
    while (m_entries.size() > maxEntries)
        m_entries.removeLast();
    save();
}

void RecentFiles::remove(const QString &path)
{
    reload();
    if (m_entries.removeAll(path) > 0)
        save();
}

void RecentFiles::clear()
{
    m_entries.clear();
    save();
}

void RecentFiles::attachMenu(QMenu *menu)
{
    m_menu = menu;
    connect(menu, &QMenu::aboutToShow, this, [this] {
        reload();
        rebuildMenu();
    });
    rebuildMenu();
}

void RecentFiles::setEmptyText(const QString &text)
{
    m_emptyText = text;
    rebuildMenu();
}

void RecentFiles::save()
{
    QSettings settings;
    settings.setValue(m_key, m_entries);
    settings.sync();
    rebuildMenu();
    emit changed();
}

void RecentFiles::rebuildMenu()
{
    if (!m_menu)
        return;
    m_menu->clear();
    for (int i = 0; i < m_entries.size(); ++i) {
        const QString path = m_entries[i];
        // &1 … &8: keyboard accelerators in the menu.
        // A path's own '&' is doubled, not taken for a mnemonic ("amp & co").
        QAction *action = m_menu->addAction(
            tr("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path).replace(QLatin1Char('&'), QLatin1String("&&"))));
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { emit opened(path); });
    }
    if (m_entries.isEmpty()) {
        m_menu->addAction(m_emptyText.isEmpty() ? tr("No recent datasets") : m_emptyText)->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("&Clear Menu")), &QAction::triggered, this, &RecentFiles::clear);
}

} // namespace augstudio::ui
