// The labels-file layout (csv): which .csv file is the labels file, which columns hold the
// image and the class, and how the rows find their image files.

#include "data/Dataset.h"
#include "data/LabelsCsv.h"

#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>
#include <set>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

bool anyProblemMentions(const std::vector<DatasetProblem> &problems, const std::string &part)
{
    return std::any_of(problems.begin(), problems.end(),
                       [&](const DatasetProblem &problem) { return contains(problem.message, part); });
}

void writeImage(const std::string &path)
{
    fs::create_directories(fs::path(path).parent_path());
    QVERIFY(cv::imwrite(path, cv::Mat(6, 8, CV_8UC3, cv::Scalar(10, 20, 30))));
}

DataConfig configFor(const std::string &root, const std::string &layout = "auto")
{
    DataConfig config;
    config.dataset.root = root;
    config.dataset.layout = layout;
    return config;
}

// The dataset at `root` opened, its warnings in `problems`.
std::unique_ptr<Dataset> open(const std::string &root, std::vector<DatasetProblem> &problems,
                              const std::string &layout = "auto")
{
    return openDataset(configFor(root, layout), Task::Classification, 0, problems);
}

// The message of the DatasetError that opening `root` throws ("" when none).
std::string openError(const std::string &root, const std::string &layout = "auto")
{
    try {
        std::vector<DatasetProblem> problems;
        open(root, problems, layout);
    } catch (const DatasetError &error) {
        return error.what();
    }
    return {};
}

// The names a predicate of parseLabelsCsv takes for image files.
ImageNameTest imagesNamed(std::set<std::string> names)
{
    return [names = std::move(names)](const std::string &written) { return names.count(written) > 0; };
}

// HAM10000 as Kaggle ships it: metadata naming ISIC_<n> (no extension) in image_id, class
// in dx, the images in two folders.
void writeHam(const std::string &root)
{
    std::string metadata = "lesion_id,image_id,dx,dx_type,age,sex,localization\n";
    for (int i = 0; i < 6; ++i) {
        const std::string id = "ISIC_00274" + std::to_string(10 + i);
        writeImage(root + "/HAM10000_images_part_" + (i < 3 ? "1/" : "2/") + id + ".jpg");
        metadata += "HAM_" + std::to_string(i) + "," + id + "," + (i % 2 ? "mel" : "nv") + ",histo,80.0,male,scalp\n";
    }
    writeTextFile(root + "/HAM10000_metadata.csv", metadata);
}

} // namespace

class TestLabelsCsv : public QObject
{
    Q_OBJECT

private slots:
    void theFileWhoseRowsNameImagesIsTheLabelsFile()
    {
        // A pixel table beside the metadata made the choice unclear: the parts were read as
        // two classes.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeHam(root);
        writeTextFile(root + "/hmnist_28_28_L.csv", "pixel0000,pixel0001,label\n1,2,0\n");
        writeTextFile(root + "/hmnist_8_8_RGB.csv", "pixel0000,pixel0001,label\n1,2,0\n");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"mel", "nv"}));
        QCOMPARE(dataset->size(), size_t(6));
        QCOMPARE(dataset->labelsSource(),
                 root + "/HAM10000_metadata.csv: images in column image_id, classes in column dx");

        // Two files naming the images, neither named for labels: the error names them.
        writeTextFile(root + "/lesions.csv", "image,dx\nISIC_0027410,nv\n");
        const std::string error = openError(root, "csv");
        QVERIFY2(contains(error, "has several labels files (HAM10000_metadata.csv, lesions.csv) whose rows name its "
                                 "images"),
                 error.c_str());
        QVERIFY2(contains(error, "name the labels file labels.csv"), error.c_str());
        // Detected all the same, so that opening says so, not the two folders as classes.
        QCOMPARE(openError(root), error);
    }

    void aListOfBoxesBesideTheLabelsIsNotTheLabelsFile()
    {
        // NIH's ChestX-ray14: Data_Entry_2017.csv (a row an image) beside BBox_List_2017.csv (a
        // row a box, "Bbox [x,y,w,h]"), both naming the images by their "Image Index" and a
        // finding: the choice was unclear. A file naming a box's corner is one only alone.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string entries = "Image Index,Finding Labels,Follow-up #,Patient ID\n";
        const char *findings[] = {"No Finding", "Cardiomegaly|Emphysema", "Effusion", "No Finding"};
        for (int i = 0; i < 4; ++i) {
            const std::string image = "0000000" + std::to_string(i) + "_000.png";
            writeImage(root + "/images_001/images/" + image);
            entries += image + "," + findings[i] + ",0," + std::to_string(i) + "\n";
        }
        writeTextFile(root + "/Data_Entry_2017.csv", entries);
        for (const char *boxes : {"Image Index,Finding Label,Bbox [x,y,w,h],,,\n00000001_000.png,Cardiomegaly,225,547,86,79,,,\n",
                                  "image,label,xmin,ymin,xmax,ymax\n00000001_000.png,Cardiomegaly,225,547,286,579\n"}) {
            writeTextFile(root + "/BBox_List_2017.csv", boxes);
            std::vector<DatasetProblem> problems;
            const auto dataset = open(root, problems);
            QVERIFY2(contains(dataset->labelsSource(), root + "/Data_Entry_2017.csv"), dataset->labelsSource().c_str());
            QCOMPARE(dataset->numClasses(), 3);
        }
        // Alone, it is the labels file.
        fs::remove(root + "/Data_Entry_2017.csv");
        writeTextFile(root + "/BBox_List_2017.csv", "image,label,xmin,ymin,xmax,ymax\n00000001_000.png,Cardiomegaly,2,5,8,9\n"
                                                    "00000002_000.png,Effusion,2,5,8,9\n");
        std::vector<DatasetProblem> problems;
        QVERIFY(contains(open(root, problems)->labelsSource(), root + "/BBox_List_2017.csv"));
    }

    void aLabelsFileNamingNoImageStillGetsTheHint()
    {
        // The images deeper than detection looks: one folder, read as one class, and the
        // error says which file was not read.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\n";
        for (int i = 0; i < 4; ++i) {
            writeImage(root + "/data/a/b/c/d/" + std::to_string(i) + ".png");
            csv += std::to_string(i) + ".png," + (i % 2 ? "cat" : "dog") + "\n";
        }
        writeTextFile(root + "/labels.csv", csv);
        writeTextFile(root + "/pixels.csv", "pixel0,pixel1\n0,1\n");
        QCOMPARE(findLabelsCsv(root), std::optional<fs::path>(root + "/labels.csv"));
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        QVERIFY(contains(openError(root), "; labels.csv was not read as the labels file"));
        std::vector<DatasetProblem> problems;
        QCOMPARE(open(root, problems, "csv")->size(), size_t(4));
    }

    void aLabelsFileOfOnlyAHeaderIsNamedInTheError()
    {
        // A header and no rows beside an empty train/ (or one of images): no class folder has
        // a class, and the error says that the labels file named none either.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        fs::create_directories(root + "/train");
        writeTextFile(root + "/labels.csv", "id,label\n");
        const std::string empty = openError(root);
        QVERIFY2(contains(empty, "no images in the class folders of"), empty.c_str());
        QVERIFY2(contains(empty, "/labels.csv lists no images: it has a header and no rows"), empty.c_str());
        writeImage(root + "/train/0.png");
        const std::string oneClass = openError(root);
        QVERIFY2(contains(oneClass, "1 class folder: train; ") && contains(oneClass, "/labels.csv lists no images"),
                 oneClass.c_str());
        QVERIFY(!contains(oneClass, "set data.dataset.layout: csv"));
        fs::remove(root + "/labels.csv");
        QVERIFY(!contains(openError(root), "labels.csv"));
        // Oxford's 102 flowers: jpg/ beside imagelabels.mat, which is named.
        writeTextFile(root + "/imagelabels.mat", "MATLAB 5.0 MAT-file");
        const std::string mat = openError(root);
        QVERIFY2(contains(mat, "1 class folder: train; imagelabels.mat may hold the labels, as a MATLAB file, which "
                               "AugStudio does not read: save them as labels.csv"),
                 mat.c_str());
    }

    void theImageColumnIsTheOneNamingImages()
    {
        const auto table = [](const std::string &csv, const ImageNameTest &namesImage = {}) {
            return parseLabelsCsv(csv, "labels.csv", namesImage);
        };
        const ImageNameTest images = imagesNamed({"img1.png", "img2.png", "p1.jpg", "3"});
        // A row number beside the file name.
        LabelsTable read = table("id,filename,label\n101,img1.png,c0\n102,img2.png,c1\n", images);
        QCOMPARE(read.imageColumn, std::string("filename"));
        QCOMPARE(read.labelColumn, std::string("label"));
        QCOMPARE(read.rows.front().image, std::string("img1.png"));
        // COCO's names: an image id, its file name, a category id.
        read = table("image_id,file_name,category_id\n7,p1.jpg,3\n", images);
        QCOMPARE(read.imageColumn, std::string("file_name"));
        QCOMPARE(read.labelColumn, std::string("category_id"));
        // An id that names the files (CIFAR's) stays the image column.
        read = table("id,label\n3,frog\n", images);
        QCOMPARE(read.imageColumn, std::string("id"));
        // A column named as the class column is never the image column, first or not.
        read = table("label,img_path\nc0,img1.png\n", images);
        QCOMPARE(read.imageColumn, std::string("img_path"));
        QCOMPARE(read.labelColumn, std::string("label"));
        // Nothing to tell by: the file's name before the id, the class column still not.
        QCOMPARE(table("id,filename,label\n101,a.png,c0\n").imageColumn, std::string("filename"));
        QCOMPARE(table("label,img_path\nc0,a.png\n").imageColumn, std::string("img_path"));
        // The other image-like column is not a one-hot class.
        read = table("id,filename,cat,dog\n1,img1.png,1,0\n2,img2.png,0,1\n", images);
        QVERIFY(read.oneHot);
        QCOMPARE(read.oneHotColumns, (std::vector<std::string>{"cat", "dog"}));

        // Opened: the row numbers are no image files.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "id,filename,label\n";
        for (int i = 1; i <= 4; ++i) {
            writeImage(root + "/train/img" + std::to_string(i) + ".png");
            csv += std::to_string(i + 100) + ",img" + std::to_string(i) + ".png,c" + std::to_string(i % 2) + "\n";
        }
        writeTextFile(root + "/labels.csv", csv);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(4));
        QCOMPARE(dataset->labelsSource(), root + "/labels.csv: images in column filename, classes in column label");
    }

    void pathsBelowAnImagesFolderAreFoundByTheirEnd()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "filepath,label\n";
        for (const std::string animal : {"cat", "dog"})
            for (int i = 1; i <= 2; ++i) {
                writeImage(root + "/images/" + animal + "/" + std::to_string(i) + ".jpg");
                csv += animal + "/" + std::to_string(i) + ".jpg," + animal + "\n";
            }
        writeTextFile(root + "/labels.csv", csv);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        auto dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(4));
        QVERIFY(problems.empty());
        for (size_t i = 0; i < dataset->size(); ++i) {
            const std::string relative = fs::path(dataset->itemName(i)).lexically_relative(root).generic_string();
            QCOMPARE(dataset->classNames()[size_t(dataset->label(i))], relative.substr(7, 3)); // images/<class>/
        }

        // "cat/1.jpg" is not the end of "bobcat/1.jpg": whole folder names only.
        writeImage(root + "/images/bobcat/1.jpg");
        problems.clear();
        QCOMPARE(open(root, problems)->size(), size_t(4));
        QVERIFY(problems.empty());
        // A path two files end with is ambiguous; the file whose path below root it is, is not.
        writeImage(root + "/old/cat/1.jpg");
        writeTextFile(root + "/labels.csv", csv + "old/cat/1.jpg,dog\n");
        problems.clear();
        dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(4));
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY(anyProblemMentions(problems, "cat/1.jpg (line 2) in " + root + "/labels.csv names several image files"));
    }

    void aColumnOfBoxesIsNoClass()
    {
        // A column of object boxes, a label and four coordinates each (Kaggle's ImageNet
        // LOC_train_solution.csv), is no class: each image's boxes would be a class of its own.
        for (const char *csv : {"ImageId,PredictionString\nn0144_1,n0144 18 145 474 401 \n"
                                "n0144_2,n0144 1 2 3.5 4 n0144 9 9 40 41\n",
                                "ImageId,PredictionString\nn0144_1,n0144 18 145 474 401\nn0144_2,\n"}) {
            try {
                parseLabelsCsv(csv, "LOC_train_solution.csv", imagesNamed({"n0144_1", "n0144_2"}));
                QFAIL(csv);
            } catch (const DatasetError &e) {
                QVERIFY2(std::string(e.what()).find("LOC_train_solution.csv: column PredictionString holds object "
                                                    "boxes (a label and four coordinates each")
                             != std::string::npos,
                         e.what());
            }
        }
        // A class with numbers in it, or a box of another count, stays a class.
        for (const char *csv : {"image,label\na.png,n0144 18 145 474\nb.png,cat\n",
                                "image,label\na.png,Acura TL 2012 7 8 9\nb.png,7 8 9 10 11\n"})
            QCOMPARE(parseLabelsCsv(csv, "labels.csv").rows.size(), std::size_t(2));
    }

    void aFileWithoutAHeaderKeepsItsFirstRow()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv;
        for (int i = 1; i <= 6; ++i) {
            writeImage(root + "/train/img" + std::to_string(i) + ".png");
            csv += "img" + std::to_string(i) + ".png," + std::to_string(i % 2) + "\n";
        }
        writeTextFile(root + "/labels.csv", csv);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(6));
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"0", "1"}));
        QCOMPARE(dataset->labelsSource(), root + "/labels.csv: no header, images in column 1, classes in column 2");

        // The class first: the image column found by what it names.
        const LabelsTable swapped = parseLabelsCsv("cat,a.png\ndog,b.png\n", "labels.csv", imagesNamed({"a.png"}));
        QVERIFY(!swapped.hasHeader);
        QCOMPARE(swapped.rows.size(), size_t(2));
        QCOMPARE(swapped.rows.front().image, std::string("a.png"));
        QCOMPARE(swapped.rows.front().label, std::string("cat"));
        QCOMPARE(swapped.rows.front().line, size_t(1));
        // A header stays one, even where an image is named like a column.
        const LabelsTable headed = parseLabelsCsv("image,label\na.png,cat\n", "labels.csv", imagesNamed({"image"}));
        QVERIFY(headed.hasHeader);
        QCOMPARE(headed.rows.size(), size_t(1));
        QVERIFY(parseLabelsCsv("a.png,label\nb.png,cat\n", "labels.csv", imagesNamed({"a.png"})).hasHeader);

        // Names without their extension, the first image deleted: its row is shaped as the rows
        // below it, cell by cell, so it is one of them.
        const LabelsTable shaped =
            parseLabelsCsv("img1,3\nimg2,4\nimg3,3\n", "labels.csv", imagesNamed({"img2", "img3"}));
        QVERIFY(!shaped.hasHeader);
        QCOMPARE(shaped.rows.size(), size_t(3));
        QCOMPARE(shaped.rows.front().image, std::string("img1"));
        QCOMPARE(shaped.rows.front().line, size_t(1));
        // A header's names are shaped otherwise, or have no digit, or name a column.
        for (const char *csv : {"shot,kind2\nimg2,3\nimg3,4\n", "shot,kind\nimg2,cat\nimg3,dog\n",
                                "image,2019\nimg2,3\nimg3,4\n", "img9,x1\nimg2,3\nimg3,4\n"})
            QVERIFY2(parseLabelsCsv(csv, "labels.csv", imagesNamed({"img2", "img3"})).hasHeader, csv);
        // Of several columns besides the image's, none is the class by its position (a box
        // before the class: Stanford Cars' "00001.jpg,39,116,569,375,14").
        try {
            parseLabelsCsv("00001.jpg,39,116,569,375,14\n00002.jpg,36,116,868,587,3\n", "anno_train.csv",
                           imagesNamed({"00001.jpg"}));
            QFAIL("a box's corner read as the class");
        } catch (const DatasetError &e) {
            QVERIFY2(std::string(e.what()).find("anno_train.csv: which column holds the class is unclear (no header; "
                                                "images in column 1 of 6): add a header")
                         != std::string::npos,
                     e.what());
        }
        // A row of another width is named against the first row's, as the header's otherwise.
        try {
            parseLabelsCsv("img1,3\nimg2,4\nimg3,3,x\n", "labels.csv", imagesNamed({"img2"}));
            QFAIL("a row of three fields read");
        } catch (const DatasetError &e) {
            QCOMPARE(std::string(e.what()), std::string("labels.csv, line 3: 3 fields where the first row has 2"));
        }
    }

    void aLabelsFileOneFolderDownIsFound()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\n";
        for (int i = 0; i < 4; ++i) {
            writeImage(root + "/images/" + std::to_string(i) + ".png");
            csv += (i < 2 ? "images/" : "../images/") + std::to_string(i) + ".png," + (i % 2 ? "a" : "b") + "\n";
        }
        writeTextFile(root + "/annotations/labels.csv", csv);
        writeTextFile(root + "/annotations/notes.csv", "image,label\nimages/0.png,x\n"); // not named for labels
        QCOMPARE(labelsCsvCandidates(root), (std::vector<fs::path>{root + "/annotations/labels.csv"}));
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(4));
        QVERIFY(contains(dataset->labelsSource(), "annotations/labels.csv: images in column image"));

        // Where there is none, the refusal says where one is looked for.
        fs::remove(root + "/annotations/labels.csv");
        QVERIFY(contains(openError(root, "csv"), "in a folder at its top (annotations/labels.csv)"));
        // One at the top: the folders are not looked in.
        writeTextFile(root + "/annotations/labels.csv", csv);
        writeTextFile(root + "/train.csv", "image,label\nimages/0.png,x\nimages/1.png,y\n");
        QCOMPARE(labelsCsvCandidates(root), (std::vector<fs::path>{root + "/train.csv"}));
    }

    void wholeNumbersWrittenAsFloatsAreOrderedByNumber()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\n";
        const std::vector<std::string> labels = {"10.0", "5.0", "0.0", "10.0", "5.0", "0.0"};
        for (size_t i = 0; i < labels.size(); ++i) {
            writeImage(root + "/train/" + std::to_string(i) + ".png");
            csv += std::to_string(i) + ".png," + labels[i] + "\n";
        }
        writeTextFile(root + "/labels.csv", csv);
        std::vector<DatasetProblem> problems;
        QCOMPARE(open(root, problems)->classNames(), (std::vector<std::string>{"0.0", "5.0", "10.0"}));
        // A fraction among them: by name.
        writeImage(root + "/train/6.png");
        writeTextFile(root + "/labels.csv", csv + "6.png,2.5\n");
        QCOMPARE(open(root, problems)->classNames(), (std::vector<std::string>{"0.0", "10.0", "2.5", "5.0"}));
    }

    void utf16WithAByteOrderMarkIsRead()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\r\n";
        for (int i = 0; i < 4; ++i) {
            writeImage(root + "/train/" + std::to_string(i) + ".png");
            csv += std::to_string(i) + ".png," + (i % 2 ? "caf\xC3\xA9" : "b") + "\r\n"; // "café"
        }
        const auto utf16 = [&](bool little) {
            std::string bytes = little ? "\xFF\xFE" : "\xFE\xFF";
            for (const char16_t c : QString::fromStdString(csv).toStdU16String()) {
                const char high = char(c >> 8), low = char(c & 0xFF);
                bytes += little ? std::string{low, high} : std::string{high, low};
            }
            return bytes;
        };
        for (const bool little : {true, false}) {
            writeTextFile(root + "/labels.csv", utf16(little));
            QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
            std::vector<DatasetProblem> problems;
            const auto dataset = open(root, problems);
            QCOMPARE(dataset->size(), size_t(4));
            QCOMPARE(dataset->classNames(), (std::vector<std::string>{"b", "caf\xC3\xA9"}));
        }
        // Without a byte-order mark: said, not read as one-field rows.
        writeTextFile(root + "/labels.csv", utf16(true).substr(2));
        const std::string error = openError(root, "csv");
        QVERIFY2(contains(error, "labels.csv holds NUL bytes: UTF-16 without a byte-order mark"), error.c_str());
    }

    void aClassWhoseImagesAreAllMissingIsNamed()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\n";
        for (int i = 0; i < 4; ++i) {
            writeImage(root + "/train/" + std::to_string(i) + ".png");
            csv += std::to_string(i) + ".png," + (i % 2 ? "cat" : "dog") + "\n";
        }
        writeTextFile(root + "/labels.csv", csv + "8.png,ghost\n9.png,ghost\n");
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cat", "dog", "ghost"}));
        QVERIFY(anyProblemMentions(problems, "class ghost in " + root + "/labels.csv holds no images"));
        QVERIFY(!anyProblemMentions(problems, "class cat"));
    }

    void aLabelsFileWhoseFirstImagesWereDeletedIsStillTheLabelsFile()
    {
        // Its first three images deleted since it was written: read as class folders, train/
        // was one class and the error told the user to set layout: csv.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "image,label\n", headerless, pixels = "pixel0,pixel1,label\n";
        for (int i = 0; i < 12; ++i) {
            const std::string name = std::to_string(i) + ".png", label = i % 2 ? "cat" : "dog";
            if (i >= 3)
                writeImage(root + "/train/" + name);
            csv += name + "," + label + "\n";
            headerless += name + "," + label + "\n";
            pixels += std::to_string(i) + ",0,1\n"; // past its first rows, values 3..11 as 3.png, ...
        }
        // Beside a pixel table, neither named for labels: the metadata alone names the images.
        writeTextFile(root + "/metadata.csv", csv);
        writeTextFile(root + "/hmnist_8_8.csv", pixels);
        QCOMPARE(findLabelsCsv(root), std::optional<fs::path>(root + "/metadata.csv"));
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        auto dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(9));
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cat", "dog"}));
        // The rows of deleted images, named as those of any labels file are.
        for (int i = 0; i < 3; ++i)
            QVERIFY2(anyProblemMentions(problems, "image " + std::to_string(i) + ".png (line " + std::to_string(i + 2)
                                                      + ") in " + root + "/metadata.csv has no image file below "
                                                      + root + "; left out"),
                     std::to_string(i).c_str());

        // Without a header, the first row whose image was deleted is a row too, not the header.
        fs::remove(root + "/hmnist_8_8.csv");
        writeTextFile(root + "/metadata.csv", headerless);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        problems.clear();
        dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(9));
        QCOMPARE(dataset->labelsSource(), root + "/metadata.csv: no header, images in column 1, classes in column 2");
        QVERIFY(anyProblemMentions(problems, "image 0.png (line 1) in " + root + "/metadata.csv has no image file"));

        // So does a headerless file naming its images without their extension.
        std::string bare;
        for (int i = 0; i < 12; ++i)
            bare += "img" + std::to_string(i) + "," + (i % 2 ? "cat" : "dog") + "\n";
        for (int i = 3; i < 12; ++i)
            fs::rename(root + "/train/" + std::to_string(i) + ".png", root + "/train/img" + std::to_string(i) + ".png");
        writeTextFile(root + "/metadata.csv", bare);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        problems.clear();
        dataset = open(root, problems);
        QCOMPARE(dataset->size(), size_t(9));
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(dataset->labelsSource(), root + "/metadata.csv: no header, images in column 1, classes in column 2");
        QVERIFY(anyProblemMentions(problems, "image img0 (line 1) in " + root + "/metadata.csv has no image file"));
        for (int i = 3; i < 12; ++i)
            fs::rename(root + "/train/img" + std::to_string(i) + ".png", root + "/train/" + std::to_string(i) + ".png");

        // Far down a long file, the images it names still tell it: rows spread over its first
        // 64 KiB are probed, not only its first.
        std::string longCsv = "image,label\n";
        for (int i = 0; i < 2000; ++i)
            longCsv += "deleted_" + std::to_string(i) + ".png,dog\n";
        writeTextFile(root + "/metadata.csv", longCsv + csv.substr(csv.find('\n') + 1));
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
    }

    void aSplitColumnIsNeverTheClass()
    {
        // A list of the files and their split: read as labels, the search learnt train-vs-val.
        const std::string file = "/data/files.csv";
        std::string error;
        try {
            parseLabelsCsv("filepath,split\na.png,train\nb.png,val\n", file);
        } catch (const DatasetError &e) {
            error = e.what();
        }
        QVERIFY2(contains(error, file + ": no column holds the class") && contains(error, "column split gives each "
                                                                                          "image's split"),
                 error.c_str());
        // Named as a class column, values that are only split names are splits still; so are
        // those of a file without a header.
        QVERIFY_THROWS_EXCEPTION(DatasetError, parseLabelsCsv("image,label\na.png,Train\nb.png,valid\n", file));
        QVERIFY_THROWS_EXCEPTION(DatasetError,
                                 parseLabelsCsv("a.png,train\nb.png,test\n", file, imagesNamed({"a.png", "b.png"})));
        // Beside a class column, a fold column is left aside: the class column is the one other.
        const LabelsTable folded = parseLabelsCsv("image,fold,breed_name\na.png,0,pug\nb.png,3,husky\n", file);
        QCOMPARE(folded.labelColumn, std::string("breed_name"));
        QVERIFY(!folded.oneHot);
        // One-hot columns with a fold beside them: the fold is no class.
        const LabelsTable oneHot =
            parseLabelsCsv("image_id,healthy,rust,set\nTrain_0,0,1,2\nTrain_1,1,0,4\n", file);
        QVERIFY(oneHot.oneHot);
        QCOMPARE(oneHot.oneHotColumns, (std::vector<std::string>{"healthy", "rust"}));
        QCOMPARE(oneHot.rows.at(0).label, std::string("rust"));
    }

    void splitFoldersOfClassFoldersBesideAFileListAreTheSplitLayout()
    {
        // train/{cat,dog}/ + val/{cat,dog}/ and files.csv "filepath,split": the split layout,
        // the classes cat and dog of train/, not the classes train and val.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "filepath,split\n";
        for (const std::string part : {"train", "val"})
            for (const std::string name : {"cat", "dog"})
                for (int i = 0; i < 2; ++i) {
                    const std::string relative = part + "/" + name + "/" + std::to_string(i) + ".png";
                    writeImage(root + "/" + relative);
                    csv += relative + "," + part + "\n";
                }
        writeTextFile(root + "/files.csv", csv);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"cat", "dog"}));
        QCOMPARE(dataset->size(), size_t(4));
        // Forced, the csv layout says why the file gives no classes.
        const std::string error = openError(root, "csv");
        QVERIFY2(contains(error, root + "/files.csv: no column holds the class"), error.c_str());

        // A second column of another name ("source") beside split folders of class folders is
        // no class column either: the folders are the classes.
        std::string sources = "filepath,source\n";
        for (const std::string part : {"train", "val"})
            for (const std::string name : {"cat", "dog"})
                for (int i = 0; i < 2; ++i)
                    sources += part + "/" + name + "/" + std::to_string(i) + ".png,camera" + std::to_string(i) + "\n";
        writeTextFile(root + "/files.csv", sources);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::ImageFolder));
        QCOMPARE(open(root, problems)->classNames(), (std::vector<std::string>{"cat", "dog"}));
    }

    void aWholeNumberWrittenAsAFloatIsTheSameClass()
    {
        // Two pandas exports concatenated: 1 and 1.0 are the class 1, not two classes.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "id,label\n";
        const std::vector<std::string> labels = {"0", "1", "0.0", "1.0", "2", "1.00"};
        for (size_t i = 0; i < labels.size(); ++i) {
            writeImage(root + "/train/" + std::to_string(i) + ".png");
            csv += std::to_string(i) + "," + labels[i] + "\n";
        }
        writeTextFile(root + "/trainLabels.csv", csv);
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(dataset->size(), labels.size());
        std::map<std::string, int> labelOf;
        for (size_t i = 0; i < dataset->size(); ++i)
            labelOf[fs::path(dataset->itemName(i)).stem().string()] = dataset->label(i);
        QCOMPARE(labelOf.at("2"), labelOf.at("0")); // 0.0 is 0
        QCOMPARE(labelOf.at("3"), labelOf.at("1")); // 1.0 is 1
        QCOMPARE(labelOf.at("5"), labelOf.at("1")); // 1.00 is 1
        QCOMPARE(labelOf.at("4"), 2);
    }
    void runLengthEncodedMasksAreNoClasses()
    {
        // Kaggle's segmentation competitions give masks as start-length runs in a CSV file:
        // read as a class column, each mask was a class of one image.
        struct Case
        {
            const char *name;
            std::string csv;
            const char *column;
        };
        const std::vector<Case> cases = {
            {"Carvana", "img,rle_mask\n0.jpg,1 3 10 5\n1.jpg,2 2 8 1 20 4\n2.jpg,5 1 7 1\n", "rle_mask"},
            {"Airbus", "ImageId,EncodedPixels\n0.jpg,\n1.jpg,264661 17 265429 33\n2.jpg,\n", "EncodedPixels"},
            {"unnamed", "img,\n0.jpg,1 3 10 5\n1.jpg,2 2 8 1 20 4\n2.jpg,\n", "#2"},
            {"Severstal", "ImageId,ClassId,EncodedPixels\n0.jpg,1,29102 12 29346 24\n1.jpg,3,18661 28 18863 82\n"
                          "2.jpg,4,37607 3 37858 8\n",
             "EncodedPixels"},
        };
        for (const Case &c : cases) {
            QTemporaryDir dir;
            const std::string root = dir.path().toStdString();
            for (int i = 0; i < 3; ++i)
                writeImage(root + "/train/" + std::to_string(i) + ".jpg");
            writeTextFile(root + "/train.csv", c.csv);
            QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
            const std::string error = openError(root);
            QVERIFY2(contains(error, root + "/train.csv: column " + c.column + " holds run-length encoded masks")
                         && contains(error, "masks/ folder"),
                     (std::string(c.name) + ": " + error).c_str());
        }
        // Numbers that are no runs stay classes: the Human Protein Atlas' multi-label targets
        // ("7 1 2 0", starts not in order, a length of 0), a one-number label.
        QTemporaryDir dir;
        const std::string atlas = dir.path().toStdString();
        for (int i = 0; i < 3; ++i)
            writeImage(atlas + "/train/" + std::to_string(i) + ".png");
        writeTextFile(atlas + "/train.csv", "Id,Target\n0,16 0\n1,7 1 2 0\n2,5\n");
        std::vector<DatasetProblem> problems;
        QCOMPARE(open(atlas, problems)->numClasses(), 3);
    }
    void aClassColumnNamedWithMoreWordsIsTheClass()
    {
        // NIH's chest X-rays: images_001/images/ ... beside Data_Entry_2017.csv, whose class
        // column is "Finding Labels" (tags between bars) among patient columns; the image
        // folders were read as the classes images_001 and images_002.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::string csv = "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,View Position,"
                          "OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],\n";
        const std::vector<std::string> findings = {"Cardiomegaly", "Cardiomegaly|Emphysema", "No Finding",
                                                   "Hernia",       "Emphysema|Hernia",       "Emphysema"};
        for (std::size_t i = 0; i < findings.size(); ++i) {
            const std::string name = "0000000" + std::to_string(i) + "_000.png";
            writeImage(root + "/images_00" + std::to_string(i % 2 + 1) + "/images/" + name);
            csv += name + "," + findings[i] + ",0," + std::to_string(i) + ",58,M,PA,2682,2749,0.143,0.143,\n";
        }
        writeTextFile(root + "/Data_Entry_2017.csv", csv);
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::CsvLabels));
        std::vector<DatasetProblem> problems;
        const auto dataset = open(root, problems);
        QCOMPARE(dataset->numClasses(), 6);
        QCOMPARE(dataset->labelsSource(),
                 root + "/Data_Entry_2017.csv: images in column Image Index, classes in column Finding Labels");
        // 6 combinations of 4 tags: said to be sets of tags
        QVERIFY(anyProblemMentions(problems, "6 combinations of 4 tags, such as \"Cardiomegaly|Emphysema\""));
    }
};

QTEST_GUILESS_MAIN(TestLabelsCsv)
#include "test_labels_csv.moc"
