#pragma once

// One rule for tidying a path the user gave, so that it still names what the system opens.

#include <filesystem>

namespace augstudio {

// `path` with "." and empty components removed and each ".." taken as the system takes it:
// "link/../x", where link is a symbolic link to real/cfgs, is real/x, not x. A ".." after a
// component that is no link is collapsed as written, so that a path keeps the user's spelling
// (their link names) wherever it can; one without ".." is the same as lexically_normal().
// Relative stays relative unless a link had to be resolved (that part becomes absolute).
std::filesystem::path normalPath(const std::filesystem::path &path);

} // namespace augstudio
