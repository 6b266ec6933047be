#include "ExactDoubleSpinBox.h"

#include <climits>
#include <cmath>

namespace augstudio::ui {

ExactDoubleSpinBox::ExactDoubleSpinBox(QWidget *parent)
    : YamlDoubleSpinBox(parent)
{
    setDecimals(INT_MAX); // as many as a double has (323): setValue rounds nothing
}

QString ExactDoubleSpinBox::textFromValue(double value) const
{
    // Fixed while that reads well, else with an exponent, as the YAML writes it (formatNumber);
    // never grouped, as the box reads no group separators.
    const char format = std::fabs(value) >= 1e-5 && std::fabs(value) < 1e15 ? 'f' : 'g';
    return numberLocale().toString(value, format, QLocale::FloatingPointShortest);
}

void ExactDoubleSpinBox::stepBy(int steps)
{
    interpretText(); // a value being typed is the one stepped from
    // 0.05 by 0.001, 0.0005 by 0.00001; below the place when stepping down from its edge
    // (0.001 -> 0.00099).
    const double magnitude = steps < 0 ? value() / 1.01 : value();
    const double step = std::pow(10.0, std::floor(std::log10(magnitude)) - 1);
    // 15 digits: 0.0005 - 0.00001 is 0.00049000000000000004 in binary.
    setValue(QString::number(value() + steps * step, 'g', 15).toDouble());
}

} // namespace augstudio::ui
