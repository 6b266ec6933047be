// augstudio-cli's convert and evaluate refusing what they cannot use, as a user runs them:
// convert checks its input as apply loads it (and refuses what would change meaning), evaluate
// makes a bad --image-size or --threads a usage error (exit 2), and a YAML policy is named as
// one by every command that reads policies. Nothing here trains: each run ends at the check.

#include "testsupport/TestSupport.h"

#include <QFile>
#include <QtTest>

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

    QString write(const QString &name, const QByteArray &text)
    {
        const QString path = tmp.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

private slots:
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
