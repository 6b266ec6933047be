#pragma once

// `--nproc N`: one process per rank on this machine, each this program re-run with the
// torchrun variables (RANK, LOCAL_RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT) set, and the
// cores shared out through OMP_NUM_THREADS (a config's trainer.threads still wins). The
// launcher forwards Ctrl-C and ends the whole search when a worker dies or hangs.

#include "CommandLine.h"

#include <string>
#include <vector>

namespace augstudio::cli {

struct LaunchOptions {
    int processes = 2;
    double timeoutSeconds = 60;  // the workers' bound on the rendezvous and each collective
    double graceSeconds = 5;     // after one worker fails or stops, the others' time to end by themselves
    int threadsPerProcess = 0;   // each worker's OMP_NUM_THREADS, unless the user set it; 0 = leave it
    std::string outputFolder;    // a search's, to say after a failure what it holds; empty: not a search
    std::string configText;      // --config's, where the workers cannot read its file (a pipe): they read a copy
};

// --timeout S: from 1 s (the rendezvous and a collective need that much) to a day (Gloo's
// clock overflows past about 10^13 s); 60 when not given. A usage error otherwise.
double timeoutArgument(const CommandLine &line);

// Runs `augstudio-cli <args>` as N workers and waits for all of them, a bounded time: the
// grace once one has failed or stopped, the timeout and the grace once a stop was passed on;
// those left are then killed. Returns 0 when every worker ended well (a finished or stopped
// search), kInterruptedExit when they were stopped before the search had a policy (or by a
// second Ctrl-C), 1 otherwise, with a message on stderr naming the rank that failed first.
int launchWorkers(const std::vector<std::string> &args, const LaunchOptions &options);

// `args` without the option `name` and its value (both spellings: --name V, --name=V).
std::vector<std::string> withoutOption(const std::vector<std::string> &args, const std::string &name);

} // namespace augstudio::cli
