#pragma once

// Datasets kept in formats AugStudio does not read, named so that an error can say where the
// data is and how to give it: labels in a MATLAB or NumPy file beside the images (Oxford's
// 102 flowers' imagelabels.mat), and the files torchvision downloads for CIFAR and SVHN,
// AutoAlbument's examples (Python pickles, MATLAB arrays).

#include <filesystem>
#include <string>

namespace augstudio {

// "cifar-10-batches-py holds CIFAR-10 as torchvision downloads it (Python pickles), which
// AugStudio does not read: …" for such a download at `root` or in a folder of it; else
// "imagelabels.mat may hold the labels, as a MATLAB file, …" for a file of a format not read
// at `root`; empty where there is neither.
std::string dataInAnotherFormat(const std::filesystem::path &root);

} // namespace augstudio
