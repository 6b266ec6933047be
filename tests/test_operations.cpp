// The differentiable operations: known outputs on small tensors, masks carried through
// spatial operations, and gradients reaching magnitude and probability.

#include "ops/Operations.h"

#include <QtTest>

using namespace augstudio;

namespace {

OperationSpec spec(OperationKind kind)
{
    OperationSpec s;
    s.kind = kind;
    s.low = operationInfo(kind).low;
    s.high = operationInfo(kind).high;
    if (kind == OperationKind::ShiftRGB)
        s.shiftChannel[0] = true;
    return s;
}

torch::Tensor magnitudeFor(const OperationSpec &s, double value)
{
    return torch::tensor((value - s.low) / (s.high - s.low), torch::kDouble);
}

// A (1,3,H,W) double ramp image with distinct values in [0.05, 0.95].
torch::Tensor ramp(int64_t h, int64_t w)
{
    return torch::linspace(0.05, 0.95, 3 * h * w, torch::kDouble).view({1, 3, h, w});
}

bool near(const torch::Tensor &a, const torch::Tensor &b, double tolerance = 1e-6)
{
    return a.sizes() == b.sizes() && (a - b).abs().max().item<double>() < tolerance;
}

} // namespace

class TestOperations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        torch::manual_seed(7);
    }

    void shiftRgbMovesOnlyItsChannel()
    {
        const OperationSpec s = spec(OperationKind::ShiftRGB);
        const torch::Tensor x = torch::full({2, 3, 4, 4}, 0.5, torch::kDouble);
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 0.25));
        QVERIFY(near(y.select(1, 0), torch::full({2, 4, 4}, 0.75, torch::kDouble)));
        QVERIFY(near(y.select(1, 1), x.select(1, 1)));
        QVERIFY(near(y.select(1, 2), x.select(1, 2)));
        // clipped to [0,1]
        QCOMPARE(applyOperation(s, x, magnitudeFor(s, 0.9)).max().item<double>(), 1.0);
    }

    void brightnessAddsAndContrastMultiplies()
    {
        const torch::Tensor x = torch::full({1, 3, 2, 2}, 0.4, torch::kDouble);
        const OperationSpec b = spec(OperationKind::RandomBrightness);
        QVERIFY(near(applyOperation(b, x, magnitudeFor(b, -0.1)), torch::full_like(x, 0.3)));
        const OperationSpec c = spec(OperationKind::RandomContrast);
        QVERIFY(near(applyOperation(c, x, magnitudeFor(c, 2.0)), torch::full_like(x, 0.8)));
        QVERIFY(near(applyOperation(c, x, magnitudeFor(c, 5.0)), torch::ones_like(x)));
    }

    void solarizeInvertsAtOrAboveThreshold()
    {
        const OperationSpec s = spec(OperationKind::Solarize);
        const torch::Tensor x = torch::tensor({0.2, 0.5, 0.7, 0.9}, torch::kDouble).view({1, 1, 2, 2}).repeat({1, 3, 1, 1});
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 0.5));
        const torch::Tensor expected =
            torch::tensor({0.2, 0.5, 0.3, 0.1}, torch::kDouble).view({1, 1, 2, 2}).repeat({1, 3, 1, 1});
        QVERIFY(near(y, expected));
    }

    void flipsMirrorPixels()
    {
        const torch::Tensor x = ramp(3, 4);
        const torch::Tensor h = applyOperation(spec(OperationKind::HorizontalFlip), x, torch::tensor(0.0));
        const torch::Tensor v = applyOperation(spec(OperationKind::VerticalFlip), x, torch::tensor(0.0));
        QCOMPARE(h[0][1][2][0].item<double>(), x[0][1][2][3].item<double>());
        QCOMPARE(v[0][2][0][1].item<double>(), x[0][2][2][1].item<double>());
    }

    void shiftXMovesContentRightByWholePixels()
    {
        const OperationSpec s = spec(OperationKind::ShiftX);
        const torch::Tensor x = ramp(8, 8);
        // 0.25 of the width = 2 pixels to the right.
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 0.25));
        QVERIFY(near(y.slice(3, 2, 8), x.slice(3, 0, 6), 1e-9));
        // Reflect-101 border: column 1 shows column 1 of the input, column 0 shows column 2.
        QVERIFY(near(y.select(3, 0), x.select(3, 2), 1e-9));
    }

    void shiftYMovesContentDown()
    {
        const OperationSpec s = spec(OperationKind::ShiftY);
        const torch::Tensor x = ramp(8, 6);
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, -0.125)); // 1 pixel up
        QVERIFY(near(y.slice(2, 0, 7), x.slice(2, 1, 8), 1e-9));
    }

    void rotateByNinetyIsCounterClockwise()
    {
        const OperationSpec s = spec(OperationKind::Rotate);
        const torch::Tensor x = ramp(5, 5);
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 90.0));
        // Positive angles turn the image counter-clockwise, as cv2 and Albumentations do:
        // the right edge's content moves to the top edge.
        QVERIFY(near(y, torch::rot90(x, 1, {2, 3}), 1e-6));
    }

    void scaleZoomsAboutTheCentre()
    {
        const OperationSpec s = spec(OperationKind::Scale);
        const torch::Tensor x = ramp(5, 5);
        QVERIFY(near(applyOperation(s, x, magnitudeFor(s, 1.0)), x, 1e-9));
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 2.0));
        QVERIFY(near(y.select(2, 2).select(2, 2), x.select(2, 2).select(2, 2), 1e-9)); // centre stays
        // A pixel one step right of the centre shows what was half a step right.
        const torch::Tensor expected = (x.select(3, 2) + x.select(3, 3)) / 2;
        QVERIFY(near(y.select(3, 3).select(2, 2), expected.select(2, 2), 1e-9));
    }

    void degenerateAffineMatricesSampleFinitely()
    {
        // NaN, infinite or huge entries (a Scale of 0 makes 1/0) would send the sampler out of
        // bounds; the grid stays finite and every sample is a pixel value of the image.
        const double inf = std::numeric_limits<double>::infinity();
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const torch::Tensor theta = torch::tensor({nan, 0.0, 0.0, 0.0, 1.0, 0.0, //
                                                   inf, 0.0, -inf, 0.0, inf, 0.0, //
                                                   1e30, -1e30, 0.0, 0.0, 1e30, 5.0},
                                                  torch::kDouble)
                                        .view({3, 2, 3});
        const torch::Tensor grid = gridFromTheta(theta, 6, 7);
        QCOMPARE(grid.sizes(), (torch::IntArrayRef{3, 6, 7, 2}));
        QVERIFY(torch::isfinite(grid).all().item<bool>());
        const torch::Tensor x = ramp(6, 7).expand({3, 3, 6, 7}).contiguous();
        const torch::Tensor y = sampleAt(x, grid);
        QVERIFY(torch::isfinite(y).all().item<bool>());
        QVERIFY(y.min().item<double>() >= x.min().item<double>() - 1e-9);
        QVERIFY(y.max().item<double>() <= x.max().item<double>() + 1e-9);
    }

    void cutoutFixedNumberOfHolesCutsSquares()
    {
        OperationSpec s = spec(OperationKind::CutoutFixedNumberOfHoles);
        s.numHoles = 1;
        const torch::Tensor x = torch::ones({4, 3, 16, 16}, torch::kDouble);
        const torch::Tensor y = applyOperation(s, x, magnitudeFor(s, 0.25)); // 4×4 hole
        for (int i = 0; i < 4; ++i)
            QCOMPARE((y[i][0] == 0).sum().item<int64_t>(), int64_t(16));
        QVERIFY(near(y.select(1, 0), y.select(1, 2))); // same hole on every channel
    }

    void cutoutFixedSizeCountsHoles()
    {
        OperationSpec s = spec(OperationKind::CutoutFixedSize);
        s.holeSizeDivider = 16; // 32/16 = 2 px holes
        const torch::Tensor x = torch::ones({8, 3, 32, 32}, torch::kDouble);
        const torch::Tensor none = applyOperation(s, x, magnitudeFor(s, 0.5)); // int(0.5) = 0 holes
        QVERIFY(near(none, x));
        const torch::Tensor three = applyOperation(s, x, magnitudeFor(s, 3.0));
        for (int i = 0; i < 8; ++i) {
            const int64_t cut = (three[i][0] == 0).sum().item<int64_t>();
            QVERIFY2(cut > 0 && cut <= 12, qPrintable(QString::number(cut))); // ≤ 3 holes of 4 px
        }
    }

    void cutoutPassesGradientToMagnitude()
    {
        const OperationSpec s = spec(OperationKind::CutoutFixedNumberOfHoles);
        const torch::Tensor m = torch::tensor(0.3, torch::kDouble).requires_grad_(true);
        const torch::Tensor x = torch::rand({2, 3, 8, 8}, torch::kDouble);
        applyOperation(s, x, m).sum().backward();
        QVERIFY(m.grad().defined());
        QCOMPARE(m.grad().item<double>(), double(x.numel())); // straight-through: summed gradient
    }

    void masksFollowSpatialOperations()
    {
        // A mask drawn from the image's own content must still match it after each op.
        const torch::Tensor image = torch::zeros({1, 3, 16, 16}, torch::kDouble);
        image.slice(2, 3, 9).slice(3, 5, 12).fill_(1.0);
        const torch::Tensor mask = image.select(1, 0).unsqueeze(1) * 3; // class 3 where the square is
        for (auto kind : {OperationKind::HorizontalFlip, OperationKind::VerticalFlip, OperationKind::Rotate,
                          OperationKind::ShiftX, OperationKind::ShiftY, OperationKind::Scale}) {
            const OperationSpec s = spec(kind);
            const torch::Tensor m = kind == OperationKind::Rotate ? magnitudeFor(s, 90.0)
                                    : kind == OperationKind::Scale ? magnitudeFor(s, 2.0)
                                                                   : magnitudeFor(s, 0.25);
            const torch::Tensor movedImage = applyOperation(s, image, m);
            const torch::Tensor movedMask = applyOperationToMasks(s, mask, m);
            const auto ids = std::get<0>(at::_unique(movedMask));
            QVERIFY2(ids.numel() <= 2, operationInfo(kind).name); // no blended class ids
            const torch::Tensor imageSays = movedImage.select(1, 0).unsqueeze(1) > 0.5;
            const torch::Tensor maskSays = movedMask > 1.5;
            const double agreement = (imageSays == maskSays).to(torch::kDouble).mean().item<double>();
            QVERIFY2(agreement > 0.97, qPrintable(QString("%1: %2").arg(operationInfo(kind).name).arg(agreement)));
        }
        // Pixel operations leave masks alone.
        const OperationSpec b = spec(OperationKind::RandomBrightness);
        QVERIFY(near(applyOperationToMasks(b, mask, torch::tensor(0.9)), mask));
    }

    void gradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("magnitude");
        QTest::newRow("ShiftRGB") << int(OperationKind::ShiftRGB) << 0.45;
        QTest::newRow("RandomBrightness") << int(OperationKind::RandomBrightness) << 0.45;
        QTest::newRow("RandomContrast") << int(OperationKind::RandomContrast) << 0.12;
        QTest::newRow("Rotate") << int(OperationKind::Rotate) << 0.55;
        QTest::newRow("ShiftX") << int(OperationKind::ShiftX) << 0.53;
        QTest::newRow("ShiftY") << int(OperationKind::ShiftY) << 0.47;
        QTest::newRow("ShiftX (left)") << int(OperationKind::ShiftX) << 0.31;
        QTest::newRow("Scale") << int(OperationKind::Scale) << 0.137; // no sample on a pixel centre (a kink)
        QTest::newRow("Scale (zoom out)") << int(OperationKind::Scale) << 0.083;
    }

    void gradientsMatchFiniteDifferences()
    {
        QFETCH(int, kind);
        QFETCH(double, magnitude);
        const OperationSpec s = spec(static_cast<OperationKind>(kind));
        const torch::Tensor x = torch::rand({2, 3, 9, 7}, torch::kDouble) * 0.6 + 0.2;
        const torch::Tensor weights = torch::rand_like(x);
        auto objective = [&](double m) {
            return (applyOperation(s, x, torch::tensor(m, torch::kDouble)) * weights).sum().item<double>();
        };
        const torch::Tensor m = torch::tensor(magnitude, torch::kDouble).requires_grad_(true);
        (applyOperation(s, x, m) * weights).sum().backward();
        const double analytic = m.grad().item<double>();
        const double h = 1e-6;
        QVERIFY2(std::abs(analytic) > 1e-6, "gradient does not reach the magnitude");
        if (s.kind == OperationKind::ShiftX || s.kind == OperationKind::ShiftY) {
            // Shifts move whole pixels (Albumentations 2.x cannot move fractions): the
            // forward is flat between pixels and the gradient passes straight through
            // (wholePixelsIsStraightThrough).
            QCOMPARE(objective(magnitude + h), objective(magnitude));
            QVERIFY(std::isfinite(analytic));
            return;
        }
        const double numeric = (objective(magnitude + h) - objective(magnitude - h)) / (2 * h);
        QVERIFY2(std::abs(analytic - numeric) <= 1e-4 * std::max(1.0, std::abs(numeric)),
                 qPrintable(QString("analytic %1 numeric %2").arg(analytic).arg(numeric)));
    }

    void wholePixelsIsStraightThrough()
    {
        const torch::Tensor x = torch::tensor({-2.6, -0.4, 0.49, 3.5001}, torch::kDouble).requires_grad_(true);
        const torch::Tensor y = wholePixels(x);
        const double expected[] = {-3.0, 0.0, 0.0, 4.0};
        for (int i = 0; i < 4; ++i)
            QCOMPARE(y[i].item<double>(), expected[i]);
        (y * torch::arange(1, 5, torch::kDouble)).sum().backward();
        QVERIFY(torch::equal(x.grad(), torch::arange(1, 5, torch::kDouble)));
    }

    void shiftsMoveWholePixels()
    {
        // ShiftX by 0.3 of 10 px is 3 px exactly; by 0.27 (2.7 px) too: the image moves
        // right by 3 columns (reflected at the border), a pure copy of pixels.
        torch::Tensor image = torch::arange(60, torch::kFloat).view({1, 1, 6, 10}) / 60;
        const OperationSpec shift = spec(OperationKind::ShiftX);
        for (double v : {0.3, 0.27}) {
            const torch::Tensor out = applyOperation(shift, image, torch::tensor((v - shift.low) / (shift.high - shift.low)));
            QVERIFY2(torch::allclose(out.slice(3, 3, 10), image.slice(3, 0, 7), 0, 1e-5), qPrintable(QString::number(v)));
        }
    }

    void relaxedBernoulliIsDifferentiableInProbability()
    {
        const torch::Tensor p = torch::tensor(0.3, torch::kDouble).requires_grad_(true);
        const torch::Tensor mask = relaxedBernoulli(p, 0.5, 1000);
        QCOMPARE(mask.sizes(), (c10::IntArrayRef{1000, 1, 1, 1}));
        QVERIFY(mask.min().item<double>() >= 0.0 && mask.max().item<double>() <= 1.0);
        mask.mean().backward();
        QVERIFY(p.grad().item<double>() > 0); // raising p raises the mask
        // At a low temperature it is nearly Bernoulli(p).
        const torch::Tensor sharp = relaxedBernoulli(torch::tensor(0.3, torch::kDouble), 0.05, 20000);
        QVERIFY(std::abs((sharp > 0.5).to(torch::kDouble).mean().item<double>() - 0.3) < 0.02);
    }
};

QTEST_GUILESS_MAIN(TestOperations)
#include "test_operations.moc"
