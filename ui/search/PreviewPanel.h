#pragma once

// Pairs of original and augmented images from the running search, each with the
// sub-policy that produced it; segmentation masks are laid over in translucent colours.

#include "search/SearchEvents.h"

#include <QWidget>

class QLabel;
class QScrollArea;

namespace augstudio::ui {

class CellGrid;

class PreviewPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PreviewPanel(QWidget *parent = nullptr);

    void setPreview(const Preview &preview);
    void clear();
    int sampleCount() const;
    QString captionText(int index) const;

    static constexpr int side = 96;

private:
    QLabel *m_title;
    CellGrid *m_grid;
    QScrollArea *m_scroll;
};

} // namespace augstudio::ui
