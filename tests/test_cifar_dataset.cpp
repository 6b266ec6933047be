// CIFAR-10 and CIFAR-100 as torchvision downloads them (pickled batches), and the pickle
// reader under them: which folder is CIFAR, what its images and classes are, the splits, and
// damaged or foreign pickles named.

#include "data/Dataset.h"
#include "io/PickleReader.h"

#include "testsupport/CifarWriter.h"
#include "testsupport/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <set>

using namespace augstudio;
using namespace testsupport;
namespace fs = std::filesystem;

namespace {

// A pickle of one 2 × 3 uint8 array, as numpy 1.24 under Python 3 writes it at protocol 2
// (its bytes through _codecs.encode(text, "latin1")) and at protocol 5 (_frombuffer).
const char kProtocol2Array[] =
    "\x80\x02" "cnumpy.core.multiarray\x0a_reconstruct\x0aq\x00" "cnumpy\x0andarray\x0aq\x01K\x00\x85"
    "q\x02" "c_codecs\x0a" "encode\x0aq\x03X\x01\x00\x00\x00" "bq\x04X\x06\x00\x00\x00latin1q\x05\x86"
    "q\x06Rq\x07\x87q\x08Rq\x09(K\x01K\x02K\x03\x86q\x0a" "cnumpy\x0a" "dtype\x0aq\x0bX\x02\x00\x00\x00"
    "u1q\x0c\x89\x88\x87q\x0dRq\x0e(K\x03X\x01\x00\x00\x00|q\x0fNNNJ\xff\xff\xff\xffJ\xff\xff\xff\xff"
    "K\x00tq\x10" "b\x89h\x03X\x07\x00\x00\x00\x00\x01\xc3\xbf\x03\x04\x05q\x11h\x05\x86q\x12Rq\x13tq"
    "\x14" "b.";
const char kProtocol5Array[] =
    "\x80\x05\x95{\x00\x00\x00\x00\x00\x00\x00\x8c\x12numpy.core.numeric\x94\x8c\x0b_frombuffer\x94\x93"
    "\x94(\x96\x06\x00\x00\x00\x00\x00\x00\x00\x00\x01\xff\x03\x04\x05\x94\x8c\x05numpy\x94\x8c\x05"
    "dtype\x94\x93\x94\x8c\x02u1\x94\x89\x88\x87\x94R\x94(K\x03\x8c\x01|\x94NNNJ\xff\xff\xff\xffJ\xff"
    "\xff\xff\xffK\x00t\x94" "bK\x02K\x03\x86\x94\x8c\x01" "C\x94t\x94R\x94.";

} // namespace

class TestCifarDataset : public QObject
{
    Q_OBJECT

private slots:
    void torchvisionsCifar10FolderIsReadWithItsNames()
    {
        // torchvision's root: the extracted folder beside the archive it came from.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeCifar10(root, 4);
        writeTextFile(root + "/cifar-10-python.tar.gz", "archive");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Cifar));

        std::vector<DatasetProblem> problems;
        const auto dataset = openClassification(root, problems);
        QCOMPARE(dataset->layout(), DatasetLayout::Cifar);
        QCOMPARE(dataset->size(), std::size_t(20)); // the five training batches
        QCOMPARE(dataset->numClasses(), 10);
        QCOMPARE(dataset->classNames(), cifar10Names());
        QCOMPARE(dataset->channels(), 3);
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &problem) {
            return contains(problem.message, "cifar-10-batches-py");
        }));
        // Item 6 is data_batch_2's image 2: its planes are red, green and blue, in that order.
        QCOMPARE(dataset->itemName(6), std::string("data_batch_2 #2"));
        QCOMPARE(dataset->label(6), (1 + 2) % 10);
        const Sample sample = dataset->load(6);
        QCOMPARE(sample.label, 3);
        QCOMPARE(sample.image.size(), cv::Size(32, 32));
        QCOMPARE(sample.image.type(), CV_8UC3);
        for (const cv::Point at : {cv::Point(0, 0), cv::Point(31, 17)})
            for (int plane = 0; plane < 3; ++plane)
                QCOMPARE(int(sample.image.at<cv::Vec3b>(at)[plane]), int(cifarTestPixel(1, 2, plane)));
    }

    void theTestSplitIsTheTestBatch()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeCifar10(root, 3);
        std::vector<DatasetProblem> problems;
        const auto test = openClassification(root + "/cifar-10-batches-py", problems, "test");
        QCOMPARE(test->size(), std::size_t(3));
        QCOMPARE(test->itemName(1), std::string("test_batch #1"));
        QCOMPARE(int(test->load(1).image.at<cv::Vec3b>(5, 5)[2]), int(cifarTestPixel(5, 1, 2)));
        QVERIFY(problems.empty());
        const std::string error = classificationOpenError(root, "val");
        QVERIFY2(contains(error, "'val'") && contains(error, "train or test"), error.c_str());
    }

    void aLimitKeepsASubsetOfEveryBatch()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeCifar10(root, 10);
        std::vector<DatasetProblem> problems;
        const auto dataset = openClassification(root, problems, "", 7);
        QCOMPARE(dataset->size(), std::size_t(7));
        std::set<std::string> names;
        for (std::size_t i = 0; i < dataset->size(); ++i)
            names.insert(dataset->itemName(i));
        QCOMPARE(names.size(), std::size_t(7));
    }

    void cifar100ReadsItsFineLabels()
    {
        QTemporaryDir dir;
        const fs::path folder = dir.path().toStdString() + "/cifar-100-python";
        std::vector<std::string> names;
        for (int c = 0; c < 100; ++c)
            names.push_back("fine_" + std::to_string(c));
        std::vector<std::uint8_t> pixels(3 * 3072, 9);
        writeTextFile(folder / "meta", cifarNamesPickle(names, "fine_label_names"));
        writeTextFile(folder / "train", cifarBatchPickle(pixels, {99, 0, 42}, "fine_labels"));
        writeTextFile(folder / "test", cifarBatchPickle(pixels, {1, 2, 3}, "fine_labels"));
        std::vector<DatasetProblem> problems;
        const auto dataset = openClassification(folder.string(), problems);
        QCOMPARE(dataset->numClasses(), 100);
        QCOMPARE(dataset->label(0), 99);
        QCOMPARE(dataset->classNames()[42], std::string("fine_42"));
        // CIFAR-10's key under CIFAR-100's files: named.
        writeTextFile(folder / "train", cifarBatchPickle(pixels, {1, 2, 3}, "labels"));
        const std::string error = classificationOpenError(folder.string());
        QVERIFY2(contains(error, (folder / "train").string()) && contains(error, "'fine_labels'"), error.c_str());
    }

    void damagedBatchesAreNamed()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeCifar10(root, 2);
        const fs::path folder = root + "/cifar-10-batches-py";
        const std::string whole = cifarBatchPickle(std::vector<std::uint8_t>(2 * 3072, 1), {0, 1});

        writeTextFile(folder / "data_batch_3", whole.substr(0, whole.size() / 2));
        std::string error = classificationOpenError(root);
        QVERIFY2(contains(error, (folder / "data_batch_3").string()) && contains(error, "cut short"), error.c_str());

        writeTextFile(folder / "data_batch_3", cifarBatchPickle(std::vector<std::uint8_t>(2 * 3072, 1), {0, 10}));
        error = classificationOpenError(root);
        QVERIFY2(contains(error, "data_batch_3") && contains(error, "label 10"), error.c_str());

        writeTextFile(folder / "data_batch_3", cifarBatchPickle(std::vector<std::uint8_t>(3 * 3072, 1), {0, 1}));
        error = classificationOpenError(root);
        QVERIFY2(contains(error, "data_batch_3") && contains(error, "3 images but 2 labels"), error.c_str());

        writeTextFile(folder / "data_batch_3", cifarBatchPickle(std::vector<std::uint8_t>(3000, 1), {0}));
        error = classificationOpenError(root);
        QVERIFY2(contains(error, "data_batch_3") && contains(error, "3072 bytes a row"), error.c_str());

        fs::remove(folder / "data_batch_3");
        error = classificationOpenError(root);
        QVERIFY2(contains(error, "lacks data_batch_3"), error.c_str());
    }

    void aFolderLackingItsNamesFileIsNamedAsCifar()
    {
        // Auto detection keeps the folder CIFAR, so that the message says what is missing.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        writeCifar10(root, 2);
        const fs::path folder = root + "/cifar-10-batches-py";
        fs::remove(folder / "batches.meta");
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Cifar));
        std::string error = classificationOpenError(root);
        QVERIFY2(contains(error, "CIFAR-10 in " + folder.string() + " lacks batches.meta, the file of its class names"),
                 error.c_str());

        const fs::path hundred = root + "/cifar-100-binary";
        writeTextFile(hundred / "train.bin", std::string(3074, '\1'));
        writeTextFile(hundred / "coarse_label_names.txt", "aquatic_mammals\nfish\n");
        QCOMPARE(detectLayout(hundred.string()), std::optional<DatasetLayout>(DatasetLayout::Cifar));
        error = classificationOpenError(hundred.string());
        QVERIFY2(contains(error, "CIFAR-100 in " + hundred.string() + " lacks fine_label_names.txt"), error.c_str());

        // train.bin and test.bin alone, names common enough, are no CIFAR-100.
        fs::remove(hundred / "coarse_label_names.txt");
        writeTextFile(hundred / "test.bin", std::string(3074, '\1'));
        QVERIFY(detectLayout(hundred.string()) != std::optional<DatasetLayout>(DatasetLayout::Cifar));
    }

    void theBinaryVersionIsReadToo()
    {
        // cifar-10-batches-bin/: records of a label byte and the planes; batches.meta.txt a name a
        // line, blank lines after. CIFAR-100's records lead with the coarse label, then the fine.
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        const fs::path folder = root + "/cifar-10-batches-bin";
        const auto records = [](int batch, int count, int labelBytes) {
            std::string bytes;
            for (int i = 0; i < count; ++i) {
                if (labelBytes == 2)
                    bytes += char(19); // the coarse label, not read
                bytes += char((batch + i) % 10);
                for (int plane = 0; plane < 3; ++plane)
                    bytes += std::string(1024, char(cifarTestPixel(batch, i, plane)));
            }
            return bytes;
        };
        std::string names;
        for (const std::string &name : cifar10Names())
            names += name + "\n";
        writeTextFile(folder / "batches.meta.txt", names + "\n\n");
        for (int batch = 0; batch < 5; ++batch)
            writeTextFile(folder / ("data_batch_" + std::to_string(batch + 1) + ".bin"), records(batch, 3, 1));
        writeTextFile(folder / "test_batch.bin", records(5, 2, 1));
        QCOMPARE(detectLayout(root), std::optional<DatasetLayout>(DatasetLayout::Cifar));
        std::vector<DatasetProblem> problems;
        const auto dataset = openClassification(root, problems);
        QCOMPARE(dataset->size(), std::size_t(15));
        QCOMPARE(dataset->classNames(), cifar10Names());
        QCOMPARE(dataset->itemName(4), std::string("data_batch_2.bin #1"));
        QCOMPARE(dataset->label(4), 2);
        const Sample sample = dataset->load(4);
        for (int plane = 0; plane < 3; ++plane)
            QCOMPARE(int(sample.image.at<cv::Vec3b>(9, 30)[plane]), int(cifarTestPixel(1, 1, plane)));
        QCOMPARE(openClassification(root, problems, "test")->size(), std::size_t(2));

        // A record cut short is named.
        writeTextFile(folder / "data_batch_2.bin", records(1, 3, 1).substr(0, 5000));
        const std::string error = classificationOpenError(root);
        QVERIFY2(contains(error, "data_batch_2.bin holds 5000 bytes, no whole number of records of 3073 bytes"),
                 error.c_str());

        const fs::path hundred = root + "/cifar-100-binary";
        std::string fine;
        for (int c = 0; c < 100; ++c)
            fine += "fine_" + std::to_string(c) + "\n";
        writeTextFile(hundred / "fine_label_names.txt", fine);
        writeTextFile(hundred / "coarse_label_names.txt", "aquatic_mammals\nfish\n");
        writeTextFile(hundred / "train.bin", records(0, 4, 2));
        writeTextFile(hundred / "test.bin", records(5, 1, 2));
        const auto cifar100 = openClassification(hundred.string(), problems);
        QCOMPARE(cifar100->numClasses(), 100);
        QCOMPARE(cifar100->label(3), 3);
        QCOMPARE(int(cifar100->load(3).image.at<cv::Vec3b>(0, 0)[1]), int(cifarTestPixel(0, 3, 1)));
    }

    void picklesOfPython3AndProtocol5AreRead()
    {
        for (const std::string &bytes : {std::string(kProtocol2Array, sizeof kProtocol2Array - 1),
                                        std::string(kProtocol5Array, sizeof kProtocol5Array - 1)}) {
            Pickle pickle(bytes);
            const std::optional<PickledArray> array = pickle.array(pickle.root());
            QVERIFY(array.has_value());
            QCOMPARE(array->shape, (std::vector<std::int64_t>{2, 3}));
            QCOMPARE(array->dtype, std::string("u1"));
            QCOMPARE(pickle.node(array->data).text, std::string("\x00\x01\xff\x03\x04\x05", 6));
        }
    }

    void foreignPicklesAreRefusedWithWhere()
    {
        // Code a pickle would run, as pickle.loads would: refused at its opcode, never run.
        const std::pair<std::string, std::string> cases[] = {
            {std::string("\x80\x02") + "cos\nsystem\n(S'true'\ntR.", "0x53"},
            {std::string("\x80\x02") + "]q\x01h\x07.", "never stored"},
            {std::string("\x80\x02") + "}(K\x01u.", "key without a value"},
            {std::string("\x80\x02") + "}(K\x01K\x02u", "cut short"},
            {std::string("\x80\x02") + "K\x01K\x02u.", "needs a mark"},
            {std::string("\x80\x02") + "K\x01K\x02" "a.", "no list"},
            {"(dp0\n.", "does not start"},
        };
        for (const auto &[bytes, why] : cases) {
            try {
                Pickle pickle(bytes);
                QFAIL(("read: " + why).c_str());
            } catch (const PickleError &error) {
                QVERIFY2(contains(error.what(), why), error.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCifarDataset)
#include "test_cifar_dataset.moc"
