// Classification from image files below root and a labels file at root (or one folder down)
// naming each image's class (LabelsCsv): Kaggle's "trainLabels.csv + train/", "labels.csv + images/".

#include "data/ClassNamesFile.h"
#include "data/DatasetLayouts.h"
#include "data/ImageFiles.h"
#include "data/ImageList.h"
#include "data/LabelsCsv.h"
#include "data/SplitFolders.h"
#include "io/AsciiText.h"
#include "io/FileRead.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

std::string withoutExtension(const std::string &relative)
{
    const fs::path path(relative);
    return hasImageExtension(path) ? (path.parent_path() / path.stem()).generic_string() : relative;
}

// The image files below root, found by what a labels file may write of them: the path below
// root, or the end of it (a path below an images/ folder, the file's name alone), with or
// without the extension.
class ImageIndex
{
public:
    ImageIndex(const std::vector<fs::path> &files, const fs::path &root)
        : m_root(root)
    {
        for (const fs::path &file : files) {
            const std::string relative = file.lexically_relative(root).generic_string();
            for (const std::string &key : {relative, withoutExtension(relative)})
                m_byPath[key].push_back(file.string());
            // "images/cat/1.jpg" ends with "images/cat/1.jpg", "cat/1.jpg" and "1.jpg": whole
            // folder names only.
            for (std::size_t start = 0; start != std::string::npos;) {
                const std::string suffix = relative.substr(start);
                for (const std::string &key : {suffix, withoutExtension(suffix)})
                    m_bySuffix[key].push_back(file.string());
                const std::size_t slash = relative.find('/', start);
                start = slash == std::string::npos ? slash : slash + 1;
            }
        }
    }

    // The file `written` names: nullopt with `ambiguous` set when several do, unset when none.
    std::optional<std::string> find(const std::string &asWritten, bool &ambiguous) const
    {
        const std::string written = relativeImagePath(asWritten);
        ambiguous = false;
        // A path written on another machine, or absolute ("/data/cifar/train/1.png",
        // "C:\cifar\train\1.png"): its file name, where the path below root does not match.
        const std::string name = fs::path(written).filename().string();
        for (const auto &[index, key] : {std::pair{&m_byPath, written}, std::pair{&m_bySuffix, written},
                                         std::pair{&m_bySuffix, name}}) {
            const auto found = index->find(key);
            if (found == index->end())
                continue;
            const std::vector<std::string> &files = found->second;
            if (files.size() == 1)
                return files.front();
            // The same name in train/ and test/: the labels are the training part's.
            std::vector<std::string> training;
            for (const std::string &file : files)
                if (fs::path(file).lexically_relative(m_root).generic_string().rfind("train", 0) == 0)
                    training.push_back(file);
            if (training.size() == 1)
                return training.front();
            ambiguous = true;
            return std::nullopt;
        }
        return std::nullopt;
    }

private:
    fs::path m_root;
    std::unordered_map<std::string, std::vector<std::string>> m_byPath;
    std::unordered_map<std::string, std::vector<std::string>> m_bySuffix;
};

bool isInteger(const std::string &text, long long &value)
{
    if (text.empty())
        return false;
    char *end = nullptr;
    errno = 0;
    value = std::strtoll(text.c_str(), &end, 10);
    return errno == 0 && end == text.c_str() + text.size();
}

// A whole number as a class column writes it: "5", and "5.0", as pandas writes an integer
// column that had a gap.
std::optional<long long> wholeNumber(const std::string &text)
{
    const std::size_t point = text.find('.');
    if (point != std::string::npos && text.find_first_not_of('0', point + 1) != std::string::npos)
        return std::nullopt;
    long long value = 0;
    if (!isInteger(text.substr(0, point), value))
        return std::nullopt;
    return value;
}

bool allWholeNumbers(const std::vector<std::string> &classes)
{
    return std::all_of(classes.begin(), classes.end(), [](const std::string &c) { return wholeNumber(c).has_value(); });
}

// The class a label is: "1.0" (pandas' float column) is the class "1" where both are written,
// so that two exports of one file do not split a class in two.
std::string classKeyOf(const std::string &label)
{
    const std::size_t point = label.find('.');
    return point != std::string::npos && wholeNumber(label) ? label.substr(0, point) : label;
}

// The class of each label: the labels of one whole number under one name, the plain "1" where
// it is written, else the first spelling ("5.0" where every row writes 5.0).
std::map<std::string, std::string> classOfLabels(const std::set<std::string> &labels)
{
    std::map<std::string, std::string> nameOfKey;
    for (const std::string &label : labels) {
        const std::string key = classKeyOf(label);
        if (label == key || !nameOfKey.count(key))
            nameOfKey[key] = label;
    }
    std::map<std::string, std::string> classOf;
    for (const std::string &label : labels)
        classOf[label] = nameOfKey.at(classKeyOf(label));
    return classOf;
}

// The classes in order: by number where every class is a whole number (0, 1, …, 10, as the
// user's code numbers them), else by name.
std::vector<std::string> orderedClasses(const std::set<std::string> &labels)
{
    std::vector<std::string> classes(labels.begin(), labels.end());
    if (allWholeNumbers(classes))
        std::stable_sort(classes.begin(), classes.end(), [](const std::string &x, const std::string &y) {
            return *wholeNumber(x) < *wholeNumber(y);
        });
    return classes;
}

// Tags rather than classes ("haze primary water", Planet's): more labels than the words they
// are made of. Classes named in words ("golden retriever", "border collie") are not that.
void noteTagSets(const std::set<std::string> &labels, const std::string &fileName,
                 std::vector<DatasetProblem> &problems)
{
    // Tags between bars where a label holds one (NIH's "Cardiomegaly|Effusion"), else words.
    const bool bars = std::any_of(labels.begin(), labels.end(),
                                  [](const std::string &label) { return label.find('|') != std::string::npos; });
    std::set<std::string> words;
    std::string example;
    for (const std::string &label : labels) {
        std::istringstream split(label);
        int count = 0;
        for (std::string word; bars ? bool(std::getline(split, word, '|')) : bool(split >> word); ++count)
            words.insert(word);
        if (count >= 2 && example.empty())
            example = label;
    }
    if (example.empty() || words.size() < 2 || labels.size() <= words.size())
        return;
    addWarning(problems, fileName,
               fileName + ": its classes look like sets of tags (" + std::to_string(labels.size())
                   + " combinations of " + std::to_string(words.size()) + (bars ? " tags" : " words") + ", such as \""
                   + example
                   + "\"): the search learns one class an image, so each combination is a class of its own");
}

// Whether `folder` holds class folders: two sub-folders or more with images in them, as the
// split folders of an image folder dataset do (train/cat/, train/dog/); one (train/images/)
// is no classes.
bool holdsClassFolders(const fs::path &folder)
{
    return subfoldersWithImages(folder, 2).size() == 2;
}

// Whether a labels file whose rows name images below root gives its classes: where its class
// column is named as one (or it is one-hot), or where the folders are no classes.
bool givesTheClasses(const LabelsTable &table, const fs::path &root)
{
    // run-length encoded masks: the layout still, so that opening it says what they are
    if (table.oneHot || table.classColumnNamed || table.runLengthColumn)
        return true;
    // "file,source" beside class folders is a list of them, not their classes: a second column
    // of no class name wins only where the folders are no classes (train/, images/, or one).
    // Split folders of class folders (train/cat/, val/cat/) are the split layout's classes.
    static const std::set<std::string> kImageFolderNames = {"images", "imgs", "img", "data"};
    const std::vector<fs::path> folders = listSubfolders(root);
    return folders.size() <= 1 || std::all_of(folders.begin(), folders.end(), [](const fs::path &folder) {
               const std::string name = asciiLower(folder.filename().string());
               if (kImageFolderNames.count(name) > 0 || holdsNoImageNorFolder(folder))
                   return true;
               const bool splitNamed =
                   isSplitFolderName(name) || name.rfind("train", 0) == 0 || name.rfind("test", 0) == 0;
               return splitNamed && !holdsClassFolders(folder);
           });
}

std::string fileList(const std::vector<fs::path> &files, const fs::path &root)
{
    std::string list;
    for (const fs::path &file : files)
        list += (list.empty() ? "" : ", ") + file.lexically_relative(root).generic_string();
    return list;
}

DatasetError noLabelsFile(const fs::path &root, const LabelsCsvChoice &choice)
{
    const std::string where = root.string();
    if (choice.candidates.empty())
        return DatasetError("dataset folder " + where + " has no labels file: the csv layout expects one .csv file "
                                "at its top (image,label), beside the images, or one named for labels or training "
                                "in a folder at its top (annotations/labels.csv), or an image list naming its "
                                "images (train.txt: a path and its class a line)",
                            where);
    std::vector<fs::path> naming;
    for (const LabelsCsvSample &sample : choice.namingImages)
        naming.push_back(sample.file);
    if (naming.size() > 1)
        return DatasetError("dataset folder " + where + " has several labels files (" + fileList(naming, root)
                                + ") whose rows name its images, and none is named for labels or training: name the "
                                  "labels file labels.csv",
                            where);
    return DatasetError("dataset folder " + where + " has several .csv files (" + fileList(choice.candidates, root)
                            + ") and none is named for labels or training: name the labels file labels.csv",
                        where);
}

// The source the report shows: "labels.csv: images in column id, classes in column label".
std::string labelsSourceOf(const LabelsTable &table, const std::string &fileName)
{
    const std::string classesIn =
        table.oneHot ? "classes one-hot in the other columns" : "classes in column " + table.labelColumn;
    return fileName + ": " + (table.hasHeader ? "" : "no header, ") + "images in column " + table.imageColumn + ", "
           + classesIn;
}

// The numbered classes of a labels file named as the file of names beside it says (PaddleClas'
// flowers102_label_list.txt: "0 pink primrose", Kaggle's label_num_to_disease_map.json), those
// it does not name keeping their number, as a warning says. The file read, or empty where
// there is none.
std::string nameNumberedClasses(std::vector<std::string> &classes, const fs::path &list,
                                std::vector<DatasetProblem> &problems)
{
    if (!allWholeNumbers(classes))
        return {};
    const std::optional<ClassNamesFile> names = readClassNamesBeside(list);
    if (!names)
        return {};
    std::vector<std::string> unnamed;
    for (std::string &name : classes) {
        const std::optional<long long> id = wholeNumber(name);
        if (id && *id >= 0 && std::size_t(*id) < names->names.size() && names->named[std::size_t(*id)])
            name = names->names[std::size_t(*id)];
        else
            unnamed.push_back(name);
    }
    addListedWarnings(problems, unnamed,
                      {"class", "classes", "of " + list.string() + " has no name in " + names->source
                           + "; it keeps its number",
                       "have no name in " + names->source, names->source});
    return names->source;
}

// Numbered classes whose images each lie in one folder of their own (the Garbage
// classification set's list of "cardboard1.jpg 1" beside cardboard/): named by those folders.
// Whether they were.
bool nameNumberedClassesByFolders(std::vector<std::string> &classes, const std::vector<LabelledImageFile> &items)
{
    if (!allWholeNumbers(classes))
        return false;
    std::vector<std::string> folderOf(classes.size());
    for (const LabelledImageFile &item : items) {
        const std::string folder = fs::path(item.path).parent_path().filename().string();
        std::string &named = folderOf[std::size_t(item.label)];
        if (!named.empty() && named != folder)
            return false; // a class in several folders: the folders are no classes
        named = folder;
    }
    const std::set<std::string> distinct(folderOf.begin(), folderOf.end());
    if (distinct.size() != classes.size() || distinct.count(""))
        return false; // classes sharing a folder (train/), or one without images
    classes = folderOf;
    return true;
}

} // namespace

bool holdsCsvLabels(const fs::path &root)
{
    // The header and the first rows of each .csv file are enough to tell. Of several that name
    // the images, none chosen: the layout still, so that opening it names them.
    const LabelsCsvChoice choice = chooseLabelsCsv(root);
    return std::any_of(choice.namingImages.begin(), choice.namingImages.end(), [&](const LabelsCsvSample &sample) {
        return (!choice.chosen || sample.file == *choice.chosen) && givesTheClasses(sample.table, root);
    });
}

std::unique_ptr<Dataset> openCsvLabels(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const LabelsCsvChoice choice = chooseLabelsCsv(request.root);
    if (!choice.chosen)
        throw noLabelsFile(request.root, choice);
    const std::string fileName = choice.chosen->string();
    const LabelsTable table = parseLabelsFile(readLabelsFile(*choice.chosen), fileName, std::cref(*choice.probe));
    if (table.runLengthColumn)
        throw runLengthMasksError(fileName, *table.runLengthColumn);

    std::vector<SkippedEntry> skipped;
    const std::vector<fs::path> files = listImageFiles(request.root, &skipped, request.listing);
    for (const SkippedEntry &entry : skipped)
        if (entry.reason != kUnreadableFormat)
            addWarning(request.problems, entry.path.string(), "skipped " + entry.path.string() + ": " + entry.reason);
    const ImageIndex index(files, request.root);

    std::set<std::string> labels;
    for (const LabelledImage &row : table.rows)
        labels.insert(row.label);
    const std::map<std::string, std::string> classOfLabel = classOfLabels(labels);
    std::set<std::string> classNames;
    for (const auto &[label, name] : classOfLabel)
        classNames.insert(name);
    std::vector<std::string> classes = orderedClasses(classNames);
    noteTagSets(classNames, fileName, request.problems);
    std::map<std::string, int> classIndex;
    for (std::size_t c = 0; c < classes.size(); ++c)
        classIndex[classes[c]] = int(c);

    std::vector<LabelledImageFile> items;
    std::vector<std::string> missing, ambiguousRows, twice;
    std::set<std::string> listed;
    std::vector<std::size_t> imagesOfClass(classes.size(), 0);
    for (const LabelledImage &row : table.rows) {
        bool ambiguous = false;
        const std::optional<std::string> image = index.find(row.image, ambiguous);
        const std::string rowName = row.image + " (line " + std::to_string(row.line) + ")";
        if (!image) {
            (ambiguous ? ambiguousRows : missing).push_back(rowName);
        } else if (!listed.insert(*image).second) {
            twice.push_back(rowName);
        } else {
            items.push_back({*image, classIndex.at(classOfLabel.at(row.label))});
            ++imagesOfClass[std::size_t(items.back().label)];
        }
    }
    const std::string inFile = "in " + fileName;
    addListedWarnings(request.problems, missing,
                      {"image", "images", inFile + " has no image file below " + where + "; left out",
                       inFile + " have no image file; left out", fileName});
    addListedWarnings(request.problems, ambiguousRows,
                      {"image", "images", inFile + " names several image files (give its folder too); left out",
                       inFile + " name several image files; left out", fileName});
    addListedWarnings(request.problems, twice,
                      {"image", "images", inFile + " is listed again; the first row's class is kept",
                       inFile + " are listed again", fileName});
    if (items.empty())
        throw DatasetError(fileName + " names " + std::to_string(table.rows.size()) + " images in column "
                               + table.imageColumn + ", and none is an image file below " + where + " ("
                               + imageExtensionList() + ")",
                           fileName);
    // A class without images is a class the network is asked to tell and never shown: the
    // rows that name it were all left out.
    std::vector<std::string> emptyClasses;
    for (std::size_t c = 0; c < classes.size(); ++c)
        if (imagesOfClass[c] == 0)
            emptyClasses.push_back(classes[c]);
    addListedWarnings(request.problems, emptyClasses,
                      {"class", "classes", inFile + " holds no images: the rows naming it were left out",
                       inFile + " hold no images", fileName});

    const std::size_t found = classes.size();
    const std::string column = table.oneHot ? "the one-hot columns" : "column " + table.labelColumn;
    const std::string what =
        std::to_string(found) + (found == 1 ? " class" : " classes") + " in " + column + " of " + fileName;
    std::string source = labelsSourceOf(table, fileName);
    if (const std::string names = nameNumberedClasses(classes, *choice.chosen, request.problems); !names.empty())
        source += ", class names from " + names;
    if (nameNumberedClassesByFolders(classes, items))
        source += ", class names from the folders of their images";
    return labelledImagesDataset(DatasetLayout::CsvLabels, request, classes, std::move(items), what, source);
}

} // namespace augstudio
