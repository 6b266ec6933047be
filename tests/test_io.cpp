#include "io/AtomicFile.h"
#include "io/Crc32c.h"
#include "io/FileRead.h"
#include "io/CsvWriter.h"
#include "io/FolderLock.h"
#include "io/IoError.h"
#include "io/PrintableText.h"
#include "io/TensorBoardWriter.h"
#include "io/TextLayout.h"
#include "search/SearchOutputs.h"
#include "testsupport/CLocale.h"

#include <nlohmann/json.hpp>

#include <QRegularExpression>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

// Whole seconds of the clock TensorBoardWriter stamps with.
long long wallClockSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

void writePlainFile(const std::string &path, const std::string &content)
{
    std::ofstream out(path, std::ios::binary);
    out << content;
}

// A file last written an hour ago, as a killed writer's temporary is by the next run.
void writeOldFile(const std::string &path)
{
    writePlainFile(path, "partial");
    fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(1));
}

// A pid that names no process now: a child that has exited and been reaped.
pid_t deadPid()
{
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

// Makes a character device node of the given numbers at `path` (1,7: /dev/full; 1,3:
// /dev/null); why a test must be skipped where nodes cannot be made or used (no root, a nodev
// mount), or nothing.
const char *refusedDeviceNode(const std::string &path, unsigned major, unsigned minor)
{
    if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(major, minor)) != 0)
        return "mknod is not permitted here";
    const int probe = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (probe < 0)
        return "device nodes cannot be opened here (a nodev mount)";
    ::close(probe);
    return nullptr;
}

std::vector<std::string> folderEntries(const std::string &dir)
{
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// Bit-by-bit CRC-32C, written apart from the table-driven one under test.
std::uint32_t referenceCrc32c(const std::string &bytes)
{
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
}

std::uint32_t referenceMasked(const std::string &bytes)
{
    const std::uint32_t crc = referenceCrc32c(bytes);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
}

// A small reader of TFRecord event files: just enough protobuf to check what we wrote.
struct ScalarValue
{
    std::string tag;
    float value = 0;
};

struct Event
{
    double wallTime = 0;
    std::int64_t step = 0;
    std::string fileVersion;
    std::vector<ScalarValue> values;
    int sessionStatus = 0; // SessionLog.status; 1 is START
};

class Reader
{
public:
    explicit Reader(const std::string &bytes) : m_bytes(bytes) {}
    bool atEnd() const { return m_pos >= m_bytes.size(); }
    std::uint64_t fixed(int size)
    {
        if (m_pos + size > m_bytes.size())
            throw std::runtime_error("truncated fixed-size field");
        std::uint64_t v = 0;
        for (int i = 0; i < size; ++i)
            v |= std::uint64_t(static_cast<unsigned char>(m_bytes[m_pos + i])) << (8 * i);
        m_pos += size;
        return v;
    }
    std::uint64_t varint()
    {
        std::uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (atEnd())
                throw std::runtime_error("truncated varint");
            const unsigned char byte = m_bytes[m_pos++];
            v |= std::uint64_t(byte & 0x7F) << shift;
            if (!(byte & 0x80))
                return v;
        }
        throw std::runtime_error("varint too long");
    }
    std::string bytes(size_t size)
    {
        if (m_pos + size > m_bytes.size())
            throw std::runtime_error("truncated bytes");
        std::string out = m_bytes.substr(m_pos, size);
        m_pos += size;
        return out;
    }

private:
    std::string m_bytes;
    size_t m_pos = 0;
};

ScalarValue decodeValue(const std::string &message)
{
    ScalarValue value;
    Reader in(message);
    while (!in.atEnd()) {
        const std::uint64_t key = in.varint();
        if (key == 0x0a) {
            value.tag = in.bytes(in.varint());
        } else if (key == 0x15) {
            const std::uint32_t bits = static_cast<std::uint32_t>(in.fixed(4));
            std::memcpy(&value.value, &bits, 4);
        } else {
            throw std::runtime_error("unexpected key in Summary.Value: " + std::to_string(key));
        }
    }
    return value;
}

Event decodeEvent(const std::string &message)
{
    Event event;
    Reader in(message);
    while (!in.atEnd()) {
        const std::uint64_t key = in.varint();
        if (key == 0x09) {
            const std::uint64_t bits = in.fixed(8);
            std::memcpy(&event.wallTime, &bits, 8);
        } else if (key == 0x10) {
            event.step = static_cast<std::int64_t>(in.varint());
        } else if (key == 0x1a) {
            event.fileVersion = in.bytes(in.varint());
        } else if (key == 0x2a) {
            Reader summary(in.bytes(in.varint()));
            while (!summary.atEnd()) {
                if (summary.varint() != 0x0a)
                    throw std::runtime_error("unexpected key in Summary");
                event.values.push_back(decodeValue(summary.bytes(summary.varint())));
            }
        } else if (key == 0x3a) {
            Reader sessionLog(in.bytes(in.varint()));
            while (!sessionLog.atEnd()) {
                if (sessionLog.varint() != 0x08)
                    throw std::runtime_error("unexpected key in SessionLog");
                event.sessionStatus = static_cast<int>(sessionLog.varint());
            }
        } else {
            throw std::runtime_error("unexpected key in Event: " + std::to_string(key));
        }
    }
    return event;
}

// Reads every record, verifying both checksums of each.
std::vector<Event> readEvents(const std::string &path)
{
    Reader in(readFile(path));
    std::vector<Event> events;
    while (!in.atEnd()) {
        const std::string lengthBytes = in.bytes(8);
        const std::uint64_t length = Reader(lengthBytes).fixed(8);
        if (in.fixed(4) != referenceMasked(lengthBytes))
            throw std::runtime_error("bad length checksum in record " + std::to_string(events.size()));
        const std::string data = in.bytes(length);
        if (in.fixed(4) != referenceMasked(data))
            throw std::runtime_error("bad data checksum in record " + std::to_string(events.size()));
        events.push_back(decodeEvent(data));
    }
    return events;
}

std::string eventFileIn(const std::string &dir)
{
    for (const auto &name : folderEntries(dir))
        if (name.rfind("events.out.tfevents.", 0) == 0)
            return (fs::path(dir) / name).string();
    return {};
}

} // namespace

class TestIo : public QObject
{
    Q_OBJECT

private slots:
    void textFromFilesIsShownAsATerminalCanShowIt()
    {
        // UTF-8 stays; a Latin-1 byte, an escape sequence and DEL are written as \xNN.
        const std::string name = "f\xc3\xbc\xe6\x97\xa5 \xe9t\xc3 \x1b[31mred\x7f";
        QCOMPARE(printableText(name), std::string("f\xc3\xbc\xe6\x97\xa5 \\xe9t\\xc3 \\x1b[31mred\\x7f"));
        // A message keeps its line breaks and tabs; a one-line one escapes the line feed.
        QCOMPARE(printableText("a\tb\nc\rd"), std::string("a\tb\nc\\x0dd"));
        QCOMPARE(printableLine("skipped x\ny.png: empty"), std::string("skipped x\\x0ay.png: empty"));
        // Escaping twice changes nothing more.
        QCOMPARE(printableText(printableText(name)), printableText(name));
        // Bytes shaped as UTF-8 that are not: an overlong '/', a surrogate half, past U+10FFFF.
        QCOMPARE(printableText("a\xe0\x80\xaf" "b"), std::string("a\\xe0\\x80\\xafb"));
        QCOMPARE(printableText("\xed\xa0\x80"), std::string("\\xed\\xa0\\x80"));
        QCOMPARE(printableText("\xf4\x90\x80\x80"), std::string("\\xf4\\x90\\x80\\x80"));
        QCOMPARE(printableText("\xf5\x80\x80\x80"), std::string("\\xf5\\x80\\x80\\x80"));
        QCOMPARE(printableText("\xf0\x8f\xbf\xbf"), std::string("\\xf0\\x8f\\xbf\\xbf"));
        // The edges that are UTF-8 stay: U+0800, U+D7FF, U+E000, U+10000, U+10FFFF.
        for (const char *valid :
             {"\xe0\xa0\x80", "\xed\x9f\xbf", "\xee\x80\x80", "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf"})
            QCOMPARE(printableText(valid), valid);
        // What stays is what a JSON writer takes as it is.
        for (const std::string &hostile : {std::string("\xe0\x80\xaf"), std::string("\xed\xb0\x80x"), name})
            QCOMPARE(nlohmann::json::parse(nlohmann::json(printableText(hostile)).dump()).get<std::string>(),
                     printableText(hostile));
    }

    void aFilesLineEndsAndByteOrderMarkAreKept()
    {
        const std::string windows = "\xEF\xBB\xBFtrainer:\r\n  max_epochs: 4\r\n";
        TextLayout layout;
        const std::string text = plainText(windows, &layout);
        QCOMPARE(text, std::string("trainer:\n  max_epochs: 4\n"));
        QVERIFY(layout.byteOrderMark && layout.crlf);
        QCOMPARE(laidOut(text + "  threads: 2\n", layout), windows + "  threads: 2\r\n");

        // Old Mac editors' lines, ended by a carriage return alone: lines, written back so.
        const std::string mac = "trainer:\r  max_epochs: 4\r";
        QCOMPARE(plainText(mac, &layout), std::string("trainer:\n  max_epochs: 4\n"));
        QVERIFY(layout.crOnly && !layout.crlf && !layout.byteOrderMark);
        QCOMPARE(laidOut("trainer:\n  max_epochs: 4\n  threads: 2\n", layout), mac + "  threads: 2\r");

        // A lone carriage return among line feeds ends a line too (YAML's reading); the file is
        // then written with line feeds, and a plain file stays plain.
        QCOMPARE(plainText("a\rb\n", &layout), std::string("a\nb\n"));
        QVERIFY(!layout.byteOrderMark && !layout.crlf && !layout.crOnly);
        QCOMPARE(laidOut("a\nb\n", layout), std::string("a\nb\n"));
    }

    void aFolderHasOneWriter()
    {
        // A second lock on the folder is refused while the first is held, and taken after;
        // the folder is made if needed and nothing is left in it.
        QTemporaryDir dir;
        const std::string folder = dir.filePath(QStringLiteral("out/search")).toStdString();
        {
            const FolderLock first(folder);
            QVERIFY(std::filesystem::is_directory(folder));
            try {
                const FolderLock second(folder);
                QFAIL("two locks on one folder");
            } catch (const IoError &error) {
                QVERIFY2(std::string(error.what()).find("another search is writing in " + folder) != std::string::npos,
                         error.what());
            }
        }
        const FolderLock again(folder);
        QVERIFY(std::filesystem::is_empty(folder));
    }

    void crc32cMatchesPublishedVectors()
    {
        const std::string digits = "123456789";
        QCOMPARE(crc32c(digits.data(), digits.size()), 0xE3069283u);
        const std::string zeros(32, '\0');
        QCOMPARE(crc32c(zeros.data(), zeros.size()), 0x8A9136AAu);
        // RFC 3720 (iSCSI), B.4: 32 bytes of 0xFF, and the bytes 0..31.
        const std::string ones(32, '\xFF');
        QCOMPARE(crc32c(ones.data(), ones.size()), 0x62A8AB43u);
        std::string ascending;
        for (int i = 0; i < 32; ++i)
            ascending += static_cast<char>(i);
        QCOMPARE(crc32c(ascending.data(), ascending.size()), 0x46DD794Eu);
        QCOMPARE(crc32c(nullptr, 0), 0u);
    }

    void maskedCrcAppliesTensorFlowMask()
    {
        const std::string digits = "123456789";
        const std::uint32_t crc = 0xE3069283u;
        QCOMPARE(maskedCrc32c(digits.data(), digits.size()), ((crc >> 15) | (crc << 17)) + 0xa282ead8u);
        std::string longer(1000, '\0');
        for (size_t i = 0; i < longer.size(); ++i)
            longer[i] = static_cast<char>(i * 7 + 3);
        QCOMPARE(maskedCrc32c(longer.data(), longer.size()), referenceMasked(longer));
    }

    void atomicWriteCreatesAndReplaces()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("policy.json").toStdString();
        const std::string binary("a\0b\nc", 5);
        writeFileAtomically(path, binary);
        QCOMPARE(readFile(path), binary);
        writeFileAtomically(path, "second version");
        QCOMPARE(readFile(path), std::string("second version"));
        writeFileAtomically(path, "");
        QCOMPARE(readFile(path), std::string());
        QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{"policy.json"});
    }

    void aCappedReadStopsAtTheCapWhateverTheFile()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("config.yaml").toStdString();
        writeFileAtomically(path, std::string("seed: 1\n\0", 9));
        QCOMPARE(readFileUpTo(path, 9), std::optional<std::string>(std::string("seed: 1\n\0", 9)));
        QCOMPARE(readFileUpTo(path, 8), std::optional<std::string>());
        // A device without end, and a pipe, are read up to the cap and no further.
        QCOMPARE(readFileUpTo("/dev/zero", 100000), std::optional<std::string>());
        const std::string fifo = dir.filePath("fifo").toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        const pid_t writer = ::fork();
        if (writer == 0) {
            const int fd = ::open(fifo.c_str(), O_WRONLY);
            const ssize_t wrote = ::write(fd, "abc", 3);
            ::_exit(wrote == 3 ? 0 : 1);
        }
        QCOMPARE(readFileUpTo(fifo, 3), std::optional<std::string>("abc"));
        int status = 0;
        ::waitpid(writer, &status, 0);
        QVERIFY(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        try {
            readFileUpTo(dir.filePath("missing").toStdString(), 10);
            QFAIL("a missing file read");
        } catch (const std::system_error &error) {
            QCOMPARE(error.code().value(), ENOENT);
        }
    }

    void atomicWriteTakesTheLongestNames()
    {
        // 80 Chinese characters: 240 bytes, a name a file system takes (255 at most), but not
        // with the temporary file's ".<name>.tmp.<pid>.<n>" around it.
        QTemporaryDir dir;
        std::string name;
        for (int i = 0; i < 80; ++i)
            name += "\xE7\xAD\x96"; // 策
        name += ".json";
        const std::string path = (fs::path(dir.path().toStdString()) / name).string();
        writeFileAtomically(path, "{}");
        writeFileAtomically(path, "{\"a\": 1}");
        QCOMPARE(readFile(path), std::string("{\"a\": 1}"));
        QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{name});
    }

    void atomicWriteRemovesWhatAKilledWriterLeft()
    {
        // A search killed while it saved its checkpoint left .last.pt.tmp.<pid>.<n>, a whole
        // checkpoint, each time: the disk filled with them.
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const std::string dead = std::to_string(deadPid());
        const std::string self = std::to_string(::getpid());
        for (const std::string &name : std::vector<std::string>{".last.pt.tmp." + dead + ".4", ".last.pt.tmp.1.0",
                                                                ".last.pt.tmp." + self + ".99", ".other.pt.tmp." + dead + ".0"})
            writeOldFile((root / name).string());
        // Not visible here, but young: a writer in another PID namespace (a container sharing
        // the folder) may be writing it now.
        writePlainFile((root / (".last.pt.tmp." + dead + ".5")).string(), "being written");
        writePlainFile((root / ".notes.tmp.txt").string(), "a user's");
        writeFileAtomically((root / "last.pt").string(), "whole");
        // Only the target's old temporary of a writer gone is removed: a live process's (pid 1),
        // this one's, a young one, another file's and a file that is no temporary stay.
        std::vector<std::string> kept{".last.pt.tmp." + dead + ".5", ".last.pt.tmp.1.0",
                                      ".last.pt.tmp." + self + ".99", ".notes.tmp.txt",
                                      ".other.pt.tmp." + dead + ".0", "last.pt"};
        std::sort(kept.begin(), kept.end());
        QCOMPARE(folderEntries(root.string()), kept);
        // The folder was read once: another target's stale temporary found then goes at its
        // write; one made since is not looked for (apply writes thousands of files there).
        writeOldFile((root / (".later.tmp." + dead + ".1")).string());
        writeFileAtomically((root / "other.pt").string(), "whole");
        writeFileAtomically((root / "later").string(), "whole");
        QVERIFY(!fs::exists(root / (".other.pt.tmp." + dead + ".0")));
        QVERIFY(fs::exists(root / (".later.tmp." + dead + ".1")));
    }

    // /dev/full, /dev/null (as nodes of their numbers), and a FIFO are written into, never
    // replaced by a regular file; a full device's error names the path given.
    void atomicWriteGoesStraightIntoDevices()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        const std::string full = (root / "myfull").string(), null = (root / "mynull").string();
        for (const auto &[node, minor] : {std::pair{full, 7u}, std::pair{null, 3u}})
            if (const char *refused = refusedDeviceNode(node, 1, minor))
                QSKIP(refused);
        try {
            writeFileAtomically(full, "{}");
            QFAIL("a write to a full device succeeded");
        } catch (const IoError &error) {
            QCOMPARE(QString(error.what()), QString("cannot write '%1': No space left on device").arg(full.c_str()));
        }
        writeFileAtomically(null, "{}");
        // Through a link too, and the link is kept.
        const fs::path link = root / "link";
        fs::create_symlink("mynull", link);
        writeFileAtomically(link.string(), "{}");
        QVERIFY(fs::is_symlink(link));
        QVERIFY(fs::is_character_file(full) && fs::is_character_file(null));
        QCOMPARE(folderEntries(root.string()), (std::vector<std::string>{"link", "myfull", "mynull"}));
    }

    void atomicWriteGoesStraightIntoAFifo()
    {
        QTemporaryDir dir;
        const std::string fifo = dir.filePath("fifo").toStdString();
        QCOMPARE(::mkfifo(fifo.c_str(), 0600), 0);
        std::string received;
        std::thread reader([&] { received = readFile(fifo); });
        writeFileAtomically(fifo, "{\"a\": 1}\n");
        reader.join();
        QCOMPARE(received, std::string("{\"a\": 1}\n"));
        QVERIFY(fs::is_fifo(fifo));
        QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{"fifo"});
    }

    void atomicWriteKeepsTheOwner()
    {
        if (::geteuid() != 0)
            QSKIP("only root may give a file to another user");
        QTemporaryDir dir;
        const std::string path = dir.filePath("policy.json").toStdString();
        writePlainFile(path, "theirs");
        const uid_t nobody = 65534;
        QCOMPARE(::chown(path.c_str(), nobody, nobody), 0);
        writeFileAtomically(path, "replaced by root");
        struct stat info;
        QCOMPARE(::stat(path.c_str(), &info), 0);
        QCOMPARE(info.st_uid, nobody);
        QCOMPARE(info.st_gid, static_cast<gid_t>(nobody));
        QCOMPARE(readFile(path), std::string("replaced by root"));
    }

    // A link stays a link and leads to the new content; a private file stays private.
    void atomicWriteKeepsLinksAndPermissions()
    {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        fs::create_directories(root / "shared");
        const fs::path target = root / "shared" / "policy.json";
        writePlainFile(target.string(), "old");
        fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
        const fs::path link = root / "latest.json";
        fs::create_symlink("shared/policy.json", link);

        writeFileAtomically(link.string(), "new");
        QVERIFY(fs::is_symlink(link));
        QCOMPARE(readFile(target.string()), std::string("new"));
        QCOMPARE(fs::status(target).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
        QCOMPARE(folderEntries((root / "shared").string()), std::vector<std::string>{"policy.json"});

        // A link to a file not there yet: the file is made where the link leads.
        const fs::path dangling = root / "next.json";
        fs::create_symlink("shared/next.json", dangling);
        writeFileAtomically(dangling.string(), "made");
        QVERIFY(fs::is_symlink(dangling));
        QCOMPARE(readFile((root / "shared" / "next.json").string()), std::string("made"));
    }

    void atomicWriteFailsWhenParentIsAFile()
    {
        QTemporaryDir dir;
        const std::string blocker = dir.filePath("blocker").toStdString();
        writePlainFile(blocker, "I am a file");
        const std::string path = blocker + "/out.json";
        try {
            writeFileAtomically(path, "content");
            QFAIL("expected IoError");
        } catch (const IoError &error) {
            QVERIFY2(QString(error.what()).contains(QString::fromStdString(path)), error.what());
            QVERIFY2(QString(error.what()).contains("Not a directory"), error.what());
        }
        QCOMPARE(readFile(blocker), std::string("I am a file"));
    }

    void atomicWriteFailsInMissingFolder()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("missing/out.json").toStdString();
        try {
            writeFileAtomically(path, "content");
            QFAIL("expected IoError");
        } catch (const IoError &error) {
            QVERIFY2(QString(error.what()).contains(QString::fromStdString(path)), error.what());
            QVERIFY2(QString(error.what()).contains("No such file or directory"), error.what());
        }
        QVERIFY(!fs::exists(dir.filePath("missing").toStdString()));
    }

    void atomicWriteThatRunsOutOfSpaceKeepsTheOldFile()
    {
        // A file size limit makes write() fail halfway, as a full disk does.
        QTemporaryDir dir;
        const std::string path = dir.filePath("checkpoint.bin").toStdString();
        writeFileAtomically(path, "old content");
        rlimit saved{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit small = saved;
        small.rlim_cur = 4096;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        QString message;
        try {
            writeFileAtomically(path, std::string(100000, 'x'));
        } catch (const IoError &error) {
            message = error.what();
        }
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, previousHandler);
        QVERIFY2(message.contains(QString::fromStdString(path)), qPrintable(message));
        QVERIFY2(message.contains("File too large"), qPrintable(message));
        QCOMPARE(readFile(path), std::string("old content"));
        QCOMPARE(folderEntries(dir.path().toStdString()), std::vector<std::string>{"checkpoint.bin"});
    }

    void ensureWritableDirectoryCreatesParents()
    {
        QTemporaryDir dir;
        const std::string nested = dir.filePath("a/b/c").toStdString();
        ensureWritableDirectory(nested);
        QVERIFY(fs::is_directory(nested));
        QVERIFY(folderEntries(nested).empty()); // the write probe is cleaned up
        ensureWritableDirectory(nested);        // existing folder: fine
    }

    void ensureWritableDirectoryRefusesFiles()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("plain").toStdString();
        writePlainFile(file, "x");
        for (const std::string &target : {file, file + "/sub"}) {
            try {
                ensureWritableDirectory(target);
                QFAIL("expected IoError");
            } catch (const IoError &error) {
                QVERIFY2(QString(error.what()).contains(QString::fromStdString(target)), error.what());
            }
        }
    }

    void csvNumbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("integer") << 3.0 << "3";
        QTest::newRow("tenth") << 0.1 << "0.1";
        QTest::newRow("third") << 1.0 / 3.0 << "0.333333333";
        QTest::newRow("small") << 1.25e-10 << "1.25e-10";
        QTest::newRow("large") << 123456789012.0 << "1.23456789e+11";
        QTest::newRow("negative") << -2.5 << "-2.5";
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << "nan";
        QTest::newRow("inf") << std::numeric_limits<double>::infinity() << "inf";
        QTest::newRow("-inf") << -std::numeric_limits<double>::infinity() << "-inf";
    }

    void csvNumbers()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(CsvWriter::number(value)), text);
    }

    void csvNumbersKeepTheDotInACommaLocale()
    {
        // The app runs under the user's locale; metrics.csv must read back anywhere.
        std::string half, small;
        {
            const testsupport::ScopedCLocale german(LC_NUMERIC, QStringLiteral("de_DE"));
            if (!german.isActive())
                QSKIP("localedef cannot make a German locale here");
            half = CsvWriter::number(0.5);
            small = CsvWriter::number(1.25e-10);
        }
        QCOMPARE(half, std::string("0.5"));
        QCOMPARE(small, std::string("1.25e-10"));
    }

    void csvWritesHeaderRowsAndQuotes()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rows.csv").toStdString();
        {
            CsvWriter csv(path, {"epoch", "note"}, false);
            csv.writeRow({"1", "plain"});
            // Each row is on disk as soon as writeRow returns.
            QCOMPARE(readFile(path), std::string("epoch,note\n1,plain\n"));
            csv.writeRow({"2", "a,b"});
            csv.writeRow({"3", "say \"hi\""});
            csv.writeRow({"4", "two\nlines"});
            csv.writeRow({"5", ""});
        }
        QCOMPARE(readFile(path), std::string("epoch,note\n1,plain\n2,\"a,b\"\n3,\"say \"\"hi\"\"\"\n"
                                             "4,\"two\nlines\"\n5,\n"));
        const auto rows = parseCsv(readFile(path));
        QCOMPARE(rows.size(), size_t(6));
        QCOMPARE(rows[3][1], std::string("say \"hi\""));
        QCOMPARE(rows[4][1], std::string("two\nlines"));
        QCOMPARE(rows[5][1], std::string());
    }

    void csvRefusesRowOfWrongWidth()
    {
        QTemporaryDir dir;
        CsvWriter csv(dir.filePath("m.csv").toStdString(), {"a", "b"}, false);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, csv.writeRow({"1"}));
    }

    void csvStartsOverWithoutAppend()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rows.csv").toStdString();
        writePlainFile(path, "epoch,loss\n1,0.5\n");
        CsvWriter csv(path, {"epoch", "loss"}, false);
        csv.writeRow({"1", "0.25"});
        QCOMPARE(readFile(path), std::string("epoch,loss\n1,0.25\n"));
    }

    void csvAppendKeepsRowsAndDropsATornLine()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rows.csv").toStdString();
        writePlainFile(path, "epoch,loss\n1,0.5\n2,0.4\n3,0.3");
        CsvWriter csv(path, {"epoch", "loss"}, true);
        csv.writeRow({"3", "0.25"});
        QCOMPARE(readFile(path), std::string("epoch,loss\n1,0.5\n2,0.4\n3,0.25\n"));
    }

    void csvAppendToMissingOrEmptyFileWritesHeader()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("new.csv").toStdString();
        CsvWriter(missing, {"epoch"}, true).writeRow({"1"});
        QCOMPARE(readFile(missing), std::string("epoch\n1\n"));
        const std::string empty = dir.filePath("empty.csv").toStdString();
        writePlainFile(empty, "");
        CsvWriter(empty, {"epoch"}, true).writeRow({"7"});
        QCOMPARE(readFile(empty), std::string("epoch\n7\n"));
    }

    void csvAppendRefusesOtherColumns()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("rows.csv").toStdString();
        writePlainFile(path, "epoch,accuracy\n1,0.5\n");
        try {
            CsvWriter csv(path, {"epoch", "loss"}, true);
            QFAIL("expected IoError");
        } catch (const IoError &error) {
            QVERIFY2(QString(error.what()).contains(QString::fromStdString(path)), error.what());
            QVERIFY2(QString(error.what()).contains("epoch,accuracy"), error.what());
        }
        QCOMPARE(readFile(path), std::string("epoch,accuracy\n1,0.5\n"));
    }

    void csvOnFullDiskNamesTheFile()
    {
        if (!fs::exists("/dev/full"))
            QSKIP("no /dev/full on this system");
        for (bool append : {false, true}) {
            try {
                CsvWriter csv("/dev/full", {"epoch", "loss"}, append);
                csv.writeRow({"1", "0.5"});
                QFAIL("expected IoError");
            } catch (const IoError &error) {
                QVERIFY2(QString(error.what()).contains("/dev/full"), error.what());
                QVERIFY2(QString(error.what()).contains("No space left on device"), error.what());
            }
        }
    }

    void parseCsvNamesTheLineOfAnOpenQuote()
    {
        try {
            parseCsv("a,b\n1,2\n3,\"open\nstill open\n");
            QFAIL("expected an error");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(QString(error.what()).contains("line 3"), error.what());
        }
    }

    void tensorBoardFileNameAndVersionRecord()
    {
        QTemporaryDir dir;
        const std::string logDir = dir.filePath("runs/search").toStdString();
        // The writer's clock: time() reads a coarse clock that may lag it by a tick, and so
        // name the second before the one the writer saw.
        const auto before = wallClockSeconds();
        std::string path;
        {
            TensorBoardWriter writer(logDir);
            path = writer.path();
        }
        const auto after = wallClockSeconds();
        QCOMPARE(eventFileIn(logDir), path);
        const QString name = QString::fromStdString(fs::path(path).filename().string());
        const QRegularExpression pattern("^events\\.out\\.tfevents\\.(\\d+)\\.(.+)$");
        const auto match = pattern.match(name);
        QVERIFY2(match.hasMatch(), qPrintable(name));
        const long long seconds = match.captured(1).toLongLong();
        QVERIFY(seconds >= before && seconds <= after);
        QCOMPARE(match.captured(2), QSysInfo::machineHostName());

        const auto events = readEvents(path);
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0].fileVersion, std::string("brain.Event:2"));
        QVERIFY(events[0].wallTime >= before && events[0].wallTime <= after + 1);
        QVERIFY(events[0].values.empty());
    }

    void tensorBoardScalarsReadBack()
    {
        QTemporaryDir dir;
        const std::string logDir = dir.path().toStdString();
        TensorBoardWriter writer(logDir);
        struct Scalar
        {
            std::string tag;
            double value;
            std::int64_t step;
            double wallTime;
        };
        std::vector<Scalar> written;
        for (int epoch = 1; epoch <= 3; ++epoch) {
            for (int step = 1; step <= 40; ++step) {
                const std::int64_t global = (epoch - 1) * 40 + step;
                written.push_back({"train/loss", 1.0 / global, global, 1.7e9 + global * 0.25});
                written.push_back({"train/d_loss", -0.5 * global, global, 1.7e9 + global * 0.25});
            }
            written.push_back({"epoch/average_parameter_change", 0.01 / epoch, epoch * 40, 1.7e9 + epoch * 10.5});
        }
        written.push_back({"big/step", 3.5, 5000000000LL, 1.8e9});
        written.push_back({std::string(200, 't'), 2.0, 7, 1.8e9}); // a tag longer than one varint byte
        for (const auto &s : written)
            writer.addScalar(s.tag, s.value, s.step, s.wallTime);
        writer.flush();

        const auto events = readEvents(writer.path());
        QCOMPARE(events.size(), written.size() + 1);
        QCOMPARE(events[0].fileVersion, std::string("brain.Event:2"));
        for (size_t i = 0; i < written.size(); ++i) {
            const Event &event = events[i + 1];
            QVERIFY(event.fileVersion.empty());
            QCOMPARE(event.values.size(), size_t(1));
            QCOMPARE(event.values[0].tag, written[i].tag);
            QCOMPARE(event.values[0].value, static_cast<float>(written[i].value));
            QCOMPARE(event.step, written[i].step);
            QCOMPARE(event.wallTime, written[i].wallTime);
        }
    }

    void tensorBoardWritesOnFlushAndOnClose()
    {
        QTemporaryDir dir;
        const std::string logDir = dir.path().toStdString();
        std::string path;
        {
            TensorBoardWriter writer(logDir);
            path = writer.path();
            writer.addScalar("a", 1.0, 1, 1.0);
            QCOMPARE(readEvents(path).size(), size_t(1)); // buffered until flush
            writer.flush();
            QCOMPARE(readEvents(path).size(), size_t(2));
            writer.addScalar("a", 2.0, 2, 2.0);
        }
        const auto events = readEvents(path);
        QCOMPARE(events.size(), size_t(3));
        QCOMPARE(events[2].values[0].value, 2.0f);
    }

    void tensorBoardRestartIsASessionStart()
    {
        QTemporaryDir dir;
        TensorBoardWriter writer(dir.path().toStdString());
        const auto before = wallClockSeconds();
        writer.addRestart(41);
        writer.addScalar("step/loss", 0.5, 41, 2.0);
        writer.flush();
        const auto events = readEvents(writer.path());
        QCOMPARE(events.size(), size_t(3));
        QCOMPARE(events[1].sessionStatus, 1);
        QCOMPARE(events[1].step, std::int64_t(41));
        QVERIFY(events[1].values.empty());
        QVERIFY(events[1].wallTime >= before);
        QCOMPARE(events[2].sessionStatus, 0);
    }

    void aResumedSearchRestartsItsTensorBoardRunAfterTheCheckpoint()
    {
        QTemporaryDir dir;
        const SearchFolder folder(dir.path().toStdString());
        auto restarts = [&] {
            std::vector<std::int64_t> steps;
            for (const auto &name : folderEntries(folder.tensorBoardFolder()))
                for (const Event &event : readEvents(folder.tensorBoardFolder() + "/" + name))
                    if (event.sessionStatus == 1)
                        steps.push_back(event.step);
            return steps;
        };
        SearchOutputs(folder, false, 0).writeStep(StepMetrics{});
        QVERIFY(restarts().empty());
        SearchOutputs(folder, true, 40);
        QCOMPARE(restarts(), std::vector<std::int64_t>{41});
    }

    void tensorBoardWritersDoNotShareAFile()
    {
        QTemporaryDir dir;
        const std::string logDir = dir.path().toStdString();
        TensorBoardWriter first(logDir);
        TensorBoardWriter second(logDir);
        QVERIFY(first.path() != second.path());
        first.addScalar("x", 1.0, 1, 1.0);
        second.addScalar("x", 2.0, 1, 1.0);
        first.flush();
        second.flush();
        QCOMPARE(readEvents(first.path())[1].values[0].value, 1.0f);
        QCOMPARE(readEvents(second.path())[1].values[0].value, 2.0f);
    }

    void tensorBoardRefusesAnUnusableFolder()
    {
        QTemporaryDir dir;
        const std::string file = dir.filePath("file").toStdString();
        writePlainFile(file, "x");
        try {
            TensorBoardWriter writer(file + "/logs");
            QFAIL("expected IoError");
        } catch (const IoError &error) {
            QVERIFY2(QString(error.what()).contains(QString::fromStdString(file + "/logs")), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestIo)
#include "test_io.moc"
