#pragma once

// Help ▸ About AugStudio: what the app does, and the versions of the libraries it runs on
// (Qt, LibTorch, OpenCV) and whether CUDA is available, which a bug report needs.

#include <QDialog>

namespace augstudio::ui {

class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // One "name: version" line per library, in English, for bug reports (Copy puts it on
    // the clipboard).
    static QString versionsText();

private:
    static QString versionsHtml();
};

} // namespace augstudio::ui
