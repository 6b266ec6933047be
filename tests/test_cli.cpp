// augstudio-cli as a user or a script runs it: exit codes, usage, messages for bad input
// that name the file, key or line, a search end to end, Ctrl-C that keeps the last
// policy, resuming, and the commands that write files (apply, ops render, config).

#include "io/FolderLock.h"
#include "testsupport/TestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <set>

namespace {

using testsupport::figuresOf;
using testsupport::readBytes;
using Run = testsupport::ProgramRun;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString dataset;

    static Run run(const QStringList &arguments, int timeoutMs = 120000)
    {
        return testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), arguments, timeoutMs);
    }

    // A search small enough for CI: 32 px images, 2 sub-policies of 1 stage, 1 thread.
    QStringList tinySearch(const QString &output, int epochs) const
    {
        return testsupport::tinySearchArguments(dataset, output, epochs, 3, 8, 2)
               << QStringLiteral("--set") << QStringLiteral("trainer.threads=1");
    }

    static QString policyOf(const QString &output, int epoch)
    {
        return testsupport::searchFiles(output).policy(epoch);
    }

    // A policy for apply that needs no search: the flip-shift baseline for 32 px images.
    QString flipShiftPolicy() const
    {
        const QString policy = tmp.filePath(QStringLiteral("flip-shift.json"));
        if (!QFile::exists(policy))
            run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("flip-shift"),
                 QStringLiteral("--output"), policy});
        return policy;
    }

    // A size×size image (or mask) of one grey level, its folders made.
    static void writeImage(const QString &path, int size, int level)
    {
        QVERIFY(QDir().mkpath(QFileInfo(path).path()));
        QVERIFY(cv::imwrite(path.toStdString(), cv::Mat(size, size, CV_8UC3, cv::Scalar::all(level))));
    }

    static QStringList filesUnder(const QString &dir)
    {
        QStringList files;
        QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext())
            files << QDir(dir).relativeFilePath(it.next());
        files.sort();
        return files;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        dataset = tmp.filePath(QStringLiteral("shapes"));
        testsupport::makeImageFolderDataset(dataset.toStdString(), 2, 12, 32);
    }

    void usageAndVersion()
    {
        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        for (const char *command : {"search", "validate", "ops", "config", "bench", "apply", "evaluate", "baseline",
                                    "shapes"})
            QVERIFY2(help.out.contains(QStringLiteral("\n  %1 ").arg(QLatin1String(command))), command);

        // Nothing asked: the usage as a usage error, on standard error, and a failure for scripts.
        const Run nothing = run({});
        QCOMPARE(nothing.exitCode, 2);
        QVERIFY2(nothing.out.isEmpty() && nothing.err.startsWith(QLatin1String("usage: augstudio-cli <command>")),
                 qPrintable(nothing.out));

        // shapes writes a segmentation folder that validate takes as one.
        const QString shapes = tmp.filePath(QStringLiteral("generated-shapes"));
        const Run made = run({QStringLiteral("shapes"), QStringLiteral("--output"), shapes, QStringLiteral("--count"),
                              QStringLiteral("4"), QStringLiteral("--image-size"), QStringLiteral("32")});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        QVERIFY(QFile::exists(shapes + QStringLiteral("/images/shape_3.png")));
        QVERIFY(QFile::exists(shapes + QStringLiteral("/masks/shape_3.png")));
        QCOMPARE(run({QStringLiteral("shapes"), QStringLiteral("--output"), shapes, QStringLiteral("--image-size"),
                      QStringLiteral("8")})
                     .exitCode,
                 2);
        // Written again over the first: 2 images of 48 px among 4 of 32, said "2 images".
        const QByteArray first = testsupport::readBytes(shapes + QStringLiteral("/images/shape_0.png"));
        const Run again = run({QStringLiteral("shapes"), QStringLiteral("--output"), shapes, QStringLiteral("--count"),
                               QStringLiteral("2"), QStringLiteral("--image-size"), QStringLiteral("48")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(shapes + QStringLiteral("/images already holds files")), qPrintable(again.err));
        QCOMPARE(testsupport::readBytes(shapes + QStringLiteral("/images/shape_0.png")), first);

        const Run version = run({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY2(version.out.startsWith(QStringLiteral("augstudio-cli " AUGSTUDIO_VERSION " (LibTorch ")),
                 qPrintable(version.out));

        // A command's --help shows that command alone, and runs nothing.
        const Run bench = run({QStringLiteral("bench"), QStringLiteral("--help")});
        QCOMPARE(bench.exitCode, 0);
        QVERIFY2(bench.out.startsWith(QStringLiteral("augstudio-cli bench ")), qPrintable(bench.out));
        QVERIFY(bench.out.contains(QLatin1String("--image-size")));
        QVERIFY(!bench.out.contains(QLatin1String("augstudio-cli search")));
        QVERIFY(!bench.out.contains(QLatin1String("step_images_per_s")));
        const Run search = run({QStringLiteral("search"), QStringLiteral("-h")});
        QCOMPARE(search.out.count(QLatin1String("augstudio-cli search ")), 2); // new and --resume
        // help COMMAND is COMMAND --help (it showed the whole usage).
        const Run helpBench = run({QStringLiteral("help"), QStringLiteral("bench")});
        QCOMPARE(helpBench.exitCode, 0);
        QCOMPARE(helpBench.out, bench.out);
    }

    void benchPrintsEveryFigure()
    {
        // One short run: the figures a script reads, one `name value` line each.
        const Run bench = run({QStringLiteral("bench"), QStringLiteral("--batch"), QStringLiteral("8"),
                               QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--repeats"),
                               QStringLiteral("1"), QStringLiteral("--warmup"), QStringLiteral("1"),
                               QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--memory-epochs"),
                               QStringLiteral("2")});
        QVERIFY2(bench.exitCode == 0, qPrintable(bench.err));
        const QMap<QString, QString> figures = figuresOf(bench.out);
        QVERIFY(!figures.isEmpty());
        auto number = [&](const char *name) { return figures.value(QLatin1String(name), QStringLiteral("nan")).toDouble(); };
        QVERIFY(number("step_images_per_s") > 0);
        QVERIFY(number("floor_images_per_s") > 0);
        QVERIFY(number("policy_share") >= 0 && number("policy_share") < 1);
        QVERIFY(number("policy_forward_ms") > 0);
        QCOMPARE(int(number("threads")), 2);
        // 4 images of 32×32 to augment: the policy's kernels stay on one thread.
        QCOMPARE(int(number("policy_threads")), 1);
        QCOMPARE(figures.value(QStringLiteral("device")), QStringLiteral("cpu"));
        QCOMPARE(int(number("batch")), 8);
        QVERIFY(number("peak_resident_mb") >= number("resident_after_epoch_2_mb"));
        QVERIFY(number("resident_after_epoch_2_mb") > 0);
        QVERIFY(figures.contains(QStringLiteral("resident_growth")));
        QCOMPARE(int(number("channels")), 3);
        QCOMPARE(int(number("operations")), 14);
        // One step of one repeat: the figures come with the note that they are noise.
        QVERIFY2(bench.err.contains(QLatin1String("note: 1 repeat(s) of 1 step(s) after 1 warm-up step(s) are too few "
                                                  "for the figures to be more than noise (at least --steps 10, "
                                                  "--repeats 3, --warmup 1)")),
                 qPrintable(bench.err));

        // --channels 1 times a grey search: one-channel images, the 11 grey operations.
        const Run grey = run({QStringLiteral("bench"), QStringLiteral("--batch"), QStringLiteral("8"),
                              QStringLiteral("--channels"), QStringLiteral("1"), QStringLiteral("--steps"),
                              QStringLiteral("1"), QStringLiteral("--repeats"), QStringLiteral("1"),
                              QStringLiteral("--warmup"), QStringLiteral("1"), QStringLiteral("--threads"),
                              QStringLiteral("2")});
        QVERIFY2(grey.exitCode == 0, qPrintable(grey.err));
        QVERIFY2(grey.out.contains(QLatin1String("\nchannels 1\n")), qPrintable(grey.out));
        QVERIFY2(grey.out.contains(QLatin1String("\noperations 11\n")), qPrintable(grey.out));
        QVERIFY2(grey.out.contains(QLatin1String("\nstep_images_per_s ")), qPrintable(grey.out));
        const Run two = run({QStringLiteral("bench"), QStringLiteral("--channels"), QStringLiteral("2")});
        QCOMPARE(two.exitCode, 2);
        QVERIFY2(two.err.contains(QLatin1String("--channels")), qPrintable(two.err));
    }

    void benchSaysNothingOfARunLongEnough()
    {
        // The note comes before the warm-up; a run at the threshold is stopped once that starts.
        QProcess process;
        process.start(QStringLiteral(AUGSTUDIO_CLI),
                      {QStringLiteral("bench"), QStringLiteral("--batch"), QStringLiteral("8"),
                       QStringLiteral("--steps"), QStringLiteral("10"), QStringLiteral("--repeats"),
                       QStringLiteral("3"), QStringLiteral("--warmup"), QStringLiteral("1"),
                       QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(process.waitForStarted());
        QString err;
        QElapsedTimer waited;
        waited.start();
        while (!err.contains(QLatin1String("warming up")) && process.state() == QProcess::Running
               && waited.elapsed() < 60000) {
            process.waitForReadyRead(100);
            err += QString::fromUtf8(process.readAllStandardError());
        }
        process.kill();
        process.waitForFinished(10000);
        QVERIFY2(err.contains(QLatin1String("warming up")) && !err.contains(QLatin1String("note:")), qPrintable(err));
    }

    void benchTimesTheDataLoading()
    {
        const QString folder = tmp.filePath(QStringLiteral("loading"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 4, 40);
        testsupport::writeGarbage(folder.toStdString() + "/class_0/broken.png");
        const QStringList arguments{QStringLiteral("bench"), QStringLiteral("--dataset"), folder,
                                    QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--workers"),
                                    QStringLiteral("1"), QStringLiteral("--set"),
                                    QStringLiteral("data.dataloader.drop_last=false")};
        const Run epoch = run(arguments);
        QVERIFY2(epoch.exitCode == 0, qPrintable(epoch.err));
        const QMap<QString, QString> figures = figuresOf(epoch.out);
        QCOMPARE(figures.value(QStringLiteral("dataset_images")), QStringLiteral("9"));
        QCOMPARE(figures.value(QStringLiteral("images")), QStringLiteral("8")); // the broken one skipped
        QCOMPARE(figures.value(QStringLiteral("batches")), QStringLiteral("2"));
        QCOMPARE(figures.value(QStringLiteral("skipped")), QStringLiteral("1"));
        QCOMPARE(figures.value(QStringLiteral("image_size")), QStringLiteral("40x40"));
        QVERIFY(figures.value(QStringLiteral("loader_images_per_s")).toDouble() > 0);
        QVERIFY2(epoch.err.contains(QLatin1String("broken.png")), qPrintable(epoch.err));

        // --batches K stops after K; a missing folder is named. A --set that repeats --workers passes.
        const Run one = run(QStringList(arguments) << QStringLiteral("--batches") << QStringLiteral("1")
                                                   << QStringLiteral("--set")
                                                   << QStringLiteral("data.dataloader.num_workers=1"));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QCOMPARE(figuresOf(one.out).value(QStringLiteral("images")), QStringLiteral("4"));
        QCOMPARE(figuresOf(one.out).value(QStringLiteral("workers")), QStringLiteral("1"));
        const QString missing = tmp.filePath(QStringLiteral("no-such-folder"));
        const Run none = run({QStringLiteral("bench"), QStringLiteral("--dataset"), missing});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(missing), qPrintable(none.err));
    }

    void validateReportsTheChannels()
    {
        const QString grey = tmp.filePath(QStringLiteral("grey"));
        testsupport::makeIdxDataset(grey.toStdString(), "train", 20, 32, 32, 2, true);
        const Run greyRun = run({QStringLiteral("validate"), QStringLiteral("--dataset"), grey});
        QVERIFY2(greyRun.exitCode == 0, qPrintable(greyRun.out + greyRun.err));
        QVERIFY2(greyRun.out.contains(QLatin1String("\nchannels: 1 (grayscale)\n")), qPrintable(greyRun.out));
        // The ImageNet mean and std of the default config are averaged for one channel, unsaid;
        // three values the user chose are averaged with a warning.
        QVERIFY2(greyRun.out.contains(QLatin1String("# 0 error(s), 0 warning(s)")), qPrintable(greyRun.out));
        const QString json = tmp.filePath(QStringLiteral("validate-grey.json"));
        const Run chosen = run({QStringLiteral("validate"), QStringLiteral("--dataset"), grey, QStringLiteral("--set"),
                                QStringLiteral("data.normalization.mean=[0.2, 0.3, 0.4]"), QStringLiteral("--json"), json});
        QVERIFY2(chosen.out.contains(QLatin1String("warning: data.normalization.mean: [0.2, 0.3, 0.4]")),
                 qPrintable(chosen.out));
        QVERIFY2(chosen.out.contains(QLatin1String("# 0 error(s), 1 warning(s)")), qPrintable(chosen.out));
        // The JSON names the key, as it does for the config's own notes.
        const QJsonArray warnings = jsonOf(json).value(QLatin1String("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.at(0).toObject().value(QLatin1String("key")).toString(),
                 QStringLiteral("data.normalization.mean"));

        const Run colour = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset});
        QVERIFY2(colour.exitCode == 0, qPrintable(colour.out + colour.err));
        QVERIFY2(colour.out.contains(QLatin1String("\nchannels: 3\n")), qPrintable(colour.out));
        QVERIFY(!colour.out.contains(QLatin1String("data.normalization")));

        // A colour operation on the grey dataset is an error naming the entry.
        const Run shift = run({QStringLiteral("validate"), QStringLiteral("--dataset"), grey, QStringLiteral("--set"),
                               QStringLiteral("policy_model.operations=[{_target_: ShiftRGB, shift_r: true}]")});
        QCOMPARE(shift.exitCode, 1);
        QVERIFY2(shift.out.contains(QLatin1String("policy_model.operations[0] ShiftRGB: the dataset is grayscale "
                                                  "(1 channel); colour operations cannot apply")),
                 qPrintable(shift.out));
    }

    void validateReadsAPipedConfigOnce()
    {
        // `--config <(...)` was read twice (once for its task): the second read found the
        // pipe empty, and the defaults were validated in place of the user's config.
        const QString command = QStringLiteral("'%1' validate --dataset '%2' --config "
                                               "<(printf 'classification_model:\\n  architecture: resnet34\\n')")
                                    .arg(QStringLiteral(AUGSTUDIO_CLI), dataset);
        const Run piped = testsupport::runProgram(QStringLiteral("/bin/bash"), {QStringLiteral("-c"), command}, 120000);
        QVERIFY2(piped.exitCode == 0, qPrintable(piped.out + piped.err));
        QVERIFY2(piped.out.contains(QLatin1String("architecture: resnet34")), qPrintable(piped.out));
    }

    // The first five minutes: whatever folder a user drops, validate passes and a search
    // with the default config runs, the default preprocessing said in one line.
    void everyKindOfFolderValidatesAndSearches_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("photos of different sizes") << "photos";
        QTest::newRow("MNIST-style IDX") << "idx";
        QTest::newRow("images as they come") << "mixed";
    }

    void everyKindOfFolderValidatesAndSearches()
    {
        QFETCH(QString, kind);
        const QString folder = tmp.filePath(QStringLiteral("drop_") + kind);
        QString expectedReason; // a regular expression for the one line
        if (kind == QLatin1String("photos")) {
            testsupport::makePhotoFolder(folder.toStdString(), 10);
            expectedReason = QStringLiteral("Images are [0-9]+–[0-9]+ px: resized to [0-9]+ × [0-9]+ for the search");
        } else if (kind == QLatin1String("idx")) {
            // Debian's Fashion-MNIST where installed (CI and this machine), else a small copy
            const std::string fashion = testsupport::fashionMnistDir();
            if (!fashion.empty()) {
                QVERIFY(QFile::link(QString::fromStdString(fashion), folder));
            } else {
                testsupport::makeIdxDataset(folder.toStdString(), "train", 64, 28, 28, 4, true);
            }
            // ResNet-18 takes 28 × 28 as it is (its minimum is 17 px).
            expectedReason = QRegularExpression::escape(
                QStringLiteral("Images are all 28 × 28 px: no preprocessing needed"));
        } else {
            testsupport::makeImagesAsTheyCome(folder.toStdString());
            expectedReason = QStringLiteral("Images are [0-9]+–[0-9]+ px: resized to [0-9]+ × [0-9]+ for the search");
        }
        const QStringList tiny = {QStringLiteral("--set"), QStringLiteral("data.dataset.limit=16"),
                                  QStringLiteral("--set"), QStringLiteral("data.dataloader.batch_size=8"),
                                  QStringLiteral("--set"), QStringLiteral("policy_model.num_sub_policies=2")};

        const Run validate = run(QStringList{QStringLiteral("validate"), QStringLiteral("--dataset"), folder} + tiny);
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
        QVERIFY2(QRegularExpression(QStringLiteral("\npreprocessing: none in the config; ") + expectedReason + QStringLiteral("\n"))
                     .match(validate.out)
                     .hasMatch(),
                 qPrintable(validate.out));
        QVERIFY2(validate.out.contains(QLatin1String("# 0 error(s)")), qPrintable(validate.out));
        if (kind == QLatin1String("mixed")) {
            // every file, limit or not: the impostors named, the alpha said once
            const Run all = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder});
            QVERIFY2(all.exitCode == 0, qPrintable(all.out + all.err));
            QVERIFY2(all.out.contains(folder + QStringLiteral("/b/empty.jpg: it is empty (0 bytes)")), qPrintable(all.out));
            QVERIFY2(all.out.contains(folder + QStringLiteral("/b/page.jpg: it is not an image")), qPrintable(all.out));
            QCOMPARE(all.out.count(QLatin1String("alpha channel")), 1);
            QVERIFY2(all.out.contains(QLatin1String("\nchannels: 3\n")), qPrintable(all.out));
            QVERIFY2(all.out.contains(QLatin1String("# 0 error(s)")), qPrintable(all.out));
        }

        const QString output = tmp.filePath(QStringLiteral("search_") + kind);
        const Run search = run(QStringList{QStringLiteral("search"), QStringLiteral("--dataset"), folder,
                                           QStringLiteral("--output"), output, QStringLiteral("--epochs"),
                                           QStringLiteral("1"), QStringLiteral("--steps-per-epoch"), QStringLiteral("1")}
                               + tiny);
        QVERIFY2(search.exitCode == 0, qPrintable(search.out + search.err));
        // The rule's choice is said, as validate says it (the IDX images need none), and a
        // preprocessing leads the exported policy, as Albumentations will apply it.
        const bool resized = kind != QLatin1String("idx");
        QVERIFY2(QRegularExpression(QStringLiteral("(^|\n)") + expectedReason + QStringLiteral("\n")).match(search.out).hasMatch(),
                 qPrintable(search.out));
        QVERIFY2(search.out.contains(QLatin1String("epoch 1 done")), qPrintable(search.out));
        QVERIFY(QFile::exists(testsupport::searchFiles(output).latestPolicy));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy).contains("Resize"), resized);
    }

    // A new search neither overwrites one already in its folder nor writes into its dataset.
    void anOutputThatCannotBeWrittenIsSaidFirst()
    {
        // Before the dataset is read (here it does not even exist): the file in the way is named.
        const QString file = tmp.filePath(QStringLiteral("a-file"));
        QFile(file).open(QIODevice::WriteOnly);
        const Run blocked = run({QStringLiteral("search"), QStringLiteral("--dataset"),
                                 tmp.filePath(QStringLiteral("no-such-dataset")), QStringLiteral("--output"),
                                 file + QStringLiteral("/out")});
        QCOMPARE(blocked.exitCode, 1);
        QVERIFY2(blocked.err.contains(QStringLiteral("'%1' is a file").arg(file)), qPrintable(blocked.err));
        QVERIFY2(!blocked.err.contains(QLatin1String("no-such-dataset")), qPrintable(blocked.err));
        QVERIFY(QDir(tmp.path()).entryList(QStringList{QStringLiteral(".augstudio-write-test*")}, QDir::Hidden | QDir::Files)
                    .isEmpty());
    }

    void aReaderThatGoesDoesNotEndTheSearch()
    {
        // `search ... | head -1`: SIGPIPE killed it mid-epoch, nothing saved.
        const QString output = tmp.filePath(QStringLiteral("piped"));
        QStringList command{QStringLiteral(AUGSTUDIO_CLI)};
        command += testsupport::tinySearchArguments(dataset, output, 2, 3, 8, 2);
        for (QString &word : command)
            word = QLatin1Char('\'') + word + QLatin1Char('\'');
        const Run piped = testsupport::runProgram(
            QStringLiteral("/bin/bash"),
            {QStringLiteral("-c"), command.join(QLatin1Char(' ')) + QStringLiteral(" | head -1; exit ${PIPESTATUS[0]}")},
            180000);
        QVERIFY2(piped.exitCode == 0, qPrintable(piped.out + piped.err));
        QVERIFY(QFile::exists(testsupport::searchFiles(output).policy(2)));
    }

    void searchKeepsWhatIsThere()
    {
        const QString output = tmp.filePath(QStringLiteral("kept_search"));
        const Run first = run(tinySearch(output, 1));
        QVERIFY2(first.exitCode == 0, qPrintable(first.out + first.err));
        const QByteArray policy = readBytes(testsupport::searchFiles(output).latestPolicy);
        QVERIFY(!policy.isEmpty());

        const Run again = run(tinySearch(output, 1) + QStringList{QStringLiteral("--set"), QStringLiteral("seed=9")});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QLatin1String("already holds a search")) && again.err.contains(QLatin1String("--resume")),
                 qPrintable(again.err));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), policy);

        // Policies without the checkpoint (a full disk at the epoch's end): a new search is
        // refused, and --resume starts the seeded search again, to the same policy.
        QVERIFY(QFile::remove(testsupport::searchFiles(output).checkpoint));
        const Run noCheckpoint = run(tinySearch(output, 1));
        QCOMPARE(noCheckpoint.exitCode, 2);
        QVERIFY2(noCheckpoint.err.contains(QLatin1String("already holds a search")), qPrintable(noCheckpoint.err));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), policy);
        const Run startedOver = run({QStringLiteral("search"), QStringLiteral("--resume"), output});
        QVERIFY2(startedOver.exitCode == 0, qPrintable(startedOver.out + startedOver.err));
        QVERIFY2(startedOver.err.contains(QLatin1String("starts again from epoch 1")), qPrintable(startedOver.err));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), policy);
        QVERIFY(QFile::exists(testsupport::searchFiles(output).checkpoint));

        // A search stopped before its first epoch saved no policy and no checkpoint: its folder
        // could be neither resumed nor reused. A new search starts over there, old curves gone.
        QVERIFY(QDir(output + QStringLiteral("/policy")).removeRecursively());
        QVERIFY(QFile::remove(testsupport::searchFiles(output).checkpoint));
        const QDir events(output + QStringLiteral("/tensorboard"));
        const QStringList oldEvents = events.entryList(QDir::Files);
        QVERIFY(!oldEvents.isEmpty());
        const Run over = run(tinySearch(output, 1));
        QVERIFY2(over.exitCode == 0, qPrintable(over.err));
        QVERIFY2(over.err.contains(QLatin1String("holds a search that saved no policy")), qPrintable(over.err));
        QVERIFY(QFile::exists(testsupport::searchFiles(output).latestPolicy));
        for (const QString &old : oldEvents)
            QVERIFY2(!events.exists(old), qPrintable(old));
        QCOMPARE(readBytes(testsupport::searchFiles(output).metrics).trimmed().split('\n').size(), 1 + 2 + 1);

        // A search writing there now is what the refusal says, not that the folder holds a
        // search to continue, and no note goes before it.
        {
            const augstudio::FolderLock writing(output.toStdString());
            const Run busy = run(tinySearch(output, 1));
            QCOMPARE(busy.exitCode, 1);
            QVERIFY2(busy.err.startsWith(QLatin1String("augstudio-cli: another search is writing in")),
                     qPrintable(busy.err));
            QVERIFY2(!busy.err.contains(QLatin1String("already holds")), qPrintable(busy.err));
        }

        const QString inside = dataset + QStringLiteral("/search");
        const Run intoData = run(tinySearch(inside, 1));
        QCOMPARE(intoData.exitCode, 2);
        QVERIFY2(intoData.err.contains(QLatin1String("inside the dataset")), qPrintable(intoData.err));
        QVERIFY(!QFileInfo::exists(inside));
    }

    // Images that a listing cannot reach are said, not lost unsaid: a link to nothing.
    void validateNamesWhatTheListingPassesOver()
    {
        const QString folder = tmp.filePath(QStringLiteral("with_links"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 4, 32); // one batch of 8
        const QString dangling = folder + QStringLiteral("/class_0/gone.png");
        QVERIFY(QFile::link(tmp.filePath(QStringLiteral("no_such_image.png")), dangling));
        const Run validate = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                                  QStringLiteral("data.dataloader.batch_size=8")});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
        QVERIFY2(validate.out.contains(dangling + QStringLiteral(": a symbolic link to nothing")),
                 qPrintable(validate.out));
    }

    void validatePredictsTheFirstBatch()
    {
        // A config's own preprocessing that leaves sizes apart, or crops beyond an image, or a
        // batch larger than the dataset: validate fails where the search would.
        const QString photos = tmp.filePath(QStringLiteral("predict_photos"));
        testsupport::makePhotoFolder(photos.toStdString(), 4);
        const Run sizes = run({QStringLiteral("validate"), QStringLiteral("--dataset"), photos, QStringLiteral("--set"),
                               QStringLiteral("data.preprocessing=[{SmallestMaxSize: {max_size: 64}}]")});
        QCOMPARE(sizes.exitCode, 1);
        QVERIFY2(sizes.out.contains(QLatin1String("images of different sizes in one batch")), qPrintable(sizes.out));
        const Run crop = run({QStringLiteral("validate"), QStringLiteral("--dataset"), photos, QStringLiteral("--set"),
                              QStringLiteral("data.preprocessing=[{RandomCrop: {height: 250, width: 250}}]")});
        QCOMPARE(crop.exitCode, 1);
        QVERIFY2(crop.out.contains(QLatin1String("is larger than the image")), qPrintable(crop.out));
        const Run small = run({QStringLiteral("validate"), QStringLiteral("--dataset"), photos, QStringLiteral("--set"),
                               QStringLiteral("data.preprocessing=[{Resize: {height: 16, width: 16}}]")});
        QCOMPARE(small.exitCode, 1);
        QVERIFY2(small.out.contains(QLatin1String("smaller than the resnet18 model accepts")), qPrintable(small.out));
        const Run batch = run({QStringLiteral("validate"), QStringLiteral("--dataset"), photos, QStringLiteral("--set"),
                               QStringLiteral("data.dataloader.batch_size=32")});
        QCOMPARE(batch.exitCode, 1);
        QVERIFY2(batch.out.contains(QLatin1String("fewer than one batch")), qPrintable(batch.out));
    }

    void baselineWritesAnAlbumentationsFile()
    {
        const QString v1 = tmp.filePath(QStringLiteral("trivial1.json"));
        const Run one = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("trivial-augment"),
                             QStringLiteral("--output"), v1, QStringLiteral("--albumentations"), QStringLiteral("1"),
                             QStringLiteral("--image-size"), QStringLiteral("64")});
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QVERIFY(readBytes(v1).contains("\"__version__\": \"1.3.1\""));
        QVERIFY(readBytes(v1).contains("albumentations.core.composition.OneOf"));
        const QString v2 = tmp.filePath(QStringLiteral("rand2.json"));
        const Run two = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("rand-augment"),
                             QStringLiteral("--output"), v2, QStringLiteral("--float32")});
        QVERIFY2(two.exitCode == 0, qPrintable(two.err));
        QVERIFY(readBytes(v2).contains("\"__version__\": \"2.0.8\""));
        QVERIFY(readBytes(v2).contains("\"Affine\""));
        const Run unknown = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("autoaugment"),
                                 QStringLiteral("--output"), tmp.filePath(QStringLiteral("never.json"))});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("autoaugment")) && unknown.err.contains(QLatin1String("rand-augment")),
                 qPrintable(unknown.err));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("never.json"))));
    }

    void convertNeedsTheImageTypeWhereNoNormalizeSaysIt()
    {
        // A float32 rand-augment file for 1.x: Solarize at 0.7 of 1, and no Normalize.
        const QString float1 = tmp.filePath(QStringLiteral("rand1-float.json"));
        QCOMPARE(run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("rand-augment"),
                      QStringLiteral("--output"), float1, QStringLiteral("--albumentations"), QStringLiteral("1"),
                      QStringLiteral("--float32")})
                     .exitCode,
                 0);
        const QString asFloat = tmp.filePath(QStringLiteral("rand2-float.json"));
        const Run told = run({QStringLiteral("convert"), QStringLiteral("--policy"), float1, QStringLiteral("--output"),
                              asFloat, QStringLiteral("--albumentations"), QStringLiteral("2"), QStringLiteral("--float32")});
        QVERIFY2(told.exitCode == 0, qPrintable(told.err));
        QVERIFY2(!told.err.contains(QLatin1String("note")), qPrintable(told.err));
        QVERIFY2(readBytes(asFloat).contains("0.7"), readBytes(asFloat).constData());
        // Without --float32 it is read as uint8, and said so.
        const QString asBytes = tmp.filePath(QStringLiteral("rand2-uint8.json"));
        const Run guessed = run({QStringLiteral("convert"), QStringLiteral("--policy"), float1, QStringLiteral("--output"),
                                 asBytes, QStringLiteral("--albumentations"), QStringLiteral("2")});
        QVERIFY2(guessed.exitCode == 0, qPrintable(guessed.err));
        QVERIFY2(guessed.err.contains(QLatin1String("converted for uint8 images (give --float32 for float32 images)")),
                 qPrintable(guessed.err));
        QVERIFY2(!readBytes(asBytes).contains("0.7,"), readBytes(asBytes).constData());
    }

    void convertGivesAnOlder2xFileAlbumentationsXNames()
    {
        // A 2.x file written before AugStudio gave both names: converted to 2.x, it gains
        // AlbumentationsX 2.2's; converted again, nothing changes.
        const QString old = tmp.filePath(QStringLiteral("old-2x.json"));
        QFile file(old);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"__version__": "2.0.8", "transform": {"__class_fullname__": "Compose", "p": 1.0, "transforms": [
            {"__class_fullname__": "RandomBrightnessContrast", "p": 0.5, "brightness_limit": [0.3, 0.3],
             "contrast_limit": [0.0, 0.0], "brightness_by_max": true, "ensure_safe_range": false}]}})");
        file.close();
        const QString both = tmp.filePath(QStringLiteral("both-names.json"));
        const Run gained = run({QStringLiteral("convert"), QStringLiteral("--policy"), old, QStringLiteral("--output"),
                                both, QStringLiteral("--albumentations"), QStringLiteral("2")});
        QVERIFY2(gained.exitCode == 0, qPrintable(gained.err));
        QVERIFY2(gained.out.contains(QLatin1String("with the arguments AlbumentationsX 2.2 renamed under both names")),
                 qPrintable(gained.out));
        const QByteArray text = readBytes(both);
        QVERIFY2(text.contains("\"brightness_range\"") && text.contains("\"ensure_safe_output\""), text.constData());
        const Run again = run({QStringLiteral("convert"), QStringLiteral("--policy"), both, QStringLiteral("--output"),
                               tmp.filePath(QStringLiteral("again.json")), QStringLiteral("--albumentations"),
                               QStringLiteral("2")});
        QVERIFY2(again.exitCode == 0 && again.out.contains(QLatin1String("the same policy, unchanged")),
                 qPrintable(again.out + again.err));
    }

    void evaluateComparesEveryArm()
    {
        const QString policy = QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json");
        const QStringList tiny{QStringLiteral("--dataset"), dataset, QStringLiteral("--epochs"), QStringLiteral("1"),
                               QStringLiteral("--train-images"), QStringLiteral("16"),
                               QStringLiteral("--held-out-images"), QStringLiteral("8"), QStringLiteral("--threads"),
                               QStringLiteral("1")};
        const Run both = run(QStringList{QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                         QStringLiteral("--baseline"), QStringLiteral("none"),
                                         QStringLiteral("--baseline"), QStringLiteral("trivial-augment"),
                                         QStringLiteral("--repeats"), QStringLiteral("2")}
                             + tiny);
        QVERIFY2(both.exitCode == 0, qPrintable(both.out + both.err));
        QVERIFY2(both.out.contains(QLatin1String("trivial-augment")), qPrintable(both.out));
        QCOMPARE(both.out.count(QLatin1String("95% interval")), 1);
        QCOMPARE(both.out.count(QStringLiteral("augstudio.json - ")), 2); // one line per baseline
        QVERIFY2(!both.err.contains(QLatin1String("warning:")), qPrintable(both.err));
        // Not on a terminal: a line as each run of each arm ends, 2 repeats of 3 arms.
        const QRegularExpression runEnded(QStringLiteral("^run [12]/2  arm [123]/3 [a-z ]{8} .+  epoch 1/1  "
                                                         "accuracy [01]\\.\\d{4}$"),
                                          QRegularExpression::MultilineOption);
        QVERIFY2(both.err.count(runEnded) == 6, qPrintable(both.err));

        // A small dataset gives fewer images than the defaults: said only when a count was asked for.
        const QStringList small{QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                QStringLiteral("--dataset"), dataset, QStringLiteral("--epochs"), QStringLiteral("1"),
                                QStringLiteral("--threads"), QStringLiteral("1")};
        const Run defaults = run(small);
        QVERIFY2(defaults.exitCode == 0, qPrintable(defaults.out + defaults.err));
        QVERIFY2(!defaults.err.contains(QLatin1String("asked for")), qPrintable(defaults.err));
        const Run asked = run(small + QStringList{QStringLiteral("--held-out-images"), QStringLiteral("400")});
        QVERIFY2(asked.exitCode == 0, qPrintable(asked.out + asked.err));
        QVERIFY2(asked.err.contains(QLatin1String("of the")) && asked.err.contains(QLatin1String("400 asked for")),
                 qPrintable(asked.err));
        const Run unknown = run(QStringList{QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                            QStringLiteral("--baseline"), QStringLiteral("cutmix")}
                                + tiny);
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("cutmix")) && unknown.err.contains(QLatin1String("rand-augment")),
                 qPrintable(unknown.err));
        const Run missing = run(QStringList{QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                            QStringLiteral("--policy"), tmp.filePath(QStringLiteral("nope.json"))}
                                + tiny);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(QLatin1String("nope.json")), qPrintable(missing.err));
    }

    // The result of a tiny evaluation: the table on standard output, the same as JSON in `json`.
    Run evaluateInto(const QString &json, const QStringList &more = {}) const
    {
        return run(QStringList{QStringLiteral("evaluate"), QStringLiteral("--policy"),
                               QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json"),
                               QStringLiteral("--baseline"), QStringLiteral("none"), QStringLiteral("--dataset"),
                               dataset, QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--train-images"),
                               QStringLiteral("16"), QStringLiteral("--held-out-images"), QStringLiteral("8"),
                               QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--json"), json}
                   + more);
    }

    static QJsonObject jsonOf(const QString &path)
    {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(readBytes(path), &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("%s: %s", qPrintable(path), qPrintable(error.errorString()));
        return document.object();
    }

    void evaluateWritesItsResultAsJson()
    {
        const QString json = tmp.filePath(QStringLiteral("evaluation/result.json"));
        QVERIFY(QDir().mkpath(QFileInfo(json).path()));
        const Run evaluated = evaluateInto(json, {QStringLiteral("--repeats"), QStringLiteral("2")});
        QVERIFY2(evaluated.exitCode == 0, qPrintable(evaluated.out + evaluated.err));
        const QJsonObject result = jsonOf(json);
        QCOMPARE(result.value(QLatin1String("complete")).toBool(false), true);
        QCOMPARE(result.value(QLatin1String("runs")).toInt(), 2);
        const QJsonObject settings = result.value(QLatin1String("settings")).toObject();
        QCOMPARE(settings.value(QLatin1String("dataset")).toString(), dataset);
        QCOMPARE(settings.value(QLatin1String("epochs")).toInt(), 1);
        QCOMPARE(settings.value(QLatin1String("train_images")).toInt(), 16);
        QCOMPARE(settings.value(QLatin1String("held_out_images")).toInt(), 8);
        QCOMPARE(settings.value(QLatin1String("seeds")).toArray(), QJsonArray({42, 43}));
        QCOMPARE(settings.value(QLatin1String("repeats")).toInt(), 2);
        QCOMPARE(settings.value(QLatin1String("model")).toString(), QStringLiteral("small"));
        QCOMPARE(settings.value(QLatin1String("threads")).toInt(), 1);

        // Every number as the table printed it (to its four places).
        const auto shown = [](double value) { return QString::asprintf("%.4f", value); };
        const QJsonArray arms = result.value(QLatin1String("arms")).toArray();
        QCOMPARE(arms.size(), 2);
        QCOMPARE(arms[0].toObject().value(QLatin1String("policy")).toString(),
                 QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json"));
        QCOMPARE(arms[1].toObject().value(QLatin1String("baseline")).toString(), QStringLiteral("none"));
        for (const QJsonValue &value : arms) {
            const QJsonObject arm = value.toObject();
            QStringList perSeed;
            for (const QJsonValue &score : arm.value(QLatin1String("scores")).toArray())
                perSeed << shown(score.toDouble());
            QCOMPARE(perSeed.size(), 2);
            const QString row = arm.value(QLatin1String("kind")).toString().leftJustified(9) + QLatin1Char(' ')
                                + arm.value(QLatin1String("name")).toString();
            const QRegularExpression line(QLatin1Char('^') + QRegularExpression::escape(row)
                                              + QStringLiteral(" +(\\S+) ± (\\S+) +(.+)$"),
                                          QRegularExpression::MultilineOption);
            const QRegularExpressionMatch printed = line.match(evaluated.out);
            QVERIFY2(printed.hasMatch(), qPrintable(row + QLatin1String(" in\n") + evaluated.out));
            QCOMPARE(printed.captured(1), shown(arm.value(QLatin1String("mean")).toDouble()));
            QCOMPARE(printed.captured(2), shown(arm.value(QLatin1String("std")).toDouble()));
            QCOMPARE(printed.captured(3), perSeed.join(QLatin1Char(' ')));
        }
        const QJsonArray comparisons = result.value(QLatin1String("comparisons")).toArray();
        QCOMPARE(comparisons.size(), 1);
        const QJsonObject comparison = comparisons[0].toObject();
        const QString pair = comparison.value(QLatin1String("policy")).toString() + QStringLiteral(" - ")
                             + comparison.value(QLatin1String("baseline")).toString();
        const QRegularExpression line(QLatin1Char('^') + QRegularExpression::escape(pair)
                                          + QStringLiteral(" +(\\S+) +\\[(\\S+), (\\S+)\\] +(.+)$"),
                                      QRegularExpression::MultilineOption);
        const QRegularExpressionMatch printed = line.match(evaluated.out);
        QVERIFY2(printed.hasMatch(), qPrintable(evaluated.out));
        // The table shows -0.00001 as +0.0000: compared as the numbers printed.
        for (const auto &[field, column] : {std::pair{"difference", 1}, std::pair{"low", 2}, std::pair{"high", 3}})
            QVERIFY2(std::abs(printed.captured(column).toDouble() - comparison.value(QLatin1String(field)).toDouble())
                         <= 0.00005,
                     field);
        const QMap<QString, QString> verdictWords{{QStringLiteral("no-difference"), QStringLiteral("no measurable difference")},
                                                  {QStringLiteral("inconclusive"), QStringLiteral("inconclusive")},
                                                  {QStringLiteral("policy-better"), QStringLiteral("the policy is better")},
                                                  {QStringLiteral("baseline-better"), QStringLiteral("the baseline is better")},
                                                  {QStringLiteral("too-few-held-out"), QStringLiteral("no verdict")}};
        const QString verdict = comparison.value(QLatin1String("verdict")).toString();
        QVERIFY2(verdictWords.contains(verdict), qPrintable(verdict));
        QVERIFY2(printed.captured(4).startsWith(verdictWords.value(verdict)), qPrintable(printed.captured(4)));
        const QJsonArray notes = result.value(QLatin1String("notes")).toArray();
        QVERIFY(!notes.isEmpty()); // 8 held-out images: no arm is called better
        QVERIFY(evaluated.out.contains(QStringLiteral("note: ") + notes[0].toString()));
        QCOMPARE(result.value(QLatin1String("warnings")).toArray().size(), 0);

        // A folder that is not there is said before the training, not after it.
        const QString nowhere = tmp.filePath(QStringLiteral("no-such-folder/result.json"));
        const Run refused = evaluateInto(nowhere);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QLatin1String("there is no folder")) && refused.out.isEmpty(),
                 qPrintable(refused.out + refused.err));
    }

    void anInterruptedEvaluationWritesTheRunsItFinished()
    {
        // Stopped after its first run: the file holds the runs that finished, and says so.
        const QString json = tmp.filePath(QStringLiteral("interrupted-evaluation/result.json"));
        QVERIFY(QDir().mkpath(QFileInfo(json).path()));
        QProcess process;
        process.start(QStringLiteral(AUGSTUDIO_CLI),
                      {QStringLiteral("evaluate"), QStringLiteral("--policy"),
                       QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json"), QStringLiteral("--baseline"),
                       QStringLiteral("none"), QStringLiteral("--dataset"), dataset, QStringLiteral("--epochs"),
                       QStringLiteral("1"), QStringLiteral("--train-images"), QStringLiteral("16"),
                       QStringLiteral("--held-out-images"), QStringLiteral("8"), QStringLiteral("--threads"),
                       QStringLiteral("1"), QStringLiteral("--repeats"), QStringLiteral("1000"), QStringLiteral("--json"),
                       json});
        QVERIFY(process.waitForStarted());
        QString err;
        QElapsedTimer waited;
        waited.start();
        // The line that ends the first run's last arm: that run counts.
        while (!err.contains(QLatin1String("run 1/1000  arm 2/2")) && waited.elapsed() < 60000) {
            process.waitForReadyRead(100);
            err += QString::fromUtf8(process.readAllStandardError());
        }
        QVERIFY2(err.contains(QLatin1String("run 1/1000  arm 2/2")), qPrintable(err));
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        err += QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 130, qPrintable(err));
        // The notice search gives, in evaluate's words; a log's line is not ended by an empty one.
        QVERIFY2(err.contains(QLatin1String("\nCtrl-C: stopping before the next batch; the run in progress is left "
                                            "out (Ctrl-C again to quit at once)\n"))
                     && !err.contains(QLatin1String("\n\nCtrl-C")),
                 qPrintable(err));
        const QJsonObject result = jsonOf(json);
        QCOMPARE(result.value(QLatin1String("complete")).toBool(true), false);
        const int runs = result.value(QLatin1String("runs")).toInt();
        QVERIFY2(runs >= 1 && runs < 1000, qPrintable(QString::number(runs)));
        QCOMPARE(result.value(QLatin1String("settings")).toObject().value(QLatin1String("seeds")).toArray().size(), runs);
        for (const QJsonValue &arm : result.value(QLatin1String("arms")).toArray())
            QCOMPARE(arm.toObject().value(QLatin1String("scores")).toArray().size(), runs);
        QCOMPARE(QDir(QFileInfo(json).path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("result.json")});
    }

    void anEvaluationAnErrorStopsReportsTheRunsItFinished()
    {
        // A CoarseDropout hole of 40 px, drawn for 2 % of the images, does not fit the 32 px
        // images: the first run passes (the seed is chosen so), a later one fails. The finished
        // runs are shown and written as after a Ctrl-C, then the error names image and transform.
        const QString policy = tmp.filePath(QStringLiteral("hole-too-large.json"));
        QFile file(policy);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"__version__": "1.3.1", "transform": {
            "__class_fullname__": "albumentations.core.composition.Compose", "additional_targets": {},
            "bbox_params": null, "keypoint_params": null, "p": 1.0, "transforms": [{
            "__class_fullname__": "albumentations.augmentations.dropout.coarse_dropout.CoarseDropout",
            "always_apply": false, "p": 0.02, "max_holes": 1, "min_holes": 1, "max_height": 40,
            "min_height": 40, "max_width": 40, "min_width": 40, "fill_value": 0}]}})");
        file.close();
        const QString json = tmp.filePath(QStringLiteral("failed-evaluation/result.json"));
        QVERIFY(QDir().mkpath(QFileInfo(json).path()));
        const Run failed = run({QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                QStringLiteral("--baseline"), QStringLiteral("none"), QStringLiteral("--dataset"),
                                dataset, QStringLiteral("--epochs"), QStringLiteral("1"),
                                QStringLiteral("--train-images"), QStringLiteral("16"),
                                QStringLiteral("--held-out-images"), QStringLiteral("8"), QStringLiteral("--threads"),
                                QStringLiteral("1"), QStringLiteral("--repeats"), QStringLiteral("20"),
                                QStringLiteral("--json"), json});
        QVERIFY2(failed.exitCode == 1, qPrintable(failed.out + failed.err));
        QVERIFY2(failed.out.contains(QLatin1String("per seed")) && failed.out.contains(QLatin1String("hole-too-large.json - none")),
                 qPrintable(failed.out));
        const QRegularExpression stopped(QStringLiteral("stopped by an error after (\\d+) of 20 run\\(s\\)"));
        const QRegularExpressionMatch match = stopped.match(failed.out);
        QVERIFY2(match.hasMatch(), qPrintable(failed.out));
        const QRegularExpression error(QStringLiteral("augstudio-cli: \\S+\\.png: \\S*hole-too-large\\.json: "
                                                      "transform\\.transforms\\[0\\]: CoarseDropout: "));
        QVERIFY2(failed.err.contains(error), qPrintable(failed.err));

        const QJsonObject result = jsonOf(json);
        QCOMPARE(result.value(QLatin1String("complete")).toBool(true), false);
        const int runs = result.value(QLatin1String("runs")).toInt();
        QVERIFY2(runs >= 1 && runs == match.captured(1).toInt(), qPrintable(QString::number(runs)));
        for (const QJsonValue &arm : result.value(QLatin1String("arms")).toArray())
            QCOMPARE(arm.toObject().value(QLatin1String("scores")).toArray().size(), runs);
        QVERIFY2(result.value(QLatin1String("error")).toString().contains(QLatin1String("CoarseDropout")),
                 qPrintable(result.value(QLatin1String("error")).toString()));
    }

    void evaluateRefusesAJsonThatIsAPolicy()
    {
        // The report would replace the policy file, however the path is spelled.
        const QString policy = tmp.filePath(QStringLiteral("kept-policy.json"));
        QVERIFY(QFile::copy(QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json"), policy));
        const QByteArray before = readBytes(policy);
        const QString sameFile = tmp.filePath(QStringLiteral("./kept-policy.json"));
        const Run refused = run({QStringLiteral("evaluate"), QStringLiteral("--policy"), flipShiftPolicy(),
                                 QStringLiteral("--policy"), policy, QStringLiteral("--dataset"), dataset,
                                 QStringLiteral("--json"), sameFile});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QStringLiteral("--json ") + sameFile + QStringLiteral(" is the --policy file ")
                                      + policy),
                 qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
        QCOMPARE(readBytes(policy), before);
    }

    void evaluateRefusesSeedsPastTheLast()
    {
        // Repeat r trains with seed + r: the second seed after 2^64 - 1 would wrap to 0.
        const QStringList evaluate{QStringLiteral("evaluate"), QStringLiteral("--policy"), flipShiftPolicy(),
                                   QStringLiteral("--dataset"), dataset, QStringLiteral("--seed"),
                                   QStringLiteral("18446744073709551615")};
        const Run refused = run(evaluate + QStringList{QStringLiteral("--repeats"), QStringLiteral("2")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QLatin1String("--seed 18446744073709551615 with --repeats 2 passes 2^64 - 1")),
                 qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
    }

    void evaluateSaysEachRunInALog()
    {
        // A log or CI, where no line is rewritten: the runs as they end, before the table.
        const QString policy = QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/policies/augstudio.json");
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(AUGSTUDIO_CLI),
                      {QStringLiteral("evaluate"), QStringLiteral("--policy"), policy, QStringLiteral("--baseline"),
                       QStringLiteral("none"), QStringLiteral("--dataset"), dataset, QStringLiteral("--epochs"),
                       QStringLiteral("1"), QStringLiteral("--train-images"), QStringLiteral("16"),
                       QStringLiteral("--held-out-images"), QStringLiteral("8"), QStringLiteral("--repeats"),
                       QStringLiteral("1"), QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY(process.waitForFinished(120000));
        const QString out = QString::fromUtf8(process.readAll());
        QVERIFY2(process.exitCode() == 0, qPrintable(out));
        const qsizetype policyRun = out.indexOf(QStringLiteral("run 1/1  arm 1/2 policy   ") + policy
                                                + QStringLiteral("  epoch 1/1  accuracy "));
        const qsizetype baselineRun =
            out.indexOf(QStringLiteral("run 1/1  arm 2/2 baseline none  epoch 1/1  accuracy "));
        const qsizetype table = out.indexOf(QRegularExpression(QStringLiteral("\narm +name +accuracy")));
        QVERIFY2(policyRun >= 0 && baselineRun > policyRun && table > baselineRun, qPrintable(out));
        QVERIFY2(!out.contains(QLatin1Char('\r')), qPrintable(out));
    }

    void badInputIsNamed()
    {
        const Run unknown = run({QStringLiteral("serch")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QLatin1String("unknown command 'serch'")), qPrintable(unknown.err));

        const Run option = run({QStringLiteral("validate"), QStringLiteral("--datset"), dataset});
        QCOMPARE(option.exitCode, 2);
        QVERIFY2(option.err.contains(QLatin1String("--datset")), qPrintable(option.err));

        // Shortcut options are named as typed, and a negative count is not taken as "all".
        for (const QStringList &bad : {QStringList{QStringLiteral("--epochs"), QStringLiteral("0")},
                                       QStringList{QStringLiteral("--epochs"), QStringLiteral("abc")},
                                       QStringList{QStringLiteral("--steps-per-epoch"), QStringLiteral("-3")}}) {
            const Run search = run(QStringList{QStringLiteral("search"), QStringLiteral("--dataset"), dataset,
                                               QStringLiteral("--output"), tmp.filePath(QStringLiteral("never_run"))}
                                   + bad);
            QCOMPARE(search.exitCode, 2);
            QVERIFY2(search.err.contains(bad.front()) && !search.err.contains(QLatin1String("--set")), qPrintable(search.err));
        }
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("never_run"))));

        const QString missing = tmp.filePath(QStringLiteral("no-such-folder"));
        const Run folder = run({QStringLiteral("validate"), QStringLiteral("--dataset"), missing});
        QVERIFY(folder.exitCode != 0);
        QVERIFY2((folder.out + folder.err).contains(missing), qPrintable(folder.out + folder.err));

        // A YAML error names the file and the line.
        const QString yaml = tmp.filePath(QStringLiteral("broken.yaml"));
        QFile file(yaml);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("policy_model:\n  num_sub_policies: 4\n  temperature: [oops\n");
        file.close();
        const Run syntax = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset,
                                QStringLiteral("--config"), yaml});
        QVERIFY(syntax.exitCode != 0);
        // file:line, where the parser noticed: the unclosed list of line 3 at the end of the file
        const QRegularExpression where(QRegularExpression::escape(yaml) + QStringLiteral(":[34]: .*YAML"));
        QVERIFY2(where.match(syntax.err).hasMatch(), qPrintable(syntax.err));

        // An out-of-range value names its key; so does an unknown operation.
        const Run range = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset, QStringLiteral("--set"),
                               QStringLiteral("policy_model.num_sub_policies=0")});
        QVERIFY(range.exitCode != 0);
        QVERIFY2(range.err.contains(QLatin1String("policy_model.num_sub_policies")), qPrintable(range.err));
        const Run operation = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset,
                                   QStringLiteral("--set"),
                                   QStringLiteral("policy_model.operations=[{_target_: Sharpen}]")});
        QVERIFY(operation.exitCode != 0);
        QVERIFY2(operation.err.contains(QLatin1String("Sharpen")), qPrintable(operation.err));

        // Nothing is written for a search that cannot start.
        const QString output = tmp.filePath(QStringLiteral("never"));
        const Run search = run({QStringLiteral("search"), QStringLiteral("--dataset"), missing,
                                QStringLiteral("--output"), output});
        QVERIFY(search.exitCode != 0);
        QVERIFY(!QFile::exists(testsupport::searchFiles(output).latestPolicy));
    }

    void searchWritesEachEpochsPolicyAndResumes()
    {
        const QString output = tmp.filePath(QStringLiteral("run"));
        const Run first = run(tinySearch(output, 2));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY2(first.out.contains(QLatin1String("epoch 2 done")), qPrintable(first.out));
        // The default preprocessing's reason is said also when it chose none.
        QVERIFY2(first.out.contains(QLatin1String("no preprocessing needed")), qPrintable(first.out));
        QVERIFY(QFile::exists(policyOf(output, 1)));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), readBytes(policyOf(output, 2)));
        QVERIFY(!QJsonDocument::fromJson(readBytes(policyOf(output, 2))).isNull());
        const QList<QByteArray> rows = readBytes(testsupport::searchFiles(output).metrics).trimmed().split('\n');
        QCOMPARE(rows.size(), 1 + 2 * 2 + 2); // header, 2 steps and 1 epoch row per epoch

        // --steps-per-epoch is recorded and kept: a resume without it ran every batch.
        QVERIFY(readBytes(output + QStringLiteral("/config.yaml")).contains("  steps_per_epoch: 2\n"));
        const Run resumed = run({QStringLiteral("search"), QStringLiteral("--resume"), output,
                                 QStringLiteral("--epochs"), QStringLiteral("3")});
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.out.contains(QLatin1String("epoch 3 done")), qPrintable(resumed.out));
        // Only epoch 3 is run; the earlier epochs are recalled, not repeated, and said as such.
        QVERIFY2(resumed.out.contains(QLatin1String("epoch 2 (searched before): loss "))
                     && !resumed.out.contains(QLatin1String("epoch 2 done")),
                 qPrintable(resumed.out));
        QVERIFY2(resumed.out.contains(QLatin1String("epoch 3/3 step 1/2")), qPrintable(resumed.out));
        QVERIFY2(!resumed.out.contains(QLatin1String("epoch 1/3 step")), qPrintable(resumed.out));
        QCOMPARE(readBytes(testsupport::searchFiles(output).latestPolicy), readBytes(policyOf(output, 3)));
        // What the command line changes against the search's config is said, key by key.
        QVERIFY2(resumed.err.contains(QLatin1String("the resumed search differs from"))
                     && resumed.err.contains(QLatin1String("trainer.max_epochs: 2 -> 3")),
                 qPrintable(resumed.err));

        // Continuing a finished search without more epochs did nothing and wrote the lower
        // max_epochs into config.yaml; now it is refused, and the folder is as it was.
        const QByteArray config = readBytes(output + QStringLiteral("/config.yaml"));
        const Run idle = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                              QStringLiteral("2")});
        QCOMPARE(idle.exitCode, 1);
        QVERIFY2(idle.err.contains(QLatin1String("has finished 3 epochs and trainer.max_epochs is 2: nothing is left to "
                                                 "search; raise it (--epochs on the command line) to 4 or more")),
                 qPrintable(idle.err));
        // Refused before the changes are listed: they will not be recorded.
        QVERIFY2(!idle.err.contains(QLatin1String("differs from")), qPrintable(idle.err));
        QCOMPARE(readBytes(output + QStringLiteral("/config.yaml")), config);

        // The dataset moved: config.yaml's key is named, and --dataset offered.
        QByteArray moved = config;
        const QByteArray root = "    root: ";
        const int at = moved.indexOf(root);
        QVERIFY(at >= 0);
        moved.insert(moved.indexOf('\n', at), "-moved");
        QFile file(output + QStringLiteral("/config.yaml"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(moved);
        file.close();
        const Run lost = run({QStringLiteral("search"), QStringLiteral("--resume"), output, QStringLiteral("--epochs"),
                              QStringLiteral("4")});
        QCOMPARE(lost.exitCode, 1);
        QVERIFY2(lost.err.contains(QLatin1String("-moved (data.dataset.root in ")) && lost.err.contains(QLatin1String("--dataset FOLDER"))
                     && !lost.err.contains(QLatin1String("differs from")),
                 qPrintable(lost.err));
        QCOMPARE(readBytes(output + QStringLiteral("/config.yaml")), moved);
    }

    void ctrlCStopsAndKeepsTheLastPolicy_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<QString>("named");
        QTest::addColumn<QString>("quit"); // the same signal again: the other one is another request
        QTest::newRow("Ctrl-C") << int(SIGINT) << "Ctrl-C" << "Ctrl-C again to quit at once";
        QTest::newRow("SIGTERM") << int(SIGTERM) << "SIGTERM" // kill, timeout, docker stop, a scheduler
                                 << "send SIGTERM again to quit at once";
    }

    void ctrlCStopsAndKeepsTheLastPolicy()
    {
        QFETCH(int, signal);
        QFETCH(QString, named);
        QFETCH(QString, quit);
        const QString output = tmp.filePath(QStringLiteral("interrupted-") + named);
        QProcess process;
        process.start(QStringLiteral(AUGSTUDIO_CLI), tinySearch(output, 500));
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(policyOf(output, 1)), 60000);
        QVERIFY(process.state() == QProcess::Running);
        // Twice, as `timeout` sends it (to the program, then to its group): one request.
        ::kill(static_cast<pid_t>(process.processId()), signal);
        QTest::qWait(20);
        ::kill(static_cast<pid_t>(process.processId()), signal);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.contains(QLatin1String("stopped")), qPrintable(out));
        // Acknowledged for the signal that came; in a log, with no empty line before it.
        const QString err = QString::fromUtf8(process.readAllStandardError());
        const qsizetype notice =
            err.indexOf(named + QLatin1String(": stopping after this step (") + quit + QLatin1String(")\n"));
        QVERIFY2(notice >= 0, qPrintable(err));
        QVERIFY2(!err.left(notice).endsWith(QLatin1String("\n\n")) && err.left(notice) != QLatin1String("\n"),
                 qPrintable(err));

        // latest.json is whole and is the last finished epoch's policy.
        int last = 1;
        while (QFile::exists(policyOf(output, last + 1)))
            ++last;
        QVERIFY(last < 500);
        const QByteArray latest = readBytes(testsupport::searchFiles(output).latestPolicy);
        QCOMPARE(latest, readBytes(policyOf(output, last)));
        QVERIFY(!QJsonDocument::fromJson(latest).isNull());
        QVERIFY(QFile::exists(testsupport::searchFiles(output).checkpoint));
    }

    void aSearchStoppedBeforeItsFirstEpochExitsWith130()
    {
        // A zero would tell a script's next command that there is a policy to train with.
        const QString output = tmp.filePath(QStringLiteral("stopped-early"));
        // Hundreds of steps to an epoch: the stop comes long before the first one ends.
        const QString longEpoch = tmp.filePath(QStringLiteral("long-epoch"));
        testsupport::makeIdxDataset(longEpoch.toStdString(), "train", 4000, 28, 28, 2, false);
        QProcess process;
        process.start(QStringLiteral(AUGSTUDIO_CLI), testsupport::tinySearchArguments(longEpoch, output, 1, 3, 8, 100000)
                                                         << QStringLiteral("--set") << QStringLiteral("trainer.threads=1"));
        QVERIFY(process.waitForStarted());
        const auto files = testsupport::searchFiles(output);
        QTRY_VERIFY_WITH_TIMEOUT(readBytes(files.metrics).contains("\nstep,"), 60000);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(process.exitCode() == 130, qPrintable(out + QString::fromUtf8(process.readAllStandardError())));
        QVERIFY2(out.contains(QLatin1String("no epoch finished in this run, so it saved no policy")), qPrintable(out));
        QVERIFY(!QFile::exists(files.latestPolicy));
    }

    void applyRenderAndConfigWriteFiles()
    {
        const QString policy = testsupport::searchFiles(tmp.filePath(QStringLiteral("run"))).latestPolicy;
        QVERIFY2(QFile::exists(policy), "searchWritesEachEpochsPolicyAndResumes runs first");
        const QString image = dataset + QStringLiteral("/class_0/img_0.png");

        const QString applied = tmp.filePath(QStringLiteral("applied"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), policy, QStringLiteral("--input"),
                               image, QStringLiteral("--output"), applied, QStringLiteral("--count"),
                               QStringLiteral("3")});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QCOMPARE(QDir(applied).entryList(QDir::Files).size(), 3);

        const QString rendered = tmp.filePath(QStringLiteral("rotated.png"));
        const QString exported = tmp.filePath(QStringLiteral("rotate.json"));
        const Run render = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.75"),
                                QStringLiteral("--image"), image, QStringLiteral("--out"), rendered,
                                QStringLiteral("--export"), exported});
        QVERIFY2(render.exitCode == 0, qPrintable(render.err));
        QVERIFY(!cv::imread(rendered.toStdString()).empty());
        // Albumentations 2.x unless asked otherwise: Affine, not ShiftScaleRotate.
        QVERIFY(readBytes(exported).contains("\"Affine\""));
        QVERIFY(readBytes(exported).contains("\"2.0.8\""));
        const QString exported1 = tmp.filePath(QStringLiteral("rotate1.json"));
        const Run render1 = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                 QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.75"),
                                 QStringLiteral("--image"), image, QStringLiteral("--out"), rendered,
                                 QStringLiteral("--export"), exported1, QStringLiteral("--albumentations"),
                                 QStringLiteral("1")});
        QVERIFY2(render1.exitCode == 0, qPrintable(render1.err));
        QVERIFY(readBytes(exported1).contains("albumentations.augmentations.transforms.ShiftScaleRotate"));
        // A flag reads as a config reads it: yes/no as well as true/false.
        const QString shifted = tmp.filePath(QStringLiteral("shift-green.json"));
        const Run flagged = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                 QStringLiteral("ShiftRGB"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                 QStringLiteral("--set"), QStringLiteral("shift_g=yes"), QStringLiteral("--image"), image,
                                 QStringLiteral("--out"), rendered, QStringLiteral("--export"), shifted});
        QVERIFY2(flagged.exitCode == 0, qPrintable(flagged.err));
        QVERIFY(readBytes(shifted).contains("\"RGBShift\""));
        const Run badTarget = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                   QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                   QStringLiteral("--image"), image, QStringLiteral("--out"), rendered,
                                   QStringLiteral("--albumentations"), QStringLiteral("3")});
        QCOMPARE(badTarget.exitCode, 2);
        QVERIFY2(badTarget.err.contains(QLatin1String("--albumentations")), qPrintable(badTarget.err));

        // convert: the search's 2.x policy as a 1.x file, and back.
        const QString policy1 = tmp.filePath(QStringLiteral("policy1.json"));
        const Run convert = run({QStringLiteral("convert"), QStringLiteral("--policy"), policy, QStringLiteral("--output"),
                                 policy1, QStringLiteral("--albumentations"), QStringLiteral("1")});
        QVERIFY2(convert.exitCode == 0, qPrintable(convert.err));
        QVERIFY(readBytes(policy).contains("\"__version__\": \"2.0.8\""));
        QVERIFY(readBytes(policy1).contains("\"__version__\": \"1.3.1\""));
        QVERIFY(readBytes(policy1).contains("albumentations.core.composition.Compose"));
        const Run applyConverted = run({QStringLiteral("apply"), QStringLiteral("--policy"), policy1,
                                        QStringLiteral("--input"), image, QStringLiteral("--output"),
                                        tmp.filePath(QStringLiteral("applied1")), QStringLiteral("--count"),
                                        QStringLiteral("2")});
        QVERIFY2(applyConverted.exitCode == 0, qPrintable(applyConverted.err));
        const Run notAPolicy = run({QStringLiteral("convert"), QStringLiteral("--policy"), rendered,
                                    QStringLiteral("--output"), tmp.filePath(QStringLiteral("never.json")),
                                    QStringLiteral("--albumentations"), QStringLiteral("2")});
        QCOMPARE(notAPolicy.exitCode, 1);
        QVERIFY2(notAPolicy.err.contains(rendered), qPrintable(notAPolicy.err));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("never.json"))));
        const QString deep = tmp.filePath(QStringLiteral("deep.json"));
        {
            const QByteArray nested = QByteArray(R"({"__class_fullname__": "Compose", "p": 1.0, "transforms": [)").repeated(10000)
                                      + R"({"__class_fullname__": "NoOp", "p": 1.0})" + QByteArray("]}").repeated(10000);
            QFile file(deep);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(R"({"__version__": "1.3.1", "transform": )" + nested + "}");
        }
        const Run tooDeep = run({QStringLiteral("convert"), QStringLiteral("--policy"), deep, QStringLiteral("--output"),
                                 tmp.filePath(QStringLiteral("never.json")), QStringLiteral("--albumentations"),
                                 QStringLiteral("2")});
        QCOMPARE(tooDeep.exitCode, 1);
        QVERIFY2(tooDeep.err.contains(deep) && tooDeep.err.contains(QLatin1String("nested more than")),
                 qPrintable(tooDeep.err));
        const Run unknownOp = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                   QStringLiteral("Sharpen"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                   QStringLiteral("--image"), image, QStringLiteral("--out"),
                                   tmp.filePath(QStringLiteral("never.png"))});
        QVERIFY(unknownOp.exitCode != 0);
        QVERIFY2(unknownOp.err.contains(QLatin1String("Sharpen")), qPrintable(unknownOp.err));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("never.png"))));
        // An --export that cannot be written: the image is not written either.
        const Run halfDone = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                  QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                  QStringLiteral("--image"), image, QStringLiteral("--out"),
                                  tmp.filePath(QStringLiteral("never.png")), QStringLiteral("--export"),
                                  tmp.filePath(QStringLiteral("no-folder/t.json"))});
        QCOMPARE(halfDone.exitCode, 1);
        QVERIFY2(halfDone.err.contains(QLatin1String("there is no folder")), qPrintable(halfDone.err));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("never.png"))));

        // validate --quick decodes a sample; classes are still counted in full.
        const Run quick = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset, QStringLiteral("--quick"),
                               QStringLiteral("--set"), QStringLiteral("data.dataset.limit=0")});
        QVERIFY2(quick.exitCode == 0, qPrintable(quick.out + quick.err));
        QVERIFY2(quick.out.contains(QLatin1String("images: 24\n")), qPrintable(quick.out));
        QVERIFY2(!quick.out.contains(QLatin1String("checked:")), "24 images are fewer than the sample: all decoded");

        // `config` prints a config that the CLI reads back.
        const Run config = run({QStringLiteral("config")});
        QCOMPARE(config.exitCode, 0);
        const QString saved = tmp.filePath(QStringLiteral("default.yaml"));
        QFile file(saved);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(config.out.toUtf8());
        file.close();
        const Run validate = run({QStringLiteral("validate"), QStringLiteral("--dataset"), dataset,
                                  QStringLiteral("--config"), saved});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
    }

    void outputThatDoesNotReachItsFileFailsTheCommand()
    {
        // `config > search.yaml` on a full disk exited 0 with the file cut short.
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full on this system");
        QProcess process;
        process.setStandardOutputFile(QStringLiteral("/dev/full"));
        process.start(QStringLiteral(AUGSTUDIO_CLI), {QStringLiteral("config")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QVERIFY2(err.contains(QLatin1String("standard output could not be written")), qPrintable(err));
    }

    void validateSaysARunOfEmptyIdsInOneLine()
    {
        // Labels 0..2 and one stray 200: 201 classes, 197 of them empty, were 201 lines.
        const QString folder = tmp.filePath(QStringLiteral("validate-stray-label"));
        QDir().mkpath(folder);
        std::vector<unsigned char> pixels(30 * 8 * 8, 128), labels;
        for (int i = 0; i < 30; ++i)
            labels.push_back(static_cast<unsigned char>(i == 0 ? 200 : i % 3));
        testsupport::writeIdxFile(folder.toStdString() + "/train-images-idx3-ubyte", {30, 8, 8}, pixels, false);
        testsupport::writeIdxFile(folder.toStdString() + "/train-labels-idx1-ubyte", {30}, labels, false);
        const Run validated = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder});
        QVERIFY2(validated.out.contains(QLatin1String("classes: 201\n  0: 9\n  1: 10\n  2: 10\n  3..199: 0 each\n  200: 1\n")),
                 qPrintable(validated.out));
    }

    void validateCountsWhatTheSearchReads()
    {
        // A file that does not decode is skipped by the search: validate counts it apart,
        // in the totals, the class counts and the batch check.
        const QString folder = tmp.filePath(QStringLiteral("validate-unreadable"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 4, 32);
        testsupport::writeGarbage(folder.toStdString() + "/class_0/broken.png");
        const Run fits = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                              QStringLiteral("data.dataloader.batch_size=8")});
        QVERIFY2(fits.exitCode == 0, qPrintable(fits.out + fits.err));
        QVERIFY2(fits.out.contains(QLatin1String("images: 8 (of 9 files; the search skips 1 unreadable)\n")),
                 qPrintable(fits.out));
        QVERIFY2(fits.out.contains(QLatin1String("  class_0: 4\n  class_1: 4\n")), qPrintable(fits.out));
        const Run tooFew = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                                QStringLiteral("data.dataloader.batch_size=10")});
        QCOMPARE(tooFew.exitCode, 1);
        QVERIFY2(tooFew.out.contains(QLatin1String("has 8 images, fewer than one batch")), qPrintable(tooFew.out));

        // A class whose files all fail to decode is learnt from nothing; with one class left, an error.
        const QString oneClass = tmp.filePath(QStringLiteral("validate-one-readable-class"));
        testsupport::makeImageFolderDataset(oneClass.toStdString(), 1, 8, 32);
        for (int i = 0; i < 3; ++i)
            testsupport::writeGarbage(oneClass.toStdString() + "/broken/" + std::to_string(i) + ".png");
        const Run lonely = run({QStringLiteral("validate"), QStringLiteral("--dataset"), oneClass, QStringLiteral("--set"),
                                QStringLiteral("data.dataloader.batch_size=8")});
        QCOMPARE(lonely.exitCode, 1);
        QVERIFY2(lonely.out.contains(QLatin1String("warning: class 'broken' has no image the search can read")),
                 qPrintable(lonely.out));
        QVERIFY2(lonely.out.contains(QLatin1String("error: only 1 class has images the search can read")),
                 qPrintable(lonely.out));

        // A file name's escape sequence and line break are shown escaped, the warning on one line.
        testsupport::writeGarbage(folder.toStdString() + "/class_1/red\x1b[31m\nname.png");
        const Run named = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                               QStringLiteral("data.dataloader.batch_size=8")});
        QVERIFY2(!named.out.contains(QChar(0x1b)), qPrintable(named.out));
        QVERIFY2(named.out.contains(QLatin1String("red\\x1b[31m\\x0aname.png")), qPrintable(named.out));
    }

    void validateQuickSaysItsUnreadableCountIsTheSamples()
    {
        // --quick decodes a sample of 256: its unreadable count was given as the dataset's
        // ("images: 599 (of 600 files; the search skips 1 unreadable)" where 5 were).
        const QString folder = tmp.filePath(QStringLiteral("validate-quick-counts"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 150, 8);
        for (int i = 0; i < 100; ++i)
            testsupport::writeGarbage(folder.toStdString() + "/class_" + std::to_string(i % 2) + "/broken-"
                                      + std::to_string(i) + ".png");
        const QString json = tmp.filePath(QStringLiteral("validate-quick-counts.json"));
        const Run quick = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--quick"),
                               QStringLiteral("--json"), json});
        QVERIFY2(quick.out.contains(QLatin1String("images: 400 files (")), qPrintable(quick.out));
        QVERIFY2(quick.out.contains(QLatin1String("unreadable among the 256 checked")), qPrintable(quick.out));
        const QJsonObject facts = jsonOf(json).value(QLatin1String("dataset")).toObject();
        QCOMPARE(facts.value(QLatin1String("files")).toInt(), 400);
        QVERIFY(facts.value(QLatin1String("images")).isNull());
        QVERIFY(facts.value(QLatin1String("unreadable")).isNull());
        const int sampled = facts.value(QLatin1String("unreadable_in_sample")).toInt(-1);
        QVERIFY2(sampled > 0 && sampled < 100, qPrintable(readBytes(json)));
        QCOMPARE(facts.value(QLatin1String("inspected")).toInt(), 256);
    }

    void validateWritesItsReportAsJson()
    {
        // The facts, errors and warnings a script needs, with the file each is about.
        const QString folder = tmp.filePath(QStringLiteral("validate-json"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 4, 32);
        testsupport::writeGarbage(folder.toStdString() + "/class_0/broken.png");
        // A file name that is not UTF-8 (Linux allows any bytes) still gives valid JSON.
        const std::string latin1 = folder.toStdString() + "/class_1/latin1-\xe9.png";
        testsupport::writeGarbage(latin1);
        // QTemporaryDir reads names as UTF-8, and cannot remove this one.
        const auto removed = qScopeGuard([&latin1] { std::remove(latin1.c_str()); });
        const QString json = tmp.filePath(QStringLiteral("validate-json.json"));
        const Run checked = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                                 QStringLiteral("data.dataloader.batch_size=10"), QStringLiteral("--json"), json});
        QCOMPARE(checked.exitCode, 1);
        const QJsonObject report = jsonOf(json);
        QCOMPARE(report.value(QLatin1String("valid")).toBool(true), false);
        const QJsonArray errors = report.value(QLatin1String("errors")).toArray();
        QCOMPARE(errors.size(), 1);
        QVERIFY(errors.at(0).toObject().value(QLatin1String("message")).toString().contains(
            QLatin1String("fewer than one batch")));
        const QJsonArray warnings = report.value(QLatin1String("warnings")).toArray();
        const auto warned = [&](const QString &file) {
            for (const QJsonValue &warning : warnings)
                if (warning.toObject().value(QLatin1String("file")).toString() == file)
                    return true;
            return false;
        };
        QVERIFY2(warned(folder + QStringLiteral("/class_0/broken.png")), qPrintable(readBytes(json)));
        // Its byte that is not UTF-8 written \xNN, as the text report prints it, not U+FFFD: the
        // name a script reads finds the file.
        const QString escaped = folder + QStringLiteral("/class_1/latin1-\\xe9.png");
        QVERIFY2(warned(escaped), qPrintable(readBytes(json)));
        QVERIFY2(checked.out.contains(escaped), qPrintable(checked.out));
        QVERIFY2(!readBytes(json).contains("\xEF\xBF\xBD"), qPrintable(readBytes(json))); // no U+FFFD
        for (const QJsonValue &warning : warnings)
            if (warning.toObject().value(QLatin1String("file")).toString() == escaped)
                QVERIFY2(warning.toObject().value(QLatin1String("message")).toString().contains(escaped),
                         qPrintable(readBytes(json)));
        const QJsonObject facts = report.value(QLatin1String("dataset")).toObject();
        QCOMPARE(facts.value(QLatin1String("layout")).toString(), QStringLiteral("image_folder"));
        QCOMPARE(facts.value(QLatin1String("files")).toInt(), 10);
        QCOMPARE(facts.value(QLatin1String("images")).toInt(), 8);
        QCOMPARE(facts.value(QLatin1String("unreadable")).toInt(), 2);
        const QJsonArray classes = facts.value(QLatin1String("classes")).toArray();
        QCOMPARE(classes.size(), 2);
        QCOMPARE(classes.at(1).toObject().value(QLatin1String("name")).toString(), QStringLiteral("class_1"));
        QCOMPARE(classes.at(1).toObject().value(QLatin1String("images")).toInt(), 4);
        QCOMPARE(facts.value(QLatin1String("width")).toObject().value(QLatin1String("max")).toInt(), 32);
        QVERIFY(report.value(QLatin1String("model")).toObject().value(QLatin1String("parameters")).toDouble() > 1000);
        QCOMPARE(report.value(QLatin1String("preprocessing")).toObject().value(QLatin1String("output_size"))
                     .toObject().value(QLatin1String("width")).toInt(),
                 32);

        // The same dataset in batches it fills: valid.
        const Run fits = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                              QStringLiteral("data.dataloader.batch_size=8"), QStringLiteral("--json"), json});
        QCOMPARE(fits.exitCode, 0);
        QCOMPARE(jsonOf(json).value(QLatin1String("valid")).toBool(false), true);

        // A config that does not load: its problems with their line and key, and the usual message.
        const QString config = tmp.filePath(QStringLiteral("validate-json-bad.yaml"));
        std::ofstream(config.toStdString()) << "data:\n  dataloader:\n    batch_size: many\n";
        const Run broken = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder,
                                QStringLiteral("--config"), config, QStringLiteral("--json"), json});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains(QLatin1String("batch_size")), qPrintable(broken.err));
        const QJsonObject failed = jsonOf(json);
        QCOMPARE(failed.value(QLatin1String("valid")).toBool(true), false);
        const QJsonObject problem = failed.value(QLatin1String("errors")).toArray().at(0).toObject();
        QCOMPARE(problem.value(QLatin1String("file")).toString(), config);
        QCOMPARE(problem.value(QLatin1String("line")).toInt(), 3);
        QCOMPARE(problem.value(QLatin1String("key")).toString(), QStringLiteral("data.dataloader.batch_size"));

        // A folder given as the file: refused before anything is checked.
        const Run folderGiven = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder,
                                     QStringLiteral("--json"), tmp.path()});
        QCOMPARE(folderGiven.exitCode, 2);
        QVERIFY2(folderGiven.err.contains(QLatin1String("is a folder")), qPrintable(folderGiven.err));

        // A --set refused is a usage error, and the report says so: an earlier run's "valid"
        // must not be read as this one's.
        QVERIFY(run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                     QStringLiteral("data.dataloader.batch_size=8"), QStringLiteral("--json"), json})
                    .exitCode == 0);
        const Run refused = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                                 QStringLiteral("data.dataloader.batch_size=1"), QStringLiteral("--json"), json});
        QCOMPARE(refused.exitCode, 2);
        const QJsonObject rewritten = jsonOf(json);
        QCOMPARE(rewritten.value(QLatin1String("valid")).toBool(true), false);
        QCOMPARE(rewritten.value(QLatin1String("errors")).toArray().at(0).toObject().value(QLatin1String("key")).toString(),
                 QStringLiteral("data.dataloader.batch_size"));
        QVERIFY(rewritten.contains(QLatin1String("config_notes")));
    }

    void anOptionAndASetThatAgreePass()
    {
        // Only a --set that disagrees with the option of its key is refused (test_cli_input).
        const Run agreed = run({QStringLiteral("validate"), QStringLiteral("--quick"), QStringLiteral("--dataset"),
                                dataset, QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--set"),
                                QStringLiteral("trainer.max_epochs=03"), QStringLiteral("--device"),
                                QStringLiteral("cpu"), QStringLiteral("--set"), QStringLiteral("trainer.device=cpu"),
                                QStringLiteral("--set"),
                                QStringLiteral("data.dataset.root=") + dataset + QLatin1Char('/')});
        QVERIFY2(agreed.exitCode == 0, qPrintable(agreed.err));
        QVERIFY2(agreed.out.contains(QLatin1String("\n  max_epochs: 3\n")), qPrintable(agreed.out));
    }

    void theTaskComesFromTheLayoutWithoutAConfig()
    {
        // images/ + masks/ with no config: searched as segmentation, and said so; a config
        // that names its task keeps it, and the message says which key to set.
        const QString folder = tmp.filePath(QStringLiteral("pairs-without-task"));
        testsupport::makeSegmentationPairs(folder.toStdString(), 8, 3, 32);
        const QStringList validate{QStringLiteral("validate"), QStringLiteral("--dataset"), folder, QStringLiteral("--set"),
                                   QStringLiteral("data.dataloader.batch_size=8")};
        const Run inferred = run(validate);
        QVERIFY2(inferred.exitCode == 0, qPrintable(inferred.out + inferred.err));
        QVERIFY2(inferred.out.contains(QLatin1String("the task is semantic_segmentation")), qPrintable(inferred.out));
        QVERIFY2(inferred.out.contains(QLatin1String("\ntask: semantic_segmentation\n")), qPrintable(inferred.out));
        const Run told = run(validate + QStringList{QStringLiteral("--set"), QStringLiteral("task=classification")});
        QCOMPARE(told.exitCode, 1);
        QVERIFY2((told.out + told.err).contains(QLatin1String("--set task=semantic_segmentation")),
                 qPrintable(told.out + told.err));
    }

    void applyKeepsEveryOutputApart()
    {
        // photo.png and photo.jpg keep their extension in the name; a nested folder is kept.
        const QString input = tmp.filePath(QStringLiteral("same-stems"));
        writeImage(input + QStringLiteral("/photo.png"), 32, 40);
        writeImage(input + QStringLiteral("/photo.jpg"), 32, 200);
        writeImage(input + QStringLiteral("/sub/photo.png"), 32, 120);
        writeImage(input + QStringLiteral("/other.png"), 32, 80);
        // A linked folder's outputs go below --output, not beside the folder it leads to.
        const QString elsewhere = tmp.filePath(QStringLiteral("elsewhere"));
        writeImage(elsewhere + QStringLiteral("/linked.png"), 32, 160);
        QVERIFY(QFile::link(elsewhere, input + QStringLiteral("/link")));
        const QString output = tmp.filePath(QStringLiteral("same-stems-out"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), input, QStringLiteral("--output"), output});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QVERIFY2(apply.out.startsWith(QLatin1String("5 image(s) x 1 ")), qPrintable(apply.out));
        QCOMPARE(filesUnder(output), QStringList({QStringLiteral("link/linked_0.png"), QStringLiteral("other_0.png"),
                                                  QStringLiteral("photo_jpg_0.png"), QStringLiteral("photo_png_0.png"),
                                                  QStringLiteral("sub/photo_0.png")}));
        QCOMPARE(filesUnder(elsewhere), QStringList({QStringLiteral("linked.png")}));
        // Again into the same folder, two copies each: its _0 would be replaced and its _1 new,
        // mixed with the first run's. Refused, the first run's files as they were.
        const QByteArray firstCopy = readBytes(output + QStringLiteral("/other_0.png"));
        const Run again = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), input, QStringLiteral("--output"), output,
                               QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--seed"),
                               QStringLiteral("7")});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains(QLatin1String("_0.png, a copy an earlier apply wrote")), qPrintable(again.err));
        QCOMPARE(filesUnder(output).size(), 5);
        QCOMPARE(readBytes(output + QStringLiteral("/other_0.png")), firstCopy);
        // Each from its own input: flips and shifts keep the grey level.
        const cv::Mat png = cv::imread((output + QStringLiteral("/photo_png_0.png")).toStdString());
        const cv::Mat jpg = cv::imread((output + QStringLiteral("/photo_jpg_0.png")).toStdString());
        QVERIFY(!png.empty() && !jpg.empty());
        QVERIFY(cv::mean(png)[0] < 100 && cv::mean(jpg)[0] > 100);

        // Segmentation pairs in nested folders: images/a/x.png and images/b/x.png.
        const QString pairs = tmp.filePath(QStringLiteral("nested-pairs"));
        for (const QString &name : {QStringLiteral("a/x.png"), QStringLiteral("b/x.png"), QStringLiteral("y.png")}) {
            writeImage(pairs + QStringLiteral("/images/") + name, 32, 90);
            writeImage(pairs + QStringLiteral("/masks/") + name, 32, 1);
        }
        const QString pairsOut = tmp.filePath(QStringLiteral("nested-pairs-out"));
        const Run applyPairs = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                                    QStringLiteral("--input"), pairs, QStringLiteral("--output"), pairsOut});
        QVERIFY2(applyPairs.exitCode == 0, qPrintable(applyPairs.err));
        QCOMPARE(filesUnder(pairsOut),
                 QStringList({QStringLiteral("images/a/x_0.png"), QStringLiteral("images/b/x_0.png"),
                              QStringLiteral("images/y_0.png"), QStringLiteral("masks/a/x_0.png"),
                              QStringLiteral("masks/b/x_0.png"), QStringLiteral("masks/y_0.png")}));
    }

    void applyTakesNoMoreThreadsThanCores()
    {
        // --threads 100000 aborted; 4096 is taken, as the cores there are, and draws the same.
        const QString input = tmp.filePath(QStringLiteral("threads-in"));
        for (int i = 0; i < 6; ++i)
            writeImage(input + QStringLiteral("/img_%1.png").arg(i), 32, 30 * i);
        const auto applyWith = [&](const QString &threads) {
            const QString output = tmp.filePath(QStringLiteral("threads-out-") + threads);
            const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                                   QStringLiteral("--input"), input, QStringLiteral("--output"), output,
                                   QStringLiteral("--count"), QStringLiteral("2"), QStringLiteral("--threads"), threads});
            return std::pair{apply, output};
        };
        const auto [many, manyOut] = applyWith(QStringLiteral("4096"));
        QVERIFY2(many.exitCode == 0, qPrintable(many.err));
        const auto [one, oneOut] = applyWith(QStringLiteral("1"));
        QVERIFY2(one.exitCode == 0, qPrintable(one.err));
        QCOMPARE(filesUnder(manyOut).size(), 12);
        for (const QString &file : filesUnder(oneOut))
            QCOMPARE(readBytes(manyOut + QLatin1Char('/') + file), readBytes(oneOut + QLatin1Char('/') + file));
        // Out of range: refused as evaluate refuses it, in the same words.
        const Run refused = applyWith(QStringLiteral("100000")).first;
        QCOMPARE(refused.exitCode, 2);
        const Run evaluate = run({QStringLiteral("evaluate"), QStringLiteral("--policy"), flipShiftPolicy(),
                                  QStringLiteral("--dataset"), dataset, QStringLiteral("--threads"),
                                  QStringLiteral("100000")});
        QCOMPARE(evaluate.exitCode, 2);
        QCOMPARE(refused.err, evaluate.err);
    }

    void opsListSaysWhatEachVersionGets()
    {
        // It said ShiftScaleRotate for Rotate, which the default (2.x) export writes as Affine.
        const Run list = run({QStringLiteral("ops")});
        QCOMPARE(list.exitCode, 0);
        const QString image = dataset + QStringLiteral("/class_0/img_0.png");
        for (const char *op : {"Rotate", "HorizontalFlip"}) {
            const QRegularExpression row(QStringLiteral("^%1 .*  (\\w+)(?: \\(2\\.x\\) / (\\w+) \\(1\\.x\\))?  ")
                                             .arg(QLatin1String(op)),
                                         QRegularExpression::MultilineOption);
            const QRegularExpressionMatch names = row.match(list.out);
            QVERIFY2(names.hasMatch(), qPrintable(list.out));
            for (const auto &[target, expected] : {std::pair{"2", names.captured(1)},
                                                   std::pair{"1", names.hasCaptured(2) ? names.captured(2)
                                                                                       : names.captured(1)}}) {
                const QString exported = tmp.filePath(QStringLiteral("%1-%2.json").arg(QLatin1String(op), QLatin1String(target)));
                const Run render = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                        QLatin1String(op), QStringLiteral("--magnitude"), QStringLiteral("0.75"),
                                        QStringLiteral("--image"), image, QStringLiteral("--out"),
                                        tmp.filePath(QStringLiteral("listed.png")), QStringLiteral("--export"), exported,
                                        QStringLiteral("--albumentations"), QLatin1String(target)});
                QVERIFY2(render.exitCode == 0, qPrintable(render.err));
                const QString written = QJsonDocument::fromJson(readBytes(exported))
                                            .object()[QLatin1String("transform")][QLatin1String("transforms")][0]
                                                [QLatin1String("__class_fullname__")]
                                            .toString();
                QVERIFY2(written.section(QLatin1Char('.'), -1) == expected,
                         qPrintable(QLatin1String(op) + QLatin1String(": ") + written + QLatin1String(" for ") + expected));
            }
        }
        QVERIFY(list.out.contains(QLatin1String("Affine (2.x) / ShiftScaleRotate (1.x)")));
    }

    void applyDrawsEachImagesOwnAugmentations()
    {
        // Keyed on the image's name below the input, not its place in the list: a file added
        // beside it changes nothing of its copies.
        const QString input = tmp.filePath(QStringLiteral("keyed"));
        QVERIFY(QDir().mkpath(input));
        cv::Mat gradient(32, 32, CV_8UC3);
        for (int y = 0; y < 32; ++y)
            for (int x = 0; x < 32; ++x)
                gradient.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x * 8), uchar(y * 8), uchar((x + y) * 4));
        const auto write = [&](const QString &name) {
            QVERIFY(cv::imwrite(QDir(input).filePath(name).toStdString(), gradient));
        };
        write(QStringLiteral("a.png"));
        write(QStringLiteral("c.png"));
        const auto applyTo = [&](const QString &from, const QString &to) {
            const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                                   QStringLiteral("--input"), from, QStringLiteral("--output"), to,
                                   QStringLiteral("--count"), QStringLiteral("6"), QStringLiteral("--seed"),
                                   QStringLiteral("3")});
            QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        };
        const QString before = tmp.filePath(QStringLiteral("keyed-before"));
        applyTo(input, before);
        write(QStringLiteral("b.png"));
        const QString after = tmp.filePath(QStringLiteral("keyed-after"));
        applyTo(input, after);
        const QString alone = tmp.filePath(QStringLiteral("keyed-alone"));
        applyTo(QDir(input).filePath(QStringLiteral("c.png")), alone);
        bool copiesDiffer = false;
        for (int k = 0; k < 6; ++k) {
            const QString c = QStringLiteral("/c_%1.png").arg(k);
            QCOMPARE(readBytes(after + c), readBytes(before + c));
            QCOMPARE(readBytes(alone + c), readBytes(before + c));
            copiesDiffer = copiesDiffer || readBytes(before + c) != readBytes(before + QStringLiteral("/a_%1.png").arg(k));
        }
        // a and c are the same picture: only their names tell their draws apart.
        QVERIFY(copiesDiffer);
    }

    void applySkipsUnreadableImages()
    {
        const QString input = tmp.filePath(QStringLiteral("some-unreadable"));
        writeImage(input + QStringLiteral("/a.png"), 32, 40);
        writeImage(input + QStringLiteral("/e.png"), 32, 40);
        QVERIFY(QFile(input + QStringLiteral("/b.png")).open(QIODevice::WriteOnly)); // zero bytes
        QFile page(input + QStringLiteral("/c.jpg"));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write("<!DOCTYPE html><html><body>not a photo</body></html>\n");
        page.close();
        QFile truncated(input + QStringLiteral("/d.png"));
        QVERIFY(truncated.open(QIODevice::WriteOnly));
        truncated.write(readBytes(input + QStringLiteral("/a.png")).left(80));
        truncated.close();
        // A HEIC and a DICOM file among the photos are named, where the listing passed over them.
        for (const char *name : {"/f.heic", "/g.dcm"}) {
            QFile other(input + QLatin1String(name));
            QVERIFY(other.open(QIODevice::WriteOnly));
            other.write(QByteArray("\0\0\0\x18" "ftypheic", 12));
        }

        const QString output = tmp.filePath(QStringLiteral("some-unreadable-out"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), input, QStringLiteral("--output"), output,
                               QStringLiteral("--threads"), QStringLiteral("1")});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QCOMPARE(filesUnder(output), QStringList({QStringLiteral("a_0.png"), QStringLiteral("e_0.png")}));
        for (const char *name : {"b.png", "c.jpg", "d.png", "f.heic", "g.dcm"})
            QVERIFY2(apply.err.contains(QStringLiteral("warning: ")) && apply.err.contains(QLatin1String(name)),
                     qPrintable(apply.err));
        QVERIFY2(apply.out.startsWith(QLatin1String("2 image(s) x 1 ")), qPrintable(apply.out));
        QVERIFY2(apply.out.contains(QLatin1String("3 unreadable image(s) skipped")), qPrintable(apply.out));

        // Nothing readable, nothing written: a failure that names the file.
        const QString empty = input + QStringLiteral("/b.png");
        const Run none = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                              QStringLiteral("--input"), empty, QStringLiteral("--output"),
                              tmp.filePath(QStringLiteral("never-applied"))});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(empty), qPrintable(none.err));
    }

    void applyWritesOutsideItsInputAndSkipsWhatThePolicyCannotTake()
    {
        // --output = --input replaced photo_0.png with photo.png's first copy, and filled the folder.
        const QString input = tmp.filePath(QStringLiteral("own-folder"));
        writeImage(input + QStringLiteral("/photo.png"), 32, 40);
        writeImage(input + QStringLiteral("/photo_0.png"), 32, 200);
        writeImage(input + QStringLiteral("/tiny.png"), 8, 90);
        const QByteArray original = readBytes(input + QStringLiteral("/photo_0.png"));
        for (const QString &output : {input, input + QStringLiteral("/augmented")}) {
            const Run refused = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                                     QStringLiteral("--input"), input, QStringLiteral("--output"), output});
            QCOMPARE(refused.exitCode, 2);
            QVERIFY2(refused.err.contains(QLatin1String("is, or is inside, the input folder")), qPrintable(refused.err));
        }
        // One image, written beside itself: the same.
        const Run beside = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                                QStringLiteral("--input"), input + QStringLiteral("/photo.png"),
                                QStringLiteral("--output"), input});
        QCOMPARE(beside.exitCode, 2);
        QVERIFY2(beside.err.contains(QLatin1String("is the folder of the input image")), qPrintable(beside.err));
        QCOMPARE(readBytes(input + QStringLiteral("/photo_0.png")), original);
        QCOMPARE(filesUnder(input).size(), 3);

        // A crop larger than tiny.png: it is skipped, named by its path, and the others are written
        // (the run stopped at it, with the images before it written and the ones after not).
        QFile crop(tmp.filePath(QStringLiteral("crop16.json")));
        QVERIFY(crop.open(QIODevice::WriteOnly));
        crop.write(R"({"__version__": "2.0.8", "transform": {"__class_fullname__": "Compose", "p": 1.0,
            "transforms": [{"__class_fullname__": "RandomCrop", "p": 1.0, "height": 16, "width": 16}]}})");
        crop.close();
        const QString output = tmp.filePath(QStringLiteral("own-folder-out"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), crop.fileName(),
                               QStringLiteral("--input"), input, QStringLiteral("--output"), output,
                               QStringLiteral("--count"), QStringLiteral("2")});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QCOMPARE(filesUnder(output), QStringList({QStringLiteral("photo_0.png"), QStringLiteral("photo_0_0.png"),
                                                  QStringLiteral("photo_0_1.png"), QStringLiteral("photo_1.png")}));
        QVERIFY2(apply.err.contains(QLatin1String("warning: ") + input + QLatin1String("/tiny.png: "))
                     && apply.err.contains(QLatin1String("the crop 16x16 (HxW) is larger than the image 8x8")),
                 qPrintable(apply.err));
        QVERIFY2(!apply.err.contains(QLatin1String("RandomCrop: RandomCrop")), qPrintable(apply.err));
        QVERIFY2(apply.out.contains(QLatin1String("1 image(s) the policy cannot transform skipped")), qPrintable(apply.out));
    }

    void applyChecksEveryMaskFirst()
    {
        // The last pair's mask is too small: found before the first pair is written.
        const QString pairs = tmp.filePath(QStringLiteral("small-mask"));
        for (const char *name : {"p0", "p1", "p2"}) {
            writeImage(pairs + QStringLiteral("/images/%1.png").arg(QLatin1String(name)), 32, 90);
            writeImage(pairs + QStringLiteral("/masks/%1.png").arg(QLatin1String(name)), name[1] == '2' ? 16 : 32, 1);
        }
        const QString output = tmp.filePath(QStringLiteral("small-mask-out"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), pairs, QStringLiteral("--output"), output,
                               QStringLiteral("--threads"), QStringLiteral("1")});
        QCOMPARE(apply.exitCode, 1);
        QVERIFY2(apply.err.contains(pairs + QStringLiteral("/masks/p2.png"))
                     && apply.err.contains(pairs + QStringLiteral("/images/p2.png")),
                 qPrintable(apply.err));
        QCOMPARE(filesUnder(output), QStringList());
    }

    void applyPrintsTheDatasetsWarnings()
    {
        const QString pairs = tmp.filePath(QStringLiteral("unmasked"));
        writeImage(pairs + QStringLiteral("/images/with.png"), 32, 90);
        writeImage(pairs + QStringLiteral("/masks/with.png"), 32, 1);
        writeImage(pairs + QStringLiteral("/images/without.png"), 32, 90);
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), pairs, QStringLiteral("--output"),
                               tmp.filePath(QStringLiteral("unmasked-out"))});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        QVERIFY2(apply.err.contains(QStringLiteral("warning: ") + pairs + QStringLiteral("/images/without.png has no mask")),
                 qPrintable(apply.err));
        // That one alone: apply learns nothing, so no class is "learnt from nothing".
        QVERIFY2(apply.err.count(QLatin1String("warning: ")) == 1, qPrintable(apply.err));
        QVERIFY2(apply.out.startsWith(QLatin1String("1 image(s) x 1 ")), qPrintable(apply.out));
    }

    // Colour masks come out in their colours, as the dataset paints its classes.
    void applyWritesColourMasksInTheirColours()
    {
        const QString pairs = tmp.filePath(QStringLiteral("colour-masks"));
        const cv::Vec3b road(40, 0, 200), sky(200, 120, 0); // BGR, as imwrite takes them
        QVERIFY(QDir().mkpath(pairs + QStringLiteral("/masks")));
        for (const char *name : {"a", "b"}) {
            writeImage(pairs + QStringLiteral("/images/%1.png").arg(QLatin1String(name)), 32, 90);
            cv::Mat mask(32, 32, CV_8UC3, cv::Scalar(road[0], road[1], road[2]));
            mask(cv::Rect(0, 0, 32, 16)).setTo(cv::Scalar(sky[0], sky[1], sky[2]));
            QVERIFY(cv::imwrite(pairs.toStdString() + "/masks/" + name + ".png", mask));
        }
        const QString output = tmp.filePath(QStringLiteral("colour-masks-out"));
        const Run apply = run({QStringLiteral("apply"), QStringLiteral("--policy"), flipShiftPolicy(),
                               QStringLiteral("--input"), pairs, QStringLiteral("--output"), output});
        QVERIFY2(apply.exitCode == 0, qPrintable(apply.err));
        for (const char *name : {"a_0.png", "b_0.png"}) {
            const cv::Mat mask = cv::imread(output.toStdString() + "/masks/" + name, cv::IMREAD_UNCHANGED);
            QCOMPARE(mask.type(), CV_8UC3);
            std::set<std::vector<int>> colours;
            for (int y = 0; y < mask.rows; ++y)
                for (int x = 0; x < mask.cols; ++x) {
                    const cv::Vec3b c = mask.at<cv::Vec3b>(y, x);
                    colours.insert({c[0], c[1], c[2]});
                }
            // the two classes, and black where a shift uncovered the border (no class is black)
            QVERIFY(colours.count({road[0], road[1], road[2]}) && colours.count({sky[0], sky[1], sky[2]}));
            colours.erase({road[0], road[1], road[2]});
            colours.erase({sky[0], sky[1], sky[2]});
            colours.erase({0, 0, 0});
            QVERIFY2(colours.empty(), name);
        }
    }

    void renderChecksMagnitudeAndFormat()
    {
        const QString image = tmp.filePath(QStringLiteral("render-input.png"));
        writeImage(image, 32, 90);
        auto render = [&](const QString &magnitude, const QString &out) {
            return run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                        QStringLiteral("Rotate"), QStringLiteral("--magnitude"), magnitude, QStringLiteral("--image"),
                        image, QStringLiteral("--out"), out});
        };
        const QString never = tmp.filePath(QStringLiteral("never-rendered.png"));
        for (const QString &magnitude : {QStringLiteral("nan"), QStringLiteral("-0.5"), QStringLiteral("inf")}) {
            const Run bad = render(magnitude, never);
            QCOMPARE(bad.exitCode, 2);
            QVERIFY2(bad.err.contains(QLatin1String("--magnitude")), qPrintable(bad.err));
        }
        QVERIFY(!QFile::exists(never));

        // The extension picks the format: a .jpg is a JPEG.
        const QString jpeg = tmp.filePath(QStringLiteral("rendered.jpg"));
        const Run asJpeg = render(QStringLiteral("0.5"), jpeg);
        QVERIFY2(asJpeg.exitCode == 0, qPrintable(asJpeg.err));
        QVERIFY(readBytes(jpeg).startsWith("\xff\xd8\xff"));
        QVERIFY(!cv::imread(jpeg.toStdString()).empty());
        const QString gif = tmp.filePath(QStringLiteral("rendered.gif"));
        const Run asGif = render(QStringLiteral("0.5"), gif);
        QCOMPARE(asGif.exitCode, 2);
        QVERIFY2(asGif.err.contains(QStringLiteral("--out ") + gif), qPrintable(asGif.err));
        QVERIFY(!QFile::exists(gif));
        // PGM holds grey only: refused before rendering, where OpenCV's writer failed after it.
        const QString pgm = tmp.filePath(QStringLiteral("rendered.pgm"));
        const Run asPgm = render(QStringLiteral("0.5"), pgm);
        QCOMPARE(asPgm.exitCode, 2);
        QVERIFY2(asPgm.err.contains(QLatin1String("use one of png,")) && !asPgm.err.contains(QLatin1String("pgm,")),
                 qPrintable(asPgm.err));
        QVERIFY(!QFile::exists(pgm));

        // An argument that is no number is named, not left to the C library's "stod".
        const Run badArgument = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                     QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                     QStringLiteral("--image"), image, QStringLiteral("--out"), never,
                                     QStringLiteral("--set"), QStringLiteral("border_mode=abc")});
        QCOMPARE(badArgument.exitCode, 2);
        QVERIFY2(badArgument.err.contains(QLatin1String("--set border_mode: expected a number")), qPrintable(badArgument.err));
        QVERIFY(!QFile::exists(never));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
