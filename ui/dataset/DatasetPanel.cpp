#include "DatasetPanel.h"

#include "StatusColour.h"
#include "ThumbnailStrip.h"

#include <algorithm>

#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace augstudio::ui {

namespace {

// An error that ends without a full stop (the engine's "no images in …") ran into the sentence
// put after it.
QString asSentence(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || QStringLiteral(".!?…。").contains(trimmed.back()))
        return trimmed;
    return trimmed + QLatin1Char('.');
}

// Wraps an entry at the list's width: the style measures wrapped text only for a known width,
// and a list gives its delegate none, so a long entry would be measured as one line and cut.
class WrappingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem wrapped(option);
        if (const auto *view = qobject_cast<const QAbstractItemView *>(option.widget))
            wrapped.rect = QRect(0, 0, view->viewport()->width(), option.fontMetrics.height());
        return QStyledItemDelegate::sizeHint(wrapped, index);
    }
};

// The list as tall as its entries, up to a limit that leaves what follows it in reach.
void fitToEntries(QListWidget *list)
{
    int entries = 0;
    for (int row = 0; row < list->count(); ++row)
        entries += list->sizeHintForRow(row);
    const int most = 10 * list->fontMetrics().lineSpacing();
    list->setFixedHeight(std::min(entries, most) + 2 * list->frameWidth());
}

// The dataset's problems, each in full on as many lines as it takes.
class ProblemList : public QListWidget
{
public:
    explicit ProblemList(QWidget *parent)
        : QListWidget(parent)
    {
        setItemDelegate(new WrappingDelegate(this));
        setWordWrap(true);
        setTextElideMode(Qt::ElideNone);
        setResizeMode(QListView::Adjust);
        setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QListWidget::resizeEvent(event);
        if (event->size().width() != event->oldSize().width()) // the entries wrap anew
            fitToEntries(this);
    }
};

// The class table as tall as its rows, up to a limit past which it scrolls.
void fitToRows(QTreeWidget *table, int mostHeight)
{
    const int rows = std::max(1, table->topLevelItemCount());
    const int rowHeight = table->topLevelItemCount() > 0 ? table->sizeHintForRow(0)
                                                         : table->fontMetrics().height() + 4;
    const int height = table->header()->sizeHint().height() + rows * rowHeight + 2 * table->frameWidth();
    table->setFixedHeight(std::min(height, mostHeight));
}

// A page that scrolls once the dock is smaller than its text needs, instead of squeezing it.
QScrollArea *scrollingPage(QWidget *parent)
{
    auto *scroll = new QScrollArea(parent);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // a wrapper, no Tab stop: it scrolls a focused widget into view
    return scroll;
}

constexpr int kMostClassTableHeight = 180;

} // namespace

DatasetPanel::DatasetPanel(QWidget *parent)
    : QWidget(parent)
    , m_message(new InlineMessage(this))
    , m_pages(new QStackedWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_message);
    layout->addWidget(m_pages, 1);
    m_emptyPage = createEmptyPage();
    m_scanPage = createScanPage();
    m_reportPage = createReportPage();
    m_pages->addWidget(m_emptyPage);
    m_pages->addWidget(m_scanPage);
    m_pages->addWidget(m_reportPage);
    m_pages->setCurrentWidget(m_emptyPage);
}

QWidget *DatasetPanel::createEmptyPage()
{
    QScrollArea *scroll = scrollingPage(this);
    auto *page = new QWidget(scroll);
    auto *layout = new QVBoxLayout(page);
    layout->addStretch(1);
    auto *title = new QLabel(tr("Drop a dataset folder here"), page);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    title->setFont(big);
    title->setAlignment(Qt::AlignCenter);
    title->setWordWrap(true);
    auto *hint = new QLabel(tr("A folder with one sub-folder per class, IDX files, CIFAR or SVHN as torchvision downloads them, images with a "
                               "labels .csv, "
                               "images/ + masks/, Pascal VOC or Cityscapes."),
                            page);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);
    auto *sample = new QPushButton(tr("Try the sample (Fashion-MNIST)"), page);
    sample->setObjectName(QStringLiteral("trySampleButton"));
    sample->setMinimumHeight(48);
    QFont bold = sample->font();
    bold.setBold(true);
    sample->setFont(bold);
    auto *open = new QPushButton(tr("Open Dataset Folder…"), page);
    layout->addWidget(title);
    layout->addWidget(hint);
    layout->addSpacing(16);
    layout->addWidget(sample);
    layout->addWidget(open);
    layout->addStretch(2);
    connect(sample, &QPushButton::clicked, this, &DatasetPanel::sampleRequested);
    connect(open, &QPushButton::clicked, this, &DatasetPanel::openRequested);
    scroll->setWidget(page);
    // It scrolls down, never sideways: the dock stays as wide as the buttons' text.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(page->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    return scroll;
}

QWidget *DatasetPanel::createScanPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_scanLabel = new QLabel(page);
    m_scanLabel->setWordWrap(true);
    m_scanProgress = new QProgressBar(page);
    auto *cancel = new QPushButton(tr("Cancel"), page);
    layout->addStretch(1);
    layout->addWidget(m_scanLabel);
    layout->addWidget(m_scanProgress);
    layout->addWidget(cancel, 0, Qt::AlignRight);
    layout->addStretch(2);
    connect(cancel, &QPushButton::clicked, this, &DatasetPanel::cancelRequested);
    return page;
}

QWidget *DatasetPanel::createReportPage()
{
    QScrollArea *scroll = scrollingPage(this);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *page = new QWidget(scroll);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto valueLabel = [page] {
        auto *label = new QLabel(page);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        return label;
    };
    m_folderValue = valueLabel();
    // The path is what a user copies (into a terminal, a bug report): the keyboard reaches it too.
    m_folderValue->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_layoutValue = valueLabel();
    m_taskValue = valueLabel();
    m_imagesValue = valueLabel();
    m_sizeValue = valueLabel();
    form->addRow(tr("Folder:"), m_folderValue);
    form->addRow(tr("Layout:"), m_layoutValue);
    form->addRow(tr("Task:"), m_taskValue);
    form->addRow(tr("Images:"), m_imagesValue);
    form->addRow(tr("Size:"), m_sizeValue);
    layout->addLayout(form);

    // The problems come right after the figures they qualify, where they are seen without
    // scrolling past the classes and thumbnails.
    m_problemsTitle = new QLabel(page);
    m_problemsTitle->setWordWrap(true);
    layout->addWidget(m_problemsTitle);
    m_problems = new ProblemList(page);
    m_problems->setObjectName(QStringLiteral("datasetProblems"));
    m_problems->setAccessibleName(tr("Dataset problems"));
    layout->addWidget(m_problems);

    m_classes = new QTreeWidget(page);
    m_classes->setObjectName(QStringLiteral("datasetClasses"));
    m_classes->setAccessibleName(tr("Images per class"));
    m_classes->setHeaderLabels({tr("Class"), tr("Images")});
    m_classes->setRootIsDecorated(false);
    m_classes->setUniformRowHeights(true);
    m_classes->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_classes->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_classes);

    m_thumbnails = new ThumbnailStrip(page);
    m_thumbnails->setObjectName(QStringLiteral("datasetThumbnails"));
    layout->addWidget(m_thumbnails);
    layout->addStretch(1);
    scroll->setWidget(page);
    return scroll;
}

void DatasetPanel::showScanning(const QString &root)
{
    m_scanningRoot = root;
    m_scanLabel->setText(tr("Scanning %1…").arg(QDir::toNativeSeparators(root)));
    m_scanProgress->setRange(0, 0); // busy until the first count arrives
    m_pages->setCurrentWidget(m_scanPage);
}

void DatasetPanel::setProgress(qint64 done, qint64 total)
{
    if (total <= 0) { // still listing the folder: the bar stays busy, the count grows
        m_scanLabel->setText(tr("Scanning %1… %2 files listed")
                                 .arg(QDir::toNativeSeparators(m_scanningRoot), QLocale().toString(done)));
        return;
    }
    m_scanLabel->setText(tr("Scanning %1…").arg(QDir::toNativeSeparators(m_scanningRoot)));
    // QProgressBar holds ints; per mille is plenty.
    m_scanProgress->setRange(0, 1000);
    m_scanProgress->setValue(int(1000 * done / total));
    m_scanProgress->setFormat(tr("%1 of %2 images").arg(done).arg(total));
}

void DatasetPanel::showScanCancelled()
{
    m_pages->setCurrentWidget(m_hasDataset ? m_reportPage : m_emptyPage);
    showMessage(tr("Scan cancelled."), InlineMessage::Information);
}

void DatasetPanel::showResult(const DatasetScanResult &result)
{
    if (!result.ok) {
        // A folder that is no dataset leaves the one opened before in force, and in view.
        if (m_hasDataset) {
            m_pages->setCurrentWidget(m_reportPage);
            showMessage(asSentence(result.error) + QLatin1Char(' ')
                            + tr("%1 is still the dataset in use.").arg(QDir::toNativeSeparators(m_root)),
                        InlineMessage::Error);
            return;
        }
        m_pages->setCurrentWidget(m_emptyPage);
        showMessage(result.error, InlineMessage::Error);
        return;
    }
    clearMessage();
    fillReport(result);
    m_hasDataset = true;
    m_root = result.root;
    m_pages->setCurrentWidget(m_reportPage);
}

QString DatasetPanel::layoutDescription(DatasetLayout layout)
{
    switch (layout) {
    case DatasetLayout::ImageFolder:
        return tr("Class folders (image_folder)");
    case DatasetLayout::Idx:
        return tr("IDX files, MNIST style (idx)");
    case DatasetLayout::SegmentationPairs:
        return tr("Images + masks (segmentation_pairs)");
    case DatasetLayout::Voc:
        return tr("Pascal VOC (voc)");
    case DatasetLayout::Cityscapes:
        return tr("Cityscapes (cityscapes)");
    case DatasetLayout::CsvLabels:
        return tr("Images + labels file (csv)");
    case DatasetLayout::Cifar:
        return tr("CIFAR as torchvision downloads it (cifar)");
    case DatasetLayout::Svhn:
        return tr("SVHN as torchvision downloads it (svhn)");
    case DatasetLayout::Flowers102:
        return tr("Oxford's 102 flowers as torchvision downloads them (flowers102)");
    case DatasetLayout::Stl10:
        return tr("STL-10 as torchvision downloads it (stl10)");
    }
    return QString::fromLatin1(toString(layout));
}

void DatasetPanel::fillReport(const DatasetScanResult &result)
{
    const DatasetReport &report = result.report;
    // Zero-width spaces after the separators let a long path wrap in a narrow dock.
    const QString native = QDir::toNativeSeparators(result.root);
    QString breakable = native;
    breakable.replace(QDir::separator(), QString(QDir::separator()) + QChar(0x200B));
    m_folderValue->setText(breakable);
    m_folderValue->setToolTip(native);
    m_layoutValue->setText(layoutDescription(report.layout));
    // Which file and columns gave the classes, where they were chosen from a labels file.
    m_layoutValue->setToolTip(QString::fromStdString(report.labelsSource));
    m_taskValue->setText(result.task == Task::Classification ? tr("Classification")
                                                             : tr("Semantic segmentation"));
    // Counted as the search sees them: an image that does not decode is skipped.
    const size_t readable = report.images - report.unreadable;
    QString images = readable == 1 ? tr("1 image") : tr("%1 images").arg(readable);
    if (report.unreadable > 0)
        images += tr(" (%1 more unreadable)").arg(report.unreadable);
    images += report.numClasses == 1 ? tr(", 1 class") : tr(", %1 classes").arg(report.numClasses);
    if (result.data.dataset.limit > 0)
        images += tr(" (a subset of at most %1)").arg(result.data.dataset.limit);
    m_imagesValue->setText(images);
    if (report.maxWidth > 0)
        m_sizeValue->setText(report.minWidth == report.maxWidth && report.minHeight == report.maxHeight
                                 ? tr("%1 × %2 px").arg(report.minWidth).arg(report.minHeight)
                                 : tr("%1–%2 × %3–%4 px (mean %5 × %6)")
                                       .arg(report.minWidth)
                                       .arg(report.maxWidth)
                                       .arg(report.minHeight)
                                       .arg(report.maxHeight)
                                       .arg(report.meanWidth, 0, 'f', 0)
                                       .arg(report.meanHeight, 0, 'f', 0));
    else
        m_sizeValue->setText(tr("no readable image"));
    if (report.maxWidth > 0 && report.channels == 1) // searched on one channel: say so
        m_sizeValue->setText(m_sizeValue->text() + tr(", grayscale"));

    m_classes->clear();
    for (size_t i = 0; i < report.imagesPerClass.size(); ++i) {
        const QString name = i < report.classNames.size() ? QString::fromStdString(report.classNames[i])
                                                          : tr("class %1").arg(i);
        auto *item = new QTreeWidgetItem(m_classes, {name, QString::number(report.imagesPerClass[i])});
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
    }
    fitToRows(m_classes, kMostClassTableHeight);
    m_thumbnails->setImages(result.thumbnails, result.thumbnailCaptions);

    m_problems->clear();
    // An image that does not decode is a warning, as the search skips it, and a file opening
    // the dataset named already (one that is no image) is not listed twice.
    std::vector<DatasetProblem> problems = result.openProblems;
    for (DatasetProblem problem : report.problems) {
        if (problem.unreadableImage) {
            if (namesFile(result.openProblems, problem.file))
                continue;
            problem.error = false;
        }
        problems.push_back(problem);
    }
    for (const DatasetProblem &problem : problems) {
        auto *item = new QListWidgetItem(QString::fromStdString(problem.message), m_problems);
        item->setToolTip(QString::fromStdString(problem.file));
        item->setData(Qt::UserRole, problem.error);
    }
    colourProblems();
    m_problemsTitle->setText(problems.empty() ? tr("No problems found.")
                                              : tr("Problems (%1):").arg(problems.size()));
    m_problems->setVisible(!problems.empty());
    fitToEntries(m_problems);
    if (report.cancelled)
        showMessage(tr("The scan was cancelled: the figures cover only part of the dataset."),
                    InlineMessage::Warning);
}

void DatasetPanel::colourProblems()
{
    // The panel's base colour: the list's own follows it only after this panel's PaletteChange.
    const QColor background = palette().color(QPalette::Base);
    for (int i = 0; i < m_problems->count(); ++i) {
        QListWidgetItem *item = m_problems->item(i);
        const bool error = item->data(Qt::UserRole).toBool();
        item->setForeground(statusColour(error ? StatusTone::Error : StatusTone::Warning, background));
    }
}

void DatasetPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) // a dark scheme: the problems' colours follow it
        colourProblems();
}

void DatasetPanel::showMessage(const QString &text, InlineMessage::Level level)
{
    m_message->showMessage(text, level);
}

void DatasetPanel::clearMessage()
{
    m_message->clearMessage();
}

QString DatasetPanel::messageText() const
{
    return m_message->text();
}

InlineMessage::Level DatasetPanel::messageLevel() const
{
    return m_message->level();
}

QString DatasetPanel::layoutText() const
{
    return m_hasDataset ? m_layoutValue->text() : QString();
}

QString DatasetPanel::imageCountText() const
{
    return m_hasDataset ? m_imagesValue->text() : QString();
}

int DatasetPanel::classRowCount() const
{
    return m_classes->topLevelItemCount();
}

int DatasetPanel::thumbnailCount() const
{
    return m_thumbnails->count();
}

int DatasetPanel::problemCount() const
{
    return m_problems->count();
}

int DatasetPanel::errorCount() const
{
    int errors = 0;
    for (int i = 0; i < m_problems->count(); ++i)
        errors += m_problems->item(i)->data(Qt::UserRole).toBool();
    return errors;
}

QString DatasetPanel::problemSummary() const
{
    const int errors = errorCount();
    const int warnings = problemCount() - errors;
    // English has no translation file to pick its plural: one of two sources, with %n in both
    // for the translations' own plural forms.
    QStringList parts;
    if (errors > 0)
        parts << (errors == 1 ? tr("%n error", nullptr, 1) : tr("%n errors", nullptr, errors));
    if (warnings > 0)
        parts << (warnings == 1 ? tr("%n warning", nullptr, 1) : tr("%n warnings", nullptr, warnings));
    //: Between the counts of errors and of warnings: "2 errors, 1 warning".
    return parts.join(tr(", "));
}

} // namespace augstudio::ui
