#pragma once

// A spin box that shows and keeps a double as the config holds it (0.0005, 1e-07), where
// QDoubleSpinBox rounds to its decimals: the form must not change the temperature it shows.

#include "YamlDoubleSpinBox.h"

namespace augstudio::ui {

class ExactDoubleSpinBox : public YamlDoubleSpinBox
{
    Q_OBJECT

public:
    explicit ExactDoubleSpinBox(QWidget *parent = nullptr);

    QString textFromValue(double value) const override;
    // A tenth of the leading digit's place, as Qt's adaptive step.
    void stepBy(int steps) override;
};

} // namespace augstudio::ui
