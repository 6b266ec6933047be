#include "data/PreparedSample.h"

#include "data/BatchChecks.h"
#include "data/DeterministicRandom.h"

#include <algorithm>
#include <new>
#include <random>
#include <string>

namespace augstudio {

namespace {

// A DatasetError naming item `index`, with `error`'s text on one line ("std::bad_alloc"
// alone says little; OpenCV's ends in a newline).
std::exception_ptr failedOn(const Dataset &dataset, std::size_t index, const std::exception &error)
{
    const std::string item = dataset.itemName(index);
    std::string what = dynamic_cast<const std::bad_alloc *>(&error) ? "out of memory (std::bad_alloc)" : error.what();
    while (!what.empty() && (what.back() == '\n' || what.back() == ' '))
        what.pop_back();
    return std::make_exception_ptr(DatasetError(item + ": " + what, item));
}

// `image` (RGB, CV_8UC3 or CV_32FC3) as `channels` planes of floats in [0, 1].
void toPlanes(cv::Mat image, int channels, PreparedSample &prepared)
{
    if (image.depth() == CV_8U)
        image.convertTo(image, CV_32F, 1.0 / 255.0);
    prepared.height = image.rows;
    prepared.width = image.cols;
    const std::size_t plane = std::size_t(image.rows) * std::size_t(image.cols);
    prepared.chw.resize(std::size_t(channels) * plane);
    for (int y = 0; y < image.rows; ++y) {
        const float *row = image.ptr<float>(y);
        const std::size_t base = std::size_t(y) * std::size_t(image.cols);
        for (int x = 0; x < image.cols; ++x) {
            for (int c = 0; c < channels; ++c)
                prepared.chw[std::size_t(c) * plane + base + std::size_t(x)] = row[3 * x + c];
        }
    }
}

} // namespace

PreparedSample prepareSample(const Dataset &dataset, const Preprocessor &preprocessor, int channels,
                             std::uint64_t seed, int epoch, std::size_t index)
{
    PreparedSample prepared;
    prepared.index = index;
    Sample sample;
    try {
        sample = dataset.load(index);
    } catch (const UnreadableImageError &e) {
        const std::string file = e.file().empty() ? dataset.itemName(index) : e.file();
        prepared.warning = {false, file, std::string(e.what()) + "; skipped"}; // it names the file
        return prepared;
    } catch (const DatasetError &) {
        prepared.fatal = std::current_exception(); // names its file already
        return prepared;
    } catch (const std::exception &e) {
        prepared.fatal = failedOn(dataset, index, e);
        return prepared;
    }
    // The planes of a large image can take more memory than there is (cv::Exception,
    // std::bad_alloc): that too is the image's error, for the loader to hand on.
    try {
        std::mt19937_64 rng(mixSeed(seed, std::uint64_t(epoch), std::uint64_t(index)));
        preprocessor.apply(sample, rng);
        toPlanes(sample.image, channels, prepared);
    } catch (const std::exception &e) {
        prepared.fatal = failedOn(dataset, index, e);
        return prepared;
    }
    prepared.mask = sample.mask;
    prepared.label = sample.label;
    prepared.ok = true;
    return prepared;
}

void checkSameSize(const Dataset &dataset, const std::vector<PreparedSample> &samples)
{
    if (samples.empty())
        return;
    const PreparedSample &first = samples.front();
    for (const PreparedSample &sample : samples) {
        if (sample.height != first.height || sample.width != first.width)
            throw DatasetError(differentSizesMessage(dataset.itemName(first.index), {first.width, first.height},
                                                     dataset.itemName(sample.index), {sample.width, sample.height}),
                               dataset.itemName(sample.index));
    }
}

void assembleBatch(const Dataset &dataset, int channels, const std::vector<PreparedSample> &samples,
                   std::size_t begin, std::size_t end, Batch &batch)
{
    const PreparedSample &first = samples[begin];
    const bool segmentation = dataset.task() == Task::SemanticSegmentation;
    const std::size_t plane = std::size_t(first.height) * std::size_t(first.width);
    const std::size_t image = std::size_t(channels) * plane;
    const std::size_t count = end - begin;
    batch.n = int(count);
    batch.c = channels;
    batch.h = first.height;
    batch.w = first.width;
    batch.images.resize(count * image);
    batch.labels.clear();
    batch.masks.clear();
    batch.indices.clear();
    if (segmentation)
        batch.masks.resize(count * plane);
    for (std::size_t i = 0; i < count; ++i) {
        const PreparedSample &sample = samples[begin + i];
        std::copy(sample.chw.begin(), sample.chw.end(), batch.images.begin() + std::ptrdiff_t(i * image));
        if (segmentation) {
            for (int y = 0; y < sample.mask.rows; ++y) {
                const std::uint8_t *row = sample.mask.ptr<std::uint8_t>(y);
                std::copy(row, row + sample.mask.cols,
                          batch.masks.begin()
                              + std::ptrdiff_t(i * plane + std::size_t(y) * std::size_t(first.width)));
            }
        } else {
            batch.labels.push_back(sample.label);
        }
        batch.indices.push_back(sample.index);
    }
}

} // namespace augstudio
