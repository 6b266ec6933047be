#pragma once

// Finding image files on disk: the accepted extensions and a recursive walk that follows
// symbolic links but visits every real folder once, so a link loop cannot make it spin.

#include <filesystem>
#include <string>
#include <vector>

namespace augstudio {

// "png, jpg, jpeg, bmp, tif, tiff, webp", for messages.
const char *imageExtensionList();
// True for those extensions, in any letter case.
bool hasImageExtension(const std::filesystem::path &path);

// Every image file under `dir` (nested folders included, hidden entries skipped), sorted
// like torchvision's ImageFolder: by folder, then by file name. Each folder is visited once
// even when symbolic links lead to it again; `loops` receives the links that were skipped.
std::vector<std::filesystem::path> listImageFiles(const std::filesystem::path &dir,
                                                  std::vector<std::filesystem::path> *loops = nullptr);

// The non-hidden sub-folders of `dir` (links to folders included), sorted by name.
std::vector<std::filesystem::path> listSubfolders(const std::filesystem::path &dir);

bool isHiddenName(const std::filesystem::path &path);

} // namespace augstudio
