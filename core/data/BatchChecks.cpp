#include "data/BatchChecks.h"

#include "data/Preprocessor.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace augstudio {

namespace {

std::string sizeText(cv::Size size)
{
    return std::to_string(size.width) + "x" + std::to_string(size.height);
}

struct SizeLess
{
    bool operator()(const cv::Size &a, const cv::Size &b) const
    {
        return a.width != b.width ? a.width < b.width : a.height < b.height;
    }
};

// "Resize (line 7)": the first step that applies with a probability below 1.
std::string sometimesAppliedStep(const std::vector<PreprocessingStep> &steps)
{
    for (const PreprocessingStep &step : steps) {
        const auto p = step.args.find("p");
        const auto always = step.args.find("always_apply");
        if (p != step.args.end() && p->second < 1.0 && (always == step.args.end() || always->second == 0.0))
            return "data.preprocessing's " + step.name + (step.line > 0 ? " (line " + std::to_string(step.line) + ")" : "");
    }
    return "a step of data.preprocessing";
}

} // namespace

std::string dataLoaderProblem(const DataLoaderConfig &loader, std::size_t datasetSize)
{
    if (loader.dropLast && datasetSize < std::size_t(loader.batchSize))
        return "the dataset has " + std::to_string(datasetSize)
               + " images, fewer than one batch (data.dataloader.batch_size " + std::to_string(loader.batchSize)
               + ", drop_last true)";
    return {};
}

std::string differentSizesMessage(const std::string &first, cv::Size firstSize, const std::string &second,
                                  cv::Size secondSize)
{
    return "images of different sizes in one batch: " + first + " is " + sizeText(firstSize) + " and " + second
           + " is " + sizeText(secondSize)
           + " after preprocessing; add Resize (or RandomCrop/CenterCrop) to data.preprocessing";
}

std::string tooSmallMessage(cv::Size size, int minimum, const std::string &architecture)
{
    return "images are " + std::to_string(size.width) + "×" + std::to_string(size.height)
           + " after preprocessing, smaller than the " + architecture + " model accepts (" + std::to_string(minimum)
           + " px): add Resize or PadIfNeeded to data.preprocessing";
}

std::vector<DatasetProblem> checkPreprocessedSizes(const Dataset &dataset, const std::vector<cv::Size> &sizes,
                                                   const std::vector<PreprocessingStep> &steps, int minimum,
                                                   const std::string &architecture)
{
    const Preprocessor preprocessor(steps);
    // The first item of each input size stands for all of that size.
    std::map<cv::Size, std::size_t, SizeLess> inputs;
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        if (!sizes[i].empty())
            inputs.emplace(sizes[i], i);
    }
    std::vector<DatasetProblem> problems;
    std::vector<std::pair<cv::Size, std::size_t>> outputs; // distinct, in input-size order
    std::size_t cropFailures = 0;
    for (const auto &[input, item] : inputs) {
        try {
            for (const cv::Size &output : preprocessor.outputSizes(input)) {
                const bool seen = std::any_of(outputs.begin(), outputs.end(),
                                              [&](const auto &known) { return known.first == output; });
                if (!seen)
                    outputs.emplace_back(output, item);
            }
        } catch (const std::runtime_error &error) {
            if (cropFailures++ == 0)
                problems.push_back({true, dataset.itemName(item), dataset.itemName(item) + ": " + error.what()});
        }
    }
    if (cropFailures > 1)
        problems.push_back({true, problems.back().file,
                            "and images of " + std::to_string(cropFailures - 1) + " more sizes are smaller than the crop"});
    if (outputs.size() > 1) {
        const auto &[firstSize, firstItem] = outputs[0];
        const auto &[otherSize, otherItem] = outputs[1];
        if (firstItem == otherItem) // one image, two sizes: a step applied only sometimes
            problems.push_back({true, dataset.itemName(firstItem),
                                dataset.itemName(firstItem) + " is " + sizeText(firstSize) + " or " + sizeText(otherSize)
                                    + " after preprocessing, as " + sometimesAppliedStep(steps)
                                    + " changes the size with p below 1: the images of a batch must share one size; "
                                      "give it p: 1"});
        else
            problems.push_back({true, dataset.itemName(otherItem),
                                differentSizesMessage(dataset.itemName(firstItem), firstSize,
                                                      dataset.itemName(otherItem), otherSize)});
    }
    const auto smallest = std::min_element(outputs.begin(), outputs.end(), [](const auto &a, const auto &b) {
        return std::min(a.first.width, a.first.height) < std::min(b.first.width, b.first.height);
    });
    if (smallest != outputs.end() && std::min(smallest->first.width, smallest->first.height) < minimum)
        problems.push_back({true, dataset.itemName(smallest->second),
                            dataset.itemName(smallest->second) + ": " + tooSmallMessage(smallest->first, minimum, architecture)});
    return problems;
}

} // namespace augstudio
