// Replaying Albumentations 2.x files with 2.0.8's semantics, and grayscale images with each
// version's: what 2.x renamed (Affine, CoarseDropout's ranges, Solarize's threshold_range,
// fill / fill_mask) and where the two versions compute something else (RGBShift's limits,
// Affine's whole-pixel translation, PadIfNeeded's default border, one-channel images); and
// 1.x files of the 1.4.x releases that took those steps one at a time.

#include "policy/PolicyFile.h"
#include "policy/AlbumentationsFormat.h"
#include "replay/ReplayPolicy.h"

#include <QtTest>

#include <opencv2/imgproc.hpp>

#include <fstream>

using namespace augstudio;
using nlohmann::json;

namespace {

json transform(const std::string &name, json parameters = json::object())
{
    parameters["__class_fullname__"] = name;
    if (!parameters.contains("p"))
        parameters["p"] = 1.0;
    return parameters;
}

ReplayPolicy policyOf(const std::vector<json> &transforms, const std::string &version)
{
    json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0}, {"transforms", json(transforms)}};
    return ReplayPolicy::fromJson({{"__version__", version}, {"transform", compose}}, "test.json");
}

ReplayResult applyOnce(const ReplayPolicy &policy, const cv::Mat &image, const cv::Mat &mask = {})
{
    std::mt19937_64 rng(1);
    return policy.apply(image, mask, rng);
}

// Horizontal ramp: pixel (y, x) = 10·x.
cv::Mat ramp(int h, int w, int type)
{
    cv::Mat image(h, w, type);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            uchar *pixel = image.ptr<uchar>(y) + x * image.channels();
            for (int c = 0; c < image.channels(); ++c)
                pixel[c] = static_cast<uchar>(10 * x);
        }
    return image;
}

int at(const cv::Mat &image, int y, int x, int c = 0)
{
    return image.ptr<uchar>(y)[x * image.channels() + c];
}

} // namespace

class TestReplayV2 : public QObject
{
    Q_OBJECT

private slots:
    void versionDecidesTheSemantics()
    {
        QCOMPARE(policyOf({}, "2.0.8").target(), AlbumentationsTarget::V2);
        QCOMPARE(policyOf({}, "2.1.0").target(), AlbumentationsTarget::V2);
        QCOMPARE(policyOf({}, "1.4.24").target(), AlbumentationsTarget::V1);
        QCOMPARE(policyOf({}, "0.5.2").target(), AlbumentationsTarget::V1);
    }

    void rgbShiftLimitsAreFractionsIn2x()
    {
        const cv::Mat image(2, 2, CV_8UC3, cv::Scalar(100, 100, 100));
        // 2.x: 0.1 of the maximum is 25.5 → trunc 25; 1.x: 0.1 of a level → nothing.
        const json shift = transform("RGBShift", {{"r_shift_limit", {0.1, 0.1}}, {"g_shift_limit", {-0.1, -0.1}},
                                                  {"b_shift_limit", {30, 30}}});
        const cv::Mat v2 = applyOnce(policyOf({shift}, "2.0.8"), image).image;
        QCOMPARE(at(v2, 0, 0, 0), 125);
        QCOMPARE(at(v2, 0, 0, 1), 75);  // x + trunc(-25.5) = 100 - 25
        QCOMPARE(at(v2, 0, 0, 2), 130); // beyond ±1: pixel values
        const cv::Mat v1 = applyOnce(policyOf({shift}, "1.3.1"), image).image;
        QCOMPARE(at(v1, 0, 0, 0), 100);
        QCOMPARE(at(v1, 0, 0, 1), 99);  // 1.x: trunc(100 - 0.1)
        // float32: fractions in both, clipped to [0, 1].
        cv::Mat f(1, 1, CV_32FC3, cv::Scalar(0.5, 0.5, 0.95));
        const cv::Mat fv2 = applyOnce(policyOf({shift}, "2.0.8"), f).image;
        QVERIFY(std::abs(fv2.at<cv::Vec3f>(0, 0)[0] - 0.6f) < 1e-6f);
        QVERIFY(std::abs(fv2.at<cv::Vec3f>(0, 0)[2] - 1.0f) < 1e-6f); // 30/255 added, clipped
    }

    void grayscaleRgbShiftIsRefusedBy1xAndUsesRedIn2x()
    {
        const json shift = transform("RGBShift", {{"r_shift_limit", {0.2, 0.2}}, {"g_shift_limit", 0}, {"b_shift_limit", 0}});
        const cv::Mat grey(3, 3, CV_8UC1, cv::Scalar(50));
        QVERIFY_THROWS_EXCEPTION(ReplayError, applyOnce(policyOf({shift}, "1.3.1"), grey));
        const cv::Mat v2 = applyOnce(policyOf({shift}, "2.0.8"), grey).image;
        QCOMPARE(v2.type(), CV_8UC1);
        QCOMPARE(at(v2, 1, 1), 101); // 50 + trunc(51)
    }

    void normalizeOnGrayscale()
    {
        const cv::Mat grey(2, 2, CV_8UC1, cv::Scalar(102));
        const json one = transform("Normalize", {{"mean", {0.2}}, {"std", {0.4}}, {"max_pixel_value", 255}});
        const json three = transform("Normalize", {{"mean", {0.2, 0.5, 0.5}}, {"std", {0.4, 1, 1}}, {"max_pixel_value", 255}});
        for (const char *version : {"1.3.1", "2.0.8"}) {
            const ReplayResult r = applyOnce(policyOf({one}, version), grey);
            QCOMPARE(r.image.type(), CV_32FC1);
            QVERIFY(std::abs(r.image.at<float>(0, 0) - 0.5f) < 1e-5f); // (0.4 − 0.2) / 0.4
        }
        // Three values: 1.x's broadcast fails, 2.x takes the first.
        QVERIFY_THROWS_EXCEPTION(ReplayError, applyOnce(policyOf({three}, "1.3.1"), grey));
        QVERIFY(std::abs(applyOnce(policyOf({three}, "2.0.8"), grey).image.at<float>(0, 0) - 0.5f) < 1e-5f);
    }

    void solarizeThresholdRangeIsAFraction()
    {
        const cv::Mat image = ramp(1, 26, CV_8UC1); // 0, 10, ..., 250
        const ReplayResult r = applyOnce(policyOf({transform("Solarize", {{"threshold_range", {0.5, 0.5}}})}, "2.0.8"),
                                         image);
        QCOMPARE(at(r.image, 0, 12), 120);      // below 127.5: kept
        QCOMPARE(at(r.image, 0, 13), 255 - 130); // at or above: inverted
        // The 1.x name is not a 2.x argument.
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("Solarize", {{"threshold", 128}})}, "2.0.8"));
    }

    void affineTranslatesWholePixels()
    {
        const cv::Mat image = ramp(4, 20, CV_8UC1);
        // 0.19 of 20 px is 3.8 px: 2.x moves int(3.8) = 3 pixels; 1.x's ShiftScaleRotate 3.8.
        const json affine = transform("Affine", {{"translate_percent", {{"x", {0.19, 0.19}}, {"y", {0, 0}}}},
                                                 {"border_mode", 4}, {"interpolation", 1}});
        const cv::Mat v2 = applyOnce(policyOf({affine}, "2.0.8"), image).image;
        QCOMPARE(at(v2, 1, 10), 70); // the pixel 3 to the left
        const json ssr = transform("ShiftScaleRotate", {{"shift_limit_x", {0.19, 0.19}}, {"shift_limit_y", {0, 0}},
                                                        {"scale_limit", {0, 0}}, {"rotate_limit", {0, 0}}});
        QCOMPARE(at(applyOnce(policyOf({ssr}, "1.3.1"), image).image, 1, 10), 62); // 100 − 38
        // 2.x's ShiftScaleRotate is an Affine: whole pixels, and a constant border by default.
        const cv::Mat ssr2 = applyOnce(policyOf({ssr}, "2.0.8"), image).image;
        QCOMPARE(at(ssr2, 1, 10), 70);
        QCOMPARE(at(ssr2, 1, 0), 0);
        // Rotation: positive is counter-clockwise on screen, about the pixel grid's centre.
        cv::Mat dot(5, 5, CV_8UC1, cv::Scalar(0));
        dot.at<uchar>(2, 4) = 200; // right of the centre
        const json quarter = transform("Affine", {{"rotate", {90, 90}}, {"border_mode", 0}, {"interpolation", 0}});
        const cv::Mat turned = applyOnce(policyOf({quarter}, "2.0.8"), dot).image;
        QCOMPARE(at(turned, 0, 2), 200); // now above the centre
    }

    void affineRefusesWhatItCannotDo()
    {
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("Affine", {{"fit_output", true}})}, "2.0.8"));
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("Affine", {{"scale", {{"z", 1}}}})}, "2.0.8"));
        QVERIFY_THROWS_EXCEPTION(
            ReplayError, policyOf({transform("Affine", {{"translate_px", 1}, {"translate_percent", 0.1}})}, "2.0.8"));
        // 1.x's Affine has other arguments: only 2.x's are read.
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("Affine")}, "1.3.1"));
    }

    void coarseDropoutRanges()
    {
        const cv::Mat white(16, 16, CV_8UC1, cv::Scalar(255));
        // Two holes of exactly 3×3 pixels (the largest height >= 1: pixels).
        const json pixels = transform("CoarseDropout", {{"num_holes_range", {1, 1}}, {"hole_height_range", {3, 3}},
                                                        {"hole_width_range", {3, 3}}, {"fill", 0}});
        const cv::Mat holes = applyOnce(policyOf({pixels}, "2.0.8"), white).image;
        QCOMPARE(16 * 16 - cv::countNonZero(holes), 9);
        // Fractions of the side: 0.25 of 16 = 4.
        const json fractions = transform("CoarseDropout", {{"num_holes_range", {1, 1}}, {"hole_height_range", {0.25, 0.25}},
                                                           {"hole_width_range", {0.25, 0.25}}, {"fill", 7}});
        const cv::Mat filled = applyOnce(policyOf({fractions}, "2.0.8"), white).image;
        cv::Mat seven;
        cv::compare(filled, 7, seven, cv::CMP_EQ);
        QCOMPARE(cv::countNonZero(seven), 16);
        // The mask is covered only with a fill_mask.
        const cv::Mat mask(16, 16, CV_8UC1, cv::Scalar(1));
        json masked = pixels;
        masked["fill_mask"] = 255;
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({masked}, "2.0.8"), white, mask).mask == 255), 9);
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({pixels}, "2.0.8"), white, mask).mask == 1), 256);
        // The 1.x names are not 2.x arguments.
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("CoarseDropout", {{"max_holes", 2}})}, "2.0.8"));
    }

    void padIfNeededFillsByDefaultIn2x()
    {
        const cv::Mat image(2, 2, CV_8UC1, cv::Scalar(90));
        const json pad = transform("PadIfNeeded", {{"min_height", 4}, {"min_width", 4}});
        QCOMPARE(at(applyOnce(policyOf({pad}, "2.0.8"), image).image, 0, 0), 0);  // constant 0
        QCOMPARE(at(applyOnce(policyOf({pad}, "1.3.1"), image).image, 0, 0), 90); // reflect-101
        json filled = pad;
        filled["fill"] = 33;
        QCOMPARE(at(applyOnce(policyOf({filled}, "2.0.8"), image).image, 0, 0), 33);
    }

    void composeAsAlbumentationsXSavesIt()
    {
        // AlbumentationsX's Compose writes every setting, defaults and nulls included: those
        // that change nothing of an image and its mask load; one that would is refused.
        json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0},
                        {"transforms", json::array({{{"__class_fullname__", "HorizontalFlip"}, {"p", 1.0}}})},
                        {"bbox_params", nullptr}, {"keypoint_params", nullptr}, {"additional_targets", json::object()},
                        {"semantic_mask_label_mappings", nullptr}, {"is_check_shapes", true}, {"strict", false},
                        {"mask_interpolation", nullptr}, {"seed", nullptr}, {"save_applied_params", false},
                        {"telemetry", true}, {"instance_binding", nullptr}, {"strict_instance_invariant", true}};
        const json saved = {{"__version__", "2.7.0"}, {"transform", compose}};
        const cv::Mat image = ramp(2, 4, CV_8UC3);
        QCOMPARE(applyOnce(ReplayPolicy::fromJson(saved, "x.json"), image).image.at<cv::Vec3b>(0, 0)[0], uchar(30));
        // Converted to 1.x, none of them is written (1.x knows none).
        const json v1 = convertPolicy(saved, AlbumentationsTarget::V1);
        for (const char *key : {"telemetry", "instance_binding", "semantic_mask_label_mappings",
                                "strict_instance_invariant"})
            QVERIFY2(!v1["transform"].contains(key), key);
        for (const auto &[key, value] : {std::pair<const char *, json>{"semantic_mask_label_mappings",
                                                                       {{"HorizontalFlip", {{"2", 3}, {"3", 2}}}}},
                                         std::pair<const char *, json>{"mask_interpolation", 1},
                                         std::pair<const char *, json>{"instance_binding", {"mask", "bboxes"}}}) {
            json changed = saved;
            changed["transform"][key] = value;
            try {
                ReplayPolicy::fromJson(changed, "x.json");
                QFAIL(key);
            } catch (const ReplayError &error) {
                QVERIFY2(std::string(error.what()).find(std::string(key) + ": ") != std::string::npos
                             && std::string(error.what()).find("only null is replayed") != std::string::npos,
                         error.what());
            }
        }
    }

    void alwaysApplyIsGoneIn2x()
    {
        // 2.x drops always_apply (a transform with p = 0 never runs) and its ToTensorV2
        // refuses it.
        const cv::Mat image(2, 2, CV_8UC1, cv::Scalar(10));
        const json flip = transform("VerticalFlip", {{"p", 0.0}, {"always_apply", true}});
        cv::Mat tall(2, 1, CV_8UC1);
        tall.at<uchar>(0, 0) = 1;
        tall.at<uchar>(1, 0) = 2;
        QCOMPARE(at(applyOnce(policyOf({flip}, "2.0.8"), tall).image, 0, 0), 1);
        QCOMPARE(at(applyOnce(policyOf({flip}, "1.3.1"), tall).image, 0, 0), 2);
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({transform("ToTensorV2", {{"always_apply", true}})}, "2.0.8"));
    }

    void aYamlPolicySaysToSaveItAsJson()
    {
        // albumentations.save(..., data_format="yaml"): named as YAML, with the call that writes JSON.
        QTemporaryDir dir;
        const std::string path = dir.filePath("policy.yaml").toStdString();
        const std::string yaml = "__version__: 2.0.8\ntransform:\n  __class_fullname__: Compose\n  p: 1.0\n"
                                 "  transforms: []\n";
        std::ofstream(path) << yaml;
        const std::string expected = path + ": is a YAML policy; AugStudio reads JSON policies: save it with "
                                            "albumentations.save(transform, path, data_format='json')";
        try {
            ReplayPolicy::load(path);
            QFAIL("a YAML policy loaded");
        } catch (const ReplayError &error) {
            QCOMPARE(std::string(error.what()), expected);
        }
        // After comments and a document start, and with `transform:` first; other text is not JSON.
        for (const std::string text : {"# saved\n---\ntransform:\n  p: 1\n", "'__version__': 1.3.1\n"})
            try {
                parsePolicyJson(text, "p.yml");
                QFAIL("YAML parsed");
            } catch (const PolicyFileError &error) {
                QVERIFY2(error.reason().find("is a YAML policy") == 0, error.what());
            }
        try {
            parsePolicyJson("transforms: []\n", "p.txt");
            QFAIL("not JSON parsed");
        } catch (const PolicyFileError &error) {
            QVERIFY2(error.reason().find("not valid JSON") == 0, error.what());
        }
        // nlohmann's own text ("[json.exception.parse_error.101] parse error at ...") and raw
        // bytes reached the user.
        const struct
        {
            std::string text;
            std::string reason;
        } bad[] = {
            {"", "is empty: a policy file is the JSON that albumentations.save writes"},
            {" \n", "is empty: a policy file is the JSON that albumentations.save writes"},
            {"{\"p\": 1,}", "not valid JSON at line 1, column 9: unexpected '}'; expected string literal"},
            {"{\"p\": 1e999}", "not valid JSON: number overflow parsing '1e999'"},
            {"{\"Aff\xe9ine\": 1}", "not valid JSON at line 1, column 7: invalid string: ill-formed UTF-8 byte; "
                                     "last read: '\"Aff\\xe9i'; expected string literal"},
        };
        for (const auto &c : bad)
            try {
                parsePolicyJson(c.text, "p.json");
                QFAIL("not JSON parsed");
            } catch (const PolicyFileError &error) {
                QCOMPARE(error.reason(), c.reason);
            }
    }

    // --- Albumentations 1.4.x: names and meanings that changed within 1.x ---

    void coarseDropout14xRangesLoad()
    {
        // As 1.4.5 to 1.4.21 save it (num_holes_range ..., fill_value, mask_fill_value).
        const cv::Mat white(16, 16, CV_8UC1, cv::Scalar(255));
        const json saved = transform("CoarseDropout", {{"always_apply", false}, {"num_holes_range", {1, 1}},
                                                       {"hole_height_range", {3, 3}}, {"hole_width_range", {3, 3}},
                                                       {"fill_value", 0}, {"mask_fill_value", nullptr}});
        for (const char *version : {"1.4.5", "1.4.18", "1.4.21"})
            QCOMPARE(16 * 16 - cv::countNonZero(applyOnce(policyOf({saved}, version), white).image), 9);
        // The first height a float: fractions of the side (0.25 of 16 = 4).
        json fractions = saved;
        fractions["hole_height_range"] = {0.25, 0.25};
        fractions["hole_width_range"] = {0.25, 0.25};
        fractions["fill_value"] = 7;
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({fractions}, "1.4.21"), white).image == 7), 16);
        // Pixel holes are capped at the image's side, where 1.3.1 fails.
        json large = saved;
        large["hole_height_range"] = {16, 40};
        large["hole_width_range"] = {16, 40};
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({large}, "1.4.21"), white).image), 0);
        QVERIFY_THROWS_EXCEPTION(ReplayError,
                                 applyOnce(policyOf({transform("CoarseDropout", {{"max_holes", 1}, {"max_height", 40},
                                                                                 {"max_width", 40}})},
                                                    "1.3.1"),
                                           white));
        // A mask is covered with mask_fill_value only.
        const cv::Mat mask(16, 16, CV_8UC1, cv::Scalar(1));
        json masked = saved;
        masked["mask_fill_value"] = 255;
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({masked}, "1.4.18"), white, mask).mask == 255), 9);
        QCOMPARE(cv::countNonZero(applyOnce(policyOf({saved}, "1.4.18"), white, mask).mask == 1), 256);
        // From 1.4.5 the defaults are one 8x8 hole, not 1.3.1's eight.
        QCOMPARE(16 * 16 - cv::countNonZero(applyOnce(policyOf({transform("CoarseDropout")}, "1.4.24"), white).image),
                 64);
        // The ranges are no argument of 1.4.4; fill is none of 1.4.21.
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({saved}, "1.4.4"));
        json fill = saved;
        fill.erase("fill_value");
        fill["fill"] = 0;
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({fill}, "1.4.21"));
    }

    void coarseDropout1424ReadsFill()
    {
        // 1.4.22 to 1.4.24 save fill and fill_mask.
        const cv::Mat white(16, 16, CV_8UC1, cv::Scalar(255));
        const cv::Mat mask(16, 16, CV_8UC1, cv::Scalar(1));
        const json saved = transform("CoarseDropout", {{"always_apply", false}, {"num_holes_range", {1, 1}},
                                                       {"hole_height_range", {2, 2}}, {"hole_width_range", {5, 5}},
                                                       {"fill", 9}, {"fill_mask", 255}});
        const ReplayResult r = applyOnce(policyOf({saved}, "1.4.24"), white, mask);
        QCOMPARE(cv::countNonZero(r.image == 9), 10);
        QCOMPARE(cv::countNonZero(r.mask == 255), 10);
        // The reported file: fill_value and mask_fill_value at what 1.4.24 uses anyway (fill 0,
        // no fill_mask) load; 1.4.24 ignores them, so another value is refused, by its path.
        const json reported = json::parse(R"({"__version__":"1.4.24","transform":{"__class_fullname__":"Compose","p":1.0,
            "transforms":[{"__class_fullname__":"CoarseDropout","always_apply":false,"p":0.5,"num_holes_range":[1,8],
            "hole_height_range":[8,8],"hole_width_range":[8,8],"fill_value":0,"mask_fill_value":null}],
            "bbox_params":null,"keypoint_params":null,"additional_targets":{}}})");
        QCOMPARE(ReplayPolicy::fromJson(reported, "v1424.json").transformCount(), 1);
        json ignored = reported;
        ignored["transform"]["transforms"][0]["fill_value"] = 5;
        try {
            ReplayPolicy::fromJson(ignored, "v1424.json");
            QFAIL("an ignored fill_value was replayed");
        } catch (const ReplayError &error) {
            QCOMPARE(error.jsonPath(), std::string("transform.transforms[0].fill_value"));
        }
        // 1.4.23 and 1.4.24 refuse sizes below 1: fractions do not load there.
        json fractions = saved;
        fractions["hole_height_range"] = {0.1, 0.2};
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({fractions}, "1.4.24"));
        QCOMPARE(policyOf({fractions}, "1.4.22").transformCount(), 1);
    }

    void shiftScaleRotateFrom144IsAnAffine()
    {
        // From 1.4.4 one scale per axis: a centred square stays square in 1.3.1 only.
        cv::Mat square(64, 64, CV_8UC1, cv::Scalar(0));
        square(cv::Rect(16, 16, 32, 32)).setTo(255);
        const json ssr = transform("ShiftScaleRotate", {{"shift_limit", 0}, {"scale_limit", {-0.5, 0.5}},
                                                        {"rotate_limit", 0}, {"border_mode", 0}, {"interpolation", 0}});
        int squares131 = 0, squares1424 = 0;
        for (int seed = 0; seed < 8; ++seed) {
            for (const char *version : {"1.3.1", "1.4.4"}) {
                std::mt19937_64 rng(seed);
                const cv::Rect box = cv::boundingRect(policyOf({ssr}, version).apply(square, {}, rng).image);
                (std::string(version) == "1.3.1" ? squares131 : squares1424) += std::abs(box.width - box.height) <= 1;
            }
        }
        QCOMPARE(squares131, 8);
        QVERIFY(squares1424 < 8);
        // Whole pixels from 1.4.22: 0.19 of 20 px moves 3 px there, 3.8 px before.
        const cv::Mat image = ramp(4, 20, CV_8UC1);
        const json shift = transform("ShiftScaleRotate", {{"shift_limit_x", {0.19, 0.19}}, {"shift_limit_y", {0, 0}},
                                                          {"scale_limit", {0, 0}}, {"rotate_limit", {0, 0}},
                                                          {"fill", 0}, {"fill_mask", 0}, {"mask_interpolation", 0}});
        QCOMPARE(at(applyOnce(policyOf({shift}, "1.4.24"), image).image, 1, 10), 70);
        json old = shift;
        for (const char *key : {"fill", "fill_mask", "mask_interpolation"})
            old.erase(key);
        QCOMPARE(at(applyOnce(policyOf({old}, "1.4.21"), image).image, 1, 10), 62);
    }

    void pixelTransformsFollowTheir14xRelease()
    {
        // Solarize: threshold_range (fractions) from 1.4.22; its old threshold divided by 255.
        const cv::Mat line = ramp(1, 26, CV_8UC1);
        const json solarize = transform("Solarize", {{"threshold_range", {0.5, 0.5}}});
        QCOMPARE(at(applyOnce(policyOf({solarize}, "1.4.24"), line).image, 0, 13), 255 - 130);
        QCOMPARE(at(applyOnce(policyOf({solarize}, "1.4.24"), line).image, 0, 12), 120);
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({solarize}, "1.4.21"));
        const json old = transform("Solarize", {{"threshold", 0.5}});
        QCOMPARE(at(applyOnce(policyOf({old}, "1.4.24"), line).image, 0, 12), 120); // 0.5 of 255
        QCOMPARE(at(applyOnce(policyOf({old}, "1.4.21"), line).image, 0, 12), 255 - 120); // 0.5 itself
        // RandomBrightnessContrast(brightness_by_max=false): β·mean(image) from 1.4.9.
        const cv::Mat grey(2, 2, CV_8UC1, cv::Scalar(100));
        const json bc = transform("RandomBrightnessContrast", {{"brightness_limit", {0.1, 0.1}}, {"contrast_limit", {1, 1}},
                                                               {"brightness_by_max", false}});
        QCOMPARE(at(applyOnce(policyOf({bc}, "1.4.9"), grey).image, 0, 0), 210);
        QCOMPARE(at(applyOnce(policyOf({bc}, "1.4.8"), grey).image, 0, 0), 220);
        json safe = bc;
        safe["ensure_safe_range"] = false;
        QCOMPARE(at(applyOnce(policyOf({safe}, "1.4.24"), grey).image, 0, 0), 210);
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({safe}, "1.4.21"));
        // RGBShift: limits within ±1 are fractions of the maximum from 1.4.22.
        const cv::Mat colour(2, 2, CV_8UC3, cv::Scalar(100, 100, 100));
        const json shift = transform("RGBShift", {{"r_shift_limit", {0.1, 0.1}}, {"g_shift_limit", {0, 0}},
                                                  {"b_shift_limit", {30, 30}}});
        QCOMPARE(at(applyOnce(policyOf({shift}, "1.4.24"), colour).image, 0, 0, 0), 125);
        QCOMPARE(at(applyOnce(policyOf({shift}, "1.4.21"), colour).image, 0, 0, 0), 100);
    }

    void preprocessingTakes14xNames()
    {
        const cv::Mat image(8, 8, CV_8UC3, cv::Scalar(50, 60, 70));
        // mask_interpolation from 1.4.19; PadIfNeeded's fill from 1.4.22, still reflecting by default.
        const json resize = transform("Resize", {{"height", 4}, {"width", 4}, {"interpolation", 1}, {"mask_interpolation", 0}});
        QCOMPARE(applyOnce(policyOf({resize}, "1.4.19"), image).image.rows, 4);
        QVERIFY_THROWS_EXCEPTION(ReplayError, policyOf({resize}, "1.4.18"));
        const json pad = transform("PadIfNeeded", {{"min_height", 10}, {"min_width", 10}, {"border_mode", 0},
                                                   {"position", "center"}, {"fill", 9}, {"fill_mask", 0}});
        QCOMPARE(at(applyOnce(policyOf({pad}, "1.4.24"), image).image, 0, 0), 9);
    }

    void brightnessWithoutByMaxUsesTheMean()
    {
        // 2.x adds beta·mean(image); 1.x beta·alpha·mean(image).
        const cv::Mat image(2, 2, CV_8UC1, cv::Scalar(100));
        const json bc = transform("RandomBrightnessContrast", {{"brightness_limit", {0.1, 0.1}}, {"contrast_limit", {1, 1}},
                                                               {"brightness_by_max", false}});
        QCOMPARE(at(applyOnce(policyOf({bc}, "2.0.8"), image).image, 0, 0), 210); // 2·100 + 0.1·100
        QCOMPARE(at(applyOnce(policyOf({bc}, "1.3.1"), image).image, 0, 0), 220); // 2·100 + 0.1·2·100
    }
};

QTEST_GUILESS_MAIN(TestReplayV2)
#include "test_replay_v2.moc"
