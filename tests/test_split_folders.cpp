// The parts of a split dataset as archives name them: train/ and val/, and the names Kaggle's
// zips add words to (training_set/, seg_train/), with the folders archives wrap datasets in.

#include "data/Dataset.h"
#include "data/DatasetLayouts.h"
#include "data/SplitFolders.h"

#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

// `count` images in each of `classes` under `dir`.
void writeClasses(const fs::path &dir, std::initializer_list<const char *> classes, int count)
{
    for (const char *name : classes)
        for (int i = 0; i < count; ++i)
            writeNoiseImage(dir / name / (std::string(name) + "." + std::to_string(i) + ".jpg"));
}

struct Opened
{
    std::unique_ptr<Dataset> dataset;
    std::vector<DatasetProblem> problems;
};

Opened open(const fs::path &root, const std::string &split = {})
{
    Opened opened;
    DataConfig config;
    config.dataset.root = root.string();
    config.dataset.split = split;
    opened.dataset = openDataset(config, Task::Classification, 0, opened.problems);
    return opened;
}

bool saysSomething(const std::vector<DatasetProblem> &problems, const std::string &part)
{
    for (const DatasetProblem &problem : problems)
        if (problem.message.find(part) != std::string::npos)
            return true;
    return false;
}

std::string messages(const std::vector<DatasetProblem> &problems)
{
    std::string all;
    for (const DatasetProblem &problem : problems)
        all += problem.message + "\n";
    return all;
}

} // namespace

class TestSplitFolders : public QObject
{
    Q_OBJECT

private slots:
    void namesOfSplits_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("split");
        QTest::newRow("train") << "train" << "train";
        QTest::newRow("Training") << "Training" << "train";
        QTest::newRow("Validation") << "Validation" << "val";
        QTest::newRow("test1") << "test1" << "test1";
        QTest::newRow("training_set") << "training_set" << "train";
        QTest::newRow("test_set") << "test_set" << "test";
        QTest::newRow("Training Set") << "Training Set" << "train";
        QTest::newRow("seg_train") << "seg_train" << "train";
        QTest::newRow("seg_pred") << "seg_pred" << "pred";
        QTest::newRow("val-data") << "val-data" << "val";
        QTest::newRow("train2017") << "train2017" << "train";
        QTest::newRow("val2014") << "val2014" << "val";
        QTest::newRow("cats") << "cats" << "";
        QTest::newRow("trainer") << "trainer" << "";
        QTest::newRow("train_masks") << "train_masks" << "";
        QTest::newRow("train_test") << "train_test" << "";
        QTest::newRow("data") << "data" << "";
        QTest::newRow("set") << "set" << "";
        QTest::newRow("2017") << "2017" << "";
    }

    void namesOfSplits()
    {
        QFETCH(QString, name);
        QFETCH(QString, split);
        QCOMPARE(QString::fromStdString(splitOfFolderName(name.toStdString())), split);
        QCOMPARE(isSplitFolderName(name.toStdString()), !split.isEmpty());
    }

    void aSplitIsFoundByAnyOfItsNames()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char *name : {"training_set", "test_set", "cats"})
            fs::create_directories(root / name);
        QCOMPARE(findSplitFolder(root, ""), std::optional<fs::path>(root / "training_set"));
        QCOMPARE(findSplitFolder(root, "train"), std::optional<fs::path>(root / "training_set"));
        QCOMPARE(findSplitFolder(root, "test"), std::optional<fs::path>(root / "test_set"));
        QCOMPARE(findSplitFolder(root, "val"), std::optional<fs::path>());
        QCOMPARE(splitFolderNames(root), std::string("test_set, training_set"));
    }

    void splitsAZipWrapsAreReadFromTheSplitAsked()
    {
        // Kaggle's cat-and-dog set: training_set/training_set/{cats,dogs}/, test_set/test_set/...:
        // not two classes training_set and test_set, which a search would learn to tell apart.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClasses(root / "training_set" / "training_set", {"cats", "dogs"}, 3);
        writeClasses(root / "test_set" / "test_set", {"cats", "dogs"}, 2);
        Opened train = open(root);
        QCOMPARE(train.dataset->classNames(), (std::vector<std::string>{"cats", "dogs"}));
        QCOMPARE(train.dataset->size(), std::size_t(6));
        QVERIFY2(saysSomething(train.problems, "read " + (root / "training_set" / "training_set").string()),
                 messages(train.problems).c_str());
        QCOMPARE(open(root, "test").dataset->size(), std::size_t(4));
    }

    void theIntelScenesAreReadFromTheirTrainingSplit()
    {
        // seg_train/seg_train/<class>/, seg_test/seg_test/<class>/, seg_pred/seg_pred/ unlabelled.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        writeClasses(root / "seg_train" / "seg_train", {"buildings", "forest", "sea"}, 2);
        writeClasses(root / "seg_test" / "seg_test", {"buildings", "forest", "sea"}, 1);
        writeNoiseImage(root / "seg_pred" / "seg_pred" / "1.jpg");
        Opened train = open(root);
        QCOMPARE(train.dataset->classNames(), (std::vector<std::string>{"buildings", "forest", "sea"}));
        QCOMPARE(train.dataset->size(), std::size_t(6));
        QVERIFY(saysSomething(train.problems, "seg_pred, seg_test, seg_train"));
    }

    void aCopyOfTheSplitsIsLeftOut()
    {
        // Kaggle's chest_xray/: train/ test/ val/ and chest_xray/ holding them again.
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "chest_xray";
        for (const fs::path &base : {root, root / "chest_xray"})
            for (const char *split : {"train", "test", "val"})
                writeClasses(base / split, {"NORMAL", "PNEUMONIA"}, 2);
        Opened train = open(root);
        QCOMPARE(train.dataset->classNames(), (std::vector<std::string>{"NORMAL", "PNEUMONIA"}));
        QCOMPARE(train.dataset->size(), std::size_t(4));
        QVERIFY2(saysSomething(train.problems, (root / "chest_xray").string() + " holds the split folders of "
                                                   + root.string() + " again"),
                 messages(train.problems).c_str());
        for (const DatasetProblem &problem : train.problems)
            QVERIFY(problem.file.find("/chest_xray/chest_xray/train") == std::string::npos);

        // The copy alone: the folder an archive extracted into, read inside.
        QTemporaryDir alone;
        const fs::path outer = fs::path(alone.path().toStdString()) / "chest_xray";
        writeClasses(outer / "chest_xray" / "train", {"NORMAL", "PNEUMONIA"}, 2);
        writeClasses(outer / "chest_xray" / "test", {"NORMAL", "PNEUMONIA"}, 1);
        Opened inside = open(outer);
        QCOMPARE(inside.dataset->size(), std::size_t(4));
        QVERIFY2(saysSomething(inside.problems, "read " + (outer / "chest_xray" / "train").string()),
                 messages(inside.problems).c_str());
    }

    void aFolderOfClassesBesideFoldersOfNoImagesIsRead()
    {
        // Food-101: images/<class>/ beside meta/ (classes.txt, train.txt): not two classes, one
        // of them empty, but the dataset a folder down, as said.
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "food-101";
        writeClasses(root / "images", {"apple_pie", "baklava", "churros"}, 2);
        fs::create_directories(root / "meta");
        writeTextFile(root / "meta" / "classes.txt", "apple_pie\nbaklava\nchurros\n");
        Opened food = open(root);
        QCOMPARE(food.dataset->classNames(), (std::vector<std::string>{"apple_pie", "baklava", "churros"}));
        QCOMPARE(food.dataset->size(), std::size_t(6));
        QVERIFY2(saysSomething(food.problems, "read " + (root / "images").string() + ", which holds class folders")
                     && saysSomething(food.problems, "(beside meta, which holds none)"),
                 messages(food.problems).c_str());
        QVERIFY(!saysSomething(food.problems, "class folder " + (root / "meta").string() + " holds no images"));
        // Beside a second class of images, it is a class as any other.
        writeNoiseImage(root / "meta" / "1.jpg");
        QCOMPARE(open(root).dataset->classNames(), (std::vector<std::string>{"images", "meta"}));
    }

    void theDatasetInsideAnArchivesFoldersIsRead()
    {
        // archive/Kvasir-SEG/{images,masks}/, as Kaggle's download extracts: pairs, two levels in.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path inner = root / "Kvasir-SEG";
        for (int i = 0; i < 3; ++i) {
            writeNoiseImage(inner / "images" / (std::to_string(i) + ".png"));
            fs::create_directories(inner / "masks");
            QVERIFY(cv::imwrite((inner / "masks" / (std::to_string(i) + ".png")).string(),
                                cv::Mat(16, 16, CV_8UC1, cv::Scalar(i % 2))));
        }
        writeTextFile(root / "README.txt", "downloaded");
        QCOMPARE(datasetFolderIn(root), inner);
        QCOMPARE(detectLayout(root.string()), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        DataConfig config;
        config.dataset.root = root.string();
        std::vector<DatasetProblem> problems;
        QCOMPARE(openDataset(config, Task::SemanticSegmentation, 0, problems)->size(), std::size_t(3));
        QVERIFY2(saysSomething(problems, "read " + inner.string() + ": " + root.string() + " holds it alone"),
                 messages(problems).c_str());

        // A lone split folder is the split layout's to read, as asked: train/ is not val/.
        QTemporaryDir split;
        const fs::path splitRoot = split.path().toStdString();
        writeClasses(splitRoot / "train", {"cat", "dog"}, 1);
        QCOMPARE(datasetFolderIn(splitRoot), splitRoot);
        try {
            open(splitRoot, "val");
            QFAIL("a lone train/ was read for the split val");
        } catch (const DatasetError &error) {
            QVERIFY2(std::string(error.what()).find("'val'") != std::string::npos, error.what());
        }
        // A folder beside a file of data is no archive's folder: a labels file naming its images.
        writeTextFile(splitRoot / "labels.csv", "image,label\na.0.jpg,a\nb.0.jpg,b\n");
        writeClasses(splitRoot / "other" / "inner", {"a", "b"}, 1);
        fs::remove_all(splitRoot / "train");
        QCOMPARE(datasetFolderIn(splitRoot), splitRoot);
    }

    void stanfordCarsBoxesDoNotHideItsClassFolders()
    {
        // Kaggle's Stanford Cars by classes folder: anno_train.csv of boxes and class ids, no
        // header, beside car_data/car_data/{train,test}/<class>/. The box's first corner was
        // read as the class; now the CSV names no class and the folders are read.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path inner = root / "car_data" / "car_data";
        std::string boxes;
        int number = 0;
        for (const char *model : {"Acura RL Sedan 2012", "Acura TL Sedan 2012"})
            for (int i = 0; i < 3; ++i) {
                const std::string file = "0000" + std::to_string(++number) + ".jpg";
                writeNoiseImage(inner / "train" / model / file);
                writeNoiseImage(inner / "test" / model / file);
                boxes += file + "," + std::to_string(7 * number) + ",101,303,202," + (number <= 3 ? "1" : "2") + "\n";
            }
        writeTextFile(root / "anno_train.csv", boxes);
        writeTextFile(root / "names.csv", "Acura RL Sedan 2012\nAcura TL Sedan 2012\n");
        QCOMPARE(datasetFolderIn(root), inner);
        Opened cars = open(root);
        QCOMPARE(cars.dataset->classNames(), (std::vector<std::string>{"Acura RL Sedan 2012", "Acura TL Sedan 2012"}));
        QCOMPARE(cars.dataset->size(), std::size_t(6));
        for (std::size_t i = 0; i < cars.dataset->size(); ++i)
            QVERIFY(cars.dataset->itemName(i).find("/train/") != std::string::npos);
    }

    void splitFoldersOfImagesAndMasksAreSegmentationPairs()
    {
        // train/images/ + train/masks/ beside val/images/ + val/masks/, as many Kaggle
        // segmentation sets come: read as two classes, images and masks, of train/.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char *split : {"train", "val"})
            for (int i = 0; i < (split == std::string("train") ? 3 : 2); ++i) {
                const std::string name = std::string(split) + std::to_string(i);
                writeNoiseImage(root / split / "images" / (name + ".jpg"));
                fs::create_directories(root / split / "masks");
                QVERIFY(cv::imwrite((root / split / "masks" / (name + ".png")).string(),
                                    cv::Mat(16, 16, CV_8UC1, cv::Scalar(i % 2))));
            }
        QCOMPARE(detectLayout(root.string()), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        for (const char *split : {"", "val"}) {
            DataConfig config;
            config.dataset.root = root.string();
            config.dataset.split = split;
            std::vector<DatasetProblem> problems;
            const auto dataset = openDataset(config, Task::SemanticSegmentation, 0, problems);
            const std::string chosen = *split ? split : "train";
            QCOMPARE(dataset->size(), std::size_t(chosen == "train" ? 3 : 2));
            QVERIFY(dataset->itemName(0).find("/" + chosen + "/images/") != std::string::npos);
            QCOMPARE(dataset->load(1).mask.at<unsigned char>(0, 0), static_cast<unsigned char>(1));
            QVERIFY2(saysSomething(problems, "read " + (root / chosen).string() + ", the split data.dataset.split names"),
                     messages(problems).c_str());
        }
    }

    void kaggleImageNetIsReadFromItsTrainingClasses()
    {
        // Kaggle's ImageNet: ILSVRC/Data/CLS-LOC/{train/<wnid>/, val/, test/} beside
        // ILSVRC/Annotations/ (XML) and ILSVRC/ImageSets/ (lists), and at the top
        // LOC_train_solution.csv and LOC_val_solution.csv of boxes. The validation boxes were
        // read as 50 000 classes of the validation images; now the training classes are read.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path locs = root / "ILSVRC" / "Data" / "CLS-LOC";
        std::string trainBoxes = "ImageId,PredictionString\n", valBoxes = trainBoxes;
        for (const char *wnid : {"n01440764", "n01443537"})
            for (int i = 0; i < 3; ++i) {
                const std::string id = std::string(wnid) + "_" + std::to_string(i);
                writeNoiseImage(locs / "train" / wnid / (id + ".JPEG"));
                writeTextFile(root / "ILSVRC" / "Annotations" / "CLS-LOC" / "train" / wnid / (id + ".xml"), "<annotation/>");
                trainBoxes += id + "," + wnid + " 18 145 474 401 \n";
                const std::string val = "ILSVRC2012_val_0000000" + std::to_string(i) + std::string(wnid).substr(8);
                writeNoiseImage(locs / "val" / (val + ".JPEG"));
                valBoxes += val + "," + wnid + " " + std::to_string(i) + " 2 30 40 \n";
            }
        writeNoiseImage(locs / "test" / "ILSVRC2012_test_00000001.JPEG");
        writeTextFile(root / "ILSVRC" / "ImageSets" / "CLS-LOC" / "train_cls.txt", "n01440764/n01440764_0 1\n");
        writeTextFile(root / "LOC_train_solution.csv", trainBoxes);
        writeTextFile(root / "LOC_val_solution.csv", valBoxes);
        writeTextFile(root / "LOC_synset_mapping.txt", "n01440764 tench, Tinca tinca\nn01443537 goldfish\n");
        Opened imagenet = open(root);
        QCOMPARE(imagenet.dataset->classNames(), (std::vector<std::string>{"n01440764", "n01443537"}));
        QCOMPARE(imagenet.dataset->size(), std::size_t(6));
        QVERIFY2(saysSomething(imagenet.problems, "read " + locs.string() + ", which holds split folders")
                     && saysSomething(imagenet.problems, "(beside Annotations, ImageSets, which hold none)")
                     && saysSomething(imagenet.problems, "read " + (locs / "train").string()),
                 messages(imagenet.problems).c_str());
    }

    void aClassFolderOfSplitFoldersIsRefused()
    {
        // Kaggle's New Plant Diseases: "New Plant Diseases Dataset(Augmented)/" holding train/
        // and valid/ of class folders, beside test/test/ of images: not two classes.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path inner = root / "New Plant Diseases Dataset(Augmented)";
        writeClasses(inner / "train", {"Apple___healthy", "Apple___rust"}, 2);
        writeClasses(inner / "valid", {"Apple___healthy", "Apple___rust"}, 1);
        writeNoiseImage(root / "test" / "test" / "AppleCedarRust1.JPG");
        try {
            open(root);
            QFAIL("a folder of split folders was read as a class");
        } catch (const DatasetError &error) {
            const std::string message = error.what();
            QVERIFY2(message.find("class folder " + inner.string() + " holds the split folders train, valid")
                             != std::string::npos
                         && message.find("give " + inner.string() + " as the dataset folder") != std::string::npos,
                     error.what());
        }
        QCOMPARE(open(inner).dataset->classNames(), (std::vector<std::string>{"Apple___healthy", "Apple___rust"}));
    }

    void splitsOfImagesAloneStayRefused()
    {
        // training_set/ and test_set/ holding the images themselves: no classes to tell.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (int i = 0; i < 2; ++i) {
            writeNoiseImage(root / "training_set" / ("cat." + std::to_string(i) + ".jpg"));
            writeNoiseImage(root / "test_set" / (std::to_string(i) + ".jpg"));
        }
        try {
            open(root);
            QFAIL("split folders of images were read as classes");
        } catch (const DatasetError &error) {
            QVERIFY2(std::string(error.what()).find("not in class folders") != std::string::npos, error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestSplitFolders)
#include "test_split_folders.moc"
