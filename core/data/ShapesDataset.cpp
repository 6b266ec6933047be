#include "data/ShapesDataset.h"

#include "io/AtomicFile.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <random>
#include <stdexcept>
#include <vector>

namespace augstudio {

namespace {

void writePng(const std::string &path, const cv::Mat &image)
{
    std::vector<unsigned char> bytes;
    cv::imencode(".png", image, bytes);
    writeFileAtomically(path, std::string(bytes.begin(), bytes.end()));
}

// Draws shape `kind` (1..4) centred at `centre` with radius `r` into both the image and the mask.
void drawShape(cv::Mat &image, cv::Mat &mask, int kind, cv::Point centre, int r, double angle, const cv::Scalar &colour)
{
    const cv::Scalar id(kind);
    switch (kind) {
    case 1:
        cv::circle(image, centre, r, colour, cv::FILLED, cv::LINE_8);
        cv::circle(mask, centre, r, id, cv::FILLED, cv::LINE_8);
        break;
    case 2: {
        const cv::RotatedRect box(centre, cv::Size2f(1.6f * r, 1.1f * r), static_cast<float>(angle));
        cv::Point2f corners[4];
        box.points(corners);
        std::vector<cv::Point> polygon(corners, corners + 4);
        cv::fillConvexPoly(image, polygon, colour, cv::LINE_8);
        cv::fillConvexPoly(mask, polygon, id, cv::LINE_8);
        break;
    }
    case 3: {
        std::vector<cv::Point> polygon;
        for (int k = 0; k < 3; ++k) {
            const double a = angle * CV_PI / 180.0 + k * 2.0 * CV_PI / 3.0;
            polygon.emplace_back(centre.x + int(r * std::cos(a)), centre.y + int(r * std::sin(a)));
        }
        cv::fillConvexPoly(image, polygon, colour, cv::LINE_8);
        cv::fillConvexPoly(mask, polygon, id, cv::LINE_8);
        break;
    }
    default:
        cv::ellipse(image, centre, cv::Size(r, r / 2), angle, 0, 360, colour, cv::FILLED, cv::LINE_8);
        cv::ellipse(mask, centre, cv::Size(r, r / 2), angle, 0, 360, id, cv::FILLED, cv::LINE_8);
        break;
    }
}

} // namespace

void writeShapesDataset(const std::string &root, int count, int side, std::uint64_t seed)
{
    if (count < 1 || side < 16)
        throw std::invalid_argument("a shapes dataset needs at least 1 image of at least 16 pixels");
    const std::filesystem::path images = std::filesystem::path(root) / "images";
    const std::filesystem::path masks = std::filesystem::path(root) / "masks";
    // Written over, an earlier dataset of more images or another size would stay mixed in.
    for (const std::filesystem::path &folder : {images, masks}) {
        std::error_code error;
        if (std::filesystem::is_directory(folder, error) && !std::filesystem::is_empty(folder, error))
            throw std::invalid_argument(folder.string() + " already holds files: write the dataset into a new or "
                                                          "empty folder");
    }
    ensureWritableDirectory(images.string());
    ensureWritableDirectory(masks.string());
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> kindOf(1, kShapeClasses - 1), shapesPerImage(2, 4), channel(0, 255);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Three channel values, drawn last first: the datasets the README measures were made by
    // GCC, which evaluates a call's arguments from the right; drawn inside one call, the same
    // seed gave another dataset under a compiler that reads them from the left.
    const auto colourOf = [&](int divisor) {
        const int third = channel(rng), second = channel(rng), first = channel(rng);
        return cv::Scalar(first / divisor, second / divisor, third / divisor);
    };
    for (int i = 0; i < count; ++i) {
        cv::Mat image(side, side, CV_8UC3);
        image.setTo(colourOf(2));
        cv::Mat mask(side, side, CV_8UC1, cv::Scalar(0));
        const int shapes = shapesPerImage(rng);
        for (int s = 0; s < shapes; ++s) {
            const int r = side / 10 + int(unit(rng) * side / 6);
            const double y = unit(rng), x = unit(rng);
            const cv::Point centre(int(x * side), int(y * side));
            const cv::Scalar colour = colourOf(1);
            const double angle = unit(rng) * 180.0;
            const int kind = kindOf(rng);
            drawShape(image, mask, kind, centre, r, angle, colour);
        }
        // Texture without a label meaning, from the seeded generator (not OpenCV's global one).
        cv::Mat noise(side, side, CV_32FC3);
        cv::RNG(rng()).fill(noise, cv::RNG::NORMAL, 0.0, 12.0);
        image.convertTo(image, CV_32FC3);
        cv::Mat(image + noise).convertTo(image, CV_8UC3); // saturating
        const std::string name = "shape_" + std::to_string(i) + ".png";
        writePng((images / name).string(), image);
        writePng((masks / name).string(), mask);
    }
}

} // namespace augstudio
