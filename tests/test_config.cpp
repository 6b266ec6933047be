#include "config/ConfigChanges.h"
#include "config/ConfigLoader.h"
#include "config/DefaultConfigs.h"
#include "config/YamlScalars.h"
#include "ops/OperationCatalog.h"
#include "testsupport/TestSupport.h"

#include <QtTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>

using namespace augstudio;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::function<void(augstudio::SearchConfig &)>)

namespace {

QString q(const std::string &text)
{
    return QString::fromStdString(text);
}

std::string fixture(const std::string &name)
{
    return std::string(AUGSTUDIO_TEST_DATA_DIR) + "/configs/" + name;
}

std::string readText(const std::string &path)
{
    std::ifstream file(path);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

void writeText(const std::string &path, const std::string &text)
{
    std::ofstream(path) << text;
}

// The 1-based line of the first line of `text` that contains `marker`.
int lineOf(const std::string &text, const std::string &marker)
{
    const auto at = text.find(marker);
    if (at == std::string::npos)
        return -1;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

std::optional<ConfigError> errorFrom(const std::function<void()> &action)
{
    try {
        action();
    } catch (const ConfigError &error) {
        return error;
    }
    return std::nullopt;
}

// Billion laughs: ten levels of ten aliases each (&a0 … &a9, without the closing bracket of
// the outer list), 10^10 leaves if expanded.
std::string aliasBombLevels()
{
    std::string levels = "[&a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]";
    for (int level = 1; level < 10; ++level) {
        const std::string alias = "*a" + std::to_string(level - 1);
        levels += ", &a" + std::to_string(level) + " [" + alias;
        for (int i = 1; i < 10; ++i)
            levels += ", " + alias;
        levels += "]";
    }
    return levels;
}

const ConfigNote *findNote(const std::vector<ConfigNote> &notes, const std::string &keyPath)
{
    for (const auto &note : notes)
        if (note.keyPath == keyPath)
            return &note;
    return nullptr;
}

QString notePaths(const std::vector<ConfigNote> &notes)
{
    QStringList paths;
    for (const auto &note : notes)
        paths << q(note.keyPath);
    return paths.join(", ");
}

std::string home()
{
    const char *value = std::getenv("HOME");
    return value ? value : "";
}

} // namespace

class TestConfig : public QObject
{
    Q_OBJECT

private:
    // Fails with both configs written out when they differ.
    static bool sameConfig(const SearchConfig &actual, const SearchConfig &expected)
    {
        if (actual == expected)
            return true;
        qWarning().noquote() << "actual:\n" << q(configToYaml(actual)) << "\nexpected:\n" << q(configToYaml(expected));
        return false;
    }

    static SearchConfig roundTrip(const SearchConfig &config)
    {
        return parseConfig(configToYaml(config)).config;
    }

private slots:
    // --- good files -------------------------------------------------------------------

    void emptyFileGivesAutoAlbumentDefaults()
    {
        for (const std::string text : {"", "\n", "# nothing but a comment\n", "---\n...\n", "--- # empty\n", "~\n",
                                       "%YAML 1.2\n---\nnull\n"}) {
            const LoadedConfig loaded = parseConfig(text);
            QVERIFY(sameConfig(loaded.config, defaultConfig()));
            QVERIFY(loaded.ignored.empty());
            QVERIFY(loaded.unsupported.empty());
        }
        // AutoAlbument's documented defaults (its conf/*.yaml).
        const SearchConfig c = defaultConfig();
        QCOMPARE(c.task, Task::Classification);
        QCOMPARE(c.policy.taskFactor, 0.1);
        QCOMPARE(c.policy.gpFactor, 10.0);
        QCOMPARE(c.policy.temperature, 0.05);
        QCOMPARE(c.policy.numSubPolicies, 40);
        QCOMPARE(c.policy.numChunks, 4);
        QCOMPARE(c.policy.operationCount, 4);
        QCOMPARE(resolveOperations(c.policy.operations).size(), size_t(14));
        QCOMPARE(c.classificationModel.architecture, std::string("resnet18"));
        QCOMPARE(c.segmentationModel.architecture, std::string("Unet"));
        QCOMPARE(c.segmentationModel.encoderArchitecture, std::string("resnet18"));
        QCOMPARE(c.data.dataloader.batchSize, 16);
        QCOMPARE(c.data.mean, (std::vector<double>{0.485, 0.456, 0.406}));
        QCOMPARE(c.data.std, (std::vector<double>{0.229, 0.224, 0.225}));
        QCOMPARE(c.optimMain.lr, 1e-3);
        QCOMPARE(c.optimPolicy.beta1, 0.0);
        QCOMPARE(c.optimPolicy.beta2, 0.999);
        QCOMPARE(c.trainer.maxEpochs, 20);
        QCOMPARE(c.trainer.device, std::string("cpu"));
        QCOMPARE(c.seed, std::uint64_t(42));
    }

    void binarySegmentationOfOneClassReadsAsTwo()
    {
        // AutoAlbument's binary segmentation is num_classes: 1 (one foreground channel).
        const LoadedConfig loaded =
            parseConfig("task: semantic_segmentation\nsemantic_segmentation_model:\n  num_classes: 1\n", "s.yaml");
        QCOMPARE(loaded.config.segmentationModel.numClasses, 2);
        QCOMPARE(loaded.ignored.size(), size_t(1));
        QCOMPARE(loaded.ignored.front().keyPath, std::string("semantic_segmentation_model.num_classes"));
        QCOMPARE(loaded.ignored.front().line, 3);
        QVERIFY2(loaded.ignored.front().text.find("read as 2 classes") != std::string::npos,
                 loaded.ignored.front().text.c_str());
    }

    void fileWithoutSettingsSaysTheDefaultsAreUsed()
    {
        // A wrong or truncated file would otherwise pass, unnoticed, as the default config.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        int index = 0;
        for (const std::string text : {"", "\n", "# search settings to come\n# (none yet)\n", "---\n...\n", "{}\n"}) {
            const std::string path = dir.filePath(QStringLiteral("empty%1.yaml").arg(index++)).toStdString();
            writeText(path, text);
            const LoadedConfig loaded = loadConfigFile(path);
            QVERIFY(sameConfig(loaded.config, defaultConfig()));
            QCOMPARE(loaded.ignored.size(), size_t(1));
            const std::string described = describeNote(loaded.ignored.front());
            QCOMPARE(loaded.ignored.front().keyPath, path);
            QVERIFY2(described.find("no settings") != std::string::npos, described.c_str());
            QVERIFY2(described.find("defaults are used") != std::string::npos, described.c_str());
            QVERIFY(loaded.unsupported.empty());
        }
        // With --set overrides the file still held nothing: said first, the overrides applied.
        const std::string empty = dir.filePath(QStringLiteral("empty0.yaml")).toStdString();
        const LoadedConfig overridden = loadConfigFile(empty, {"trainer.max_epochs=3"});
        QCOMPARE(overridden.config.trainer.maxEpochs, 3);
        QVERIFY(!overridden.ignored.empty());
        QCOMPARE(overridden.ignored.front().keyPath, empty);
        // A file with one setting, text in memory and the built-in defaults: no such note.
        const std::string one = dir.filePath(QStringLiteral("one.yaml")).toStdString();
        writeText(one, "# only the seed\nseed: 7\n");
        QVERIFY(loadConfigFile(one).ignored.empty());
        QVERIFY(parseConfig("", "search.yaml").ignored.empty());
        QVERIFY(parseDefaultConfig().ignored.empty());
    }

    void minimalFileChangesOnlyWhatItSays()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath("search.yaml").toStdString();
        writeText(path, "task: semantic_segmentation\n"
                        "data:\n"
                        "  dataset:\n"
                        "    root: images/train\n"
                        "trainer:\n"
                        "  max_epochs: 3.0\n"
                        "optim:\n"
                        "  policy:\n"
                        "    lr: 2e-4\n");
        const LoadedConfig loaded = loadConfigFile(path);
        SearchConfig expected = defaultConfig();
        expected.task = Task::SemanticSegmentation;
        expected.data.dataset.root = (fs::path(dir.path().toStdString()) / "images" / "train").string();
        expected.trainer.maxEpochs = 3;
        expected.optimPolicy.lr = 2e-4;
        QVERIFY(sameConfig(loaded.config, expected));
        QVERIFY(loaded.ignored.empty());
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
    }

    void aRelativeRootInAFileReachedThroughALinkIsWhereTheSystemFindsIt()
    {
        // cfglink -> real/cfgs; cfglink/search.yaml says root: ../data, which the system reads
        // as real/data. It was taken as data beside cfglink, a folder that does not exist.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "real" / "cfgs");
        fs::create_directories(root / "real" / "data");
        fs::create_directory_symlink(root / "real" / "cfgs", root / "cfglink");
        writeText((root / "real" / "cfgs" / "search.yaml").string(), "data:\n  dataset:\n    root: ../data\n");
        const std::string data = fs::canonical(root / "real" / "data").string();
        QCOMPARE(loadConfigFile((root / "cfglink" / "search.yaml").string()).config.data.dataset.root, data);
        // Named relative to the working folder, as on a command line.
        const fs::path workingFolder = fs::current_path();
        fs::current_path(root);
        std::string relative;
        try {
            relative = loadConfigFile("cfglink/search.yaml").config.data.dataset.root;
        } catch (...) {
            fs::current_path(workingFolder);
            throw;
        }
        fs::current_path(workingFolder);
        QCOMPARE(relative, data);
        // Opened by its real path, no link is crossed and the path is kept as spelt.
        QCOMPARE(loadConfigFile((root / "real" / "cfgs" / "search.yaml").string()).config.data.dataset.root,
                 (root / "real" / "data").string());
    }

    void pathsExpandHomeAndKeepAbsolutePaths()
    {
        const LoadedConfig loaded = parseConfig("data:\n  dataset:\n    root: ~/datasets/flowers\n"
                                                "classification_model:\n  weights: /models/r18.pt\n",
                                                "/configs/search.yaml");
        QCOMPARE(loaded.config.data.dataset.root, home() + "/datasets/flowers");
        QCOMPARE(loaded.config.classificationModel.weightsPath, std::string("/models/r18.pt"));
    }

    void cifar10ExampleLoadsAndNamesThePythonModel()
    {
        const std::string path = fixture("cifar10_search.yaml");
        const std::string text = readText(path);
        const LoadedConfig loaded = loadConfigFile(path);
        const SearchConfig &c = loaded.config;
        QCOMPARE(c.task, Task::Classification);
        QCOMPARE(c.policy.numSubPolicies, 100);
        QCOMPARE(c.policy.numChunks, 8);
        QCOMPARE(c.data.dataloader.batchSize, 128);
        QCOMPARE(c.data.dataloader.numWorkers, 8);
        QCOMPARE(c.data.dataset.root, home() + "/data/cifar10");
        QCOMPARE(c.data.mean, (std::vector<double>{0.4914, 0.4822, 0.4465}));
        QCOMPARE(c.data.std, (std::vector<double>{0.247, 0.243, 0.261}));
        QVERIFY(c.data.preprocessing.empty());
        QCOMPARE(c.optimMain.lr, 1e-3);
        QCOMPARE(c.trainer.maxEpochs, 40);
        QCOMPARE(c.trainer.device, std::string("auto")); // gpus: 1
        QCOMPARE(c.seed, std::uint64_t(42));

        // The Python model class is replaced by the built-in model it is, with a note naming both.
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
        QCOMPARE(c.classificationModel.architecture, std::string("wrn_28_10"));
        const ConfigNote *model = findNote(loaded.ignored, "classification_model._target_");
        QVERIFY2(model, qPrintable(notePaths(loaded.ignored)));
        QCOMPARE(model->line, lineOf(text, "_target_: model.Cifar10ClassificationModel"));
        QVERIFY2(model->text.find("model.Cifar10ClassificationModel") != std::string::npos, model->text.c_str());
        QVERIFY2(model->text.find("wrn_28_10") != std::string::npos, model->text.c_str());
        // --strict accepts it too: a built-in model matches.
        QVERIFY(loadConfigFile(path, {}, LoadOptions{true}).unsupported.empty());

        for (const char *key : {"hydra", "data.dataset._target_", "data.dataset.train", "data.dataset.download",
                                "data.dataloader._target_", "data.dataloader.pin_memory", "optim.main._target_",
                                "optim.policy._target_", "trainer.benchmark", "trainer.gpus"})
            QVERIFY2(findNote(loaded.ignored, key), qPrintable(QString("%1 not in %2").arg(key, notePaths(loaded.ignored))));
        QCOMPARE(findNote(loaded.ignored, "hydra")->line, lineOf(text, "hydra:"));
        QCOMPARE(findNote(loaded.ignored, "trainer.benchmark")->line, lineOf(text, "benchmark: true"));
    }

    void pascalVocExampleLoadsAndNamesArchitectureAndEncoder()
    {
        const std::string path = fixture("pascal_voc_search.yaml");
        const std::string text = readText(path);
        const LoadedConfig loaded = loadConfigFile(path);
        const SearchConfig &c = loaded.config;
        QCOMPARE(c.task, Task::SemanticSegmentation);
        QCOMPARE(c.segmentationModel.numClasses, 21);
        QCOMPARE(c.segmentationModel.architecture, std::string("DeepLabV3Plus"));
        QCOMPARE(c.segmentationModel.encoderArchitecture, std::string("resnet50"));
        QVERIFY(c.segmentationModel.pretrained);
        QCOMPARE(c.data.dataset.root, home() + "/data/pascal_voc");

        QCOMPARE(c.data.preprocessing.size(), size_t(2));
        const PreprocessingStep &longest = c.data.preprocessing[0];
        QCOMPARE(longest.name, std::string("LongestMaxSize"));
        QCOMPARE(longest.args, (std::map<std::string, double>{{"max_size", 256.0}}));
        QCOMPARE(longest.line, lineOf(text, "- LongestMaxSize"));
        const PreprocessingStep &pad = c.data.preprocessing[1];
        QCOMPARE(pad.name, std::string("PadIfNeeded"));
        QCOMPARE(pad.args, (std::map<std::string, double>{{"min_height", 256.0}, {"min_width", 256.0}, {"border_mode", 0.0}}));
        QCOMPARE(pad.value, (std::vector<double>{0.0, 0.0, 0.0}));
        QCOMPARE(pad.line, lineOf(text, "- PadIfNeeded"));

        // DeepLabV3Plus on resnet50 is built in.
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));

        const ConfigNote *pretrained = findNote(loaded.ignored, "semantic_segmentation_model.pretrained");
        QVERIFY2(pretrained, qPrintable(notePaths(loaded.ignored)));
        QVERIFY(pretrained->text.find("semantic_segmentation_model.weights") != std::string::npos);
        // torchvision's VOCSegmentation argument names the split: read as data.dataset.split.
        QVERIFY(!findNote(loaded.ignored, "data.dataset.image_set"));
        QCOMPARE(c.data.dataset.split, std::string("train"));
    }

    void autoAlbumentsOwnNamesMeanWhatTheySay()
    {
        // The Pascal VOC example searching its val images searched the train split, unsaid but
        // for a note that the argument was ignored.
        const auto loaded = [](const std::string &text) { return parseConfig(text, "search.yaml"); };
        const std::string voc = "data:\n  dataset:\n    _target_: dataset.PascalVOCSearchDataset\n"
                                "    root: /data/voc\n    image_set: val\n";
        QCOMPARE(loaded(voc).config.data.dataset.split, std::string("val"));
        QCOMPARE(loaded(voc + "    split: train\n").config.data.dataset.split, std::string("train")); // ours wins
        // The models package imports main_model whole: both names are the built-in model, not
        // a foreign Python class (refused under --strict).
        for (const char *target : {"autoalbument.faster_autoaugment.models.ClassificationModel",
                                   "autoalbument.faster_autoaugment.models.main_model.ClassificationModel"}) {
            const std::string text = std::string("classification_model:\n  _target_: ") + target
                                     + "\n  num_classes: 3\n  architecture: resnet34\n";
            const LoadedConfig config = parseConfig(text, "search.yaml", {}, LoadOptions{true});
            QVERIFY2(config.unsupported.empty(), target);
            QCOMPARE(config.config.classificationModel.architecture, std::string("resnet34"));
        }
        // SGD with its momentum: the optimiser is what AugStudio lacks, said as such; the
        // momentum was refused first as an unknown key, hiding it.
        const LoadedConfig sgd = parseConfig("optim:\n  main:\n    _target_: torch.optim.SGD\n    lr: 0.1\n"
                                             "    momentum: 0.9\n",
                                             "search.yaml");
        QCOMPARE(sgd.unsupported.size(), size_t(1));
        QVERIFY(sgd.unsupported.front().text.find("only Adam is built in") != std::string::npos);
        QVERIFY(findNote(sgd.ignored, "optim.main.momentum"));
        // AutoAlbument's ${config_dir:} resolver: the config's own folder, as a relative path.
        const std::string configDir = "data:\n  dataset:\n    root: ${config_dir:}/../images\n";
        QCOMPARE(parseConfig(configDir, "/data/project/search.yaml").config.data.dataset.root,
                 std::string("/data/images"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, parseConfig("data:\n  dataset:\n    root: ${config_dir:}/${oc.env:X}\n",
                                                         "/data/project/search.yaml"));
        // A file named without its folder (--config search.yaml) lies in the working folder.
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("cls")));
        writeText(dir.filePath(QStringLiteral("cd.yaml")).toStdString(),
                  "data:\n  dataset:\n    root: ${config_dir:}/cls\n");
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(dir.path()));
        const std::string root = loadConfigFile("cd.yaml").config.data.dataset.root;
        QDir::setCurrent(before);
        QVERIFY2(fs::equivalent(fs::path(dir.path().toStdString()) / "cls", fs::path(dir.path().toStdString()) / root)
                     || fs::equivalent(fs::path(dir.path().toStdString()) / "cls", root),
                 root.c_str());
    }

    void encoderWeightsNamedMeanPretrainedWhateverTheKeysOrder()
    {
        // --set on a config that says pretrained: false (the built-in one does): encoder_weights,
        // before pretrained in the keys' order, was overwritten by it without a word.
        const LoadedConfig named =
            parseDefaultConfig({"task=semantic_segmentation", "semantic_segmentation_model.encoder_weights=imagenet"});
        QVERIFY(named.config.segmentationModel.pretrained);
        QVERIFY(findNote(named.ignored, "semantic_segmentation_model.encoder_weights"));
        const LoadedConfig file = parseDefaultConfig({"semantic_segmentation_model.encoder_weights=/w/enc.pth"});
        QCOMPARE(file.config.segmentationModel.weightsPath, std::string("/w/enc.pth"));
    }

    void fullAutoAlbumentDefaultLoadsWithNothingUnsupported()
    {
        const std::string path = fixture("autoalbument_full_default.yaml");
        const std::string text = readText(path);
        const LoadedConfig loaded = loadConfigFile(path);
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
        const SearchConfig &c = loaded.config;

        const auto &operations = c.policy.operations;
        QCOMPARE(operations.size(), size_t(14));
        const auto configured = resolveOperations(operations);
        const auto defaults = resolveOperations({});
        for (size_t i = 0; i < defaults.size(); ++i)
            QCOMPARE(q(configured[i].displayName()), q(defaults[i].displayName()));
        QCOMPARE(operations[0].name, std::string("ShiftRGB"));
        QCOMPARE(operations[0].args, (std::map<std::string, double>{{"shift_r", 1.0}}));
        QCOMPARE(operations[13].line, lineOf(text, "policy_operations.CutoutFixedSize"));

        QCOMPARE(c.classificationModel.numClasses, 0); // _MISSING_: counted in the dataset
        QCOMPARE(c.data.dataloader.numWorkers, 8);
        QCOMPARE(c.trainer.device, std::string("auto"));
        for (const char *key : {"callbacks", "logger", "hydra", "searcher", "trainer._target_",
                                "trainer.resume_from_checkpoint", "data.dataset._target_"})
            QVERIFY2(findNote(loaded.ignored, key), qPrintable(QString("%1 not in %2").arg(key, notePaths(loaded.ignored))));
        // Only the task's model is looked at: the segmentation model's pretrained: True is not noted.
        QVERIFY(!findNote(loaded.ignored, "semantic_segmentation_model.pretrained"));
        QVERIFY(!findNote(loaded.ignored, "_version"));
    }

    void shortOperationFormAndArguments()
    {
        const std::string text = "policy_model:\n"
                                 "  operations:\n"
                                 "    - name: Rotate\n"
                                 "      value_range: [-30, 30.5]\n"
                                 "    - name: CutoutFixedNumberOfHoles\n"
                                 "      num_holes: 8\n"
                                 "      temperature: 0.05\n"
                                 "    - _target_: CutoutFixedSize\n"
                                 "      max_holes: 4\n";
        const LoadedConfig loaded = parseConfig(text);
        const auto &operations = loaded.config.policy.operations;
        QCOMPARE(operations.size(), size_t(3));
        QCOMPARE(operations[0].name, std::string("Rotate"));
        QVERIFY(operations[0].valueRange.has_value());
        QCOMPARE(operations[0].valueRange->first, -30.0);
        QCOMPARE(operations[0].valueRange->second, 30.5);
        QCOMPARE(resolveOperation(operations[1]).numHoles, 8);
        QCOMPARE(resolveOperation(operations[2]).high, 4.0);
        const ConfigNote *temperature = findNote(loaded.ignored, "policy_model.operations[1].temperature");
        QVERIFY2(temperature, qPrintable(notePaths(loaded.ignored)));
        QCOMPARE(temperature->line, 7);
    }

    // --- bad files --------------------------------------------------------------------

    void refusesBadFiles_data()
    {
        // The line marked "#<" is where the error must point.
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("keyPath");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key, suggestion")
            << "trainer:\n  max_epoch: 3  #<\n" << "trainer.max_epoch" << "did you mean 'max_epochs'?";
        QTest::newRow("unknown top-level key")
            << "task: classification\ncolour: red  #<\n" << "colour" << "unknown key 'colour'";
        QTest::newRow("unknown key, deep")
            << "data:\n  normalization:\n    mean: [0.5, 0.5, 0.5]\n    sdt: [1, 1, 1]  #<\n"
            << "data.normalization.sdt" << "did you mean 'std'?";
        // yaml-cpp says only "illegal map value".
        QTest::newRow("indented with a tab")
            << "trainer:\n\tmax_epochs: 1  #<\n" << "" << "line 2 is indented with a tab; YAML indents with spaces only";
        QTest::newRow("not an integer")
            << "trainer:\n  max_epochs: abc  #<\n" << "trainer.max_epochs" << "expected an integer, got 'abc'";
        QTest::newRow("not a whole number")
            << "policy_model:\n  num_chunks: 2.5  #<\n" << "policy_model.num_chunks" << "expected an integer, got '2.5'";
        QTest::newRow("list for a number")
            << "policy_model:\n  temperature: [0.1]  #<\n" << "policy_model.temperature" << "expected a number, got a list";
        QTest::newRow("map for a section")
            << "policy_model: 3  #<\n" << "policy_model" << "expected a map of keys, got '3'";
        QTest::newRow("not a boolean")
            << "data:\n  dataloader:\n    shuffle: sometimes  #<\n" << "data.dataloader.shuffle" << "expected true or false";
        QTest::newRow("num_sub_policies 0")
            << "policy_model:\n  num_sub_policies: 0  #<\n" << "policy_model.num_sub_policies"
            << "expected an integer >= 1, got 0";
        QTest::newRow("temperature 0")
            << "policy_model:\n  temperature: 0  #<\n" << "policy_model.temperature" << "expected a number > 0, got 0";
        QTest::newRow("negative gp_factor")
            << "policy_model:\n  gp_factor: -1  #<\n" << "policy_model.gp_factor" << "expected a number >= 0, got -1";
        QTest::newRow("std not positive")
            << "data:\n  normalization:\n    std: [0.2, 0, 0.2]  #<\n" << "data.normalization.std" << "std values > 0";
        QTest::newRow("mean of two")
            << "data:\n  normalization:\n    mean: [0.5, 0.5]  #<\n" << "data.normalization.mean"
            << "expected a list of 3 numbers, got 2";
        QTest::newRow("std of four")
            << "data:\n  normalization:\n    std: [0.1, 0.2, 0.3, 0.4]  #<\n" << "data.normalization.std"
            << "expected a list of 3 numbers, got 4";
        QTest::newRow("num_workers -1")
            << "data:\n  dataloader:\n    num_workers: -1  #<\n" << "data.dataloader.num_workers" << "from 0 to 1024, got -1";
        QTest::newRow("beta of 1")
            << "optim:\n  main:\n    betas: [0.5, 1.0]  #<\n" << "optim.main.betas" << "in [0, 1)";
        QTest::newRow("lr 0")
            << "optim:\n  policy:\n    lr: 0  #<\n" << "optim.policy.lr" << "expected a number > 0";
        QTest::newRow("ignore_index 256")
            << "data:\n  ignore_index: 256  #<\n" << "data.ignore_index" << "from 0 to 255, got 256";
        QTest::newRow("batch_size 1")
            << "data:\n  dataloader:\n    batch_size: 1  #<\n" << "data.dataloader.batch_size" << ">= 2, got 1";
        QTest::newRow("unknown task")
            << "task: detection  #<\n" << "task" << "expected one of classification, semantic_segmentation, got 'detection'";
        QTest::newRow("unknown layout")
            << "data:\n  dataset:\n    layout: coco  #<\n" << "data.dataset.layout" << "got 'coco'";
        QTest::newRow("num_classes 0")
            << "task: semantic_segmentation\nsemantic_segmentation_model:\n  num_classes: 0  #<\n"
            << "semantic_segmentation_model.num_classes" << "expected an integer >= 1";
        QTest::newRow("classifier num_classes 1")
            << "classification_model:\n  num_classes: 1  #<\n"
            << "classification_model.num_classes" << "expected an integer >= 2";
        QTest::newRow("bad device")
            << "trainer:\n  device: gpu  #<\n" << "trainer.device" << "expected cpu, cuda, cuda:N or auto, got 'gpu'";
        QTest::newRow("negative seed")
            << "seed: -1  #<\n" << "seed" << "expected a whole number from 0 to 9000000000000000, got '-1'";
        QTest::newRow("interpolation in a path")
            << "data:\n  dataset:\n    root: ${oc.env:DATA}/x  #<\n" << "data.dataset.root" << "Hydra interpolation";
        QTest::newRow("duplicate key")
            << "trainer:\n  max_epochs: 3\n  max_epochs: 4  #<\n" << "trainer.max_epochs" << "duplicate key";
        QTest::newRow("unknown operation")
            << "policy_model:\n  operations:\n"
               "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.Rotate\n"
               "    - name: ShiftX\n"
               "    - name: Solarize\n"
               "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.Blur  #<\n"
               "      temperature: 0.05\n"
            << "policy_model.operations[3]" << "unknown operation 'Blur'";
        QTest::newRow("unknown operation argument")
            << "policy_model:\n  operations:\n    - name: Rotate  #<\n      angle: 3\n"
            << "policy_model.operations[0]" << "unknown argument 'angle'";
        QTest::newRow("value_range of one number")
            << "policy_model:\n  operations:\n    - name: Rotate\n      value_range: [30]  #<\n"
            << "policy_model.operations[0].value_range" << "expected a list of 2 numbers, got 1";
        QTest::newRow("value_range inverted")
            << "policy_model:\n  operations:\n    - name: Rotate  #<\n      value_range: [30, -30]\n"
            << "policy_model.operations[0]" << "low <= high";
        QTest::newRow("value_range not positive")
            << "policy_model:\n  operations:\n    - name: Rotate\n    - name: Scale  #<\n      value_range: [0, 2]\n"
            << "policy_model.operations[1]" << "> 0";
        QTest::newRow("operation without a name")
            << "policy_model:\n  operations:\n    - shift_r: true  #<\n"
            << "policy_model.operations[0]" << "missing _target_ (or name)";
        QTest::newRow("empty operation list")
            << "policy_model:\n  operations: []  #<\n" << "policy_model.operations" << "at least one operation";
        QTest::newRow("preprocessing item shape")
            << "data:\n  preprocessing:\n    - Resize  #<\n" << "data.preprocessing[0]" << "- Name: {parameter: value}";
        QTest::newRow("preprocessing text parameter")
            << "data:\n  preprocessing:\n    - PadIfNeeded:\n        position: center  #<\n"
            << "data.preprocessing[0].PadIfNeeded.position" << "expected a number or true/false";
        QTest::newRow("batch smaller than 2 x chunks")
            << "policy_model:\n  num_chunks: 8\ndata:\n  dataloader:\n    batch_size: 12  #<\n"
            << "data.dataloader.batch_size" << "batch_size 12 is too small for policy_model.num_chunks 8 (line 2)";
        QTest::newRow("policy too large to export")
            << "policy_model:\n  num_sub_policies: 1000  #<\n  operation_count: 100\n"
            << "policy_model.num_sub_policies"
            << "num_sub_policies 1000 x operation_count 100 x 15 (the operations and their OneOf) make 1500000 "
               "transforms in each exported policy file: at most 100000";
        QTest::newRow("unknown export target")
            << "export:\n  albumentations: 3  #<\n" << "export.albumentations"
            << "expected 1 (Albumentations 1.x) or 2 (Albumentations 2.x), got '3'";
        QTest::newRow("export target as text")
            << "export:\n  albumentations: latest  #<\n" << "export.albumentations" << "expected 1";
        QTest::newRow("YAML: bad indentation")
            << "task: classification\n  seed: 3  #<\n" << "" << "YAML syntax error";
        QTest::newRow("YAML: tab")
            << "trainer:\n  max_epochs: 3\n\tgpus: 1  #<\n" << "" << "YAML syntax error";
        QTest::newRow("YAML: unclosed list")
            << "data:\n  normalization:\n    mean: [0.5, 0.5\n    std: [1, 1, 1]  #<\n" << "" << "YAML syntax error";
        QTest::newRow("YAML: a second document")
            << "seed: 1\n---\npolicy_model:  #<\n  num_sub_policies: 7\n" << "" << "a second YAML document";
        QTest::newRow("OmegaConf interpolation")
            << "policy_model:\n  num_sub_policies: ${oc.env:NSUB,10}  #<\n" << "policy_model.num_sub_policies"
            << "an OmegaConf interpolation, which AugStudio does not resolve";
        QTest::newRow("merge key of no map")
            << "trainer:\n  max_epochs: 3\n  <<: 5  #<\n" << "trainer.<<" << "a merge key takes a map or a list of maps";
        QTest::newRow("too many classes")
            << "classification_model:\n  num_classes: 100000000  #<\n" << "classification_model.num_classes"
            << "expected at most 100000 classes, got 100000000";
        QTest::newRow("too many preprocessing steps")
            << "data:\n  preprocessing:  #<\n" + QString("    - PadIfNeeded: {min_height: 32, min_width: 32}\n").repeated(101)
            << "data.preprocessing" << "expected at most 100 preprocessing steps, got 101";
        // yaml-cpp reads these as an empty document, which would be the defaults unsaid.
        QTest::newRow("YAML: a comma before the first key")
            << "# my search\n, task: classification  #<\ntrainer:\n  max_epochs: 3\n" << "" << "yields no keys";
        QTest::newRow("YAML: a stray flow entry")
            << ",[a {b: 1}}  #<\n" << "" << "yields no keys";
        QTest::newRow("YAML: nested 3000 levels deep")
            << "task: classification\ndata:\n  preprocessing: " + QString("[").repeated(3000) + QString("]").repeated(3000)
                   + "  #<\n"
            << "" << "nested too deep";
    }

    void refusesBadFiles()
    {
        QFETCH(QString, text);
        QFETCH(QString, keyPath);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.yaml").toStdString();
        writeText(path, text.toStdString());
        const int line = lineOf(text.toStdString(), "#<");

        const auto error = errorFrom([&] { loadConfigFile(path); });
        QVERIFY2(error, "expected a ConfigError");
        QVERIFY2(q(error->message).contains(message), error->what());
        QCOMPARE(q(error->keyPath), keyPath);
        QCOMPARE(error->line, line);
        QCOMPARE(error->file, path);
        const std::string where = path + ":" + std::to_string(line) + ": ";
        QVERIFY2(std::string(error->what()).rfind(where, 0) == 0, error->what());
        if (!keyPath.isEmpty())
            QVERIFY2(q(error->what()).contains(": " + keyPath + ": "), error->what());
    }

    void binaryFileIsNotReadAsText()
    {
        // Its bytes were echoed to the terminal in "unknown key" messages.
        QTemporaryDir dir;
        const std::string path = dir.filePath("binary.yaml").toStdString();
        writeText(path, std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
        const auto binary = errorFrom([&] { loadConfigFile(path); });
        QVERIFY2(binary, "expected a ConfigError");
        QVERIFY2(q(binary->message).contains("is not a text file (byte 6 is 0x1a)"), binary->what());
        QCOMPARE(binary->line, 2);
        // What a Windows editor saves as "Unicode": UTF-16 "seed: 1\n", with or without a
        // byte-order mark, little- or big-endian.
        for (const std::string &bytes : {std::string("s\0e\0e\0d\0:\0 \0001\0\n\0", 16),
                                         std::string("\xFF\xFEs\0e\0e\0d\0:\0 \0001\0\n\0", 18),
                                         std::string("\0s\0e\0e\0d\0:\0 \0001\0\n", 16)}) {
            writeText(path, bytes);
            const auto error = errorFrom([&] { loadConfigFile(path); });
            QVERIFY2(error, "expected a ConfigError");
            QVERIFY2(q(error->message).contains("is UTF-16 text; save it as UTF-8"), error->what());
        }
        // UTF-8 is read as such.
        writeText(path, "# Größe, 尺寸\nseed: 7\n");
        QCOMPARE(loadConfigFile(path).config.seed, std::uint64_t(7));
    }

    void bytesThatAreNotUtf8AreReadAndShownEscaped()
    {
        // A search of a Latin-1 folder wrote its path into config.yaml, and --resume refused
        // the file as "not UTF-8 text": the search could never be continued.
        QTemporaryDir dir;
        const std::string path = dir.filePath("latin.yaml").toStdString();
        const std::string folder = "/data/caf\xe9 images";
        writeText(path, "data:\n  dataset:\n    root: \"" + folder + "\"\n");
        QCOMPARE(loadConfigFile(path).config.data.dataset.root, folder);
        // What the config holds is quoted with such bytes escaped, not echoed raw.
        writeText(path, "seed: 1\ntrainer:\n  device: caf\xe9\n\xc0\xafx: 2\n");
        const auto error = errorFrom([&] { loadConfigFile(path); });
        QVERIFY(error);
        const std::string said = error->what();
        QVERIFY2(said.find("caf\\xe9") != std::string::npos, said.c_str());
        QVERIFY2(said.find("\\xc0\\xafx") != std::string::npos, said.c_str());
        for (unsigned char c : said)
            QVERIFY2(c < 0x80, said.c_str());
    }

    void aliasBombIsNotExpanded()
    {
        // Billion laughs: ten levels of ten aliases each, 10^10 leaves if expanded. The reader
        // judges each of the ten items once, by what it is, and never walks into the aliases.
        const std::string levels = aliasBombLevels();
        QTemporaryDir dir;
        const std::string path = dir.filePath("bomb.yaml").toStdString();
        writeText(path, "data:\n  preprocessing: " + levels + "]\n");
        const auto error = errorFrom([&] { loadConfigFile(path); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems.size(), size_t(10));
        QCOMPARE(error->problems[9].keyPath, std::string("data.preprocessing[9]"));
        QVERIFY2(q(error->problems[9].message).contains("got a list"), error->what());
    }

    void anOverrideChangesOnlyItsOwnKeyNotItsAliases()
    {
        // An alias is its anchor's node: --epochs 3 made num_sub_policies 3 too, a --set of
        // optim.policy.lr changed optim.main's, one of std changed mean.
        const std::string text = "_version: 2\npolicy_model:\n  num_sub_policies: &n 20\n  num_chunks: 2\n"
                                 "trainer:\n  max_epochs: *n\n"
                                 "optim: {main: &opt {lr: 0.0002, betas: [0.5, 0.999]}, policy: *opt}\n"
                                 "data:\n  normalization:\n    mean: &m [0.5, 0.5, 0.5]\n    std: *m\n"
                                 "  dataloader:\n    batch_size: 8\n";
        const LoadedConfig loaded = parseConfig(text, "alias.yaml",
                                                {"trainer.max_epochs=3", "optim.policy.lr=0.01",
                                                 "data.normalization.std=[0.2, 0.3, 0.4]"});
        QCOMPARE(loaded.config.policy.numSubPolicies, 20);
        QCOMPARE(loaded.config.trainer.maxEpochs, 3);
        QCOMPARE(loaded.config.optimMain.lr, 0.0002);
        QCOMPARE(loaded.config.optimPolicy.lr, 0.01);
        QCOMPARE(loaded.config.optimPolicy.beta1, 0.5); // the alias's other keys stay
        QCOMPARE(loaded.config.data.mean, (std::vector<double>{0.5, 0.5, 0.5}));
        QCOMPARE(loaded.config.data.std, (std::vector<double>{0.2, 0.3, 0.4}));
        // The anchor's side is set alone too.
        const LoadedConfig anchor = parseConfig(text, "alias.yaml", {"policy_model.num_sub_policies=5"});
        QCOMPARE(anchor.config.policy.numSubPolicies, 5);
        QCOMPARE(anchor.config.trainer.maxEpochs, 20);

        // What the override leaves in an aliased section keeps its line.
        std::string bad = text;
        bad.replace(bad.find("0.999"), 5, "2");
        const auto error = errorFrom([&] { parseConfig(bad, "alias.yaml", {"optim.policy.lr=0.01"}); });
        QVERIFY(error);
        QCOMPARE(error->problems.size(), size_t(2));
        for (const ConfigProblem &problem : error->problems) {
            QCOMPARE(problem.file, std::string("alias.yaml"));
            QCOMPARE(problem.line, lineOf(text, "betas"));
        }
        QCOMPARE(error->problems[1].keyPath, std::string("optim.policy.betas"));
    }

    void anOverrideBesideAnAliasBombDoesNotExpandIt()
    {
        // Rebuilding an override's path must not walk aliased nodes as a tree: 10^10 leaves.
        const std::string levels = aliasBombLevels();
        const std::string text = "hydra:\n  bomb: " + levels + "]\n  copy: *a9\ndata:\n  preprocessing: *a9\n";
        const auto error = errorFrom([&] {
            parseConfig(text, "bomb.yaml", {"data.dataloader.batch_size=8", "hydra.run.dir=x", "seed=3"});
        });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems.size(), size_t(10));
        QCOMPARE(error->problems[9].keyPath, std::string("data.preprocessing[9]"));
        QCOMPARE(error->problems[9].line, 2); // the anchor's line: nothing of it was copied
    }

    void mergeKeysJoinTheMapsTheyName()
    {
        // YAML 1.1's merge key, as PyYAML (so OmegaConf, so AutoAlbument) resolves it: the
        // map's own keys win, then the first merged map's; a merged map may merge in turn.
        const std::string text = "_version: 2\n"
                                 "optim:\n"
                                 "  main: &main\n"
                                 "    lr: 0.0002\n"
                                 "    betas: [0.5, 0.999]\n"
                                 "  policy:\n"
                                 "    <<: [{lr: 0.5, betas: [0.25, 0.75]}, *main]\n"
                                 "    lr: 0.001\n"
                                 "data:\n"
                                 "  dataloader: {batch_size: 12}\n"
                                 "trainer: {<<: {<<: {max_epochs: 7}}}\n";
        const LoadedConfig loaded = parseConfig(text, "merge.yaml");
        QCOMPARE(loaded.config.optimMain.lr, 0.0002);
        QCOMPARE(loaded.config.optimPolicy.lr, 0.001);
        QCOMPARE(loaded.config.optimPolicy.beta1, 0.25);
        QCOMPARE(loaded.config.optimPolicy.beta2, 0.75);
        QCOMPARE(loaded.config.trainer.maxEpochs, 7);

        // A --set of a merged key changes that place alone.
        const LoadedConfig set = parseConfig(text, "merge.yaml", {"optim.policy.betas=[0.1, 0.2]"});
        QCOMPARE(set.config.optimPolicy.beta1, 0.1);
        QCOMPARE(set.config.optimMain.beta1, 0.5);

        // A merged value that is wrong is named at its own line, under each key that has it.
        std::string bad = text;
        bad.replace(bad.find("0.999"), 5, "2");
        auto error = errorFrom([&] { parseConfig(bad, "merge.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems.size(), size_t(1)); // optim.policy's betas are its first merged map's
        QCOMPARE(error->problems[0].keyPath, std::string("optim.main.betas"));
        QCOMPARE(error->problems[0].line, lineOf(text, "betas: [0.5"));
        bad = text;
        bad.replace(bad.find("0.75"), 4, "3");
        error = errorFrom([&] { parseConfig(bad, "merge.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems[0].keyPath, std::string("optim.policy.betas"));
        QCOMPARE(error->problems[0].line, lineOf(text, "<<: [{lr"));
    }

    void yaml11IntegersReadAsPyYamlReadsThem()
    {
        // A plain 052 is octal to PyYAML (42), and AutoAlbument searched with that seed.
        const std::vector<std::pair<std::string, long long>> seeds = {
            {"052", 42}, {"\"052\"", 52}, {"0x2A", 42}, {"0b101010", 42}, {"4_2", 42}, {"1:30", 90}, {"08", 8}};
        for (const auto &[text, expected] : seeds) {
            const LoadedConfig loaded = parseConfig("seed: " + text + "\n", "seed.yaml");
            QVERIFY2(loaded.config.seed == static_cast<std::uint64_t>(expected), text.c_str());
        }
        QCOMPARE(parseConfig("trainer:\n  max_epochs: 0x10\n").config.trainer.maxEpochs, 16);
        QCOMPARE(parseConfig("optim:\n  main:\n    lr: 010\n").config.optimMain.lr, 8.0);
        const auto error = errorFrom([&] { parseConfig("trainer:\n  max_epochs: -0x10\n"); });
        QVERIFY2(error, "expected a ConfigError");
        QVERIFY2(q(error->message).contains("got -16"), error->what());
        QVERIFY(errorFrom([&] { parseConfig("seed: 0x\n"); }));
        QVERIFY(errorFrom([&] { parseConfig("seed: 1:60\n"); }));
        // Written back, a text PyYAML would take for a number is quoted.
        QCOMPARE(yamlString("0x10"), std::string("\"0x10\""));
        QCOMPARE(yamlString("1_000"), std::string("\"1_000\""));
    }

    void linesEndedByACarriageReturnAloneAreLines()
    {
        // Old Mac editors end lines with CR alone; YAML (and PyYAML) reads each as a line.
        const LoadedConfig loaded = parseConfig("seed: 3\rtrainer:\r  max_epochs: 2\r", "cr.yaml");
        QCOMPARE(loaded.config.seed, std::uint64_t(3));
        QCOMPARE(loaded.config.trainer.maxEpochs, 2);
        const auto error = errorFrom([&] { parseConfig("seed: 3\r\ntrainer:\r  max_epochs: x\r", "cr.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->line, 3);
        QCOMPARE(error->keyPath, std::string("trainer.max_epochs"));
    }

    void aMergeKeyOfAListNamesTheItemThatIsNoMap()
    {
        // (A merge key of one value that is no map: refusesBadFiles.)
        auto error = errorFrom([&] { parseConfig("trainer:\n  <<: [{max_epochs: 3}, 4]\n", "merge.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QVERIFY2(q(error->message).contains("item 1 is not a map"), error->what());

        // A quoted "<<" is a key named so, not a merge.
        error = errorFrom([&] { parseConfig("trainer:\n  \"<<\": {max_epochs: 3}\n", "merge.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->keyPath, std::string("trainer.<<"));
        QVERIFY2(q(error->message).contains("unknown key"), error->what());
    }

    void aMergeKeyBesideAnAliasBombDoesNotExpandIt()
    {
        // Resolving merge keys walks each anchored node once: 10^10 leaves if walked as a tree.
        const std::string levels = aliasBombLevels();
        const std::string text = "hydra:\n  bomb: " + levels + "]\n  copy: {<<: {x: *a9}}\n"
                                 "trainer: {<<: {max_epochs: 2}}\ndata:\n  preprocessing: *a9\n";
        const auto error = errorFrom([&] { parseConfig(text, "bomb.yaml"); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems.size(), size_t(10));
        QCOMPARE(error->problems[9].keyPath, std::string("data.preprocessing[9]"));
    }

    void everyProblemOfAFileIsReported()
    {
        // Three problems in three sections: all named, each with its key and line, in file order.
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.yaml").toStdString();
        writeText(path, "policy_model:\n  temperature: -1\n  num_chunks: 2\ndata:\n  dataloader:\n"
                        "    batch_sise: 8\ntrainer:\n  max_epochs: abc\nexport:\n  albumentations: 1\n");
        const auto error = errorFrom([&] { loadConfigFile(path); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(error->problems.size(), size_t(3));
        QCOMPARE(error->problems[0].keyPath, std::string("policy_model.temperature"));
        QCOMPARE(error->problems[0].line, 2);
        QCOMPARE(error->problems[1].keyPath, std::string("data.dataloader.batch_sise"));
        QCOMPARE(error->problems[1].line, 6);
        QCOMPARE(error->problems[2].keyPath, std::string("trainer.max_epochs"));
        QCOMPARE(error->problems[2].line, 8);
        // The error itself is the first problem; its text lists all three, one a line.
        QCOMPARE(error->line, 2);
        QCOMPARE(q(error->what()).count('\n'), 2);
        QVERIFY2(q(error->what()).contains(q(path + ":8: trainer.max_epochs: expected an integer")), error->what());

        // The preprocessing steps are checked with the rest, each named by its key path; they
        // were checked one at a time, after the file, and without a key path.
        const std::string steps = dir.filePath("steps.yaml").toStdString();
        writeText(steps, "policy_model:\n  num_sub_policies: 0\ndata:\n  preprocessing:\n"
                         "    - Resize: {height: 32, width: 32, bogus: 1}\n    - Blur: {blur_limit: 3}\n"
                         "    - Resize: {height: 32, width: 32, interpolation: 99}\n");
        const auto stepsError = errorFrom([&] { loadConfigFile(steps); });
        QVERIFY2(stepsError, "expected a ConfigError");
        QCOMPARE(stepsError->problems.size(), size_t(4));
        QCOMPARE(stepsError->problems[1].keyPath, std::string("data.preprocessing[0].Resize"));
        QCOMPARE(stepsError->problems[1].line, 5);
        QVERIFY2(q(stepsError->problems[1].message).startsWith("unknown parameter 'bogus'"), stepsError->what());
        QCOMPARE(stepsError->problems[2].keyPath, std::string("data.preprocessing[1].Blur"));
        QVERIFY2(q(stepsError->problems[2].message).contains("unknown preprocessing transform Blur"), stepsError->what());
        QCOMPARE(stepsError->problems[3].line, 7);
        QVERIFY2(q(stepsError->problems[3].message).contains("interpolation must be an integer from 0 to 6"),
                 stepsError->what());
    }

    void normalizationTakesOneValueOrThree()
    {
        SearchConfig config = defaultConfig();
        applyOverride(config, "data.normalization.mean=[0.286]");
        applyOverride(config, "data.normalization.std=0.353");
        QCOMPARE(config.data.mean, std::vector<double>{0.286});
        QCOMPARE(config.data.std, std::vector<double>{0.353});
        QVERIFY(errorFrom([&] { applyOverride(config, "data.normalization.mean=[0.1, 0.2]"); }));
        QVERIFY(errorFrom([&] { applyOverride(config, "data.normalization.std=[0]"); }));
    }

    void batchCheckPointsAtNumChunksWhenBatchIsDefault()
    {
        const auto error = errorFrom([] { parseConfig("policy_model:\n  num_chunks: 9\n", "s.yaml"); });
        QVERIFY(error);
        QCOMPARE(error->keyPath, std::string("data.dataloader.batch_size"));
        QVERIFY2(error->message.find("batch_size 16") != std::string::npos, error->what());
        QVERIFY2(error->message.find("num_chunks 9 (line 2)") != std::string::npos, error->what());
        QVERIFY2(error->message.find("18") != std::string::npos, error->what());
        // Exactly 2 x num_chunks is enough.
        QCOMPARE(parseConfig("policy_model:\n  num_chunks: 8\n").config.policy.numChunks, 8);
        QVERIFY(errorFrom([] { parseConfig("policy_model:\n  num_chunks: 4\ndata:\n  dataloader:\n    batch_size: 6\n"); }));
        QCOMPARE(parseConfig("policy_model:\n  num_chunks: 4\ndata:\n  dataloader:\n    batch_size: 8\n")
                     .config.data.dataloader.batchSize,
                 8);
    }

    void aBatchConflictASetMadeNamesTheSet()
    {
        // The --set of num_chunks was blamed on the file's batch_size, a config error (exit 1).
        const std::string text = "_version: 2\npolicy_model:\n  num_chunks: 2\ndata:\n  dataloader:\n"
                                 "    batch_size: 8\n";
        const auto chunks = errorFrom([&] { parseConfig(text, "small.yaml", {"policy_model.num_chunks=8"}); });
        QVERIFY(chunks);
        QCOMPARE(chunks->file, std::string("--set"));
        QCOMPARE(chunks->keyPath, std::string("policy_model.num_chunks"));
        QVERIFY2(chunks->message.find("num_chunks 8 is too large for data.dataloader.batch_size 8 (line 6)")
                     != std::string::npos,
                 chunks->what());
        const auto batch = errorFrom([&] { parseConfig(text, "small.yaml", {"data.dataloader.batch_size=2"}); });
        QVERIFY(batch);
        QCOMPARE(batch->file, std::string("--set"));
        QCOMPARE(batch->keyPath, std::string("data.dataloader.batch_size"));
        QVERIFY2(batch->message.find("num_chunks 2 (line 3)") != std::string::npos, batch->what());
    }

    void invisibleCharactersAreShownEscaped()
    {
        // A no-break space, a second byte-order mark and a zero-width space were quoted as
        // they are, which a terminal shows as a space or nothing.
        const auto nbsp = errorFrom([] { parseConfig("policy_model:\n  num_chunks:\xc2\xa0" "2\n", "n.yaml"); });
        QVERIFY(nbsp);
        QVERIFY2(q(nbsp->what()).contains("got 'num_chunks:\\u00a02'"), nbsp->what());
        const auto bom = errorFrom([] { parseConfig("\xef\xbb\xbf\xef\xbb\xbftask: classification\n", "b.yaml"); });
        QVERIFY(bom);
        QVERIFY2(q(bom->what()).contains("unknown key '\\ufefftask'"), bom->what());
        const auto zeroWidth = errorFrom([] { parseConfig("ta\xe2\x80\x8bsk: classification\n", "z.yaml"); });
        QVERIFY(zeroWidth);
        QCOMPARE(zeroWidth->keyPath, std::string("ta\\u200bsk"));
        for (const auto &error : {nbsp, bom, zeroWidth})
            for (unsigned char c : std::string(error->what()))
                QVERIFY2(c < 0x80, error->what());
        // Notes quote values so too.
        const LoadedConfig optimiser = parseConfig("optim:\n  main:\n    _target_: torch.optim.S\xe2\x80\x8bGD\n");
        QCOMPARE(optimiser.unsupported.size(), size_t(1));
        QVERIFY2(q(describeNote(optimiser.unsupported[0])).contains("'torch.optim.S\\u200bGD'"),
                 describeNote(optimiser.unsupported[0]).c_str());
    }

    void numbersBeyondFloat32AreRefused()
    {
        // A value_range of +-1e308 validated, then the search made NaN and an unloadable policy.
        const auto range = errorFrom([] {
            parseConfig("policy_model:\n  operations: [{_target_: Rotate, value_range: [-1e308, 1e308]}]\n", "r.yaml");
        });
        QVERIFY(range);
        QCOMPARE(range->keyPath, std::string("policy_model.operations[0].value_range"));
        QCOMPARE(range->line, 2);
        QVERIFY2(range->message.find("float32") != std::string::npos, range->what());
        // Each end fits, their width does not.
        const auto wide = errorFrom([] {
            parseConfig("policy_model:\n  operations: [{_target_: Rotate, value_range: [-3e38, 3e38]}]\n", "r.yaml");
        });
        QVERIFY(wide);
        QCOMPARE(wide->keyPath, std::string("policy_model.operations[0].value_range"));
        const auto rate = errorFrom([] { parseConfig("optim:\n  main: {lr: 1e39}\n", "o.yaml"); });
        QVERIFY(rate);
        QCOMPARE(rate->keyPath, std::string("optim.main.lr"));
        QCOMPARE(rate->line, 2);
        const LoadedConfig fine =
            parseConfig("policy_model:\n  operations: [{_target_: Rotate, value_range: [-30, 30]}]\n");
        QCOMPARE(fine.config.policy.operations.at(0).valueRange->second, 30.0);
    }

    void theBuiltInConfigNamesNoLines()
    {
        // "(line 20)" pointed into the built-in text, which the user never saw.
        const auto error = errorFrom([] { parseDefaultConfig({"data.dataloader.batch_size=3"}); });
        QVERIFY(error);
        QCOMPARE(error->keyPath, std::string("data.dataloader.batch_size"));
        QVERIFY2(error->message.find("policy_model.num_chunks 4:") != std::string::npos, error->what());
        QVERIFY2(std::string(error->what()).find("line") == std::string::npos, error->what());
        const auto other = errorFrom([] { parseDefaultConfig({"policy_model.num_chunks=9"}); });
        QVERIFY(other);
        // The --set made the conflict with the built-in batch_size: it is named (a usage error).
        QVERIFY2(std::string(other->what()).find("--set: policy_model.num_chunks: num_chunks 9 is too large for "
                                                 "data.dataloader.batch_size 16:")
                     != std::string::npos,
                 other->what());
        QVERIFY2(std::string(other->what()).find("line") == std::string::npos, other->what());
        // The same text as a file the user has does name them.
        const auto fromFile = errorFrom([] { parseConfig(defaultConfigYaml(), "search.yaml", {"data.dataloader.batch_size=3"}); });
        QVERIFY(fromFile);
        QVERIFY2(fromFile->message.find("num_chunks 4 (line ") != std::string::npos, fromFile->what());
    }

    void checkConfigAppliesTheReadersRules()
    {
        // A config made in memory (a form, a test) meets the same rules, named by key.
        SearchConfig config;
        checkConfig(config, "the search's config");
        config.data.dataloader.batchSize = 6;
        config.policy.numChunks = 4;
        auto error = errorFrom([&] { checkConfig(config, "the search's config"); });
        QVERIFY(error);
        QCOMPARE(error->keyPath, std::string("data.dataloader.batch_size"));
        QVERIFY2(error->message.find("num_chunks 4") != std::string::npos, error->what());
        QVERIFY2(std::string(error->what()).find("the search's config") == 0, error->what());
        config = SearchConfig();
        config.data.std = {0.2, 0.0, 0.2};
        error = errorFrom([&] { checkConfig(config, "the search's config"); });
        QVERIFY(error);
        QCOMPARE(error->keyPath, std::string("data.normalization.std"));
        config = SearchConfig();
        config.data.mean = {0.5, 0.5};
        error = errorFrom([&] { checkConfig(config, "the search's config"); });
        QVERIFY(error);
        QCOMPARE(error->keyPath, std::string("data.normalization.mean"));
    }

    void missingOrUnreadableFile()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("nope.yaml").toStdString();
        auto error = errorFrom([&] { loadConfigFile(missing); });
        QVERIFY(error);
        QCOMPARE(error->file, missing);
        QVERIFY2(std::string(error->what()).find(missing) != std::string::npos, error->what());
        QVERIFY2(error->message.find("no such file") != std::string::npos, error->what());

        error = errorFrom([&] { loadConfigFile(dir.path().toStdString()); });
        QVERIFY(error);
        QVERIFY2(error->message.find("folder") != std::string::npos, error->what());
    }

    // --- notes ------------------------------------------------------------------------

    void pythonOnlyKeysAreNotedNotRefused()
    {
        const std::string text = "_version: 2\n"
                                 "defaults:\n  - _self_\n"
                                 "logger:\n  _target_: pytorch_lightning.loggers.TensorBoardLogger\n"
                                 "callbacks: []\n"
                                 "searcher:\n  _target_: x.Searcher\n"
                                 "data:\n  dataset_file: dataset.py\n"
                                 "  dataloader:\n    persistent_workers: true\n"
                                 "trainer:\n  precision: 16\n"
                                 "seed: null\n";
        const LoadedConfig loaded = parseConfig(text);
        for (const char *key : {"defaults", "logger", "callbacks", "searcher", "data.dataset_file",
                                "data.dataloader.persistent_workers", "trainer.precision", "seed"}) {
            const ConfigNote *note = findNote(loaded.ignored, key);
            QVERIFY2(note, qPrintable(QString("%1 not in %2").arg(key, notePaths(loaded.ignored))));
            QVERIFY(!note->text.empty());
            QCOMPARE(note->line, lineOf(text, std::string(key).substr(std::string(key).rfind('.') + 1) + ":"));
        }
        QCOMPARE(loaded.config.seed, std::uint64_t(42));
        QVERIFY(loaded.unsupported.empty());
        QVERIFY(!describeNote(*findNote(loaded.ignored, "logger")).empty());

        // An AutoAlbument file without trainer.gpus searched on a GPU there, on the CPU here: said.
        const ConfigNote *device = findNote(loaded.ignored, "_version");
        QVERIFY2(device && device->text.find("AutoAlbument searched on 1 GPU, AugStudio searches on the CPU")
                               != std::string::npos,
                 qPrintable(notePaths(loaded.ignored)));
        QCOMPARE(loaded.config.trainer.device, std::string("cpu"));
        for (const std::string given : {"trainer:\n  gpus: 0\n", "trainer:\n  device: auto\n", "device: cpu\n"})
            QVERIFY(!findNote(parseConfig("_version: 2\n" + given).ignored, "_version"));
        QVERIFY(!findNote(parseConfig("_version: 2\n", "s.yaml", {"trainer.device=cuda"}).ignored, "_version"));
    }

    void autoAlbumentsPretrainedSegmentationIsNoted()
    {
        // AutoAlbument's segmentation model is pretrained unless told otherwise; here it starts
        // from random weights without a file: said on the model's section, or on _version.
        const std::string text = "_version: 2\ntask: semantic_segmentation\ntrainer:\n  gpus: 0\n"
                                 "semantic_segmentation_model:\n  num_classes: 3\n";
        const LoadedConfig loaded = parseConfig(text);
        const ConfigNote *note = findNote(loaded.ignored, "semantic_segmentation_model");
        QVERIFY2(note && note->text.find("AutoAlbument's segmentation model starts from ImageNet weights")
                             != std::string::npos,
                 qPrintable(notePaths(loaded.ignored)));
        QCOMPARE(note->line, lineOf(text, "semantic_segmentation_model:"));
        QVERIFY(!loaded.config.segmentationModel.pretrained);
        const LoadedConfig bare = parseConfig("_version: 2\ntask: semantic_segmentation\ntrainer:\n  gpus: 0\n");
        QVERIFY(findNote(bare.ignored, "_version"));
        // Said nothing of where the file chooses, where it is AugStudio's own (no _version),
        // or for classification, whose default there is false too.
        for (const std::string chosen : {"  pretrained: false\n", "  encoder_weights: null\n"})
            QVERIFY(!findNote(parseConfig(text + chosen).ignored, "semantic_segmentation_model"));
        QVERIFY(!findNote(parseConfig(text, "s.yaml", {"semantic_segmentation_model.pretrained=false"}).ignored,
                          "semantic_segmentation_model"));
        QVERIFY(!findNote(parseConfig(text.substr(std::string("_version: 2\n").size())).ignored,
                          "semantic_segmentation_model"));
        QVERIFY(!findNote(parseConfig("_version: 2\ntask: classification\ntrainer:\n  gpus: 0\n").ignored,
                          "_version"));
    }

    void shiftRgbOfNoChannelIsLeftOut()
    {
        // AutoAlbument takes a ShiftRGB of no channel, which shifts nothing: noted, left out.
        const std::string text = "policy_model:\n"
                                 "  operations:\n"
                                 "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.ShiftRGB\n"
                                 "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.ShiftRGB\n"
                                 "      shift_g: false\n"
                                 "    - name: Rotate\n";
        const LoadedConfig loaded = parseConfig(text);
        QCOMPARE(loaded.config.policy.operations.size(), size_t(1));
        QCOMPARE(loaded.config.policy.operations[0].name, std::string("Rotate"));
        QCOMPARE(loaded.ignored.size(), size_t(2));
        QCOMPARE(loaded.ignored[0].line, 3);
        QVERIFY2(loaded.ignored[0].text.find("shifts nothing: left out") != std::string::npos,
                 loaded.ignored[0].text.c_str());
        // Nothing but such: no operation to search is an error; a misspelt flag is named.
        const auto none = errorFrom([] { parseConfig("policy_model:\n  operations:\n    - name: ShiftRGB\n"); });
        QVERIFY(none && q(none->message).contains("no operation is left to search"));
        const auto typo = errorFrom([] { parseConfig("policy_model:\n  operations:\n    - name: ShiftRGB\n      shift_red: true\n"); });
        QVERIFY(typo && q(typo->message).contains("unknown argument 'shift_red'"));
    }

    void pretrainedNeedsLocalWeights()
    {
        const LoadedConfig without = parseConfig("classification_model:\n  pretrained: true\n");
        const ConfigNote *note = findNote(without.ignored, "classification_model.pretrained");
        QVERIFY(note);
        QCOMPARE(note->line, 2);
        QVERIFY2(note->text.find("classification_model.weights") != std::string::npos, note->text.c_str());
        QVERIFY2(note->text.find("the search starts from random weights; nothing is downloaded") != std::string::npos,
                 note->text.c_str());
        const LoadedConfig with = parseConfig("classification_model:\n  pretrained: true\n  weights: /w/r18.pt\n");
        QVERIFY(!findNote(with.ignored, "classification_model.pretrained"));
        QCOMPARE(with.config.classificationModel.weightsPath, std::string("/w/r18.pt"));
    }

    void onlyTheTasksModelIsChecked()
    {
        const std::string text = "task: classification\n"
                                 "semantic_segmentation_model:\n  architecture: PSPNet\n"
                                 "classification_model:\n  architecture: WRN_40_2\n";
        LoadedConfig loaded = parseConfig(text);
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
        QCOMPARE(loaded.config.classificationModel.architecture, std::string("wrn_40_2"));
        QVERIFY(!findNote(loaded.ignored, "semantic_segmentation_model")); // each task has its section
        loaded = parseConfig("task: semantic_segmentation\n" + text.substr(text.find('\n') + 1));
        QCOMPARE(loaded.unsupported.size(), size_t(1));
        QCOMPARE(loaded.unsupported[0].keyPath, std::string("semantic_segmentation_model.architecture"));
        QCOMPARE(loaded.unsupported[0].line, 3);
    }

    void aModelSectionOfTheOtherTaskIsNotedUnused()
    {
        // Its num_classes and architecture went unused without a word.
        const LoadedConfig segmentation = parseConfig("task: semantic_segmentation\nclassification_model:\n"
                                                      "  num_classes: 3\n  architecture: resnet50\n");
        const ConfigNote *unused = findNote(segmentation.ignored, "classification_model");
        QVERIFY2(unused, qPrintable(notePaths(segmentation.ignored)));
        QCOMPARE(unused->line, 2);
        QVERIFY2(unused->text.find("not used: the task is semantic_segmentation") != std::string::npos,
                 unused->text.c_str());
        const LoadedConfig classification = parseConfig("semantic_segmentation_model:\n  num_classes: 3\n");
        const ConfigNote *mirror = findNote(classification.ignored, "semantic_segmentation_model");
        QVERIFY2(mirror, qPrintable(notePaths(classification.ignored)));
        QVERIFY2(mirror->text.find("not used: the task is classification") != std::string::npos, mirror->text.c_str());
    }

    void anArchitectureGivenBesideAMatchedPythonClassIsKept()
    {
        // resnet34 beside model.Cifar10ClassificationModel became wrn_28_10 without a word.
        const LoadedConfig file = parseConfig("classification_model: {_target_: model.Cifar10ClassificationModel, "
                                              "architecture: resnet34, num_classes: 2}\n");
        QCOMPARE(file.config.classificationModel.architecture, std::string("resnet34"));
        const ConfigNote *note = findNote(file.ignored, "classification_model._target_");
        QVERIFY(note);
        QVERIFY2(note->text.find("replaced by the built-in resnet34, the classification_model.architecture given "
                                 "(line 1), not by wrn_28_10")
                     != std::string::npos,
                 note->text.c_str());
        const LoadedConfig set = parseConfig("classification_model: {_target_: model.Cifar10ClassificationModel}\n",
                                             "c.yaml", {"classification_model.architecture=resnet50"});
        QCOMPARE(set.config.classificationModel.architecture, std::string("resnet50"));
        const ConfigNote *setNote = findNote(set.ignored, "classification_model._target_");
        QVERIFY(setNote);
        QVERIFY2(setNote->text.find("resnet50, the classification_model.architecture given (--set)") != std::string::npos,
                 setNote->text.c_str());
    }

    void otherOptimisersAreUnsupported()
    {
        const LoadedConfig loaded = parseConfig("optim:\n  main:\n    _target_: torch.optim.SGD\n    lr: 0.1\n"
                                                "  policy:\n    weight_decay: 0.01\n    eps: 1e-8\n");
        QCOMPARE(loaded.unsupported.size(), size_t(2));
        QVERIFY(loaded.unsupported[0].text.find("torch.optim.SGD") != std::string::npos);
        QCOMPARE(loaded.unsupported[1].keyPath, std::string("optim.policy.weight_decay"));
        QVERIFY(findNote(loaded.ignored, "optim.policy.eps"));
        QCOMPARE(loaded.config.optimMain.lr, 0.1);
    }

    void deviceFromGpusAndVersionOneKeys()
    {
        QCOMPARE(parseConfig("trainer:\n  gpus: 0\n").config.trainer.device, std::string("cpu"));
        QCOMPARE(parseConfig("trainer:\n  gpus: null\n").config.trainer.device, std::string("cpu"));
        QCOMPARE(parseConfig("trainer:\n  gpus: 2\n").config.trainer.device, std::string("auto"));
        // An explicit device wins over gpus, whatever the order.
        QCOMPARE(parseConfig("trainer:\n  device: cuda:1\n  gpus: 0\n").config.trainer.device, std::string("cuda:1"));
        // AutoAlbument 1: optim.epochs and device, as autoalbument-migrate maps them.
        const LoadedConfig v1 = parseConfig("optim:\n  epochs: 7\ndevice: cuda\ncudnn_benchmark: true\n");
        QCOMPARE(v1.config.trainer.maxEpochs, 7);
        QCOMPARE(v1.config.trainer.device, std::string("auto"));
        QVERIFY(findNote(v1.ignored, "cudnn_benchmark"));
        QCOMPARE(parseConfig("optim:\n  epochs: 7\ntrainer:\n  max_epochs: 9\n").config.trainer.maxEpochs, 9);
    }

    void gpusTrueOrFalseIsOneOrNoGpu()
    {
        // false was read as the text "false", a device list, and so as a GPU.
        const LoadedConfig off = parseConfig("trainer:\n  gpus: false\n");
        QCOMPARE(off.config.trainer.device, std::string("cpu"));
        const ConfigNote *offNote = findNote(off.ignored, "trainer.gpus");
        QVERIFY(offNote);
        QCOMPARE(offNote->line, 2);
        QVERIFY2(offNote->text.find("false is 0 GPUs: read as trainer.device: cpu") != std::string::npos,
                 offNote->text.c_str());
        const LoadedConfig on = parseConfig("trainer:\n  gpus: true\n");
        QCOMPARE(on.config.trainer.device, std::string("auto"));
        const ConfigNote *onNote = findNote(on.ignored, "trainer.gpus");
        QVERIFY(onNote);
        QVERIFY2(onNote->text.find("true is 1 GPU: read as trainer.device: auto") != std::string::npos,
                 onNote->text.c_str());
    }

    void aDeviceRequestOutrankedSaysWhatIsUsed()
    {
        // The note said gpus read as auto where trainer.device chose the CPU.
        const LoadedConfig file = parseConfig("trainer:\n  gpus: 1\n  device: cpu\n");
        QCOMPARE(file.config.trainer.device, std::string("cpu"));
        const ConfigNote *gpus = findNote(file.ignored, "trainer.gpus");
        QVERIFY(gpus);
        QCOMPARE(q(gpus->text), QStringLiteral("not used: trainer.device (line 3) outranks it; the device is cpu"));
        const LoadedConfig set = parseConfig("trainer:\n  gpus: 1\n", "s.yaml", {"trainer.device=cuda"});
        QCOMPARE(set.config.trainer.device, std::string("cuda"));
        const ConfigNote *setGpus = findNote(set.ignored, "trainer.gpus");
        QVERIFY(setGpus);
        QCOMPARE(q(setGpus->text), QStringLiteral("not used: trainer.device (--set) outranks it; the device is cuda"));
        // Version 1's device, outranked by a --set of trainer.gpus.
        const LoadedConfig v1 = parseConfig("_version: 1\ndevice: cuda\n", "v1.yaml", {"trainer.gpus=0"});
        QCOMPARE(v1.config.trainer.device, std::string("cpu"));
        const ConfigNote *device = findNote(v1.ignored, "device");
        QVERIFY(device);
        QCOMPARE(device->line, 2);
        QCOMPARE(q(device->text), QStringLiteral("not used: trainer.gpus (--set) outranks it; the device is cpu"));
        QVERIFY(!findNote(v1.ignored, "trainer.gpus")); // 0 is the CPU, nothing to say
    }

    void unsupportedMessageListsEveryNote()
    {
        QVERIFY(unsupportedMessage({}).empty());
        const std::string message = unsupportedMessage({{"a.b", 3, "first problem"}, {"c", 0, "second problem"}});
        QVERIFY(message.find("line 3: a.b: first problem") != std::string::npos);
        QVERIFY(message.find("c: second problem") != std::string::npos);
    }

    // --- writing ----------------------------------------------------------------------

    void fixturesRoundTrip_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("cifar10") << "cifar10_search.yaml";
        QTest::newRow("pascal voc") << "pascal_voc_search.yaml";
        QTest::newRow("full default") << "autoalbument_full_default.yaml";
    }

    void fixturesRoundTrip()
    {
        QFETCH(QString, name);
        const SearchConfig config = loadConfigFile(fixture(name.toStdString())).config;
        QVERIFY(sameConfig(roundTrip(config), config));
    }

    void everySettingRoundTrips_data()
    {
        // Each row changes one setting away from the defaults; operator== must see the change
        // and a save and reload must keep it.
        using Change = std::function<void(SearchConfig &)>;
        QTest::addColumn<Change>("change");
        QTest::newRow("task") << Change([](SearchConfig &c) { c.task = Task::SemanticSegmentation; });
        QTest::newRow("task_factor") << Change([](SearchConfig &c) { c.policy.taskFactor = 1.0 / 3.0; });
        QTest::newRow("steps_per_epoch") << Change([](SearchConfig &c) { c.trainer.stepsPerEpoch = 25; });
        QTest::newRow("export.albumentations")
            << Change([](SearchConfig &c) { c.exportSettings.albumentations = AlbumentationsTarget::V1; });
        QTest::newRow("gp_factor") << Change([](SearchConfig &c) { c.policy.gpFactor = 12.5; });
        QTest::newRow("temperature") << Change([](SearchConfig &c) { c.policy.temperature = 1e-7; });
        QTest::newRow("num_sub_policies") << Change([](SearchConfig &c) { c.policy.numSubPolicies = 150; });
        QTest::newRow("num_chunks") << Change([](SearchConfig &c) { c.policy.numChunks = 2; });
        QTest::newRow("operation_count") << Change([](SearchConfig &c) { c.policy.operationCount = 2; });
        QTest::newRow("operations") << Change([](SearchConfig &c) {
            c.policy.operations = defaultOperations();
            c.policy.operations.push_back({"Rotate", {}, std::make_pair(-12.25, 0.1), 0});
            c.policy.operations.push_back({"CutoutFixedSize", {{"hole_size_divider", 8.0}, {"max_holes", 4.0}}, std::nullopt, 0});
            c.policy.operations.push_back({"ShiftRGB", {{"shift_r", 1.0}, {"shift_b", 0.0}}, std::nullopt, 0});
        });
        QTest::newRow("num_classes") << Change([](SearchConfig &c) { c.classificationModel.numClasses = 10; });
        QTest::newRow("architecture") << Change([](SearchConfig &c) { c.classificationModel.architecture = "wrn_40_2"; });
        QTest::newRow("pretrained") << Change([](SearchConfig &c) { c.classificationModel.pretrained = true; });
        QTest::newRow("weights") << Change([](SearchConfig &c) { c.classificationModel.weightsPath = "/w/my weights: v2.pt"; });
        QTest::newRow("segmentation num_classes") << Change([](SearchConfig &c) { c.segmentationModel.numClasses = 21; });
        QTest::newRow("segmentation architecture") << Change([](SearchConfig &c) { c.segmentationModel.architecture = "FPN"; });
        QTest::newRow("encoder") << Change([](SearchConfig &c) { c.segmentationModel.encoderArchitecture = "resnet34"; });
        QTest::newRow("segmentation pretrained") << Change([](SearchConfig &c) { c.segmentationModel.pretrained = true; });
        QTest::newRow("segmentation weights") << Change([](SearchConfig &c) { c.segmentationModel.weightsPath = "/w/unet.pt"; });
        QTest::newRow("root") << Change([](SearchConfig &c) { c.data.dataset.root = "/data/\"quoted\" #1\\x"; });
        QTest::newRow("root that reads as null") << Change([](SearchConfig &c) { c.data.dataset.root = "/null"; c.data.dataset.split = "null"; });
        QTest::newRow("layout") << Change([](SearchConfig &c) { c.data.dataset.layout = "voc"; });
        QTest::newRow("split") << Change([](SearchConfig &c) { c.data.dataset.split = "t10k"; });
        QTest::newRow("limit") << Change([](SearchConfig &c) { c.data.dataset.limit = 500; });
        QTest::newRow("input_dtype") << Change([](SearchConfig &c) { c.data.inputDtype = InputDtype::Float32; });
        QTest::newRow("preprocessing") << Change([](SearchConfig &c) {
            c.data.preprocessing = {{"Resize", {{"height", 32.0}, {"width", 48.0}, {"always_apply", 1.0}}, {}, 0},
                                    {"PadIfNeeded", {{"min_height", 64.0}, {"border_mode", 0.0}}, {0.0, 127.5, 255.0}, 0},
                                    {"CenterCrop", {{"height", 16.0}, {"width", 16.0}, {"p", 0.5}}, {}, 0}};
        });
        QTest::newRow("mean") << Change([](SearchConfig &c) { c.data.mean = {0.1, -0.2, 0.30000000000000004}; });
        QTest::newRow("std") << Change([](SearchConfig &c) { c.data.std = {1e-3, 2.0, 0.5}; });
        QTest::newRow("batch_size") << Change([](SearchConfig &c) { c.data.dataloader.batchSize = 256; });
        QTest::newRow("shuffle") << Change([](SearchConfig &c) { c.data.dataloader.shuffle = false; });
        QTest::newRow("num_workers") << Change([](SearchConfig &c) { c.data.dataloader.numWorkers = 0; });
        QTest::newRow("drop_last") << Change([](SearchConfig &c) { c.data.dataloader.dropLast = false; });
        QTest::newRow("ignore_index") << Change([](SearchConfig &c) { c.data.ignoreIndex = 0; });
        QTest::newRow("main lr") << Change([](SearchConfig &c) { c.optimMain.lr = 3.5e-4; });
        QTest::newRow("main betas") << Change([](SearchConfig &c) { c.optimMain.beta1 = 0.5; c.optimMain.beta2 = 0.9; });
        QTest::newRow("policy lr") << Change([](SearchConfig &c) { c.optimPolicy.lr = 0.01; });
        QTest::newRow("policy betas") << Change([](SearchConfig &c) { c.optimPolicy.beta1 = 0.1; c.optimPolicy.beta2 = 0.99; });
        QTest::newRow("max_epochs") << Change([](SearchConfig &c) { c.trainer.maxEpochs = 1; });
        QTest::newRow("device auto") << Change([](SearchConfig &c) { c.trainer.device = "auto"; });
        QTest::newRow("device cuda") << Change([](SearchConfig &c) { c.trainer.device = "cuda"; });
        QTest::newRow("device cuda:1") << Change([](SearchConfig &c) { c.trainer.device = "cuda:1"; });
        QTest::newRow("threads") << Change([](SearchConfig &c) { c.trainer.threads = 3; });
        QTest::newRow("preview_every") << Change([](SearchConfig &c) { c.trainer.previewEvery = 1; });
        QTest::newRow("seed") << Change([](SearchConfig &c) { c.seed = 1234567890123ULL; });
    }

    void everySettingRoundTrips()
    {
        QFETCH(std::function<void(SearchConfig &)>, change);
        SearchConfig config = defaultConfig();
        change(config);
        QVERIFY(config != defaultConfig());
        const LoadedConfig back = parseConfig(configToYaml(config));
        QVERIFY(sameConfig(back.config, config));
    }

    void writtenFileUsesAutoAlbumentsSchema()
    {
        SearchConfig config = defaultConfig();
        config.policy.operations = defaultOperations();
        const std::string yaml = configToYaml(config);
        QVERIFY(yaml.find("_version: 2") != std::string::npos);
        QVERIFY(yaml.find("_target_: autoalbument.faster_autoaugment.models.policy_operations.ShiftRGB\n"
                          "      shift_r: true") != std::string::npos);
        QVERIFY(yaml.find("gpus: 0") != std::string::npos);
        // AugStudio-only keys at their defaults stay out of AutoAlbument's way.
        for (const char *key : {"threads", "preview_every", "weights", "ignore_index", "layout", "device:"})
            QVERIFY2(yaml.find(key) == std::string::npos, key);
        // The file written to disk loads through loadConfigFile too.
        QTemporaryDir dir;
        const std::string path = dir.filePath("written.yaml").toStdString();
        writeText(path, yaml);
        QVERIFY(sameConfig(loadConfigFile(path).config, config));
    }

    void defaultYamlIsTheDefaultConfig()
    {
        const std::string &text = defaultConfigYaml();
        QVERIFY(text.find("# ") != std::string::npos);
        const LoadedConfig loaded = parseConfig(text);
        QVERIFY(sameConfig(loaded.config, defaultConfig()));
        QVERIFY2(loaded.ignored.empty(), qPrintable(notePaths(loaded.ignored)));
        QVERIFY(loaded.unsupported.empty());
    }

    // --- overrides --------------------------------------------------------------------

    void applyOverrideSetsValues()
    {
        SearchConfig config = defaultConfig();
        applyOverride(config, "trainer.max_epochs=3");
        applyOverride(config, "optim.main.betas=[0.5, 0.9]");
        applyOverride(config, "task=semantic_segmentation");
        applyOverride(config, "policy_model.operations=[{name: Rotate, value_range: [-10, 10]}]");
        applyOverride(config, "trainer.device=cuda:0");
        applyOverride(config, "data.dataset.root=relative/data");
        applyOverride(config, "export.albumentations=1");
        QCOMPARE(config.exportSettings.albumentations, AlbumentationsTarget::V1);
        QCOMPARE(config.trainer.maxEpochs, 3);
        QCOMPARE(config.optimMain.beta1, 0.5);
        QCOMPARE(config.optimMain.beta2, 0.9);
        QCOMPARE(config.task, Task::SemanticSegmentation);
        QCOMPARE(config.policy.operations.size(), size_t(1));
        QCOMPARE(config.policy.operations[0].valueRange->second, 10.0);
        QCOMPARE(config.trainer.device, std::string("cuda:0"));
        QCOMPARE(config.data.dataset.root, (fs::current_path() / "relative" / "data").string());
        // Everything else is untouched.
        SearchConfig expected = defaultConfig();
        expected.trainer = config.trainer;
        expected.optimMain = config.optimMain;
        expected.exportSettings = config.exportSettings;
        expected.task = config.task;
        expected.policy.operations = config.policy.operations;
        expected.data.dataset.root = config.data.dataset.root;
        QVERIFY(sameConfig(config, expected));
    }

    void applyOverrideRefusesBadInput_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("keyPath");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << "trainer.max_epoch=3" << "trainer.max_epoch" << "did you mean 'max_epochs'?";
        QTest::newRow("unknown section") << "trainr.max_epochs=3" << "trainr" << "did you mean 'trainer'?";
        QTest::newRow("bad value") << "trainer.max_epochs=abc" << "trainer.max_epochs" << "expected an integer, got 'abc'";
        QTest::newRow("out of range") << "policy_model.temperature=-1" << "policy_model.temperature" << "> 0";
        QTest::newRow("too many chunks") << "policy_model.num_chunks=9" << "data.dataloader.batch_size" << "2 x num_chunks = 18";
        QTest::newRow("no equals sign") << "trainer.max_epochs" << "" << "expected key.path=value";
        QTest::newRow("list index") << "policy_model.operations[0].name=Rotate" << "policy_model.operations[0].name"
                                    << "dotted key path";
        QTest::newRow("bad YAML value") << "data.normalization.mean=[1, 2" << "data.normalization.mean" << "not valid YAML";
        QTest::newRow("value YAML reads as nothing") << "trainer.max_epochs=,3" << "trainer.max_epochs"
                                                     << "not valid YAML";
        QTest::newRow("two documents") << "seed=1\n---\nseed: 2" << "seed" << "more than one YAML document";
        QTest::newRow("export target") << "export.albumentations=1.5" << "export.albumentations" << "expected 1";
    }

    void applyOverrideRefusesBadInput()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, keyPath);
        QFETCH(QString, message);
        SearchConfig config = defaultConfig();
        const auto error = errorFrom([&] { applyOverride(config, assignment.toStdString()); });
        QVERIFY2(error, "expected a ConfigError");
        QCOMPARE(q(error->file), QString("--set"));
        QCOMPARE(q(error->keyPath), keyPath);
        QCOMPARE(error->line, 0);
        QVERIFY2(q(error->message).contains(message), error->what());
        QVERIFY(sameConfig(config, defaultConfig())); // a refused override changes nothing
    }

    void otherExamplesLoadWithNothingUnsupported_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("task");
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("subPolicies");
        QTest::addColumn<int>("batch");
        QTest::newRow("svhn") << "svhn_search.yaml" << int(Task::Classification) << "wrn_28_10" << 150 << 128;
        QTest::newRow("imagenet") << "imagenet_search.yaml" << int(Task::Classification) << "resnet50" << 40 << 64;
        QTest::newRow("cityscapes") << "cityscapes_search.yaml" << int(Task::SemanticSegmentation) << "DeepLabV3Plus"
                                    << 25 << 8;
    }

    void otherExamplesLoadWithNothingUnsupported()
    {
        QFETCH(QString, file);
        QFETCH(int, task);
        QFETCH(QString, architecture);
        QFETCH(int, subPolicies);
        QFETCH(int, batch);
        const LoadedConfig loaded = loadConfigFile(fixture(file.toStdString()), {}, LoadOptions{true});
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
        const SearchConfig &c = loaded.config;
        QCOMPARE(int(c.task), task);
        QCOMPARE(q(c.model().architecture), architecture);
        QCOMPARE(c.policy.numSubPolicies, subPolicies);
        QCOMPARE(c.data.dataloader.batchSize, batch);
        QCOMPARE(c.seed, std::uint64_t(42));
        QCOMPARE(c.trainer.device, std::string("auto"));
    }

    void pythonModelClassWithoutMatch()
    {
        const std::string text = "classification_model:\n  _target_: model.MyNet\n  depth: 12\n";
        // By default: the default architecture, with a note naming the class and the model.
        LoadedConfig loaded = parseConfig(text);
        QVERIFY(loaded.unsupported.empty());
        QCOMPARE(loaded.config.classificationModel.architecture, std::string("resnet18"));
        const ConfigNote *note = findNote(loaded.ignored, "classification_model._target_");
        QVERIFY2(note, qPrintable(notePaths(loaded.ignored)));
        QCOMPARE(note->line, 2);
        QVERIFY2(note->text.find("model.MyNet") != std::string::npos && note->text.find("resnet18") != std::string::npos,
                 note->text.c_str());
        QVERIFY(findNote(loaded.ignored, "classification_model.depth"));
        // --strict refuses it.
        loaded = parseConfig(text, "search.yaml", {}, LoadOptions{true});
        QCOMPARE(loaded.unsupported.size(), size_t(1));
        QCOMPARE(loaded.unsupported[0].keyPath, std::string("classification_model._target_"));
        QVERIFY(loaded.unsupported[0].text.find("model.MyNet") != std::string::npos);
    }

    void encoderWeightsAreAFileOrAName()
    {
        LoadedConfig loaded = parseConfig("task: semantic_segmentation\nsemantic_segmentation_model:\n"
                                          "  encoder_weights: /w/resnet50-0676ba61.pth\n");
        QCOMPARE(loaded.config.segmentationModel.weightsPath, std::string("/w/resnet50-0676ba61.pth"));
        loaded = parseConfig("task: semantic_segmentation\nsemantic_segmentation_model:\n  encoder_weights: imagenet\n");
        QVERIFY(loaded.config.segmentationModel.pretrained);
        QVERIFY(loaded.config.segmentationModel.weightsPath.empty());
        QVERIFY(findNote(loaded.ignored, "semantic_segmentation_model.encoder_weights"));
        QCOMPARE(parseConfig("classification_model:\n  architecture: WRN_16_8\n").config.classificationModel.architecture,
                 std::string("wrn_16_8"));
    }

    void overridesWhileLoadingUpdateTheNotes()
    {
        const std::string path = fixture("cifar10_search.yaml");
        // Clearing the Python model class makes the config searchable.
        LoadedConfig loaded = loadConfigFile(path, {"classification_model._target_=null",
                                                    "classification_model.architecture=wrn_40_2"});
        QVERIFY2(loaded.unsupported.empty(), qPrintable(q(unsupportedMessage(loaded.unsupported))));
        QCOMPARE(loaded.config.classificationModel.architecture, std::string("wrn_40_2"));
        // Overrides act together: the batch check sees both values.
        loaded = parseConfig("", "search.yaml", {"policy_model.num_chunks=32", "data.dataloader.batch_size=64"});
        QCOMPARE(loaded.config.policy.numChunks, 32);
        QCOMPARE(loaded.config.data.dataloader.batchSize, 64);
        // A bad override names --set, not a line of the file.
        const auto error = errorFrom([&] { loadConfigFile(path, {"trainer.max_epochs=zero"}); });
        QVERIFY(error);
        QCOMPARE(error->file, std::string("--set"));
        QCOMPARE(error->keyPath, std::string("trainer.max_epochs"));
        QCOMPARE(error->line, 0);
        // A key below a value: named as --set's, where the file's line of the value was blamed.
        const auto below = errorFrom([&] { loadConfigFile(path, {"policy_model.num_sub_policies.x=3"}); });
        QVERIFY(below);
        QCOMPARE(below->file, std::string("--set"));
        QCOMPARE(below->keyPath, std::string("policy_model.num_sub_policies"));
        QVERIFY2(q(below->message).contains("is a value, not a section"), below->what());
    }

    void configChangesNameEachSettingThatDiffers()
    {
        const SearchConfig started = defaultConfig();
        QVERIFY(configChanges(started, started).empty());
        SearchConfig resumed = started;
        resumed.optimMain.lr = 0.1;
        resumed.trainer.maxEpochs = 30;
        resumed.trainer.threads = 3; // written only where it is not the default
        resumed.policy.numSubPolicies = 7;
        const std::vector<ConfigChange> changes = configChanges(started, resumed);
        QStringList paths;
        for (const ConfigChange &change : changes)
            paths << q(change.keyPath);
        QVERIFY2(paths.contains("optim.main.lr") && paths.contains("trainer.max_epochs")
                     && paths.contains("trainer.threads") && paths.contains("policy_model.num_sub_policies"),
                 qPrintable(paths.join(", ")));
        QCOMPARE(changes.size(), size_t(4));
        for (const ConfigChange &change : changes) {
            if (change.keyPath == "optim.main.lr") {
                QCOMPARE(q(change.before), QString("0.001"));
                QCOMPARE(q(change.after), QString("0.1"));
            } else if (change.keyPath == "trainer.threads") {
                QCOMPARE(q(change.before), QString("(default)"));
                QCOMPARE(q(change.after), QString("3"));
            }
        }
        // Back again: the written default is named as one.
        const std::vector<ConfigChange> back = configChanges(resumed, started);
        QCOMPARE(back.size(), size_t(4));
    }

    // --- the sample -------------------------------------------------------------------

    void sampleConfigIsSmallAndValid()
    {
        const std::string root = testsupport::fashionMnistDir().empty() ? "/tmp/fashion-mnist"
                                                                         : testsupport::fashionMnistDir();
        const SearchConfig sample = sampleConfig(root);
        QCOMPARE(sample.task, Task::Classification);
        QCOMPARE(sample.data.dataset.root, root);
        QCOMPARE(sample.data.dataset.layout, std::string("idx"));
        QCOMPARE(sample.data.dataset.limit, 2000);
        QCOMPARE(sample.data.preprocessing.size(), size_t(1));
        QCOMPARE(sample.data.preprocessing[0].name, std::string("Resize"));
        QCOMPARE(sample.data.preprocessing[0].args, (std::map<std::string, double>{{"height", 32.0}, {"width", 32.0}}));
        QCOMPARE(sample.data.dataloader.batchSize, 32);
        QCOMPARE(sample.policy.numSubPolicies, 10);
        QCOMPARE(sample.policy.numChunks, 4);
        QCOMPARE(sample.policy.operationCount, 4);
        QCOMPARE(sample.classificationModel.architecture, std::string("resnet18"));
        QCOMPARE(sample.trainer.maxEpochs, 40); // the README measures 40 against 10, 20 and 33
        QCOMPARE(sample.trainer.device, std::string("cpu"));
        QCOMPARE(sample.data.mean, (std::vector<double>{0.286}));
        QCOMPARE(sample.data.std, (std::vector<double>{0.353}));
        // It passes the loader's own checks and saves as a file that loads back the same.
        const LoadedConfig back = parseConfig(configToYaml(sample));
        QVERIFY(sameConfig(back.config, sample));
        QVERIFY(back.unsupported.empty());
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"
