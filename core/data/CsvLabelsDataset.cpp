// Classification from image files below root and a labels file at root that names each
// image's class (LabelsCsv): Kaggle's "trainLabels.csv + train/", "labels.csv + images/".

#include "data/DatasetLayouts.h"
#include "data/ImageFiles.h"
#include "data/LabelsCsv.h"
#include "io/AsciiText.h"
#include "io/FileRead.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// A labels file is text of a few bytes a row; far more was not written as one.
constexpr std::uintmax_t kMaxLabelsBytes = std::uintmax_t(512) << 20;

std::string readLabelsFile(const fs::path &path)
{
    const std::string name = path.string();
    std::optional<std::string> text;
    try {
        text = readFileUpTo(name, kMaxLabelsBytes);
    } catch (const std::system_error &error) {
        throw DatasetError("cannot read " + name + ": " + error.code().message(), name);
    }
    if (!text)
        throw DatasetError(name + " holds more than " + std::to_string(kMaxLabelsBytes >> 20)
                               + " MiB: too large for a labels file",
                           name);
    if (text->empty())
        throw DatasetError(name + " is empty: a labels file names each image and its class, a row each", name);
    return std::move(*text);
}

std::string withoutExtension(const std::string &relative)
{
    const fs::path path(relative);
    return hasImageExtension(path) ? (path.parent_path() / path.stem()).generic_string() : relative;
}

// The image files below root, found by what a labels file may write of them: the path below
// root, with or without the extension, or the file's name alone, with or without it.
class ImageIndex
{
public:
    ImageIndex(const std::vector<fs::path> &files, const fs::path &root)
        : m_root(root)
    {
        for (const fs::path &file : files) {
            const std::string relative = file.lexically_relative(root).generic_string();
            const std::string name = file.filename().string();
            for (const std::string &key : {relative, withoutExtension(relative)})
                m_byPath[key].push_back(file.string());
            for (const std::string &key : {name, withoutExtension(name)})
                m_byName[key].push_back(file.string());
        }
    }

    // The file `written` names: nullopt with `ambiguous` set when several do, unset when none.
    std::optional<std::string> find(std::string written, bool &ambiguous) const
    {
        std::replace(written.begin(), written.end(), '\\', '/');
        while (written.rfind("./", 0) == 0)
            written.erase(0, 2);
        ambiguous = false;
        // A path written on another machine, or absolute ("/data/cifar/train/1.png",
        // "C:\cifar\train\1.png"): its file name, where the path below root does not match.
        const std::string name = fs::path(written).filename().string();
        for (const auto &[index, key] : {std::pair{&m_byPath, written}, std::pair{&m_byName, written},
                                         std::pair{&m_byName, name}}) {
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
    std::map<std::string, std::vector<std::string>> m_byPath;
    std::map<std::string, std::vector<std::string>> m_byName;
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

// The classes in order: by number where every class is a whole number (0, 1, …, 10, as the
// user's code numbers them), else by name.
std::vector<std::string> orderedClasses(const std::set<std::string> &labels)
{
    std::vector<std::string> classes(labels.begin(), labels.end());
    long long a = 0, b = 0;
    const bool numbers =
        std::all_of(classes.begin(), classes.end(), [&](const std::string &c) { return isInteger(c, a); });
    if (numbers)
        std::stable_sort(classes.begin(), classes.end(), [&](const std::string &x, const std::string &y) {
            isInteger(x, a);
            isInteger(y, b);
            return a < b;
        });
    return classes;
}

// Whether `written` names an image file at root or in one of its folders, as is or with an
// image extension: a probe of a few paths, not a listing.
bool namesAnImage(const fs::path &root, const std::string &written)
{
    // As written, or with one of the image extensions in either letter case.
    std::vector<std::string> extensions = {""};
    extensions.insert(extensions.end(), imageExtensionSpellings().begin(), imageExtensionSpellings().end());
    // root, its folders, and further down while a level holds few of them (train_images/train/,
    // data/train/images/): a probe of a few paths each, not a listing of the images.
    constexpr std::size_t kFewFolders = 16;
    constexpr std::size_t kLevels = 4;
    std::vector<fs::path> folders = {root};
    for (std::size_t begin = 0, level = 0; level < kLevels; ++level) {
        const std::size_t end = folders.size();
        if (level > 0 && end - begin > kFewFolders)
            break; // many folders at this level (classes, say): probed, not descended
        for (std::size_t i = begin; i < end; ++i)
            for (const fs::path &inner : listSubfolders(folders[i]))
                folders.push_back(inner);
        begin = end;
    }
    std::string slashed = written;
    std::replace(slashed.begin(), slashed.end(), '\\', '/');
    // As written below root, or by its file name alone (a path from another machine).
    for (const std::string &tried : {slashed, fs::path(slashed).filename().string()})
        for (const fs::path &folder : folders)
            for (const std::string &extension : extensions) {
                std::error_code error;
                const fs::path candidate = folder / (tried + extension);
                if (!tried.empty() && hasImageExtension(candidate) && fs::is_regular_file(candidate, error))
                    return true;
            }
    return false;
}

// Tags rather than classes ("haze primary water", Planet's): more labels than the words they
// are made of. Classes named in words ("golden retriever", "border collie") are not that.
void noteTagSets(const std::set<std::string> &labels, const std::string &fileName,
                 std::vector<DatasetProblem> &problems)
{
    std::set<std::string> words;
    std::string example;
    for (const std::string &label : labels) {
        std::istringstream split(label);
        int count = 0;
        for (std::string word; split >> word; ++count)
            words.insert(word);
        if (count >= 2 && example.empty())
            example = label;
    }
    if (example.empty() || words.size() < 2 || labels.size() <= words.size())
        return;
    addWarning(problems, fileName,
               fileName + ": its classes look like sets of tags (" + std::to_string(labels.size())
                   + " combinations of " + std::to_string(words.size()) + " words, such as \"" + example
                   + "\"): the search learns one class an image, so each combination is a class of its own");
}

// `head`'s first line with one of the lines after it, as a labels table: the first of up to
// four such pairs that reads, nullopt when none does.
std::optional<LabelsTable> headerWithOneRow(const std::string &head, const std::string &file)
{
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < head.size() && lines.size() < 5;) {
        const std::size_t end = std::min(head.find('\n', start), head.size());
        lines.push_back(head.substr(start, end - start));
        start = end + 1;
    }
    for (std::size_t row = 1; row < lines.size(); ++row) {
        try {
            return parseLabelsCsv(lines.front() + "\n" + lines[row] + "\n", file);
        } catch (const std::exception &) {
        }
    }
    return std::nullopt;
}

} // namespace

bool holdsCsvLabels(const fs::path &root)
{
    const std::optional<fs::path> file = findLabelsCsv(root);
    if (!file)
        return false;
    // The header and the first rows are enough to tell: a few kilobytes of a large file.
    std::ifstream in(*file, std::ios::binary);
    std::string head(64 * 1024, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(std::size_t(in.gcount()));
    if (head.size() == 64 * 1024)
        head.resize(head.rfind('\n') == std::string::npos ? 0 : head.rfind('\n') + 1);
    LabelsTable table;
    try {
        table = parseLabelsCsv(head, file->string());
    } catch (const std::exception &) {
        // A labels file with a bad row is still the labels file, so that opening it names the
        // row, where class folders would be tried and found to be one: the header with each of
        // the first rows alone, the first that reads deciding. None: not a labels file.
        const std::optional<LabelsTable> sample = headerWithOneRow(head, file->string());
        if (!sample)
            return false;
        table = *sample;
    }
    if (!namesAnImage(root, table.rows.front().image))
        return false;
    if (table.oneHot || table.classColumnNamed)
        return true;
    // "file,split" beside class folders is a list of them, not their classes: a second column
    // of no class name wins only where the folders are no classes (train/, images/, or one).
    static const std::set<std::string> kImageFolderNames = {"images", "imgs", "img", "data"};
    const std::vector<fs::path> folders = listSubfolders(root);
    return folders.size() <= 1 || std::all_of(folders.begin(), folders.end(), [](const fs::path &folder) {
               const std::string name = asciiLower(folder.filename().string());
               return isSplitFolderName(name) || kImageFolderNames.count(name) > 0 || name.rfind("train", 0) == 0
                      || name.rfind("test", 0) == 0;
           });
}

std::unique_ptr<Dataset> openCsvLabels(const OpenRequest &request)
{
    const std::string where = request.root.string();
    const std::optional<fs::path> file = findLabelsCsv(request.root);
    if (!file) {
        std::string found;
        for (const fs::path &candidate : labelsCsvCandidates(request.root))
            found += (found.empty() ? "" : ", ") + candidate.filename().string();
        if (found.empty())
            throw DatasetError("dataset folder " + where + " has no labels file: the csv layout expects one .csv file "
                                   "at its top (image,label), beside the images",
                               where);
        throw DatasetError("dataset folder " + where + " has several .csv files (" + found
                               + ") and none is named for labels or training: name the labels file labels.csv",
                           where);
    }
    const std::string fileName = file->string();
    const LabelsTable table = parseLabelsCsv(readLabelsFile(*file), fileName);

    std::vector<SkippedEntry> skipped;
    const std::vector<fs::path> files = listImageFiles(request.root, &skipped, request.listing);
    for (const SkippedEntry &entry : skipped)
        if (entry.reason != kUnreadableFormat)
            addWarning(request.problems, entry.path.string(), "skipped " + entry.path.string() + ": " + entry.reason);
    const ImageIndex index(files, request.root);

    std::set<std::string> labels;
    for (const LabelledImage &row : table.rows)
        labels.insert(row.label);
    const std::vector<std::string> classes = orderedClasses(labels);
    noteTagSets(labels, fileName, request.problems);
    std::map<std::string, int> classIndex;
    for (std::size_t c = 0; c < classes.size(); ++c)
        classIndex[classes[c]] = int(c);

    std::vector<LabelledImageFile> items;
    std::vector<std::string> missing, ambiguousRows, twice;
    std::set<std::string> listed;
    for (const LabelledImage &row : table.rows) {
        bool ambiguous = false;
        const std::optional<std::string> image = index.find(row.image, ambiguous);
        const std::string rowName = row.image + " (line " + std::to_string(row.line) + ")";
        if (!image)
            (ambiguous ? ambiguousRows : missing).push_back(rowName);
        else if (!listed.insert(*image).second)
            twice.push_back(rowName);
        else
            items.push_back({*image, classIndex.at(row.label)});
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

    const std::size_t found = classes.size();
    const std::string column = table.oneHot ? "the one-hot columns" : "column " + table.labelColumn;
    const std::string what =
        std::to_string(found) + (found == 1 ? " class" : " classes") + " in " + column + " of " + fileName;
    const std::string classesIn = table.oneHot ? "classes one-hot in the other columns"
                                               : "classes in column " + table.labelColumn;
    return labelledImagesDataset(DatasetLayout::CsvLabels, request, classes, std::move(items), what,
                                 fileName + ": images in column " + table.imageColumn + ", " + classesIn);
}

} // namespace augstudio
