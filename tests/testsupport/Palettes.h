#pragma once

// For the UI tests: a dark palette, as a desktop's dark colour scheme gives the app, and the
// WCAG 2 contrast ratio to check that text stays readable on it (computed here, apart from
// the app's own helper).

#include <QApplication>
#include <QColor>
#include <QPalette>
#include <QStyle>

#include <algorithm>
#include <cmath>

namespace testsupport {

// Fusion's dark scheme as KDE and the a11y audit apply it.
inline QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(53, 53, 53));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(35, 35, 35));
    p.setColor(QPalette::AlternateBase, QColor(53, 53, 53));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::Button, QColor(53, 53, 53));
    p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    p.setColor(QPalette::Highlight, QColor(42, 130, 218));
    p.setColor(QPalette::HighlightedText, QColor(35, 35, 35));
    p.setColor(QPalette::Mid, QColor(70, 70, 70));
    return p;
}

// The style's own light palette (Fusion's window is #efefef).
inline QPalette lightPalette()
{
    return QApplication::style()->standardPalette();
}

inline double wcagLuminance(const QColor &colour)
{
    const auto linear = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

// 1 (no contrast) to 21 (black on white); WCAG AA asks 4.5 of body text.
inline double wcagContrast(const QColor &a, const QColor &b)
{
    const double la = wcagLuminance(a);
    const double lb = wcagLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace testsupport
