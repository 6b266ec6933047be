#include "data/BatchChecks.h"
#include "data/DefaultPreprocessing.h"
#include "data/Preprocessor.h"

#include "testsupport/TestSupport.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <algorithm>
#include <set>

using namespace augstudio;
using testsupport::contains;

namespace {

PreprocessingStep step(const std::string &name, std::map<std::string, double> args, int line = 7,
                       std::vector<double> value = {})
{
    PreprocessingStep s;
    s.name = name;
    s.args = std::move(args);
    s.value = std::move(value);
    s.line = line;
    return s;
}

// An RGB image whose pixel (y, x) is (x, y, 7): where a pixel came from can be read off it.
Sample coordinateSample(int height, int width, bool withMask = true)
{
    Sample sample;
    sample.image = cv::Mat(height, width, CV_8UC3);
    sample.mask = withMask ? cv::Mat(height, width, CV_8UC1) : cv::Mat();
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            sample.image.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(x), uchar(y), 7);
            if (withMask)
                sample.mask.at<uchar>(y, x) = uchar((x + y) % 3);
        }
    return sample;
}

Sample applied(const std::vector<PreprocessingStep> &steps, Sample sample, std::uint64_t seed = 1)
{
    std::mt19937_64 rng(seed);
    Preprocessor(steps).apply(sample, rng);
    return sample;
}

std::string invalidArgumentOf(const std::vector<PreprocessingStep> &steps)
{
    try {
        Preprocessor preprocessor(steps);
    } catch (const std::invalid_argument &e) {
        return e.what();
    }
    return {};
}

// Items "img0", "img1", ... of the given sizes (an empty size: unreadable), for the checks
// that work from sizes alone.
struct SizedDataset : Dataset
{
    explicit SizedDataset(std::vector<cv::Size> s) : sizes(std::move(s)) {}
    std::vector<cv::Size> sizes;
    DatasetLayout layout() const override { return DatasetLayout::ImageFolder; }
    Task task() const override { return Task::Classification; }
    std::size_t size() const override { return sizes.size(); }
    int numClasses() const override { return 2; }
    std::vector<std::string> classNames() const override { return {"a", "b"}; }
    std::string itemName(std::size_t i) const override { return "img" + std::to_string(i); }
    int label(std::size_t i) const override { return int(i % 2); }
    int channels() const override { return 3; }
    Sample load(std::size_t i) const override
    {
        Sample sample;
        sample.image = cv::Mat(sizes.at(i), CV_8UC3, cv::Scalar::all(0));
        return sample;
    }
};

std::set<int> maskValues(const cv::Mat &mask)
{
    std::set<int> values;
    for (int y = 0; y < mask.rows; ++y)
        for (int x = 0; x < mask.cols; ++x)
            values.insert(mask.at<uchar>(y, x));
    return values;
}

} // namespace

class TestPreprocessing : public QObject
{
    Q_OBJECT

private slots:
    void emptyListChangesNothing()
    {
        const Sample original = coordinateSample(5, 6);
        const Sample out = applied({}, original);
        QCOMPARE(cv::countNonZero(out.image.reshape(1) != original.image.reshape(1)), 0);
        QVERIFY(Preprocessor({}).empty());
    }

    void resizeKeepsMaskIds()
    {
        Sample sample = coordinateSample(10, 10);
        sample.mask.setTo(0);
        sample.mask(cv::Rect(2, 2, 5, 4)).setTo(3);
        sample.mask(cv::Rect(6, 5, 3, 4)).setTo(7);
        const Sample out = applied({step("Resize", {{"height", 17}, {"width", 13}})}, sample);
        QCOMPARE(out.image.size(), cv::Size(13, 17));
        QCOMPARE(out.mask.size(), cv::Size(13, 17));
        // nearest neighbour: no blended ids such as 1, 2 or 5
        QCOMPARE(maskValues(out.mask), (std::set<int>{0, 3, 7}));

        // the interpolation parameter reaches the image: nearest keeps a checkerboard's two
        // values, the default (linear) blends them
        Sample board;
        board.image = cv::Mat(8, 8, CV_8UC3);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 8; ++x)
                board.image.at<cv::Vec3b>(y, x) = cv::Vec3b::all((x + y) % 2 ? 200 : 0);
        const Sample nearest = applied({step("Resize", {{"height", 23}, {"width", 13}, {"interpolation", 0}})}, board);
        const Sample linear = applied({step("Resize", {{"height", 23}, {"width", 13}})}, board);
        QCOMPARE(nearest.image.size(), cv::Size(13, 23));
        const cv::Mat nearestValues = nearest.image.reshape(1), linearValues = linear.image.reshape(1);
        QCOMPARE(cv::countNonZero((nearestValues != 0) & (nearestValues != 200)), 0);
        QVERIFY(cv::countNonZero((linearValues != 0) & (linearValues != 200)) > 0);
    }

    void floatImages()
    {
        Sample sample;
        sample.image = cv::Mat(6, 4, CV_32FC3, cv::Scalar(0.25, 0.5, 1.0));
        const Sample out = applied({step("Resize", {{"height", 3}, {"width", 8}})}, sample);
        QCOMPARE(out.image.type(), CV_32FC3);
        QCOMPARE(out.image.size(), cv::Size(8, 3));
        const cv::Vec3f pixel = out.image.at<cv::Vec3f>(1, 5);
        QVERIFY(cv::norm(pixel - cv::Vec3f(0.25f, 0.5f, 1.0f)) < 1e-6);
    }

    void maxSizeTransforms()
    {
        // LongestMaxSize: longest side to max_size, sizes rounded like Python's round()
        QCOMPARE(applied({step("LongestMaxSize", {{"max_size", 40}})}, coordinateSample(100, 50)).image.size(),
                 cv::Size(20, 40));
        QCOMPARE(applied({step("LongestMaxSize", {{"max_size", 20}})}, coordinateSample(30, 45)).image.size(),
                 cv::Size(20, 13));
        // 5 * 0.5 = 2.5 rounds to the even 2
        QCOMPARE(applied({step("LongestMaxSize", {{"max_size", 4}})}, coordinateSample(5, 8)).image.size(),
                 cv::Size(4, 2));
        // SmallestMaxSize: shortest side to max_size, also upwards
        const Sample smallest = applied({step("SmallestMaxSize", {{"max_size", 25}})}, coordinateSample(50, 100));
        QCOMPARE(smallest.image.size(), cv::Size(50, 25));
        QCOMPARE(smallest.mask.size(), cv::Size(50, 25));
        QCOMPARE(applied({step("SmallestMaxSize", {{"max_size", 12}})}, coordinateSample(6, 9)).image.size(),
                 cv::Size(18, 12));
        // the Albumentations default max_size is 1024
        QCOMPARE(applied({step("LongestMaxSize", {})}, coordinateSample(4, 2, false)).image.size(),
                 cv::Size(512, 1024));
    }

    void padIfNeededConstantIsCentred()
    {
        Sample sample = coordinateSample(3, 4);
        sample.mask.setTo(2);
        const Sample out = applied({step("PadIfNeeded", {{"min_height", 8}, {"min_width", 7}, {"border_mode", 0}},
                                         7, {1, 2, 3})},
                                   sample);
        QCOMPARE(out.image.size(), cv::Size(7, 8));
        // (8 - 3) rows: 2 on top, 3 below; (7 - 4) columns: 1 left, 2 right
        QCOMPARE(out.image.at<cv::Vec3b>(2, 1), cv::Vec3b(0, 0, 7));
        QCOMPARE(out.image.at<cv::Vec3b>(4, 4), cv::Vec3b(3, 2, 7));
        QCOMPARE(out.image.at<cv::Vec3b>(1, 1), cv::Vec3b(1, 2, 3));
        QCOMPARE(out.image.at<cv::Vec3b>(5, 4), cv::Vec3b(1, 2, 3));
        QCOMPARE(out.image.at<cv::Vec3b>(3, 0), cv::Vec3b(1, 2, 3));
        QCOMPARE(out.image.at<cv::Vec3b>(3, 5), cv::Vec3b(1, 2, 3));
        // the padded mask is "ignore" unless mask_value says otherwise
        QCOMPARE(int(out.mask.at<uchar>(2, 1)), 2);
        QCOMPARE(int(out.mask.at<uchar>(0, 0)), 255);
        QCOMPARE(int(out.mask.at<uchar>(7, 6)), 255);
        QCOMPARE(cv::countNonZero(out.mask == 2), 12);

        const Sample withMaskValue = applied(
            {step("PadIfNeeded", {{"min_height", 8}, {"min_width", 7}, {"border_mode", 0}, {"mask_value", 0}})},
            sample);
        QCOMPARE(cv::countNonZero(withMaskValue.mask == 0), 8 * 7 - 12);
        QCOMPARE(withMaskValue.image.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 0)); // no value = 0

        // an image already large enough is left alone
        QCOMPARE(applied({step("PadIfNeeded", {{"min_height", 2}, {"min_width", 2}})}, sample).image.size(),
                 cv::Size(4, 3));
    }

    void padIfNeededReflectsImageAndMask()
    {
        Sample sample = coordinateSample(1, 3);
        sample.mask = (cv::Mat_<uchar>(1, 3) << 4, 5, 6);
        // default border_mode 4 (reflect-101): 10 20 30 -> 30 20 | 10 20 30 | 20 10
        const Sample out = applied({step("PadIfNeeded", {{"min_height", 1}, {"min_width", 7}})}, sample);
        QCOMPARE(out.image.size(), cv::Size(7, 1));
        const int expectedX[] = {2, 1, 0, 1, 2, 1, 0};
        const int expectedMask[] = {6, 5, 4, 5, 6, 5, 4};
        for (int x = 0; x < 7; ++x) {
            QCOMPARE(int(out.image.at<cv::Vec3b>(0, x)[0]), expectedX[x]);
            QCOMPARE(int(out.mask.at<uchar>(0, x)), expectedMask[x]);
        }
    }

    void padIfNeededDivisors()
    {
        const Sample out = applied({step("PadIfNeeded", {{"pad_height_divisor", 4}, {"pad_width_divisor", 4},
                                                         {"border_mode", 0}})},
                                   coordinateSample(5, 8));
        QCOMPARE(out.image.size(), cv::Size(8, 8));
        QCOMPARE(out.image.at<cv::Vec3b>(1, 0), cv::Vec3b(0, 0, 7)); // 3 rows: 1 on top, 2 below
        const std::string message = invalidArgumentOf(
            {step("PadIfNeeded", {{"min_height", 8}, {"pad_height_divisor", 4}}, 12)});
        QVERIFY2(contains(message, "line 12") && contains(message, "pad_height_divisor"), message.c_str());
    }

    void centerCropLocation()
    {
        const Sample out = applied({step("CenterCrop", {{"height", 4}, {"width", 5}})}, coordinateSample(10, 9));
        QCOMPARE(out.image.size(), cv::Size(5, 4));
        // top-left corner at y = (10 - 4) / 2 = 3, x = (9 - 5) / 2 = 2
        QCOMPARE(out.image.at<cv::Vec3b>(0, 0), cv::Vec3b(2, 3, 7));
        QCOMPARE(out.image.at<cv::Vec3b>(3, 4), cv::Vec3b(6, 6, 7));
        QCOMPARE(int(out.mask.at<uchar>(0, 0)), (2 + 3) % 3);
    }

    void randomCropIsAWindowSeededPerSample()
    {
        std::set<std::pair<int, int>> corners;
        for (std::uint64_t seed = 0; seed < 12; ++seed) {
            const Sample out = applied({step("RandomCrop", {{"height", 5}, {"width", 6}})}, coordinateSample(20, 30),
                                       seed);
            QCOMPARE(out.image.size(), cv::Size(6, 5));
            const int x0 = out.image.at<cv::Vec3b>(0, 0)[0], y0 = out.image.at<cv::Vec3b>(0, 0)[1];
            QVERIFY(x0 >= 0 && x0 <= 24 && y0 >= 0 && y0 <= 15);
            for (int y = 0; y < 5; ++y)
                for (int x = 0; x < 6; ++x) {
                    QCOMPARE(out.image.at<cv::Vec3b>(y, x), cv::Vec3b(uchar(x0 + x), uchar(y0 + y), 7));
                    QCOMPARE(int(out.mask.at<uchar>(y, x)), (x0 + x + y0 + y) % 3); // same window
                }
            corners.insert({x0, y0});
            const Sample again = applied({step("RandomCrop", {{"height", 5}, {"width", 6}})},
                                         coordinateSample(20, 30), seed);
            QCOMPARE(again.image.at<cv::Vec3b>(0, 0), out.image.at<cv::Vec3b>(0, 0));
        }
        QVERIFY(corners.size() > 3);

        // the whole image is the only window
        const Sample full = applied({step("RandomCrop", {{"height", 20}, {"width", 30}})}, coordinateSample(20, 30));
        QCOMPARE(full.image.at<cv::Vec3b>(0, 0), cv::Vec3b(0, 0, 7));
    }

    void cropLargerThanImageFails()
    {
        for (const char *name : {"RandomCrop", "CenterCrop"}) {
            std::mt19937_64 rng(3);
            Sample sample = coordinateSample(8, 8);
            const Preprocessor preprocessor({step(name, {{"height", 9}, {"width", 4}}, 21)});
            try {
                preprocessor.apply(sample, rng);
                QFAIL("no exception");
            } catch (const std::runtime_error &e) {
                QVERIFY2(contains(e.what(), name) && contains(e.what(), "line 21"), e.what());
            }
        }
    }

    void probabilityAndChains()
    {
        QCOMPARE(applied({step("Resize", {{"height", 3}, {"width", 3}, {"p", 0}})}, coordinateSample(8, 8)).image.size(),
                 cv::Size(8, 8));
        QCOMPARE(applied({step("Resize", {{"height", 3}, {"width", 3}, {"p", 0}, {"always_apply", 1}})},
                         coordinateSample(8, 8))
                     .image.size(),
                 cv::Size(3, 3));
        // the AutoAlbument segmentation recipe: longest side, then pad to a square
        const Sample out = applied({step("LongestMaxSize", {{"max_size", 32}}),
                                    step("PadIfNeeded", {{"min_height", 32}, {"min_width", 32}, {"border_mode", 0}},
                                         9, {0, 0, 0})},
                                   coordinateSample(20, 40));
        QCOMPARE(out.image.size(), cv::Size(32, 32));
        QCOMPARE(out.mask.size(), cv::Size(32, 32));
        QCOMPARE(cv::countNonZero(out.mask == 255), 32 * 16); // 8 rows above, 8 below
    }

    void configErrorsNameTransformParameterAndLine()
    {
        std::string message = invalidArgumentOf({step("Resize", {{"height", 32}, {"width", 32}}, 3),
                                                 step("Blur", {{"blur_limit", 3}}, 5)});
        QVERIFY2(contains(message, "Blur") && contains(message, "line 5") && contains(message, "Resize"),
                 message.c_str());

        message = invalidArgumentOf({step("Resize", {{"height", 32}, {"widht", 32}}, 4)});
        QVERIFY2(contains(message, "Resize") && contains(message, "'widht'") && contains(message, "line 4"),
                 message.c_str());

        message = invalidArgumentOf({step("RandomCrop", {{"height", 32}}, 6)});
        QVERIFY2(contains(message, "RandomCrop") && contains(message, "'width'") && contains(message, "line 6"),
                 message.c_str());

        message = invalidArgumentOf({step("CenterCrop", {{"height", -3}, {"width", 4}}, 8)});
        QVERIFY2(contains(message, "height") && contains(message, "line 8"), message.c_str());

        message = invalidArgumentOf({step("Resize", {{"height", 31.5}, {"width", 4}}, 8)});
        QVERIFY2(contains(message, "height") && contains(message, "31.5"), message.c_str());

        message = invalidArgumentOf({step("PadIfNeeded", {{"border_mode", 9}}, 10)});
        QVERIFY2(contains(message, "border_mode") && contains(message, "line 10"), message.c_str());

        message = invalidArgumentOf({step("Resize", {{"height", 3}, {"width", 3}}, 11, {1, 2, 3})});
        QVERIFY2(contains(message, "'value'") && contains(message, "line 11"), message.c_str());

        message = invalidArgumentOf({step("Normalize", {}, 13)});
        QVERIFY2(contains(message, "Normalize") && contains(message, "line 13")
                     && contains(message, "data.normalization"),
                 message.c_str());
    }

    void outputSizesFollowTheGeometry()
    {
        // The predicted sizes are the sizes apply() gives.
        const std::vector<std::vector<PreprocessingStep>> lists = {
            {step("Resize", {{"height", 24}, {"width", 40}})},
            {step("LongestMaxSize", {{"max_size", 50}}), step("PadIfNeeded", {{"min_height", 50}, {"min_width", 50}})},
            {step("SmallestMaxSize", {{"max_size", 21}}), step("CenterCrop", {{"height", 20}, {"width", 20}})},
            {step("PadIfNeeded", {{"pad_height_divisor", 32}, {"pad_width_divisor", 32}})},
        };
        for (const auto &steps : lists) {
            for (const cv::Size input : {cv::Size(33, 61), cv::Size(80, 45), cv::Size(64, 64)}) {
                const std::vector<cv::Size> sizes = Preprocessor(steps).outputSizes(input);
                QCOMPARE(sizes.size(), size_t(1));
                QCOMPARE(sizes[0], applied(steps, coordinateSample(input.height, input.width)).image.size());
            }
        }
        // p < 1: applied or not, two possible sizes.
        const Preprocessor maybe({step("Resize", {{"height", 16}, {"width", 16}, {"p", 0.5}})});
        QCOMPARE(maybe.outputSizes({30, 20}).size(), size_t(2));
        // A crop larger than the image: apply()'s message.
        const Preprocessor crop({step("RandomCrop", {{"height", 40}, {"width", 40}})});
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, crop.outputSizes({30, 50}));
    }

    void defaultPreprocessingRule()
    {
        // One size, large enough: nothing, and the reason says so.
        PreprocessingChoice same = choosePreprocessing({{64, 48}, {64, 48}}, 32);
        QVERIFY(same.steps.empty());
        QVERIFY2(contains(same.reason, "all 64 × 48 px"), same.reason.c_str());
        QVERIFY(choosePreprocessing({}, 32).steps.empty());
        QVERIFY(choosePreprocessing({{512, 384}}, 32).steps.empty());

        // One size, larger than a training size (photos): down to 512 on the longer side,
        // keeping the aspect ratio, each side a multiple of 32.
        const PreprocessingChoice photo = choosePreprocessing({{4000, 3000}, {4000, 3000}}, 32);
        QCOMPARE(photo.steps.size(), size_t(1));
        QCOMPARE(photo.steps[0].name, std::string("Resize"));
        QCOMPARE(photo.steps[0].args.at("width"), 512.0);
        QCOMPARE(photo.steps[0].args.at("height"), 384.0);
        QVERIFY2(contains(photo.reason, "all 4000 × 3000 px, larger than the 512 px"), photo.reason.c_str());
        const PreprocessingChoice strip = choosePreprocessing({{2000, 40}}, 32);
        QCOMPARE(strip.steps[0].args.at("width"), 512.0);
        QCOMPARE(strip.steps[0].args.at("height"), 32.0);

        // One size, too small (MNIST): up to the minimum, keeping the aspect ratio.
        const PreprocessingChoice mnist = choosePreprocessing({{28, 28}, {28, 28}, {}}, 32);
        QCOMPARE(mnist.steps.size(), size_t(1));
        QCOMPARE(mnist.steps[0].name, std::string("Resize"));
        QCOMPARE(mnist.steps[0].args.at("height"), 32.0);
        QCOMPARE(mnist.steps[0].args.at("width"), 32.0);
        QVERIFY2(contains(mnist.reason, "28 × 28 px, smaller than the 32 px"), mnist.reason.c_str());
        const PreprocessingChoice wide = choosePreprocessing({{40, 20}}, 32);
        QCOMPARE(wide.steps[0].args.at("height"), 32.0);
        QCOMPARE(wide.steps[0].args.at("width"), 64.0);

        // Different sizes: a square of the median smaller side, clamped to [32, 224] and
        // rounded to the nearest multiple of 32.
        const PreprocessingChoice photos = choosePreprocessing({{61, 80}, {294, 200}, {180, 170}, {150, 160}, {100, 120}}, 32);
        QCOMPARE(photos.steps.size(), size_t(1));
        QCOMPARE(photos.steps[0].args.at("height"), 160.0); // median smaller side 150 -> 160
        QCOMPARE(photos.steps[0].args.at("width"), 160.0);
        QCOMPARE(photos.reason, std::string("Images are 61–294 px: resized to 160 × 160 for the search"));
        QCOMPARE(choosePreprocessing({{500, 400}, {600, 700}}, 32).steps[0].args.at("height"), 224.0);
        QCOMPARE(choosePreprocessing({{20, 24}, {24, 20}, {30, 28}}, 32).steps[0].args.at("height"), 32.0);
        QCOMPARE(choosePreprocessing({{20, 24}, {24, 20}}, 40).steps[0].args.at("height"), 40.0); // 40: not a multiple

        // Very different shapes: fitted and padded, not squashed.
        const PreprocessingChoice panorama = choosePreprocessing({{300, 100}, {120, 110}, {100, 100}}, 32);
        QCOMPARE(panorama.steps.size(), size_t(2));
        QCOMPARE(panorama.steps[0].name, std::string("LongestMaxSize"));
        QCOMPARE(panorama.steps[1].name, std::string("PadIfNeeded"));
        QVERIFY2(contains(panorama.reason, "padded"), panorama.reason.c_str());
        for (const cv::Size input : {cv::Size(300, 100), cv::Size(120, 110), cv::Size(100, 100)})
            QCOMPARE(Preprocessor(panorama.steps).outputSizes(input), std::vector<cv::Size>{cv::Size(96, 96)});

        // The config's own preprocessing wins.
        SearchConfig config;
        QVERIFY(!resolvePreprocessing(config, {{12, 12}}).steps.empty()); // below ResNet-18's 17 px
        QVERIFY(resolvePreprocessing(config, {{28, 28}}).steps.empty());
        config.data.preprocessing = {step("CenterCrop", {{"height", 20}, {"width", 20}})};
        const PreprocessingChoice own = resolvePreprocessing(config, {{28, 28}});
        QCOMPARE(own.steps.size(), size_t(1));
        QCOMPARE(own.steps[0].name, std::string("CenterCrop"));
        QVERIFY(own.reason.empty());
    }

    void batchChecksPredictTheFirstBatch()
    {
        const SizedDataset dataset({{40, 40}, {60, 50}, {}, {20, 20}});
        // different sizes and no preprocessing: one error naming two files
        std::vector<DatasetProblem> problems = checkPreprocessedSizes(dataset, dataset.sizes, {}, 32, "resnet18");
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &p) {
            return p.error && contains(p.message, "images of different sizes in one batch") && contains(p.message, "img3")
                   && contains(p.message, "img0");
        }));
        // the smallest is below the model's minimum
        QVERIFY(std::any_of(problems.begin(), problems.end(), [](const DatasetProblem &p) {
            return contains(p.message, "img3: images are 20×20 after preprocessing, smaller than the resnet18");
        }));
        // a crop larger than some images
        problems = checkPreprocessedSizes(dataset, dataset.sizes, {step("RandomCrop", {{"height", 32}, {"width", 32}})},
                                          32, "resnet18");
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(contains(problems[0].message, "img3: RandomCrop (line 7): the crop 32x32 (HxW) is larger"),
                 problems[0].message.c_str());
        // a Resize settles everything
        QVERIFY(checkPreprocessedSizes(dataset, dataset.sizes, {step("Resize", {{"height", 32}, {"width", 32}})}, 32,
                                       "resnet18").empty());
        // a Resize applied to some images only: the step and its p are named, not "add Resize"
        const SizedDataset sameSize({{40, 40}, {40, 40}});
        problems = checkPreprocessedSizes(sameSize, sameSize.sizes,
                                          {step("Resize", {{"height", 32}, {"width", 32}, {"p", 0.5}})}, 32, "resnet18");
        QCOMPARE(problems.size(), size_t(1));
        QVERIFY2(contains(problems[0].message, "img0 is 40x40 or 32x32 after preprocessing, as data.preprocessing's "
                                               "Resize (line 7) changes the size with p below 1")
                     && !contains(problems[0].message, "add Resize"),
                 problems[0].message.c_str());
        // the loader's own check, one function for both (batch_size against num_chunks is the
        // config reader's: test_config)
        DataLoaderConfig loader;
        loader.batchSize = 8;
        QVERIFY(contains(dataLoaderProblem(loader, 4), "fewer than one batch"));
        QVERIFY(dataLoaderProblem(loader, 8).empty());
        loader.dropLast = false;
        QVERIFY(dataLoaderProblem(loader, 4).empty());
    }
};

QTEST_GUILESS_MAIN(TestPreprocessing)
#include "test_preprocessing.moc"
