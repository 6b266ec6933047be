// Fidelity: every default operation, at several magnitudes, as the search applies it
// (renderOperation, the differentiable forward) and as training applies it (the replay of
// exportSingleOperation's Albumentations transform, in the 1.x file with 1.3's semantics
// and in the 2.x file with 2.0.8's), on real images. Prints the mean absolute pixel
// difference per operation and magnitude as a table for each.

#include "data/Dataset.h"
#include "ops/OperationCatalog.h"
#include "ops/OperationGallery.h"
#include "policy/AlbumentationsExport.h"
#include "replay/ReplayPolicy.h"
#include "testsupport/TestSupport.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>
#include <cstdio>

using namespace augstudio;

Q_DECLARE_METATYPE(augstudio::AlbumentationsTarget)

namespace {

constexpr int kSize = 64;

// Bound on the mean absolute difference, in levels of 255, for every non-cutout operation
// and both input types. What is left between the two sides is rounding:
// - uint8 pixel operations: Albumentations builds float32 look-up tables and truncates
//   (112.7 → 112) where the search output is rounded, so a changed pixel differs by at
//   most 1 level;
// - geometric operations: cv::warpAffine quantises sample positions to 1/32 pixel and
//   its bilinear weights to 15 bits, where grid_sample is exact, which moves a pixel by
//   at most |local gradient| / 64 levels, a fraction of a level on average;
// - float32: the replay is exact; the search output is rounded to 8 bits (≤ 0.5).
// A wrong direction, sign or "1 + limit" costs tens of levels on these images, a shift off
// by one pixel about 6 (boundCatchesKnownMistakes checks that each exceeds twice the bound).
constexpr double kMeanBound = 1.0;

// Cutouts draw hole positions at random on both sides, so pixels cannot match: the
// covered fraction of a white image, averaged over many draws, is compared instead.
constexpr int kCutoutDraws = 40;

cv::Mat colourImage()
{
    cv::Mat image(kSize, kSize, CV_8UC3);
    for (int y = 0; y < kSize; ++y)
        for (int x = 0; x < kSize; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x * 4), static_cast<uchar>(y * 4),
                                                  static_cast<uchar>(255 - (x + y) * 2));
    cv::circle(image, {20, 24}, 10, cv::Scalar(250, 240, 30), cv::FILLED, cv::LINE_AA);
    cv::rectangle(image, {36, 8}, {56, 30}, cv::Scalar(20, 30, 200), cv::FILLED);
    cv::line(image, {4, 60}, {60, 40}, cv::Scalar(255, 255, 255), 2, cv::LINE_AA);
    return image;
}

std::vector<cv::Mat> fidelityImages()
{
    std::vector<cv::Mat> images;
    const std::string root = testsupport::fashionMnistDir();
    if (!root.empty()) {
        DataConfig config;
        config.dataset.root = root;
        config.dataset.layout = "idx";
        std::vector<DatasetProblem> problems;
        const auto dataset = openDataset(config, Task::Classification, 0, problems);
        for (size_t i : {0, 1, 2, 3}) {
            cv::Mat resized;
            cv::resize(dataset->load(i).image, resized, cv::Size(kSize, kSize), 0, 0, cv::INTER_LINEAR);
            images.push_back(resized); // grey replicated to RGB by the loader
        }
    } else {
        qWarning("Fashion-MNIST is not installed (dataset-fashion-mnist): only the generated image is compared");
    }
    images.push_back(colourImage());
    return images;
}

double meanAbsDifference(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat a64, b64;
    a.convertTo(a64, CV_64F);
    b.convertTo(b64, CV_64F);
    return cv::norm(a64, b64, cv::NORM_L1) / static_cast<double>(a.total() * a.channels());
}

cv::Mat replayed(const OperationSpec &spec, double magnitude, const cv::Mat &image, InputDtype dtype,
                 std::uint64_t seed, AlbumentationsTarget target = AlbumentationsTarget::V1)
{
    const ReplayPolicy policy = ReplayPolicy::fromJson(
        exportSingleOperation(spec, magnitude, dtype, kSize, kSize, target), spec.displayName());
    if (policy.target() != target)
        qFatal("the exported file does not read as the target's format");
    std::mt19937_64 rng(seed);
    if (dtype == InputDtype::UInt8)
        return policy.apply(image, cv::Mat(), rng).image;
    cv::Mat asFloat;
    image.convertTo(asFloat, CV_32FC3, 1.0 / 255.0);
    cv::Mat result = policy.apply(asFloat, cv::Mat(), rng).image;
    result.convertTo(result, CV_64FC3, 255.0);
    return result;
}

bool isCutout(const OperationSpec &spec)
{
    return spec.kind == OperationKind::CutoutFixedNumberOfHoles || spec.kind == OperationKind::CutoutFixedSize;
}

// Fraction of the pixels of a white image that a cutout turned black.
double coveredFraction(const cv::Mat &output)
{
    cv::Mat grey;
    cv::cvtColor(output, grey, cv::COLOR_RGB2GRAY);
    return 1.0 - cv::countNonZero(grey) / static_cast<double>(grey.total());
}

const char *targetName(AlbumentationsTarget target)
{
    return target == AlbumentationsTarget::V1 ? "Albumentations 1.x file" : "Albumentations 2.x file";
}

} // namespace

class TestReplayFidelity : public QObject
{
    Q_OBJECT

private slots:
    void searchAndTrainingAgree_data()
    {
        QTest::addColumn<AlbumentationsTarget>("target");
        QTest::newRow("1.x") << AlbumentationsTarget::V1;
        QTest::newRow("2.x") << AlbumentationsTarget::V2;
    }

    void searchAndTrainingAgree()
    {
        QFETCH(AlbumentationsTarget, target);
        const std::vector<cv::Mat> images = fidelityImages();
        const std::vector<OperationSpec> specs = resolveOperations({});
        QCOMPARE(specs.size(), size_t(14));
        const double magnitudes[] = {0.05, 0.25, 0.5, 0.75, 1.0};
        qInfo("%s: %zu images of %dx%d; mean |search - replay| in levels of 255 (bound %.2f); "
              "change = mean |search - input|",
              targetName(target), images.size(), kSize, kSize, kMeanBound);
        qInfo("%-26s %9s %10s %12s %12s %10s", "operation", "magnitude", "value", "uint8", "float32", "change");
        for (const OperationSpec &spec : specs) {
            if (isCutout(spec))
                continue;
            for (double magnitude : magnitudes) {
                double uint8Diff = 0, floatDiff = 0, change = 0;
                for (size_t i = 0; i < images.size(); ++i) {
                    const cv::Mat search = renderOperation(spec, magnitude, images[i], i);
                    cv::Mat search64;
                    search.convertTo(search64, CV_64FC3);
                    uint8Diff += meanAbsDifference(search,
                                                   replayed(spec, magnitude, images[i], InputDtype::UInt8, i, target));
                    floatDiff += meanAbsDifference(
                        search64, replayed(spec, magnitude, images[i], InputDtype::Float32, i, target));
                    change += meanAbsDifference(search, images[i]);
                }
                const double n = static_cast<double>(images.size());
                uint8Diff /= n;
                floatDiff /= n;
                change /= n;
                qInfo("%-26s %9.2f %10.3f %12.3f %12.3f %10.2f", spec.displayName().c_str(), magnitude,
                      spec.valueAt(magnitude), uint8Diff, floatDiff, change);
                QVERIFY2(uint8Diff < kMeanBound && floatDiff < kMeanBound,
                         qPrintable(QString::fromStdString(spec.displayName()) + " at magnitude "
                                    + QString::number(magnitude) + ": uint8 " + QString::number(uint8Diff)
                                    + ", float32 " + QString::number(floatDiff)));
            }
        }
    }

    void boundCatchesKnownMistakes()
    {
        // The bound must fail exports that are off: AutoAlbument's contrast and scale
        // without "- 1", a rotation the wrong way, and a shift off by one pixel.
        const std::vector<cv::Mat> images = fidelityImages();
        struct Mistake
        {
            const char *name;
            const char *operation;
            double magnitude;
            const char *key;
            double wrongValue;
        };
        const Mistake mistakes[] = {
            {"contrast 1.5 exported as limit 1.5", "RandomContrast", 0.15, "contrast_limit", 1.5},
            {"scale 1.5 exported as limit 1.5", "Scale", 0.15, "scale_limit", 1.5},
            {"rotation by 30 exported as -30", "Rotate", 0.5 + 30.0 / 360.0, "rotate_limit", -30.0},
            {"shift by 0.25 off by one pixel", "ShiftX", 0.625, "shift_limit_x", 0.25 + 1.0 / kSize},
        };
        for (const Mistake &mistake : mistakes) {
            const OperationSpec spec = resolveOperation({mistake.operation, {}, std::nullopt, 0});
            nlohmann::json document = exportSingleOperation(spec, mistake.magnitude, InputDtype::UInt8, kSize, kSize,
                                                            AlbumentationsTarget::V1);
            document["transform"]["transforms"][0][mistake.key] = {mistake.wrongValue, mistake.wrongValue};
            const ReplayPolicy wrong = ReplayPolicy::fromJson(document, mistake.name);
            double difference = 0;
            for (size_t i = 0; i < images.size(); ++i) {
                std::mt19937_64 rng(i);
                difference += meanAbsDifference(renderOperation(spec, mistake.magnitude, images[i], i),
                                                wrong.apply(images[i], cv::Mat(), rng).image);
            }
            difference /= static_cast<double>(images.size());
            qInfo("%-40s mean |search - replay| = %.2f", mistake.name, difference);
            QVERIFY2(difference > 2 * kMeanBound, mistake.name);
        }
    }

    void cutoutsCoverTheSameArea_data()
    {
        searchAndTrainingAgree_data();
    }

    void cutoutsCoverTheSameArea()
    {
        QFETCH(AlbumentationsTarget, target);
        const cv::Mat white(kSize, kSize, CV_8UC3, cv::Scalar::all(255));
        qInfo("%s", targetName(target));
        qInfo("%-26s %9s %10s %14s %14s", "cutout", "magnitude", "value", "search", "replay");
        for (const OperationSpec &spec : resolveOperations({})) {
            if (!isCutout(spec))
                continue;
            for (double magnitude : {0.05, 0.1, 0.25, 0.5, 0.75, 1.0}) {
                std::vector<double> search, replay;
                for (int draw = 0; draw < kCutoutDraws; ++draw) {
                    search.push_back(coveredFraction(renderOperation(spec, magnitude, white, draw)));
                    replay.push_back(
                        coveredFraction(replayed(spec, magnitude, white, InputDtype::UInt8, draw, target)));
                }
                cv::Scalar searchMean, searchStd, replayMean, replayStd;
                cv::meanStdDev(search, searchMean, searchStd);
                cv::meanStdDev(replay, replayMean, replayStd);
                qInfo("%-26s %9.2f %10.3f %13.2f%% %13.2f%%", spec.displayName().c_str(), magnitude,
                      spec.valueAt(magnitude), 100 * searchMean[0], 100 * replayMean[0]);
                // Same hole count and size on both sides give the same distribution of the
                // covered area; the means of independent draws differ by a few standard
                // errors at most (4 here). A hole count or size off by one moves the mean by
                // many of them; when the area cannot vary (one hole, none, all covered) the
                // two must be equal.
                const double standardError = std::sqrt((searchStd[0] * searchStd[0] + replayStd[0] * replayStd[0])
                                                       / kCutoutDraws);
                QVERIFY2(std::abs(searchMean[0] - replayMean[0]) <= 4 * standardError + 1e-12,
                         qPrintable(QString::fromStdString(spec.displayName()) + " at magnitude "
                                    + QString::number(magnitude)));
            }
        }
    }

    void oneHoleIsTheSameSquare()
    {
        // CutoutFixedSize at value 1.6: one hole of min(H,W)/16 = 4 pixels a side, both sides.
        const OperationSpec spec = resolveOperation({"CutoutFixedSize", {}, std::nullopt, 0});
        const double magnitude = 0.1;
        const cv::Mat white(kSize, kSize, CV_8UC3, cv::Scalar::all(255));
        for (int draw = 0; draw < 5; ++draw) {
            for (const cv::Mat &output : {renderOperation(spec, magnitude, white, draw),
                                          replayed(spec, magnitude, white, InputDtype::UInt8, draw)}) {
                cv::Mat grey, holes;
                cv::cvtColor(output, grey, cv::COLOR_RGB2GRAY);
                cv::compare(grey, 0, holes, cv::CMP_EQ);
                QCOMPARE(cv::countNonZero(holes), 16);
                QCOMPARE(cv::boundingRect(holes).size(), cv::Size(4, 4));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestReplayFidelity)
#include "test_replay_fidelity.moc"
