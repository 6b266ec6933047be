#include "data/PlanarImages.h"

#include "data/ImageDecoding.h"

#include <opencv2/core.hpp>

#include <utility>

namespace augstudio {

namespace {

class PlanarImagesDataset : public Dataset
{
public:
    struct Record
    {
        std::uint32_t batch, index;
    };

    PlanarImagesDataset(DatasetLayout layout, std::vector<PlanarBatch> batches, std::vector<Record> records,
                        int numClasses, std::vector<std::string> classNames, InputDtype dtype)
        : m_layout(layout), m_batches(std::move(batches)), m_records(std::move(records)), m_numClasses(numClasses),
          m_classNames(std::move(classNames)), m_dtype(dtype)
    {
    }

    DatasetLayout layout() const override { return m_layout; }
    Task task() const override { return Task::Classification; }
    std::size_t size() const override { return m_records.size(); }
    int numClasses() const override { return m_numClasses; }
    std::vector<std::string> classNames() const override { return m_classNames; }
    std::string itemName(std::size_t i) const override
    {
        const Record record = m_records.at(i);
        return m_batches[record.batch].name + " #" + std::to_string(record.index);
    }
    int label(std::size_t i) const override
    {
        const Record record = m_records.at(i);
        return m_batches[record.batch].labels[record.index];
    }
    int channels() const override { return 3; }
    cv::Size imageSize(std::size_t i) const override
    {
        const int side = m_batches[m_records.at(i).batch].side;
        return {side, side};
    }

    Sample load(std::size_t i) const override
    {
        const Record record = m_records.at(i);
        const PlanarBatch &batch = m_batches[record.batch];
        auto *pixels = const_cast<char *>(batch.pixels.data() + std::size_t(record.index) * batch.imageBytes());
        const std::size_t plane = std::size_t(batch.side) * batch.side;
        // Decoders give BGR: the blue plane first.
        std::vector<cv::Mat> bgr;
        for (const int channel : {2, 1, 0}) {
            const cv::Mat values(batch.side, batch.side, CV_8UC1, pixels + channel * plane);
            bgr.push_back(batch.columnMajor ? cv::Mat(values.t()) : values);
        }
        cv::Mat image;
        cv::merge(bgr, image);
        Sample sample;
        sample.image = toRgb(image, m_dtype, itemName(i));
        sample.label = batch.labels[record.index];
        return sample;
    }

private:
    DatasetLayout m_layout;
    std::vector<PlanarBatch> m_batches;
    std::vector<Record> m_records; // those data.dataset.limit keeps
    int m_numClasses;
    std::vector<std::string> m_classNames;
    InputDtype m_dtype;
};

} // namespace

std::unique_ptr<Dataset> planarImagesDataset(DatasetLayout layout, const OpenRequest &request,
                                             std::vector<PlanarBatch> batches, std::vector<std::string> classes,
                                             const std::string &found, const std::string &dir)
{
    std::vector<PlanarImagesDataset::Record> records;
    for (std::size_t batch = 0; batch < batches.size(); ++batch)
        for (std::size_t i = 0; i < batches[batch].labels.size(); ++i)
            records.push_back({std::uint32_t(batch), std::uint32_t(i)});
    std::vector<PlanarImagesDataset::Record> kept;
    for (const std::size_t i : limitedSelection(records.size(), request.config.dataset.limit))
        kept.push_back(records[i]);
    const int numClasses = resolveClassNames(classes, request.numClasses, found, dir, request.problems);
    return std::make_unique<PlanarImagesDataset>(layout, std::move(batches), std::move(kept), numClasses,
                                                 std::move(classes), request.config.inputDtype);
}

} // namespace augstudio
