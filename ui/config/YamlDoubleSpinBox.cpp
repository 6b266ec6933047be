#include "YamlDoubleSpinBox.h"

#include <cmath>

namespace augstudio::ui {

namespace {

// A locale that neither writes nor reads group separators: these are YAML values, nobody
// groups a temperature's thousands, and in German the group separator is the dot.
QLocale withoutGroups(QLocale locale)
{
    locale.setNumberOptions(locale.numberOptions() | QLocale::OmitGroupSeparator | QLocale::RejectGroupSeparator);
    return locale;
}

} // namespace

double YamlDoubleSpinBox::valueFromText(const QString &text) const
{
    // Rounded to the decimals shown, as setValue rounds.
    if (const std::optional<double> number = parse(text))
        return QString::number(*number, 'f', decimals()).toDouble();
    return value();
}

QValidator::State YamlDoubleSpinBox::validate(QString &text, int &) const
{
    if (const std::optional<double> number = parse(text); number && *number >= minimum() && *number <= maximum())
        return QValidator::Acceptable;
    // On the way to a number ("", "0.", "5e-"): the last value comes back if it stays so.
    // The locale's own digits and signs too (Arabic digits, Swedish minus), as QDoubleSpinBox.
    QString allowed = QStringLiteral("0123456789.eE+-") + locale().decimalPoint() + locale().negativeSign()
        + locale().positiveSign();
    for (int digit = 0; digit < 10; ++digit)
        allowed += locale().toString(digit);
    for (const QChar c : text)
        if (!allowed.contains(c))
            return QValidator::Invalid;
    return QValidator::Intermediate;
}

void YamlDoubleSpinBox::fixup(QString &) const
{
}

QLocale YamlDoubleSpinBox::numberLocale() const
{
    return withoutGroups(locale());
}

std::optional<double> YamlDoubleSpinBox::parse(const QString &text) const
{
    bool ok = false;
    double number = numberLocale().toDouble(text.trimmed(), &ok);
    if (!ok) // as YAML writes it, 0.0005 in any locale
        number = withoutGroups(QLocale::c()).toDouble(text.trimmed(), &ok);
    return ok && std::isfinite(number) ? std::optional<double>(number) : std::nullopt;
}

} // namespace augstudio::ui
