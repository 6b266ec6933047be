// augstudio-cli apply: K augmented versions of every input image (and mask) through a saved
// policy, as training would see them: a preview, and an offline augmentation tool.

#include "CommandLine.h"
#include "Commands.h"
#include "ImageProgress.h"
#include "SharedOptions.h"

#include "data/Dataset.h"
#include "data/DatasetLayouts.h"
#include "data/DeterministicRandom.h"
#include "data/ImageChannels.h"
#include "data/ImageDecoding.h"
#include "data/ImageFiles.h"
#include "data/MaskColours.h"
#include "data/ParallelFor.h"
#include "io/AtomicFile.h"
#include "io/IoError.h"
#include "io/NormalPath.h"
#include "io/PrintableText.h"
#include "replay/ReplayPolicy.h"
#include "search/SearchFolder.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>

namespace fs = std::filesystem;

namespace augstudio::cli {

namespace {

// One input: where its outputs go (without the "_<k>.png") and how to read it.
struct InputItem
{
    std::string source; // the image file (or IDX item), for messages
    fs::path imageOut;
    fs::path maskOut; // empty: no mask
    const MaskColours *maskColours = nullptr; // colour masks: written in their colours, not as class ids
    std::function<Sample()> load;
    // Whether the image is grey (one channel, or grey + alpha): its copies are then written grey,
    // so that an augmented grey dataset stays one (the sample's three equal channels are the
    // decoder's, not the file's).
    std::function<bool()> grey;
};

bool greyFile(const std::string &file)
{
    return imageFileColour(file) == ImageColour::Grey;
}

// The folder that holds every one of `files`, so that outputs keep the folders below it.
fs::path commonFolder(const std::vector<fs::path> &files)
{
    fs::path base = files.empty() ? fs::path() : files.front().parent_path();
    for (const fs::path &file : files) {
        while (!base.empty() && base != base.parent_path()) {
            const fs::path relative = file.lexically_relative(base);
            if (!relative.empty() && *relative.begin() != "..")
                break;
            base = base.parent_path();
        }
    }
    return base;
}

// A segmentation dataset at `dir`: images/ + masks/, VOC, Cityscapes, or `dir` itself being
// the images/ folder with masks/ beside it.
std::optional<fs::path> segmentationRoot(fs::path dir)
{
    const auto isSegmentation = [](const fs::path &root) {
        const auto layout = detectLayout(root.string());
        return layout && taskOf(*layout) == Task::SemanticSegmentation;
    };
    dir = normalPath(fs::absolute(dir));
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
    std::vector<fs::path> images;
    for (std::size_t i = 0; segmentation && i < dataset->size(); ++i)
        images.emplace_back(dataset->itemName(i));
    // images/a/x.png and images/b/x.png: their folders are kept, or the two would meet.
    const fs::path imagesBase = commonFolder(images);
    for (std::size_t i = 0; i < dataset->size(); ++i) {
        InputItem item;
        item.source = dataset->itemName(i);
        item.load = [dataset, i] { return dataset->load(i); };
        // IDX is grey throughout; an image of a segmentation dataset is judged as the file it is.
        item.grey = [dataset, segmentation, source = item.source] {
            return dataset->channels() == 1 || (segmentation && greyFile(source));
        };
        if (segmentation) {
            const fs::path name = images[i].lexically_relative(imagesBase).replace_extension();
            item.imageOut = output / "images" / name;
            item.maskOut = output / "masks" / name;
            item.maskColours = dataset->maskColours(); // lives as long as `dataset`, which `load` holds
        } else {
            // IDX and CIFAR: one folder per class, so that the output is an image-folder dataset.
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

// The dataset's warnings (images without masks, files that are not images, ...) go to `problems`.
std::vector<InputItem> collectInputs(const fs::path &input, const fs::path &output, InputDtype dtype,
                                     std::vector<DatasetProblem> &problems)
{
    std::error_code ec;
    if (fs::is_regular_file(input, ec)) {
        InputItem item;
        item.source = input.string();
        item.imageOut = output / input.stem();
        item.load = [input, dtype] { return Sample{decodeImage(input.string(), dtype), {}, -1}; };
        item.grey = [input] { return greyFile(input.string()); };
        return {item};
    }
    if (!fs::is_directory(input, ec))
        throw std::runtime_error(input.string() + (fs::exists(input, ec) ? ": neither an image file nor a folder"
                                                                          : ": no such image or folder"));

    DataConfig config;
    config.inputDtype = dtype;
    if (const auto root = segmentationRoot(input)) {
        config.dataset.root = root->string();
        std::shared_ptr<Dataset> dataset = openDataset(config, Task::SemanticSegmentation, kEveryMaskId, problems);
        return datasetItems(dataset, output, true);
    }
    if (const std::optional<DatasetLayout> layout = detectLayout(input.string());
        layout == DatasetLayout::Idx || layout == DatasetLayout::Cifar || layout == DatasetLayout::Svhn
        || layout == DatasetLayout::Flowers102 || layout == DatasetLayout::Stl10) {
        config.dataset.root = input.string();
        config.dataset.layout = toString(*layout);
        std::shared_ptr<Dataset> dataset = openDataset(config, Task::Classification, 0, problems);
        return datasetItems(dataset, output, false);
    }
    std::vector<InputItem> items;
    std::vector<SkippedEntry> skipped;
    const std::vector<fs::path> files = listImageFiles(input, &skipped);
    addSkippedWarnings(problems, skipped); // a GIF among the photos is named, not passed over
    for (const fs::path &file : files) {
        InputItem item;
        item.source = file.string();
        // Lexically: fs::relative() resolves a linked folder and would lead outside `output`.
        item.imageOut = output / file.lexically_relative(input).replace_extension();
        item.load = [file, dtype] { return Sample{decodeImage(file.string(), dtype), {}, -1}; };
        item.grey = [file] { return greyFile(file.string()); };
        items.push_back(std::move(item));
    }
    if (items.empty())
        throw std::runtime_error(input.string() + ": no images (" + imageExtensionList() + ")");
    return items;
}

// photo.png and photo.jpg would both write photo_<k>.png: such inputs keep their extension
// in the name (photo_png_<k>.png, photo_jpg_<k>.png); the others keep the plain stem.
void keepOutputsApart(std::vector<InputItem> &items)
{
    std::map<fs::path, int> uses;
    for (const InputItem &item : items)
        ++uses[item.imageOut];
    for (InputItem &item : items) {
        const std::string extension = fs::path(item.source).extension().string();
        if (uses[item.imageOut] < 2 || extension.empty())
            continue;
        const std::string tail = "_" + extension.substr(1);
        item.imageOut += tail;
        if (!item.maskOut.empty())
            item.maskOut += tail;
    }
    std::map<fs::path, const InputItem *> owners;
    for (const InputItem &item : items) {
        const auto [owner, inserted] = owners.emplace(item.imageOut, &item);
        if (!inserted)
            throw std::runtime_error(owner->second->source + " and " + item.source + " would both be written to "
                                     + item.imageOut.string() + "_<k>.png; rename one of them");
    }
}

// The most bytes a file name may have (NAME_MAX of Linux's file systems).
constexpr std::size_t kMaxFileNameBytes = 255;

// Each output name ("<name>_<k>.png", the last copy's the longest) must fit a file name: one
// that does not would stop the run part-way, with other files written. Checked before any is.
void checkOutputNameLengths(const std::vector<InputItem> &items, int count)
{
    const std::string longestSuffix = "_" + std::to_string(count - 1) + ".png";
    for (const InputItem &item : items)
        for (const fs::path &out : {item.imageOut, item.maskOut}) {
            const std::size_t bytes = out.filename().string().size() + longestSuffix.size();
            if (!out.empty() && bytes > kMaxFileNameBytes)
                throw std::runtime_error(item.source + ": its copies would be named " + out.filename().string()
                                         + longestSuffix + ", " + std::to_string(bytes) + " bytes, over the "
                                         + std::to_string(kMaxFileNameBytes)
                                         + " a file name may have; rename the file; nothing written");
        }
}

void writePng(const fs::path &path, const cv::Mat &pixels)
{
    std::vector<unsigned char> encoded;
    if (!cv::imencode(".png", pixels, encoded))
        throw std::runtime_error("cannot encode " + path.string());
    writeFileAtomically(path.string(), std::string(encoded.begin(), encoded.end()));
}

// The replay's RGB result (uint8, or float in [0,1]) as an 8-bit image for imencode: BGR,
// or for a grey input its first channel, the one the search's loader keeps of a grey image
// (a colour operation such as RGBShift acts on it as the red shift, as in training).
cv::Mat toPng8(const cv::Mat &rgb, bool grey)
{
    cv::Mat eight;
    if (rgb.depth() == CV_8U)
        eight = rgb;
    else
        rgb.convertTo(eight, CV_8U, 255.0);
    cv::Mat out;
    if (grey && eight.channels() == 3)
        cv::extractChannel(eight, out, 0);
    else if (eight.channels() == 3)
        cv::cvtColor(eight, out, cv::COLOR_RGB2BGR);
    else
        out = eight;
    return out;
}

} // namespace

int applyCommand(const std::vector<std::string> &args)
{
    const CommandLine line("apply", args, {"policy", "input", "output", "count", "seed", "threads"}, {});
    for (const char *required : {"policy", "input", "output"})
        if (!line.has(required))
            throw UsageError(std::string("apply needs --") + required);
    const int count = line.intValue("count", 1);
    if (count < 1)
        throw UsageError("--count must be at least 1");
    const std::uint64_t seed = line.uint64Value("seed", 0);
    // No more threads than cores, as the search: more only take turns, and a system that
    // refuses a thread (a limit on processes or memory) would end the program.
    const unsigned threads = std::min(static_cast<unsigned>(threadsArgument(line)), usableCores());

    // Everything that can be checked is checked before the first file is written.
    const ReplayPolicy policy = ReplayPolicy::load(line.value("policy"));
    const fs::path input = line.value("input"), output = line.value("output");
    // Outputs in the input folder would overwrite its images (photo_0.png is photo.png's first
    // copy) and be read as inputs by the next run.
    if (std::error_code ec; fs::is_directory(input, ec)) {
        const fs::path read = segmentationRoot(input).value_or(input);
        if (isSameOrInside(output.string(), read.string()))
            throw UsageError("--output " + output.string() + " is, or is inside, the input folder " + read.string()
                             + ": the augmented images would mix with the originals and could overwrite them; "
                               "choose a folder outside it");
    } else if (fs::is_regular_file(input, ec)) {
        // photo_0.png, photo_1.png, ... beside photo.png may be the user's own files.
        const std::string folder = fs::absolute(input, ec).parent_path().string();
        if (isSameOrInside(output.string(), folder) && isSameOrInside(folder, output.string()))
            throw UsageError("--output " + output.string() + " is the folder of the input image " + input.string()
                             + ": the augmented copies (" + input.stem().string()
                             + "_<k>.png) could overwrite files beside it; choose another folder");
    }
    std::vector<DatasetProblem> problems;
    std::vector<InputItem> items = collectInputs(input, output, policy.inputDtype(), problems);
    for (const DatasetProblem &problem : problems)
        std::cerr << (problem.error ? "error: " : "warning: ") << printableLine(problem.message) << "\n";
    keepOutputsApart(items);
    checkOutputNameLengths(items, count);

    // An image that cannot be decoded is skipped, as the search skips it: its warning, or empty.
    std::vector<std::string> skipped(items.size());
    auto load = [&](std::size_t i) -> std::optional<Sample> {
        try {
            return items[i].load();
        } catch (const UnreadableImageError &error) {
            skipped[i] = std::string(error.what()) + "; skipped";
            return std::nullopt;
        }
    };
    // A mask of another size than its image (or with a bad class id) is an error: all pairs
    // are decoded once before anything is written, so that it cannot stop a run half done.
    if (std::any_of(items.begin(), items.end(), [](const InputItem &item) { return !item.maskOut.empty(); })) {
        std::vector<std::string> errors(items.size());
        {
            ImageProgress progress("checked");
            parallelFor(
                items.size(),
                [&](std::size_t i) {
                    try {
                        load(i);
                    } catch (const std::exception &error) {
                        errors[i] = error.what();
                    }
                },
                std::ref(progress), threads);
        }
        errors.erase(std::remove(errors.begin(), errors.end(), std::string()), errors.end());
        if (!errors.empty())
            throw std::runtime_error(errors.front()
                                     + (errors.size() > 1 ? " (and " + std::to_string(errors.size() - 1) + " more)" : "")
                                     + "; nothing written");
    }

    // A run into the folder of an earlier one would replace some copies and leave the others
    // (its _1, _2 beside this run's _0): the two runs mixed, said as one.
    for (const InputItem &item : items)
        for (const fs::path &out : {item.imageOut, item.maskOut}) {
            std::error_code error;
            if (!out.empty() && fs::exists(out.string() + "_0.png", error))
                throw std::runtime_error("--output " + output.string() + " already holds " + out.string()
                                         + "_0.png, a copy an earlier apply wrote: this run's copies would mix with "
                                           "its; give a new or empty folder");
        }

    std::set<fs::path> folders{output};
    for (const InputItem &item : items) {
        folders.insert(item.imageOut.parent_path());
        if (!item.maskOut.empty())
            folders.insert(item.maskOut.parent_path());
    }
    for (const fs::path &folder : folders)
        ensureWritableDirectory(folder.string());

    std::atomic<std::size_t> masks{0};
    std::vector<std::string> refused(items.size()); // by the policy: its reason, or empty
    ImageProgress augmented("augmented");
    try {
        parallelFor(
            items.size(),
            [&](std::size_t i) {
                const InputItem &item = items[i];
                if (!skipped[i].empty())
                    return;
                const std::optional<Sample> sample = load(i);
                if (!sample)
                    return;
                const bool grey = item.grey();
                // Seeded by (seed, the output's name, copy): the same files whatever the thread
                // count, and an image's copies stay its own when other files come or go.
                const std::uint64_t itemSeed = seedOfText(item.imageOut.lexically_relative(output).generic_string());
                for (int k = 0; k < count; ++k) {
                    std::mt19937_64 rng(mixSeed(seed, itemSeed, static_cast<std::uint64_t>(k)));
                    ReplayResult result;
                    try {
                        result = policy.apply(sample->image, sample->mask, rng, ReplayOptions{false, true});
                    } catch (const std::exception &error) {
                        // An image the policy cannot take (a crop larger than it) is skipped, with
                        // its copies so far, as one that cannot be read is: the run goes on.
                        refused[i] = item.source + ": " + error.what() + "; skipped";
                        for (int done = 0; done < k; ++done) {
                            const std::string suffix = "_" + std::to_string(done) + ".png";
                            std::error_code ignored;
                            fs::remove(item.imageOut.string() + suffix, ignored);
                            if (!item.maskOut.empty() && fs::remove(item.maskOut.string() + suffix, ignored))
                                --masks;
                        }
                        return;
                    }
                    const std::string suffix = "_" + std::to_string(k) + ".png";
                    writePng(item.imageOut.string() + suffix, toPng8(result.image, grey));
                    if (!item.maskOut.empty() && !result.mask.empty()) {
                        cv::Mat mask = result.mask;
                        if (item.maskColours)
                            cv::cvtColor(coloursOfClassIds(mask, *item.maskColours), mask, cv::COLOR_RGB2BGR);
                        writePng(item.maskOut.string() + suffix, mask);
                        ++masks;
                    }
                }
            },
            std::ref(augmented), threads);
    } catch (const IoError &error) {
        // A full disk: the copies written so far stay, and a rerun refuses a folder that holds some.
        throw std::runtime_error(std::string(error.what()) + "; " + output.string()
                                 + " holds a partial set of copies: remove it (or its copies) to run again");
    }
    augmented.finish();

    // Each skipped file once: opening the dataset may have named it already.
    std::size_t skips = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (skipped[i].empty())
            continue;
        ++skips;
        if (!namesFile(problems, items[i].source))
            std::cerr << "warning: " << printableLine(skipped[i]) << "\n";
    }
    std::size_t refusals = 0;
    for (const std::string &why : refused)
        if (!why.empty()) {
            ++refusals;
            std::cerr << "warning: " << printableLine(why) << "\n";
        }
    const std::size_t written = items.size() - skips - refusals;
    if (written == 0 && refusals > 0)
        throw std::runtime_error(line.value("policy") + " cannot transform any image of " + input.string()
                                 + " (see the warnings); nothing written");
    if (written == 0)
        throw std::runtime_error(input.string() + ": no image could be read; nothing written");
    std::cout << written << " image(s) x " << count << " -> " << output.string() << " (" << written * count
              << " images";
    if (masks > 0)
        std::cout << ", " << masks.load() << " masks";
    std::cout << ")";
    if (skips > 0)
        std::cout << "; " << skips << " unreadable image(s) skipped";
    if (refusals > 0)
        std::cout << "; " << refusals << " image(s) the policy cannot transform skipped";
    std::cout << "\n";
    return 0;
}

} // namespace augstudio::cli
