#pragma once

// The common search settings as a form. It edits a copy of the config field by field, so
// settings the form does not show (normalisation, a custom preprocessing list, …) pass
// through intact.

#include "config/SearchConfig.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace augstudio::ui {

class ImageSizeField;
class OperationsTable;

class ConfigForm : public QWidget
{
    Q_OBJECT

public:
    explicit ConfigForm(QWidget *parent = nullptr);

    // A field's tooltip: what it means in words, then the YAML key it edits.
    static QString fieldTip(const QString &what, const QString &key);

    // Shows `config` without emitting edited().
    void setConfig(const SearchConfig &config);
    const SearchConfig &config() const { return m_config; }

    // The dataset's channels (1 = grayscale): the operations table shows the colour
    // operations off, a note says why, and colour operations the config lists are dropped
    // from it. Emits nothing; returns whether the config changed.
    bool setDatasetChannels(int channels);
    int datasetChannels() const;
    QString greyNote() const; // the note's text, "" while hidden

    // Fills in data.preprocessing with `steps` when the config has none (or an earlier
    // suggestion), showing `reason` under the Image size control (e.g. "Images are 61–294 px:
    // resized to 224 × 224"). Emits nothing; returns whether the config changed.
    bool suggestPreprocessing(const std::vector<PreprocessingStep> &steps, const QString &reason);

    // Why the form's content cannot be used ("" if it can), e.g. an operation range, or a
    // colour operation (typed into the YAML) on a grayscale dataset.
    QString problem() const;

    QSpinBox *epochsBox() const { return m_epochs; }
    QSpinBox *batchSizeBox() const { return m_batchSize; }
    QSpinBox *subPoliciesBox() const { return m_subPolicies; }
    QSpinBox *stagesBox() const { return m_stages; }
    QSpinBox *chunksBox() const { return m_chunks; }
    QDoubleSpinBox *temperatureBox() const { return m_temperature; }
    QComboBox *taskBox() const { return m_task; }
    QComboBox *architectureBox() const { return m_architecture; }
    QComboBox *deviceBox() const { return m_device; }
    QDoubleSpinBox *seedBox() const { return m_seed; }
    ImageSizeField *imageSizeField() const { return m_imageSize; }
    QSpinBox *imageLimitBox() const { return m_limit; }
    QSpinBox *stepsPerEpochBox() const { return m_stepsPerEpoch; }
    OperationsTable *operationsTable() const { return m_operations; }

signals:
    // The user changed a setting; config() holds the result.
    void edited();
    void problemChanged(const QString &problem);

private:
    void fillArchitectures();
    void fillDevices();
    void showConfig();
    QSpinBox *spinBox(int minimum, int maximum, const QString &tip);

    SearchConfig m_config;
    // In the form's order, top to bottom: created in it, they are tabbed through in it.
    QComboBox *m_task;
    QComboBox *m_architecture;
    QComboBox *m_device;
    QLabel *m_deviceNote;
    ImageSizeField *m_imageSize;
    QSpinBox *m_limit;
    QSpinBox *m_stepsPerEpoch;
    QSpinBox *m_epochs;
    QSpinBox *m_batchSize;
    QSpinBox *m_subPolicies;
    QSpinBox *m_stages;
    QSpinBox *m_chunks;
    QDoubleSpinBox *m_temperature;
    QDoubleSpinBox *m_seed; // a double: the reader's seeds pass an int
    QLabel *m_greyNote;
    OperationsTable *m_operations;
    std::vector<PreprocessingStep> m_suggested; // the last suggestion, replaceable by the next
    bool m_showing = false;
};

} // namespace augstudio::ui
