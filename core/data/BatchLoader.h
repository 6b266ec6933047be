#pragma once

// Batches for the search: decoded, preprocessed NCHW floats in [0, 1], prefetched by
// worker threads. They are normalised only where they meet the discriminator (SearchStep),
// so that the policy and previews take them as they are. What a batch holds depends only
// on the dataset, the config, the seed and the epoch, never on the number of workers or
// their timing. A search on several processes gives each its share of every global batch,
// decoding only that share while no image is skipped.

#include "config/SearchConfig.h"
#include "data/Dataset.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace augstudio {

struct Batch
{
    int n = 0, c = 3, h = 0, w = 0; // c: the dataset's channels(), 1 for a grey dataset
    std::vector<float> images;        // NCHW in [0, 1]: x/255 for uint8, x for float32
    std::vector<std::int64_t> labels; // n entries (classification), empty for segmentation
    std::vector<std::uint8_t> masks;  // n*h*w class ids (segmentation, 255 = ignore), empty otherwise
    std::vector<std::size_t> indices; // dataset indices of the samples
    int globalN = 0;                  // images in the global batch this is a share of (n on one process)
};

// A search on several processes: each rank takes its share of every global batch, as
// PyTorch's DistributedSampler gives it.
struct BatchShare
{
    int rank = 0;
    int ranks = 1;
    // `values` summed element-wise over the ranks, in place. A collective: every rank's
    // loader calls it at the same points, at most once a batch.
    std::function<void(std::vector<double> &)> sumOverRanks;
};

class BatchLoader
{
public:
    // Uses config.preprocessing and dataloader (batch_size, shuffle, num_workers, drop_last;
    // num_workers 0 = load on the caller's thread), as the config reader admits them.
    // Throws std::invalid_argument for a bad preprocessing list, or when drop_last leaves no
    // batch.
    BatchLoader(const Dataset &dataset, const DataConfig &config, std::uint64_t seed);
    ~BatchLoader();
    BatchLoader(const BatchLoader &) = delete;
    BatchLoader &operator=(const BatchLoader &) = delete;

    // From now on next() gives this rank's share of each batch: the global batch it gives on
    // one process (batch_size images, or what is left of the epoch) split into share.ranks
    // equal, even shares (a short last batch loses its odd images). The loader decodes only
    // its share, unless a share meets an unreadable image, a preprocessing error or images of
    // other sizes; then every rank decodes the whole batch, to skip or fail alike. Throws
    // std::invalid_argument for a rank outside [0, ranks) or no sumOverRanks.
    void shareAmong(BatchShare share);
    // Batches an epoch yields when no image is skipped (fewer when some are).
    std::size_t batchesPerEpoch() const;
    // Starts epoch `epoch` (from 1), abandoning what is left of the previous one. The order
    // is a shuffle seeded by (seed, epoch) (the dataset order when shuffle is off); RandomCrop
    // and other per-sample randomness are seeded by (seed, epoch, dataset index).
    void startEpoch(int epoch);
    // The next batch of the epoch; false at its end (and before the first startEpoch()).
    // An image that cannot be loaded is skipped with a warning and the next one fills its
    // place; it is not read again this run. Throws DatasetError when the images of a batch
    // differ in size after preprocessing, or when preparing an image fails (a preprocessing
    // step, memory running out; naming the file), and std::runtime_error when a batch leaves a
    // rank less than 2 images. What a worker thread meets is thrown here, never there.
    bool next(Batch &batch);
    // Distinct images skipped so far (each is warned about once).
    std::size_t skippedImages() const;
    // The warnings since the last call, each naming its file.
    std::vector<DatasetProblem> takeWarnings();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace augstudio
