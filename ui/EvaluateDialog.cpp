#include "EvaluateDialog.h"

#include "EvaluateWorker.h"
#include "InlineMessage.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <limits>

namespace augstudio::ui {

namespace {

QSpinBox *spinBox(int minimum, int maximum, int value)
{
    auto *box = new QSpinBox;
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

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

bool sameFolder(const QString &a, const QString &b)
{
    return QDir::cleanPath(QFileInfo(a).absoluteFilePath()) == QDir::cleanPath(QFileInfo(b).absoluteFilePath());
}

QWidget *withButton(QLineEdit *edit, QPushButton *button)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return row;
}

} // namespace

EvaluateDialog::EvaluateDialog(QWidget *parent)
    : QDialog(parent)
    , m_worker(new EvaluateWorker(this))
    , m_message(new InlineMessage)
    , m_policy(new QLineEdit)
    , m_dataset(new QLineEdit)
    , m_browsePolicy(new QPushButton(tr("Browse…")))
    , m_browseDataset(new QPushButton(tr("Browse…")))
    , m_baseline(new QComboBox)
    , m_progress(new QProgressBar)
    , m_status(new QLabel)
    , m_summary(new QLabel)
    , m_table(new QTableWidget)
    , m_fields(new QWidget)
{
    setWindowTitle(tr("Evaluate Policy"));
    const EvaluateOptions defaults;

    auto *intro = new QLabel(tr("Trains the same small network twice on a training split of the dataset, once "
                                "augmented by the policy and once by a baseline, and compares their accuracy on "
                                "held-out images (mIoU for segmentation)."));
    intro->setWordWrap(true);

    m_policy->setPlaceholderText(tr("An Albumentations JSON policy"));
    m_dataset->setPlaceholderText(tr("The folder of the dataset to train and test on"));
    m_baseline->addItem(tr("Flip and shift (the usual hand-made augmentation)"),
                        QString::fromLatin1(toString(EvaluateBaseline::FlipShift)));
    m_baseline->addItem(tr("None (the policy's preprocessing only)"),
                        QString::fromLatin1(toString(EvaluateBaseline::None)));
    m_epochs = spinBox(1, 1000, defaults.epochs);
    m_trainImages = spinBox(2, 10000000, defaults.trainImages);
    m_heldOutImages = spinBox(1, 10000000, defaults.heldOutImages);
    m_repeats = spinBox(1, 100, defaults.repeats);
    m_repeats->setToolTip(tr("Runs with the seeds seed, seed + 1, …; more than one shows the spread"));
    m_seed = spinBox(0, std::numeric_limits<int>::max(), int(defaults.seed));
    m_seed->setGroupSeparatorShown(false);
    m_seed->setToolTip(tr("Fixes the split of the dataset and the training of the first run"));

    auto *form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    // The labels' accelerators go to the text fields, not to the rows that hold them.
    auto *policyLabel = new QLabel(tr("&Policy file:"));
    policyLabel->setBuddy(m_policy);
    auto *datasetLabel = new QLabel(tr("&Dataset folder:"));
    datasetLabel->setBuddy(m_dataset);
    form->addRow(policyLabel, withButton(m_policy, m_browsePolicy));
    form->addRow(datasetLabel, withButton(m_dataset, m_browseDataset));
    form->addRow(tr("&Baseline:"), m_baseline);
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
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setMinimumHeight(130);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    m_run = buttons->addButton(tr("&Run"), QDialogButtonBox::ActionRole);
    m_run->setToolTip(tr("Train with the policy and with the baseline, and compare"));
    m_cancel = buttons->addButton(tr("&Cancel"), QDialogButtonBox::ActionRole);
    m_cancel->setToolTip(tr("Stop the evaluation after the current batch"));
    m_run->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(intro);
    layout->addWidget(m_fields);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    setMinimumWidth(560);

    connect(m_browsePolicy, &QPushButton::clicked, this, &EvaluateDialog::browsePolicy);
    connect(m_browseDataset, &QPushButton::clicked, this, &EvaluateDialog::browseDataset);
    connect(m_policy, &QLineEdit::textChanged, this, &EvaluateDialog::updateRunButton);
    connect(m_dataset, &QLineEdit::textChanged, this, &EvaluateDialog::updateRunButton);
    connect(m_run, &QPushButton::clicked, this, &EvaluateDialog::run);
    connect(m_cancel, &QPushButton::clicked, this, &EvaluateDialog::cancel);
    connect(buttons, &QDialogButtonBox::rejected, this, &EvaluateDialog::reject);
    connect(m_worker, &EvaluateWorker::progress, this, &EvaluateDialog::showProgress);
    connect(m_worker, &EvaluateWorker::finished, this, &EvaluateDialog::showResult);
    connect(m_worker, &EvaluateWorker::failed, this, &EvaluateDialog::showFailure);
    setRunning(false);
}

EvaluateDialog::~EvaluateDialog()
{
    // The worker (a child) waits for its thread; stop the training first.
    m_worker->cancel();
}

void EvaluateDialog::setPolicyPath(const QString &path)
{
    m_policy->setText(QDir::toNativeSeparators(path));
}

QString EvaluateDialog::policyPath() const
{
    return QDir::fromNativeSeparators(m_policy->text().trimmed());
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

EvaluateOptions EvaluateDialog::options() const
{
    EvaluateOptions options;
    options.policyPath = policyPath().toStdString();
    const QString folder = datasetFolder();
    const QString known = QString::fromStdString(m_datasetConfig.root);
    if (!known.isEmpty() && sameFolder(folder, known))
        options.data.dataset = m_datasetConfig; // keeps the layout and split it was opened with
    options.data.dataset.root = folder.toStdString();
    options.baseline = baselineFromString(m_baseline->currentData().toString().toStdString())
                           .value_or(EvaluateBaseline::FlipShift);
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
    const QString policy = policyPath();
    const QString folder = datasetFolder();
    QString problem;
    if (policy.isEmpty())
        problem = tr("Choose a policy file (an Albumentations JSON) to evaluate.");
    else if (!QFileInfo(policy).isFile())
        problem = tr("The policy file %1 does not exist.").arg(QDir::toNativeSeparators(policy));
    else if (folder.isEmpty())
        problem = tr("Choose the folder of the dataset to train and test on.");
    else if (!QFileInfo(folder).isDir())
        problem = tr("The dataset folder %1 does not exist.").arg(QDir::toNativeSeparators(folder));
    if (!problem.isEmpty()) {
        m_message->showMessage(problem, InlineMessage::Error);
        return false;
    }

    const EvaluateOptions options = this->options();
    if (!m_worker->start(options))
        return false;
    m_requestedRepeats = options.repeats;
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

void EvaluateDialog::reject()
{
    cancel();
    QDialog::reject();
}

void EvaluateDialog::browsePolicy()
{
    const QString start = policyPath().isEmpty() ? QDir::homePath() : policyPath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose a Policy File"), start,
                                                      tr("Albumentations policy (*.json);;All files (*)"));
    if (!path.isEmpty())
        setPolicyPath(path);
}

void EvaluateDialog::browseDataset()
{
    const QString start = datasetFolder().isEmpty() ? QDir::homePath() : datasetFolder();
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Choose a Dataset Folder"), start);
    if (!folder.isEmpty())
        m_dataset->setText(QDir::toNativeSeparators(folder));
}

void EvaluateDialog::setRunning(bool running)
{
    m_fields->setEnabled(!running);
    m_cancel->setEnabled(running && !m_worker->isCancelling());
    updateRunButton();
}

void EvaluateDialog::updateRunButton()
{
    m_run->setEnabled(!m_worker->isRunning() && !policyPath().isEmpty() && !datasetFolder().isEmpty());
}

void EvaluateDialog::showProgress(const EvaluateProgress &p)
{
    const bool policyArm = p.armKind == EvaluateArmKind::Policy;
    const int perArm = std::max(1, p.epochs * p.batches);
    const int done = ((p.repeat - 1) * 2 + (policyArm ? 0 : 1)) * perArm + (p.epoch - 1) * p.batches + p.batch;
    m_progress->setRange(0, std::max(1, p.repeats * 2 * perArm));
    m_progress->setValue(done);
    const QString loss = QLocale().toString(p.loss, 'f', 4);
    const QString text = policyArm
        ? tr("Run %1 of %2 with the policy: epoch %3 of %4, batch %5 of %6, loss %7")
        : tr("Run %1 of %2 with the baseline: epoch %3 of %4, batch %5 of %6, loss %7");
    m_status->setText(text.arg(p.repeat).arg(p.repeats).arg(p.epoch).arg(p.epochs).arg(p.batch).arg(p.batches).arg(loss));
}

QString EvaluateDialog::baselineName(EvaluateBaseline baseline) const
{
    return baseline == EvaluateBaseline::None ? tr("none") : tr("flip and shift");
}

void EvaluateDialog::showResult(const EvaluateResult &result)
{
    setRunning(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(result.cancelled ? 0 : 1);
    const int runs = int(result.runs.size());
    if (result.cancelled) {
        m_status->setText(tr("Cancelled."));
        if (runs > 0)
            m_message->showMessage(tr("Cancelled after %1 of %2 runs; the table shows the finished ones.")
                                       .arg(runs)
                                       .arg(m_requestedRepeats),
                                   InlineMessage::Warning);
    } else {
        m_status->setText(tr("Finished."));
    }
    if (runs == 0) {
        emit evaluationEnded();
        return;
    }

    const QString metric = result.task == Task::Classification ? tr("Accuracy") : tr("mIoU");
    m_summary->setText(tr("%1 classes · %2 training and %3 held-out images · %4×%4 pixels · %5 epoch(s) · %6")
                           .arg(result.numClasses)
                           .arg(result.trainImages)
                           .arg(result.heldOutImages)
                           .arg(result.imageSize)
                           .arg(result.epochs)
                           .arg(QString::fromStdString(result.device)));
    QStringList columns{tr("%1 (mean)").arg(metric), tr("Std")};
    for (const EvaluateRun &run : result.runs)
        columns << tr("Seed %1").arg(run.seed);
    m_table->clear();
    m_table->setColumnCount(columns.size());
    m_table->setRowCount(3);
    m_table->setHorizontalHeaderLabels(columns);
    m_table->setVerticalHeaderLabels(
        {tr("Policy"), tr("Baseline: %1").arg(baselineName(result.baseline)), tr("Difference")});
    m_table->verticalHeaderItem(2)->setToolTip(tr("Policy minus baseline: above zero, the policy helps"));

    const bool spread = runs > 1;
    const QString noSpread = QStringLiteral("–");
    m_table->setItem(0, 0, cell(score(result.policyMean)));
    m_table->setItem(1, 0, cell(score(result.baselineMean)));
    m_table->setItem(2, 0, cell(signedScore(result.differenceMean)));
    m_table->setItem(0, 1, cell(spread ? score(result.policyStd) : noSpread));
    m_table->setItem(1, 1, cell(spread ? score(result.baselineStd) : noSpread));
    m_table->setItem(2, 1, cell(spread ? score(result.differenceStd) : noSpread));
    for (int r = 0; r < runs; ++r) {
        const EvaluateRun &run = result.runs[size_t(r)];
        m_table->setItem(0, 2 + r, cell(score(run.policy)));
        m_table->setItem(1, 2 + r, cell(score(run.baseline)));
        m_table->setItem(2, 2 + r, cell(signedScore(run.policy - run.baseline)));
    }
    emit evaluationEnded();
}

void EvaluateDialog::showFailure(const QString &error)
{
    setRunning(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_status->clear();
    m_message->showMessage(tr("The evaluation failed: %1").arg(error), InlineMessage::Error);
    emit evaluationEnded();
}

} // namespace augstudio::ui
