#include "data/BatchLoader.h"

#include "data/BatchChecks.h"
#include "data/DeterministicRandom.h"
#include "data/PreparedSample.h"
#include "data/Preprocessor.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

namespace augstudio {

namespace {

constexpr std::size_t noPosition = std::size_t(-1);

// Where the sample at a position of the epoch's order is.
enum class Stage : std::uint8_t { Waiting, Loading, Ready, Taken };

// The first and one-past-last of a share among a global batch's samples.
struct Range
{
    std::size_t begin = 0, end = 0;
};

} // namespace

// Positions are places in the epoch's order. The global batch from position p is the next
// batch_size positions whose images are not known to be unreadable; each rank's share of it
// is a fixed slice. Worker threads prepare the positions the consumer will take next.
struct BatchLoader::Impl
{
    const Dataset &dataset;
    Preprocessor preprocessor;
    std::uint64_t seed;
    std::size_t batchSize;
    bool shuffle;
    bool dropLast;
    int channels;        // 3, or 1 for a grey dataset: its samples' three equal channels give one
    std::size_t threads; // data.dataloader.num_workers
    BatchShare share;    // one rank: the whole batch

    mutable std::mutex mutex;
    std::condition_variable workAvailable;
    std::condition_variable resultReady;
    std::vector<std::thread> workers;
    bool stopping = false;
    std::uint64_t generation = 0;
    int epoch = 0;
    std::vector<std::size_t> order;
    std::size_t consumed = 0;       // the positions before it are done with
    bool wholeBatches = false;      // a rank decodes a whole batch (its share met trouble)
    std::vector<Stage> stages;      // per position; arrays, since the workers look often
    std::map<std::size_t, PreparedSample> ready;
    std::vector<bool> unreadable;   // per dataset index
    std::size_t unreadableCount = 0;
    std::vector<DatasetProblem> warnings;
    std::exception_ptr workerFailure; // what stopped a worker outside a sample; next() rethrows it

    Impl(const Dataset &dataset, const DataConfig &config, std::uint64_t seed)
        : dataset(dataset), preprocessor(config.preprocessing), seed(seed),
          batchSize(std::size_t(std::max(config.dataloader.batchSize, 0))), shuffle(config.dataloader.shuffle),
          dropLast(config.dataloader.dropLast), channels(dataset.channels()),
          threads(std::size_t(std::max(config.dataloader.numWorkers, 0))), unreadable(dataset.size(), false)
    {
        // The config reader admits batch_size >= 2 and num_workers >= 0; anything else is a
        // caller's mistake that would divide by zero or start no loading at all.
        if (config.dataloader.batchSize < 1 || config.dataloader.numWorkers < 0)
            throw std::logic_error("BatchLoader: a data.dataloader the config reader refuses");
        const std::string problem = dataLoaderProblem(config.dataloader, dataset.size());
        if (!problem.empty())
            throw std::invalid_argument(problem);
        try {
            for (std::size_t t = 0; t < threads; ++t)
                workers.emplace_back([this] { workerLoop(); });
        } catch (const std::system_error &error) {
            // The system refused a thread (a limit on processes or memory): the ones started
            // are joined, as the destructor of an object never made would not.
            stopWorkers();
            throw std::runtime_error("cannot start " + std::to_string(threads)
                                     + " loader threads (data.dataloader.num_workers): " + error.what()
                                     + "; set fewer");
        }
    }

    ~Impl() { stopWorkers(); }

    void stopWorkers()
    {
        {
            std::lock_guard<std::mutex> lock(mutex);
            stopping = true;
        }
        workAvailable.notify_all();
        for (std::thread &worker : workers)
            worker.join();
        workers.clear();
    }

    bool sharing() const { return share.ranks > 1; }

    // Images each rank takes of a global batch of `count`: equal and even, for the halves.
    std::size_t shareSize(std::size_t count) const { return count / std::size_t(share.ranks) / 2 * 2; }

    Range ownRange(std::size_t count) const
    {
        if (!sharing())
            return {0, count};
        const std::size_t size = shareSize(count);
        return {size * std::size_t(share.rank), size * std::size_t(share.rank + 1)};
    }

    // Called with the mutex held: the global batch from `start` as far as is known now, and
    // in `end` the position after the last one it looked at.
    std::vector<std::size_t> plannedBatch(std::size_t start, std::size_t &end) const
    {
        std::vector<std::size_t> positions;
        std::size_t position = start;
        for (; position < order.size() && positions.size() < batchSize; ++position) {
            if (!unreadable[order[position]])
                positions.push_back(position);
        }
        end = position;
        return positions;
    }

    // Called with the mutex held: the position a worker prepares next, the first of this
    // rank's shares of the batches ahead (whole batches while they are decoded whole) that
    // nobody has yet, within the window ahead of the consumer; noPosition when there is none.
    // A guess where images are yet to be found unreadable, which only costs a wasted decode.
    std::size_t nextWanted() const
    {
        const Range range = wholeBatches ? Range{0, batchSize} : ownRange(batchSize);
        const std::size_t window = std::max(2 * (range.end - range.begin), 2 * threads);
        std::size_t inBatch = 0, looked = 0;
        for (std::size_t position = consumed; position < order.size() && looked < window; ++position) {
            if (unreadable[order[position]])
                continue;
            const std::size_t place = inBatch;
            inBatch = (inBatch + 1) % batchSize;
            if (place < range.begin || place >= range.end)
                continue;
            ++looked;
            if (stages[position] == Stage::Waiting)
                return position;
        }
        return noPosition;
    }

    // An exception leaving a worker thread would end the program: next() rethrows it to the
    // consumer instead.
    void workerLoop()
    {
        try {
            prepareAhead();
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex);
            if (!workerFailure)
                workerFailure = std::current_exception();
            resultReady.notify_all();
        }
    }

    // prepareSample() turns what it meets into the sample's `fatal`; anything it still lets
    // through (say, memory running out while it words an error) becomes that too.
    PreparedSample prepareOnWorker(int forEpoch, std::size_t index) const
    {
        try {
            return prepareSample(dataset, preprocessor, channels, seed, forEpoch, index);
        } catch (...) {
            PreparedSample failed;
            failed.index = index;
            failed.fatal = std::current_exception();
            return failed;
        }
    }

    void prepareAhead()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            std::size_t position = noPosition;
            workAvailable.wait(lock, [&] { return stopping || (position = nextWanted()) != noPosition; });
            if (stopping)
                return;
            stages[position] = Stage::Loading;
            const std::size_t index = order[position];
            const std::uint64_t myGeneration = generation;
            const int myEpoch = epoch;
            lock.unlock();
            PreparedSample prepared = prepareOnWorker(myEpoch, index);
            lock.lock();
            if (myGeneration != generation)
                continue; // startEpoch() came in between
            stages[position] = Stage::Ready;
            ready.emplace(position, std::move(prepared));
            resultReady.notify_all();
        }
    }

    // The prepared sample at `position`: a worker's, or prepared here when no worker has it.
    // An unreadable image is recorded (and warned about) once.
    PreparedSample take(std::size_t position)
    {
        std::unique_lock<std::mutex> lock(mutex);
        if (stages[position] == Stage::Loading)
            resultReady.wait(lock, [&] { return stages[position] != Stage::Loading || workerFailure; });
        if (workerFailure)
            std::rethrow_exception(workerFailure);
        PreparedSample prepared;
        const auto found = ready.find(position);
        if (found != ready.end()) {
            prepared = std::move(found->second);
            ready.erase(found);
        } else {
            stages[position] = Stage::Loading;
            const std::size_t index = order[position];
            const int forEpoch = epoch;
            lock.unlock();
            prepared = prepareSample(dataset, preprocessor, channels, seed, forEpoch, index);
            lock.lock();
        }
        stages[position] = Stage::Taken;
        if (!prepared.ok && !prepared.fatal && !unreadable[prepared.index]) {
            unreadable[prepared.index] = true;
            ++unreadableCount;
            warnings.push_back(prepared.warning);
        }
        return prepared; // the caller wakes the workers once the window moves
    }

    // Called with the mutex held.
    void consumeUpTo(std::size_t position)
    {
        consumed = position;
        ready.erase(ready.begin(), ready.lower_bound(position));
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
            consumed = 0;
            wholeBatches = false;
            stages.assign(order.size(), Stage::Waiting);
            ready.clear();
        }
        workAvailable.notify_all();
    }

    bool next(Batch &batch)
    {
        if (sharing() && nextShareAlone(batch))
            return true;
        return nextWhole(batch);
    }

    // This rank's share, decoded alone, when every rank's share is readable and of one size;
    // false when the ranks must decode the whole batch instead. One collective a call.
    bool nextShareAlone(Batch &batch)
    {
        std::vector<std::size_t> positions;
        std::size_t end = 0;
        {
            std::lock_guard<std::mutex> lock(mutex);
            positions = plannedBatch(consumed, end);
        }
        // A short batch (the epoch's last) goes the whole way: what it holds depends on every image.
        const bool full = positions.size() == batchSize && shareSize(batchSize) >= 2;
        const Range range = ownRange(positions.size());
        std::vector<PreparedSample> own;
        bool trouble = !full;
        if (full) {
            for (std::size_t i = range.begin; i < range.end; ++i)
                own.push_back(take(positions[i]));
            for (const PreparedSample &sample : own)
                trouble = trouble || !sample.ok || sample.fatal || sample.height != own.front().height
                          || sample.width != own.front().width;
        }
        const double height = full ? own.front().height : 0, width = full ? own.front().width : 0;
        std::vector<double> agreed{trouble ? 1.0 : 0.0, height, width, height * height, width * width};
        share.sumOverRanks(agreed);
        // One size everywhere: the sizes' sum squared is ranks times the sum of their squares.
        const double ranks = share.ranks;
        if (agreed[0] == 0 && agreed[1] * agreed[1] == ranks * agreed[3] && agreed[2] * agreed[2] == ranks * agreed[4]) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                consumeUpTo(end);
            }
            workAvailable.notify_all();
            assembleBatch(dataset, channels, own, 0, own.size(), batch);
            batch.globalN = int(batchSize);
            return true;
        }
        // What was prepared serves the whole batch; the unreadable ones are known by now.
        std::lock_guard<std::mutex> lock(mutex);
        for (std::size_t i = 0; i < own.size(); ++i) {
            if (own[i].ok || own[i].fatal) {
                stages[positions[range.begin + i]] = Stage::Ready;
                ready.emplace(positions[range.begin + i], std::move(own[i]));
            }
        }
        return false;
    }

    // The batch as one process makes it, decoded here whole; this rank's share of it.
    bool nextWhole(Batch &batch)
    {
        if (sharing()) {
            {
                std::lock_guard<std::mutex> lock(mutex);
                wholeBatches = true;
            }
            workAvailable.notify_all(); // the workers' window widens to the whole batch
        }
        std::vector<PreparedSample> samples;
        for (;;) {
            std::size_t position;
            {
                std::lock_guard<std::mutex> lock(mutex);
                while (consumed < order.size() && unreadable[order[consumed]])
                    ++consumed;
                if (samples.size() >= batchSize || consumed >= order.size())
                    break;
                position = consumed;
            }
            PreparedSample prepared = take(position);
            {
                std::lock_guard<std::mutex> lock(mutex);
                consumeUpTo(position + 1);
            }
            workAvailable.notify_one(); // one more position in the window
            if (prepared.fatal)
                std::rethrow_exception(prepared.fatal);
            if (prepared.ok)
                samples.push_back(std::move(prepared));
        }
        if (sharing()) {
            std::lock_guard<std::mutex> lock(mutex);
            wholeBatches = false;
        }
        if (samples.empty() || (dropLast && samples.size() < batchSize))
            return false;
        checkSameSize(dataset, samples);
        const Range range = ownRange(samples.size());
        // A step needs an image to augment and one to keep: a last batch that leaves fewer
        // than 2 (to each process) ends the epoch, as drop_last would. Every rank sees the
        // same global batch, so all of them end it.
        if (range.end - range.begin < 2)
            return false;
        assembleBatch(dataset, channels, samples, range.begin, range.end, batch);
        batch.globalN = int(samples.size());
        return true;
    }
};

BatchLoader::BatchLoader(const Dataset &dataset, const DataConfig &config, std::uint64_t seed)
    : d(std::make_unique<Impl>(dataset, config, seed))
{
}

BatchLoader::~BatchLoader() = default;

void BatchLoader::shareAmong(BatchShare share)
{
    if (share.ranks < 1 || share.rank < 0 || share.rank >= share.ranks || !share.sumOverRanks)
        throw std::invalid_argument("BatchLoader::shareAmong: rank " + std::to_string(share.rank) + " of "
                                    + std::to_string(share.ranks) + (share.sumOverRanks ? "" : ", no sum over ranks"));
    std::lock_guard<std::mutex> lock(d->mutex);
    d->share = std::move(share);
}

std::size_t BatchLoader::batchesPerEpoch() const
{
    const std::size_t size = d->dataset.size();
    const std::size_t whole = size / d->batchSize, rest = size % d->batchSize;
    std::lock_guard<std::mutex> lock(d->mutex);
    const auto ownRest = d->ownRange(rest);
    return whole + (!d->dropLast && ownRest.end - ownRest.begin >= 2 ? 1 : 0);
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
    return d->unreadableCount;
}

std::vector<DatasetProblem> BatchLoader::takeWarnings()
{
    std::lock_guard<std::mutex> lock(d->mutex);
    std::vector<DatasetProblem> taken;
    taken.swap(d->warnings);
    return taken;
}

} // namespace augstudio
