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

// The first few unsized shifts, as the CLI names them (unsizedShiftsText), and how many more
// in the app's language.
QString shiftsNamed(const ConversionReport &report)
{
    constexpr std::size_t kNamed = kNamedUnsizedShifts;
    QStringList named;
    for (std::size_t i = 0; i < report.unsizedShifts.size() && i < kNamed; ++i)
        named << QString::fromStdString(report.unsizedShifts[i]);
    if (report.unsizedShifts.size() <= kNamed)
        return named.join(QStringLiteral(", "));
    return QCoreApplication::translate("PolicyFiles", "%1 and %n more", nullptr,
                                       int(report.unsizedShifts.size() - kNamed))
        .arg(named.join(QStringLiteral(", ")));
}

// What the conversion of `source` could not know about the image size: a damaged size record
// (`damagedRecord`, core's message naming it), and the fixed shifts converted without a size.
QString imageSizeWarning(const QString &source, const std::string &damagedRecord, const ConversionReport &report)
{
    QStringList lines;
    if (!damagedRecord.empty())
        lines << QString::fromStdString(damagedRecord);
    if (!report.unsizedShifts.empty()) {
        // With a damaged record, the line above has said why the size is unknown.
        const QString text =
            damagedRecord.empty()
                ? QCoreApplication::translate(
                      "PolicyFiles",
                      "%1 does not say the size of the images it was searched on, and its fixed shifts (%2) move "
                      "whole pixels in one Albumentations version and a fraction of the side in the other: they were "
                      "converted as the same fractions and may move a pixel more or less than in the search. A "
                      "search of this version records the size: search again, or convert with augstudio-cli convert "
                      "--image-size.")
                : QCoreApplication::translate(
                      "PolicyFiles",
                      "Without that size, the fixed shifts of %1 (%2) were converted as the same fractions and may "
                      "move a pixel more or less than in the search: convert with augstudio-cli convert --image-size.");
        lines << text.arg(QDir::toNativeSeparators(source), shiftsNamed(report));
    }
    return lines.join(QLatin1Char('\n'));
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
        std::string damagedRecord;
        const ConversionHints hints = conversionHintsOfPolicyFile(source.toStdString(), &damagedRecord);
        ConversionReport report;
        const nlohmann::json converted = convertPolicy(document, target, hints, &report);
        text = converted == document ? bytes.toStdString() : converted.dump(2) + "\n";
        if (warning)
            *warning = imageSizeWarning(source, damagedRecord, report);
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
