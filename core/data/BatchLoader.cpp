#include "data/BatchLoader.h"

#include "data/BatchChecks.h"
#include "data/DeterministicRandom.h"
#include "data/Preprocessor.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>

namespace augstudio {

namespace {

// One sample, ready to be copied into a batch.
struct Prepared
{
    std::size_t index = 0;
    bool ok = false;
    int height = 0, width = 0;
    std::vector<float> chw;    // in [0, 1]
    cv::Mat mask;              // CV_8UC1, segmentation
    int label = -1;
    DatasetProblem warning;    // when !ok
    std::exception_ptr fatal;  // preprocessing failed: rethrown by next()
};

} // namespace

struct BatchLoader::Impl
{
    const Dataset &dataset;
    Preprocessor preprocessor;
    std::uint64_t seed;
    std::size_t batchSize;
    bool shuffle;
    bool dropLast;
    int channels;    // 3, or 1 for a grey dataset: its samples' three equal channels give one
    std::size_t window; // positions loaded ahead of the consumer

    mutable std::mutex mutex;
    std::condition_variable workAvailable;
    std::condition_variable resultReady;
    std::vector<std::thread> workers;
    bool stopping = false;
    std::uint64_t generation = 0;
    int epoch = 0;
    std::vector<std::size_t> order;
    std::size_t nextToLoad = 0;
    std::size_t consumed = 0;
    std::map<std::size_t, Prepared> ready;
    std::set<std::size_t> skipped;
    std::vector<DatasetProblem> warnings;

    Impl(const Dataset &dataset, const DataConfig &config, std::uint64_t seed)
        : dataset(dataset), preprocessor(config.preprocessing), seed(seed),
          batchSize(std::size_t(std::max(config.dataloader.batchSize, 0))), shuffle(config.dataloader.shuffle),
          dropLast(config.dataloader.dropLast), channels(dataset.channels())
    {
        // The config reader admits batch_size >= 2 and num_workers >= 0; anything else is a
        // caller's mistake that would divide by zero or start no loading at all.
        if (config.dataloader.batchSize < 1 || config.dataloader.numWorkers < 0)
            throw std::logic_error("BatchLoader: a data.dataloader the config reader refuses");
        const std::string problem = dataLoaderProblem(config.dataloader, dataset.size());
        if (!problem.empty())
            throw std::invalid_argument(problem);
        const std::size_t threads = std::size_t(config.dataloader.numWorkers);
        window = std::max(2 * batchSize, 2 * threads);
        for (std::size_t t = 0; t < threads; ++t)
            workers.emplace_back([this] { workerLoop(); });
    }

    ~Impl()
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopping = true;
        }
        workAvailable.notify_all();
        for (std::thread &worker : workers)
            worker.join();
    }

    bool hasWork() const { return nextToLoad < order.size() && nextToLoad < consumed + window; }

    void workerLoop()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            workAvailable.wait(lock, [this] { return stopping || hasWork(); });
            if (stopping)
                return;
            const std::size_t position = nextToLoad++;
            const std::size_t index = order[position];
            const std::uint64_t myGeneration = generation;
            const int myEpoch = epoch;
            lock.unlock();
            Prepared prepared = prepare(index, myEpoch);
            lock.lock();
            if (myGeneration != generation)
                continue; // startEpoch() came in between
            ready.emplace(position, std::move(prepared));
            resultReady.notify_all();
        }
    }

    Prepared prepare(std::size_t index, int forEpoch) const
    {
        Prepared prepared;
        prepared.index = index;
        Sample sample;
        try {
            sample = dataset.load(index);
        } catch (const std::exception &e) {
            const auto *datasetError = dynamic_cast<const DatasetError *>(&e);
            const std::string file = datasetError && !datasetError->file().empty() ? datasetError->file()
                                                                                  : dataset.itemName(index);
            prepared.warning = {false, file, std::string("skipped ") + dataset.itemName(index) + ": " + e.what()};
            return prepared;
        }
        try {
            std::mt19937_64 rng(mixSeed(seed, std::uint64_t(forEpoch), std::uint64_t(index)));
            preprocessor.apply(sample, rng);
        } catch (const std::exception &e) {
            prepared.fatal = std::make_exception_ptr(
                DatasetError(dataset.itemName(index) + ": " + e.what(), dataset.itemName(index)));
            return prepared;
        }

        cv::Mat image = sample.image;
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
        prepared.mask = sample.mask;
        prepared.label = sample.label;
        prepared.ok = true;
        return prepared;
    }

    // The prepared sample at `position` of the epoch's order.
    Prepared take(std::size_t position)
    {
        if (workers.empty()) {
            std::size_t index;
            int forEpoch;
            {
                std::lock_guard<std::mutex> lock(mutex);
                index = order[position];
                forEpoch = epoch;
                consumed = position + 1;
            }
            return prepare(index, forEpoch);
        }
        std::unique_lock<std::mutex> lock(mutex);
        resultReady.wait(lock, [&] { return ready.count(position) > 0; });
        Prepared prepared = std::move(ready.at(position));
        ready.erase(position);
        consumed = position + 1;
        lock.unlock();
        workAvailable.notify_all();
        return prepared;
    }

    void startEpoch(int newEpoch)
    {
        std::vector<std::size_t> newOrder(dataset.size());
        std::iota(newOrder.begin(), newOrder.end(), std::size_t(0));
        if (shuffle)
            deterministicShuffle(newOrder, mixSeed(seed, std::uint64_t(newEpoch)));
        {
            std::lock_guard<std::mutex> lock(mutex);
            ++generation;
            epoch = newEpoch;
            order = std::move(newOrder);
            nextToLoad = 0;
            consumed = 0;
            ready.clear();
        }
        workAvailable.notify_all();
    }

    bool next(Batch &batch)
    {
        std::vector<Prepared> samples;
        for (;;) {
            std::size_t position;
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (samples.size() >= batchSize || consumed >= order.size())
                    break;
                position = consumed;
            }
            Prepared prepared = take(position);
            if (prepared.fatal)
                std::rethrow_exception(prepared.fatal);
            if (!prepared.ok) {
                std::lock_guard<std::mutex> lock(mutex);
                if (skipped.insert(prepared.index).second)
                    warnings.push_back(prepared.warning);
                continue;
            }
            samples.push_back(std::move(prepared));
        }
        if (samples.empty() || (dropLast && samples.size() < batchSize))
            return false;
        assemble(samples, batch);
        return true;
    }

    void assemble(std::vector<Prepared> &samples, Batch &batch) const
    {
        const Prepared &first = samples.front();
        for (const Prepared &sample : samples) {
            if (sample.height != first.height || sample.width != first.width)
                throw DatasetError(differentSizesMessage(dataset.itemName(first.index), {first.width, first.height},
                                                         dataset.itemName(sample.index), {sample.width, sample.height}),
                                   dataset.itemName(sample.index));
        }
        const bool segmentation = dataset.task() == Task::SemanticSegmentation;
        const std::size_t plane = std::size_t(first.height) * std::size_t(first.width);
        const std::size_t image = std::size_t(channels) * plane;
        batch.n = int(samples.size());
        batch.c = channels;
        batch.h = first.height;
        batch.w = first.width;
        batch.images.resize(samples.size() * image);
        batch.labels.clear();
        batch.masks.clear();
        batch.indices.clear();
        if (segmentation)
            batch.masks.resize(samples.size() * plane);
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const Prepared &sample = samples[i];
            std::copy(sample.chw.begin(), sample.chw.end(), batch.images.begin() + std::ptrdiff_t(i * image));
            if (segmentation) {
                for (int y = 0; y < sample.mask.rows; ++y) {
                    const std::uint8_t *row = sample.mask.ptr<std::uint8_t>(y);
                    std::copy(row, row + sample.mask.cols,
                              batch.masks.begin() + std::ptrdiff_t(i * plane + std::size_t(y) * std::size_t(first.width)));
                }
            } else {
                batch.labels.push_back(sample.label);
            }
            batch.indices.push_back(sample.index);
        }
    }
};

BatchLoader::BatchLoader(const Dataset &dataset, const DataConfig &config, std::uint64_t seed)
    : d(std::make_unique<Impl>(dataset, config, seed))
{
}

BatchLoader::~BatchLoader() = default;

std::size_t BatchLoader::batchesPerEpoch() const
{
    const std::size_t size = d->dataset.size();
    return d->dropLast ? size / d->batchSize : (size + d->batchSize - 1) / d->batchSize;
}

void BatchLoader::startEpoch(int epoch)
{
    d->startEpoch(epoch);
}

bool BatchLoader::next(Batch &batch)
{
    return d->next(batch);
}

std::size_t BatchLoader::skippedImages() const
{
    std::lock_guard<std::mutex> lock(d->mutex);
    return d->skipped.size();
}

std::vector<DatasetProblem> BatchLoader::takeWarnings()
{
    std::lock_guard<std::mutex> lock(d->mutex);
    std::vector<DatasetProblem> taken;
    taken.swap(d->warnings);
    return taken;
}

} // namespace augstudio
