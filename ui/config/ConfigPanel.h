#pragma once

// The config dock: a form for the common settings and the whole search.yaml as text,
// kept in sync both ways. A form edit changes the edited keys in the text and nothing else
// (editConfigText: the user's comments, Hydra sections and spelling stay), or writes the
// text anew where that cannot be done; YAML edits are parsed after a short pause and update
// the form, or show the error with its line and leave the text alone. Saving writes the text.

#include "InlineMessage.h"
#include "config/ConfigLoader.h"
#include "io/TextLayout.h"

#include <QDateTime>
#include <QWidget>

#include <functional>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QScrollArea;
class QTabWidget;
class QTimer;

namespace augstudio::ui {

class ConfigForm;

class ConfigPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigPanel(QWidget *parent = nullptr);

    // Replaces the config; the YAML text becomes configToYaml(config), or the commented
    // default file when the config is the default one.
    void setConfig(const SearchConfig &config);
    // The width at which the settings show whole, without scrolling sideways.
    int preferredWidth() const;
    // Changes the config in force as a form edit would (the text keeps what does not change),
    // as the user's own change: "Use a Smaller Search".
    void applyConfig(const SearchConfig &config);
    // Loads an AutoAlbument search.yaml. On an error the file's text is shown in the YAML
    // tab with the error, and the config in force stays; returns false.
    bool loadFile(const QString &path);
    // Writes the YAML text atomically (its relative paths made to mean at `path` what they
    // meant where it was read); false with `error` set if it cannot.
    bool saveFile(const QString &path, QString *error);
    // The file the config was last loaded from or saved to ("" for one made in the app).
    QString filePath() const { return m_filePath; }
    // Whether that file was changed by another program since it was read or written here.
    bool fileChangedOnDisk() const;
    // Whether the user changed the config (form or text) since it was loaded, saved or set.
    bool isModified() const { return m_modified; }

    // The last config that parsed; see yamlError() for a pending error in the text.
    const SearchConfig &config() const;
    // Points the config at a scanned dataset (root, layout, subset), its task and its
    // channels (1 = grayscale: colour operations off). A layout the scan detected is not
    // written into the text (it is what "auto" means there); a change the text takes marks
    // a file's config modified. While the text has an error it stays as it is, and the
    // dataset goes into it once it reads.
    void setDataset(const DatasetConfig &dataset, Task task, int channels = 3);
    // The device this computer was last searched on (a setting of the app, not an edit of
    // the config to be saved).
    void setDevice(const std::string &device);
    // Sets back to the defaults what the config says of one dataset only (its class count,
    // normalization statistics and preprocessing), as when another dataset follows the sample.
    void forgetDatasetFacts();
    // The preprocessing the dataset needs, unless the user chose one (ConfigForm): in force,
    // but not written into a text that leaves it out (the search picks the same).
    void suggestPreprocessing(const std::vector<PreprocessingStep> &steps, const QString &reason);

    // Parses pending YAML edits now instead of after the pause.
    void commitPendingEdits();
    // Why the config cannot be searched with as it stands ("" if it can): a YAML error, form
    // values a rule across keys refuses, an operation range, or requests AugStudio cannot do.
    QString blockingProblem() const;
    QString yamlError() const { return m_yamlError; }
    int yamlErrorLine() const { return m_yamlErrorLine; }
    const std::vector<ConfigNote> &ignoredNotes() const { return m_ignored; }
    const std::vector<ConfigNote> &unsupportedNotes() const { return m_unsupported; }
    QString messageText() const;

    ConfigForm *form() const { return m_form; }
    QPlainTextEdit *yamlEditor() const { return m_yaml; }
    QTabWidget *tabs() const { return m_tabs; }

    static constexpr int parseDelayMs = 400;

signals:
    // The config in force changed (form edit, YAML edit that parsed, load, dataset).
    void configChanged();
    void modifiedChanged(bool modified);

protected:
    void changeEvent(QEvent *event) override;

private:
    // What a scan of the dataset found that the text leaves to the app: the layout of `root`
    // where the text says auto, the preprocessing where it names none.
    struct ScanFindings {
        std::string root;
        std::string layout;
        std::vector<PreprocessingStep> preprocessing;
    };
    using ConfigChange = std::function<void(SearchConfig &)>;

    void onFormEdited();
    // The app's own change of the config in force, written into the text as a form edit is;
    // a change of the user's file all the same, which Save would write, so it is marked.
    void writeAppChange();
    // Keeps an app's change for when the text reads again, if it has an error now.
    void setAsideWhileTextHasError(ConfigChange change);
    // The config as the text says it: the scan's findings left out where the text leaves them.
    SearchConfig asWritten(SearchConfig config) const;
    // A config the text reads as, with the scan's findings where it leaves them to the app.
    SearchConfig withScanFindings(SearchConfig fromText) const;
    // Shows `config` in the form and writes it into the text, as the app's own change (not
    // counted as the user's); false when it is the config already shown.
    bool showInForm(const SearchConfig &config);
    void setModified(bool modified);
    void rememberFileStamp();
    void onYamlEdited();
    void parseYaml();
    void setYamlText(const QString &text);
    // Sets the text in place of the one shown, as the app's own edit of it.
    void replaceYamlText(const QString &text);
    void showNotes();
    void showYamlError(const QString &text, int line);
    // An error of the text itself: the form is locked until clearYamlError.
    void showTextError(const QString &text, int line);
    // The reader's refusal of the config a form edit made, by key; cleared by clearYamlError.
    void showSettingsError(const QString &problems);
    void clearYamlError();
    // Marks the error's line in the editor, in colours from its palette.
    void markErrorLine();
    void showLine(int line); // the cursor at its start, in view: a file opened with an error there
    void turnPagesByKeyboard();

    InlineMessage *m_message;
    QTabWidget *m_tabs;
    QScrollArea *m_formScroll = nullptr;
    ConfigForm *m_form;
    QPlainTextEdit *m_yaml;
    QLabel *m_yamlStatus;
    QTimer *m_parseTimer;
    QString m_sourceName = QStringLiteral("search.yaml");
    QString m_filePath;
    // The file as it was read or written: its line endings and byte-order mark are kept (the
    // editor holds lines), its time and size tell a change by another program.
    TextLayout m_fileLayout;
    QDateTime m_fileModified;
    qint64 m_fileSize = -1;
    SearchConfig m_textConfig; // what the YAML text reads as, while it has no error
    ScanFindings m_found;
    std::vector<ConfigChange> m_setAside; // the app's changes made while the text had an error
    bool m_modified = false;
    QString m_yamlError;
    int m_yamlErrorLine = 0;
    QString m_settingsError; // a rule across keys refuses the form's values; the text holds them
    std::vector<ConfigNote> m_ignored;
    std::vector<ConfigNote> m_unsupported;
    bool m_settingText = false;
};

} // namespace augstudio::ui
