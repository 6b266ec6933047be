// A search on several processes (`augstudio-cli search --nproc 2`, Gloo over the loopback):
// one output folder written by rank 0, the ranks' parameters bitwise alike, the same policy
// for the same seed, a resume that equals an uninterrupted run, and a worker that dies or
// hangs ending the whole search in bounded time with the rank named.

#include "testsupport/TestSupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <filesystem>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

using testsupport::readBytes;
using Run = testsupport::ProgramRun;

// A loopback port nothing listens on now.
int freeLoopbackPort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
                       && ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &size) == 0;
    ::close(fd);
    return bound ? ntohs(address.sin_port) : 0;
}

// Another search's lock on `folder` (a flock on the folder itself, as FolderLock takes it),
// held while this lives; taken() is false where another process holds it already.
class OtherSearchLock
{
public:
    explicit OtherSearchLock(const QString &folder)
        : m_fd(::open(QFile::encodeName(folder).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC))
    {
        m_taken = m_fd >= 0 && ::flock(m_fd, LOCK_EX | LOCK_NB) == 0;
    }
    ~OtherSearchLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    OtherSearchLock(const OtherSearchLock &) = delete;
    OtherSearchLock &operator=(const OtherSearchLock &) = delete;
    bool taken() const { return m_taken; }

private:
    int m_fd = -1;
    bool m_taken = false;
};

// One process of a search started as torchrun starts them: by its environment.
void startRank(QProcess &process, int rank, int worldSize, int port, const QStringList &arguments)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RANK"), QString::number(rank));
    environment.insert(QStringLiteral("LOCAL_RANK"), QString::number(rank));
    environment.insert(QStringLiteral("WORLD_SIZE"), QString::number(worldSize));
    environment.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
    environment.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(AUGSTUDIO_CLI), arguments);
}

} // namespace

class TestDistributed : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dataset;
    QString uninterruptedDigest; // of epoch 2 in the first search

    static Run run(const QStringList &arguments, int timeoutMs = 180000)
    {
        return testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), arguments, timeoutMs);
    }

    // test_cli's tiny search with twice its batch: two shares of 8, halves of 4 as there.
    QStringList tinySearch(const QString &output, int epochs) const
    {
        return testsupport::tinySearchArguments(dataset, output, epochs, 3, 16, 2) << QStringLiteral("--nproc")
                                                                                   << QStringLiteral("2");
    }

    // A search of 500 epochs on two processes into `output`, stopped by the test; whether it started.
    bool startLongSearch(QProcess &launcher, const QString &output, const QStringList &extra = {}) const
    {
        launcher.setProcessChannelMode(QProcess::SeparateChannels);
        launcher.start(QStringLiteral(AUGSTUDIO_CLI), tinySearch(output, 500) + extra);
        return launcher.waitForStarted();
    }

    static QString policyOf(const QString &output, int epoch)
    {
        return testsupport::searchFiles(output).policy(epoch);
    }

    // "rank R epoch E parameter digest H" lines (AUGSTUDIO_PARAMETER_DIGEST): epoch -> rank -> digest.
    static QMap<int, QMap<int, QString>> digests(const QString &err)
    {
        QMap<int, QMap<int, QString>> found;
        static const QRegularExpression line(QStringLiteral("rank (\\d+) epoch (\\d+) parameter digest ([0-9a-f]+)"));
        auto matches = line.globalMatch(err);
        while (matches.hasNext()) {
            const auto match = matches.next();
            found[match.captured(2).toInt()][match.captured(1).toInt()] = match.captured(3);
        }
        return found;
    }

    // The launcher's "rank R pid P" for `rank`, read from its stderr as it comes.
    static pid_t workerPid(QProcess &launcher, QString &err, int rank)
    {
        const QRegularExpression pattern(QStringLiteral("rank %1 pid (\\d+)").arg(rank));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 60000) {
            launcher.waitForReadyRead(200);
            err += QString::fromUtf8(launcher.readAllStandardError());
            const auto match = pattern.match(err);
            if (match.hasMatch())
                return static_cast<pid_t>(match.captured(1).toLongLong());
        }
        return 0;
    }

    // Gone, or ended and not reaped yet (its parent gone, init reaps it soon).
    static bool processHasEnded(pid_t pid)
    {
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            return true;
        const QByteArray line = stat.readAll();
        const int close = line.lastIndexOf(')');
        return close < 0 || line.mid(close + 2, 1) == "Z";
    }

    // launch.json's process count; 1 when the folder has none.
    static int launchedProcesses(const QString &output)
    {
        QFile file(QDir(output).filePath(QStringLiteral("launch.json")));
        if (!file.open(QIODevice::ReadOnly))
            return 1;
        return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("processes")).toInt();
    }

    // The saved policy is whole: `convert` loads it.
    void checkPolicyLoads(const QString &policy)
    {
        const Run converted = run({QStringLiteral("convert"), QStringLiteral("--policy"), policy,
                                   QStringLiteral("--output"), tmp.filePath(QStringLiteral("converted.json")),
                                   QStringLiteral("--albumentations"), QStringLiteral("1")});
        QVERIFY2(converted.exitCode == 0, qPrintable(converted.err));
    }

    // A worker is killed (or stopped) after the first epoch: the launcher must end the whole
    // search within `boundMs`, name `rank` as the cause, and leave the last epoch's files whole.
    // `signal` to the launcher (rank -1) or to one worker: every rank stops after the same
    // step, exit 0, and latest.json is the last finished epoch's policy.
    void stopsEveryWorker(const QString &name, int rank, int signal)
    {
        const QString output = tmp.filePath(name);
        QProcess launcher;
        QVERIFY(startLongSearch(launcher, output));
        QString err;
        const pid_t target = rank < 0 ? static_cast<pid_t>(launcher.processId()) : workerPid(launcher, err, rank);
        QVERIFY2(target > 0, qPrintable(err));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(policyOf(output, 1)), 120000);
        QCOMPARE(::kill(target, signal), 0);
        QVERIFY(launcher.waitForFinished(60000));
        QCOMPARE(launcher.exitStatus(), QProcess::NormalExit);
        const QString out = QString::fromUtf8(launcher.readAllStandardOutput());
        err += QString::fromUtf8(launcher.readAllStandardError());
        QVERIFY2(launcher.exitCode() == 0, qPrintable(out + err));
        QVERIFY2(out.contains(QLatin1String("stopped")), qPrintable(out));
        if (rank <= 0) { // rank 0 speaks for the search, naming the signal as it came
            const QString said = (signal == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("Ctrl-C"))
                                 + QStringLiteral(": stopping after this step");
            QVERIFY2(err.contains(said), qPrintable(err));
        }
        int last = 1;
        while (QFile::exists(policyOf(output, last + 1)))
            ++last;
        QVERIFY(last < 500);
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), readBytes(policyOf(output, last)));
    }

    void faultEndsTheSearch(const QString &name, int signal, const QString &expected, int boundMs)
    {
        const QString output = tmp.filePath(name);
        QProcess launcher;
        QVERIFY(startLongSearch(launcher, output, {QStringLiteral("--timeout"), QStringLiteral("5")}));
        QString err;
        const pid_t victim = workerPid(launcher, err, 1);
        QVERIFY2(victim > 0, qPrintable(err));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(policyOf(output, 1)), 120000);
        QElapsedTimer sinceFault;
        sinceFault.start();
        QCOMPARE(::kill(victim, signal), 0);
        QVERIFY2(launcher.waitForFinished(boundMs), "the search did not end in bounded time");
        const qint64 tookMs = sinceFault.elapsed();
        err += QString::fromUtf8(launcher.readAllStandardError());
        QCOMPARE(launcher.exitStatus(), QProcess::NormalExit);
        QCOMPARE(launcher.exitCode(), 1);
        QVERIFY2(err.contains(expected), qPrintable(err));
        // Rank 0 names the rank at fault itself, as it must where torchrun, not the launcher,
        // started it: rank 1's beat in the store stopped.
        QVERIFY2(err.contains(QLatin1String("rank 0 of 2: ")) && err.contains(QLatin1String(" failed: rank 1 stopped answering")),
                 qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("The policy and checkpoint of the last finished epoch are kept in ") + output),
                 qPrintable(err));
        QVERIFY2(tookMs < boundMs, qPrintable(QString::number(tookMs)));
        if (signal == SIGSTOP)
            ::kill(victim, SIGCONT); // already killed by the launcher; harmless if so

        // latest.json is the last finished epoch's policy, and loads; the checkpoint is there.
        int last = 1;
        while (QFile::exists(policyOf(output, last + 1)))
            ++last;
        const QString latest = testsupport::searchFiles(output).latestPolicy;
        QCOMPARE(readBytes(latest), readBytes(policyOf(output, last)));
        checkPolicyLoads(latest);
        QVERIFY(QFile::exists(testsupport::searchFiles(output).checkpoint));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        dataset = tmp.filePath(QStringLiteral("shapes"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 2, 16, 32);
        qputenv("AUGSTUDIO_PARAMETER_DIGEST", "1");
    }

    void twoProcessSearchWritesOneFolderAndKeepsRanksAlike()
    {
        const QString output = tmp.filePath(QStringLiteral("first"));
        const Run first = run(tinySearch(output, 2));
        QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
        QVERIFY2(first.out.contains(QLatin1String("epoch 2 done")), qPrintable(first.out));
        QVERIFY2(first.out.contains(QLatin1String("in each of 2 processes")), qPrintable(first.out));
        QVERIFY2(first.out.contains(QLatin1String("x2 processes")), qPrintable(first.out));
        // Rank 0 alone speaks and writes: one summary per epoch, one metrics row per step.
        QCOMPARE(first.out.count(QLatin1String("epoch 2 done")), 1);
        const QList<QByteArray> rows = readBytes(testsupport::searchFiles(output).metrics).trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 2 * 2 + 2);
        QVERIFY(QFile::exists(testsupport::searchFiles(output).config));
        // The cores were shared out through the workers' environment: config.yaml keeps the
        // user's trainer.threads (one per core), so a resume on one process takes every core.
        QVERIFY2(!readBytes(testsupport::searchFiles(output).config).contains("threads:"),
                 readBytes(testsupport::searchFiles(output).config).constData());
        QVERIFY(QFile::exists(testsupport::searchFiles(output).checkpoint));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), readBytes(policyOf(output, 2)));
        QCOMPARE(launchedProcesses(output), 2); // what the app shows of the folder
        checkPolicyLoads(policyOf(output, 2));

        // After every epoch (4 steps of averaged gradients and Adam) both ranks hold the same bits.
        const auto found = digests(first.err);
        QCOMPARE(found.size(), 2);
        for (int epoch : {1, 2}) {
            QCOMPARE(found.value(epoch).size(), 2);
            QCOMPARE(found.value(epoch).value(0), found.value(epoch).value(1));
        }
        QVERIFY(found.value(1).value(0) != found.value(2).value(0)); // the parameters did move
        uninterruptedDigest = found.value(2).value(0);
    }

    void sameSeedGivesTheSamePolicy()
    {
        const QString first = tmp.filePath(QStringLiteral("first"));
        QVERIFY2(QFile::exists(policyOf(first, 2)), "twoProcessSearchWritesOneFolderAndKeepsRanksAlike runs first");
        const QString again = tmp.filePath(QStringLiteral("again"));
        const Run second = run(tinySearch(again, 2));
        QVERIFY2(second.exitCode == 0, qPrintable(second.out + second.err));
        QCOMPARE(readBytes(policyOf(again, 1)), readBytes(policyOf(first, 1)));
        QCOMPARE(readBytes(policyOf(again, 2)), readBytes(policyOf(first, 2)));
    }

    void aRankStartedOtherwiseIsToldWhichSettingDiffers()
    {
        // Started by hand (or a scheduler) with another seed on one rank: the ranks drew other
        // batches and nothing said so; another steps_per_epoch waited out the timeout.
        const int port = freeLoopbackPort();
        QVERIFY(port > 0);
        const QString output = tmp.filePath(QStringLiteral("unlike"));
        const QStringList arguments = testsupport::tinySearchArguments(dataset, output, 1, 3, 16, 2)
                                      << QStringLiteral("--timeout") << QStringLiteral("30");
        QStringList otherSeed = arguments;
        otherSeed[otherSeed.indexOf(QStringLiteral("--seed")) + 1] = QStringLiteral("7");
        QProcess rank0, rank1;
        startRank(rank0, 0, 2, port, arguments);
        startRank(rank1, 1, 2, port, otherSeed);
        QElapsedTimer took;
        took.start();
        QVERIFY(rank0.waitForFinished(60000) && rank1.waitForFinished(60000));
        QVERIFY2(took.elapsed() < 25000, qPrintable(QString::number(took.elapsed()))); // not the timeout
        const QString err0 = QString::fromUtf8(rank0.readAllStandardError());
        const QString err1 = QString::fromUtf8(rank1.readAllStandardError());
        QCOMPARE(rank0.exitCode(), 1);
        QCOMPARE(rank1.exitCode(), 1);
        QVERIFY2(err1.contains(QLatin1String("started otherwise than rank 0: seed is 7 here and 3 on rank 0")),
                 qPrintable(err1));
        QVERIFY2(err0.contains(QLatin1String("another process was started otherwise than this one (rank 0)")),
                 qPrintable(err0));
        QVERIFY(!QFile::exists(policyOf(output, 1)));
    }

    void aRankOfAnotherWorldSizeIsToldSo()
    {
        // Gloo's rendezvous failed on an internal size check ("sizeof(impl_) == bytes.size()").
        const int port = freeLoopbackPort();
        QVERIFY(port > 0);
        const QStringList arguments =
            testsupport::tinySearchArguments(dataset, tmp.filePath(QStringLiteral("sizes")), 1, 3, 16, 2)
            << QStringLiteral("--timeout") << QStringLiteral("5");
        QProcess rank0, rank1;
        startRank(rank0, 0, 2, port, arguments);
        startRank(rank1, 1, 3, port, arguments);
        QVERIFY(rank0.waitForFinished(60000) && rank1.waitForFinished(60000));
        const QString err1 = QString::fromUtf8(rank1.readAllStandardError());
        QCOMPARE(rank1.exitCode(), 1);
        QVERIFY2(err1.contains(QLatin1String("WORLD_SIZE is 3 here but 2 on rank 0")), qPrintable(err1));
        QCOMPARE(rank0.exitCode(), 1); // left waiting for a second rank: its timeout, which names WORLD_SIZE
        QVERIFY2(QString::fromUtf8(rank0.readAllStandardError()).contains(QLatin1String("WORLD_SIZE=2")),
                 qPrintable(err1));
    }

    void aStopWhileJoiningEndsAtOnce()
    {
        // A rank that waits for the others is deaf inside LibTorch's rendezvous: a scheduler's
        // SIGTERM waited out the whole --timeout, then failed with status 1.
        QProcess alone;
        startRank(alone, 0, 2, freeLoopbackPort(),
                  testsupport::tinySearchArguments(dataset, tmp.filePath(QStringLiteral("alone")), 1, 3, 16, 2)
                      << QStringLiteral("--timeout") << QStringLiteral("120"));
        QVERIFY(alone.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::catchesSignal(alone.processId(), SIGTERM), 30000);
        QElapsedTimer took;
        took.start();
        ::kill(static_cast<pid_t>(alone.processId()), SIGTERM);
        QVERIFY(alone.waitForFinished(30000));
        QVERIFY2(took.elapsed() < 5000, qPrintable(QString::number(took.elapsed())));
        QCOMPARE(alone.exitStatus(), QProcess::NormalExit);
        QCOMPARE(alone.exitCode(), 130);
        const QString err = QString::fromUtf8(alone.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("SIGTERM: stopped before the search started")), qPrintable(err));
    }

    void aRankLeftWaitingSaysWhyOthersMayBeMissing()
    {
        // Its partner is never started: the rendezvous times out, and the message says the
        // usual causes (a busy machine among them) in place of the bare "Socket Timeout".
        QProcess alone;
        startRank(alone, 0, 2, freeLoopbackPort(),
                  testsupport::tinySearchArguments(dataset, tmp.filePath(QStringLiteral("waiting")), 1, 3, 16, 2)
                      << QStringLiteral("--timeout") << QStringLiteral("1"));
        QVERIFY(alone.waitForFinished(60000));
        QCOMPARE(alone.exitCode(), 1);
        const QString err = QString::fromUtf8(alone.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("rank 0 could not join the search of 2 processes")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("they did not all meet within 1 s")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("give a longer --timeout")), qPrintable(err));
    }

    void aPipedConfigReachesEveryProcess()
    {
        // `--config <(...)` is a pipe: the launcher read it, and the workers found it empty
        // and searched with the defaults, unsaid.
        const QString output = tmp.filePath(QStringLiteral("piped"));
        const QStringList copies{QStringLiteral("augstudio-config-*")};
        const QStringList copiesBefore = QDir(QDir::tempPath()).entryList(copies); // of other programs
        QStringList arguments = testsupport::tinySearchArguments(dataset, output, 1, 3, 16, 2);
        for (QString &argument : arguments)
            argument = QLatin1Char('\'') + argument + QLatin1Char('\'');
        const QString command = QStringLiteral("'%1' %2 --nproc 2 --quiet --config <(printf 'policy_model:\\n  temperature: 0.37\\n')")
                                    .arg(QStringLiteral(AUGSTUDIO_CLI), arguments.join(QLatin1Char(' ')));
        const Run searched = testsupport::runProgram(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), command}, 180000);
        QVERIFY2(searched.exitCode == 0, qPrintable(searched.err));
        const QByteArray config = readBytes(QDir(output).filePath(QStringLiteral("config.yaml")));
        QVERIFY2(config.contains("temperature: 0.37"), config.constData());
        QCOMPARE(QDir(QDir::tempPath()).entryList(copies), copiesBefore); // the copy is gone
    }

    void aPlateauIsRecognisedOnEveryRank()
    {
        // Ranks other than 0 write nothing, and recording the verdict crashed them (SIGSEGV)
        // at the epoch where the plateau was recognised. A policy that barely learns is flat soon.
        const QString output = tmp.filePath(QStringLiteral("plateau"));
        const Run search = run(testsupport::tinySearchArguments(dataset, output, 14, 3, 16, 1)
                               << QStringLiteral("--set") << QStringLiteral("optim.policy.lr=1e-9")
                               << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(search.exitCode == 0, qPrintable(search.out + search.err));
        QVERIFY2(search.out.contains(QLatin1String("converged: average parameter change has plateaued")),
                 qPrintable(search.out));
        QVERIFY(QFile::exists(output + QStringLiteral("/plateau.json")));
        QVERIFY(QFile::exists(policyOf(output, 14)));

        // Continued with more epochs and --stop-on-plateau, it searched on to the end: the
        // verdict, recognised before, was not announced again. It stops at once.
        const Run continued = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                                   QStringLiteral("16"), QStringLiteral("--stop-on-plateau")});
        QVERIFY2(continued.exitCode == 0, qPrintable(continued.out + continued.err));
        QVERIFY2(continued.out.contains(QLatin1String("stopped on plateau: it was recognised at epoch ")),
                 qPrintable(continued.out));
        QVERIFY(!QFile::exists(policyOf(output, 15)));
    }

    void aResumeWithNothingLeftIsRefusedOnceBeforeAnyProcessStarts()
    {
        const QString first = tmp.filePath(QStringLiteral("first"));
        QVERIFY2(QFile::exists(policyOf(first, 2)), "twoProcessSearchWritesOneFolderAndKeepsRanksAlike runs first");
        const QByteArray config = readBytes(testsupport::searchFiles(first).config);
        const Run idle = run({QStringLiteral("search"), QStringLiteral("--resume"), first, QStringLiteral("--epochs"),
                              QStringLiteral("2"), QStringLiteral("--nproc"), QStringLiteral("2")});
        QCOMPARE(idle.exitCode, 1);
        const QString said = idle.out + idle.err;
        QCOMPARE(said.count(QLatin1String("nothing is left to search")), 1);
        QVERIFY2(!said.contains(QLatin1String("processes on this machine")), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("failed")), qPrintable(said));
        QCOMPARE(readBytes(testsupport::searchFiles(first).config), config);
    }

    void resumeEqualsAnUninterruptedRun()
    {
        const QString first = tmp.filePath(QStringLiteral("first"));
        QVERIFY2(QFile::exists(policyOf(first, 2)), "twoProcessSearchWritesOneFolderAndKeepsRanksAlike runs first");
        const QString output = tmp.filePath(QStringLiteral("resumed"));
        const Run one = run(tinySearch(output, 1));
        QVERIFY2(one.exitCode == 0, qPrintable(one.out + one.err));
        QVERIFY(!QFile::exists(policyOf(output, 2)));
        const QString stale = tmp.filePath(QStringLiteral("resumed-copy-of-epoch-1"));
        std::filesystem::copy(output.toStdString(), stale.toStdString(), std::filesystem::copy_options::recursive);
        const Run resumed = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                                 QStringLiteral("2"), QStringLiteral("--steps-per-epoch"), QStringLiteral("2"),
                                 QStringLiteral("--nproc"), QStringLiteral("2")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.out + resumed.err));
        QVERIFY2(resumed.out.contains(QLatin1String("epoch 2/2 step 1/2")), qPrintable(resumed.out));
        QVERIFY2(!resumed.out.contains(QLatin1String("epoch 1/2 step")), qPrintable(resumed.out));
        QCOMPARE(readBytes(policyOf(output, 2)), readBytes(policyOf(first, 2)));
        // Both ranks end the resumed epoch with the uninterrupted run's parameters.
        const auto found = digests(resumed.err);
        QCOMPARE(found.value(2).value(0), uninterruptedDigest);
        QCOMPARE(found.value(2).value(1), uninterruptedDigest);

        // Two machines resuming from copies of other epochs: refused once each has read its
        // copy, before rank 0 writes anything, where an epoch ran before parameters differed.
        const QByteArray config = readBytes(output + QStringLiteral("/config.yaml"));
        const int port = freeLoopbackPort();
        QVERIFY(port > 0);
        const auto resumeIn = [](const QString &folder) {
            return QStringList{QStringLiteral("search"), QStringLiteral("--resume"), folder, QStringLiteral("--epochs"),
                               QStringLiteral("3"), QStringLiteral("--timeout"), QStringLiteral("30")};
        };
        QProcess rank0, rank1;
        startRank(rank0, 0, 2, port, resumeIn(output));
        startRank(rank1, 1, 2, port, resumeIn(stale));
        QVERIFY(rank0.waitForFinished(60000) && rank1.waitForFinished(60000));
        QCOMPARE(rank0.exitCode(), 1);
        QCOMPARE(rank1.exitCode(), 1);
        const QString err1 = QString::fromUtf8(rank1.readAllStandardError());
        QVERIFY2(err1.contains(QLatin1String("this process resumes from the checkpoint of epoch 1 (step "))
                     && err1.contains(QLatin1String(" and rank 0 from the checkpoint of epoch 2 (step ")),
                 qPrintable(err1));
        QVERIFY2(QString::fromUtf8(rank0.readAllStandardError()).contains(QLatin1String("another process resumes from")),
                 "rank 0 says another process differs");
        QCOMPARE(readBytes(output + QStringLiteral("/config.yaml")), config);
        QVERIFY(!QFile::exists(policyOf(output, 3)));
    }

    void resumeOnAnotherProcessCountSaysSo()
    {
        const QString output = tmp.filePath(QStringLiteral("fewer"));
        const Run two = run(tinySearch(output, 1));
        QVERIFY2(two.exitCode == 0, qPrintable(two.out + two.err));
        QCOMPARE(launchedProcesses(output), 2);
        const Run one = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                             QStringLiteral("2"), QStringLiteral("--steps-per-epoch"), QStringLiteral("2")});
        QVERIFY2(one.exitCode == 0, qPrintable(one.out + one.err));
        QVERIFY2((one.out + one.err)
                     .contains(QLatin1String("this search ran on 2 processes until epoch 1 and continues on one process")),
                 qPrintable(one.out + one.err));
        // Its threads changed with the processes: no advice of threads that would not make it exact.
        QVERIFY2(!(one.out + one.err).contains(QLatin1String("to continue it exactly")), qPrintable(one.out + one.err));
        QVERIFY(QFile::exists(policyOf(output, 2)));
        QCOMPARE(launchedProcesses(output), 1);

        // A damaged record is named, and the search goes on.
        const QString launchFile = QDir(output).filePath(QStringLiteral("launch.json"));
        QFile damaged(launchFile);
        QVERIFY(damaged.open(QIODevice::WriteOnly | QIODevice::Truncate));
        damaged.write("{\"processes\": -3}");
        damaged.close();
        const Run again = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                               QStringLiteral("3"), QStringLiteral("--steps-per-epoch"), QStringLiteral("2")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.out + again.err));
        QVERIFY2((again.out + again.err).contains(launchFile + QLatin1String(": not a launch record, left out")),
                 qPrintable(again.out + again.err));
        QVERIFY(QFile::exists(policyOf(output, 3)));
    }

    void batchThatDoesNotSplitIsRefused()
    {
        const QString output = tmp.filePath(QStringLiteral("odd"));
        QStringList arguments = tinySearch(output, 1);
        arguments << QStringLiteral("--set") << QStringLiteral("data.dataloader.batch_size=10");
        const Run refused = run(arguments);
        QCOMPARE(refused.exitCode, 1);
        // Refused once, by the launcher, before any worker starts.
        const QString said = refused.out + refused.err;
        QCOMPARE(said.count(QLatin1String("data.dataloader.batch_size 10 does not split among 2 processes")), 1);
        QVERIFY2(!said.contains(QLatin1String("processes on this machine")), qPrintable(said));
        QVERIFY(!QFileInfo::exists(output));
    }

    void aSearchThatFailsBeforeItsFirstEpochSaysNothingWasSaved()
    {
        // Said "the policy and checkpoint of the last finished epoch are kept" of none; rank 0's
        // error was the only one without its rank.
        const QString output = tmp.filePath(QStringLiteral("unstarted"));
        QStringList arguments = tinySearch(output, 1);
        arguments[arguments.indexOf(QStringLiteral("--dataset")) + 1] = tmp.filePath(QStringLiteral("none"));
        const Run failed = run(arguments);
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains(QLatin1String("augstudio-cli: rank 0: dataset folder ")), qPrintable(failed.err));
        QVERIFY2(failed.err.contains(QLatin1String("augstudio-cli: rank 1: dataset folder ")), qPrintable(failed.err));
        QVERIFY2(failed.err.contains(QLatin1String("No epoch finished, so no policy was saved.")), qPrintable(failed.err));
        QVERIFY2(!failed.err.contains(QLatin1String("are kept")), qPrintable(failed.err));
    }

    void unreadableImageIsSkippedAlikeOnEveryRank()
    {
        // In the second batch (no shuffling: class_1's images), in one rank's share: both ranks
        // decode that batch whole and skip it, so they stay alike, and rank 0 warns once.
        const QString withBroken = tmp.filePath(QStringLiteral("withBroken"));
        testsupport::makeImageFolderDataset(withBroken.toStdString(), 2, 16, 32);
        const QString broken = withBroken + QStringLiteral("/class_1/img_3x.png");
        testsupport::writeGarbage(broken.toStdString());
        const QString output = tmp.filePath(QStringLiteral("skipping"));
        QStringList arguments = testsupport::tinySearchArguments(withBroken, output, 2, 3, 16, 2);
        arguments << QStringLiteral("--set") << QStringLiteral("data.dataloader.shuffle=false") << QStringLiteral("--nproc")
                  << QStringLiteral("2");
        const Run search = run(arguments);
        QVERIFY2(search.exitCode == 0, qPrintable(search.out + search.err));
        // Named once: as the dataset opens (no image in it), not again when the loader meets it.
        const QString said = search.out + search.err;
        QVERIFY2(said.count(broken) == 1, qPrintable(said));
        const auto found = digests(search.err);
        for (int epoch : {1, 2})
            QCOMPARE(found.value(epoch).value(0), found.value(epoch).value(1));
    }

    void ctrlCStopsEveryWorkerAfterTheSameStep()
    {
        stopsEveryWorker(QStringLiteral("interrupted"), -1, SIGINT);
    }

    // A scheduler's SIGTERM to the launcher reaches the workers as SIGTERM, and is named so.
    void sigtermToTheLauncherStopsEveryWorker()
    {
        stopsEveryWorker(QStringLiteral("launcher-terminated"), -1, SIGTERM);
    }

    // A scheduler or `kill` may reach one process only: the stop is agreed like Ctrl-C's.
    void sigtermToOneWorkerStopsThemAll()
    {
        stopsEveryWorker(QStringLiteral("terminated"), 1, SIGTERM);
    }

    // Every rank exits 130, which the launcher passes on as the search's status, not a failure.
    void aSearchStoppedBeforeItsFirstEpochExitsWith130()
    {
        const QString output = tmp.filePath(QStringLiteral("stopped-early"));
        // Hundreds of steps to an epoch: the stop comes long before the first one ends.
        const QString longEpoch = tmp.filePath(QStringLiteral("long-epoch"));
        testsupport::makeIdxDataset(longEpoch.toStdString(), "train", 4000, 28, 28, 2, false);
        QProcess launcher;
        launcher.start(QStringLiteral(AUGSTUDIO_CLI), testsupport::tinySearchArguments(longEpoch, output, 1, 3, 16, 100000)
                                                          << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY(launcher.waitForStarted());
        const auto files = testsupport::searchFiles(output);
        QTRY_VERIFY_WITH_TIMEOUT(readBytes(files.metrics).contains("\nstep,"), 120000);
        QCOMPARE(::kill(static_cast<pid_t>(launcher.processId()), SIGINT), 0);
        QVERIFY(launcher.waitForFinished(60000));
        QCOMPARE(launcher.exitStatus(), QProcess::NormalExit);
        const QString said = QString::fromUtf8(launcher.readAllStandardOutput() + launcher.readAllStandardError());
        QVERIFY2(launcher.exitCode() == 130, qPrintable(said));
        QVERIFY2(said.contains(QLatin1String("no epoch finished in this run, so it saved no policy")), qPrintable(said));
        QVERIFY2(!said.contains(QLatin1String("failed")), qPrintable(said));
        QVERIFY(!QFile::exists(files.latestPolicy));
    }

    void benchPrintsTheScalingAndWhatTheAveragingCosts()
    {
        // bench --nproc 2 on a few tiny steps: the figures are noise, their relations are not.
        const Run bench = run({QStringLiteral("bench"), QStringLiteral("--nproc"), QStringLiteral("2"),
                               QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--repeats"),
                               QStringLiteral("1"), QStringLiteral("--warmup"), QStringLiteral("1"),
                               QStringLiteral("--batch"), QStringLiteral("8")});
        QVERIFY2(bench.exitCode == 0, qPrintable(bench.out + bench.err));
        const QMap<QString, QString> figures = testsupport::figuresOf(bench.out);
        auto number = [&](const char *name) { return figures.value(QLatin1String(name), QStringLiteral("nan")).toDouble(); };
        for (const char *key : {"images_per_s_1", "images_per_s_2", "step_ms", "gradient_sync_ms",
                                "gradient_sync_share", "speedup"})
            QVERIFY2(number(key) > 0, qPrintable(QLatin1String(key) + QLatin1Char('\n') + bench.out));
        // The step of the batch on two processes; the averaging a part of it. Rates are printed
        // to 0.1 image/s, which on a slow (sanitized) build is a large part of one: the
        // relations hold for some rates that round to those printed.
        const double rounding = 0.05;
        const double two = number("images_per_s_2"), one = number("images_per_s_1");
        auto within = [&](const char *name, double low, double high, double printed) {
            const double value = number(name);
            const bool holds = value >= low - printed && value <= high + printed;
            if (!holds)
                qWarning("%s %g is not within [%g, %g]\n%s", name, value, low, high, qPrintable(bench.out));
            return holds;
        };
        QVERIFY(within("step_ms", 1000 * 8 / (two + rounding), 1000 * 8 / std::max(two - rounding, 1e-9), 0.05));
        QVERIFY(number("gradient_sync_share") < 1);
        QVERIFY(within("gradient_sync_share", (number("gradient_sync_ms") - 0.05) / (number("step_ms") + 0.05),
                       (number("gradient_sync_ms") + 0.05) / std::max(number("step_ms") - 0.05, 1e-9), 0.0005));
        QVERIFY(within("speedup", (two - rounding) / (one + rounding), (two + rounding) / std::max(one - rounding, 1e-9),
                       0.0005));
    }

    void aStuckWorkerDoesNotHoldTheLauncherAfterCtrlC()
    {
        // Rank 1 stopped while joining, then Ctrl-C: rank 0 ended at once (130) and the
        // launcher waited for rank 1 forever, as only a failure started the grace.
        const QString output = tmp.filePath(QStringLiteral("stuck-joining"));
        QProcess launcher;
        QVERIFY(startLongSearch(launcher, output));
        QString err;
        const pid_t rank0 = workerPid(launcher, err, 0);
        const pid_t rank1 = workerPid(launcher, err, 1);
        QVERIFY2(rank0 > 0 && rank1 > 0, qPrintable(err));
        QCOMPARE(::kill(rank1, SIGSTOP), 0);
        QTRY_VERIFY_WITH_TIMEOUT(testsupport::catchesSignal(rank0, SIGINT), 30000);
        QElapsedTimer took;
        took.start();
        QCOMPARE(::kill(static_cast<pid_t>(launcher.processId()), SIGINT), 0);
        const bool ended = launcher.waitForFinished(20000); // the grace, 5 s, and a margin
        ::kill(rank1, SIGCONT);
        QVERIFY2(ended, "the launcher still waited on the stopped worker");
        err += QString::fromUtf8(launcher.readAllStandardError());
        QVERIFY2(took.elapsed() < 15000, qPrintable(QString::number(took.elapsed())));
        QCOMPARE(launcher.exitCode(), 130);
        QVERIFY2(err.contains(QLatin1String("rank 1 was stopped (killed 5 s after rank 0 stopped)")), qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("failed")), qPrintable(err));
    }

    void anOutputFolderNoSearchCanUseIsRefusedOnce()
    {
        // What rank 0 refused only after both workers had started (with a line from rank 1 on
        // the broadcast that failed) is refused by the launcher before any starts. A leftover
        // RANK of another job is no reason to refuse: --nproc sets it for each worker.
        const QString foreign = tmp.filePath(QStringLiteral("foreign"));
        QVERIFY(QDir().mkpath(foreign));
        QFile metrics(QDir(foreign).filePath(QStringLiteral("metrics.csv")));
        QVERIFY(metrics.open(QIODevice::WriteOnly) && metrics.write("a,b\n") == 4);
        metrics.close();
        qputenv("RANK", "3");
        const Run refused = run(tinySearch(foreign, 1), 60000);
        qunsetenv("RANK");
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QLatin1String("RANK=3 here is ignored")), qPrintable(refused.err));
        QCOMPARE(refused.err.count(QLatin1String("which a new search would replace")), 1);
        QVERIFY2(!refused.err.contains(QLatin1String("processes on this machine")), qPrintable(refused.err));

        // Another search writing there: the same, said once.
        const QString locked = tmp.filePath(QStringLiteral("locked"));
        QVERIFY(QDir().mkpath(locked));
        {
            const OtherSearchLock other(locked);
            QVERIFY(other.taken());
            const Run busy = run(tinySearch(locked, 1), 60000);
            QCOMPARE(busy.exitCode, 1);
            QCOMPARE(busy.err.count(QLatin1String("another search is writing in")), 1);
            QVERIFY2(!busy.err.contains(QLatin1String("processes on this machine")), qPrintable(busy.err));
        }

        // Locked only once the workers started: rank 0 fails, naming itself; rank 1, left
        // waiting for it to join, was stopped, not "hung".
        const QString late = tmp.filePath(QStringLiteral("locked-late"));
        QVERIFY(QDir().mkpath(late));
        QProcess launcher;
        QVERIFY(startLongSearch(launcher, late));
        QString err;
        QVERIFY2(workerPid(launcher, err, 1) > 0, qPrintable(err));
        const OtherSearchLock other(late);
        if (!other.taken()) { // rank 0 was quicker
            launcher.kill();
            launcher.waitForFinished(30000);
            QSKIP("rank 0 took the folder's lock before the test did");
        }
        QVERIFY(launcher.waitForFinished(30000));
        err += QString::fromUtf8(launcher.readAllStandardError());
        QCOMPARE(launcher.exitCode(), 1);
        QVERIFY2(err.contains(QLatin1String("augstudio-cli: rank 0: another search is writing in")), qPrintable(err));
        // 5 s after rank 0 failed, or longer where rank 1 was still busy opening its data.
        QVERIFY2(err.contains(QRegularExpression(QStringLiteral(
                     "failed: rank 0 exited with code 1; rank 1 was stopped \\(killed [0-9.]+ s after rank 0 failed\\)"))),
                 qPrintable(err));
        QVERIFY2(!err.contains(QLatin1String("hung")), qPrintable(err));
    }

    void killedWorkerEndsTheSearchNamingItsRank()
    {
        // Rank 0 sees the connection drop at once; the launcher names the killed rank.
        faultEndsTheSearch(QStringLiteral("killed"), SIGKILL, QStringLiteral("rank 1 was killed by signal 9"), 30000);
    }

    void killedLauncherTakesItsWorkersWithIt()
    {
        // kill -9 (or a closed terminal's SIGHUP) of the launcher: it cannot forward a stop,
        // and its workers went on writing the folder; they now stop as after SIGTERM.
        const QString output = tmp.filePath(QStringLiteral("orphans"));
        QProcess launcher;
        QVERIFY(startLongSearch(launcher, output));
        QString err;
        const pid_t workers[] = {workerPid(launcher, err, 0), workerPid(launcher, err, 1)};
        QVERIFY2(workers[0] > 0 && workers[1] > 0, qPrintable(err));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(policyOf(output, 1)), 120000);
        QCOMPARE(::kill(static_cast<pid_t>(launcher.processId()), SIGKILL), 0);
        QVERIFY(launcher.waitForFinished(10000));
        // Both end (they are the launcher's children no more: polled, not waited for).
        for (const pid_t worker : workers)
            QTRY_VERIFY_WITH_TIMEOUT(processHasEnded(worker), 60000);
    }

    // Two searches into one folder: the second is refused while the first writes there.
    void aSecondSearchIntoTheSameFolderIsRefused()
    {
        const QString output = tmp.filePath(QStringLiteral("one-writer"));
        QProcess first;
        QVERIFY(startLongSearch(first, output));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(policyOf(output, 1)), 120000);
        const Run second = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                                QStringLiteral("600")});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains(QLatin1String("another search is writing in")), qPrintable(second.err));
        ::kill(static_cast<pid_t>(first.processId()), SIGINT);
        QVERIFY(first.waitForFinished(60000));
        QCOMPARE(first.exitCode(), 0);
    }

    void hungWorkerEndsTheSearchWithinTheTimeout()
    {
        // Rank 0's collective times out after --timeout 5 s, then the launcher kills rank 1.
        faultEndsTheSearch(QStringLiteral("hung"), SIGSTOP, QStringLiteral("rank 1 hung and was killed"), 40000);
    }
};

QTEST_GUILESS_MAIN(TestDistributed)
#include "test_distributed.moc"
