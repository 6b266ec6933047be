#include "WheelNeedsFocus.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>

namespace augstudio::ui {

namespace {

class WheelFilter : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Wheel)
            return false;
        const auto *field = qobject_cast<QWidget *>(watched);
        if (!field || field->hasFocus())
            return false;
        // Not delivered, and not accepted: QApplication offers it to the parents in turn.
        event->ignore();
        return true;
    }
};

} // namespace

void wheelNeedsFocus(QWidget *field)
{
    static WheelFilter *filter = new WheelFilter(QCoreApplication::instance());
    field->setFocusPolicy(Qt::StrongFocus);
    field->installEventFilter(filter);
}

} // namespace augstudio::ui
