#pragma once

// CIFAR-10 and CIFAR-100 folders for tests, their pickles written byte for byte as the
// downloads hold them: Python 2's cPickle at protocol 2, byte strings (SHORT_BINSTRING,
// BINSTRING), the images a NumPy array rebuilt by numpy.core.multiarray._reconstruct.

#include <cstdint>
#include <string>
#include <vector>

namespace testsupport {

// One batch: `pixels` holds 3072 bytes an image (the red plane, the green, the blue, each 32
// rows of 32), `labels` one an image, under `labelsKey` ("labels"; CIFAR-100's "fine_labels").
std::string cifarBatchPickle(const std::vector<std::uint8_t> &pixels, const std::vector<int> &labels,
                             const std::string &labelsKey = "labels");
// The file of class names: `names` under `key` ("label_names"; CIFAR-100's "fine_label_names").
std::string cifarNamesPickle(const std::vector<std::string> &names, const std::string &key = "label_names");

// The pixel image `index` of batch `batch` has in the folders below: each plane one value
// (red, green, blue: plane 0, 1, 2), different for every image.
std::uint8_t cifarTestPixel(int batch, int index, int plane);

// cifar-10-batches-py/ in `dir` as torchvision leaves it: data_batch_1 to 5 (batch 0 to 4) and
// test_batch (batch 5) of `perBatch` images each, label (batch + index) % 10, batches.meta of
// the ten names.
void writeCifar10(const std::string &dir, int perBatch);
// The names writeCifar10 writes: airplane, automobile, ...
const std::vector<std::string> &cifar10Names();

} // namespace testsupport
