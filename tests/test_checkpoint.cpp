// The checkpoint: what is saved loads back bitwise (both models, both optimisers' state, the
// generators, the position and the history), and a file that is not this search's own is
// refused with a message naming the file and the entry. A resume rebuilds the plateau verdict
// from the checkpoint's history.

#include "config/DefaultConfigs.h"
#include "config/SearchConfig.h"
#include "ops/OperationCatalog.h"
#include "search/Checkpoint.h"
#include "search/PlateauDetector.h"
#include "search/PlateauRecord.h"
#include "search/ResumePoint.h"
#include "search/SearchFolder.h"
#include "search/SearchSession.h"
#include "search/SearchStep.h"
#include "testsupport/TestSupport.h"

#include <QtTest>

#include <torch/csrc/jit/serialization/pickle.h>

#include <filesystem>
#include <fstream>
#include <functional>

using namespace augstudio;

Q_DECLARE_METATYPE(std::function<void(c10::Dict<std::string, torch::Tensor> &)>)

namespace {

using Change = std::function<void(c10::Dict<std::string, torch::Tensor> &)>;

// Both models and optimisers as a search holds them, with one step taken so that Adam has state.
struct Rig {
    PolicyModel policy{nullptr};
    std::shared_ptr<DiscriminatorImpl> discriminator;
    std::unique_ptr<torch::optim::Adam> discriminatorOptimizer;
    std::unique_ptr<torch::optim::Adam> policyOptimizer;

    explicit Rig(uint64_t seed)
    {
        torch::manual_seed(seed);
        PolicyOptions options;
        options.operations = resolveOperations({});
        options.numSubPolicies = 3;
        options.numStages = 2;
        policy = PolicyModel(options);
        discriminator = makeDiscriminator(ModelConfig{0, "wrn_40_2", "resnet18", false, ""}, Task::Classification, 4, 3);
        discriminatorOptimizer = std::make_unique<torch::optim::Adam>(discriminator->parameters(),
                                                                      torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
        policyOptimizer = std::make_unique<torch::optim::Adam>(policy->parameters(), torch::optim::AdamOptions(1e-3));
        // One step on a loss that reaches every parameter.
        torch::Tensor loss = torch::zeros({});
        for (const auto &p : discriminator->parameters())
            loss = loss + p.sin().sum();
        for (const auto &p : policy->parameters())
            loss = loss + p.sin().sum();
        loss.backward();
        discriminatorOptimizer->step();
        policyOptimizer->step();
    }

    CheckpointModels models() const
    {
        return {policy, discriminator, discriminatorOptimizer.get(), policyOptimizer.get(), torch::kCPU};
    }
};

CheckpointState someState()
{
    CheckpointState state;
    state.epoch = 3;
    state.step = 42;
    state.wallSeconds = 12.5;
    state.fingerprint = "model: wrn_40_2\nseed: 1\n";
    state.threads = 3;
    state.datasetImages = 120;
    state.datasetKey = 0xfedcba9876543210ULL; // beyond int64's range: kept as its bits
    for (int e = 1; e <= 3; ++e) {
        EpochMetrics m;
        m.epoch = e;
        m.step = 14 * e;
        m.loss = 1.0 / e;
        m.dLoss = -0.5 * e;
        m.aLoss = 0.25 * e;
        m.averageParameterChange = 0.01 * e;
        m.wallSeconds = 4.0 * e;
        state.history.push_back(m);
    }
    return state;
}

bool sameParameters(const torch::nn::Module &a, const torch::nn::Module &b)
{
    const auto pa = a.named_parameters(), pb = b.named_parameters();
    if (pa.size() != pb.size())
        return false;
    for (const auto &item : pa)
        if (!torch::equal(item.value(), pb[item.key()]))
            return false;
    return true;
}

const torch::optim::AdamParamState &adamState(const torch::optim::Adam &adam, const torch::Tensor &parameter)
{
    return static_cast<const torch::optim::AdamParamState &>(
        *adam.state().at(c10::guts::to_string(parameter.unsafeGetTensorImpl())));
}

bool sameAdamState(const torch::optim::Adam &a, const torch::optim::Adam &b)
{
    const auto &pa = a.param_groups().front().params(), &pb = b.param_groups().front().params();
    if (pa.size() != pb.size() || a.state().size() != pa.size() || b.state().size() != pb.size())
        return false;
    for (size_t i = 0; i < pa.size(); ++i) {
        const auto &sa = adamState(a, pa[i]), &sb = adamState(b, pb[i]);
        if (sa.step() != sb.step() || !torch::equal(sa.exp_avg(), sb.exp_avg())
            || !torch::equal(sa.exp_avg_sq(), sb.exp_avg_sq()))
            return false;
    }
    return true;
}

// Reads a checkpoint's entries, changes them and writes them back in the same format.
void rewrite(const std::string &path, const Change &change)
{
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto &[name, tensor] : readStateDict(path))
        dict.insert(name, tensor.contiguous());
    change(dict);
    const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

// The one entry whose name ends with `suffix`.
std::string entryEndingWith(const c10::Dict<std::string, torch::Tensor> &dict, const std::string &suffix)
{
    for (const auto &item : dict)
        if (item.key().size() >= suffix.size()
            && item.key().compare(item.key().size() - suffix.size(), suffix.size(), suffix) == 0)
            return item.key();
    throw std::logic_error("no entry ends with " + suffix);
}

struct PlateauRecorder : SearchObserver {
    std::vector<PlateauEvent> plateaus;
    void onPlateau(const PlateauEvent &event) override { plateaus.push_back(event); }
};

// An average parameter change that falls and stays flat: recognised at epoch 10, flat since 2.
const std::vector<double> kFlatAfterAFall = {1.0, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};

std::string fileText(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

QString loadError(const std::string &path, const Rig &rig, const std::string &fingerprint)
{
    try {
        loadCheckpoint(path, rig.models(), fingerprint);
    } catch (const std::runtime_error &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

} // namespace

class TestCheckpoint : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

    std::string path(const char *name) const { return tmp.filePath(name).toStdString(); }

    // A tiny search of `epochs` epochs into `output`, on a dataset made once.
    SearchRequest searchRequest(const std::string &output, int epochs)
    {
        const std::string dataset = path("shapes");
        if (!std::filesystem::exists(dataset))
            testsupport::makeImageFolderDataset(dataset, 2, 8, 32);
        SearchRequest r;
        r.config = defaultConfig();
        r.config.data.dataset.root = dataset;
        r.config.data.dataloader.batchSize = 8;
        r.config.data.dataloader.numWorkers = 0;
        r.config.policy.numSubPolicies = 2;
        r.config.policy.operationCount = 1;
        r.config.policy.numChunks = 2;
        r.config.trainer.maxEpochs = epochs;
        r.config.trainer.device = "cpu";
        r.config.trainer.threads = 1;
        r.config.seed = 5;
        r.outputDir = path(output.c_str());
        r.maxStepsPerEpoch = 1;
        return r;
    }

    // The folder a search killed while writing plateau.json leaves: its checkpoint holds the
    // epochs of `apcs`, whose verdict came at one of them, and there is no plateau.json.
    SearchFolder folderWithALostVerdict(const std::string &output, const std::vector<double> &apcs)
    {
        SearchRequest first = searchRequest(output, 1);
        if (SearchSession(first, nullptr).run().reason != SearchEndReason::Finished)
            throw std::runtime_error("the first epoch did not finish");
        const SearchFolder folder(first.outputDir);
        CheckpointFile file = readCheckpointFile(folder.checkpointFile());
        const EpochMetrics like = file.state.history.front();
        file.state.history.clear();
        for (size_t i = 0; i < apcs.size(); ++i) {
            EpochMetrics epoch = like;
            epoch.epoch = static_cast<int>(i) + 1;
            epoch.step = epoch.epoch;
            epoch.averageParameterChange = apcs[i];
            file.state.history.push_back(epoch);
        }
        file.state.epoch = static_cast<int>(apcs.size());
        file.state.step = static_cast<int>(apcs.size());
        writeCheckpointFile(folder.checkpointFile(), file);
        return folder;
    }

private slots:
    void whatIsSavedLoadsBitwise()
    {
        const Rig saved(1);
        const std::string file = path("last.pt");
        saveCheckpoint(file, saved.models(), someState());
        const torch::Tensor nextDraw = torch::rand({8}); // the generator goes on from the saved state

        Rig loaded(2);
        QVERIFY(!sameParameters(*saved.discriminator, *loaded.discriminator));
        const CheckpointState state = loadCheckpoint(file, loaded.models(), someState().fingerprint);
        QVERIFY(sameParameters(*saved.discriminator, *loaded.discriminator));
        QVERIFY(sameParameters(*saved.policy, *loaded.policy));
        QVERIFY(sameAdamState(*saved.discriminatorOptimizer, *loaded.discriminatorOptimizer));
        QVERIFY(sameAdamState(*saved.policyOptimizer, *loaded.policyOptimizer));
        QVERIFY(torch::equal(torch::rand({8}), nextDraw));
        QCOMPARE(state.epoch, 3);
        QCOMPARE(state.step, 42);
        QCOMPARE(state.wallSeconds, 12.5);
        QCOMPARE(state.fingerprint, someState().fingerprint);
        QCOMPARE(state.history.size(), size_t(3));
        QCOMPARE(state.history[2].step, 42);
        QCOMPARE(state.history[1].dLoss, -1.0);
        QCOMPARE(state.history[2].averageParameterChange, 0.03);
        QCOMPARE(state.threads, 3);
        QCOMPARE(state.datasetImages, std::int64_t(120));
        QCOMPARE(state.datasetKey, someState().datasetKey);
    }

    void aCheckpointWithoutThreadsOrListingReadsAsNotRecorded()
    {
        // An earlier version's checkpoint has neither: nothing to compare a resume with.
        const Rig rig(1);
        const std::string file = path("older.pt");
        saveCheckpoint(file, rig.models(), someState());
        rewrite(file, [](auto &dict) {
            QCOMPARE(dict.erase("threads"), size_t(1));
            QCOMPARE(dict.erase("dataset_listing"), size_t(1));
        });
        Rig loaded(2);
        const CheckpointState state = loadCheckpoint(file, loaded.models(), someState().fingerprint);
        QCOMPARE(state.threads, 0);
        QCOMPARE(state.datasetImages, std::int64_t(-1));
    }

    void anEarlierVersionsArchiveIsRefused()
    {
        // Version 1 was LibTorch's own archive, a TorchScript module that runs code on load.
        const Rig rig(1);
        const std::string file = path("archive.pt");
        torch::serialize::OutputArchive archive;
        archive.write("position", torch::tensor({int64_t(1), int64_t(2)}));
        archive.save_to(file);
        const QString error = loadError(file, rig, someState().fingerprint);
        QVERIFY2(error.contains(QString::fromStdString(file)) && error.contains("earlier version"), qPrintable(error));
    }

    void entriesThatDoNotFitAreRefused_data()
    {
        QTest::addColumn<Change>("change");
        QTest::addColumn<QString>("expected");
        QTest::newRow("reshaped weight") << Change([](auto &dict) {
            const std::string name = entryEndingWith(dict, "classifier.weight");
            dict.insert_or_assign(name, dict.at(name).reshape({-1}));
        }) << "classifier.weight is Float [";
        QTest::newRow("weight of another type") << Change([](auto &dict) {
            const std::string name = entryEndingWith(dict, "magnitudes");
            dict.insert_or_assign(name, dict.at(name).to(torch::kDouble));
        }) << "magnitudes is Double";
        QTest::newRow("missing weight") << Change([](auto &dict) {
            QCOMPARE(dict.erase(entryEndingWith(dict, "classifier.bias")), size_t(1));
        }) << "classifier.bias is missing";
        QTest::newRow("tensor of another model") << Change([](auto &dict) {
            dict.insert("discriminator.extra.weight", torch::zeros({2}));
        }) << "discriminator.extra.weight belongs to none";
        QTest::newRow("optimiser state of another shape") << Change([](auto &dict) {
            dict.insert_or_assign("policy_optimizer.0.exp_avg", torch::zeros({1, 2, 3}));
        }) << "policy_optimizer.0.exp_avg is Float [1, 2, 3]";
        QTest::newRow("three positions") << Change([](auto &dict) {
            dict.insert_or_assign("position", torch::tensor({int64_t(1), int64_t(2), int64_t(3)}));
        }) << "position holds 3 values";
        QTest::newRow("negative step") << Change([](auto &dict) {
            dict.insert_or_assign("position", torch::tensor({int64_t(1), int64_t(-2)}));
        }) << "position holds -2, out of range";
        QTest::newRow("epoch not a number") << Change([](auto &dict) {
            torch::Tensor history = dict.at("history").clone();
            history[0][0] = std::nan("");
            dict.insert_or_assign("history", history);
        }) << "history row 0 holds a value out of range";
        QTest::newRow("history of six columns") << Change([](auto &dict) {
            dict.insert_or_assign("history", torch::zeros({2, 6}, torch::kDouble));
        }) << "history has 6 columns";
        QTest::newRow("generator state cut short") << Change([](auto &dict) {
            dict.insert_or_assign("rng_state", torch::zeros({3}, torch::kUInt8));
        }) << "rng_state is not a generator's state";
        QTest::newRow("no thread count") << Change([](auto &dict) {
            dict.insert_or_assign("threads", torch::tensor({int64_t(0)}));
        }) << "threads is not one thread count";
        QTest::newRow("listing of one value") << Change([](auto &dict) {
            dict.insert_or_assign("dataset_listing", torch::tensor({int64_t(5)}));
        }) << "dataset_listing is not an image count and a key";
        QTest::newRow("no version") << Change([](auto &dict) { QCOMPARE(dict.erase("augstudio_checkpoint"), size_t(1)); })
                                    << "augstudio_checkpoint is missing";
    }

    void entriesThatDoNotFitAreRefused()
    {
        QFETCH(Change, change);
        QFETCH(QString, expected);
        const Rig rig(1);
        const std::string file = path("changed.pt");
        saveCheckpoint(file, rig.models(), someState());
        rewrite(file, change);
        const QString error = loadError(file, rig, someState().fingerprint);
        QVERIFY2(error.contains(QString::fromStdString(file)) && error.contains(expected), qPrintable(error));
    }

    void anotherConfigIsNamedByTheSettingThatDiffers()
    {
        // A grey search's fingerprint has a channels line a colour one leaves out: the message
        // names channels, not the next line, which only shifted.
        const Rig rig(1);
        const std::string file = path("grey.pt");
        CheckpointState grey = someState();
        grey.fingerprint = "task=classification\nchannels=1\nnum_sub_policies=4\noperation=Rotate[-30,30]\n";
        saveCheckpoint(file, rig.models(), grey);
        const QString colour = loadError(file, rig, "task=classification\nnum_sub_policies=4\noperation=Rotate[-30,30]\n");
        QVERIFY2(colour.contains(QLatin1String("checkpoint has 'channels=1', this config has 'channels=3'")),
                 qPrintable(colour));
        // A repeated key is compared entry by entry.
        const QString ops = loadError(
            file, rig, "task=classification\nchannels=1\nnum_sub_policies=4\noperation=Rotate[-30,30]\noperation=Solarize[0,1]\n");
        QVERIFY2(ops.contains(QLatin1String("checkpoint has 'nothing', this config has 'operation=Solarize[0,1]'")),
                 qPrintable(ops));
        QVERIFY(loadError(file, rig, grey.fingerprint).isEmpty());
    }

    void aViewLargerThanItsStorageIsRefusedNamingTheEntry()
    {
        // history as size (N, 7), stride (0, 1) over 7 doubles: a valid view, which copied out
        // (contiguous()) became N rows from a file of a few bytes (1.8 GB for N = 3 000 000).
        const torch::Tensor view = torch::zeros({7}, torch::kDouble).as_strided({1000, 7}, {0, 1});
        c10::Dict<std::string, torch::Tensor> alone;
        alone.insert("history", view);
        QVERIFY(torch::pickle_save(c10::IValue(alone)).size() < 1000 * 7 * sizeof(double)); // the view is kept
        const Rig rig(1);
        const std::string file = path("strided.pt");
        CheckpointState state = someState();
        state.epoch = 5000; // more epochs than rows: only the view is wrong
        saveCheckpoint(file, rig.models(), state);
        rewrite(file, [&](auto &dict) { dict.insert_or_assign("history", view); });
        const QString error = loadError(file, rig, state.fingerprint);
        QVERIFY2(error.contains(QString::fromStdString(file)) && error.contains("history has 7000 elements")
                     && error.contains("overlap") && error.contains("strides [0, 1]"),
                 qPrintable(error));
    }

    void viewsIntoASharedStorageAreRead()
    {
        // What PyTorch writes besides contiguous tensors: views into a storage that several
        // entries share (a slice, a transpose). They are read as they were.
        const torch::Tensor base = torch::arange(24, torch::kFloat);
        c10::Dict<std::string, torch::Tensor> dict;
        dict.insert("whole", base);
        dict.insert("slice", base.narrow(0, 6, 12).view({3, 4}));
        dict.insert("transposed", base.view({4, 6}).t());
        dict.insert("column", base.view({4, 6}).select(1, 5));
        dict.insert("empty", base.narrow(0, 24, 0));
        const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
        QVERIFY(bytes.size() < 2 * 24 * sizeof(float) + 2000); // one storage, not one each
        const std::string file = path("views.pt");
        std::ofstream(file, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
        const StateDict entries = readStateDict(file);
        QCOMPARE(entries.size(), size_t(5));
        for (const auto &[name, tensor] : entries)
            QVERIFY2(torch::equal(tensor, dict.at(name)), name.c_str());
    }

    void moreHistoryRowsThanEpochsAreRefused()
    {
        // One row per finished epoch: a checkpoint at epoch 3 with 5 rows was written by no search.
        const Rig rig(1);
        const std::string file = path("long-history.pt");
        saveCheckpoint(file, rig.models(), someState());
        rewrite(file, [](auto &dict) { dict.insert_or_assign("history", torch::zeros({5, 7}, torch::kDouble)); });
        const QString error = loadError(file, rig, someState().fingerprint);
        QVERIFY2(error.contains(QString::fromStdString(file)) && error.contains("history has 5 rows, more than the 3"),
                 qPrintable(error));
    }

    void damagedFilesAreRefusedNamingThem()
    {
        const Rig rig(1);
        const std::string file = path("damaged.pt");
        saveCheckpoint(file, rig.models(), someState());
        const QByteArray whole = [&] {
            QFile f(QString::fromStdString(file));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        for (const QByteArray &bytes : {whole.left(whole.size() / 2), QByteArray("not a checkpoint"), QByteArray()}) {
            QFile f(QString::fromStdString(file));
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(bytes);
            f.close();
            const QString error = loadError(file, rig, someState().fingerprint);
            QVERIFY2(error.contains(QString::fromStdString(file)), qPrintable(error));
        }
    }

    void theEarlyReadOfADamagedCheckpointSaysWhatLoadingSays()
    {
        // --resume reads the checkpoint's epoch before the dataset: its message lacked the
        // advice loading gives (the policies beside it are whole).
        const Rig rig(1);
        const std::string file = path("damaged-early.pt");
        for (const char *bytes : {"not a checkpoint", ""}) {
            std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
            QString early;
            try {
                checkpointEpoch(file);
            } catch (const std::runtime_error &error) {
                early = QString::fromStdString(error.what());
            }
            QVERIFY2(early.contains(QLatin1String("the policies saved beside it are whole")), qPrintable(early));
            QCOMPARE(early, loadError(file, rig, someState().fingerprint));
        }
    }

    void aVerdictLostToAKillIsWrittenOnResume()
    {
        // Killed while plateau.json was written, a search recognised its plateau and kept no
        // record: the resume rebuilt the verdict from the checkpoint and never wrote nor said it.
        const PlateauVerdict verdict = PlateauDetector::evaluate(kFlatAfterAFall);
        QVERIFY(verdict.plateau);
        const SearchFolder folder = folderWithALostVerdict("lost_verdict", kFlatAfterAFall);
        QVERIFY(!std::filesystem::exists(folder.plateauFile()));
        SearchRequest resumed = searchRequest("lost_verdict", static_cast<int>(kFlatAfterAFall.size()) + 1);
        resumed.resume = true;
        PlateauRecorder recorder;
        const SearchOutcome outcome = SearchSession(resumed, &recorder).run();
        QVERIFY2(outcome.reason == SearchEndReason::Finished, outcome.message.c_str());
        QCOMPARE(recorder.plateaus.size(), size_t(1));
        QCOMPARE(recorder.plateaus[0].epoch, verdict.suggestedEpoch);
        std::string warning;
        const std::optional<PlateauEvent> kept = readPlateauRecord(folder.plateauFile(), &warning);
        QVERIFY2(kept, warning.c_str());
        QCOMPARE(kept->epoch, verdict.suggestedEpoch);
        QCOMPARE(kept->suggestedEpoch, verdict.suggestedEpoch);
        QCOMPARE(kept->plateauEpoch, verdict.plateauEpoch);
        QCOMPARE(kept->reason, verdict.reason);
        // Kept once: a later resume has nothing to say again.
        resumed.config.trainer.maxEpochs += 1;
        PlateauRecorder later;
        QVERIFY(SearchSession(resumed, &later).run().reason == SearchEndReason::Finished);
        QVERIFY(later.plateaus.empty());
    }

    void stopOnPlateauAtResumeNamesTheEpochOfTheVerdict()
    {
        // It named the epoch where the flat part began (2) as where the plateau was recognised
        // (10), and left config.yaml recording the new max_epochs though nothing was searched.
        const PlateauVerdict verdict = PlateauDetector::evaluate(kFlatAfterAFall);
        QVERIFY(verdict.plateau && verdict.plateauEpoch != verdict.suggestedEpoch);
        const SearchFolder folder = folderWithALostVerdict("stop_on_verdict", kFlatAfterAFall);
        const std::string config = fileText(folder.configFile());
        SearchRequest resumed = searchRequest("stop_on_verdict", 20);
        resumed.resume = true;
        resumed.stopOnPlateau = true;
        const SearchOutcome outcome = SearchSession(resumed, nullptr).run();
        QVERIFY(outcome.reason == SearchEndReason::Stopped);
        const std::string epoch = std::to_string(verdict.suggestedEpoch);
        QVERIFY2(outcome.message.find("recognised at epoch " + epoch + ", before this continue (keep epoch " + epoch + ")")
                     != std::string::npos,
                 outcome.message.c_str());
        QCOMPARE(fileText(folder.configFile()), config);
    }
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
