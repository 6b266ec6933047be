#include "ConfigForm.h"

#include "ExactDoubleSpinBox.h"
#include "ImageSizeField.h"
#include "OperationsTable.h"
#include "StatusColour.h"
#include "WheelNeedsFocus.h"
#include "config/ConfigLimits.h"
#include "ops/OperationCatalog.h"
#include "search/TorchRuntime.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <climits>
#include <limits>

namespace augstudio::ui {

namespace {

// The reader takes seeds up to 9e15 (parseInteger): past a QSpinBox's int, within the
// integers a double holds exactly (2^53).
constexpr double kMaxSeed = 9.0e15;

} // namespace

QString ConfigForm::fieldTip(const QString &what, const QString &key)
{
    return what + QLatin1Char('\n') + tr("YAML: %1").arg(key);
}

ConfigForm::ConfigForm(QWidget *parent)
    : QWidget(parent)
    , m_task(new QComboBox(this))
    , m_architecture(new QComboBox(this))
    , m_device(new QComboBox(this))
    , m_deviceNote(new QLabel(this))
    , m_imageSize(new ImageSizeField(this))
    , m_limit(spinBox(0, INT_MAX, fieldTip(tr("Search on at most this many of the dataset's images (All: every one)"),
                                           QStringLiteral("data.dataset.limit"))))
    , m_stepsPerEpoch(spinBox(0, configlimits::kMaxStepsPerEpoch,
                              fieldTip(tr("Batches in an epoch (All: the images once over)"),
                                       QStringLiteral("trainer.steps_per_epoch"))))
    , m_epochs(spinBox(1, configlimits::kMaxEpochs, fieldTip(tr("How many epochs the search runs at most"),
                                               QStringLiteral("trainer.max_epochs"))))
    , m_batchSize(spinBox(2, configlimits::kMaxBatchSize, fieldTip(tr("Images in each step's batch"),
                                                     QStringLiteral("data.dataloader.batch_size"))))
    , m_subPolicies(spinBox(1, configlimits::kMaxSubPolicies,
                            fieldTip(tr("How many sub-policies the policy holds; each image gets one"),
                                     QStringLiteral("policy_model.num_sub_policies"))))
    , m_stages(spinBox(1, configlimits::kMaxStages, fieldTip(tr("Operations applied one after another in each sub-policy"),
                                               QStringLiteral("policy_model.operation_count"))))
    , m_chunks(spinBox(1, configlimits::kMaxChunks, fieldTip(tr("Parts of a batch that each draw their own sub-policies"),
                                               QStringLiteral("policy_model.num_chunks"))))
    , m_temperature(new ExactDoubleSpinBox(this))
    , m_seed(new QDoubleSpinBox(this))
    , m_greyNote(new QLabel(tr("The dataset is grayscale: colour operations are off."), this))
    , m_operations(new OperationsTable(this))
{
    m_task->addItem(tr("Classification"), int(Task::Classification));
    m_task->addItem(tr("Semantic segmentation"), int(Task::SemanticSegmentation));
    m_task->setToolTip(fieldTip(tr("What the network learns: a class for each image, or one for each pixel"),
                                QStringLiteral("task")));
    // The reader's range: any number above 0.
    m_temperature->setRange(std::numeric_limits<double>::min(), std::numeric_limits<double>::max());
    m_temperature->setToolTip(fieldTip(tr("How sharply the search chooses among operations while it learns: lower "
                                          "is closer to one choice"),
                                       QStringLiteral("policy_model.temperature")));
    m_seed->setDecimals(0);
    m_seed->setRange(0, kMaxSeed);
    m_seed->setToolTip(fieldTip(tr("The same seed, config and dataset repeat the same search"), QStringLiteral("seed")));
    for (QDoubleSpinBox *box : {m_temperature, m_seed}) {
        box->setKeyboardTracking(false); // one edit per value typed, as the other fields
        wheelNeedsFocus(box);            // the form scrolls in its panel
    }
    m_architecture->setToolTip(fieldTip(tr("The network trained beside the policy, which judges its images"),
                                        QStringLiteral("classification_model.architecture, "
                                                       "semantic_segmentation_model.architecture")));
    m_device->setToolTip(fieldTip(tr("Where the search computes: the processor, or a CUDA graphics card"),
                                  QStringLiteral("trainer.gpus, trainer.device")));
    for (QComboBox *box : {m_task, m_architecture, m_device}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
        wheelNeedsFocus(box);
    }
    m_deviceNote->setWordWrap(true);
    setStatusTone(m_deviceNote, StatusTone::Error);
    m_deviceNote->hide();
    fillDevices();

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // A narrow dock (or a long translated label) puts a field under its label.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    // Alt+letter focuses a field. No letter of the menu bar's (F, S, V, H; German D, S, A, H):
    // a shared one leaves both ambiguous (test_ui_translations checks, in each language).
    form->addRow(tr("&Task:"), m_task);
    form->addRow(tr("&Model:"), m_architecture);
    form->addRow(tr("Devi&ce:"), m_device);
    form->addRow(QString(), m_deviceNote);
    // What decides how long an epoch takes: the images' size, how many, how many steps.
    m_limit->setSpecialValueText(tr("All"));
    m_stepsPerEpoch->setSpecialValueText(tr("All"));
    m_limit->setSingleStep(1000);
    m_limit->setSuffix(tr(" images"));
    form->addRow(tr("&Image size:"), m_imageSize);
    // A label focuses only a buddy that takes focus itself; the field hands its focus on to its
    // mode box, so the label's buddy is that box.
    if (auto *label = qobject_cast<QLabel *>(form->labelForField(m_imageSize)))
        label->setBuddy(m_imageSize->modeBox());
    form->addRow(tr("&Use at most:"), m_limit);
    form->addRow(tr("Steps &per epoch:"), m_stepsPerEpoch);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Batch size:"), m_batchSize);
    form->addRow(tr("Sub-po&licies:"), m_subPolicies);
    form->addRow(tr("Sta&ges:"), m_stages);
    form->addRow(tr("Chun&ks:"), m_chunks);
    form->addRow(tr("Tempe&rature:"), m_temperature);
    form->addRow(tr("See&d:"), m_seed);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    auto *operationsLabel =
        new QLabel(tr("Operations: tick the ones to search; double-click a range (or press F2) to edit it."), this);
    operationsLabel->setWordWrap(true);
    layout->addWidget(operationsLabel);
    m_greyNote->setWordWrap(true);
    m_greyNote->hide();
    layout->addWidget(m_greyNote);
    layout->addWidget(m_operations, 1);

    auto intField = [this](QSpinBox *box, auto apply) {
        connect(box, &QSpinBox::valueChanged, this, [this, apply](int value) {
            if (m_showing)
                return;
            apply(m_config, value);
            emit edited();
        });
    };
    intField(m_epochs, [](SearchConfig &c, int v) { c.trainer.maxEpochs = v; });
    intField(m_batchSize, [](SearchConfig &c, int v) { c.data.dataloader.batchSize = v; });
    intField(m_subPolicies, [](SearchConfig &c, int v) { c.policy.numSubPolicies = v; });
    intField(m_stages, [](SearchConfig &c, int v) { c.policy.operationCount = v; });
    intField(m_chunks, [](SearchConfig &c, int v) { c.policy.numChunks = v; });
    intField(m_limit, [](SearchConfig &c, int v) { c.data.dataset.limit = v; });
    intField(m_stepsPerEpoch, [](SearchConfig &c, int v) { c.trainer.stepsPerEpoch = v; });
    connect(m_imageSize, &ImageSizeField::edited, this, [this] {
        m_config.data.preprocessing = m_imageSize->preprocessing();
        emit edited();
    });
    auto doubleField = [this](QDoubleSpinBox *box, auto apply) {
        connect(box, &QDoubleSpinBox::valueChanged, this, [this, apply](double value) {
            if (m_showing)
                return;
            apply(m_config, value);
            emit edited();
        });
    };
    doubleField(m_temperature, [](SearchConfig &c, double v) { c.policy.temperature = v; });
    doubleField(m_seed, [](SearchConfig &c, double v) { c.seed = std::uint64_t(v); });
    connect(m_task, &QComboBox::currentIndexChanged, this, [this] {
        if (m_showing)
            return;
        m_config.task = Task(m_task->currentData().toInt());
        m_showing = true;
        fillArchitectures();
        m_showing = false;
        emit edited();
    });
    connect(m_architecture, &QComboBox::currentIndexChanged, this, [this] {
        if (m_showing)
            return;
        m_config.model().architecture = m_architecture->currentData().toString().toStdString();
        emit edited();
    });
    connect(m_device, &QComboBox::currentIndexChanged, this, [this] {
        if (m_showing)
            return;
        m_config.trainer.device = m_device->currentData().toString().toStdString();
        emit edited();
    });
    connect(m_operations, &OperationsTable::operationsEdited, this, [this] {
        m_config.policy.operations = m_operations->operations();
        emit edited();
    });
    connect(m_operations, &OperationsTable::problemChanged, this, &ConfigForm::problemChanged);
    setConfig(m_config);
}

QSpinBox *ConfigForm::spinBox(int minimum, int maximum, const QString &tip)
{
    auto *box = new QSpinBox(this);
    box->setRange(minimum, maximum);
    box->setToolTip(tip);
    box->setKeyboardTracking(false); // one edit per value typed, not per digit
    wheelNeedsFocus(box);            // a wheel over the scrolling form scrolls it
    return box;
}

void ConfigForm::fillDevices()
{
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA GPU"), QStringLiteral("cuda"));
    m_device->addItem(tr("Automatic (GPU if available)"), QStringLiteral("auto"));
    if (!cudaAvailable()) {
        auto *model = qobject_cast<QStandardItemModel *>(m_device->model());
        if (QStandardItem *cuda = model ? model->item(1) : nullptr) {
            cuda->setEnabled(false);
            const std::string why = deviceProblem("cuda");
            cuda->setToolTip(why.empty() ? tr("No CUDA device is available on this computer.")
                                         : QString::fromStdString(why));
        }
    }
}

void ConfigForm::fillArchitectures()
{
    m_architecture->clear();
    if (m_config.task == Task::Classification) {
        m_architecture->addItem(tr("ResNet-18"), QStringLiteral("resnet18"));
        m_architecture->addItem(tr("WideResNet-40-2"), QStringLiteral("wrn_40_2"));
    } else {
        m_architecture->addItem(tr("U-Net (ResNet-18 encoder)"), QStringLiteral("Unet"));
    }
    const QString current = QString::fromStdString(m_config.model().architecture);
    int index = m_architecture->findData(current);
    if (index < 0 && !current.isEmpty()) {
        // Something the form does not offer (the config's own, maybe unsupported): show it as it is.
        m_architecture->addItem(current, current);
        index = m_architecture->count() - 1;
    }
    m_architecture->setCurrentIndex(std::max(index, 0));
}

void ConfigForm::setConfig(const SearchConfig &config)
{
    m_config = config;
    showConfig();
}

void ConfigForm::showConfig()
{
    m_showing = true;
    m_task->setCurrentIndex(m_task->findData(int(m_config.task)));
    fillArchitectures();
    const QString device = QString::fromStdString(m_config.trainer.device);
    int deviceIndex = m_device->findData(device);
    if (deviceIndex < 0) {
        m_device->addItem(device, device); // e.g. cuda:1
        deviceIndex = m_device->count() - 1;
    }
    m_device->setCurrentIndex(deviceIndex);
    const std::string problem = device == QLatin1String("cpu") || device == QLatin1String("auto")
                                    ? std::string()
                                    : deviceProblem(m_config.trainer.device);
    m_deviceNote->setText(QString::fromStdString(problem));
    m_deviceNote->setVisible(!problem.empty());
    m_epochs->setValue(m_config.trainer.maxEpochs);
    m_batchSize->setValue(m_config.data.dataloader.batchSize);
    m_subPolicies->setValue(m_config.policy.numSubPolicies);
    m_stages->setValue(m_config.policy.operationCount);
    m_chunks->setValue(m_config.policy.numChunks);
    m_temperature->setValue(m_config.policy.temperature);
    m_seed->setValue(double(m_config.seed));
    m_limit->setValue(m_config.data.dataset.limit);
    m_stepsPerEpoch->setValue(m_config.trainer.stepsPerEpoch);
    if (m_imageSize->preprocessing() != m_config.data.preprocessing) {
        m_imageSize->setPreprocessing(m_config.data.preprocessing);
        m_imageSize->setReason(QString());
    }
    m_operations->setOperations(m_config.policy.operations);
    m_showing = false;
}

bool ConfigForm::setDatasetChannels(int channels)
{
    m_greyNote->setVisible(channels == 1);
    m_operations->setDatasetChannels(channels);
    m_operations->setOperations(m_config.policy.operations);
    // Colour operations the config lists cannot be searched on grey: they go, as the note says.
    const std::vector<OperationConfig> shown = m_operations->operations();
    if (!m_operations->problem().isEmpty() || shown == m_config.policy.operations)
        return false;
    m_config.policy.operations = shown;
    return true;
}

bool ConfigForm::suggestPreprocessing(const std::vector<PreprocessingStep> &steps, const QString &reason)
{
    // Only over no preprocessing or an earlier suggestion, never over the user's own.
    if (!m_config.data.preprocessing.empty() && m_config.data.preprocessing != m_suggested)
        return false;
    m_suggested = steps;
    m_imageSize->setReason(steps.empty() ? QString() : reason);
    if (m_config.data.preprocessing == steps)
        return false;
    m_config.data.preprocessing = steps;
    m_imageSize->setPreprocessing(steps);
    return true;
}

int ConfigForm::datasetChannels() const
{
    return m_operations->datasetChannels();
}

QString ConfigForm::greyNote() const
{
    return m_greyNote->isHidden() ? QString() : m_greyNote->text();
}

QString ConfigForm::problem() const
{
    if (!m_operations->problem().isEmpty())
        return m_operations->problem();
    try {
        resolveOperations(m_config.policy.operations, datasetChannels());
    } catch (const std::exception &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace augstudio::ui
