// The names of class ids that annotation tools export beside masks: labelme2voc's
// class_names.txt (with its palette PNGs in SegmentationClassPNG/) and Roboflow's _classes.csv;
// and those Kaggle gives beside a labels file of numbered classes, as JSON.

#include "data/ClassNamesFile.h"
#include "data/Dataset.h"

#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

// A mask of class ids: `id` over the top half, 0 below.
cv::Mat idsMask(int id)
{
    cv::Mat ids(16, 16, CV_8UC1, cv::Scalar(0));
    ids(cv::Rect(0, 0, 16, 8)).setTo(id);
    return ids;
}

// labelme2voc's output: JPEGImages/, SegmentationClass/ of .npy arrays, SegmentationClassPNG/
// of palette PNGs (index = class id, 255 ignored), SegmentationClassVisualization/, and
// class_names.txt. The masks show ids 1 and 2 of `names`.
void makeLabelmeVoc(const fs::path &root, const std::string &names)
{
    std::vector<cv::Vec3b> palette;
    for (int i = 0; i < 256; ++i)
        palette.push_back(testsupport::vocColour(i));
    for (int i = 0; i < 3; ++i) {
        const std::string name = "img" + std::to_string(i);
        writeNoiseImage(root / "JPEGImages" / (name + ".jpg"));
        writeTextFile(root / "SegmentationClass" / (name + ".npy"), "\x93NUMPY");
        fs::create_directories(root / "SegmentationClassPNG");
        cv::Mat ids = idsMask(1 + i % 2);
        ids.at<unsigned char>(15, 15) = 255;
        testsupport::writePalettePng((root / "SegmentationClassPNG" / (name + ".png")).string(), ids, palette);
        writeNoiseImage(root / "SegmentationClassVisualization" / (name + ".jpg"));
    }
    writeTextFile(root / "class_names.txt", names);
}

std::unique_ptr<Dataset> openSegmentation(const fs::path &root, std::vector<DatasetProblem> &problems,
                                          int numClasses = 0)
{
    DataConfig config;
    config.dataset.root = root.string();
    return openDataset(config, Task::SemanticSegmentation, numClasses, problems);
}

} // namespace

class TestClassNamesFile : public QObject
{
    Q_OBJECT

private slots:
    void classNamesTxtIsANameALine()
    {
        const ClassNamesFile parsed = parseClassNamesTxt("\xEF\xBB\xBF_background_\r\ncat\r\n\r\n dog \r\n", "f.txt");
        QCOMPARE(parsed.names, (std::vector<std::string>{"_background_", "cat", "dog"}));
        QCOMPARE(parsed.source, std::string("f.txt"));
        QVERIFY(datasetErrorOf([] { parseClassNamesTxt("\n\n", "f.txt"); }).find("f.txt names no class") == 0);
        std::string many;
        for (int i = 0; i < 256; ++i)
            many += "c" + std::to_string(i) + "\n";
        const std::string tooMany = datasetErrorOf([&] { parseClassNamesTxt(many, "f.txt"); });
        QVERIFY2(tooMany.find("f.txt line 256: more than 255 class names") == 0, tooMany.c_str());
    }

    void roboflowClassesAreIdsAndNames()
    {
        const ClassNamesFile parsed =
            parseRoboflowClassesCsv("Pixel Value, Class\r\n0, background\r\n1, crack\r\n3, spall\r\n", "_classes.csv");
        QCOMPARE(parsed.names, (std::vector<std::string>{"background", "crack", "class_2", "spall"}));
        for (const auto &[text, expected] : std::vector<std::pair<std::string, std::string>>{
                 {"Pixel Value, Class\n0, a\nx, b\n", "_classes.csv line 3: class id 'x' is not a whole number"},
                 {"Pixel Value, Class\n255, a\n", "_classes.csv line 2: class id '255' is not a whole number"},
                 {"Pixel Value, Class\n-1, a\n", "_classes.csv line 2: class id '-1'"},
                 {"Pixel Value, Class\n0, a\n0, b\n", "_classes.csv line 3: class id 0 is named twice"},
                 {"Pixel Value, Class\n0\n", "_classes.csv line 2: expected a class id and its name"},
                 {"Pixel Value, Class\n", "_classes.csv names no class"},
                 {"", "_classes.csv is empty"}}) {
            const std::string error = datasetErrorOf([&] { parseRoboflowClassesCsv(text, "_classes.csv"); });
            QVERIFY2(error.find(expected) == 0, (error + " / expected: " + expected).c_str());
        }
    }

    void classIndexJsonNamesIds()
    {
        // Kaggle's label_num_to_disease_map.json, and Keras' imagenet_class_index.json (the
        // name last); an id it skips is named class_<id> and marked as not named.
        const auto cassava = parseClassIndexJson(R"j({"0": "Cassava Bacterial Blight (CBB)", "2": "Healthy"})j", "map.json");
        QVERIFY(cassava);
        QCOMPARE(cassava->names, (std::vector<std::string>{"Cassava Bacterial Blight (CBB)", "class_1", "Healthy"}));
        QCOMPARE(cassava->named, (std::vector<bool>{true, false, true}));
        QCOMPARE(cassava->source, std::string("map.json"));
        const auto keras = parseClassIndexJson(R"j({"1": ["n01443537", "goldfish"], "0": ["n01440764", "tench"]})j", "i.json");
        QVERIFY(keras);
        QCOMPARE(keras->names, (std::vector<std::string>{"tench", "goldfish"}));
        // Other JSON names no classes: COCO's annotations, numbers, words as ids, no JSON at all.
        for (const char *other : {R"j({"images": [], "annotations": []})j", R"j({"0": 5})j", R"j({"cat": "0"})j",
                                  R"j(["cat", "dog"])j", "{}", R"j({"-1": "x"})j", "not json {"})
            QVERIFY2(!parseClassIndexJson(other, "other.json"), other);
    }

    void numberedClassesOfACsvAreNamedByTheJsonBesideIt()
    {
        // Kaggle's Cassava leaf disease: train_images/ + train.csv (image_id,label of 0..4) and
        // label_num_to_disease_map.json beside it; COCO-like JSON beside it is not read.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        std::string csv = "image_id,label\n";
        for (int i = 0; i < 6; ++i) {
            writeNoiseImage(root / "train_images" / (std::to_string(1000 + i) + ".jpg"));
            csv += std::to_string(1000 + i) + ".jpg," + std::to_string(i % 3) + "\n";
        }
        writeTextFile(root / "train.csv", csv);
        writeTextFile(root / "label_num_to_disease_map.json",
                      R"j({"0": "Cassava Bacterial Blight (CBB)", "1": "Cassava Brown Streak Disease (CBSD)", "2": "Cassava Green Mottle (CGM)", "3": "Healthy"})j");
        writeTextFile(root / "annotations.json", R"j({"images": []})j");
        DataConfig config;
        config.dataset.root = root.string();
        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(config, Task::Classification, 0, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"Cassava Bacterial Blight (CBB)",
                                                                  "Cassava Brown Streak Disease (CBSD)",
                                                                  "Cassava Green Mottle (CGM)"}));
        QVERIFY2(dataset->labelsSource().find(", class names from " + (root / "label_num_to_disease_map.json").string())
                     != std::string::npos,
                 dataset->labelsSource().c_str());
        // Two maps: which names the classes cannot be told, and they keep their numbers.
        writeTextFile(root / "other_map.json", R"j({"0": "a", "1": "b", "2": "c"})j");
        QCOMPARE(openDataset(config, Task::Classification, 0, problems)->classNames(),
                 (std::vector<std::string>{"0", "1", "2"}));
    }

    void labelmeVocIsReadFromItsPngs()
    {
        QTemporaryDir dir;
        const fs::path root = fs::path(dir.path().toStdString()) / "data_dataset_voc";
        makeLabelmeVoc(root, "_background_\ncat\ndog\nbird\n");
        QCOMPARE(detectLayout(root.string()), std::optional<DatasetLayout>(DatasetLayout::Voc));
        std::vector<DatasetProblem> problems;
        auto dataset = openSegmentation(root, problems);
        QCOMPARE(dataset->size(), std::size_t(3));
        // the classes class_names.txt lists, bird too, though no mask shows it
        QCOMPARE(dataset->numClasses(), 4);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"_background_", "cat", "dog", "bird"}));
        QCOMPARE(dataset->labelsSource(), "class names: as " + (root / "class_names.txt").string()
                                              + " lists them: 0 _background_, 1 cat, 2 dog, 3 bird");
        QVERIFY(dataset->itemName(0).find("/JPEGImages/") != std::string::npos);
        const Sample sample = dataset->load(0);
        QCOMPARE(int(sample.mask.at<unsigned char>(0, 0)), 1);
        QCOMPARE(int(sample.mask.at<unsigned char>(15, 0)), 0);
        QCOMPARE(int(sample.mask.at<unsigned char>(15, 15)), 255);

        // num_classes below the classes listed: an error naming the file, as for labelmap.txt
        problems.clear();
        const std::string fewer = datasetErrorOf([&] { openSegmentation(root, problems, 3); });
        QVERIFY2(fewer.find("4 classes (the classes of " + (root / "class_names.txt").string() + ") but num_classes is 3")
                     != std::string::npos,
                 fewer.c_str());
    }

    void labelmeVocWithoutClassNamesIsVocs21()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        makeLabelmeVoc(root, "");
        fs::remove(root / "class_names.txt");
        std::vector<DatasetProblem> problems;
        auto dataset = openSegmentation(root, problems);
        QCOMPARE(dataset->numClasses(), 21);
        QCOMPARE(dataset->classNames().at(1), std::string("aeroplane"));
        QCOMPARE(dataset->labelsSource(), std::string());
    }

    void vocMasksBesideNpyArraysAreNotLookedForThere()
    {
        // SegmentationClass/ of PNGs wins over an empty SegmentationClassPNG/.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        testsupport::makeVocDataset(root.string(), 3, 16, false, 0);
        fs::create_directories(root / "SegmentationClassPNG");
        std::vector<DatasetProblem> problems;
        QCOMPARE(openSegmentation(root, problems)->size(), std::size_t(3));
    }

    void roboflowMasksAreNamedByTheirClassesCsv()
    {
        // Roboflow's "Semantic Segmentation Masks" export: train/<name>.jpg + train/<name>_mask.png
        // and train/_classes.csv; valid/ alike.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char *split : {"train", "valid"}) {
            for (int i = 0; i < 4; ++i) {
                const std::string name = "IMG_" + std::to_string(i) + "_jpg.rf.0123abcd" + std::to_string(i);
                writeNoiseImage(root / split / (name + ".jpg"));
                QVERIFY(cv::imwrite((root / split / (name + "_mask.png")).string(), idsMask(1 + i % 2)));
            }
            writeTextFile(root / split / "_classes.csv", "Pixel Value, Class\n0, background\n1, crack\n2, spall\n3, rust\n");
        }
        writeTextFile(root / "README.roboflow.txt", "exported");
        QCOMPARE(detectLayout(root.string()), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        std::vector<DatasetProblem> problems;
        auto dataset = openSegmentation(root, problems);
        QCOMPARE(dataset->size(), std::size_t(4));
        QCOMPARE(dataset->numClasses(), 4);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"background", "crack", "spall", "rust"}));
        QVERIFY2(dataset->labelsSource().find((root / "train" / "_classes.csv").string() + " lists them: 0 background")
                     != std::string::npos,
                 dataset->labelsSource().c_str());

        // masks holding ids the file does not name: named class_<id>, as a warning says
        writeTextFile(root / "train" / "_classes.csv", "Pixel Value, Class\n0, background\n1, crack\n");
        problems.clear();
        dataset = openSegmentation(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"background", "crack", "class_2"}));
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &p) {
            return p.message.find("the masks hold class ids up to 2") != std::string::npos;
        }));

        // a file that does not read is an error naming its line
        writeTextFile(root / "train" / "_classes.csv", "Pixel Value, Class\n0, background\nzero, crack\n");
        problems.clear();
        const std::string error = datasetErrorOf([&] { openSegmentation(root, problems); });
        QVERIFY2(error.find("_classes.csv line 3") != std::string::npos, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestClassNamesFile)
#include "test_class_names_file.moc"
