#pragma once

// Labels kept in formats AugStudio does not read, named so that an error can say where they
// are and how to give them: a MATLAB or NumPy file beside the images (Oxford's 102 flowers'
// imagelabels.mat).

#include <filesystem>
#include <string>

namespace augstudio {

// "imagelabels.mat may hold the labels, as a MATLAB file, …" for a file of a format not read
// at `root`; empty where there is none.
std::string dataInAnotherFormat(const std::filesystem::path &root);

} // namespace augstudio
