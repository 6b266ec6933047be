#pragma once

// A plot axis's label that fits its axis: a label longer than the axis runs past the
// widget's edge; elided to the axis's length, it still says what it is.

class QCPAxis;
class QString;

namespace augstudio::ui {

// Sets `whole` on `axis`, elided to the length of its axis rect's side (call after layout).
void setLabelFittingAxis(QCPAxis *axis, const QString &whole);

} // namespace augstudio::ui
