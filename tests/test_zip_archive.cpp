// The zip reader behind state dicts and checkpoints: it reads what torch.save writes (stored
// entries, zip64 records) and refuses every damaged or hostile archive with a message, never
// reading outside the file.

#include "io/ZipArchive.h"

#include <QtTest>

#include <zlib.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace augstudio;

namespace {

void put(std::string &out, uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint32_t crcOf(const std::string &data)
{
    return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef *>(data.data()), static_cast<uInt>(data.size())));
}

// A zip of stored entries as miniz writes them; with `zip64`, sizes and offsets go in zip64
// fields and the end has zip64 records, as LibTorch writes every archive.
std::string makeZip(const std::vector<std::pair<std::string, std::string>> &entries, bool zip64 = false)
{
    std::string out, directory;
    for (const auto &[name, data] : entries) {
        const uint64_t local = out.size();
        put(out, 0x04034b50, 4);
        put(out, 20, 2);
        put(out, 0, 2);
        put(out, 0, 2); // stored
        put(out, 0, 4);
        put(out, crcOf(data), 4);
        put(out, data.size(), 4);
        put(out, data.size(), 4);
        put(out, name.size(), 2);
        put(out, 0, 2);
        out += name + data;

        std::string extra;
        if (zip64) {
            put(extra, 0x0001, 2);
            put(extra, 24, 2);
            put(extra, data.size(), 8);
            put(extra, data.size(), 8);
            put(extra, local, 8);
        }
        put(directory, 0x02014b50, 4);
        put(directory, 20, 2);
        put(directory, 20, 2);
        put(directory, 0, 2);
        put(directory, 0, 2);
        put(directory, 0, 4);
        put(directory, crcOf(data), 4);
        put(directory, zip64 ? 0xffffffff : data.size(), 4);
        put(directory, zip64 ? 0xffffffff : data.size(), 4);
        put(directory, name.size(), 2);
        put(directory, extra.size(), 2);
        put(directory, 0, 2);
        put(directory, 0, 2);
        put(directory, 0, 2);
        put(directory, 0, 4);
        put(directory, zip64 ? 0xffffffff : local, 4);
        directory += name + extra;
    }
    const uint64_t directoryAt = out.size();
    out += directory;
    if (zip64) {
        const uint64_t record = out.size();
        put(out, 0x06064b50, 4);
        put(out, 44, 8);
        put(out, 45, 2);
        put(out, 45, 2);
        put(out, 0, 4);
        put(out, 0, 4);
        put(out, entries.size(), 8);
        put(out, entries.size(), 8);
        put(out, directory.size(), 8);
        put(out, directoryAt, 8);
        put(out, 0x07064b50, 4);
        put(out, 0, 4);
        put(out, record, 8);
        put(out, 1, 4);
    }
    put(out, 0x06054b50, 4);
    put(out, 0, 2);
    put(out, 0, 2);
    put(out, zip64 ? 0xffff : entries.size(), 2);
    put(out, zip64 ? 0xffff : entries.size(), 2);
    put(out, zip64 ? 0xffffffff : directory.size(), 4);
    put(out, zip64 ? 0xffffffff : directoryAt, 4);
    put(out, 0, 2);
    return out;
}

const std::vector<std::pair<std::string, std::string>> someEntries = {
    {"archive/data.pkl", "pickle bytes"}, {"archive/data/0", std::string(64, '\x7f')}, {"archive/version", "3\n"}};

QString errorOf(std::string bytes)
{
    try {
        ZipArchive zip(std::move(bytes));
        for (const std::string &name : zip.names())
            zip.entry(name);
    } catch (const std::runtime_error &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestZipArchive : public QObject
{
    Q_OBJECT

private slots:
    void readsEveryEntry_data()
    {
        QTest::addColumn<bool>("zip64");
        QTest::newRow("zip") << false;
        QTest::newRow("zip64") << true;
    }

    void readsEveryEntry()
    {
        QFETCH(bool, zip64);
        const ZipArchive zip(makeZip(someEntries, zip64));
        QCOMPARE(zip.names(), (std::vector<std::string>{"archive/data.pkl", "archive/data/0", "archive/version"}));
        for (const auto &[name, data] : someEntries)
            QCOMPARE(std::string(zip.entry(name)), data);
        QVERIFY(zip.contains("archive/version") && !zip.contains("archive/constants.pkl"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, zip.entry("archive/constants.pkl"));
    }

    void damagedArchivesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string good = makeZip(someEntries);
        const auto bytes = [](const std::string &s) { return QByteArray(s.data(), qsizetype(s.size())); };
        QTest::newRow("empty") << QByteArray() << "shorter than an end record";
        QTest::newRow("cut in half") << bytes(good.substr(0, good.size() / 2)) << "no end record";
        std::string flipped = good;
        flipped[good.find("pickle bytes")] ^= 1;
        QTest::newRow("a flipped bit") << bytes(flipped) << "archive/data.pkl does not match its checksum";
        // The central directory's offset, the end record's last field but the comment length.
        std::string farDirectory = good;
        farDirectory[good.size() - 6 + 3] = '\x7f';
        QTest::newRow("directory outside") << bytes(farDirectory) << "the central directory lies outside the file";
        std::string manyEntries = good;
        manyEntries[good.size() - 12] = '\xff';
        manyEntries[good.size() - 11] = '\xff';
        QTest::newRow("65535 entries announced") << bytes(manyEntries) << "too short for its 65535 entries";
        // An entry whose data would run past the end of the file.
        std::string longEntry = good;
        const size_t directory = good.find(std::string("\x50\x4b\x01\x02", 4));
        longEntry[directory + 20 + 3] = '\x7f';
        longEntry[directory + 24 + 3] = '\x7f';
        QTest::newRow("entry past the end") << bytes(longEntry) << "the data of archive/data.pkl lies outside the file";
        std::string zip64 = makeZip(someEntries, true);
        const size_t locator = zip64.find(std::string("\x50\x4b\x06\x07", 4));
        zip64[locator + 8 + 5] = '\x7f';
        QTest::newRow("zip64 record outside") << bytes(zip64) << "the zip64 end record lies outside the file";
    }

    void damagedArchivesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        const QString error = errorOf(bytes.toStdString());
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void aMissingFileIsNamed()
    {
        try {
            ZipArchive::fromFile("/nonexistent/weights.pth");
            QFAIL("no error");
        } catch (const std::runtime_error &error) {
            QVERIFY2(QString(error.what()).contains("/nonexistent/weights.pth"), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestZipArchive)
#include "test_zip_archive.moc"
