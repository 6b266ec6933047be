#pragma once

// Where the app reads and writes: search output folders, the policy files in them, and
// the built-in Fashion-MNIST sample.

#include <QList>
#include <QString>

namespace augstudio::ui {

// A new, not yet existing folder <GenericDataLocation>/AugStudio/searches/<yyyyMMdd-HHmmss>[-N]
// (~/.local/share/AugStudio/searches on Linux).
QString newOutputFolder();

// Debian's dataset-fashion-mnist package folder (AUGSTUDIO_SAMPLE_DIR overrides it).
QString sampleDatasetFolder();
// Whether the sample's IDX files are there.
bool sampleDatasetAvailable();

// <folder>/policy/epoch_<N>.json
QString policyFile(const QString &searchFolder, int epoch);
// The epochs whose policy file exists in `searchFolder`, ascending.
QList<int> policyEpochs(const QString &searchFolder);
// Whether `folder` looks like a search output folder (config.yaml or metrics.csv).
bool isSearchFolder(const QString &folder);

} // namespace augstudio::ui
