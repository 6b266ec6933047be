#include "Commands.h"
#include "ConfigArguments.h"
#include "ImageProgress.h"
#include "SharedOptions.h"
#include "ValidationReport.h"

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
#include <optional>
#include <random>

namespace augstudio::cli {

// Images decoded by `validate --quick`.
constexpr size_t kQuickSample = 256;
// Beyond this many lines of classes (ImageNet's 1000) the listing is a page to scroll: a summary instead.
constexpr size_t kClassesListedInFull = 50;
constexpr size_t kFewestListed = 10;

namespace {

// The "images:" line. Of a sample (--quick), the unreadable count is the sample's: taken from
// the files' count it would claim the rest all decode.
std::string imagesLine(const DatasetReport &inspection)
{
    const bool sampled = inspection.inspected < inspection.images;
    if (sampled)
        return "images: " + std::to_string(inspection.images)
               + (inspection.unreadable == 0 ? "" : " files (" + std::to_string(inspection.unreadable)
                                                        + " unreadable among the " + std::to_string(inspection.inspected)
                                                        + " checked; the search skips such files)");
    const size_t readable = inspection.images - inspection.unreadable;
    return "images: " + std::to_string(readable)
           + (inspection.unreadable == 0 ? "" : " (of " + std::to_string(inspection.images) + " files; the search skips "
                                                    + std::to_string(inspection.unreadable) + " unreadable)");
}

std::string className(const DatasetReport &report, size_t id)
{
    return id < report.classNames.size() ? report.classNames[id] : std::to_string(id);
}

// A class's name as a line of the report: a folder's name may hold a line break.
std::string printableClassName(const DatasetReport &report, size_t id)
{
    return printableLine(className(report, id));
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
        lines.push_back(printableClassName(report, c) + ": " + std::to_string(report.imagesPerClass[c]));
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
        std::cout << (rank ? ", " : " ") << printableClassName(report, order[rank]) << " " << count(rank);
    std::cout << "\n";
}

} // namespace

int validateCommand(const std::vector<std::string> &args)
{
    std::vector<std::string> options = kConfigOptions;
    options.push_back("json");
    const CommandLine line("validate", args, options, {"quick", "strict"});
    const std::string jsonPath = line.value("json");
    if (line.has("json"))
        requireOutputFile("json", jsonPath);
    ValidationReport report;
    std::optional<LoadedConfig> read;
    try {
        read = loadConfigFromArguments(line, std::cout);
    } catch (const ConfigError &error) {
        // A --set the config refuses is a usage error (exit status 2), said by the caller.
        if (error.file == "--set") {
            // The file is rewritten in every case, so that a script never reads an earlier
            // run's report as this one's.
            if (line.has("json")) {
                report.configFailed(error, false);
                report.writeJson(jsonPath);
            }
            throw;
        }
        // A file's problems are the report: each an error line, then the count.
        report.configFailed(error, true);
        return report.finish(jsonPath);
    } catch (const UsageError &error) {
        if (line.has("json")) {
            report.optionsFailed(error.what());
            report.writeJson(jsonPath);
        }
        throw;
    }
    const LoadedConfig &loaded = *read;
    const SearchConfig &config = loaded.config;
    report.configNotes(loaded.ignored);

    std::cout << "# resolved config\n" << configToYaml(config) << "\n";
    report.configUnsupported(loaded.unsupported);
    // A device this machine lacks would fail the search at once.
    if (const std::string problem = deviceProblem(config.trainer.device == "auto" ? "cpu" : config.trainer.device);
        !problem.empty())
        report.error("trainer.device: " + problem);
    // The operations and the normalisation depend on the dataset's channel count (grey
    // datasets refuse colour operations); without a dataset they are checked for colour.
    auto checkForChannels = [&](int channels) {
        try {
            resolveOperations(config.policy.operations, channels);
        } catch (const std::exception &error) {
            // A channel refusal names its entry already; other messages name only the operation.
            const std::string text = error.what();
            const bool named = text.find("policy_model.operations") != std::string::npos;
            report.error((named ? "" : "policy_model.operations: ") + text);
        }
        try {
            std::vector<ConfigNote> notes;
            resolveNormalization(config.data, channels, &notes);
            for (const ConfigNote &note : notes)
                report.warning(describeNote(note), {}, note.keyPath);
        } catch (const std::exception &error) {
            report.error(error.what());
        }
    };

    std::vector<DatasetProblem> problems;
    std::unique_ptr<Dataset> dataset;
    try {
        dataset = openDataset(config.data, config.task, config.model().numClasses, problems);
    } catch (const std::exception &error) {
        checkForChannels(3);
        for (const auto &problem : problems)
            report.problem(problem);
        const auto *datasetError = dynamic_cast<const DatasetError *>(&error);
        report.error(error.what(), datasetError && !datasetError->file().empty() ? datasetError->file()
                                                                         : config.data.dataset.root);
        return report.finish(jsonPath);
    }
    std::cout << "# dataset\n"
              << "root: " << printableLine(config.data.dataset.root) << "\n"
              << "layout: " << toString(dataset->layout()) << "\n"
              << (dataset->labelsSource().empty() ? "" : "labels: " + printableLine(dataset->labelsSource()) + "\n")
              << "task: " << toString(dataset->task()) << "\n"
              << "channels: " << dataset->channels() << (dataset->channels() == 1 ? " (grayscale)" : "") << "\n";
    report["dataset"] = {{"root", config.data.dataset.root},
                         {"layout", toString(dataset->layout())},
                         {"task", toString(dataset->task())},
                         {"channels", dataset->channels()}};
    if (!dataset->labelsSource().empty())
        report["dataset"]["labels"] = dataset->labelsSource();
    checkForChannels(dataset->channels());
    if (dataset->task() != config.task)
        report.error(std::string("the dataset is a ") + toString(dataset->task()) + " dataset but the config's task is "
                     + toString(config.task));

    // --quick decodes an even sample instead of every image: minutes less on a large dataset.
    DatasetReport inspection;
    {
        ImageProgress progress("checked");
        inspection = inspectDataset(*dataset, std::ref(progress), line.has("quick") ? kQuickSample : 0);
    }
    if (inspection.inspected < inspection.images)
        std::cout << "checked: " << inspection.inspected << " of " << inspection.images
                  << " images, evenly spread (--quick); sizes and problems below are of those\n";
    const bool sampled = inspection.inspected < inspection.images;
    // Of a sample, the files less the sample's unreadable ones: what the batch check can go by.
    const size_t readable = inspection.images - inspection.unreadable;
    std::cout << imagesLine(inspection) << "\n"
              << "classes: " << inspection.numClasses << "\n";
    const std::vector<std::string> listing = classListing(inspection);
    if (listing.size() > kClassesListedInFull)
        printClassSummary(inspection);
    else
        for (const std::string &entry : listing)
            std::cout << "  " << entry << "\n";
    nlohmann::ordered_json &facts = report["dataset"];
    facts["files"] = inspection.images;
    // Of a sample only the sample's unreadable files are known: the dataset's counts are null,
    // the sample's under a key that says so.
    facts["images"] = sampled ? nlohmann::ordered_json() : nlohmann::ordered_json(readable);
    facts["unreadable"] = sampled ? nlohmann::ordered_json() : nlohmann::ordered_json(inspection.unreadable);
    if (sampled)
        facts["unreadable_in_sample"] = inspection.unreadable;
    facts["inspected"] = inspection.inspected;
    facts["classes"] = nlohmann::ordered_json::array();
    for (size_t c = 0; c < inspection.imagesPerClass.size(); ++c)
        facts["classes"].push_back({{"id", c}, {"name", className(inspection, c)}, {"images", inspection.imagesPerClass[c]}});
    facts["width"] = {{"min", inspection.minWidth}, {"max", inspection.maxWidth}, {"mean", inspection.meanWidth}};
    facts["height"] = {{"min", inspection.minHeight}, {"max", inspection.maxHeight}, {"mean", inspection.meanHeight}};
    std::cout << "image width: " << inspection.minWidth << ".." << inspection.maxWidth << " (mean " << inspection.meanWidth << ")\n"
              << "image height: " << inspection.minHeight << ".." << inspection.maxHeight << " (mean " << inspection.meanHeight
              << ")\n"
              << "unreadable images: " << inspection.unreadable
              << (sampled ? " among the " + std::to_string(inspection.inspected) + " checked" : "") << "\n";

    // A class of no image the search can read is learnt from nothing; with fewer than two such
    // classes there is nothing to tell apart.
    if (dataset->task() == Task::Classification) {
        size_t populated = 0;
        for (size_t c = 0; c < inspection.imagesPerClass.size(); ++c) {
            if (inspection.imagesPerClass[c] > 0) {
                ++populated;
                continue;
            }
            if (inspection.filesPerClass[c] == 0)
                continue; // an empty class folder: opening the dataset said so
            const std::string name = className(inspection, c);
            problems.push_back({false, config.data.dataset.root,
                                "class '" + name + "' has no image the search can read: it is learnt from nothing"});
        }
        if (populated < 2 && !inspection.imagesPerClass.empty())
            problems.push_back({true, config.data.dataset.root,
                                "only " + std::to_string(populated)
                                    + " class has images the search can read; classification needs at least 2"});
    }

    // An image that cannot be decoded is skipped by the search: a warning, said once even
    // when opening the dataset already named the file.
    for (DatasetProblem problem : inspection.problems) {
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
    report["preprocessing"] = {{"from_config", !config.data.preprocessing.empty()},
                               {"steps", preprocessing.steps.size()}};
    if (config.data.preprocessing.empty())
        report["preprocessing"]["reason"] = preprocessing.reason;
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

    // The model: its size, and the smallest images it takes (a model the config asks for and
    // no built-in one is has been said: it would be said again here, in other words).
    const int minimumSize = minimumInputSizeOf(config);
    if (loaded.unsupported.empty()) {
        try {
            const int classes = config.model().numClasses > 0 ? config.model().numClasses : std::max(2, inspection.numClasses);
            const bool segmentation = config.task == Task::SemanticSegmentation;
            // The weights file too, as the search loads it: one that is missing or does not
            // fit is refused here, not at the search's start.
            std::vector<std::string> weightsWarnings;
            const auto parameters =
                modelParameterCount(config.model(), config.task, classes, dataset->channels(), &weightsWarnings);
            for (const std::string &warning : weightsWarnings)
                report.warning(warning, config.model().weightsPath);
            std::cout << "# model\n"
                      << "architecture: " << config.model().architecture
                      << (segmentation ? " (encoder " + config.model().encoderArchitecture + ")" : std::string()) << "\n"
                      << "parameters: " << parameters << "\n"
                      << "minimum image size: " << minimumSize << " px\n";
            report["model"] = {{"architecture", config.model().architecture},
                               {"parameters", parameters},
                               {"minimum_image_size", minimumSize}};
            if (segmentation)
                report["model"]["encoder"] = config.model().encoderArchitecture;
        } catch (const std::exception &error) {
            report.error(error.what());
        }
    }

    // The size the model will see: the first readable image through the preprocessing.
    for (size_t i = 0; i < dataset->size() && i < 16; ++i) {
        try {
            Sample sample = dataset->load(i);
            std::mt19937_64 rng(config.seed);
            Preprocessor(preprocessing.steps).apply(sample, rng);
            std::cout << "size after preprocessing: " << sample.image.cols << " × " << sample.image.rows << "\n";
            report["preprocessing"]["output_size"] = {{"width", sample.image.cols}, {"height", sample.image.rows}};
            break;
        } catch (const std::exception &) {
            continue; // unreadable, or a step that fails: already among the problems
        }
    }
    for (const auto &problem : problems)
        report.problem(problem);
    return report.finish(jsonPath);
}

} // namespace augstudio::cli
