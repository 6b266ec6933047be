// The search step's pieces: the segmentation task loss with its ignore index, and one
// step of each task updating both models.

#include "config/SearchConfig.h"
#include "search/SearchStep.h"

#include <QtTest>

using namespace augstudio;

class TestSearchStep : public QObject
{
    Q_OBJECT

private slots:
    void segmentationLossLeavesIgnoredPixelsOut()
    {
        torch::manual_seed(1);
        const torch::Tensor logits = torch::randn({2, 3, 4, 4}, torch::kDouble);
        torch::Tensor masks = torch::randint(3, {2, 1, 4, 4}).to(torch::kDouble);
        const double clean = segmentationLoss(logits, masks, 3, 255).item<double>();

        // Marking pixels as ignored removes exactly their terms from the mean.
        torch::Tensor ignored = masks.clone();
        ignored.index_put_({0, 0, 0}, 255);
        const double withIgnore = segmentationLoss(logits, ignored, 3, 255).item<double>();
        const torch::Tensor target =
            torch::nn::functional::one_hot(masks.squeeze(1).to(torch::kLong), 3).permute({0, 3, 1, 2}).to(torch::kDouble);
        const torch::Tensor perPixel = torch::nn::functional::binary_cross_entropy_with_logits(
            logits, target, torch::nn::functional::BinaryCrossEntropyWithLogitsFuncOptions().reduction(torch::kNone));
        QVERIFY(std::abs(clean - perPixel.mean().item<double>()) < 1e-12);
        torch::Tensor keep = torch::ones({2, 1, 4, 4}, torch::kDouble);
        keep.index_put_({0, 0, 0}, 0);
        const double expected = (perPixel * keep).sum().item<double>() / (keep.sum().item<double>() * 3);
        QVERIFY2(std::abs(withIgnore - expected) < 1e-12, qPrintable(QString("%1 vs %2").arg(withIgnore).arg(expected)));
        // Changing the logits of ignored pixels changes nothing.
        torch::Tensor moved = logits.clone();
        moved.index_put_({0, torch::indexing::Slice(), 0}, 100.0);
        QVERIFY(std::abs(segmentationLoss(moved, ignored, 3, 255).item<double>() - withIgnore) < 1e-12);
    }

    void binarySegmentationUsesOneChannel()
    {
        const torch::Tensor logits = torch::zeros({1, 1, 2, 2});
        const torch::Tensor masks = torch::tensor({0.f, 1.f, 1.f, 255.f}).view({1, 1, 2, 2});
        // Every logit 0: BCE is log 2 on each of the three counted pixels.
        QVERIFY(std::abs(segmentationLoss(logits, masks, 1, 255).item<double>() - std::log(2.0)) < 1e-6);
    }

    void policyThreadsGrowWithTheImages()
    {
        // Small half-batches stay on one thread, whatever is available.
        QCOMPARE(policyThreadCount(16 * 3 * 32 * 32, 16), 1);
        QCOMPARE(policyThreadCount(16 * 3 * 48 * 48, 2), 1);
        // Large ones take every thread there is, and never more.
        QCOMPARE(policyThreadCount(32 * 3 * 224 * 224, 2), 2);
        QCOMPARE(policyThreadCount(32 * 3 * 224 * 224, 16), 16);
        const int mid = policyThreadCount(16 * 3 * 96 * 96, 16);
        QVERIFY2(mid > 1 && mid < 16, qPrintable(QString::number(mid)));
        QVERIFY(policyThreadCount(16 * 3 * 96 * 96, 32) == mid);
        // A count of 0 available (not set yet) still gives one thread.
        QCOMPARE(policyThreadCount(32 * 3 * 224 * 224, 0), 1);
    }

    void modelsTakeOneChannel_data()
    {
        QTest::addColumn<QString>("architecture");
        QTest::newRow("resnet18") << QStringLiteral("resnet18");
        QTest::newRow("wrn_40_2") << QStringLiteral("wrn_40_2");
        QTest::newRow("Unet") << QStringLiteral("Unet");
    }

    void modelsTakeOneChannel()
    {
        QFETCH(QString, architecture);
        const bool segmentation = architecture == QLatin1String("Unet");
        const Task task = segmentation ? Task::SemanticSegmentation : Task::Classification;
        ModelConfig model{0, architecture.toStdString(), "resnet18", false, ""};
        torch::manual_seed(1);
        auto grey = makeDiscriminator(model, task, 4, 1);
        grey->eval();
        torch::NoGradGuard noGrad;
        const DiscriminatorOutput out = grey->forward(torch::randn({2, 1, 32, 32}));
        QCOMPARE(out.realness.sizes(), (c10::IntArrayRef{2, 1}));
        if (segmentation)
            QCOMPARE(out.logits.sizes(), (c10::IntArrayRef{2, 4, 32, 32}));
        else
            QCOMPARE(out.logits.sizes(), (c10::IntArrayRef{2, 4}));
        QVERIFY(torch::isfinite(out.logits).all().item<bool>());
        // Only the first convolution differs: a third of the colour model's weights there.
        auto colour = makeDiscriminator(model, task, 4, 3);
        QCOMPARE(grey->parameters().front().size(1), int64_t(1));
        QCOMPARE(colour->parameters().front().size(1), int64_t(3));
        QVERIFY_THROWS_EXCEPTION(c10::Error, grey->forward(torch::randn({2, 3, 32, 32})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeDiscriminator(model, task, 4, 2));
    }

    void oneStepUpdatesBothModels_data()
    {
        QTest::addColumn<bool>("segmentation");
        QTest::addColumn<int>("channels");
        QTest::newRow("classification") << false << 3;
        QTest::newRow("segmentation") << true << 3;
        QTest::newRow("grey classification") << false << 1;
        QTest::newRow("grey segmentation") << true << 1;
    }

    void oneStepUpdatesBothModels()
    {
        QFETCH(bool, segmentation);
        QFETCH(int, channels);
        torch::manual_seed(2);
        const Task task = segmentation ? Task::SemanticSegmentation : Task::Classification;
        PolicyOptions policyOptions;
        policyOptions.operations = resolveOperations({}, channels);
        policyOptions.channels = channels;
        if (channels == 1) {
            policyOptions.mean = {0.5};
            policyOptions.std = {0.25};
        }
        policyOptions.numSubPolicies = 2;
        policyOptions.numStages = 2;
        policyOptions.numChunks = 2;
        PolicyModel policy(policyOptions);
        ModelConfig model{0, segmentation ? "Unet" : "resnet18", "resnet18", false, ""};
        auto discriminator = makeDiscriminator(model, task, 3, channels);
        torch::optim::Adam dOpt(discriminator->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
        torch::optim::Adam pOpt(policy->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
        StepSettings settings;
        settings.task = task;
        settings.numClasses = 3;
        SearchStep step(settings, policy, discriminator, dOpt, pOpt);

        StepInput input;
        input.images = torch::randn({8, channels, 32, 32});
        if (segmentation)
            input.masks = torch::randint(3, {8, 1, 32, 32}).to(torch::kFloat);
        else
            input.labels = torch::randint(3, {8}, torch::kLong);
        const torch::Tensor policyBefore = policy->magnitudes.detach().clone();
        const torch::Tensor discriminatorBefore = discriminator->parameters().front().detach().clone();
        const StepLosses losses = step.run(input);
        QVERIFY(std::isfinite(losses.loss) && losses.loss > 0);
        QVERIFY(std::isfinite(losses.dLoss) && std::isfinite(losses.aLoss));
        QVERIFY(!torch::equal(policyBefore, policy->magnitudes.detach()));
        QVERIFY(!torch::equal(discriminatorBefore, discriminator->parameters().front().detach()));
        for (const auto &p : discriminator->parameters())
            QVERIFY(p.requires_grad()); // trainable again after the policy update
    }
};

QTEST_GUILESS_MAIN(TestSearchStep)
#include "test_search_step.moc"
