#include "EvaluatePlot.h"

#include "AxisLabel.h"
#include "EvaluateReport.h"
#include "PlotPng.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>
#include <iterator>

namespace augstudio::ui {

namespace {

// Tableau 10: distinct on screen and in print, for up to ten arms before colours repeat.
const QColor kColours[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf)};

} // namespace

EvaluatePlot::EvaluatePlot(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setObjectName(QStringLiteral("evaluatePlot"));
    m_plot->setMinimumSize(320, 200);
    m_plot->xAxis->setLabel(tr("Epoch"));
    m_yLabel = tr("Held-out score");
    m_plot->yAxis->setLabel(m_yLabel);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] { setLabelFittingAxis(m_plot->yAxis, m_yLabel); });
    // Whole epochs only: a tick at 1.5 would mean nothing.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(0.5, 1.5);
    m_plot->yAxis->setRange(0, 1);
    // Under the axes, two entries a row, where it hides no curve (inside them it covered the
    // last epoch's points); shown once there are arms.
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(2);
    showLegend(false);

    m_emptyHint = new QCPItemText(m_plot);
    m_emptyHint->position->setAxisRect(m_plot->axisRect());
    m_emptyHint->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyHint->position->setCoords(0.5, 0.5);
    m_emptyHint->setText(tr("The held-out score of every arm appears here after each epoch."));
    m_emptyHint->setColor(Qt::gray);
}

EvaluatePlot::~EvaluatePlot()
{
    showLegend(true); // in the plot's layout, which deletes it
}

void EvaluatePlot::showLegend(bool shown)
{
    // Out of the layout while it is empty: a legend without entries caps the width of the
    // layout's column, and with it the axes', at its own few pixels.
    QCPLayoutGrid *layout = m_plot->plotLayout();
    if (shown && !layout->hasElement(1, 0)) {
        layout->addElement(1, 0, m_plot->legend);
        layout->setRowStretchFactor(1, 0.001);
    } else if (!shown && layout->hasElement(1, 0)) {
        layout->take(m_plot->legend);
        layout->simplify();
    }
    m_plot->legend->setVisible(shown);
}

void EvaluatePlot::setArms(const QStringList &labels, const std::vector<EvaluateArmKind> &kinds, int epochs)
{
    m_plot->clearGraphs();
    m_epochs = std::max(1, epochs);
    for (int i = 0; i < labels.size(); ++i) {
        const QColor colour = kColours[i % int(std::size(kColours))];
        const bool baseline = size_t(i) < kinds.size() && kinds[size_t(i)] == EvaluateArmKind::Baseline;
        QCPGraph *graph = m_plot->addGraph();
        graph->setName(labels[i]);
        graph->setPen(QPen(colour, 2, baseline ? Qt::DashLine : Qt::SolidLine));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour, colour, 6));
    }
    showLegend(!labels.isEmpty());
    m_emptyHint->setVisible(true);
    rescale();
}

void EvaluatePlot::setMetricLabel(const QString &label)
{
    m_yLabel = label;
    m_plot->yAxis->setLabel(label);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void EvaluatePlot::addScore(int arm, int epoch, double score)
{
    if (arm < 0 || arm >= m_plot->graphCount())
        return;
    QCPGraph *graph = m_plot->graph(arm);
    auto data = graph->data();
    if (!data->isEmpty() && epoch <= (data->constEnd() - 1)->key)
        data->clear(); // the arm's next run: show the current one alone
    graph->addData(epoch, score);
    m_emptyHint->setVisible(false);
    rescale();
}

void EvaluatePlot::showMeans(const EvaluateResult &result)
{
    if (result.runCount() == 0)
        return;
    for (int i = 0; i < m_plot->graphCount() && size_t(i) < result.arms.size(); ++i) {
        const std::vector<double> mean = meanCurve(result.arms[size_t(i)]);
        QVector<double> epochs, values;
        for (size_t e = 0; e < mean.size(); ++e) {
            epochs << double(e + 1);
            values << mean[e];
        }
        m_plot->graph(i)->setData(epochs, values, true);
    }
    m_emptyHint->setVisible(false);
    rescale();
}

void EvaluatePlot::clearScores()
{
    for (int i = 0; i < m_plot->graphCount(); ++i)
        m_plot->graph(i)->data()->clear();
    m_emptyHint->setVisible(true);
    rescale();
}

bool EvaluatePlot::savePng(const QString &path, QString *error)
{
    m_plot->replot();
    return savePlotPng(m_plot, path, error);
}

void EvaluatePlot::rescale()
{
    m_plot->xAxis->setRange(0.5, m_epochs + 0.5);
    // Scores lie in [0, 1]: follow the data with a margin, within those bounds.
    double low = 1.0, high = 0.0;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        for (auto it = m_plot->graph(i)->data()->constBegin(); it != m_plot->graph(i)->data()->constEnd(); ++it) {
            low = std::min(low, it->value);
            high = std::max(high, it->value);
        }
    if (low > high)
        m_plot->yAxis->setRange(0, 1);
    else
        m_plot->yAxis->setRange(std::max(0.0, low - 0.05), std::min(1.0, high + 0.05));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace augstudio::ui
