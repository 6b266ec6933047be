#include "AppPaths.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace augstudio::ui {

QString searchesFolder()
{
    // Not AppDataLocation: organisation and application are both "AugStudio", and it would
    // say so twice (~/.local/share/AugStudio/AugStudio).
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QLatin1Char('/')
           + QCoreApplication::applicationName() + QStringLiteral("/searches");
}

QString newOutputFolder()
{
    const QString base = searchesFolder();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QDir().mkpath(base);
    // mkdir fails on a folder that exists: two windows starting in the same second each get
    // one of their own. Where the base cannot be made, the search's own creation says why.
    const QDir searches(base);
    QString name = stamp;
    for (int n = 2; !searches.mkdir(name) && searches.exists(name); ++n)
        name = stamp + QLatin1Char('-') + QString::number(n);
    return base + QLatin1Char('/') + name;
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

SearchFolder searchFolderAt(const QString &folder)
{
    return SearchFolder(folder.toStdString());
}

QString policyFile(const QString &searchFolder, int epoch)
{
    return QString::fromStdString(searchFolderAt(searchFolder).policyFile(epoch));
}

QList<int> policyEpochs(const QString &searchFolder)
{
    const std::vector<int> epochs = searchFolderAt(searchFolder).policyEpochs();
    return QList<int>(epochs.begin(), epochs.end());
}

bool isSearchFolder(const QString &folder)
{
    return searchFolderAt(folder).holdsSearch();
}

bool isSearchRecord(const QString &configFile)
{
    const QFileInfo file(configFile);
    const SearchFolder folder = searchFolderAt(file.absolutePath());
    return QFileInfo(QString::fromStdString(folder.configFile())) == file && folder.holdsResults();
}

} // namespace augstudio::ui
