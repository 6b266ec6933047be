// The datasets torchvision downloads as MATLAB arrays, and the MAT-file reader under them: SVHN
// (which folder it is, its images the right way round, its digits, the splits), Oxford's 102
// flowers (labels and splits beside the JPEGs), and damaged or foreign MAT-files named.

#include "data/Dataset.h"
#include "io/MatReader.h"

#include "testsupport/MatWriter.h"
#include "testsupport/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <filesystem>
#include <sstream>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

std::map<std::string, MatArray> readArrays(const std::string &bytes, const std::set<std::string> &names,
                                           std::uint64_t maxBytes = 1 << 20)
{
    std::istringstream in(bytes);
    return readMatArrays(in, names, maxBytes);
}

std::string readError(const std::string &bytes, std::uint64_t maxBytes = 1 << 20)
{
    try {
        readArrays(bytes, {"X", "y"}, maxBytes);
    } catch (const MatError &error) {
        return error.what();
    }
    return "(no error)";
}

std::string little32(std::uint32_t value)
{
    std::string bytes;
    for (int shift = 0; shift < 32; shift += 8)
        bytes += char((value >> shift) & 0xff);
    return bytes;
}

} // namespace

class TestMatDatasets : public QObject
{
    Q_OBJECT

private slots:
    void torchvisionsSvhnFilesAreReadTheRightWayRound()
    {
        // torchvision's SVHN("~/data", split=...) leaves the files in ~/data itself.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeSvhn(root + "/train_32x32.mat", 12);
        writeSvhn(root + "/test_32x32.mat", 5, false); // save -v6: no compression
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Svhn));
        std::vector<DatasetProblem> problems;
        const auto dataset = openClassification(root, problems);
        QVERIFY(problems.empty());
        QCOMPARE(dataset->layout(), DatasetLayout::Svhn);
        QCOMPARE(dataset->size(), std::size_t(12));
        QCOMPARE(dataset->numClasses(), 10);
        QCOMPARE(dataset->classNames().front(), std::string("0"));
        QCOMPARE(dataset->classNames().back(), std::string("9"));
        QCOMPARE(dataset->itemName(7), std::string("train_32x32.mat #7"));
        // 10 in the file is the digit 0, as torchvision has it.
        QCOMPARE(dataset->label(10), 0);
        QCOMPARE(dataset->label(7), 7);
        const Sample sample = dataset->load(7);
        QCOMPARE(sample.image.size(), cv::Size(32, 32));
        QCOMPARE(sample.label, 7);
        for (const auto &[row, column] : {std::pair{3, 20}, std::pair{20, 3}, std::pair{31, 0}}) {
            const cv::Vec3b rgb = sample.image.at<cv::Vec3b>(row, column);
            for (int channel = 0; channel < 3; ++channel)
                QCOMPARE(int(rgb[channel]), int(svhnTestPixel(7, channel, row, column)));
        }

        const auto test = openClassification(root, problems, "test");
        QCOMPARE(test->size(), std::size_t(5));
        QCOMPARE(int(test->load(4).image.at<cv::Vec3b>(1, 30)[2]), int(svhnTestPixel(4, 2, 1, 30)));
        QCOMPARE(openClassification(root, problems, "", 4)->size(), std::size_t(4));

        std::string error = classificationOpenError(root, "extra");
        QVERIFY2(contains(error, "lacks extra_32x32.mat") && contains(error, "split=\"extra\""), error.c_str());
        error = classificationOpenError(root, "val");
        QVERIFY2(contains(error, "'val' is not an SVHN split (train, test or extra)"), error.c_str());
    }

    void aFolderDownIsReadWithAWarning()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeSvhn(root + "/svhn/test_32x32.mat", 3);
        fs::create_directories(root + "/other/sub");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Svhn));
        std::vector<DatasetProblem> problems;
        const auto test = openClassification(root, problems, "test");
        QCOMPARE(test->size(), std::size_t(3));
        QCOMPARE(problems.size(), std::size_t(1));
        QVERIFY2(contains(problems.front().message, "the SVHN folder in"), problems.front().message.c_str());
        // Its train split is not there.
        const std::string error = classificationOpenError(root);
        QVERIFY2(contains(error, "lacks train_32x32.mat"), error.c_str());

        // Among many folders (class folders, not a download folder) none is probed.
        for (int i = 0; i < 40; ++i)
            fs::create_directories(root + "/class_" + std::to_string(i));
        QVERIFY(detectLayout(root) != std::optional<DatasetLayout>(DatasetLayout::Svhn));
    }

    void wrongArraysAreNamedWithTheFile()
    {
        QTemporaryDir dir;
        const std::string file = dir.path().toStdString() + "/train_32x32.mat";
        std::vector<MatVariable> variables = svhnVariables(4);

        variables[1].data[2] = char(11);
        writeTextFile(file, matFile(variables, true));
        std::string error = classificationOpenError(dir.path().toStdString());
        QVERIFY2(contains(error, file + ": label 3 of 'y' is 11") && contains(error, "no digit"), error.c_str());

        variables = svhnVariables(4);
        variables[1].data.pop_back();
        variables[1].dims = {3, 1};
        writeTextFile(file, matFile(variables, true));
        error = classificationOpenError(dir.path().toStdString());
        QVERIFY2(contains(error, "4 images but 3 labels"), error.c_str());

        variables = svhnVariables(4);
        variables[0].dims = {32, 32, 12};
        writeTextFile(file, matFile(variables, true));
        error = classificationOpenError(dir.path().toStdString());
        QVERIFY2(contains(error, "'X' is no array of 32 × 32 × 3 × N uint8") && contains(error, "32 × 32 × 12"),
                 error.c_str());

        writeTextFile(file, matFile({svhnVariables(4)[0]}, true));
        error = classificationOpenError(dir.path().toStdString());
        QVERIFY2(contains(error, "holds no numeric arrays 'X' (the images) and 'y'"), error.c_str());

        writeTextFile(file, "MATLAB 5.0 MAT-file");
        error = classificationOpenError(dir.path().toStdString());
        QVERIFY2(contains(error, file + " holds 19 bytes, fewer than the 128 of a MAT-file's header"), error.c_str());
    }

    void flowers102ReadsItsLabelsAndSplits()
    {
        // torchvision's Flowers102("~/data") leaves ~/data/flowers-102/.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const fs::path flowers = root + "/flowers-102";
        const int images = 12;
        for (int id = 1; id <= images; ++id) {
            char name[32];
            std::snprintf(name, sizeof name, "image_%05d.jpg", id);
            fs::create_directories(flowers / "jpg");
            QVERIFY(cv::imwrite((flowers / "jpg" / name).string(), cv::Mat(8, 10 + id, CV_8UC3, cv::Scalar::all(id))));
        }
        // Labels as MATLAB stores them (1 × N double, whole numbers written as uint8), image i of
        // class (i * 7) % 102 + 1; the splits' ids as uint16.
        MatVariable labels{"labels", 6, 2, {1, images}, {}};
        for (int id = 1; id <= images; ++id)
            labels.data += char((id * 7) % 102 + 1);
        writeTextFile(flowers / "imagelabels.mat", matFile({labels}, true));
        const auto ids = [](const char *name, std::vector<std::uint16_t> values) {
            MatVariable variable{name, 6, 4, {1, std::int32_t(values.size())}, {}};
            for (const std::uint16_t value : values)
                variable.data += std::string(reinterpret_cast<const char *>(&value), 2);
            return variable;
        };
        writeTextFile(flowers / "setid.mat",
                      matFile({ids("trnid", {2, 5, 7, 11}), ids("valid", {1, 3}), ids("tstid", {4, 6, 8, 9, 10, 12})},
                              true));

        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Flowers102));
        std::vector<DatasetProblem> problems;
        const auto train = openClassification(root, problems);
        QCOMPARE(train->layout(), DatasetLayout::Flowers102);
        QCOMPARE(train->size(), std::size_t(4));
        QCOMPARE(train->numClasses(), 102);
        QCOMPARE(train->label(1), (5 * 7) % 102); // torchvision's class: the file's less one
        QCOMPARE(train->load(1).image.size(), cv::Size(15, 8));
        QVERIFY2(contains(train->itemName(3), "image_00011.jpg"), train->itemName(3).c_str());
        QCOMPARE(openClassification(root, problems, "test")->size(), std::size_t(6));
        QCOMPARE(openClassification(root, problems, "val")->label(1), (3 * 7) % 102);
        std::string error = classificationOpenError(root, "extra");
        QVERIFY2(contains(error, "'extra' is not a Flowers-102 split (train, val or test)"), error.c_str());

        // An image the archive lacks is left out with a warning; without setid.mat every image is
        // read, as the warning says.
        fs::remove(flowers / "jpg" / "image_00005.jpg");
        fs::remove(flowers / "setid.mat");
        problems.clear();
        QCOMPARE(openClassification(root, problems)->size(), std::size_t(images - 1));
        QString said;
        for (const DatasetProblem &problem : problems)
            said += QString::fromStdString(problem.message) + "\n";
        QVERIFY2(said.contains("image_00005.jpg is not there") && said.contains("all 12 images of imagelabels.mat"),
                 qPrintable(said));
        error = classificationOpenError(root, "test");
        QVERIFY2(contains(error, "'test' needs") && contains(error, "setid.mat, which is not there"), error.c_str());

        // A label beyond 102 is named with its file.
        labels.data[3] = char(103);
        writeTextFile(flowers / "imagelabels.mat", matFile({labels}, false));
        error = classificationOpenError(root);
        QVERIFY2(contains(error, "imagelabels.mat: value 4 of 'labels' is 103") && contains(error, "from 1 to 102"),
                 error.c_str());
    }

    void matFilesGiveTheArraysAskedFor()
    {
        // A character array, a complex array and an array not asked for are passed over; the
        // others come in whatever type they are stored as.
        MatVariable text{"X", 4, 4, {1, 2}, std::string("h\0i\0", 4)};
        MatVariable wide{"wide", 6, 3, {1, 3}, {}};
        for (const std::int16_t value : {-2, 300, 7})
            wide.data += std::string(reinterpret_cast<const char *>(&value), 2);
        MatVariable single{"single", 7, 7, {2, 1}, {}};
        for (const float value : {0.5f, -1.25f})
            single.data += std::string(reinterpret_cast<const char *>(&value), 4);
        MatVariable big{"big", 14, 12, {1, 1}, {}};
        const std::int64_t large = 1LL << 40;
        big.data = std::string(reinterpret_cast<const char *>(&large), 8);
        for (const bool compressed : {false, true}) {
            const std::string bytes = matFile({text, wide, single, big}, compressed);
            const auto arrays = readArrays(bytes, {"X", "wide", "single", "big"});
            QCOMPARE(arrays.size(), std::size_t(3));
            QVERIFY(!arrays.count("X"));
            QCOMPARE(arrays.at("wide").type, MatType::Int16);
            QCOMPARE(arrays.at("wide").value(0), -2.0);
            QCOMPARE(arrays.at("wide").value(1), 300.0);
            QCOMPARE(arrays.at("single").value(1), -1.25);
            QCOMPARE(arrays.at("single").dims, (std::vector<std::uint64_t>{2, 1}));
            QCOMPARE(arrays.at("big").value(0), double(large));
            // Reading stops at the arrays asked for.
            QCOMPARE(readArrays(bytes, {"wide"}).size(), std::size_t(1));
        }
        // The small format: the three bytes inside the tag.
        const std::string smallMatrix = matElement(6, std::string("\x09\0\0\0\0\0\0\0", 8))
                                        + matElement(5, little32(1) + little32(3)) + little32((2u << 16) | 1)
                                        + std::string("sm\0\0", 4) + little32((3u << 16) | 2)
                                        + std::string("\x01\x02\x03\0", 4);
        const auto arrays = readArrays(matFile({}, false) + matElement(14, smallMatrix), {"sm"});
        QCOMPARE(arrays.at("sm").count(), std::uint64_t(3));
        QCOMPARE(arrays.at("sm").value(2), 3.0);
    }

    void foreignAndDamagedMatFilesAreNamed()
    {
        const std::string header = matFile({}, false);
        std::string v73 = header;
        v73.replace(0, 10, "MATLAB 7.3");
        QVERIFY(contains(readError(v73), "MATLAB 7.3 MAT-file (HDF5)"));
        std::string bigEndian = header;
        bigEndian.replace(126, 2, "MI");
        QVERIFY(contains(readError(bigEndian), "big-endian"));
        QVERIFY(contains(readError(std::string(200, '\0')), "no MAT-file of version 5"));

        const std::string plain = matFile(svhnVariables(2), false);
        std::string error = readError(plain.substr(0, 128 + 2000));
        QVERIFY2(contains(error, "the variable at byte 128 claims") && contains(error, "past the end of the file"),
                 error.c_str());
        const std::string compressed = matFile(svhnVariables(2), true);
        // The compressed variable's size cut to fit: its stream ends early.
        std::string cut = compressed.substr(0, 200);
        cut.replace(132, 4, little32(std::uint32_t(cut.size() - 136)));
        error = readError(cut);
        QVERIFY2(contains(error, "the variable at byte 128: cut short"), error.c_str());
        std::string damaged = compressed;
        for (std::size_t i = 140; i < 150; ++i)
            damaged[i] = char(0xff);
        error = readError(damaged);
        QVERIFY2(contains(error, "the variable at byte 128") && contains(error, "zlib stream is damaged"),
                 error.c_str());

        // Data that does not fill the dimensions.
        MatVariable wrong{"X", 9, 2, {32, 32, 3, 2}, std::string(100, '\1')};
        error = readError(matFile({wrong}, false));
        QVERIFY2(contains(error, "'X' holds 100 bytes of uint8, not the 6144 its dimensions need"), error.c_str());

        // A size that no data backs: 2^31 bytes claimed in a few bytes of zlib stream, refused
        // before anything is allocated.
        MatVariable claim{"X", 9, 2, {1 << 16, 1 << 15}, {}};
        std::string matrix = matMatrix(claim);
        const std::size_t dataTag = matrix.size() - 8;
        matrix.replace(dataTag + 4, 4, little32(1u << 31));
        matrix.replace(4, 4, little32(std::uint32_t(matrix.size() - 8)));
        for (const std::string &claimed : {header + matCompressed(matrix), header + matrix}) {
            error = readError(claimed, std::uint64_t(1) << 33);
            QVERIFY2(contains(error, "the variable at byte 128: its data claims 2147483648 bytes, more than the rest "
                                     "of the file holds"),
                     error.c_str());
        }
        // Over the cap asked for.
        try {
            readArrays(matFile(svhnVariables(2), true), {"X"}, 1000);
            QFAIL("no error");
        } catch (const MatError &capped) {
            QVERIFY2(contains(capped.what(), "'X' holds 6144 bytes, more than the 1000 read at most"), capped.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestMatDatasets)
#include "test_mat_datasets.moc"
