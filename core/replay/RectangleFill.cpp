#include "replay/RectangleFill.h"

namespace augstudio {

namespace {

// Below this many rectangles, filling each is quicker than a pass over the whole image.
constexpr std::size_t kDirectFillLimit = 32;

// 255 where some rectangle covers the pixel: +1 at each rectangle's top-left and bottom-right
// corners, -1 at the other two, summed along rows then columns.
cv::Mat coverageOf(const std::vector<cv::Rect> &rectangles, cv::Size size)
{
    cv::Mat counts = cv::Mat::zeros(size.height + 1, size.width + 1, CV_32S);
    for (const cv::Rect &r : rectangles) {
        if (r.empty())
            continue;
        ++counts.at<int>(r.y, r.x);
        --counts.at<int>(r.y, r.x + r.width);
        --counts.at<int>(r.y + r.height, r.x);
        ++counts.at<int>(r.y + r.height, r.x + r.width);
    }
    cv::Mat covered(size, CV_8U);
    std::vector<int> column(std::size_t(size.width) + 1, 0);
    for (int y = 0; y < size.height; ++y) {
        const int *row = counts.ptr<int>(y);
        unsigned char *out = covered.ptr<unsigned char>(y);
        int running = 0;
        for (int x = 0; x < size.width; ++x) {
            running += row[x];
            column[std::size_t(x)] += running;
            out[x] = column[std::size_t(x)] > 0 ? 255 : 0;
        }
    }
    return covered;
}

} // namespace

void fillRectangles(cv::Mat &image, const std::vector<cv::Rect> &rectangles, const cv::Scalar &value)
{
    if (rectangles.size() <= kDirectFillLimit) {
        for (const cv::Rect &r : rectangles)
            image(r).setTo(value);
        return;
    }
    image.setTo(value, coverageOf(rectangles, image.size()));
}

} // namespace augstudio
