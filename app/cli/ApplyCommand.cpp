// augstudio-cli apply: K augmented versions of every input image (and mask) through a saved
// policy, as training would see them: a preview, and an offline augmentation tool.

#include "CommandLine.h"
#include "Commands.h"

#include "data/Dataset.h"
#include "data/DeterministicRandom.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/ParallelFor.h"
#include "io/AtomicFile.h"
#include "replay/ReplayPolicy.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <iostream>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace augstudio::cli {

namespace {

// One input: where its outputs go (without the "_<k>.png") and how to read it.
struct InputItem
{
    fs::path imageOut;
    fs::path maskOut; // empty: no mask
    std::function<Sample()> load;
};

// A segmentation dataset at `dir`: images/ + masks/, VOC, Cityscapes, or `dir` itself being
// the images/ folder with masks/ beside it.
std::optional<fs::path> segmentationRoot(fs::path dir)
{
    const auto isSegmentation = [](const fs::path &root) {
        const auto layout = detectLayout(root.string());
        return layout && taskOf(*layout) == Task::SemanticSegmentation;
    };
    dir = fs::absolute(dir).lexically_normal();
    if (dir.filename().empty()) // "data/images/"
        dir = dir.parent_path();
    if (isSegmentation(dir))
        return dir;
    const fs::path parent = dir.parent_path();
    if (dir.filename() == "images" && fs::is_directory(parent / "masks") && isSegmentation(parent))
        return parent;
    return std::nullopt;
}

std::vector<InputItem> datasetItems(std::shared_ptr<Dataset> dataset, const fs::path &output, bool segmentation)
{
    std::vector<InputItem> items;
    const std::vector<std::string> classes = dataset->classNames();
    for (std::size_t i = 0; i < dataset->size(); ++i) {
        InputItem item;
        item.load = [dataset, i] { return dataset->load(i); };
        if (segmentation) {
            const std::string stem = fs::path(dataset->itemName(i)).stem().string();
            item.imageOut = output / "images" / stem;
            item.maskOut = output / "masks" / stem;
        } else {
            // IDX: one folder per class, so that the output is an image-folder dataset.
            const int label = dataset->label(i);
            const std::string folder = label >= 0 && label < static_cast<int>(classes.size())
                                           ? classes[label]
                                           : std::to_string(label);
            item.imageOut = output / folder / std::to_string(i);
        }
        items.push_back(std::move(item));
    }
    return items;
}

std::vector<InputItem> collectInputs(const fs::path &input, const fs::path &output, InputDtype dtype)
{
    std::error_code ec;
    if (fs::is_regular_file(input, ec)) {
        InputItem item;
        item.imageOut = output / input.stem();
        item.load = [input, dtype] { return Sample{decodeImage(input.string(), dtype), {}, -1}; };
        return {item};
    }
    if (!fs::is_directory(input, ec))
        throw std::runtime_error(input.string() + ": no such image or folder");

    DataConfig config;
    config.inputDtype = dtype;
    std::vector<DatasetProblem> problems;
    if (const auto root = segmentationRoot(input)) {
        config.dataset.root = root->string();
        // 255 classes: every 8-bit id is accepted as it is, nothing to infer.
        std::shared_ptr<Dataset> dataset = openDataset(config, Task::SemanticSegmentation, 255, problems);
        return datasetItems(dataset, output, true);
    }
    if (detectLayout(input.string()) == DatasetLayout::Idx) {
        config.dataset.root = input.string();
        config.dataset.layout = "idx";
        std::shared_ptr<Dataset> dataset = openDataset(config, Task::Classification, 0, problems);
        return datasetItems(dataset, output, false);
    }
    std::vector<InputItem> items;
    for (const fs::path &file : listImageFiles(input)) {
        InputItem item;
        item.imageOut = output / fs::relative(file, input).replace_extension();
        item.load = [file, dtype] { return Sample{decodeImage(file.string(), dtype), {}, -1}; };
        items.push_back(std::move(item));
    }
    if (items.empty())
        throw std::runtime_error(input.string() + ": no images (" + imageExtensionList() + ")");
    return items;
}

void writePng(const fs::path &path, const cv::Mat &pixels)
{
    std::vector<unsigned char> encoded;
    if (!cv::imencode(".png", pixels, encoded))
        throw std::runtime_error("cannot encode " + path.string());
    writeFileAtomically(path.string(), std::string(encoded.begin(), encoded.end()));
}

// The replay's RGB result (uint8, or float in [0,1]) as an 8-bit BGR image for imencode.
cv::Mat toBgr8(const cv::Mat &rgb)
{
    cv::Mat eight;
    if (rgb.depth() == CV_8U)
        eight = rgb;
    else
        rgb.convertTo(eight, CV_8UC3, 255.0);
    cv::Mat bgr;
    cv::cvtColor(eight, bgr, cv::COLOR_RGB2BGR);
    return bgr;
}

} // namespace

int applyCommand(const std::vector<std::string> &args)
{
    const CommandLine line(args, {"policy", "input", "output", "count", "seed", "threads"}, {});
    for (const char *required : {"policy", "input", "output"})
        if (!line.has(required))
            throw UsageError(std::string("apply needs --") + required);
    const int count = line.intValue("count", 1);
    if (count < 1)
        throw UsageError("--count must be at least 1");
    const std::uint64_t seed = line.uint64Value("seed", 0);

    // Everything that can be checked is checked before the first file is written.
    const ReplayPolicy policy = ReplayPolicy::load(line.value("policy"));
    const fs::path output = line.value("output");
    const std::vector<InputItem> items = collectInputs(line.value("input"), output, policy.inputDtype());
    std::set<fs::path> folders{output};
    for (const InputItem &item : items) {
        folders.insert(item.imageOut.parent_path());
        if (!item.maskOut.empty())
            folders.insert(item.maskOut.parent_path());
    }
    for (const fs::path &folder : folders)
        ensureWritableDirectory(folder.string());

    std::atomic<std::size_t> masks{0};
    const bool tty = isatty(STDERR_FILENO);
    parallelFor(
        items.size(),
        [&](std::size_t i) {
            const InputItem &item = items[i];
            const Sample sample = item.load();
            for (int k = 0; k < count; ++k) {
                // Seeded by (seed, item, copy): the same files whatever the thread count.
                std::mt19937_64 rng(mixSeed(seed, i, static_cast<std::uint64_t>(k)));
                ReplayResult result;
                try {
                    result = policy.apply(sample.image, sample.mask, rng, ReplayOptions{false, true});
                } catch (const std::exception &error) {
                    throw std::runtime_error(item.imageOut.filename().string() + ": " + error.what());
                }
                const std::string suffix = "_" + std::to_string(k) + ".png";
                writePng(item.imageOut.string() + suffix, toBgr8(result.image));
                if (!item.maskOut.empty() && !result.mask.empty()) {
                    writePng(item.maskOut.string() + suffix, result.mask);
                    ++masks;
                }
            }
        },
        [&](std::size_t done, std::size_t total) {
            if (tty)
                std::cerr << "augmented " << done << "/" << total << " images\r" << std::flush;
            return true;
        },
        static_cast<unsigned>(std::max(0, line.intValue("threads", 0))));
    if (tty)
        std::cerr << "\n";
    std::cout << items.size() << " image(s) x " << count << " -> " << output.string() << " ("
              << items.size() * count << " images";
    if (masks > 0)
        std::cout << ", " << masks.load() << " masks";
    std::cout << ")\n";
    return 0;
}

} // namespace augstudio::cli
