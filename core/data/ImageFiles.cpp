#include "data/ImageFiles.h"

#include "io/AsciiText.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

void skip(std::vector<SkippedEntry> *skipped, const fs::path &path, std::string reason)
{
    if (skipped)
        skipped->push_back({path, std::move(reason)});
}

std::vector<fs::path> sortedEntries(const fs::path &dir, ListingProgress *progress = nullptr,
                                    std::vector<SkippedEntry> *skipped = nullptr)
{
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (progress)
            progress->entrySeen();
        if (!isHiddenName(it->path()))
            entries.push_back(it->path());
    }
    if (ec) // what it held is unknown: said, so that its images are not missed unsaid
        skip(skipped, dir, "a folder that cannot be read (" + ec.message() + ")");
    std::sort(entries.begin(), entries.end());
    return entries;
}

void walk(const fs::path &dir, ListingScope &scope, std::vector<std::pair<std::string, fs::path>> &files,
          std::vector<SkippedEntry> *skipped, ListingProgress *progress)
{
    for (const fs::path &entry : sortedEntries(dir, progress, skipped)) {
        std::error_code ec;
        const fs::file_status own = fs::symlink_status(entry, ec);
        const bool link = fs::is_symlink(own);
        const fs::file_status status = link ? fs::status(entry, ec) : own;
        if (!fs::exists(status)) {
            if (link)
                skip(skipped, entry, "a symbolic link to nothing (" + fs::read_symlink(entry, ec).string() + ")");
            continue;
        }
        if (fs::is_directory(status)) {
            const fs::path real = fs::canonical(entry, ec);
            if (ec)
                continue;
            if (scope.holdsTop(real)) {
                skip(skipped, entry, "a symbolic link to the folder being read or one above it (" + real.string() + ")");
                continue;
            }
            if (!scope.claim(real)) {
                skip(skipped, entry,
                     link ? "a symbolic link to a folder read elsewhere" : "a folder read already through a symbolic link");
                continue;
            }
            walk(entry, scope, files, skipped, progress);
        } else if (fs::is_regular_file(status) && hasImageExtension(entry)) {
            if (link) {
                const fs::path real = fs::canonical(entry, ec);
                if (const std::string why = ec ? std::string() : scope.passedOverLink(entry, real); !why.empty()) {
                    skip(skipped, entry, why);
                    continue;
                }
            }
            files.emplace_back(dir.string(), entry);
        } else if (fs::is_regular_file(status) && hasUnreadableImageExtension(entry)) {
            skip(skipped, entry, kUnreadableFormat);
        }
    }
}

std::string lowerExtension(const fs::path &path)
{
    return asciiLower(path.extension().string());
}

} // namespace

const std::vector<std::string> &imageExtensions()
{
    static const std::vector<std::string> known = {".png", ".jpg", ".jpeg", ".jfif", ".jpe", ".bmp", ".tif",
                                                   ".tiff", ".webp", ".pgm", ".ppm", ".pbm", ".pnm", ".gif"};
    return known;
}

const std::vector<std::string> &imageExtensionSpellings()
{
    static const std::vector<std::string> spellings = [] {
        std::vector<std::string> both;
        for (const std::string &extension : imageExtensions())
            both.push_back(extension);
        for (const std::string &extension : imageExtensions())
            both.push_back(asciiUpper(extension));
        return both;
    }();
    return spellings;
}

const char *imageExtensionList()
{
    static const std::string list = [] {
        std::string joined;
        for (const std::string &extension : imageExtensions())
            joined += (joined.empty() ? "" : ", ") + extension.substr(1);
        return joined;
    }();
    return list.c_str();
}

bool hasImageExtension(const fs::path &path)
{
    const std::vector<std::string> &known = imageExtensions();
    return std::find(known.begin(), known.end(), lowerExtension(path)) != known.end();
}

bool hasUnreadableImageExtension(const fs::path &path)
{
    static const char *const unread[] = {".heic", ".heif", ".avif", ".svg", ".psd",
                                         ".dcm", ".jp2", ".j2k", ".exr", ".hdr", ".jxl"};
    const std::string ext = lowerExtension(path);
    return std::find(std::begin(unread), std::end(unread), ext) != std::end(unread);
}

bool isHiddenName(const fs::path &path)
{
    const std::string name = path.filename().string();
    // Folders that operating systems and NAS boxes add, never a class or images: macOS's
    // zip resource forks, Synology's thumbnails and recycle bin, Windows' recycle bin and
    // volume data, ext4's lost+found.
    static const char *const system[] = {"__MACOSX",  "@eaDir",      "#recycle", "#snapshot", "$RECYCLE.BIN",
                                         "System Volume Information", "lost+found"};
    return (!name.empty() && name[0] == '.') || std::find(std::begin(system), std::end(system), name) != std::end(system);
}

void ListingProgress::entrySeen()
{
    if (++m_entries % 1024 == 0 && m_report && !m_report(m_entries))
        throw ListingCancelled();
}

ListingScope::ListingScope(const fs::path &top)
{
    std::error_code ec;
    m_top = fs::canonical(top, ec);
    if (ec)
        m_top.clear();
}

bool ListingScope::claim(const fs::path &real)
{
    return m_read.insert(real).second;
}

bool ListingScope::holdsTop(const fs::path &real) const
{
    if (m_top.empty())
        return false;
    // canonical paths: a prefix of the top's elements is a folder above it
    auto top = m_top.begin();
    for (auto part = real.begin(); part != real.end(); ++part, ++top)
        if (top == m_top.end() || *part != *top)
            return false;
    return true;
}

bool ListingScope::readsInPlace(const fs::path &real) const
{
    if (isHiddenName(real) || !hasImageExtension(real))
        return false;
    // in a folder of the scope, or below one but for folders a listing leaves out
    for (fs::path folder = real.parent_path(); !folder.empty(); folder = folder.parent_path()) {
        if (m_read.count(folder))
            return true;
        if (isHiddenName(folder) || folder == folder.parent_path())
            return false;
    }
    return false;
}

std::string ListingScope::passedOverLink(const fs::path &link, const fs::path &real)
{
    if (readsInPlace(real))
        return "a symbolic link to an image read where it lies (" + real.string() + ")";
    const auto [first, added] = m_linkedFiles.emplace(real, link);
    if (!added)
        return "a symbolic link to the image " + first->second.string() + " links to too (" + real.string() + ")";
    return {};
}

std::vector<fs::path> listImageFiles(const fs::path &dir, std::vector<SkippedEntry> *skipped,
                                     ListingProgress *progress, ListingScope *scope)
{
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec)
        return {};
    std::optional<ListingScope> own;
    if (!scope)
        scope = &own.emplace(dir);
    scope->claim(real); // claimed already where a dataset gave the scope (openImageFolder)
    std::vector<std::pair<std::string, fs::path>> files;
    walk(dir, *scope, files, skipped, progress);
    // torchvision sorts os.walk's (folder, files) tuples, then the names within a folder
    std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first < b.first : a.second.filename() < b.second.filename();
    });
    std::vector<fs::path> result;
    result.reserve(files.size());
    for (auto &file : files)
        result.push_back(std::move(file.second));
    return result;
}

std::vector<fs::path> imageFilesIn(const fs::path &dir, std::size_t most)
{
    std::vector<fs::path> images;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end && images.size() < most; it.increment(ec))
        if (!isHiddenName(it->path()) && it->is_regular_file(ec) && hasImageExtension(it->path()))
            images.push_back(it->path());
    std::sort(images.begin(), images.end());
    return images;
}

std::vector<fs::path> listSubfolders(const fs::path &dir)
{
    // Each entry's type as the listing gives it: a folder of 50 000 images is not stat'ed
    // file by file (links and file systems that give no type still are).
    std::vector<fs::path> folders;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (!isHiddenName(it->path()) && it->is_directory(typeError))
            folders.push_back(it->path());
    }
    std::sort(folders.begin(), folders.end());
    return folders;
}

std::vector<fs::path> listFiles(const fs::path &dir, const std::function<bool(const std::string &)> &keep)
{
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code typeError;
        if (!isHiddenName(it->path()) && keep(asciiLower(it->path().filename().string()))
            && it->is_regular_file(typeError))
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool holdsNoImageNorFolder(const fs::path &dir)
{
    return imageFilesIn(dir, 1).empty() && listSubfolders(dir).empty();
}

std::vector<fs::path> subfoldersWithImages(const fs::path &dir, std::size_t most)
{
    std::vector<fs::path> withImages;
    for (const fs::path &folder : listSubfolders(dir)) {
        if (withImages.size() == most) // 1000 classes are not all opened to find a few
            break;
        if (!imageFilesIn(folder, 1).empty())
            withImages.push_back(folder);
    }
    return withImages;
}

std::optional<fs::path> findImageByStem(const fs::path &dir, const std::string &stem)
{
    for (const std::string &extension : imageExtensionSpellings()) {
        std::error_code ec;
        const fs::path candidate = dir / (stem + extension);
        if (fs::is_regular_file(candidate, ec))
            return candidate;
    }
    return std::nullopt;
}

} // namespace augstudio
