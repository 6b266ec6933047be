#include "WorkerLauncher.h"

#include "InterruptGuard.h"

#include "io/FileWrite.h"
#include "search/SearchFolder.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <stdexcept>
#include <thread>

namespace augstudio::cli {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<int> interrupts{0};
std::atomic<int> firstSignal{SIGINT}; // passed on as it came: the workers name it
std::atomic<int> lastSignal{SIGINT};
RepeatedSignals launcherSignals;

extern "C" void onLauncherInterrupt(int signal)
{
    if (launcherSignals.repeats(signal)) // `timeout`'s second send: one request, not "quit at once"
        return;
    if (interrupts++ == 0)
        firstSignal = signal;
    lastSignal = signal;
}

// A port the kernel reports free; rank 0 binds it moments later (a small race, as torchrun's).
int freeLoopbackPort()
{
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    if (sock < 0)
        throw std::runtime_error(std::string("no socket for the rendezvous: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool ok = ::bind(sock, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
                    && ::getsockname(sock, reinterpret_cast<sockaddr *>(&address), &length) == 0;
    ::close(sock);
    if (!ok)
        throw std::runtime_error(std::string("no free port for the rendezvous: ") + std::strerror(errno));
    return ntohs(address.sin_port);
}

std::string describeStatus(int status)
{
    if (WIFEXITED(status))
        return "exited with code " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " ("
               + ::strsignal(WTERMSIG(status)) + ")";
    return "ended";
}

pid_t startWorker(const std::vector<std::string> &args, int rank, int processes, int port, int threads)
{
    std::vector<std::string> argv{"augstudio-cli"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char *> pointers;
    for (std::string &arg : argv)
        pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    const pid_t launcher = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw std::runtime_error(std::string("cannot start worker process: ") + std::strerror(errno));
    if (pid == 0) {
        // Its own process group: a terminal's Ctrl-C reaches the launcher alone, which forwards it once.
        ::setpgid(0, 0);
        // A launcher that is killed (kill -9, a closed terminal's SIGHUP) cannot forward
        // anything: the kernel stops the worker as SIGTERM would, after its step.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != launcher)
            ::_exit(1); // it died before the line above
        ::setenv("RANK", std::to_string(rank).c_str(), 1);
        ::setenv("LOCAL_RANK", std::to_string(rank).c_str(), 1);
        ::setenv("WORLD_SIZE", std::to_string(processes).c_str(), 1);
        ::setenv("MASTER_ADDR", "127.0.0.1", 1);
        ::setenv("MASTER_PORT", std::to_string(port).c_str(), 1);
        if (threads > 0) // in the environment, not the config: a resume on one process takes every core again
            ::setenv("OMP_NUM_THREADS", std::to_string(threads).c_str(), /*overwrite=*/0);
        ::execv("/proc/self/exe", pointers.data());
        std::fprintf(stderr, "augstudio-cli: rank %d: cannot run /proc/self/exe: %s\n", rank, std::strerror(errno));
        ::_exit(127);
    }
    return pid;
}

// A regular file holding a piped --config's text for the workers, removed when they are done.
class ConfigCopy
{
public:
    explicit ConfigCopy(const std::string &text)
    {
        if (text.empty())
            return;
        std::string pattern = (std::filesystem::temp_directory_path() / "augstudio-config-XXXXXX.yaml").string();
        const int fd = ::mkstemps(pattern.data(), 5);
        if (fd < 0)
            throw std::runtime_error("cannot keep the piped --config for the processes: " + pattern + ": "
                                     + std::strerror(errno));
        try {
            writeAll(fd, text.data(), text.size(), pattern);
        } catch (const std::exception &error) {
            // The destructor of an object never built does not run: the copy goes here.
            ::close(fd);
            ::unlink(pattern.c_str());
            throw std::runtime_error(std::string("cannot keep the piped --config for the processes: ") + error.what());
        }
        ::close(fd);
        m_path = pattern;
    }
    ~ConfigCopy()
    {
        if (!m_path.empty())
            ::unlink(m_path.c_str());
    }
    ConfigCopy(const ConfigCopy &) = delete;
    ConfigCopy &operator=(const ConfigCopy &) = delete;

    // `args` with --config naming the copy, where there is one.
    std::vector<std::string> appliedTo(const std::vector<std::string> &args) const
    {
        if (m_path.empty())
            return args;
        std::vector<std::string> changed = withoutOption(args, "config");
        changed.push_back("--config");
        changed.push_back(m_path);
        return changed;
    }

private:
    std::string m_path;
};

} // namespace

std::vector<std::string> withoutOption(const std::vector<std::string> &args, const std::string &name)
{
    std::vector<std::string> kept;
    const std::string flag = "--" + name;
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == flag) {
            ++i; // and its value
            continue;
        }
        if (args[i].rfind(flag + "=", 0) == 0)
            continue;
        kept.push_back(args[i]);
    }
    return kept;
}

double timeoutArgument(const CommandLine &line)
{
    const double seconds = line.doubleValue("timeout", 60);
    if (!(seconds >= 1 && seconds <= 86400)) // so written, NaN fails it too
        throw UsageError("--timeout takes a number of seconds from 1 to 86400 (a day)");
    return seconds;
}

int launchWorkers(const std::vector<std::string> &args, const LaunchOptions &options)
{
    const int processes = options.processes;
    const int threads = std::getenv("OMP_NUM_THREADS") ? 0 : options.threadsPerProcess; // the user's wins
    const int port = freeLoopbackPort();
    const ConfigCopy config(options.configText);
    const std::vector<std::string> workerArgs = config.appliedTo(args);

    struct sigaction action {};
    action.sa_handler = onLauncherInterrupt;
    struct sigaction previousInt {}, previousTerm {};
    ::sigaction(SIGINT, &action, &previousInt);
    ::sigaction(SIGTERM, &action, &previousTerm);
    interrupts = 0;
    launcherSignals.reset();

    std::vector<pid_t> pids;
    for (int rank = 0; rank < processes; ++rank)
        pids.push_back(startWorker(workerArgs, rank, processes, port, threads));
    std::cerr << "augstudio-cli: " << processes << " processes on this machine (rendezvous 127.0.0.1:" << port;
    if (threads > 0)
        std::cerr << ", OMP_NUM_THREADS=" << threads << " each";
    std::cerr << ", timeout " << options.timeoutSeconds << " s):";
    for (int rank = 0; rank < processes; ++rank)
        std::cerr << " rank " << rank << " pid " << pids[rank] << (rank + 1 < processes ? "," : "\n");
    std::cerr << std::flush;

    std::vector<bool> running(processes, true);
    std::vector<bool> killedByUs(processes, false);
    int alive = processes, firstFailed = -1, firstKilled = -1, forwarded = 0;
    bool stoppedWithoutPolicy = false;
    bool rankZeroSilenced = false; // ended by the signal before it could say anything
    std::vector<std::string> failures(processes);
    Clock::time_point failedAt{};
    while (alive > 0) {
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            for (int rank = 0; rank < processes; ++rank) {
                if (pids[rank] != pid || !running[rank])
                    continue;
                running[rank] = false;
                --alive;
                const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
                // Stopped on request before the folder held a policy: said by rank 0 already;
                // or ended by the signal passed on to it before it could take it as a request
                // (in its first moments, or a command that ends at once on it, as bench).
                const bool stoppedEarly = (WIFEXITED(status) && WEXITSTATUS(status) == kInterruptedExit)
                                          || (forwarded > 0 && WIFSIGNALED(status) && WTERMSIG(status) == firstSignal);
                stoppedWithoutPolicy = stoppedWithoutPolicy || stoppedEarly;
                rankZeroSilenced = rankZeroSilenced || (rank == 0 && stoppedEarly && WIFSIGNALED(status));
                if (ok || stoppedEarly || killedByUs[rank])
                    continue;
                failures[rank] = describeStatus(status);
                if (firstFailed < 0) {
                    firstFailed = rank;
                    failedAt = Clock::now();
                }
                // A rank killed by a signal is the cause; the others' errors are what followed.
                if (WIFSIGNALED(status) && firstKilled < 0)
                    firstKilled = rank;
            }
            continue;
        }
        if (interrupts > forwarded) {
            forwarded = interrupts;
            // The first Ctrl-C: every rank stops after the same step; the second: at once.
            const int signal = forwarded == 1 ? firstSignal.load() : SIGKILL;
            for (int rank = 0; rank < processes; ++rank)
                if (running[rank]) {
                    ::kill(pids[rank], signal);
                    killedByUs[rank] = killedByUs[rank] || signal == SIGKILL; // not a failure of theirs
                }
        }
        if (firstFailed >= 0 && Clock::now() - failedAt > std::chrono::duration<double>(options.graceSeconds)) {
            for (int rank = 0; rank < processes; ++rank) {
                if (!running[rank] || killedByUs[rank])
                    continue;
                std::cerr << "augstudio-cli: rank " << rank << " did not end " << options.graceSeconds
                          << " s after rank " << firstFailed << " failed; killing it\n";
                killedByUs[rank] = true;
                ::kill(pids[rank], SIGKILL);
                ::kill(pids[rank], SIGCONT); // a stopped process takes the kill once continued
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);
    // What a search that ended early leaves.
    const auto kept = [&options] {
        if (options.outputFolder.empty())
            return std::string(".");
        const SearchFolder folder(options.outputFolder);
        std::error_code gone;
        if (!std::filesystem::exists(options.outputFolder, gone))
            return ". The output folder " + options.outputFolder + " is gone: it was removed while the search ran.";
        if (folder.hasCheckpoint())
            return ". The policy and checkpoint of the last finished epoch are kept in " + options.outputFolder + ".";
        std::error_code error;
        if (std::filesystem::exists(folder.latestPolicyFile(), error)) // killed between the two
            return ". The policies saved so far are kept in " + options.outputFolder
                   + "; it stopped before its first checkpoint was written, so --resume starts it again from epoch 1.";
        return std::string(". No epoch finished, so no policy was saved.");
    };
    if (forwarded >= 2) { // the user's second Ctrl-C, not a failure of any rank
        std::cerr << "augstudio-cli: stopped at once (a second " << (lastSignal == SIGTERM ? "SIGTERM" : "Ctrl-C") << ")"
                  << kept() << "\n";
        return kInterruptedExit;
    }
    if (firstFailed < 0) {
        if (rankZeroSilenced)
            std::cerr << "augstudio-cli: stopped (" << (firstSignal == SIGTERM ? "SIGTERM" : "Ctrl-C") << ")" << kept()
                      << "\n";
        return stoppedWithoutPolicy ? kInterruptedExit : 0;
    }
    const int cause = firstKilled >= 0 ? firstKilled : firstFailed;
    std::cerr << "augstudio-cli: the " << (options.outputFolder.empty() ? "run" : "search") << " on " << processes
              << " processes failed: rank " << cause << " " << failures[cause];
    for (int rank = 0; rank < processes; ++rank)
        if (killedByUs[rank])
            std::cerr << "; rank " << rank << " hung and was killed";
    std::cerr << kept() << "\n";
    return 1;
}

} // namespace augstudio::cli
