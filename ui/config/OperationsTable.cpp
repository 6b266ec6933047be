#include "OperationsTable.h"

#include "RangeCellDelegate.h"

#include "ops/OperationCatalog.h"

#include <QHeaderView>

#include <set>

namespace augstudio::ui {

namespace {

// The ShiftRGB channels an operation moves, as "shift_r" … keys.
std::set<std::string> shiftChannels(const OperationConfig &config)
{
    std::set<std::string> channels;
    for (const auto &[key, value] : config.args)
        if (key.rfind("shift_", 0) == 0 && value != 0.0)
            channels.insert(key);
    return channels;
}

} // namespace

OperationsTable::OperationsTable(QWidget *parent)
    : QTableWidget(0, 3, parent)
{
    setHorizontalHeaderLabels({tr("Operation"), tr("Low"), tr("High")});
    setAccessibleName(tr("Operations"));
    horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    horizontalHeader()->setSectionResizeMode(LowColumn, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(HighColumn, QHeaderView::ResizeToContents);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setTabKeyNavigation(false); // Tab goes on to the next control; the arrows move between cells
    setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                    | QAbstractItemView::AnyKeyPressed);
    auto *rangeDelegate = new RangeCellDelegate(this);
    setItemDelegateForColumn(LowColumn, rangeDelegate);
    setItemDelegateForColumn(HighColumn, rangeDelegate);
    connect(this, &QTableWidget::itemChanged, this, &OperationsTable::onItemChanged);
    setOperations({});
}

void OperationsTable::setDatasetChannels(int channels)
{
    if (channels == m_channels)
        return;
    m_channels = channels;
    setOperations(m_shown);
}

void OperationsTable::setOperations(const std::vector<OperationConfig> &operations)
{
    m_filling = true;
    m_shown = operations;
    setRowCount(0);
    m_rows.clear();
    const std::vector<OperationConfig> shown = operations.empty() ? defaultOperations(m_channels) : operations;
    std::set<std::string> present;
    for (const OperationConfig &config : shown) {
        const std::string name = canonicalOperationName(config.name);
        present.insert(name);
        for (const std::string &channel : shiftChannels(config))
            present.insert(channel);
        addRow(config, true);
    }
    // What the config leaves out, unticked, so that it can be added back (every operation,
    // the colour ones of a grey dataset too: shown off rather than hidden).
    for (const OperationConfig &config : defaultOperations(3)) {
        const std::set<std::string> channels = shiftChannels(config);
        const std::string key = channels.empty() ? config.name : *channels.begin();
        if (!present.count(key))
            addRow(config, false);
    }
    m_filling = false;
    m_problem.clear();
    tickedOperations(&m_problem);
    emit problemChanged(m_problem);
}

void OperationsTable::addRow(const OperationConfig &config, bool checked)
{
    Row row;
    row.config = config;
    row.config.valueRange.reset();
    row.rangeWritten = config.valueRange.has_value();
    QString name = QString::fromStdString(config.name);
    QString summary;
    bool fits = true;
    try {
        const OperationSpec defaults = resolveOperation(row.config);
        row.hasMagnitude = defaults.info().hasMagnitude;
        row.defaultLow = defaults.low;
        row.defaultHigh = defaults.high;
        name = QString::fromStdString(defaults.displayName());
        summary = QString::fromLatin1(defaults.info().summary);
        fits = operationFitsChannels(defaults.info(), m_channels);
    } catch (const std::exception &error) {
        summary = QString::fromStdString(error.what());
    }
    if (!fits) {
        // Off, and cannot be ticked: the search would refuse it.
        checked = false;
        summary = tr("The dataset is grayscale: %1 changes colour channels, so it is off.").arg(name);
    }
    const double low = config.valueRange ? config.valueRange->first : row.defaultLow;
    const double high = config.valueRange ? config.valueRange->second : row.defaultHigh;

    const int r = rowCount();
    insertRow(r);
    auto *nameItem = new QTableWidgetItem(name);
    nameItem->setFlags(fits ? Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable
                            : Qt::ItemFlags(Qt::ItemIsSelectable));
    nameItem->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    nameItem->setToolTip(summary);
    setItem(r, NameColumn, nameItem);
    for (int column : {LowColumn, HighColumn}) {
        auto *item = new QTableWidgetItem;
        if (row.hasMagnitude) {
            item->setData(Qt::EditRole, column == LowColumn ? low : high);
            item->setData(RangeCellDelegate::MinimumRole, row.defaultLow);
            item->setData(RangeCellDelegate::MaximumRole, row.defaultHigh);
            item->setFlags(fits ? Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemIsSelectable
                                : Qt::ItemFlags(Qt::ItemIsSelectable));
            item->setToolTip(fits ? tr("%1 takes values from %2 to %3")
                                        .arg(name, RangeCellDelegate::formatValue(row.defaultLow, locale()),
                                             RangeCellDelegate::formatValue(row.defaultHigh, locale()))
                                  : summary);
        } else {
            item->setText(QStringLiteral("—"));
            item->setFlags(Qt::ItemIsEnabled);
            item->setToolTip(tr("%1 has no magnitude").arg(name));
        }
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setItem(r, column, item);
    }
    m_rows.push_back(row);
}

std::vector<OperationConfig> OperationsTable::tickedOperations(QString *problem) const
{
    std::vector<OperationConfig> result;
    QString firstProblem;
    for (int r = 0; r < rowCount() && r < int(m_rows.size()); ++r) {
        if (item(r, NameColumn)->checkState() != Qt::Checked)
            continue;
        const Row &row = m_rows[size_t(r)];
        OperationConfig config = row.config;
        if (row.hasMagnitude) {
            const double low = item(r, LowColumn)->data(Qt::EditRole).toDouble();
            const double high = item(r, HighColumn)->data(Qt::EditRole).toDouble();
            if (row.rangeWritten || low != row.defaultLow || high != row.defaultHigh)
                config.valueRange = std::make_pair(low, high);
        }
        try {
            resolveOperation(config);
        } catch (const std::exception &error) {
            if (firstProblem.isEmpty())
                firstProblem = tr("Operation %1: %2").arg(item(r, NameColumn)->text(), QString::fromStdString(error.what()));
        }
        result.push_back(config);
    }
    if (result.empty() && firstProblem.isEmpty())
        firstProblem = tr("Tick at least one operation.");
    if (problem)
        *problem = firstProblem;
    // The defaults as "no list", unless the config wrote them out (the user's list stays theirs).
    if (m_shown.empty() && result == defaultOperations(m_channels))
        return {};
    return result;
}

std::vector<OperationConfig> OperationsTable::operations() const
{
    return tickedOperations(nullptr);
}

int OperationsTable::rowOf(const QString &displayName) const
{
    for (int r = 0; r < rowCount(); ++r)
        if (item(r, NameColumn)->text() == displayName)
            return r;
    return -1;
}

void OperationsTable::onItemChanged(QTableWidgetItem *changed)
{
    if (m_filling || !changed)
        return;
    QString problem;
    tickedOperations(&problem);
    // Mark the row whose range is wrong; clear marks on the others.
    for (int r = 0; r < rowCount(); ++r)
        for (int column : {LowColumn, HighColumn})
            if (QTableWidgetItem *cell = item(r, column); cell && m_rows[size_t(r)].hasMagnitude) {
                const double low = item(r, LowColumn)->data(Qt::EditRole).toDouble();
                const double high = item(r, HighColumn)->data(Qt::EditRole).toDouble();
                const bool bad = low > high;
                QSignalBlocker blocker(this);
                cell->setBackground(bad ? QColor(0xfd, 0xe2, 0xe1) : QBrush());
                cell->setForeground(bad ? QColor(0x20, 0x20, 0x20) : QBrush());
            }
    if (problem != m_problem) {
        m_problem = problem;
        emit problemChanged(m_problem);
    }
    if (m_problem.isEmpty())
        emit operationsEdited();
}

} // namespace augstudio::ui
