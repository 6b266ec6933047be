#pragma once

// Coloured status text (an error, a warning, a note) that stays readable on the palette in
// force, the default light one or a desktop's dark scheme: each tone has a dark shade for
// light backgrounds and a light one for dark backgrounds, held to WCAG AA (4.5:1).

#include <QColor>

class QPalette;
class QWidget;

namespace augstudio::ui {

enum class StatusTone { Error, Warning, Note };

// The WCAG 2 contrast ratio of two opaque colours: 1 (the same) to 21 (black on white).
double contrastRatio(const QColor &a, const QColor &b);

// The smallest contrast that status text keeps against its background (WCAG AA, body text).
constexpr double kReadableContrast = 4.5;

// The tone's colour for text on `background`, at least kReadableContrast against it.
QColor statusColour(StatusTone tone, const QColor &background);

// `preferred` where it reads on `background`, else `preferred` moved towards black or white
// (whichever reads better) just far enough to read.
QColor readableOn(const QColor &background, const QColor &preferred);

// The background of a line of text that has an error: the palette's base tinted red.
QColor errorLineBackground(const QPalette &palette);

// Shows `widget`'s text (a label's) in the tone's colour on its window colour, and keeps it
// readable when the palette changes.
void setStatusTone(QWidget *widget, StatusTone tone);
// Back to the palette's own text colour.
void clearStatusTone(QWidget *widget);

} // namespace augstudio::ui
