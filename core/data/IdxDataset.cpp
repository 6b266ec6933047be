// Classification from IDX files (the MNIST / Fashion-MNIST format), gzipped or not.

#include "data/DatasetLayouts.h"
#include "data/ImageDecoding.h"
#include "data/ImageHeader.h"
#include "io/AsciiText.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <new>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// An IDX file is held in memory whole (IdxDataset keeps its bytes). A plain file holds what its
// header announces, which is checked against the file's size before it is read; a gzipped one
// inflates to it, so what its header announces is checked against a budget before anything is
// inflated: a few megabytes of gzip inflate to gigabytes (deflate reaches 1032 times). The
// budget, 4 GiB, is seven times EMNIST's largest file (0.55 GB; MNIST's are 47 MB): more is an
// attack or a mistake, as an image above kMaxImagePixels is.
constexpr std::uint64_t kMaxInflatedIdxBytes = std::uint64_t(1) << 32;
// The most bytes one byte of deflate data inflates to (a length-258 match in two bits).
constexpr long double kMaxDeflateRatio = 1032;
// Bytes after what the header announces that are counted for the message, at most.
constexpr std::size_t kExtraBytesCounted = std::size_t(1) << 20;

std::uint32_t bigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::string wholeNumber(long double value)
{
    char text[48];
    std::snprintf(text, sizeof text, "%.0Lf", value);
    return text;
}

class GzReader
{
public:
    explicit GzReader(const fs::path &path) : m_name(path.string()), m_file(gzopen(m_name.c_str(), "rb"))
    {
        if (!m_file)
            throw DatasetError("cannot open " + m_name, m_name);
        gzbuffer(m_file, 1 << 17);
    }
    ~GzReader() { gzclose(m_file); }
    GzReader(const GzReader &) = delete;
    GzReader &operator=(const GzReader &) = delete;

    // Reads up to `count` bytes into `out`; fewer only at the end of the data. A damaged
    // stream (a bad checksum, a cut) is an error naming the file.
    std::size_t read(unsigned char *out, std::size_t count)
    {
        std::size_t done = 0;
        while (done < count) {
            const unsigned piece = static_cast<unsigned>(std::min<std::size_t>(count - done, std::size_t(1) << 30));
            const int read = gzread(m_file, out + done, piece);
            if (read <= 0) {
                checkStream(read);
                break;
            }
            done += std::size_t(read);
        }
        return done;
    }

    // Whether the file is gzipped (zlib's gzread reads plain files as they are, so one reader
    // serves both kinds); known once something was read.
    bool compressed() { return gzdirect(m_file) == 0; }

private:
    void checkStream(int read)
    {
        int error = Z_OK;
        const char *message = gzerror(m_file, &error);
        if (read < 0 || (error != Z_OK && error != Z_STREAM_END)) {
            // zlib names the file itself ("path: unexpected end of file"): said once.
            std::string why = message ? message : "";
            if (why.rfind(m_name + ": ", 0) == 0)
                why.erase(0, m_name.size() + 2);
            throw DatasetError(m_name + " is truncated or corrupt" + (why.empty() ? "" : ": " + why), m_name);
        }
    }

    std::string m_name;
    gzFile m_file;
};

struct IdxFile {
    std::vector<unsigned char> data; // the whole file, header included
    std::vector<std::uint32_t> dims;
};

// Throws unless `dataBytes` after the header are what it announces.
void checkPayload(const std::string &name, std::uint64_t dataBytes, long double announced)
{
    if (announced > static_cast<long double>(dataBytes))
        throw DatasetError(name + " is truncated: " + std::to_string(dataBytes) + " data bytes, the header announces "
                               + wholeNumber(announced),
                           name);
    if (static_cast<long double>(dataBytes) > announced)
        throw DatasetError(name + " has " + wholeNumber(static_cast<long double>(dataBytes) - announced)
                               + " bytes more than its header announces",
                           name);
}

// Reads an IDX file of unsigned bytes and `dims` dimensions, gzipped or not: the header first
// (its magic number and sizes checked), then, within the budget, the data it announces.
IdxFile readIdx(const fs::path &path, int dims)
{
    const std::string name = path.string();
    GzReader file(path);
    const std::size_t header = 4 + 4 * std::size_t(dims);
    IdxFile idx;
    idx.data.resize(header);
    idx.data.resize(file.read(idx.data.data(), header));
    if (idx.data.size() < header)
        throw DatasetError(name + " is truncated: " + std::to_string(idx.data.size()) + " bytes, shorter than the "
                               + std::to_string(header) + "-byte IDX header",
                           name);
    const std::uint32_t magic = bigEndian32(idx.data.data());
    const std::uint32_t expectedMagic = 0x00000800u | std::uint32_t(dims);
    if (magic != expectedMagic) {
        char text[64];
        std::snprintf(text, sizeof text, "magic number 0x%08x, expected 0x%08x", magic, expectedMagic);
        throw DatasetError(name + " is not an IDX " + (dims == 1 ? "label" : "image") + " file (" + text + ")",
                           name);
    }
    for (int d = 0; d < dims; ++d)
        idx.dims.push_back(bigEndian32(idx.data.data() + 4 + 4 * d));
    // Three 32-bit sizes can overflow 64 bits (a wrapped product could match the file):
    // multiply in long double and compare before converting.
    long double announced = 1;
    for (const std::uint32_t size : idx.dims)
        announced *= size;

    std::error_code error;
    const std::uintmax_t fileBytes = fs::file_size(path, error); // none for a pipe
    const bool compressed = file.compressed();
    if (!compressed && !error) {
        checkPayload(name, fileBytes - header, announced); // what it holds, known before it is read
    } else {
        const std::string what = dims == 1 ? std::to_string(idx.dims[0]) + " labels"
                                           : std::to_string(idx.dims[0]) + " images of " + std::to_string(idx.dims[1])
                                                 + " × " + std::to_string(idx.dims[2]) + " pixels";
        const long double whole = announced + header;
        if (whole > static_cast<long double>(kMaxInflatedIdxBytes))
            throw DatasetError(name + " announces " + what + " in its header, " + wholeNumber(whole)
                                   + (compressed ? " bytes once inflated" : " bytes")
                                   + ", more than the " + std::to_string(kMaxInflatedIdxBytes)
                                   + " bytes an IDX file may hold (it is held in memory whole)",
                               name);
        if (compressed && !error && whole > kMaxDeflateRatio * static_cast<long double>(fileBytes))
            throw DatasetError(name + " is truncated or forged: its header announces " + what + ", "
                                   + wholeNumber(whole) + " bytes, which its " + std::to_string(fileBytes)
                                   + " gzipped bytes cannot inflate to",
                               name);
    }
    // Within the budget (or the file's size) now: a size_t, allocated once.
    const std::size_t payload = static_cast<std::size_t>(announced);
    try {
        idx.data.resize(header + payload);
    } catch (const std::bad_alloc &) {
        throw DatasetError(name + " announces " + std::to_string(header + payload)
                               + " bytes, more memory than could be allocated (std::bad_alloc)",
                           name);
    }
    const std::size_t read = file.read(idx.data.data() + header, payload);
    if (read < payload)
        checkPayload(name, read, announced); // truncated
    // To the end: a gzip stream's checksum is checked there, and bytes beyond are counted.
    std::vector<unsigned char> rest(1 << 16);
    std::size_t extra = 0;
    while (extra < kExtraBytesCounted) {
        const std::size_t n = file.read(rest.data(), rest.size());
        if (n == 0)
            break;
        extra += n;
    }
    if (extra >= kExtraBytesCounted)
        throw DatasetError(name + " has at least " + std::to_string(extra) + " bytes more than its header announces",
                           name);
    if (extra > 0)
        checkPayload(name, std::uint64_t(payload) + extra, announced);
    return idx;
}

std::vector<std::string> idxClassNames(const fs::path &root, int numClasses)
{
    const std::string lower = asciiLower(fs::absolute(root).string());
    if (numClasses == 10 && lower.find("fashion") != std::string::npos)
        return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    std::vector<std::string> names;
    for (int c = 0; c < numClasses; ++c)
        names.push_back(std::to_string(c));
    return names;
}

// The class count is the largest label + 1, so one stray byte (200 among labels 0..9) or
// labels not starting at 0 make classes no image holds: warned of. One class holding every
// image cannot be learnt: an error, as for an image folder of one class folder.
void checkLabelsUsed(const std::vector<unsigned char> &labels, int found, const fs::path &labelsPath,
                     std::vector<DatasetProblem> &problems)
{
    const std::string name = labelsPath.string();
    std::vector<std::size_t> perLabel(std::size_t(found), 0);
    for (const unsigned char label : labels)
        ++perLabel[label];
    std::vector<int> empty;
    for (int id = 0; id < found; ++id) {
        if (perLabel[std::size_t(id)] == 0)
            empty.push_back(id);
    }
    if (int(empty.size()) == found - 1)
        throw DatasetError(name + " holds only label " + std::to_string(found - 1) + " (all "
                               + std::to_string(labels.size()) + " images); classification needs at least 2 classes",
                           name);
    if (empty.empty())
        return;
    const std::string ids = firstIds(empty);
    addWarning(problems, name,
               name + " leaves " + std::to_string(empty.size()) + " of the " + std::to_string(found) + " class ids 0.."
                   + std::to_string(found - 1) + " without an image (the class count is the largest label + 1): ids "
                   + ids + "; check the labels for a stray value or ids not starting at 0");
}

class IdxDataset : public Dataset
{
public:
    IdxDataset(std::string imagesName, std::vector<unsigned char> data, int rows, int cols,
               std::vector<unsigned char> labels, std::vector<std::size_t> records, int numClasses,
               std::vector<std::string> classNames, InputDtype dtype)
        : m_imagesName(std::move(imagesName)), m_data(std::move(data)), m_rows(rows), m_cols(cols),
          m_labels(std::move(labels)), m_records(std::move(records)), m_numClasses(numClasses),
          m_classNames(std::move(classNames)), m_dtype(dtype)
    {
    }

    DatasetLayout layout() const override { return DatasetLayout::Idx; }
    Task task() const override { return Task::Classification; }
    std::size_t size() const override { return m_records.size(); }
    int numClasses() const override { return m_numClasses; }
    std::vector<std::string> classNames() const override { return m_classNames; }
    std::string itemName(std::size_t i) const override
    {
        return m_imagesName + " #" + std::to_string(m_records.at(i));
    }
    int label(std::size_t i) const override { return m_labels[m_records.at(i)]; }
    int channels() const override { return 1; } // IDX images are single-channel bytes

    cv::Size imageSize(std::size_t) const override { return {m_cols, m_rows}; }

    Sample load(std::size_t i) const override
    {
        const std::size_t record = m_records.at(i);
        const std::size_t pixels = std::size_t(m_rows) * m_cols;
        // the header is 16 bytes; the Mat only views the pixels, toRgb copies them
        const cv::Mat grey(m_rows, m_cols, CV_8UC1, const_cast<unsigned char *>(m_data.data() + 16 + record * pixels));
        Sample sample;
        sample.image = toRgb(grey, m_dtype, itemName(i));
        sample.label = m_labels[record];
        return sample;
    }

private:
    std::string m_imagesName;
    std::vector<unsigned char> m_data;
    int m_rows, m_cols;
    std::vector<unsigned char> m_labels; // one per record, header stripped
    std::vector<std::size_t> m_records;  // records kept (data.dataset.limit)
    int m_numClasses;
    std::vector<std::string> m_classNames;
    InputDtype m_dtype;
};

} // namespace

std::unique_ptr<Dataset> openIdx(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::string &split = request.config.dataset.split;
    std::string prefix;
    if (split.empty() || split == "train")
        prefix = "train";
    else if (split == "t10k" || split == "test")
        prefix = "t10k";
    else
        throw DatasetError("data.dataset.split '" + split + "' is not an IDX split (train, or t10k / test) for "
                               + where,
                           where);

    const auto imagesPath = findIdxFile(request.root, prefix, "images");
    const auto labelsPath = findIdxFile(request.root, prefix, "labels");
    if (!imagesPath)
        throw DatasetError("no " + prefix + "-images-idx3-ubyte[.gz] in " + where, where);
    if (!labelsPath)
        throw DatasetError("no " + prefix + "-labels-idx1-ubyte[.gz] in " + where + " (next to "
                               + imagesPath->filename().string() + ")",
                           where);

    IdxFile imagesFile = readIdx(*imagesPath, 3);
    std::vector<unsigned char> images = std::move(imagesFile.data);
    const std::vector<std::uint32_t> imageDims = imagesFile.dims;
    const IdxFile labelsFile = readIdx(*labelsPath, 1);
    const std::vector<unsigned char> &labelData = labelsFile.data;
    const std::vector<std::uint32_t> labelDims = labelsFile.dims;
    if (imageDims[0] != labelDims[0])
        throw DatasetError(imagesPath->string() + " holds " + std::to_string(imageDims[0]) + " images but "
                               + labelsPath->string() + " holds " + std::to_string(labelDims[0]) + " labels",
                           imagesPath->string());
    if (imageDims[0] == 0 || imageDims[1] == 0 || imageDims[2] == 0)
        throw DatasetError(imagesPath->string() + " holds no images", imagesPath->string());
    if (std::int64_t(imageDims[1]) * imageDims[2] > kMaxImagePixels) // also keeps rows and columns in an int
        throw DatasetError(imagesPath->string() + " holds images of " + std::to_string(imageDims[1]) + " × "
                               + std::to_string(imageDims[2]) + " pixels, more than "
                               + std::to_string(kMaxImagePixels) + " pixels an image",
                           imagesPath->string());
    std::vector<unsigned char> labels(labelData.begin() + 8, labelData.end());

    const int found = *std::max_element(labels.begin(), labels.end()) + 1;
    checkLabelsUsed(labels, found, *labelsPath, request.problems);
    const int numClasses =
        resolveClassCount(found, request.numClasses, "largest label " + std::to_string(found - 1),
                          labelsPath->string(), request.problems);

    return std::make_unique<IdxDataset>(imagesPath->filename().string(), std::move(images), int(imageDims[1]),
                                        int(imageDims[2]), std::move(labels),
                                        limitedSelection(labelDims[0], request.config.dataset.limit), numClasses,
                                        idxClassNames(request.root, numClasses), request.config.inputDtype);
}

} // namespace augstudio
