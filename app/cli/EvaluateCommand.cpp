// augstudio-cli evaluate: held-out accuracy (or mIoU) of a small network trained with each
// policy against the same network trained with each baseline augmentation, paired by seed.

#include "CommandLine.h"
#include "Commands.h"
#include "ConfigArguments.h"
#include "InterruptGuard.h"
#include "JsonReport.h"
#include "SharedOptions.h"

#include "config/DefaultConfigs.h"
#include "evaluate/Baselines.h"
#include "evaluate/Evaluate.h"
#include "io/PrintableText.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <unistd.h>

namespace augstudio::cli {

namespace {

int positive(const CommandLine &line, const std::string &option, int fallback)
{
    const int value = line.intValue(option, fallback);
    if (value < 1)
        throw UsageError("--" + option + " must be at least 1");
    return value;
}

// A value that prints as 0 to four places prints as +0.0000, not -0.0000 (a mean of -1e-17).
double shownValue(double value)
{
    return std::round(value * 1e4) == 0.0 ? 0.0 : value;
}

std::string plusMinus(double mean, double std, bool showStd, bool signedValue)
{
    mean = shownValue(mean);
    char text[64];
    if (showStd)
        std::snprintf(text, sizeof text, signedValue ? "%+.4f ± %.4f" : "%.4f ± %.4f", mean, std);
    else
        std::snprintf(text, sizeof text, signedValue ? "%+.4f" : "%.4f", mean);
    return text;
}

void printProgress(const EvaluateProgress &p)
{
    if (p.scoring) {
        std::fprintf(stderr, "\rrun %d/%d  arm %d/%d %-8s  epoch %d/%d  scoring held-out batch %d/%d   ", p.repeat,
                     p.repeats, p.armIndex + 1, p.arms, toString(p.armKind), p.epoch, p.epochs, p.heldOutBatch + 1,
                     p.heldOutBatches);
    } else if (p.batch == p.batches || p.batch % 5 == 0) {
        std::fprintf(stderr, "\rrun %d/%d  arm %d/%d %-8s  epoch %d/%d  batch %d/%d  loss %.4f   ", p.repeat,
                     p.repeats, p.armIndex + 1, p.arms, toString(p.armKind), p.epoch, p.epochs, p.batch, p.batches,
                     p.loss);
    }
    std::fflush(stderr);
}

// Where standard error is not a terminal (a log, CI, `| tee`), a plain line as each run of an
// arm ends, with its score; as an epoch ends too where 10 s have passed since the last line;
// and within an epoch where a minute has, so that a long epoch still shows it is moving.
void printMilestone(const EvaluateProgress &p, std::chrono::steady_clock::time_point &lastLine)
{
    if (p.scoring)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (!p.epochScore) {
        if (now - lastLine < std::chrono::seconds(60))
            return;
        lastLine = now;
        std::fprintf(stderr, "run %d/%d  arm %d/%d %-8s %s  epoch %d/%d  batch %d/%d  loss %.4f\n", p.repeat,
                     p.repeats, p.armIndex + 1, p.arms, toString(p.armKind), printableLine(p.armName).c_str(),
                     p.epoch, p.epochs, p.batch, p.batches, p.loss);
        std::fflush(stderr);
        return;
    }
    if (p.epoch < p.epochs && now - lastLine < std::chrono::seconds(10))
        return;
    lastLine = now;
    std::fprintf(stderr, "run %d/%d  arm %d/%d %-8s %s  epoch %d/%d  %s %.4f\n", p.repeat, p.repeats, p.armIndex + 1,
                 p.arms, toString(p.armKind), printableLine(p.armName).c_str(), p.epoch, p.epochs, p.metric.c_str(),
                 *p.epochScore);
    std::fflush(stderr);
}

// The result's warnings, in the core's words (the dialog shows the same). A count that fell
// short is said only when the command line asked for it: the defaults are upper bounds, and
// the first line gives the counts a small dataset has.
std::vector<std::string> warningsOf(const EvaluateResult &result, bool trainAsked, bool heldOutAsked)
{
    std::vector<std::string> warnings;
    for (const std::string &skipped : result.skippedImages)
        warnings.push_back(printableLine(skipped) + "; left out");
    for (const std::string &warning : result.warnings)
        warnings.push_back(printableLine(warning));
    if (const std::string shortfall = splitWarning(result, trainAsked, heldOutAsked); !shortfall.empty())
        warnings.push_back(printableLine(shortfall));
    return warnings;
}

// What the intervals and verdicts rest on, said under the comparisons.
std::vector<std::string> notesOf(const EvaluateResult &result)
{
    std::vector<std::string> notes;
    for (const std::string &note : {heldOutNote(result), trainingImagesNote(result), comparisonsNote(result)})
        if (!note.empty())
            notes.push_back(note);
    return notes;
}

int nameWidth(const EvaluateResult &result)
{
    int width = 4; // as wide as the longest name
    for (const EvaluateArmResult &arm : result.arms)
        width = std::max(width, static_cast<int>(arm.name.size()));
    return width;
}

void printScores(const EvaluateResult &result)
{
    const bool spread = result.runCount() > 1;
    const int width = nameWidth(result);
    std::printf("%-9s %-*s %-20s %s\n", "arm", width, "name", (result.metric + (spread ? " mean±std" : "")).c_str(),
                "per seed");
    for (const EvaluateArmResult &arm : result.arms) {
        std::string perSeed;
        char value[32];
        for (double score : arm.scores) {
            std::snprintf(value, sizeof value, "%s%.4f", perSeed.empty() ? "" : " ", score);
            perSeed += value;
        }
        std::printf("%-9s %-*s %-20s %s\n", toString(arm.kind), width, arm.name.c_str(),
                    plusMinus(arm.stats.mean, arm.stats.std, spread, false).c_str(), perSeed.c_str());
    }
}

std::string verdictText(const PairedDifference &d, int heldOutImages)
{
    switch (verdictOf(d)) {
    case EvaluateVerdict::NoInterval:
        return "one seed: no interval (use --repeats 2 or more)";
    case EvaluateVerdict::NoDifference:
        // Seeds that agree exactly are too few to resolve a difference, not proof of none.
        return d.spreadAtResolution ? "no measurable difference (the per-seed differences' standard deviation is "
                                      "below one held-out image, which the interval takes instead: run more "
                                      "repeats or more held-out images)"
                                    : "no measurable difference";
    case EvaluateVerdict::Inconclusive:
        return "inconclusive: the interval includes 0 but is too wide to rule out a difference of a few points "
               "(run more repeats)";
    case EvaluateVerdict::PolicyBetter:
        return "the policy is better";
    case EvaluateVerdict::BaselineBetter:
        return "the baseline is better";
    case EvaluateVerdict::TooFewHeldOut:
        if (d.mean == 0)
            return "no verdict: the arms scored alike on these " + std::to_string(heldOutImages)
                   + " held-out images, too few to tell them apart";
        return std::string("no verdict: the ") + (d.mean > 0 ? "policy" : "baseline") + " scored higher on these "
               + std::to_string(heldOutImages) + " held-out images, too few to call it better";
    }
    return {};
}

void printComparisons(const EvaluateResult &result)
{
    int pairWidth = 34; // as wide as the longest pair of names
    for (const EvaluateComparison &c : result.comparisons)
        pairWidth = std::max(pairWidth, static_cast<int>(result.arms[size_t(c.policyArm)].name.size()
                                                         + result.arms[size_t(c.baselineArm)].name.size() + 3));
    // Paired by seed: the interval is Student t's on the per-seed differences (a run's seed draws
    // its training images too), widened for the choice of the held-out images.
    std::printf("\n%-*s %-10s %-22s\n", pairWidth, "policy - baseline (paired by seed)", "difference", "95% interval");
    for (const EvaluateComparison &c : result.comparisons) {
        const PairedDifference &d = c.difference;
        const std::string pairName = result.arms[size_t(c.policyArm)].name + " - " + result.arms[size_t(c.baselineArm)].name;
        char interval[64] = "-";
        if (d.hasInterval)
            std::snprintf(interval, sizeof interval, "[%+.4f, %+.4f]", shownValue(d.low), shownValue(d.high));
        std::printf("%-*s %-10s %-22s %s\n", pairWidth, pairName.c_str(), plusMinus(d.mean, 0, false, true).c_str(),
                    interval, verdictText(d, result.heldOutImages).c_str());
    }
    for (const std::string &note : notesOf(result))
        std::printf("note: %s\n", note.c_str());
}

// A score of no finished run is none, not 0.
nlohmann::ordered_json scoreOrNull(bool known, double value)
{
    return known ? nlohmann::ordered_json(value) : nlohmann::ordered_json();
}

nlohmann::ordered_json settingsJson(const EvaluateOptions &options, const EvaluateResult &result)
{
    return {{"dataset", options.data.dataset.root},
            {"task", toString(result.task)},
            {"metric", result.metric},
            {"classes", result.numClasses},
            {"model", toString(result.model)},
            {"epochs", result.epochs},
            {"train_images", result.trainImages},
            // Each run draws its training images from this many (those not held out): the
            // intervals cover that draw where it can differ between runs.
            {"train_pool", result.trainPool},
            {"train_drawn_per_run", result.trainingDrawnPerRun()},
            {"held_out_images", result.heldOutImages},
            {"held_out_from", result.heldOutSource},
            {"image_size", result.imageSize},
            {"batch_size", options.batchSize},
            {"seed", options.seed},
            {"seeds", result.seeds},
            {"repeats", options.repeats},
            {"threads", options.threads},
            {"device", result.device}};
}

nlohmann::ordered_json armJson(const EvaluateArmResult &arm)
{
    const bool scored = !arm.scores.empty();
    return {{"name", arm.name},
            {"kind", toString(arm.kind)},
            {arm.kind == EvaluateArmKind::Policy ? "policy" : "baseline", arm.name},
            {"scores", arm.scores},
            {"mean", scoreOrNull(scored, arm.stats.mean)},
            {"std", scoreOrNull(arm.scores.size() > 1, arm.stats.std)}}; // one run measures no spread
}

nlohmann::ordered_json comparisonJson(const EvaluateResult &result, const EvaluateComparison &c)
{
    const PairedDifference &d = c.difference;
    return {{"policy", result.arms[size_t(c.policyArm)].name},
            {"baseline", result.arms[size_t(c.baselineArm)].name},
            {"policy_arm", c.policyArm},
            {"baseline_arm", c.baselineArm},
            {"difference", d.mean},
            {"std", scoreOrNull(d.n > 1, d.std)},
            // The interval's parts: the seeds' spread (at least one held-out image of accuracy)
            // and the variance the choice of the held-out images adds to the mean difference.
            {"spread_at_resolution", d.spreadAtResolution},
            {"held_out_variance", d.heldOutVariance},
            {"low", scoreOrNull(d.hasInterval, d.low)},
            {"high", scoreOrNull(d.hasInterval, d.high)},
            {"verdict", verdictCode(verdictOf(d))}};
}

// The evaluation for scripts (--json): what the report says, as numbers and codes. An
// interrupted one holds the runs that finished, and says it is not complete; one an error
// stopped says the error too (else null).
nlohmann::ordered_json resultJson(const EvaluateOptions &options, const EvaluateResult &result,
                                  const std::vector<std::string> &warnings, const std::string &error)
{
    const bool scored = result.runCount() > 0; // no comparison without a finished run
    nlohmann::ordered_json arms = nlohmann::ordered_json::array();
    for (const EvaluateArmResult &arm : result.arms)
        arms.push_back(armJson(arm));
    nlohmann::ordered_json comparisons = nlohmann::ordered_json::array();
    if (scored)
        for (const EvaluateComparison &c : result.comparisons)
            comparisons.push_back(comparisonJson(result, c));
    return {{"complete", !result.cancelled},
            {"error", error.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(error)},
            {"runs", result.runCount()},
            {"settings", settingsJson(options, result)},
            {"arms", arms},
            {"comparisons", comparisons},
            {"warnings", warnings},
            {"notes", scored ? notesOf(result) : std::vector<std::string>()}};
}

// An error's first line, for the report: LibTorch's go on with a backtrace.
std::string firstLine(const std::string &text)
{
    return printableLine(text.substr(0, text.find('\n')));
}

// The report on standard output and in --json: the finished runs, also of an evaluation a stop
// or an error (`error`, else empty) cut short (then "complete": false).
void report(const EvaluateOptions &options, const EvaluateResult &result, const CommandLine &line,
            const std::string &error)
{
    const std::string jsonPath = line.value("json");
    std::printf("%s: %s, %d classes, %d training / %d held-out images (from %s) at %dx%d, %s network, %d epoch(s), "
                "%s\n",
                options.data.dataset.root.c_str(), toString(result.task), result.numClasses, result.trainImages,
                result.heldOutImages, result.heldOutSource.c_str(), result.imageSize, result.imageSize,
                toString(result.model), result.epochs, result.device.c_str());
    const std::vector<std::string> warnings = warningsOf(result, line.has("train-images"), line.has("held-out-images"));
    for (const std::string &warning : warnings)
        std::fprintf(stderr, "warning: %s\n", warning.c_str());
    if (result.runCount() > 0) { // an interrupted first run leaves no score to show
        printScores(result);
        printComparisons(result);
    }
    std::fflush(stdout); // the table first, should the file fail
    // A report without a run would replace a complete one of an earlier evaluation.
    if (line.has("json") && result.runCount() == 0)
        std::fprintf(stderr, "augstudio-cli: no run finished, so %s was not written: it is left as it was\n",
                     printableLine(jsonPath).c_str());
    else if (line.has("json"))
        writeJsonReport(jsonPath, resultJson(options, result, warnings, error));
}

} // namespace

int evaluateCommand(const std::vector<std::string> &args)
{
    const CommandLine line("evaluate", args,
                           {"policy", "dataset", "baseline", "epochs", "train-images", "held-out-images", "seed",
                            "repeats", "image-size", "batch-size", "device", "threads", "model", "json"},
                           {}, {"policy", "baseline"});
    for (const char *required : {"policy", "dataset"})
        if (!line.has(required))
            throw UsageError(std::string("evaluate needs --") + required);
    EvaluateOptions options;
    const std::vector<std::string> policies = line.values("policy");
    options.policyPath = policies.front();
    options.morePolicyPaths.assign(policies.begin() + 1, policies.end());
    options.data.dataset.root = line.value("dataset");
    if (line.has("baseline"))
        options.baselineNames = line.values("baseline"); // else the default, flip-shift
    for (const std::string &name : options.baselineNames)
        if (std::find(baselineNames().begin(), baselineNames().end(), name) == baselineNames().end()) {
            std::string known;
            for (const std::string &k : baselineNames())
                known += (known.empty() ? "" : ", ") + k;
            throw UsageError("--baseline: unknown baseline '" + name + "', expected one of " + known);
        }
    // An arm given twice trains twice to say the same thing.
    const auto firstRepeated = [](const std::vector<std::string> &names, const auto &key) -> std::string {
        for (std::size_t i = 0; i < names.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (key(names[i]) == key(names[j]))
                    return names[i];
        return {};
    };
    const auto samePath = [](const std::string &path) {
        std::error_code error;
        const std::filesystem::path canonical =
            std::filesystem::weakly_canonical(std::filesystem::absolute(path, error), error);
        return error ? path : canonical.string();
    };
    if (const std::string twice = firstRepeated(policies, samePath); !twice.empty())
        throw UsageError("--policy " + twice + " is given twice: each policy is one arm");
    if (const std::string twice = firstRepeated(options.baselineNames, [](const std::string &n) { return n; });
        !twice.empty())
        throw UsageError("--baseline " + twice + " is given twice: each baseline is one arm");
    options.epochs = positive(line, "epochs", options.epochs);
    options.trainImages = positive(line, "train-images", options.trainImages);
    if (options.trainImages < 2)
        throw UsageError("--train-images takes 2 or more: a network is not trained on one image");
    options.heldOutImages = positive(line, "held-out-images", options.heldOutImages);
    options.repeats = positive(line, "repeats", options.repeats);
    options.batchSize = positive(line, "batch-size", options.batchSize);
    options.imageSize = line.intValue("image-size", 0);
    if (options.imageSize < 0 || options.imageSize > kMaxImageSide)
        throw UsageError("--image-size must be 0 (from the policy) or a side of up to " + std::to_string(kMaxImageSide)
                         + " px");
    const std::string model = line.value("model", toString(options.model));
    const std::optional<EvaluateModel> parsedModel = evaluateModelFromString(model);
    if (!parsedModel)
        throw UsageError("--model: unknown network '" + model + "', expected small or resnet18");
    options.model = *parsedModel;
    if (options.imageSize > 0) {
        // Both tasks' networks of a model take the same sizes; the larger serves either.
        const int batch = std::min(options.batchSize, options.trainImages);
        const int minimum = std::max(evaluateMinimumSide(options.model, Task::Classification, batch),
                                     evaluateMinimumSide(options.model, Task::SemanticSegmentation, batch));
        if (options.imageSize < minimum)
            throw UsageError("--image-size " + std::to_string(options.imageSize) + " is below the "
                             + std::to_string(minimum) + " px the " + toString(options.model) + " network takes"
                             + (batch < 3 ? " in batches of " + std::to_string(batch) + (batch == 1 ? " image" : " images")
                                                + " (--batch-size)"
                                          : ""));
    }
    options.seed = line.uint64Value("seed", options.seed);
    if (!seedsFit(options.seed, options.repeats))
        throw UsageError("--seed " + std::to_string(options.seed) + " with --repeats " + std::to_string(options.repeats)
                         + " passes 2^64 - 1 (repeat r trains with seed + r); give a smaller --seed or fewer --repeats");
    options.device = line.value("device", options.device);
    // Checked as the search's trainer.device is, so that a bad one is named as the option.
    checkOptionValue("device", "trainer.device=" + options.device, defaultConfig());
    options.threads = threadsArgument(line);
    // Checked now, not after a run of hours that could not save its result.
    const std::string jsonPath = line.value("json");
    if (line.has("json")) {
        // The report would replace the policy it scores.
        for (const std::string &policy : policies)
            if (samePath(jsonPath) == samePath(policy))
                throw UsageError("--json " + jsonPath + " is the --policy file " + policy + "; choose another file");
        requireOutputFile("json", jsonPath);
    }

    const bool tty = isatty(STDERR_FILENO);
    EvaluateResult result;
    std::optional<EvaluateRunError> failure;
    {
        // Ctrl-C or SIGTERM: stop before the next batch (training or scoring); a second one quits.
        const InterruptGuard interrupt(/*secondQuits=*/true);
        // Said as soon as it comes, not when the command ends: the next batch can take a while.
        bool said = false;
        const StopWatcher notice([&interrupt, &said] {
            if (said || !interrupt.requested())
                return;
            said = true;
            const std::string notice =
                interrupt.stopNotice("stopping before the next batch; the run in progress is left out");
            std::fprintf(stderr, "%s\n", notice.c_str());
        });
        auto lastLine = std::chrono::steady_clock::now();
        try {
            result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
                if (tty)
                    printProgress(p);
                else
                    printMilestone(p, lastLine);
                return !interrupt.requested();
            });
        } catch (const EvaluateRunError &error) {
            // The runs that finished are reported as after a stop, then the error is said.
            result = error.partial();
            failure = error;
        }
    }
    if (tty)
        std::fprintf(stderr, "\n");
    report(options, result, line, failure ? firstLine(failure->what()) : std::string());
    if (failure) {
        std::printf("stopped by an error after %d of %d run(s)\n", result.runCount(), options.repeats);
        std::fflush(stdout);
        throw *failure; // said as every command's error is, naming the image and the transform: exit 1
    }
    if (result.cancelled) {
        std::printf("interrupted after %d of %d run(s)\n", result.runCount(), options.repeats);
        return kInterruptedExit;
    }
    return 0;
}

} // namespace augstudio::cli
