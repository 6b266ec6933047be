#pragma once

// For the UI tests: answering the modal message box or dialog a window opens, from inside its loop.

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QMessageBox>
#include <QTimer>

namespace testsupport {

// Clicks `button` on the next message box that opens; its text goes to `text` if given.
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString *text = nullptr)
{
    auto *poll = new QTimer(qApp);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, button, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        poll->stop();
        poll->deleteLater();
        if (text)
            *text = box->text();
        box->button(button)->click();
    });
    poll->start();
}

// Cancels the next modal dialog that opens (a file dialog); its title goes to `title` if given.
inline void cancelNextDialog(QString *title = nullptr)
{
    auto *poll = new QTimer(qApp);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, title] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        poll->deleteLater();
        if (title)
            *title = dialog->windowTitle();
        dialog->reject();
    });
    poll->start();
}

} // namespace testsupport
