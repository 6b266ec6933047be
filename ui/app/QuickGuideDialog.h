#pragma once

// Help ▸ Quick Guide (F1): the app's workflow in six steps and every key it answers to, the
// menus' shortcuts read from the menus themselves so that the list cannot fall behind them.

#include <QDialog>

class QMenuBar;
class QTextBrowser;

namespace augstudio::ui {

class QuickGuideDialog : public QDialog
{
    Q_OBJECT

public:
    explicit QuickGuideDialog(const QMenuBar *menus, QWidget *parent = nullptr);

    // The guide as shown, as plain text.
    QString text() const;

private:
    static QString workflowHtml();
    static QString keysHtml(const QMenuBar *menus);

    QTextBrowser *m_text;
};

} // namespace augstudio::ui
