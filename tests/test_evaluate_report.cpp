// The Evaluate dialog's CSV report, from a result made by hand: one row per arm, seed and
// epoch, then the arms' means and the comparisons, every number read back exactly, names with
// commas and quotes quoted, and the verdicts and mean curves it rests on.

#include "EvaluateReport.h"
#include "testsupport/TestSupport.h"

#include <QtTest>

using namespace augstudio;
using namespace augstudio::ui;

namespace {

const QStringList kHeader{"section", "arm",   "kind", "baseline", "seed",    "epoch",
                          "metric",  "value", "std",  "low",      "high",    "verdict"};

// Two policies (one with a comma and quotes in its path) against two baselines, two seeds of
// three epochs each.
EvaluateResult handMadeResult()
{
    EvaluateResult result;
    result.metric = "accuracy";
    result.epochs = 3;
    result.seeds = {7, 8};
    const auto arm = [](std::string name, EvaluateArmKind kind, std::vector<std::vector<double>> curves) {
        EvaluateArmResult a;
        a.name = std::move(name);
        a.kind = kind;
        a.curves = std::move(curves);
        for (const auto &curve : a.curves)
            a.scores.push_back(curve.back());
        return a;
    };
    result.arms = {arm("/runs/a,\"b\"/epoch_2.json", EvaluateArmKind::Policy, {{0.1, 0.5, 0.9}, {0.2, 0.6, 0.8}}),
                   arm("/runs/c/epoch_5.json", EvaluateArmKind::Policy, {{0.1, 0.2, 0.3}, {0.15, 0.25, 0.35}}),
                   arm("none", EvaluateArmKind::Baseline, {{0.1, 0.3, 0.4}, {0.1, 0.2, 0.31}}),
                   arm("flip-shift", EvaluateArmKind::Baseline, {{0.1, 1.0 / 3.0, 0.4}, {0.2, 0.3, 0.45}})};
    for (int p : {0, 1})
        for (int b : {2, 3})
            result.comparisons.push_back({p, b, {}});
    summariseRuns(result);
    return result;
}

double number(const QString &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    return ok ? value : std::nan("");
}

} // namespace

class TestEvaluateReport : public QObject
{
    Q_OBJECT

private slots:
    void everyEpochOfEveryRunIsARow()
    {
        const EvaluateResult result = handMadeResult();
        const QList<QStringList> rows = testsupport::parseCsv(evaluateReportCsv(result));
        QCOMPARE(rows.size(), 1 + 4 * 2 * 3 + 4 + 4);
        QCOMPARE(rows.front(), kHeader);
        for (const QStringList &row : rows)
            QCOMPARE(row.size(), kHeader.size());

        int i = 1;
        for (const EvaluateArmResult &arm : result.arms)
            for (size_t run = 0; run < 2; ++run)
                for (size_t epoch = 0; epoch < 3; ++epoch, ++i) {
                    const QStringList &row = rows[i];
                    QCOMPARE(row[0], QStringLiteral("epoch"));
                    QCOMPARE(row[1], QString::fromStdString(arm.name));
                    QCOMPARE(row[2], QString::fromLatin1(toString(arm.kind)));
                    QCOMPARE(row[3], QString());
                    QCOMPARE(row[4], QString::number(result.seeds[run]));
                    QCOMPARE(row[5].toInt(), int(epoch + 1));
                    QCOMPARE(row[6], QStringLiteral("accuracy"));
                    QCOMPARE(number(row[7]), arm.curves[run][epoch]); // exact: shortest round-trip digits
                    for (int empty = 8; empty < 12; ++empty)
                        QVERIFY(row[empty].isEmpty());
                }
        QCOMPARE(rows[1][1], QStringLiteral("/runs/a,\"b\"/epoch_2.json"));
        // 1/3 is written with every digit it needs, and with '.' whatever the locale.
        QVERIFY(evaluateReportCsv(result).contains("0.3333333333333333"));
    }

    void armsAndComparisonsFollow()
    {
        const EvaluateResult result = handMadeResult();
        const QList<QStringList> rows = testsupport::parseCsv(evaluateReportCsv(result));
        int i = 1 + 4 * 2 * 3;
        for (const EvaluateArmResult &arm : result.arms) {
            const QStringList &row = rows[i++];
            QCOMPARE(row[0], QStringLiteral("arm"));
            QCOMPARE(row[1], QString::fromStdString(arm.name));
            QCOMPARE(row[2], QString::fromLatin1(toString(arm.kind)));
            QVERIFY(row[4].isEmpty() && row[5].isEmpty());
            QCOMPARE(number(row[7]), (arm.scores[0] + arm.scores[1]) / 2);
            QCOMPARE(number(row[8]), arm.stats.std);
            QVERIFY(arm.stats.std > 0);
        }
        // The first policy gains 0.5 and 0.49 on none: better; the second loses 0.1 to
        // flip-shift in both seeds: worse; the other two differ in sign or size over two
        // seeds: undecided, their intervals too wide to rule out a difference of a few points.
        const QStringList verdicts{"policy-better", "inconclusive", "inconclusive", "baseline-better"};
        for (const EvaluateComparison &c : result.comparisons) {
            QCOMPARE(rows[i][11], verdicts[i - (1 + 4 * 2 * 3 + 4)]);
            const QStringList &row = rows[i++];
            QCOMPARE(row[0], QStringLiteral("comparison"));
            QCOMPARE(row[1], QString::fromStdString(result.arms[size_t(c.policyArm)].name));
            QCOMPARE(row[2], QStringLiteral("policy"));
            QCOMPARE(row[3], QString::fromStdString(result.arms[size_t(c.baselineArm)].name));
            const PairedDifference &d = c.difference;
            QVERIFY(d.hasInterval);
            QCOMPARE(number(row[7]), d.mean);
            QCOMPARE(number(row[8]), d.std);
            QCOMPARE(number(row[9]), d.low);
            QCOMPARE(number(row[10]), d.high);
            QCOMPARE(row[11], QString::fromLatin1(verdictCode(verdictOf(d))));
        }
    }

    void oneSeedHasNoInterval()
    {
        EvaluateResult result = handMadeResult();
        result.seeds = {42};
        for (EvaluateArmResult &arm : result.arms) {
            arm.curves.resize(1);
            arm.scores.resize(1);
        }
        summariseRuns(result);
        const QList<QStringList> rows = testsupport::parseCsv(evaluateReportCsv(result));
        QCOMPARE(rows.size(), 1 + 4 * 3 + 4 + 4);
        QCOMPARE(rows[1][4], QStringLiteral("42"));
        const QStringList &comparison = rows.last();
        QCOMPARE(comparison[0], QStringLiteral("comparison"));
        QVERIFY(comparison[9].isEmpty() && comparison[10].isEmpty());
        QCOMPARE(comparison[11], QStringLiteral("no-interval"));
        // No spread either: empty as the CLI's null, not 0.
        for (const QStringList &row : rows.mid(1))
            if (row[0] != QLatin1String("epoch"))
                QVERIFY2(row[8].isEmpty(), qPrintable(row.join(',')));
    }

    void nothingFinishedGivesTheHeaderAlone()
    {
        EvaluateResult result = handMadeResult();
        result.seeds.clear();
        for (EvaluateArmResult &arm : result.arms) {
            arm.curves.clear();
            arm.scores.clear();
        }
        summariseRuns(result);
        QCOMPARE(testsupport::parseCsv(evaluateReportCsv(result)), QList<QStringList>{kHeader});
    }

    void tooFewHeldOutImagesNameNoBetterArm()
    {
        // The same scores on 40 held-out images: the first policy's gain on none still
        // excludes 0 but names no better arm; the others include 0, and on 40 images that is
        // no verdict either.
        EvaluateResult result = handMadeResult();
        result.heldOutImages = 40;
        summariseRuns(result);
        const QList<QStringList> rows = testsupport::parseCsv(evaluateReportCsv(result));
        const QStringList verdicts{"too-few-held-out", "too-few-held-out", "too-few-held-out", "too-few-held-out"};
        for (int c = 0; c < 4; ++c)
            QCOMPARE(rows[1 + 4 * 2 * 3 + 4 + c][11], verdicts[c]);
    }

    void verdictsAsTheCommandLineSaysThem()
    {
        PairedDifference d;
        d.mean = 0.2;
        QCOMPARE(verdictOf(d), EvaluateVerdict::NoInterval);
        d.hasInterval = true;
        d.low = -0.1;
        d.high = 0.5;
        QCOMPARE(verdictOf(d), EvaluateVerdict::Inconclusive);
        d.low = -0.01;
        d.high = 0.02;
        QCOMPARE(verdictOf(d), EvaluateVerdict::NoDifference);
        d.low = 0.05;
        d.high = 0.5;
        QCOMPARE(verdictOf(d), EvaluateVerdict::PolicyBetter);
        d.mean = -0.2;
        d.low = -0.3;
        d.high = -0.1;
        QCOMPARE(verdictOf(d), EvaluateVerdict::BaselineBetter);
        QCOMPARE(QString::fromLatin1(verdictCode(EvaluateVerdict::PolicyBetter)), QStringLiteral("policy-better"));
        QCOMPARE(QString::fromLatin1(verdictCode(EvaluateVerdict::NoDifference)), QStringLiteral("no-difference"));
        QCOMPARE(QString::fromLatin1(verdictCode(EvaluateVerdict::Inconclusive)), QStringLiteral("inconclusive"));
    }

    void severalComparisonsSayWhatChanceDoes()
    {
        // Eight verdicts at 95 % each: one of them "better" by chance is no news.
        EvaluateResult result = handMadeResult();
        const std::string note = comparisonsNote(result);
        QVERIFY2(note.rfind("4 comparisons at 95 % each", 0) == 0 && note.find("one comparison in 20") != std::string::npos,
                 note.c_str());
        result.comparisons.resize(1);
        QVERIFY(comparisonsNote(result).empty());
    }

    void meanCurveAveragesTheRunsPerEpoch()
    {
        const EvaluateResult result = handMadeResult();
        const std::vector<double> mean = meanCurve(result.arms[0]);
        QCOMPARE(mean.size(), size_t(3));
        QVERIFY(std::abs(mean[0] - 0.15) < 1e-15 && std::abs(mean[1] - 0.55) < 1e-15
                && std::abs(mean[2] - 0.85) < 1e-15);
        QVERIFY(meanCurve(EvaluateArmResult{}).empty());
    }

    void savesAtomicallyOrSaysWhy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const EvaluateResult result = handMadeResult();
        const QString path = dir.filePath(QStringLiteral("report.csv"));
        QVERIFY(saveEvaluateReport(result, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), evaluateReportCsv(result));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("report.csv")});

        QString error;
        const QString nowhere = dir.filePath(QStringLiteral("no-such-folder/report.csv"));
        QVERIFY(!saveEvaluateReport(result, nowhere, &error));
        QVERIFY2(error.contains(QStringLiteral("no-such-folder")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEvaluateReport)
#include "test_evaluate_report.moc"
