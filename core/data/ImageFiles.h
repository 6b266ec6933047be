#pragma once

// Finding image files on disk: the accepted extensions and a recursive walk that follows
// symbolic links but visits every real folder once, so a link loop cannot make it spin.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace augstudio {

// The extensions of the images a dataset holds, lower case with their dot: ".png", ".jpg", …
// (PNG, JPEG, BMP, TIFF, WebP, and PBM/PGM/PPM as older face and mask sets have them).
const std::vector<std::string> &imageExtensions();
// Those extensions as written, in lower and in upper case (".png", ".PNG", …): the names a
// probe for an image of a given stem tries.
const std::vector<std::string> &imageExtensionSpellings();
// "png, jpg, jpeg, …", for messages.
const char *imageExtensionList();
// True for those extensions, in any letter case.
bool hasImageExtension(const std::filesystem::path &path);
// An image in a format the decoders lack (HEIC, AVIF, SVG, PSD, DICOM, JPEG 2000, ...):
// a listing names it as skipped (kUnreadableFormat), where it would otherwise leave a folder
// "without images".
bool hasUnreadableImageExtension(const std::filesystem::path &path);
inline constexpr const char *kUnreadableFormat = "an image in a format AugStudio cannot read (convert it to PNG or JPEG)";

// Thrown out of a listing whose progress callback asked to stop.
class ListingCancelled : public std::runtime_error
{
public:
    ListingCancelled() : std::runtime_error("the folder listing was cancelled") {}
};

// The running count of entries a listing has looked at, across every folder of one dataset,
// for folders of a million files: `report` hears it every 1024 entries and returns false to
// stop (ListingCancelled is thrown then).
class ListingProgress
{
public:
    explicit ListingProgress(std::function<bool(std::size_t entries)> report) : m_report(std::move(report)) {}
    void entrySeen();
    std::size_t entries() const { return m_entries; }

private:
    std::function<bool(std::size_t)> m_report;
    std::size_t m_entries = 0;
};

// An entry a listing passed over, and why: "a symbolic link to a folder read elsewhere", "a
// symbolic link to nothing", "a folder that cannot be read (Permission denied)".
struct SkippedEntry
{
    std::filesystem::path path;
    std::string reason;
};

// What the listings of one dataset share: the real folders they read, so that a symbolic link
// never leads one into a folder another reads (a class folder's link to another class's
// folder would give those images two labels), and the dataset's own folder, which no link
// may lead back to or above (a link to ".." would read every class under one).
class ListingScope
{
public:
    explicit ListingScope(const std::filesystem::path &top);
    // Marks the real folder `real` as read; false when a listing of the scope read it already.
    bool claim(const std::filesystem::path &real);
    // Whether the real folder `real` is the top or a folder that holds it.
    bool holdsTop(const std::filesystem::path &real) const;
    // Why the symbolic link `link` to the image file `real` is passed over, "" when it is read:
    // its image is read where it lies (in a folder of the scope: its own class's, or another's),
    // or through an earlier link. So no image is read twice, nor under two classes.
    std::string passedOverLink(const std::filesystem::path &link, const std::filesystem::path &real);

private:
    // Whether a listing of the scope reads the image file `real` where it lies.
    bool readsInPlace(const std::filesystem::path &real) const;

    std::filesystem::path m_top; // real path; empty when it could not be resolved
    std::set<std::filesystem::path> m_read;
    std::map<std::filesystem::path, std::filesystem::path> m_linkedFiles; // real file -> the link read
};

// Every image file under `dir` (nested folders included, hidden entries skipped), sorted
// like torchvision's ImageFolder: by folder, then by file name. Each folder is visited once
// even when symbolic links lead to it again, and no link is followed to `dir` or above it
// (to the scope's top, with `scope`); a link to an image file read already, or read where it
// lies, is passed over. `skipped` (optional) receives those links, links that lead nowhere and
// folders that cannot be read, so that no image goes missing unsaid.
// `progress` (optional) counts every entry looked at.
std::vector<std::filesystem::path> listImageFiles(const std::filesystem::path &dir,
                                                  std::vector<SkippedEntry> *skipped = nullptr,
                                                  ListingProgress *progress = nullptr, ListingScope *scope = nullptr);

// The image files directly in `dir` (not in its folders; hidden ones left out), sorted by name,
// at most `most` of them.
std::vector<std::filesystem::path> imageFilesIn(const std::filesystem::path &dir,
                                                std::size_t most = static_cast<std::size_t>(-1));

// The image file `dir`/`stem`.<ext> for the first image extension there (as written, in lower or
// upper case), or nullopt.
std::optional<std::filesystem::path> findImageByStem(const std::filesystem::path &dir, const std::string &stem);

// The non-hidden sub-folders of `dir` (links to folders included), sorted by name.
std::vector<std::filesystem::path> listSubfolders(const std::filesystem::path &dir);

// The non-hidden regular files directly in `dir` whose lower-case name `keep` accepts, sorted
// by name: the labels, lists and notes beside a dataset's images.
std::vector<std::filesystem::path> listFiles(const std::filesystem::path &dir,
                                             const std::function<bool(const std::string &lowerName)> &keep);

// Whether `dir` holds neither an image nor a folder: a folder of lists or notes (MMPretrain's
// meta/), no class folder and no part of a split dataset.
bool holdsNoImageNorFolder(const std::filesystem::path &dir);

// The first `most` of listSubfolders(dir) that hold an image directly: class folders, where
// two or more do.
std::vector<std::filesystem::path> subfoldersWithImages(const std::filesystem::path &dir, std::size_t most);

// A dot file or folder, or a folder an OS or NAS adds (__MACOSX, @eaDir, $RECYCLE.BIN,
// lost+found, …): left out of every listing.
bool isHiddenName(const std::filesystem::path &path);

} // namespace augstudio
