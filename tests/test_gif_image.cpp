// GIF files: photos as their first frame's colours, masks as its palette indices (Carvana's
// train_masks/*.gif), as Pillow's Image.open reads them.

#include "data/Dataset.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageHeader.h"

#include "testsupport/GifWriter.h"
#include "testsupport/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

const std::vector<cv::Vec3b> kColours = {{200, 10, 30}, {5, 220, 40}, {15, 25, 240}, {90, 90, 90}};
const std::vector<cv::Vec3b> kBlackAndWhite = {{0, 0, 0}, {255, 255, 255}};

// Index (x + 2y) % count: every row and column differs from its neighbours.
cv::Mat pattern(cv::Size size, int count)
{
    cv::Mat indices(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x)
            indices.at<unsigned char>(y, x) = static_cast<unsigned char>((x + 2 * y) % count);
    return indices;
}

std::unique_ptr<Dataset> openSegmentation(const std::string &root)
{
    DataConfig config;
    config.dataset.root = root;
    std::vector<DatasetProblem> problems;
    return openDataset(config, Task::SemanticSegmentation, 0, problems);
}

// Every pixel of `rgb` (CV_8UC3) is the colour of its index in `indices`.
bool showsColoursOf(const cv::Mat &rgb, const cv::Mat &indices, const std::vector<cv::Vec3b> &palette)
{
    if (rgb.size() != indices.size() || rgb.type() != CV_8UC3)
        return false;
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x)
            if (rgb.at<cv::Vec3b>(y, x) != palette[indices.at<unsigned char>(y, x)])
                return false;
    return true;
}

} // namespace

class TestGifImage : public QObject
{
    Q_OBJECT

private slots:
    void aPhotoIsItsFirstFramesColours()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("photo.gif").toStdString();
        const cv::Mat first = pattern({7, 5}, 4);
        writeGif(file, GifTestFile{kColours, {GifTestFrame{first}, GifTestFrame{cv::Mat(5, 7, CV_8UC1, cv::Scalar(1))}}, {}, -1});

        const ImageHeader header = readImageHeader(file);
        QCOMPARE(header.format, ImageFormat::Gif);
        QCOMPARE(header.width, 7);
        QCOMPARE(header.height, 5);
        QCOMPARE(imageFileSize(file), cv::Size(7, 5));
        QVERIFY(showsColoursOf(decodeImage(file, InputDtype::UInt8), first, kColours));
        QCOMPARE(imageFileColour(file), ImageColour::Colour);
        const cv::Mat floats = decodeImage(file, InputDtype::Float32);
        QCOMPARE(floats.type(), CV_32FC3);
        QCOMPARE(floats.at<cv::Vec3f>(0, 0)[0], 200.0f / 255.0f);
    }

    void greyColoursGiveAGreyImage()
    {
        // A palette whose used colours are grey is a grey image (one channel stored), as the
        // channel scan must say for a grey search; a colour left unused does not count.
        QTemporaryDir dir;
        const std::string file = dir.filePath("grey.gif").toStdString();
        const std::vector<cv::Vec3b> greys = {{0, 0, 0}, {128, 128, 128}, {250, 250, 250}, {255, 0, 0}};
        writeGif(file, pattern({6, 6}, 3), greys);
        const cv::Mat stored = decodeStoredImage(file);
        QCOMPARE(stored.channels(), 1);
        QCOMPARE(int(stored.at<unsigned char>(0, 1)), 128);
        QCOMPARE(int(stored.at<unsigned char>(0, 2)), 250);
        QCOMPARE(imageFileColour(file), ImageColour::Grey);
        QCOMPARE(channelsOfImageFiles({file}), 1);
        QCOMPARE(decodeImage(file, InputDtype::UInt8).at<cv::Vec3b>(0, 1), cv::Vec3b(128, 128, 128));
    }

    void interlacedRowsLandInTheirPlace()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("interlaced.gif").toStdString();
        const cv::Mat indices = pattern({3, 13}, 4);
        writeGif(file, GifTestFile{kColours, {GifTestFrame{indices, 0, 0, true}}, {}, -1});
        QVERIFY(showsColoursOf(decodeImage(file, InputDtype::UInt8), indices, kColours));
        QCOMPARE(cv::countNonZero(decodeMask(file, MaskEncoding::ClassIndex) != indices), 0);
    }

    void aFrameIsPlacedOnItsScreen()
    {
        // Outside the first frame the screen holds the transparent index (0 without one);
        // what lies beyond the screen is cut, as Pillow does.
        QTemporaryDir dir;
        const cv::Mat frame(3, 4, CV_8UC1, cv::Scalar(1));
        for (const int transparent : {-1, 2}) {
            const std::string file = dir.filePath(QStringLiteral("offset%1.gif").arg(transparent)).toStdString();
            writeGif(file, GifTestFile{kColours, {GifTestFrame{frame, 6, 2}}, {8, 4}, transparent});
            const cv::Mat mask = decodeMask(file, MaskEncoding::ClassIndex);
            QCOMPARE(mask.size(), cv::Size(8, 4));
            const int outside = std::max(transparent, 0);
            QCOMPARE(int(mask.at<unsigned char>(0, 0)), outside);
            QCOMPARE(int(mask.at<unsigned char>(1, 7)), outside);
            QCOMPARE(int(mask.at<unsigned char>(2, 5)), outside);
            QCOMPARE(int(mask.at<unsigned char>(2, 6)), 1);
            QCOMPARE(int(mask.at<unsigned char>(3, 7)), 1);
        }
    }

    void aMaskIsItsIndices()
    {
        // As numpy.array(Image.open(mask)) gives them: Carvana's black and white in a
        // two-colour table are 0 and 1; a grey table of 256 (DRIVE's) gives 0 and 255, read as
        // a binary mask of 255 the foreground; colours are indices too, as in a palette PNG.
        QTemporaryDir dir;
        const std::string binary = dir.filePath("car_mask.gif").toStdString();
        cv::Mat car(6, 9, CV_8UC1, cv::Scalar(0));
        car(cv::Rect(2, 1, 5, 3)).setTo(1);
        writeGif(binary, car, kBlackAndWhite);
        for (const MaskEncoding encoding : {MaskEncoding::ClassIndex, MaskEncoding::BinaryOf255}) {
            const cv::Mat mask = decodeMask(binary, encoding);
            QCOMPARE(mask.type(), CV_8UC1);
            QCOMPARE(cv::countNonZero(mask != car), 0);
        }
        const std::string vessels = dir.filePath("21_manual1.gif").toStdString();
        std::vector<cv::Vec3b> greys;
        for (int i = 0; i < 256; ++i)
            greys.emplace_back(i, i, i);
        writeGif(vessels, car * 255, greys);
        QCOMPARE(cv::countNonZero(decodeMask(vessels, MaskEncoding::ClassIndex) != car * 255), 0);
        QCOMPARE(cv::countNonZero(decodeMask(vessels, MaskEncoding::BinaryOf255) != car), 0);
        const std::string colours = dir.filePath("colours.gif").toStdString();
        const cv::Mat indices = pattern({5, 4}, 4);
        writeGif(colours, indices, kColours);
        MaskStorage storage = MaskStorage::Colours;
        QCOMPARE(cv::countNonZero(decodeMask(colours, MaskEncoding::ClassIndex, nullptr, &storage) != indices), 0);
        QCOMPARE(storage, MaskStorage::ClassIds);
    }

    void damagedGifsAreNamed()
    {
        QTemporaryDir dir;
        const std::string whole = dir.filePath("whole.gif").toStdString();
        writeGif(whole, pattern({40, 30}, 4), kColours);
        const QByteArray bytes = readBytes(QString::fromStdString(whole));

        const std::string signature = dir.filePath("signature.gif").toStdString();
        writeTextFile(signature, "GIF89a");
        const std::string cut = dir.filePath("cut.gif").toStdString();
        writeTextFile(cut, bytes.left(bytes.size() / 2).toStdString());
        // A screen and its colour table, then the trailer: no image.
        const std::string empty = dir.filePath("empty.gif").toStdString();
        writeTextFile(empty, bytes.left(13 + 3 * 4).toStdString() + ";");
        for (const auto &[file, reason] : {std::pair{signature, std::string("the GIF is cut short")},
                                           std::pair{cut, std::string("the GIF is cut short")},
                                           std::pair{empty, std::string("the GIF holds no image")}}) {
            const std::string image = datasetErrorOf([&] { decodeImage(file, InputDtype::UInt8); });
            QVERIFY2(contains(image, "cannot decode image " + file + ": " + reason), image.c_str());
            const std::string mask = datasetErrorOf([&] { decodeMask(file, MaskEncoding::ClassIndex); });
            QVERIFY2(contains(mask, "cannot decode mask " + file + ": " + reason), mask.c_str());
        }
        QCOMPARE(imageFileSize(cut), cv::Size(40, 30)); // from the header, as for the other formats
        QCOMPARE(imageFileSize(signature), cv::Size());
    }

    void aGifAmongPhotosIsAnImageOfItsClass()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeNoiseImage(root + "/cat/1.jpg");
        writeGif(root + "/cat/2.GIF", pattern({8, 8}, 4), kColours);
        writeNoiseImage(root + "/dog/1.png");
        writeTextFile(root + "/dog/broken.gif", "GIF89a");
        DataConfig config;
        config.dataset.root = root;
        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(config, Task::Classification, 0, problems);
        QCOMPARE(dataset->size(), std::size_t(4));
        bool gifRead = false;
        std::string unreadable;
        for (std::size_t i = 0; i < dataset->size(); ++i) {
            try {
                const Sample sample = dataset->load(i);
                gifRead = gifRead || showsColoursOf(sample.image, pattern({8, 8}, 4), kColours);
            } catch (const UnreadableImageError &error) {
                unreadable += error.what();
            }
        }
        QVERIFY(gifRead);
        QVERIFY2(contains(unreadable, root + "/dog/broken.gif: the GIF is cut short"), unreadable.c_str());
    }

    void carvanaOpensAsImagesAndTheirMasks()
    {
        // Kaggle's Carvana: train/<id>.jpg, train_masks/<id>_mask.gif and the same masks run-length
        // encoded in train_masks.csv: the GIF masks are read, pairs of a segmentation search.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        cv::Mat car(16, 16, CV_8UC1, cv::Scalar(0)); // writeNoiseImage's size
        car(cv::Rect(4, 4, 8, 6)).setTo(1);
        std::string csv = "img,rle_mask\n";
        for (int i = 0; i < 4; ++i) {
            const std::string id = "0cdf5b5d0ce1_0" + std::to_string(i + 1);
            writeNoiseImage(root + "/train/" + id + ".jpg");
            writeGif(root + "/train_masks/" + id + "_mask.gif", car, kBlackAndWhite);
            csv += id + ".jpg,69 8 85 8\n";
        }
        writeNoiseImage(root + "/test/fffe_01.jpg");
        writeTextFile(root + "/train_masks.csv", csv);
        writeTextFile(root + "/metadata.csv", "id,year,make,model,trim1,trim2\n0cdf5b5d0ce1,2014,Acura,TL,TL,w/SE\n");

        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        const auto dataset = openSegmentation(root);
        QCOMPARE(dataset->size(), std::size_t(4));
        QCOMPARE(dataset->numClasses(), 2);
        const Sample sample = dataset->load(0);
        QCOMPARE(sample.mask.size(), sample.image.size());
        QCOMPARE(cv::countNonZero(sample.mask != car), 0);
    }

    void driveOpensAsImagesAndTheirVessels()
    {
        // DRIVE: training/images/21_training.tif, training/1st_manual/21_manual1.gif (the
        // vessels, 0 and 255 in a grey table) and training/mask/21_training_mask.gif (the field
        // of view, named as the images' masks are); test/ alike. The vessels are the masks.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::vector<cv::Vec3b> greys;
        for (int i = 0; i < 256; ++i)
            greys.emplace_back(i, i, i);
        cv::Mat vessels(16, 16, CV_8UC1, cv::Scalar(0)), view(16, 16, CV_8UC1, cv::Scalar(255));
        vessels.col(5).setTo(255);
        view.row(0).setTo(0);
        for (const auto &[split, first] : {std::pair{std::string("training"), 21}, std::pair{std::string("test"), 1}})
            for (int id = first; id < first + 3; ++id) {
                const std::string number = (id < 10 ? "0" : "") + std::to_string(id);
                const std::string part = split == "training" ? "_training" : "_test";
                writeNoiseImage(root + "/" + split + "/images/" + number + part + ".tif");
                writeGif(root + "/" + split + "/1st_manual/" + number + "_manual1.gif", vessels, greys);
                writeGif(root + "/" + split + "/mask/" + number + part + "_mask.gif", view, greys);
            }
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::SegmentationPairs));
        const auto dataset = openSegmentation(root);
        QCOMPARE(dataset->size(), std::size_t(3));
        QCOMPARE(dataset->numClasses(), 2);
        QVERIFY(contains(dataset->itemName(0), "/training/images/21_training.tif"));
        QCOMPARE(cv::countNonZero(dataset->load(0).mask != vessels / 255), 0);
    }
};

QTEST_APPLESS_MAIN(TestGifImage)
#include "test_gif_image.moc"
