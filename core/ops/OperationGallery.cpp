#include "ops/OperationGallery.h"

#include "ops/Operations.h"

namespace augstudio {

cv::Mat renderOperation(const OperationSpec &spec, double magnitude, const cv::Mat &rgb, std::uint64_t seed)
{
    CV_Assert(rgb.type() == CV_8UC3);
    torch::NoGradGuard noGrad;
    torch::manual_seed(seed);
    cv::Mat continuous = rgb.isContinuous() ? rgb : rgb.clone();
    const torch::Tensor image = torch::from_blob(continuous.data, {1, rgb.rows, rgb.cols, 3}, torch::kUInt8)
                                    .permute({0, 3, 1, 2})
                                    .to(torch::kFloat)
                                    .div(255.0);
    const torch::Tensor m = torch::tensor(magnitude, torch::kFloat).clamp(0, 1);
    const torch::Tensor out = applyOperation(spec, image, m).clamp(0, 1);
    const torch::Tensor hwc = out.mul(255.0).round().to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
    cv::Mat result(rgb.rows, rgb.cols, CV_8UC3);
    std::memcpy(result.data, hwc.data_ptr<uint8_t>(), result.total() * 3);
    return result;
}

} // namespace augstudio
