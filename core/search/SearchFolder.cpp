#include "search/SearchFolder.h"

#include "io/AtomicFile.h"
#include "io/NormalPath.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace augstudio {

namespace {

const char *const kConfig = "config.yaml";
const char *const kMetrics = "metrics.csv";
const char *const kPlateau = "plateau.json";
const char *const kLaunch = "launch.json";
const char *const kImageSize = "image_size.json";
const char *const kPolicies = "policy";
const char *const kLatestPolicy = "latest.json";
const char *const kCheckpoints = "checkpoints";
const char *const kCheckpoint = "last.pt";
const char *const kTensorBoard = "tensorboard";

const std::string kEpochPrefix = "epoch_";
const std::string kPolicySuffix = ".json";

std::string policyFileName(int epoch)
{
    return kEpochPrefix + std::to_string(epoch) + kPolicySuffix;
}

// The epoch of a policy file name, or 0 when the name is not one that policyFileName writes.
int epochOfFileName(const std::string &name)
{
    if (name.size() <= kEpochPrefix.size() + kPolicySuffix.size() || name.compare(0, kEpochPrefix.size(), kEpochPrefix)
        || name.compare(name.size() - kPolicySuffix.size(), kPolicySuffix.size(), kPolicySuffix))
        return 0;
    const char *first = name.data() + kEpochPrefix.size();
    const char *last = name.data() + name.size() - kPolicySuffix.size();
    int epoch = 0;
    const auto [end, error] = std::from_chars(first, last, epoch);
    if (error != std::errc() || end != last || epoch <= 0 || name != policyFileName(epoch))
        return 0;
    return epoch;
}

std::string join(const std::string &dir, const char *name)
{
    return (fs::path(dir) / name).string();
}

} // namespace

SearchFolder::SearchFolder(std::string dir)
    : m_dir(std::move(dir))
{
}

std::string SearchFolder::configFile() const
{
    return join(m_dir, kConfig);
}

std::string SearchFolder::metricsFile() const
{
    return join(m_dir, kMetrics);
}

std::string SearchFolder::plateauFile() const
{
    return join(m_dir, kPlateau);
}

std::string SearchFolder::launchFile() const
{
    return join(m_dir, kLaunch);
}

std::string SearchFolder::imageSizeFile() const
{
    return join(m_dir, kImageSize);
}

std::optional<SearchFolder> SearchFolder::ofPolicyFile(const std::string &policyPath)
{
    const fs::path policies = fs::path(policyPath).parent_path();
    if (policies.filename() != kPolicies || fs::path(policyPath).extension() != kPolicySuffix)
        return std::nullopt;
    return SearchFolder(policies.parent_path().string());
}

std::string SearchFolder::policyFile(int epoch) const
{
    return (fs::path(m_dir) / kPolicies / policyFileName(epoch)).string();
}

std::string SearchFolder::latestPolicyFile() const
{
    return (fs::path(m_dir) / kPolicies / kLatestPolicy).string();
}

std::string SearchFolder::checkpointFile() const
{
    return (fs::path(m_dir) / kCheckpoints / kCheckpoint).string();
}

std::string SearchFolder::tensorBoardFolder() const
{
    return join(m_dir, kTensorBoard);
}

std::vector<int> SearchFolder::policyEpochs() const
{
    std::vector<int> epochs;
    std::error_code error; // a missing or unreadable folder has no policies
    for (fs::directory_iterator it(fs::path(m_dir) / kPolicies, error), end; !error && it != end; it.increment(error)) {
        std::error_code notAFile;
        if (const int epoch = epochOfFileName(it->path().filename().string()); epoch > 0 && it->is_regular_file(notAFile))
            epochs.push_back(epoch);
    }
    std::sort(epochs.begin(), epochs.end());
    return epochs;
}

std::string absoluteFolderPath(const std::string &path)
{
    if (path.empty())
        return {};
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    if (error)
        return {};
    fs::path resolved = normalPath(absolute);
    if (!resolved.has_filename() && resolved != resolved.root_path())
        resolved = resolved.parent_path();
    return resolved.string();
}

bool isSameOrInside(const std::string &path, const std::string &folder)
{
    if (path.empty() || folder.empty())
        return false;
    // Links resolved, so that a folder reached through one is still found inside.
    std::error_code error;
    const fs::path inner = fs::weakly_canonical(absoluteFolderPath(path), error);
    const fs::path outer = fs::weakly_canonical(absoluteFolderPath(folder), error);
    if (error || inner.empty() || outer.empty())
        return false;
    const auto innerParts = std::distance(inner.begin(), inner.end());
    const auto outerParts = std::distance(outer.begin(), outer.end());
    return innerParts >= outerParts && std::equal(outer.begin(), outer.end(), inner.begin());
}

bool isSameFolder(const std::string &a, const std::string &b)
{
    if (a.empty() || b.empty())
        return false;
    std::error_code error;
    if (fs::equivalent(a, b, error))
        return true;
    const fs::path first = fs::weakly_canonical(absoluteFolderPath(a), error);
    if (error)
        return false;
    const fs::path second = fs::weakly_canonical(absoluteFolderPath(b), error);
    return !error && !first.empty() && first == second;
}

bool SearchFolder::holdsSearch() const
{
    std::error_code error;
    return fs::exists(configFile(), error) || fs::exists(metricsFile(), error);
}

bool SearchFolder::holdsResults() const
{
    std::error_code error;
    return !policyEpochs().empty() || fs::exists(latestPolicyFile(), error) || fs::exists(checkpointFile(), error);
}

std::string SearchFolder::foreignFile() const
{
    std::error_code error;
    if (fs::is_directory(join(m_dir, kCheckpoints), error))
        return {};
    for (const std::string &path : {configFile(), metricsFile(), tensorBoardFolder()})
        if (fs::exists(path, error))
            return path;
    return {};
}

std::string SearchFolder::foreignFileProblem() const
{
    const std::string foreign = foreignFile();
    if (foreign.empty())
        return {};
    return m_dir + " holds " + foreign
           + ", which a new search would replace, and no search wrote it: choose an empty or new output folder";
}

bool SearchFolder::canResume() const
{
    return hasCheckpoint() || holdsResults();
}

bool SearchFolder::hasCheckpoint() const
{
    std::error_code error;
    return fs::exists(checkpointFile(), error);
}

void SearchFolder::create() const
{
    ensureWritableDirectory(m_dir);
    for (const char *sub : {kPolicies, kCheckpoints, kTensorBoard})
        ensureWritableDirectory(join(m_dir, sub));
}

std::string SearchFolder::metricsFileName()
{
    return kMetrics;
}

} // namespace augstudio
