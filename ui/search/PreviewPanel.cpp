#include "PreviewPanel.h"

#include "CellGrid.h"
#include "ImageConversion.h"
#include "ThumbnailStrip.h"

#include <QGridLayout>
#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace augstudio::ui {

namespace {

QLabel *pictureLabel(const QImage &image, const QString &tip, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setFixedSize(PreviewPanel::side, PreviewPanel::side);
    label->setAlignment(Qt::AlignCenter);
    label->setPixmap(thumbnailPixmap(image, PreviewPanel::side));
    label->setStyleSheet(QStringLiteral("background: #202020;"));
    label->setToolTip(tip);
    return label;
}

} // namespace

PreviewPanel::PreviewPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_grid(new CellGrid(2 * side + 2))
    , m_scroll(new QScrollArea(this))
{
    QScrollArea *scroll = m_scroll;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // A Tab stop only while it shows pictures, framed when it has the focus: the arrows and
    // Page Up/Down reach the ones below the fold. Empty, it takes no focus (as a Tab stop it
    // took the window's first focus, framed in black at every start).
    scroll->setFocusPolicy(Qt::NoFocus);
    scroll->setAccessibleName(tr("Preview pictures"));
    // The frame only with the focus (a QFocusFrame given the widget stays drawn, focus or not).
    scroll->setObjectName(QStringLiteral("previewPictures"));
    scroll->setStyleSheet(QStringLiteral("#previewPictures { border: 2px solid transparent; }"
                                         "#previewPictures:focus { border: 2px solid palette(highlight); }"));
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(m_grid);
    m_title->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(scroll, 1);
    clear();
}

void PreviewPanel::clear()
{
    m_grid->clear();
    m_scroll->setFocusPolicy(Qt::NoFocus);
    m_title->setText(tr("Original and augmented images appear here while a search runs "
                        "(Search ▸ Refresh Preview for new ones)."));
}

void PreviewPanel::setPreview(const Preview &preview)
{
    clear();
    m_title->setText(tr("Epoch %1: original (left) and augmented (right), with the sub-policy applied")
                         .arg(preview.epoch));
    QList<QLabel *> captions;
    for (const PreviewSample &sample : preview.samples) {
        QImage original = toQImage(sample.original);
        QImage augmented = toQImage(sample.augmented);
        if (!sample.originalMask.pixels.empty())
            original = overlayMask(original, sample.originalMask);
        if (!sample.augmentedMask.pixels.empty())
            augmented = overlayMask(augmented, sample.augmentedMask);
        const QString description = QString::fromStdString(sample.description);

        auto *cell = new QWidget;
        auto *cellLayout = new QGridLayout(cell);
        cellLayout->setContentsMargins(0, 0, 0, 0);
        cellLayout->setSpacing(2);
        cellLayout->addWidget(pictureLabel(original, tr("original"), cell), 0, 0);
        cellLayout->addWidget(pictureLabel(augmented, description, cell), 0, 1);
        auto *caption = new QLabel(tr("sub-policy %1: %2").arg(sample.subPolicy).arg(description), cell);
        caption->setObjectName(QStringLiteral("previewCaption"));
        caption->setWordWrap(true);
        caption->setMaximumWidth(2 * side + 2);
        caption->setToolTip(description);
        QFont small = caption->font();
        small.setPointSizeF(small.pointSizeF() * 0.85);
        caption->setFont(small);
        caption->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        cellLayout->addWidget(caption, 1, 0, 1, 2);
        captions.append(caption);
        m_grid->addCell(cell);
    }
    // One height for all, the longest caption's: the grid's rows stay even, none is cut.
    int height = 0;
    for (const QLabel *caption : std::as_const(captions))
        height = std::max(height, QFontMetrics(caption->font())
                                      .boundingRect(QRect(0, 0, caption->maximumWidth(), 1 << 20),
                                                    Qt::TextWordWrap, caption->text())
                                      .height());
    for (QLabel *caption : std::as_const(captions))
        caption->setFixedHeight(height + 2);
    m_scroll->setFocusPolicy(preview.samples.empty() ? Qt::NoFocus : Qt::TabFocus);
}

int PreviewPanel::sampleCount() const
{
    return m_grid->count();
}

QString PreviewPanel::captionText(int index) const
{
    QWidget *cell = m_grid->cell(index);
    if (!cell)
        return {};
    const auto *caption = cell->findChild<QLabel *>(QStringLiteral("previewCaption"));
    return caption ? caption->text() : QString();
}

} // namespace augstudio::ui
