// The folders that hold the parts of a split dataset (train/, val/, test/), by their names.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

// The split a folder name or a data.dataset.split value means, in lower case: training is
// train, valid and validation are val, testing is test, prediction is pred. A name may add
// words that say nothing about its content to the split's: training_set/ and test_set/ (Kaggle's
// cat-and-dog set), seg_train/ and seg_pred/ (the Intel scenes). "" for any other name.
std::string splitOfFolderName(const std::string &name);

// Whether `name` names a part of a split dataset, whose folder holds images or class folders,
// not one class: train, training, val, valid, validation, test, test1, testing, dev, pred, in
// any case, alone or with such words.
bool isSplitFolderName(const std::string &name);

// Whether `folders` are the parts of a split dataset: one or more, each named as a split.
bool areSplitFolders(const std::vector<std::filesystem::path> &folders);

// The sub-folder of `dir` that data.dataset.split `split` names ("" = train): its name in any
// case, or a longer spelling of it (training for train, valid or validation for val, testing
// for test, training_set for train). nullopt when none is there.
std::optional<std::filesystem::path> findSplitFolder(const std::filesystem::path &dir, const std::string &split);

// "training, validation": the split folders of `dir`, for messages ("none" when there are none).
std::string splitFolderNames(const std::filesystem::path &dir);

} // namespace augstudio
