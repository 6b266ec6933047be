#pragma once

// Spin boxes and combo boxes take the mouse wheel only once focused. Inside a scrolling panel
// or dialog a wheel turned to scroll it changed whichever field passed under the pointer (an
// epoch count, a batch size) without a word; unfocused, the wheel scrolls the panel instead.

class QWidget;

namespace augstudio::ui {

// Gives `field` Qt::StrongFocus (a click or Tab, not the wheel, focuses it) and lets the wheel
// pass on to its parents while it has no focus.
void wheelNeedsFocus(QWidget *field);

} // namespace augstudio::ui
