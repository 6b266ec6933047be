#include "EvaluateReport.h"

#include <QCoreApplication>
#include <QDir>
#include <QLocale>
#include <QSaveFile>
#include <QStringList>

#include <algorithm>

namespace augstudio::ui {

namespace {

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled (policy
// paths may hold any of them).
QString field(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n'))
        && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

struct Row
{
    QString section, arm, kind, baseline, seed, epoch, metric, value, std, low, high, verdict;

    QString line() const
    {
        const QStringList fields{section, arm, kind, baseline, seed, epoch, metric, value, std, low, high, verdict};
        QStringList escaped;
        for (const QString &f : fields)
            escaped << field(f);
        return escaped.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
};

} // namespace

std::vector<double> meanCurve(const EvaluateArmResult &arm)
{
    std::size_t epochs = 0;
    for (const std::vector<double> &curve : arm.curves)
        epochs = std::max(epochs, curve.size());
    std::vector<double> mean(epochs, 0.0);
    for (std::size_t e = 0; e < epochs; ++e) {
        int n = 0;
        for (const std::vector<double> &curve : arm.curves)
            if (e < curve.size()) {
                mean[e] += curve[e];
                ++n;
            }
        mean[e] /= std::max(1, n);
    }
    return mean;
}

QByteArray evaluateReportCsv(const EvaluateResult &result)
{
    const QString metric = QString::fromStdString(result.metric);
    QString csv = QStringLiteral("section,arm,kind,baseline,seed,epoch,metric,value,std,low,high,verdict\n");
    for (const EvaluateArmResult &arm : result.arms) {
        const QString name = QString::fromStdString(arm.name);
        const QString kind = QString::fromLatin1(toString(arm.kind));
        for (std::size_t run = 0; run < arm.curves.size() && run < result.seeds.size(); ++run)
            for (std::size_t epoch = 0; epoch < arm.curves[run].size(); ++epoch) {
                Row row;
                row.section = QStringLiteral("epoch");
                row.arm = name;
                row.kind = kind;
                row.seed = QString::number(result.seeds[run]);
                row.epoch = QString::number(epoch + 1);
                row.metric = metric;
                row.value = number(arm.curves[run][epoch]);
                csv += row.line();
            }
    }
    if (result.runCount() == 0)
        return csv.toUtf8(); // nothing finished: no means to report
    // One run has no spread: empty, as the table's "–" and the CLI's null, not a measured 0.
    const bool spread = result.runCount() > 1;
    for (const EvaluateArmResult &arm : result.arms) {
        Row row;
        row.section = QStringLiteral("arm");
        row.arm = QString::fromStdString(arm.name);
        row.kind = QString::fromLatin1(toString(arm.kind));
        row.metric = metric;
        row.value = number(arm.stats.mean);
        if (spread)
            row.std = number(arm.stats.std);
        csv += row.line();
    }
    for (const EvaluateComparison &comparison : result.comparisons) {
        const PairedDifference &d = comparison.difference;
        Row row;
        row.section = QStringLiteral("comparison");
        row.arm = QString::fromStdString(result.arms[std::size_t(comparison.policyArm)].name);
        row.kind = QString::fromLatin1(toString(EvaluateArmKind::Policy));
        row.baseline = QString::fromStdString(result.arms[std::size_t(comparison.baselineArm)].name);
        row.metric = metric;
        row.value = number(d.mean);
        if (spread)
            row.std = number(d.std);
        if (d.hasInterval) {
            row.low = number(d.low);
            row.high = number(d.high);
        }
        row.verdict = QString::fromLatin1(verdictCode(verdictOf(d)));
        csv += row.line();
    }
    return csv.toUtf8();
}

bool saveEvaluateReport(const EvaluateResult &result, const QString &path, QString *error)
{
    QSaveFile file(path);
    const QByteArray bytes = evaluateReportCsv(result);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    if (error)
        *error = QCoreApplication::translate("EvaluateReport", "Cannot write %1: %2")
                     .arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

} // namespace augstudio::ui
