#pragma once

// Files and folders dragged from a file manager arrive as file:// URLs, which QLineEdit and
// QPlainTextEdit insert as text by default (an output field read "file:///tmp/out", and a
// search wrote to <cwd>/file:/tmp/out). These make a widget take such a drop as the paths it
// means, or leave it to the widgets around it (the window opens it).

#include <QStringList>

#include <functional>

class QAbstractItemView;
class QAbstractScrollArea;
class QLineEdit;
class QMimeData;
class QWidget;

namespace augstudio::ui {

// The local paths of the dropped URLs, in order; empty where there is none or one is not local.
QStringList droppedLocalPaths(const QMimeData *mime);

// Any URL drop on `target` (a floating dock, which no window behind takes it from) goes to `take`.
void takeUrlDrops(QWidget *target, std::function<void(const QMimeData *)> take);

// A single dropped folder replaces `field`'s text with its path, then `taken` has it. Other
// URL drops are not the field's: they go on to the widgets around it. Plain text still inserts.
void takeDroppedFolder(QLineEdit *field, std::function<void(const QString &)> taken = {});

// Dropped files with one of `suffixes` ("json") go to `taken`, one by one.
void takeDroppedFiles(QAbstractItemView *view, const QStringList &suffixes,
                      std::function<void(const QString &)> taken);

// URL drops on `editor` go on to the widgets around it instead of becoming text; plain text
// is still inserted.
void passUrlDropsOn(QAbstractScrollArea *editor);

} // namespace augstudio::ui
