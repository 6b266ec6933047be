#include "WorkerLauncher.h"

#include "InterruptGuard.h"

#include "io/FileWrite.h"
#include "search/SearchFolder.h"

#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <stdexcept>

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


// One worker as the launcher follows it.
struct Worker {
    int rank = 0;
    pid_t pid = -1;
    int endWatch = -1;               // a pidfd, readable once the worker has ended; -1: none
    bool running = true;
    Clock::time_point endedAt{};     // when the launcher saw it end
    std::string failure;             // how it ended, where that was a failure
    bool endedBySignal = false;      // a failure so is the cause rather than what followed it
    bool stoppedEarly = false;       // ended on the stop passed on to it, with no policy to keep
    bool killedByLauncher = false;   // its time was up, or a second Ctrl-C
    std::string killedAfter;         // "5 s after rank 0 failed", where its time was up
    bool hung = false;               // silent (no CPU time used) for --timeout or longer when killed
    long cpuTicks = -1;
    Clock::time_point lastActive{};  // when its CPU time last grew
};

// A pidfd: poll wakes as the worker ends, so the order of ends is seen as it happened.
int endWatchOf(pid_t pid)
{
#ifdef SYS_pidfd_open
    return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)); // close-on-exec already
#else
    return -1;
#endif
}

// Sleeps up to `ms`, waking early when a worker ends or a signal comes.
void waitForAnEnd(const std::vector<Worker> &workers, int ms)
{
    std::vector<pollfd> watches;
    for (const Worker &worker : workers)
        if (worker.running)
            watches.push_back({worker.endWatch, POLLIN, 0}); // poll skips a -1
    ::poll(watches.data(), watches.size(), ms);
}

// utime + stime from /proc/PID/stat; -1 when it cannot be read.
long cpuTicksOf(pid_t pid)
{
    std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(file, line);
    const size_t nameEnd = line.rfind(')'); // the name may hold spaces and parentheses
    if (nameEnd == std::string::npos)
        return -1;
    std::istringstream fields(line.substr(nameEnd + 1));
    std::string field;
    long ticks = 0;
    for (int index = 3; index <= 15 && fields >> field; ++index) // fields 14 and 15: utime, stime
        if (index >= 14)
            ticks += std::strtol(field.c_str(), nullptr, 10);
    return ticks;
}

// A worker that uses no CPU time is silent: stopped, or blocked waiting on the others.
void noteActivity(std::vector<Worker> &workers)
{
    const Clock::time_point now = Clock::now();
    for (Worker &worker : workers) {
        if (!worker.running)
            continue;
        const long ticks = cpuTicksOf(worker.pid);
        if (ticks != worker.cpuTicks)
            worker.lastActive = now;
        worker.cpuTicks = ticks;
    }
}

void recordEnd(Worker &worker, int status, Clock::time_point when, bool stopPassedOn)
{
    worker.running = false;
    worker.endedAt = when;
    if (worker.endWatch >= 0)
        ::close(worker.endWatch);
    worker.endWatch = -1;
    worker.endedBySignal = WIFSIGNALED(status);
    const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    // Stopped on request before the folder held a policy: said by rank 0 already; or ended
    // by the signal passed on to it before it could take it as a request (in its first
    // moments, or a command that ends at once on it, as bench).
    worker.stoppedEarly = (WIFEXITED(status) && WEXITSTATUS(status) == kInterruptedExit)
                          || (stopPassedOn && WIFSIGNALED(status) && WTERMSIG(status) == firstSignal);
    if (ok || worker.stoppedEarly || worker.killedByLauncher)
        return;
    worker.failure = describeStatus(status);
}

// Reaps every worker that has ended, each stamped with the time it was seen to end.
void reapEnded(std::vector<Worker> &workers, bool stopPassedOn)
{
    const Clock::time_point now = Clock::now();
    int status = 0;
    pid_t pid = 0;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
        for (Worker &worker : workers)
            if (worker.pid == pid && worker.running)
                recordEnd(worker, status, now, stopPassedOn);
}

// The first of the ended workers that `counts`, by the time it ended; of those seen ending
// together, one killed by a signal (the others' errors are what followed).
template <typename Counts>
const Worker *firstEnded(const std::vector<Worker> &workers, Counts counts)
{
    const Worker *first = nullptr;
    for (const Worker &worker : workers) {
        if (worker.running || !counts(worker))
            continue;
        if (!first || worker.endedAt < first->endedAt
            || (worker.endedAt == first->endedAt && worker.endedBySignal && !first->endedBySignal))
            first = &worker;
    }
    return first;
}

bool hasFailed(const Worker &worker)
{
    return !worker.failure.empty();
}

bool hasFailedOrStopped(const Worker &worker)
{
    return hasFailed(worker) || worker.stoppedEarly;
}

std::string secondsText(double seconds)
{
    std::ostringstream text;
    text << std::setprecision(seconds < 10 ? 2 : 3) << seconds << " s";
    return text.str();
}

std::string signalName(int signal)
{
    return signal == SIGTERM ? "SIGTERM" : "Ctrl-C";
}

// When the workers still running are killed: `grace` after the first rank failed or
// stopped and they stopped using CPU time (at most `timeout` + `grace` after it), or
// `timeout` + `grace` after a stop was passed on (each worker waits on the
// others for --timeout at most, and then ends by itself); never an unbounded wait.
struct Deadline {
    Clock::time_point at = Clock::time_point::max();
    std::string after; // "5 s after rank 0 failed"

    void offer(Clock::time_point since, double seconds, const std::string &event)
    {
        const auto when = since + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        if (when < at) {
            at = when;
            after = secondsText(seconds) + " after " + event;
        }
    }
};

// How long after `since` the running workers were still using CPU time, at most `most`
// seconds: a worker in the middle of its step when a rank failed finishes it before its
// collective fails and it can say which rank it lost.
double busySecondsAfter(const std::vector<Worker> &workers, Clock::time_point since, double most)
{
    double busy = 0;
    for (const Worker &worker : workers)
        if (worker.running && worker.lastActive > since)
            busy = std::max(busy, std::chrono::duration<double>(worker.lastActive - since).count());
    return std::min(busy, most);
}

void killLeft(std::vector<Worker> &workers, const std::string &after, double timeoutSeconds)
{
    const Clock::time_point now = Clock::now();
    for (Worker &worker : workers) {
        if (!worker.running || worker.killedByLauncher)
            continue;
        worker.killedByLauncher = true;
        worker.killedAfter = after;
        worker.hung = now - worker.lastActive >= std::chrono::duration<double>(timeoutSeconds);
        ::kill(worker.pid, SIGKILL);
        ::kill(worker.pid, SIGCONT); // a stopped process takes the kill once continued
    }
}

// "rank 1 was stopped (killed 5 s after rank 0 failed)": one that only waited on the failed
// rank is no cause; one silent past --timeout is.
std::string killedNote(const Worker &worker)
{
    const std::string name = "rank " + std::to_string(worker.rank);
    if (worker.hung)
        return name + " hung and was killed (" + worker.killedAfter + ")";
    return name + " was stopped (killed " + worker.killedAfter + ")";
}

// What a search that ended early leaves.
std::string keptOutputs(const std::string &outputFolder)
{
    if (outputFolder.empty())
        return ".";
    const SearchFolder folder(outputFolder);
    std::error_code gone;
    if (!std::filesystem::exists(outputFolder, gone))
        return ". The output folder " + outputFolder + " is gone: it was removed while the search ran.";
    if (folder.hasCheckpoint())
        return ". The policy and checkpoint of the last finished epoch are kept in " + outputFolder + ".";
    std::error_code error;
    if (std::filesystem::exists(folder.latestPolicyFile(), error)) // killed between the two
        return ". The policies saved so far are kept in " + outputFolder
               + "; it stopped before its first checkpoint was written, so --resume starts it again from epoch 1.";
    return ". No epoch finished, so no policy was saved.";
}

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

    std::vector<Worker> workers(processes);
    const Clock::time_point started = Clock::now();
    for (int rank = 0; rank < processes; ++rank) {
        workers[rank].rank = rank;
        workers[rank].pid = startWorker(workerArgs, rank, processes, port, threads);
        workers[rank].endWatch = endWatchOf(workers[rank].pid);
        workers[rank].lastActive = started;
    }
    std::cerr << "augstudio-cli: " << processes << " processes on this machine (rendezvous 127.0.0.1:" << port;
    if (threads > 0)
        std::cerr << ", OMP_NUM_THREADS=" << threads << " each";
    std::cerr << ", timeout " << options.timeoutSeconds << " s):";
    for (int rank = 0; rank < processes; ++rank)
        std::cerr << " rank " << rank << " pid " << workers[rank].pid << (rank + 1 < processes ? "," : "\n");
    std::cerr << std::flush;

    int forwarded = 0;
    Clock::time_point stopPassedOnAt{};
    const auto anyRunning = [&workers] {
        return std::any_of(workers.begin(), workers.end(), [](const Worker &worker) { return worker.running; });
    };
    while (anyRunning()) {
        waitForAnEnd(workers, 50);
        reapEnded(workers, forwarded > 0);
        if (interrupts > forwarded) {
            if (forwarded == 0)
                stopPassedOnAt = Clock::now();
            forwarded = interrupts;
            // The first Ctrl-C: every rank stops after the same step; the second: at once.
            const int signal = forwarded == 1 ? firstSignal.load() : SIGKILL;
            for (Worker &worker : workers)
                if (worker.running) {
                    ::kill(worker.pid, signal);
                    worker.killedByLauncher = worker.killedByLauncher || signal == SIGKILL; // not a failure of theirs
                }
        }
        noteActivity(workers);
        Deadline deadline;
        if (const Worker *first = firstEnded(workers, hasFailedOrStopped))
            deadline.offer(first->endedAt,
                           options.graceSeconds + busySecondsAfter(workers, first->endedAt, options.timeoutSeconds),
                           "rank " + std::to_string(first->rank) + (hasFailed(*first) ? " failed" : " stopped"));
        if (forwarded > 0)
            deadline.offer(stopPassedOnAt, options.timeoutSeconds + options.graceSeconds,
                           firstSignal == SIGTERM ? "SIGTERM" : "the Ctrl-C");
        if (Clock::now() >= deadline.at)
            killLeft(workers, deadline.after, options.timeoutSeconds);
    }
    ::sigaction(SIGINT, &previousInt, nullptr);
    ::sigaction(SIGTERM, &previousTerm, nullptr);

    if (forwarded >= 2) { // the user's second Ctrl-C, not a failure of any rank
        std::cerr << "augstudio-cli: stopped at once (a second " << signalName(lastSignal) << ")"
                  << keptOutputs(options.outputFolder) << "\n";
        return kInterruptedExit;
    }
    std::string killed;
    for (const Worker &worker : workers)
        if (!worker.killedAfter.empty())
            killed += "; " + killedNote(worker);
    const Worker *cause = firstEnded(workers, hasFailed);
    if (!cause) {
        if (!killed.empty())
            std::cerr << "augstudio-cli: " << killed.substr(2) << "\n";
        const bool stoppedEarly = std::any_of(workers.begin(), workers.end(),
                                              [](const Worker &worker) { return worker.stoppedEarly; });
        // Rank 0 ended by the signal before it could say anything: said here.
        if (workers[0].stoppedEarly && workers[0].endedBySignal)
            std::cerr << "augstudio-cli: stopped (" << signalName(firstSignal) << ")" << keptOutputs(options.outputFolder)
                      << "\n";
        return stoppedEarly ? kInterruptedExit : 0;
    }
    std::cerr << "augstudio-cli: the " << (options.outputFolder.empty() ? "run" : "search") << " on " << processes
              << " processes failed: rank " << cause->rank << " " << cause->failure << killed
              << keptOutputs(options.outputFolder) << "\n";
    return 1;
}

} // namespace augstudio::cli
