#pragma once

// The live plot: loss, d_loss and a_loss per step (thin, light) with a smoothed line
// each, their per-epoch means as markers, and the Average Parameter Change per epoch on
// the right axis. The task loss has its own (outer left) axis: the critic's values are
// often a hundred times larger. The x axis counts epochs (step / steps per epoch). A view of
// a SearchWorkspace: it draws the workspace's metrics, plateau and selected epoch as they
// change, and keeps none of them. Data is appended at once; replots are coalesced by a timer
// so that fast searches cost little.

#include "search/MetricsCsv.h"
#include "search/SearchEvents.h"

#include <QHash>
#include <QPoint>
#include <QString>
#include <QWidget>

class QCPAxis;
class QCustomPlot;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCPAbstractLegendItem;
class QCPLegend;
class QMouseEvent;
class QTimer;

namespace augstudio::ui {

class SearchWorkspace;

class MetricsPlot : public QWidget
{
    Q_OBJECT

public:
    explicit MetricsPlot(const SearchWorkspace *workspace, QWidget *parent = nullptr);

    // The finished epoch nearest to the fractional epoch `x`; 0 if none has finished.
    int nearestFinishedEpoch(double x) const;
    // The pixel of the plot widget where epoch `x` lies, at mid height of the axis rect.
    QPoint pixelForEpoch(double x) const;

    // The plot as a PNG at twice its size, written atomically; false with the reason in
    // `error` (naming the file) when it could not be written.
    bool savePng(const QString &path, QString *error = nullptr);

    QCustomPlot *customPlot() const { return m_plot; }
    // The value axis the curves of `metric` are drawn on.
    QCPAxis *valueAxisOf(Metric metric) const;
    // Replots done so far (they are coalesced; see replotIntervalMs).
    int replotCount() const { return m_replots; }
    // Whether the curves of `metric` are shown.
    bool isMetricVisible(Metric metric) const;
    void setMetricVisible(Metric metric, bool visible);

    static constexpr int replotIntervalMs = 50;
    static constexpr double emaAlpha = 0.1;

signals:
    // The user clicked on the plot near a finished epoch.
    void epochClicked(int epoch);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Series
    {
        Metric metric = Metric::Loss;
        QCPGraph *raw = nullptr;
        QCPGraph *smooth = nullptr;
        QCPGraph *means = nullptr;
        double ema = 0;
        bool hasEma = false;
    };

    // The graph that stands for `metric` in the legend (the smoothed line; APC's own).
    QCPGraph *mainGraphOf(Metric metric) const;
    void setUpAxes();
    void fitEmptyHint();
    Series makeSeries(Metric metric, const QColor &colour, QCPAxis *valueAxis);
    // Everything the workspace holds, drawn anew.
    void redraw();
    void appendStep(const StepMetrics &metrics);
    void appendEpoch(const EpochMetrics &metrics);
    // A vertical line at the suggested epoch saying the policy has converged; hidden without a verdict.
    void showPlateau();
    // A dashed line at the selected epoch (0 = none).
    void showSelectedEpoch(int epoch);
    void placeBesideItsLine(QCPItemText *label, QCPItemStraightLine *line);
    // The legend in as few rows as fit the plot's width.
    void fitLegend();
    static QString apcLegendName(bool namingItsAxis);
    // The value axes' labels, elided to the axes' height.
    void fitAxisLabels();
    void scheduleReplot();
    void replotNow();
    // The latest epoch's values and the selected epoch, as the plot's accessible description.
    void describe();
    void rescale();
    void onMousePress(QMouseEvent *event);
    void onMouseMove(QMouseEvent *event);
    void onMouseRelease(QMouseEvent *event);
    void onLegendClick(QCPLegend *legend, QCPAbstractLegendItem *item, QMouseEvent *event);
    void showReadout(QMouseEvent *event);
    // A resumed search repeats the steps after its checkpoint: drops those drawn from `x` on.
    void truncateFrom(double x);

    const SearchWorkspace *m_workspace;
    QCustomPlot *m_plot;
    QTimer *m_replotTimer;
    Series m_series[3];
    QCPGraph *m_apc = nullptr;
    QCPAxis *m_lossAxis = nullptr;
    QHash<QCPAxis *, QString> m_axisLabels; // whole, before fitAxisLabels elides them
    QCPItemText *m_emptyHint = nullptr;
    QString m_emptyHintText; // as written, before fitEmptyHint rewraps it
    QCPItemStraightLine *m_plateauLine = nullptr;
    QCPItemText *m_plateauLabel = nullptr;
    QCPItemStraightLine *m_selectedLine = nullptr;
    QCPItemText *m_selectedLabel = nullptr;
    QPoint m_pressPos;
    bool m_pressed = false;
    bool m_autoRange = true;
    int m_replots = 0;
};

} // namespace augstudio::ui
