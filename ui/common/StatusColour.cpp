#include "StatusColour.h"

#include <QEvent>
#include <QPalette>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace augstudio::ui {

namespace {

// Material Design's 800 shades read on light backgrounds, its 200 shades on dark ones.
struct Shades
{
    QColor onLight;
    QColor onDark;
};

Shades shadesOf(StatusTone tone)
{
    switch (tone) {
    case StatusTone::Error:
        return {QColor(0xc6, 0x28, 0x28), QColor(0xef, 0x9a, 0x9a)};
    case StatusTone::Warning:
        return {QColor(0x94, 0x58, 0x00), QColor(0xff, 0xcc, 0x80)};
    case StatusTone::Note:
        break;
    }
    return {QColor(0x15, 0x65, 0xc0), QColor(0x90, 0xca, 0xf9)};
}

double relativeLuminance(const QColor &colour)
{
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

QColor mixed(const QColor &from, const QColor &to, double share)
{
    const auto channel = [share](int a, int b) { return int(std::lround(a + (b - a) * share)); };
    return QColor(channel(from.red(), to.red()), channel(from.green(), to.green()), channel(from.blue(), to.blue()));
}

// Black or white, whichever reads better on `background`.
QColor extremeFor(const QColor &background)
{
    const QColor black(Qt::black);
    const QColor white(Qt::white);
    return contrastRatio(black, background) >= contrastRatio(white, background) ? black : white;
}

const char kToneKeeperName[] = "statusToneKeeper";

// Colours its widget's text in a tone against the widget's own background, again whenever
// the palette changes (a palette set on the widget changes only the text role, so the
// background still follows the parent's).
class ToneKeeper : public QObject
{
public:
    ToneKeeper(QWidget *widget, StatusTone tone)
        : QObject(widget)
        , m_tone(tone)
    {
        setObjectName(QLatin1String(kToneKeeperName));
        widget->installEventFilter(this);
    }

    void setTone(StatusTone tone) { m_tone = tone; }

    void apply(QWidget *widget) const
    {
        QPalette palette = widget->palette();
        const QColor wanted = statusColour(m_tone, palette.color(widget->backgroundRole()));
        if (palette.color(widget->foregroundRole()) == wanted)
            return; // also ends the PaletteChange that setPalette() sends
        palette.setColor(widget->foregroundRole(), wanted);
        widget->setPalette(palette);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::PaletteChange)
            apply(static_cast<QWidget *>(watched));
        return false;
    }

private:
    StatusTone m_tone;
};

ToneKeeper *toneKeeperOf(const QWidget *widget)
{
    return dynamic_cast<ToneKeeper *>(
        widget->findChild<QObject *>(QLatin1String(kToneKeeperName), Qt::FindDirectChildrenOnly));
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = relativeLuminance(a);
    const double lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor statusColour(StatusTone tone, const QColor &background)
{
    const Shades shades = shadesOf(tone);
    const bool darkText = extremeFor(background) == QColor(Qt::black);
    return readableOn(background, darkText ? shades.onLight : shades.onDark);
}

// Moved towards black or white in tenths, so that it keeps as much of its hue as it can (a
// background of middling lightness can leave a shade short of the contrast).
QColor readableOn(const QColor &background, const QColor &preferred)
{
    const QColor extreme = extremeFor(background);
    QColor result = preferred;
    for (int tenths = 1; tenths <= 10 && contrastRatio(result, background) < kReadableContrast; ++tenths)
        result = mixed(preferred, extreme, tenths / 10.0);
    return result;
}

QColor errorLineBackground(const QPalette &palette)
{
    return mixed(palette.color(QPalette::Base), QColor(0xe5, 0x39, 0x35), 0.2);
}

void setStatusTone(QWidget *widget, StatusTone tone)
{
    ToneKeeper *keeper = toneKeeperOf(widget);
    if (keeper)
        keeper->setTone(tone);
    else
        keeper = new ToneKeeper(widget, tone);
    keeper->apply(widget);
}

void clearStatusTone(QWidget *widget)
{
    ToneKeeper *keeper = toneKeeperOf(widget);
    if (!keeper)
        return;
    delete keeper;
    widget->setPalette(QPalette()); // only the keeper set it: all of it follows the parent again
}

} // namespace augstudio::ui
