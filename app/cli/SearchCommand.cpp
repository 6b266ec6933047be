#include "Commands.h"
#include "ConfigArguments.h"
#include "InterruptGuard.h"
#include "ProgressPrinter.h"
#include "StandardError.h"
#include "WorkerLauncher.h"

#include "config/ConfigChanges.h"
#include "data/ParallelFor.h"
#include "io/AtomicFile.h"
#include "io/FolderLock.h"
#include "search/ResumePoint.h"
#include "search/SearchFolder.h"
#include "search/SearchSession.h"
#include "search/TorchRuntime.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <thread>

namespace augstudio::cli {

namespace {

// Discards what a rank other than 0 would print: rank 0 speaks for the search.
class NullBuffer : public std::streambuf
{
protected:
    int overflow(int c) override { return c; }
};

// A resume goes on with the config its command line gives, which config.yaml then records:
// what differs from the config the search was started with is said, not changed unsaid.
void noteResumeChanges(const std::string &folderConfig, const SearchConfig &resumed)
{
    SearchConfig started;
    try {
        started = loadConfigFile(folderConfig).config;
    } catch (const std::exception &) {
        return; // --config stands in for a config.yaml that is missing or unreadable
    }
    SearchConfig compared = resumed;
    compared.data.dataset.root = absoluteFolderPath(compared.data.dataset.root); // as the search records it
    const std::vector<ConfigChange> changes = configChanges(started, compared);
    if (changes.empty())
        return;
    std::cerr << "note: the resumed search differs from " << folderConfig << " (which records the new values once the search starts):\n";
    for (const ConfigChange &change : changes)
        std::cerr << "  " << change.keyPath << ": " << change.before << " -> " << change.after << "\n";
}

// The torchrun variables, or none with --nproc: its launcher sets them for each worker, and
// a leftover RANK of an earlier job is no reason to refuse.
DistributedSetup distributedSetup(const CommandLine &line)
{
    if (line.has("nproc")) {
        // Under torchrun each of its processes would start a launch of its own.
        if (const char *size = std::getenv("WORLD_SIZE"); size && std::string(size) != "1" && std::string(size) != "")
            throw UsageError("--nproc starts the processes itself: leave it out where torchrun sets WORLD_SIZE ("
                             + std::string(size) + ") and RANK");
        std::string ignored;
        for (const char *name : {"RANK", "LOCAL_RANK", "WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT"})
            if (const char *value = std::getenv(name))
                ignored += std::string(ignored.empty() ? "" : " ") + name + "=" + value;
        if (!ignored.empty())
            std::cerr << "note: --nproc sets the torchrun variables for each of its processes: " << ignored
                      << " here is ignored\n";
        return {};
    }
    try {
        return DistributedSetup::fromEnvironment();
    } catch (const std::runtime_error &error) {
        throw UsageError(error.what()); // the command line's environment, as torchrun sets it
    }
}

// Another search writing in the folder is refused; a rank of several names itself, as its
// other failures do.
void probeFolderLock(const std::string &output, const DistributedSetup &distributed)
{
    try {
        const FolderLock probe(output);
    } catch (const std::exception &error) {
        if (!distributed.distributed())
            throw;
        throw std::runtime_error("rank " + std::to_string(distributed.rank) + ": " + error.what());
    }
}

// A relative dataset root is read from the config file's folder; a piped config
// (`--config <(...)`) has no real one, so the folder named would be /dev/fd's.
void checkRootOfPipedConfig(const CommandLine &line, const std::string &root)
{
    if (!line.has("config") || line.has("dataset"))
        return;
    const std::string config = line.value("config");
    std::error_code error;
    if (std::filesystem::is_regular_file(config, error) || std::filesystem::exists(root, error))
        return;
    const std::string folder = std::filesystem::path(config).parent_path().string();
    if (folder.empty() || !isSameOrInside(root, folder))
        return;
    throw std::runtime_error("dataset folder " + root + " does not exist: a relative data.dataset.root is read from "
                             "the config file's folder, and " + config + " is piped, with no real folder; give an "
                             "absolute root in the config, or the dataset folder with --dataset");
}

} // namespace

int searchCommand(const std::vector<std::string> &args)
{
    std::vector<std::string> valueOptions = kConfigOptions;
    valueOptions.insert(valueOptions.end(), {"output", "resume", "steps-per-epoch", "nproc", "timeout"});
    const CommandLine line("search", args, valueOptions, {"stop-on-plateau", "quiet", "strict"});

    DistributedSetup distributed = distributedSetup(line);
    distributed.timeoutSeconds = timeoutArgument(line);
    SearchRequest request;
    std::string output = line.value("output");
    std::string fallbackConfig;
    if (line.has("resume")) {
        if (!output.empty() && !isSameFolder(output, line.value("resume")))
            throw UsageError("--resume continues in its own folder: leave out --output or give the same folder");
        output = line.value("resume");
        request.resume = true;
        fallbackConfig = SearchFolder(output).configFile();
        if (!std::filesystem::exists(fallbackConfig) && !line.has("config")) {
            if (SearchFolder(output).canResume())
                throw UsageError("--resume " + output + ": there is no " + fallbackConfig
                                 + "; give the config the search ran with: --resume " + output + " --config FILE");
            throw UsageError("--resume " + output + ": there is no " + fallbackConfig
                             + "; is it a search output folder?");
        }
    }
    if (output.empty())
        throw UsageError("search needs --output FOLDER (or --resume FOLDER)");
    // Said before the config and the dataset are read, not after a scan of a large dataset.
    checkDirectoryCanBeWritten(output);
    // --nproc N: this process only launches; the workers search, and rank 0 speaks for them.
    int processes = 1;
    if (line.has("nproc")) {
        processes = line.intValue("nproc", 1);
        if (processes < 1 || processes > kMaxWorldSize)
            throw UsageError("--nproc takes a number of processes from 1 to " + std::to_string(kMaxWorldSize));
    }
    const bool launching = processes > 1;
    // A search of one process waits on no other: the bound would be given and unused. A
    // script that scales from one process (--nproc 1, torchrun's WORLD_SIZE=1) keeps its bound.
    const bool scaledBySetting = line.has("nproc") || std::getenv("WORLD_SIZE") != nullptr;
    if (line.has("timeout") && !scaledBySetting)
        throw UsageError("--timeout bounds the wait on the other processes of a search on several: give --nproc N "
                         "(2 or more), or start the processes as torchrun does (RANK, WORLD_SIZE)");

    // A search writing there now is said first: not that the folder holds one to continue,
    // nor notes for a search that cannot start (the search takes the lock for good later).
    if (std::error_code error; std::filesystem::is_directory(output, error) && distributed.rank == 0)
        probeFolderLock(output, distributed);
    // A new search would overwrite the policies of the one already there; one that saved
    // none (stopped before its first epoch) is started over.
    if (const SearchFolder folder(output); !request.resume && folder.holdsResults()) {
        throw UsageError(output + " already holds a search: continue it with --resume " + output
                         + ", or choose another --output");
    } else if (!request.resume && folder.holdsSearch() && folder.foreignFile().empty() && distributed.rank == 0
               && !launching) { // rank 0 says it
        std::cerr << "note: " << output << " holds a search that saved no policy; this search starts over there\n";
    }


    NullBuffer discard;
    std::ostream silent(&discard);
    // The config's notes once: by the launcher's workers' rank 0, not by the launcher and every rank.
    const bool notes = !launching && distributed.rank == 0;
    const LoadedConfig loaded = loadConfigFromArguments(line, notes ? std::cerr : silent, fallbackConfig);
    if (!loaded.unsupported.empty()) {
        std::cerr << "augstudio-cli: " << unsupportedMessage(loaded.unsupported) << "\n";
        return 1; // the config's problem, as validate --strict reports it
    }
    request.config = loaded.config;
    checkRootOfPipedConfig(line, request.config.data.dataset.root);
    if (const std::string &root = request.config.data.dataset.root; isSameOrInside(output, root))
        throw UsageError("--output " + output + " is inside the dataset " + root
                         + ": the search's files would be read as images of the dataset; choose a folder outside it");

    // A dataset moved since the search began: config.yaml still names its old folder.
    if (std::error_code error; request.resume && !line.has("dataset")
                               && !std::filesystem::exists(request.config.data.dataset.root, error))
        throw std::runtime_error("dataset folder " + request.config.data.dataset.root + " (data.dataset.root in "
                                 + line.value("config", fallbackConfig) + ") does not exist: if it moved, give its folder with --resume "
                                 + output + " --dataset FOLDER");
    // Refused before the changes are listed, and once, not by every process.
    if (const SearchFolder folder(output); request.resume && folder.hasCheckpoint())
        if (const std::string nothingLeft = nothingLeftToSearch(folder.dir(), checkpointEpoch(folder.checkpointFile()),
                                                                request.config.trainer.maxEpochs);
            !nothingLeft.empty())
            throw std::runtime_error(nothingLeft);
    // A lost checkpoint is said before the dataset is read; the search refuses it too.
    if (const SearchFolder folder(output); request.resume && !folder.hasCheckpoint() && folder.holdsResults())
        if (const std::string problem = startOverProblem(folder); !problem.empty())
            throw std::runtime_error(problem);
    if (request.resume && !launching && distributed.rank == 0)
        noteResumeChanges(fallbackConfig, request.config);

    if (launching) {
        // What every worker would refuse, refused once before any starts.
        if (const std::string problem = batchSplitProblem(request.config.data.dataloader.batchSize,
                                                          request.config.policy.numChunks, processes);
            !problem.empty())
            throw std::runtime_error(problem);
        // On CUDA one GPU a process: the last local rank's must be there.
        const bool onCpu = usableProcessDevice(request.config.trainer.device, processes - 1) == "cpu";
        const int cores = static_cast<int>(usableCores());
        if (onCpu && processes > cores)
            std::cerr << "augstudio-cli: warning: " << processes << " processes on " << cores
                      << " cores: they take turns, and the search is slower than with --nproc " << cores << "\n";
        // What every worker would refuse alike, refused once.
        if (const SearchFolder folder(output); request.resume && !folder.canResume())
            throw std::runtime_error(noCheckpointMessage(folder.checkpointFile()));
        // Another search writing there: refused before any worker starts (rank 0 holds the
        // lock once they run).
        probeFolderLock(output, distributed);
        // What rank 0 would refuse once the workers had joined, with a line from every other.
        if (const std::string problem = SearchFolder(output).foreignFileProblem(); !request.resume && !problem.empty())
            throw std::runtime_error(problem);
        LaunchOptions launch;
        launch.processes = processes;
        launch.timeoutSeconds = distributed.timeoutSeconds;
        launch.outputFolder = output;
        // The cores are shared out; on CUDA each worker also takes the GPU of its LOCAL_RANK.
        launch.threadsPerProcess = std::max(1, cores / processes);
        launch.configText = configTextWorkersCannotRead(line);
        std::vector<std::string> workerArgs{"search"};
        for (const std::string &arg : withoutOption(args, "nproc"))
            workerArgs.push_back(arg);
        return launchWorkers(workerArgs, launch);
    }
    request.outputDir = output;
    request.stopOnPlateau = line.has("stop-on-plateau");
    request.distributed = distributed;

    const bool speaks = distributed.rank == 0;
    ProgressPrinter printer(speaks ? std::cout : silent, speaks ? std::cerr : silent, line.has("quiet"));
    if (distributed.distributed())
        printer.setRank(distributed.rank);
    SearchSession session(request, &printer);
    InterruptGuard interrupt(/*secondQuits=*/true);
    // Heard within 50 ms wherever the search is (opening the dataset, saving a checkpoint),
    // and so answered at once and seen before the next step, not after it.
    const bool joining = distributed.distributed();
    StopWatcher watcher([&session, &interrupt, &printer, speaks, joining] {
        if (!interrupt.takeRequest())
            return;
        // Joining the other processes waits in LibTorch for up to --timeout, deaf to a stop;
        // before the search has started there is no step to finish and nothing to keep.
        if (joining && !printer.hasStarted()) {
            if (speaks)
                std::cerr << interrupt.exitNotice("stopped before the search started") << "\n";
            std::_Exit(kInterruptedExit);
        }
        if (speaks)
            std::cerr << interrupt.stopNotice("stopping after this step") << "\n";
        session.requestStop();
    });
    const SearchOutcome outcome = session.run();
    // A signal that broke off joining the others (a connect returning EINTR) is the stop
    // the watcher would have made, not a failure to join.
    if (outcome.reason == SearchEndReason::Failed && joining && !printer.hasStarted() && interrupt.signalled()) {
        if (speaks)
            std::cerr << interrupt.exitNotice("stopped before the search started") << "\n";
        return kInterruptedExit;
    }
    if (!speaks && outcome.reason == SearchEndReason::Failed)
        writeStandardError(failureLine(distributed.rank, outcome.message));
    if (outcome.reason == SearchEndReason::Failed)
        return 1;
    // Stopped before any epoch of the folder finished: there is no policy for a script's
    // next command to use, which a zero status would claim.
    std::error_code error;
    if (outcome.reason == SearchEndReason::Stopped
        && !std::filesystem::exists(SearchFolder(output).latestPolicyFile(), error))
        return kInterruptedExit;
    return 0;
}

} // namespace augstudio::cli
