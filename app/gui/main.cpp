// The augstudio desktop app: `augstudio [DATASET_FOLDER] [--config C] [--sample] [--start] [--output O]`.

#include "ConfigPanel.h"
#include "DatasetScanner.h"
#include "MainWindow.h"
#include "Translations.h"
#include "io/FileWrite.h"
#include "search/TorchRuntime.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

#include <clocale>
#include <cstdio>

using augstudio::ui::MainWindow;

int main(int argc, char *argv[])
{
    // Before anything loads OpenMP: spinning worker threads would starve the UI thread.
    augstudio::preferPassiveOpenMpWaits(argv);
    augstudio::quietLibraryLogs();
    augstudio::failWritesPastFileSizeLimit();
    // --help and --version open no window: they print over SSH or in a script too, where
    // there is no display to connect to.
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if ((arg == "--help" || arg == "-h" || arg == "--help-all" || arg == "--version" || arg == "-v")
            && !qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    // QApplication takes the C library's locale from the environment: under de_DE, printf
    // would write 0,29 into metrics.csv and messages. Numbers in files and the engine's words
    // keep the dot; the widgets format through QLocale, which this leaves alone.
    std::setlocale(LC_NUMERIC, "C");
    QApplication::setOrganizationName(QStringLiteral("AugStudio"));
    QApplication::setOrganizationDomain(QStringLiteral("augstudio.org"));
    QApplication::setApplicationName(QStringLiteral("AugStudio"));
    QApplication::setApplicationVersion(QStringLiteral(AUGSTUDIO_VERSION));
    // The id of the desktop entry, the metainfo and the icon: desktops match the window to them.
    QApplication::setDesktopFileName(QStringLiteral("org.augstudio.AugStudio"));
    // The system's language or View ▸ Language's; before any text is made, --help's included.
    augstudio::ui::installTranslators(augstudio::ui::preferredLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Learns image augmentation policies from your own dataset."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("dataset"),
                                 QApplication::translate("main", "Dataset folder to open."),
                                 QStringLiteral("[DATASET_FOLDER]"));
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QApplication::translate("main", "Search config (search.yaml) to load."),
                                          QStringLiteral("file"));
    const QCommandLineOption sampleOption(QStringLiteral("sample"),
                                          QApplication::translate("main", "Load the built-in Fashion-MNIST sample."));
    const QCommandLineOption startOption(QStringLiteral("start"),
                                         QApplication::translate("main", "Start the search right away."));
    const QCommandLineOption outputOption(QStringLiteral("output"),
                                          QApplication::translate("main", "Folder the search writes to."),
                                          QStringLiteral("folder"));
    const QCommandLineOption stepsOption(QStringLiteral("steps-per-epoch"),
                                         QApplication::translate("main", "Cap the steps of every epoch (demos)."),
                                         QStringLiteral("n"));
    parser.addOptions({configOption, sampleOption, startOption, outputOption, stepsOption});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "augstudio: give at most one dataset folder\n");
        return 2;
    }
    bool stepsRead = true;
    const int steps = parser.value(stepsOption).toInt(&stepsRead);
    if (parser.isSet(stepsOption) && (!stepsRead || steps < 1)) {
        std::fprintf(stderr, "augstudio: --steps-per-epoch takes a number of steps of 1 or more\n");
        return 2;
    }

    MainWindow window;
    window.show();

    // A scripted start (--start) depends on its arguments only, not on what was left last time.
    if (!parser.isSet(configOption) && !parser.isSet(sampleOption) && !parser.isSet(startOption))
        window.restoreLastSession();

    if (parser.isSet(configOption) && !window.openConfig(parser.value(configOption)))
        std::fprintf(stderr, "augstudio: %s: the config has errors (shown in the window)\n",
                     qPrintable(parser.value(configOption)));
    if (parser.isSet(sampleOption))
        window.openSample();
    if (!positional.isEmpty())
        window.openDataset(positional.first());
    if (parser.isSet(outputOption))
        window.setOutputFolder(QFileInfo(parser.value(outputOption)).absoluteFilePath());
    // The config's trainer.steps_per_epoch, so that the form shows it and config.yaml keeps it;
    // a user's file (--config) gains the key in its own text, as a form edit writes it.
    if (parser.isSet(stepsOption)) {
        augstudio::SearchConfig config = window.configPanel()->config();
        config.trainer.stepsPerEpoch = steps;
        if (window.configPanel()->filePath().isEmpty())
            window.configPanel()->setConfig(config);
        else
            window.configPanel()->applyConfig(config);
    }
    if (parser.isSet(startOption)) {
        if (!positional.isEmpty() && !parser.isSet(sampleOption)) {
            // The dataset folder becomes part of the config once its scan has finished.
            QObject::connect(
                window.datasetScanner(), &augstudio::ui::DatasetScanner::finished, &window,
                [&window](const augstudio::ui::DatasetScanResult &result) {
                    if (result.ok)
                        window.startSearch();
                },
                Qt::SingleShotConnection);
        } else {
            QTimer::singleShot(0, &window, [&window] { window.startSearch(); });
        }
    }

    return app.exec();
}
