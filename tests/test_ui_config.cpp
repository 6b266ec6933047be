// The config panel: the form and the YAML text stay in sync both ways, errors show their
// line without touching the text, and files load and save as the CLI reads them.

#include "ConfigForm.h"
#include "ConfigPanel.h"
#include "DatasetPanel.h"
#include "DatasetScanner.h"
#include "ImageSizeField.h"
#include "MainWindow.h"
#include "OperationsTable.h"
#include "RangeCellDelegate.h"
#include "StatusColour.h"
#include "config/ConfigWriter.h"
#include "config/DefaultConfigs.h"
#include "config/ImageSizePreset.h"
#include "search/TorchRuntime.h"
#include "testsupport/Palettes.h"
#include "testsupport/TestSupport.h"

#include <QAccessible>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabWidget>
#include <QWheelEvent>
#include <QtTest>

#include <fstream>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

// The config the panel's YAML text describes, read as the CLI would read it.
SearchConfig yamlConfig(const ConfigPanel &panel)
{
    return parseConfig(panel.yamlEditor()->toPlainText().toStdString()).config;
}

void writeText(const QString &path, const std::string &text)
{
    std::ofstream(path.toStdString()) << text;
}

// The range the config gives its operation `name`; none where the operation or its range is missing.
std::optional<std::pair<double, double>> rangeOf(const SearchConfig &config, const std::string &name)
{
    for (const OperationConfig &op : config.policy.operations)
        if (op.name == name)
            return op.valueRange;
    return std::nullopt;
}

// The panel's label that shows `text` (the YAML tab's status line, the image size's reason).
QLabel *labelShowing(const QWidget &parent, const QString &text)
{
    for (QLabel *label : parent.findChildren<QLabel *>())
        if (label->text() == text)
            return label;
    return nullptr;
}

// The contrast of a label's text on its own background, as it is painted.
double labelContrast(const QLabel &label)
{
    const QPalette &palette = label.palette();
    return testsupport::wcagContrast(palette.color(label.foregroundRole()), palette.color(label.backgroundRole()));
}

// The contrast of the YAML editor's error-line mark: its text on its background.
double errorLineContrast(const ConfigPanel &panel)
{
    const QList<QTextEdit::ExtraSelection> marks = panel.yamlEditor()->extraSelections();
    if (marks.size() != 1)
        return 0;
    return testsupport::wcagContrast(marks.front().format.foreground().color(), marks.front().format.background().color());
}

QString accessibleName(QWidget *widget)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
    return iface ? iface->text(QAccessible::Name) : QString();
}

} // namespace

class TestUiConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

private slots:
    void initTestCase()
    {
        testsupport::useTestSettings(); // MainWindow remembers the last config
        QVERIFY(tmp.isValid());
    }

    void startsFromTheDefaults()
    {
        ConfigPanel panel;
        QVERIFY(panel.config() == defaultConfig());
        QCOMPARE(panel.yamlEditor()->toPlainText().toStdString(), defaultConfigYaml());
        QCOMPARE(panel.form()->epochsBox()->value(), defaultConfig().trainer.maxEpochs);
        QVERIFY(panel.blockingProblem().isEmpty());
    }

    void tabGoesDownTheForm()
    {
        // Tab from one field reaches the next one down: Epochs' next is Batch size, and
        // Steps per epoch comes before Epochs, not after Temperature.
        ConfigForm form;
        const QList<QWidget *> expected{form.taskBox(),         form.architectureBox(), form.deviceBox(),
                                        form.imageLimitBox(),   form.stepsPerEpochBox(), form.epochsBox(),
                                        form.batchSizeBox(),    form.subPoliciesBox(),  form.stagesBox(),
                                        form.chunksBox(),       form.temperatureBox(),  form.seedBox()};
        QList<QWidget *> order;
        QWidget *widget = form.taskBox();
        for (int i = 0; i < 200 && order.size() < expected.size(); ++i, widget = widget->nextInFocusChain())
            if (expected.contains(widget) && !order.contains(widget))
                order.append(widget);
        QCOMPARE(order, expected);
    }

    void spinBoxChangeReachesTheYaml()
    {
        ConfigPanel panel;
        QSignalSpy changed(&panel, &ConfigPanel::configChanged);
        panel.form()->epochsBox()->setValue(7);
        panel.form()->batchSizeBox()->setValue(24);
        panel.form()->temperatureBox()->setValue(0.2);
        QCOMPARE(changed.count(), 3);
        QVERIFY(panel.yamlEditor()->toPlainText().contains(QLatin1String("max_epochs: 7")));
        const SearchConfig fromYaml = yamlConfig(panel);
        QCOMPARE(fromYaml.trainer.maxEpochs, 7);
        QCOMPARE(fromYaml.data.dataloader.batchSize, 24);
        QCOMPARE(fromYaml.policy.temperature, 0.2);
        QVERIFY(fromYaml == panel.config());
    }

    void formKeepsEveryValueTheReaderTakes()
    {
        // A temperature below the old 0.001 minimum and a seed past an int: shown and kept as
        // the config holds them, also when another field is edited.
        SearchConfig config = defaultConfig();
        config.policy.temperature = 0.0005;
        config.seed = 3000000000;
        ConfigForm form;
        form.setConfig(config);
        QVERIFY(form.config() == config);
        QCOMPARE(form.temperatureBox()->value(), 0.0005);
        QCOMPARE(form.temperatureBox()->text(), QLocale().toString(0.0005, 'f', QLocale::FloatingPointShortest));
        QCOMPARE(form.seedBox()->value(), 3000000000.0);
        QCOMPARE(form.seedBox()->text(), QStringLiteral("3000000000"));
        form.batchSizeBox()->setValue(32);
        QCOMPARE(form.config().policy.temperature, 0.0005);
        QCOMPARE(form.config().seed, std::uint64_t(3000000000));
        QCOMPARE(form.config().data.dataloader.batchSize, 32);

        // The reader's whole range: any temperature above 0, seeds up to 9e15.
        QVERIFY(form.temperatureBox()->minimum() > 0);
        config.policy.temperature = 1e-9;
        config.seed = 9000000000000000;
        form.setConfig(config);
        QCOMPARE(form.temperatureBox()->value(), 1e-9);
        QCOMPARE(form.seedBox()->value(), 9e15);
        form.epochsBox()->setValue(3);
        QCOMPARE(form.config().policy.temperature, 1e-9);
        QCOMPARE(form.config().seed, std::uint64_t(9000000000000000));

        // Typed as YAML writes it; stepped by a tenth of its leading digit, without binary noise.
        QLineEdit *temperatureText = form.temperatureBox()->findChild<QLineEdit *>();
        QVERIFY(temperatureText);
        temperatureText->selectAll();
        QTest::keyClicks(temperatureText, QStringLiteral("5e-4"));
        QTest::keyClick(temperatureText, Qt::Key_Return);
        QCOMPARE(form.config().policy.temperature, 0.0005);
        form.temperatureBox()->stepBy(-1);
        QCOMPARE(form.config().policy.temperature, 0.00049);
        form.temperatureBox()->stepBy(2);
        QCOMPARE(form.config().policy.temperature, 0.00051);
    }

    void loadedValuesSurviveAFormEdit()
    {
        const QString file = tmp.filePath(QStringLiteral("cold.yaml"));
        writeText(file, "policy_model:\n  temperature: 0.0005\nseed: 3000000000\n");
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        panel.form()->batchSizeBox()->setValue(32);
        const SearchConfig fromYaml = yamlConfig(panel);
        QCOMPARE(fromYaml.policy.temperature, 0.0005);
        QCOMPARE(fromYaml.seed, std::uint64_t(3000000000));
        QCOMPARE(fromYaml.data.dataloader.batchSize, 32);
    }

    void eachFieldTakesWhatTheReaderTakes()
    {
        // Each field's range is the reader's: above it the reader refuses the value, naming
        // the field's own maximum. Lower maxima showed a YAML value clamped.
        ConfigForm form;
        const std::pair<QSpinBox *, std::string> fields[] = {
            {form.epochsBox(), "trainer.max_epochs"},
            {form.batchSizeBox(), "data.dataloader.batch_size"},
            {form.subPoliciesBox(), "policy_model.num_sub_policies"},
            {form.stagesBox(), "policy_model.operation_count"},
            {form.chunksBox(), "policy_model.num_chunks"}};
        for (const auto &[box, key] : fields) {
            const std::string over = std::to_string(box->maximum() + 1);
            SearchConfig config = defaultConfig();
            try {
                applyOverride(config, key + "=" + over);
                QFAIL(qPrintable(QString::fromStdString(key + " took " + over)));
            } catch (const ConfigError &error) {
                const std::string expected = "expected an integer from " + std::to_string(box->minimum()) + " to "
                                             + std::to_string(box->maximum()) + ", got " + over;
                QCOMPARE(error.keyPath, key);
                QCOMPARE(error.message, expected);
            }
        }
    }

    void yamlValuesAboveTheOldMaximaShowAsTheyAre()
    {
        // max_epochs: 500000 typed in the YAML tab showed as 100000 in the form, while the YAML
        // and the search kept 500000.
        ConfigPanel panel;
        panel.yamlEditor()->setPlainText(QStringLiteral("policy_model:\n"
                                                        "  num_sub_policies: 13\n"
                                                        "  operation_count: 500\n"
                                                        "  num_chunks: 2000\n"
                                                        "data:\n"
                                                        "  dataloader:\n"
                                                        "    batch_size: 500000\n"
                                                        "trainer:\n"
                                                        "  max_epochs: 500000\n"));
        panel.commitPendingEdits();
        QVERIFY2(panel.yamlError().isEmpty(), qPrintable(panel.yamlError()));
        ConfigForm *form = panel.form();
        QCOMPARE(form->epochsBox()->value(), 500000);
        QCOMPARE(form->batchSizeBox()->value(), 500000);
        QCOMPARE(form->stagesBox()->value(), 500);
        QCOMPARE(form->chunksBox()->value(), 2000);
        QCOMPARE(panel.config().trainer.maxEpochs, 500000);
    }

    void aValueTheConfigRefusesIsSaidAsTheSettingsOwn()
    {
        // 9999 sub-policies x 4 stages x 15 make more transforms than the reader takes: said
        // as the setting's value, not as an error of a file search.yaml at a line.
        ConfigPanel panel;
        panel.form()->subPoliciesBox()->setValue(9999);
        QCOMPARE(panel.form()->subPoliciesBox()->value(), 9999);
        QVERIFY(panel.form()->isEnabled());
        const QString problem = panel.blockingProblem();
        QVERIFY2(problem.contains(QLatin1String("policy_model.num_sub_policies")), qPrintable(problem));
        for (const QString &said : {problem, panel.messageText()}) {
            QVERIFY2(!said.contains(QLatin1String("search.yaml")), qPrintable(said));
            QVERIFY2(!said.contains(QLatin1String("YAML config has an error")), qPrintable(said));
            QVERIFY2(!said.contains(QLatin1String("last valid config")), qPrintable(said)); // the form shows 9999
        }
        QVERIFY(panel.yamlError().isEmpty()); // the text holds what the form shows
        QString error;
        QVERIFY(!panel.saveFile(tmp.filePath(QStringLiteral("refused.yaml")), &error));
        QCOMPARE(error, problem);
        // Mended in the form: the error goes from the panel and the YAML tab.
        panel.form()->subPoliciesBox()->setValue(8);
        QVERIFY2(panel.blockingProblem().isEmpty(), qPrintable(panel.blockingProblem()));
        QVERIFY2(panel.messageText().isEmpty(), qPrintable(panel.messageText()));
        QVERIFY(labelShowing(panel, QStringLiteral("In sync with the settings.")));
        QCOMPARE(yamlConfig(panel).policy.numSubPolicies, 8);
    }

    void formValuesARuleRefusesBlockTheSearch()
    {
        // Each field allows its value, the reader's rule across keys does not: said once, as
        // the reader words it, and the search cannot start until it is mended.
        ConfigPanel panel;
        panel.form()->chunksBox()->setValue(4);
        panel.form()->batchSizeBox()->setValue(6);
        QVERIFY2(panel.blockingProblem().contains(QLatin1String("batch_size")), qPrintable(panel.blockingProblem()));
        QVERIFY(panel.form()->isEnabled()); // where it is mended
        panel.form()->batchSizeBox()->setValue(8);
        QVERIFY2(panel.blockingProblem().isEmpty(), qPrintable(panel.blockingProblem()));
    }

    void imageSizeLimitAndStepsAreInTheFormAndTheYaml()
    {
        ConfigPanel panel;
        ConfigForm *form = panel.form();
        QCOMPARE(form->imageSizeField()->modeBox()->currentData().toInt(), int(ImageSizeMode::AsTheyAre));
        // Longest side + pad at 96 px: two steps, in the config and in the YAML.
        form->imageSizeField()->sideBox()->setValue(96);
        form->imageSizeField()->modeBox()->setCurrentIndex(
            form->imageSizeField()->modeBox()->findData(int(ImageSizeMode::LongestSidePad)));
        const SearchConfig padded = yamlConfig(panel);
        QCOMPARE(padded.data.preprocessing.size(), size_t(2));
        QCOMPARE(padded.data.preprocessing[0].name, std::string("LongestMaxSize"));
        QCOMPARE(padded.data.preprocessing[0].args.at("max_size"), 96.0);
        QCOMPARE(padded.data.preprocessing[1].args.at("min_width"), 96.0);
        QVERIFY(form->imageSizeField()->stepsText().contains(QStringLiteral("PadIfNeeded 96 × 96")));
        // The side follows into the steps.
        form->imageSizeField()->sideBox()->setValue(128);
        QCOMPARE(yamlConfig(panel).data.preprocessing[0].args.at("max_size"), 128.0);
        // Images and steps per epoch.
        form->imageLimitBox()->setValue(500);
        form->stepsPerEpochBox()->setValue(20);
        QCOMPARE(yamlConfig(panel).data.dataset.limit, 500);
        QCOMPARE(yamlConfig(panel).trainer.stepsPerEpoch, 20);
        // A list the YAML writes that is no preset shows as Custom and is kept.
        SearchConfig custom = panel.config();
        custom.data.preprocessing = {{"SmallestMaxSize", {{"max_size", 80}}, {}, 0}, {"CenterCrop", {{"height", 64}, {"width", 64}}, {}, 0}};
        panel.yamlEditor()->setPlainText(QString::fromStdString(configToYaml(custom)));
        QTRY_COMPARE_WITH_TIMEOUT(form->imageSizeField()->modeBox()->currentData().toInt(), int(ImageSizeMode::Custom), 5000);
        QVERIFY(!form->imageSizeField()->sideBox()->isEnabled());
        QVERIFY(panel.config() == custom);
        // A Resize the YAML writes is the Resize preset.
        custom.data.preprocessing = {{"Resize", {{"height", 40}, {"width", 40}}, {}, 0}};
        panel.yamlEditor()->setPlainText(QString::fromStdString(configToYaml(custom)));
        QTRY_COMPARE_WITH_TIMEOUT(form->imageSizeField()->modeBox()->currentData().toInt(), int(ImageSizeMode::Resize), 5000);
        QCOMPARE(form->imageSizeField()->sideBox()->value(), 40);
    }

    void suggestedPreprocessingSaysWhy()
    {
        ConfigForm form;
        const std::vector<PreprocessingStep> steps = {{"Resize", {{"height", 224}, {"width", 224}}, {}, 0}};
        QVERIFY(form.suggestPreprocessing(steps, QStringLiteral("Images are 61–294 px: resized to 224 × 224")));
        QCOMPARE(form.config().data.preprocessing, steps);
        QVERIFY(form.imageSizeField()->reason().contains(QStringLiteral("61–294")));
        // The next dataset's suggestion replaces this one.
        const std::vector<PreprocessingStep> next = {{"Resize", {{"height", 32}, {"width", 32}}, {}, 0}};
        QVERIFY(form.suggestPreprocessing(next, QStringLiteral("Images are 28 × 28 px: resized to 32 × 32")));
        QCOMPARE(form.config().data.preprocessing, next);
        // The user's own choice replaces the suggestion and its reason, and no later one replaces it.
        form.imageSizeField()->modeBox()->setCurrentIndex(form.imageSizeField()->modeBox()->findData(int(ImageSizeMode::RandomCrop)));
        QVERIFY(form.imageSizeField()->reason().isEmpty());
        QCOMPARE(form.config().data.preprocessing.back().name, std::string("RandomCrop"));
        QVERIFY(!form.suggestPreprocessing(steps, QStringLiteral("x")));
        QCOMPARE(form.config().data.preprocessing.back().name, std::string("RandomCrop"));
    }

    void yamlEditReachesTheForm()
    {
        ConfigPanel panel;
        SearchConfig config = defaultConfig();
        config.trainer.maxEpochs = 13;
        config.policy.numSubPolicies = 6;
        config.classificationModel.architecture = "wrn_40_2";
        panel.yamlEditor()->setPlainText(QString::fromStdString(configToYaml(config)));
        // Parsed after a pause, not on every keystroke.
        QCOMPARE(panel.form()->epochsBox()->value(), defaultConfig().trainer.maxEpochs);
        QTRY_COMPARE_WITH_TIMEOUT(panel.form()->epochsBox()->value(), 13, 5000);
        QCOMPARE(panel.form()->subPoliciesBox()->value(), 6);
        QCOMPARE(panel.form()->architectureBox()->currentData().toString(), QStringLiteral("wrn_40_2"));
        QVERIFY(panel.config() == config);
        QVERIFY(panel.yamlError().isEmpty());
    }

    void badYamlShowsTheLineAndKeepsTheText()
    {
        ConfigPanel panel;
        panel.form()->epochsBox()->setValue(9);
        const QString bad = QStringLiteral("task: classification\n"
                                           "policy_model:\n"
                                           "  num_sub_policies: many\n"
                                           "trainer:\n"
                                           "  max_epochs: 3\n");
        panel.yamlEditor()->setPlainText(bad);
        QTRY_VERIFY_WITH_TIMEOUT(!panel.yamlError().isEmpty(), 5000);
        QCOMPARE(panel.yamlErrorLine(), 3);
        QVERIFY2(panel.yamlError().contains(QLatin1String("num_sub_policies")), qPrintable(panel.yamlError()));
        QVERIFY(panel.messageText().contains(QLatin1String("num_sub_policies")));
        QCOMPARE(panel.yamlEditor()->toPlainText(), bad);          // not clobbered
        QCOMPARE(panel.form()->epochsBox()->value(), 9);            // last valid config stays
        QVERIFY(!panel.blockingProblem().isEmpty());
        // The form waits for the text: an edit there wrote the config anew over it.
        QVERIFY(!panel.form()->isEnabled());
        QVERIFY2(panel.messageText().contains(QLatin1String("Fix it in the YAML tab")), qPrintable(panel.messageText()));
        // Fixing the text clears the error and applies it.
        QString fixed = bad;
        fixed.replace(QStringLiteral("many"), QStringLiteral("5"));
        panel.yamlEditor()->setPlainText(fixed);
        QTRY_VERIFY_WITH_TIMEOUT(panel.yamlError().isEmpty(), 5000);
        QVERIFY(panel.form()->isEnabled());
        QCOMPARE(panel.form()->subPoliciesBox()->value(), 5);
        QCOMPARE(panel.form()->epochsBox()->value(), 3);
        QVERIFY(panel.blockingProblem().isEmpty());
    }

    void operationsTableEditsTheOperations()
    {
        ConfigPanel panel;
        OperationsTable *table = panel.form()->operationsTable();
        QCOMPARE(table->rowCount(), 14);
        for (const char *channel : {"ShiftRGB(r)", "ShiftRGB(g)", "ShiftRGB(b)"})
            QVERIFY2(table->rowOf(QLatin1String(channel)) >= 0, channel);
        const int solarize = table->rowOf(QStringLiteral("Solarize"));
        const int rotate = table->rowOf(QStringLiteral("Rotate"));
        QVERIFY(solarize >= 0 && rotate >= 0);
        table->item(solarize, OperationsTable::NameColumn)->setCheckState(Qt::Unchecked);
        table->item(rotate, OperationsTable::HighColumn)->setData(Qt::EditRole, 30.0);
        table->item(rotate, OperationsTable::LowColumn)->setData(Qt::EditRole, -30.0);

        const auto &ops = yamlConfig(panel).policy.operations;
        QCOMPARE(ops.size(), size_t(13));
        bool sawRotate = false;
        for (const OperationConfig &op : ops) {
            QVERIFY(op.name != "Solarize");
            if (op.name == "Rotate") {
                sawRotate = true;
                QVERIFY(op.valueRange.has_value());
                QCOMPARE(op.valueRange->first, -30.0);
                QCOMPARE(op.valueRange->second, 30.0);
            }
        }
        QVERIFY(sawRotate);
        QVERIFY(panel.config().policy.operations == ops);

        // A reversed range is refused with a message and never reaches the config.
        table->item(rotate, OperationsTable::LowColumn)->setData(Qt::EditRole, 90.0);
        QVERIFY(!table->problem().isEmpty());
        QVERIFY(!panel.blockingProblem().isEmpty());
        QVERIFY(panel.config().policy.operations == ops);
    }

    void greyDatasetTurnsColourOperationsOff()
    {
        ConfigPanel panel;
        OperationsTable *table = panel.form()->operationsTable();
        QVERIFY(panel.form()->greyNote().isEmpty());
        DatasetConfig dataset;
        dataset.root = tmp.filePath(QStringLiteral("grey")).toStdString();
        panel.setDataset(dataset, Task::Classification, 1);

        QVERIFY(panel.form()->greyNote().contains(QLatin1String("grayscale")));
        QCOMPARE(table->rowCount(), 14); // listed, but off
        for (const char *channel : {"ShiftRGB(r)", "ShiftRGB(g)", "ShiftRGB(b)"}) {
            const int row = table->rowOf(QLatin1String(channel));
            QVERIFY2(row >= 0, channel);
            QTableWidgetItem *name = table->item(row, OperationsTable::NameColumn);
            QCOMPARE(name->checkState(), Qt::Unchecked);
            QVERIFY(!(name->flags() & Qt::ItemIsEnabled));
            QVERIFY2(name->toolTip().contains(QLatin1String("grayscale")), qPrintable(name->toolTip()));
        }
        QCOMPARE(table->item(table->rowOf(QStringLiteral("Rotate")), OperationsTable::NameColumn)->checkState(),
                 Qt::Checked);
        // The grey defaults are the defaults: the config still leaves the list out.
        QVERIFY(panel.config().policy.operations.empty());
        QVERIFY(yamlConfig(panel).policy.operations.empty());
        QVERIFY2(panel.blockingProblem().isEmpty(), qPrintable(panel.blockingProblem()));
        // Unticking one of the others lists the remaining ten, without ShiftRGB.
        table->item(table->rowOf(QStringLiteral("Solarize")), OperationsTable::NameColumn)->setCheckState(Qt::Unchecked);
        QCOMPARE(panel.config().policy.operations.size(), size_t(10));
        for (const OperationConfig &op : panel.config().policy.operations)
            QVERIFY(op.name != "ShiftRGB" && op.name != "Solarize");

        // A config listing ShiftRGB loses it when the dataset turns out grey.
        SearchConfig listed = defaultConfig();
        listed.policy.operations = {{"ShiftRGB", {{"shift_r", 1.0}}, std::nullopt, 0}, {"Rotate", {}, std::nullopt, 0}};
        ConfigPanel second;
        second.setConfig(listed);
        second.setDataset(dataset, Task::Classification, 1);
        QCOMPARE(second.config().policy.operations.size(), size_t(1));
        QCOMPARE(second.config().policy.operations[0].name, std::string("Rotate"));
        QCOMPARE(yamlConfig(second).policy.operations.size(), size_t(1));

        // Typed into the YAML on a grey dataset, it blocks the search with the reason.
        SearchConfig typed = second.config();
        typed.policy.operations = listed.policy.operations;
        second.yamlEditor()->setPlainText(QString::fromStdString(configToYaml(typed)));
        second.commitPendingEdits();
        QVERIFY2(second.yamlError().isEmpty(), qPrintable(second.yamlError()));
        QVERIFY2(second.blockingProblem().contains(QLatin1String("ShiftRGB: the dataset is grayscale")),
                 qPrintable(second.blockingProblem()));

        // Back to a colour dataset: the note goes, the rows can be ticked again.
        panel.setDataset(dataset, Task::Classification, 3);
        QVERIFY(panel.form()->greyNote().isEmpty());
        QVERIFY(table->item(table->rowOf(QStringLiteral("ShiftRGB(g)")), OperationsTable::NameColumn)->flags()
                & Qt::ItemIsEnabled);
    }

    void tabLeavesTheOperationsTable()
    {
        // The table is one Tab stop: Tab goes on to the next control, not round its cells.
        ConfigPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QApplication::setActiveWindow(&panel);
        OperationsTable *table = panel.form()->findChild<OperationsTable *>();
        QVERIFY(table);
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());
        QTest::keyClick(table, Qt::Key_Tab);
        QVERIFY(!table->hasFocus());
    }

    void rangeCellsShowAndEditWithinTheCatalogue()
    {
        ConfigPanel panel;
        OperationsTable *table = panel.form()->operationsTable();
        const int scale = table->rowOf(QStringLiteral("Scale"));
        QVERIFY(scale >= 0);
        const QModelIndex low = table->model()->index(scale, OperationsTable::LowColumn);
        QAbstractItemDelegate *delegate = table->itemDelegateForIndex(low);
        auto *rangeDelegate = qobject_cast<RangeCellDelegate *>(delegate);
        QVERIFY(rangeDelegate);
        // Scale's range is (0, 10]: its open lower bound reads "> 0", not 1e-08.
        const QLocale c(QLocale::C);
        QCOMPARE(rangeDelegate->displayText(low.data(Qt::EditRole), c), QStringLiteral("> 0"));
        QCOMPARE(RangeCellDelegate::formatValue(-180.0, c), QStringLiteral("-180"));
        QCOMPARE(RangeCellDelegate::formatValue(0.125, c), QStringLiteral("0.125"));

        // The editor is held to the catalogue's range; leaving it as shown keeps the exact bound.
        QStyleOptionViewItem option;
        std::unique_ptr<QWidget> editor(delegate->createEditor(table->viewport(), option, low));
        auto *spin = qobject_cast<QDoubleSpinBox *>(editor.get());
        QVERIFY(spin);
        QCOMPARE(spin->maximum(), 10.0);
        QVERIFY(spin->minimum() > 0);
        delegate->setEditorData(spin, low);
        delegate->setModelData(spin, table->model(), low);
        QVERIFY(panel.config().policy.operations.empty()); // still the defaults
        spin->setValue(0); // clamps to the smallest value the spin box shows above the open bound
        delegate->setModelData(spin, table->model(), low);
        QVERIFY(low.data(Qt::EditRole).toDouble() > 0);
        QVERIFY2(table->problem().isEmpty(), qPrintable(table->problem()));
        spin->setValue(0.5);
        delegate->setModelData(spin, table->model(), low);
        QCOMPARE(low.data(Qt::EditRole).toDouble(), 0.5);
        const auto range = rangeOf(panel.config(), "Scale");
        QVERIFY(range.has_value());
        QCOMPARE(range->first, 0.5);
        QCOMPARE(range->second, 10.0);
    }

    void aDotIsTheDecimalPointInEveryLocale()
    {
        // In German the dot also groups thousands: typed as YAML writes it, 0.123 was 123 and a
        // range bound of 0.5 was refused. The locale's comma still works; nothing is grouped.
        const QLocale german(QLocale::German, QLocale::Germany);
        const auto type = [](QLineEdit *edit, const QString &text) {
            edit->selectAll();
            QTest::keyClicks(edit, text);
            QCOMPARE(edit->text(), text); // no key refused on the way
        };

        ConfigForm form;
        QDoubleSpinBox *temperature = form.temperatureBox();
        temperature->setLocale(german);
        QLineEdit *temperatureText = temperature->findChild<QLineEdit *>();
        QVERIFY(temperatureText);
        type(temperatureText, QStringLiteral("0.123"));
        QTest::keyClick(temperatureText, Qt::Key_Return);
        QCOMPARE(temperature->value(), 0.123);
        QCOMPARE(form.config().policy.temperature, 0.123);
        QCOMPARE(temperatureText->text(), QStringLiteral("0,123"));
        type(temperatureText, QStringLiteral("1.000"));
        temperature->interpretText();
        QCOMPARE(temperature->value(), 1.0);
        QCOMPARE(temperatureText->text(), QStringLiteral("1"));
        type(temperatureText, QStringLiteral("0,25"));
        QTest::keyClick(temperatureText, Qt::Key_Return);
        QCOMPARE(temperature->value(), 0.25);
        type(temperatureText, QStringLiteral("1.000,5")); // grouped: not a number here
        QTest::keyClick(temperatureText, Qt::Key_Return);
        QCOMPARE(temperature->value(), 0.25);
        QCOMPARE(temperatureText->text(), QStringLiteral("0,25"));

        // The operations table's range editor reads numbers the same way.
        ConfigPanel panel;
        OperationsTable *table = panel.form()->operationsTable();
        const QModelIndex high = table->model()->index(table->rowOf(QStringLiteral("Scale")), OperationsTable::HighColumn);
        QVERIFY(high.isValid());
        QAbstractItemDelegate *delegate = table->itemDelegateForIndex(high);
        QStyleOptionViewItem option;
        std::unique_ptr<QWidget> editor(delegate->createEditor(table->viewport(), option, high));
        QVERIFY(qobject_cast<QDoubleSpinBox *>(editor.get()));
        editor->setLocale(german);
        delegate->setEditorData(editor.get(), high);
        QLineEdit *rangeText = editor->findChild<QLineEdit *>();
        QVERIFY(rangeText);
        const std::pair<QString, double> typed[] = {
            {QStringLiteral("0.5"), 0.5}, {QStringLiteral("1.250"), 1.25}, {QStringLiteral("0,75"), 0.75}};
        for (const auto &[text, number] : typed) {
            type(rangeText, text);
            delegate->setModelData(editor.get(), table->model(), high);
            QCOMPARE(high.data(Qt::EditRole).toDouble(), number);
        }
        const auto range = rangeOf(panel.config(), "Scale");
        QVERIFY(range.has_value());
        QCOMPARE(range->second, 0.75);
    }

    void cudaIsOfferedOnlyWhenAvailable()
    {
        ConfigPanel panel;
        QComboBox *device = panel.form()->deviceBox();
        const int cuda = device->findData(QStringLiteral("cuda"));
        QVERIFY(cuda >= 0);
        auto *model = qobject_cast<QStandardItemModel *>(device->model());
        QVERIFY(model);
        QCOMPARE(model->item(cuda)->isEnabled(), cudaAvailable());
        if (!cudaAvailable())
            QVERIFY(!model->item(cuda)->toolTip().isEmpty());
    }

    void segmentationOffersUnet()
    {
        ConfigPanel panel;
        QComboBox *task = panel.form()->taskBox();
        task->setCurrentIndex(task->findData(int(Task::SemanticSegmentation)));
        QCOMPARE(panel.config().task, Task::SemanticSegmentation);
        QCOMPARE(panel.form()->architectureBox()->currentData().toString(), QStringLiteral("Unet"));
        QCOMPARE(yamlConfig(panel).task, Task::SemanticSegmentation);
    }

    void loadedFileListsIgnoredAndUnsupportedKeys()
    {
        const QString file = tmp.filePath(QStringLiteral("python.yaml"));
        writeText(file, "hydra:\n"
                        "  run:\n"
                        "    dir: outputs\n"
                        "optim:\n"
                        "  main:\n"
                        "    _target_: torch.optim.SGD\n"
                        "trainer:\n"
                        "  max_epochs: 4\n");
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        QCOMPARE(panel.form()->epochsBox()->value(), 4);
        QVERIFY(!panel.ignoredNotes().empty());
        QVERIFY(!panel.unsupportedNotes().empty());
        QVERIFY2(panel.messageText().contains(QLatin1String("hydra")), qPrintable(panel.messageText()));
        QVERIFY(panel.messageText().contains(QLatin1String("SGD")));
        QVERIFY(panel.blockingProblem().contains(QLatin1String("SGD")));
        // A form edit changes its key in the user's text and leaves their request for SGD
        // there, so it is still named and still blocks the search.
        panel.form()->epochsBox()->setValue(6);
        const QString text = panel.yamlEditor()->toPlainText();
        QVERIFY2(text.contains(QLatin1String("_target_: torch.optim.SGD")) && text.contains(QLatin1String("max_epochs: 6")),
                 qPrintable(text));
        QVERIFY(!panel.unsupportedNotes().empty());
        QVERIFY(panel.blockingProblem().contains(QLatin1String("SGD")));
    }

    void fileWithAnErrorIsShownAtItsLine()
    {
        const QString file = tmp.filePath(QStringLiteral("broken.yaml"));
        writeText(file, "policy_model:\n"
                        "  num_chunks: 2\n"
                        "  no_such_key: 1\n");
        ConfigPanel panel;
        panel.form()->epochsBox()->setValue(11);
        QVERIFY(!panel.loadFile(file));
        QCOMPARE(panel.yamlErrorLine(), 3);
        QVERIFY2(panel.yamlError().contains(QLatin1String("no_such_key")), qPrintable(panel.yamlError()));
        QVERIFY(panel.yamlEditor()->toPlainText().contains(QLatin1String("no_such_key: 1")));
        QCOMPARE(panel.config().trainer.maxEpochs, 11);

        // A file that is no text, or a device without end: refused with the reader's words,
        // the editor and the config as they were.
        const QString before = panel.yamlEditor()->toPlainText();
        const QString binary = tmp.filePath(QStringLiteral("binary.yaml"));
        writeText(binary, std::string("seed: 1\n\x01\x02", 10));
        for (const QString &refused : {binary, QStringLiteral("/dev/zero")}) {
            QVERIFY(!panel.loadFile(refused));
            QVERIFY2(panel.messageText().contains(refused), qPrintable(panel.messageText()));
            QCOMPARE(panel.yamlEditor()->toPlainText(), before);
            QCOMPARE(panel.config().trainer.maxEpochs, 11);
        }
    }

    void theOpenDatasetWinsOverAConfigFolderThatIsNotThere()
    {
        // AutoAlbument's examples name ~/data/cifar10: with a dataset open, Start would search
        // a folder that is not there while the Dataset panel shows another.
        const QString dataset = tmp.filePath(QStringLiteral("open-dataset"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 2, 4, 32);
        const QString missing = tmp.filePath(QStringLiteral("no-such-cifar10"));
        const QString file = tmp.filePath(QStringLiteral("missing-root.yaml"));
        writeText(file, "data:\n  dataset:\n    root: no-such-cifar10\n    limit: 6\ntrainer:\n  max_epochs: 3\n");

        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        window.openDataset(dataset);
        QVERIFY(scanned.wait(20000));
        QVERIFY(window.datasetPanel()->hasDataset());
        QVERIFY(window.openConfig(file));
        const SearchConfig &config = window.configPanel()->config();
        QCOMPARE(QString::fromStdString(config.data.dataset.root), dataset);
        QCOMPARE(config.data.dataset.layout, std::string("image_folder"));
        QCOMPARE(config.data.dataset.limit, 6);   // the config's own settings stay
        QCOMPARE(config.trainer.maxEpochs, 3);
        QCOMPARE(yamlConfig(*window.configPanel()).data.dataset.root, dataset.toStdString());
        QCOMPARE(window.datasetPanel()->datasetRoot(), dataset);
        const QString status = window.statusBar()->currentMessage();
        QVERIFY2(status.contains(QLatin1String("does not exist")), qPrintable(status));
        QVERIFY2(status.contains(QDir::toNativeSeparators(missing)) && status.contains(QDir::toNativeSeparators(dataset)),
                 qPrintable(status));
        QCOMPARE(scanned.count(), 1); // reused, not scanned again

        // A config whose folder is there: that dataset is scanned and shown, as before.
        const QString other = tmp.filePath(QStringLiteral("config-dataset"));
        testsupport::makeImageFolderDataset(other.toStdString(), 3, 2, 32);
        const QString own = tmp.filePath(QStringLiteral("own-root.yaml"));
        writeText(own, "data:\n  dataset:\n    root: config-dataset\n");
        QVERIFY(window.openConfig(own));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(QString::fromStdString(window.configPanel()->config().data.dataset.root), other);
        QCOMPARE(window.datasetPanel()->datasetRoot(), other);

        // No dataset open: the config's folder stays, as before.
        MainWindow fresh;
        QVERIFY(fresh.openConfig(file));
        QCOMPARE(QString::fromStdString(fresh.configPanel()->config().data.dataset.root), missing);
        QVERIFY(!fresh.datasetPanel()->hasDataset());
    }

    void aDatasetOpenedOverATextWithAnErrorLeavesTheText()
    {
        // batch_size 4 under num_chunks 4 (which needs 8) is the text's one error.
        const QString file = tmp.filePath(QStringLiteral("broken-batch.yaml"));
        const std::string broken = "# the lab's search, run in AutoAlbument too\n"
                                   "semantic_segmentation_model:\n"
                                   "  num_classes: 1\n"
                                   "trainer:\n"
                                   "  max_epochs: 2\n"
                                   "  steps_per_epoch: 3\n"
                                   "data:\n"
                                   "  dataloader:\n"
                                   "    batch_size: 4  # was 8\n";
        writeText(file, broken);
        ConfigPanel panel;
        QVERIFY(!panel.loadFile(file));
        const QString text = panel.yamlEditor()->toPlainText();
        const QString error = panel.yamlError();
        QVERIFY2(error.contains(QLatin1String("batch_size")), qPrintable(error));

        // The dataset opened, its preprocessing suggested, the device restored: the text stays.
        const QString root = tmp.filePath(QStringLiteral("pairs-opened"));
        DatasetConfig dataset;
        dataset.root = root.toStdString();
        dataset.layout = "segmentation_pairs";
        panel.setDataset(dataset, Task::SemanticSegmentation, 3);
        panel.suggestPreprocessing({PreprocessingStep{"Resize", {{"height", 64.0}, {"width", 64.0}}, {}, 0}},
                                   QStringLiteral("Images are 61–294 px: resized to 64 × 64"));
        panel.setDevice("auto");
        QCOMPARE(panel.yamlEditor()->toPlainText(), text);
        QCOMPARE(panel.yamlError(), error);
        QVERIFY2(panel.messageText().contains(QLatin1String("batch_size")), qPrintable(panel.messageText()));
        QVERIFY(!panel.form()->isEnabled());
        QVERIFY(!panel.isModified()); // the text is the file's
        QString saveError;
        QVERIFY(!panel.saveFile(file, &saveError));
        QCOMPARE(QString::fromStdString(readConfigText(file.toStdString())), QString::fromStdString(broken));

        // Mended: the dataset goes into the text (its root, and the task it needs), not its
        // detected layout nor the suggested preprocessing; the rest stays as written.
        QString mended = text;
        mended.replace(QStringLiteral("batch_size: 4"), QStringLiteral("batch_size: 8"));
        panel.yamlEditor()->setPlainText(mended);
        panel.commitPendingEdits();
        QVERIFY2(panel.yamlError().isEmpty(), qPrintable(panel.yamlError()));
        QCOMPARE(panel.config().data.dataset.root, root.toStdString());
        QCOMPARE(panel.config().data.dataset.layout, std::string("segmentation_pairs"));
        QCOMPARE(panel.config().trainer.device, std::string("auto"));
        QCOMPARE(panel.config().data.dataloader.batchSize, 8);
        const SearchConfig written = parseConfig(panel.yamlEditor()->toPlainText().toStdString(), file.toStdString()).config;
        QCOMPARE(written.data.dataset.root, root.toStdString());
        QCOMPARE(written.data.dataset.layout, std::string("auto"));
        QCOMPARE(written.task, Task::SemanticSegmentation);
        QVERIFY(written.data.preprocessing.empty());
        const QString now = panel.yamlEditor()->toPlainText();
        for (const char *kept : {"# the lab's search, run in AutoAlbument too", "batch_size: 8  # was 8", "steps_per_epoch: 3"})
            QVERIFY2(now.contains(QLatin1String(kept)), qPrintable(now));
        QVERIFY(panel.isModified());
        QVERIFY(panel.form()->isEnabled());
    }

    void aDatasetOpenedIntoAFileMarksItModified()
    {
        const QString file = tmp.filePath(QStringLiteral("valid-for-another.yaml"));
        writeText(file, "# mine\ndata:\n  dataset:\n    root: the-old-folder  # last year's\ntrainer:\n  max_epochs: 2\n");
        ConfigPanel panel;
        QSignalSpy modified(&panel, &ConfigPanel::modifiedChanged);
        QVERIFY(panel.loadFile(file));
        DatasetConfig dataset;
        dataset.root = tmp.filePath(QStringLiteral("folder-opened")).toStdString();
        dataset.layout = "image_folder";
        panel.setDataset(dataset, Task::Classification, 3);
        QCOMPARE(yamlConfig(panel).data.dataset.root, dataset.root);
        QCOMPARE(panel.yamlEditor()->toPlainText(),
                 QStringLiteral("# mine\ndata:\n  dataset:\n    root: %1  # last year's\ntrainer:\n  max_epochs: 2\n")
                     .arg(QString::fromStdString(dataset.root)));
        QVERIFY(panel.isModified()); // Save would write it: the title bar says so
        QCOMPARE(modified.count(), 1);
    }

    void aDetectedLayoutStaysOutOfTheText()
    {
        // An AutoAlbument file naming a folder of images/ and masks/: the scan finds the layout.
        const QString pairs = tmp.filePath(QStringLiteral("bin-pairs"));
        testsupport::makeSegmentationPairs(pairs.toStdString(), 2, 2);
        const QString file = tmp.filePath(QStringLiteral("bin1.yaml"));
        const std::string text = "task: semantic_segmentation\n"
                                 "semantic_segmentation_model:\n"
                                 "  num_classes: 1\n"
                                 "data:\n"
                                 "  dataset:\n"
                                 "    root: bin-pairs\n"
                                 "trainer:\n"
                                 "  max_epochs: 2\n";
        writeText(file, text);
        ConfigPanel panel;
        QVERIFY(panel.loadFile(file));
        DatasetConfig dataset = panel.config().data.dataset;
        dataset.layout = "segmentation_pairs";
        panel.setDataset(dataset, Task::SemanticSegmentation, 3);
        const std::vector<PreprocessingStep> suggested = {{"Resize", {{"height", 64.0}, {"width", 64.0}}, {}, 0}};
        panel.suggestPreprocessing(suggested, QStringLiteral("Images are 61–294 px: resized to 64 × 64"));
        QCOMPARE(panel.yamlEditor()->toPlainText(), QString::fromStdString(text));
        QVERIFY(!panel.isModified());
        QVERIFY(labelShowing(panel, QStringLiteral("In sync with the settings.")));
        QCOMPARE(panel.config().data.dataset.layout, std::string("segmentation_pairs")); // in force all the same
        QCOMPARE(panel.config().data.preprocessing, suggested);

        // A YAML edit keeps them in force; a form edit writes its own key only, and so does Save.
        panel.yamlEditor()->moveCursor(QTextCursor::End);
        panel.yamlEditor()->insertPlainText(QStringLiteral("# checked\n"));
        panel.commitPendingEdits();
        QCOMPARE(panel.config().data.dataset.layout, std::string("segmentation_pairs"));
        QCOMPARE(panel.config().data.preprocessing, suggested);
        panel.form()->epochsBox()->setValue(5);
        QString error;
        QVERIFY2(panel.saveFile(file, &error), qPrintable(error));
        const std::string saved = readConfigText(file.toStdString());
        QString expected = QString::fromStdString(text) + QStringLiteral("# checked\n");
        expected.replace(QStringLiteral("max_epochs: 2"), QStringLiteral("max_epochs: 5"));
        QCOMPARE(QString::fromStdString(saved), expected);
        QVERIFY(!panel.isModified());
    }

    void aDetectedLayoutStaysOutOfTheWindowsText()
    {
        // The same through the window: the config's folder is scanned and its layout detected.
        const QString pairs = tmp.filePath(QStringLiteral("window-pairs"));
        testsupport::makeSegmentationPairs(pairs.toStdString(), 2, 2);
        const QString file = tmp.filePath(QStringLiteral("window-bin.yaml"));
        const std::string text = "task: semantic_segmentation\n"
                                 "semantic_segmentation_model:\n"
                                 "  num_classes: 1\n"
                                 "data:\n"
                                 "  dataset:\n"
                                 "    root: window-pairs\n";
        writeText(file, text);
        MainWindow window;
        QSignalSpy scanned(window.datasetScanner(), &DatasetScanner::finished);
        QVERIFY(window.openConfig(file));
        QVERIFY(scanned.wait(20000));
        QCOMPARE(window.configPanel()->config().data.dataset.layout, std::string("segmentation_pairs"));
        QCOMPARE(window.configPanel()->yamlEditor()->toPlainText(), QString::fromStdString(text));
        QVERIFY(!window.isWindowModified());
    }

    void savedFileReadsBackEqual()
    {
        ConfigPanel panel;
        panel.form()->epochsBox()->setValue(5);
        panel.form()->chunksBox()->setValue(2);
        panel.form()->seedBox()->setValue(1234);
        const QString file = tmp.filePath(QStringLiteral("saved/search.yaml"));
        QDir().mkpath(tmp.filePath(QStringLiteral("saved")));
        QString error;
        QVERIFY2(panel.saveFile(file, &error), qPrintable(error));
        const LoadedConfig back = loadConfigFile(file.toStdString());
        QVERIFY(back.config == panel.config());
        QCOMPARE(back.config.seed, std::uint64_t(1234));

        // A pending YAML error blocks the save rather than writing the stale config.
        panel.yamlEditor()->setPlainText(QStringLiteral("trainer: [1\n"));
        QVERIFY(!panel.saveFile(file, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(loadConfigFile(file.toStdString()).config == back.config);
    }

    void statusColoursReadOnLightAndDarkWindows()
    {
        const QList<QColor> backgrounds{testsupport::lightPalette().color(QPalette::Window),
                                        testsupport::lightPalette().color(QPalette::Base),
                                        testsupport::darkPalette().color(QPalette::Window),
                                        testsupport::darkPalette().color(QPalette::Base),
                                        QColor(0x77, 0x77, 0x77), QColor(0x80, 0x80, 0x80), QColor(0xc0, 0xc0, 0xc0)};
        for (StatusTone tone : {StatusTone::Error, StatusTone::Warning, StatusTone::Note})
            for (const QColor &background : backgrounds) {
                const double contrast = testsupport::wcagContrast(statusColour(tone, background), background);
                QVERIFY2(contrast >= 4.5, qPrintable(QStringLiteral("tone %1 on %2: %3:1")
                                                         .arg(int(tone))
                                                         .arg(background.name())
                                                         .arg(contrast)));
            }
        // Still the tone's hue: an error reads red on light and on dark windows.
        for (const QColor &background : {QColor(Qt::white), QColor(0x35, 0x35, 0x35)}) {
            const QColor error = statusColour(StatusTone::Error, background);
            QVERIFY2(error.red() > error.green() && error.red() > error.blue(), qPrintable(error.name()));
        }
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
    }

    void yamlErrorLineAndStatusReadInLightAndDarkPalettes()
    {
        // The error line was pink with the palette's light text on it in a dark scheme: 1.02:1.
        ConfigPanel panel;
        panel.setPalette(testsupport::lightPalette());
        panel.yamlEditor()->setPlainText(QStringLiteral("task: classification\npolicy_model:\n  num_sub_policies: many\n"));
        panel.commitPendingEdits();
        QCOMPARE(panel.yamlErrorLine(), 3);
        // The status line under the editor, on the YAML page.
        auto *status = panel.yamlEditor()->parentWidget()->findChild<QLabel *>(QString(), Qt::FindDirectChildrenOnly);
        QVERIFY(status);
        QVERIFY2(status->text().contains(QLatin1String("num_sub_policies")), qPrintable(status->text()));
        QVERIFY2(errorLineContrast(panel) >= 4.5, qPrintable(QString::number(errorLineContrast(panel))));
        QVERIFY2(labelContrast(*status) >= 4.5, qPrintable(QString::number(labelContrast(*status))));

        // A dark scheme applied while the error shows: both follow it.
        panel.setPalette(testsupport::darkPalette());
        QVERIFY2(errorLineContrast(panel) >= 4.5, qPrintable(QString::number(errorLineContrast(panel))));
        QVERIFY2(labelContrast(*status) >= 4.5, qPrintable(QString::number(labelContrast(*status))));
        const QColor mark = panel.yamlEditor()->extraSelections().front().format.background().color();
        QVERIFY2(mark.lightness() < 128, qPrintable(mark.name())); // a dark tint, not the light pink
    }

    void inSyncStatusHasThePalettesTextColour()
    {
        // palette(mid) read at about 2:1 on the light window.
        ConfigPanel panel;
        for (const QPalette &palette : {testsupport::lightPalette(), testsupport::darkPalette()}) {
            panel.setPalette(palette);
            QLabel *status = labelShowing(panel, ConfigPanel::tr("In sync with the settings."));
            QVERIFY(status);
            QCOMPARE(status->palette().color(QPalette::WindowText), palette.color(QPalette::WindowText));
        }
        // After an error was shown in red, it is back to the text colour.
        panel.yamlEditor()->setPlainText(QStringLiteral("trainer: [1\n"));
        panel.commitPendingEdits();
        QVERIFY(!panel.yamlError().isEmpty());
        panel.yamlEditor()->setPlainText(QStringLiteral("trainer:\n  max_epochs: 4\n"));
        panel.commitPendingEdits();
        QVERIFY(panel.yamlError().isEmpty());
        QLabel *status = labelShowing(panel, ConfigPanel::tr("In sync with the settings."));
        QVERIFY(status);
        QCOMPARE(status->palette().color(QPalette::WindowText), panel.palette().color(QPalette::WindowText));
    }

    void hintsInColourReadInADarkPalette()
    {
        ImageSizeField field;
        const QString reason = QStringLiteral("Images are of different sizes: resized");
        field.setReason(reason);
        QLabel *label = labelShowing(field, reason);
        QVERIFY(label);
        QVERIFY2(labelContrast(*label) >= 4.5, qPrintable(QString::number(labelContrast(*label))));
        field.setPalette(testsupport::darkPalette());
        QVERIFY2(labelContrast(*label) >= 4.5, qPrintable(QString::number(labelContrast(*label))));
    }

    void tabLeavesTheYamlEditorAndKeepsItsText()
    {
        // YAML forbids tabs for indentation: Tab inserted one and trapped the focus.
        ConfigPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QApplication::setActiveWindow(&panel);
        panel.tabs()->setCurrentIndex(1);
        QPlainTextEdit *yaml = panel.yamlEditor();
        yaml->setFocus();
        QTRY_VERIFY(yaml->hasFocus());
        const QString text = yaml->toPlainText();
        QTest::keyClick(yaml, Qt::Key_Tab);
        QVERIFY(!yaml->hasFocus());
        QCOMPARE(yaml->toPlainText(), text);
        QVERIFY(!panel.isModified());
    }

    void ctrlTabTurnsThePageAndTheFocusGoesAlong()
    {
        // The focus stayed on the page turned away (or on nothing): typing went nowhere.
        ConfigPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QApplication::setActiveWindow(&panel);
        panel.tabs()->setCurrentIndex(1);
        panel.yamlEditor()->setFocus();
        QTRY_VERIFY(panel.yamlEditor()->hasFocus());
        for (int page : {0, 1}) {
            QWidget *focus = QApplication::focusWidget();
            QVERIFY(focus);
            QTest::keyClick(focus, Qt::Key_Tab, Qt::ControlModifier);
            QCOMPARE(panel.tabs()->currentIndex(), page);
            focus = QApplication::focusWidget();
            QVERIFY2(focus && focus->isVisible() && panel.tabs()->widget(page)->isAncestorOf(focus),
                     focus ? focus->metaObject()->className() : "no focus");
        }
        QVERIFY(panel.yamlEditor()->hasFocus());
        // Ctrl+Shift+Tab turns back, from the editor too.
        QTest::keyClick(panel.yamlEditor(), Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(panel.tabs()->currentIndex(), 0);
        QVERIFY(panel.tabs()->widget(0)->isAncestorOf(QApplication::focusWidget()));
    }

    void theFormScrollsWithoutATabStopOfItsOwn()
    {
        // A scroll area that took the focus showed no sign of it and had no name.
        ConfigPanel panel;
        const QList<QScrollArea *> scrolls = panel.findChildren<QScrollArea *>();
        QVERIFY(!scrolls.isEmpty());
        for (QScrollArea *scroll : scrolls)
            QCOMPARE(scroll->focusPolicy(), Qt::NoFocus);
    }

    void theWheelScrollsTheFormPastItsFields()
    {
        // A wheel turned to scroll the form changed the epochs or the batch size under the
        // pointer, unsaid; unfocused fields now leave the wheel to the scroll area.
        ConfigPanel panel;
        panel.resize(400, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSpinBox *epochs = panel.form()->epochsBox();
        const int before = epochs->value();
        const auto turn = [epochs] {
            const QPointF centre = epochs->rect().center();
            QWheelEvent wheel(centre, epochs->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                              Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(epochs, &wheel);
        };
        QCOMPARE(epochs->focusPolicy(), Qt::StrongFocus);
        turn();
        QCOMPARE(epochs->value(), before);
        epochs->setFocus();
        QTRY_VERIFY(epochs->hasFocus());
        turn();
        QCOMPARE(epochs->value(), before + 1);
        for (QWidget *field : panel.form()->findChildren<QComboBox *>())
            QCOMPARE(field->focusPolicy(), Qt::StrongFocus);
    }

    void controlsHaveAccessibleNames()
    {
        ConfigPanel panel;
        ImageSizeField *imageSize = panel.form()->findChild<ImageSizeField *>();
        QVERIFY(imageSize);
        const QList<QWidget *> named{panel.form()->operationsTable(), panel.yamlEditor(), imageSize->modeBox(),
                                    imageSize->sideBox()};
        for (QWidget *widget : named)
            QVERIFY2(!accessibleName(widget).isEmpty(), widget->metaObject()->className());
        QVERIFY(accessibleName(imageSize->modeBox()) != accessibleName(imageSize->sideBox()));
        // The form's "Image size:" label gives its focus to the mode, not to the container.
        QCOMPARE(imageSize->focusProxy(), imageSize->modeBox());
    }

    void fieldTipsSayWhatAFieldMeansThenItsKey()
    {
        // Tooltips were the bare YAML keys, which a screen reader read as the fields' descriptions.
        ConfigPanel panel;
        QList<QWidget *> fields;
        for (QWidget *widget : panel.form()->findChildren<QWidget *>())
            if (qobject_cast<QAbstractSpinBox *>(widget) || qobject_cast<QComboBox *>(widget))
                fields << widget;
        QVERIFY(fields.size() >= 12);
        for (QWidget *field : fields) {
            const QStringList lines = field->toolTip().split(QLatin1Char('\n'));
            if (field->toolTip().isEmpty() && qobject_cast<QSpinBox *>(field))
                continue; // the image size's side, named by its mode's tip
            QVERIFY2(lines.size() == 2, qPrintable(field->toolTip()));
            QVERIFY2(lines[0].count(QLatin1Char(' ')) >= 3, qPrintable(lines[0])); // words, not a key
            QVERIFY2(lines[1].startsWith(QLatin1String("YAML: ")), qPrintable(lines[1]));
        }
    }

    void theRangeEditorIsWideEnoughForItsValue()
    {
        // F2 opened an editor as narrow as the column: "-1.0" went under the spin arrows.
        ConfigPanel panel;
        panel.resize(420, 700);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QApplication::setActiveWindow(&panel);
        OperationsTable *table = panel.form()->operationsTable();
        int row = -1;
        for (int r = 0; r < table->rowCount() && row < 0; ++r)
            if (table->item(r, OperationsTable::LowColumn)->data(Qt::EditRole).toDouble() == -1.0)
                row = r;
        QVERIFY(row >= 0);
        const QModelIndex low = table->model()->index(row, OperationsTable::LowColumn);
        table->scrollTo(low);
        table->setFocus();
        table->setCurrentIndex(low);
        QTest::keyClick(table, Qt::Key_F2);
        auto *editor = qobject_cast<QDoubleSpinBox *>(table->indexWidget(low));
        QVERIFY(editor);
        const QRect cell = table->visualRect(low);
        QVERIFY2(editor->width() >= editor->sizeHint().width(),
                 qPrintable(QStringLiteral("%1 < %2").arg(editor->width()).arg(editor->sizeHint().width())));
        QCOMPARE(editor->geometry().right(), cell.right()); // right-aligned, as the value is
        QVERIFY(editor->geometry().left() >= 0);
    }

    void theWindowFitsASmallScreenAtLargeScale()
    {
        // A 1280 x 800 screen at 150 % scaling is 853 logical pixels wide: the panels' minimum
        // widths (260 and 300) and the form's, pinned on the config panel, made the window 900
        // wide, so its right edge was off the screen.
        {
            MainWindow window;
            QVERIFY2(window.minimumSizeHint().width() <= 853, qPrintable(QString::number(window.minimumSizeHint().width())));
        }
        // Large fonts widen the settings, not the window's minimum.
        const QFont before = QApplication::font();
        QFont large = before;
        large.setPointSizeF(before.pointSizeF() * 1.5);
        QApplication::setFont(large);
        int minimum = 0;
        {
            MainWindow window;
            minimum = window.minimumSizeHint().width();
        }
        QApplication::setFont(before);
        QVERIFY2(minimum <= 1000, qPrintable(QString::number(minimum)));

        // At the usual size the window gives the settings the width they need, so they show
        // whole.
        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::qWait(50);
        QVERIFY2(window.configPanel()->width() >= window.configPanel()->preferredWidth(),
                 qPrintable(QStringLiteral("%1 < %2").arg(window.configPanel()->width())
                                .arg(window.configPanel()->preferredWidth())));
        // Squeezed (a small window, or such a layout restored), then the window grows: the
        // settings get their width back, where the plot took all the new room.
        window.resize(1200, 800);
        QTRY_COMPARE(window.width(), 1200);
        window.resizeDocks({window.findChild<QDockWidget *>(QStringLiteral("configDock"))}, {150}, Qt::Horizontal);
        QTRY_VERIFY(window.configPanel()->width() < window.configPanel()->preferredWidth());
        window.resize(1600, 1000);
        QTRY_COMPARE(window.width(), 1600);
        QTRY_VERIFY2(window.configPanel()->width() >= window.configPanel()->preferredWidth(),
                     qPrintable(QStringLiteral("%1 < %2").arg(window.configPanel()->width())
                                    .arg(window.configPanel()->preferredWidth())));
    }
};

QTEST_MAIN(TestUiConfig)
#include "test_ui_config.moc"
