#include "UrlDrops.h"

#include <QAbstractItemView>
#include <QDir>
#include <QDropEvent>
#include <QFileInfo>
#include <QLineEdit>
#include <QMimeData>
#include <QUrl>

#include <algorithm>

namespace augstudio::ui {

namespace {

// Takes the URL drops `accepts` says yes to; refuses the other URL drops, which Qt then
// offers to the parents in turn; leaves plain text to the widget.
class UrlDropFilter : public QObject
{
public:
    using Accepts = std::function<bool(const QMimeData *)>;
    using Take = std::function<void(const QMimeData *)>;

    UrlDropFilter(QObject *parent, Accepts accepts, Take take)
        : QObject(parent)
        , m_accepts(std::move(accepts))
        , m_take(std::move(take))
    {
    }

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        const QEvent::Type type = event->type();
        if (type != QEvent::DragEnter && type != QEvent::DragMove && type != QEvent::Drop)
            return false;
        auto *drop = static_cast<QDropEvent *>(event); // the base of the enter and move events
        if (!drop->mimeData()->hasUrls())
            return false;
        if (!m_accepts(drop->mimeData())) {
            drop->ignore();
            return true;
        }
        drop->acceptProposedAction();
        if (type == QEvent::Drop)
            m_take(drop->mimeData());
        return true;
    }

private:
    Accepts m_accepts;
    Take m_take;
};

void filterDrops(QWidget *widget, UrlDropFilter::Accepts accepts, UrlDropFilter::Take take)
{
    widget->setAcceptDrops(true);
    widget->installEventFilter(new UrlDropFilter(widget, std::move(accepts), std::move(take)));
}

bool hasSuffix(const QString &path, const QStringList &suffixes)
{
    return suffixes.contains(QFileInfo(path).suffix(), Qt::CaseInsensitive);
}

} // namespace

QStringList droppedLocalPaths(const QMimeData *mime)
{
    QStringList paths;
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            return {};
        paths << url.toLocalFile();
    }
    return paths;
}

void takeUrlDrops(QWidget *target, std::function<void(const QMimeData *)> take)
{
    filterDrops(target, [](const QMimeData *) { return true; }, std::move(take));
}

void takeDroppedFolder(QLineEdit *field, std::function<void(const QString &)> taken)
{
    const auto accepts = [field](const QMimeData *mime) {
        const QStringList paths = droppedLocalPaths(mime);
        return !field->isReadOnly() && field->isEnabled() && paths.size() == 1 && QFileInfo(paths.front()).isDir();
    };
    filterDrops(field, accepts, [field, taken = std::move(taken)](const QMimeData *mime) {
        const QString folder = droppedLocalPaths(mime).front();
        field->setText(QDir::toNativeSeparators(folder));
        if (taken)
            taken(folder);
    });
}

void takeDroppedFiles(QAbstractItemView *view, const QStringList &suffixes, std::function<void(const QString &)> taken)
{
    const auto accepts = [view, suffixes](const QMimeData *mime) {
        const QStringList paths = droppedLocalPaths(mime);
        return view->isEnabled() && !paths.isEmpty() && std::all_of(paths.begin(), paths.end(), [&](const QString &path) {
            return QFileInfo(path).isFile() && hasSuffix(path, suffixes);
        });
    };
    // An item view's drops land on its viewport.
    filterDrops(view->viewport(), accepts, [taken = std::move(taken)](const QMimeData *mime) {
        for (const QString &path : droppedLocalPaths(mime))
            taken(path);
    });
}

void passUrlDropsOn(QAbstractScrollArea *editor)
{
    const auto never = [](const QMimeData *) { return false; };
    const auto nothing = [](const QMimeData *) {};
    // The viewport gets the events; the editor itself is filtered too, as Qt passes a refused
    // drop to the parents and the editor is the viewport's.
    editor->viewport()->installEventFilter(new UrlDropFilter(editor->viewport(), never, nothing));
    editor->installEventFilter(new UrlDropFilter(editor, never, nothing));
}

} // namespace augstudio::ui
