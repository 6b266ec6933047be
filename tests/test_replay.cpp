// Replaying Albumentations policies: each transform on known inputs, the composition rules,
// the three file styles (AugStudio, AutoAlbument 0.5.x, Albumentations 1.x) and bad files.

#include "config/SearchConfig.h"
#include "data/Preprocessor.h"
#include "ops/OperationCatalog.h"
#include "policy/AlbumentationsExport.h"
#include "policy/PolicySnapshot.h"
#include "replay/RectangleFill.h"
#include "replay/ReplayPolicy.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>

using namespace augstudio;
using nlohmann::json;

namespace {

const std::string kPolicies = std::string(AUGSTUDIO_TEST_DATA_DIR) + "/policies/";

json transform(const std::string &name, json parameters = json::object())
{
    parameters["__class_fullname__"] = name;
    if (!parameters.contains("p"))
        parameters["p"] = 1.0;
    return parameters;
}

json document(const std::vector<json> &transforms)
{
    json compose = {{"__class_fullname__", "Compose"}, {"p", 1.0}};
    compose["transforms"] = json(transforms);
    return {{"__version__", "1.3.1"}, {"transform", compose}};
}

// A composition of the given class holding `children`.
json composition(const std::string &name, double p, const std::vector<json> &children)
{
    json object = {{"__class_fullname__", name}, {"p", p}};
    object["transforms"] = json(children);
    return object;
}

ReplayPolicy policyOf(const std::vector<json> &transforms)
{
    return ReplayPolicy::fromJson(document(transforms), "test.json");
}

ReplayResult applyOnce(const ReplayPolicy &policy, const cv::Mat &image, const cv::Mat &mask = {},
                       std::uint64_t seed = 1, ReplayOptions options = {})
{
    std::mt19937_64 rng(seed);
    return policy.apply(image, mask, rng, options);
}

// h×w RGB image whose pixel (y, x) is (10y + x, 100 + x, 200 - y).
cv::Mat indexImage(int h, int w)
{
    cv::Mat image(h, w, CV_8UC3);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            image.at<cv::Vec3b>(y, x) = cv::Vec3b(10 * y + x, 100 + x, 200 - y);
    return image;
}

cv::Mat indexMask(int h, int w)
{
    cv::Mat mask(h, w, CV_8UC1);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            mask.at<uchar>(y, x) = static_cast<uchar>(y * w + x);
    return mask;
}

// A policy of the default operations with equal weights, each applied with `probability` at
// magnitudes 0.3, 0.33, ..., for `side` × `side` images.
PolicySnapshot snapshotOfEveryOperation(int subPolicies, int stages, int side, double probability)
{
    PolicySnapshot snapshot;
    snapshot.numSubPolicies = subPolicies;
    snapshot.numStages = stages;
    snapshot.operations = resolveOperations({});
    snapshot.imageHeight = snapshot.imageWidth = side;
    for (int i = 0; i < subPolicies * stages; ++i)
        for (size_t o = 0; o < snapshot.operations.size(); ++o)
            snapshot.states.push_back({1.0 / snapshot.operations.size(), probability, 0.3 + 0.03 * o});
    return snapshot;
}

bool equal(const cv::Mat &a, const cv::Mat &b)
{
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

// The message of the ReplayError thrown by `f`, or "" if none.
template <typename F>
QString replayErrorOf(F f)
{
    try {
        f();
    } catch (const ReplayError &error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

QString loadError(const json &doc)
{
    return replayErrorOf([&] { ReplayPolicy::fromJson(doc, "bad.json"); });
}

// Fraction of `runs` seeds for which `changed` holds.
template <typename F>
double fractionOf(int runs, F changed)
{
    int count = 0;
    for (int seed = 0; seed < runs; ++seed)
        count += changed(static_cast<std::uint64_t>(seed)) ? 1 : 0;
    return count / static_cast<double>(runs);
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private slots:
    void holesFillTheSameWhateverTheirNumber()
    {
        // Past a few dozen holes their union is filled at once; it must be the pixels that
        // filling each hole in turn sets, on colour, grey and float images alike.
        std::mt19937 random(7);
        for (const int type : {CV_8UC3, CV_8UC1, CV_32FC3}) {
            for (const int count : {0, 5, 32, 33, 400, 5000}) {
                cv::Mat image(37, 53, type);
                cv::randu(image, 0, 200);
                std::vector<cv::Rect> holes;
                for (int n = 0; n < count; ++n) {
                    const int h = std::uniform_int_distribution<int>(0, n % 7 == 0 ? 37 : 6)(random);
                    const int w = std::uniform_int_distribution<int>(0, n % 7 == 0 ? 53 : 6)(random);
                    holes.emplace_back(std::uniform_int_distribution<int>(0, 53 - w)(random),
                                       std::uniform_int_distribution<int>(0, 37 - h)(random), w, h);
                }
                cv::Mat expected = image.clone();
                for (const cv::Rect &hole : holes)
                    expected(hole).setTo(cv::Scalar(1, 2, 3));
                cv::Mat filled = image.clone();
                fillRectangles(filled, holes, cv::Scalar(1, 2, 3));
                QVERIFY2(cv::norm(filled, expected, cv::NORM_INF) == 0,
                         qPrintable(QStringLiteral("type %1, %2 holes").arg(type).arg(count)));
            }
        }
    }

    // --- single transforms ---

    void horizontalFlipMirrorsImageAndMask()
    {
        const cv::Mat image = indexImage(3, 5), mask = indexMask(3, 5);
        const ReplayResult r = applyOnce(policyOf({transform("HorizontalFlip")}), image, mask);
        for (int y = 0; y < 3; ++y) {
            for (int x = 0; x < 5; ++x) {
                QCOMPARE(r.image.at<cv::Vec3b>(y, x), image.at<cv::Vec3b>(y, 4 - x));
                QCOMPARE(r.mask.at<uchar>(y, x), mask.at<uchar>(y, 4 - x));
            }
        }
    }

    void verticalFlipMirrorsImageAndMask()
    {
        const cv::Mat image = indexImage(4, 3), mask = indexMask(4, 3);
        const ReplayResult r = applyOnce(policyOf({transform("VerticalFlip")}), image, mask);
        for (int y = 0; y < 4; ++y) {
            for (int x = 0; x < 3; ++x) {
                QCOMPARE(r.image.at<cv::Vec3b>(y, x), image.at<cv::Vec3b>(3 - y, x));
                QCOMPARE(r.mask.at<uchar>(y, x), mask.at<uchar>(3 - y, x));
            }
        }
    }

    void shiftMovesByTheGivenFraction()
    {
        // 0.25 of 8 columns = 2 pixels right, 0.5 of 4 rows = 2 rows down; constant border 0,
        // the mask's border gets mask_value.
        const cv::Mat image = indexImage(4, 8), mask = indexMask(4, 8);
        const json ssr = transform("ShiftScaleRotate", {{"shift_limit_x", {0.25, 0.25}},
                                                        {"shift_limit_y", {0.5, 0.5}},
                                                        {"scale_limit", {0, 0}},
                                                        {"rotate_limit", {0, 0}},
                                                        {"border_mode", 0},
                                                        {"mask_value", 77}});
        const ReplayResult r = applyOnce(policyOf({ssr}), image, mask);
        for (int y = 0; y < 4; ++y) {
            for (int x = 0; x < 8; ++x) {
                const bool inside = y >= 2 && x >= 2;
                QCOMPARE(r.image.at<cv::Vec3b>(y, x), inside ? image.at<cv::Vec3b>(y - 2, x - 2) : cv::Vec3b(0, 0, 0));
                QCOMPARE(r.mask.at<uchar>(y, x), inside ? mask.at<uchar>(y - 2, x - 2) : uchar(77));
            }
        }
    }

    void positiveRotationTurnsCounterClockwise()
    {
        // 5x5, centre pixel (2, 2): the pixel right of the centre goes to the top.
        cv::Mat image(5, 5, CV_8UC3, cv::Scalar::all(0));
        image.at<cv::Vec3b>(2, 4) = cv::Vec3b(255, 255, 255);
        cv::Mat mask(5, 5, CV_8UC1, cv::Scalar(0));
        mask.at<uchar>(2, 4) = 3;
        const json ssr = transform("ShiftScaleRotate", {{"shift_limit", 0}, {"scale_limit", 0},
                                                        {"rotate_limit", {90, 90}}, {"border_mode", 0}});
        const ReplayResult r = applyOnce(policyOf({ssr}), image, mask);
        QCOMPARE(r.image.at<cv::Vec3b>(0, 2), cv::Vec3b(255, 255, 255));
        QCOMPARE(cv::countNonZero(r.image.reshape(1)), 3);
        QCOMPARE(r.mask.at<uchar>(0, 2), uchar(3));
        QCOMPARE(cv::countNonZero(r.mask), 1);
    }

    void scaleGrowsAboutTheCentre()
    {
        // scale_limit 1 → scale 2 about the centre of a 9x9 image: offset 1 becomes offset 2.
        cv::Mat image(9, 9, CV_8UC3, cv::Scalar::all(0));
        image.at<cv::Vec3b>(4, 5) = cv::Vec3b(200, 200, 200);
        const json ssr = transform("ShiftScaleRotate", {{"shift_limit", 0}, {"scale_limit", {1, 1}},
                                                        {"rotate_limit", 0}, {"interpolation", 0}});
        const ReplayResult r = applyOnce(policyOf({ssr}), image);
        QCOMPARE(r.image.at<cv::Vec3b>(4, 6), cv::Vec3b(200, 200, 200));
        QCOMPARE(r.image.at<cv::Vec3b>(4, 4), cv::Vec3b(0, 0, 0));
    }

    void solarizeInvertsFromTheThreshold()
    {
        cv::Mat ramp(1, 256, CV_8UC3);
        for (int i = 0; i < 256; ++i)
            ramp.at<cv::Vec3b>(0, i) = cv::Vec3b(i, i, i);
        const ReplayResult r = applyOnce(policyOf({transform("Solarize", {{"threshold", 128}})}), ramp);
        for (int i = 0; i < 256; ++i)
            QCOMPARE(int(r.image.at<cv::Vec3b>(0, i)[0]), i < 128 ? i : 255 - i);

        cv::Mat floats;
        ramp.convertTo(floats, CV_32FC3, 1.0 / 255.0);
        const ReplayResult f = applyOnce(policyOf({transform("Solarize", {{"threshold", {0.5, 0.5}}})}), floats);
        for (int i = 0; i < 256; ++i) {
            const float x = floats.at<cv::Vec3f>(0, i)[1];
            QCOMPARE(f.image.at<cv::Vec3f>(0, i)[1], x >= 0.5f ? 1.0f - x : x);
        }
    }

    void invertImgIsSolarizeFromZero()
    {
        cv::Mat ramp(1, 256, CV_8UC3);
        for (int i = 0; i < 256; ++i)
            ramp.at<cv::Vec3b>(0, i) = cv::Vec3b(i, i, i);
        const ReplayResult inverted = applyOnce(policyOf({transform("InvertImg", {{"p", 1.0}})}), ramp);
        const ReplayResult solarized = applyOnce(policyOf({transform("Solarize", {{"threshold", 0}})}), ramp);
        for (int i = 0; i < 256; ++i) {
            QCOMPARE(int(inverted.image.at<cv::Vec3b>(0, i)[2]), 255 - i);
            QCOMPARE(inverted.image.at<cv::Vec3b>(0, i), solarized.image.at<cv::Vec3b>(0, i));
        }
        cv::Mat floats;
        ramp.convertTo(floats, CV_32FC3, 1.0 / 255.0);
        const ReplayResult f = applyOnce(policyOf({transform("InvertImg", {{"p", 1.0}})}), floats);
        for (int i = 0; i < 256; ++i)
            QCOMPARE(f.image.at<cv::Vec3f>(0, i)[0], 1.0f - floats.at<cv::Vec3f>(0, i)[0]);
    }

    void rgbShiftMovesEachChannel()
    {
        cv::Mat image(1, 3, CV_8UC3);
        image.at<cv::Vec3b>(0, 0) = {100, 100, 100};
        image.at<cv::Vec3b>(0, 1) = {250, 5, 0};
        image.at<cv::Vec3b>(0, 2) = {0, 255, 128};
        const json shift = transform("RGBShift", {{"r_shift_limit", {10.7, 10.7}}, {"g_shift_limit", {-10, -10}},
                                                  {"b_shift_limit", {0, 0}}});
        const ReplayResult r = applyOnce(policyOf({shift}), image);
        // uint8: added, clipped to [0, 255], truncated as Albumentations' look-up table does.
        QCOMPARE(r.image.at<cv::Vec3b>(0, 0), cv::Vec3b(110, 90, 100));
        QCOMPARE(r.image.at<cv::Vec3b>(0, 1), cv::Vec3b(255, 0, 0));
        QCOMPARE(r.image.at<cv::Vec3b>(0, 2), cv::Vec3b(10, 245, 128));

        cv::Mat floats(1, 1, CV_32FC3, cv::Scalar(0.5, 0.95, 0.2));
        const json floatShift = transform("RGBShift", {{"r_shift_limit", {0.25, 0.25}}, {"g_shift_limit", {0.25, 0.25}},
                                                       {"b_shift_limit", {-0.5, -0.5}}});
        const cv::Vec3f out = applyOnce(policyOf({floatShift}), floats).image.at<cv::Vec3f>(0, 0);
        QCOMPARE(out, cv::Vec3f(0.75f, 1.0f, 0.0f));
    }

    void brightnessAndContrast()
    {
        cv::Mat image(1, 2, CV_8UC3);
        image.at<cv::Vec3b>(0, 0) = {100, 100, 100};
        image.at<cv::Vec3b>(0, 1) = {200, 10, 0};
        // Brightness by max: + 0.1·255 = 25.5, truncated.
        const json brightness = transform("RandomBrightnessContrast", {{"brightness_limit", {0.1, 0.1}},
                                                                       {"contrast_limit", {0, 0}}});
        const ReplayResult b = applyOnce(policyOf({brightness}), image);
        QCOMPARE(b.image.at<cv::Vec3b>(0, 0), cv::Vec3b(125, 125, 125));
        QCOMPARE(b.image.at<cv::Vec3b>(0, 1), cv::Vec3b(225, 35, 25));
        // Contrast multiplies by 1 + limit, clipped.
        const json contrast = transform("RandomBrightnessContrast", {{"brightness_limit", 0}, {"contrast_limit", {0.5, 0.5}}});
        const ReplayResult c = applyOnce(policyOf({contrast}), image);
        QCOMPARE(c.image.at<cv::Vec3b>(0, 0), cv::Vec3b(150, 150, 150));
        QCOMPARE(c.image.at<cv::Vec3b>(0, 1), cv::Vec3b(255, 15, 0));
        // float32: the maximum is 1.
        cv::Mat floats(1, 1, CV_32FC3, cv::Scalar(0.5, 0.2, 0.9));
        const json both = transform("RandomBrightnessContrast", {{"brightness_limit", {0.1, 0.1}},
                                                                 {"contrast_limit", {1.0, 1.0}}});
        const cv::Vec3f out = applyOnce(policyOf({both}), floats).image.at<cv::Vec3f>(0, 0);
        QVERIFY(std::abs(out[0] - 1.0f) < 1e-6f && std::abs(out[1] - 0.5f) < 1e-6f && out[2] == 1.0f);
    }

    void coarseDropoutHolesHaveTheGivenCountAndSize()
    {
        const cv::Mat white(32, 32, CV_8UC3, cv::Scalar::all(255));
        const cv::Mat mask(32, 32, CV_8UC1, cv::Scalar(1));
        const json one = transform("CoarseDropout", {{"min_holes", 1}, {"max_holes", 1}, {"min_height", 5},
                                                     {"max_height", 5}, {"min_width", 7}, {"max_width", 7},
                                                     {"fill_value", 0}, {"mask_fill_value", 9}});
        for (std::uint64_t seed = 0; seed < 10; ++seed) {
            const ReplayResult r = applyOnce(policyOf({one}), white, mask, seed);
            cv::Mat grey, holes;
            cv::extractChannel(r.image, grey, 0);
            cv::compare(grey, 0, holes, cv::CMP_EQ);
            QCOMPARE(cv::countNonZero(holes), 35);
            QCOMPARE(cv::boundingRect(holes).size(), cv::Size(7, 5));
            cv::Mat maskHoles;
            cv::compare(r.mask, 9, maskHoles, cv::CMP_EQ);
            QCOMPARE(cv::boundingRect(maskHoles), cv::boundingRect(holes));
        }
        // Without mask_fill_value the mask is left as it is; fractions size holes by the side.
        const json fractions = transform("CoarseDropout", {{"max_holes", 1}, {"max_height", 0.25}, {"max_width", 0.5},
                                                           {"fill_value", {10, 20, 30}}});
        const ReplayResult f = applyOnce(policyOf({fractions}), white, mask);
        QVERIFY(equal(f.mask, mask));
        cv::Mat holes;
        cv::inRange(f.image, cv::Scalar(10, 20, 30), cv::Scalar(10, 20, 30), holes);
        QCOMPARE(cv::boundingRect(holes).size(), cv::Size(16, 8));
        QCOMPARE(cv::countNonZero(holes), 128);
        // Hole counts from min_holes to max_holes: 1x1 holes on a 64x64 image rarely meet.
        const cv::Mat big(64, 64, CV_8UC3, cv::Scalar::all(255));
        const json several = transform("CoarseDropout", {{"min_holes", 2}, {"max_holes", 4}, {"max_height", 1},
                                                         {"max_width", 1}});
        std::set<int> counts;
        for (std::uint64_t seed = 0; seed < 40; ++seed) {
            cv::Mat grey;
            cv::extractChannel(applyOnce(policyOf({several}), big, {}, seed).image, grey, 0);
            const int covered = 64 * 64 - cv::countNonZero(grey);
            QVERIFY(covered >= 1 && covered <= 4);
            counts.insert(covered);
        }
        QVERIFY(counts.count(2) && counts.count(3) && counts.count(4));
    }

    void holeLargerThanImageIsReported()
    {
        const json big = transform("CoarseDropout", {{"max_holes", 1}, {"max_height", 40}, {"max_width", 4}});
        const ReplayPolicy policy = policyOf({transform("NoOp"), big});
        const QString message = replayErrorOf([&] { applyOnce(policy, cv::Mat(32, 32, CV_8UC3, cv::Scalar(0))); });
        QVERIFY2(message.contains("test.json") && message.contains("transform.transforms[1]")
                     && message.contains("40x4"),
                 qPrintable(message));
    }

    void normalizeUsesMeanStdAndMaxPixelValue()
    {
        cv::Mat image(1, 1, CV_8UC3, cv::Scalar(255, 0, 51));
        const json normalize = transform("Normalize", {{"mean", {0.5, 0.5, 0.2}}, {"std", {0.25, 0.5, 0.1}},
                                                       {"max_pixel_value", 255.0}});
        const ReplayPolicy policy = policyOf({normalize, transform("ToTensorV2", {{"transpose_mask", true}})});
        const ReplayResult r = applyOnce(policy, image);
        QVERIFY(r.normalized);
        QCOMPARE(r.image.type(), CV_32FC3);
        const cv::Vec3f v = r.image.at<cv::Vec3f>(0, 0);
        QVERIFY(std::abs(v[0] - 2.0f) < 1e-5f && std::abs(v[1] + 1.0f) < 1e-5f && std::abs(v[2] - 0.0f) < 1e-5f);
        // For float32 input the maximum is 1.
        const json floatNormalize = transform("Normalize", {{"mean", 0.5}, {"std", 0.25}, {"max_pixel_value", 1.0}});
        const ReplayResult f = applyOnce(policyOf({floatNormalize}), cv::Mat(1, 1, CV_32FC3, cv::Scalar(1.0, 0.5, 0.0)));
        QCOMPARE(f.image.at<cv::Vec3f>(0, 0), cv::Vec3f(2.0f, 0.0f, -2.0f));
        // normalize = false: an image of the input's type, for writing files.
        const ReplayResult skipped = applyOnce(policy, image, {}, 1, ReplayOptions{false, true});
        QVERIFY(!skipped.normalized);
        QVERIFY(equal(skipped.image, image));
        QCOMPARE(policy.normalization()->mean[2], 0.2);
    }

    void noOpChangesNothing()
    {
        const cv::Mat image = indexImage(3, 3), mask = indexMask(3, 3);
        const ReplayResult r = applyOnce(policyOf({transform("NoOp")}), image, mask);
        QVERIFY(equal(r.image, image));
        QVERIFY(equal(r.mask, mask));
    }

    void preprocessingResizesImageAndMask()
    {
        const cv::Mat image = indexImage(8, 8), mask = indexMask(8, 8);
        const ReplayPolicy policy = policyOf({transform("Resize", {{"height", 4}, {"width", 6}}),
                                              transform("CenterCrop", {{"height", 2}, {"width", 2}})});
        const ReplayResult r = applyOnce(policy, image, mask);
        QCOMPARE(r.image.size(), cv::Size(2, 2));
        QCOMPARE(r.mask.size(), cv::Size(2, 2));
        // Nearest for the mask: every value is one of the input's.
        for (int i = 0; i < 4; ++i)
            QVERIFY(r.mask.at<uchar>(i / 2, i % 2) < 64);
    }

    // --- compositions ---

    void oneOfNormalisesItsChildrenAndForcesTheChoice()
    {
        // Children with p 0.3 and 0.1 are chosen 3:1, and the chosen one always applies.
        const cv::Mat image = indexImage(2, 2);
        const json oneOf = composition("OneOf", 1.0, {transform("HorizontalFlip", {{"p", 0.3}}),
                                                      transform("VerticalFlip", {{"p", 0.1}})});
        const ReplayPolicy policy = policyOf({oneOf});
        int horizontal = 0, vertical = 0;
        const int runs = 4000;
        for (int seed = 0; seed < runs; ++seed) {
            const cv::Mat out = applyOnce(policy, image, {}, seed).image;
            horizontal += out.at<cv::Vec3b>(0, 0) == image.at<cv::Vec3b>(0, 1);
            vertical += out.at<cv::Vec3b>(0, 0) == image.at<cv::Vec3b>(1, 0);
        }
        QCOMPARE(horizontal + vertical, runs);
        // 4 standard errors of a proportion of 0.75 over 4000 runs: 0.027.
        QVERIFY(std::abs(horizontal / double(runs) - 0.75) < 0.027);
    }

    void sequentialRunsWithItsPOrWhenChosen()
    {
        const cv::Mat image = indexImage(2, 2);
        auto flipped = [&](const ReplayPolicy &policy) {
            return [&](std::uint64_t seed) { return applyOnce(policy, image, {}, seed).image.at<cv::Vec3b>(0, 0)
                                                    == image.at<cv::Vec3b>(0, 1); };
        };
        const json sequential = composition("Sequential", 0.3, {transform("HorizontalFlip", {{"p", 1.0}})});
        // On its own, from 1.4.4, it runs with its p (0.3); standard error over 4000 runs 0.007.
        json since144 = document({sequential});
        since144["__version__"] = "1.4.4";
        const ReplayPolicy alone = ReplayPolicy::fromJson(since144, "test.json");
        QVERIFY(std::abs(fractionOf(4000, flipped(alone)) - 0.3) < 0.03);
        // Up to 1.4.3 (this file says 1.3.1) a Sequential runs always: its p is read, not drawn.
        QCOMPARE(fractionOf(400, flipped(policyOf({sequential}))), 1.0);
        // Chosen by a OneOf it always runs; its children keep their own p (0.5).
        json halfFlip = sequential;
        halfFlip["p"] = 0.01;
        halfFlip["transforms"][0]["p"] = 0.5;
        const ReplayPolicy chosen = policyOf({composition("OneOf", 1.0, {halfFlip})});
        QVERIFY(std::abs(fractionOf(4000, flipped(chosen)) - 0.5) < 0.032);
    }

    void composeThatDoesNotRunStillRunsAlwaysApply()
    {
        const cv::Mat image = indexImage(2, 2);
        const json inner = composition("Compose", 0.0, {transform("HorizontalFlip", {{"p", 0.0}, {"always_apply", true}}),
                                                        transform("VerticalFlip", {{"p", 1.0}})});
        const cv::Mat out = applyOnce(policyOf({inner}), image).image;
        QCOMPARE(out.at<cv::Vec3b>(0, 0), image.at<cv::Vec3b>(0, 1)); // flipped left-right only
    }

    void seededAndDeterministic()
    {
        const ReplayPolicy policy = ReplayPolicy::load(kPolicies + "albumentations-1.x.json");
        const cv::Mat image = indexImage(32, 32), mask = indexMask(32, 32);
        const ReplayResult a = applyOnce(policy, image, mask, 5), b = applyOnce(policy, image, mask, 5);
        QVERIFY(equal(a.image, b.image) && equal(a.mask, b.mask));
        bool anyDifferent = false;
        for (std::uint64_t seed = 6; seed < 12; ++seed)
            anyDifferent = anyDifferent || !equal(applyOnce(policy, image, mask, seed).image, a.image);
        QVERIFY(anyDifferent);
        // The caller's image is never written to.
        QVERIFY(equal(image, indexImage(32, 32)));
    }

    void augmentFalseKeepsPreprocessingAndNormalize()
    {
        const ReplayPolicy policy = policyOf({transform("Resize", {{"height", 4}, {"width", 4}}),
                                              transform("HorizontalFlip"), transform("Normalize")});
        const cv::Mat image = indexImage(8, 8);
        const ReplayResult validation = applyOnce(policy, image, {}, 1, ReplayOptions{false, false});
        const ReplayResult resizeOnly = applyOnce(policyOf({transform("Resize", {{"height", 4}, {"width", 4}})}), image);
        QVERIFY(equal(validation.image, resizeOnly.image));
    }

    // --- the three file styles ---

    void loadsAugStudioFile()
    {
        const ReplayPolicy policy = ReplayPolicy::load(kPolicies + "augstudio.json");
        QCOMPARE(policy.version(), std::string("1.3.1"));
        QCOMPARE(policy.transformCount(), 9); // Resize, 3 + 3 choices, Normalize, ToTensorV2
        QCOMPARE(policy.inputDtype(), InputDtype::UInt8);
        const ReplayResult r = applyOnce(policy, indexImage(32, 32));
        QCOMPARE(r.image.size(), cv::Size(16, 16));
        QCOMPARE(r.image.type(), CV_32FC3);
        QVERIFY(r.normalized);
    }

    void loadsAutoAlbumentFile()
    {
        const ReplayPolicy policy = ReplayPolicy::load(kPolicies + "autoalbument-0.5.2.json");
        QCOMPARE(policy.version(), std::string("0.5.2"));
        QCOMPARE(policy.inputDtype(), InputDtype::Float32);
        QCOMPARE(policy.normalization()->std[1], 0.25);
        cv::Mat image(16, 16, CV_32FC3, cv::Scalar(0.5, 0.5, 0.5));
        const ReplayResult r = applyOnce(policy, image);
        QCOMPARE(r.image.type(), CV_32FC3);
        QCOMPARE(r.image.size(), cv::Size(16, 16));
    }

    void loadsAlbumentationsOneXFile()
    {
        const ReplayPolicy policy = ReplayPolicy::load(kPolicies + "albumentations-1.x.json");
        QCOMPARE(policy.transformCount(), 7);
        const ReplayResult r = applyOnce(policy, indexImage(32, 32), indexMask(32, 32));
        // PadIfNeeded to 40, RandomCrop 36.
        QCOMPARE(r.image.size(), cv::Size(36, 36));
        QCOMPARE(r.mask.size(), cv::Size(36, 36));
    }

    void loadsWhatAugStudioExports()
    {
        const PolicySnapshot snapshot = snapshotOfEveryOperation(3, 2, 32, 0.9);
        SearchConfig config;
        config.data.preprocessing = {{"PadIfNeeded", {{"min_height", 40}, {"min_width", 40}, {"border_mode", 0}}, {}, 3}};
        const ReplayPolicy policy = ReplayPolicy::fromJson(exportPolicy(snapshot, config), "exported.json");
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const ReplayResult r = applyOnce(policy, indexImage(32, 32), indexMask(32, 32), seed);
            QCOMPARE(r.image.size(), cv::Size(40, 40));
            QVERIFY(r.normalized);
        }
    }

    void exportedPaddingLeavesMasksAsTheSearchDid()
    {
        // A segmentation search pads masks with the ignore value; the exported PadIfNeeded
        // says so in both formats, where Albumentations would fill class 0.
        const PolicySnapshot snapshot = snapshotOfEveryOperation(1, 1, 40, 0.0); // never applied
        SearchConfig config;
        config.task = Task::SemanticSegmentation;
        config.data.preprocessing = {{"LongestMaxSize", {{"max_size", 40}}, {}, 3},
                                     {"PadIfNeeded", {{"min_height", 40}, {"min_width", 40}, {"border_mode", 0}}, {}, 4}};
        Sample searched{indexImage(20, 40), indexMask(20, 40)};
        std::mt19937_64 rng(1);
        Preprocessor(config.data.preprocessing).apply(searched, rng);
        QCOMPARE(searched.mask.at<uchar>(0, 0), uchar(kPaddedMaskValue));
        for (const AlbumentationsTarget target : {AlbumentationsTarget::V1, AlbumentationsTarget::V2}) {
            config.exportSettings.albumentations = target;
            const json exported = exportPolicy(snapshot, config);
            const json &pad = exported["transform"]["transforms"][1];
            QCOMPARE(pad.value(target == AlbumentationsTarget::V1 ? "mask_value" : "fill_mask", json()).get<int>(),
                     kPaddedMaskValue);
            const ReplayResult r = applyOnce(ReplayPolicy::fromJson(exported, "exported.json"), indexImage(20, 40),
                                             indexMask(20, 40));
            QVERIFY(equal(r.mask, searched.mask));
        }
        // A classification policy pads no mask: its transform keeps Albumentations' fill.
        config.task = Task::Classification;
        QCOMPARE(exportPolicy(snapshot, config)["transform"]["transforms"][1].value("fill_mask", json(-1)).get<int>(), 0);
    }

    // --- bad files ---

    void unknownTransformNamesItAndItsPath()
    {
        json doc = document({transform("NoOp"),
                             composition("OneOf", 1.0, {transform("HorizontalFlip"),
                                                        transform("albumentations.augmentations.blur.transforms.Blur")})});
        const QString message = loadError(doc);
        QVERIFY2(message.contains("bad.json") && message.contains("transform.transforms[1].transforms[1]")
                     && message.contains("'Blur'"),
                 qPrintable(message));
    }

    void probabilityOutsideZeroOne()
    {
        const QString message = loadError(document({transform("NoOp"), transform("VerticalFlip", {{"p", 1.5}})}));
        QVERIFY2(message.contains("bad.json") && message.contains("transform.transforms[1].p")
                     && message.contains("1.5"),
                 qPrintable(message));
        QVERIFY(!loadError(document({transform("NoOp", {{"p", -0.1}})})).isEmpty());
    }

    void notAPolicy()
    {
        for (const json &doc : {json::array({1, 2}), json{{"name", "x"}}, json{{"transform", 3}},
                                json{{"transform", {{"p", 1}}}}}) {
            const QString message = loadError(doc);
            QVERIFY2(message.startsWith("bad.json: "), qPrintable(message));
        }
        QVERIFY(loadError(json::array()).contains("not an Albumentations policy"));
    }

    void badParameters()
    {
        QVERIFY(loadError(document({transform("HorizontalFlip", {{"flip_code", 1}})})).contains("unknown parameter 'flip_code'"));
        QVERIFY(loadError(document({transform("RGBShift", {{"r_shift_limit", "x"}})})).contains("transform.transforms[0].r_shift_limit"));
        QVERIFY(loadError(document({transform("CoarseDropout", {{"min_holes", 5}, {"max_holes", 2}})})).contains("min_holes"));
        QVERIFY(loadError(document({transform("Resize", {{"height", 4}})})).contains("width"));
        QVERIFY(loadError(document({transform("ShiftScaleRotate", {{"border_mode", 9}})})).contains("border_mode"));
    }

    void missingAndMalformedFiles()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("nothing.json").toStdString();
        QString message = replayErrorOf([&] { ReplayPolicy::load(missing); });
        QVERIFY2(message.contains(QString::fromStdString(missing)) && message.contains("no such file"),
                 qPrintable(message));
        const std::string broken = dir.filePath("broken.json").toStdString();
        std::ofstream(broken) << "{\"transform\": ";
        message = replayErrorOf([&] { ReplayPolicy::load(broken); });
        QVERIFY2(message.contains(QString::fromStdString(broken)) && message.contains("not valid JSON"),
                 qPrintable(message));
        // 200 MB (a sparse file): refused before it is read, where parsing took 2.4 GB and
        // running out of memory in it ended the program.
        const std::string huge = dir.filePath("huge.json").toStdString();
        std::ofstream(huge) << "{";
        std::filesystem::resize_file(huge, std::uintmax_t(200) << 20);
        message = replayErrorOf([&] { ReplayPolicy::load(huge); });
        QVERIFY2(message.contains(QString::fromStdString(huge)) && message.contains("holds more than the 128 MB"),
                 qPrintable(message));
        // A device that never ends: read up to the cap, not until memory runs out.
        message = replayErrorOf([&] { ReplayPolicy::load("/dev/zero"); });
        QVERIFY2(message.contains("/dev/zero: holds more than the 128 MB"), qPrintable(message));
    }

    void deeplyNestedFileIsRefused()
    {
        // 10 000 nested Composes would overflow the stack of anything that walks them.
        QTemporaryDir dir;
        std::string nested;
        for (int level = 0; level < 10000; ++level)
            nested += R"({"__class_fullname__": "Compose", "p": 1.0, "transforms": [)";
        nested += R"({"__class_fullname__": "NoOp", "p": 1.0})";
        for (int level = 0; level < 10000; ++level)
            nested += "]}";
        const std::string deep = dir.filePath("deep.json").toStdString();
        std::ofstream(deep) << R"({"__version__": "1.3.1", "transform": )" << nested << "}";
        const QString message = replayErrorOf([&] { ReplayPolicy::load(deep); });
        QVERIFY2(message.contains(QString::fromStdString(deep)) && message.contains("nested more than 64 levels"),
                 qPrintable(message));

        // A policy as deep as real ones are still loads.
        std::string shallow = R"({"__class_fullname__": "NoOp", "p": 1.0})";
        for (int level = 0; level < 10; ++level)
            shallow = R"({"__class_fullname__": "Compose", "p": 1.0, "transforms": [)" + shallow + "]}";
        const std::string fine = dir.filePath("fine.json").toStdString();
        std::ofstream(fine) << R"({"__version__": "1.3.1", "transform": )" << shallow << "}";
        ReplayPolicy::load(fine);
        // Brackets inside strings are text, not nesting (counted before the parse, which with a
        // depth callback took minutes for a long list of transforms).
        const std::string brackets = dir.filePath("brackets.json").toStdString();
        std::ofstream(brackets) << "{\"__version__\": \"1.3.1\", \"note\": \"" << std::string(200, '[')
                                << "\\\"\", \"transform\": " << shallow << "}";
        ReplayPolicy::load(brackets);
    }

    void rejectsOtherImageTypes()
    {
        const ReplayPolicy policy = policyOf({transform("NoOp")});
        std::mt19937_64 rng(1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, policy.apply(cv::Mat(4, 4, CV_8UC4), {}, rng));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, policy.apply(cv::Mat(4, 4, CV_16UC3), {}, rng));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 policy.apply(cv::Mat(4, 4, CV_8UC3), cv::Mat(3, 3, CV_8UC1), rng));
    }
};

QTEST_GUILESS_MAIN(TestReplay)
#include "test_replay.moc"
