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
    m_entries = QSettings().value(m_key).toStringList();
    while (m_entries.size() > maxEntries)
        m_entries.removeLast();
}

void RecentFiles::add(const QString &path)
{
    const QString clean = QDir::cleanPath(QFileInfo(path).absoluteFilePath());
    m_entries.removeAll(clean);
    m_entries.prepend(clean);
    while (m_entries.size() > maxEntries)
        m_entries.removeLast();
    save();
}

void RecentFiles::remove(const QString &path)
{
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
    rebuildMenu();
}

void RecentFiles::setEmptyText(const QString &text)
{
    m_emptyText = text;
    rebuildMenu();
}

void RecentFiles::save()
{
    QSettings().setValue(m_key, m_entries);
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
        QAction *action = m_menu->addAction(tr("&%1 %2").arg(i + 1).arg(QDir::toNativeSeparators(path)));
        action->setToolTip(path);
        connect(action, &QAction::triggered, this, [this, path] { emit opened(path); });
    }
    if (m_entries.isEmpty()) {
        m_menu->addAction(m_emptyText.isEmpty() ? tr("No recent datasets") : m_emptyText)->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Clear Menu")), &QAction::triggered, this, &RecentFiles::clear);
}

} // namespace augstudio::ui
