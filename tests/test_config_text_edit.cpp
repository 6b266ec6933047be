// editConfigText: a form edit changes the user's search.yaml where the setting is and
// nowhere else; what cannot be edited in place is refused, never written wrong.

#include "config/ConfigLoader.h"
#include "config/ConfigTextEdit.h"
#include "ops/OperationCatalog.h"

#include <QtTest>

#include <fstream>
#include <functional>

using namespace augstudio;

namespace {

std::string fixture(const std::string &name)
{
    std::ifstream file(std::string(AUGSTUDIO_TEST_DATA_DIR) + "/configs/" + name);
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

const std::string kSource = "/data/project/search.yaml";

SearchConfig read(const std::string &text)
{
    return parseConfig(text, kSource).config;
}

// The lines of `edited` that `original` does not have, and the reverse, as "-old/+new" lines.
QStringList lineDiff(const std::string &original, const std::string &edited)
{
    const QStringList before = QString::fromStdString(original).split(QLatin1Char('\n'));
    const QStringList after = QString::fromStdString(edited).split(QLatin1Char('\n'));
    QStringList diff;
    for (const QString &line : before)
        if (!after.contains(line))
            diff << QLatin1Char('-') + line;
    for (const QString &line : after)
        if (!before.contains(line))
            diff << QLatin1Char('+') + line;
    return diff;
}

// `text` edited by `change`: checks that the result reads as the changed config.
std::string edit(const std::string &text, const std::function<void(SearchConfig &)> &change)
{
    const SearchConfig before = read(text);
    SearchConfig after = before;
    change(after);
    const std::optional<std::string> edited = editConfigText(text, before, after, kSource);
    if (!edited) {
        QTest::qFail("the text could not be edited in place", __FILE__, __LINE__);
        return {};
    }
    [&] { QVERIFY(read(*edited) == after); }();
    return *edited;
}

// `text` edited by --set assignments ("trainer.max_epochs=41").
std::string editBySets(const std::string &text, const QStringList &sets)
{
    return edit(text, [&](SearchConfig &c) {
        for (const QString &set : sets)
            applyOverride(c, set.toStdString());
    });
}

} // namespace

class TestConfigTextEdit : public QObject
{
    Q_OBJECT

private slots:
    void aValueChangesAndNothingElse()
    {
        const std::string text = fixture("cifar10_search.yaml");
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.dataloader.batchSize = 24; });
        QCOMPARE(lineDiff(text, edited),
                 (QStringList{QStringLiteral("-    batch_size: 128"), QStringLiteral("+    batch_size: 24")}));
    }

    void commentsAfterAValueStay()
    {
        const std::string text = "policy_model:\n  temperature: 0.05   # softer with more epochs\n  num_chunks: 4\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.policy.temperature = 0.0005; });
        QCOMPARE(edited, std::string("policy_model:\n  temperature: 0.0005   # softer with more epochs\n"
                                     "  num_chunks: 4\n"));
    }

    void aValueTheConfigRefusesAcrossKeysIsEditedInPlaceToo()
    {
        // 9 chunks in a batch of 16: each key alone is fine, together the reader refuses them.
        // The edit kept to the text (so its comments stay), where the whole config was written
        // out anew, comments and all gone.
        const std::string text = "data:\n  dataloader:\n    batch_size: 16   # fits the GPU\n"
                                 "policy_model:\n  num_chunks: 4\n";
        SearchConfig after = read(text);
        const SearchConfig before = after;
        after.policy.numChunks = 9;
        const std::optional<std::string> edited = editConfigText(text, before, after, kSource);
        QVERIFY(edited);
        QCOMPARE(*edited, std::string("data:\n  dataloader:\n    batch_size: 16   # fits the GPU\n"
                                      "policy_model:\n  num_chunks: 9\n"));
        QVERIFY_THROWS_EXCEPTION(ConfigError, read(*edited));
    }

    void theUsersSpellingOfOtherValuesStays()
    {
        // The root keeps its ~, the rate its exponent: only the edited key is written anew.
        const std::string text = "data:\n  dataset:\n    root: ~/data/cifar10\n  dataloader:\n    batch_size: 32\n"
                                 "optim:\n  main:\n    lr: 1e-3\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.dataloader.batchSize = 64; });
        QVERIFY2(edited.find("root: ~/data/cifar10\n") != std::string::npos, edited.c_str());
        QVERIFY2(edited.find("lr: 1e-3\n") != std::string::npos, edited.c_str());
        QVERIFY2(edited.find("batch_size: 64\n") != std::string::npos, edited.c_str());
    }

    void aMissingKeyGoesAtTheEndOfItsSection()
    {
        const std::string text = "data:\n  dataset:\n    root: shapes\n  # the loader\n  dataloader:\n"
                                 "    batch_size: 32\nseed: 7\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.dataset.layout = "segmentation_pairs"; });
        QCOMPARE(edited, std::string("data:\n  dataset:\n    root: shapes\n    layout: segmentation_pairs\n"
                                     "  # the loader\n  dataloader:\n    batch_size: 32\nseed: 7\n"));
    }

    void aMissingSectionIsAdded()
    {
        // Before the seed, as the writer orders them, and above the seed's own comment.
        const std::string text = "# only a seed\nseed: 7\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.trainer.stepsPerEpoch = 20; });
        QVERIFY2(edited.rfind("trainer:\n", 0) == 0, edited.c_str());
        QVERIFY2(edited.find("\n  steps_per_epoch: 20\n# only a seed\nseed: 7\n") != std::string::npos, edited.c_str());
    }

    void aMissingSectionGoesWhereTheWriterPutsIt()
    {
        // After the section the writer puts before it, not after the seed at the end.
        const std::string text = "task: classification\npolicy_model:\n  num_chunks: 4\n# the data\ndata:\n"
                                 "  dataloader:\n    batch_size: 32\nseed: 7\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.task = Task::SemanticSegmentation; });
        QVERIFY2(edited.find("policy_model:\n  num_chunks: 4\nsemantic_segmentation_model:\n") != std::string::npos,
                 edited.c_str());
        QVERIFY2(edited.find("# the data\ndata:\n") != std::string::npos, edited.c_str());
        QVERIFY2(edited.size() > 8 && edited.compare(edited.size() - 8, 8, "seed: 7\n") == 0, edited.c_str());
    }

    void whatGoesInFollowsTheTextsIndentAndOrder()
    {
        // A 4-space file gets a 4-space section, which holds the edited key alone; a key whose
        // writer-predecessor is missing too goes before the first key the writer puts after it.
        const std::string text = "policy_model:\n    temperature: 0.05\n    num_chunks: 4\nseed: 7\n";
        const std::string edited = edit(text, [](SearchConfig &c) {
            c.policy.gpFactor = 5;
            c.trainer.stepsPerEpoch = 9;
        });
        QVERIFY2(edited.find("policy_model:\n    gp_factor: 5\n    temperature: 0.05\n") != std::string::npos,
                 edited.c_str());
        QVERIFY2(edited.find("\ntrainer:\n    steps_per_epoch: 9\nseed: 7\n") != std::string::npos, edited.c_str());
    }

    void aListThatGoesInTakesTheTextsIndentToo()
    {
        // Each level one step of the file's own, the keys of an item lined up after its dash.
        const std::string text = "policy_model:\n    num_chunks: 4\ndata:\n    dataloader:\n        batch_size: 32\n";
        const std::string edited = edit(text, [](SearchConfig &c) {
            PreprocessingStep resize;
            resize.name = "Resize";
            resize.args["height"] = 64;
            resize.args["width"] = 48;
            c.data.preprocessing = {resize};
            OperationConfig flip, solarize;
            flip.name = "HorizontalFlip";
            solarize.name = "Solarize";
            solarize.valueRange = {{0.0, 0.5}};
            c.policy.operations = {flip, solarize};
        });
        QVERIFY2(edited.find("\n    preprocessing:\n        - Resize: {height: 64, width: 48}\n") != std::string::npos,
                 edited.c_str());
        const std::string secondItem = "\n        - _target_: autoalbument.faster_autoaugment.models.policy_operations."
                                       "Solarize\n          value_range: [0, 0.5]\n";
        QVERIFY2(edited.find("\n    operations:\n        - _target_: ") != std::string::npos
                     && edited.find(secondItem) != std::string::npos,
                 edited.c_str());
    }

    void aKeyBackAtItsDefaultIsTakenOut()
    {
        const std::string text = "trainer:\n  max_epochs: 3\n  steps_per_epoch: 20  # a quick look\n  threads: 2\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.trainer.stepsPerEpoch = 0; });
        QCOMPARE(edited, std::string("trainer:\n  max_epochs: 3\n  threads: 2\n"));
    }

    void aValueInAFlowSectionChanges()
    {
        const std::string text = "data:\n  dataloader: {batch_size: 32, shuffle: true}\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.dataloader.batchSize = 48; });
        QCOMPARE(edited, std::string("data:\n  dataloader: {batch_size: 48, shuffle: true}\n"));
    }

    void aKeyGoesIntoAFlowSection_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<QString>("expected");
        // Before the closing brace, in the text's own spacing, the rest of the line as it was.
        QTest::newRow("one key") << QStringLiteral("trainer: {max_epochs: 3}\n")
                                 << QStringList{QStringLiteral("trainer.steps_per_epoch=5")}
                                 << QStringLiteral("trainer: {max_epochs: 3, steps_per_epoch: 5}\n");
        QTest::newRow("spaced, with a comment")
            << QStringLiteral("trainer: { max_epochs: 3 }  # short\nseed: 7\n")
            << QStringList{QStringLiteral("trainer.steps_per_epoch=5")}
            << QStringLiteral("trainer: { max_epochs: 3, steps_per_epoch: 5 }  # short\nseed: 7\n");
        QTest::newRow("an empty section") << QStringLiteral("trainer: {}\n")
                                          << QStringList{QStringLiteral("trainer.steps_per_epoch=5")}
                                          << QStringLiteral("trainer: {steps_per_epoch: 5}\n");
        QTest::newRow("a nested section")
            << QStringLiteral("data: {dataset: {root: '/d, e'}, dataloader: {batch_size: 32}}\n")
            << QStringList{QStringLiteral("data.dataset.limit=100")}
            << QStringLiteral("data: {dataset: {root: '/d, e', limit: 100}, dataloader: {batch_size: 32}}\n");
        QTest::newRow("a missing section")
            << QStringLiteral("data: {dataloader: {batch_size: 32}}\n")
            << QStringList{QStringLiteral("data.dataset.limit=100")}
            << QStringLiteral("data: {dataloader: {batch_size: 32}, dataset: {limit: 100}}\n");
        QTest::newRow("an empty section a level up") << QStringLiteral("data: {}\nseed: 7\n")
                                                      << QStringList{QStringLiteral("data.dataset.limit=100")}
                                                      << QStringLiteral("data: {dataset: {limit: 100}}\nseed: 7\n");
        // An alias's section becomes a copy first: the anchor's keeps what it said.
        QTest::newRow("reached through an alias")
            << QStringLiteral("optim:\n  main: &o {betas: [0.9, 0.999]}\n  policy: *o\n")
            << QStringList{QStringLiteral("optim.policy.lr=0.002")}
            << QStringLiteral("optim:\n  main: &o {betas: [0.9, 0.999]}\n  policy: {betas: [0.9, 0.999], lr: 0.002}\n");
        QTest::newRow("two keys") << QStringLiteral("trainer: {max_epochs: 3}\n")
                                  << QStringList{QStringLiteral("trainer.steps_per_epoch=5"),
                                                 QStringLiteral("trainer.threads=3")}
                                  << QStringLiteral("trainer: {max_epochs: 3, threads: 3, steps_per_epoch: 5}\n");
    }

    void aKeyGoesIntoAFlowSection()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sets);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(editBySets(text.toStdString(), sets)), expected);
    }

    void aFlowSectionThatCannotTakeTheKeyInPlaceIsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("set");
        // Over several lines.
        QTest::newRow("several lines") << QStringLiteral("trainer: {max_epochs: 3,\n  gpus: 0}\n")
                                       << QStringLiteral("trainer.steps_per_epoch=5");
    }

    void aFlowSectionThatCannotTakeTheKeyInPlaceIsRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, set);
        const SearchConfig before = read(text.toStdString());
        SearchConfig after = before;
        applyOverride(after, set.toStdString());
        QVERIFY(!editConfigText(text.toStdString(), before, after, kSource).has_value());
    }

    void aBlockValueIsReplacedWhole()
    {
        // The operations list, and a preprocessing written over several lines.
        const std::string text = "policy_model:\n  operations:\n    # colour first\n"
                                 "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.Solarize\n"
                                 "    - _target_: autoalbument.faster_autoaugment.models.policy_operations.HorizontalFlip\n"
                                 "  num_chunks: 4\ndata:\n  preprocessing:\n    - Resize:\n        height: 64\n"
                                 "        width: 64\n  input_dtype: uint8\n";
        const std::string edited = edit(text, [](SearchConfig &c) {
            c.policy.operations.pop_back();
            c.data.preprocessing.front().args["height"] = 32;
        });
        QVERIFY2(edited.find("HorizontalFlip") == std::string::npos, edited.c_str());
        QVERIFY2(edited.find("  num_chunks: 4\n") != std::string::npos, edited.c_str());
        QVERIFY2(edited.find("  input_dtype: uint8\n") != std::string::npos, edited.c_str());
        QVERIFY2(edited.find("height: 32") != std::string::npos, edited.c_str());
    }

    void quotedValuesAndLineEndingsStay()
    {
        const std::string text = "\xEF\xBB\xBF" "data:\r\n  dataset:\r\n    root: \"my data\"  # quoted\r\n"
                                 "  dataloader:\r\n    batch_size: 32\r\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.dataloader.batchSize = 8; });
        QCOMPARE(edited, std::string("\xEF\xBB\xBF" "data:\r\n  dataset:\r\n    root: \"my data\"  # quoted\r\n"
                                     "  dataloader:\r\n    batch_size: 8\r\n"));
    }

    void everyExampleConfigKeepsItsPythonKeys()
    {
        // AutoAlbument's examples carry Hydra sections and _target_s the writer cannot hold.
        for (const char *name : {"cifar10_search.yaml", "cityscapes_search.yaml", "imagenet_search.yaml",
                                 "pascal_voc_search.yaml", "svhn_search.yaml"}) {
            const std::string text = fixture(name);
            const std::string edited = edit(text, [](SearchConfig &c) {
                c.trainer.maxEpochs = 7;
                c.policy.numSubPolicies = 25;
                c.seed = 3000000000ULL;
            });
            QCOMPARE(lineDiff(text, edited).size(), lineDiff(text, edited).filter(QRegularExpression(
                QStringLiteral("max_epochs|num_sub_policies|seed"))).size());
            QVERIFY2(edited.find("_target_") != std::string::npos, name);
        }
    }

    void aDeviceWrittenAsDeviceStaysSo()
    {
        // The writer says trainer.gpus for cpu and auto; the user's device key is what changes.
        const std::string text = "trainer:\n  max_epochs: 3\n  device: cpu  # the laptop\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.trainer.device = "auto"; });
        QCOMPARE(edited, std::string("trainer:\n  max_epochs: 3\n  device: auto  # the laptop\n"));
    }

    void aKeyTheReaderTakesUnderAnotherNameIsEditedThere()
    {
        // smp's encoder_weights file and AutoAlbument 1's optim.epochs change where they are;
        // a weights: or trainer.max_epochs: beside them would leave them stale.
        const std::string text = "task: semantic_segmentation\nsemantic_segmentation_model:\n"
                                 "  encoder_weights: /models/enc.pth  # from the lab\noptim:\n  epochs: 3\n";
        const std::string edited = edit(text, [](SearchConfig &c) {
            c.segmentationModel.weightsPath = "/models/enc2.pth";
            c.trainer.maxEpochs = 7;
        });
        QCOMPARE(edited, std::string("task: semantic_segmentation\nsemantic_segmentation_model:\n"
                                     "  encoder_weights: /models/enc2.pth  # from the lab\noptim:\n  epochs: 7\n"));
        // A download's name is no file: a weights file goes in beside it.
        const std::string named = "task: semantic_segmentation\nsemantic_segmentation_model:\n"
                                  "  encoder_weights: imagenet\n";
        const std::string withFile = edit(named, [](SearchConfig &c) { c.segmentationModel.weightsPath = "/models/enc.pth"; });
        QVERIFY2(withFile.find("  encoder_weights: imagenet\n") != std::string::npos
                     && withFile.find("  weights: /models/enc.pth\n") != std::string::npos,
                 withFile.c_str());
    }

    void aReplacedEntryKeepsItsComment()
    {
        const std::string text = "data:\n  preprocessing:   # keep in sync with train.py\n    - Resize:\n"
                                 "        height: 64\n        width: 64\n";
        const std::string edited = edit(text, [](SearchConfig &c) { c.data.preprocessing.front().args["width"] = 48; });
        QVERIFY2(edited.find("  preprocessing:   # keep in sync with train.py\n") != std::string::npos, edited.c_str());
    }

    void theOperationsListIsEditedItemByItem()
    {
        // A range set in its item, an operation left out without its neighbours' keys and
        // comments, a new one after the one before it.
        const std::string module = "autoalbument.faster_autoaugment.models.policy_operations.";
        const std::string text = "policy_model:\n  operations:   # colour first\n"
                                 "    - _target_: " + module + "ShiftRGB\n      shift_r: true\n"
                                 "    # - _target_: " + module + "Solarize\n"
                                 "    - _target_: " + module + "Rotate\n      temperature: 0.1  # its own\n"
                                 "    - _target_: " + module + "HorizontalFlip\n"
                                 "  num_chunks: 4\n";
        const std::string ranged = edit(text, [](SearchConfig &c) { c.policy.operations[1].valueRange = {{-10.0, 10.0}}; });
        QCOMPARE(ranged, std::string("policy_model:\n  operations:   # colour first\n"
                                     "    - _target_: " + module + "ShiftRGB\n      shift_r: true\n"
                                     "    # - _target_: " + module + "Solarize\n"
                                     "    - _target_: " + module + "Rotate\n      value_range: [-10, 10]\n"
                                     "      temperature: 0.1  # its own\n"
                                     "    - _target_: " + module + "HorizontalFlip\n"
                                     "  num_chunks: 4\n"));

        const std::string fewer = edit(text, [](SearchConfig &c) { c.policy.operations.pop_back(); });
        QCOMPARE(lineDiff(text, fewer), QStringList{QString::fromStdString("-    - _target_: " + module + "HorizontalFlip")});

        const std::string more = edit(text, [](SearchConfig &c) {
            OperationConfig flip;
            flip.name = "VerticalFlip";
            c.policy.operations.insert(c.policy.operations.begin() + 2, flip);
        });
        QCOMPARE(lineDiff(text, more), QStringList{QString::fromStdString("+    - _target_: " + module + "VerticalFlip")});
        QVERIFY(more.find("0.1  # its own\n    - _target_: " + module + "VerticalFlip\n    - _target_: " + module
                          + "HorizontalFlip") != std::string::npos);
    }

    void itemsWrittenOtherwiseAreEditedToo()
    {
        // An item whose keys start under its dash, and a flow item that gains a range: each
        // item changes alone, the others keep their own keys.
        const std::string text = "policy_model:\n  operations:\n  - # turned\n    _target_: Rotate\n"
                                 "    temperature: 0.3\n  - {_target_: Solarize}\n  - _target_: HorizontalFlip\n"
                                 "    temperature: 0.7\n";
        const std::string ranged = edit(text, [](SearchConfig &c) { c.policy.operations[0].valueRange = {{-45.0, 45.0}}; });
        QCOMPARE(lineDiff(text, ranged), QStringList{QStringLiteral("+    value_range: [-45, 45]")});
        const std::string flow = edit(text, [](SearchConfig &c) { c.policy.operations[1].valueRange = {{0.0, 0.5}}; });
        QVERIFY2(flow.find("temperature: 0.3") != std::string::npos && flow.find("temperature: 0.7") != std::string::npos
                     && flow.find("# turned") != std::string::npos && flow.find("value_range: [0, 0.5]") != std::string::npos,
                 flow.c_str());
        const std::string fewer = edit(text, [](SearchConfig &c) { c.policy.operations.erase(c.policy.operations.begin()); });
        QVERIFY2(fewer.find("Rotate") == std::string::npos && fewer.find("temperature: 0.3") == std::string::npos
                     && fewer.find("  - {_target_: Solarize}\n  - _target_: HorizontalFlip\n    temperature: 0.7\n")
                            != std::string::npos,
                 fewer.c_str());
    }

    void anAnchoredValueChangesInPlace_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<QString>("expected");
        // An alias reads as a copy of its anchor's value (as OmegaConf reads it): the anchored
        // value changes after its anchor, and an alias that is not edited too keeps the value
        // it had, in the user's spelling. The file was written anew, its comments gone.
        const QString epochs = QStringLiteral("trainer:\n  max_epochs: &ep 40  # the schedule\nseed: *ep\n");
        QTest::newRow("an alias keeps its value")
            << epochs << QStringList{QStringLiteral("trainer.max_epochs=41")}
            << QStringLiteral("trainer:\n  max_epochs: &ep 41  # the schedule\nseed: 40\n");
        QTest::newRow("an alias edited alike shares it still")
            << epochs << QStringList{QStringLiteral("trainer.max_epochs=41"), QStringLiteral("seed=41")}
            << QStringLiteral("trainer:\n  max_epochs: &ep 41  # the schedule\nseed: *ep\n");
        QTest::newRow("an anchor edited alike after its alias")
            << QStringLiteral("seed: &s 7\ntrainer:\n  max_epochs: *s\n")
            << QStringList{QStringLiteral("trainer.max_epochs=8"), QStringLiteral("seed=8")}
            << QStringLiteral("seed: &s 8\ntrainer:\n  max_epochs: *s\n");
        QTest::newRow("the alias's own key")
            << epochs << QStringList{QStringLiteral("seed=7")}
            << QStringLiteral("trainer:\n  max_epochs: &ep 40  # the schedule\nseed: 7\n");
        QTest::newRow("an alias in a flow section")
            << QStringLiteral("trainer: {max_epochs: &e 4, steps_per_epoch: *e}\n")
            << QStringList{QStringLiteral("trainer.steps_per_epoch=9")}
            << QStringLiteral("trainer: {max_epochs: &e 4, steps_per_epoch: 9}\n");
        QTest::newRow("an anchor in a flow section")
            << QStringLiteral("trainer: {max_epochs: &e 4, steps_per_epoch: *e}\n")
            << QStringList{QStringLiteral("trainer.max_epochs=5")}
            << QStringLiteral("trainer: {max_epochs: &e 5, steps_per_epoch: 4}\n");
        QTest::newRow("a Python key's alias")
            << QStringLiteral("trainer:\n  max_epochs: &ep 40\nlogger:\n  epochs: *ep  # logged\n")
            << QStringList{QStringLiteral("trainer.max_epochs=41")}
            << QStringLiteral("trainer:\n  max_epochs: &ep 41\nlogger:\n  epochs: 40  # logged\n");
        QTest::newRow("the user's spelling")
            << QStringLiteral("optim:\n  main:\n    lr: &lr 1e-3\n  policy:\n    lr: *lr\n")
            << QStringList{QStringLiteral("optim.main.lr=0.002")}
            << QStringLiteral("optim:\n  main:\n    lr: &lr 0.002\n  policy:\n    lr: 1e-3\n");
        QTest::newRow("a flow value")
            << QStringLiteral("optim:\n  main:\n    betas: &b [0.9, 0.999]\n  policy:\n    betas: *b\n")
            << QStringList{QStringLiteral("optim.main.betas=[0.5,0.999]")}
            << QStringLiteral("optim:\n  main:\n    betas: &b [0.5, 0.999]\n  policy:\n    betas: [0.9, 0.999]\n");
        QTest::newRow("an alias in a flow list")
            << QStringLiteral("policy_model:\n  temperature: &t 0.05\nlogger: {t: [*t, 1]}\n")
            << QStringList{QStringLiteral("policy_model.temperature=0.5")}
            << QStringLiteral("policy_model:\n  temperature: &t 0.5\nlogger: {t: [0.05, 1]}\n");
        QTest::newRow("an anchored key taken out")
            << QStringLiteral("trainer:\n  max_epochs: 3\n  threads: &n 2\ndata:\n  dataloader:\n    num_workers: *n\n")
            << QStringList{QStringLiteral("trainer.threads=0")}
            << QStringLiteral("trainer:\n  max_epochs: 3\ndata:\n  dataloader:\n    num_workers: 2\n");
        QTest::newRow("an anchored section")
            << QStringLiteral("data:\n  dataloader: &dl {batch_size: 32, shuffle: true}\nlogger:\n  loader: *dl\n")
            << QStringList{QStringLiteral("data.dataloader.batch_size=16")}
            << QStringLiteral("data:\n  dataloader: &dl {batch_size: 16, shuffle: true}\nlogger:\n"
                              "  loader: {batch_size: 32, shuffle: true}\n");
        QTest::newRow("a key reached through an alias")
            << QStringLiteral("optim:\n  main: &opt {lr: 0.001}\n  policy: *opt  # the same\n")
            << QStringList{QStringLiteral("optim.policy.lr=0.002")}
            << QStringLiteral("optim:\n  main: &opt {lr: 0.001}\n  policy: {lr: 0.002}  # the same\n");
    }

    void anAnchoredValueChangesInPlace()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sets);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(editBySets(text.toStdString(), sets)), expected);
    }

    void anAliasThatCannotKeepItsValueIsRefused()
    {
        // The anchored section is written over several lines, which the logger's alias cannot
        // be given in its place: editing the section would change the logger's copy too.
        const std::string text = "optim:\n  main: &opt\n    lr: 0.001\nlogger:\n  opt: *opt\n";
        const SearchConfig before = read(text);
        SearchConfig after = before;
        applyOverride(after, "optim.main.lr=0.002");
        QVERIFY(!editConfigText(text, before, after, kSource).has_value());
    }

    void onlyTheEditedKeyGoesIn_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("sets");
        QTest::addColumn<QString>("expected");
        // A missing section gets the edited key alone, not the writer's every default.
        QTest::newRow("a section") << QStringLiteral("seed: 7\n")
                                   << QStringList{QStringLiteral("trainer.steps_per_epoch=20")}
                                   << QStringLiteral("trainer:\n  steps_per_epoch: 20\nseed: 7\n");
        QTest::newRow("two sections") << QStringLiteral("seed: 7\n")
                                      << QStringList{QStringLiteral("data.dataset.limit=100")}
                                      << QStringLiteral("data:\n  dataset:\n    limit: 100\nseed: 7\n");
        QTest::newRow("the text's indent")
            << QStringLiteral("policy_model:\n    num_chunks: 4\nseed: 7\n")
            << QStringList{QStringLiteral("data.dataset.limit=100")}
            << QStringLiteral("policy_model:\n    num_chunks: 4\ndata:\n    dataset:\n        limit: 100\nseed: 7\n");
        QTest::newRow("an empty section keeps its comment")
            << QStringLiteral("data:\n  dataset:   # filled in later\nseed: 7\n")
            << QStringList{QStringLiteral("data.dataset.limit=100")}
            << QStringLiteral("data:\n  dataset:   # filled in later\n    limit: 100\nseed: 7\n");
        QTest::newRow("a null section") << QStringLiteral("data:\n  dataset: null  # none yet\nseed: 7\n")
                                        << QStringList{QStringLiteral("data.dataset.limit=100")}
                                        << QStringLiteral("data:\n  dataset:  # none yet\n    limit: 100\nseed: 7\n");
    }

    void onlyTheEditedKeyGoesIn()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, sets);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(editBySets(text.toStdString(), sets)), expected);
    }

    void aRangeEditAddsTheOperationsAlone()
    {
        // The operations table of a file without policy_model: the list goes in, not the
        // section's defaults (temperature, num_chunks, ...).
        const std::string text = "data:\n  dataloader:\n    batch_size: 32  # fits\nseed: 7\n";
        const std::string edited = edit(text, [](SearchConfig &c) {
            c.policy.operations = defaultOperations(3);
            c.policy.operations[1].valueRange = {{0.0, 0.5}};
        });
        QVERIFY2(edited.rfind("policy_model:\n  operations:\n    - _target_: ", 0) == 0, edited.c_str());
        QVERIFY2(edited.find("\ndata:\n  dataloader:\n    batch_size: 32  # fits\nseed: 7\n") != std::string::npos,
                 edited.c_str());
        const QStringList diff = lineDiff(text, edited);
        const QRegularExpression removedOrDefault(QStringLiteral(
            "^-|^\\+  (task_factor|gp_factor|temperature|num_sub_policies|num_chunks|operation_count):"));
        QCOMPARE(diff.filter(removedOrDefault), QStringList());
        QCOMPARE(diff.filter(QStringLiteral("value_range")).size(), 1);
    }

    void nothingChangedIsTheSameText()
    {
        const std::string text = fixture("svhn_search.yaml");
        const SearchConfig config = read(text);
        QCOMPARE(editConfigText(text, config, config, kSource).value(), text);
    }
};

QTEST_GUILESS_MAIN(TestConfigTextEdit)
#include "test_config_text_edit.moc"
