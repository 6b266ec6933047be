#pragma once

// Does a policy help? Trains the same small network once per arm on training images of a
// dataset: augmented by each policy (replayed on the CPU, image by image) and by each
// baseline, and compares accuracy (mIoU for segmentation) on a fixed set of held-out images,
// over one or more runs, each with a seed and training images of its own. The arms are
// paired: in a run every arm starts from the same initial weights and sees the same images in
// the same order with the same random draws. Free of LibTorch: the app calls
// evaluatePolicy() from a worker thread.

#include "config/SearchConfig.h"
#include "evaluate/MeanIou.h"
#include "evaluate/PairedComparison.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

// The network every arm trains.
enum class EvaluateModel {
    Small,    // three conv stages (a small U-Net for segmentation): fast, the default
    ResNet18, // the search's own: torchvision's ResNet-18 (a U-Net on it for segmentation)
};

const char *toString(EvaluateModel model); // "small", "resnet18"
std::optional<EvaluateModel> evaluateModelFromString(const std::string &name);

// What an arm of an evaluation is.
enum class EvaluateArmKind { Policy, Baseline };
const char *toString(EvaluateArmKind kind); // "policy", "baseline"

struct EvaluateOptions
{
    std::string policyPath;
    // More policy arms. The first policy (policyPath) gives the input type, the preprocessing
    // of the baseline arms and the held-out images, and the normalisation of every arm; the
    // others must be for the same input type.
    std::vector<std::string> morePolicyPaths;
    // The baseline arms by name (evaluate/Baselines.h: none, flip-shift, trivial-augment,
    // rand-augment); at least one.
    std::vector<std::string> baselineNames{"flip-shift"};
    // data.dataset (root, layout, split) says where the images are; the input type comes from
    // the policy (its Normalize's max_pixel_value), the normalisation from its Normalize.
    // The training images come from data.dataset.split; the held-out ones from the
    // dataset's own test split where it has one (IDX t10k, VOC and Cityscapes val; its
    // classes matched to training's by name, its images of a class training lacks left out),
    // else from a fixed part of the same split that training never sees, taken first (see
    // EvaluateResult::heldOutShortfall for where a count falls short). Each run draws its
    // trainImages from the images not held out (see seed).
    DataConfig data;
    EvaluateModel model = EvaluateModel::Small;
    // Measured on the Fashion-MNIST sample: one arm's spread over 3 seeds stays under a
    // point with these (README, "Does the policy help?").
    int epochs = 10;
    int trainImages = 2000;
    int heldOutImages = 2000;
    // Side of the square images the network sees; 0 = the larger side the first policy's
    // preprocessing makes of the dataset's first image (whatever the seed), at most 64.
    int imageSize = 0;
    int batchSize = 64;
    // AdamW: peak learning rate (a linear warm-up over the first 5 % of the steps, then a
    // cosine decay) and decoupled weight decay.
    double learningRate = 1e-3;
    double weightDecay = 1e-2;
    double warmupFraction = 0.05;
    // Run r (0-based) trains with seed + r on training images drawn with seed + r (as the split
    // of seed + r would draw them) from the images `seed` does not hold out; the held-out
    // images always come from `seed`. So a one-run evaluation of `seed` is run 0 of a longer one.
    std::uint64_t seed = 42;
    int repeats = 3;              // three seeds give a paired interval
    std::string device = "cpu";   // cpu | cuda | cuda:N | auto
    int threads = 0;              // 0 = one per core
};

struct EvaluateProgress
{
    int repeat = 0, repeats = 0;  // 1-based
    EvaluateArmKind armKind = EvaluateArmKind::Policy;
    std::string armName;          // the policy file or the baseline's name
    int armIndex = 0, arms = 2;   // 0-based, of EvaluateResult::arms
    std::string metric;           // "accuracy" or "mIoU", as in EvaluateResult
    int epoch = 0, epochs = 0;    // 1-based
    int batch = 0, batches = 0;   // batches done in this epoch
    double loss = 0.0;            // mean training loss of the epoch so far
    // Set once an epoch has ended (batch == batches): the held-out score after it.
    std::optional<double> epochScore;
    // While the held-out images are scored after an epoch: the batch about to be scored
    // (0-based) of heldOutBatches. A stop is heard before each of them too.
    bool scoring = false;
    int heldOutBatch = 0, heldOutBatches = 0;
};

// Called on the evaluating thread after every few batches, and before each batch of the
// held-out images is scored (scoring set); return false to stop.
using EvaluateCallback = std::function<bool(const EvaluateProgress &)>;

struct EvaluateArmResult
{
    std::string name;            // the policy file or the baseline's name
    EvaluateArmKind kind = EvaluateArmKind::Policy;
    std::vector<double> scores;  // held-out accuracy or mIoU in [0, 1], one per EvaluateResult::seeds
    // Per finished run, the held-out score after each epoch (the last one is the score).
    std::vector<std::vector<double>> curves;
    // Per finished run, classification: 1 for each held-out image the last epoch's network
    // classified right (the held-out images' share of the comparisons' intervals).
    std::vector<std::vector<std::uint8_t>> heldOutCorrect;
    // Per finished run, segmentation: the last epoch's pixel counts per held-out image and
    // class, whose mIoU is the run's score (the images' share of the intervals).
    std::vector<HeldOutPixelCounts> heldOutPixels;
    MeanStd stats;               // over scores
};

// A policy arm against a baseline arm, paired by seed.
struct EvaluateComparison
{
    int policyArm = 0, baselineArm = 0; // indices into EvaluateResult::arms
    PairedDifference difference;       // policy − baseline, with its 95 % interval
};

struct EvaluateResult
{
    Task task = Task::Classification;
    std::string metric;           // "accuracy" or "mIoU"
    int trainImages = 0, heldOutImages = 0, numClasses = 0, imageSize = 0, epochs = 0;
    // The images each run draws its trainImages from: those not held out, less those found not
    // to decode. With no more than trainImages every run trains on the same images (0: unknown).
    int trainPool = 0;
    int channels = 3;             // the networks' input: 1 for a grayscale dataset
    EvaluateModel model = EvaluateModel::Small;
    // Where the held-out images come from, e.g. "the t10k split" or "a fixed 20 % of train".
    std::string heldOutSource;
    // The chosen images that do not decode, left out as the search leaves them: "file: reason";
    // one that `warnings` names already (a GIF saved as .png) is not said again here.
    std::vector<std::string> skippedImages;
    // For the user beside the scores, in words the CLI and the dialog share: the dataset's
    // own warnings (class folders named as a split's parts, a test split that cannot be
    // used) and images of mixed sizes.
    std::vector<std::string> warnings;
    // Why there are fewer training / held-out images than asked for ("training on 200 of the
    // 5000 asked for (...)"); empty when there are not. See splitWarning().
    std::string trainShortfall, heldOutShortfall;
    std::string device;
    // The seeds of the finished runs (seed, seed + 1, …): a run counts only with every arm.
    std::vector<std::uint64_t> seeds;
    // Every arm (the policies, then the baselines) and every policy × baseline comparison.
    std::vector<EvaluateArmResult> arms;
    std::vector<EvaluateComparison> comparisons;
    bool cancelled = false;

    int runCount() const { return static_cast<int>(seeds.size()); }
    // Whether each run drew training images of its own, which the intervals then cover.
    bool trainingDrawnPerRun() const { return trainPool > trainImages; }
};

// An error that stopped an evaluation once its runs had begun (an image a policy cannot
// transform, out of memory): what() is the error's, partial() holds the runs that finished,
// cancelled set, as a stop leaves them. Copied without a throw, as an exception must be.
class EvaluateRunError : public std::runtime_error
{
public:
    EvaluateRunError(const std::string &message, EvaluateResult partial);
    const EvaluateResult &partial() const { return *m_partial; }

private:
    std::shared_ptr<const EvaluateResult> m_partial;
};

// Throws ReplayError for a bad policy file (naming it), std::invalid_argument for an unknown
// baseline name (listing the known ones), DatasetError for a dataset that cannot be
// opened, std::invalid_argument for bad options (no baseline among them, a seed whose
// repeats pass 2^64 − 1), std::runtime_error for an unusable device, EvaluateRunError for
// an error during the runs.
EvaluateResult evaluatePolicy(const EvaluateOptions &options, const EvaluateCallback &progress = {});

// Whether repeats seeds from `seed` on (seed, seed + 1, …) all fit in 64 bits.
bool seedsFit(std::uint64_t seed, int repeats);

// Fills each arm's statistics and the comparisons from the arms' scores: the intervals'
// floor of one held-out image for accuracy, and no better arm on too few held-out images.
void summariseRuns(EvaluateResult &result);

// "fewer images than asked for: " and the shortfalls of the counts named (the CLI names
// those its command line gave: the defaults are upper bounds); empty when none fell short.
std::string splitWarning(const EvaluateResult &result, bool train, bool heldOut);

// What the intervals and verdicts rest on with fewer than kVerdictHeldOutImages held-out
// images; empty with more.
std::string heldOutNote(const EvaluateResult &result);

// That the intervals do not cover which images were trained on, where every run trained on the
// same ones (the pool held no more than were asked for); empty otherwise or without an interval.
std::string trainingImagesNote(const EvaluateResult &result);

// What several comparisons at 95 % each mean together (one in 20 without a real difference
// comes out better or worse by chance); empty for fewer than two intervals.
std::string comparisonsNote(const EvaluateResult &result);

// The smallest side of the square images `model`'s network for `task` trains on, when its
// smallest batch holds `imagesPerBatch` images (0 = unknown, taken as 3 or more): below it a
// pooling layer has no pixel left, or BatchNorm one value a channel. evaluatePolicy throws
// std::invalid_argument for smaller images, naming the sizes.
int evaluateMinimumSide(EvaluateModel model, Task task, int imagesPerBatch = 0);

} // namespace augstudio
