// Image lists: a classification dataset's labels as a .txt file, a path and its class a line,
// as PaddleClas, MMPretrain and Caffe's ImageNet give them.

#include "data/Dataset.h"
#include "data/ImageList.h"
#include "data/LabelsCsv.h"

#include "testsupport/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <string>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

std::string parseError(const std::string &text)
{
    try {
        parseImageList(text, "train.txt");
    } catch (const DatasetError &error) {
        return error.what();
    }
    return {};
}

// PaddleClas' flowers102 as it is downloaded: jpg/ of every image, train_list.txt and
// val_list.txt naming them ("jpg/image_03601.jpg 0"), and the class names apart.
void makePaddleFlowers(const fs::path &root)
{
    std::string train, val;
    for (int i = 0; i < 12; ++i) {
        const std::string image = "jpg/image_0" + std::to_string(3601 + i) + ".jpg";
        writeNoiseImage(root / image);
        (i < 9 ? train : val) += image + " " + std::to_string(i % 3) + "\n";
    }
    writeTextFile(root / "train_list.txt", train);
    writeTextFile(root / "val_list.txt", val);
    writeTextFile(root / "flowers102_label_list.txt", "0 pink primrose\n1 hard-leaved pocket orchid\n"
                                                                 "2 canterbury bells\n");
}

} // namespace

class TestImageList : public QObject
{
    Q_OBJECT

private slots:
    void aLineIsAPathAndItsClass()
    {
        const LabelsTable table =
            parseImageList("\xEF\xBB\xBFjpg/a b.jpg 0\r\n\r\n# a comment\njpg/c.jpg\t12  \n", "train.txt");
        QVERIFY(!table.hasHeader);
        QCOMPARE(table.rows.size(), std::size_t(2));
        QCOMPARE(table.rows[0].image, std::string("jpg/a b.jpg")); // a path may hold spaces
        QCOMPARE(table.rows[0].label, std::string("0"));
        QCOMPARE(table.rows[0].line, std::size_t(1));
        QCOMPARE(table.rows[1].image, std::string("jpg/c.jpg"));
        QCOMPARE(table.rows[1].label, std::string("12"));
        QCOMPARE(table.rows[1].line, std::size_t(4));
        // UTF-16 as PowerShell's > writes it
        const std::string utf16("\xFF\xFE" "a\0.\0p\0n\0g\0 \0" "1\0\n\0", 18);
        QCOMPARE(parseImageList(utf16, "train.txt").rows.front().image, std::string("a.png"));
    }

    void listsThatGiveNoClassesAreRefused()
    {
        const std::string noClass = parseError("a.jpg 0\nb.jpg\n");
        QVERIFY2(contains(noClass, "train.txt, line 2: b.jpg has no class"), noClass.c_str());
        const std::string splits = parseError("a.jpg train\nb.jpg val\n");
        QVERIFY2(contains(splits, "train.txt gives each image's split"), splits.c_str());
        std::string numbered;
        for (int i = 1; i <= 8; ++i)
            numbered += "n014/n014_" + std::to_string(i) + " " + std::to_string(i) + "\n";
        const std::string numbers = parseError(numbered);
        QVERIFY2(contains(numbers, "a class of its own (1, 2, ...)"), numbers.c_str());
        QVERIFY(contains(parseError("\n# nothing\n"), "lists no images"));
        // A small list with a class an image is still a list.
        QCOMPARE(parseImageList("a.jpg 0\nb.jpg 1\n", "train.txt").rows.size(), std::size_t(2));
    }

    void paddleClasListIsTheLabels()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        makePaddleFlowers(root);
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->layout(), DatasetLayout::CsvLabels);
        QCOMPARE(dataset->size(), std::size_t(9)); // train_list.txt's, not val_list.txt's
        // The classes in the list's order, by the names of flowers102_label_list.txt.
        QCOMPARE(dataset->classNames(),
                 (std::vector<std::string>{"pink primrose", "hard-leaved pocket orchid", "canterbury bells"}));
        for (std::size_t i = 0; i < dataset->size(); ++i) {
            const int number = std::stoi(fs::path(dataset->itemName(i)).stem().string().substr(6)) - 3601;
            QCOMPARE(dataset->label(i), number % 3);
        }
        QVERIFY2(contains(dataset->labelsSource(), "train_list.txt: no header, images in column 1, classes in column 2, "
                                                   "class names from " + (root / "flowers102_label_list.txt").string()),
                 dataset->labelsSource().c_str());
        QVERIFY(problems.empty());
    }

    void classesTheLabelListDoesNotNameKeepTheirNumber()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        makePaddleFlowers(root);
        writeTextFile(root / "flowers102_label_list.txt", "0 pink primrose\n2 canterbury bells\n");
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"pink primrose", "1", "canterbury bells"}));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(contains(problems.front().message, "class 1 of " + (root / "train_list.txt").string()
                                                        + " has no name in "),
                 problems.front().message.c_str());
        // A class the list names class_2 on purpose is named so.
        writeTextFile(root / "flowers102_label_list.txt", "0 pink primrose\n1 orchid\n2 class_2\n");
        problems.clear();
        QCOMPARE(openClassification(root.string(), problems)->classNames(),
                 (std::vector<std::string>{"pink primrose", "orchid", "class_2"}));
        QVERIFY(problems.empty());
        // A label list that does not read is named with its line.
        writeTextFile(root / "flowers102_label_list.txt", "0 pink primrose\nbells\n");
        const std::string error = classificationOpenError(root.string());
        QVERIFY2(contains(error, "flowers102_label_list.txt line 2: expected a class id and its name"), error.c_str());
        // Without one, the classes are the list's numbers.
        fs::remove(root / "flowers102_label_list.txt");
        QCOMPARE(openClassification(root.string(), problems)->classNames(), (std::vector<std::string>{"0", "1", "2"}));
    }

    void mmpretrainMetaListIsTheLabels()
    {
        // MMPretrain's CustomDataset: meta/train.txt naming the images of train/.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        std::string list;
        for (int i = 0; i < 6; ++i) {
            const std::string name = "img_" + std::to_string(i) + ".png";
            writeNoiseImage(root / "train" / name);
            writeNoiseImage(root / "val" / name);
            list += name + " " + (i < 3 ? "cat" : "dog") + "\n";
        }
        writeTextFile(root / "meta" / "train.txt", list);
        writeTextFile(root / "meta" / "val.txt", list);
        QCOMPARE(findLabelsCsv(root), std::optional<fs::path>(root / "meta" / "train.txt"));
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->layout(), DatasetLayout::CsvLabels);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(dataset->size(), std::size_t(6));
        for (std::size_t i = 0; i < dataset->size(); ++i)
            QVERIFY2(contains(dataset->itemName(i), "/train/"), dataset->itemName(i).c_str());
    }

    void mmpretrainSplitsOfClassFoldersAreRead()
    {
        // meta/train.txt ("folder_1/1.png 1") beside train/ and val/ of class folders: the
        // classes of train/, meta/ neither a class nor a part of the split dataset.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        std::string list;
        for (const char *folder : {"folder_1", "folder_2"})
            for (int i = 0; i < 3; ++i) {
                const std::string name = std::string(folder) + "/" + std::to_string(i) + ".png";
                writeNoiseImage(root / "train" / name);
                writeNoiseImage(root / "val" / name);
                list += name + " " + folder[7] + "\n";
            }
        writeTextFile(root / "meta" / "train.txt", list);
        writeTextFile(root / "meta" / "classes.txt", "folder_1\nfolder_2\n");
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"folder_1", "folder_2"}));
        QCOMPARE(dataset->size(), std::size_t(6));
        for (std::size_t i = 0; i < dataset->size(); ++i)
            QVERIFY2(contains(dataset->itemName(i), "/train/"), dataset->itemName(i).c_str());
    }

    void numberedClassesAreNamedByTheirImagesFolders()
    {
        // Kaggle's Garbage classification: one-indexed-files-notrash_train.txt ("glass1.jpg 2")
        // beside Garbage classification/Garbage classification/<class>/: the training list,
        // each numbered class named by the one folder its images lie in.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const fs::path classes = root / "Garbage classification" / "Garbage classification";
        std::string train, all;
        int number = 0;
        for (const char *name : {"cardboard", "glass", "trash"}) {
            ++number;
            for (int i = 1; i <= 4; ++i) {
                const std::string image = name + std::to_string(i) + ".jpg";
                writeNoiseImage(classes / name / image);
                all += image + " " + std::to_string(number) + "\n";
                if (i <= 3 && std::string(name) != "trash")
                    train += image + " " + std::to_string(number) + "\n";
            }
        }
        writeTextFile(root / "one-indexed-files.txt", all);
        writeTextFile(root / "one-indexed-files-notrash_train.txt", train);
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->layout(), DatasetLayout::CsvLabels);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cardboard", "glass"}));
        QCOMPARE(dataset->size(), std::size_t(6));
        QVERIFY2(contains(dataset->labelsSource(), "one-indexed-files-notrash_train.txt: no header, images in column 1, "
                                                   "classes in column 2, class names from the folders of their images"),
                 dataset->labelsSource().c_str());
        // Classes that share a folder keep their numbers.
        writeTextFile(root / "one-indexed-files-notrash_train.txt", "cardboard1.jpg 1\ncardboard2.jpg 2\nglass1.jpg 2\n");
        QCOMPARE(openClassification(root.string(), problems)->classNames(), (std::vector<std::string>{"1", "2"}));
    }

    void aBadLineIsNamedWhenTheListIsOpened()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        makePaddleFlowers(root);
        writeTextFile(root / "train_list.txt",
                      "jpg/image_03601.jpg 0\njpg/image_03602.jpg 1\njpg/image_03603.jpg\n");
        const std::string error = classificationOpenError(root.string());
        QVERIFY2(contains(error, (root / "train_list.txt").string() + ", line 3: jpg/image_03603.jpg has no class"),
                 error.c_str());
    }

    void otherTextFilesAreNoLists()
    {
        // Class folders beside a list of class names (TensorFlow's labels.txt), a readme and
        // CUB's images.txt ("1 001.Albatross/1.jpg": its number first): the folders' classes.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char *name : {"a.jpg", "b.jpg", "c.jpg"}) {
            writeNoiseImage(root / "daisy" / name);
            writeNoiseImage(root / "rose" / name);
        }
        writeTextFile(root / "labels.txt", "daisy\nrose\n");
        writeTextFile(root / "README.txt", "Flowers, photographed in 2019.\nUse freely.\n");
        writeTextFile(root / "images.txt", "1 daisy/a.jpg\n2 daisy/b.jpg\n3 rose/a.jpg\n");
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->layout(), DatasetLayout::ImageFolder);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"daisy", "rose"}));
        QCOMPARE(dataset->size(), std::size_t(6));
    }

    void classFoldersOutrankAListOfTheirFiles()
    {
        // Caffe's ImageNet: train/<wnid>/ beside train.txt ("n01/1.JPEG 0"): either gives
        // the same classes; the folders' names are read.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        std::string list;
        for (const char *wnid : {"n01440764", "n01443537"})
            for (const char *name : {"1.JPEG", "2.JPEG"}) {
                writeNoiseImage(root / "train" / wnid / name);
                list += std::string(wnid) + "/" + name + " " + (std::string(wnid) == "n01440764" ? "0" : "1") + "\n";
            }
        writeNoiseImage(root / "val" / "ILSVRC2012_val_00000001.JPEG");
        writeTextFile(root / "train.txt", list);
        std::vector<DatasetProblem> problems;
        const std::unique_ptr<Dataset> dataset = openClassification(root.string(), problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"n01440764", "n01443537"}));
        QCOMPARE(dataset->size(), std::size_t(4));
    }
};

QTEST_GUILESS_MAIN(TestImageList)
#include "test_image_list.moc"
