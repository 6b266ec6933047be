#include "SharedOptions.h"

#include "ConfigArguments.h"

#include "config/ConfigLoader.h"
#include "io/AtomicFile.h"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace augstudio::cli {

int imageSideArgument(const CommandLine &line, int fallback, int minimum)
{
    const int side = line.intValue("image-size", fallback);
    if (side < minimum || side > kMaxImageSide)
        throw UsageError("--image-size must be from " + std::to_string(minimum) + " to "
                         + std::to_string(kMaxImageSide) + " px, got " + std::to_string(side));
    return side;
}

int threadsArgument(const CommandLine &line)
{
    const int threads = line.intValue("threads", 0);
    // The config's reader owns the range; its message is said as the option's.
    checkOptionValue("threads", "trainer.threads=" + std::to_string(threads), defaultConfig());
    return threads;
}

void requireFolderOf(const std::string &file)
{
    if (writesInPlace(file))
        return; // a device or a FIFO (/dev/stdout): written into, nothing made beside it
    // A link is written through: the folder that matters is the one it leads into.
    const std::string target = replacedFile(file);
    const std::filesystem::path folder = std::filesystem::absolute(target).parent_path();
    const std::string leadsTo = target == file ? "" : " (a link to " + target + ")";
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error))
        throw std::runtime_error("cannot write " + file + leadsTo + ": there is no folder " + folder.string());
    ensureWritableDirectory(folder.string()); // said now, not after an evaluation of hours
}

void requireOutputFile(const std::string &option, const std::string &file)
{
    if (std::error_code error; std::filesystem::is_directory(file, error))
        throw UsageError("--" + option + " " + file + " is a folder: give the name of the file to write");
    requireFolderOf(file);
}

} // namespace augstudio::cli
