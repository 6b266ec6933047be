#include "ImageSizeField.h"

#include "ConfigForm.h"
#include "StatusColour.h"
#include "WheelNeedsFocus.h"
#include "config/ImageSizePreset.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace augstudio::ui {

ImageSizeField::ImageSizeField(QWidget *parent)
    : QWidget(parent)
    , m_mode(new QComboBox(this))
    , m_side(new QSpinBox(this))
    , m_stepsLabel(new QLabel(this))
    , m_reason(new QLabel(this))
{
    m_mode->addItem(tr("As they are"), int(ImageSizeMode::AsTheyAre));
    m_mode->addItem(tr("Resize to a square"), int(ImageSizeMode::Resize));
    m_mode->addItem(tr("Longest side, then pad"), int(ImageSizeMode::LongestSidePad));
    m_mode->addItem(tr("Random crop"), int(ImageSizeMode::RandomCrop));
    m_mode->addItem(tr("Custom (YAML tab)"), int(ImageSizeMode::Custom));
    m_mode->setToolTip(ConfigForm::fieldTip(tr("How the images are brought to the size the search trains on"),
                                            QStringLiteral("data.preprocessing")));
    m_mode->setAccessibleName(tr("Image size"));
    // As narrow as the form's other boxes: its longest item would widen the whole dock.
    m_mode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_mode->setMinimumContentsLength(10);
    wheelNeedsFocus(m_mode); // the form scrolls in its panel
    wheelNeedsFocus(m_side);
    m_side->setRange(8, 4096);
    m_side->setValue(224);
    m_side->setSuffix(tr(" px"));
    m_side->setKeyboardTracking(false);
    m_side->setAccessibleName(tr("Image side"));
    m_stepsLabel->setWordWrap(true);
    m_stepsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setWordWrap(true);
    setStatusTone(m_reason, StatusTone::Note);
    m_reason->hide();

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(m_mode, 1);
    row->addWidget(m_side);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_stepsLabel);
    layout->addWidget(m_reason);

    // The form's "Image size:" label names this field; its Alt key and focus go to the mode.
    setFocusProxy(m_mode);

    connect(m_mode, &QComboBox::currentIndexChanged, this, &ImageSizeField::apply);
    connect(m_side, &QSpinBox::valueChanged, this, &ImageSizeField::apply);
    show();
}

void ImageSizeField::setPreprocessing(const std::vector<PreprocessingStep> &steps)
{
    m_steps = steps;
    show();
}

void ImageSizeField::setReason(const QString &reason)
{
    m_reason->setText(reason);
    m_reason->setVisible(!reason.isEmpty());
}

QString ImageSizeField::reason() const
{
    return m_reason->isHidden() ? QString() : m_reason->text();
}

QString ImageSizeField::stepsText() const
{
    return m_stepsLabel->text();
}

void ImageSizeField::apply()
{
    if (m_showing)
        return;
    const auto mode = ImageSizeMode(m_mode->currentData().toInt());
    if (mode == ImageSizeMode::Custom)
        return; // the YAML's own list stays
    m_steps = preprocessingFor({mode, m_side->value()});
    setReason(QString()); // the user's choice now, not the suggestion
    show();
    emit edited();
}

void ImageSizeField::show()
{
    m_showing = true;
    const ImageSizePreset preset = presetOf(m_steps);
    m_mode->setCurrentIndex(m_mode->findData(int(preset.mode)));
    if (preset.side > 0)
        m_side->setValue(preset.side);
    m_side->setEnabled(preset.mode != ImageSizeMode::AsTheyAre && preset.mode != ImageSizeMode::Custom);
    // The steps are transform names, the same in every language; "none" is a word to translate.
    m_stepsLabel->setText(m_steps.empty()
                              ? tr("Preprocessing: none")
                              : tr("Preprocessing: %1").arg(QString::fromStdString(describePreprocessing(m_steps))));
    m_showing = false;
}

} // namespace augstudio::ui
