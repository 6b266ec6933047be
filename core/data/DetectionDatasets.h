// Object detection datasets, which a search cannot learn from (it learns policies for
// classification and semantic segmentation): told by their annotation files, so that opening
// one says what it is rather than reading its folders as classes.
#pragma once

#include <filesystem>
#include <string>

namespace augstudio {

// What marks `dir` (or a split folder of it) as an object detection dataset: "COCO annotations
// (annotations/instances_train2017.json)", "YOLO labels (labels/train/1.txt)", "Pascal VOC boxes
// (Annotations/000001.xml)"; empty where none does.
std::string detectionAnnotationsIn(const std::filesystem::path &dir);

} // namespace augstudio
