#include "AboutDialog.h"

#include "search/TorchRuntime.h"

#include <opencv2/core/version.hpp>

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace augstudio::ui {

namespace {

QString qtVersion()
{
    // The Qt the app runs with, and the one it was built with when they differ.
    const QString running = QString::fromLatin1(qVersion());
    const QString built = QStringLiteral(QT_VERSION_STR);
    return running == built ? running : QStringLiteral("%1 (built with %2)").arg(running, built);
}

} // namespace

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About AugStudio"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/augstudio.png")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *text = new QLabel(this);
    text->setObjectName(QStringLiteral("aboutText"));
    text->setTextFormat(Qt::RichText);
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    text->setOpenExternalLinks(true);
    text->setText(tr("<h3>AugStudio %1</h3><p>Learns image augmentation policies from your own dataset "
                     "with Faster AutoAugment, and saves them as Albumentations JSON files.</p>")
                      .arg(QStringLiteral(AUGSTUDIO_VERSION))
                  + versionsHtml()
                  + QStringLiteral("<p><a href=\"https://augstudio.org\">augstudio.org</a></p>"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("Copy &Versions"), QDialogButtonBox::ActionRole);
    copy->setToolTip(tr("Copy the versions to the clipboard, for a bug report"));
    connect(copy, &QPushButton::clicked, this, [] { QApplication::clipboard()->setText(versionsText()); });
    // Return closes the box: Copy Versions, an auto-default button, had been the default.
    copy->setAutoDefault(false);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addWidget(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    setMinimumWidth(420);
}

QString AboutDialog::versionsText()
{
    return QStringLiteral("AugStudio: %1\nQt: %2\nLibTorch: %3\nOpenCV: %4\nCUDA: %5\n")
        .arg(QStringLiteral(AUGSTUDIO_VERSION), qtVersion(), QString::fromStdString(torchVersion()),
             QStringLiteral(CV_VERSION), cudaAvailable() ? QStringLiteral("available") : QStringLiteral("not available"));
}

QString AboutDialog::versionsHtml()
{
    const QString row = QStringLiteral("<tr><td>%1</td><td>&nbsp;%2</td></tr>");
    return QStringLiteral("<table>") + row.arg(tr("Qt:"), qtVersion().toHtmlEscaped())
        + row.arg(tr("LibTorch:"), QString::fromStdString(torchVersion()).toHtmlEscaped())
        + row.arg(tr("OpenCV:"), QStringLiteral(CV_VERSION))
        + row.arg(tr("CUDA:"), cudaAvailable() ? tr("available") : tr("not available")) + QStringLiteral("</table>");
}

} // namespace augstudio::ui
