// AutoAlbument's five example configs (tests/data/configs/*_search.yaml carry their keys
// and values) are accepted as they are: `validate` passes on a dataset of their task, and a
// one-step search runs on small generated data. The search runs with smaller images and
// batches than the files ask (--set), so that it takes seconds on a CPU.

#include "testsupport/CifarWriter.h"
#include "testsupport/MatWriter.h"
#include "testsupport/TestSupport.h"

#include <QtTest>

namespace {

using Run = testsupport::ProgramRun;

Run runCli(const QStringList &arguments, int timeoutMs = 300000)
{
    return testsupport::runProgram(QStringLiteral(AUGSTUDIO_CLI), arguments, timeoutMs);
}

QString fixture(const QString &name)
{
    return QStringLiteral(AUGSTUDIO_TEST_DATA_DIR "/configs/") + name;
}

} // namespace

class TestExampleConfigs : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    QString cifar, svhn, classes2, voc, cityscapes;

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        // The CIFAR-10 and SVHN examples' data as their dataset.py downloads it with torchvision.
        cifar = tmp.filePath(QStringLiteral("cifar10"));
        // As many images as the configs' batches hold (128), and a few more.
        testsupport::writeCifar10(cifar.toStdString(), 26);
        svhn = tmp.filePath(QStringLiteral("svhn"));
        testsupport::writeSvhn(svhn.toStdString() + "/train_32x32.mat", 130);
        classes2 = tmp.filePath(QStringLiteral("photos"));
        testsupport::makeImageFolderDataset(classes2.toStdString(), 2, 32, 40);
        voc = tmp.filePath(QStringLiteral("voc"));
        testsupport::makeVocDataset(voc.toStdString(), 32, 40, false, 0);
        cityscapes = tmp.filePath(QStringLiteral("cityscapes"));
        testsupport::makeCityscapesDataset(cityscapes.toStdString(), "train", {"aachen"}, 8, 48, 24,
                                           {7, 8, 11, 24, 26});
    }

    void examplesValidateAndSearch_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("dataset");
        QTest::addColumn<QString>("model");          // in validate's report
        QTest::addColumn<QStringList>("speedUp");    // --set for a one-step CPU search
        QTest::addColumn<QString>("note");           // a note validate prints ("" = none checked)
        const QStringList small = {QStringLiteral("data.preprocessing=[{Resize: {height: 32, width: 32}}]"),
                                   QStringLiteral("data.dataloader.batch_size=8")};
        QTest::newRow("cifar10") << "cifar10_search.yaml" << cifar << "architecture: wrn_28_10"
                                 << QStringList{QStringLiteral("data.dataloader.batch_size=16")}
                                 << "'model.Cifar10ClassificationModel' is replaced by the built-in wrn_28_10";
        QTest::newRow("svhn") << "svhn_search.yaml" << svhn << "architecture: wrn_28_10"
                              << QStringList{QStringLiteral("data.dataloader.batch_size=8")}
                              << "'model.SVHNClassificationModel' is replaced by the built-in wrn_28_10";
        QTest::newRow("imagenet") << "imagenet_search.yaml" << classes2 << "architecture: resnet50" << small
                                  << "the search starts from random weights";
        QTest::newRow("pascal_voc") << "pascal_voc_search.yaml" << voc
                                    << "architecture: DeepLabV3Plus (encoder resnet50)" << small
                                    << "the search starts from random weights";
        QTest::newRow("cityscapes") << "cityscapes_search.yaml" << cityscapes
                                    << "architecture: DeepLabV3Plus (encoder resnet50)" << small
                                    << "the search starts from random weights";
    }

    void examplesValidateAndSearch()
    {
        QFETCH(QString, config);
        QFETCH(QString, dataset);
        QFETCH(QString, model);
        QFETCH(QStringList, speedUp);
        QFETCH(QString, note);

        const Run validate = runCli({QStringLiteral("validate"), QStringLiteral("--config"), fixture(config),
                                     QStringLiteral("--dataset"), dataset});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.out + validate.err));
        QVERIFY2(validate.out.contains(model), qPrintable(validate.out));
        QVERIFY2(validate.out.contains(QStringLiteral("parameters: ")), qPrintable(validate.out));
        QVERIFY2(validate.out.contains(note), qPrintable(validate.out)); // validate prints its notes on stdout

        const QString output = tmp.filePath(QStringLiteral("out_") + config);
        QStringList search = {QStringLiteral("search"), QStringLiteral("--config"), fixture(config),
                              QStringLiteral("--dataset"), dataset, QStringLiteral("--output"), output,
                              QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--steps-per-epoch"),
                              QStringLiteral("1"), QStringLiteral("--device"), QStringLiteral("cpu"),
                              QStringLiteral("--set"), QStringLiteral("data.dataloader.num_workers=0"),
                              QStringLiteral("--quiet")};
        for (const QString &assignment : speedUp)
            search << QStringLiteral("--set") << assignment;
        const Run run = runCli(search);
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
        QVERIFY2(QFile::exists(testsupport::searchFiles(output).policy(1)), qPrintable(run.out + run.err));
    }

    void strictRefusesAPythonClassNothingMatches()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("search.yaml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("classification_model:\n  _target_: model.MyOwnNet\n");
        file.close();
        const Run lenient = runCli({QStringLiteral("validate"), QStringLiteral("--config"), path,
                                    QStringLiteral("--dataset"), classes2});
        QVERIFY2(lenient.exitCode == 0, qPrintable(lenient.out + lenient.err));
        QVERIFY2(lenient.out.contains(QStringLiteral("model.MyOwnNet")) && lenient.out.contains(QStringLiteral("resnet18")),
                 qPrintable(lenient.out));
        const Run strict = runCli({QStringLiteral("validate"), QStringLiteral("--strict"), QStringLiteral("--config"),
                                   path, QStringLiteral("--dataset"), classes2});
        QVERIFY2(strict.exitCode != 0, qPrintable(strict.out + strict.err));
        QVERIFY2(strict.out.contains(QStringLiteral("model.MyOwnNet")), qPrintable(strict.out));
        // One error for it, on a line of its own with its line number (the message of several
        // lines was printed with its breaks as \x0a).
        QVERIFY2(!strict.out.contains(QStringLiteral("\\x0a")), qPrintable(strict.out));
        QVERIFY2(strict.out.contains(QStringLiteral("error: AugStudio cannot search with this config: line 2: "
                                                    "classification_model._target_")),
                 qPrintable(strict.out));
        QVERIFY2(strict.out.contains(QStringLiteral("# 1 error(s)")), qPrintable(strict.out));
        const Run search = runCli({QStringLiteral("search"), QStringLiteral("--strict"), QStringLiteral("--config"),
                                   path, QStringLiteral("--dataset"), classes2, QStringLiteral("--output"),
                                   dir.filePath(QStringLiteral("out"))});
        QCOMPARE(search.exitCode, 1); // a config problem, as validate reports it
        QVERIFY2(search.err.contains(QStringLiteral("model.MyOwnNet")), qPrintable(search.err));

        // An architecture no built-in model is: said once, not again by the model's count.
        file.remove();
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("classification_model:\n  architecture: efficientnet_b0\n");
        file.close();
        const Run unknown = runCli({QStringLiteral("validate"), QStringLiteral("--config"), path,
                                    QStringLiteral("--dataset"), classes2});
        QCOMPARE(unknown.exitCode, 1);
        QVERIFY2(unknown.out.contains(QStringLiteral("# 1 error(s)")), qPrintable(unknown.out));
    }
};

QTEST_GUILESS_MAIN(TestExampleConfigs)
#include "test_example_configs.moc"
