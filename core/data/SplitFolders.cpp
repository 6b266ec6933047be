#include "data/SplitFolders.h"

#include "data/ImageFiles.h"
#include "io/AsciiText.h"

#include <algorithm>
#include <set>
#include <vector>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

// A split's own name: its spellings to the split they mean.
std::string splitOfWord(const std::string &word)
{
    if (word == "train" || word == "training")
        return "train";
    if (word == "val" || word == "valid" || word == "validation")
        return "val";
    if (word == "test" || word == "testing")
        return "test";
    if (word == "test1" || word == "dev")
        return word;
    if (word == "pred" || word == "predict" || word == "prediction")
        return "pred";
    // A year after the split's name: COCO's train2017/, val2014/.
    const std::size_t digits = word.find_first_of("0123456789");
    if (digits != std::string::npos && digits > 0 && word.find_first_not_of("0123456789", digits) == std::string::npos
        && word != "test1")
        return splitOfWord(word.substr(0, digits));
    return {};
}

// Words archives add to a split's folder name that leave it a split: training_set, seg_test,
// train_data.
bool isFillerWord(const std::string &word)
{
    static const std::set<std::string> kFillers = {"set", "sets", "seg", "data", "dataset", "split"};
    return kFillers.count(word) > 0;
}

std::vector<std::string> wordsOf(const std::string &lower)
{
    std::vector<std::string> words;
    std::string word;
    for (const char c : lower + ' ') {
        if (c == '_' || c == '-' || c == ' ' || c == '.') {
            if (!word.empty())
                words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

} // namespace

std::string splitOfFolderName(const std::string &name)
{
    std::string split;
    for (const std::string &word : wordsOf(asciiLower(name))) {
        if (isFillerWord(word))
            continue;
        const std::string meant = splitOfWord(word);
        if (meant.empty() || !split.empty())
            return {};
        split = meant;
    }
    return split;
}

bool isSplitFolderName(const std::string &name)
{
    return !splitOfFolderName(name).empty();
}

bool areSplitFolders(const std::vector<fs::path> &folders)
{
    return !folders.empty() && std::all_of(folders.begin(), folders.end(), [](const fs::path &folder) {
        return isSplitFolderName(folder.filename().string());
    });
}

std::optional<fs::path> findSplitFolder(const fs::path &dir, const std::string &split)
{
    const std::string meant = splitOfFolderName(split.empty() ? "train" : split);
    const std::string wanted = meant.empty() ? asciiLower(split) : meant;
    for (const fs::path &folder : listSubfolders(dir))
        if (splitOfFolderName(folder.filename().string()) == wanted)
            return folder;
    return std::nullopt;
}

std::string splitFolderNames(const fs::path &dir)
{
    std::string names;
    for (const fs::path &folder : listSubfolders(dir))
        if (isSplitFolderName(folder.filename().string()))
            names += (names.empty() ? "" : ", ") + folder.filename().string();
    return names.empty() ? "none" : names;
}

} // namespace augstudio
