// The built-in models: each runs a forward and the search step (with its double backward)
// at its smallest image size, on colour and grey images; parameter counts match torchvision;
// PyTorch state dicts load with their names mapped onto ours.

#include "config/SearchConfig.h"
#include "models/Discriminator.h"
#include "models/StateDictReader.h"
#include "models/WeightsLoader.h"
#include "search/SearchStep.h"

#include <caffe2/serialize/inline_container.h>

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace augstudio;

namespace {

// The discriminator head Linear(f→f) · ReLU · Linear(f→1) that torchvision's models lack.
int64_t headParameters(int64_t features)
{
    return features * features + features + features + 1;
}

void writeBytes(const std::string &path, const std::vector<char> &bytes)
{
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The torchvision name of one of our ResNet tensors (the inverse of mapTorchvisionName).
std::string torchvisionName(const std::string &ours)
{
    auto replaced = [&](const std::string &from, const std::string &to) {
        return ours.compare(0, from.size(), from) == 0 ? to + ours.substr(from.size()) : std::string();
    };
    for (const auto &[from, to] : std::vector<std::pair<std::string, std::string>>{
             {"encoder.stem.0.", "conv1."}, {"encoder.stem.1.", "bn1."}, {"encoder.", ""}, {"classifier.", "fc."}})
        if (const std::string name = replaced(from, to); !name.empty())
            return name;
    return {};
}

// A torchvision-style state dict of a model of `architecture` with `classes` outputs, its
// tensors random, written with torch::pickle_save.
std::map<std::string, torch::Tensor> writeTorchvisionStateDict(const std::string &path, const std::string &architecture,
                                                               int classes)
{
    auto source = makeDiscriminator(ModelConfig{0, architecture, "", false, ""}, Task::Classification, classes, 3);
    c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
    std::map<std::string, torch::Tensor> written;
    auto add = [&](const std::string &ours, const torch::Tensor &tensor) {
        const std::string name = torchvisionName(ours);
        if (name.empty())
            return; // the discriminator head: not in torchvision's files
        const torch::Tensor value = tensor.is_floating_point() ? torch::randn_like(tensor) : tensor.clone() + 7;
        dict.insert(name, value);
        written[name] = value;
    };
    for (const auto &item : source->named_parameters())
        add(item.key(), item.value());
    for (const auto &item : source->named_buffers())
        add(item.key(), item.value());
    writeBytes(path, torch::pickle_save(dict));
    return written;
}

// Python's pickle (protocol 2) of OrderedDict([(name, tensor)]) with its _metadata set by
// BUILD, as torch.save writes a state dict; the tensor's storage in record data/0.
std::string pythonStyleStateDict(const std::string &name)
{
    using namespace std::string_literals; // the pickle holds NUL bytes
    std::string p = "\x80\x02"s;
    auto text = [&](const std::string &s) {
        p += 'X';
        for (int i = 0; i < 4; ++i)
            p += static_cast<char>((s.size() >> (8 * i)) & 0xff);
        p += s;
    };
    p += "ccollections\nOrderedDict\nq\x00)Rq\x01("s;
    text(name);
    // _rebuild_tensor_v2(('storage', FloatStorage, '0', 'cpu', 6), 0, (2, 3), (3, 1), False, OrderedDict())
    p += "ctorch._utils\n_rebuild_tensor_v2\nq\x02(("s;
    text("storage");
    p += "ctorch\nFloatStorage\nq\x03"s;
    text("0");
    text("cpu");
    p += "K\x06tq\x04QK\x00K\x02K\x03\x86q\x05K\x03K\x01\x86q\x06\x89h\x00)Rq\x07tq\x08Rq\x09"s;
    p += "u}q\x0a"s;
    text("_metadata");
    p += "h\x00)Rq\x0b"s;
    text("");
    p += "}q\x0c"s;
    text("version");
    p += "K\x01sssb."s;
    return p;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

    QTemporaryDir tmp;

private slots:
    void initTestCase()
    {
        QVERIFY(tmp.isValid());
        torch::set_num_threads(2);
    }

    void minimumSizesFollowTheStrides()
    {
        const ModelConfig resnet{0, "resnet50", "", false, ""};
        QCOMPARE(minimumInputSize(Task::Classification, resnet), 17);
        QCOMPARE(minimumInputSize(Task::Classification, ModelConfig{0, "wrn_28_10", "", false, ""}), 3);
        QCOMPARE(minimumInputSize(Task::SemanticSegmentation, ModelConfig{0, "Unet", "resnet18", false, ""}), 17);
        QCOMPARE(minimumInputSize(Task::SemanticSegmentation, ModelConfig{0, "FPN", "resnet34", false, ""}), 17);
        QCOMPARE(minimumInputSize(Task::SemanticSegmentation, ModelConfig{0, "DeepLabV3Plus", "resnet50", false, ""}),
                 9);
        // One or two images a pass: BatchNorm needs the deepest maps 2×2.
        QCOMPARE(minimumInputSize(Task::Classification, resnet, 2), 33);
        QCOMPARE(minimumInputSize(Task::Classification, resnet, 3), 17);
        QVERIFY(parseWideResNet("wrn_16_8").has_value());
        QVERIFY(!parseWideResNet("wrn_27_10").has_value()); // depth is 6n + 4
        QVERIFY(!parseWideResNet("wrn_28_10x").has_value());
    }

    void parameterCountsMatchTorchvision_data()
    {
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<int>("classes");
        QTest::addColumn<qint64>("reference"); // without our discriminator head
        QTest::addColumn<qint64>("features");
        // torchvision.models.*(num_classes=1000), and the Wide-ResNets of Zagoruyko & Komodakis.
        QTest::newRow("resnet18") << "resnet18" << 1000 << qint64(11689512) << qint64(512);
        QTest::newRow("resnet34") << "resnet34" << 1000 << qint64(21797672) << qint64(512);
        QTest::newRow("resnet50") << "resnet50" << 1000 << qint64(25557032) << qint64(2048);
        QTest::newRow("resnet101") << "resnet101" << 1000 << qint64(44549160) << qint64(2048);
        QTest::newRow("wide_resnet50_2") << "wide_resnet50_2" << 1000 << qint64(68883240) << qint64(2048);
        QTest::newRow("wrn_28_10") << "wrn_28_10" << 10 << qint64(36479194) << qint64(640);
        QTest::newRow("wrn_40_2") << "wrn_40_2" << 10 << qint64(2243546) << qint64(128);
    }

    void parameterCountsMatchTorchvision()
    {
        QFETCH(QString, architecture);
        QFETCH(int, classes);
        QFETCH(qint64, reference);
        QFETCH(qint64, features);
        const ModelConfig config{0, architecture.toStdString(), "", false, ""};
        const int64_t count = modelParameterCount(config, Task::Classification, classes, 3);
        QCOMPARE(count - headParameters(features), reference);
    }

    void forwardAndSearchStepRun_data()
    {
        QTest::addColumn<bool>("segmentation");
        QTest::addColumn<QString>("architecture");
        QTest::addColumn<QString>("encoder");
        QTest::addColumn<int>("channels");
        QTest::addColumn<bool>("wholeStep"); // false: one forward and double backward (big models)
        for (const char *name : {"resnet18", "wrn_40_2"})
            QTest::newRow(name) << false << name << "" << 3 << true;
        for (const char *name : {"resnet34", "resnet50", "resnet101", "wrn_28_10"})
            QTest::newRow(name) << false << name << "" << 3 << false;
        QTest::newRow("resnet18 grey") << false << "resnet18" << "" << 1 << true;
        QTest::newRow("wrn_40_2 grey") << false << "wrn_40_2" << "" << 1 << true;
        for (const char *architecture : {"Unet", "FPN", "DeepLabV3Plus"}) {
            const std::string name = architecture;
            QTest::newRow((name + "-resnet18").c_str()) << true << architecture << "resnet18" << 3 << true;
            QTest::newRow((name + "-resnet18 grey").c_str()) << true << architecture << "resnet18" << 1 << true;
            for (const char *encoder : {"resnet34", "resnet50"})
                QTest::newRow((name + "-" + encoder).c_str()) << true << architecture << encoder << 3 << false;
        }
    }

    // At the model's smallest size for 2 images a discriminator pass: the search step (batch 4),
    // or for the big models a forward and the gradient penalty's double backward.
    void forwardAndSearchStepRun()
    {
        QFETCH(bool, segmentation);
        QFETCH(QString, architecture);
        QFETCH(QString, encoder);
        QFETCH(int, channels);
        QFETCH(bool, wholeStep);
        torch::manual_seed(5);
        const Task task = segmentation ? Task::SemanticSegmentation : Task::Classification;
        const ModelConfig config{0, architecture.toStdString(), encoder.toStdString(), false, ""};
        const int classes = 3;
        auto model = makeDiscriminator(config, task, classes, channels);
        const int size = model->minimumInputSize(2);
        QCOMPARE(size, minimumInputSize(task, config, 2));

        const torch::Tensor images = torch::randn({4, channels, size, size});
        const torch::Tensor half = images.slice(0, 0, 2).clone().requires_grad_(true);
        const DiscriminatorOutput out = model->forward(half);
        QCOMPARE(out.realness.sizes(), (c10::IntArrayRef{2, 1}));
        if (segmentation)
            QCOMPARE(out.logits.sizes(), (c10::IntArrayRef{2, classes, size, size}));
        else
            QCOMPARE(out.logits.sizes(), (c10::IntArrayRef{2, classes}));
        if (!wholeStep) {
            const torch::Tensor gradient =
                torch::autograd::grad({out.realness.sum()}, {half}, {}, /*retain_graph=*/true, /*create_graph=*/true)[0];
            const torch::Tensor penalty = (gradient.norm(2, 1) - 1).pow(2).mean();
            (penalty + out.logits.mean()).backward();
            const torch::Tensor first = model->parameters().front().grad();
            QVERIFY(first.defined() && torch::isfinite(first).all().item<bool>());
            QVERIFY(first.abs().sum().item<double>() > 0);
            return;
        }

        PolicyOptions policyOptions;
        policyOptions.operations = resolveOperations({}, channels);
        policyOptions.channels = channels;
        policyOptions.numSubPolicies = 2;
        policyOptions.numStages = 1;
        policyOptions.numChunks = 1;
        PolicyModel policy(policyOptions);
        torch::optim::Adam dOpt(model->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
        torch::optim::Adam pOpt(policy->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
        StepSettings settings;
        settings.task = task;
        settings.numClasses = classes;
        if (channels == 1)
            settings.normalization = {{0.5}, {0.25}};
        SearchStep step(settings, policy, model, dOpt, pOpt);
        StepInput input;
        input.images = images;
        if (segmentation)
            input.masks = torch::randint(classes, {4, 1, size, size}).to(torch::kFloat);
        else
            input.labels = torch::randint(classes, {4}, torch::kLong);
        const torch::Tensor before = model->parameters().front().detach().clone();
        const StepLosses losses = step.run(input);
        QVERIFY(std::isfinite(losses.loss) && std::isfinite(losses.dLoss) && std::isfinite(losses.aLoss));
        QVERIFY(!torch::equal(before, model->parameters().front()));
    }

    void pickleSaveIsWhatPickleLoadReads()
    {
        c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
        dict.insert("fc.weight", torch::arange(6, torch::kFloat).view({2, 3}));
        const std::vector<char> bytes = torch::pickle_save(dict);
        const c10::IValue back = torch::pickle_load(bytes);
        QVERIFY(back.isGenericDict());
        QVERIFY(torch::equal(back.toGenericDict().at("fc.weight").toTensor(), dict.at("fc.weight").toTensor()));
        // Our reader sees the same.
        const std::string path = tmp.filePath("tiny.pth").toStdString();
        writeBytes(path, bytes);
        const StateDict entries = readStateDict(path);
        QCOMPARE(entries.size(), size_t(1));
        QCOMPARE(entries[0].first, std::string("fc.weight"));
        QVERIFY(torch::equal(entries[0].second, dict.at("fc.weight").toTensor()));
    }

    void pythonOrderedDictIsRead()
    {
        // What torch.save(model.state_dict()) writes: an OrderedDict with _metadata, which
        // LibTorch 1.13's pickle_load turns into None.
        const std::string path = tmp.filePath("python.pth").toStdString();
        {
            caffe2::serialize::PyTorchStreamWriter writer(path);
            const std::string pickle = pythonStyleStateDict("layer1.0.conv1.weight");
            writer.writeRecord("data.pkl", pickle.data(), pickle.size());
            const std::vector<float> values{1, 2, 3, 4, 5, 6};
            writer.writeRecord("data/0", values.data(), values.size() * sizeof(float));
            writer.writeEndOfFile();
        }
        const StateDict entries = readStateDict(path);
        QCOMPARE(entries.size(), size_t(1));
        QCOMPARE(entries[0].first, std::string("layer1.0.conv1.weight"));
        QVERIFY(torch::equal(entries[0].second, torch::arange(1, 7, torch::kFloat).view({2, 3})));
    }

    void torchvisionNamesMapOntoOurs()
    {
        QCOMPARE(mapTorchvisionName("conv1.weight"), std::string("encoder.stem.0.weight"));
        QCOMPARE(mapTorchvisionName("bn1.running_mean"), std::string("encoder.stem.1.running_mean"));
        QCOMPARE(mapTorchvisionName("layer1.0.conv1.weight"), std::string("encoder.layer1.0.conv1.weight"));
        QCOMPARE(mapTorchvisionName("layer2.0.downsample.1.bias"), std::string("encoder.layer2.0.downsample.1.bias"));
        QCOMPARE(mapTorchvisionName("fc.weight"), std::string("classifier.weight"));
        QCOMPARE(mapTorchvisionName("module.fc.bias"), std::string("classifier.bias"));
        QCOMPARE(mapTorchvisionName("encoder.bn1.weight"), std::string("encoder.stem.1.weight")); // smp
    }

    void torchvisionWeightsLoadIntoResNets()
    {
        const std::string path = tmp.filePath("resnet18-f37072fd.pth").toStdString();
        const auto written = writeTorchvisionStateDict(path, "resnet18", 1000);
        QVERIFY(written.count("conv1.weight") && written.count("bn1.running_mean")
                && written.count("layer1.0.conv1.weight") && written.count("fc.weight"));

        // num_classes 10: everything but the classifier and the discriminator head loads.
        std::vector<std::string> warnings;
        auto model = makeDiscriminator(ModelConfig{10, "resnet18", "", true, path}, Task::Classification, 10, 3,
                                       &warnings);
        std::map<std::string, torch::Tensor> own;
        for (const auto &item : model->named_parameters())
            own[item.key()] = item.value();
        for (const auto &item : model->named_buffers())
            own[item.key()] = item.value();
        QVERIFY(torch::equal(own.at("encoder.stem.0.weight"), written.at("conv1.weight")));
        QVERIFY(torch::equal(own.at("encoder.stem.1.running_mean"), written.at("bn1.running_mean")));
        QVERIFY(torch::equal(own.at("encoder.layer4.1.bn2.weight"), written.at("layer4.1.bn2.weight")));
        QCOMPARE(own.at("classifier.weight").sizes(), (c10::IntArrayRef{10, 512}));
        const std::string all = [&] {
            std::string text;
            for (const auto &w : warnings)
                text += w + "\n";
            return text;
        }();
        QVERIFY2(all.find("fc.weight") != std::string::npos && all.find("random") != std::string::npos, all.c_str());
        QVERIFY2(all.find("discriminator") != std::string::npos, all.c_str());

        // The same classes: the classifier loads too.
        warnings.clear();
        model = makeDiscriminator(ModelConfig{1000, "resnet18", "", true, path}, Task::Classification, 1000, 3,
                                  &warnings);
        for (const auto &item : model->named_parameters())
            if (item.key() == "classifier.weight")
                QVERIFY(torch::equal(item.value(), written.at("fc.weight")));

        // A grey model: the first convolution summed over its colour channels.
        warnings.clear();
        model = makeDiscriminator(ModelConfig{10, "resnet18", "", true, path}, Task::Classification, 10, 1, &warnings);
        QVERIFY(torch::allclose(model->parameters().front(), written.at("conv1.weight").sum(1, true)));

        // smp's encoder weights: the encoder of a segmentation model loads, the decoder stays random.
        warnings.clear();
        model = makeDiscriminator(ModelConfig{4, "FPN", "resnet18", true, path}, Task::SemanticSegmentation, 4, 3,
                                  &warnings);
        for (const auto &item : model->named_parameters())
            if (item.key() == "encoder.layer2.0.conv1.weight")
                QVERIFY(torch::equal(item.value(), written.at("layer2.0.conv1.weight")));
    }

    void wrongWeightsNameTheKeyAndTheFile()
    {
        const std::string path = tmp.filePath("resnet34.pth").toStdString();
        writeTorchvisionStateDict(path, "resnet34", 1000);
        // resnet34's 3×3 layer1.0.conv1 where resnet50 has a 1×1 bottleneck convolution.
        try {
            makeDiscriminator(ModelConfig{10, "resnet50", "", true, path}, Task::Classification, 10, 3);
            QFAIL("a resnet34 file loaded into resnet50");
        } catch (const std::invalid_argument &error) {
            const std::string text = error.what();
            QVERIFY2(text.find(path) != std::string::npos, text.c_str());
            QVERIFY2(text.find("layer1.0.") != std::string::npos || text.find("conv1.weight") != std::string::npos,
                     text.c_str());
        }
        // A file without the backbone's tensors.
        const std::string partial = tmp.filePath("partial.pth").toStdString();
        c10::impl::GenericDict dict(c10::StringType::get(), c10::TensorType::get());
        dict.insert("conv1.weight", torch::randn({64, 3, 7, 7}));
        writeBytes(partial, torch::pickle_save(dict));
        try {
            makeDiscriminator(ModelConfig{10, "resnet18", "", true, partial}, Task::Classification, 10, 3);
            QFAIL("a file without layer1..4 loaded");
        } catch (const std::invalid_argument &error) {
            const std::string text = error.what();
            QVERIFY2(text.find(partial) != std::string::npos && text.find("encoder.") != std::string::npos,
                     text.c_str());
        }
        // Not a PyTorch file at all.
        const std::string garbage = tmp.filePath("garbage.pth").toStdString();
        writeBytes(garbage, {'n', 'o', 'p', 'e'});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 makeDiscriminator(ModelConfig{10, "resnet18", "", true, garbage},
                                                   Task::Classification, 10, 3));
    }

    void ownArchivesStillLoad()
    {
        // A model saved with torch::save (LibTorch's archive) loads into the same architecture.
        auto source = makeDiscriminator(ModelConfig{0, "wrn_40_2", "", false, ""}, Task::Classification, 4, 3);
        const std::string path = tmp.filePath("wrn.pt").toStdString();
        torch::save(source, path);
        auto loaded = makeDiscriminator(ModelConfig{0, "wrn_40_2", "", false, path}, Task::Classification, 4, 3);
        QVERIFY(torch::equal(source->parameters().back(), loaded->parameters().back()));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
