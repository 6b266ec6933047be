// End-to-end searches on a small generated dataset: outputs, determinism, resume,
// stopping, and the bad-input paths.

#include "config/ConfigLoader.h"
#include "data/Dataset.h"
#include "data/ParallelFor.h"
#include "search/OutOfMemory.h"
#include "search/SearchFolder.h"
#include "search/SearchSession.h"
#include "search/TorchRuntime.h"
#include "testsupport/TestSupport.h"

#include <QDir>
#include <QtTest>

#include <c10/util/Exception.h>
#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <functional>
#include <iterator>
#include <map>
#include <new>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file below `folder` with its bytes: what a refused resume must leave as it was.
std::map<std::string, std::string> filesBelow(const fs::path &folder)
{
    std::map<std::string, std::string> files;
    for (const auto &entry : fs::recursive_directory_iterator(folder))
        if (entry.is_regular_file())
            files[entry.path().lexically_relative(folder).string()] = readAll(entry.path());
    return files;
}

struct Recorder : SearchObserver {
    std::vector<StepMetrics> steps;
    std::vector<EpochMetrics> epochs;
    std::vector<std::string> messages;
    SearchOutcome outcome;
    std::function<void(const StepMetrics &)> onEachStep;

    void onStep(const StepMetrics &m) override
    {
        steps.push_back(m);
        if (onEachStep)
            onEachStep(m);
    }
    void onEpoch(const EpochMetrics &m) override { epochs.push_back(m); }
    void onMessage(const std::string &m) override { messages.push_back(m); }
    void onFinished(const SearchOutcome &o) override { outcome = o; }
};

} // namespace

class TestSearch : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;
    std::string datasetDir;

    SearchRequest request(const std::string &output, int epochs = 2)
    {
        SearchRequest r;
        SearchConfig &c = r.config;
        c = defaultConfig();
        c.data.dataset.root = datasetDir;
        c.data.dataloader.batchSize = 8;
        c.data.dataloader.numWorkers = 0;
        c.policy.numSubPolicies = 3;
        c.policy.operationCount = 2;
        c.policy.numChunks = 2;
        c.trainer.maxEpochs = epochs;
        c.trainer.device = "cpu";
        c.trainer.threads = 2;
        c.seed = 11;
        r.outputDir = (fs::path(tmp.path().toStdString()) / output).string();
        r.maxStepsPerEpoch = 3;
        return r;
    }

    SearchOutcome run(const SearchRequest &r, Recorder *recorder = nullptr)
    {
        Recorder local;
        SearchSession session(r, recorder ? recorder : &local);
        return session.run();
    }

    // Resumes `next` to its end; the messages that hold `containing`, run together.
    std::string messagesOfResume(SearchRequest next, const std::string &containing)
    {
        next.resume = true;
        Recorder recorder;
        const SearchOutcome outcome = run(next, &recorder);
        if (outcome.reason != SearchEndReason::Finished)
            return "the resume did not finish: " + outcome.message;
        std::string said;
        for (const std::string &message : recorder.messages)
            if (message.find(containing) != std::string::npos)
                said += message;
        return said;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        datasetDir = (fs::path(tmp.path().toStdString()) / "shapes").string();
        testsupport::makeImageFolderDataset(datasetDir, 3, 12, 32);
    }

    void tinySearchWritesEveryOutput()
    {
        Recorder recorder;
        const SearchRequest r = request("full");
        const SearchOutcome outcome = run(r, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(outcome.lastEpoch, 2);
        QCOMPARE(recorder.steps.size(), size_t(6));
        QCOMPARE(recorder.epochs.size(), size_t(2));
        for (const auto &m : recorder.steps)
            QVERIFY(std::isfinite(m.loss) && std::isfinite(m.dLoss) && std::isfinite(m.aLoss) && m.imagesPerSecond > 0);
        QVERIFY(recorder.epochs[0].averageParameterChange > 0);

        const SearchFolder out(r.outputDir);
        for (const std::string &file : {out.policyFile(1), out.policyFile(2), out.latestPolicyFile(), out.metricsFile(),
                                        out.configFile(), out.checkpointFile()})
            QVERIFY2(fs::exists(file), file.c_str());
        QCOMPARE(readAll(out.latestPolicyFile()), readAll(out.policyFile(2)));
        const auto policy = nlohmann::json::parse(readAll(out.latestPolicyFile()));
        QCOMPARE(policy["transform"]["transforms"][0]["transforms"].size(), size_t(3));

        // metrics.csv: a header, six step rows and two epoch rows.
        std::ifstream csv(out.metricsFile());
        std::string line;
        int steps = 0, epochs = 0;
        std::getline(csv, line);
        QVERIFY(line.find("average_parameter_change") != std::string::npos);
        while (std::getline(csv, line)) {
            steps += line.rfind("step,", 0) == 0;
            epochs += line.rfind("epoch,", 0) == 0;
        }
        QCOMPARE(steps, 6);
        QCOMPARE(epochs, 2);

        bool events = false;
        for (const auto &entry : fs::directory_iterator(out.tensorBoardFolder()))
            events |= entry.path().filename().string().rfind("events.out.tfevents.", 0) == 0;
        QVERIFY(events);

        // config.yaml is a config the CLI reads back.
        const LoadedConfig back = loadConfigFile(out.configFile());
        QCOMPARE(back.config.policy.numSubPolicies, 3);
    }

    void sameSeedSamePolicy()
    {
        SearchRequest a = request("seed_a", 1), b = request("seed_b", 1), c = request("seed_c", 1);
        c.config.seed = 12;
        QVERIFY(run(a).reason == SearchEndReason::Finished);
        QVERIFY(run(b).reason == SearchEndReason::Finished);
        QVERIFY(run(c).reason == SearchEndReason::Finished);
        const std::string pa = readAll(SearchFolder(a.outputDir).latestPolicyFile());
        QCOMPARE(pa, readAll(SearchFolder(b.outputDir).latestPolicyFile()));
        QVERIFY(pa != readAll(SearchFolder(c.outputDir).latestPolicyFile()));
    }

    void resumeEqualsUninterrupted()
    {
        const SearchRequest whole = request("whole", 2);
        QVERIFY(run(whole).reason == SearchEndReason::Finished);

        SearchRequest first = request("halves", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        SearchRequest second = request("halves", 2);
        second.resume = true;
        Recorder recorder;
        const SearchOutcome outcome = run(second, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(recorder.steps.size(), size_t(3)); // only epoch 2 ran
        QCOMPARE(readAll(SearchFolder(second.outputDir).latestPolicyFile()),
                 readAll(SearchFolder(whole.outputDir).latestPolicyFile()));
    }

    void resumeWithOtherThreadsIsSaid()
    {
        // A CPU search's sums, and so its policy, differ with the thread count: a resume with
        // another count than the checkpoint's says how to continue exactly.
        if (usableCores() < 2)
            QSKIP("needs two usable cores");
        SearchRequest first = request("threads", 1);
        first.config.trainer.threads = 2;
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const auto resumeWith = [&](int threads, int epochs) {
            SearchRequest next = request("threads", epochs);
            next.config.trainer.threads = threads;
            return messagesOfResume(next, "threads until epoch");
        };
        const std::string said = resumeWith(1, 2);
        QVERIFY2(said.find("this search ran with 2 threads until epoch 1 and continues with 1") != std::string::npos
                     && said.find("set trainer.threads to 2 to continue it exactly") != std::string::npos,
                 said.c_str());
        // The checkpoint now records the one thread: continued with it, nothing to say.
        QVERIFY2(resumeWith(1, 3).empty(), "a resume with the checkpoint's threads warned");
    }

    void resumeOnAChangedDatasetIsSaid()
    {
        // The search goes on with the dataset as it is; images added, removed or renamed since
        // the checkpoint are said. A moved dataset is the same one.
        const fs::path data = fs::path(tmp.path().toStdString()) / "changing";
        testsupport::makeImageFolderDataset(data.string(), 3, 12, 32);
        SearchRequest first = request("changing_out", 1);
        first.config.data.dataset.root = data.string();
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const auto resumeOn = [&](const fs::path &root, int epochs) {
            SearchRequest next = request("changing_out", epochs);
            next.config.data.dataset.root = root.string();
            return messagesOfResume(next, "has changed since epoch");
        };
        std::vector<fs::path> images;
        for (const auto &entry : fs::recursive_directory_iterator(data))
            if (entry.is_regular_file())
                images.push_back(entry.path());
        std::sort(images.begin(), images.end());
        QCOMPARE(images.size(), size_t(36));
        fs::remove(images[0]);
        std::string said = resumeOn(data, 2);
        QVERIFY2(said.find("has changed since epoch 1 was saved (36 images then, 35 now)") != std::string::npos, said.c_str());
        const fs::path moved = fs::path(tmp.path().toStdString()) / "changing_moved";
        fs::rename(data, moved);
        said = resumeOn(moved, 3);
        QVERIFY2(said.empty(), said.c_str());
        fs::rename(moved / images[1].lexically_relative(data), moved / images[1].parent_path().filename() / "renamed.png");
        said = resumeOn(moved, 4);
        QVERIFY2(said.find("(the same number of images (35), but other files or classes)") != std::string::npos,
                 said.c_str());
    }

    void filesNoSearchWroteAreNotReplaced()
    {
        // A config kept in the output folder (even the one passed as the config), another
        // tool's TensorBoard logs: refused, not overwritten or deleted.
        for (const std::string kept : {"config.yaml", "metrics.csv", "tensorboard/events.out.tfevents.1.other"}) {
            SearchRequest r = request("foreign_" + std::to_string(kept.size()), 1);
            fs::create_directories((fs::path(r.outputDir) / kept).parent_path());
            std::ofstream(fs::path(r.outputDir) / kept) << "# mine\n";
            const SearchOutcome outcome = run(r);
            QVERIFY(outcome.reason == SearchEndReason::Failed);
            QVERIFY2(outcome.message.find("which a new search would replace, and no search wrote it")
                         != std::string::npos,
                     outcome.message.c_str());
            QCOMPARE(readAll((fs::path(r.outputDir) / kept).string()), std::string("# mine\n"));
        }
        // A search's own folder (stopped before it saved anything) is started over.
        SearchRequest r = request("stopped_at_once", 1);
        Recorder recorder;
        SearchSession session(r, &recorder);
        recorder.onEachStep = [&](const StepMetrics &) { session.requestStop(); };
        QVERIFY(session.run().reason == SearchEndReason::Stopped);
        QVERIFY(SearchFolder(r.outputDir).foreignFile().empty());
        QVERIFY(run(r).reason == SearchEndReason::Finished);
    }

    void aSearchThatEndedMeanwhileIsNotReplaced()
    {
        // The launcher's check came before the other search finished: asked again under the
        // folder's lock, its results stay.
        const SearchRequest first = request("ended_meanwhile", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const std::string policy = readAll(SearchFolder(first.outputDir).latestPolicyFile());
        SearchRequest second = request("ended_meanwhile", 1);
        second.config.seed = 12;
        const SearchOutcome outcome = run(second);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find("holds the results of a search that ended while this one was being prepared")
                     != std::string::npos,
                 outcome.message.c_str());
        QCOMPARE(readAll(SearchFolder(first.outputDir).latestPolicyFile()), policy);
        QVERIFY(readAll(SearchFolder(first.outputDir).configFile()).find("seed: 11") != std::string::npos);
    }

    void policiesWithoutACheckpointStartOverToTheSamePolicy()
    {
        // Killed (or the disk full) between epoch 1's policy and its checkpoint: the folder could
        // be neither continued nor reused. A resume starts the seeded search again from its
        // beginning, says so, and ends with the uninterrupted run's policy and curves.
        const SearchRequest whole = request("no_checkpoint_whole", 2);
        QVERIFY(run(whole).reason == SearchEndReason::Finished);
        const SearchRequest first = request("no_checkpoint", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const SearchFolder folder(first.outputDir);
        QVERIFY(fs::remove(folder.checkpointFile()));
        QVERIFY(folder.canResume());
        QVERIFY(!folder.hasCheckpoint());

        const std::string said = messagesOfResume(request("no_checkpoint", 2), "ended before its first checkpoint");
        QVERIFY2(said.find("starts again from epoch 1") != std::string::npos, said.c_str());
        QVERIFY(folder.hasCheckpoint());
        QCOMPARE(readAll(folder.latestPolicyFile()), readAll(SearchFolder(whole.outputDir).latestPolicyFile()));
        QCOMPARE(readAll(folder.policyFile(1)), readAll(SearchFolder(whole.outputDir).policyFile(1)));
        // metrics.csv holds each step once, as the uninterrupted run's (its wall times aside).
        const auto rows = [](const SearchFolder &f) {
            std::istringstream text(readAll(f.metricsFile()));
            int count = 0;
            for (std::string line; std::getline(text, line);)
                ++count;
            return count;
        };
        QCOMPARE(rows(folder), rows(SearchFolder(whole.outputDir)));
    }

    void aFolderPastItsFirstCheckpointIsNotStartedOver()
    {
        // Its checkpoint deleted (or not copied), a finished search was started over from
        // epoch 1: its plateau verdict and curves removed, metrics.csv cut, latest.json an
        // early epoch's. Only a search killed while its first checkpoint was written starts over.
        const SearchRequest first = request("lost_checkpoint", 2);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const SearchFolder folder(first.outputDir);
        QVERIFY(fs::remove(folder.checkpointFile()));
        const auto before = filesBelow(folder.dir());
        SearchRequest resumed = request("lost_checkpoint", 3);
        resumed.resume = true;
        const SearchOutcome outcome = run(resumed);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        for (const std::string &part : {folder.dir(), folder.checkpointFile(), std::string("epochs 1 to 2"),
                                        std::string("another --output folder")})
            QVERIFY2(outcome.message.find(part) != std::string::npos, (part + " not in: " + outcome.message).c_str());
        QVERIFY(filesBelow(folder.dir()) == before);
    }

    void aStartOverWithAnotherSeedIsRefused()
    {
        // Started over with another seed, the search wrote another search's policies and its
        // config.yaml, while saying "with the same seed". The checkpoint's check is made against
        // config.yaml instead.
        const SearchRequest first = request("start_over_seed", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const SearchFolder folder(first.outputDir);
        QVERIFY(fs::remove(folder.checkpointFile()));
        const auto before = filesBelow(folder.dir());
        SearchRequest resumed = request("start_over_seed", 2);
        resumed.resume = true;
        resumed.config.seed = 12;
        const SearchOutcome outcome = run(resumed);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find(folder.configFile() + " records another config: it has 'seed=11', this config "
                                                            "has 'seed=12'")
                     != std::string::npos,
                 outcome.message.c_str());
        QVERIFY(filesBelow(folder.dir()) == before);
        resumed.config.seed = 11; // with its own seed it starts over
        QVERIFY(run(resumed).reason == SearchEndReason::Finished);
    }

    void aResumeThatFailsBeforeItsFirstStepKeepsTheConfig()
    {
        // A resume whose preprocessing made the images too small wrote that config.yaml, and
        // every plain resume after it failed the same way.
        const SearchRequest first = request("failed_resume", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const SearchFolder folder(first.outputDir);
        const std::string config = readAll(folder.configFile());
        SearchRequest tooSmall = request("failed_resume", 2);
        tooSmall.resume = true;
        tooSmall.config.data.preprocessing = {PreprocessingStep{"Resize", {{"height", 8.0}, {"width", 8.0}}, {}, 0}};
        const SearchOutcome failed = run(tooSmall);
        QVERIFY(failed.reason == SearchEndReason::Failed);
        QVERIFY2(failed.message.find("smaller than") != std::string::npos, failed.message.c_str());
        QCOMPARE(readAll(folder.configFile()), config);
        // Once it has started, a resume's config.yaml records its config (here the epochs).
        SearchRequest plain = request("failed_resume", 2);
        plain.resume = true;
        const SearchOutcome outcome = run(plain);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QVERIFY(readAll(folder.configFile()).find("max_epochs: 2") != std::string::npos);
    }

    void stopKeepsTheLastFinishedEpoch()
    {
        Recorder recorder;
        const SearchRequest r = request("stopped", 3);
        SearchSession session(r, &recorder);
        recorder.onEachStep = [&](const StepMetrics &m) {
            if (m.epoch == 2 && m.stepInEpoch == 1)
                session.requestStop();
        };
        const SearchOutcome outcome = session.run();
        QVERIFY(outcome.reason == SearchEndReason::Stopped);
        QCOMPARE(outcome.lastEpoch, 1);
        QCOMPARE(recorder.steps.size(), size_t(4)); // stopped right after the current step
        const SearchFolder out(r.outputDir);
        QVERIFY(!fs::exists(out.policyFile(2)));
        QCOMPARE(readAll(out.latestPolicyFile()), readAll(out.policyFile(1)));
    }

    void divergenceStopsWithAClearMessage()
    {
        SearchRequest r = request("nan", 1);
        r.config.policy.taskFactor = std::nan("");
        const SearchOutcome outcome = run(r);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find("diverged") != std::string::npos, outcome.message.c_str());
        // in its first epoch: no policy to keep, and none is said to be
        QVERIFY2(outcome.message.find("no epoch had finished, so there is no policy") != std::string::npos,
                 outcome.message.c_str());
        QVERIFY(!fs::exists(SearchFolder(r.outputDir).latestPolicyFile()));
    }

    void noPreprocessingGetsTheDefaultRule()
    {
        // 12 px images and no preprocessing: resized up to the model's minimum (ResNet-18:
        // 17 px), said in one line, and written into config.yaml so that the policy and a
        // resume carry it.
        const std::string smallDir = (fs::path(tmp.path().toStdString()) / "small_default").string();
        testsupport::makeImageFolderDataset(smallDir, 2, 8, 12);
        SearchRequest r = request("small_default", 1);
        r.config.data.dataset.root = smallDir;
        r.config.data.preprocessing.clear();
        r.maxStepsPerEpoch = 1;
        Recorder recorder;
        const SearchOutcome outcome = run(r, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        const auto said = std::find_if(recorder.messages.begin(), recorder.messages.end(), [](const std::string &m) {
            return m.find("Images are 12 × 12 px, smaller than the 17 px the model needs: resized to 17 × 17") == 0;
        });
        QVERIFY(said != recorder.messages.end());
        std::ifstream saved(SearchFolder(r.outputDir).configFile());
        const std::string yaml((std::istreambuf_iterator<char>(saved)), std::istreambuf_iterator<char>());
        QVERIFY2(yaml.find("Resize") != std::string::npos, yaml.c_str());
    }

    void badInputFailsClearly_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown architecture") << "arch" << "wrn_40_2";
        QTest::newRow("unwritable output") << "output" << "not_a_folder";
        QTest::newRow("images too small") << "small" << "smaller than";
        QTest::newRow("missing dataset") << "dataset" << "does_not_exist";
        QTest::newRow("no cuda") << "device" << "cuda";
    }

    void badInputFailsClearly()
    {
        QFETCH(QString, what);
        QFETCH(QString, expected);
        SearchRequest r = request(("bad_" + what).toStdString(), 1);
        // batch_size against num_chunks is the config reader's rule: test_config.
        if (what == "arch")
            r.config.classificationModel.architecture = "vgg11";
        else if (what == "output") {
            const fs::path file = fs::path(tmp.path().toStdString()) / "not_a_folder";
            std::ofstream(file) << "x";
            r.outputDir = (file / "out").string();
        } else if (what == "small") {
            const std::string smallDir = (fs::path(tmp.path().toStdString()) / "small").string();
            testsupport::makeImageFolderDataset(smallDir, 2, 8, 16);
            r.config.data.dataset.root = smallDir;
            // 16 px, below ResNet-18's 17: an explicit preprocessing is kept as it is (without one the default rule resizes)
            r.config.data.preprocessing = {PreprocessingStep{"CenterCrop", {{"height", 16.0}, {"width", 16.0}}, {}, 0}};
        } else if (what == "dataset")
            r.config.data.dataset.root = "/nonexistent/does_not_exist";
        else if (what == "device")
            r.config.trainer.device = "cuda";
        const SearchOutcome outcome = run(r);
        if (what == "device" && outcome.reason != SearchEndReason::Failed)
            QSKIP("this machine has CUDA");
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(QString::fromStdString(outcome.message).contains(expected), outcome.message.c_str());
    }

    void threadsAreNoMoreThanTheCores()
    {
        // 4096 threads (the config's most) under a limit on processes or memory: LibTorch's
        // pool waited forever for those it could not start, deaf to SIGTERM.
        const int cores = static_cast<int>(usableCores());
        QCOMPARE(configureTorchThreads(4096), cores);
        QCOMPARE(configureTorchThreads(1), 1);
        configureTorchThreads(0); // the default again: OMP_NUM_THREADS or the cores
    }

    void runningOutOfMemorySaysWhatToChange()
    {
        // Once a batch was seen (a batch of 16 images of 64 × 48 px), its size is what to change.
        const auto advised = [](const std::string &quoted) {
            return "Out of memory: a batch of 16 images of 64 × 48 px needs more memory than this machine has. Set a "
                   "smaller data.dataloader.batch_size, or a Resize in data.preprocessing to make the images smaller. ("
                   + quoted + ")";
        };
        const auto inBatch = [](const std::exception &error) { return searchFailureMessage(error, 16, 48, 64); };
        // LibTorch's CPU allocator (CAFFE_ENFORCE in alloc_cpu), as a tester met it
        const c10::Error cpu("alloc_cpu.cpp", 75, "data",
                             "DefaultCPUAllocator: can't allocate memory: you tried to allocate 2304000000 bytes. "
                             "Error code 12 (Cannot allocate memory)",
                             "");
        QCOMPARE(inBatch(cpu),
                 advised("[enforce fail at alloc_cpu.cpp:75] data. DefaultCPUAllocator: can't allocate memory: you "
                         "tried to allocate 2304000000 bytes. Error code 12 (Cannot allocate memory)"));
        QCOMPARE(inBatch(std::bad_alloc()), advised("std::bad_alloc"));
        // OpenCV's, on one line
        const cv::Exception opencv(cv::Error::StsNoMem, "Failed to allocate 144000000 bytes", "OutOfMemoryError",
                                   "alloc.cpp", 73);
        QCOMPARE(inBatch(opencv),
                 advised("OpenCV(" CV_VERSION ") alloc.cpp:73: error: (-4:Insufficient memory) Failed to allocate "
                         "144000000 bytes in function 'OutOfMemoryError'"));
        // The loader's, naming the image
        const std::string image = "photos/IMG_0001.jpg: out of memory (std::bad_alloc)";
        QCOMPARE(inBatch(DatasetError(image, "photos/IMG_0001.jpg")), advised(image));
        // CUDA's
        const std::string cuda = "CUDA out of memory. Tried to allocate 2.15 GiB (GPU 0; 7.79 GiB total capacity)";
        const std::string onGpu = inBatch(c10::OutOfMemoryError({"malloc", "CUDACachingAllocator.cpp", 1}, cuda));
        QVERIFY2(onGpu.find("needs more memory than the GPU has") != std::string::npos
                     && onGpu.find("(" + cuda + ")") != std::string::npos,
                 onGpu.c_str());
        // Before the first step the batch is not what to blame: a policy of 100000 sub-policies
        // was told to take a smaller batch.
        const std::string early = searchFailureMessage(std::bad_alloc(), 16);
        QVERIFY2(early.rfind("Out of memory before the first step", 0) == 0
                     && early.find("policy_model.num_sub_policies") != std::string::npos
                     && early.find("batch_size") == std::string::npos,
                 early.c_str());

        // Other errors keep their words.
        QCOMPARE(searchFailureMessage(std::runtime_error("Resize (line 7): height must be at least 1"), 16),
                 std::string("Resize (line 7): height must be at least 1"));
        const c10::Error shape("expected 4D input", "frame #0: at::conv2d");
        QCOMPARE(searchFailureMessage(shape, 16), shape.what_without_backtrace());
    }

    // A search on several processes: each takes the GPU of its LOCAL_RANK, and a rank with
    // no GPU of its own is refused by name rather than failing inside LibTorch.
    void eachProcessTakesTheDeviceOfItsLocalRank()
    {
        QCOMPARE(usableProcessDevice("cpu", 3), std::string("cpu"));
        if (!cudaAvailable()) {
            QCOMPARE(usableProcessDevice("auto", 1), std::string("cpu"));
            try {
                usableProcessDevice("cuda", 1);
                QFAIL("cuda was accepted on a machine without a GPU");
            } catch (const std::runtime_error &error) {
                QVERIFY2(std::string(error.what()).find("--device cpu") != std::string::npos, error.what());
            }
            return;
        }
        QCOMPARE(usableProcessDevice("cuda", 0), std::string("cuda:0"));
        QCOMPARE(usableProcessDevice("cuda:0", 1), std::string("cuda:0")); // an explicit GPU is kept
        try {
            usableProcessDevice("cuda", 64);
            QFAIL("local rank 64 was given a GPU");
        } catch (const std::runtime_error &error) {
            QVERIFY2(std::string(error.what()).find("local rank 64") != std::string::npos, error.what());
        }
    }

    // Skipped images leave too few for the epoch's last batch: the epoch ends a step short,
    // its policy is saved, and the next epoch runs too.
    void unreadableImagesEndTheEpochShort()
    {
        const std::string dir = (fs::path(tmp.path().toStdString()) / "with_broken").string();
        testsupport::makeImageFolderDataset(dir, 2, 16, 32); // 32 images: 4 batches of 8
        for (int i = 0; i < 3; ++i)
            std::ofstream(fs::path(dir) / "class_0" / ("img_" + std::to_string(i) + ".png"), std::ios::trunc);
        SearchRequest r = request("short_epochs", 2);
        r.config.data.dataset.root = dir;
        r.maxStepsPerEpoch = 0;
        Recorder recorder;
        const SearchOutcome outcome = run(r, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(recorder.epochs.size(), size_t(2));
        QCOMPARE(recorder.steps.size(), size_t(6)); // 29 readable images: 3 full batches an epoch
        QCOMPARE(outcome.lastEpoch, 2);
        QVERIFY(fs::exists(SearchFolder(r.outputDir).policyFile(2)));
        QVERIFY(std::isfinite(recorder.epochs[0].loss)); // the mean over the steps that ran
        const auto warned = std::count_if(recorder.messages.begin(), recorder.messages.end(),
                                          [](const std::string &m) { return m.find("img_1.png") != std::string::npos; });
        QCOMPARE(warned, 1L); // when the dataset is opened (it is empty); the loader does not name it again
    }

    // Not one full batch is readable: a failure that says why, with the skipped files named.
    void noFullBatchFailsNamingTheUnreadableImages()
    {
        const std::string dir = (fs::path(tmp.path().toStdString()) / "one_batch_broken").string();
        testsupport::makeImageFolderDataset(dir, 2, 4, 32); // 8 images: one batch
        std::ofstream(fs::path(dir) / "class_1" / "img_2.png", std::ios::trunc);
        SearchRequest r = request("no_full_batch", 1);
        r.config.data.dataset.root = dir;
        Recorder recorder;
        const SearchOutcome outcome = run(r, &recorder);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find("no full batch of 8") != std::string::npos, outcome.message.c_str());
        QVERIFY(outcome.latestPolicy.empty());
        QVERIFY(std::any_of(recorder.messages.begin(), recorder.messages.end(), [](const std::string &m) {
            return m.find("class_1/img_2.png") != std::string::npos;
        }));
    }

    // A mask of another size is an error of the dataset, as validate says: the search stops
    // naming it rather than skipping the pair.
    void maskOfAnotherSizeStopsTheSearch()
    {
        const std::string dir = (fs::path(tmp.path().toStdString()) / "seg_bad_mask").string();
        testsupport::makeSegmentationPairs(dir, 16, 3, 32);
        const std::string mask = (fs::path(dir) / "masks" / "sample_5.png").string();
        QVERIFY(cv::imwrite(mask, cv::Mat(20, 32, CV_8UC1, cv::Scalar(0))));
        SearchRequest r = request("seg_bad_mask", 1);
        r.config.task = Task::SemanticSegmentation;
        r.config.data.dataset.root = dir;
        r.maxStepsPerEpoch = 0;
        const SearchOutcome outcome = run(r);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find(mask) != std::string::npos && outcome.message.find("32x20") != std::string::npos,
                 outcome.message.c_str());
    }

    // A dataset given relative to the working folder is recorded absolute in config.yaml, so
    // that --resume (which reads that file from the output folder) finds it.
    void relativeDatasetFolderResumes()
    {
        const QString before = QDir::currentPath();
        QVERIFY(QDir::setCurrent(tmp.path()));
        SearchRequest first = request("relative_root", 1);
        first.config.data.dataset.root = "shapes/";
        const SearchOutcome outcome = run(first);
        QVERIFY(QDir::setCurrent(before));
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());

        const LoadedConfig saved = loadConfigFile(SearchFolder(first.outputDir).configFile());
        QCOMPARE(saved.config.data.dataset.root, datasetDir);
        SearchRequest second = request("relative_root", 2);
        second.config = saved.config;
        second.config.trainer.maxEpochs = 2;
        second.resume = true;
        const SearchOutcome resumed = run(second);
        QVERIFY2(resumed.reason == SearchEndReason::Finished, resumed.message.c_str());
        QCOMPARE(resumed.lastEpoch, 2);
    }

    // A failure after an epoch's policy was saved (the checkpoint cannot be written) still
    // names that policy.
    void failureAfterASavedEpochNamesItsPolicy()
    {
        const SearchRequest r = request("checkpoint_fails", 2);
        const SearchFolder folder(r.outputDir);
        Recorder recorder;
        recorder.onEachStep = [&](const StepMetrics &m) {
            if (m.epoch == 2 && fs::is_directory(fs::path(folder.checkpointFile()).parent_path())) {
                const fs::path checkpoints = fs::path(folder.checkpointFile()).parent_path();
                fs::remove_all(checkpoints);
                std::ofstream(checkpoints) << "a file where the folder was";
            }
        };
        const SearchOutcome outcome = run(r, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Failed, outcome.message.c_str());
        QCOMPARE(outcome.lastEpoch, 2);
        QCOMPARE(outcome.latestPolicy, folder.latestPolicyFile());
        QVERIFY(fs::exists(folder.policyFile(2)));
        QCOMPARE(recorder.outcome.lastEpoch, 2); // what the observer heard too
    }

    void segmentationSearchAndResume()
    {
        const std::string segDir = (fs::path(tmp.path().toStdString()) / "seg").string();
        testsupport::makeSegmentationPairs(segDir, 16, 3, 32);
        auto segRequest = [&](const std::string &output, int epochs) {
            SearchRequest r = request(output, epochs);
            r.config.task = Task::SemanticSegmentation;
            r.config.data.dataset.root = segDir;
            r.maxStepsPerEpoch = 2;
            return r;
        };
        Recorder recorder;
        const SearchRequest whole = segRequest("seg_whole", 2);
        const SearchOutcome outcome = run(whole, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(recorder.epochs.size(), size_t(2));
        const SearchFolder wholeFolder(whole.outputDir);
        for (const std::string &file : {wholeFolder.policyFile(1), wholeFolder.policyFile(2), wholeFolder.metricsFile(),
                                        wholeFolder.checkpointFile()})
            QVERIFY2(fs::exists(file), file.c_str());

        QVERIFY(run(segRequest("seg_halves", 1)).reason == SearchEndReason::Finished);
        SearchRequest second = segRequest("seg_halves", 2);
        second.resume = true;
        QVERIFY(run(second).reason == SearchEndReason::Finished);
        QCOMPARE(readAll(SearchFolder(second.outputDir).latestPolicyFile()),
                 readAll(SearchFolder(whole.outputDir).latestPolicyFile()));
    }

    void greyDatasetIsSearchedOnOneChannel()
    {
        const std::string greyDir = (fs::path(tmp.path().toStdString()) / "grey").string();
        testsupport::makeIdxDataset(greyDir, "train", 24, 32, 32, 3, false);
        struct GreyRecorder : Recorder {
            SearchStartInfo start;
            std::vector<Preview> previews;
            void onStarted(const SearchStartInfo &info) override { start = info; }
            void onPreview(const Preview &preview) override { previews.push_back(preview); }
        };
        auto greyRequest = [&](const std::string &output, int epochs) {
            SearchRequest r = request(output, epochs);
            r.config.data.dataset.root = greyDir;
            r.config.trainer.previewEvery = 2; // steps 1, 3, 5
            r.previews = true;
            return r;
        };
        GreyRecorder recorder;
        const SearchRequest whole = greyRequest("grey_whole", 2);
        const SearchOutcome outcome = run(whole, &recorder);
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(recorder.start.channels, 1);
        // The 11 operations that are not colour-only: no ShiftRGB searched, none exported.
        QCOMPARE(recorder.start.operationNames.size(), size_t(11));
        for (const std::string &name : recorder.start.operationNames)
            QVERIFY2(name.rfind("ShiftRGB", 0) != 0, name.c_str());
        const std::string policy = readAll(SearchFolder(whole.outputDir).latestPolicyFile());
        QVERIFY(!policy.empty());
        QVERIFY(policy.find("RGBShift") == std::string::npos);
        QVERIFY(policy.find("RandomBrightnessContrast") != std::string::npos); // the others are there
        // The ImageNet defaults are averaged to one mean and std, unsaid: no one chose them.
        int normalizationWarnings = 0;
        for (const std::string &message : recorder.messages)
            normalizationWarnings += message.rfind("warning: data.normalization.", 0) == 0;
        QCOMPARE(normalizationWarnings, 0);
        // Previews of a grey search are grey: three equal channels.
        QVERIFY(!recorder.previews.empty());
        const PreviewImage &augmented = recorder.previews.front().samples.front().augmented;
        QCOMPARE(augmented.channels, 3);
        for (size_t p = 0; p + 2 < augmented.pixels.size(); p += 3)
            QVERIFY(augmented.pixels[p] == augmented.pixels[p + 1] && augmented.pixels[p] == augmented.pixels[p + 2]);

        // A grey checkpoint resumes to the same policy.
        QVERIFY(run(greyRequest("grey_halves", 1)).reason == SearchEndReason::Finished);
        SearchRequest second = greyRequest("grey_halves", 2);
        second.resume = true;
        const SearchOutcome resumed = run(second);
        QVERIFY2(resumed.reason == SearchEndReason::Finished, resumed.message.c_str());
        QCOMPARE(readAll(SearchFolder(second.outputDir).latestPolicyFile()), policy);

        // Colour operations asked for by the config are refused, naming the entry.
        SearchRequest colourOps = greyRequest("grey_shift", 1);
        colourOps.config.policy.operations = {{"ShiftRGB", {{"shift_r", 1.0}}, std::nullopt, 0},
                                              {"Rotate", {}, std::nullopt, 0}};
        const SearchOutcome refused = run(colourOps);
        QVERIFY(refused.reason == SearchEndReason::Failed);
        QVERIFY2(refused.message.find("policy_model.operations[0] ShiftRGB: the dataset is grayscale")
                     != std::string::npos,
                 refused.message.c_str());
    }

    void checkpointFromAnotherConfigIsRefused()
    {
        SearchRequest first = request("other_config", 1);
        QVERIFY(run(first).reason == SearchEndReason::Finished);
        const std::string before = readAll(SearchFolder(first.outputDir).latestPolicyFile());
        SearchRequest second = request("other_config", 2);
        second.config.policy.numSubPolicies = 5;
        second.resume = true;
        const SearchOutcome outcome = run(second);
        QVERIFY(outcome.reason == SearchEndReason::Failed);
        QVERIFY2(outcome.message.find("another config") != std::string::npos, outcome.message.c_str());
        QVERIFY2(outcome.message.find("num_sub_policies") != std::string::npos, outcome.message.c_str());
        QCOMPARE(readAll(SearchFolder(first.outputDir).latestPolicyFile()), before); // nothing lost
    }
};

QTEST_GUILESS_MAIN(TestSearch)
#include "test_search.moc"
