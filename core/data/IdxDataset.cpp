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

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// zlib's gzread reads plain files as they are, so one reader serves both kinds.
std::vector<unsigned char> readMaybeGzipped(const fs::path &path)
{
    const std::string name = path.string();
    gzFile file = gzopen(name.c_str(), "rb");
    if (!file)
        throw DatasetError("cannot open " + name, name);
    gzbuffer(file, 1 << 17);
    std::vector<unsigned char> data;
    std::vector<unsigned char> chunk(1 << 20);
    int read = 0;
    while ((read = gzread(file, chunk.data(), static_cast<unsigned>(chunk.size()))) > 0)
        data.insert(data.end(), chunk.begin(), chunk.begin() + read);
    int error = Z_OK;
    const char *message = gzerror(file, &error);
    const std::string detail = message ? message : "";
    gzclose(file);
    if (read < 0 || (error != Z_OK && error != Z_STREAM_END))
        throw DatasetError(name + " is truncated or corrupt (" + detail + ")", name);
    return data;
}

std::uint32_t bigEndian32(const unsigned char *p)
{
    return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

// Checks the magic number (unsigned bytes, `dims` dimensions) and the size; returns the dimensions.
std::vector<std::uint32_t> checkIdx(const std::vector<unsigned char> &data, int dims, const fs::path &path)
{
    const std::string name = path.string();
    const std::size_t header = 4 + 4 * std::size_t(dims);
    if (data.size() < header)
        throw DatasetError(name + " is truncated: " + std::to_string(data.size()) + " bytes, shorter than the "
                               + std::to_string(header) + "-byte IDX header",
                           name);
    const std::uint32_t magic = bigEndian32(data.data());
    const std::uint32_t expectedMagic = 0x00000800u | std::uint32_t(dims);
    if (magic != expectedMagic) {
        char text[64];
        std::snprintf(text, sizeof text, "magic number 0x%08x, expected 0x%08x", magic, expectedMagic);
        throw DatasetError(name + " is not an IDX " + (dims == 1 ? "label" : "image") + " file (" + text + ")",
                           name);
    }
    std::vector<std::uint32_t> sizes;
    for (int d = 0; d < dims; ++d)
        sizes.push_back(bigEndian32(data.data() + 4 + 4 * d));
    // Three 32-bit sizes can overflow 64 bits (a wrapped product could match the file):
    // multiply in long double and compare with the data before converting.
    long double announced = 1;
    for (const std::uint32_t size : sizes)
        announced *= size;
    if (announced > static_cast<long double>(data.size() - header)) {
        char text[48];
        std::snprintf(text, sizeof text, "%.0Lf", announced);
        throw DatasetError(name + " is truncated: " + std::to_string(data.size() - header) + " data bytes, the header "
                               "announces " + text,
                           name);
    }
    const std::size_t payload = static_cast<std::size_t>(announced);
    if (data.size() - header > payload)
        throw DatasetError(name + " has " + std::to_string(data.size() - header - payload)
                               + " bytes more than its header announces",
                           name);
    return sizes;
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

    std::vector<unsigned char> images = readMaybeGzipped(*imagesPath);
    const std::vector<std::uint32_t> imageDims = checkIdx(images, 3, *imagesPath);
    std::vector<unsigned char> labelData = readMaybeGzipped(*labelsPath);
    const std::vector<std::uint32_t> labelDims = checkIdx(labelData, 1, *labelsPath);
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
        resolveClassCount(found, request.numClasses, "largest label " + std::to_string(found - 1) + " in "
                                                         + labelsPath->filename().string(),
                          where, request.problems);

    return std::make_unique<IdxDataset>(imagesPath->filename().string(), std::move(images), int(imageDims[1]),
                                        int(imageDims[2]), std::move(labels),
                                        limitedSelection(labelDims[0], request.config.dataset.limit), numClasses,
                                        idxClassNames(request.root, numClasses), request.config.inputDtype);
}

} // namespace augstudio
