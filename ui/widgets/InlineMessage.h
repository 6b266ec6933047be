#pragma once

// A coloured message strip shown inside a panel (not a dialog): what went wrong and what
// to do, in place, while the rest of the app keeps working.

#include <QFrame>

class QLabel;
class QScrollArea;
class QToolButton;

namespace augstudio::ui {

class InlineMessage : public QFrame
{
    Q_OBJECT

public:
    enum Level { Information, Warning, Error };

    explicit InlineMessage(QWidget *parent = nullptr);

    // `format`: Qt::RichText for text whose own characters are escaped ("&gt;"), which the
    // automatic choice shows as written where the text has no tag.
    void showMessage(const QString &text, Level level, Qt::TextFormat format = Qt::AutoText);
    void clearMessage();
    QString text() const;
    Level level() const { return m_level; }
    // A longer message scrolls within this many lines (0, the default: it shows whole), so
    // that a list of notes leaves room for the panel it sits in.
    void setMaximumLines(int lines);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitHeight();

    QLabel *m_label;
    QScrollArea *m_scroll;
    QToolButton *m_close;
    int m_maximumLines = 0;
    Level m_level = Information;
};

} // namespace augstudio::ui
