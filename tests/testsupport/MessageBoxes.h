#pragma once

// For the UI tests: answering the modal message box or dialog a window opens, from inside its loop.

#include <QAbstractButton>
#include <QApplication>
#include <QDialog>
#include <QMessageBox>
#include <QTimer>

namespace testsupport {

// Runs `act` on the next modal widget of type Modal that opens, from inside its event loop.
template <typename Modal, typename Act>
inline void whenNextModalOpens(Act act)
{
    auto *poll = new QTimer(qApp);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, [poll, act] {
        auto *modal = qobject_cast<Modal *>(QApplication::activeModalWidget());
        if (!modal)
            return;
        poll->stop();
        poll->deleteLater();
        act(modal);
    });
    poll->start();
}

// Clicks `button` on the next message box that opens; its text goes to `text` if given.
inline void answerNextMessageBox(QMessageBox::StandardButton button, QString *text = nullptr)
{
    whenNextModalOpens<QMessageBox>([button, text](QMessageBox *box) {
        if (text)
            *text = box->text();
        box->button(button)->click();
    });
}

// Cancels the next modal dialog that opens (a file dialog); its title goes to `title` if given.
inline void cancelNextDialog(QString *title = nullptr)
{
    whenNextModalOpens<QDialog>([title](QDialog *dialog) {
        if (title)
            *title = dialog->windowTitle();
        dialog->reject();
    });
}

} // namespace testsupport
