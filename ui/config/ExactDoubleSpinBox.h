#pragma once

// A spin box that shows and keeps a double as the config holds it (0.0005, 1e-07), where
// QDoubleSpinBox rounds to its decimals: the form must not change the temperature it shows.
// It reads what the user types in their locale or as YAML writes it (0.0005, 5e-4).

#include <QDoubleSpinBox>

#include <optional>

namespace augstudio::ui {

class ExactDoubleSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    explicit ExactDoubleSpinBox(QWidget *parent = nullptr);

    QString textFromValue(double value) const override;
    double valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &position) const override;
    // A tenth of the leading digit's place, as Qt's adaptive step.
    void stepBy(int steps) override;

private:
    std::optional<double> parse(const QString &text) const;
};

} // namespace augstudio::ui
