#include "ExactDoubleSpinBox.h"

#include <climits>
#include <cmath>

namespace augstudio::ui {

ExactDoubleSpinBox::ExactDoubleSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(INT_MAX); // as many as a double has (323): setValue rounds nothing
}

QString ExactDoubleSpinBox::textFromValue(double value) const
{
    // Fixed while that reads well, else with an exponent, as the YAML writes it (formatNumber).
    const char format = std::fabs(value) >= 1e-5 && std::fabs(value) < 1e15 ? 'f' : 'g';
    QString text = locale().toString(value, format, QLocale::FloatingPointShortest);
    if (!isGroupSeparatorShown())
        text.remove(locale().groupSeparator());
    return text;
}

double ExactDoubleSpinBox::valueFromText(const QString &text) const
{
    return parse(text).value_or(value());
}

QValidator::State ExactDoubleSpinBox::validate(QString &text, int &) const
{
    if (const std::optional<double> number = parse(text); number && *number >= minimum() && *number <= maximum())
        return QValidator::Acceptable;
    // On the way to a number ("", "0.", "5e-"): fixup restores the last value if it stays so.
    const QString allowed = QStringLiteral("0123456789.eE+-") + locale().decimalPoint() + locale().groupSeparator();
    for (const QChar c : text)
        if (!allowed.contains(c))
            return QValidator::Invalid;
    return QValidator::Intermediate;
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

std::optional<double> ExactDoubleSpinBox::parse(const QString &text) const
{
    bool ok = false;
    double number = locale().toDouble(text.trimmed(), &ok);
    if (!ok) // as YAML writes it, 0.0005 in any locale
        number = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok && std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
}

} // namespace augstudio::ui
