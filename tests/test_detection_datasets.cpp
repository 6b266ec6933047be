// Object detection datasets dropped in as they are downloaded (COCO, YOLO, Pascal VOC boxes,
// Roboflow's exports of each): said to be such, not read as classes of their folders.

#include "data/Dataset.h"
#include "data/DetectionDatasets.h"

#include "testsupport/TestSupport.h"


#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

std::string openError(const fs::path &root)
{
    DataConfig config;
    config.dataset.root = root.string();
    std::vector<DatasetProblem> problems;
    try {
        openDataset(config, Task::Classification, 0, problems);
    } catch (const DatasetError &error) {
        return error.what();
    }
    return {};
}

} // namespace

class TestDetectionDatasets : public QObject
{
    Q_OBJECT

private slots:
    void detectionDatasetsAreNamed_data()
    {
        QTest::addColumn<QString>("shape");
        QTest::addColumn<QString>("said");
        QTest::newRow("COCO") << "coco" << "COCO annotations (annotations/instances_train2017.json)";
        QTest::newRow("Roboflow COCO") << "roboflow-coco" << "COCO annotations (train/_annotations.coco.json)";
        QTest::newRow("YOLO") << "yolo" << "YOLO labels (labels/train/1.txt)";
        QTest::newRow("Roboflow YOLO") << "roboflow-yolo" << "YOLO labels (train/labels/1.txt)";
        QTest::newRow("VOC boxes") << "voc" << "Pascal VOC boxes (Annotations/1.xml)";
    }

    void detectionDatasetsAreNamed()
    {
        QFETCH(QString, shape);
        QFETCH(QString, said);
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string name : {"1", "2", "3"}) {
            if (shape == "coco") {
                writeNoiseImage(root / "train2017" / (name + ".jpg"));
                writeNoiseImage(root / "val2017" / (name + ".jpg"));
            } else if (shape == "roboflow-coco") {
                for (const char *split : {"train", "valid"})
                    writeNoiseImage(root / split / (name + ".jpg"));
            } else if (shape == "yolo") {
                for (const char *split : {"train", "val"}) {
                    writeNoiseImage(root / "images" / split / (name + ".jpg"));
                    writeTextFile(root / "labels" / split / (name + ".txt"), "0 0.5 0.5 0.2 0.2\n");
                }
            } else if (shape == "roboflow-yolo") {
                for (const char *split : {"train", "valid"}) {
                    writeNoiseImage(root / split / "images" / (name + ".jpg"));
                    writeTextFile(root / split / "labels" / (name + ".txt"), "0 0.5 0.5 0.2 0.2\n");
                }
            } else {
                writeNoiseImage(root / "JPEGImages" / (name + ".jpg"));
                writeTextFile(root / "Annotations" / (name + ".xml"), "<annotation/>");
            }
        }
        if (shape == "coco")
            writeTextFile(root / "annotations" / "instances_train2017.json", "{}");
        if (shape == "roboflow-coco")
            for (const char *split : {"train", "valid"})
                writeTextFile(root / split / "_annotations.coco.json", "{}");
        if (shape == "yolo" || shape == "roboflow-yolo")
            writeTextFile(root / "data.yaml", "names: [cat]\n");
        QCOMPARE(QString::fromStdString(detectionAnnotationsIn(root)), said);
        const std::string error = openError(root);
        QVERIFY2(error.find(root.string() + " is an object detection dataset (" + said.toStdString() + ")")
                         != std::string::npos
                     && error.find("not from boxes") != std::string::npos,
                 error.c_str());
    }

    void classesAndMasksBesideSuchFilesAreRead()
    {
        // VOC with masks: SegmentationClass/ beside Annotations/ is the voc layout.
        QTemporaryDir voc;
        const fs::path vocRoot = voc.path().toStdString();
        testsupport::makeVocDataset(vocRoot.string(), 3, 16, false, 0);
        writeTextFile(vocRoot / "Annotations" / "2007_000000.xml", "<annotation/>");
        QCOMPARE(detectionAnnotationsIn(vocRoot), std::string());
        // Class folders beside an annotations/ folder of other JSON: classes.
        QTemporaryDir classes;
        const fs::path root = classes.path().toStdString();
        for (const char *name : {"cat", "dog"})
            writeNoiseImage(root / name / "1.jpg");
        writeTextFile(root / "annotations" / "captions.json", "{}");
        QCOMPARE(detectionAnnotationsIn(root), std::string());
        QCOMPARE(openError(root), std::string());
    }
};

QTEST_GUILESS_MAIN(TestDetectionDatasets)
#include "test_detection_datasets.moc"
