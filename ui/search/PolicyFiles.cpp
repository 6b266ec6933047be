#include "PolicyFiles.h"

#include "io/AtomicFile.h"
#include "policy/AlbumentationsFormat.h"
#include "policy/PolicyFile.h"
#include "search/ImageSizeRecord.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSettings>

namespace augstudio::ui {

namespace {

const char *const kTargetKey = "export/albumentations";

// The image size the search of `policyPath` recorded; none for a policy kept elsewhere or a
// search from before the record (a damaged record is as none: the warning below says so).
ConversionHints hintsOfSearchPolicy(const QString &policyPath)
{
    ConversionHints hints;
    if (const auto size = imageSizeOfSearchPolicy(policyPath.toStdString())) {
        hints.imageHeight = size->height;
        hints.imageWidth = size->width;
    }
    return hints;
}

QString unsizedShiftsWarning(const QString &source, const ConversionReport &report)
{
    QStringList paths;
    for (const std::string &path : report.unsizedShifts)
        paths << QString::fromStdString(path);
    return QCoreApplication::translate(
               "PolicyFiles",
               "%1 does not say the size of the images it was searched on, and its fixed shifts (%2) move whole "
               "pixels in one Albumentations version and a fraction of the side in the other: they were converted "
               "as the same fractions and may move a pixel more or less than in the search. A search of this "
               "version records the size: search again, or convert with augstudio-cli convert --image-size.")
        .arg(QDir::toNativeSeparators(source), paths.join(QStringLiteral(", ")));
}

} // namespace

QStringList policyFileFilters()
{
    return {QCoreApplication::translate("PolicyFiles", "Albumentations 2.x policy (*.json)"),
            QCoreApplication::translate("PolicyFiles", "Albumentations 1.x policy, 0.5.2 to 1.4 (*.json)")};
}

AlbumentationsTarget policyTargetOfFilter(const QString &filter)
{
    return filter == policyFileFilters().at(1) ? AlbumentationsTarget::V1 : AlbumentationsTarget::V2;
}

QString policyFilterOfTarget(AlbumentationsTarget target)
{
    return policyFileFilters().at(target == AlbumentationsTarget::V1 ? 1 : 0);
}

AlbumentationsTarget rememberedPolicyTarget()
{
    return QSettings().value(kTargetKey, 2).toInt() == 1 ? AlbumentationsTarget::V1 : AlbumentationsTarget::V2;
}

void rememberPolicyTarget(AlbumentationsTarget target)
{
    QSettings().setValue(kTargetKey, target == AlbumentationsTarget::V1 ? 1 : 2);
}

bool savePolicyFile(const QString &source, const QString &destination, AlbumentationsTarget target, QString *error,
                    QString *warning)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (warning)
        warning->clear();
    QFile file(source);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QCoreApplication::translate("PolicyFiles", "Cannot read %1: %2")
                        .arg(QDir::toNativeSeparators(source), file.errorString()));
    const QByteArray bytes = file.readAll();
    std::string text;
    try {
        const nlohmann::json document = parsePolicyJson(bytes.toStdString(), source.toStdString());
        // A file already as the asked format writes it is copied byte for byte; a 2.x one of an
        // older search gains AlbumentationsX 2.2's argument names.
        ConversionReport report;
        const nlohmann::json converted = convertPolicy(document, target, hintsOfSearchPolicy(source), &report);
        text = converted == document ? bytes.toStdString() : converted.dump(2) + "\n";
        if (warning && !report.unsizedShifts.empty())
            *warning = unsizedShiftsWarning(source, report);
    } catch (const PolicyFileError &e) {
        return fail(QCoreApplication::translate("PolicyFiles", "%1 is not a policy file: %2")
                        .arg(QDir::toNativeSeparators(source), QString::fromStdString(e.reason())));
    } catch (const nlohmann::json::exception &e) {
        return fail(QCoreApplication::translate("PolicyFiles", "%1 is not a policy file: %2")
                        .arg(QDir::toNativeSeparators(source), QString::fromUtf8(e.what())));
    } catch (const std::exception &e) {
        return fail(QDir::toNativeSeparators(source) + QStringLiteral(": ") + QString::fromUtf8(e.what()));
    }
    try {
        writeFileAtomically(destination.toStdString(), text);
    } catch (const std::exception &e) {
        return fail(QString::fromUtf8(e.what())); // it names the destination
    }
    return true;
}

} // namespace augstudio::ui
