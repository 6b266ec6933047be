// The scan of a segmentation dataset's masks when it is opened: the class ids and ignore values
// they hold, binary masks told from masks of class ids, the colours of colour masks.

#include "data/MaskClassCount.h"

#include "data/DatasetLayouts.h"
#include "data/ParallelFor.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <unordered_map>

namespace augstudio {

namespace {

constexpr int kIgnore = 255;

bool isIgnoreValue(int value, int ignoreIndex)
{
    return value == kIgnore || value == ignoreIndex;
}

// How many pixels of the masks hold each value, as stored, and a mask holding the largest
// class id: when num_classes is 0 the class count is that id + 1.
struct MaskIds
{
    std::array<std::uint64_t, 256> counts{};
    std::uint64_t pixels = 0;
    int ignoreIndex = kIgnore;
    int largest = 0;
    std::string largestIn;
    // Read as class ids: how many masks hold colours (their first), and how many hold class ids.
    std::size_t colourMasks = 0, idMasks = 0;
    std::string colourMask, colourError;

    // Whether a pixel holds class id `id` (never an ignore value).
    bool present(int id) const { return counts[std::size_t(id)] > 0 && !isIgnoreValue(id, ignoreIndex); }
    bool anyClass() const
    {
        for (int id = 0; id < 256; ++id)
            if (present(id))
                return true;
        return false;
    }
    std::uint64_t at255() const { return counts[kIgnore]; }
    // Pixels of an ignore value: 255 marking the foreground of binary masks ignores all of it.
    std::uint64_t ignored() const
    {
        const bool other = ignoreIndex >= 0 && ignoreIndex < 256 && ignoreIndex != kIgnore;
        return at255() + (other ? counts[std::size_t(ignoreIndex)] : 0);
    }

    // Colour-coded masks, read with a colour table: more of them than of masks of class ids
    // (a mask of three equal channels, black alone in a colour dataset, is neither).
    bool colourCoded() const { return colourMasks > 0 && colourMasks >= idMasks; }

    // Masks of 0 and 255 only, 255 never beside another class: binary masks.
    bool binaryOf255() const { return largest == 0 && at255() > 0 && at255() == ignored(); }

    // Binary masks of 0 and 255 blurred at the edges, by JPEG compression or smoothing: pixels
    // of 0 and of 224 or more, a few (at most 2 %) in the middle band 64..191, and more values
    // than classes would have. Masks of a few class ids and 255 for ignore hold nothing in that band.
    bool blurredBinary() const
    {
        std::uint64_t middle = 0, high = 0;
        int values = 0;
        for (int value = 0; value < 256; ++value) {
            values += counts[std::size_t(value)] > 0;
            if (value >= 64 && value < 192)
                middle += counts[std::size_t(value)];
            if (value >= 224)
                high += counts[std::size_t(value)];
        }
        return counts[0] > 0 && high > 0 && middle > 0 && middle * 50 <= pixels && values > 16;
    }
};

// With `skipUndecodable`, a mask that does not decode counts as none (load() will say so);
// else its DatasetError ends the scan. A colour-coded mask met in ClassIndex is noted, not an error.
MaskIds maskIds(const std::vector<PairItem> &items, MaskEncoding encoding, int ignoreIndex, bool skipUndecodable,
                const MaskColours *colours = nullptr)
{
    std::vector<int> largest(items.size(), -1);
    std::vector<std::uint64_t> pixels(items.size());
    std::vector<MaskStorage> storage(items.size(), MaskStorage::EqualChannels);
    std::vector<std::string> colourError(items.size());
    std::array<std::atomic<std::uint64_t>, 256> counts{};
    parallelFor(items.size(), [&](std::size_t i) {
        cv::Mat mask;
        try {
            mask = decodeMask(items[i].mask, encoding, colours, &storage[i]);
        } catch (const ColourMaskError &error) {
            storage[i] = MaskStorage::Colours;
            colourError[i] = error.what();
            return;
        } catch (const DatasetError &) {
            if (!skipUndecodable)
                throw;
            return;
        }
        std::array<std::uint64_t, 256> maskCounts{};
        for (int y = 0; y < mask.rows; ++y) {
            const unsigned char *row = mask.ptr<unsigned char>(y);
            for (int x = 0; x < mask.cols; ++x)
                ++maskCounts[row[x]];
        }
        for (int value = 0; value < 256; ++value) {
            const std::uint64_t count = maskCounts[std::size_t(value)];
            if (count == 0)
                continue;
            counts[std::size_t(value)] += count;
            if (!isIgnoreValue(value, ignoreIndex))
                largest[i] = value;
        }
        pixels[i] = std::uint64_t(mask.total());
    });
    MaskIds ids;
    ids.ignoreIndex = ignoreIndex;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!colourError[i].empty() && ids.colourMasks++ == 0) {
            ids.colourMask = items[i].mask;
            ids.colourError = colourError[i];
        }
        ids.idMasks += storage[i] == MaskStorage::ClassIds;
        ids.pixels += pixels[i];
        if (largest[i] > ids.largest) {
            ids.largest = largest[i];
            ids.largestIn = items[i].mask;
        }
    }
    for (std::size_t value = 0; value < 256; ++value)
        ids.counts[value] = counts[value];
    return ids;
}

// "the ignore value 255 (data.ignore_index)", or both where data.ignore_index is another.
std::string ignoreValuesNamed(int ignoreIndex)
{
    if (ignoreIndex < 0 || ignoreIndex == kIgnore)
        return "the ignore value " + std::to_string(kIgnore) + " (data.ignore_index)";
    return "the ignore values " + std::to_string(kIgnore) + " and " + std::to_string(ignoreIndex)
           + " (data.ignore_index)";
}

// "38%" of the masks' pixels; "under 1%" rather than a share that rounds to none.
std::string ignoredShare(const MaskIds &ids)
{
    const std::uint64_t percent = ids.pixels > 0 ? (ids.ignored() * 100 + ids.pixels / 2) / ids.pixels : 0;
    return percent == 0 ? std::string("under 1%") : std::to_string(percent) + "%";
}

// An ignore value on this share of the pixels or more is worth naming when a class is missing:
// VOC's borders are a few percent, a binary mask's foreground often far more.
bool ignoredOften(const MaskIds &ids)
{
    return ids.ignored() * 100 >= ids.pixels && ids.ignored() > 0;
}

// Binary masks of 0 and 255 (1-bit PNGs decode so) are read as background 0, foreground 1:
// 255 as the ignore value would leave them nothing to learn. Said, as the padding of the
// exported file still fills masks with 255.
void noteBinaryMasks(const std::string &where, std::vector<DatasetProblem> &problems)
{
    addWarning(problems, where,
               "the masks of " + where + " hold only 0 and 255: read as binary masks, 0 the background and 255 the "
               "foreground (class 1); in training, give the exported transforms the masks divided by 255: a "
               "constant-border padding fills masks with 255, the ignore value");
}

// A stray value in one mask (200 among ids 0-3) makes the inferred count 201: said, naming
// the mask, as IDX labels are (IdxDataset's checkLabelsUsed).
void warnOfEmptyIds(const MaskIds &ids, const std::string &where, std::vector<DatasetProblem> &problems)
{
    std::vector<int> empty;
    for (int id = 0; id < ids.largest; ++id)
        if (!ids.present(id))
            empty.push_back(id);
    if (empty.empty())
        return;
    const int count = ids.largest + 1;
    // Ids from 1 (the Oxford-IIIT Pet set's trimaps hold 1, 2 and 3): no stray value, a class 0
    // that is never drawn.
    if (empty == std::vector<int>{0}) {
        addWarning(problems, where,
                   "the masks of " + where + " hold class ids 1.." + std::to_string(ids.largest)
                       + " and no 0 (ids counted from 1): the search counts " + std::to_string(count)
                       + " classes, class 0 without a pixel; save the masks with ids from 0 to leave it out");
        return;
    }
    const std::string listed = firstIds(empty);
    addWarning(problems, ids.largestIn,
               "the masks of " + where + " leave " + std::to_string(empty.size()) + " of the " + std::to_string(count)
                   + " class ids 0.." + std::to_string(ids.largest)
                   + " without a pixel (the class count is the largest id + 1): ids " + listed + "; the largest, "
                   + std::to_string(ids.largest) + ", is in " + ids.largestIn
                   + ": check it for a stray value, or set num_classes");
}

// num_classes given: a class no mask shows is learnt from nothing. Where an ignore value is
// frequent it is likely that class, saved as 255.
void warnOfDeclaredClassesWithoutPixels(const MaskIds &ids, int count, const std::string &where, int ignoreIndex,
                                        std::vector<DatasetProblem> &problems)
{
    std::vector<int> empty;
    for (int id = 0; id < count; ++id)
        if (!ids.present(id))
            empty.push_back(id);
    if (empty.empty() || ids.pixels == 0)
        return;
    const bool one = empty.size() == 1;
    std::string message = "the masks of " + where + " have no pixel of " + (one ? "class " : "classes ")
                          + firstIds(empty) + " (num_classes is " + std::to_string(count) + "): "
                          + (one ? "it is" : "they are") + " learnt from nothing";
    if (ignoredOften(ids))
        message += "; " + ignoreValuesNamed(ignoreIndex) + " is on " + ignoredShare(ids) + " of their pixels: if "
                   + std::to_string(kIgnore) + " marks a class, save the masks with that class's id for it";
    addWarning(problems, where, message);
}


// Blurred binary masks are read as 0 and 1 by a threshold, said once, as the training must do alike.
void noteBlurredBinaryMasks(const MaskIds &ids, const std::string &where, std::vector<DatasetProblem> &problems)
{
    std::uint64_t between = 0;
    for (std::size_t value = 1; value < 255; ++value)
        between += ids.counts[value];
    const std::uint64_t percent = (between * 100 + ids.pixels / 2) / std::max<std::uint64_t>(ids.pixels, 1);
    addWarning(problems, where,
               "the masks of " + where + " are binary masks of 0 and 255 blurred at the edges (values between on "
                   + (percent == 0 ? std::string("under 1%") : std::to_string(percent) + "%")
                   + " of their pixels, as JPEG compression or smoothing leaves them): read as 0 the background "
                     "and from 128 up the foreground (class 1); in training, threshold them alike (mask > 127) "
                     "before the transforms, or save the masks as PNG of 0 and 1");
}

// num_classes 0: the largest id the masks hold + 1, refused where they hold fewer than 2 classes.
MaskReading inferredClassCount(const std::vector<PairItem> &items, MaskEncoding encoding, const OpenRequest &request)
{
    const std::string where = request.root.string();
    const int ignoreIndex = request.config.ignoreIndex;
    const MaskIds ids = maskIds(items, encoding, ignoreIndex, false);
    if (ids.colourCoded())
        return {0, encoding, ids.colourMask};
    if (ids.colourMasks > 0) // a colour mask among more of class ids: as a mask that does not decode
        throw DatasetError(ids.colourError, ids.colourMask);
    if (!ids.anyClass())
        throw DatasetError("the masks of " + where + " hold no class id, only the ignore value "
                               + std::to_string(kIgnore)
                               + (ignoreIndex >= 0 && ignoreIndex != kIgnore
                                      ? " and data.ignore_index " + std::to_string(ignoreIndex)
                                      : std::string())
                               + ": nothing to learn from (are they masks of class ids, 0, 1, 2, ...?)",
                           where);
    if (encoding == MaskEncoding::ClassIndex && ids.binaryOf255()) {
        noteBinaryMasks(where, request.problems);
        return {2, MaskEncoding::BinaryOf255, {}};
    }
    if (encoding == MaskEncoding::ClassIndex && ids.blurredBinary()) {
        noteBlurredBinaryMasks(ids, where, request.problems);
        return {2, MaskEncoding::BinaryThreshold, {}};
    }
    if (ids.largest == 0)
        throw DatasetError("the masks of " + where + " hold only class 0"
                               + (ids.ignored() > 0 ? " and " + ignoreValuesNamed(ignoreIndex) + ", on "
                                                        + ignoredShare(ids) + " of their pixels"
                                                  : std::string())
                               + "; segmentation needs at least 2 classes (set num_classes if the masks are right)",
                           where);
    warnOfEmptyIds(ids, where, request.problems);
    return {ids.largest + 1, encoding, {}};
}

} // namespace

MaskReading segmentationClassCount(const std::vector<PairItem> &items, MaskEncoding encoding,
                                   const OpenRequest &request)
{
    const std::string where = request.root.string();
    if (request.numClasses <= 0)
        return inferredClassCount(items, encoding, request);
    if (request.numClasses > 255)
        throw DatasetError("num_classes is " + std::to_string(request.numClasses) + " for " + where
                               + "; masks hold 8-bit class ids, so at most 255 classes",
                           where);
    if (request.numClasses == kEveryMaskId) { // apply's: no classes to check; colour masks are read as such
        const MaskIds ids = maskIds(items, encoding, request.config.ignoreIndex, true);
        return {request.numClasses, encoding, ids.colourCoded() ? ids.colourMask : std::string()};
    }
    // A mask that does not decode is load()'s to report, item by item.
    const int ignoreIndex = request.config.ignoreIndex;
    const MaskIds ids = maskIds(items, encoding, ignoreIndex, true);
    if (ids.colourCoded())
        return {0, encoding, ids.colourMask};
    if (encoding == MaskEncoding::ClassIndex && request.numClasses == 2 && ids.binaryOf255()) {
        noteBinaryMasks(where, request.problems);
        return {2, MaskEncoding::BinaryOf255, {}};
    }
    if (encoding == MaskEncoding::ClassIndex && request.numClasses == 2 && ids.blurredBinary()) {
        noteBlurredBinaryMasks(ids, where, request.problems);
        return {2, MaskEncoding::BinaryThreshold, {}};
    }
    warnOfDeclaredClassesWithoutPixels(ids, request.numClasses, where, ignoreIndex, request.problems);
    return {request.numClasses, encoding, {}};
}

namespace {

// Masks hold 8-bit class ids, 255 the ignore value.
constexpr std::size_t kMaxMaskColours = 255;

std::string tooManyColours(const std::string &what)
{
    return what + " more than " + std::to_string(kMaxMaskColours)
           + " colours, more classes than a mask can hold: their edges are blended (drawn smooth, resized or saved "
             "lossy); save masks in exact class colours, or list the class colours in "
           + kClassDictFile;
}

// The colours of colour-coded masks with no colour file, and how many pixels each holds.
ColourCounts maskColourCounts(const std::vector<PairItem> &items, const std::string &where)
{
    using Counts = std::unordered_map<std::uint32_t, std::uint64_t>;
    std::vector<Counts> perMask(items.size());
    parallelFor(items.size(), [&](std::size_t i) {
        const cv::Mat rgb = decodeColourMask(items[i].mask);
        Counts &counts = perMask[i];
        for (int y = 0; y < rgb.rows; ++y) {
            const cv::Vec3b *row = rgb.ptr<cv::Vec3b>(y);
            for (int x = 0; x < rgb.cols;) {
                int end = x + 1; // a run of one colour is counted at once
                while (end < rgb.cols && row[end] == row[x])
                    ++end;
                counts[(std::uint32_t(row[x][0]) << 16) | (std::uint32_t(row[x][1]) << 8) | row[x][2]] += end - x;
                x = end;
            }
            if (counts.size() > kMaxMaskColours)
                throw DatasetError(tooManyColours("mask " + items[i].mask + " holds"), items[i].mask);
        }
    });
    Counts all;
    for (const Counts &counts : perMask)
        for (const auto &[key, pixels] : counts)
            all[key] += pixels;
    if (all.size() > kMaxMaskColours)
        throw DatasetError(tooManyColours("the masks of " + where + " hold " + std::to_string(all.size()) + ","),
                           where);
    ColourCounts colours;
    for (const auto &[key, pixels] : all)
        colours.emplace_back(cv::Vec3b(uchar(key >> 16), uchar(key >> 8), uchar(key)), pixels);
    return colours;
}

// Colours on so few pixels are the blend of two classes at an edge rather than a class.
void warnOfRareColours(const ColourCounts &counts, const std::string &where, std::vector<DatasetProblem> &problems)
{
    std::uint64_t total = 0;
    for (const auto &entry : counts)
        total += entry.second;
    std::vector<cv::Vec3b> rare;
    for (const auto &[rgb, pixels] : counts)
        if (pixels * 10000 < total)
            rare.push_back(rgb);
    if (rare.empty())
        return;
    std::sort(rare.begin(), rare.end(), [](cv::Vec3b a, cv::Vec3b b) { return colourName(a) < colourName(b); });
    std::string named;
    for (std::size_t i = 0; i < rare.size() && i < 5; ++i)
        named += (i ? ", " : "") + colourName(rare[i]);
    if (rare.size() > 5)
        named += ", ...";
    addWarning(problems, where,
               std::to_string(rare.size()) + " of the " + std::to_string(counts.size()) + " colours of the masks of "
                   + where + " cover under 0.01% of their pixels each (" + named
                   + "): blended edges? each is read as a class; save masks in exact class colours, or list the "
                     "class colours in " + kClassDictFile + " to have such pixels named");
}

} // namespace

MaskColours maskColourTable(const std::vector<PairItem> &items, const OpenRequest &request)
{
    if (std::optional<MaskColours> file = readMaskColourFile(request.root))
        return std::move(*file);
    const std::string where = request.root.string();
    const ColourCounts counts = maskColourCounts(items, where);
    warnOfRareColours(counts, where, request.problems);
    return coloursByValue(counts);
}

MaskReading colourMaskClassCount(const std::vector<PairItem> &items, const MaskColours &colours,
                                 const OpenRequest &request)
{
    if (request.numClasses == kEveryMaskId)
        return {kEveryMaskId, MaskEncoding::ColourTable, {}};
    const std::string where = request.root.string();
    const int found = int(colours.colours.size());
    const std::string listed =
        colours.source.empty() ? "the masks of " + where + " hold" : colours.source + " lists";
    if (request.numClasses > 0 && request.numClasses < found)
        throw DatasetError(listed + " " + std::to_string(found) + " class colours, but num_classes is "
                               + std::to_string(request.numClasses) + ": set it to " + std::to_string(found)
                               + " or leave it out",
                           colours.source.empty() ? where : colours.source);
    const int classes = request.numClasses > 0 ? request.numClasses : found;
    if (classes < 2)
        throw DatasetError(listed + " the one colour " + colourName(colours.colours.front())
                               + "; segmentation needs at least 2 classes",
                           colours.source.empty() ? where : colours.source);
    // The masks hold every colour read from them; a file's colours are checked against them,
    // and the first pixel of a colour the file does not list is named.
    if (!colours.source.empty()) {
        const MaskIds ids = maskIds(items, MaskEncoding::ColourTable, request.config.ignoreIndex, false, &colours);
        warnOfDeclaredClassesWithoutPixels(ids, classes, where, request.config.ignoreIndex, request.problems);
    } else if (classes > found) {
        MaskIds ids; // every colour of the table is on the masks' pixels
        for (int id = 0; id < found; ++id)
            ids.counts[std::size_t(id)] = 1;
        ids.pixels = std::uint64_t(found);
        warnOfDeclaredClassesWithoutPixels(ids, classes, where, request.config.ignoreIndex, request.problems);
    }
    return {classes, MaskEncoding::ColourTable, {}};
}

} // namespace augstudio
