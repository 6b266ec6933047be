#include "testsupport/CifarWriter.h"

#include "testsupport/TestSupport.h"

#include <filesystem>
#include <type_traits>

namespace testsupport {

namespace {

// The opcodes cPickle writes at protocol 2, each memoised value given the next BINPUT slot.
class Py2Pickle
{
public:
    Py2Pickle() { m_bytes = "\x80\x02"; }

    Py2Pickle &raw(const std::string &bytes)
    {
        m_bytes += bytes;
        return *this;
    }
    Py2Pickle &put()
    {
        m_bytes += 'q';
        m_bytes += char(++m_memo);
        return *this;
    }
    Py2Pickle &string(const std::string &text)
    {
        if (text.size() < 256) {
            m_bytes += 'U';
            m_bytes += char(text.size());
        } else {
            m_bytes += 'T';
            little32(std::uint32_t(text.size()));
        }
        m_bytes += text;
        return put();
    }
    Py2Pickle &integer(long long value)
    {
        if (value >= 0 && value < 256) {
            m_bytes += 'K';
            m_bytes += char(value);
        } else if (value >= 0 && value < 65536) {
            m_bytes += 'M';
            m_bytes += char(value & 0xFF);
            m_bytes += char(value >> 8);
        } else {
            m_bytes += 'J';
            little32(std::uint32_t(value));
        }
        return *this;
    }
    Py2Pickle &global(const std::string &module, const std::string &name)
    {
        m_bytes += "c" + module + "\n" + name + "\n";
        return put();
    }
    // A list as cPickle batches it: APPENDS of at most 1000 items each.
    template <typename Item> Py2Pickle &list(const std::vector<Item> &items)
    {
        raw("]").put();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i % 1000 == 0)
                raw("(");
            if constexpr (std::is_same_v<Item, std::string>)
                string(items[i]);
            else
                integer(items[i]);
            if (i % 1000 == 999 || i + 1 == items.size())
                raw("e");
        }
        return *this;
    }
    std::string stop() { return m_bytes + "."; }

private:
    void little32(std::uint32_t value)
    {
        for (int i = 0; i < 4; ++i)
            m_bytes += char((value >> (8 * i)) & 0xFF);
    }

    std::string m_bytes;
    int m_memo = 0;
};

void writeBytes(const std::filesystem::path &path, const std::string &bytes)
{
    std::filesystem::create_directories(path.parent_path());
    writeTextFile(path.string(), bytes);
}

} // namespace

std::string cifarBatchPickle(const std::vector<std::uint8_t> &pixels, const std::vector<int> &labels,
                             const std::string &labelsKey)
{
    const std::size_t count = pixels.size() / 3072;
    std::vector<std::string> filenames;
    for (std::size_t i = 0; i < count; ++i)
        filenames.push_back("image_" + std::to_string(i) + ".png");
    Py2Pickle pickle;
    pickle.raw("}").put().raw("(");
    pickle.string("data")
        .global("numpy.core.multiarray", "_reconstruct")
        .global("numpy", "ndarray")
        .integer(0)
        .raw("\x85")
        .put()
        .string("b")
        .raw("\x87")
        .put()
        .raw("R")
        .put();
    pickle.raw("(").integer(1).integer(static_cast<long long>(count)).integer(3072).raw("\x86").put();
    pickle.global("numpy", "dtype").string("u1").integer(0).integer(1).raw("\x87").put().raw("R").put();
    pickle.raw("(").integer(3).string("|").raw("NNN").integer(-1).integer(-1).integer(0).raw("t").put().raw("b");
    pickle.raw("\x89").string(std::string(pixels.begin(), pixels.end())).raw("t").put().raw("b");
    pickle.string(labelsKey).list(labels);
    pickle.string("batch_label").string("training batch 1 of 5");
    pickle.string("filenames").list(filenames);
    return pickle.raw("u").stop();
}

std::string cifarNamesPickle(const std::vector<std::string> &names, const std::string &key)
{
    Py2Pickle pickle;
    pickle.raw("}").put().raw("(");
    pickle.string("num_cases_per_batch").integer(10000);
    pickle.string(key).list(names);
    pickle.string("num_vis").integer(3072);
    return pickle.raw("u").stop();
}

std::uint8_t cifarTestPixel(int batch, int index, int plane)
{
    return std::uint8_t((batch * 41 + index * 7 + plane * 80) % 256);
}

const std::vector<std::string> &cifar10Names()
{
    static const std::vector<std::string> names = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                   "dog",      "frog",       "horse", "ship", "truck"};
    return names;
}

void writeCifar10(const std::string &dir, int perBatch)
{
    const std::filesystem::path folder = std::filesystem::path(dir) / "cifar-10-batches-py";
    const char *files[] = {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5",
                           "test_batch"};
    for (int batch = 0; batch < 6; ++batch) {
        std::vector<std::uint8_t> pixels;
        std::vector<int> labels;
        for (int i = 0; i < perBatch; ++i) {
            for (int plane = 0; plane < 3; ++plane)
                pixels.insert(pixels.end(), 1024, cifarTestPixel(batch, i, plane));
            labels.push_back((batch + i) % 10);
        }
        writeBytes(folder / files[batch], cifarBatchPickle(pixels, labels));
    }
    writeBytes(folder / "batches.meta", cifarNamesPickle(cifar10Names()));
}

} // namespace testsupport
