// STL-10 as torchvision downloads it (stl10_binary/): which folder it is, its 96 px images the
// right way round, its classes and splits, and damaged files named.

#include "data/Dataset.h"

#include "testsupport/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kNames = {"airplane", "bird", "car", "cat", "deer",
                                         "dog",      "horse", "monkey", "ship", "truck"};

std::uint8_t pixel(int image, int channel, int row, int column)
{
    return std::uint8_t((image * 17 + channel * 70 + row * 3 + column * 5) % 256);
}

// `split`_X.bin and _y.bin of `count` images, image i of class (i % 10) + 1 in the file; each
// plane written column by column, as the MATLAB that made the files keeps arrays.
void writeSplit(const fs::path &dir, const std::string &split, int count)
{
    std::string images, labels;
    for (int image = 0; image < count; ++image) {
        for (int channel = 0; channel < 3; ++channel)
            for (int column = 0; column < 96; ++column)
                for (int row = 0; row < 96; ++row)
                    images += char(pixel(image, channel, row, column));
        labels += char(image % 10 + 1);
    }
    writeTextFile(dir / (split + "_X.bin"), images);
    writeTextFile(dir / (split + "_y.bin"), labels);
}

void writeNames(const fs::path &dir)
{
    std::string text;
    for (const std::string &name : kNames)
        text += name + "\n";
    writeTextFile(dir / "class_names.txt", text);
}

} // namespace

class TestStl10Dataset : public QObject
{
    Q_OBJECT

private slots:
    void torchvisionsFolderIsReadTheRightWayRound()
    {
        // torchvision's STL10("~/data") leaves ~/data/stl10_binary/.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const fs::path folder = root + "/stl10_binary";
        writeSplit(folder, "train", 12);
        writeSplit(folder, "test", 4);
        writeNames(folder);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Stl10));
        std::vector<DatasetProblem> problems;
        const auto train = openClassification(root, problems);
        QCOMPARE(train->layout(), DatasetLayout::Stl10);
        QCOMPARE(train->size(), std::size_t(12));
        QCOMPARE(train->classNames(), kNames);
        QCOMPARE(train->imageSize(0), cv::Size(96, 96));
        QCOMPARE(train->itemName(11), std::string("train_X.bin #11"));
        QCOMPARE(train->label(11), 1); // the file's 2, less one, as torchvision has it
        const cv::Mat image = train->load(11).image;
        for (const auto &[row, column] : {std::pair{3, 80}, std::pair{80, 3}, std::pair{95, 0}})
            for (int channel = 0; channel < 3; ++channel)
                QCOMPARE(int(image.at<cv::Vec3b>(row, column)[channel]), int(pixel(11, channel, row, column)));
        QCOMPARE(problems.size(), std::size_t(1)); // the folder read, a folder down
        QVERIFY2(contains(problems.front().message, "the STL-10 folder in"), problems.front().message.c_str());

        QCOMPARE(openClassification(root, problems, "test")->size(), std::size_t(4));
        std::string error = classificationOpenError(root, "unlabeled");
        QVERIFY2(contains(error, "unlabeled images have no classes"), error.c_str());
        error = classificationOpenError(root, "val");
        QVERIFY2(contains(error, "'val' is not an STL-10 split (train or test)"), error.c_str());
    }

    void damagedFilesAreNamed()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString();
        writeSplit(folder, "train", 3);
        std::string error = classificationOpenError(folder.string());
        QVERIFY2(contains(error, "STL-10 in " + folder.string() + " lacks class_names.txt"), error.c_str());
        writeNames(folder);

        writeTextFile(folder / "train_y.bin", std::string("\x01\x02\x0b", 3));
        error = classificationOpenError(folder.string());
        QVERIFY2(contains(error, "train_y.bin: label 3 is 11, not one of the 10 classes"), error.c_str());
        writeTextFile(folder / "train_y.bin", std::string("\x01\x02", 2));
        error = classificationOpenError(folder.string());
        QVERIFY2(contains(error, "holds 3 images but") && contains(error, "2 labels"), error.c_str());
        writeTextFile(folder / "train_X.bin", std::string(27648 + 100, '\1'));
        error = classificationOpenError(folder.string());
        QVERIFY2(contains(error, "train_X.bin holds 27748 bytes, no whole number of 96 × 96 RGB images"),
                 error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestStl10Dataset)
#include "test_stl10_dataset.moc"
