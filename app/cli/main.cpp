// augstudio-cli: the headless AugStudio. Parses the command and hands over to core.

#include "CommandLine.h"
#include "Commands.h"
#include "StandardError.h"

#include "config/ConfigError.h"
#include "io/FileWrite.h"
#include "io/PrintableText.h"
#include "search/TorchRuntime.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace augstudio;

static const char *kUsage = R"(usage: augstudio-cli <command> [options]

Learns image augmentation policies (Faster AutoAugment) and saves them as
Albumentations JSON files.

commands:
  validate   --dataset D [--config C] [--set key=value ...] [--epochs N]
             [--seed S] [--device cpu|cuda|cuda:N|auto] [--quick] [--strict]
             [--json F.json]
             check a dataset and a config (with --epochs, --seed and --device
             as search takes them): layout, counts, sizes, problems, the
             model's parameters and smallest image size; the report goes to
             standard output, and each error in it to standard error too;
             --quick decodes 256 images spread over the dataset, not all;
             --strict refuses a Python model class no built-in model matches;
             --json F writes the report's facts, errors and warnings to F
  search     --dataset D --output O [--config C] [--epochs N] [--seed S]
             [--device cpu|cuda|cuda:N|auto] [--set key=value ...]
             [--stop-on-plateau]
             [--steps-per-epoch K] [--quiet] [--strict] [--nproc N] [--timeout S]
             run a search; writes O/policy/epoch_<N>.json, O/policy/latest.json,
             O/metrics.csv, O/tensorboard/, O/config.yaml, O/checkpoints/last.pt;
             --nproc N splits every batch among N processes on this machine
             (the batch size must be a multiple of 2N); started with RANK,
             WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT set (torchrun's
             variables) it joins one search of several processes or machines;
             --timeout S ends it when a process is silent S seconds (default 60)
  search     --resume O [--epochs N] [--steps-per-epoch K] [--quiet] [--nproc N]
             [--timeout S] [--dataset D] [--set key=value ...] [--config C]
             [--seed S] [--device D] [--stop-on-plateau] [--strict]
             continue the search in O from its last checkpoint (a search on
             several processes with the same N); each setting that differs
             from O/config.yaml is listed, and O/config.yaml records it; one
             the checkpoint depends on (task, model, classes, sub-policies,
             operations, seed) is refused; --timeout only with --nproc or
             torchrun's variables
  ops        [list]
             list the operations with their value ranges and the transform
             each is exported as in Albumentations 2.x and 1.x files
  ops render --op NAME --magnitude M --image IN --out OUT [--seed S]
             [--set name=value ...] [--export T.json] [--albumentations 1|2]
             [--float32]
             apply one operation (probability 1) to an image, saved in the
             format of OUT's extension (png, jpg/jpeg/jpe, bmp, tif/tiff,
             webp, ppm/pnm);
             --set gives the operation an argument (shift_r=true, num_holes=8,
             value_range=LOW,HIGH); --seed S places a Cutout's holes (default
             0); --export writes the matching single-transform Albumentations
             JSON (2.x unless 1; --float32: for float32 images)
  convert    --policy IN.json --output OUT.json --albumentations 1|2
             [--image-size S|WxH] [--float32]
             rewrite a policy file for Albumentations 1.x (0.5.2 to 1.4) or 2.x;
             --image-size: the images' side (or width x height) where the file
             has no Resize or crop to say it (fixed shifts depend on it);
             --float32: for float32 images where the file has no Normalize to
             say so (Solarize and RGBShift values depend on it)
  config     print the built-in default config (a search.yaml to start from)
  bench      [--config C] [--set key=value ...] [--image-size S] [--batch B]
             [--channels 1|3] [--steps K] [--device D] [--threads T]
             [--warmup W] [--repeats R] [--memory-epochs E] [--architecture A]
             [--encoder E] [--task classification|semantic_segmentation]
             time the search step on synthetic data against the same step with
             the policy replaced by the identity (the discriminator's floor);
             the median of R repeats of K steps after W warm-up steps (defaults:
             32 px, batch 32, 20 steps, 3 warm-up, 3 repeats; below 10 steps,
             3 repeats or 1 warm-up step a note says the figures are noise);
             --channels 1 times a grayscale search; --architecture times
             another model (Unet, FPN, DeepLabV3Plus: segmentation, on --encoder)
  bench      --nproc N [--timeout S] [the options above but --memory-epochs]
             the scaling of a search on N processes: images/s of the step on one
             process (all cores, or --threads T; or one GPU), then with each
             batch split among N processes (the cores shared out, or one GPU
             each) and the gradients averaged; the speedup, the efficiency, and
             the milliseconds of a step spent averaging the gradients
  bench      --dataset D [--config C] [--set key=value ...] [--task T]
             [--batch B] [--workers W] [--batches K]
             the search's data loading alone: images/s of decoding, preprocessing
             and batching D as the config's data section says (num_workers: W),
             over one epoch or its first K batches; the step's options (--steps,
             --device, --threads, ...) are refused here, as --workers and
             --batches are without --dataset
  apply      --policy P.json --input DIR|IMAGE --output DIR [--count K] [--seed S]
             [--threads T]
             write K augmented versions (default 1) of each image (and mask:
             images/ + masks/, VOC, Cityscapes) as the policy transforms them
             in training, as <name>_<k>.png in the input's folders
             (photo_jpg_<k>.png when a photo.png is beside photo.jpg); an
             unreadable image is skipped; an image's copies are drawn from S
             (default 0) and its name below DIR, alike with any T and whatever
             other files DIR holds; T threads (0: one per core, up to 8; at
             most the cores this process may use)
  evaluate   --policy P.json [--policy Q.json ...] --dataset D
             [--baseline none|flip-shift|trivial-augment|rand-augment ...]
             [--model small|resnet18] [--epochs E] [--train-images N]
             [--held-out-images M] [--seed S] [--repeats R] [--device D]
             [--image-size S] [--batch-size B] [--threads T] [--json F.json]
             train a network with each policy and each baseline (default
             flip-shift) from the same initial weights and data order per seed;
             report held-out accuracy (mIoU for segmentation) of each, on the
             dataset's test split where it has one, and each policy - baseline
             difference with its 95% interval over R seeds (defaults: --model
             small, 10 epochs, 2000 training and 2000 held-out images, seed 42,
             3 repeats, batch 64; --image-size 0: the side the first policy's
             preprocessing makes of the dataset's first image, at most 64); no
             arm is called better on fewer than 100 held-out images; --json F
             writes the result as JSON too (settings, each arm's scores, each
             comparison's interval and verdict code, warnings; "complete":
             false when interrupted); Ctrl-C stops before the next batch and
             reports the finished runs (exit status 130), a second Ctrl-C
             quits at once
  baseline   --name none|flip-shift|trivial-augment|rand-augment --output F.json
             [--albumentations 1|2] [--image-size S] [--float32]
             write a baseline augmentation as an Albumentations file (2.x
             unless 1) for S x S images (default 32), uint8 unless --float32
  shapes     --output DIR [--count N] [--image-size S] [--seed S]
             write a generated segmentation dataset (images/ + masks/, N
             images of S x S, default 1000 of 64 x 64): shapes of 4 kinds in
             random colours on a noisy background, the class the kind of shape

options:
  --help     show this help (after a command, or as help COMMAND: that
             command's usage)
  --version  show the version

Ctrl-C or SIGTERM during a search stops after the current step (every process
of a search on several, after the same step); the policy of the last finished
epoch and its checkpoint stay saved. It exits 0 when the folder holds a policy,
130 when it was stopped before its first epoch finished. evaluate stops before
its next batch and exits 130. The other commands end at once, as the signal
ends any program (the shell reports 130 for Ctrl-C, 143 for SIGTERM).
)";

// The entries of kUsage for one command (its first line starts with the command's name),
// each as `augstudio-cli <entry>`; empty for an unknown command.
static std::string commandUsage(const std::string &command)
{
    std::istringstream lines(kUsage);
    std::string line, usage;
    bool inEntry = false, inCommands = false;
    while (std::getline(lines, line)) {
        if (line == "commands:") {
            inCommands = true;
            continue;
        }
        if (!inCommands)
            continue;
        if (line.empty() || line[0] != ' ')
            break; // the end of the command list
        const bool entryStart = line.size() > 2 && line[2] != ' ';
        if (entryStart)
            inEntry = line.compare(2, command.size() + 1, command + " ") == 0;
        if (inEntry)
            usage += (entryStart ? "augstudio-cli " + line.substr(2) : std::string(12, ' ') + line) + "\n";
    }
    return usage;
}

// A command line that makes no sense: said, with where to look, and exit status 2.
static int usageError(const char *what)
{
    cli::writeStandardError("augstudio-cli: " + printableLine(what) + "\n(see augstudio-cli --help)\n");
    return 2;
}

static bool asksForHelp(const std::vector<std::string> &args)
{
    return std::any_of(args.begin(), args.end(), [](const std::string &a) { return a == "--help" || a == "-h"; });
}

// An error's message without LibTorch's backtrace. A c10::Error's what() is its
// what_without_backtrace() followed by "\nException raised from <function> at <file>:<line>
// (most recent call first):\nframe #0: ..." (some thirty lines); the CLI does not include
// LibTorch's headers, so the backtrace is cut off the text. A message that quotes such a what()
// is cut the same way.
static std::string withoutBacktrace(std::string text)
{
    for (const char *start : {"\nException raised from ", "\nframe #0: "})
        if (const size_t at = text.find(start); at != std::string::npos)
            text.erase(at);
    return text;
}

// A command that could not do its work: said on one line (a path it names may hold a line
// break or bytes a terminal cannot show), and exit status 1.
static int commandFailed(const std::exception &error)
{
    cli::writeStandardError("augstudio-cli: " + printableLine(withoutBacktrace(error.what())) + "\n");
    return 1;
}

// A config's problems, one a line, each as the one-line error it is: what() joins them with
// line feeds, which printableLine would escape into one line.
static std::string configProblemsText(const ConfigError &error)
{
    std::string text;
    for (const ConfigProblem &problem : error.problems)
        text += "augstudio-cli: " + printableLine(describeProblem(problem)) + "\n";
    return text;
}

// Runs the command; its exit status, errors said on standard error.
static int runCommand(const std::string &command, const std::vector<std::string> &rest)
{
    try {
        if (command == "search")
            return cli::searchCommand(rest);
        if (command == "validate")
            return cli::validateCommand(rest);
        if (command == "ops")
            return cli::opsCommand(rest);
        if (command == "config")
            return cli::configCommand(rest);
        if (command == "bench")
            return cli::benchCommand(rest);
        if (command == "apply")
            return cli::applyCommand(rest);
        if (command == "evaluate")
            return cli::evaluateCommand(rest);
        if (command == "convert")
            return cli::convertCommand(rest);
        if (command == "baseline")
            return cli::baselineCommand(rest);
        if (command == "shapes")
            return cli::shapesCommand(rest);
        throw cli::UsageError("unknown command '" + command + "'");
    } catch (const cli::UsageError &error) {
        return usageError(error.what());
    } catch (const ConfigError &error) {
        // A --set the config refuses (not key.path=value, an unknown key, a bad value) is a bad
        // option value, as the option it stands for would be; a config file's error is not.
        if (error.file == "--set") {
            cli::writeStandardError(configProblemsText(error) + "(see augstudio-cli --help)\n");
            return 2;
        }
        cli::writeStandardError(configProblemsText(error));
        return 1;
    } catch (const std::exception &error) {
        return commandFailed(error);
    }
}

// Why a write to standard output failed, read when it failed: a text longer than stdout's
// buffer fails while it is written, and the flush at the end then says no reason.
static int standardOutputErrno = 0;

static void printToStandardOutput(const std::string &text)
{
    errno = 0;
    std::cout << text;
    if (!std::cout && standardOutputErrno == 0)
        standardOutputErrno = errno;
}

// Output that did not reach its file (`config > search.yaml` on a full disk) fails the
// command; a reader that went away (`| head`) does not: the command's own work is done.
static int standardOutputWritten(int status)
{
    // std::cout writes into stdout's buffer, so its flush is the fflush that fails: errno is
    // read at each failure, before anything else can change it.
    errno = 0;
    std::cout.flush();
    const int flushError = std::cout.bad() || std::ferror(stdout) ? errno : 0;
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int lastError = flushed ? 0 : errno;
    if (flushed && !std::ferror(stdout) && !std::cout.bad())
        return status;
    const int error = flushError != 0 ? flushError : lastError != 0 ? lastError : standardOutputErrno;
    struct stat info {};
    if (::fstat(STDOUT_FILENO, &info) == 0 && (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode)))
        return status;
    std::cerr << "augstudio-cli: standard output could not be written"
              << (error != 0 ? std::string(" (") + std::strerror(error) + ")" : std::string())
              << ": what it holds is incomplete\n";
    return status == 0 ? 1 : status;
}

int main(int argc, char **argv)
{
    preferPassiveOpenMpWaits(argv);
    quietLibraryLogs();
    failWritesPastFileSizeLimit();
    // A reader that goes away (`search ... | head`) must not kill a search mid-epoch: its
    // output is then lost unseen and the search goes on, as with standard output closed.
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) { // nothing asked: the usage, as a usage error, for scripts
        std::cerr << kUsage;
        return 2;
    }
    const bool asksHelp = args[0] == "help" || args[0] == "--help" || args[0] == "-h";
    if (asksHelp && args.size() == 1) {
        printToStandardOutput(kUsage);
        return standardOutputWritten(0);
    }
    if (asksHelp && (args.size() > 2 || args[1].rfind('-', 0) == 0))
        return usageError("help takes one command: augstudio-cli help COMMAND");
    if (asksHelp) // help COMMAND, as COMMAND --help
        args = {args[1], "--help"};
    if (args[0] == "--version") {
        printToStandardOutput(std::string("augstudio-cli ") + AUGSTUDIO_VERSION + " (LibTorch " + torchVersion()
                              + ", CUDA " + (cudaAvailable() ? "available" : "not available") + ")\n");
        return standardOutputWritten(0);
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (asksForHelp(rest)) {
        if (const std::string usage = commandUsage(command); !usage.empty()) {
            printToStandardOutput(usage);
            return standardOutputWritten(0);
        }
    }
    return standardOutputWritten(runCommand(command, rest));
}
