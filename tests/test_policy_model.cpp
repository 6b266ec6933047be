// The policy model: structure and seeded initialisation, chunked forward, and the fused
// stage against the plain one-operation-at-a-time path for the same random draws.

#include "config/SearchConfig.h"
#include "ops/Operations.h"
#include "policy/PolicyModel.h"

#include <QtTest>

#include <limits>

using namespace augstudio;

namespace {

PolicyOptions options(int subPolicies = 5, int stages = 3, int chunks = 4, int channels = 3)
{
    PolicyOptions o;
    o.operations = resolveOperations({}, channels);
    o.channels = channels;
    o.numSubPolicies = subPolicies;
    o.numStages = stages;
    o.numChunks = chunks;
    o.temperature = 0.05;
    return o;
}

double maxDifference(const torch::Tensor &a, const torch::Tensor &b)
{
    return (a - b).abs().max().item<double>();
}

} // namespace

class TestPolicyModel : public QObject
{
    Q_OBJECT

private slots:
    void structureAndSeededUniformInit()
    {
        torch::manual_seed(3);
        PolicyModel a(options());
        QCOMPARE(a->weights.sizes(), (c10::IntArrayRef{5, 3, 14}));
        QCOMPARE(a->probabilities.sizes(), (c10::IntArrayRef{5, 3, 14}));
        for (const auto &p : {a->weights, a->probabilities, a->magnitudes}) {
            QVERIFY(p.min().item<double>() >= 0.0 && p.max().item<double>() <= 1.0);
            QVERIFY(std::abs(p.mean().item<double>() - 0.5) < 0.1);
        }
        // Each stage has its own copy of every operation: parameters differ across stages.
        QVERIFY(!torch::equal(a->magnitudes[0][0], a->magnitudes[0][1]));
        torch::manual_seed(3);
        PolicyModel b(options());
        QVERIFY(torch::equal(a->weights, b->weights) && torch::equal(a->magnitudes, b->magnitudes));
        QCOMPARE(a->parameters().size(), size_t(3));
    }

    void snapshotMatchesParameters()
    {
        torch::manual_seed(4);
        PolicyModel policy(options(2, 2));
        const PolicySnapshot snap = policy->snapshot(32, 32);
        QCOMPARE(snap.states.size(), size_t(2 * 2 * 14));
        const auto w = torch::softmax(policy->weights[1][0] / 0.05, 0);
        QVERIFY(std::abs(snap.at(1, 0, 5).weight - w[5].item<double>()) < 1e-6);
        QVERIFY(std::abs(snap.at(1, 0, 5).probability - policy->probabilities[1][0][5].item<double>()) < 1e-6);
        double sum = 0;
        for (int o = 0; o < 14; ++o)
            sum += snap.at(1, 1, o).weight;
        QVERIFY(std::abs(sum - 1.0) < 1e-9);
    }

    void chunksUseOneSubPolicyEach()
    {
        torch::manual_seed(5);
        PolicyModel policy(options(7, 2, 4));
        const torch::Tensor images = torch::rand({8, 3, 32, 32});
        const PolicyOutput out = policy->forward(images);
        QCOMPARE(out.images.sizes(), images.sizes());
        QCOMPARE(out.subPolicyPerImage.size(), size_t(8));
        for (int c = 0; c < 4; ++c)
            QCOMPARE(out.subPolicyPerImage[2 * c], out.subPolicyPerImage[2 * c + 1]);
        // Images leave in [0,1], as they came in: the search step normalises for the discriminator.
        QVERIFY(out.images.min().item<double>() > -1e-6 && out.images.max().item<double>() < 1 + 1e-6);
    }

    void fusedStageEqualsPlainPath_data()
    {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("chunks");
        QTest::addColumn<QString>("operations");
        QTest::addColumn<int>("channels");
        QTest::newRow("32 px, 4 chunks") << 32 << 32 << 4 << QString() << 3;
        QTest::newRow("40x40, 1 chunk") << 40 << 40 << 1 << QString() << 3;
        QTest::newRow("odd batch") << 33 << 33 << 3 << QString() << 3;
        // The geometric grids of an image are stacked along its height.
        QTest::newRow("24x44, 2 chunks") << 24 << 44 << 2 << QString() << 3;
        // Channels changed by different numbers of operations (the fused stage pads them).
        QTest::newRow("shift r+g, contrast") << 32 << 32 << 2 << QStringLiteral("rg") << 3;
        QTest::newRow("shift b alone") << 32 << 32 << 2 << QStringLiteral("b") << 3;
        // A grey search: one channel, the 11 operations that are not colour-only.
        QTest::newRow("grey, 32 px, 4 chunks") << 32 << 32 << 4 << QString() << 1;
        QTest::newRow("grey, 24x44, odd batch") << 24 << 44 << 3 << QString() << 1;
        QTest::newRow("grey, contrast alone") << 32 << 32 << 2 << QStringLiteral("contrast") << 1;
    }

    void fusedStageEqualsPlainPath()
    {
        QFETCH(int, size);
        QFETCH(int, width);
        QFETCH(int, chunks);
        QFETCH(QString, operations);
        QFETCH(int, channels);
        torch::manual_seed(6);
        PolicyOptions o = options(6, 4, chunks, channels);
        if (operations == QLatin1String("contrast"))
            o.operations = resolveOperations({{"RandomContrast", {}, {}, 0}, {"VerticalFlip", {}, {}, 0}}, channels);
        else if (operations == QLatin1String("rg"))
            o.operations = resolveOperations({{"ShiftRGB", {{"shift_r", 1}, {"shift_g", 1}}, {}, 0},
                                              {"RandomContrast", {}, {}, 0}, {"Rotate", {}, {}, 0},
                                              {"Solarize", {}, {}, 0}});
        else if (operations == QLatin1String("b"))
            o.operations = resolveOperations({{"ShiftRGB", {{"shift_b", 1}}, {}, 0}, {"HorizontalFlip", {}, {}, 0}});
        PolicyModel policy(o);
        policy->to(torch::kDouble);
        const int64_t n = size == 33 || chunks == 3 ? 10 : 8;
        const torch::Tensor images = torch::rand({n, channels, size, width}, torch::kDouble);
        const PolicyDraws draws = policy->drawRandomness(n, images.options());
        const torch::Tensor weights = torch::rand({n, channels, size, width}, torch::kDouble);

        auto run = [&](bool fused) {
            policy->setFused(fused);
            policy->zero_grad();
            const torch::Tensor out = policy->forward(images, {}, draws).images;
            (out * weights).sum().backward();
            return std::make_tuple(out.detach(), policy->weights.grad().clone(), policy->probabilities.grad().clone(),
                                   policy->magnitudes.grad().clone());
        };
        const auto [plainOut, plainW, plainP, plainM] = run(false);
        const auto [fusedOut, fusedW, fusedP, fusedM] = run(true);
        QCOMPARE(fusedOut.sizes(), images.sizes());
        // The batched kernels round differently from the one-at-a-time ones, four stages
        // compound it, and a threshold (Solarize) turns a last-bit difference into a step
        // weighted by its (often tiny) stage weight: in double, seeds give 1e-10 to 1e-8 here.
        // A wrong table or index differs by 1e-2 or more.
        QVERIFY2(maxDifference(plainOut, fusedOut) < 1e-7, qPrintable(QString::number(maxDifference(plainOut, fusedOut))));
        QVERIFY(plainW.abs().sum().item<double>() > 0 && plainM.abs().sum().item<double>() > 0);
        const double scale = 1 + plainM.abs().max().item<double>();
        QVERIFY2(maxDifference(plainW, fusedW) < 1e-7 * scale, "weight gradients differ");
        QVERIFY2(maxDifference(plainP, fusedP) < 1e-7 * scale, "probability gradients differ");
        QVERIFY2(maxDifference(plainM, fusedM) < 1e-7 * scale,
                 qPrintable(QString("magnitude gradients differ by %1").arg(maxDifference(plainM, fusedM))));
    }

    void greyPolicyWorksOnOneChannel()
    {
        torch::manual_seed(9);
        PolicyModel policy(options(3, 2, 2, 1));
        QCOMPARE(policy->weights.sizes(), (c10::IntArrayRef{3, 2, 11}));
        const torch::Tensor images = torch::rand({4, 1, 32, 32});
        const PolicyOutput out = policy->forward(images);
        QCOMPARE(out.images.sizes(), images.sizes());
        // In [0,1] out as in: its normalisation is the search step's (test_search_step).
        QVERIFY(out.images.min().item<double>() > -1e-6 && out.images.max().item<double>() < 1 + 1e-6);

        const PolicySnapshot snap = policy->snapshot(32, 32);
        QCOMPARE(snap.channels, 1);
        QCOMPARE(snap.operations.size(), size_t(11));
        QCOMPARE(PolicyModel(options(2, 2))->snapshot(32, 32).channels, 3);

        // A colour batch or colour operations on a grey policy are refused.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, policy->forward(torch::rand({4, 3, 32, 32})));
        PolicyOptions colourOps = options(2, 2, 2, 1);
        colourOps.operations = resolveOperations({{"ShiftRGB", {{"shift_r", 1}}, {}, 0}});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PolicyModel{colourOps});

        // From a config: the grey defaults (mean and std are the search step's: test_search_step).
        SearchConfig config;
        config.policy.numSubPolicies = 2;
        const PolicyOptions fromConfig = PolicyOptions::fromConfig(config, 1);
        QCOMPARE(fromConfig.channels, 1);
        QCOMPARE(fromConfig.operations.size(), size_t(11));
    }

    void smallestScaleStaysFinite()
    {
        // Scale's range starts at 1e-8: a magnitude clamped to 0 must give a finite (if
        // degenerate) image and finite gradients in float, in both paths.
        torch::manual_seed(12);
        PolicyOptions o = options(2, 2, 1);
        o.operations = resolveOperations({{"Scale", {}, {}, 0}, {"Rotate", {}, {}, 0}});
        PolicyModel policy(o);
        {
            torch::NoGradGuard noGrad;
            policy->magnitudes.select(2, 0).fill_(-0.5); // clamped to 0: the value 1e-8
            policy->probabilities.fill_(1.0);
        }
        const torch::Tensor images = torch::rand({4, 3, 32, 32});
        const PolicyDraws draws = policy->drawRandomness(4, images.options());
        for (const bool fused : {true, false}) {
            policy->setFused(fused);
            policy->zero_grad();
            const torch::Tensor out = policy->forward(images, {}, draws).images;
            QVERIFY2(torch::isfinite(out).all().item<bool>(), fused ? "fused output" : "plain output");
            out.sum().backward();
            for (const torch::Tensor &grad : {policy->weights.grad(), policy->probabilities.grad(), policy->magnitudes.grad()})
                QVERIFY2(torch::isfinite(grad).all().item<bool>(), fused ? "fused gradient" : "plain gradient");
        }
        // A grid with NaN and infinite points samples without crashing.
        const torch::Tensor grid = torch::full({1, 2, 2, 2}, std::numeric_limits<float>::quiet_NaN());
        grid[0][0][1].fill_(std::numeric_limits<float>::infinity());
        const torch::Tensor sampled = sampleAt(images.slice(0, 0, 1), grid);
        QVERIFY(torch::isfinite(sampled).all().item<bool>());
    }

    void masksMoveWithImagesInBothPaths()
    {
        torch::manual_seed(8);
        PolicyModel policy(options(4, 2, 2));
        const torch::Tensor images = torch::rand({4, 3, 32, 32});
        const torch::Tensor masks = torch::randint(3, {4, 1, 32, 32}).to(torch::kFloat);
        const PolicyDraws draws = policy->drawRandomness(4, images.options());
        policy->setFused(true);
        const PolicyOutput fused = policy->forward(images, masks, draws);
        policy->setFused(false);
        const PolicyOutput plain = policy->forward(images, masks, draws);
        QVERIFY(torch::equal(fused.masks, plain.masks));
        const auto ids = std::get<0>(at::_unique(fused.masks));
        QVERIFY(ids.numel() <= 3 && ids.max().item<double>() <= 2.0); // no blended class ids
    }
};

QTEST_GUILESS_MAIN(TestPolicyModel)
#include "test_policy_model.moc"
