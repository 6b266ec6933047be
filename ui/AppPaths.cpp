#include "AppPaths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>

namespace augstudio::ui {

QString newOutputFolder()
{
    // Not AppDataLocation: organisation and application are both "AugStudio", and it would
    // say so twice (~/.local/share/AugStudio/AugStudio).
    const QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
                         + QCoreApplication::applicationName() + QStringLiteral("/searches");
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QString folder = base + QLatin1Char('/') + stamp;
    for (int n = 2; QFileInfo::exists(folder); ++n)
        folder = base + QLatin1Char('/') + stamp + QLatin1Char('-') + QString::number(n);
    return folder;
}

QString sampleDatasetFolder()
{
    const QString override = qEnvironmentVariable("AUGSTUDIO_SAMPLE_DIR");
    return override.isEmpty() ? QStringLiteral("/usr/share/datasets/fashion-mnist") : override;
}

bool sampleDatasetAvailable()
{
    const QDir dir(sampleDatasetFolder());
    return !dir.entryList({QStringLiteral("train-images-idx3-ubyte*")}, QDir::Files).isEmpty()
           && !dir.entryList({QStringLiteral("train-labels-idx1-ubyte*")}, QDir::Files).isEmpty();
}

QString policyFile(const QString &searchFolder, int epoch)
{
    return QDir(searchFolder).filePath(QStringLiteral("policy/epoch_%1.json").arg(epoch));
}

QList<int> policyEpochs(const QString &searchFolder)
{
    static const QRegularExpression pattern(QStringLiteral("^epoch_(\\d+)\\.json$"));
    QList<int> epochs;
    const QStringList files = QDir(searchFolder + QStringLiteral("/policy")).entryList(QDir::Files);
    for (const QString &file : files)
        if (const QRegularExpressionMatch match = pattern.match(file); match.hasMatch())
            epochs << match.captured(1).toInt();
    std::sort(epochs.begin(), epochs.end());
    return epochs;
}

bool isSearchFolder(const QString &folder)
{
    const QDir dir(folder);
    return dir.exists(QStringLiteral("config.yaml")) || dir.exists(QStringLiteral("metrics.csv"));
}

} // namespace augstudio::ui
