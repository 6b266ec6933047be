#pragma once

// Where the app reads and writes: search output folders (their layout is SearchFolder's)
// and the built-in Fashion-MNIST sample.

#include "search/SearchFolder.h"

#include <QList>
#include <QString>

namespace augstudio::ui {

// Where the searches the app names itself go (~/.local/share/AugStudio/searches).
QString searchesFolder();

// A new folder <GenericDataLocation>/AugStudio/searches/<yyyyMMdd-HHmmss>[-N]
// (~/.local/share/AugStudio/searches on Linux), made empty here so that no other window
// or instance takes the same one.
QString newOutputFolder();

// Debian's dataset-fashion-mnist package folder (AUGSTUDIO_SAMPLE_DIR overrides it).
QString sampleDatasetFolder();
// Whether the sample's IDX files are there.
bool sampleDatasetAvailable();

// The search folder at a path the app holds.
SearchFolder searchFolderAt(const QString &folder);
// SearchFolder's paths and epochs as Qt types.
QString policyFile(const QString &searchFolder, int epoch);
QList<int> policyEpochs(const QString &searchFolder);
// Whether `folder` holds a search (SearchFolder::holdsSearch).
bool isSearchFolder(const QString &folder);
// Whether `configFile` is the config.yaml of a search folder that saved results: the record
// its Continue Search reads, however the file was opened.
bool isSearchRecord(const QString &configFile);

} // namespace augstudio::ui
