#pragma once

// A spin box for the config's doubles that reads what the user types in their locale or as
// YAML writes it (0.0005, 5e-4).

#include <QDoubleSpinBox>

#include <optional>

namespace augstudio::ui {

// Reads a number as the locale writes it or as YAML does: a dot is always a decimal point
// ("0.123" is not 123 in German, where the dot also groups thousands), a German comma works
// too, and nothing groups thousands. What is shown is QDoubleSpinBox's, to its decimals.
class YamlDoubleSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    using QDoubleSpinBox::QDoubleSpinBox;

    double valueFromText(const QString &text) const override;
    QValidator::State validate(QString &text, int &position) const override;
    // Leaves the text as typed: QDoubleSpinBox's drops the group separator, the German dot.
    void fixup(QString &input) const override;

protected:
    // The widget's locale, without group separators both ways.
    QLocale numberLocale() const;

private:
    std::optional<double> parse(const QString &text) const;
};

} // namespace augstudio::ui
