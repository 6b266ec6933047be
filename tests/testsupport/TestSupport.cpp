#include "testsupport/TestSupport.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace testsupport {

static cv::Scalar classColour(int cls)
{
    static const cv::Scalar colours[] = {{40, 40, 220}, {40, 200, 40}, {220, 60, 40},
                                         {30, 200, 220}, {200, 40, 200}, {220, 220, 40}};
    return colours[cls % 6];
}

void makeImageFolderDataset(const std::string &root, int classes, int perClass, int size)
{
    std::mt19937 rng(1234);
    for (int c = 0; c < classes; ++c) {
        const fs::path dir = fs::path(root) / ("class_" + std::to_string(c));
        fs::create_directories(dir);
        for (int i = 0; i < perClass; ++i) {
            cv::Mat image(size, size, CV_8UC3, cv::Scalar::all(20 + rng() % 40));
            std::uniform_int_distribution<int> pos(size / 4, 3 * size / 4);
            const cv::Point centre(pos(rng), pos(rng));
            const int radius = size / 6 + c;
            if (c % 2 == 0)
                cv::circle(image, centre, radius, classColour(c), cv::FILLED);
            else
                cv::rectangle(image, centre - cv::Point(radius, radius), centre + cv::Point(radius, radius),
                              classColour(c), cv::FILLED);
            cv::imwrite((dir / ("img_" + std::to_string(i) + ".png")).string(), image);
        }
    }
}

void makeSegmentationPairs(const std::string &root, int count, int classes, int size)
{
    std::mt19937 rng(4321);
    fs::create_directories(fs::path(root) / "images");
    fs::create_directories(fs::path(root) / "masks");
    for (int i = 0; i < count; ++i) {
        cv::Mat image(size, size, CV_8UC3, cv::Scalar::all(30));
        cv::Mat mask(size, size, CV_8UC1, cv::Scalar(0));
        for (int shape = 0; shape < 3; ++shape) {
            const int cls = 1 + static_cast<int>(rng() % std::max(1, classes - 1));
            std::uniform_int_distribution<int> pos(0, size - 1);
            const cv::Point centre(pos(rng), pos(rng));
            const int radius = size / 8 + static_cast<int>(rng() % (size / 6 + 1));
            if (shape % 2 == 0) {
                cv::circle(image, centre, radius, classColour(cls), cv::FILLED);
                cv::circle(mask, centre, radius, cv::Scalar(cls), cv::FILLED);
            } else {
                const cv::Rect box(centre.x - radius, centre.y - radius / 2, 2 * radius, radius);
                cv::rectangle(image, box, classColour(cls), cv::FILLED);
                cv::rectangle(mask, box, cv::Scalar(cls), cv::FILLED);
            }
        }
        const std::string name = "sample_" + std::to_string(i);
        cv::imwrite((fs::path(root) / "images" / (name + ".png")).string(), image);
        cv::imwrite((fs::path(root) / "masks" / (name + ".png")).string(), mask);
    }
}

std::string fashionMnistDir()
{
    const fs::path dir = "/usr/share/datasets/fashion-mnist";
    return fs::exists(dir / "train-images-idx3-ubyte.gz") ? dir.string() : std::string();
}

} // namespace testsupport
