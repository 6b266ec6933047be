#pragma once

// Equal-sized cells laid out in as many columns as the width allows, reflowed on resize,
// so that a narrow dock shows fewer columns instead of a horizontal scroll bar.

#include <QList>
#include <QWidget>

class QGridLayout;

namespace augstudio::ui {

class CellGrid : public QWidget
{
    Q_OBJECT

public:
    explicit CellGrid(int cellWidth, QWidget *parent = nullptr);

    void addCell(QWidget *cell);
    void clear();
    int count() const { return int(m_cells.size()); }
    QWidget *cell(int index) const { return m_cells.value(index); }
    int columns() const { return m_columns; }

    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void reflow(bool force);

    QGridLayout *m_grid;
    QList<QWidget *> m_cells;
    int m_cellWidth;
    int m_columns = 0;
};

} // namespace augstudio::ui
