#pragma once

// Internal to core/evaluate, free of LibTorch: the images of an evaluation. A fixed set of
// held-out images, and training images drawn afresh for each run from the rest; every epoch
// the training images are augmented afresh by an arm (a policy or a baseline) and brought to
// one square size as normalised NCHW floats.

#include "data/Dataset.h"
#include "evaluate/Evaluate.h"
#include "replay/ReplayPolicy.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace augstudio {

// How many of `total` images train and how many are held out when both come from one split:
// the held-out images asked for come first, as far as they leave training half of the
// images (or the fewer it asked for, and 2 at least), and training takes what is left up to
// what it asked for. heldOut 0: too few images (fewer than 3).
struct SplitCounts
{
    std::size_t train = 0, heldOut = 0;
};
SplitCounts splitCounts(std::size_t total, std::size_t askedTrain, std::size_t askedHeldOut);

struct EvaluateSet
{
    int n = 0, c = 3, h = 0, w = 0;       // c: 1 for a grey dataset, as the search saw it
    std::vector<float> images;            // NCHW, normalised with the policy's mean / std
    std::vector<std::int64_t> labels;     // classification: n class ids
    std::vector<std::int64_t> masks;      // segmentation: n·h·w class ids, 255 = ignore
};

class EvaluateData
{
public:
    // Opens the dataset, holds out images and draws the first run's training images (both
    // seeded by options.seed). policies[0] is the first policy (EvaluateOptions::policyPath);
    // the arms are the policies, then the baselines of `baselineNames`. Throws DatasetError, or
    // std::invalid_argument when the dataset is too small to split, a baseline is unknown or a
    // policy's input type differs. Without a test split the held-out images come first
    // (splitCounts), and training takes what is left up to what it asked for.
    EvaluateData(const EvaluateOptions &options, const std::vector<ReplayPolicy> &policies,
                 const std::vector<std::string> &baselineNames);
    ~EvaluateData();

    Task task() const { return m_task; }
    int numClasses() const { return m_numClasses; }
    // The same for every draw: as many as asked for, or the whole pool where it holds fewer.
    int trainCount() const { return static_cast<int>(m_train.size()); }
    // The images training draws from: those not held out (all of the training split where the
    // held-out images come from a test split), less those found not to decode.
    int trainPoolCount() const { return static_cast<int>(m_poolSize - m_poolUnreadable); }
    int heldOutCount() const { return static_cast<int>(m_heldOut.size()); }
    int side() const { return m_side; }
    int channels() const { return m_channels; } // the dataset's channels(): 1 or 3
    int armCount() const { return static_cast<int>(m_policies.size() + m_baselines.size()); }
    bool isPolicyArm(int arm) const { return arm < static_cast<int>(m_policies.size()); }
    // "the t10k split", or "a fixed part of the train split" when the dataset has no test split.
    const std::string &heldOutSource() const { return m_heldOutSource; }
    // Why each chosen image that does not decode was left out (file: reason), but for the
    // files the dataset's warnings named already (a GIF named .png, say).
    const std::vector<std::string> &skipped() const { return m_skipped; }
    // The dataset's own warnings (opening it and its test split), and images of mixed sizes.
    const std::vector<std::string> &warnings() const { return m_warnings; }
    // Why there are fewer training / held-out images than asked for; empty when there are not.
    const std::string &trainShortfall() const { return m_trainShortfall; }
    const std::string &heldOutShortfall() const { return m_heldOutShortfall; }

    // Draws the training images of the run seeded by `runSeed`: the first options.trainImages
    // of the pool in the order a split seeded by runSeed shuffles the dataset, those that do
    // not decode passed over, kept in the pool's own order (options.seed's shuffle). So
    // options.seed draws the images the split always gave, and a pool no larger than the
    // images asked for gives every run the same ones in the same order. The last draw's
    // decoded images make way for this one's in the cache.
    void drawTrainingImages(std::uint64_t runSeed);
    // The last draw's dataset indices, image i of trainingSet() at i.
    const std::vector<std::size_t> &trainingImages() const { return m_train; }
    // The held-out images' indices in heldOutSource()'s dataset, image i of heldOutSet() at i.
    const std::vector<std::size_t> &heldOutImages() const { return m_heldOut; }

    // The last draw's training images of one epoch: image i augmented with a generator seeded by
    // (runSeed, epoch, i), the same for every arm: a policy (without its Normalize), or the
    // first policy's preprocessing (its draws from a generator of their own) followed by a
    // baseline, so that a baseline draws what a policy arm draws.
    EvaluateSet trainingSet(int arm, std::uint64_t runSeed, int epoch) const;
    // The held-out split through the policy's preprocessing only, as a validation pipeline.
    EvaluateSet heldOutSet() const;

private:
    class CacheBudget;
    struct Decoded;

    void chooseSplit(const DataConfig &data);
    // The pool in the order a split seeded by `runSeed` shuffles the dataset.
    std::vector<std::size_t> poolInDrawOrder(std::uint64_t runSeed) const;
    // Decodes candidates [begin, end) not known to fail, adding those that decode to `picked`.
    void pickDecoded(const std::vector<std::size_t> &candidates, std::size_t begin, std::size_t end,
                     CacheBudget &budget, std::vector<std::pair<std::size_t, Sample>> &picked);
    Decoded decode(const std::function<Sample()> &load, CacheBudget &budget) const;
    void noteShortfalls(std::size_t plannedHeldOut);
    void chooseSide();
    // A policy shifting colour channels apart, applied to a grayscale dataset, said.
    void noteColourShiftsOnGrey();
    // The training images the run seeded by `runSeed` will draw, as far as known before
    // decoding them.
    std::vector<std::size_t> plannedDraw(std::uint64_t runSeed) const;
    // A class with training images and no held-out one, or held out and missing from a run's
    // draw, said.
    void noteClassesNotHeldOut();
    // A later policy whose preprocessing or Normalize differs from the first's (which every arm uses).
    void noteUnusedPreprocessing(const Sample &first);
    void noteMixedSizes(cv::Size firstSize, const std::string &firstName);
    void decodeHeldOut();
    Sample trainingSample(std::size_t position) const; // of the last draw
    Sample heldOutSample(std::size_t position) const;
    const Dataset &heldOutDataset() const;
    // Held-out item `index`'s class as training numbers it: a test split's classes are
    // matched by name (-1 for one training does not have).
    int heldOutLabel(std::size_t index) const;
    void finish(const ReplayResult &result, int label, EvaluateSet &set, int slot) const;
    EvaluateSet makeSet(std::size_t count) const;

    const EvaluateOptions &m_options;
    const ReplayPolicy &m_policy;                // the first policy
    const std::vector<ReplayPolicy> &m_policies;
    std::vector<ReplayPolicy> m_baselines;
    std::unique_ptr<Dataset> m_dataset;
    std::unique_ptr<Dataset> m_testSplit;        // the held-out images' dataset, when it has one
    std::string m_testSplitName;                 // its data.dataset.split: t10k, val or test
    std::vector<int> m_testClasses;              // classification: training's class of each of its classes
    std::size_t m_testSplitImages = 0;           // its images of the classes training has
    std::string m_heldOutSource;
    Task m_task = Task::Classification;
    int m_numClasses = 0;
    int m_side = 0;
    int m_channels = 3;
    std::vector<std::size_t> m_train, m_heldOut; // dataset indices: the last draw's, the fixed held-out ones
    std::vector<std::size_t> m_poolRank;         // by dataset index: its place in the pool, or kNotInPool
    std::size_t m_poolSize = 0;
    std::size_t m_poolUnreadable = 0;            // of the pool, found not to decode
    std::vector<signed char> m_decodes;          // by dataset index: 1 decodes, -1 does not, 0 not tried yet
    std::optional<std::uint64_t> m_drawSeed;     // the run seed of m_train
    // Decoded samples by position of m_train and m_heldOut, while they fit (kCacheBudgetBytes
    // in all: the held-out images and the last draw's).
    std::vector<Sample> m_trainCache, m_heldOutCache;
    double m_heldOutBytes = 0.0;                 // of m_heldOutCache
    std::vector<std::string> m_skipped;
    std::vector<DatasetProblem> m_openProblems;   // of opening the dataset and its test split
    std::vector<std::string> m_warnings;
    std::string m_trainShortfall, m_heldOutShortfall;
    cv::Size m_preprocessedSize;                  // of the first image, which sets m_side
    float m_mean[3] = {}, m_scale[3] = {};        // x·scale − mean·scale per channel kept
};

} // namespace augstudio
