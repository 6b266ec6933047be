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
    std::vector<bool> named;        // by class id: whether the file names it (ids and names files only)
};

inline const char *const kClassNamesTxt = "class_names.txt";
inline const char *const kRoboflowClassesCsv = "_classes.csv";

// labelme2voc's class_names.txt: a name a line, in id order (_background_ first).
ClassNamesFile parseClassNamesTxt(const std::string &text, const std::string &file);
// The names of `file`, a name a line, blank lines left out (CIFAR's batches.meta.txt, STL-10's
// class_names.txt). Throws DatasetError naming the file.
std::vector<std::string> readNamesALine(const std::filesystem::path &file);
// Roboflow's _classes.csv: a header ("Pixel Value, Class"), then a class id and its name a row.
ClassNamesFile parseRoboflowClassesCsv(const std::string &text, const std::string &file);

// PaddleClas' <dataset>_label_list.txt: a class id and its name a line ("0 pink primrose").
ClassNamesFile parseLabelListTxt(const std::string &text, const std::string &file);
// The label list in the folder of the image list `list`: its one .txt file whose name ends in
// label_list, or nullopt. Throws DatasetError naming the file and line of one that does not read.
std::optional<ClassNamesFile> readLabelListBeside(const std::filesystem::path &list);

// A JSON object of class ids and their names, as Kaggle gives it beside a labels file of
// numbered classes (Cassava's label_num_to_disease_map.json: {"0": "Cassava Bacterial Blight
// (CBB)"}), or of ids and a list whose last item is the name (Keras' imagenet_class_index.json:
// {"0": ["n01440764", "tench"]}). nullopt for other JSON, or text that is no JSON.
std::optional<ClassNamesFile> parseClassIndexJson(const std::string &text, const std::string &file);

// The names of numbered classes for the labels file `labels` (a CSV or an image list): the
// label list beside it, else the one class index JSON file beside it; nullopt where there is
// none, or several. Throws DatasetError naming the file and line of a label list that does not read.
std::optional<ClassNamesFile> readClassNamesBeside(const std::filesystem::path &labels);

// The first of class_names.txt and _classes.csv in `dir`, or nullopt. Throws DatasetError
// naming the file and line of one that does not read.
std::optional<ClassNamesFile> readClassNamesFile(const std::filesystem::path &dir);

} // namespace augstudio
