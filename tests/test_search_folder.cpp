// A search's output folder and its metrics.csv: the layout old folders have, the policy
// epochs and resume check, the metrics file written, read back, and read when hostile, and
// the plateau verdict kept for whoever opens the folder.

#include "config/DefaultConfigs.h"
#include "io/JsonRecord.h"
#include "io/NormalPath.h"
#include "search/ImageSizeRecord.h"
#include "search/MetricsCsv.h"
#include "search/PlateauRecord.h"
#include "search/ResumePoint.h"
#include "search/SearchFolder.h"
#include "search/SearchOutputs.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <sstream>

using namespace augstudio;
namespace fs = std::filesystem;

namespace {

void writeText(const fs::path &path, const std::string &text)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

std::string fileText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

MetricsHistory parse(const std::string &text, std::vector<std::string> *warnings = nullptr)
{
    std::istringstream in(text);
    return readMetricsCsv(in, "m.csv", warnings);
}

// A metrics.csv as the engine wrote it before SearchFolder and MetricsCsv existed:
// two epochs of two steps, with the values a diverging search leaves.
const std::string kOldFile = "kind,epoch,step,loss,d_loss,a_loss,average_parameter_change,wall_time_s\n"
                             "step,1,1,0.693147182,-0.0123456789,0.5,,0.412\n"
                             "step,1,2,0.6,1.5e-05,-0.25,,0.8\n"
                             "epoch,1,2,0.646573591,-0.00616533945,0.125,0.0312,0.81\n"
                             "step,2,3,0.55,2,-3,,1.2\n"
                             "step,2,4,nan,inf,-inf,,1.6\n"
                             "epoch,2,4,nan,inf,-inf,nan,1.61\n";

bool contains(const std::vector<std::string> &warnings, const std::string &part)
{
    for (const std::string &warning : warnings)
        if (warning.find(part) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestSearchFolder : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

    fs::path scratch(const std::string &name) const { return fs::path(tmp.path().toStdString()) / name; }

    // real/cfgs/sub, real/data and link -> real/cfgs, as a project folder linked on a cluster.
    fs::path linkedProject(const std::string &name) const
    {
        const fs::path root = scratch(name);
        fs::create_directories(root / "real" / "cfgs" / "sub");
        fs::create_directories(root / "real" / "data");
        fs::create_directory_symlink(root / "real" / "cfgs", root / "link");
        return root;
    }

private slots:
    void layoutIsTheOneOldFoldersHave()
    {
        // The one place in the tests that spells the layout out: folders written by every
        // earlier version must keep opening and resuming.
        const SearchFolder folder("/runs/a");
        QCOMPARE(folder.configFile(), std::string("/runs/a/config.yaml"));
        QCOMPARE(folder.metricsFile(), std::string("/runs/a/metrics.csv"));
        QCOMPARE(folder.plateauFile(), std::string("/runs/a/plateau.json"));
        QCOMPARE(folder.imageSizeFile(), std::string("/runs/a/image_size.json"));
        QCOMPARE(folder.policyFile(12), std::string("/runs/a/policy/epoch_12.json"));
        QCOMPARE(folder.latestPolicyFile(), std::string("/runs/a/policy/latest.json"));
        QCOMPARE(folder.checkpointFile(), std::string("/runs/a/checkpoints/last.pt"));
        QCOMPARE(folder.tensorBoardFolder(), std::string("/runs/a/tensorboard"));
        QCOMPARE(SearchFolder::metricsFileName(), std::string("metrics.csv"));
        QCOMPARE(SearchFolder("/runs/a/").policyFile(1), std::string("/runs/a/policy/epoch_1.json"));
    }

    void createMakesEverySubfolder()
    {
        const SearchFolder folder(scratch("created").string());
        folder.create();
        QVERIFY(fs::is_directory(fs::path(folder.policyFile(1)).parent_path()));
        QVERIFY(fs::is_directory(fs::path(folder.checkpointFile()).parent_path()));
        QVERIFY(fs::is_directory(folder.tensorBoardFolder()));
        folder.create(); // again: nothing to do, no error
    }

    void policyEpochsAreThePolicyFilesThere()
    {
        const SearchFolder folder(scratch("epochs").string());
        QVERIFY(folder.policyEpochs().empty()); // no folder at all
        for (int epoch : {10, 2, 1})
            writeText(folder.policyFile(epoch), "{}");
        writeText(folder.latestPolicyFile(), "{}");
        const fs::path policies = fs::path(folder.policyFile(1)).parent_path();
        // Names that only look like policy files, and a folder with a policy file's name.
        for (const char *name : {"epoch_01.json", "epoch_x.json", "epoch_.json", "epoch_-3.json", "epoch_4.json.tmp",
                                 "epoch_99999999999.json", "epoch_5.JSON"})
            writeText(policies / name, "{}");
        fs::create_directories(folder.policyFile(7));
        QCOMPARE(folder.policyEpochs(), (std::vector<int>{1, 2, 10}));
    }

    void holdsSearchAndCanResume()
    {
        const SearchFolder folder(scratch("states").string());
        fs::create_directories(folder.dir());
        QVERIFY(!folder.holdsSearch());
        QVERIFY(!folder.canResume());
        writeText(folder.metricsFile(), "");
        QVERIFY(folder.holdsSearch());
        fs::remove(folder.metricsFile());
        writeText(folder.configFile(), "");
        QVERIFY(folder.holdsSearch());
        QVERIFY(!folder.canResume());
        writeText(folder.checkpointFile(), "");
        QVERIFY(folder.canResume());
        QVERIFY(!SearchFolder(scratch("missing").string()).holdsSearch());
    }

    void onlyAFolderCutShortInItsFirstCheckpointStartsOver()
    {
        // --resume on a folder without its checkpoint started over from epoch 1, replacing the
        // policies, metrics and verdict of any number of epochs. Only what a search writes
        // before its first checkpoint (epoch 1's policy and rows) may start over.
        const SearchFolder folder(scratch("lost").string());
        const std::string header = kOldFile.substr(0, kOldFile.find('\n') + 1);
        const std::string epochOne = kOldFile.substr(0, kOldFile.find("step,2,"));
        writeText(folder.latestPolicyFile(), "{}");
        QVERIFY2(startOverProblem(folder).empty(), startOverProblem(folder).c_str());
        writeText(folder.policyFile(1), "{}");
        writeText(folder.metricsFile(), epochOne);
        QVERIFY2(startOverProblem(folder).empty(), startOverProblem(folder).c_str());

        writeText(folder.policyFile(2), "{}");
        const std::string two = startOverProblem(folder);
        for (const std::string &part : {folder.dir(), folder.checkpointFile(), std::string("the policies of epochs 1 to 2"),
                                        std::string("metrics.csv rows up to epoch 1"), std::string("another --output")})
            QVERIFY2(two.find(part) != std::string::npos, (part + " not in: " + two).c_str());

        // The policies removed, the rows still show epoch 2 was searched; and the reverse.
        fs::remove(folder.policyFile(2));
        writeText(folder.metricsFile(), kOldFile);
        QVERIFY2(startOverProblem(folder).find("metrics.csv rows up to epoch 2") != std::string::npos,
                 startOverProblem(folder).c_str());
        writeText(folder.metricsFile(), header);
        writeText(folder.policyFile(5), "{}");
        QVERIFY2(startOverProblem(folder).find("the policies of epochs 1, 5, more than") != std::string::npos,
                 startOverProblem(folder).c_str());
    }

    void aMetricsFileThatIsAFolderIsNamed()
    {
        // It read as "basic_filebuf::underflow error reading the file: Is a directory", naming
        // no file, and a resume failed so.
        const std::string path = scratch("folder_metrics/metrics.csv").string();
        fs::create_directories(path);
        const auto errorOf = [](const std::function<void()> &action) {
            try {
                action();
            } catch (const std::exception &error) {
                return std::string(error.what());
            }
            return std::string("no error");
        };
        const std::string expected = "cannot read " + path + ": it is a folder, not a metrics file";
        const std::string read = errorOf([&] { readMetricsCsv(path); });
        QVERIFY2(read.find(expected) != std::string::npos, read.c_str());
        const std::string resumed = errorOf([&] { MetricsCsvWriter(path, true, 3); });
        QVERIFY2(resumed.find(expected) != std::string::npos, resumed.c_str());
    }

    void theSameFolderIsSeenHoweverItIsSpelled()
    {
        // --resume X --output X/ was refused as two folders: the strings were compared.
        const fs::path root = linkedProject("spelled");
        const std::string real = (root / "real" / "cfgs").string();
        const std::string relative = fs::relative(real, fs::current_path()).string();
        QVERIFY(isSameFolder(real, real + "/"));
        QVERIFY(isSameFolder(relative, real));
        QVERIFY(isSameFolder(relative + "/", (root / "real" / "." / "cfgs").string()));
        QVERIFY(isSameFolder((root / "link").string(), real));
        QVERIFY(isSameFolder((root / "not_yet").string(), (root / "not_yet" / "").string())); // not there yet
        QVERIFY(!isSameFolder(real, (root / "real" / "data").string()));
        QVERIFY(!isSameFolder((root / "not_yet").string(), (root / "not_yet_either").string()));
        QVERIFY(!isSameFolder(real, ""));
    }

    void dotDotAfterALinkGoesUpFromItsTarget()
    {
        // The system reads link/../data as real/data; lexically_normal() made it data, a folder
        // that does not exist.
        const fs::path root = linkedProject("dotdot");
        const std::string data = fs::canonical(root / "real" / "data").string();
        QCOMPARE(normalPath(root / "link" / ".." / "data").string(), data);
        QCOMPARE(normalPath(root / "link" / "." / ".." / "data" / "").string(), (fs::path(data) / "").string());
        QCOMPARE(normalPath(root / "link" / "sub" / ".." / ".." / "data").string(), data);
        QVERIFY(fs::is_directory(normalPath(root / "link" / ".." / "data")));
        // A ".." after a folder that is no link is collapsed as written: the link's name stays.
        QCOMPARE(normalPath(root / "link" / "sub" / ".." / "x.yaml").string(), (root / "link" / "x.yaml").string());
        // Without "..", links are kept as given.
        QCOMPARE(normalPath(root / "link" / "." / "sub" / "").string(), (root / "link" / "sub" / "").string());
        // What lexically_normal() does with the rest.
        QCOMPARE(normalPath("/..").string(), std::string("/"));
        QCOMPARE(normalPath("a/..").string(), std::string("."));
        QCOMPARE(normalPath("../.././nowhere-a/b/../c").string(), std::string("../../nowhere-a/c"));
    }

    void absoluteFolderPathGoesUpFromALinksTarget()
    {
        const fs::path root = linkedProject("absolute");
        QCOMPARE(absoluteFolderPath((root / "link" / ".." / "data" / "").string()),
                 fs::canonical(root / "real" / "data").string());
        QCOMPARE(absoluteFolderPath((root / "link" / "." / "sub" / "").string()), (root / "link" / "sub").string());
    }

    void anOutputReachedThroughALinkIsSeenInsideTheDataset()
    {
        // search --dataset real/data --output link/../data/runs wrote runs/ into the dataset.
        const fs::path root = linkedProject("inside");
        const std::string dataset = (root / "real" / "data").string();
        QVERIFY(isSameOrInside((root / "link" / ".." / "data" / "runs").string(), dataset));
        QVERIFY(isSameOrInside((root / "link" / ".." / "data").string(), dataset));
        QVERIFY(isSameOrInside((root / "real" / "data" / "runs").string(), (root / "link" / ".." / "data").string()));
        QVERIFY(!isSameOrInside((root / "link" / ".." / "runs").string(), dataset));
        QVERIFY(!isSameOrInside((root / "link" / "data").string(), dataset));
    }

    void metricsRoundTrip()
    {
        const std::string path = scratch("round_trip.csv").string();
        MetricsHistory written;
        {
            MetricsCsvWriter writer(path, false, 0);
            for (int step = 1; step <= 6; ++step) {
                StepMetrics m;
                m.epoch = (step + 2) / 3;
                m.step = step;
                m.loss = 1.0 / step;
                m.dLoss = -std::sqrt(step);
                m.aLoss = step == 5 ? std::nan("") : step * 1e-7;
                m.wallSeconds = 0.25 * step;
                writer.write(m);
                written.steps.push_back(m);
                if (step % 3 == 0) {
                    EpochMetrics e;
                    e.epoch = m.epoch;
                    e.step = step;
                    e.loss = 0.5 / step;
                    e.dLoss = step == 6 ? std::numeric_limits<double>::infinity() : -1;
                    e.aLoss = 2;
                    e.averageParameterChange = 0.1 / step;
                    e.wallSeconds = 0.25 * step + 0.01;
                    writer.write(e);
                    written.epochs.push_back(e);
                }
            }
        }
        std::vector<std::string> warnings;
        const MetricsHistory back = readMetricsCsv(path, &warnings);
        QVERIFY(warnings.empty());
        QCOMPARE(back.steps.size(), size_t(6));
        QCOMPARE(back.epochs.size(), size_t(2));
        for (size_t i = 0; i < 6; ++i) {
            const StepMetrics &a = written.steps[i], &b = back.steps[i];
            QCOMPARE(b.epoch, a.epoch);
            QCOMPARE(b.step, a.step);
            QCOMPARE(b.stepInEpoch, int(i % 3) + 1);
            QCOMPARE(b.stepsPerEpoch, 3);
            QVERIFY(std::abs(b.loss - a.loss) < 1e-8 * std::abs(a.loss)); // 9 significant digits
            QVERIFY(std::abs(b.dLoss - a.dLoss) < 1e-8);
            QCOMPARE(std::isnan(b.aLoss), std::isnan(a.aLoss));
        }
        QVERIFY(std::isinf(back.epochs[1].dLoss));
        QVERIFY(std::abs(back.epochs[0].averageParameterChange - 0.1 / 3) < 1e-10);
        // The writer and metricsToCsv give the same bytes.
        QCOMPARE(metricsToCsv(back), fileText(path));
    }

    void oldFileReadsAndWritesBackTheSame()
    {
        std::vector<std::string> warnings;
        const MetricsHistory history = parse(kOldFile, &warnings);
        QVERIFY(warnings.empty());
        QCOMPARE(history.steps.size(), size_t(4));
        QCOMPARE(history.epochs.size(), size_t(2));
        QCOMPARE(history.steps[1].dLoss, 1.5e-05);
        QCOMPARE(history.steps[3].stepInEpoch, 2);
        QCOMPARE(history.steps[3].stepsPerEpoch, 2);
        QVERIFY(std::isnan(history.steps[3].loss));
        QVERIFY(std::isinf(history.steps[3].dLoss) && history.steps[3].dLoss > 0);
        QVERIFY(std::isinf(history.steps[3].aLoss) && history.steps[3].aLoss < 0);
        QCOMPARE(history.epochs[0].averageParameterChange, 0.0312);
        QVERIFY(std::isnan(history.epochs[1].averageParameterChange));
        QCOMPARE(history.epochs[1].wallSeconds, 1.61);
        QCOMPARE(metricsToCsv(history), kOldFile);
        // Windows line ends and columns in another order read the same.
        std::string crlf;
        for (char c : kOldFile)
            crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        QCOMPARE(metricsToCsv(parse(crlf)), kOldFile);
        const MetricsHistory reordered = parse("step,kind,wall_time_s,epoch,loss,d_loss,a_loss,"
                                                  "average_parameter_change,note\n"
                                                  "7,step,3.5,2,0.5,0.25,0.125,,\"a, b\"\n");
        QCOMPARE(reordered.steps.size(), size_t(1));
        QCOMPARE(reordered.steps[0].step, 7);
        QCOMPARE(reordered.steps[0].wallSeconds, 3.5);
    }

    void badRowsAreSkippedWithTheirLineNumbers()
    {
        const std::string text = "kind,epoch,step,loss,d_loss,a_loss,average_parameter_change,wall_time_s\n"
                                 "step,1,1,0.5,0.4,0.3,,1.0\n"        // 2: good
                                 "step,1,2,0.5,0.4\n"                 // 3: fields missing
                                 "step,1,x,0.5,0.4,0.3,,1.0\n"        // 4: step not a number
                                 "step,1,3,0.5,zero,0.3,,1.0\n"       // 5: d_loss not a number
                                 "\n"                                 // 6: blank, left out silently
                                 "\"step,1,4,0.5,0.4,0.3,,1.0\n"      // 7: quote not closed
                                 "epoch,1,3,0.5,0.4,0.3,0.01,2.0\n"   // 8: good
                                 + std::string(5000, 'a') + "\n"      // 9: overlong
                                 "step,2,4,0.5,0.4,0.3,,3.0\n"        // 10: good
                                 "step,2,5,1.5abc,0.4,0.3,,3.0\n"     // 11: trailing garbage
                                 "step,2,99999999999,0.5,0.4,0.3,,3.0\n" // 12: out of range
                                 "future,2,6,0.5,0.4,0.3,,3.0\n"      // 13: another kind, silently
                                 "step,2,5,0.5,0.4,0.3,,3";           // 14: cut short by a crash
        std::vector<std::string> warnings;
        const MetricsHistory history = parse(text, &warnings);
        QCOMPARE(history.steps.size(), size_t(2));
        QCOMPARE(history.steps[1].step, 4);
        QCOMPARE(history.epochs.size(), size_t(1));
        for (int line : {3, 4, 5, 7, 9, 11, 12, 14})
            QVERIFY2(contains(warnings, "m.csv, line " + std::to_string(line) + ":"), std::to_string(line).c_str());
        QCOMPARE(warnings.size(), size_t(8));
        QVERIFY(contains(warnings, "d_loss 'zero' is not a number"));
        QVERIFY(contains(warnings, "cut short"));
        // Without a list to fill the same rows are left out.
        QCOMPARE(parse(text).steps.size(), size_t(2));
    }

    void manyBadRowsGiveAShortList()
    {
        std::string text = "kind,epoch,step,loss,d_loss,a_loss,average_parameter_change,wall_time_s\n";
        for (int i = 0; i < 1000; ++i)
            text += "step,1,oops\n";
        std::vector<std::string> warnings;
        QVERIFY(parse(text, &warnings).steps.empty());
        QCOMPARE(warnings.size(), size_t(21));
        QVERIFY2(warnings.back().find("980 more lines skipped") != std::string::npos, warnings.back().c_str());
    }

    void eachMetricHasItsColumn()
    {
        // The header of a written file names the four metrics by the columns the app plots them as.
        const std::string header = kOldFile.substr(0, kOldFile.find('\n'));
        for (Metric metric : {Metric::Loss, Metric::CriticLoss, Metric::PolicyLoss, Metric::AverageParameterChange})
            QVERIFY2(("," + header + ",").find("," + std::string(metricColumn(metric)) + ",") != std::string::npos,
                     metricColumn(metric));
        QCOMPARE(std::string(metricColumn(Metric::CriticLoss)), std::string("d_loss"));
    }

    void aHeaderWithoutAColumnIsAnError()
    {
        try {
            parse("kind,epoch,step,loss,d_loss,wall_time_s\nstep,1,1,0.5,0.4,1.0\n");
            QFAIL("expected an error");
        } catch (const std::runtime_error &error) {
            QVERIFY2(QString(error.what()).contains("m.csv: no column 'a_loss'"), error.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parse("\"kind,epoch\n"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, parse(std::string(100000, ',')));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, readMetricsCsv(scratch("none.csv").string()));
        QVERIFY(parse("").steps.empty());
    }

    void everyPrefixOfAFileReads()
    {
        // A file cut anywhere (a crash, a full disk) reads without an error: a header cut
        // short is a file without rows yet, and a row that was not whole is never read.
        for (size_t length = 0; length <= kOldFile.size(); ++length) {
            std::vector<std::string> warnings;
            const MetricsHistory history = parse(kOldFile.substr(0, length), &warnings);
            QVERIFY(history.steps.size() + history.epochs.size() <= 6);
            QVERIFY(warnings.size() <= 1);
            if (length <= kOldFile.find('\n'))
                QVERIFY(history.steps.empty() && history.epochs.empty() && warnings.empty());
        }
    }

    void resumeKeepsTheRowsUpToTheCheckpoint()
    {
        const std::string path = scratch("resume.csv").string();
        writeText(path, kOldFile);
        {
            MetricsCsvWriter writer(path, true, 2); // the checkpoint of epoch 1, step 2
            StepMetrics m;
            m.epoch = 2;
            m.step = 3;
            m.loss = 0.25;
            writer.write(m);
        }
        const MetricsHistory history = readMetricsCsv(path);
        QCOMPARE(history.steps.size(), size_t(3));
        QCOMPARE(history.epochs.size(), size_t(1));
        QCOMPARE(history.steps[2].loss, 0.25);
        // A new search starts the file over.
        MetricsCsvWriter(path, false, 0);
        QCOMPARE(fileText(path), kOldFile.substr(0, kOldFile.find('\n') + 1));
    }

    void resumeNamesWhatTheMetricsFileLacks()
    {
        // Both were silent: a garbage row vanished, and the curves had a gap nobody was told of.
        const std::string path = scratch("lacking.csv").string();
        writeText(path, kOldFile.substr(0, kOldFile.find("step,1,2")) + "garbage\nstep,x,2,0.6,1,1,,1\n");
        std::vector<std::string> warnings;
        MetricsCsvWriter(path, true, 4, {}, &warnings);
        QCOMPARE(warnings.size(), size_t(3));
        QVERIFY2(contains(warnings, path + ", line 3: 1 fields, the header has 8; skipped"), warnings[0].c_str());
        QVERIFY2(contains(warnings, path + ", line 4: epoch 'x' is not a whole number; skipped"), warnings[1].c_str());
        QVERIFY2(contains(warnings, path + " has no rows for steps 2 to 4"), warnings[2].c_str());
        QCOMPARE(readMetricsCsv(path).steps.size(), size_t(1));

        // A file the user removed: every step is missing.
        const std::string removed = scratch("removed.csv").string();
        warnings.clear();
        MetricsCsvWriter(removed, true, 1, {}, &warnings);
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY2(contains(warnings, removed + " was missing: no rows for step 1,"), warnings[0].c_str());

        // The checkpoint's epochs come back: the epoch curves (average parameter change) are whole.
        const std::string deleted = scratch("deleted.csv").string();
        EpochMetrics one;
        one.epoch = 1;
        one.step = 2;
        one.averageParameterChange = 0.5;
        EpochMetrics two = one;
        two.epoch = 2;
        two.step = 4;
        two.averageParameterChange = 0.25;
        warnings.clear();
        MetricsCsvWriter(deleted, true, 4, {one, two}, &warnings);
        QCOMPARE(warnings.size(), size_t(1));
        QVERIFY2(contains(warnings, "(each epoch's row is back, from the checkpoint)"), warnings[0].c_str());
        const MetricsHistory back = readMetricsCsv(deleted);
        QCOMPARE(back.epochs.size(), size_t(2));
        QCOMPARE(back.epochs[1].averageParameterChange, 0.25);
        QVERIFY(back.steps.empty());

        // A whole file has nothing to say, and neither has a new search.
        writeText(path, kOldFile);
        warnings.clear();
        MetricsCsvWriter(path, true, 4, {}, &warnings);
        MetricsCsvWriter(removed, false, 0, {}, &warnings);
        QVERIFY2(warnings.empty(), warnings.front().c_str());
    }

    void thePlateauVerdictIsKeptInTheFolder()
    {
        const SearchFolder folder(scratch("verdict").string());
        std::string warning;
        {
            SearchOutputs outputs(folder, false, 0);
            outputs.writeConfig(defaultConfig());
            // No verdict yet: nothing to read, nothing wrong.
            QVERIFY(!readPlateauRecord(folder.plateauFile(), &warning));
            QVERIFY(warning.empty());
            outputs.writePlateau(PlateauEvent{14, 14, "flat for 2 windows", 9});
        }
        std::optional<PlateauEvent> back = readPlateauRecord(folder.plateauFile(), &warning);
        QVERIFY2(back, warning.c_str());
        QCOMPARE(back->epoch, 14);
        QCOMPARE(back->suggestedEpoch, 14);
        QCOMPARE(back->plateauEpoch, 9);
        QCOMPARE(back->reason, std::string("flat for 2 windows"));
        // Resuming keeps it: the verdict was given to the epochs the search continues from.
        SearchOutputs(folder, true, 0);
        QVERIFY(readPlateauRecord(folder.plateauFile()));
        // A new search in the same folder does not inherit it.
        SearchOutputs(folder, false, 0);
        QVERIFY(!fs::exists(folder.plateauFile()));
        QVERIFY(!readPlateauRecord(folder.plateauFile(), &warning));
        QVERIFY(warning.empty());
    }

    void theImageSizeIsKeptForThePolicies()
    {
        const SearchFolder folder(scratch("sized").string());
        std::string warning;
        {
            SearchOutputs outputs(folder, false, 0);
            const ConversionHints none = conversionHintsOfPolicyFile(folder.policyFile(1), &warning);
            QCOMPARE(none.imageHeight, 0); // none yet, nothing wrong
            QCOMPARE(none.imageWidth, 0);
            QVERIFY(warning.empty());
            outputs.writeImageSize({28, 30});
        }
        // Found from any policy file of the folder, as a path names it, and from nowhere else.
        for (const std::string &policy : {folder.policyFile(3), folder.latestPolicyFile()}) {
            const ConversionHints hints = conversionHintsOfPolicyFile(policy, &warning);
            QVERIFY2(warning.empty(), warning.c_str());
            QCOMPARE(hints.imageHeight, 28);
            QCOMPARE(hints.imageWidth, 30);
            QVERIFY(!hints.dtype);
        }
        for (const fs::path &elsewhere : {fs::path(folder.dir()) / "epoch_1.json",
                                          fs::path(folder.dir()) / "policy" / "notes.txt"})
            QCOMPARE(conversionHintsOfPolicyFile(elsewhere.string()).imageWidth, 0);
        QVERIFY(!SearchFolder::ofPolicyFile("policy.json"));
        QCOMPARE(SearchFolder::ofPolicyFile("runs/a/policy/latest.json")->imageSizeFile(),
                 std::string("runs/a/image_size.json"));
        // A resume keeps it; a new search in the folder records its own.
        SearchOutputs(folder, true, 0);
        QVERIFY(readImageSizeRecord(folder.imageSizeFile()));
        SearchOutputs(folder, false, 0);
        QVERIFY(!fs::exists(folder.imageSizeFile()));
    }

    void aHostileImageSizeRecordIsLeftOutWithAWarning()
    {
        const std::string path = scratch("hostile-size/image_size.json").string();
        for (const std::string &record :
             {std::string(), std::string("{\"height\": 28}"), std::string("{\"height\": 28, \"width\": 0}"),
              std::string("{\"height\": -28, \"width\": 28}"), std::string("{\"height\": 28.5, \"width\": 28}"),
              std::string("{\"height\": \"28\", \"width\": 28}"),
              std::string("{\"height\": 28, \"width\": 18446744073709551615}"), std::string("[28, 28]"),
              std::string(8000, ' ') + "{\"height\": 28, \"width\": 28}"}) {
            writeText(path, record);
            std::string warning;
            QVERIFY2(!readImageSizeRecord(path, &warning), record.substr(0, 80).c_str());
            QVERIFY2(warning.find(path) != std::string::npos, warning.c_str());
        }
    }

    void aRecordsWholeNumbersAreRangeChecked()
    {
        const nlohmann::json record = nlohmann::json::parse(
            R"({"low": 1, "high": 1048576, "zero": 0, "over": 1048577, "minus": -1, "half": 2.5, "text": "3",
                "huge": 18446744073709551615})");
        QCOMPARE(wholeNumberIn(record, "low", 1, 1 << 20, "a side"), 1);
        QCOMPARE(wholeNumberIn(record, "high", 1, 1 << 20, "a side"), 1 << 20);
        QCOMPARE(wholeNumberIn(record, "zero", 0, 5, "a count"), 0);
        for (const char *key : {"zero", "over", "minus", "half", "text", "huge", "absent"}) {
            try {
                wholeNumberIn(record, key, 1, 1 << 20, "a side in pixels");
                QFAIL(key);
            } catch (const std::runtime_error &e) {
                QCOMPARE(std::string(e.what()), "\"" + std::string(key)
                                                    + "\" is not a side in pixels (a whole number from 1 to 1048576)");
            }
        }
    }

    void aRecordWithoutTheOptionalFieldsReads()
    {
        const std::string path = scratch("minimal/plateau.json").string();
        writeText(path, "{\"epoch\": 12, \"suggested_epoch\": 12}");
        const std::optional<PlateauEvent> back = readPlateauRecord(path);
        QVERIFY(back);
        QCOMPARE(back->suggestedEpoch, 12);
        QCOMPARE(back->plateauEpoch, 0);
        QVERIFY(back->reason.empty());
    }

    void aHostilePlateauRecordIsLeftOutWithAWarning()
    {
        const std::string path = scratch("hostile/plateau.json").string();
        const std::vector<std::string> records = {
            "",
            "not json",
            "{\"epoch\": 3, \"suggested_epoch\": 3",
            "[3, 3]",
            "{\"epoch\": 3}",
            "{\"epoch\": 0, \"suggested_epoch\": 3}",
            "{\"epoch\": 3, \"suggested_epoch\": -3}",
            "{\"epoch\": 3, \"suggested_epoch\": 2.5}",
            "{\"epoch\": 3, \"suggested_epoch\": \"3\"}",
            "{\"epoch\": 3, \"suggested_epoch\": 18446744073709551615}",
            "{\"epoch\": 3, \"suggested_epoch\": 9223372036854775808}",
            "{\"epoch\": 3, \"suggested_epoch\": 1e400}",
            "{\"epoch\": 3, \"suggested_epoch\": 3, \"plateau_epoch\": -1}",
            "{\"epoch\": 3, \"suggested_epoch\": 3, \"reason\": 5}",
            "{\"epoch\": 3, \"suggested_epoch\": 3, \"reason\": \"" + std::string(20000, 'x') + "\"}",
        };
        for (const std::string &record : records) {
            writeText(path, record);
            std::string warning;
            QVERIFY2(!readPlateauRecord(path, &warning), record.substr(0, 80).c_str());
            QVERIFY2(warning.find(path) != std::string::npos, warning.c_str());
        }
    }
};

QTEST_MAIN(TestSearchFolder)
#include "test_search_folder.moc"
