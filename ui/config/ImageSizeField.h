#pragma once

// The Image size control of the config form: how images are brought to one size before the
// search (as they are, resized, longest side + pad, random crop) and the side in pixels.
// It edits data.preprocessing; a list the YAML tab wrote that is none of these shows as
// Custom, unchanged until the user picks a mode.

#include "config/SearchConfig.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;

namespace augstudio::ui {

class ImageSizeField : public QWidget
{
    Q_OBJECT

public:
    explicit ImageSizeField(QWidget *parent = nullptr);

    // Shows `steps` without emitting edited().
    void setPreprocessing(const std::vector<PreprocessingStep> &steps);
    const std::vector<PreprocessingStep> &preprocessing() const { return m_steps; }
    // One line under the control saying why the preprocessing was filled in ("" hides it).
    void setReason(const QString &reason);
    QString reason() const;

    QComboBox *modeBox() const { return m_mode; }
    QSpinBox *sideBox() const { return m_side; }
    QString stepsText() const;

signals:
    void edited();

private:
    void apply();
    void show();

    std::vector<PreprocessingStep> m_steps;
    QComboBox *m_mode;
    QSpinBox *m_side;
    QLabel *m_stepsLabel;
    QLabel *m_reason;
    bool m_showing = false;
};

} // namespace augstudio::ui
