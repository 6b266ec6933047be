#pragma once

// The Evaluate dialog's plot: the held-out score after each epoch, one curve per arm (one
// colour each; baselines dashed). While the evaluation runs it shows the current run's
// scores as they come; once it has ended, each arm's mean over its finished runs.

#include "evaluate/Evaluate.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPItemText;

namespace augstudio::ui {

class EvaluatePlot : public QWidget
{
    Q_OBJECT

public:
    explicit EvaluatePlot(QWidget *parent = nullptr);
    ~EvaluatePlot() override;

    // One empty curve per arm, in the order of EvaluateResult::arms, over `epochs` epochs.
    void setArms(const QStringList &labels, const std::vector<EvaluateArmKind> &kinds, int epochs);
    // The value axis' title ("Accuracy", "mIoU").
    void setMetricLabel(const QString &label);
    // The score of `arm` after `epoch`; an epoch not after the arm's last starts a new run.
    void addScore(int arm, int epoch, double score);
    // Every arm's mean curve over the result's finished runs (nothing changes without one).
    void showMeans(const EvaluateResult &result);
    // Empties every curve and shows the hint again: a run that ended before finishing once
    // leaves no half-trained curves to be read as a result.
    void clearScores();

    // Writes the plot as it is shown, at twice its size, atomically; false with the reason.
    bool savePng(const QString &path, QString *error = nullptr);

    QCustomPlot *customPlot() const { return m_plot; }

private:
    void rescale();
    void showLegend(bool shown);

    QCustomPlot *m_plot;
    QCPItemText *m_emptyHint;
    int m_epochs = 1;
    QString m_yLabel; // whole, before it is elided to the axis's height
};

} // namespace augstudio::ui
