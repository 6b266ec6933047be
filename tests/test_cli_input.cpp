// augstudio-cli refusing what it cannot use, as a user runs it: words that follow no option,
// options given twice, an option and a --set of its key that disagree, and bad option values
// are usage errors (exit 2) naming the option (bench's each with its own range);
// launch variables that do not make a search on several processes are named; convert checks
// its input as apply loads it (and refuses what would change meaning), evaluate makes a bad
// --image-size or --threads a usage error, and a YAML policy is named as one by every command
// that reads policies. Nothing here trains: each run ends at the check.

#include "testsupport/TestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {

using Run = testsupport::ProgramRun;

Run run(const QStringList &arguments)
{
    return testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), arguments, 120000);
}

// A Compose of one transform, as albumentations.save writes it.
QByteArray policyWith(const QByteArray &version, const QByteArray &transform)
{
    return "{\"__version__\": " + version
           + ", \"transform\": {\"__class_fullname__\": \"Compose\", \"p\": 1.0, \"transforms\": [" + transform
           + "]}}";
}

} // namespace

class TestCliInput : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

    // A policy file as `baseline --name none` writes it; empty (the reason said) if it failed.
    QString nonePolicy(const QString &name)
    {
        const QString path = tmp.filePath(name);
        const Run made = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("none"),
                              QStringLiteral("--output"), path});
        if (made.exitCode == 0)
            return path;
        qWarning("baseline failed (%d): %s", made.exitCode, qPrintable(made.err));
        return {};
    }

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = tmp.filePath(name);
        QDir().mkpath(QFileInfo(path).path());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
    void strayWordsAndRepeatedOptionsAreUsageErrors()
    {
        const QString fashion = QStringLiteral("/nonexistent/dataset");
        const struct
        {
            QStringList arguments;
            const char *said;
        } cases[] = {
            // The second assignment was dropped: the search ran with 40 sub-policies.
            {{"validate", "--quick", "--dataset", fashion, "--set", "seed=1", "policy_model.num_sub_policies=3"},
             "unexpected argument 'policy_model.num_sub_policies=3': each --set takes one key=value"},
            {{"validate", "--quick", fashion}, "unexpected argument '/nonexistent/dataset'"},
            {{"search", "--dataset", fashion, "--output", "a", "extra"}, "unexpected argument 'extra'"},
            {{"config", "extra"}, "unexpected argument 'extra'"},
            // The first was dropped whole, not merged.
            {{"search", "--config", "a.yaml", "--config", "b.yaml", "--output", "o"},
             "--config is given twice ('a.yaml', then 'b.yaml')"},
            {{"search", "--dataset", fashion, "--output", "a", "--output=b"}, "--output is given twice"},
            // Named as the option typed, not as a --set of the config.
            {{"search", "--dataset", fashion, "--output", "o", "--device", "gpu"}, "--device: expected cpu, cuda"},
            {{"search", "--dataset", fashion, "--output", "o", "--seed", "-1"}, "--seed: "},
            // --output was taken as --policy's value, and x.json was then a stray word.
            {{"convert", "--policy", "--output", "x.json", "--albumentations", "1"}, "--policy needs a value"},
            {{"apply", "-p", "x.json"}, "unknown option '-p': options are written in full, --name"},
            // bench's options are named as typed, not as the --set each becomes (those were exit 1).
            {{"bench", "--threads", "99999"}, "--threads: expected an integer from 0 to 4096"},
            {{"bench", "--encoder", "foo"}, "--encoder: encoder 'foo' is not built in"},
            {{"bench", "--image-size", "100000"}, "--image-size must be from 32 to 2048 px, got 100000"},
            {{"bench", "--nproc", "2", "--timeout", "inf"}, "--timeout takes a number of seconds from 1 to 86400"},
            // Overflowed into "make it at least -64".
            {{"search", "--dataset", fashion, "--output", "o", "--nproc", "2147483640"},
             "--nproc takes a number of processes from 1 to 65536"},
            // It aborted ("terminate called without an active exception").
            {{"bench", "--dataset", fashion, "--workers", "100000"},
             "--workers takes 0 to 256 loader threads in bench --dataset, got 100000"},
            {{"bench", "--dataset", fashion, "--nproc", "2"}, "bench --dataset times the data loading alone: --nproc"},
            {{"evaluate", "--policy", "p.json", "--dataset", fashion, "--device", "xyz"}, "--device: expected cpu"},
            // Trained the same arm twice, and printed four identical comparisons.
            {{"evaluate", "--policy", "p.json", "--policy", "./p.json", "--dataset", fashion},
             "--policy ./p.json is given twice: each policy is one arm"},
            {{"evaluate", "--policy", "p.json", "--dataset", fashion, "--baseline", "none", "--baseline", "none"},
             "--baseline none is given twice"},
            {{"evaluate", "--policy", "p.json", "--dataset", fashion, "--train-images", "1"},
             "--train-images takes 2 or more"},
            // A --set that is no assignment was exit 1, as a config's problem.
            {{"validate", "--quick", "--dataset", fashion, "--set", "foo"}, "--set: expected key.path=value, got 'foo'"},
            {{"bench", "--set", "=3"}, "--set: expected a dotted key path"},
            // An operation's name and arguments are option values too (the op was exit 1).
            {{"ops", "render", "--op", "Nope", "--magnitude", "0.5", "--image", "in.png", "--out", "o.png"},
             "--op Nope: unknown operation 'Nope'"},
            {{"ops", "render", "--op", "Solarize", "--magnitude", "0.5", "--image", "in.png", "--out", "o.png",
              "--set", "num_holes=3"},
             "--op Solarize: Solarize: unknown argument 'num_holes'"},
            // --export took any path: the input image was replaced by JSON text.
            {{"ops", "render", "--op", "Rotate", "--magnitude", "0.5", "--image", "in.png", "--out", "o.png",
              "--export", "in.png"},
             "--export in.png: it writes an Albumentations JSON file; give it a .json name"},
            {{"ops", "render", "--op", "Rotate", "--magnitude", "0.5", "--image", "in.png", "--out", "in.png"},
             "--out in.png is the input --image"},
            // Silently ignored without --export.
            {{"ops", "render", "--op", "Rotate", "--magnitude", "0.5", "--image", "in.png", "--out", "o.png",
              "--albumentations", "1"},
             "--albumentations describes the file --export writes; add --export FILE.json"},
            // apply took any thread count: a negative one as "one per core", 100000 aborted.
            {{"apply", "--policy", "p.json", "--input", "in", "--output", "out", "--threads", "-5"},
             "--threads: expected an integer from 0 to 4096, got -5"},
            {{"apply", "--policy", "p.json", "--input", "in", "--output", "out", "--threads", "100000"},
             "--threads: expected an integer from 0 to 4096, got 100000"},
            {{"evaluate", "--policy", "p.json", "--dataset", fashion, "--threads", "100000"},
             "--threads: expected an integer from 0 to 4096, got 100000"},
            // Options accepted and unused in the form given: the run passed for one that used them.
            {{"bench", "--dataset", fashion, "--device", "cuda"},
             "bench --dataset times the data loading alone: --device belongs to the step's timing"},
            {{"bench", "--dataset", fashion, "--threads", "1"}, "bench --dataset times the data loading alone: --threads"},
            {{"bench", "--dataset", fashion, "--timeout", "9"}, "bench --dataset times the data loading alone: --timeout"},
            {{"bench", "--dataset", fashion, "--architecture", "resnet18"},
             "bench --dataset times the data loading alone: --architecture"},
            {{"bench", "--workers", "3", "--steps", "1"}, "--workers belongs to the timing of the data loading"},
            {{"bench", "--batches", "2"}, "--batches belongs to the timing of the data loading"},
            {{"bench", "--timeout", "5"}, "--timeout bounds the wait on the other processes of bench --nproc N"},
            {{"bench", "--nproc", "2", "--memory-epochs", "2"}, "--memory-epochs samples the memory of the step on one"},
            {{"search", "--dataset", fashion, "--output", "o", "--timeout", "1.5"},
             "--timeout bounds the wait on the other processes of a search on several"},
            // A --set the config refuses is a bad option value, as --epochs 0 is (they were exit 1).
            {{"search", "--dataset", fashion, "--output", "o", "--set", "trainer.max_epochs=0"},
             "--set: trainer.max_epochs: expected an integer >= 1, got 0"},
            {{"search", "--dataset", fashion, "--output", "o", "--set", "nosuch.key=1"},
             "--set: nosuch: unknown key 'nosuch'"},
            {{"bench", "--set", "nosuch=1"}, "--set: nosuch: unknown key 'nosuch'"},
            // Said as not an integer; and --seed -3 of ops render wrapped round to 2^64 - 3.
            {{"search", "--dataset", fashion, "--output", "o", "--epochs", "99999999999"},
             "--epochs: 99999999999 is out of range (max 2147483647)"},
            {{"shapes", "--output", "o", "--seed", "99999999999999999999"},
             "--seed: 99999999999999999999 is out of range (max 18446744073709551615)"},
            {{"ops", "render", "--op", "Rotate", "--magnitude", "0.5", "--image", "in.png", "--out", "o.png", "--seed",
              "-3"},
             "--seed: expected a non-negative integer, got '-3'"},
            {{"ops", "list", "--bogus"}, "ops list has no option --bogus"},
            {{"validate", "--output", "x", "--dataset", fashion}, "validate has no option --output"},
            // An empty path was the built-in config, the current folder, or ": no such file".
            {{"validate", "--dataset", fashion, "--config", ""}, "--config: empty path"},
            {{"validate", "--dataset", ""}, "--dataset: empty path"},
            {{"apply", "--policy", "", "--input", "in", "--output", "out"}, "--policy: empty path"},
            {{"apply", "--policy", "p.json", "--input", "", "--output", "out"}, "--input: empty path"},
            {{"search", "--dataset", fashion, "--output="}, "--output: empty path"},
            // shapes wrote into the current folder, and tried 30 GB for 99999 px.
            {{"shapes", "--output", ""}, "--output: empty path"},
            {{"shapes", "--output", "o", "--image-size", "99999"}, "--image-size must be from 16 to 2048 px, got 99999"},
            {{"baseline", "--name", "none", "--output", "b.json", "--image-size", "99999999"},
             "--image-size must be from 1 to 2048 px, got 99999999"},
            {{"help", "nosuch"}, "unknown command 'nosuch'"},
            // An option and a --set of the key it sets: the one applied last won unsaid (5 epochs).
            {{"search", "--dataset", fashion, "--output", "o", "--epochs", "2", "--set", "trainer.max_epochs=5"},
             "--epochs 2 and --set trainer.max_epochs=5 disagree: give one"},
            {{"search", "--dataset", fashion, "--output", "o", "--steps-per-epoch", "3", "--set",
              "trainer.steps_per_epoch=4"},
             "--steps-per-epoch 3 and --set trainer.steps_per_epoch=4 disagree: give one"},
            {{"validate", "--dataset", fashion, "--set", "seed=4", "--seed", "3"},
             "--seed 3 and --set seed=4 disagree: give one"},
            {{"validate", "--dataset", fashion, "--device", "cpu", "--set", "trainer.device=auto"},
             "--device cpu and --set trainer.device=auto disagree: give one"},
            {{"bench", "--threads", "2", "--set", "trainer.threads=3"},
             "--threads 2 and --set trainer.threads=3 disagree: give one"},
            {{"bench", "--batch", "8", "--set", "data.dataloader.batch_size=16"},
             "--batch 8 and --set data.dataloader.batch_size=16 disagree: give one"},
            {{"bench", "--architecture", "Unet", "--set", "task=classification"},
             "--architecture Unet (task=semantic_segmentation) and --set task=classification disagree: give one"},
            {{"bench", "--dataset", fashion, "--workers", "1", "--set", "data.dataloader.num_workers=2"},
             "--workers 1 and --set data.dataloader.num_workers=2 disagree: give one"},
            {{"validate", "--dataset", fashion, "--set", "data.dataset.root=/elsewhere"},
             "--dataset /nonexistent/dataset and --set data.dataset.root=/elsewhere disagree: give one"},
        };
        for (const auto &c : cases) {
            const Run refused = run(c.arguments);
            QVERIFY2(refused.exitCode == 2, qPrintable(c.arguments.join(' ') + QLatin1String(": ") + refused.err));
            QVERIFY2(refused.err.contains(QLatin1String(c.said)), qPrintable(refused.err));
        }
        QVERIFY(!QFileInfo::exists(QStringLiteral("o")) && !QFileInfo::exists(QStringLiteral("a"))
                && !QFileInfo::exists(QStringLiteral("o.png")) && !QFileInfo::exists(QStringLiteral("b.json"))
                && !QFileInfo::exists(QStringLiteral("images")));
    }

    void benchNamesEachOptionOutOfRange()
    {
        // One catch-all message listed every range, and blamed --workers for a --set's value.
        const QString fashion = QStringLiteral("/nonexistent/dataset");
        const struct
        {
            QStringList arguments;
            const char *said;
        } cases[] = {
            {{"bench", "--image-size", "16"}, "--image-size must be from 32 to 2048 px, got 16"},
            {{"bench", "--batch", "1"}, "--batch must be at least 2, got 1"},
            {{"bench", "--steps", "0"}, "--steps must be at least 1, got 0"},
            {{"bench", "--warmup", "-1"}, "--warmup must be at least 0, got -1"},
            {{"bench", "--repeats", "0"}, "--repeats must be at least 1, got 0"},
            {{"bench", "--memory-epochs", "1"},
             "--memory-epochs must be 0 (none) or at least 2 (memory after epoch 2 and the last), got 1"},
            {{"bench", "--dataset", fashion, "--batch", "0"}, "--batch must be at least 1, got 0"},
            {{"bench", "--dataset", fashion, "--batches", "-1"}, "--batches must be at least 0, got -1"},
            {{"bench", "--dataset", fashion, "--workers", "999"},
             "--workers takes 0 to 256 loader threads in bench --dataset, got 999"},
            {{"bench", "--dataset", fashion, "--batches", "2", "--set", "data.dataloader.num_workers=999"},
             "--set data.dataloader.num_workers takes 0 to 256 loader threads in bench --dataset, got 999"},
        };
        for (const auto &c : cases) {
            const Run refused = run(c.arguments);
            QCOMPARE(refused.exitCode, 2);
            QCOMPARE(refused.err,
                     QStringLiteral("augstudio-cli: %1\n(see augstudio-cli --help)\n").arg(QLatin1String(c.said)));
        }
        // The config file's value is the file's error, named by its key.
        const QString config =
            write(QStringLiteral("many-workers.yaml"), "data:\n  dataloader:\n    num_workers: 999\n");
        const Run fromFile = run({QStringLiteral("bench"), QStringLiteral("--dataset"), fashion,
                                  QStringLiteral("--config"), config});
        QCOMPARE(fromFile.exitCode, 1);
        QCOMPARE(fromFile.err, QStringLiteral("augstudio-cli: %1: data.dataloader.num_workers takes 0 to 256 loader "
                                              "threads in bench --dataset, got 999\n")
                                   .arg(config));
    }

    void aConfigFilesErrorIsNoUsageError()
    {
        // The same value as a --set above is exit status 2; in a file it is the config's problem.
        const QString config = write(QStringLiteral("zero-epochs.yaml"), "trainer:\n  max_epochs: 0\n");
        const Run refused = run({QStringLiteral("validate"), QStringLiteral("--dataset"), tmp.path(),
                                 QStringLiteral("--config"), config});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(config + QLatin1String(":2: trainer.max_epochs: expected an integer >= 1, got 0"))
                     && !refused.err.contains(QLatin1String("--help")),
                 qPrintable(refused.err));
    }

    void everyOptionOfAHelpIsTakenAndDocumented()
    {
        // Options the parser took were missing from the help (validate --seed, ops render --set,
        // bench --set), and the man page lacked others: each command's help and man entries
        // name options its parser takes, and its help's are in its man entries.
        const QString man = QString::fromUtf8(testsupport::readBytes(
                                                  QStringLiteral(AUGSTUDIO_SOURCE_DIR "/packaging/man/augstudio-cli.1.in")))
                                .replace(QLatin1String("\\-"), QLatin1String("-"));
        QVERIFY(man.contains(QLatin1String(".SH OPTIONS")));
        const QString optionsSection = man.section(QStringLiteral(".SH OPTIONS"), 1).section(QStringLiteral(".SH "), 0, 0);
        const QRegularExpression optionName(QStringLiteral("--([a-z][a-z0-9-]*)"));
        const auto optionsIn = [&optionName](const QString &text) {
            QStringList names;
            for (auto it = optionName.globalMatch(text); it.hasNext();)
                names << it.next().captured(1);
            names.removeDuplicates();
            names.removeAll(QStringLiteral("help"));
            return names;
        };
        for (const char *name : {"validate", "search", "ops", "convert", "bench", "apply", "evaluate", "baseline",
                                 "shapes"}) {
            const QString command = QString::fromLatin1(name);
            const Run help = run({command, QStringLiteral("--help")});
            QCOMPARE(help.exitCode, 0);
            // The command's entries of COMMANDS; OPTIONS too where an entry refers to it.
            QString entries;
            for (const QString &entry : man.section(QStringLiteral(".SH COMMANDS"), 1).section(QStringLiteral(".SH "), 0, 0)
                                            .split(QStringLiteral(".TP\n")))
                if (entry.startsWith(QStringLiteral(".B ") + command + QLatin1Char(' ')))
                    entries += entry;
            QVERIFY2(!entries.isEmpty(), name);
            const bool refersToOptions = entries.contains(QLatin1String("\\fIoptions\\fR"));
            const QStringList inHelp = optionsIn(help.out);
            for (const QString &option : inHelp)
                QVERIFY2(entries.contains(QStringLiteral("--") + option)
                             || (refersToOptions && optionsSection.contains(QStringLiteral("--") + option)),
                         qPrintable(command + QLatin1String(": --") + option + QLatin1String(" is not in the man page")));
            // All at once: the parser names the first it does not take. Each value is one no
            // command accepts, so that the run ends at a check.
            QStringList arguments{command};
            if (command == QLatin1String("ops"))
                arguments << QStringLiteral("render"); // ops list takes none
            QStringList named = inHelp + optionsIn(entries);
            named.removeDuplicates();
            for (const QString &option : named)
                arguments << (help.out.contains(QStringLiteral("[--%1]").arg(option)) // a flag
                                  ? QStringLiteral("--") + option
                                  : QStringLiteral("--%1=v").arg(option));
            const Run parsed = run(arguments);
            QVERIFY2(parsed.exitCode == 2 && !parsed.err.contains(QLatin1String("has no option"))
                         && !parsed.err.contains(QLatin1String("takes no value")),
                     qPrintable(arguments.join(QLatin1Char(' ')) + QLatin1String(": ") + parsed.err));
        }
        // What the audit found taken and unsaid.
        const auto helpOf = [](const char *command) { return run({QString::fromLatin1(command), QStringLiteral("-h")}).out; };
        for (const char *option : {"--epochs N", "--seed S", "--device cpu"})
            QVERIFY2(helpOf("validate").contains(QLatin1String(option)), option);
        for (const char *option : {"--seed S", "--set name=value", "--float32"})
            QVERIFY2(helpOf("ops").section(QStringLiteral("ops render"), 1).contains(QLatin1String(option)), option);
        QVERIFY(helpOf("bench").section(QStringLiteral("--nproc"), 0, 0).contains(QLatin1String("--set key=value")));
        const QString resume = helpOf("search").section(QStringLiteral("augstudio-cli search     --resume"), 1);
        for (const char *option : {"--seed", "--device", "--stop-on-plateau", "--strict"})
            QVERIFY2(resume.contains(QLatin1String(option)), option);
        // The defaults of the options that have one, as the parsers take them.
        const QString evaluate = helpOf("evaluate").simplified();
        QVERIFY2(evaluate.contains(QLatin1String("defaults: --model small, 10 epochs, 2000 training and 2000 held-out "
                                                 "images, seed 42, 3 repeats, batch 64; --image-size 0: the side the "
                                                 "first policy's preprocessing makes")),
                 qPrintable(evaluate));
        QVERIFY(helpOf("bench").simplified().contains(
            QLatin1String("defaults: 32 px, batch 32, 20 steps, 3 warm-up, 3 repeats; below 10 steps, 3 repeats or "
                          "1 warm-up step a note says the figures are noise")));
        const QString apply = helpOf("apply").simplified();
        QVERIFY(apply.contains(QLatin1String("write K augmented versions (default 1)")));
        QVERIFY(apply.contains(QLatin1String("drawn from S (default 0)")));
    }

    void validateSaysItsErrorsOnStandardErrorToo()
    {
        // `validate ... > report.txt 2> errors.log` gave an empty errors.log and exit status 1.
        const QString missing = tmp.filePath(QStringLiteral("no-such-dataset"));
        const Run checked = run({QStringLiteral("validate"), QStringLiteral("--dataset"), missing});
        QCOMPARE(checked.exitCode, 1);
        QVERIFY2(checked.out.startsWith(QLatin1String("# resolved config"))
                     && checked.out.contains(QLatin1String("error: dataset folder ") + missing),
                 qPrintable(checked.out));
        QCOMPARE(checked.err, QStringLiteral("augstudio-cli: dataset folder %1 does not exist\n").arg(missing));
    }

    void validateListsEachProblemOfAConfigOnItsOwnLine()
    {
        // The problems came out on one stderr line joined by '\x0a', and the report was empty.
        const QString config = write(QStringLiteral("multi.yaml"), "foo: 1\nbar: 2\npolicy_model:\n  num_sub_policies: -3\n");
        const Run checked = run({QStringLiteral("validate"), QStringLiteral("--dataset"), tmp.path(),
                                 QStringLiteral("--config"), config});
        QCOMPARE(checked.exitCode, 1);
        const QStringList expected = {config + QStringLiteral(":1: foo: unknown key 'foo'"),
                                      config + QStringLiteral(":2: bar: unknown key 'bar'"),
                                      config + QStringLiteral(":4: policy_model.num_sub_policies: expected an integer")};
        const QStringList out = checked.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const QStringList err = checked.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(out.size(), 4);
        QCOMPARE(err.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QVERIFY2(out[i].startsWith(QLatin1String("error: ") + expected[i]), qPrintable(checked.out));
            QVERIFY2(err[i].startsWith(QLatin1String("augstudio-cli: ") + expected[i]), qPrintable(checked.err));
        }
        QCOMPARE(out[3], QStringLiteral("# 3 error(s), 0 warning(s)"));
        QVERIFY2(!checked.err.contains(QLatin1String("\\x0a")), qPrintable(checked.err));
    }

    void validateLoadsTheWeightsFileAsTheSearchWould()
    {
        // validate passed a config whose weights file the search then refused at once.
        const QString folder = tmp.filePath(QStringLiteral("weights-data"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 2, 8, 32);
        const QString missing = write(QStringLiteral("missing-weights.yaml"),
                                      "classification_model:\n  pretrained: true\n  weights: no-such.pth\n");
        const Run refused = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder,
                                 QStringLiteral("--config"), missing});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.out.contains(QLatin1String("error: model weights file not found: ")), qPrintable(refused.out));
        const QString garbage = write(QStringLiteral("garbage.pth"), "not a PyTorch file");
        const QString notWeights = write(QStringLiteral("garbage-weights.yaml"),
                                         "classification_model:\n  pretrained: true\n  weights: garbage.pth\n");
        const Run unreadable = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder,
                                    QStringLiteral("--config"), notWeights});
        QCOMPARE(unreadable.exitCode, 1);
        QVERIFY2(unreadable.out.contains(QLatin1String("error: ")) && unreadable.out.contains(garbage),
                 qPrintable(unreadable.out));
    }

    void benchOfADatasetWithNothingReadableFails()
    {
        // It printed 'images 0 ... loader_images_per_s 0.0' with exit 0, each file warned of twice.
        const QString root = tmp.filePath(QStringLiteral("nothing-readable"));
        write(QStringLiteral("nothing-readable/a/x.png"), "hi\n");
        write(QStringLiteral("nothing-readable/b/y.png"), "hi\n");
        const Run bench = run({QStringLiteral("bench"), QStringLiteral("--dataset"), root, QStringLiteral("--batch"),
                               QStringLiteral("1")});
        QCOMPARE(bench.exitCode, 1);
        QVERIFY2(bench.err.contains(root + QStringLiteral(": no image could be read")), qPrintable(bench.err));
        QCOMPARE(bench.err.count(QStringLiteral("x.png")), 1);
    }

    void aTildeAfterAnEqualsSignIsTheHomeFolder()
    {
        // "--output=~/run" made a folder named ~ in the current one: the shell expands ~ only
        // at the start of a word.
        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", tmp.path().toUtf8());
        const Run checked = run({QStringLiteral("validate"), QStringLiteral("--quick"),
                                 QStringLiteral("--dataset=~/no-such-folder")});
        qputenv("HOME", home);
        QCOMPARE(checked.exitCode, 1);
        QVERIFY2((checked.out + checked.err).contains(tmp.path() + QStringLiteral("/no-such-folder")),
                 qPrintable(checked.out + checked.err));
    }

    void nprocRefusesWhatNoWorkerCouldRunBeforeStartingOne()
    {
        // Every worker refused the device, each with its own message; now the launcher does, once.
        const QString output = tmp.filePath(QStringLiteral("gpus"));
        const Run refused = run({QStringLiteral("search"), QStringLiteral("--dataset"), QStringLiteral("/nonexistent"),
                                 QStringLiteral("--output"), output, QStringLiteral("--device"),
                                 QStringLiteral("cuda:99"), QStringLiteral("--nproc"), QStringLiteral("2")});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.err.count(QLatin1String("cuda:99")), 1);
        QVERIFY2(!refused.err.contains(QLatin1String("processes on this machine")), qPrintable(refused.err));
        QVERIFY(!QFileInfo::exists(output));
    }

    void aSearchThatCannotStartSaysSoOnStderr()
    {
        // It printed "error: ..." and "no epoch finished in this run" on stdout, and nothing on
        // stderr, where a script's 2> looks and every other command writes its errors.
        const QString missing = tmp.filePath(QStringLiteral("no-such-dataset"));
        const Run failed = run({QStringLiteral("search"), QStringLiteral("--dataset"), missing,
                                QStringLiteral("--output"), tmp.filePath(QStringLiteral("never"))});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.out.isEmpty(), qPrintable(failed.out));
        QVERIFY2(failed.err.startsWith(QLatin1String("augstudio-cli: dataset folder ") + missing), qPrintable(failed.err));
    }

    void validateNamesADeviceThisMachineLacks()
    {
        // validate said 0 errors, and the search failed at once.
        const Run checked = run({QStringLiteral("validate"), QStringLiteral("--quick"), QStringLiteral("--dataset"),
                                 tmp.path(), QStringLiteral("--device"), QStringLiteral("cuda:99")});
        QCOMPARE(checked.exitCode, 1);
        QVERIFY2(checked.out.contains(QLatin1String("error: trainer.device: ")), qPrintable(checked.out));
        QVERIFY2(checked.err.contains(QLatin1String("augstudio-cli: trainer.device: device 'cuda:99'")),
                 qPrintable(checked.err));
    }

    void launchVariablesThatMakeNoSearchAreNamed()
    {
        const QString output = tmp.filePath(QStringLiteral("launched"));
        const struct
        {
            QList<QPair<const char *, const char *>> variables;
            const char *said;
        } cases[] = {
            // Rank 1 of a launch that lost WORLD_SIZE searched alone into rank 0's folder.
            {{{"RANK", "1"}}, "RANK is 1 but WORLD_SIZE is not set"},
            {{{"RANK", "1"}, {"WORLD_SIZE", "1"}}, "RANK is 1 but WORLD_SIZE is 1"},
            {{{"WORLD_SIZE", "2"}}, "WORLD_SIZE is set but RANK is not"},
            {{{"WORLD_SIZE", "2"}, {"RANK", "2"}}, "RANK=2 is out of range: it must be a whole number from 0 to 1"},
            {{{"WORLD_SIZE", "0"}}, "WORLD_SIZE"},
            {{{"WORLD_SIZE", "2"}, {"RANK", "0"}, {"MASTER_PORT", "abc"}}, "MASTER_PORT=abc is not a whole number"},
            {{{"WORLD_SIZE", "2"}, {"RANK", "abc"}}, "RANK=abc is not a whole number"},
        };
        for (const auto &c : cases) {
            for (const auto &[name, value] : c.variables)
                qputenv(name, value);
            const Run refused = run({QStringLiteral("search"), QStringLiteral("--dataset"), tmp.path(),
                                     QStringLiteral("--output"), output, QStringLiteral("--timeout"),
                                     QStringLiteral("5")});
            // Under torchrun, --nproc would start a launch in each of its processes.
            const bool underTorchrun = qgetenv("WORLD_SIZE") == "2";
            const Run launched = underTorchrun ? run({QStringLiteral("search"), QStringLiteral("--dataset"), tmp.path(),
                                                      QStringLiteral("--output"), output, QStringLiteral("--nproc"),
                                                      QStringLiteral("2")})
                                               : Run{};
            for (const auto &[name, value] : c.variables)
                qunsetenv(name);
            // The environment torchrun sets is part of the command line: a usage error.
            QVERIFY2(refused.exitCode == 2, qPrintable(refused.err));
            QVERIFY2(refused.err.contains(QLatin1String(c.said)), qPrintable(refused.err));
            QVERIFY(!QFileInfo::exists(output));
            if (underTorchrun) {
                QVERIFY2(launched.exitCode == 2, qPrintable(launched.err));
                QVERIFY2(launched.err.contains(QLatin1String("--nproc starts the processes itself")),
                         qPrintable(launched.err));
            }
        }
    }

    void aScriptOfOneProcessKeepsItsTimeout()
    {
        // A launch script that scales from one process passes --timeout at every size: at
        // --nproc 1 or torchrun's WORLD_SIZE=1 it was refused as an option without a use.
        const QString missing = QDir(tmp.path()).filePath(QStringLiteral("no-such-dataset"));
        const QStringList search = {QStringLiteral("search"),  QStringLiteral("--dataset"), missing,
                                    QStringLiteral("--output"), QDir(tmp.path()).filePath(QStringLiteral("o")),
                                    QStringLiteral("--timeout"), QStringLiteral("5")};
        const Run launched = run(search + QStringList{QStringLiteral("--nproc"), QStringLiteral("1")});
        qputenv("WORLD_SIZE", "1");
        qputenv("RANK", "0");
        const Run joined = run(search);
        qunsetenv("WORLD_SIZE");
        qunsetenv("RANK");
        for (const Run &r : {launched, joined}) {
            QVERIFY2(!r.err.contains(QLatin1String("--timeout")), qPrintable(r.err));
            QVERIFY2(r.err.contains(QLatin1String("no-such-dataset does not exist")), qPrintable(r.err));
        }
    }

    void convertRefusesWhatApplyRefuses()
    {
        // Each converted with rc 0 into a file apply refused, or (to the file's own version)
        // was copied unread; now each ends in apply's message, naming file and JSON path.
        struct Bad
        {
            const char *name;
            QByteArray document;
            const char *named; // in the message
        };
        const QList<Bad> bads = {
            {"p.json", policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"HorizontalFlip\", \"p\": 1.5}"),
             "transform.transforms[0].p"},
            {"limit.json",
             policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"RandomBrightnessContrast\", \"brightness_limit\": \"big\"}"),
             "transform.transforms[0].brightness_limit"},
            {"resize.json",
             policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"Resize\", \"height\": 0, \"width\": 32}"),
             "Resize: height"},
            {"holes.json",
             policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"CoarseDropout\", \"max_holes\": -3}"),
             "transform.transforms[0].max_holes"},
            {"null.json", "{\"__version__\": \"2.0.8\", \"transform\": null}", "transform"},
            // Was copied through as "p": null, which Albumentations fails on in training.
            {"pnull.json",
             policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"OneOf\", \"p\": null, \"transforms\": "
                                     "[{\"__class_fullname__\": \"HorizontalFlip\", \"p\": 0.5}]}"),
             "transform.transforms[0].p: OneOf.p: expected a number, got null"},
            {"number.json", policyWith("2.0", "{\"__class_fullname__\": \"HorizontalFlip\"}"),
             "__version__: expected a version string, got 2.0"},
        };
        for (const Bad &bad : bads) {
            const QString path = write(QString::fromLatin1(bad.name), bad.document);
            for (const char *target : {"1", "2"}) {
                const QString output = tmp.filePath(QStringLiteral("out.json"));
                QFile::remove(output);
                const Run convert = run({QStringLiteral("convert"), QStringLiteral("--policy"), path,
                                         QStringLiteral("--output"), output, QStringLiteral("--albumentations"),
                                         QString::fromLatin1(target)});
                QVERIFY2(convert.exitCode == 1, qPrintable(path + QLatin1String(": ") + convert.err));
                QVERIFY2(convert.err.contains(path) && convert.err.contains(QLatin1String(bad.named)),
                         qPrintable(convert.err));
                QVERIFY(!QFile::exists(output));
            }
        }
    }

    void convertRefusesBrightnessByMean()
    {
        // 1.x adds brightness · contrast factor · mean, 2.x brightness · mean: no equivalent.
        const QString path = write(QStringLiteral("by-mean.json"),
                                   policyWith("\"1.3.1\"", "{\"__class_fullname__\": \"RandomBrightnessContrast\", "
                                                           "\"p\": 0.5, \"brightness_by_max\": false}"));
        const QString output = tmp.filePath(QStringLiteral("by-mean-2.json"));
        const Run convert = run({QStringLiteral("convert"), QStringLiteral("--policy"), path, QStringLiteral("--output"),
                                 output, QStringLiteral("--albumentations"), QStringLiteral("2")});
        QCOMPARE(convert.exitCode, 1);
        QVERIFY2(convert.err.contains(QLatin1String("transform.transforms[0].brightness_by_max"))
                     && convert.err.contains(QLatin1String("has no equivalent in the other Albumentations version")),
                 qPrintable(convert.err));
        QVERIFY(!QFile::exists(output));
    }

    void evaluateOptionsOutOfRangeAreUsageErrors()
    {
        const QString policy = write(QStringLiteral("flip.json"),
                                     policyWith("\"2.0.8\"", "{\"__class_fullname__\": \"HorizontalFlip\"}"));
        const QStringList evaluate{QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                   QStringLiteral("--dataset"), tmp.filePath(QStringLiteral("no-dataset"))};
        // 1 to 3 px failed inside LibTorch with its stack trace.
        for (const char *size : {"1", "3"}) {
            const Run small = run(evaluate + QStringList{QStringLiteral("--image-size"), QString::fromLatin1(size)});
            QCOMPARE(small.exitCode, 2);
            QVERIFY2(small.err.contains(QLatin1String("--image-size")) && small.err.contains(QLatin1String("4 px"))
                         && !small.err.contains(QLatin1String("Exception raised")),
                     qPrintable(small.err));
        }
        const Run resnet = run(evaluate + QStringList{QStringLiteral("--model"), QStringLiteral("resnet18"),
                                                      QStringLiteral("--image-size"), QStringLiteral("16")});
        QCOMPARE(resnet.exitCode, 2);
        QVERIFY2(resnet.err.contains(QLatin1String("17 px the resnet18 network")), qPrintable(resnet.err));
        const Run threads = run(evaluate + QStringList{QStringLiteral("--threads"), QStringLiteral("-3")});
        QCOMPARE(threads.exitCode, 2);
        QVERIFY2(threads.err.contains(QLatin1String("--threads")), qPrintable(threads.err));
    }

    void aConfigWithoutATaskFollowsTheDatasetsLayout()
    {
        // A config that sets only the preprocessing says nothing of the task: the image/mask
        // pairs make it segmentation, as with no config; a config that says classification
        // is refused with the reason.
        const QString pairs = tmp.filePath(QStringLiteral("pairs"));
        testsupport::makeSegmentationPairs(pairs.toStdString(), 16, 3);
        const QString partial = write(QStringLiteral("partial.yaml"),
                                      "data:\n  preprocessing:\n    - Resize: {height: 32, width: 32}\n");
        const Run followed = run({QStringLiteral("validate"), QStringLiteral("--dataset"), pairs,
                                  QStringLiteral("--config"), partial});
        QVERIFY2(followed.exitCode == 0, qPrintable(followed.out + followed.err));
        QVERIFY2((followed.out + followed.err).contains(QLatin1String("the task is semantic_segmentation")),
                 qPrintable(followed.out + followed.err));
        // So does a config of no settings at all, which means the defaults.
        const QString empty = write(QStringLiteral("empty.yaml"), "# nothing yet\n");
        const Run emptyFollowed = run({QStringLiteral("validate"), QStringLiteral("--dataset"), pairs,
                                       QStringLiteral("--config"), empty});
        QVERIFY2(emptyFollowed.exitCode == 0, qPrintable(emptyFollowed.out + emptyFollowed.err));
        QVERIFY2(emptyFollowed.out.contains(QLatin1String("task: semantic_segmentation")),
                 qPrintable(emptyFollowed.out + emptyFollowed.err));
        const QString classification = write(QStringLiteral("classification.yaml"), "task: classification\n");
        const Run refused = run({QStringLiteral("validate"), QStringLiteral("--dataset"), pairs,
                                 QStringLiteral("--config"), classification});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2((refused.out + refused.err).contains(QLatin1String("set task: semantic_segmentation")),
                 qPrintable(refused.out + refused.err));
    }

    void validateSummarisesManyClasses()
    {
        // 60 classes: the spread and the fewest, not a line each.
        const QString folder = tmp.filePath(QStringLiteral("many-classes"));
        testsupport::makeImageFolderDataset(folder.toStdString(), 60, 2, 8);
        const Run validate = run({QStringLiteral("validate"), QStringLiteral("--dataset"), folder});
        QVERIFY2(validate.out.contains(QLatin1String("classes: 60\n  images per class: 2 to 2, median 2\n  the fewest: ")),
                 qPrintable(validate.out));
        const QString listing = validate.out.section(QStringLiteral("classes: 60\n"), 1).section(QStringLiteral("image width"), 0, 0);
        QCOMPARE(listing.count(QLatin1Char('\n')), 2);
    }

    // An output that is a device or a pipe is written into, never replaced by a regular file:
    // a full device fails naming the path given, /dev/stdout into a pipe reaches the reader.
    void anOutputThatIsADeviceIsWrittenInto()
    {
        const QString full = tmp.filePath(QStringLiteral("myfull"));
        if (::mknod(QFile::encodeName(full).constData(), S_IFCHR | 0666, makedev(1, 7)) != 0)
            QSKIP("mknod is not permitted here");
        if (const int probe = ::open(QFile::encodeName(full).constData(), O_WRONLY | O_CLOEXEC); probe < 0)
            QSKIP("device nodes cannot be opened here (a nodev mount)");
        else
            ::close(probe);
        const Run filled = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("none"),
                                QStringLiteral("--output"), full});
        QCOMPARE(filled.exitCode, 1);
        QCOMPARE(filled.err, QStringLiteral("augstudio-cli: cannot write '%1': No space left on device\n").arg(full));
        struct stat info;
        QVERIFY(::stat(QFile::encodeName(full).constData(), &info) == 0 && S_ISCHR(info.st_mode));

        const Run piped = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("none"),
                               QStringLiteral("--output"), QStringLiteral("/dev/stdout")});
        QCOMPARE(piped.exitCode, 0);
        QVERIFY2(piped.out.startsWith(QLatin1String("{\n  \"__version__\"")), qPrintable(piped.out + piped.err));
    }

    // A link into a folder that is not there fails before the evaluation, not after it.
    void evaluateChecksTheFolderALinkedReportGoesTo()
    {
        const QString link = tmp.filePath(QStringLiteral("linked-report.json"));
        QVERIFY(QFile::link(tmp.filePath(QStringLiteral("no-such-folder/report.json")), link));
        const QString policy = nonePolicy(QStringLiteral("linked.json"));
        QVERIFY(!policy.isEmpty());
        const Run refused = run({QStringLiteral("evaluate"), QStringLiteral("--policy"), policy,
                                 QStringLiteral("--dataset"), tmp.path(), QStringLiteral("--json"), link});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(QStringLiteral("cannot write %1 (a link to ").arg(link))
                     && refused.err.contains(QStringLiteral("there is no folder ") + tmp.filePath("no-such-folder")),
                 qPrintable(refused.err));
    }

    void opsRenderChecksBothOutputsFirst()
    {
        QVERIFY(QDir().mkpath(tmp.filePath(QStringLiteral("export-folder.json"))));
        const QString image = tmp.filePath(QStringLiteral("rendered.png"));
        const Run refused = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                 QStringLiteral("Invert"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                 QStringLiteral("--image"), tmp.filePath(QStringLiteral("input.png")),
                                 QStringLiteral("--out"), image, QStringLiteral("--export"),
                                 tmp.filePath(QStringLiteral("export-folder.json"))});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains(QLatin1String("export-folder.json is a folder")), qPrintable(refused.err));
        QVERIFY(!QFile::exists(image));
    }

    // ops render --set value_range took "1,2,3" as 1..2 and 1e300 as a value (sscanf).
    void opsRenderRefusesAValueRangeItCannotUse()
    {
        const QString image = tmp.filePath(QStringLiteral("range-input.png"));
        QVERIFY(cv::imwrite(image.toStdString(), cv::Mat(8, 8, CV_8UC1, cv::Scalar(90))));
        const QString out = tmp.filePath(QStringLiteral("range-out.png"));
        struct Bad
        {
            const char *range;
            const char *said;
        };
        const QList<Bad> bads = {{"1,2,3", "expects two numbers, got '1,2,3'"},
                                 {"1,2x", "expects two numbers"},
                                 {"5", "expects two numbers"},
                                 {"1e300,1e301", "1e300 is beyond float32's range"},
                                 {"-1,1e39", "1e39 is beyond float32's range"},
                                 {"-3e38,3e38", "no wider than float32's largest number"}};
        for (const Bad &bad : bads) {
            const Run refused = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                                     QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("0.5"),
                                     QStringLiteral("--set"), QStringLiteral("value_range=") + QLatin1String(bad.range),
                                     QStringLiteral("--image"), image, QStringLiteral("--out"), out});
            QVERIFY2(refused.exitCode == 2, qPrintable(QLatin1String(bad.range) + QLatin1String(": ") + refused.err));
            QVERIFY2(refused.err.contains(QLatin1String("--set value_range")) && refused.err.contains(QLatin1String(bad.said)),
                     qPrintable(refused.err));
            QVERIFY(!QFile::exists(out));
        }
        const Run taken = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                               QStringLiteral("Rotate"), QStringLiteral("--magnitude"), QStringLiteral("1"),
                               QStringLiteral("--set"), QStringLiteral("value_range=-10,2.5e1"),
                               QStringLiteral("--image"), image, QStringLiteral("--out"), out});
        QVERIFY2(taken.exitCode == 0 && taken.out.contains(QLatin1String("(value 25)")), qPrintable(taken.err + taken.out));
    }

    // A 2.x policy of one op, converted to 1.x, against the 1.x export of the same op.
    nlohmann::json exportedShift(const QString &op, const QString &image, const QString &name, const char *version)
    {
        const QString path = tmp.filePath(name);
        const Run made = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"), op,
                              QStringLiteral("--magnitude"), QStringLiteral("0.76"), QStringLiteral("--image"), image,
                              QStringLiteral("--out"), tmp.filePath(QStringLiteral("shift-rendered.png")),
                              QStringLiteral("--export"), path, QStringLiteral("--albumentations"),
                              QLatin1String(version)});
        if (made.exitCode != 0)
            qWarning("ops render failed (%d): %s", made.exitCode, qPrintable(made.err));
        return nlohmann::json::parse(testsupport::readBytes(path).toStdString(), nullptr, false);
    }

    Run convertTo1(const QString &policy, const QString &output, const QStringList &more = {})
    {
        return run(QStringList{QStringLiteral("convert"), QStringLiteral("--policy"), policy, QStringLiteral("--output"),
                               output, QStringLiteral("--albumentations"), QStringLiteral("1")}
                   + more);
    }

    // convert changed every fixed shift of a policy without a Resize: 2.x's 15.5 / 28 was
    // written for 1.x, which moves 15.5 px where the search moved 15 (the 1.x export: 15.001 / 28).
    void convertWithAnImageSizeWritesWhatThe1xExportWrites()
    {
        const QString image = tmp.filePath(QStringLiteral("shift-30x28.png"));
        QVERIFY(cv::imwrite(image.toStdString(), cv::Mat(28, 30, CV_8UC1, cv::Scalar(128))));
        // Width first, as validate prints sizes: ShiftX moves pixels of 30, ShiftY of 28.
        for (const QString &op : {QStringLiteral("ShiftX"), QStringLiteral("ShiftY")}) {
            const nlohmann::json v1 = exportedShift(op, image, op + QStringLiteral("-1.json"), "1");
            const nlohmann::json v2 = exportedShift(op, image, op + QStringLiteral("-2.json"), "2");
            QVERIFY(v1.is_object() && v2.is_object());
            const QString policy2 = tmp.filePath(op + QStringLiteral("-2.json"));
            const QString output = tmp.filePath(op + QStringLiteral("-2to1.json"));
            const Run sized = convertTo1(policy2, output, {QStringLiteral("--image-size"), QStringLiteral("30x28")});
            QVERIFY2(sized.exitCode == 0 && !sized.err.contains(QLatin1String("warning")), qPrintable(sized.err));
            QCOMPARE(nlohmann::json::parse(testsupport::readBytes(output).toStdString()), v1);
            // Without the size: said, naming the option, and still a file 1.x loads.
            const Run unsized = convertTo1(policy2, output);
            QVERIFY2(unsized.exitCode == 0, qPrintable(unsized.err));
            QVERIFY2(unsized.err.contains(QLatin1String("warning: ") + policy2)
                         && unsized.err.contains(QLatin1String("transform.transforms[0].translate_percent."))
                         && unsized.err.contains(QLatin1String("give --image-size S (or WxH)")),
                     qPrintable(unsized.err));
        }
        // A square side is S; a shift of the whole side (2.x: 28.5 / 28) is 1.x's -1, sized or not.
        const QString square = tmp.filePath(QStringLiteral("shift-28.png"));
        QVERIFY(cv::imwrite(square.toStdString(), cv::Mat(28, 28, CV_8UC1, cv::Scalar(128))));
        const QString whole2 = tmp.filePath(QStringLiteral("whole-2.json"));
        const Run made = run({QStringLiteral("ops"), QStringLiteral("render"), QStringLiteral("--op"),
                              QStringLiteral("ShiftY"), QStringLiteral("--magnitude"), QStringLiteral("0"),
                              QStringLiteral("--image"), square, QStringLiteral("--out"),
                              tmp.filePath(QStringLiteral("whole.png")), QStringLiteral("--export"), whole2});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
        for (const QStringList &size : {QStringList{}, QStringList{QStringLiteral("--image-size"), QStringLiteral("28")}}) {
            const QString output = tmp.filePath(QStringLiteral("whole-1.json"));
            const Run converted = convertTo1(whole2, output, size);
            QVERIFY2(converted.exitCode == 0, qPrintable(converted.err));
            const auto shift = nlohmann::json::parse(testsupport::readBytes(output).toStdString())["transform"]
                                                                                                  ["transforms"][0]["shift_limit_y"];
            QCOMPARE(shift, nlohmann::json({-1.0, -1.0}));
        }
        for (const char *bad : {"0", "28x", "x28", "-28", "28x28x2", "2000000", "ax5"}) {
            const Run refused = convertTo1(whole2, tmp.filePath(QStringLiteral("never.json")),
                                           {QStringLiteral("--image-size"), QLatin1String(bad)});
            QVERIFY2(refused.exitCode == 2 && refused.err.contains(QLatin1String("--image-size expects")),
                     qPrintable(QLatin1String(bad) + QLatin1String(": ") + refused.err));
            QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("never.json"))));
        }
    }

    // A search's policy converts for the size its search recorded, as the app's Save Policy does.
    void convertTakesTheImageSizeASearchRecorded()
    {
        const QString image = tmp.filePath(QStringLiteral("recorded-30x28.png"));
        QVERIFY(cv::imwrite(image.toStdString(), cv::Mat(28, 30, CV_8UC1, cv::Scalar(128))));
        const nlohmann::json v1 = exportedShift(QStringLiteral("ShiftX"), image, QStringLiteral("recorded-1.json"), "1");
        QVERIFY(exportedShift(QStringLiteral("ShiftX"), image, QStringLiteral("recorded-2.json"), "2").is_object());
        const QString policy2 = write(QStringLiteral("recorded-search/policy/epoch_4.json"),
                                      testsupport::readBytes(tmp.filePath(QStringLiteral("recorded-2.json"))));
        const QString output = tmp.filePath(QStringLiteral("recorded-2to1.json"));
        const QString record = write(QStringLiteral("recorded-search/image_size.json"), R"({"height": 28, "width": 30})");
        const Run recorded = convertTo1(policy2, output);
        QVERIFY2(recorded.exitCode == 0 && !recorded.err.contains(QLatin1String("warning")), qPrintable(recorded.err));
        QCOMPARE(nlohmann::json::parse(testsupport::readBytes(output).toStdString()), v1);
        // --image-size wins, and a size the search did not see is said; the one it saw is not.
        const Run other = convertTo1(policy2, output, {QStringLiteral("--image-size"), QStringLiteral("40x28")});
        QVERIFY2(other.exitCode == 0
                     && other.err.contains(QLatin1String("--image-size 40x28 is not the size ") + policy2
                                           + QLatin1String("'s search recorded (30x28 in its image_size.json)")),
                 qPrintable(other.err));
        QVERIFY(nlohmann::json::parse(testsupport::readBytes(output).toStdString()) != v1);
        const Run same = convertTo1(policy2, output, {QStringLiteral("--image-size"), QStringLiteral("30x28")});
        QVERIFY2(same.exitCode == 0 && !same.err.contains(QLatin1String("warning")), qPrintable(same.err));
        QCOMPARE(nlohmann::json::parse(testsupport::readBytes(output).toStdString()), v1);
        // A damaged record is named, and the shifts are converted as without one.
        write(QStringLiteral("recorded-search/image_size.json"), R"({"height": 28})");
        const Run damaged = convertTo1(policy2, output);
        QVERIFY2(damaged.exitCode == 0 && damaged.err.contains(record + QLatin1String(": not an image size record"))
                     && damaged.err.contains(QLatin1String("give --image-size S (or WxH)")),
                 qPrintable(damaged.err));
    }

    // apply wrote grey inputs as RGB PNGs: an augmented grey dataset became a colour one.
    void applyWritesGreyImagesGreyAndColourInColour()
    {
        const QString input = tmp.filePath(QStringLiteral("grey-apply/in"));
        QVERIFY(QDir().mkpath(input + QStringLiteral("/a")));
        cv::Mat grey(12, 10, CV_8UC1);
        cv::randu(grey, 0, 256);
        cv::Mat colour(12, 10, CV_8UC3, cv::Scalar(10, 120, 230));
        QVERIFY(cv::imwrite((input + QStringLiteral("/a/grey.png")).toStdString(), grey));
        QVERIFY(cv::imwrite((input + QStringLiteral("/a/pnm.pgm")).toStdString(), grey));
        QVERIFY(cv::imwrite((input + QStringLiteral("/a/colour.png")).toStdString(), colour));
        const QString policy = nonePolicy(QStringLiteral("grey-apply/none.json"));
        QVERIFY(!policy.isEmpty());
        const QString output = tmp.filePath(QStringLiteral("grey-apply/out"));
        const Run applied = run({QStringLiteral("apply"), QStringLiteral("--policy"), policy, QStringLiteral("--input"),
                                 input, QStringLiteral("--output"), output});
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const auto written = [&](const char *name) {
            return cv::imread((output + QStringLiteral("/a/") + QLatin1String(name)).toStdString(), cv::IMREAD_UNCHANGED);
        };
        // The identity policy: grey files come back as the same one-channel pixels.
        for (const char *name : {"grey_0.png", "pnm_0.png"}) {
            const cv::Mat copy = written(name);
            QCOMPARE(copy.type(), CV_8UC1);
            QCOMPARE(cv::norm(copy, grey, cv::NORM_INF), 0.0);
        }
        const cv::Mat colourCopy = written("colour_0.png");
        QCOMPARE(colourCopy.type(), CV_8UC3);
        QCOMPARE(cv::norm(colourCopy, colour, cv::NORM_INF), 0.0);
        // An IDX dataset (grey throughout) gives a grey image folder.
        const QString idx = tmp.filePath(QStringLiteral("grey-apply/idx"));
        QVERIFY(QDir().mkpath(idx));
        testsupport::makeIdxDataset(idx.toStdString(), "train", 4, 8, 8, 2, false);
        const QString idxOut = tmp.filePath(QStringLiteral("grey-apply/idx-out"));
        const Run fromIdx = run({QStringLiteral("apply"), QStringLiteral("--policy"), policy, QStringLiteral("--input"),
                                 idx, QStringLiteral("--output"), idxOut});
        QVERIFY2(fromIdx.exitCode == 0, qPrintable(fromIdx.err));
        int pngs = 0;
        for (QDirIterator it(idxOut, {QStringLiteral("*.png")}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
            const QString file = it.next();
            QVERIFY2(cv::imread(file.toStdString(), cv::IMREAD_UNCHANGED).type() == CV_8UC1, qPrintable(file));
            ++pngs;
        }
        QCOMPARE(pngs, 4);
    }

    // Copies whose names would exceed a file name's 255 bytes are refused before any is written.
    void applyRefusesOutputNamesTooLongForAFile()
    {
        const QString name = QString(251, QLatin1Char('a')) + QStringLiteral(".png"); // 255 bytes
        const QString input = write(QStringLiteral("long-name/") + name, "not decoded: refused before");
        const QString policy = nonePolicy(QStringLiteral("long-name-policy.json"));
        QVERIFY(!policy.isEmpty());
        const QString output = tmp.filePath(QStringLiteral("long-name-out"));
        const Run refused = run({QStringLiteral("apply"), QStringLiteral("--policy"), policy, QStringLiteral("--input"),
                                 input, QStringLiteral("--output"), output});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains(input + QStringLiteral(": its copies would be named "))
                     && refused.err.contains(QLatin1String("257 bytes, over the 255 a file name may have")),
                 qPrintable(refused.err));
        QVERIFY(!QFile::exists(output));
    }

    // A file name with a line break is said on one line; output that cannot be written fails.
    void errorsAreOneLineAndHelpOnAFullDiskFails()
    {
        const Run refused = run({QStringLiteral("baseline"), QStringLiteral("--name"), QStringLiteral("none"),
                                 QStringLiteral("--output"), tmp.filePath(QStringLiteral("no-dir/x\ny.json"))});
        QCOMPARE(refused.exitCode, 1);
        QCOMPARE(refused.err.count(QLatin1Char('\n')), 1);
        QVERIFY2(refused.err.contains(QLatin1String("no-dir/x\\x0ay.json")), qPrintable(refused.err));
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full on this system");
        for (const QStringList &arguments : {QStringList{QStringLiteral("--version")},
                                             QStringList{QStringLiteral("search"), QStringLiteral("--help")},
                                             QStringList{QStringLiteral("help")}}) {
            QProcess cli;
            cli.setStandardOutputFile(QStringLiteral("/dev/full"));
            cli.start(QStringLiteral(AUGSTUDIO_CLI), arguments);
            QVERIFY(cli.waitForFinished(60000));
            const QString err = QString::fromUtf8(cli.readAllStandardError());
            QCOMPARE(cli.exitCode(), 1);
            QVERIFY2(err.contains(QLatin1String("standard output could not be written (No space left on device)")),
                     qPrintable(arguments.join(' ') + ": " + err));
        }
    }

    void aYamlPolicyIsNamedByEveryCommand()
    {
        const QString yaml = write(QStringLiteral("policy.yaml"), "__version__: 2.0.8\ntransform:\n"
                                                                  "  __class_fullname__: Compose\n  transforms: []\n");
        const QString output = tmp.filePath(QStringLiteral("yaml-out"));
        const QList<QStringList> commands = {
            {QStringLiteral("convert"), QStringLiteral("--policy"), yaml, QStringLiteral("--output"), output,
             QStringLiteral("--albumentations"), QStringLiteral("1")},
            {QStringLiteral("apply"), QStringLiteral("--policy"), yaml, QStringLiteral("--input"), tmp.path(),
             QStringLiteral("--output"), output},
            {QStringLiteral("evaluate"), QStringLiteral("--policy"), yaml, QStringLiteral("--dataset"), tmp.path()},
        };
        for (const QStringList &command : commands) {
            const Run refused = run(command);
            QCOMPARE(refused.exitCode, 1);
            QVERIFY2(refused.err.contains(yaml + QLatin1String(": is a YAML policy"))
                         && refused.err.contains(QLatin1String("data_format='json'")),
                     qPrintable(command.front() + QLatin1String(": ") + refused.err));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliInput)
#include "test_cli_input.moc"
