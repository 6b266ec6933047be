// The kill-anywhere soak: augstudio-cli searches are killed with SIGKILL at 20 moments (half
// at random times, half in the middle of a chosen file write: a policy, the checkpoint, a
// metrics.csv row or a TensorBoard record), resumed each time, and after every kill each file
// of the search folder must be readable; the search that finally completes must write the
// policy of an uninterrupted run. Then a full disk: a write that fails ends the search with a
// message naming the file, the last good policy stays, and the search resumes once there is
// room again.

#include "io/Crc32c.h"
#include "search/MetricsCsv.h"
#include "search/SearchFolder.h"
#include "testsupport/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace fs = std::filesystem;

namespace {

using testsupport::readBytes;

constexpr int kEpochs = 4;
constexpr int kKills = 20;

std::uint64_t littleEndian(const std::string &bytes, std::size_t at, int size)
{
    std::uint64_t value = 0;
    for (int i = size - 1; i >= 0; --i)
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    return value;
}

// The complete TFRecords of an event file; throws on a record whose checksums do not match.
// A record cut short at the end (what a kill leaves) is not counted.
int completeRecords(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t at = 0;
    int records = 0;
    while (at + 12 <= bytes.size()) {
        if (littleEndian(bytes, at + 8, 4) != augstudio::maskedCrc32c(bytes.data() + at, 8))
            throw std::runtime_error(path + ": bad length checksum in record " + std::to_string(records));
        const std::uint64_t length = littleEndian(bytes, at, 8);
        if (at + 12 + length + 4 > bytes.size())
            break;
        if (littleEndian(bytes, at + 12 + length, 4) != augstudio::maskedCrc32c(bytes.data() + at + 12, length))
            throw std::runtime_error(path + ": bad data checksum in record " + std::to_string(records));
        at += 12 + length + 4;
        ++records;
    }
    return records;
}

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dataset;
    QByteArray uninterruptedPolicy;

    QStringList search(const QString &output) const
    {
        return testsupport::tinySearchArguments(dataset, output, kEpochs, 5, 8, 3)
               << QStringLiteral("--set") << QStringLiteral("trainer.threads=1");
    }

    static QStringList resume(const QString &output)
    {
        return {QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                QString::number(kEpochs), QStringLiteral("--steps-per-epoch"), QStringLiteral("3")};
    }

    // Starts augstudio-cli with `environment` added to its own.
    static void start(QProcess &process, const QStringList &arguments, const QStringList &environment = {})
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (const QString &entry : environment)
            env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(AUGSTUDIO_CLI), arguments);
    }

    // Every file a search folder holds is whole or, for the append-only logs, whole up to a
    // last line or record that a kill cut short.
    static void verifyReadable(const QString &output)
    {
        const augstudio::SearchFolder folder(output.toStdString());
        for (int epoch : folder.policyEpochs()) {
            const QString policy = QString::fromStdString(folder.policyFile(epoch));
            QVERIFY2(QJsonDocument::fromJson(readBytes(policy)).isObject(), qPrintable(policy));
        }
        if (QFile::exists(QString::fromStdString(folder.latestPolicyFile())))
            QVERIFY(QJsonDocument::fromJson(readBytes(QString::fromStdString(folder.latestPolicyFile()))).isObject());
        if (fs::exists(folder.metricsFile())) {
            try {
                augstudio::readMetricsCsv(folder.metricsFile());
            } catch (const std::exception &e) {
                QFAIL(e.what());
            }
        }
        std::error_code ec;
        for (const auto &entry : fs::directory_iterator(folder.tensorBoardFolder(), ec)) {
            try {
                completeRecords(entry.path().string());
            } catch (const std::exception &e) {
                QFAIL(e.what());
            }
        }
    }

    static QString kindOfFile(const QString &path)
    {
        if (path.endsWith(QLatin1String(".json")))
            return QStringLiteral("policy");
        if (path.endsWith(QLatin1String(".csv")))
            return QStringLiteral("metrics.csv row");
        if (path.contains(QLatin1String("tfevents")))
            return QStringLiteral("TensorBoard record");
        if (path.endsWith(QLatin1String(".pt")))
            return QStringLiteral("checkpoint");
        return QStringLiteral("config");
    }

    // The n-th kill during a write aims at each kind of file in turn, at its first or second
    // write of the run: aimed by kind, so every kind is hit whatever the earlier kills left.
    static QStringList killWhileWriting(int n)
    {
        static const char *const kinds[] = {".json", ".pt", ".csv", "tfevents"};
        return {QStringLiteral("AUGSTUDIO_FAULT_PATHS_CONTAINING=%1").arg(QLatin1String(kinds[n % 4])),
                QStringLiteral("AUGSTUDIO_KILL_AT_WRITE=%1").arg(1 + n / 4 % 2)};
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        dataset = tmp.filePath(QStringLiteral("shapes"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 2, 12, 32);
        const QString output = tmp.filePath(QStringLiteral("uninterrupted"));
        const testsupport::ProgramRun run = testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), search(output), 120000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        uninterruptedPolicy = readBytes(QString::fromStdString(augstudio::SearchFolder(output.toStdString()).policyFile(kEpochs)));
        QVERIFY(!uninterruptedPolicy.isEmpty());
    }

    void killedAnywhereResumesToTheSamePolicy()
    {
        const QString output = tmp.filePath(QStringLiteral("soak"));
        const augstudio::SearchFolder folder(output.toStdString());
        std::mt19937 random(16);
        std::map<QString, int> killedWhileWriting;
        int kills = 0, completed = 0;
        while (kills < kKills) {
            const bool resuming = folder.canResume();
            if (!resuming)
                QDir(output).removeRecursively(); // killed before its first epoch ended: start again
            QProcess process;
            const bool duringWrite = kills % 2 == 0;
            start(process, resuming ? resume(output) : search(output),
                  duringWrite ? killWhileWriting(kills / 2) : QStringList{});
            QVERIFY(process.waitForStarted());
            if (!duringWrite && !process.waitForFinished(std::uniform_int_distribution<int>(50, 2500)(random)))
                ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
            QVERIFY(process.waitForFinished(120000));
            const QString err = QString::fromUtf8(process.readAllStandardError());
            if (process.exitStatus() == QProcess::CrashExit) {
                ++kills;
                const int named = err.indexOf(QLatin1String("killed while writing "));
                if (named >= 0)
                    ++killedWhileWriting[kindOfFile(err.mid(named).section(QLatin1Char('\n'), 0, 0))];
            } else {
                // The search ended before the kill: it must be the uninterrupted run's.
                QVERIFY2(process.exitCode() == 0, qPrintable(err));
                QCOMPARE(readBytes(QString::fromStdString(folder.policyFile(kEpochs))), uninterruptedPolicy);
                ++completed;
                QDir(output).removeRecursively();
            }
            verifyReadable(output);
            if (QTest::currentTestFailed())
                return;
        }
        if (folder.canResume()) {
            const testsupport::ProgramRun last = testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), resume(output), 120000);
            QVERIFY2(last.exitCode == 0, qPrintable(last.err));
        } else {
            const testsupport::ProgramRun last = testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), search(output), 120000);
            QVERIFY2(last.exitCode == 0, qPrintable(last.err));
        }
        verifyReadable(output);
        QCOMPARE(readBytes(QString::fromStdString(folder.policyFile(kEpochs))), uninterruptedPolicy);
        QCOMPARE(readBytes(QString::fromStdString(folder.latestPolicyFile())), uninterruptedPolicy);

        QString tally;
        for (const auto &[kind, count] : killedWhileWriting)
            tally += QStringLiteral(" %1 x%2").arg(kind).arg(count);
        qInfo("%d kills survived, %d searches completed between them; killed while writing:%s", kills, completed,
              qPrintable(tally));
        for (const char *kind : {"policy", "checkpoint", "metrics.csv row", "TensorBoard record"})
            QVERIFY2(killedWhileWriting.count(QLatin1String(kind)), qPrintable(tally));
    }

    void fullDiskNamesTheFileAndResumes()
    {
        const QString output = tmp.filePath(QStringLiteral("full"));
        const augstudio::SearchFolder folder(output.toStdString());
        // Write 30 falls in the third epoch, after two epochs' policies and checkpoint.
        QProcess process;
        start(process, search(output), {QStringLiteral("AUGSTUDIO_FAIL_AT_WRITE=30")});
        QVERIFY(process.waitForFinished(120000));
        const QString err = QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() != 0, qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("No space left on device")), qPrintable(err));
        QVERIFY2(err.contains(output), qPrintable(err)); // the file is named
        verifyReadable(output);
        const std::vector<int> epochs = folder.policyEpochs();
        QVERIFY(!epochs.empty() && epochs.back() < kEpochs);
        QCOMPARE(readBytes(QString::fromStdString(folder.latestPolicyFile())),
                 readBytes(QString::fromStdString(folder.policyFile(epochs.back()))));

        // Room again: the search continues from its last checkpoint to the same policy.
        const testsupport::ProgramRun resumed = testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), resume(output), 120000);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(readBytes(QString::fromStdString(folder.policyFile(kEpochs))), uninterruptedPolicy);
    }

    void fileSizeLimitIsAMessageNotACrash()
    {
        // `ulimit -f` makes the system refuse writes past 64 KiB: the search ends with the
        // file named (no SIGXFSZ), and what it saved before stays readable.
        const QString output = tmp.filePath(QStringLiteral("limited"));
        QStringList arguments = search(output);
        for (QString &argument : arguments)
            argument = QLatin1Char('\'') + argument + QLatin1Char('\'');
        const testsupport::ProgramRun run = testsupport::runProgram(
            QStringLiteral("/bin/sh"),
            {QStringLiteral("-c"), QStringLiteral("ulimit -f 64; exec '%1' %2").arg(QStringLiteral(AUGSTUDIO_CLI), arguments.join(QLatin1Char(' ')))},
            120000);
        QVERIFY2(run.exitCode > 0 && run.exitCode < 128, qPrintable(run.out + run.err)); // an error, not a signal (-1)
        const QString said = run.out + run.err;
        QVERIFY2(said.contains(QLatin1String("File too large")) && said.contains(output), qPrintable(said));
        verifyReadable(output);
    }
};

QTEST_GUILESS_MAIN(TestSoak)
#include "test_soak.moc"
