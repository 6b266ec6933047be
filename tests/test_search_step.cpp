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
        // With another data.ignore_index, 255 (a padded border) is left out still: it was
        // clamped to the last class and learnt as one.
        QVERIFY(std::abs(segmentationLoss(logits, ignored, 3, 7).item<double>() - withIgnore) < 1e-12);
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
        if (channels == 1)
            settings.normalization = {{0.5}, {0.25}};
        SearchStep step(settings, policy, discriminator, dOpt, pOpt);

        StepInput input;
        input.images = torch::rand({8, channels, 32, 32}); // in [0,1], as the loader gives them
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

    void discriminatorInputNormalisesEachChannel()
    {
        torch::manual_seed(4);
        const torch::Tensor images = torch::rand({2, 3, 4, 5});
        DiscriminatorInput colour({{0.5, 0.4, 0.3}, {0.2, 0.25, 0.5}});
        const torch::Tensor normalised = colour(images);
        const double mean[3] = {0.5, 0.4, 0.3}, std[3] = {0.2, 0.25, 0.5};
        for (int64_t c = 0; c < 3; ++c)
            QVERIFY(torch::allclose(normalised.select(1, c), (images.select(1, c) - mean[c]) / std[c], 1e-6, 1e-6));
        // Grey: one mean and std; (x − 0.5) / 0.25 maps [0,1] to [−2, 2].
        DiscriminatorInput grey({{0.5}, {0.25}});
        const torch::Tensor greyImages = torch::rand({2, 1, 4, 4});
        QVERIFY(torch::allclose(grey(greyImages), (greyImages - 0.5) / 0.25, 1e-6, 1e-6));
        QVERIFY(grey(torch::zeros({1, 1, 2, 2})).min().item<double>() == -2);
        QVERIFY(grey(torch::ones({1, 1, 2, 2})).max().item<double>() == 2);
        // Three means for grey images, or a mean without its std, are refused.
        DiscriminatorInput threeMeans({{0.1, 0.2, 0.3}, {0.2, 0.2, 0.2}});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threeMeans(greyImages));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DiscriminatorInput({{0.1, 0.2, 0.3}, {0.2}}));
        // A config's ImageNet defaults on a grey search: one value each, averaged unsaid (no one
        // chose them for grey images; chosen values are noted, test_batch_loader).
        std::vector<ConfigNote> notes;
        const ChannelNormalization averaged = resolveNormalization(SearchConfig().data, 1, &notes);
        QCOMPARE(averaged.mean.size(), size_t(1));
        QCOMPARE(averaged.std.size(), size_t(1));
        QVERIFY(notes.empty());
    }

    void stepNormalisesWhatTheDiscriminatorSees_data()
    {
        QTest::addColumn<int>("channels");
        QTest::newRow("colour") << 3;
        QTest::newRow("grey") << 1;
    }

    void stepNormalisesWhatTheDiscriminatorSees()
    {
        // The same step twice, with the identity policy: once on [0,1] images with a mean and
        // std, once on those images already normalised with mean 0 and std 1. The
        // discriminator sees the same real and augmented halves in both, so every loss and
        // every updated weight agrees: both halves are normalised, once, at the discriminator.
        QFETCH(int, channels);
        const ChannelNormalization normalization = channels == 3
                                                       ? ChannelNormalization{{0.5, 0.4, 0.3}, {0.2, 0.25, 0.5}}
                                                       : ChannelNormalization{{0.3}, {0.4}};
        torch::manual_seed(7);
        const torch::Tensor images = torch::rand({8, channels, 32, 32});
        const torch::Tensor labels = torch::randint(3, {8}, torch::kLong);
        const torch::Tensor mean = torch::tensor(normalization.mean, torch::kFloat).view({1, channels, 1, 1});
        const torch::Tensor std = torch::tensor(normalization.std, torch::kFloat).view({1, channels, 1, 1});

        auto run = [&](const ChannelNormalization &settingsNormalization, const torch::Tensor &input) {
            torch::manual_seed(8);
            PolicyOptions policyOptions;
            policyOptions.operations = resolveOperations({}, channels);
            policyOptions.channels = channels;
            policyOptions.numSubPolicies = 2;
            policyOptions.numStages = 2;
            policyOptions.numChunks = 2;
            policyOptions.identity = true;
            PolicyModel policy(policyOptions);
            ModelConfig model{0, "resnet18", "resnet18", false, ""};
            auto discriminator = makeDiscriminator(model, Task::Classification, 3, channels);
            torch::optim::Adam dOpt(discriminator->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
            torch::optim::Adam pOpt(policy->parameters(), torch::optim::AdamOptions(1e-3).betas({0.0, 0.999}));
            StepSettings settings;
            settings.numClasses = 3;
            settings.normalization = settingsNormalization;
            SearchStep step(settings, policy, discriminator, dOpt, pOpt);
            StepInput stepInput;
            stepInput.images = input;
            stepInput.labels = labels;
            const StepLosses losses = step.run(stepInput);
            return std::make_pair(losses, discriminator->parameters().front().detach().clone());
        };
        const auto [atDiscriminator, weightsA] = run(normalization, images);
        const ChannelNormalization none{std::vector<double>(size_t(channels), 0.0),
                                        std::vector<double>(size_t(channels), 1.0)};
        const auto [beforehand, weightsB] = run(none, (images - mean) / std);
        auto close = [](double a, double b) { return std::abs(a - b) <= 1e-4 * (1 + std::abs(b)); };
        QVERIFY2(close(atDiscriminator.loss, beforehand.loss),
                 qPrintable(QString("%1 vs %2").arg(atDiscriminator.loss).arg(beforehand.loss)));
        QVERIFY2(close(atDiscriminator.dLoss, beforehand.dLoss),
                 qPrintable(QString("%1 vs %2").arg(atDiscriminator.dLoss).arg(beforehand.dLoss)));
        QVERIFY2(close(atDiscriminator.aLoss, beforehand.aLoss),
                 qPrintable(QString("%1 vs %2").arg(atDiscriminator.aLoss).arg(beforehand.aLoss)));
        QVERIFY(torch::allclose(weightsA, weightsB, 1e-4, 1e-5));
        // Not normalising would change what it sees, and so the losses.
        const auto [unnormalised, weightsC] = run(none, images);
        QVERIFY(!close(unnormalised.dLoss, atDiscriminator.dLoss) || !close(unnormalised.loss, atDiscriminator.loss));
    }
};

QTEST_GUILESS_MAIN(TestSearchStep)
#include "test_search_step.moc"
