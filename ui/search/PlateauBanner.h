#pragma once

// The coloured strip above the plot that says the policy has converged and offers to
// stop and keep the suggested epoch. A view of a SearchWorkspace: it shows the
// workspace's plateau verdict and never stops anything by itself.

#include <QFrame>

#include <string>

class QLabel;
class QPushButton;

namespace augstudio::ui {

class SearchWorkspace;

class PlateauBanner : public QFrame
{
    Q_OBJECT

public:
    explicit PlateauBanner(const SearchWorkspace *workspace, QWidget *parent = nullptr);

    bool isShown() const { return m_suggestedEpoch > 0 && !isHidden(); }
    int suggestedEpoch() const { return m_suggestedEpoch; }
    QString text() const;
    QPushButton *keepButton() const { return m_keep; }
    // The engine's reason ("the APC stopped falling …") as a sentence of its own: capitalised.
    static QString reasonSentence(const std::string &reason);

signals:
    void keepEpochRequested(int epoch);

private:
    // Shown when the workspace has a verdict; hidden (until the next one) when it has none.
    void showVerdict();
    void updateButton();

    const SearchWorkspace *m_workspace;
    QLabel *m_label;
    QPushButton *m_keep;
    int m_suggestedEpoch = 0;
};

} // namespace augstudio::ui
