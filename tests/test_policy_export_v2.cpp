// The Albumentations 2.x policy file: every transform and argument written is one that
// 2.0.8's __init__ accepts, or AlbumentationsX 2.2's name for one of them (each release
// reads the learned value), with 2.x's meaning of each limit; and the conversion between
// the 1.x and 2.x files.

#include "config/SearchConfig.h"
#include "policy/AlbumentationsExport.h"
#include "policy/AlbumentationsFormat.h"
#include "policy/AlbumentationsXNames.h"
#include "policy/PolicySnapshot.h"
#include "replay/ReplayPolicy.h"

#include <QtTest>

#include <functional>
#include <map>
#include <set>

using namespace augstudio;
using nlohmann::json;

namespace {

struct Signature
{
    const char *source; // albumentations/<file>:<line> of the __init__ at tag 2.0.8
    std::set<std::string> parameters;
};

// The __init__ parameters of Albumentations 2.0.8, transcribed from its source
// (albumentations-team/albumentations, tag 2.0.8). Classes without an __init__ of their
// own inherit BasicTransform's (core/transforms_interface.py:92, p only) or
// MaxSizeTransform's. Keys of a written file other than these (and
// "__class_fullname__") are dropped by 2.0.8 with a warning, or refused.
const std::map<std::string, Signature> &signatures()
{
    static const std::map<std::string, Signature> table = {
        {"Compose",
         {"core/composition.py:452",
          {"transforms", "bbox_params", "keypoint_params", "additional_targets", "p", "is_check_shapes", "strict",
           "mask_interpolation", "seed", "save_applied_params"}}},
        {"OneOf", {"core/composition.py:983", {"transforms", "p"}}},
        {"Sequential", {"core/composition.py:1450", {"transforms", "p"}}},
        {"NoOp", {"core/transforms_interface.py:92", {"p"}}},
        {"HorizontalFlip", {"core/transforms_interface.py:92", {"p"}}},
        {"VerticalFlip", {"core/transforms_interface.py:92", {"p"}}},
        {"RGBShift", {"augmentations/pixel/transforms.py:6071", {"r_shift_limit", "g_shift_limit", "b_shift_limit", "p"}}},
        {"RandomBrightnessContrast",
         {"augmentations/pixel/transforms.py:2403",
          {"brightness_limit", "contrast_limit", "brightness_by_max", "ensure_safe_range", "p"}}},
        {"Solarize", {"augmentations/pixel/transforms.py:1981", {"threshold_range", "p"}}},
        {"Normalize",
         {"augmentations/pixel/transforms.py:210", {"mean", "std", "max_pixel_value", "normalization", "p"}}},
        {"Affine",
         {"augmentations/geometric/transforms.py:723",
          {"scale", "translate_percent", "translate_px", "rotate", "shear", "interpolation", "mask_interpolation",
           "fit_output", "keep_ratio", "rotate_method", "balanced_scale", "border_mode", "fill", "fill_mask", "p"}}},
        {"CoarseDropout",
         {"augmentations/dropout/coarse_dropout.py:121",
          {"num_holes_range", "hole_height_range", "hole_width_range", "fill", "fill_mask", "p"}}},
        {"ToTensorV2", {"pytorch/transforms.py:43", {"transpose_mask", "p"}}},
        {"Resize",
         {"augmentations/geometric/resize.py:856",
          {"height", "width", "interpolation", "mask_interpolation", "area_for_downscale", "p"}}},
        {"LongestMaxSize",
         {"augmentations/geometric/resize.py:406",
          {"max_size", "max_size_hw", "interpolation", "mask_interpolation", "area_for_downscale", "p"}}},
        {"SmallestMaxSize",
         {"augmentations/geometric/resize.py:406",
          {"max_size", "max_size_hw", "interpolation", "mask_interpolation", "area_for_downscale", "p"}}},
        {"PadIfNeeded",
         {"augmentations/geometric/pad.py:607",
          {"min_height", "min_width", "pad_height_divisor", "pad_width_divisor", "position", "border_mode", "fill",
           "fill_mask", "p"}}},
        {"RandomCrop",
         {"augmentations/crops/transforms.py:780",
          {"height", "width", "pad_if_needed", "pad_position", "border_mode", "fill", "fill_mask", "p"}}},
        {"CenterCrop",
         {"augmentations/crops/transforms.py:974",
          {"height", "width", "pad_if_needed", "pad_position", "border_mode", "fill", "fill_mask", "p"}}},
    };
    return table;
}

// The arguments AlbumentationsX 2.2.0 renamed, as its __init__ takes them from then on
// (albumentations/augmentations/pixel/color.py; AlbumentationsXNames.h). A 2.x file gives
// each under both names: 2.0.8 drops these with a warning, as AlbumentationsX drops 2.0.8's.
const std::map<std::string, Signature> &albumentationsXSignatures()
{
    static const std::map<std::string, Signature> table = {
        {"RGBShift", {"pixel/color.py (AlbumentationsX 2.2.0)", {"r_shift_range", "g_shift_range", "b_shift_range", "p"}}},
        {"RandomBrightnessContrast",
         {"pixel/color.py (AlbumentationsX 2.2.0)",
          {"brightness_range", "contrast_range", "brightness_by_max", "ensure_safe_output", "p"}}},
    };
    return table;
}

bool takenByAlbumentationsX(const std::string &transform, const std::string &key)
{
    const auto signature = albumentationsXSignatures().find(transform);
    return signature != albumentationsXSignatures().end() && signature->second.parameters.count(key);
}

// Every transform of the tree checked against the table: what neither 2.0.8 nor
// AlbumentationsX would take.
std::vector<std::string> signatureProblems(const json &transform, const std::string &path, std::set<std::string> &seen)
{
    std::vector<std::string> problems;
    const std::string name = transform.is_object() ? transform.value("__class_fullname__", "") : "";
    const auto signature = signatures().find(name);
    if (signature == signatures().end())
        return {path + ": '" + name + "' is not a 2.0.8 short class name"};
    seen.insert(name);
    // from_dict gives a missing p 0.5 whatever the class's default: every transform has one.
    if (!transform.contains("p") && name != "Compose" && name != "Sequential")
        problems.push_back(path + ": " + name + " has no p");
    for (auto it = transform.begin(); it != transform.end(); ++it)
        if (it.key() != "__class_fullname__" && !signature->second.parameters.count(it.key())
            && !takenByAlbumentationsX(name, it.key()))
            problems.push_back(path + ": " + name + "(" + it.key() + ") is not an argument of "
                               + signature->second.source);
    if (transform.contains("transforms"))
        for (size_t i = 0; i < transform["transforms"].size(); ++i)
            for (const std::string &problem :
                 signatureProblems(transform["transforms"][i], path + ".transforms[" + std::to_string(i) + "]", seen))
                problems.push_back(problem);
    return problems;
}

QString joined(const std::vector<std::string> &lines)
{
    QString text;
    for (const std::string &line : lines)
        text += QString::fromStdString(line) + "\n";
    return text;
}

bool near(const json &a, const json &b)
{
    if (a.is_number() && b.is_number())
        return std::abs(a.get<double>() - b.get<double>()) < 1e-9;
    if (a.is_array() && b.is_array() && a.size() == b.size()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!near(a[i], b[i]))
                return false;
        return true;
    }
    return a == b;
}

OperationSpec specOf(const std::string &name)
{
    return resolveOperation({name, name == "ShiftRGB" ? std::map<std::string, double>{{"shift_b", 1}}
                                                      : std::map<std::string, double>{},
                             std::nullopt, 0});
}

// Every default operation in one stage, each with weight·probability 1/20, at magnitude 0.3.
PolicySnapshot everyOperation(int height, int width)
{
    PolicySnapshot s;
    s.numSubPolicies = 2;
    s.numStages = 2;
    s.operations = resolveOperations({});
    s.states.assign(size_t(s.numSubPolicies * s.numStages) * s.operations.size(), OperationState{0.1, 0.5, 0.3});
    s.imageHeight = height;
    s.imageWidth = width;
    return s;
}

SearchConfig configWithPreprocessing()
{
    SearchConfig config;
    config.data.preprocessing.push_back({"LongestMaxSize", {{"max_size", 40}}, {}, 1});
    config.data.preprocessing.push_back({"PadIfNeeded", {{"min_height", 40}, {"min_width", 40}}, {}, 2});
    config.data.preprocessing.push_back({"CenterCrop", {{"height", 32}, {"width", 48}, {"always_apply", 1}}, {}, 3});
    return config;
}

json findFirst(const json &transform, const std::string &name)
{
    if (transform.value("__class_fullname__", "") == name)
        return transform;
    if (transform.contains("transforms"))
        for (const json &child : transform["transforms"]) {
            json found = findFirst(child, name);
            if (!found.is_null())
                return found;
        }
    return nullptr;
}

// A 2.x file of `transform` after a Resize to 100 x 100 (the size a shift is in whole pixels of).
json resizedTo100(const json &transform)
{
    json resize = {{"__class_fullname__", "Resize"}, {"height", 100}, {"width", 100}, {"p", 1.0}};
    json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0}};
    compose["transforms"] = json::array({resize, transform});
    return json{{"__version__", "2.0.8"}, {"transform", compose}};
}

} // namespace

class TestPolicyExportV2 : public QObject
{
    Q_OBJECT

private slots:
    void theDefaultTargetIs2x()
    {
        QCOMPARE(SearchConfig{}.exportSettings.albumentations, AlbumentationsTarget::V2);
        const json doc = exportPolicy(everyOperation(32, 48), SearchConfig{});
        QCOMPARE(doc["__version__"].get<std::string>(), std::string("2.0.8"));
        QCOMPARE(albumentationsTargetOf(doc), AlbumentationsTarget::V2);
    }

    void everyArgumentIsOne208Accepts()
    {
        for (const InputDtype dtype : {InputDtype::UInt8, InputDtype::Float32}) {
            SearchConfig config = configWithPreprocessing();
            config.data.inputDtype = dtype;
            const json doc = exportPolicy(everyOperation(32, 48), config);
            std::set<std::string> seen;
            const std::vector<std::string> problems = signatureProblems(doc["transform"], "transform", seen);
            QVERIFY2(problems.empty(), qPrintable(joined(problems)));
            // Every kind of transform the exporter writes was checked.
            for (const char *name : {"Compose", "OneOf", "Sequential", "NoOp", "RGBShift", "RandomBrightnessContrast",
                                     "Solarize", "HorizontalFlip", "VerticalFlip", "Affine", "CoarseDropout",
                                     "Normalize", "ToTensorV2", "LongestMaxSize", "PadIfNeeded", "CenterCrop"})
                QVERIFY2(seen.count(name), name);
        }
    }

    void everyRenamedArgumentCarriesBothNames()
    {
        // Each release reads the learned value under its own name, not its default: every
        // argument AlbumentationsX renamed is there under both names, with one value.
        const json doc = exportPolicy(everyOperation(32, 48), configWithPreprocessing());
        int checked = 0;
        std::function<void(const json &)> visit = [&](const json &transform) {
            const std::string name = transform.value("__class_fullname__", "");
            if (const auto x = albumentationsXSignatures().find(name); x != albumentationsXSignatures().end()) {
                for (const std::string &key : signatures().at(name).parameters) {
                    const std::string xKey = albumentationsXName(name, key);
                    if (xKey.empty())
                        continue;
                    QVERIFY2(x->second.parameters.count(xKey), xKey.c_str());
                    QVERIFY2(transform.contains(key) && transform.contains(xKey), transform.dump().c_str());
                    QCOMPARE(transform[xKey], transform[key]);
                    ++checked;
                }
            }
            if (transform.contains("transforms"))
                for (const json &child : transform["transforms"])
                    visit(child);
        };
        visit(doc["transform"]);
        // Every RGBShift (three limits) and every brightness or contrast (three arguments).
        QVERIFY2(checked >= 6 && checked % 3 == 0, qPrintable(QString::number(checked)));
    }

    void aWrongArgumentNameFailsTheCheck()
    {
        // The check itself: a 1.x argument name or class name in a 2.x file is caught.
        json doc = exportPolicy(everyOperation(32, 48), SearchConfig{});
        json &choices = doc["transform"]["transforms"][0]["transforms"][0]["transforms"][0]["transforms"];
        QCOMPARE(choices[13]["__class_fullname__"].get<std::string>(), std::string("CoarseDropout"));
        choices[13]["max_holes"] = 4;
        choices[8]["__class_fullname__"] = "ShiftScaleRotate";
        std::set<std::string> seen;
        const std::vector<std::string> problems = signatureProblems(doc["transform"], "transform", seen);
        QCOMPARE(problems.size(), size_t(2));
        QVERIFY(problems[0].find("'ShiftScaleRotate'") != std::string::npos);
        QVERIFY(problems[1].find("CoarseDropout(max_holes)") != std::string::npos);
    }

    void limitsMeanWhat208Reads()
    {
        const SearchConfig config;
        const json doc = exportPolicy(everyOperation(32, 48), config);
        const json &root = doc["transform"];
        // RGBShift: fractions of the maximum, for uint8 too (0.3 on [-1, 1] is -0.4).
        const json shift = findFirst(root, "RGBShift");
        QVERIFY(near(shift["r_shift_limit"], json::array({-0.4, -0.4})));
        QCOMPARE(shift["g_shift_limit"][1].get<double>(), 0.0);
        // Solarize: threshold_range as a fraction of the maximum.
        const json solarize = findFirst(root, "Solarize");
        QVERIFY(std::abs(solarize["threshold_range"][0].get<double>() - 0.3) < 1e-12);
        // Affine: reflect-101, bilinear, rotation in degrees; Rotate at 0.3 is -72°.
        const json affine = findFirst(root, "Affine");
        QCOMPARE(affine["border_mode"].get<int>(), 4);
        QCOMPARE(affine["interpolation"].get<int>(), 1);
        QVERIFY(affine["border_mode"].is_number_integer());
        QVERIFY(std::abs(affine["rotate"][0].get<double>() + 72.0) < 1e-9);
        QCOMPARE(affine["scale"]["x"][0].get<double>(), 1.0);
        // CoarseDropout: 16 holes of 0.3·32 = 9 px (pixels, since the height is >= 1).
        const json dropout = findFirst(root, "CoarseDropout");
        QCOMPARE(dropout["num_holes_range"], json::array({16, 16}));
        QCOMPARE(dropout["hole_height_range"], json::array({9, 9}));
        QCOMPARE(dropout["fill"], json(0));
        QVERIFY(dropout["fill_mask"].is_null());
        // No always_apply anywhere, ToTensorV2 included (2.x's raises TypeError on it).
        QVERIFY(doc.dump().find("always_apply") == std::string::npos);
        QCOMPARE(root.value("is_check_shapes", false), true);
    }

    void shiftsBecomeTheWholePixelsTheSearchMoved()
    {
        // ShiftX at 0.65 on [-1, 1] is 0.3 of 48 px = 14.4 → the search moved 14 px. 2.x
        // moves int(fraction · width): the fraction lies inside pixel 14.
        const json doc = exportSingleOperation(specOf("ShiftX"), 0.65, InputDtype::UInt8, 32, 48);
        const json &affine = doc["transform"]["transforms"][0];
        QCOMPARE(affine["__class_fullname__"].get<std::string>(), std::string("Affine"));
        const double fraction = affine["translate_percent"]["x"][0].get<double>();
        QCOMPARE(static_cast<int>(fraction * 48), 14);
        // Negative shifts truncate toward zero: -14.4 px → -14.
        const json left = exportSingleOperation(specOf("ShiftX"), 0.35, InputDtype::UInt8, 32, 48);
        QCOMPARE(static_cast<int>(left["transform"]["transforms"][0]["translate_percent"]["x"][0].get<double>() * 48), -14);
    }

    void preprocessingKeepsTheSearchsMeaning()
    {
        const json doc = exportPolicy(everyOperation(32, 48), configWithPreprocessing());
        const json &transforms = doc["transform"]["transforms"];
        // 1.x's PadIfNeeded reflects by default, 2.x's fills: the mode is written out.
        QCOMPARE(transforms[1]["__class_fullname__"].get<std::string>(), std::string("PadIfNeeded"));
        QCOMPARE(transforms[1]["border_mode"].get<int>(), 4);
        QCOMPARE(transforms[2]["height"].get<int>(), 32);
        QVERIFY(!transforms[2].contains("always_apply"));
    }

    void sizesTakenByDefaultAreWrittenOut()
    {
        // 2.0.8's LongestMaxSize has no max_size default (resize.py:401 refuses the file), and
        // both versions default PadIfNeeded's min_height to 1024 and refuse it beside a
        // divisor (2.0.8 pad.py:593, 1.3.1 geometric/transforms.py:1022): the file says what
        // the search did.
        SearchConfig config;
        config.data.preprocessing.push_back({"LongestMaxSize", {}, {}, 1});
        config.data.preprocessing.push_back({"SmallestMaxSize", {{"max_size", 40}}, {}, 2});
        config.data.preprocessing.push_back(
            {"PadIfNeeded", {{"pad_height_divisor", 32}, {"pad_width_divisor", 16}, {"border_mode", 0}}, {}, 3});
        config.data.preprocessing.push_back({"PadIfNeeded", {{"min_width", 64}}, {}, 4});
        for (const AlbumentationsTarget target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
            config.exportSettings.albumentations = target;
            const json doc = exportPolicy(everyOperation(32, 48), config);
            const json &transforms = doc["transform"]["transforms"];
            QCOMPARE(transforms[0]["max_size"].get<int>(), kDefaultStepSide);
            QCOMPARE(transforms[1]["max_size"].get<int>(), 40);
            QVERIFY(transforms[2]["min_height"].is_null() && transforms[2]["min_width"].is_null());
            QCOMPARE(transforms[2]["pad_height_divisor"].get<int>(), 32);
            QCOMPARE(transforms[3]["min_height"].get<int>(), kDefaultStepSide);
            QCOMPARE(transforms[3]["min_width"].get<int>(), 64);
            // AugStudio reads its own file back.
            QCOMPARE(ReplayPolicy::fromJson(doc, "sizes.json").transformCount() > 0, true);
        }
    }

    void convertsBothWays()
    {
        SearchConfig v1 = configWithPreprocessing();
        v1.exportSettings.albumentations = AlbumentationsTarget::V1;
        SearchConfig v2 = configWithPreprocessing();
        const PolicySnapshot snapshot = everyOperation(32, 48);
        const json file1 = exportPolicy(snapshot, v1);
        const json file2 = exportPolicy(snapshot, v2);
        QCOMPARE(file1["__version__"].get<std::string>(), std::string("1.3.1"));
        // The 2.x file is the 1.x file converted; converting it back gives the 1.x file
        // (the image size comes from the CenterCrop at the end of the preprocessing).
        QCOMPARE(convertPolicy(file1, AlbumentationsTarget::V2), file2);
        const json back = convertPolicy(file2, AlbumentationsTarget::V1);
        QCOMPARE(back["transform"]["transforms"].size(), file1["transform"]["transforms"].size());
        const json ssr1 = findFirst(file1["transform"], "albumentations.augmentations.transforms.ShiftScaleRotate");
        const json ssr2 = findFirst(back["transform"], "albumentations.augmentations.transforms.ShiftScaleRotate");
        QCOMPARE(ssr2["rotate_limit"], ssr1["rotate_limit"]);
        QCOMPARE(findFirst(back["transform"], "albumentations.augmentations.transforms.CoarseDropout")["max_holes"],
                 findFirst(file1["transform"], "albumentations.augmentations.transforms.CoarseDropout")["max_holes"]);
        QVERIFY(near(findFirst(back["transform"], "albumentations.augmentations.transforms.Solarize")["threshold"],
                     findFirst(file1["transform"], "albumentations.augmentations.transforms.Solarize")["threshold"]));
        QVERIFY(near(ssr2["shift_limit_x"], ssr1["shift_limit_x"]));
        // Both load in the replay with their own semantics.
        QCOMPARE(ReplayPolicy::fromJson(back, "back.json").target(), AlbumentationsTarget::V1);
        QCOMPARE(ReplayPolicy::fromJson(file2, "v2.json").target(), AlbumentationsTarget::V2);
    }

    void converts14xCoarseDropout()
    {
        // The reported 1.4.24 file: its ranges are 2.x's (pixels), fill_value its fill.
        const json reported = json::parse(R"({"__version__":"1.4.24","transform":{"__class_fullname__":"Compose","p":1.0,
            "transforms":[{"__class_fullname__":"CoarseDropout","always_apply":false,"p":0.5,"num_holes_range":[1,8],
            "hole_height_range":[8,8],"hole_width_range":[8,8],"fill_value":0,"mask_fill_value":null}],
            "bbox_params":null,"keypoint_params":null,"additional_targets":{}}})");
        const json v2 = convertPolicy(reported, AlbumentationsTarget::V2)["transform"]["transforms"][0];
        QCOMPARE(v2, json::parse(R"({"__class_fullname__":"CoarseDropout","p":0.5,"num_holes_range":[1,8],
            "hole_height_range":[8,8],"hole_width_range":[8,8],"fill":0,"fill_mask":null})"));
        // Already a 1.x file: written back as it is.
        QCOMPARE(convertPolicy(reported, AlbumentationsTarget::V1), reported);
        const auto documentOf = [](const std::string &version, const json &transform) {
            return json{{"__version__", version},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {transform}}}}};
        };
        // 1.4.22 to 1.4.24 save fill / fill_mask; the replay of both files is the same image.
        const json saved = {{"__class_fullname__", "CoarseDropout"}, {"always_apply", false}, {"p", 1.0},
                            {"num_holes_range", {2, 3}}, {"hole_height_range", {2, 5}}, {"hole_width_range", {3, 6}},
                            {"fill", {10, 20, 30}}, {"fill_mask", 4}};
        const json v1424 = documentOf("1.4.24", saved);
        const json converted = convertPolicy(v1424, AlbumentationsTarget::V2);
        QCOMPARE(converted["transform"]["transforms"][0]["fill"], saved["fill"]);
        QCOMPARE(converted["transform"]["transforms"][0]["fill_mask"], saved["fill_mask"]);
        const cv::Mat image(24, 24, CV_8UC3, cv::Scalar(200, 200, 200));
        const cv::Mat mask(24, 24, CV_8UC1, cv::Scalar(1));
        for (int seed = 0; seed < 4; ++seed) {
            std::mt19937_64 rng1(seed), rng2(seed);
            const ReplayResult a = ReplayPolicy::fromJson(v1424, "a.json").apply(image, mask, rng1, {false, true});
            const ReplayResult b = ReplayPolicy::fromJson(converted, "b.json").apply(image, mask, rng2, {false, true});
            QCOMPARE(cv::norm(a.image, b.image, cv::NORM_INF), 0.0);
            QCOMPARE(cv::norm(a.mask, b.mask, cv::NORM_INF), 0.0);
            QVERIFY(cv::norm(a.image, image, cv::NORM_INF) > 0.0);
        }
        // Fractions (the first height a float) stay fractions in 2.x below 1 only.
        json fractions = saved;
        fractions.erase("fill");
        fractions.erase("fill_mask");
        fractions["hole_height_range"] = {0.1, 0.25};
        fractions["hole_width_range"] = {0.1, 0.25};
        fractions["fill_value"] = 0;
        QCOMPARE(convertPolicy(documentOf("1.4.21", fractions), AlbumentationsTarget::V2)["transform"]["transforms"][0]
                     ["hole_height_range"],
                 json({0.1, 0.25}));
        fractions["hole_height_range"] = {0.5, 1.0};
        try {
            convertPolicy(documentOf("1.4.21", fractions), AlbumentationsTarget::V2);
            QFAIL("a fraction range reaching 1 converted");
        } catch (const ConversionError &error) {
            QVERIFY2(std::string(error.what()).find("transform.transforms[0].hole_height_range") == 0, error.what());
        }
    }

    void boxParametersConvertTo1xAsItTakesThem()
    {
        // 2.0.8 saves BboxParams with clip, filter_invalid_bboxes and max_accept_ratio, which
        // 1.3.1's BboxParams(**params) refuses: the file said 1.3.1 and did not load there.
        json document = resizedTo100({{"__class_fullname__", "HorizontalFlip"}, {"p", 0.5}});
        document["transform"]["bbox_params"] = {{"format", "pascal_voc"}, {"label_fields", {"labels"}},
                                                {"min_area", 0.0}, {"min_visibility", 0.1}, {"min_width", 0.0},
                                                {"min_height", 0.0}, {"check_each_transform", true}, {"clip", false},
                                                {"filter_invalid_bboxes", false}, {"max_accept_ratio", nullptr}};
        const json v1 = convertPolicy(document, AlbumentationsTarget::V1)["transform"]["bbox_params"];
        QCOMPARE(v1, json({{"format", "pascal_voc"}, {"label_fields", {"labels"}}, {"min_area", 0.0},
                           {"min_visibility", 0.1}, {"min_width", 0.0}, {"min_height", 0.0},
                           {"check_each_transform", true}}));
        // Back to 2.x: as 2.x reads the same file.
        QCOMPARE(convertPolicy(convertPolicy(document, AlbumentationsTarget::V1), AlbumentationsTarget::V2)
                     ["transform"]["bbox_params"]["format"],
                 json("pascal_voc"));
        // Boxes clipped: nothing in 1.x does it.
        document["transform"]["bbox_params"]["clip"] = true;
        try {
            convertPolicy(document, AlbumentationsTarget::V1);
            QFAIL("a clipping BboxParams converted to 1.x");
        } catch (const ConversionError &error) {
            QVERIFY2(std::string(error.what()).find("transform.bbox_params: clip is true") == 0, error.what());
        }
    }

    void solarizeAboveTheLargestValueConvertsAsIt1xWorks()
    {
        // 1.x inverts the values at or above its threshold: 256 inverts nothing, 255 only white.
        const auto documentOf = [](const json &threshold) {
            const json solarize = {{"__class_fullname__", "albumentations.augmentations.transforms.Solarize"},
                                   {"always_apply", false}, {"p", 1.0}, {"threshold", threshold}};
            return json{{"__version__", "1.3.1"},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {solarize}}}}};
        };
        const cv::Mat white(8, 8, CV_8UC3, cv::Scalar(255, 255, 255));
        for (const auto &[threshold, inverts] : {std::pair{json(256), false}, std::pair{json(255), true}}) {
            const json v1 = documentOf(threshold);
            const json v2 = convertPolicy(v1, AlbumentationsTarget::V2);
            for (const json &document : {v1, v2}) {
                std::mt19937_64 rng(1);
                const ReplayResult result = ReplayPolicy::fromJson(document, "s.json").apply(white, {}, rng, {false, true});
                QCOMPARE(cv::norm(result.image, white, cv::NORM_INF), inverts ? 255.0 : 0.0);
            }
        }
        QCOMPARE(convertPolicy(documentOf(256), AlbumentationsTarget::V2)["transform"]["transforms"][0]
                     ["__class_fullname__"],
                 json("NoOp"));
        try {
            convertPolicy(documentOf({200, 300}), AlbumentationsTarget::V2);
            QFAIL("a threshold range reaching past 255 converted");
        } catch (const ConversionError &error) {
            QVERIFY2(std::string(error.what()).find("transform.transforms[0].threshold: draws thresholds above") == 0,
                     error.what());
        }
    }

    void conversionTo1xWritesValuesEvery1xReleaseReadsAlike()
    {
        const auto converted = [](const json &transform) {
            return convertPolicy(resizedTo100(transform), AlbumentationsTarget::V1)["transform"]["transforms"][1];
        };
        // A threshold of 0: InvertImg (1.4.4 to 1.4.18 refuse 0; 1.4.22 to 1.4.24 read 1 as 255).
        const json invert = converted({{"__class_fullname__", "Solarize"}, {"threshold_range", {0.0, 0.0}}, {"p", 0.3}});
        QCOMPARE(invert["__class_fullname__"], json("albumentations.augmentations.transforms.InvertImg"));
        QCOMPARE(invert["p"], json(0.3));
        const json from0 = converted({{"__class_fullname__", "Solarize"}, {"threshold_range", {0.0, 1.0}}, {"p", 0.3}});
        QCOMPARE(from0["threshold"], json({1.0, 255.0}));
        // 1.2 grey levels: the one whole level 2.x moves (trunc), written so that 1.4.22 to
        // 1.4.24 do not read it as a fraction (1 was 255 levels there); half a level, which
        // 2.x truncates to none, and a range within a level: none.
        const json rgb = converted({{"__class_fullname__", "RGBShift"}, {"r_shift_limit", {0.0047, 0.0047}},
                                    {"g_shift_limit", {-0.001, 0.003}}, {"b_shift_limit", {-0.2, 0.2}}, {"p", 1.0}});
        QCOMPARE(rgb["r_shift_limit"], json({1.000001, 1.000001}));
        QCOMPARE(rgb["g_shift_limit"], json({0.0, 0.0}));
        QCOMPARE(rgb["b_shift_limit"], json({-51.0, 51.0}));
        const json half = converted({{"__class_fullname__", "RGBShift"}, {"r_shift_limit", {0.002, 0.002}},
                                     {"g_shift_limit", {-0.1, -0.1}}, {"b_shift_limit", {0.0, 0.0}}, {"p", 1.0}});
        QCOMPARE(half["r_shift_limit"], json({0.0, 0.0}));
        QCOMPARE(half["g_shift_limit"], json({-25.0, -25.0})); // 2.x: trunc(-25.5), not the nearest -26
        // Whole levels written as fractions of 255: -180/255 · 255 is -180 in 2.x's float32 (and
        // the replay's), -179.99999999999997 in double, which truncated to -179.
        const json whole = converted({{"__class_fullname__", "RGBShift"}, {"r_shift_limit", {-180.0 / 255, -180.0 / 255}},
                                      {"g_shift_limit", {148.0 / 255, 148.0 / 255}}, {"b_shift_limit", {0.0, 0.0}},
                                      {"p", 1.0}});
        QCOMPARE(whole["r_shift_limit"], json({-180.0, -180.0}));
        QCOMPARE(whole["g_shift_limit"], json({148.0, 148.0}));
        // 2.x moves int(0.295 · 100) = 29 px; so does every 1.x release with the fraction written.
        const json affine = converted({{"__class_fullname__", "Affine"}, {"translate_percent", {{"x", {0.295, 0.295}}, {"y", {0.0, 0.0}}}},
                                       {"p", 1.0}, {"border_mode", 4}});
        const double shift = affine["shift_limit_x"][0].get<double>() * 100;
        QVERIFY2(std::abs(shift - 29.0) < 1.0 / 64, qPrintable(QString::number(shift, 'g', 17)));
        QCOMPARE(static_cast<int>(std::trunc(shift)), 29);
    }

    void aShiftConvertsTo1xAsThe1xExporterWritesItForTheSizeGiven()
    {
        // Without a size the 2.x fraction (the middle of the whole pixel, 15.5 / 28) was kept:
        // 1.x up to 1.4.21 moved 15.5 px, not the search's 15. With the size the converted file
        // is the 1.x export, square or not (the hint's width for x, height for y).
        for (const auto &[height, width] : {std::pair<int, int>{28, 28}, {28, 30}, {5, 7}, {100, 100}})
            for (const char *operation : {"ShiftX", "ShiftY"})
                for (const double magnitude : {0.0, 0.1, 0.35, 0.65, 0.76, 1.0}) {
                    const OperationSpec spec = specOf(operation);
                    const json v2 = exportSingleOperation(spec, magnitude, InputDtype::UInt8, height, width,
                                                          AlbumentationsTarget::V2);
                    const json v1 = exportSingleOperation(spec, magnitude, InputDtype::UInt8, height, width,
                                                          AlbumentationsTarget::V1);
                    ConversionHints hints;
                    hints.imageHeight = height;
                    hints.imageWidth = width;
                    ConversionReport report;
                    const json converted = convertPolicy(v2, AlbumentationsTarget::V1, hints, &report);
                    const QByteArray where = QByteArray(operation) + " at " + QByteArray::number(magnitude) + " on "
                                             + QByteArray::number(width) + "x" + QByteArray::number(height);
                    QVERIFY2(converted == v1, where + ": " + QByteArray::fromStdString(converted.dump()));
                    QVERIFY2(report.unsizedShifts.empty(), where);
                    QCOMPARE(report.imageWidth, width);
                }
    }

    void aShiftConvertedTo1xWithoutASizeIsSaidAndStaysWithinTheSide()
    {
        // A search's shift of the whole side is (28 + 0.5) / 28 in 2.x, which 1.4.4 and later
        // refuse: ±1 is the whole side at every size, as the 1.x exporter writes it.
        const json whole = exportSingleOperation(specOf("ShiftY"), 0.0, InputDtype::UInt8, 28, 28,
                                                 AlbumentationsTarget::V2);
        QVERIFY(whole["transform"]["transforms"][0]["translate_percent"]["y"][0].get<double>() < -1.0);
        ConversionReport report;
        const json converted = convertPolicy(whole, AlbumentationsTarget::V1, {}, &report);
        QCOMPARE(converted["transform"]["transforms"][0]["shift_limit_y"], json({-1.0, -1.0}));
        // Said, by path, for the caller to name the option that would settle it.
        QCOMPARE(report.unsizedShifts, std::vector<std::string>{"transform.transforms[0].translate_percent.y"});
        QCOMPARE(report.imageHeight, 0);
        // A range beyond the side is clamped too; a range is no shift of whole pixels, so not said.
        const json range = json{{"__version__", "2.0.8"},
                                {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0},
                                               {"transforms", {{{"__class_fullname__", "Affine"}, {"p", 1.0},
                                                                {"translate_percent", {{"x", {-1.5, 0.5}}, {"y", {0.0, 0.0}}}}}}}}}};
        const json clamped = convertPolicy(range, AlbumentationsTarget::V1, {}, &report);
        QCOMPARE(clamped["transform"]["transforms"][0]["shift_limit_x"], json({-1.0, 0.5}));
        QVERIFY(report.unsizedShifts.empty());
        // The same from 1.x to 2.x: a 1.3.1 fraction is a whole number of pixels only at a size.
        const json v1 = exportSingleOperation(specOf("ShiftX"), 0.76, InputDtype::UInt8, 28, 28,
                                              AlbumentationsTarget::V1);
        convertPolicy(v1, AlbumentationsTarget::V2, {}, &report);
        QCOMPARE(report.unsizedShifts, std::vector<std::string>{"transform.transforms[0].shift_limit_x"});
    }

    void manyUnsizedShiftsAreNamedAFewAndCounted()
    {
        ConversionReport report;
        QCOMPARE(unsizedShiftsText(report), std::string());
        report.unsizedShifts = {"a.x", "b.y"};
        QCOMPARE(unsizedShiftsText(report), std::string("a.x, b.y"));
        report.unsizedShifts = {"a.x", "b.y", "c.x"};
        QCOMPARE(unsizedShiftsText(report), std::string("a.x, b.y, c.x"));
        // A searched policy has one per stage and sub-policy: hundreds.
        for (int i = 0; i < 317; ++i)
            report.unsizedShifts.push_back("t[" + std::to_string(i) + "].x");
        QCOMPARE(unsizedShiftsText(report), std::string("a.x, b.y, c.x and 317 more"));
        QCOMPARE(unsizedShiftsText(report, 1), std::string("a.x and 319 more"));
    }

    void thePreprocessingsSizeWinsOverTheHint()
    {
        // The augmentations see what the Resize makes: 29 of 100 px, whatever the images were.
        const json affine = {{"__class_fullname__", "Affine"}, {"p", 1.0}, {"border_mode", 4},
                             {"translate_percent", {{"x", {0.295, 0.295}}, {"y", {0.0, 0.0}}}}};
        ConversionHints hints;
        hints.imageHeight = hints.imageWidth = 28;
        ConversionReport report;
        const json converted = convertPolicy(resizedTo100(affine), AlbumentationsTarget::V1, hints, &report);
        QCOMPARE(converted, convertPolicy(resizedTo100(affine), AlbumentationsTarget::V1));
        QVERIFY(report.sizeFromPreprocessing);
        QCOMPARE(report.imageWidth, 100);
        QVERIFY(report.unsizedShifts.empty());
    }

    void convertsAlbumentationsOwnAffineTo1x()
    {
        // Affine(rotate=(-15, 15)) as 2.0.8 saves it: translate_px 0 and keep_ratio false, which
        // change nothing at scale 1, were refused as "pixel translations" and "no equivalent".
        const json affine = {{"__class_fullname__", "Affine"}, {"p", 0.5}, {"interpolation", 1},
                             {"mask_interpolation", 0}, {"scale", {{"x", {1.0, 1.0}}, {"y", {1.0, 1.0}}}},
                             {"translate_percent", nullptr}, {"translate_px", {{"x", {0, 0}}, {"y", {0, 0}}}},
                             {"rotate", {-15.0, 15.0}}, {"fit_output", false},
                             {"shear", {{"x", {0.0, 0.0}}, {"y", {0.0, 0.0}}}}, {"fill", 0.0}, {"fill_mask", 0.0},
                             {"border_mode", 0}, {"keep_ratio", false}, {"rotate_method", "largest_box"},
                             {"balanced_scale", false}};
        const auto documentOf = [](const json &transform) {
            return json{{"__version__", "2.0.8"},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {transform}}}}};
        };
        const json ssr = convertPolicy(documentOf(affine), AlbumentationsTarget::V1)["transform"]["transforms"][0];
        QCOMPARE(ssr["rotate_limit"], json({-15.0, 15.0}));
        QCOMPARE(ssr["shift_limit_x"], json({0.0, 0.0}));
        QCOMPARE(ssr["scale_limit"], json({0.0, 0.0}));
        QVERIFY(!ssr.contains("keep_ratio") && !ssr.contains("translate_px"));
        // A shift in pixels, or a random scale drawn apart per axis, still has no equivalent.
        json shifted = affine;
        shifted["translate_px"] = {{"x", {-4, 4}}, {"y", {0, 0}}};
        json scaled = affine;
        scaled["scale"] = {{"x", {0.9, 1.1}}, {"y", {0.9, 1.1}}};
        for (const auto &[bad, key] : {std::pair<json, const char *>{shifted, "translate_px"}, {scaled, "keep_ratio"}})
            try {
                convertPolicy(documentOf(bad), AlbumentationsTarget::V1);
                QFAIL(key);
            } catch (const ConversionError &error) {
                QVERIFY2(std::string(error.what()).find(std::string("transform.transforms[0].") + key) == 0,
                         error.what());
            }
    }

    void converts2xShiftScaleRotateTo1x()
    {
        const auto documentOf = [](const json &transform) {
            return json{{"__version__", "2.0.8"},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {transform}}}}};
        };
        // The reported file: 2.x draws the x and y scales apart, 1.x one for both: its random
        // scale_limit is refused, by its path.
        const json reported = documentOf({{"__class_fullname__", "ShiftScaleRotate"}, {"p", 0.5}, {"shift_limit", 0.0625},
                                          {"scale_limit", 0.1}, {"rotate_limit", 45}});
        try {
            convertPolicy(reported, AlbumentationsTarget::V1);
            QFAIL("a per-axis random scale converted");
        } catch (const ConversionError &error) {
            QVERIFY2(std::string(error.what()).find("transform.transforms[0].scale_limit: 2.x draws the x and y scales")
                         == 0,
                     error.what());
        }
        // A fixed scale converts, with 1.x's names; fill is value, and the border 2.x's constant.
        json fixed = reported;
        fixed["transform"]["transforms"][0]["scale_limit"] = {0.2, 0.2};
        fixed["transform"]["transforms"][0]["fill"] = 7;
        const json ssr = convertPolicy(fixed, AlbumentationsTarget::V1)["transform"]["transforms"][0];
        QCOMPARE(ssr["__class_fullname__"], json("albumentations.augmentations.transforms.ShiftScaleRotate"));
        QCOMPARE(ssr["shift_limit_x"], json({-0.0625, 0.0625}));
        QCOMPARE(ssr["shift_limit_y"], json({-0.0625, 0.0625}));
        QCOMPARE(ssr["scale_limit"], json({0.2, 0.2}));
        QCOMPARE(ssr["rotate_limit"], json({-45.0, 45.0}));
        QCOMPARE(ssr["border_mode"], json(0));
        QCOMPARE(ssr["value"], json(7));
        QCOMPARE(ssr["always_apply"], json(false));
        QVERIFY(!ssr.contains("fill") && !ssr.contains("shift_limit"));
        // A fixed setting: the 2.x file, the 1.x file and the 2.x file converted back from it
        // (an Affine) give the same pixels; 4 of 64 px is a whole shift in both versions.
        const json setting = {{"__class_fullname__", "ShiftScaleRotate"}, {"p", 1.0},
                              {"shift_limit_x", {0.0625, 0.0625}}, {"shift_limit_y", {-0.125, -0.125}},
                              {"scale_limit", {-0.2, -0.2}}, {"rotate_limit", {30, 30}}, {"interpolation", 1},
                              {"border_mode", 0}, {"fill", 5}, {"fill_mask", 3}, {"mask_interpolation", 0},
                              {"rotate_method", "largest_box"}};
        const json v2 = documentOf(setting);
        const json v1 = convertPolicy(v2, AlbumentationsTarget::V1);
        const json back = convertPolicy(v1, AlbumentationsTarget::V2);
        QCOMPARE(back["transform"]["transforms"][0]["__class_fullname__"], json("Affine"));
        const json again = convertPolicy(back, AlbumentationsTarget::V1)["transform"]["transforms"][0];
        for (const char *key : {"shift_limit_x", "shift_limit_y", "scale_limit", "rotate_limit", "value", "mask_value"})
            QVERIFY2(near(again[key], v1["transform"]["transforms"][0][key]), key);
        cv::Mat image(64, 64, CV_8UC3), mask(64, 64, CV_8UC1);
        for (int y = 0; y < 64; ++y)
            for (int x = 0; x < 64; ++x) {
                image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(4 * x), uchar(4 * y), uchar((x * y) % 256));
                mask.at<uchar>(y, x) = uchar((x / 8 + y / 8) % 3);
            }
        std::mt19937_64 rng1(1), rng2(1), rng3(1);
        const ReplayResult r2 = ReplayPolicy::fromJson(v2, "v2.json").apply(image, mask, rng1, {false, true});
        const ReplayResult r1 = ReplayPolicy::fromJson(v1, "v1.json").apply(image, mask, rng2, {false, true});
        const ReplayResult rb = ReplayPolicy::fromJson(back, "back.json").apply(image, mask, rng3, {false, true});
        QCOMPARE(cv::norm(r1.image, r2.image, cv::NORM_INF), 0.0);
        QCOMPARE(cv::norm(r1.mask, r2.mask, cv::NORM_INF), 0.0);
        QCOMPARE(cv::norm(rb.image, r2.image, cv::NORM_INF), 0.0);
        QCOMPARE(cv::norm(rb.mask, r2.mask, cv::NORM_INF), 0.0);
        QVERIFY(cv::norm(r2.image, image, cv::NORM_INF) > 0.0);
        QCOMPARE(int(r2.image.at<cv::Vec3b>(0, 0)[0]), 5); // a corner of the fill
        // 1.3.1 warps masks with nearest neighbours only.
        json linearMask = setting;
        linearMask["mask_interpolation"] = 1;
        try {
            convertPolicy(documentOf(linearMask), AlbumentationsTarget::V1);
            QFAIL("mask_interpolation 1 converted");
        } catch (const ConversionError &error) {
            QVERIFY2(std::string(error.what()).find("transform.transforms[0].mask_interpolation") == 0, error.what());
        }
    }

    void conversionRefusesWhatItCannotCarry()
    {
        json document = {{"__version__", "2.0.8"},
                         {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0},
                                        {"transforms", json::array({{{"__class_fullname__", "Affine"}, {"p", 1.0},
                                                                     {"shear", {{"x", {10, 10}}, {"y", {0, 0}}}}}})}}}};
        try {
            convertPolicy(document, AlbumentationsTarget::V1);
            QFAIL("a shear converted to ShiftScaleRotate");
        } catch (const ConversionError &error) {
            QVERIFY(std::string(error.what()).find("transform.transforms[0].shear") != std::string::npos);
        }
        document["transform"]["transforms"][0] = {{"__class_fullname__", "Blur"}, {"p", 1.0}};
        QVERIFY_THROWS_EXCEPTION(ConversionError, convertPolicy(document, AlbumentationsTarget::V1));
    }

    void brightnessByMeanDoesNotConvert()
    {
        // brightness_by_max false adds β·α·mean(image) in 1.x and β·mean(image) in 2.x
        // (test_replay_v2), α drawn on every call: refused both ways, naming the JSON path.
        const json bc = {{"__class_fullname__", "RandomBrightnessContrast"}, {"p", 0.5}, {"brightness_limit", 0.2},
                         {"contrast_limit", 0.2}, {"brightness_by_max", false}};
        const auto documentOf = [](const std::string &version, const json &transform) {
            return json{{"__version__", version},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {transform}}}}};
        };
        for (const auto &[version, target] : {std::pair{"1.3.1", AlbumentationsTarget::V2},
                                              std::pair{"2.0.8", AlbumentationsTarget::V1}}) {
            try {
                convertPolicy(documentOf(version, bc), target);
                QFAIL("brightness_by_max false converted");
            } catch (const ConversionError &error) {
                const std::string message = error.what();
                QVERIFY2(message.find("transform.transforms[0].brightness_by_max") == 0
                             && message.find("has no equivalent in the other Albumentations version") != std::string::npos,
                         error.what());
            }
        }
        // true converts as before; so does false where α is always 1 (a contrast_limit of 0),
        // and then both versions give the same image.
        json byMax = bc;
        byMax["brightness_by_max"] = true;
        QCOMPARE(convertPolicy(documentOf("1.3.1", byMax), AlbumentationsTarget::V2)["transform"]["transforms"][0]
                     ["brightness_by_max"],
                 json(true));
        json noContrast = bc;
        noContrast["contrast_limit"] = json::array({0, 0});
        noContrast["p"] = 1.0;
        const json v1 = documentOf("1.3.1", noContrast);
        const json v2 = convertPolicy(v1, AlbumentationsTarget::V2);
        const cv::Mat image(4, 4, CV_8UC3, cv::Scalar(90, 100, 110));
        std::mt19937_64 rng1(3), rng2(3);
        const cv::Mat out1 = ReplayPolicy::fromJson(v1, "v1.json").apply(image, {}, rng1, {false, true}).image;
        const cv::Mat out2 = ReplayPolicy::fromJson(v2, "v2.json").apply(image, {}, rng2, {false, true}).image;
        QCOMPARE(cv::norm(out1, out2, cv::NORM_INF), 0.0);
        QVERIFY(cv::norm(out1, image, cv::NORM_INF) > 0.0);
    }

    void readsAlbumentationsXNames()
    {
        // A file AlbumentationsX 2.2 or later saved names its arguments its own way: read by
        // them, converted to 1.x, and given 2.0's names too by a conversion to 2.x.
        const auto documentOf = [](const std::string &version, const json &transform) {
            return json{{"__version__", version},
                        {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", {transform}}}}};
        };
        const json shiftX = {{"__class_fullname__", "RGBShift"}, {"p", 1.0}, {"r_shift_range", {0.2, 0.2}},
                             {"g_shift_range", {0.0, 0.0}}, {"b_shift_range", {-0.1, -0.1}}};
        const json saved = documentOf("2.7.0", shiftX);
        const json v1 = convertPolicy(saved, AlbumentationsTarget::V1);
        const json &shift1 = v1["transform"]["transforms"][0];
        QVERIFY2(!shift1.contains("r_shift_range"), shift1.dump().c_str());
        QVERIFY(near(shift1["r_shift_limit"], json{51.0, 51.0}));
        const json both = convertPolicy(saved, AlbumentationsTarget::V2)["transform"]["transforms"][0];
        QCOMPARE(both["r_shift_limit"], shiftX["r_shift_range"]);
        QCOMPARE(both["b_shift_range"], shiftX["b_shift_range"]);

        // The replay applies the same shift from the 2.7.0 file, its 1.x conversion and a
        // 2.0.8 file of 2.0's names.
        json shift20 = {{"__class_fullname__", "RGBShift"}, {"p", 1.0}, {"r_shift_limit", {0.2, 0.2}},
                        {"g_shift_limit", {0.0, 0.0}}, {"b_shift_limit", {-0.1, -0.1}}};
        const cv::Mat image(4, 4, CV_8UC3, cv::Scalar(90, 100, 110));
        const auto applied = [&](const json &document) {
            std::mt19937_64 rng(5);
            return ReplayPolicy::fromJson(document, "p.json").apply(image, {}, rng, {false, true}).image;
        };
        const cv::Mat expected = applied(documentOf("2.0.8", shift20));
        QCOMPARE(expected.at<cv::Vec3b>(0, 0), cv::Vec3b(141, 100, 85));
        QCOMPARE(cv::norm(applied(saved), expected, cv::NORM_INF), 0.0);
        QCOMPARE(cv::norm(applied(v1), expected, cv::NORM_INF), 0.0);

        // Where only the other releases would read the value, or the two names differ, the
        // replay and the conversion refuse the file, naming the key.
        const auto refused = [&](const json &document, const std::string &expectedText) {
            QVERIFY_THROWS_EXCEPTION(ReplayError, ReplayPolicy::fromJson(document, "p.json"));
            try {
                convertPolicy(document, AlbumentationsTarget::V1);
                QFAIL("converted");
            } catch (const ConversionError &error) {
                QVERIFY2(std::string(error.what()).find(expectedText) != std::string::npos, error.what());
            }
        };
        refused(documentOf("2.7.0", shift20), "transform.transforms[0].r_shift_limit: AlbumentationsX 2.2 and later");
        refused(documentOf("2.0.8", shiftX), "transform.transforms[0].r_shift_range: the name AlbumentationsX 2.2");
        json differ = shift20;
        differ["r_shift_range"] = {0.3, 0.3};
        refused(documentOf("2.0.8", differ), "r_shift_limit and r_shift_range differ");
        // A 1.x file knows no AlbumentationsX name.
        json v1Shift = shift20;
        v1Shift["r_shift_range"] = v1Shift["r_shift_limit"];
        QVERIFY_THROWS_EXCEPTION(ReplayError, ReplayPolicy::fromJson(documentOf("1.3.1", v1Shift), "p.json"));

        // AlbumentationsX 2.3.8 gave brightness_by_max false (its default from then on)
        // torchvision's formulas, which the replay does not apply.
        const json brightness = {{"__class_fullname__", "RandomBrightnessContrast"}, {"p", 1.0},
                                 {"brightness_range", {0.1, 0.1}}, {"contrast_range", {0.0, 0.0}}};
        QVERIFY_THROWS_EXCEPTION(ReplayError, ReplayPolicy::fromJson(documentOf("2.3.8", brightness), "p.json"));
        json byMax = brightness;
        byMax["brightness_by_max"] = true;
        QCOMPARE(applied(documentOf("2.3.8", byMax)).at<cv::Vec3b>(0, 0), cv::Vec3b(115, 125, 135));
        QCOMPARE(applied(documentOf("2.2.0", brightness)).at<cv::Vec3b>(0, 0), cv::Vec3b(115, 125, 135));
    }

    void aVersionThatIsNoStringIsRefused()
    {
        // As the replay reads it: 2.0 is no version string (it was converted as a 1.x file).
        const json document = {{"__version__", 2.0},
                               {"transform", {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", json::array()}}}};
        for (const auto target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
            try {
                convertPolicy(document, target);
                QFAIL("a number __version__ converted");
            } catch (const ConversionError &error) {
                QCOMPARE(std::string(error.what()), std::string("__version__: expected a version string, got 2.0"));
            }
        }
        QVERIFY_THROWS_EXCEPTION(ReplayError, ReplayPolicy::fromJson(document, "p.json"));
    }

    void grayscalePolicyAppliesToGreyImagesInBothVersions()
    {
        // No colour operation, one mean and std: the file applies to (H, W) images in
        // 1.x (which refuses RGBShift and a three-value Normalize there) and 2.x.
        SearchConfig config;
        config.data.mean = {0.286, 0.286, 0.286};
        config.data.std = {0.353, 0.353, 0.353};
        PolicySnapshot grey;
        grey.numSubPolicies = 3;
        grey.numStages = 2;
        for (const OperationSpec &spec : resolveOperations({}))
            if (spec.kind != OperationKind::ShiftRGB)
                grey.operations.push_back(spec);
        grey.states.assign(size_t(grey.numSubPolicies * grey.numStages) * grey.operations.size(),
                           OperationState{0.09, 0.9, 0.4});
        grey.imageHeight = grey.imageWidth = 28;
        grey.channels = 1;
        const cv::Mat image(28, 28, CV_8UC1, cv::Scalar(120));
        for (const AlbumentationsTarget target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
            config.exportSettings.albumentations = target;
            const ReplayPolicy policy = ReplayPolicy::fromJson(exportPolicy(grey, config), "grey.json");
            std::mt19937_64 rng(7);
            for (int call = 0; call < 50; ++call) {
                const ReplayResult result = policy.apply(image, cv::Mat(), rng);
                QCOMPARE(result.image.channels(), 1);
                QVERIFY(result.normalized);
            }
        }
        // The colour file does not: RGBShift in 1.x, as Albumentations 1.3.1 refuses it.
        config.exportSettings.albumentations = AlbumentationsTarget::V1;
        PolicySnapshot colour = everyOperation(28, 28);
        colour.states.assign(colour.states.size(), OperationState{0.0, 0.0, 0.3});
        for (size_t stage = 0; stage < size_t(colour.numSubPolicies * colour.numStages); ++stage)
            colour.states[stage * colour.operations.size()] = OperationState{1.0, 1.0, 0.3}; // ShiftRGB(r) always
        const ReplayPolicy colourPolicy = ReplayPolicy::fromJson(exportPolicy(colour, config), "colour.json");
        std::mt19937_64 rng(1);
        QVERIFY_THROWS_EXCEPTION(ReplayError, colourPolicy.apply(image, cv::Mat(), rng));
    }
};

QTEST_GUILESS_MAIN(TestPolicyExportV2)
#include "test_policy_export_v2.moc"
