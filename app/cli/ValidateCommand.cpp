#include "Commands.h"
#include "ConfigArguments.h"
#include "ImageProgress.h"

#include "data/BatchChecks.h"
#include "data/DatasetInspector.h"
#include "data/DefaultPreprocessing.h"
#include "data/Normalization.h"
#include "data/Preprocessor.h"
#include "io/PrintableText.h"
#include "models/Architectures.h"
#include "ops/OperationCatalog.h"
#include "search/TorchRuntime.h"

#include <algorithm>
#include <functional>
#include <iostream>
#include <random>

namespace augstudio::cli {

// Images decoded by `validate --quick`.
constexpr size_t kQuickSample = 256;
// Beyond this many lines of classes (ImageNet's 1000) the listing is a page to scroll: a summary instead.
constexpr size_t kClassesListedInFull = 50;
constexpr size_t kFewestListed = 10;

namespace {

std::string className(const DatasetReport &report, size_t id)
{
    return id < report.classNames.size() ? report.classNames[id] : std::to_string(id);
}

// A line a class ("Coat: 199"), where a run of unnamed ids without images (labels up to a
// stray 200) is one line, not hundreds.
std::vector<std::string> classListing(const DatasetReport &report)
{
    const auto unnamedAndEmpty = [&report](size_t id) {
        return id < report.imagesPerClass.size() && report.imagesPerClass[id] == 0
               && (id >= report.classNames.size() || report.classNames[id] == std::to_string(id));
    };
    std::vector<std::string> lines;
    for (size_t c = 0; c < report.imagesPerClass.size(); ++c) {
        size_t end = c;
        while (unnamedAndEmpty(end))
            ++end;
        if (end - c >= 3) {
            lines.push_back(std::to_string(c) + ".." + std::to_string(end - 1) + ": 0 each");
            c = end - 1;
            continue;
        }
        lines.push_back(className(report, c) + ": " + std::to_string(report.imagesPerClass[c]));
    }
    return lines;
}

// The spread of images over many classes, and the classes with the fewest.
void printClassSummary(const DatasetReport &report)
{
    std::vector<size_t> order(report.imagesPerClass.size());
    for (size_t c = 0; c < order.size(); ++c)
        order[c] = c;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return report.imagesPerClass[a] < report.imagesPerClass[b]; });
    const auto count = [&](size_t rank) { return report.imagesPerClass[order[rank]]; };
    std::cout << "  images per class: " << count(0) << " to " << count(order.size() - 1) << ", median "
              << count(order.size() / 2) << "\n"
              << "  the fewest:";
    for (size_t rank = 0; rank < std::min(kFewestListed, order.size()); ++rank)
        std::cout << (rank ? ", " : " ") << className(report, order[rank]) << " " << count(rank);
    std::cout << "\n";
}

// An error found: in the report on standard output, and on standard error too, where a
// script that keeps the report apart (> report.txt) or only the errors (2> errors.log) finds
// why the exit status is 1.
void sayError(const std::string &message)
{
    std::cout << "error: " << message << "\n";
    std::cerr << "augstudio-cli: " << message << "\n";
}

// A problem of the dataset: an error as sayError() says it, a warning in the report alone.
void sayProblem(const DatasetProblem &problem)
{
    if (problem.error)
        sayError(printableLine(problem.message));
    else
        std::cout << "warning: " << printableLine(problem.message) << "\n";
}

} // namespace

int validateCommand(const std::vector<std::string> &args)
{
    const CommandLine line("validate", args, kConfigOptions, {"quick", "strict"});
    const LoadedConfig loaded = loadConfigFromArguments(line, std::cout);
    const SearchConfig &config = loaded.config;
    int errors = 0;
    size_t warnings = 0;

    std::cout << "# resolved config\n" << configToYaml(config) << "\n";
    if (!loaded.unsupported.empty()) {
        sayError(unsupportedMessage(loaded.unsupported));
        ++errors;
    }
    // A device this machine lacks would fail the search at once.
    if (const std::string problem = deviceProblem(config.trainer.device == "auto" ? "cpu" : config.trainer.device);
        !problem.empty()) {
        sayError("trainer.device: " + problem);
        ++errors;
    }
    // The operations and the normalisation depend on the dataset's channel count (grey
    // datasets refuse colour operations); without a dataset they are checked for colour.
    auto checkForChannels = [&](int channels) {
        try {
            resolveOperations(config.policy.operations, channels);
        } catch (const std::exception &error) {
            // A channel refusal names its entry already; other messages name only the operation.
            const std::string text = error.what();
            const bool named = text.find("policy_model.operations") != std::string::npos;
            sayError((named ? "" : "policy_model.operations: ") + text);
            ++errors;
        }
        try {
            std::vector<std::string> notes;
            resolveNormalization(config.data, channels, &notes);
            for (const std::string &note : notes) {
                std::cout << "warning: " << note << "\n";
                ++warnings;
            }
        } catch (const std::exception &error) {
            sayError(error.what());
            ++errors;
        }
    };

    std::vector<DatasetProblem> problems;
    std::unique_ptr<Dataset> dataset;
    try {
        dataset = openDataset(config.data, config.task, config.model().numClasses, problems);
    } catch (const std::exception &error) {
        checkForChannels(3);
        for (const auto &problem : problems)
            sayProblem(problem);
        sayError(error.what());
        return 1;
    }
    std::cout << "# dataset\n"
              << "root: " << config.data.dataset.root << "\n"
              << "layout: " << toString(dataset->layout()) << "\n"
              << (dataset->labelsSource().empty() ? "" : "labels: " + dataset->labelsSource() + "\n")
              << "task: " << toString(dataset->task()) << "\n"
              << "channels: " << dataset->channels() << (dataset->channels() == 1 ? " (grayscale)" : "") << "\n";
    checkForChannels(dataset->channels());
    if (dataset->task() != config.task) {
        sayError(std::string("the dataset is a ") + toString(dataset->task()) + " dataset but the config's task is "
                 + toString(config.task));
        ++errors;
    }

    // --quick decodes an even sample instead of every image: minutes less on a large dataset.
    DatasetReport report;
    {
        ImageProgress progress("checked");
        report = inspectDataset(*dataset, std::ref(progress), line.has("quick") ? kQuickSample : 0);
    }
    if (report.inspected < report.images)
        std::cout << "checked: " << report.inspected << " of " << report.images
                  << " images, evenly spread (--quick); sizes and problems below are of those\n";
    const size_t readable = report.images - report.unreadable;
    std::cout << "images: " << readable;
    if (report.unreadable > 0)
        std::cout << " (of " << report.images << " files; the search skips " << report.unreadable << " unreadable)";
    std::cout << "\n"
              << "classes: " << report.numClasses << "\n";
    const std::vector<std::string> listing = classListing(report);
    if (listing.size() > kClassesListedInFull)
        printClassSummary(report);
    else
        for (const std::string &entry : listing)
            std::cout << "  " << entry << "\n";
    std::cout << "image width: " << report.minWidth << ".." << report.maxWidth << " (mean " << report.meanWidth << ")\n"
              << "image height: " << report.minHeight << ".." << report.maxHeight << " (mean " << report.meanHeight
              << ")\n"
              << "unreadable images: " << report.unreadable << "\n";

    // A class of no image the search can read is learnt from nothing; with fewer than two such
    // classes there is nothing to tell apart.
    if (dataset->task() == Task::Classification) {
        size_t populated = 0;
        for (size_t c = 0; c < report.imagesPerClass.size(); ++c) {
            if (report.imagesPerClass[c] > 0) {
                ++populated;
                continue;
            }
            if (report.filesPerClass[c] == 0)
                continue; // an empty class folder: opening the dataset said so
            const std::string name = className(report, c);
            problems.push_back({false, config.data.dataset.root,
                                "class '" + name + "' has no image the search can read: it is learnt from nothing"});
        }
        if (populated < 2 && !report.imagesPerClass.empty())
            problems.push_back({true, config.data.dataset.root,
                                "only " + std::to_string(populated)
                                    + " class has images the search can read; classification needs at least 2"});
    }

    // An image that cannot be decoded is skipped by the search: a warning, said once even
    // when opening the dataset already named the file.
    for (DatasetProblem problem : report.problems) {
        if (problem.unreadableImage) {
            if (namesFile(problems, problem.file))
                continue;
            problem.error = false;
            problem.message += " (the search skips it)";
        }
        problems.push_back(problem);
    }

    // What the search will meet: its preprocessing (the config's, or the default rule's) and
    // every check of the first batch, predicted from the image sizes.
    const std::vector<cv::Size> sizes = scanImageSizes(*dataset);
    const PreprocessingChoice preprocessing = resolvePreprocessing(config, sizes);
    if (config.data.preprocessing.empty())
        std::cout << "preprocessing: none in the config; " << preprocessing.reason << "\n";
    auto addError = [&](const std::string &message) {
        if (!message.empty())
            problems.push_back({true, config.data.dataset.root, message});
    };
    addError(dataLoaderProblem(config.data.dataloader, readable));
    try {
        const std::vector<DatasetProblem> sizeProblems =
            checkPreprocessedSizes(*dataset, sizes, preprocessing.steps, minimumInputSizeOf(config),
                                   config.model().architecture);
        problems.insert(problems.end(), sizeProblems.begin(), sizeProblems.end());
    } catch (const std::exception &error) {
        addError(error.what()); // a bad step: names the transform and its line
    }

    // The model: its size, and the smallest images it takes.
    const int minimumSize = minimumInputSizeOf(config);
    try {
        const int classes = config.model().numClasses > 0 ? config.model().numClasses : std::max(2, report.numClasses);
        std::cout << "# model\n"
                  << "architecture: " << config.model().architecture
                  << (config.task == Task::SemanticSegmentation ? " (encoder " + config.model().encoderArchitecture + ")"
                                                                : std::string())
                  << "\n"
                  << "parameters: " << modelParameterCount(config.model(), config.task, classes, dataset->channels())
                  << "\n"
                  << "minimum image size: " << minimumSize << " px\n";
    } catch (const std::exception &error) {
        sayError(error.what());
        ++errors;
    }

    // The size the model will see: the first readable image through the preprocessing.
    for (size_t i = 0; i < dataset->size() && i < 16; ++i) {
        try {
            Sample sample = dataset->load(i);
            std::mt19937_64 rng(config.seed);
            Preprocessor(preprocessing.steps).apply(sample, rng);
            std::cout << "size after preprocessing: " << sample.image.cols << " × " << sample.image.rows << "\n";
            break;
        } catch (const std::exception &) {
            continue; // unreadable, or a step that fails: already among the problems
        }
    }
    for (const auto &problem : problems) {
        sayProblem(problem);
        problem.error ? ++errors : ++warnings;
    }
    std::cout << "# " << errors << " error(s), " << warnings << " warning(s)\n";
    return errors > 0 ? 1 : 0;
}

} // namespace augstudio::cli
