// Segmentation datasets whose masks are not named as their images in a masks/ folder: a mask
// suffix (CamVid's _L), a mask folder named after its image folder (train_labels/,
// trainannot/), masks beside their images (DeepGlobe, the LGG MRI and BUSI sets).

#include "data/Dataset.h"
#include "data/MaskNames.h"

#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

// An image and its mask of class ids (`id` over the top half), at the paths given.
void writePair(const fs::path &image, const fs::path &mask, int id)
{
    fs::create_directories(image.parent_path());
    fs::create_directories(mask.parent_path());
    cv::Mat pixels(16, 16, CV_8UC3);
    cv::randu(pixels, 0, 255);
    QVERIFY(cv::imwrite(image.string(), pixels));
    cv::Mat ids(16, 16, CV_8UC1, cv::Scalar(0));
    ids(cv::Rect(0, 0, 16, 8)).setTo(id);
    QVERIFY(cv::imwrite(mask.string(), ids));
}

struct Opened
{
    std::unique_ptr<Dataset> dataset;
    std::vector<DatasetProblem> problems;
    // each image's file name -> its mask's id over the top half
    std::map<std::string, int> ids;
};

Opened open(const fs::path &root, const std::string &split = {})
{
    Opened opened;
    DataConfig config;
    config.dataset.root = root.string();
    config.dataset.split = split;
    opened.dataset = openDataset(config, Task::SemanticSegmentation, 0, opened.problems);
    for (std::size_t i = 0; i < opened.dataset->size(); ++i)
        opened.ids[fs::path(opened.dataset->itemName(i)).filename().string()] =
            opened.dataset->load(i).mask.at<unsigned char>(0, 0);
    return opened;
}

bool saysSomething(const std::vector<DatasetProblem> &problems, const std::string &part)
{
    for (const DatasetProblem &problem : problems)
        if (problem.message.find(part) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestMaskNames : public QObject
{
    Q_OBJECT

private slots:
    void suffixesAreReadInAnyCase()
    {
        QCOMPARE(stemWithoutMaskSuffix("0001TP_006690_L").value_or("-"), std::string("0001TP_006690"));
        QCOMPARE(stemWithoutMaskSuffix("a_MASK").value_or("-"), std::string("a"));
        QCOMPARE(stemWithoutMaskSuffix("ISIC_0000000_segmentation").value_or("-"), std::string("ISIC_0000000"));
        QCOMPARE(stemWithoutMaskSuffix("dir/x_labels").value_or("-"), std::string("dir/x"));
        QVERIFY(!stemWithoutMaskSuffix("_mask"));
        QVERIFY(!stemWithoutMaskSuffix("mask"));
        QVERIFY(!stemWithoutMaskSuffix("a_masks_x"));
        QCOMPARE(stemWithoutImageSuffix("100694_sat"), std::string("100694"));
        QCOMPARE(stemWithoutImageSuffix("100694"), std::string("100694"));
        QCOMPARE(stemOfFurtherMask("benign (4)_mask_1").value_or("-"), std::string("benign (4)"));
        QVERIFY(!stemOfFurtherMask("benign (4)_mask"));
        QVERIFY(!stemOfFurtherMask("img_1"));
    }

    // Kaggle's CamVid: train/ + train_labels/ (and val, test), masks named <image>_L.png.
    void maskFoldersNamedAfterSplitFolders()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string split : {"train", "val", "test"})
            for (int i = 0; i < 3; ++i)
                writePair(root / split / ("0001TP_00" + std::to_string(i) + ".png"),
                          root / (split + "_labels") / ("0001TP_00" + std::to_string(i) + "_L.png"),
                          split == "val" ? 2 : 1);
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened train = open(root);
        QCOMPARE(train.dataset->size(), std::size_t(3));
        QCOMPARE(train.ids.at("0001TP_001.png"), 1);
        QVERIFY(saysSomething(train.problems, "read " + (root / "train").string() + " and "
                                                  + (root / "train_labels").string()
                                                  + ", the split data.dataset.split names ('train'; image folders "
                                                    "with masks there: test, train, val)"));
        Opened validation = open(root, "validation");
        QCOMPARE(validation.ids.at("0001TP_001.png"), 2);
        try {
            open(root, "dev");
            QFAIL("a split with no folder opened");
        } catch (const DatasetError &error) {
            QVERIFY2(std::string(error.what()).find("no folder for data.dataset.split 'dev'") != std::string::npos,
                     error.what());
        }
    }

    // train_images/ + train_masks/ beside val_images/ + val_masks/ (as Kaggle's sets of one
    // folder a split and kind come): the split data.dataset.split names, as said.
    void imageAndMaskFoldersNamedForTheirSplits()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string split : {"train", "val"})
            for (int i = 0; i < 3; ++i)
                writePair(root / (split + "_images") / ("tile_" + std::to_string(i) + ".png"),
                          root / (split + "_masks") / ("tile_" + std::to_string(i) + ".png"), split == "val" ? 2 : 1);
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened train = open(root);
        QCOMPARE(train.dataset->size(), std::size_t(3));
        QCOMPARE(train.ids.at("tile_1.png"), 1);
        QVERIFY(saysSomething(train.problems, "read " + (root / "train_images").string() + " and "
                                                  + (root / "train_masks").string()
                                                  + ", the split data.dataset.split names ('train'; image folders "
                                                    "with masks there: train_images, val_images)"));
        QCOMPARE(open(root, "validation").ids.at("tile_1.png"), 2);
        try {
            open(root, "test");
            QFAIL("a split with no folder opened");
        } catch (const DatasetError &error) {
            QVERIFY2(std::string(error.what()).find("no image folder for data.dataset.split 'test'") != std::string::npos,
                     error.what());
        }
    }

    // SegNet's CamVid: train/ + trainannot/, the masks named as their images; a mask whose
    // image is missing and an image without a mask are named.
    void annotFoldersAndStrayFiles()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string name : {"a", "b", "c"})
            writePair(root / "train" / (name + ".png"), root / "trainannot" / (name + ".png"), 3);
        writePair(root / "train" / "d.png", root / "elsewhere" / "d.png", 3);
        writePair(root / "elsewhere" / "e.png", root / "trainannot" / "e.png", 3);
        Opened opened = open(root);
        QCOMPARE(opened.dataset->size(), std::size_t(3));
        QCOMPARE(opened.dataset->numClasses(), 4);
        QVERIFY(saysSomething(opened.problems, (root / "train" / "d.png").string() + " has no mask in "
                                                   + (root / "trainannot").string()));
        QVERIFY(saysSomething(opened.problems, (root / "trainannot" / "e.png").string() + " has no image in "
                                                   + (root / "train").string()));
    }

    // ISIC 2018: ISIC2018_Task1-2_Training_Input/ + ISIC2018_Task1_Training_GroundTruth/, the
    // masks <image>_segmentation.png; the Semantic Drone set's original_images/ +
    // label_images_semantic/. Class folders of photos named so (with_mask/ + without_mask/) are none.
    void foldersNamedForImagesAndMasks()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string id : {"ISIC_0000000", "ISIC_0000001", "ISIC_0000003"})
            writePair(root / "ISIC2018_Task1-2_Training_Input" / (id + ".jpg"),
                      root / "ISIC2018_Task1_Training_GroundTruth" / (id + "_segmentation.png"), 1);
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        QCOMPARE(open(root).ids.at("ISIC_0000001.jpg"), 1);

        QTemporaryDir photos;
        const fs::path classes = photos.path().toStdString();
        for (const std::string name : {"1", "2", "3"}) {
            writePair(classes / "without_mask" / (name + ".jpg"), classes / "scratch" / (name + ".png"), 1);
            writePair(classes / "with_mask" / (name + ".jpg"), classes / "scratch" / (name + ".png"), 1);
        }
        fs::remove_all(classes / "scratch");
        QCOMPARE(detectLayout(classes.string()), std::optional(DatasetLayout::ImageFolder));
    }

    // KITTI's semantic segmentation: training/image_2/ + training/semantic/ (ids),
    // semantic_rgb/ (their colours) and instance/ beside them, testing/image_2/ alone.
    void kittiSemanticMasksBesideTheirPictures()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string id : {"000000_10", "000001_10", "000002_10"}) {
            writePair(root / "training" / "image_2" / (id + ".png"), root / "training" / "semantic" / (id + ".png"), 7);
            writePair(root / "training" / "semantic_rgb" / (id + ".png"), root / "training" / "instance" / (id + ".png"),
                      3);
            writePair(root / "testing" / "image_2" / (id + ".png"), root / "scratch" / (id + ".png"), 0);
        }
        fs::remove_all(root / "scratch");
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        const Opened kitti = open(root);
        QCOMPARE(kitti.ids.size(), std::size_t(3));
        QCOMPARE(kitti.ids.at("000001_10.png"), 7);
        QVERIFY(kitti.dataset->itemName(0).find("/training/image_2/") != std::string::npos);
    }

    // DeepGlobe: train/<id>_sat.jpg + train/<id>_mask.png, a valid/ and test/ of images alone.
    void masksBesideImagesInSplitFolders()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string id : {"100694", "102122", "10452"}) {
            writePair(root / "train" / (id + "_sat.jpg"), root / "train" / (id + "_mask.png"), 1);
            writePair(root / "valid" / (id + "_sat.jpg"), root / "scratch" / (id + ".png"), 1);
        }
        fs::remove_all(root / "scratch");
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened opened = open(root);
        QCOMPARE(opened.dataset->size(), std::size_t(3));
        QCOMPARE(opened.ids.at("10452_sat.jpg"), 1);
        QVERIFY(saysSomething(opened.problems, "read " + (root / "train").string() + ", the split"));
    }

    // The LGG MRI set: a folder a case, <case>_<n>.tif + <case>_<n>_mask.tif; BUSI: a folder a
    // class, "benign (1).png" + "benign (1)_mask.png", some with a further "_mask_1.png".
    void masksBesideImagesInCaseFolders()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string kind : {"benign", "malignant"})
            for (int i = 1; i <= 3; ++i) {
                const std::string name = kind + " (" + std::to_string(i) + ")";
                writePair(root / kind / (name + ".png"), root / kind / (name + "_mask.png"), i);
            }
        cv::imwrite((root / "benign" / "benign (2)_mask_1.png").string(), cv::Mat(16, 16, CV_8UC1, cv::Scalar(4)));
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened opened = open(root);
        QCOMPARE(opened.dataset->size(), std::size_t(6));
        QCOMPARE(opened.ids.at("malignant (3).png"), 3);
        QCOMPARE(opened.dataset->numClasses(), 4);
        QVERIFY(saysSomething(opened.problems, (root / "benign" / "benign (2)_mask_1.png").string()
                                                   + " is a further mask of an image, left out"));
    }

    // Class folders of photos, a few of which end in a mask suffix by chance, stay class folders.
    void classFoldersStayClassFolders()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        cv::Mat pixels(16, 16, CV_8UC3, cv::Scalar(1, 2, 3));
        for (const std::string cls : {"cat", "dog"}) {
            fs::create_directories(root / cls);
            for (int i = 0; i < 6; ++i)
                cv::imwrite((root / cls / (cls + std::to_string(i) + ".jpg")).string(), pixels);
        }
        cv::imwrite((root / "cat" / "cat0_gt.jpg").string(), pixels); // one file beside its namesake
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::ImageFolder));
        fs::create_directories(root / "cat_labels"); // a folder named like a mask folder, without images
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::ImageFolder));
        // a class named as another's mask folder (face/ and face_mask/): its files name no image there
        fs::create_directories(root / "cat_mask");
        for (int i = 0; i < 6; ++i)
            cv::imwrite((root / "cat_mask" / ("masked" + std::to_string(i) + ".jpg")).string(), pixels);
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::ImageFolder));
    }
    // The Oxford-IIIT Pet set: images/ + annotations/trimaps/ beside annotations/xmls/, the
    // trimaps' macOS resource forks (._Abyssinian_1.png) among them.
    void masksOneFolderDownInTheMaskFolder()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const std::string id : {"Abyssinian_1", "Abyssinian_2", "beagle_3"}) {
            writePair(root / "images" / (id + ".jpg"), root / "annotations" / "trimaps" / (id + ".png"), 2);
            cv::Mat trimap(16, 16, CV_8UC1, cv::Scalar(1)); // the set's pet 1, background 2, border 3
            trimap(cv::Rect(0, 0, 16, 8)).setTo(2);
            trimap.at<unsigned char>(8, 8) = 3;
            QVERIFY(cv::imwrite((root / "annotations" / "trimaps" / (id + ".png")).string(), trimap));
            std::ofstream(root / "annotations" / "trimaps" / ("._" + id + ".png")) << "fork";
            std::ofstream(root / "annotations" / "xmls" / (id + ".xml")) << "<annotation/>";
        }
        std::ofstream(root / "annotations" / "list.txt") << "#Image CLASS-ID SPECIES BREED ID\n";
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        const Opened opened = open(root);
        QCOMPARE(opened.dataset->size(), std::size_t(3));
        QCOMPARE(opened.ids.at("beagle_3.jpg"), 2);
        // trimaps of 1, 2 and 3: ids from 1, said as such, not as a stray value
        QVERIFY(saysSomething(opened.problems, "hold class ids 1..3 and no 0 (ids counted from 1)"));
        QVERIFY(!saysSomething(opened.problems, "stray value"));

        // a folder of other files one level down is no mask folder: images/ + annotations/ of
        // images named otherwise stay two classes
        QTemporaryDir other;
        const fs::path classes = other.path().toStdString();
        for (const std::string id : {"1", "2", "3"})
            writePair(classes / "images" / (id + ".jpg"), classes / "annotations" / "drawn" / ("other" + id + ".png"), 1);
        QCOMPARE(detectLayout(classes.string()), std::optional(DatasetLayout::ImageFolder));
    }
    // Folders each holding an image folder and its mask folder: LoveDA's Train/Urban/ and
    // Train/Rural/ (images_png/ + masks_png/), a Supervisely project's datasets (img/ +
    // masks_machine/, beside ann/ and masks_human/, the pictures for people).
    void foldersEachHoldingImagesAndMasks()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        for (const char *split : {"Train", "Val"})
            for (const char *domain : {"Urban", "Rural"})
                for (int i = 0; i < 2; ++i) {
                    const std::string name = std::string(domain) + std::to_string(i) + (split[0] == 'V' ? "v" : "");
                    writePair(root / split / domain / "images_png" / (name + ".png"),
                              root / split / domain / "masks_png" / (name + ".png"), domain[0] == 'U' ? 1 : 2);
                }
        QCOMPARE(detectLayout(root.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened train = open(root);
        QCOMPARE(train.dataset->size(), std::size_t(4));
        QCOMPARE(train.ids.at("Urban1.png"), 1);
        QCOMPARE(train.ids.at("Rural0.png"), 2);
        QVERIFY(saysSomething(train.problems, "read " + (root / "Train").string() + ", the split"));
        QCOMPARE(open(root, "val").ids.count("Rural1v.png"), std::size_t(1));

        QTemporaryDir project;
        const fs::path supervisely = project.path().toStdString();
        std::ofstream(supervisely / "meta.json") << "{}";
        for (const char *dataset : {"ds0", "ds1"})
            for (int i = 0; i < 2; ++i) {
                const std::string name = std::string(dataset) + "_" + std::to_string(i);
                writePair(supervisely / dataset / "img" / (name + ".jpg"),
                          supervisely / dataset / "masks_machine" / (name + ".png"), 1);
                writePair(supervisely / dataset / "img" / (name + ".jpg"),
                          supervisely / dataset / "masks_human" / (name + ".png"), 3);
                std::ofstream(supervisely / dataset / "ann" / (name + ".jpg.json")) << "{}";
            }
        QCOMPARE(detectLayout(supervisely.string()), std::optional(DatasetLayout::SegmentationPairs));
        Opened opened = open(supervisely);
        QCOMPARE(opened.dataset->size(), std::size_t(4));
        QCOMPARE(opened.ids.at("ds1_0.jpg"), 1); // masks_machine's, not the pictures'

        // class folders of photos stay classes
        QTemporaryDir photos;
        const fs::path classes = photos.path().toStdString();
        for (const char *name : {"cat", "dog", "fox"})
            for (int i = 0; i < 2; ++i)
                writePair(classes / name / (std::to_string(i) + ".jpg"), classes / "scratch" / "x.png", 0);
        fs::remove_all(classes / "scratch");
        QCOMPARE(detectLayout(classes.string()), std::optional(DatasetLayout::ImageFolder));
    }
};

QTEST_GUILESS_MAIN(TestMaskNames)
#include "test_mask_names.moc"
