// Average Parameter Change and the Albumentations 1.x export, on hand-made policies
// (test_policy_export_v2 covers the 2.x file).

#include "config/SearchConfig.h"
#include "policy/AlbumentationsExport.h"
#include "policy/PolicySnapshot.h"

#include <QtTest>

using namespace augstudio;
using nlohmann::json;

namespace {

OperationSpec specOf(const std::string &name)
{
    return resolveOperation({name, name == "ShiftRGB" ? std::map<std::string, double>{{"shift_g", 1}}
                                                      : std::map<std::string, double>{},
                             std::nullopt, 0});
}

// One sub-policy, one stage over the given operations with the given states.
PolicySnapshot snapshotOf(const std::vector<std::string> &names, const std::vector<OperationState> &states,
                          int subPolicies = 1, int stages = 1)
{
    PolicySnapshot s;
    s.numSubPolicies = subPolicies;
    s.numStages = stages;
    for (const auto &name : names)
        s.operations.push_back(specOf(name));
    s.states = states;
    s.imageHeight = 32;
    s.imageWidth = 48;
    return s;
}

std::string shortName(const json &transform)
{
    const std::string name = transform["__class_fullname__"].get<std::string>();
    return name.substr(name.rfind('.') + 1);
}

// A config whose policies are written for Albumentations 1.x.
SearchConfig v1Config()
{
    SearchConfig config;
    config.exportSettings.albumentations = AlbumentationsTarget::V1;
    return config;
}

const json &firstStageChoices(const json &document, int preprocessingCount = 0)
{
    return document["transform"]["transforms"][preprocessingCount]["transforms"][0]["transforms"][0]["transforms"];
}

} // namespace

class TestPolicyExport : public QObject
{
    Q_OBJECT

private slots:
    void apcOnHandComputedCase()
    {
        // c = w·p·m for ops with magnitude, w·p for flips.
        const auto start = snapshotOf({"Rotate", "HorizontalFlip"}, {{0.5, 0.4, 0.5}, {0.5, 0.2, 0.9}});
        const auto end = snapshotOf({"Rotate", "HorizontalFlip"}, {{0.25, 0.8, 1.0}, {0.75, 0.2, 0.1}});
        // Rotate: 0.1 → 0.2 (0.1); flip: 0.1 → 0.15 (0.05, magnitude ignored). Mean 0.075.
        QCOMPARE(averageParameterChange(start, end), 0.075);
        QCOMPARE(averageParameterChange(start, start), 0.0);
    }

    void structureHasSubPoliciesStagesAndNoOpFiller()
    {
        const SearchConfig config = v1Config();
        const int subPolicies = 3, stages = 2;
        std::vector<OperationState> states;
        for (int i = 0; i < subPolicies * stages; ++i) {
            states.push_back({0.6, 0.5, 0.5}); // Rotate: p = 0.3
            states.push_back({0.4, 0.25, 0.0}); // VerticalFlip: p = 0.1
        }
        const json doc = exportPolicy(snapshotOf({"Rotate", "VerticalFlip"}, states, subPolicies, stages), config);
        QCOMPARE(doc["__version__"].get<std::string>(), std::string("1.3.1"));
        const json &compose = doc["transform"];
        QCOMPARE(compose["__class_fullname__"].get<std::string>(), std::string("albumentations.core.composition.Compose"));
        QVERIFY(compose["bbox_params"].is_null());
        QVERIFY(compose["additional_targets"].is_object());
        const json &transforms = compose["transforms"];
        QCOMPARE(transforms.size(), size_t(3)); // OneOf, Normalize, ToTensorV2
        const json &oneOf = transforms[0];
        QCOMPARE(oneOf["__class_fullname__"].get<std::string>(), std::string("albumentations.core.composition.OneOf"));
        QCOMPARE(oneOf["transforms"].size(), size_t(subPolicies));
        for (const auto &sequential : oneOf["transforms"]) {
            QCOMPARE(sequential["__class_fullname__"].get<std::string>(),
                     std::string("albumentations.core.composition.Sequential"));
            QCOMPARE(sequential["p"].get<double>(), 1.0 / subPolicies);
            QCOMPARE(sequential["transforms"].size(), size_t(stages));
            for (const auto &stage : sequential["transforms"]) {
                double sum = 0;
                for (const auto &choice : stage["transforms"])
                    sum += choice["p"].get<double>();
                QVERIFY(std::abs(sum - 1.0) < 1e-12);
                const json &filler = stage["transforms"].back();
                QCOMPARE(filler["__class_fullname__"].get<std::string>(),
                         std::string("albumentations.core.transforms_interface.NoOp"));
                QVERIFY(std::abs(filler["p"].get<double>() - 0.6) < 1e-12);
                QCOMPARE(stage["transforms"][0]["always_apply"].get<bool>(), false);
            }
        }
        const json &normalize = transforms[1];
        QCOMPARE(normalize["__class_fullname__"].get<std::string>(),
                 std::string("albumentations.augmentations.transforms.Normalize"));
        QCOMPARE(normalize["max_pixel_value"].get<double>(), 255.0);
        QCOMPARE(normalize["mean"].get<std::vector<double>>(), config.data.mean);
        QCOMPARE(transforms[2]["__class_fullname__"].get<std::string>(),
                 std::string("albumentations.pytorch.transforms.ToTensorV2"));
        QCOMPARE(transforms[2]["transpose_mask"].get<bool>(), true);
    }

    void noFillerWhenProbabilitiesReachOne()
    {
        const json doc = exportPolicy(snapshotOf({"HorizontalFlip", "VerticalFlip"}, {{0.5, 1.0, 0}, {0.5, 1.0, 0}}),
                                      SearchConfig{});
        QCOMPARE(firstStageChoices(doc).size(), size_t(2));
    }

    void contrastAndScaleAreExportedFaithfully()
    {
        // magnitude 0.2 on [0,10] = ×2 contrast; Albumentations multiplies by 1 + limit.
        const OperationSpec contrast = specOf("RandomContrast");
        const json c = exportOperation(contrast, 0.2, 1.0, InputDtype::UInt8, 32, 32);
        QCOMPARE(c["contrast_limit"][0].get<double>(), 1.0);
        QCOMPARE(c["brightness_limit"][1].get<double>(), 0.0);
        // magnitude 0.05 on (0,10] ≈ ×0.5 scale: limit −0.5.
        const OperationSpec scale = specOf("Scale");
        const json s = exportOperation(scale, 0.05, 1.0, InputDtype::UInt8, 32, 32);
        QVERIFY(std::abs(s["scale_limit"][0].get<double>() - (scale.valueAt(0.05) - 1.0)) < 1e-12);
        QCOMPARE(s["border_mode"].get<int>(), 4);
        QCOMPARE(s["interpolation"].get<int>(), 1);
        // Numbers, not null: Albumentations 1.4.4 to 1.4.21 refuse a null value (ColorType).
        QCOMPARE(s["value"], json(0));
        QCOMPARE(s["mask_value"], json(0));
    }

    void pixelValuesScaleWithInputDtype()
    {
        const OperationSpec shift = specOf("ShiftRGB"); // green channel
        const json u8 = exportOperation(shift, 0.75, 1.0, InputDtype::UInt8, 32, 32);
        QCOMPARE(u8["g_shift_limit"][0].get<double>(), 128.0); // 127.5 levels: the nearest whole one
        QCOMPARE(u8["r_shift_limit"][0].get<double>(), 0.0);
        const json f32 = exportOperation(shift, 0.75, 1.0, InputDtype::Float32, 32, 32);
        QCOMPARE(f32["g_shift_limit"][1].get<double>(), 0.5);
        const json solarize = exportOperation(specOf("Solarize"), 0.5, 1.0, InputDtype::UInt8, 32, 32);
        QCOMPARE(solarize["threshold"][0].get<double>(), 127.5);
    }

    // What 1.x releases move for a shift of `fraction` of `side`: up to 1.4.21 they warp by
    // fraction·side on OpenCV's 1/32-pixel grid, from 1.4.22 by int(fraction·side) pixels.
    static void checkEvery1xMoves(double fraction, int side, int pixels)
    {
        QVERIFY2(std::abs(fraction * side - pixels) < 1.0 / 64, qPrintable(QString::number(fraction * side, 'g', 17)));
        QCOMPARE(static_cast<int>(std::trunc(fraction * side)), pixels);
    }

    void shiftsAreWholePixels()
    {
        // The search moves round(v·side) pixels: 0.3 of 48 px is 14.4, so 14 px.
        const json x = exportOperation(specOf("ShiftX"), 0.65, 1.0, InputDtype::UInt8, 32, 48);
        checkEvery1xMoves(x["shift_limit_x"][0].get<double>(), 48, 14);
        const json y = exportOperation(specOf("ShiftY"), 0.65, 1.0, InputDtype::UInt8, 32, 48);
        checkEvery1xMoves(y["shift_limit_y"][1].get<double>(), 32, 10);
        // 29 of 100 px: 0.29 · 100 is 28.999999999999996, which 1.4.22 to 1.4.24 truncate to 28.
        // ShiftX runs over [-1, 1]: the magnitude of a shift v is (v + 1) / 2.
        const json edge = exportOperation(specOf("ShiftX"), (0.29 + 1.0) / 2.0, 1.0, InputDtype::UInt8, 100, 100);
        checkEvery1xMoves(edge["shift_limit_x"][0].get<double>(), 100, 29);
        const json left = exportOperation(specOf("ShiftX"), (1.0 - 0.29) / 2.0, 1.0, InputDtype::UInt8, 100, 100);
        checkEvery1xMoves(left["shift_limit_x"][0].get<double>(), 100, -29);
        // Half a pixel rounds to even, as torch's round in the search: 0.5 of 33 px is 16.5, so
        // 16 px (it was exported as 17); 0.25 of 34 px is 8.5, so 8.
        const json half = exportOperation(specOf("ShiftX"), 0.75, 1.0, InputDtype::UInt8, 32, 33);
        checkEvery1xMoves(half["shift_limit_x"][0].get<double>(), 33, 16);
        const json quarter = exportOperation(specOf("ShiftX"), 0.625, 1.0, InputDtype::UInt8, 32, 34);
        checkEvery1xMoves(quarter["shift_limit_x"][0].get<double>(), 34, 8);
    }

    void solarizeThresholdsMeanTheSameInEvery1xRelease()
    {
        // A threshold at or below 1 grey level: 1.4.4 to 1.4.18 refuse it, 1.4.22 to 1.4.24
        // read it as a fraction of 255. Inverting every pixel is InvertImg in every release.
        for (const double magnitude : {0.0, 0.002, 1.0 / 255.0}) {
            const json low = exportOperation(specOf("Solarize"), magnitude, 0.25, InputDtype::UInt8, 32, 32);
            QCOMPARE(shortName(low), std::string("InvertImg"));
            QCOMPARE(low["p"].get<double>(), 0.25);
            QVERIFY(!low.contains("threshold"));
        }
        const json above = exportOperation(specOf("Solarize"), 0.01, 1.0, InputDtype::UInt8, 32, 32);
        QCOMPARE(shortName(above), std::string("Solarize"));
        QCOMPARE(above["threshold"][0].get<double>(), 2.55);
        // float32: only a threshold of 0 is InvertImg; a fraction is read as such from 1.4.19.
        QCOMPARE(shortName(exportOperation(specOf("Solarize"), 0.0, 1.0, InputDtype::Float32, 32, 32)),
                 std::string("InvertImg"));
        QCOMPARE(exportOperation(specOf("Solarize"), 0.002, 1.0, InputDtype::Float32, 32, 32)["threshold"][0].get<double>(),
                 0.002);
        // 2.x has a threshold_range of fractions: InvertImg stays InvertImg there.
        const json v2 = exportSingleOperation(specOf("Solarize"), 0.0, InputDtype::UInt8, 32, 32, AlbumentationsTarget::V2);
        QCOMPARE(shortName(v2["transform"]["transforms"][0]), std::string("InvertImg"));
    }

    void rgbShiftsAreWholeGreyLevels()
    {
        // 1.x shifts uint8 pixels by whole levels (up to 1.4.8 trunc(x + s), from 1.4.9
        // x + trunc(s)): the nearest whole level is written, which they all apply alike.
        // One level is 1.000001, since 1.4.22 to 1.4.24 read a limit within ±1 as a fraction
        // of 255 (0.51 shifted by 130 levels).
        const auto levels = [](double shift) {
            const double magnitude = (shift / 255.0 + 1.0) / 2.0; // ShiftRGB runs over [-1, 1]
            return exportOperation(specOf("ShiftRGB"), magnitude, 1.0, InputDtype::UInt8, 32, 32)["g_shift_limit"];
        };
        QCOMPARE(levels(0.3), json::array({0.0, 0.0}));
        QCOMPARE(levels(0.51), json::array({1.000001, 1.000001}));
        QCOMPARE(levels(-0.51), json::array({-1.000001, -1.000001}));
        QCOMPARE(levels(2.6), json::array({3.0, 3.0}));
        // float32 limits are fractions of 1 in every release.
        const double magnitude = (0.002 + 1.0) / 2.0;
        const json f32 = exportOperation(specOf("ShiftRGB"), magnitude, 1.0, InputDtype::Float32, 32, 32);
        QVERIFY(std::abs(f32["g_shift_limit"][0].get<double>() - 0.002) < 1e-12);
    }

    void aShiftOfTheWholeSideIsExactlyOne()
    {
        // Nudged past 1, it was refused by 1.4.4 to 1.4.24 (shift limits within [-1, 1]).
        const json right = exportOperation(specOf("ShiftX"), 1.0, 1.0, InputDtype::UInt8, 100, 100);
        QCOMPARE(right["shift_limit_x"], json::array({1.0, 1.0}));
        const json up = exportOperation(specOf("ShiftY"), 0.0, 1.0, InputDtype::UInt8, 32, 32);
        QCOMPARE(up["shift_limit_y"], json::array({-1.0, -1.0}));
    }

    void grayscaleNormalizeHasOneValue()
    {
        SearchConfig config = v1Config();
        config.data.mean = {0.286, 0.286, 0.286};
        config.data.std = {0.353};
        PolicySnapshot grey = snapshotOf({"HorizontalFlip"}, {{1.0, 0.5, 0}});
        grey.channels = 1;
        const json normalize = exportPolicy(grey, config)["transform"]["transforms"][1];
        QCOMPARE(normalize["mean"].get<std::vector<double>>(), std::vector<double>{0.286});
        QCOMPARE(normalize["std"].get<std::vector<double>>(), std::vector<double>{0.353});
        // Colour keeps one value per channel.
        const json colour = exportPolicy(snapshotOf({"HorizontalFlip"}, {{1.0, 0.5, 0}}), config)["transform"]["transforms"][1];
        QCOMPARE(colour["std"].size(), size_t(3));
    }

    void cutoutsBecomeCoarseDropout()
    {
        // 32×48 image: min side 32. Fixed number of holes: 16 holes of 0.25·32 = 8 px.
        const json holes = exportOperation(specOf("CutoutFixedNumberOfHoles"), 0.25, 0.5, InputDtype::UInt8, 32, 48);
        QCOMPARE(holes["__class_fullname__"].get<std::string>(),
                 std::string("albumentations.augmentations.transforms.CoarseDropout"));
        QCOMPARE(holes["max_holes"].get<int>(), 16);
        QCOMPARE(holes["max_height"].get<int>(), 8);
        QCOMPARE(holes["min_width"].get<int>(), 8);
        QVERIFY(holes["mask_fill_value"].is_null());
        // Fixed size: 32/16 = 2 px holes, magnitude 0.5 on [0,16] = 8 holes.
        const json sized = exportOperation(specOf("CutoutFixedSize"), 0.5, 0.5, InputDtype::UInt8, 32, 48);
        QCOMPARE(sized["max_holes"].get<int>(), 8);
        QCOMPARE(sized["max_height"].get<int>(), 2);
        // Below one hole the search cuts nothing: exported as NoOp, not as one hole.
        const json none = exportOperation(specOf("CutoutFixedSize"), 0.03, 0.5, InputDtype::UInt8, 32, 48);
        QCOMPARE(none["__class_fullname__"].get<std::string>(),
                 std::string("albumentations.core.transforms_interface.NoOp"));
    }

    void preprocessingComesFirst()
    {
        SearchConfig config = v1Config();
        config.data.inputDtype = InputDtype::Float32;
        config.data.preprocessing.push_back({"Resize", {{"height", 64}, {"width", 48}}, {}, 3});
        config.data.preprocessing.push_back({"PadIfNeeded", {{"min_height", 80}, {"min_width", 80}, {"border_mode", 0}},
                                             {0, 0, 0}, 4});
        const json doc = exportPolicy(snapshotOf({"HorizontalFlip"}, {{1.0, 0.5, 0}}), config);
        const json &transforms = doc["transform"]["transforms"];
        QCOMPARE(transforms.size(), size_t(5));
        QCOMPARE(transforms[0]["__class_fullname__"].get<std::string>(),
                 std::string("albumentations.augmentations.transforms.Resize"));
        QCOMPARE(transforms[0]["height"].get<int>(), 64);
        QCOMPARE(transforms[1]["value"].size(), size_t(3));
        QCOMPARE(transforms[3]["max_pixel_value"].get<double>(), 1.0);
    }

    void aConstantPadSaysItsFill()
    {
        // 1.4.7 to 1.4.21 refuse border_mode 0 without a value; the search filled with 0.
        SearchConfig config = v1Config();
        config.data.preprocessing.push_back(
            {"PadIfNeeded", {{"min_height", 40}, {"min_width", 40}, {"border_mode", 0}}, {}, 3});
        const json doc = exportPolicy(snapshotOf({"HorizontalFlip"}, {{1.0, 0.5, 0}}), config);
        QCOMPARE(doc["transform"]["transforms"][0]["value"], json(0));
    }

    void roundTripThroughText()
    {
        const json doc = exportPolicy(snapshotOf({"Rotate", "Solarize"}, {{0.3, 0.9, 0.1}, {0.7, 0.4, 0.8}}), v1Config());
        const json back = json::parse(doc.dump(2));
        QCOMPARE(back, doc);
        const json &choices = firstStageChoices(back);
        QVERIFY(std::abs(choices[0]["p"].get<double>() - 0.27) < 1e-12);
        QCOMPARE(choices[0]["rotate_limit"][0].get<double>(), -180.0 + 0.1 * 360.0);
    }

    void singleOperationDocument()
    {
        const json doc = exportSingleOperation(specOf("VerticalFlip"), 0, InputDtype::UInt8, 32, 32, AlbumentationsTarget::V1);
        QCOMPARE(doc["transform"]["transforms"].size(), size_t(1));
        QCOMPARE(doc["transform"]["transforms"][0]["p"].get<double>(), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestPolicyExport)
#include "test_policy_export.moc"
