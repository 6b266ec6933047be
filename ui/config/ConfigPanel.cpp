#include "ConfigPanel.h"

#include "ConfigForm.h"
#include "StatusColour.h"
#include "UrlDrops.h"
#include "config/ConfigTextEdit.h"
#include "config/ConfigWriter.h"
#include "config/DefaultConfigs.h"
#include "io/AtomicFile.h"
#include "io/TextLayout.h"

#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QShortcut>
#include <QStyle>
#include <QTabWidget>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace augstudio::ui {

namespace {

// The CLI's --strict for the app: a settings key, off unless set (no UI of its own).
LoadOptions loadOptions()
{
    LoadOptions options;
    options.strict = QSettings().value(QStringLiteral("config/strictModels"), false).toBool();
    return options;
}

} // namespace

namespace {

QString noteLines(const std::vector<ConfigNote> &notes)
{
    QStringList lines;
    for (const ConfigNote &note : notes)
        lines << QStringLiteral("• ") + QString::fromStdString(describeNote(note)).toHtmlEscaped();
    return lines.join(QStringLiteral("<br>"));
}

// The reader's problems with a config the form made, each by its key: their file name and
// line would be of a text the user never wrote.
QString keyProblems(const ConfigError &error)
{
    QStringList lines;
    for (const ConfigProblem &problem : error.problems)
        lines << QString::fromStdString(problem.keyPath.empty() ? problem.message
                                                                : problem.keyPath + ": " + problem.message);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

ConfigPanel::ConfigPanel(QWidget *parent)
    : QWidget(parent)
    , m_message(new InlineMessage(this))
    , m_tabs(new QTabWidget(this))
    , m_form(new ConfigForm(this))
    , m_yaml(new QPlainTextEdit(this))
    , m_yamlStatus(new QLabel(this))
    , m_parseTimer(new QTimer(this))
{
    m_message->setMaximumLines(8); // a long list of notes leaves the form in view
    auto *formScroll = new QScrollArea(this);
    formScroll->setWidgetResizable(true);
    formScroll->setFrameShape(QFrame::NoFrame);
    formScroll->setFocusPolicy(Qt::NoFocus); // a wrapper, no Tab stop: it scrolls a focused field into view
    formScroll->setWidget(m_form);
    // No minimum width from the form: with large fonts on a small screen it made the window
    // wider than the screen. The window gives the panel its preferredWidth() where it can, and
    // a narrower panel scrolls sideways.
    m_formScroll = formScroll;
    m_tabs->addTab(formScroll, tr("Settings"));

    auto *yamlPage = new QWidget(this);
    auto *yamlLayout = new QVBoxLayout(yamlPage);
    yamlLayout->setContentsMargins(0, 0, 0, 0);
    m_yaml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_yaml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yaml->setTabChangesFocus(true); // YAML forbids tabs for indentation: Tab leaves the editor
    m_yaml->setAccessibleName(tr("YAML config"));
    // A dropped file or folder is opened by the window, not pasted into the config as its URL.
    passUrlDropsOn(m_yaml);
    m_yamlStatus->setWordWrap(true);
    m_yamlStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    yamlLayout->addWidget(m_yaml, 1);
    yamlLayout->addWidget(m_yamlStatus);
    m_tabs->addTab(yamlPage, tr("YAML"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);

    m_parseTimer->setSingleShot(true);
    m_parseTimer->setInterval(parseDelayMs);
    connect(m_parseTimer, &QTimer::timeout, this, &ConfigPanel::parseYaml);
    turnPagesByKeyboard();
    connect(m_yaml, &QPlainTextEdit::textChanged, this, &ConfigPanel::onYamlEdited);
    connect(m_form, &ConfigForm::edited, this, [this] {
        onFormEdited();
        setModified(true);
    });
    connect(m_form, &ConfigForm::problemChanged, this, [this](const QString &problem) {
        if (problem.isEmpty())
            showNotes();
        else
            m_message->showMessage(problem, InlineMessage::Error);
    });

    m_form->setConfig(defaultConfig());
    m_textConfig = defaultConfig();
    setYamlText(QString::fromStdString(defaultConfigYaml()));
    clearYamlError();
}

const SearchConfig &ConfigPanel::config() const
{
    return m_form->config();
}

int ConfigPanel::preferredWidth() const
{
    return m_form->minimumSizeHint().width() + m_formScroll->verticalScrollBar()->sizeHint().width()
           + 2 * m_tabs->style()->pixelMetric(QStyle::PM_DefaultFrameWidth) + contentsMargins().left()
           + contentsMargins().right();
}

void ConfigPanel::setConfig(const SearchConfig &config)
{
    m_parseTimer->stop();
    m_sourceName = QStringLiteral("search.yaml");
    m_filePath.clear();
    m_fileLayout = {};
    m_ignored.clear();
    m_unsupported.clear();
    m_found = {};
    m_setAside.clear();
    m_form->setConfig(config);
    m_textConfig = config;
    setYamlText(config == defaultConfig() ? QString::fromStdString(defaultConfigYaml())
                                          : QString::fromStdString(configToYaml(config)));
    clearYamlError();
    setModified(false);
    showNotes();
    emit configChanged();
}

void ConfigPanel::applyConfig(const SearchConfig &config)
{
    if (showInForm(config))
        setModified(true);
}

bool ConfigPanel::showInForm(const SearchConfig &config)
{
    commitPendingEdits();
    if (config == this->config())
        return false;
    m_form->setConfig(config);
    onFormEdited();
    return true;
}

bool ConfigPanel::loadFile(const QString &path)
{
    m_parseTimer->stop();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_message->showMessage(tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()),
                               InlineMessage::Error);
        return false;
    }
    file.close();
    std::string content;
    try { // text only, and of a config's size: a device or a binary file would fill the editor
        content = readConfigText(path.toStdString());
    } catch (const ConfigError &error) {
        m_message->showMessage(QString::fromStdString(error.what()), InlineMessage::Error);
        return false;
    }
    const QString text = QString::fromStdString(plainText(content, &m_fileLayout));
    m_sourceName = QFileInfo(path).absoluteFilePath();
    m_found = {};
    m_setAside.clear();
    try {
        const LoadedConfig loaded = loadConfigText(content, path.toStdString(), {}, loadOptions());
        m_ignored = loaded.ignored;
        m_unsupported = loaded.unsupported;
        m_form->setConfig(loaded.config);
        m_textConfig = loaded.config;
        m_filePath = m_sourceName;
        rememberFileStamp();
        setYamlText(text);
        clearYamlError();
        setModified(false);
        showNotes();
        emit configChanged();
        return true;
    } catch (const ConfigError &error) {
        m_filePath = m_sourceName; // fixed in the YAML tab, it is saved back here
        rememberFileStamp();
        setYamlText(text);
        showTextError(QString::fromStdString(error.what()), error.line);
        setModified(false);
        m_tabs->setCurrentIndex(1);
        showLine(error.line);
        return false;
    } catch (const std::exception &error) {
        m_message->showMessage(QString::fromStdString(error.what()), InlineMessage::Error);
        return false;
    }
}

bool ConfigPanel::saveFile(const QString &path, QString *error)
{
    commitPendingEdits();
    if (!m_yamlError.isEmpty()) {
        if (error)
            *error = tr("The YAML text has an error; fix it first: %1").arg(m_yamlError);
        return false;
    }
    if (!m_settingsError.isEmpty()) {
        if (error)
            *error = m_settingsError;
        return false;
    }
    if (const QFileInfo existing(path); existing.exists() && !(existing.isWritable() && existing.permission(QFile::WriteOwner))) {
        if (error)
            *error = tr("%1 is read-only; save the config under another name (Save Config As…).")
                         .arg(QDir::toNativeSeparators(path));
        return false;
    }
    try {
        // Relative paths in the text resolve against its file's folder: where that changes,
        // the paths are written so that they still name the same folders.
        const QString target = QFileInfo(path).absoluteFilePath();
        std::string text = m_yaml->toPlainText().toStdString();
        const SearchConfig written = asWritten(config());
        const SearchConfig there = parseConfig(text, target.toStdString(), {}, loadOptions()).config;
        if (there != written)
            text = editConfigText(text, there, written, target.toStdString()).value_or(configToYaml(written));
        writeFileAtomically(path.toStdString(), laidOut(text, m_fileLayout));
        m_sourceName = m_filePath = target;
        rememberFileStamp();
        m_textConfig = written;
        if (QString::fromStdString(text) != m_yaml->toPlainText())
            setYamlText(QString::fromStdString(text));
        setModified(false);
        return true;
    } catch (const std::exception &e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

void ConfigPanel::setDataset(const DatasetConfig &dataset, Task task, int channels)
{
    commitPendingEdits();
    SearchConfig updated = config();
    updated.data.dataset = dataset;
    updated.task = task;
    if (updated == config() && channels == m_form->datasetChannels())
        return;
    // A layout the text names is the one scanned; one it leaves to the app (auto, or a new
    // folder opened) was detected, and auto finds it again.
    if (m_textConfig.data.dataset.layout == "auto" || m_textConfig.data.dataset.root != dataset.root) {
        m_found.root = dataset.root;
        m_found.layout = dataset.layout;
    }
    m_form->setConfig(updated);
    m_form->setDatasetChannels(channels);
    setAsideWhileTextHasError([dataset, task](SearchConfig &config) {
        config.data.dataset = dataset;
        config.task = task;
    });
    writeAppChange();
}

void ConfigPanel::setDevice(const std::string &device)
{
    SearchConfig updated = config();
    updated.trainer.device = device;
    if (showInForm(updated))
        setAsideWhileTextHasError([device](SearchConfig &config) { config.trainer.device = device; });
}

void ConfigPanel::forgetDatasetFacts()
{
    commitPendingEdits();
    const auto forget = [](SearchConfig &config) {
        const SearchConfig defaults = defaultConfig();
        config.classificationModel.numClasses = defaults.classificationModel.numClasses;
        config.segmentationModel.numClasses = defaults.segmentationModel.numClasses;
        config.data.mean = defaults.data.mean;
        config.data.std = defaults.data.std;
        config.data.preprocessing = defaults.data.preprocessing;
    };
    SearchConfig updated = config();
    forget(updated);
    if (updated == config())
        return;
    m_form->setConfig(updated);
    setAsideWhileTextHasError(forget);
    writeAppChange();
}

void ConfigPanel::suggestPreprocessing(const std::vector<PreprocessingStep> &steps, const QString &reason)
{
    commitPendingEdits();
    const bool changed = m_form->suggestPreprocessing(steps, reason);
    m_found.preprocessing = config().data.preprocessing == steps ? steps : std::vector<PreprocessingStep>{};
    if (changed)
        writeAppChange();
}

void ConfigPanel::writeAppChange()
{
    const QString before = m_yaml->toPlainText();
    onFormEdited();
    // A config made in the app has no file to be saved over unasked.
    if (!m_filePath.isEmpty() && m_yaml->toPlainText() != before)
        setModified(true);
}

void ConfigPanel::setAsideWhileTextHasError(ConfigChange change)
{
    if (!m_yamlError.isEmpty())
        m_setAside.push_back(std::move(change));
}

SearchConfig ConfigPanel::asWritten(SearchConfig config) const
{
    DatasetConfig &dataset = config.data.dataset;
    if (m_textConfig.data.dataset.layout == "auto" && dataset.root == m_found.root && dataset.layout == m_found.layout)
        dataset.layout = "auto";
    if (m_textConfig.data.preprocessing.empty() && !m_found.preprocessing.empty()
        && config.data.preprocessing == m_found.preprocessing)
        config.data.preprocessing.clear();
    return config;
}

SearchConfig ConfigPanel::withScanFindings(SearchConfig fromText) const
{
    DatasetConfig &dataset = fromText.data.dataset;
    if (dataset.layout == "auto" && !m_found.root.empty() && dataset.root == m_found.root)
        dataset.layout = m_found.layout;
    // Unless the settings dropped the suggestion meanwhile.
    if (fromText.data.preprocessing.empty() && !m_found.preprocessing.empty()
        && config().data.preprocessing == m_found.preprocessing)
        fromText.data.preprocessing = m_found.preprocessing;
    return fromText;
}

void ConfigPanel::commitPendingEdits()
{
    if (m_parseTimer->isActive()) {
        m_parseTimer->stop();
        parseYaml();
    }
}

QString ConfigPanel::blockingProblem() const
{
    if (!m_yamlError.isEmpty())
        return tr("The YAML config has an error: %1").arg(m_yamlError);
    if (!m_settingsError.isEmpty())
        return m_settingsError;
    if (!m_form->problem().isEmpty())
        return m_form->problem();
    if (!m_unsupported.empty())
        return QString::fromStdString(unsupportedMessage(m_unsupported));
    return {};
}

QString ConfigPanel::messageText() const
{
    return m_message->text();
}

void ConfigPanel::onFormEdited()
{
    if (!m_yamlError.isEmpty()) {
        // A text with an error stays as the user wrote it, the error in view: the change holds
        // in the config in force (the form is locked; the app's own changes are set aside).
        emit configChanged();
        return;
    }
    // The form shows a config that parsed, so the text it writes is the new truth: the
    // user's text with the edited keys changed, or where that cannot be, the config written anew.
    m_parseTimer->stop();
    const SearchConfig written = asWritten(config());
    const std::optional<std::string> edited =
        editConfigText(m_yaml->toPlainText().toStdString(), m_textConfig, written, m_sourceName.toStdString());
    const std::string yaml = edited.value_or(configToYaml(written));
    if (QString::fromStdString(yaml) != m_yaml->toPlainText())
        replaceYamlText(QString::fromStdString(yaml));
    clearYamlError();
    if (!edited)
        m_yamlStatus->setText(tr("Written anew from the settings: this change could not be made in the text as it "
                                 "was, so its comments and the keys AugStudio does not use are gone."));
    m_textConfig = written;
    // The notes now describe the written text: what the config cannot hold is gone from it.
    try {
        const LoadedConfig loaded = parseConfig(yaml, m_sourceName.toStdString(), {}, loadOptions());
        m_ignored = loaded.ignored;
        m_unsupported = loaded.unsupported;
    } catch (const ConfigError &error) {
        // Values each field allows but a rule across keys refuses (batch_size below
        // 2 × num_chunks): the setting keeps its value, and Start stays blocked until it is mended.
        m_ignored.clear();
        showSettingsError(keyProblems(error));
    } catch (const std::exception &error) {
        m_ignored.clear();
        showSettingsError(QString::fromStdString(error.what()));
    }
    showNotes();
    emit configChanged();
}

void ConfigPanel::onYamlEdited()
{
    if (m_settingText)
        return;
    setModified(true);
    m_parseTimer->start();
}

bool ConfigPanel::fileChangedOnDisk() const
{
    const QFileInfo file(m_filePath);
    return !m_filePath.isEmpty() && file.exists() && (file.lastModified() != m_fileModified || file.size() != m_fileSize);
}

void ConfigPanel::rememberFileStamp()
{
    const QFileInfo file(m_filePath);
    m_fileModified = file.lastModified();
    m_fileSize = file.size();
}

void ConfigPanel::setModified(bool modified)
{
    if (modified == m_modified)
        return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

void ConfigPanel::parseYaml()
{
    try {
        const LoadedConfig loaded =
            parseConfig(m_yaml->toPlainText().toStdString(), m_sourceName.toStdString(), {}, loadOptions());
        m_ignored = loaded.ignored;
        m_unsupported = loaded.unsupported;
        m_textConfig = loaded.config;
        clearYamlError();
        SearchConfig inForce = withScanFindings(loaded.config);
        for (const ConfigChange &change : std::exchange(m_setAside, {}))
            change(inForce);
        if (asWritten(inForce) != m_textConfig) { // what was set aside goes into the text now
            m_form->setConfig(inForce);
            writeAppChange();
            return;
        }
        if (inForce != config()) {
            m_form->setConfig(inForce);
            emit configChanged();
        }
        showNotes();
    } catch (const ConfigError &error) {
        showTextError(QString::fromStdString(error.what()), error.line);
    } catch (const std::exception &error) {
        showTextError(QString::fromStdString(error.what()), 0);
    }
}

void ConfigPanel::showTextError(const QString &text, int line)
{
    // An edit in the form cannot go into a text that does not read, and writing the config
    // anew would take the user's comments and typing with it: the text is fixed first.
    m_form->setEnabled(false);
    m_settingsError.clear(); // the text is what is read now
    showYamlError(text, line);
}

void ConfigPanel::showSettingsError(const QString &problems)
{
    // The text holds what the form shows, so it is no error of the text: the form stays open
    // to mend the value, and the YAML tab says the same.
    m_settingsError = tr("A value in the settings cannot be used: %1").arg(problems);
    m_yamlStatus->setText(m_settingsError);
    setStatusTone(m_yamlStatus, StatusTone::Error);
}

void ConfigPanel::setYamlText(const QString &text)
{
    m_settingText = true;
    m_yaml->setPlainText(text);
    m_settingText = false;
}

void ConfigPanel::replaceYamlText(const QString &text)
{
    // The view and the cursor stay where they were: the text may change while the user types.
    const int scrolled = m_yaml->verticalScrollBar()->value();
    const QTextCursor cursor = m_yaml->textCursor();
    const int line = cursor.blockNumber(), column = cursor.positionInBlock();
    // One edit of the document, not setPlainText: Undo in the YAML tab takes a form's change back.
    m_settingText = true;
    QTextCursor whole(m_yaml->document());
    whole.beginEditBlock();
    whole.select(QTextCursor::Document);
    whole.insertText(text);
    whole.endEditBlock();
    m_settingText = false;
    const QTextBlock block = m_yaml->document()->findBlockByNumber(std::min(line, m_yaml->document()->blockCount() - 1));
    QTextCursor restored(block);
    restored.setPosition(block.position() + std::min(column, block.length() - 1));
    m_yaml->setTextCursor(restored);
    m_yaml->verticalScrollBar()->setValue(scrolled);
}

void ConfigPanel::showNotes()
{
    if (!m_yamlError.isEmpty())
        return;
    if (!m_settingsError.isEmpty()) {
        QString text = m_settingsError.toHtmlEscaped(); // "&gt;" is a '>' of the message
        text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        m_message->showMessage(text, InlineMessage::Error, Qt::RichText);
        return;
    }
    if (!m_form->problem().isEmpty()) {
        m_message->showMessage(m_form->problem(), InlineMessage::Error);
        return;
    }
    if (!m_unsupported.empty()) {
        QString text = QString::fromStdString(unsupportedMessage(m_unsupported)).toHtmlEscaped();
        text.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        if (!m_ignored.empty())
            text += QStringLiteral("<br><br>") + tr("Notes:") + QStringLiteral("<br>") + noteLines(m_ignored);
        m_message->showMessage(text, InlineMessage::Error);
    } else if (!m_ignored.empty()) {
        m_message->showMessage(tr("Keys AugStudio reads differently or ignores:") + QStringLiteral("<br>")
                                   + noteLines(m_ignored),
                               InlineMessage::Information);
    } else {
        m_message->clearMessage();
    }
}

void ConfigPanel::showYamlError(const QString &text, int line)
{
    m_yamlError = text;
    m_yamlErrorLine = line;
    // The reader's messages name their file and line ("search.yaml:4: ..."); others get the line.
    const bool named = text.contains(QStringLiteral(":%1:").arg(line));
    const QString where = line > 0 && !named ? tr("Line %1: ").arg(line) : QString();
    m_yamlStatus->setText(where + text);
    setStatusTone(m_yamlStatus, StatusTone::Error);
    QString message = tr("The YAML config has an error (the settings keep the last valid config): %1")
                          .arg(text.toHtmlEscaped()); // "&gt;" is a '>' of the message
    if (!m_form->isEnabledTo(this))
        message += QStringLiteral("<br>") + tr("Fix it in the YAML tab to edit the settings again.").toHtmlEscaped();
    m_message->showMessage(message, InlineMessage::Error, Qt::RichText);
    markErrorLine();
}

void ConfigPanel::showLine(int line)
{
    if (line <= 0 || line > m_yaml->document()->blockCount())
        return;
    m_yaml->setTextCursor(QTextCursor(m_yaml->document()->findBlockByNumber(line - 1)));
    m_yaml->centerCursor();
}

void ConfigPanel::markErrorLine()
{
    QList<QTextEdit::ExtraSelection> marks;
    if (m_yamlErrorLine > 0) {
        // Tinted from the panel's colours (the editor's own follow them only after this panel's
        // PaletteChange), its text readable on the tint in a dark palette too.
        const QColor tint = errorLineBackground(palette());
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(m_yaml->document()->findBlockByNumber(m_yamlErrorLine - 1));
        mark.format.setBackground(tint);
        mark.format.setForeground(readableOn(tint, palette().color(QPalette::Text)));
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
    }
    m_yaml->setExtraSelections(marks);
}

void ConfigPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        markErrorLine();
}

void ConfigPanel::turnPagesByKeyboard()
{
    // Ctrl+Tab and Ctrl+Shift+Tab from every field of the tabs: a combo box took them as text
    // to search its items, so the Settings page could not be left by keyboard.
    const auto turn = [this](int by) {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + by + m_tabs->count()) % m_tabs->count());
    };
    auto *next = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Tab), m_tabs, [turn] { turn(1); });
    auto *previous = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), m_tabs, [turn] { turn(-1); });
    for (QShortcut *shortcut : {next, previous})
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
}

void ConfigPanel::clearYamlError()
{
    m_form->setEnabled(true);
    m_yamlError.clear();
    m_settingsError.clear();
    m_yamlErrorLine = 0;
    m_yamlStatus->setText(tr("In sync with the settings."));
    clearStatusTone(m_yamlStatus); // the palette's own text colour: palette(mid) read at 2:1
    m_yaml->setExtraSelections({});
}

} // namespace augstudio::ui
