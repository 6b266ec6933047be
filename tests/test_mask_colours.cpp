// Colour-coded segmentation masks: each class a colour, read through the dataset's colour file
// (class_dict.csv, labelmap.txt) or the colours the masks hold, and the two files' parsers.

#include "data/Dataset.h"
#include "data/ImageDecoding.h"
#include "data/MaskColours.h"

#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

// RGB, as the colour files write them.
const cv::Vec3b kBlack(0, 0, 0), kRed(200, 0, 0), kBlue(0, 0, 200), kGreen(0, 150, 0);

// An image of `size` and its mask: `background` everywhere, `object` over the top left quarter.
void writePair(const std::string &root, const std::string &name, cv::Vec3b background, cv::Vec3b object,
               int size = 32)
{
    fs::create_directories(root + "/images");
    fs::create_directories(root + "/masks");
    cv::Mat image(size, size, CV_8UC3, cv::Scalar(90, 120, 150));
    cv::randu(image, 0, 255);
    QVERIFY(cv::imwrite(root + "/images/" + name + ".png", image));
    cv::Mat rgb(size, size, CV_8UC3, cv::Scalar(background[0], background[1], background[2]));
    rgb(cv::Rect(0, 0, size / 2, size / 2)).setTo(cv::Scalar(object[0], object[1], object[2]));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    QVERIFY(cv::imwrite(root + "/masks/" + name + ".png", bgr));
}

std::unique_ptr<Dataset> open(const std::string &root, std::vector<DatasetProblem> &problems, int numClasses = 0)
{
    DataConfig config;
    config.dataset.root = root;
    return openDataset(config, Task::SemanticSegmentation, numClasses, problems);
}

template <typename Action>
std::string datasetErrorOf(Action action)
{
    try {
        action();
    } catch (const DatasetError &e) {
        return e.what();
    }
    return {};
}

// The class id at the object (top left) and at the background (bottom right) of sample i.
std::pair<int, int> idsOf(const Dataset &dataset, std::size_t i)
{
    const cv::Mat mask = dataset.load(i).mask;
    return {mask.at<unsigned char>(0, 0), mask.at<unsigned char>(mask.rows - 1, mask.cols - 1)};
}

std::size_t indexOf(const Dataset &dataset, const std::string &name)
{
    for (std::size_t i = 0; i < dataset.size(); ++i)
        if (fs::path(dataset.itemName(i)).stem() == name)
            return i;
    return dataset.size();
}

} // namespace

class TestMaskColours : public QObject
{
    Q_OBJECT

private slots:
    void coloursTheMasksHoldAreClassesInRgbOrder()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        writePair(root, "b", kBlack, kBlue);
        writePair(root, "c", kBlack, kBlack); // an empty mask: three equal channels, black
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->layout(), DatasetLayout::SegmentationPairs);
        QCOMPARE(dataset->numClasses(), 3);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"#000000", "#0000c8", "#c80000"}));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "a")), std::make_pair(2, 0));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "b")), std::make_pair(1, 0));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "c")), std::make_pair(0, 0));
        QVERIFY2(contains(dataset->labelsSource(), "3 classes, the colours the masks hold, in RGB order: 0 #000000, "
                                                   "1 #0000c8, 2 #c80000"),
                 dataset->labelsSource().c_str());
        QVERIFY(problems.empty());
    }

    void aClassDictCsvGivesTheIdsAndNames()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        writePair(root, "b", kGreen, kBlue);
        writeTextFile(root + "/class_dict.csv", "name,r,g,b\nroad,200,0,0\nsky,0,0,200\nunlabelled,0,0,0\n"
                                            "grass,0,150,0\nbuilding,70,70,70\n");
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->numClasses(), 5);
        QCOMPARE(dataset->classNames(),
                 (std::vector<std::string>{"road", "sky", "unlabelled", "grass", "building"}));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "a")), std::make_pair(0, 2));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "b")), std::make_pair(1, 3));
        QVERIFY(contains(dataset->labelsSource(), "as " + root + "/class_dict.csv lists them: 0 #c80000 road"));
        // building's colour is on no pixel
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(contains(problems[0].message, "no pixel of class 4"), problems[0].message.c_str());

        // a colour the file does not list: named with its mask and place when the dataset is opened
        writeTextFile(root + "/class_dict.csv", "name,r,g,b\nunlabelled,0,0,0\nroad,200,0,0\ngrass,0,150,0\n");
        const std::string message = datasetErrorOf([&] { open(root, problems); });
        QVERIFY2(contains(message, root + "/masks/b.png has the colour #0000c8 (0, 0, 200) at x=0, y=0, which "
                                       + root + "/class_dict.csv does not list"),
                 message.c_str());
    }

    void aLabelmapTxtAsCvatExportsIt()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        // An empty colour is Pascal VOC's colour of that id: (128, 0, 0) for 1.
        writeTextFile(root + "/labelmap.txt", "# label:color_rgb:parts:actions\r\nbackground:0,0,0::\r\n"
                                          "person::leg,arm:\r\n\r\ncar:200,0,0::\r\n");
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"background", "person", "car"}));
        QCOMPARE(idsOf(*dataset, 0), std::make_pair(2, 0));
        const MaskColours table = parseLabelmapTxt("a:0,0,0::\nb:::\n", "labelmap.txt");
        QCOMPARE(table.colours.at(1), cv::Vec3b(128, 0, 0));
    }

    // CVAT's "Segmentation mask" export: the VOC folders, its own colours in labelmap.txt.
    void aCvatExportReadsItsLabelmap()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kGreen, kRed);
        writePair(root, "b", kGreen, kBlue);
        fs::rename(root + "/images", root + "/JPEGImages");
        fs::rename(root + "/masks", root + "/SegmentationClass");
        fs::create_directories(root + "/ImageSets/Segmentation");
        writeTextFile(root + "/ImageSets/Segmentation/default.txt", "a\nb\n");
        writeTextFile(root + "/labelmap.txt", "# label:color_rgb:parts:actions\nbackground:0,150,0::\nroad:200,0,0::\n"
                                          "sky:0,0,200::\nwater:0,0,90::\n");
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->layout(), DatasetLayout::Voc);
        QCOMPARE(dataset->numClasses(), 4);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"background", "road", "sky", "water"}));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "a")), std::make_pair(1, 0));
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "b")), std::make_pair(2, 0));
        QVERIFY(contains(dataset->labelsSource(), "as " + root + "/labelmap.txt lists them"));
        // Pascal VOC's own folders, without the file, keep its palette and 21 classes
        fs::remove(root + "/labelmap.txt");
        QCOMPARE(open(root, problems)->numClasses(), 21);
    }

    void numClassesFewerThanTheColoursIsRefused()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        writePair(root, "b", kGreen, kBlue);
        std::vector<DatasetProblem> problems;
        const std::string message = datasetErrorOf([&] { open(root, problems, 3); });
        QVERIFY2(contains(message, "the masks of " + root + " hold 4 class colours, but num_classes is 3"),
                 message.c_str());
        // more than the colours: the ones past them are named as classes without pixels
        const auto dataset = open(root, problems, 6);
        QCOMPARE(dataset->numClasses(), 6);
        QCOMPARE(dataset->classNames().at(4), std::string("class_4"));
        QVERIFY(contains(problems.back().message, "no pixel of classes 4, 5"));
    }

    void classIdMasksBesideAColourFileStayClassIds()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        cv::Mat ids(32, 32, CV_8UC1, cv::Scalar(0));
        ids(cv::Rect(0, 0, 16, 16)).setTo(2);
        QVERIFY(cv::imwrite(root + "/masks/a.png", ids));
        writeTextFile(root + "/class_dict.csv", "name,r,g,b\nroad,200,0,0\n");
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->numClasses(), 3);
        QCOMPARE(idsOf(*dataset, 0), std::make_pair(2, 0));
        QVERIFY(dataset->labelsSource().empty());
    }

    void classIdMasksAmongColourMasksAreRefused()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        writePair(root, "b", kBlack, kBlue);
        QVERIFY(cv::imwrite(root + "/masks/b.png", cv::Mat(32, 32, CV_8UC1, cv::Scalar(1))));
        std::vector<DatasetProblem> problems;
        const std::string message = datasetErrorOf([&] { open(root, problems); });
        QVERIFY2(contains(message, root + "/masks/b.png is one channel of class ids, but the other masks are 8-bit "
                                          "colour images"),
                 message.c_str());
    }

    void blendedEdgesAreSaid()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed, 128);
        // a smoothed edge: a few pixels of a colour between the two
        cv::Mat bgr = cv::imread(root + "/masks/a.png", cv::IMREAD_UNCHANGED);
        bgr.at<cv::Vec3b>(64, 64) = cv::Vec3b(0, 0, 100);
        QVERIFY(cv::imwrite(root + "/masks/a.png", bgr));
        writePair(root, "b", kBlack, kBlue, 128);
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->numClasses(), 4);
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(contains(problems[0].message, "1 of the 4 colours of the masks of " + root
                                                   + " cover under 0.01% of their pixels each (#640000)"),
                 problems[0].message.c_str());

        // more colours than a mask has classes: lossy or smoothed masks, refused naming the mask
        cv::Mat noise(128, 128, CV_8UC3);
        cv::randu(noise, 0, 255);
        QVERIFY(cv::imwrite(root + "/masks/b.png", noise));
        const std::string message = datasetErrorOf([&] { open(root, problems); });
        QVERIFY2(contains(message, "mask " + root + "/masks/b.png holds more than 255 colours"), message.c_str());
    }

    void alphaIsDropped()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writePair(root, "a", kBlack, kRed);
        writePair(root, "b", kBlack, kBlue);
        cv::Mat bgr = cv::imread(root + "/masks/a.png", cv::IMREAD_UNCHANGED), bgra;
        cv::cvtColor(bgr, bgra, cv::COLOR_BGR2BGRA);
        bgra.setTo(cv::Scalar(0, 0, 200, 128)); // every pixel half transparent, red
        bgra(cv::Rect(16, 16, 16, 16)).setTo(cv::Scalar(0, 0, 0, 255));
        QVERIFY(cv::imwrite(root + "/masks/a.png", bgra));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->numClasses(), 3);
        QCOMPARE(idsOf(*dataset, indexOf(*dataset, "a")), std::make_pair(2, 0));
    }

    void classIdsArePaintedBackInTheirColours()
    {
        MaskColours table;
        table.colours = {kRed, kBlack};
        cv::Mat ids(1, 3, CV_8UC1);
        ids.at<unsigned char>(0) = 1;
        ids.at<unsigned char>(1) = 0;
        ids.at<unsigned char>(2) = 255; // a padded pixel: the first of black, white, magenta no class has
        cv::Mat rgb = coloursOfClassIds(ids, table);
        QCOMPARE(rgb.at<cv::Vec3b>(0), kBlack);
        QCOMPARE(rgb.at<cv::Vec3b>(1), kRed);
        QCOMPARE(rgb.at<cv::Vec3b>(2), cv::Vec3b(255, 255, 255));
        table.colours.push_back(cv::Vec3b(255, 255, 255));
        QCOMPARE(coloursOfClassIds(ids, table).at<cv::Vec3b>(2), cv::Vec3b(255, 0, 255));
        // and read back to the same ids
        ids.at<unsigned char>(2) = 2;
        QCOMPARE(cv::countNonZero(classIdsOfColours(coloursOfClassIds(ids, table), table, "m.png") != ids), 0);
    }

    void classDictCsvIsCheckedRowByRow()
    {
        const MaskColours table =
            parseClassDictCsv("\xEF\xBB\xBFRed;Green;Blue;Class\n1;2;3;a\n 4 ; 5 ; 6 ;\"b, c\"\n", "d.csv");
        QCOMPARE(table.colours, (std::vector<cv::Vec3b>{cv::Vec3b(1, 2, 3), cv::Vec3b(4, 5, 6)}));
        QCOMPARE(table.names, (std::vector<std::string>{"a", "b, c"}));
        QCOMPARE(table.source, std::string("d.csv"));
        // no name column: class_<id>
        QCOMPARE(parseClassDictCsv("r,g,b\n0,0,0\n", "d.csv").names, std::vector<std::string>{"class_0"});

        const std::vector<std::pair<std::string, std::string>> bad = {
            {"", "d.csv is empty"},
            {"name,r,g\nx,1,2\n", "d.csv, line 1: no r, g and b columns (found: name, r, g)"},
            {"name,r,g,b\n", "d.csv lists no class colour"},
            {"name,r,g,b\nx,1,2\n", "d.csv, line 2: 3 fields where the header names 4"},
            {"name,r,g,b\nx,1,2,256\n", "d.csv, line 2: b is '256'; a colour's b is a whole number from 0 to 255"},
            {"name,r,g,b\nx,1,2,3.0\n", "line 2: b is '3.0'"},
            {"name,r,g,b\nx,-1,2,3\n", "line 2: r is '-1'"},
            {"name,r,g,b\nx,1,2,3\n\ny,1,2,3\n", "d.csv, line 4: the colour #010203 of 'y' is line 2's too"},
            {"name,r,g,b\n\"x,1,2,3\n", "d.csv, line 2: a quoted field is not closed"},
        };
        for (const auto &[text, expected] : bad) {
            const std::string message = datasetErrorOf([&] { parseClassDictCsv(text, "d.csv"); });
            QVERIFY2(contains(message, expected), (text + " -> " + message).c_str());
        }
        std::string many = "name,r,g,b\n";
        for (int i = 0; i < 256; ++i)
            many += "c," + std::to_string(i) + ",0,0\n";
        QVERIFY(contains(datasetErrorOf([&] { parseClassDictCsv(many, "d.csv"); }),
                         "line 257: more than 255 classes"));
    }

    void labelmapTxtIsCheckedLineByLine()
    {
        const std::vector<std::pair<std::string, std::string>> bad = {
            {"# only a comment\n", "l.txt lists no class colour"},
            {"background\n", "l.txt, line 1: 'background' is not name:r,g,b::"},
            {"a:0,0,0::\nb:1,2::\n", "l.txt, line 2: the colour of 'b' is '1,2'; a colour is r,g,b"},
            {"a:0,0,0::\nb:1,2,3,4::\n", "the colour of 'b' is '1,2,3,4'"},
            {"a:0,0,0::\nb:1,x,3::\n", "l.txt, line 2: g is 'x'"},
            {"a:0,0,0::\nb:::\nc:128,0,0::\n", "l.txt, line 3: the colour #800000 of 'c' is line 2's too"},
        };
        for (const auto &[text, expected] : bad) {
            const std::string message = datasetErrorOf([&] { parseLabelmapTxt(text, "l.txt"); });
            QVERIFY2(contains(message, expected), (text + " -> " + message).c_str());
        }
        const MaskColours table = parseLabelmapTxt("a : 1, 2, 3 ::\nb:4,5,6", "l.txt");
        QCOMPARE(table.names, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(table.colours.at(0), cv::Vec3b(1, 2, 3));
        QCOMPARE(table.colours.at(1), cv::Vec3b(4, 5, 6));
    }
};

QTEST_GUILESS_MAIN(TestMaskColours)
#include "test_mask_colours.moc"
