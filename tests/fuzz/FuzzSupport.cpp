#include "FuzzSupport.h"

#include "data/Dataset.h"

#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

namespace fs = std::filesystem;

namespace augstudio::fuzz {

namespace {

void removeTempDir()
{
    std::error_code ignored;
    fs::remove_all(tempDir(), ignored);
}

// The harness's own failure: not an exception the targets would take for the parser's.
[[noreturn]] void failHarness(const std::string &path)
{
    std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
    std::abort();
}

} // namespace

const std::string &tempDir()
{
    // Never destroyed: the exit handler that removes the folder runs after static destructors.
    static const std::string *dir = [] {
        const fs::path path = fs::temp_directory_path() / ("augstudio-fuzz-" + std::to_string(getpid()));
        fs::create_directories(path);
        std::atexit(removeTempDir);
        return new std::string(path.string());
    }();
    return *dir;
}

std::string writeFile(const std::string &name, const std::uint8_t *data, std::size_t size)
{
    const std::string path = tempDir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), static_cast<std::streamsize>(size));
    if (!out)
        failHarness(path);
    return path;
}

std::string writeGzipFile(const std::string &name, const std::uint8_t *data, std::size_t size)
{
    const std::string path = tempDir() + "/" + name;
    gzFile file = gzopen(path.c_str(), "wb");
    if (!file || (size > 0 && gzwrite(file, data, static_cast<unsigned>(size)) != int(size)) || gzclose(file) != Z_OK)
        failHarness(path);
    return path;
}

void openAndLoad(const DataConfig &config)
{
    std::vector<DatasetProblem> problems;
    try {
        const auto dataset = openDataset(config, Task::Classification, 0, problems);
        const std::size_t n = dataset->size();
        for (const std::size_t i : {std::size_t(0), n / 2, n - 1}) {
            if (i >= n)
                continue;
            dataset->itemName(i);
            dataset->label(i);
            dataset->imageSize(i);
            dataset->load(i);
        }
    } catch (const DatasetError &) {
    }
}

void openAndLoad(const std::string &root, const char *layout)
{
    DataConfig config;
    config.dataset.root = root;
    config.dataset.layout = layout;
    openAndLoad(config);
}

} // namespace augstudio::fuzz

// libFuzzer calls this once before the first input. OpenCV's decoders log every corrupt file,
// and its worker threads only slow a fuzzer down on a shared machine.
extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
    cv::setNumThreads(1);
    return 0;
}
