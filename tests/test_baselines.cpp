// Baselines: every baseline file loads in the replay in both Albumentations formats and
// applies to colour and grey images, uint8 and float32; TrivialAugment is one OneOf with
// equal p, RandAugment two stages at the fixed magnitude.

#include "evaluate/Baselines.h"
#include "policy/AlbumentationsFormat.h"
#include "replay/ReplayPolicy.h"

#include <QtTest>

#include <set>
#include <tuple>

#include <cmath>

using namespace augstudio;
using nlohmann::json;

namespace {

std::string shortName(const json &t)
{
    const std::string name = t["__class_fullname__"].get<std::string>();
    return name.substr(name.rfind('.') + 1);
}

const json &topTransforms(const json &document)
{
    return document["transform"]["transforms"];
}

} // namespace

class TestBaselines : public QObject
{
    Q_OBJECT

private slots:
    void everyBaselineReplaysInBothFormats()
    {
        for (const std::string &name : baselineNames()) {
            for (const InputDtype dtype : {InputDtype::UInt8, InputDtype::Float32}) {
                for (const AlbumentationsTarget target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
                    const json document = baselinePolicy(name, dtype, 32, 48, target);
                    QCOMPARE(albumentationsTargetOf(document), target);
                    const ReplayPolicy policy = ReplayPolicy::fromJson(document, name);
                    const int type = dtype == InputDtype::UInt8 ? CV_8U : CV_32F;
                    const double max = dtype == InputDtype::UInt8 ? 255.0 : 1.0;
                    for (const int channels : {1, 3}) {
                        cv::Mat image(32, 48, CV_MAKETYPE(type, channels));
                        cv::randu(image, 0.0, max);
                        const cv::Mat mask(32, 48, CV_8UC1, cv::Scalar(1));
                        std::mt19937_64 rng(7);
                        for (int i = 0; i < 20; ++i) {
                            const ReplayResult result = policy.apply(image, mask, rng, ReplayOptions{false, true});
                            QCOMPARE(result.image.size(), image.size());
                            QCOMPARE(result.image.type(), image.type());
                            QCOMPARE(result.mask.size(), mask.size());
                        }
                    }
                }
            }
        }
    }

    void noneIsEmpty()
    {
        const json document = baselinePolicy("none", InputDtype::UInt8, 32, 32, AlbumentationsTarget::V1);
        QVERIFY(topTransforms(document).empty());
        QCOMPARE(ReplayPolicy::fromJson(document).transformCount(), 0);
    }

    void trivialAugmentIsOneOfWithEqualShares()
    {
        const json document = baselinePolicy("trivial-augment", InputDtype::UInt8, 64, 64, AlbumentationsTarget::V1);
        QCOMPARE(topTransforms(document).size(), size_t(1));
        const json &oneOf = topTransforms(document)[0];
        QCOMPARE(shortName(oneOf), std::string("OneOf"));
        const json &ops = oneOf["transforms"];
        QCOMPARE(ops.size(), size_t(7));
        for (const json &op : ops)
            QCOMPARE(op["p"].get<double>(), 1.0 / 7.0);
        QCOMPARE(shortName(ops[0]), std::string("NoOp"));
        QCOMPARE(ops[1]["rotate_limit"], json::array({-135.0, 135.0}));
        QCOMPARE(ops[2]["shift_limit_x"], json::array({-0.5, 0.5})); // 32 px of 64
        QCOMPARE(ops[4]["brightness_limit"], json::array({-0.99, 0.99}));
        QCOMPARE(ops[5]["contrast_limit"], json::array({-0.99, 0.99}));
        // From 1, not 0: 1.4.4 to 1.4.18 refuse a uint8 threshold below 1 (and a draw below 1
        // solarizes as 1 does, but for black).
        QCOMPARE(ops[6]["threshold"], json::array({1.0, 255.0}));
        // 32 px on a 16 px image is the whole side, not more.
        const json small = baselinePolicy("trivial-augment", InputDtype::Float32, 16, 16, AlbumentationsTarget::V1);
        QCOMPARE(topTransforms(small)[0]["transforms"][3]["shift_limit_y"], json::array({-1.0, 1.0}));
        QCOMPARE(topTransforms(small)[0]["transforms"][6]["threshold"], json::array({0.0, 1.0}));
    }

    void randAugmentHasTwoStagesAtMagnitudeNine()
    {
        const json document = baselinePolicy("rand-augment", InputDtype::UInt8, 64, 64, AlbumentationsTarget::V1);
        QCOMPARE(topTransforms(document).size(), size_t(2));
        for (const json &stage : topTransforms(document)) {
            QCOMPARE(shortName(stage), std::string("OneOf"));
            double sum = 0.0;
            int rotations = 0;
            for (const json &op : stage["transforms"]) {
                sum += op["p"].get<double>();
                if (shortName(op) == "ShiftScaleRotate" && op["rotate_limit"][0].get<double>() != 0.0) {
                    ++rotations;
                    QCOMPARE(std::abs(op["rotate_limit"][0].get<double>()), 9.0); // 30° · 9/30
                    QCOMPARE(op["p"].get<double>(), 1.0 / 14.0);
                }
                if (shortName(op) == "Solarize")
                    QCOMPARE(op["threshold"][0].get<double>(), 255.0 * 0.7);
            }
            QCOMPARE(rotations, 2); // +9° and −9°
            QVERIFY(std::abs(sum - 1.0) < 1e-12);
        }
        // Shifts of whole pixels, as torchvision's int(): 150/331 · 9/30 of 64 px is 8.7, so 8
        // across and, on a 64 × 40 image, 5 down.
        const json wide = baselinePolicy("rand-augment", InputDtype::UInt8, 40, 64, AlbumentationsTarget::V1);
        std::set<double> across, down;
        for (const json &op : topTransforms(wide)[0]["transforms"])
            if (shortName(op) == "ShiftScaleRotate") {
                for (const auto &[set, key] : {std::make_pair(&across, "shift_limit_x"), std::make_pair(&down, "shift_limit_y")})
                    if (const double shift = std::abs(op[key][0].get<double>()); shift != 0.0)
                        set->insert(shift);
            }
        // In every 1.x release: warped by fraction·side up to 1.4.21, int(fraction·side) pixels from 1.4.22.
        QCOMPARE(across.size(), size_t(1));
        QCOMPARE(down.size(), size_t(1));
        for (const auto &[fractions, side, pixels] : {std::make_tuple(across, 64, 8), std::make_tuple(down, 40, 5)}) {
            const double shift = *fractions.begin() * side;
            QVERIFY2(std::abs(shift - pixels) < 1.0 / 64, qPrintable(QString::number(shift, 'g', 17)));
            QCOMPARE(static_cast<int>(std::trunc(shift)), pixels);
        }
    }

    void unknownNameListsTheKnownOnes()
    {
        try {
            baselinePolicy("auto-augment", InputDtype::UInt8, 32, 32, AlbumentationsTarget::V2);
            QFAIL("no exception");
        } catch (const std::invalid_argument &error) {
            const std::string message = error.what();
            QVERIFY(message.find("auto-augment") != std::string::npos);
            QVERIFY(message.find("trivial-augment") != std::string::npos);
            QVERIFY(message.find("rand-augment") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestBaselines)
#include "test_baselines.moc"
