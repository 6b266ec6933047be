// augstudio-cli evaluate: held-out accuracy (or mIoU) of a small network trained with the
// policy against the same network trained with a baseline augmentation.

#include "CommandLine.h"
#include "Commands.h"
#include "InterruptGuard.h"

#include "evaluate/Evaluate.h"

#include <cstdio>
#include <iostream>
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

std::string plusMinus(double mean, double std, bool showStd, bool signedValue)
{
    char text[64];
    if (showStd)
        std::snprintf(text, sizeof text, signedValue ? "%+.4f ± %.4f" : "%.4f ± %.4f", mean, std);
    else
        std::snprintf(text, sizeof text, signedValue ? "%+.4f" : "%.4f", mean);
    return text;
}

} // namespace

int evaluateCommand(const std::vector<std::string> &args)
{
    const CommandLine line(args,
                           {"policy", "dataset", "baseline", "epochs", "train-images", "held-out-images", "seed",
                            "repeats", "image-size", "batch-size", "device", "threads"},
                           {});
    for (const char *required : {"policy", "dataset"})
        if (!line.has(required))
            throw UsageError(std::string("evaluate needs --") + required);
    EvaluateOptions options;
    options.policyPath = line.value("policy");
    options.data.dataset.root = line.value("dataset");
    const auto baseline = baselineFromString(line.value("baseline", "flip-shift"));
    if (!baseline)
        throw UsageError("--baseline: expected none or flip-shift, got '" + line.value("baseline") + "'");
    options.baseline = *baseline;
    options.epochs = positive(line, "epochs", options.epochs);
    options.trainImages = positive(line, "train-images", options.trainImages);
    options.heldOutImages = positive(line, "held-out-images", options.heldOutImages);
    options.repeats = positive(line, "repeats", options.repeats);
    options.batchSize = positive(line, "batch-size", options.batchSize);
    options.imageSize = line.intValue("image-size", 0);
    if (options.imageSize < 0)
        throw UsageError("--image-size must be 0 (from the policy) or positive");
    options.seed = line.uint64Value("seed", options.seed);
    options.device = line.value("device", options.device);
    options.threads = line.intValue("threads", 0);

    const bool tty = isatty(STDERR_FILENO);
    EvaluateResult result;
    {
        const InterruptGuard interrupt(/*secondQuits=*/false); // Ctrl-C: stop after the current batch
        result = evaluatePolicy(options, [&](const EvaluateProgress &p) {
            if (tty && (p.batch == p.batches || p.batch % 5 == 0)) {
                std::fprintf(stderr, "\rrun %d/%d  %-8s  epoch %d/%d  batch %d/%d  loss %.4f   ", p.repeat,
                             p.repeats, p.arm.c_str(), p.epoch, p.epochs, p.batch, p.batches, p.loss);
                std::fflush(stderr);
            }
            return !interrupt.requested();
        });
    }
    if (tty)
        std::fprintf(stderr, "\n");

    const std::string baselineName = toString(result.baseline);
    std::printf("policy %s on %s: %s, %d classes, %d training / %d held-out images at %dx%d, %d epoch(s), %s\n",
                options.policyPath.c_str(), options.data.dataset.root.c_str(), toString(result.task),
                result.numClasses, result.trainImages, result.heldOutImages, result.imageSize, result.imageSize,
                result.epochs, result.device.c_str());
    const std::string policyColumn = "policy " + result.metric;
    const std::string baselineColumn = baselineName + " " + result.metric;
    std::printf("%-8s %-22s %-22s %s\n", "seed", policyColumn.c_str(), baselineColumn.c_str(), "difference");
    for (const EvaluateRun &run : result.runs)
        std::printf("%-8llu %-22.4f %-22.4f %+.4f\n", static_cast<unsigned long long>(run.seed), run.policy,
                    run.baseline, run.policy - run.baseline);
    if (!result.runs.empty()) {
        const bool spread = result.runs.size() > 1;
        std::printf("%-8s %-22s %-22s %s\n", spread ? "mean±std" : "result",
                    plusMinus(result.policyMean, result.policyStd, spread, false).c_str(),
                    plusMinus(result.baselineMean, result.baselineStd, spread, false).c_str(),
                    plusMinus(result.differenceMean, result.differenceStd, spread, true).c_str());
    }
    if (result.cancelled) {
        std::printf("interrupted after %zu of %d run(s)\n", result.runs.size(), options.repeats);
        return 130;
    }
    return 0;
}

} // namespace augstudio::cli
