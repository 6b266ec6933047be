#pragma once

// Dataset samples as small images with a caption under each, in as many columns as fit.

#include <QFontMetrics>
#include <QImage>
#include <QList>
#include <QPixmap>
#include <QStringList>
#include <QWidget>

namespace augstudio::ui {

class CellGrid;

class ThumbnailStrip : public QWidget
{
    Q_OBJECT

public:
    explicit ThumbnailStrip(QWidget *parent = nullptr);

    void setImages(const QList<QImage> &images, const QStringList &captions);
    void clear();
    int count() const;

    static constexpr int side = 72;

private:
    CellGrid *m_grid;
};

// Scales a small image up (nearest neighbour, so pixels stay crisp) or a large one down
// to fit `side`×`side`.
QPixmap thumbnailPixmap(const QImage &image, int side);

// `name` fitted into `width`: a long one loses its beginning, not its end, as names that share
// a prefix differ at the end (ADE_train_00000123.jpg), and a file name keeps its extension.
QString thumbnailCaption(const QString &name, const QFontMetrics &metrics, int width);

} // namespace augstudio::ui
