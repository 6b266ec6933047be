#pragma once

// A generated semantic segmentation dataset, for trying a segmentation search and evaluation
// without data of one's own (`augstudio-cli shapes`). Each image holds a few filled shapes
// on a noisy background; the class is the kind of shape (1 circle, 2 rectangle, 3 triangle,
// 4 ellipse; 0 background), never its colour, which is random, so that a network has to
// learn outlines and a policy's colour operations do not erase the labels.

#include <cstdint>
#include <string>

namespace augstudio {

constexpr int kShapeClasses = 5; // background and the four kinds of shape

// Writes root/images/shape_<i>.png and root/masks/shape_<i>.png (class ids) for i < count,
// side × side pixels, the same files for the same seed. Throws IoError naming a file that
// cannot be written, std::invalid_argument for count < 1 or side < 16.
void writeShapesDataset(const std::string &root, int count, int side, std::uint64_t seed);

} // namespace augstudio
