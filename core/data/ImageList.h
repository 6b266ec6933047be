// A classification dataset's labels as a plain list, a line an image: its path, then its class
// after the last space or tab ("jpg/image_03601.jpg 0"), as PaddleClas' train_list.txt,
// MMPretrain's meta/train.txt and Caffe's ImageNet train.txt write them.
#pragma once

#include <filesystem>
#include <string>

namespace augstudio {

struct LabelsTable;

// Whether `file` is read as an image list rather than as CSV: a .txt file.
bool isImageListFile(const std::filesystem::path &file);

// `text` as a labels table without a header: the image in column 1, the class in column 2;
// blank lines and lines starting with # passed over. Throws DatasetError naming `file` and the
// line of a line without a class, and naming the file where the list gives no classes: each
// line's split (train, val) or a number of its own (ImageNet's train_cls.txt numbers its images).
LabelsTable parseImageList(const std::string &text, const std::string &file);

} // namespace augstudio
