#include "data/ImageFiles.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <utility>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

std::vector<fs::path> sortedEntries(const fs::path &dir, ListingProgress *progress = nullptr)
{
    std::vector<fs::path> entries;
    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
        if (progress)
            progress->entrySeen();
        if (!isHiddenName(it->path()))
            entries.push_back(it->path());
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

void walk(const fs::path &dir, std::set<fs::path> &visited, std::vector<std::pair<std::string, fs::path>> &files,
          std::vector<fs::path> *loops, ListingProgress *progress)
{
    for (const fs::path &entry : sortedEntries(dir, progress)) {
        std::error_code ec;
        const fs::file_status status = fs::status(entry, ec); // follows links
        if (ec)
            continue;
        if (fs::is_directory(status)) {
            const fs::path real = fs::canonical(entry, ec);
            if (ec)
                continue;
            if (!visited.insert(real).second) {
                if (loops)
                    loops->push_back(entry);
                continue;
            }
            walk(entry, visited, files, loops, progress);
        } else if (fs::is_regular_file(status) && hasImageExtension(entry)) {
            files.emplace_back(dir.string(), entry);
        }
    }
}

} // namespace

const char *imageExtensionList()
{
    return "png, jpg, jpeg, bmp, tif, tiff, webp";
}

bool hasImageExtension(const fs::path &path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    static const char *const known[] = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"};
    return std::find(std::begin(known), std::end(known), ext) != std::end(known);
}

bool isHiddenName(const fs::path &path)
{
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.';
}

void ListingProgress::entrySeen()
{
    if (++m_entries % 1024 == 0 && m_report && !m_report(m_entries))
        throw ListingCancelled();
}

std::vector<fs::path> listImageFiles(const fs::path &dir, std::vector<fs::path> *loops, ListingProgress *progress)
{
    std::set<fs::path> visited;
    std::error_code ec;
    const fs::path real = fs::canonical(dir, ec);
    if (ec)
        return {};
    visited.insert(real);
    std::vector<std::pair<std::string, fs::path>> files;
    walk(dir, visited, files, loops, progress);
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

std::vector<fs::path> listSubfolders(const fs::path &dir)
{
    std::vector<fs::path> folders;
    for (const fs::path &entry : sortedEntries(dir)) {
        std::error_code ec;
        if (fs::is_directory(entry, ec))
            folders.push_back(entry);
    }
    return folders;
}

} // namespace augstudio
