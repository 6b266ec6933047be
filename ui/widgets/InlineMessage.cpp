#include "InlineMessage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QToolButton>

#include <algorithm>

namespace augstudio::ui {

InlineMessage::InlineMessage(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel)
    , m_scroll(new QScrollArea(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("inlineMessage"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setWordWrap(true);
    // A message's file names and errors are copied into bug reports: by keyboard too.
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_close->setText(QStringLiteral("×"));
    m_close->setAutoRaise(true);
    m_close->setToolTip(tr("Hide this message"));
    m_close->setAccessibleName(tr("Dismiss")); // not "×"
    m_scroll->setWidget(m_label);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setFocusPolicy(Qt::NoFocus); // a wrapper, no Tab stop
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 4, 6);
    layout->addWidget(m_scroll, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &InlineMessage::clearMessage);
    hide();
}

void InlineMessage::showMessage(const QString &text, Level level, Qt::TextFormat format)
{
    m_level = level;
    m_label->setTextFormat(format);
    m_label->setText(text);
    static const char *const styles[] = {
        "QFrame#inlineMessage { background: #e3f0fb; border: 1px solid #7fb2e5; border-radius: 4px; }",
        "QFrame#inlineMessage { background: #fff4d6; border: 1px solid #e0a800; border-radius: 4px; }",
        "QFrame#inlineMessage { background: #fde2e1; border: 1px solid #d9534f; border-radius: 4px; }",
    };
    setStyleSheet(QString::fromLatin1(styles[level])
                  + QStringLiteral(" QFrame#inlineMessage QLabel, QFrame#inlineMessage QToolButton"
                                   " { color: #202020; background: transparent; }"
                                   " QFrame#inlineMessage QScrollArea, QFrame#inlineMessage QScrollArea > QWidget"
                                   " { background: transparent; }"));
    show();
    fitHeight();
}

void InlineMessage::setMaximumLines(int lines)
{
    m_maximumLines = std::max(0, lines);
    fitHeight();
}

void InlineMessage::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    fitHeight();
}

void InlineMessage::fitHeight()
{
    // The label's height at the width it has, up to the maximum; the rest scrolls.
    const int whole = m_label->heightForWidth(std::max(1, m_scroll->width()));
    const int cap = m_maximumLines > 0 ? m_maximumLines * m_label->fontMetrics().lineSpacing() : whole;
    m_scroll->setFixedHeight(std::max(std::min(whole, cap), m_label->fontMetrics().lineSpacing()));
}

void InlineMessage::clearMessage()
{
    m_label->clear();
    hide();
}

QString InlineMessage::text() const
{
    return isHidden() ? QString() : m_label->text();
}

} // namespace augstudio::ui
