#include "PlateauBanner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace augstudio::ui {

PlateauBanner::PlateauBanner(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_keep(new QPushButton(this))
{
    setObjectName(QStringLiteral("plateauBanner"));
    setStyleSheet(QStringLiteral("QFrame#plateauBanner { background: #e3f4e4; border: 1px solid #5cb85c; "
                                 "border-radius: 4px; } QFrame#plateauBanner QLabel { color: #1b4d1e; }"));
    m_label->setWordWrap(true);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Hide; the search goes on"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_keep);
    layout->addWidget(close);
    connect(m_keep, &QPushButton::clicked, this, [this] { emit keepEpochRequested(m_suggestedEpoch); });
    connect(close, &QToolButton::clicked, this, &PlateauBanner::hide);
    hide();
}

void PlateauBanner::showPlateau(int plateauEpoch, int suggestedEpoch, const QString &reason, bool running)
{
    m_suggestedEpoch = suggestedEpoch;
    m_running = running;
    QString text = tr("<b>The policy has converged.</b> The average parameter change stopped falling "
                      "at epoch %1 and has oscillated since. Keep the policy of epoch %2.")
                       .arg(plateauEpoch)
                       .arg(suggestedEpoch);
    if (!reason.isEmpty())
        m_label->setToolTip(reason);
    m_label->setText(text);
    updateButton();
    show();
}

void PlateauBanner::setRunning(bool running)
{
    m_running = running;
    updateButton();
}

void PlateauBanner::dismiss()
{
    m_suggestedEpoch = 0;
    hide();
}

QString PlateauBanner::text() const
{
    return m_label->text();
}

void PlateauBanner::updateButton()
{
    m_keep->setText(m_running ? tr("Stop and keep epoch %1").arg(m_suggestedEpoch)
                              : tr("Keep epoch %1").arg(m_suggestedEpoch));
}

} // namespace augstudio::ui
