// The names of a dataset's class ids, as annotation tools export them beside masks of class
// ids (labelme2voc's class_names.txt, Roboflow's _classes.csv) and PaddleClas beside an image
// list of numbered classes (flowers102_label_list.txt).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace augstudio {

struct ClassNamesFile
{
    std::vector<std::string> names; // by class id; ids the file skips are named class_<id>
    std::string source;             // the file read
};

inline const char *const kClassNamesTxt = "class_names.txt";
inline const char *const kRoboflowClassesCsv = "_classes.csv";

// labelme2voc's class_names.txt: a name a line, in id order (_background_ first).
ClassNamesFile parseClassNamesTxt(const std::string &text, const std::string &file);
// Roboflow's _classes.csv: a header ("Pixel Value, Class"), then a class id and its name a row.
ClassNamesFile parseRoboflowClassesCsv(const std::string &text, const std::string &file);

// PaddleClas' <dataset>_label_list.txt: a class id and its name a line ("0 pink primrose").
ClassNamesFile parseLabelListTxt(const std::string &text, const std::string &file);
// The label list in the folder of the image list `list`: its one .txt file whose name ends in
// label_list, or nullopt. Throws DatasetError naming the file and line of one that does not read.
std::optional<ClassNamesFile> readLabelListBeside(const std::filesystem::path &list);

// The first of class_names.txt and _classes.csv in `dir`, or nullopt. Throws DatasetError
// naming the file and line of one that does not read.
std::optional<ClassNamesFile> readClassNamesFile(const std::filesystem::path &dir);

} // namespace augstudio
