#include "data/DatasetTextFile.h"

#include "data/Dataset.h"
#include "io/FileRead.h"
#include "io/MatReader.h"

#include <fstream>

#include <optional>
#include <system_error>

namespace augstudio {

std::string readDatasetTextFile(const std::filesystem::path &path, std::uintmax_t maxBytes, const std::string &what)
{
    const std::string name = path.string();
    std::optional<std::string> text;
    try {
        text = readFileUpTo(name, maxBytes);
    } catch (const std::system_error &error) {
        throw DatasetError("cannot read " + name + ": " + error.code().message(), name);
    }
    if (!text)
        throw DatasetError(name + " holds more than " + std::to_string(maxBytes >> 20) + " MiB: too large for " + what,
                           name);
    return std::move(*text);
}

std::map<std::string, MatArray> readDatasetMatFile(const std::filesystem::path &path,
                                                   const std::set<std::string> &names, std::uint64_t maxArrayBytes)
{
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DatasetError("cannot open " + name, name);
    try {
        return readMatArrays(in, names, maxArrayBytes);
    } catch (const MatError &error) {
        throw DatasetError(name + " " + error.what(), name);
    }
}

} // namespace augstudio
