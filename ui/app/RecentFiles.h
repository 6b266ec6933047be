#pragma once

// The most recently opened dataset folders, newest first, kept in QSettings and shown as
// a menu (File ▸ Recent Datasets).

#include <QObject>
#include <QStringList>

class QMenu;

namespace augstudio::ui {

class RecentFiles : public QObject
{
    Q_OBJECT

public:
    explicit RecentFiles(const QString &settingsKey, QObject *parent = nullptr);

    static constexpr int maxEntries = 8;

    QStringList entries() const { return m_entries; }
    void add(const QString &path);
    void remove(const QString &path);
    void clear();
    // Keeps `menu` filled with the entries (and "Clear Menu"); triggers opened().
    void attachMenu(QMenu *menu);
    // What the menu shows when there are no entries (default: "No recent datasets").
    void setEmptyText(const QString &text);

signals:
    void opened(const QString &path);
    void changed();

private:
    void reload();
    void save();
    void rebuildMenu();

    QString m_key;
    QStringList m_entries;
    QMenu *m_menu = nullptr;
    QString m_emptyText;
};

} // namespace augstudio::ui
