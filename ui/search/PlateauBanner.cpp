#include "PlateauBanner.h"

#include "SearchWorkspace.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace augstudio::ui {

PlateauBanner::PlateauBanner(const SearchWorkspace *workspace, QWidget *parent)
    : QFrame(parent)
    , m_workspace(workspace)
    , m_label(new QLabel(this))
    , m_keep(new QPushButton(this))
{
    setObjectName(QStringLiteral("plateauBanner"));
    setStyleSheet(QStringLiteral("QFrame#plateauBanner { background: #e3f4e4; border: 1px solid #5cb85c; "
                                 "border-radius: 4px; } QFrame#plateauBanner QLabel, QFrame#plateauBanner QToolButton "
                                 "{ color: #1b4d1e; }")); // dark on its light green in a dark theme too
    m_label->setWordWrap(true);
    auto *close = new QToolButton(this);
    close->setText(QStringLiteral("×"));
    close->setAutoRaise(true);
    close->setToolTip(tr("Hide; the search goes on"));
    close->setAccessibleName(tr("Dismiss")); // not "×"
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_keep);
    layout->addWidget(close);
    connect(m_keep, &QPushButton::clicked, this, [this] { emit keepEpochRequested(m_suggestedEpoch); });
    connect(close, &QToolButton::clicked, this, &PlateauBanner::hide);
    connect(m_workspace, &SearchWorkspace::plateauChanged, this, &PlateauBanner::showVerdict);
    connect(m_workspace, &SearchWorkspace::liveChanged, this, &PlateauBanner::updateButton);
    hide();
    showVerdict();
}

void PlateauBanner::showVerdict()
{
    if (!m_workspace->hasPlateau()) {
        m_suggestedEpoch = 0;
        hide();
        return;
    }
    const PlateauEvent &verdict = m_workspace->plateau();
    m_suggestedEpoch = verdict.suggestedEpoch;
    // Verdicts recorded without the start of the flat part name the epoch it was recognised at.
    const int flatFrom = verdict.plateauEpoch > 0 ? verdict.plateauEpoch : verdict.epoch;
    m_label->setText(tr("<b>The policy has converged.</b> The average parameter change stopped falling "
                        "at epoch %1 and has oscillated since. Keep the policy of epoch %2.")
                         .arg(flatFrom)
                         .arg(m_suggestedEpoch));
    m_label->setToolTip(reasonSentence(verdict.reason));
    updateButton();
    show();
}

QString PlateauBanner::reasonSentence(const std::string &reason)
{
    QString text = QString::fromStdString(reason);
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString PlateauBanner::text() const
{
    return m_label->text();
}

void PlateauBanner::updateButton()
{
    m_keep->setText(m_workspace->isLive() ? tr("Stop and keep epoch %1").arg(m_suggestedEpoch)
                                          : tr("Keep epoch %1").arg(m_suggestedEpoch));
}

} // namespace augstudio::ui
