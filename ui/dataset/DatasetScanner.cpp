#include "DatasetScanner.h"

#include "ImageConversion.h"

#include <QDir>
#include <QFileInfo>

#include <filesystem>
#include <utility>

namespace augstudio::ui {

namespace {

QString notADatasetMessage(const QString &root)
{
    return DatasetScanner::tr("“%1” does not look like a dataset. AugStudio reads a folder with one sub-folder per "
                              "class (cats/, dogs/, …), Fashion-MNIST/MNIST IDX files, CIFAR or SVHN as "
                              "torchvision downloads them (cifar-10-batches-py/, train_32x32.mat), images with a labels file "
                              "(labels.csv: image,label), images/ + masks/ folders, "
                              "Pascal VOC (JPEGImages/ + SegmentationClass/) or Cityscapes (leftImg8bit/ + gtFine/). "
                              "Drop the folder that holds one of these.")
        .arg(QDir::toNativeSeparators(root));
}

void pickThumbnails(const Dataset &dataset, DatasetScanResult &result, const std::atomic<bool> &cancelled)
{
    const size_t size = dataset.size();
    const size_t count = std::min<size_t>(size, DatasetScanner::thumbnailCount);
    const std::vector<std::string> names = dataset.classNames();
    for (size_t k = 0; k < count && !cancelled; ++k) {
        const size_t index = k * size / count; // spread over the dataset
        try {
            const Sample sample = dataset.load(index);
            QImage image = toQImage(sample.image);
            if (!sample.mask.empty())
                image = overlayMask(image, sample.mask);
            if (image.isNull())
                continue;
            result.thumbnails.append(image);
            QString caption = QFileInfo(QString::fromStdString(dataset.itemName(index))).fileName();
            if (sample.label >= 0 && size_t(sample.label) < names.size())
                caption = QString::fromStdString(names[size_t(sample.label)]);
            result.thumbnailCaptions.append(caption);
        } catch (const std::exception &) {
            // The inspection lists unreadable items; a thumbnail fewer is all this costs.
        }
    }
}

} // namespace

DatasetScanResult scanDataset(const DataConfig &data, const std::atomic<bool> &cancelled,
                              const std::function<void(qint64, qint64)> &progress)
{
    DatasetScanResult result;
    result.data = data;
    result.root = QString::fromStdString(data.dataset.root);
    const QFileInfo info(result.root);
    if (!info.exists() && result.root.contains(QChar::ReplacementCharacter)) {
        // Qt reads file names as UTF-8: a Latin-1 name ("ds_\xfc") reached it as "ds_�".
        result.error = DatasetScanner::tr("The name of the folder “%1” is not UTF-8 text, which the app cannot "
                                          "open: rename it, or search it with augstudio-cli.")
                           .arg(QDir::toNativeSeparators(result.root));
        return result;
    }
    if (!info.exists()) {
        result.error = DatasetScanner::tr("The folder “%1” does not exist (any more). Choose another folder with "
                                          "File ▸ Open Dataset… or drop one here.")
                                           .arg(QDir::toNativeSeparators(result.root));
        return result;
    }
    if (!info.isDir()) {
        result.error = DatasetScanner::tr("“%1” is a file. AugStudio accepts one dataset folder: drop the folder "
                                          "that holds the images.")
                                           .arg(QDir::toNativeSeparators(result.root));
        return result;
    }
    // Unlistable (chmod 000), a folder looks like no dataset at all: say why, as the CLI does.
    std::error_code readError;
    std::filesystem::directory_iterator(data.dataset.root, readError);
    if (readError) {
        result.error = DatasetScanner::tr("Cannot read the dataset folder “%1”: %2.")
                           .arg(QDir::toNativeSeparators(result.root), QString::fromStdString(readError.message()));
        return result;
    }
    std::optional<DatasetLayout> layout = layoutFromString(data.dataset.layout);
    if (!layout)
        layout = detectLayout(data.dataset.root);
    if (!layout) {
        result.error = notADatasetMessage(result.root);
        return result;
    }
    result.task = taskOf(*layout);
    try {
        DataConfig opened = data;
        opened.dataset.layout = toString(*layout);
        // A folder of a million files takes a while to list: its count is shown, a cancel heard.
        const std::unique_ptr<Dataset> dataset =
            openDataset(opened, result.task, 0, result.openProblems, [&](std::size_t entries) {
                if (progress)
                    progress(qint64(entries), 0);
                return !cancelled.load();
            });
        result.data = opened;
        result.report = inspectDataset(*dataset, [&](std::size_t done, std::size_t total) {
            if (progress)
                progress(qint64(done), qint64(total));
            return !cancelled.load();
        });
        if (!cancelled)
            result.imageSizes = scanImageSizes(*dataset);
        if (!cancelled)
            pickThumbnails(*dataset, result, cancelled);
    } catch (const std::exception &error) {
        // A DatasetError names the file; the folder may also have gone away meanwhile.
        result.error = QString::fromStdString(error.what());
        if (!QFileInfo::exists(result.root))
            result.error = DatasetScanner::tr("The folder “%1” disappeared while it was being scanned. Put it back or "
                                              "choose another folder.")
                                               .arg(QDir::toNativeSeparators(result.root));
        return result;
    }
    if (!QFileInfo::exists(result.root)) {
        result.error = DatasetScanner::tr("The folder “%1” disappeared while it was being scanned. Put it back or "
                                          "choose another folder.")
                                           .arg(QDir::toNativeSeparators(result.root));
        return result;
    }
    if (result.report.images == 0) {
        result.error = DatasetScanner::tr("“%1” holds no images AugStudio can read. %2")
                                           .arg(QDir::toNativeSeparators(result.root), notADatasetMessage(result.root));
        return result;
    }
    if (!result.report.cancelled && result.report.rejected == result.report.images) {
        const DatasetProblem &first = result.report.problems.front();
        result.error = DatasetScanner::tr("None of the %1 image files in “%2” can be read, e.g. %3")
                           .arg(result.report.images)
                           .arg(QDir::toNativeSeparators(result.root), QString::fromStdString(first.message));
        return result;
    }
    result.ok = true;
    return result;
}

DatasetScanner::DatasetScanner(QObject *parent)
    : QObject(parent)
    , m_job(QStringLiteral("AugStudio dataset scan"), QThread::LowPriority)
{
    qRegisterMetaType<DatasetScanResult>("augstudio::ui::DatasetScanResult");
    connect(&m_job, &BackgroundJob::finished, this, &DatasetScanner::onJobFinished);
}

// The job's destructor stops every scan still on a thread and waits for it.
DatasetScanner::~DatasetScanner() = default;

void DatasetScanner::scan(const DataConfig &data)
{
    // A scan still running is superseded: it stops, and nothing of it is delivered.
    m_result = DatasetScanResult{};
    m_job.start([this, data](BackgroundJob::Context &context) {
        const auto report = [this, &context](qint64 done, qint64 total) {
            context.post([this, done, total] { emit progress(done, total); });
        };
        DatasetScanResult result = scanDataset(data, context.stopFlag(), report);
        context.post([this, result = std::move(result)] { m_result = result; });
    });
}

void DatasetScanner::cancel()
{
    if (!isScanning())
        return;
    m_job.cancel();
    emit cancelled();
}

void DatasetScanner::onJobFinished()
{
    const DatasetScanResult result = std::exchange(m_result, DatasetScanResult{});
    emit finished(result);
}

} // namespace augstudio::ui
