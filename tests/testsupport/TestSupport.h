#pragma once

// Generated datasets and helpers shared by the test suites. Every dataset is built on
// the fly in a folder the caller owns (usually a QTemporaryDir).

#include <string>

namespace testsupport {

// root/<class_i>/<img_j>.png, `perClass` images of size×size per class; each class draws
// a distinct shape/colour so that a classifier can tell them apart. Deterministic.
void makeImageFolderDataset(const std::string &root, int classes, int perClass, int size = 32);

// root/images/<name>.png + root/masks/<name>.png: random rectangles and discs, the mask
// holds the class index (0 = background, 1..classes-1 = shape classes). Deterministic.
void makeSegmentationPairs(const std::string &root, int count, int classes, int size = 32);

// Where Debian's dataset-fashion-mnist package puts the IDX files ("" if absent).
std::string fashionMnistDir();

} // namespace testsupport
