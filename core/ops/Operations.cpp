#include "ops/Operations.h"

#include <cmath>
#include <limits>

namespace F = torch::nn::functional;

namespace augstudio {

namespace {

torch::Tensor valueOf(const OperationSpec &spec, const torch::Tensor &magnitude)
{
    return magnitude * (spec.high - spec.low) + spec.low;
}

// 2x3 affine matrices (N,2,3) mapping output grid coordinates to input coordinates.
torch::Tensor affineTheta(const OperationSpec &spec, const torch::Tensor &value, int64_t h, int64_t w)
{
    // Normalised units per pixel with align_corners=true (pixel centres at -1 and +1).
    const double ax = w > 1 ? 2.0 / (w - 1) : 1.0;
    const double ay = h > 1 ? 2.0 / (h - 1) : 1.0;
    auto options = value.options();
    torch::Tensor zero = torch::zeros({}, options);
    torch::Tensor one = torch::ones({}, options);
    torch::Tensor cosA = one, sinA = zero, scale = one, dx = zero, dy = zero;
    switch (spec.kind) {
    case OperationKind::Rotate: {
        const torch::Tensor radians = value * (M_PI / 180.0);
        cosA = torch::cos(radians);
        sinA = torch::sin(radians);
        break;
    }
    case OperationKind::Scale:
        scale = value;
        break;
    case OperationKind::ShiftX:
        dx = value * static_cast<double>(w); // in pixels
        break;
    case OperationKind::ShiftY:
        dy = value * static_cast<double>(h);
        break;
    default:
        break;
    }
    // Output pixel q (centred) takes the input at R^-1 (q - t), R = s·[[cos, sin], [-sin, cos]].
    const torch::Tensor inv = 1.0 / scale;
    const torch::Tensor r00 = inv * cosA;
    const torch::Tensor r01 = -inv * sinA * (ax / ay);
    const torch::Tensor r10 = inv * sinA * (ay / ax);
    const torch::Tensor r11 = inv * cosA;
    const torch::Tensor t0 = -inv * ax * (cosA * dx - sinA * dy);
    const torch::Tensor t1 = -inv * ay * (sinA * dx + cosA * dy);
    return torch::stack({r00, r01, t0, r10, r11, t1}).view({1, 2, 3});
}

torch::Tensor cutout(const OperationSpec &spec, const torch::Tensor &images, const torch::Tensor &magnitude)
{
    const int64_t n = images.size(0), h = images.size(2), w = images.size(3);
    const double value = valueOf(spec, magnitude.detach()).item<double>();
    const int64_t minSide = std::min(h, w);
    int64_t holeSize = 0;
    int64_t holes = 0;
    if (spec.kind == OperationKind::CutoutFixedNumberOfHoles) {
        holeSize = std::max<int64_t>(static_cast<int64_t>(minSide * value), 1);
        holes = spec.numHoles;
    } else {
        holeSize = std::max<int64_t>(minSide / spec.holeSizeDivider, 1);
        holes = static_cast<int64_t>(value);
    }
    torch::Tensor keep = torch::ones({n, 1, h, w}, images.options());
    if (holes > 0) {
        holeSize = std::min(holeSize, minSide);
        // Top-left corners uniform in [0, side - hole] inclusive, one set per image.
        auto intOptions = images.options().dtype(torch::kLong);
        const torch::Tensor y0 = torch::randint(0, h - holeSize + 1, {n, holes, 1}, intOptions);
        const torch::Tensor x0 = torch::randint(0, w - holeSize + 1, {n, holes, 1}, intOptions);
        const torch::Tensor rows = torch::arange(h, intOptions).view({1, 1, h});
        const torch::Tensor cols = torch::arange(w, intOptions).view({1, 1, w});
        const torch::Tensor inRows = ((rows >= y0) & (rows < y0 + holeSize)).to(images.dtype());
        const torch::Tensor inCols = ((cols >= x0) & (cols < x0 + holeSize)).to(images.dtype());
        const torch::Tensor covered = torch::bmm(inRows.transpose(1, 2), inCols) > 0; // (N,H,W)
        keep = (~covered).to(images.dtype()).unsqueeze(1);
    }
    // Straight-through estimator: the forward is the cutout; the magnitude receives the
    // output gradient summed, as if the output depended linearly on it.
    return images * keep + (magnitude - magnitude.detach());
}

} // namespace

torch::Tensor affineGrid(const OperationSpec &spec, const torch::Tensor &value, int64_t n, int64_t h, int64_t w,
                         const torch::TensorOptions &options)
{
    const torch::Tensor theta = affineTheta(spec, value.to(options.dtype()), h, w).expand({n, 2, 3});
    return F::affine_grid(theta, {n, 1, h, w}, /*align_corners=*/true);
}

torch::Tensor applyOperation(const OperationSpec &spec, const torch::Tensor &images, const torch::Tensor &magnitude)
{
    switch (spec.kind) {
    case OperationKind::ShiftRGB: {
        const torch::Tensor v = valueOf(spec, magnitude);
        auto channelMask = torch::tensor({spec.shiftChannel[0] ? 1.0f : 0.0f, spec.shiftChannel[1] ? 1.0f : 0.0f,
                                          spec.shiftChannel[2] ? 1.0f : 0.0f},
                                         images.options().requires_grad(false));
        return (images + (channelMask * v).view({1, 3, 1, 1})).clamp(0, 1);
    }
    case OperationKind::RandomBrightness:
        return (images + valueOf(spec, magnitude)).clamp(0, 1);
    case OperationKind::RandomContrast:
        return (images * valueOf(spec, magnitude)).clamp(0, 1);
    case OperationKind::Solarize:
        return torch::where(images >= valueOf(spec, magnitude), 1.0 - images, images);
    case OperationKind::HorizontalFlip:
        return images.flip({3});
    case OperationKind::VerticalFlip:
        return images.flip({2});
    case OperationKind::Rotate:
    case OperationKind::ShiftX:
    case OperationKind::ShiftY:
    case OperationKind::Scale: {
        const torch::Tensor grid =
            affineGrid(spec, valueOf(spec, magnitude), images.size(0), images.size(2), images.size(3), images.options());
        return F::grid_sample(images, grid,
                              F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kReflection)
                                  .align_corners(true));
    }
    case OperationKind::CutoutFixedNumberOfHoles:
    case OperationKind::CutoutFixedSize:
        return cutout(spec, images, magnitude);
    }
    return images;
}

torch::Tensor applyOperationToMasks(const OperationSpec &spec, const torch::Tensor &masks, const torch::Tensor &magnitude)
{
    torch::NoGradGuard noGrad;
    if (!spec.info().spatial)
        return masks;
    switch (spec.kind) {
    case OperationKind::HorizontalFlip:
        return masks.flip({3});
    case OperationKind::VerticalFlip:
        return masks.flip({2});
    default: {
        const torch::Tensor grid = affineGrid(spec, valueOf(spec, magnitude.detach()), masks.size(0), masks.size(2),
                                              masks.size(3), masks.options());
        return F::grid_sample(masks, grid,
                              F::GridSampleFuncOptions().mode(torch::kNearest).padding_mode(torch::kReflection)
                                  .align_corners(true));
    }
    }
}

torch::Tensor relaxedBernoulli(const torch::Tensor &probability, double temperature, int64_t n)
{
    constexpr double eps = std::numeric_limits<float>::epsilon();
    const torch::Tensor p = probability.clamp(eps, 1.0 - eps);
    const torch::Tensor u = torch::rand({n, 1, 1, 1}, probability.options().requires_grad(false)).clamp(eps, 1.0 - eps);
    const torch::Tensor logits = torch::log(p) - torch::log1p(-p) + torch::log(u) - torch::log1p(-u);
    return torch::sigmoid(logits / temperature);
}

} // namespace augstudio
