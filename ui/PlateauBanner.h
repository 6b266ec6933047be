#pragma once

// The coloured strip above the plot that says the policy has converged and offers to
// stop and keep the suggested epoch. It never stops anything by itself.

#include <QFrame>

class QLabel;
class QPushButton;

namespace augstudio::ui {

class PlateauBanner : public QFrame
{
    Q_OBJECT

public:
    explicit PlateauBanner(QWidget *parent = nullptr);

    // `running`: whether a search is still going (the button then also stops it).
    void showPlateau(int plateauEpoch, int suggestedEpoch, const QString &reason, bool running);
    void setRunning(bool running);
    void dismiss();
    bool isShown() const { return m_suggestedEpoch > 0 && !isHidden(); }
    int suggestedEpoch() const { return m_suggestedEpoch; }
    QString text() const;
    QPushButton *keepButton() const { return m_keep; }

signals:
    void keepEpochRequested(int epoch);

private:
    void updateButton();

    QLabel *m_label;
    QPushButton *m_keep;
    int m_suggestedEpoch = 0;
    bool m_running = false;
};

} // namespace augstudio::ui
