#include "EvaluateDialog.h"

#include "EvaluatePlot.h"
#include "EvaluateReport.h"
#include "EvaluateWorker.h"
#include "InlineMessage.h"
#include "SaveFileDialog.h"
#include "UrlDrops.h"
#include "WheelNeedsFocus.h"

#include "evaluate/Baselines.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace augstudio::ui {

namespace {

const char *const kBaselinesKey = "evaluate/baselines";
const char *const kModelKey = "evaluate/model";
const char *const kLastFolderKey = "dialogs/lastFolder";

QStringList defaultBaselines()
{
    return {QStringLiteral("none"), QStringLiteral("flip-shift"), QStringLiteral("trivial-augment")};
}

QSpinBox *spinBox(int minimum, int maximum, int value)
{
    auto *box = new QSpinBox;
    wheelNeedsFocus(box); // the dialog scrolls
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setGroupSeparatorShown(true);
    return box;
}

QString score(double value)
{
    return QLocale().toString(value, 'f', 4);
}

QString signedScore(double value)
{
    const QString text = score(value);
    return value > 0 ? QLocale().positiveSign() + text : text;
}

QTableWidgetItem *cell(const QString &text, Qt::Alignment alignment = Qt::AlignRight)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(alignment | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

bool sameFolder(const QString &a, const QString &b)
{
    return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}

// A layout, not a widget: the field stays a sibling of its form label, which names it to
// assistive technology only as a sibling (a buddy in another parent names nothing).
QLayout *withButtons(QWidget *field, const QList<QPushButton *> &buttons, Qt::Orientation buttonsAlong)
{
    auto *layout = new QHBoxLayout;
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    auto *column = new QVBoxLayout;
    auto *line = new QHBoxLayout;
    for (QPushButton *button : buttons)
        buttonsAlong == Qt::Vertical ? column->addWidget(button) : line->addWidget(button);
    column->addLayout(line);
    column->addStretch();
    layout->addLayout(column);
    return layout;
}

// What the plot and the table call each arm: a baseline by its name, a policy by its file
// name with as many parent folders as it takes to tell it from the other policies (the
// epoch_3.json of two searches).
QStringList armLabels(const QStringList &policies, const QStringList &baselines)
{
    QList<QStringList> parts;
    QList<int> depth;
    for (const QString &path : policies) {
        parts << QDir::fromNativeSeparators(path).split(QLatin1Char('/'), Qt::SkipEmptyParts);
        depth << 1;
    }
    const auto label = [&](int i) { return parts[i].mid(std::max(0, int(parts[i].size()) - depth[i])).join('/'); };
    for (bool changed = true; changed;) {
        changed = false;
        QStringList current;
        for (int i = 0; i < parts.size(); ++i)
            current << label(i);
        for (int i = 0; i < parts.size(); ++i)
            if (current.count(current[i]) > 1 && depth[i] < parts[i].size()) {
                ++depth[i];
                changed = true;
            }
    }
    QStringList labels;
    for (int i = 0; i < parts.size(); ++i)
        labels << label(i);
    return labels + baselines;
}

} // namespace

EvaluateDialog::EvaluateDialog(QWidget *parent)
    : QDialog(parent)
    , m_worker(new EvaluateWorker(this))
    , m_message(new InlineMessage)
    , m_policies(new QListWidget)
    , m_addPolicy(new QPushButton(tr("Add &Files…")))
    , m_removePolicy(new QPushButton(tr("Remo&ve")))
    , m_dataset(new QLineEdit)
    , m_browseDataset(new QPushButton(tr("Browse…")))
    , m_baselines(new QListWidget)
    , m_model(new QComboBox)
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_summary(new QLabel)
    , m_plot(new EvaluatePlot)
    , m_table(new QTableWidget)
    , m_fields(new QWidget)
    , m_scroll(new QScrollArea)
{
    setWindowTitle(tr("Evaluate Policy"));
    const EvaluateOptions defaults;

    auto *intro = new QLabel(tr("Trains the same network once per arm, with each policy and with each checked "
                                "baseline, on training images drawn from the dataset for each run, and compares "
                                "their accuracy on held-out images (mIoU for segmentation)."));
    intro->setWordWrap(true);

    const int rowHeight = fontMetrics().height() + 6;
    m_policies->setObjectName(QStringLiteral("evaluatePolicies"));
    m_policies->setToolTip(tr("Albumentations JSON policies; the first one's preprocessing serves every arm. "
                              "Double-click a path to edit it."));
    m_policies->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_policies->setMaximumHeight(rowHeight * 4);
    m_policies->setAccessibleName(tr("Policy files"));
    m_dataset->setAccessibleName(tr("Dataset folder"));
    m_dataset->setPlaceholderText(tr("The folder of the dataset to train and test on"));
    // Dropped from a file manager: the folder's path, and the policy files, not file:// text.
    takeDroppedFolder(m_dataset);
    takeDroppedFiles(m_policies, {QStringLiteral("json")}, [this](const QString &path) { addPolicyPath(path); });

    const QStringList remembered = QSettings().value(kBaselinesKey).toStringList();
    const QStringList checked = remembered.isEmpty() ? defaultBaselines() : remembered;
    const QMap<QString, QString> descriptions{
        {QStringLiteral("none"), tr("the policy's preprocessing only")},
        {QStringLiteral("flip-shift"), tr("horizontal flip and a shift of up to 6.25 %")},
        {QStringLiteral("trivial-augment"), tr("one random operation at a random strength (TrivialAugment)")},
        {QStringLiteral("rand-augment"), tr("two random operations at a fixed strength (RandAugment)")}};
    for (const std::string &baseline : baselineNames()) {
        const QString name = QString::fromStdString(baseline);
        const QString description = descriptions.value(name);
        auto *item = new QListWidgetItem(description.isEmpty() ? name : tr("%1: %2").arg(name, description));
        item->setData(Qt::UserRole, name);
        item->setToolTip(item->text()); // whole, where a narrow dialog cuts it
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(name) ? Qt::Checked : Qt::Unchecked);
        m_baselines->addItem(item);
    }
    m_baselines->setObjectName(QStringLiteral("evaluateBaselines"));
    m_baselines->setAccessibleName(tr("Baselines"));
    // Every row shows, also above the sideways scroll bar a narrow dialog gives the list.
    m_baselines->setMaximumHeight(rowHeight * int(baselineNames().size()) + 6
                                  + m_baselines->horizontalScrollBar()->sizeHint().height());

    m_model->addItem(tr("Small (fast)"), QString::fromLatin1(toString(EvaluateModel::Small)));
    m_model->addItem(tr("ResNet-18 (the search's network)"), QString::fromLatin1(toString(EvaluateModel::ResNet18)));
    const int model = m_model->findData(QSettings().value(kModelKey).toString());
    m_model->setCurrentIndex(std::max(0, model));
    wheelNeedsFocus(m_model);

    m_epochs = spinBox(1, 1000, defaults.epochs);
    m_trainImages = spinBox(2, 10000000, defaults.trainImages);
    m_heldOutImages = spinBox(1, 10000000, defaults.heldOutImages);
    m_repeats = spinBox(1, 100, defaults.repeats);
    m_repeats->setToolTip(tr("Runs with the seeds seed, seed + 1, …, each with training images of its own; two "
                             "or more give each difference a 95 % interval"));
    m_seed = spinBox(0, std::numeric_limits<int>::max(), int(defaults.seed));
    m_seed->setGroupSeparatorShown(false);
    m_seed->setToolTip(tr("Fixes the held-out images, and each run's training images and training (run r uses "
                          "seed + r − 1)"));

    auto *form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    // The labels' accelerators go to the fields, not to the rows that hold them.
    auto *policyLabel = new QLabel(tr("&Policy files:"));
    policyLabel->setBuddy(m_policies);
    auto *datasetLabel = new QLabel(tr("&Dataset folder:"));
    datasetLabel->setBuddy(m_dataset);
    form->addRow(policyLabel, withButtons(m_policies, {m_addPolicy, m_removePolicy}, Qt::Vertical));
    form->addRow(datasetLabel, withButtons(m_dataset, {m_browseDataset}, Qt::Horizontal));
    form->addRow(tr("&Baselines:"), m_baselines);
    form->addRow(tr("&Network:"), m_model);
    form->addRow(tr("&Epochs:"), m_epochs);
    form->addRow(tr("&Training images:"), m_trainImages);
    form->addRow(tr("&Held-out images:"), m_heldOutImages);
    form->addRow(tr("Repe&ats:"), m_repeats);
    form->addRow(tr("&Seed:"), m_seed);

    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setObjectName(QStringLiteral("evaluateResults"));
    m_table->setAccessibleName(tr("Results"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setVisible(false);
    m_table->setMinimumHeight(120);
    m_table->setWordWrap(true);
    m_table->setTabKeyNavigation(false); // one Tab stop, not one per cell
    // A verdict that wraps anew when the dialog is resized refits its rows, taller or lower.
    m_table->viewport()->installEventFilter(this);
    auto *results = new QSplitter(Qt::Vertical);
    results->addWidget(m_plot);
    results->addWidget(m_table);
    results->setChildrenCollapsible(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_run = buttons->addButton(tr("&Run"), QDialogButtonBox::ActionRole);
    m_run->setToolTip(tr("Train with each policy and each baseline, and compare"));
    m_cancel = buttons->addButton(tr("Cance&l"), QDialogButtonBox::ActionRole);
    m_cancel->setToolTip(tr("Stop the evaluation after the current batch"));
    m_saveReport = buttons->addButton(tr("Save Rep&ort…"), QDialogButtonBox::ActionRole);
    m_saveReport->setToolTip(tr("Write the scores per arm, seed and epoch and the comparisons as CSV, and the "
                                "plot as a PNG of the same name beside it"));
    m_run->setDefault(true);

    // Everything but the buttons scrolls: the dialog is taller than a 1280 x 800 screen once
    // its results show, and its buttons were below the screen's edge.
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_message);
    layout->addWidget(intro);
    layout->addWidget(m_fields);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(results, 1);
    QScrollArea *scroll = m_scroll;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // a wrapper, no Tab stop: it scrolls a focused field into view
    auto *outer = new QVBoxLayout(this);
    outer->addWidget(scroll, 1);
    outer->addWidget(buttons);
    setMinimumWidth(640);
    // As large as its content wants, as far as the screen allows.
    const QRect available = screen()->availableGeometry();
    const QSize wanted = content->sizeHint() + QSize(scroll->verticalScrollBar()->sizeHint().width(),
                                                     buttons->sizeHint().height() + 3 * outer->spacing());
    // Wide enough for the table of one seed with its verdicts readable beside their arms (about
    // 130 characters), where the fields alone would want less.
    const int tableWidth = fontMetrics().averageCharWidth() * 130;
    resize(std::min(std::max(wanted.width(), tableWidth), available.width() * 9 / 10),
           std::min(wanted.height(), available.height() * 9 / 10));

    connect(m_addPolicy, &QPushButton::clicked, this, &EvaluateDialog::browsePolicies);
    connect(m_removePolicy, &QPushButton::clicked, this, &EvaluateDialog::removeSelectedPolicies);
    connect(m_browseDataset, &QPushButton::clicked, this, &EvaluateDialog::browseDataset);
    connect(m_policies->model(), &QAbstractItemModel::rowsInserted, this, &EvaluateDialog::updateButtons);
    connect(m_policies->model(), &QAbstractItemModel::rowsRemoved, this, &EvaluateDialog::updateButtons);
    connect(m_policies->model(), &QAbstractItemModel::modelReset, this, &EvaluateDialog::updateButtons);
    connect(m_policies, &QListWidget::itemChanged, this, &EvaluateDialog::updateButtons);
    connect(m_policies, &QListWidget::itemSelectionChanged, this, &EvaluateDialog::updateButtons);
    connect(m_dataset, &QLineEdit::textChanged, this, &EvaluateDialog::updateButtons);
    connect(m_baselines, &QListWidget::itemChanged, this, [this] {
        rememberChoices();
        updateButtons();
    });
    connect(m_model, &QComboBox::currentIndexChanged, this, &EvaluateDialog::rememberChoices);
    connect(m_run, &QPushButton::clicked, this, &EvaluateDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluateDialog::cancel);
    connect(m_saveReport, &QPushButton::clicked, this, &EvaluateDialog::saveReportAs);
    connect(buttons, &QDialogButtonBox::rejected, this, &EvaluateDialog::reject);
    connect(m_worker, &EvaluateWorker::progress, this, &EvaluateDialog::showProgress);
    connect(m_worker, &EvaluateWorker::finished, this, [this](const EvaluateResult &result) { showResult(result); });
    connect(m_worker, &EvaluateWorker::failed, this, &EvaluateDialog::showFailure);
    connect(m_worker, &EvaluateWorker::stoppedByError, this, &EvaluateDialog::showResult);
    setRunning(false);
    m_policies->setFocus(); // the first field, where the dialog opens
}

EvaluateDialog::~EvaluateDialog()
{
    // The worker (a child) waits for its thread; stop the training first.
    m_worker->cancel();
    // ~QWidget deletes the lists after this destructor: their models' modelReset would call
    // updateButtons() on what is no longer an EvaluateDialog (UBSan: invalid downcast).
    m_policies->model()->disconnect(this);
    m_policies->disconnect(this);
    m_baselines->disconnect(this);
    m_table->viewport()->removeEventFilter(this);
}

void EvaluateDialog::setPolicyPath(const QString &path)
{
    if (path.isEmpty()) {
        delete m_policies->takeItem(0);
        return;
    }
    if (m_policies->count() == 0) {
        addPolicyPath(path);
        return;
    }
    m_policies->item(0)->setText(QDir::toNativeSeparators(path));
}

QString EvaluateDialog::policyPath() const
{
    const QStringList paths = policyPaths();
    return paths.isEmpty() ? QString() : paths.front();
}

QStringList EvaluateDialog::policyPaths() const
{
    QStringList paths;
    for (int i = 0; i < m_policies->count(); ++i) {
        const QString path = QDir::fromNativeSeparators(m_policies->item(i)->text().trimmed());
        if (!path.isEmpty())
            paths << path;
    }
    return paths;
}

void EvaluateDialog::addPolicyPath(const QString &path)
{
    // A file listed already would train the same arm twice.
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (const QString &listed : policyPaths())
        if (QFileInfo(listed).absoluteFilePath() == absolute)
            return;
    auto *item = new QListWidgetItem(QDir::toNativeSeparators(path));
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_policies->addItem(item);
}

void EvaluateDialog::setDataset(const DatasetConfig &dataset)
{
    m_datasetConfig = dataset;
    m_dataset->setText(QDir::toNativeSeparators(QString::fromStdString(dataset.root)));
}

QString EvaluateDialog::datasetFolder() const
{
    return QDir::fromNativeSeparators(m_dataset->text().trimmed());
}

void EvaluateDialog::setDevice(const QString &device, int threads)
{
    m_device = device.isEmpty() ? QStringLiteral("cpu") : device;
    m_threads = threads;
}

QStringList EvaluateDialog::checkedBaselines() const
{
    QStringList names;
    for (int i = 0; i < m_baselines->count(); ++i)
        if (m_baselines->item(i)->checkState() == Qt::Checked)
            names << m_baselines->item(i)->data(Qt::UserRole).toString();
    return names;
}

void EvaluateDialog::setCheckedBaselines(const QStringList &names)
{
    for (int i = 0; i < m_baselines->count(); ++i) {
        QListWidgetItem *item = m_baselines->item(i);
        item->setCheckState(names.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

EvaluateOptions EvaluateDialog::options() const
{
    EvaluateOptions options;
    const QStringList policies = policyPaths();
    options.policyPath = policyPath().toStdString();
    for (int i = 1; i < policies.size(); ++i)
        options.morePolicyPaths.push_back(policies[i].toStdString());
    const QString folder = datasetFolder();
    const QString known = QString::fromStdString(m_datasetConfig.root);
    if (!known.isEmpty() && sameFolder(folder, known))
        options.data.dataset = m_datasetConfig; // keeps the layout and split it was opened with
    options.data.dataset.root = folder.toStdString();
    options.baselineNames.clear();
    for (const QString &name : checkedBaselines())
        options.baselineNames.push_back(name.toStdString());
    options.model = evaluateModelFromString(m_model->currentData().toString().toStdString()).value_or(EvaluateModel::Small);
    options.epochs = m_epochs->value();
    options.trainImages = m_trainImages->value();
    options.heldOutImages = m_heldOutImages->value();
    options.repeats = m_repeats->value();
    options.seed = std::uint64_t(m_seed->value());
    options.device = m_device.toStdString();
    options.threads = m_threads;
    return options;
}

bool EvaluateDialog::isRunning() const
{
    return m_worker->isRunning();
}

bool EvaluateDialog::run()
{
    if (m_worker->isRunning())
        return false;
    m_message->clearMessage();
    const QStringList policies = policyPaths();
    const QString folder = datasetFolder();
    const auto missing = std::find_if(policies.begin(), policies.end(),
                                      [](const QString &policy) { return !QFileInfo(policy).isFile(); });
    QString problem;
    if (policies.isEmpty())
        problem = tr("Add a policy file (an Albumentations JSON) to evaluate.");
    else if (missing != policies.end())
        problem = tr("The policy file %1 does not exist.").arg(QDir::toNativeSeparators(*missing));
    else if (folder.isEmpty())
        problem = tr("Choose the folder of the dataset to train and test on.");
    else if (!QFileInfo(folder).isDir())
        problem = tr("The dataset folder %1 does not exist.").arg(QDir::toNativeSeparators(folder));
    else if (checkedBaselines().isEmpty())
        problem = tr("Check at least one baseline to compare the policies with.");
    if (!problem.isEmpty()) {
        m_message->showMessage(problem, InlineMessage::Error);
        return false;
    }

    const EvaluateOptions options = this->options();
    if (!m_worker->start(options))
        return false;
    m_requestedRepeats = options.repeats;
    m_finishedRuns = 0;
    m_result.reset();
    m_armLabels = armLabels(policies, checkedBaselines());
    std::vector<EvaluateArmKind> kinds(size_t(policies.size()), EvaluateArmKind::Policy);
    kinds.resize(size_t(m_armLabels.size()), EvaluateArmKind::Baseline);
    m_plot->setArms(m_armLabels, kinds, options.epochs);
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    m_summary->clear();
    m_progress->setRange(0, 0); // busy until the first batch reports
    m_status->setText(tr("Loading and preparing the images…"));
    setRunning(true);
    return true;
}

void EvaluateDialog::cancel()
{
    if (!m_worker->isRunning() || m_worker->isCancelling())
        return;
    m_worker->cancel();
    m_cancel->setEnabled(false);
    m_status->setText(tr("Cancelling after the current batch…"));
}

bool EvaluateDialog::askToStopRun(bool quitting)
{
    if (!m_worker->isRunning() || m_worker->isCancelling())
        return true;
    QString text;
    if (quitting)
        text = tr("An evaluation is running. Stop it and quit? Nothing of it is saved: the runs finished so far "
                  "are lost.");
    else if (m_finishedRuns > 0)
        text = m_finishedRuns == 1 ? tr("An evaluation is running. Stop it? The run finished so far stays in the "
                                        "table, to be saved as a report; the run in progress is lost.")
                                   : tr("An evaluation is running. Stop it? The %n runs finished so far stay in the "
                                        "table, to be saved as a report; the run in progress is lost.",
                                        nullptr, m_finishedRuns);
    else
        text = tr("An evaluation is running. Stop it? No run has finished yet, so nothing of it is kept.");
    const auto answer = QMessageBox::question(this, tr("Stop the evaluation?"), text,
                                              QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes)
        return false;
    cancel();
    return true;
}

void EvaluateDialog::reject()
{
    if (askToStopRun())
        QDialog::reject();
}

bool EvaluateDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitVerdictColumn();
    return QDialog::eventFilter(watched, event);
}

QString EvaluateDialog::plotPathFor(const QString &csvPath)
{
    const QFileInfo info(csvPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".png"));
}

bool EvaluateDialog::saveReport(const QString &csvPath)
{
    if (!m_result)
        return false;
    QString error;
    const QString png = plotPathFor(csvPath);
    if (!saveEvaluateReport(*m_result, csvPath, &error) || !m_plot->savePng(png, &error)) {
        m_message->showMessage(error, InlineMessage::Error);
        return false;
    }
    // On the status line: the banner keeps the result's warnings and notes.
    m_status->setText(tr("Saved the report as %1 and the plot as %2.")
                          .arg(QDir::toNativeSeparators(csvPath), QDir::toNativeSeparators(png)));
    return true;
}

void EvaluateDialog::saveReportAs()
{
    // Beside the first policy by default: a search's policy/ folder keeps its evaluations.
    const QFileInfo policy(policyPath());
    const QString folder = policy.isFile() ? policy.absolutePath()
                                           : QSettings().value(kLastFolderKey, QDir::homePath()).toString();
    const QString name = (policy.isFile() ? policy.completeBaseName() + QStringLiteral("-") : QString())
                         + QStringLiteral("evaluation.csv");
    const QString path = askSaveFileName(this, tr("Save Evaluation Report"), QDir(folder).filePath(name),
                                         tr("CSV report, with the plot as PNG beside it (*.csv)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
    // The file dialog asked about the CSV only.
    if (QFileInfo::exists(plotPathFor(path)) && !askToReplacePlot(plotPathFor(path)))
        return;
    saveReport(path);
}

bool EvaluateDialog::askToReplacePlot(const QString &pngPath)
{
    const auto answer = QMessageBox::question(
        this, tr("Replace the plot?"),
        tr("The plot is saved beside the report as %1, which exists already. Replace it?")
            .arg(QDir::toNativeSeparators(pngPath)),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
    return answer == QMessageBox::Yes;
}

void EvaluateDialog::browsePolicies()
{
    const QString start = policyPath().isEmpty() ? QDir::homePath() : QFileInfo(policyPath()).absolutePath();
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Choose Policy Files"), start,
                                                            tr("Albumentations policy (*.json);;All files (*)"));
    for (const QString &path : paths)
        addPolicyPath(path);
}

void EvaluateDialog::removeSelectedPolicies()
{
    for (QListWidgetItem *item : m_policies->selectedItems())
        delete m_policies->takeItem(m_policies->row(item));
}

void EvaluateDialog::browseDataset()
{
    const QString start = datasetFolder().isEmpty() ? QDir::homePath() : datasetFolder();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a Dataset Folder"), start);
    if (!folder.isEmpty())
        m_dataset->setText(QDir::toNativeSeparators(folder));
}

void EvaluateDialog::rememberChoices() const
{
    QSettings settings;
    settings.setValue(kBaselinesKey, checkedBaselines());
    settings.setValue(kModelKey, m_model->currentData().toString());
}

void EvaluateDialog::setRunning(bool running)
{
    m_fields->setEnabled(!running);
    m_cancel->setEnabled(running && !m_worker->isCancelling());
    updateButtons();
}

void EvaluateDialog::updateButtons()
{
    const bool running = m_worker->isRunning();
    m_run->setEnabled(!running && !policyPaths().isEmpty() && !datasetFolder().isEmpty()
                      && !checkedBaselines().isEmpty());
    m_removePolicy->setEnabled(!m_policies->selectedItems().isEmpty());
    m_saveReport->setEnabled(!running && m_result.has_value());
}

QString EvaluateDialog::metricLabel(const std::string &metric) const
{
    return metric == "mIoU" ? tr("mIoU") : tr("Accuracy");
}

void EvaluateDialog::showProgress(const EvaluateProgress &p)
{
    // In thousandths: every arm of every run weighs the same, whatever its batch count.
    const double perArm = std::max(1, p.epochs * p.batches);
    const double done = ((p.repeat - 1) * p.arms + p.armIndex) * perArm + (p.epoch - 1) * p.batches + p.batch;
    const double total = std::max(1.0, double(p.repeats) * p.arms * perArm);
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(1000 * std::min(1.0, done / total)));
    m_finishedRuns = p.repeat - 1;
    const QString arm = p.armIndex >= 0 && p.armIndex < m_armLabels.size() ? m_armLabels[p.armIndex]
                                                                            : QString::fromStdString(p.armName);
    m_status->setText(tr("Run %1 of %2, arm %3 of %4 (%5): epoch %6 of %7, batch %8 of %9, loss %10")
                          .arg(p.repeat)
                          .arg(p.repeats)
                          .arg(p.armIndex + 1)
                          .arg(p.arms)
                          .arg(arm)
                          .arg(p.epoch)
                          .arg(p.epochs)
                          .arg(p.batch)
                          .arg(p.batches)
                          .arg(QLocale().toString(p.loss, 'f', 4)));
    if (p.epochScore) {
        m_plot->setMetricLabel(metricLabel(p.metric));
        m_plot->addScore(p.armIndex, p.epoch, *p.epochScore);
    }
}

void EvaluateDialog::showResult(const EvaluateResult &result, const QString &error)
{
    const int runs = result.runCount();
    if (runs > 0)
        m_result = result;
    setRunning(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(result.cancelled ? 0 : 1);
    m_status->setText(!error.isEmpty() ? tr("Stopped by an error.") : result.cancelled ? tr("Cancelled.") : tr("Finished."));
    QStringList lines;
    if (!error.isEmpty())
        lines << tr("An error stopped the evaluation after %1 of %2 runs; the table and the plot show the finished "
                    "ones: %3")
                     .arg(runs)
                     .arg(m_requestedRepeats)
                     .arg(error);
    else if (result.cancelled && runs > 0)
        lines << tr("Cancelled after %1 of %2 runs; the table and the plot show the finished ones.")
                     .arg(runs)
                     .arg(m_requestedRepeats);
    else if (result.cancelled)
        lines << tr("Cancelled before the first run finished: there is nothing to compare yet.");
    lines << warningLines(result);
    if (!lines.isEmpty())
        m_message->showMessage(lines.join(QLatin1Char('\n')),
                               error.isEmpty() ? InlineMessage::Warning : InlineMessage::Error, Qt::PlainText);
    if (runs == 0) {
        m_plot->clearScores();
        emit evaluationEnded();
        return;
    }

    const QString network = result.model == EvaluateModel::ResNet18 ? tr("ResNet-18") : tr("small network");
    // "1 held-out image", "2 epochs": two texts each, as the English source has no plural forms
    // of its own; %n in both gives the translations theirs (training images are 2 at least).
    const int heldOut = result.heldOutImages;
    const QString images = (heldOut == 1 ? tr("%1 training and %n held-out image", nullptr, heldOut)
                                         : tr("%1 training and %n held-out images", nullptr, heldOut))
                               .arg(result.trainImages);
    const QString epochs = result.epochs == 1 ? tr("%n epoch", nullptr, 1) : tr("%n epochs", nullptr, result.epochs);
    m_summary->setText(tr("%1 classes · %2 (%3) · %4×%4 pixels · %5 · %6 · %7")
                           .arg(result.numClasses)
                           .arg(images)
                           .arg(QString::fromStdString(result.heldOutSource))
                           .arg(result.imageSize)
                           .arg(network)
                           .arg(epochs)
                           .arg(QString::fromStdString(result.device)));
    m_plot->setMetricLabel(metricLabel(result.metric));
    m_plot->showMeans(result);
    fillTable(result);
    emit evaluationEnded();
}

QStringList EvaluateDialog::warningLines(const EvaluateResult &result) const
{
    // The core's words for what the CLI says too: the dataset's warnings, the counts that fell
    // short of the fields, and what the verdicts rest on with few held-out images.
    QStringList lines;
    const std::vector<std::string> &skipped = result.skippedImages;
    if (skipped.size() == 1)
        lines << tr("One image was left out: %1").arg(QString::fromStdString(skipped.front()));
    else if (skipped.size() > 1)
        lines << tr("%1 images were left out; the first: %2")
                     .arg(skipped.size())
                     .arg(QString::fromStdString(skipped.front()));
    std::vector<std::string> core = result.warnings;
    core.push_back(splitWarning(result, true, true));
    if (result.runCount() > 0) {
        core.push_back(heldOutNote(result));
        core.push_back(trainingImagesNote(result));
        core.push_back(comparisonsNote(result));
    }
    for (const std::string &line : core) {
        if (line.empty())
            continue;
        QString sentence = QString::fromStdString(line); // the CLI's "warning: only 64 ..." alone
        sentence[0] = sentence[0].toUpper();
        lines << sentence;
    }
    return lines;
}

void EvaluateDialog::fillTable(const EvaluateResult &result)
{
    // One row per arm, then one per policy − baseline comparison; the per-seed columns hold
    // scores on arm rows and paired differences on comparison rows.
    const int runs = result.runCount();
    const bool spread = runs > 1;
    const QString none = QStringLiteral("–");
    QStringList columns{tr("Arm"), tr("Kind"), tr("%1 (mean)").arg(metricLabel(result.metric)), tr("Std")};
    for (std::uint64_t seed : result.seeds)
        columns << tr("Seed %1").arg(seed);
    const int intervalColumn = columns.size();
    columns << tr("95 % interval") << tr("Verdict");
    m_table->clear();
    m_table->setColumnCount(columns.size());
    m_table->setRowCount(int(result.arms.size() + result.comparisons.size()));
    m_table->setHorizontalHeaderLabels(columns);

    const auto label = [&](int arm) {
        return arm < m_armLabels.size() ? m_armLabels[arm] : QString::fromStdString(result.arms[size_t(arm)].name);
    };
    int row = 0;
    for (const EvaluateArmResult &arm : result.arms) {
        QTableWidgetItem *name = cell(label(row), Qt::AlignLeft);
        name->setToolTip(QString::fromStdString(arm.name));
        m_table->setItem(row, 0, name);
        m_table->setItem(row, 1, cell(arm.kind == EvaluateArmKind::Policy ? tr("policy") : tr("baseline"), Qt::AlignLeft));
        m_table->setItem(row, 2, cell(score(arm.stats.mean)));
        m_table->setItem(row, 3, cell(spread ? score(arm.stats.std) : none));
        for (int r = 0; r < runs && size_t(r) < arm.scores.size(); ++r)
            m_table->setItem(row, 4 + r, cell(score(arm.scores[size_t(r)])));
        ++row;
    }
    for (const EvaluateComparison &c : result.comparisons) {
        const PairedDifference &d = c.difference;
        const EvaluateArmResult &policy = result.arms[size_t(c.policyArm)];
        const EvaluateArmResult &baseline = result.arms[size_t(c.baselineArm)];
        m_table->setItem(row, 0, cell(tr("%1 − %2").arg(label(c.policyArm), label(c.baselineArm)), Qt::AlignLeft));
        QTableWidgetItem *kind = cell(tr("difference"), Qt::AlignLeft);
        kind->setToolTip(tr("Policy minus baseline, paired by seed: above zero, the policy helps"));
        m_table->setItem(row, 1, kind);
        m_table->setItem(row, 2, cell(signedScore(d.mean)));
        m_table->setItem(row, 3, cell(spread ? score(d.std) : none));
        for (int r = 0; r < runs && size_t(r) < policy.scores.size() && size_t(r) < baseline.scores.size(); ++r)
            m_table->setItem(row, 4 + r, cell(signedScore(policy.scores[size_t(r)] - baseline.scores[size_t(r)])));
        m_table->setItem(row, intervalColumn,
                         cell(d.hasInterval ? tr("[%1, %2]").arg(signedScore(d.low), signedScore(d.high)) : none));
        QString verdict;
        switch (verdictOf(d)) {
        case EvaluateVerdict::NoInterval:
            // Repeats may say 2 where a cancel left one finished run.
            verdict = runs < m_requestedRepeats ? tr("one run finished: no interval")
                                                : tr("one seed: no interval (set Repeats to 2 or more)");
            break;
        case EvaluateVerdict::NoDifference:
            // Seeds that agree exactly are too few to resolve a difference, not proof of none.
            verdict = d.spreadAtResolution ? tr("no measurable difference (the seeds agree to within one held-out "
                                                "image: run more repeats or more held-out images)")
                                           : tr("no measurable difference");
            break;
        case EvaluateVerdict::Inconclusive:
            verdict = tr("inconclusive: the interval includes 0 but is too wide to rule out a difference of a few "
                         "points (set more Repeats)");
            break;
        case EvaluateVerdict::PolicyBetter:
            verdict = tr("the policy is better");
            break;
        case EvaluateVerdict::BaselineBetter:
            verdict = tr("the baseline is better");
            break;
        case EvaluateVerdict::TooFewHeldOut:
            if (d.mean == 0)
                verdict = tr("no verdict: the arms scored alike on these %1 held-out images, too few to tell them "
                             "apart")
                              .arg(result.heldOutImages);
            else
                verdict = d.mean > 0 ? tr("no verdict: the policy scored higher on these %1 held-out images, too few "
                                          "to call it better")
                                           .arg(result.heldOutImages)
                                     : tr("no verdict: the baseline scored higher on these %1 held-out images, too "
                                          "few to call it better")
                                           .arg(result.heldOutImages);
            break;
        }
        QTableWidgetItem *verdictCell = cell(verdict, Qt::AlignLeft);
        verdictCell->setToolTip(verdict);
        m_table->setItem(row, intervalColumn + 1, verdictCell);
        ++row;
    }
    m_verdictColumn = intervalColumn + 1;
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(m_verdictColumn, QHeaderView::Interactive);
    fitVerdictColumn();
}

void EvaluateDialog::fitVerdictColumn()
{
    // The verdict takes the width the other columns leave and wraps in it, read beside its arm;
    // but never narrower than a few words a line (a Stretch column got 50 px): then the table
    // scrolls sideways. The rows refit to the new width, lower as well as taller.
    if (m_verdictColumn < 0 || m_verdictColumn >= m_table->columnCount())
        return;
    QHeaderView *header = m_table->horizontalHeader();
    int others = 0;
    for (int column = 0; column < m_table->columnCount(); ++column)
        if (column != m_verdictColumn)
            others += header->sectionSize(column);
    const int readable = m_table->fontMetrics().averageCharWidth() * 32;
    header->resizeSection(m_verdictColumn, std::max(readable, m_table->viewport()->width() - others));
    m_table->resizeRowsToContents();
}

void EvaluateDialog::showFailure(const QString &error)
{
    setRunning(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->clear();
    // No curves or legend of arms that never (all) ran, as no result is shown.
    m_plot->setArms({}, {}, m_epochs->value());
    m_message->showMessage(tr("The evaluation failed: %1").arg(error), InlineMessage::Error);
    m_scroll->ensureWidgetVisible(m_message);
    emit evaluationEnded();
}

} // namespace augstudio::ui
