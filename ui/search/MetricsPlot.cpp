#include "MetricsPlot.h"

#include "AxisLabel.h"
#include "PlotPng.h"
#include "SearchWorkspace.h"

#include <qcustomplot.h>

#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

namespace {

const QColor kColours[3] = {QColor(0x1f, 0x77, 0xb4), QColor(0xe6, 0x6a, 0x00), QColor(0x2c, 0xa0, 0x2c)};
const QColor kApcColour(0x8e, 0x44, 0xad);

double stepX(const StepMetrics &m)
{
    if (m.stepsPerEpoch <= 0)
        return m.epoch;
    return (m.epoch - 1) + double(m.stepInEpoch) / m.stepsPerEpoch;
}

// `text` with its lines broken between words so that none is wider than `width`; empty when a
// word alone is wider.
QString wrappedToWidth(const QString &text, const QFontMetrics &metrics, int width)
{
    QStringList lines;
    for (const QString &paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        for (const QString &word : paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            if (metrics.horizontalAdvance(word) > width)
                return {};
            const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
            if (metrics.horizontalAdvance(longer) <= width) {
                line = longer;
            } else {
                lines << line;
                line = word;
            }
        }
        lines << line;
    }
    return lines.join(QLatin1Char('\n'));
}

QColor lighter(QColor colour, int alpha)
{
    colour.setAlpha(alpha);
    return colour;
}

// The room a value axis leaves above and below the range of its curves. A range too narrow
// for the tick labels' 6 digits (one step, a constant curve) gets 5% of its value: a fixed
// 1e-6 around 0.15 labelled every tick "0.14986".
double valueAxisMargin(const QCPRange &range)
{
    const double spread = 0.06 * range.size();
    const double magnitude = std::max(std::abs(range.lower), std::abs(range.upper));
    if (spread > 1e-4 * magnitude)
        return spread;
    return magnitude > 0 ? 0.05 * magnitude : 1.0;
}

} // namespace

MetricsPlot::MetricsPlot(const SearchWorkspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_plot(new QCustomPlot(this))
    , m_replotTimer(new QTimer(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setMouseTracking(true);
    m_plot->setMinimumSize(320, 220);
    m_plot->setToolTip(QString());
    m_plot->setAccessibleName(tr("Metrics plot"));
    setUpAxes();

    m_series[0] = makeSeries(Metric::Loss, kColours[0], m_lossAxis);
    m_series[1] = makeSeries(Metric::CriticLoss, kColours[1], m_plot->yAxis);
    m_series[2] = makeSeries(Metric::PolicyLoss, kColours[2], m_plot->yAxis);
    m_apc = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
    m_apc->setName(apcLegendName(true));
    m_apc->setPen(QPen(kApcColour, 2));
    m_apc->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, kApcColour, kApcColour, 8));

    m_emptyHint = new QCPItemText(m_plot);
    m_emptyHint->position->setAxisRect(m_plot->axisRect());
    m_emptyHint->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyHint->position->setCoords(0.5, 0.5);
    m_emptyHintText = tr("Metrics appear here while a search runs.\n"
                         "Click an epoch to stop there and keep its policy,\n"
                         "or choose one under Policy in the Search panel.");
    m_emptyHint->setText(m_emptyHintText);
    m_emptyHint->setColor(QColor(0x6b, 0x6b, 0x6b)); // 5:1 on the plot's white; Qt::gray read at 2.6:1
    m_emptyHint->setClipToAxisRect(false);
    m_emptyHint->setBrush(Qt::white); // the zero line ran through its middle line
    m_emptyHint->setPadding(QMargins(6, 3, 6, 3));

    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(replotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, &MetricsPlot::replotNow);
    connect(m_plot, &QCustomPlot::afterReplot, this, [this] { ++m_replots; });
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        fitEmptyHint();
        fitAxisLabels();
    });
    connect(m_plot, &QCustomPlot::mousePress, this, &MetricsPlot::onMousePress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &MetricsPlot::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &MetricsPlot::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_autoRange = false; });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] {
        m_autoRange = true; // back to following the data
        replotNow();
    });
    connect(m_plot, &QCustomPlot::legendClick, this, &MetricsPlot::onLegendClick);

    connect(m_workspace, &SearchWorkspace::historyReset, this, &MetricsPlot::redraw);
    connect(m_workspace, &SearchWorkspace::stepAdded, this, [this](const StepMetrics &m) {
        appendStep(m);
        scheduleReplot();
    });
    connect(m_workspace, &SearchWorkspace::epochAdded, this, [this](const EpochMetrics &m) {
        appendEpoch(m);
        scheduleReplot();
    });
    connect(m_workspace, &SearchWorkspace::plateauChanged, this, &MetricsPlot::showPlateau);
    connect(m_workspace, &SearchWorkspace::selectedEpochChanged, this, &MetricsPlot::showSelectedEpoch);
    redraw();
}

void MetricsPlot::setUpAxes()
{
    // The task loss stays below a few units while the critic's values (d_loss, a_loss) can
    // reach hundreds: on one axis the loss would be a flat line, so it has its own, outside.
    m_lossAxis = m_plot->axisRect()->addAxis(QCPAxis::atLeft);
    m_axisLabels[m_lossAxis] = QStringLiteral("loss"); // the metric's name, as in the legend and metrics.csv
    m_lossAxis->setLabelColor(kColours[0]);
    m_lossAxis->setTickLabelColor(kColours[0]);
    m_lossAxis->setBasePen(QPen(kColours[0]));
    m_lossAxis->setTickPen(QPen(kColours[0]));
    m_lossAxis->setSubTickPen(QPen(kColours[0]));
    m_lossAxis->setRange(0, 1);
    m_lossAxis->grid()->setVisible(false);
    const QList<QCPAxis *> valueAxes{m_plot->yAxis, m_lossAxis, m_plot->yAxis2};
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDragAxes({m_plot->xAxis}, valueAxes);
    m_plot->axisRect()->setRangeZoomAxes({m_plot->xAxis}, valueAxes);
    m_plot->xAxis->setLabel(tr("epoch"));
    // Ticks at whole epochs (1, 2, 5, 10, ... apart as the plot zooms out): 2.5 means nothing.
    QSharedPointer<QCPAxisTickerFixed> ticker(new QCPAxisTickerFixed);
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    m_plot->xAxis->setTicker(ticker);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, [this] {
        placeBesideItsLine(m_selectedLabel, m_selectedLine);
        placeBesideItsLine(m_plateauLabel, m_plateauLine);
    });
    m_axisLabels[m_plot->yAxis] = tr("d_loss, a_loss");
    m_plot->yAxis2->setVisible(true);
    m_axisLabels[m_plot->yAxis2] = tr("average parameter change");
    for (auto it = m_axisLabels.cbegin(); it != m_axisLabels.cend(); ++it)
        it.key()->setLabel(it.value());
    m_plot->yAxis2->setLabelColor(kApcColour);
    m_plot->yAxis2->setTickLabelColor(kApcColour);
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(-1, 1);
    m_plot->yAxis2->setRange(0, 1);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(QColor(255, 255, 255, 210));
    m_plot->legend->setBorderPen(QPen(QColor(0xbb, 0xbb, 0xbb)));
    // The legend sits in a row under the plot, where it never hides a curve.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setMargins(QMargins(6, 2, 6, 2));
    m_plot->legend->setBorderPen(Qt::NoPen);
}

MetricsPlot::Series MetricsPlot::makeSeries(Metric metric, const QColor &colour, QCPAxis *valueAxis)
{
    Series series;
    series.metric = metric;
    series.raw = m_plot->addGraph(m_plot->xAxis, valueAxis);
    series.raw->setPen(QPen(lighter(colour, 70), 1));
    series.raw->removeFromLegend();
    series.smooth = m_plot->addGraph(m_plot->xAxis, valueAxis);
    series.smooth->setPen(QPen(colour, 2));
    series.smooth->setName(QString::fromLatin1(metricColumn(metric))); // the metrics.csv column
    series.means = m_plot->addGraph(m_plot->xAxis, valueAxis);
    series.means->setLineStyle(QCPGraph::lsNone);
    series.means->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, colour.darker(130), colour, 8));
    series.means->removeFromLegend();
    return series;
}

void MetricsPlot::redraw()
{
    for (Series &series : m_series) {
        series.raw->data()->clear();
        series.smooth->data()->clear();
        series.means->data()->clear();
        series.hasEma = false;
    }
    m_apc->data()->clear();
    const MetricsHistory &history = m_workspace->history();
    for (const StepMetrics &m : history.steps)
        appendStep(m);
    for (const EpochMetrics &m : history.epochs)
        appendEpoch(m);
    showPlateau();
    showSelectedEpoch(m_workspace->selectedEpoch());
    m_autoRange = true;
    scheduleReplot();
}

void MetricsPlot::truncateFrom(double x)
{
    for (Series &series : m_series) {
        series.raw->data()->removeAfter(x);
        series.smooth->data()->removeAfter(x);
        const auto last = series.smooth->data()->constEnd();
        series.hasEma = !series.smooth->data()->isEmpty();
        if (series.hasEma)
            series.ema = (last - 1)->value;
    }
}

void MetricsPlot::appendStep(const StepMetrics &m)
{
    const double x = stepX(m);
    const QCPGraph *raw = m_series[0].raw;
    if (!raw->data()->isEmpty() && (raw->data()->constEnd() - 1)->key >= x - 1e-9)
        truncateFrom(x - 1e-9);
    const double values[3] = {m.loss, m.dLoss, m.aLoss};
    for (int i = 0; i < 3; ++i) {
        Series &series = m_series[i];
        series.raw->addData(x, values[i]);
        if (!std::isfinite(values[i]))
            continue;
        series.ema = series.hasEma ? emaAlpha * values[i] + (1 - emaAlpha) * series.ema : values[i];
        series.hasEma = true;
        series.smooth->addData(x, series.ema);
    }
}

void MetricsPlot::appendEpoch(const EpochMetrics &m)
{
    // A resumed search reports the epochs it continues from again: replace, do not repeat.
    const double x = m.epoch;
    const double values[3] = {m.loss, m.dLoss, m.aLoss};
    for (int i = 0; i < 3; ++i) {
        m_series[i].means->data()->removeAfter(x - 1e-9);
        m_series[i].means->addData(x, values[i]);
    }
    m_apc->data()->removeAfter(x - 1e-9);
    if (std::isfinite(m.averageParameterChange))
        m_apc->addData(x, m.averageParameterChange);
}

void MetricsPlot::showPlateau()
{
    const int epoch = m_workspace->hasPlateau() ? m_workspace->plateau().suggestedEpoch : 0;
    if (epoch <= 0) {
        if (m_plateauLine) {
            m_plateauLine->setVisible(false);
            m_plateauLabel->setVisible(false);
            scheduleReplot();
        }
        return;
    }
    if (!m_plateauLine) {
        m_plateauLine = new QCPItemStraightLine(m_plot);
        m_plateauLine->setPen(QPen(QColor(0x2e, 0x7d, 0x32), 2));
        m_plateauLabel = new QCPItemText(m_plot);
        m_plateauLabel->position->setAxisRect(m_plot->axisRect());
        m_plateauLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_plateauLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
        m_plateauLabel->setColor(QColor(0x2e, 0x7d, 0x32));
        m_plateauLabel->setBrush(QColor(255, 255, 255, 200));
        m_plateauLabel->setPadding(QMargins(3, 2, 3, 2));
    }
    m_plateauLine->point1->setCoords(epoch, 0);
    m_plateauLine->point2->setCoords(epoch, 1);
    m_plateauLabel->position->setCoords(epoch, 0.02);
    m_plateauLabel->setText(tr(" converged: keep epoch %1").arg(epoch));
    placeBesideItsLine(m_plateauLabel, m_plateauLine);
    m_plateauLine->setVisible(true);
    m_plateauLabel->setVisible(true);
    scheduleReplot();
}

void MetricsPlot::showSelectedEpoch(int epoch)
{
    if (!m_selectedLine && epoch <= 0)
        return; // the line is made when first needed
    if (!m_selectedLine) {
        m_selectedLine = new QCPItemStraightLine(m_plot);
        QPen pen(QColor(0x44, 0x44, 0x44), 1.5, Qt::DashLine);
        m_selectedLine->setPen(pen);
        m_selectedLabel = new QCPItemText(m_plot);
        m_selectedLabel->position->setAxisRect(m_plot->axisRect());
        m_selectedLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_selectedLabel->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        m_selectedLabel->setColor(QColor(0x44, 0x44, 0x44));
        m_selectedLabel->setBrush(QColor(255, 255, 255, 200));
    }
    m_selectedLine->setVisible(epoch > 0);
    m_selectedLabel->setVisible(epoch > 0);
    if (epoch > 0) {
        m_selectedLine->point1->setCoords(epoch, 0);
        m_selectedLine->point2->setCoords(epoch, 1);
        m_selectedLabel->position->setCoords(epoch, 0.98);
        m_selectedLabel->setText(tr("selected: epoch %1 ").arg(epoch));
        placeBesideItsLine(m_selectedLabel, m_selectedLine);
    }
    scheduleReplot();
}

void MetricsPlot::placeBesideItsLine(QCPItemText *label, QCPItemStraightLine *line)
{
    // On the side of the line with more room, so that near an edge it is not cut off.
    if (!label || !line)
        return;
    const bool leftHalf = line->point1->key() < m_plot->xAxis->range().center();
    const Qt::Alignment vertical = label->positionAlignment() & Qt::AlignVertical_Mask;
    label->setPositionAlignment((leftHalf ? Qt::AlignLeft : Qt::AlignRight) | vertical);
}

// The hint between the axes, its lines rewrapped to their width (large fonts, a narrow
// window); hidden only where a word or the lines' height would cross the tick labels.
void MetricsPlot::fitEmptyHint()
{
    if (m_workspace->hasMetrics()) {
        m_emptyHint->setVisible(false);
        return;
    }
    const QRect room = m_plot->axisRect()->rect().adjusted(4, 4, -4, -4);
    const QFontMetrics metrics(m_emptyHint->font());
    QString text = m_emptyHintText;
    QRect bounds = metrics.boundingRect(QRect(), 0, text);
    if (bounds.width() > room.width()) {
        text = wrappedToWidth(m_emptyHintText, metrics, room.width());
        bounds = metrics.boundingRect(QRect(), 0, text);
    }
    m_emptyHint->setText(text);
    m_emptyHint->setVisible(!text.isEmpty() && bounds.height() <= room.height());
}

int MetricsPlot::nearestFinishedEpoch(double x) const
{
    int best = 0;
    double bestDistance = 0;
    for (const EpochMetrics &m : m_workspace->history().epochs) {
        const double distance = std::abs(m.epoch - x);
        if (best == 0 || distance < bestDistance) {
            best = m.epoch;
            bestDistance = distance;
        }
    }
    return best;
}

QPoint MetricsPlot::pixelForEpoch(double x) const
{
    const QRect rect = m_plot->axisRect()->rect();
    return QPoint(int(std::lround(m_plot->xAxis->coordToPixel(x))), rect.center().y());
}

bool MetricsPlot::savePng(const QString &path, QString *error)
{
    replotNow();
    return savePlotPng(m_plot, path, error);
}

QCPGraph *MetricsPlot::mainGraphOf(Metric metric) const
{
    if (metric == Metric::AverageParameterChange)
        return m_apc;
    for (const Series &series : m_series)
        if (series.metric == metric)
            return series.smooth;
    return nullptr;
}

bool MetricsPlot::isMetricVisible(Metric metric) const
{
    const QCPGraph *graph = mainGraphOf(metric);
    return graph && graph->visible();
}

QCPAxis *MetricsPlot::valueAxisOf(Metric metric) const
{
    const QCPGraph *graph = mainGraphOf(metric);
    return graph ? graph->valueAxis() : nullptr;
}

void MetricsPlot::setMetricVisible(Metric metric, bool visible)
{
    QList<QCPGraph *> graphs;
    if (metric == Metric::AverageParameterChange)
        graphs << m_apc;
    for (const Series &series : m_series)
        if (series.metric == metric)
            graphs << series.raw << series.smooth << series.means;
    for (QCPGraph *graph : graphs)
        graph->setVisible(visible);
    // The legend keeps the entry, greyed out, so that it can be clicked back on.
    QCPGraph *entry = graphs.isEmpty() ? nullptr : (graphs.size() == 1 ? graphs[0] : graphs[1]);
    if (QCPPlottableLegendItem *item = entry ? m_plot->legend->itemWithPlottable(entry) : nullptr)
        item->setTextColor(visible ? Qt::black : Qt::gray);
    scheduleReplot();
}

void MetricsPlot::onLegendClick(QCPLegend *, QCPAbstractLegendItem *item, QMouseEvent *)
{
    auto *plottableItem = qobject_cast<QCPPlottableLegendItem *>(item);
    if (!plottableItem)
        return;
    QCPAbstractPlottable *plottable = plottableItem->plottable();
    if (plottable == m_apc) {
        setMetricVisible(Metric::AverageParameterChange, !m_apc->visible());
        return;
    }
    for (const Series &series : m_series)
        if (plottable == series.smooth)
            setMetricVisible(series.metric, !series.smooth->visible());
}

void MetricsPlot::scheduleReplot()
{
    if (!m_replotTimer->isActive())
        m_replotTimer->start();
}

void MetricsPlot::replotNow()
{
    m_replotTimer->stop();
    if (m_autoRange)
        rescale();
    m_plot->replot();
    describe();
}

void MetricsPlot::describe()
{
    // What the curves show, in words: the plot is a picture to a screen reader.
    const MetricsHistory &history = m_workspace->history();
    QString text;
    if (history.epochs.empty()) {
        text = m_workspace->hasMetrics() ? tr("The first epoch has not finished yet.") : tr("No search metrics yet.");
    } else {
        const EpochMetrics &last = history.epochs.back();
        text = tr("Epoch %1: loss %2, d_loss %3, a_loss %4, average parameter change %5.")
                   .arg(last.epoch)
                   .arg(last.loss, 0, 'g', 4)
                   .arg(last.dLoss, 0, 'g', 4)
                   .arg(last.aLoss, 0, 'g', 4)
                   .arg(last.averageParameterChange, 0, 'g', 4);
    }
    const int selected = m_workspace->selectedEpoch();
    if (selected > 0)
        text += QLatin1Char(' ') + tr("Selected policy: epoch %1.").arg(selected);
    m_plot->setAccessibleDescription(text);
}

void MetricsPlot::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLegend();
}

QString MetricsPlot::apcLegendName(bool namingItsAxis)
{
    return namingItsAxis ? tr("average parameter change (right axis)") : tr("average parameter change");
}

void MetricsPlot::fitLegend()
{
    QCPLegend *legend = m_plot->legend;
    const int wrap = legend->wrap();
    const QString name = m_apc->name();
    // One row, or two; where two do not fit with the axis named, the axis's colour names it.
    // One entry a row is the last resort: on a short plot it takes the curves' room.
    const std::pair<int, bool> layouts[] = {{0, true}, {2, true}, {2, false}, {1, false}};
    for (const auto &[columns, namingItsAxis] : layouts) {
        m_apc->setName(apcLegendName(namingItsAxis));
        legend->setWrap(columns);
        legend->setFillOrder(legend->fillOrder(), true);
        if (legend->minimumOuterSizeHint().width() <= m_plot->width())
            break;
    }
    if (legend->wrap() != wrap || m_apc->name() != name)
        m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MetricsPlot::fitAxisLabels()
{
    for (auto it = m_axisLabels.cbegin(); it != m_axisLabels.cend(); ++it)
        setLabelFittingAxis(it.key(), it.value());
}

void MetricsPlot::rescale()
{
    const MetricsHistory &history = m_workspace->history();
    double lastX = 1;
    if (!history.steps.empty())
        lastX = std::max(lastX, stepX(history.steps.back()));
    if (!history.epochs.empty())
        lastX = std::max(lastX, double(history.epochs.back().epoch));
    m_plot->xAxis->setRange(0, lastX * 1.03);
    // Each value axis spans the visible curves drawn on it.
    for (QCPAxis *axis : {m_plot->yAxis, m_lossAxis}) {
        bool found = false;
        QCPRange y;
        for (const Series &series : m_series)
            for (QCPGraph *graph : {series.raw, series.means}) {
                if (!graph->visible() || graph->valueAxis() != axis)
                    continue;
                bool ok = false;
                const QCPRange range = graph->getValueRange(ok);
                if (!ok)
                    continue;
                y = found ? QCPRange(std::min(y.lower, range.lower), std::max(y.upper, range.upper)) : range;
                found = true;
            }
        if (found) {
            const double margin = valueAxisMargin(y);
            axis->setRange(y.lower - margin, y.upper + margin);
        }
    }
    bool ok = false;
    const QCPRange apc = m_apc->getValueRange(ok);
    if (ok)
        m_plot->yAxis2->setRange(0, std::max(1e-6, apc.upper * 1.1));
}

void MetricsPlot::onMousePress(QMouseEvent *event)
{
    m_pressPos = event->pos();
    m_pressed = event->button() == Qt::LeftButton;
}

void MetricsPlot::onMouseMove(QMouseEvent *event)
{
    if (event->buttons() & Qt::LeftButton) {
        if ((event->pos() - m_pressPos).manhattanLength() > 3)
            m_autoRange = false; // the user is panning: stop following the data
        return;
    }
    showReadout(event);
}

void MetricsPlot::onMouseRelease(QMouseEvent *event)
{
    const bool click = m_pressed && event->button() == Qt::LeftButton
                       && (event->pos() - m_pressPos).manhattanLength() <= 3;
    m_pressed = false;
    if (!click || !m_plot->axisRect()->rect().contains(event->pos()))
        return;
    if (m_plot->legend->visible() && m_plot->legend->outerRect().contains(event->pos()))
        return; // a legend click toggles a curve, it selects no epoch
    const int epoch = nearestFinishedEpoch(m_plot->xAxis->pixelToCoord(event->pos().x()));
    if (epoch > 0)
        emit epochClicked(epoch);
}

void MetricsPlot::showReadout(QMouseEvent *event)
{
    const MetricsHistory &history = m_workspace->history();
    if (history.steps.empty() || !m_plot->axisRect()->rect().contains(event->pos())) {
        QToolTip::hideText();
        return;
    }
    const double x = m_plot->xAxis->pixelToCoord(event->pos().x());
    const auto &steps = history.steps;
    const auto nearest = std::min_element(steps.begin(), steps.end(), [x](const StepMetrics &a, const StepMetrics &b) {
        return std::abs(stepX(a) - x) < std::abs(stepX(b) - x);
    });
    QString text = tr("epoch %1, step %2\nloss %3   d_loss %4   a_loss %5")
                       .arg(nearest->epoch)
                       .arg(nearest->step)
                       .arg(nearest->loss, 0, 'g', 4)
                       .arg(nearest->dLoss, 0, 'g', 4)
                       .arg(nearest->aLoss, 0, 'g', 4);
    const int epoch = nearestFinishedEpoch(x);
    for (const EpochMetrics &m : history.epochs)
        if (m.epoch == epoch && std::abs(epoch - x) < 0.25)
            text += tr("\nepoch %1 means: loss %2   d_loss %3   a_loss %4\naverage parameter change %5")
                        .arg(m.epoch)
                        .arg(m.loss, 0, 'g', 4)
                        .arg(m.dLoss, 0, 'g', 4)
                        .arg(m.aLoss, 0, 'g', 4)
                        .arg(m.averageParameterChange, 0, 'g', 4);
    QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

} // namespace augstudio::ui
