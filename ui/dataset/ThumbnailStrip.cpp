#include "ThumbnailStrip.h"

#include "CellGrid.h"

#include <QLabel>
#include <QVBoxLayout>

namespace augstudio::ui {

QPixmap thumbnailPixmap(const QImage &image, int side)
{
    if (image.isNull())
        return {};
    const bool upscale = image.width() < side && image.height() < side;
    return QPixmap::fromImage(image.scaled(side, side, Qt::KeepAspectRatio,
                                           upscale ? Qt::FastTransformation : Qt::SmoothTransformation));
}

QString thumbnailCaption(const QString &name, const QFontMetrics &metrics, int width)
{
    if (metrics.horizontalAdvance(name) <= width)
        return name;
    constexpr int kLongestExtension = 5; // ".jpeg", ".tiff"
    const int dot = name.lastIndexOf(QLatin1Char('.'));
    const bool hasExtension = dot > 0 && name.size() - dot <= kLongestExtension;
    const QString extension = hasExtension ? name.mid(dot) : QString();
    const QString stem = name.left(name.size() - extension.size());
    return metrics.elidedText(stem, Qt::ElideLeft, width - metrics.horizontalAdvance(extension)) + extension;
}

ThumbnailStrip::ThumbnailStrip(QWidget *parent)
    : QWidget(parent)
    , m_grid(new CellGrid(side, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_grid);
}

void ThumbnailStrip::clear()
{
    m_grid->clear();
}

int ThumbnailStrip::count() const
{
    return m_grid->count();
}

void ThumbnailStrip::setImages(const QList<QImage> &images, const QStringList &captions)
{
    clear();
    for (int i = 0; i < images.size(); ++i) {
        auto *cell = new QWidget;
        auto *layout = new QVBoxLayout(cell);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        auto *picture = new QLabel(cell);
        picture->setPixmap(thumbnailPixmap(images[i], side));
        picture->setFixedSize(side, side);
        picture->setAlignment(Qt::AlignCenter);
        picture->setStyleSheet(QStringLiteral("background: #202020;"));
        auto *caption = new QLabel(cell);
        const QString text = i < captions.size() ? captions[i] : QString();
        caption->setTextFormat(Qt::PlainText);
        caption->setText(thumbnailCaption(text, caption->fontMetrics(), side));
        caption->setToolTip(text);
        caption->setAlignment(Qt::AlignHCenter);
        layout->addWidget(picture);
        layout->addWidget(caption);
        m_grid->addCell(cell);
    }
}

} // namespace augstudio::ui
