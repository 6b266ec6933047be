#include "SearchPanel.h"

#include "SearchWorkspace.h"
#include "UrlDrops.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

SearchPanel::SearchPanel(const SearchWorkspace *workspace, QWidget *parent)
    : QWidget(parent)
    , m_workspace(workspace)
    , m_output(new QLineEdit(this))
    , m_change(new QPushButton(tr("Change…"), this))
    , m_stopOnPlateau(new QCheckBox(tr("Stop automatically on plateau"), this))
    , m_progress(new QProgressBar(this))
    , m_progressLabel(new QLabel(this))
    , m_selected(new QLabel(this))
    , m_policies(new QComboBox(this))
    , m_save(new QPushButton(tr("Save Policy…"), this))
    , m_log(new QPlainTextEdit(this))
    , m_estimate(new QLabel(this))
    , m_smaller(new QPushButton(tr("Use a Smaller Search"), this))
{
    m_estimate->setWordWrap(true);
    m_smaller->setToolTip(tr("Fewer steps an epoch (trainer.steps_per_epoch), so that the plateau rule can "
                             "answer within an hour; each epoch still draws from the whole dataset"));
    m_smaller->hide();
    auto *outputRow = new QHBoxLayout;
    outputRow->addWidget(m_output, 1);
    m_output->setPlaceholderText(tr("A new folder when the search starts"));
    outputRow->addWidget(m_change);
    m_output->setToolTip(tr("The search writes policy/epoch_<N>.json, metrics.csv, config.yaml and "
                            "checkpoints here. Drop a folder here to choose it; a relative folder is taken "
                            "in your home folder."));
    m_stopOnPlateau->setToolTip(tr("When the average parameter change stops falling, stop the search and "
                                   "keep the suggested epoch. Otherwise AugStudio only tells you."));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progressLabel->setWordWrap(true);
    m_policies->setMinimumContentsLength(10);
    m_policies->setPlaceholderText(tr("choose an epoch"));
    m_policies->setToolTip(tr("The policy files of the finished epochs; choose one here or click the plot"));
    m_policies->setAccessibleName(tr("Policy epoch"));

    auto *policyRow = new QHBoxLayout;
    policyRow->addWidget(m_policies, 1);
    policyRow->addWidget(m_save);

    auto *form = new QFormLayout;
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    // On a row of its own below its label: a folder's path needs the dock's whole width.
    auto *outputLabel = new QLabel(tr("Output folder:"), this);
    outputLabel->setBuddy(m_output);
    form->addRow(outputLabel);
    form->addRow(outputRow);
    form->addRow(tr("Time:"), m_estimate);
    form->addRow(QString(), m_smaller);
    form->addRow(QString(), m_stopOnPlateau);
    form->addRow(tr("Progress:"), m_progress);
    form->addRow(QString(), m_progressLabel);
    // A label of its own: a row given as a layout gets no buddy, and the combo box had no name.
    auto *policyLabel = new QLabel(tr("Policy:"), this);
    policyLabel->setBuddy(m_policies);
    form->addRow(policyLabel, policyRow);
    form->addRow(QString(), m_selected);

    m_log->setReadOnly(true);
    // A Tab stop that shows a caret: the messages can be read, selected and copied by keyboard.
    m_log->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_log->setAccessibleName(tr("Search log"));
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("Messages from the search appear here."));
    // In a scroll area: a short dock scrolls instead of squeezing the wrapped lines (the
    // time estimate, the progress) into slivers.
    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(form);
    layout->addWidget(m_log, 1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // a wrapper, no Tab stop: it scrolls a focused field into view
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_change, &QPushButton::clicked, this, &SearchPanel::changeOutputRequested);
    connect(m_output, &QLineEdit::editingFinished, this, [this] {
        showResolvedOutput();
        emit outputFolderEdited(outputFolder());
    });
    // A dropped folder is chosen as if typed: its path, not its file:// URL, in the field.
    takeDroppedFolder(m_output, [this](const QString &) { emit outputFolderEdited(outputFolder()); });
    connect(m_save, &QPushButton::clicked, this, &SearchPanel::savePolicyRequested);
    connect(m_smaller, &QPushButton::clicked, this, &SearchPanel::smallerSearchRequested);
    connect(m_policies, &QComboBox::activated, this, [this](int index) {
        emit epochChosen(m_policies->itemData(index).toInt());
    });
    connect(m_workspace, &SearchWorkspace::policyEpochsChanged, this, &SearchPanel::showPolicyEpochs);
    connect(m_workspace, &SearchWorkspace::selectedEpochChanged, this, &SearchPanel::showSelectedEpoch);
    showPolicyEpochs(m_workspace->policyEpochs());
    showState(tr("Ready."));
}

void SearchPanel::setOutputFolder(const QString &folder)
{
    m_output->setText(QDir::toNativeSeparators(folder));
    m_output->setCursorPosition(m_output->text().size()); // its end shows: the folder's own name
}

QString SearchPanel::outputFolder() const
{
    return resolveOutputFolder(m_output->text());
}

QString SearchPanel::resolveOutputFolder(const QString &text)
{
    QString path = QDir::fromNativeSeparators(text.trimmed());
    if (path.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        const QUrl url(path);
        if (url.isLocalFile())
            path = url.toLocalFile();
    }
    if (path.isEmpty())
        return path;
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        path = QDir::homePath() + path.mid(1);
    // Against the home folder, which the field then shows, not the working folder nobody sees.
    return QDir::cleanPath(QDir::home().absoluteFilePath(path));
}

void SearchPanel::showResolvedOutput()
{
    const QString typed = QDir::fromNativeSeparators(m_output->text().trimmed());
    const QString folder = outputFolder();
    if (typed == folder)
        return;
    const bool relative = !typed.startsWith(QLatin1Char('~')) && QDir::isRelativePath(typed)
                          && !typed.startsWith(QLatin1String("file:"), Qt::CaseInsensitive);
    setOutputFolder(folder);
    if (relative)
        appendLog(tr("The output folder “%1” is relative: it is taken in your home folder, as %2.")
                      .arg(QDir::toNativeSeparators(typed), QDir::toNativeSeparators(folder)));
}

void SearchPanel::setOutputEditable(bool editable)
{
    m_output->setReadOnly(!editable);
    m_change->setEnabled(editable);
}

void SearchPanel::showStarted(const SearchStartInfo &info)
{
    m_info = info;
    m_paused = false;
    // The bar is of the whole search: a continued one starts where the last one stopped.
    showFraction(double(info.firstEpoch - 1) / std::max(1, info.maxEpochs));
    m_lastStepText = tr("Epoch %1/%2 starting on %3 (%4 steps an epoch, batch %5, %6 threads)")
                         .arg(info.firstEpoch)
                         .arg(info.maxEpochs)
                         .arg(QString::fromStdString(info.device))
                         .arg(info.stepsPerEpoch)
                         .arg(info.batchSize)
                         .arg(info.threads);
    m_lastEta.clear();
    m_progressLabel->setText(m_lastStepText);
}

void SearchPanel::showStep(const StepMetrics &m)
{
    const double total = double(std::max(1, m_info.maxEpochs)) * std::max(1, m.stepsPerEpoch);
    showFraction((double(m.epoch - 1) * m.stepsPerEpoch + m.stepInEpoch) / total);
    m_lastStepText = tr("Epoch %1/%2 · step %3/%4 · %5 images/s")
                         .arg(m.epoch)
                         .arg(m_info.maxEpochs)
                         .arg(m.stepInEpoch)
                         .arg(m.stepsPerEpoch)
                         .arg(m.imagesPerSecond, 0, 'f', m.imagesPerSecond < 10 ? 1 : 0);
    m_lastEta = formatDuration(m.etaSeconds);
    // A paused search has no time left to tell: its ETA would stand still while the clock runs.
    m_progressLabel->setText(m_paused ? tr("Paused. %1").arg(m_lastStepText) : runningText());
}

void SearchPanel::showPaused(bool paused)
{
    m_paused = paused;
    m_progressLabel->setText(paused ? tr("Paused (after the current step). %1").arg(m_lastStepText) : runningText());
}

QString SearchPanel::runningText() const
{
    return m_lastEta.isEmpty() ? m_lastStepText : tr("%1 · ETA %2").arg(m_lastStepText, m_lastEta);
}

void SearchPanel::showFinished(const SearchOutcome &outcome)
{
    QString text;
    switch (outcome.reason) {
    case SearchEndReason::Finished:
        text = tr("Finished after epoch %1.").arg(outcome.lastEpoch);
        m_progress->setValue(1000);
        m_progress->setFormat(QStringLiteral("100%"));
        break;
    case SearchEndReason::Stopped: {
        // Stopped by a click on an earlier epoch: that one is the policy in hand.
        const int selected = m_workspace->selectedEpoch();
        if (outcome.lastEpoch <= 0)
            text = tr("Stopped before the first epoch ended; no policy was saved.");
        else if (selected > 0 && selected != outcome.lastEpoch)
            text = tr("Stopped after epoch %1; the policy of epoch %2 is selected.").arg(outcome.lastEpoch).arg(selected);
        else
            text = tr("Stopped; the policy of epoch %1 is saved.").arg(outcome.lastEpoch);
        break;
    }
    case SearchEndReason::Failed:
        text = tr("The search failed: %1").arg(QString::fromStdString(outcome.message));
        m_progress->reset(); // one that failed to start left the previous search's bar
        break;
    }
    m_progressLabel->setText(text);
    appendLog(text);
}

void SearchPanel::showState(const QString &text)
{
    m_progressLabel->setText(text);
}

void SearchPanel::showOpened(int epochsDone, int maxEpochs)
{
    showFraction(maxEpochs > 0 ? double(epochsDone) / maxEpochs : 0.0);
    m_progressLabel->setText(tr("%1 of %2 epochs searched.").arg(epochsDone).arg(maxEpochs));
}

void SearchPanel::showFraction(double done)
{
    done = std::clamp(done, 0.0, 1.0);
    m_progress->setValue(int(std::lround(1000 * done)));
    m_progress->setFormat(QStringLiteral("%1%").arg(int(100 * done)));
}

void SearchPanel::appendLog(const QString &text)
{
    m_log->appendPlainText(text);
}

void SearchPanel::showPolicyEpochs(const QList<int> &epochs)
{
    m_policies->clear();
    for (int epoch : epochs)
        m_policies->addItem(tr("epoch %1").arg(epoch), epoch);
    m_policies->setEnabled(!epochs.isEmpty());
    if (epochs.isEmpty())
        m_policies->addItem(tr("no policy yet"), 0);
    showSelectedEpoch(m_workspace->selectedEpoch());
}

void SearchPanel::showSelectedEpoch(int epoch)
{
    m_selected->setText(epoch > 0 ? tr("Selected policy: epoch %1").arg(epoch) : tr("Selected policy: none"));
    if (m_policies->isEnabled())
        m_policies->setCurrentIndex(m_policies->findData(epoch)); // -1 (placeholder) when none
    m_save->setEnabled(epoch > 0);
}

QString SearchPanel::progressText() const
{
    return m_progressLabel->text();
}

int SearchPanel::progressPercent() const
{
    return m_progress->value() / 10;
}

QString SearchPanel::selectedPolicyText() const
{
    return m_selected->text();
}

QString SearchPanel::logText() const
{
    return m_log->toPlainText();
}

void SearchPanel::showEstimate(const SearchTimeEstimate &estimate, bool offerSmaller)
{
    m_estimate->setText(estimate.verdictWithinSearch() ? verdictEstimateText(estimate)
                                                       : shortSearchEstimateText(estimate));
    m_smaller->setVisible(offerSmaller);
}

QString SearchPanel::verdictEstimateText(const SearchTimeEstimate &estimate)
{
    // Two texts rather than "%n step(s)": the English source has no plural forms of its own.
    const QString perEpoch = formatDuration(estimate.secondsPerEpoch);
    const QString toVerdict = formatDuration(estimate.secondsToVerdict);
    if (estimate.stepsPerEpoch == 1)
        return tr("About %1 an epoch (1 step); the plateau rule can answer after epoch %2 at the earliest: about %3.")
            .arg(perEpoch)
            .arg(estimate.epochsToVerdict)
            .arg(toVerdict);
    return tr("About %1 an epoch (%2 steps); the plateau rule can answer after epoch %3 at the earliest: about %4.")
        .arg(perEpoch)
        .arg(estimate.stepsPerEpoch)
        .arg(estimate.epochsToVerdict)
        .arg(toVerdict);
}

QString SearchPanel::shortSearchEstimateText(const SearchTimeEstimate &estimate)
{
    // The search ends before the rule has the epochs it needs: its own length is the wait.
    const QString perEpoch = formatDuration(estimate.secondsPerEpoch);
    const QString whole = formatDuration(estimate.secondsOfSearch);
    if (estimate.stepsPerEpoch == 1)
        return tr("About %1 an epoch (1 step); the whole search, to epoch %2: about %3. The plateau rule cannot "
                  "answer by epoch %2: it can after epoch %4 at the earliest.")
            .arg(perEpoch)
            .arg(estimate.maxEpochs)
            .arg(whole)
            .arg(estimate.epochsToVerdict);
    return tr("About %1 an epoch (%2 steps); the whole search, to epoch %3: about %4. The plateau rule cannot "
              "answer by epoch %3: it can after epoch %5 at the earliest.")
        .arg(perEpoch)
        .arg(estimate.stepsPerEpoch)
        .arg(estimate.maxEpochs)
        .arg(whole)
        .arg(estimate.epochsToVerdict);
}

void SearchPanel::showEstimateText(const QString &text)
{
    m_estimate->setText(text);
    m_smaller->hide();
}

QString SearchPanel::estimateText() const
{
    return m_estimate->text();
}

QString SearchPanel::formatDuration(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        return QStringLiteral("—");
    const qint64 s = qint64(std::llround(seconds));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace augstudio::ui
