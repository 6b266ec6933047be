#include "data/DetectionDatasets.h"

#include "data/ImageFiles.h"
#include "io/AsciiText.h"

#include <functional>
#include <optional>
#include <vector>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

bool endsWith(const std::string &name, const std::string &ending)
{
    return name.size() >= ending.size() && name.compare(name.size() - ending.size(), ending.size(), ending) == 0;
}

// The file of `dir` (not below it) first by name whose lower-case name `wanted` accepts, of
// the first `most` entries.
std::optional<fs::path> firstFileNamed(const fs::path &dir, const std::function<bool(const std::string &)> &wanted,
                                       std::size_t most = 256)
{
    std::error_code error;
    std::size_t seen = 0;
    std::optional<fs::path> first;
    for (fs::directory_iterator it(dir, error), end; !error && it != end && seen < most; it.increment(error), ++seen)
        if (wanted(asciiLower(it->path().filename().string())) && it->is_regular_file(error)
            && (!first || it->path().filename() < first->filename()))
            first = it->path();
    return first;
}

std::optional<fs::path> fileEndingIn(const fs::path &dir, const std::string &ending)
{
    return firstFileNamed(dir, [&](const std::string &name) { return endsWith(name, ending); });
}

std::string shown(const fs::path &file, const fs::path &dir)
{
    return file.lexically_relative(dir).generic_string();
}

// COCO's annotations/instances_<split>.json, Roboflow's _annotations.coco.json. Files named
// relative to `base`.
std::string cocoIn(const fs::path &dir, const fs::path &base)
{
    if (const auto file = fileEndingIn(dir, "_annotations.coco.json"))
        return "COCO annotations (" + shown(*file, base) + ")";
    const auto instances = firstFileNamed(dir / "annotations", [](const std::string &name) {
        return name.rfind("instances", 0) == 0 && endsWith(name, ".json");
    });
    if (instances)
        return "COCO annotations (" + shown(*instances, base) + ")";
    return {};
}

// YOLO's labels/ (or labels/<split>/) of .txt files beside images/ (or images/<split>/).
std::string yoloIn(const fs::path &dir, const fs::path &base)
{
    const fs::path labels = dir / "labels";
    if (!fs::is_directory(labels) || !fs::is_directory(dir / "images"))
        return {};
    std::vector<fs::path> folders = {labels};
    for (const fs::path &split : listSubfolders(labels))
        folders.push_back(split);
    for (const fs::path &folder : folders)
        if (const auto file = fileEndingIn(folder, ".txt"))
            return "YOLO labels (" + shown(*file, base) + ")";
    return {};
}

// Pascal VOC's Annotations/ of boxes, where no SegmentationClass/ gives masks.
std::string vocBoxesIn(const fs::path &dir, const fs::path &base)
{
    if (!fs::is_directory(dir / "JPEGImages") || fs::is_directory(dir / "SegmentationClass"))
        return {};
    if (const auto file = fileEndingIn(dir / "Annotations", ".xml"))
        return "Pascal VOC boxes (" + shown(*file, base) + ")";
    return {};
}

std::string annotationsAt(const fs::path &dir, const fs::path &base)
{
    for (const auto find : {cocoIn, yoloIn, vocBoxesIn})
        if (std::string found = find(dir, base); !found.empty())
            return found;
    return {};
}

} // namespace

std::string detectionAnnotationsIn(const fs::path &dir)
{
    if (std::string found = annotationsAt(dir, dir); !found.empty())
        return found;
    // Roboflow's exports: train/, valid/, test/, each with its annotations.
    for (const fs::path &split : listSubfolders(dir))
        if (std::string found = annotationsAt(split, dir); !found.empty())
            return found;
    return {};
}

} // namespace augstudio
