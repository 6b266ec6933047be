#include "QuickGuideDialog.h"

#include "AppActions.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace augstudio::ui {

namespace {

QString keyRow(const QString &keys, const QString &what)
{
    return QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;&nbsp;%2</td></tr>").arg(keys.toHtmlEscaped(), what.toHtmlEscaped());
}

// The menu entries with a shortcut, submenus included, in menu order.
void addShortcutRows(const QMenu *menu, QString &rows)
{
    for (const QAction *action : menu->actions()) {
        if (action->menu())
            addShortcutRows(action->menu(), rows);
        else if (!action->shortcut().isEmpty())
            rows += keyRow(action->shortcut().toString(QKeySequence::NativeText), plainActionText(action->text()));
    }
}

} // namespace

QuickGuideDialog::QuickGuideDialog(const QMenuBar *menus, QWidget *parent)
    : QDialog(parent)
    , m_text(new QTextBrowser(this))
{
    setWindowTitle(tr("AugStudio Quick Guide"));
    m_text->setObjectName(QStringLiteral("quickGuideText"));
    m_text->setAccessibleName(tr("Quick guide"));
    m_text->setOpenExternalLinks(true);
    m_text->setHtml(workflowHtml() + keysHtml(menus));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addWidget(buttons);
    const int line = fontMetrics().height();
    resize(38 * line, 34 * line);
}

QString QuickGuideDialog::text() const
{
    return m_text->toPlainText();
}

QString QuickGuideDialog::workflowHtml()
{
    return tr("<h3>From a dataset to a policy</h3><ol>"
              "<li><b>Open a dataset:</b> drop its folder on the window, or File ▸ Open Dataset. Class folders, "
              "MNIST-style IDX files, CIFAR and SVHN as torchvision downloads them, images with a labels CSV, image and mask "
              "pairs, Pascal VOC and Cityscapes "
              "are recognised; "
              "Try the Sample opens Fashion-MNIST.</li>"
              "<li><b>Check the config</b> in the Config panel, on its Settings page or as YAML. An AutoAlbument "
              "search.yaml opens as it is (File ▸ Open Config).</li>"
              "<li><b>Start the search</b> and watch the plot: the losses and the average parameter change. A "
              "banner says when the policy has converged; the Preview shows augmented samples.</li>"
              "<li><b>Keep an epoch:</b> click it on the plot (a running search stops there), or choose it under "
              "Policy in the Search panel.</li>"
              "<li><b>Save the policy</b> for Albumentations 2.x or 1.x, and load it in Python with "
              "<code>albumentations.load(\"policy.json\")</code>.</li>"
              "<li><b>Evaluate it</b> (Search ▸ Evaluate Policy): a small network or ResNet-18 is trained with "
              "the policy and with baselines such as none, flip-shift and trivial-augment, and their held-out "
              "accuracies are compared.</li>"
              "</ol><p>The same search runs without a window: <code>augstudio-cli help</code>, "
              "<code>man augstudio-cli</code>.</p>");
}

QString QuickGuideDialog::keysHtml(const QMenuBar *menus)
{
    QString rows;
    for (const QAction *action : menus->actions())
        if (action->menu())
            addShortcutRows(action->menu(), rows);
    const auto keys = [](QKeyCombination combination) {
        return QKeySequence(combination).toString(QKeySequence::NativeText);
    };
    rows += keyRow(keys(Qt::CTRL | Qt::Key_Tab) + QStringLiteral(", ") + keys(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab),
                   tr("Turn the Config panel's pages"));
    rows += keyRow(keys(QKeyCombination(Qt::Key_F2)), tr("Edit the selected operation's range"));
    rows += keyRow(keys(QKeyCombination(Qt::Key_Tab)), tr("Leave the YAML editor (YAML has no tabs)"));
    rows += keyRow(tr("Alt + underlined letter"), tr("Open a menu, or press a button"));
    return tr("<h3>Keys</h3>") + QStringLiteral("<table>") + rows + QStringLiteral("</table>");
}

} // namespace augstudio::ui
