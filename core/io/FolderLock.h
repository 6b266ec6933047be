#pragma once

// One writer a folder: a search holds its output folder's lock while it runs, so that a
// second search (or a resume) into the same folder is refused instead of both writing
// there unseen. An advisory lock (flock) on the folder itself: no file to leave behind,
// and released however the process ends.

#include <string>

namespace augstudio {

class FolderLock
{
public:
    // Creates the folder if needed. Throws IoError when another process holds its lock, or
    // when the folder cannot be created or opened.
    explicit FolderLock(const std::string &folder);
    ~FolderLock();
    FolderLock(const FolderLock &) = delete;
    FolderLock &operator=(const FolderLock &) = delete;

private:
    int m_fd = -1;
};

} // namespace augstudio
