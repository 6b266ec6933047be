#include "CellGrid.h"

#include <QGridLayout>
#include <QResizeEvent>

namespace augstudio::ui {

CellGrid::CellGrid(int cellWidth, QWidget *parent)
    : QWidget(parent)
    , m_grid(new QGridLayout(this))
    , m_cellWidth(cellWidth)
{
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(10);
    m_grid->setVerticalSpacing(8);
    m_grid->setAlignment(Qt::AlignLeft | Qt::AlignTop);
}

void CellGrid::addCell(QWidget *cell)
{
    cell->setParent(this);
    cell->setFixedWidth(m_cellWidth);
    m_cells.append(cell);
    reflow(true);
    cell->show();
}

void CellGrid::clear()
{
    while (QLayoutItem *item = m_grid->takeAt(0))
        delete item;
    qDeleteAll(m_cells);
    m_cells.clear();
}

QSize CellGrid::minimumSizeHint() const
{
    const QSize hint = QWidget::minimumSizeHint();
    return QSize(m_cellWidth, hint.height());
}

void CellGrid::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    reflow(false);
}

void CellGrid::reflow(bool force)
{
    const int spacing = m_grid->horizontalSpacing();
    const int columns = std::max(1, (width() + spacing) / (m_cellWidth + spacing));
    if (!force && columns == m_columns)
        return;
    m_columns = columns;
    while (QLayoutItem *item = m_grid->takeAt(0))
        delete item;
    for (int i = 0; i < m_cells.size(); ++i)
        m_grid->addWidget(m_cells[i], i / columns, i % columns, Qt::AlignLeft | Qt::AlignTop);
}

} // namespace augstudio::ui
