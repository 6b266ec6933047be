#include "ops/Operations.h"

#include <cmath>
#include <limits>
#include <vector>

namespace F = torch::nn::functional;

namespace augstudio {

namespace {

torch::Tensor valueOf(const OperationSpec &spec, const torch::Tensor &magnitude)
{
    return magnitude * (spec.high - spec.low) + spec.low;
}

torch::Tensor affineTheta(OperationKind kind, const torch::Tensor &value, int64_t h, int64_t w)
{
    const torch::Tensor v = value.reshape({-1});
    const torch::Tensor zero = torch::zeros_like(v);
    const torch::Tensor one = torch::ones_like(v);
    return affineThetaFrom(kind == OperationKind::Rotate ? v : zero, kind == OperationKind::Scale ? v : one,
                           kind == OperationKind::ShiftX ? v * static_cast<double>(w) : zero,
                           kind == OperationKind::ShiftY ? v * static_cast<double>(h) : zero, h, w);
}

torch::Tensor cutout(const OperationSpec &spec, const torch::Tensor &images, const torch::Tensor &magnitude)
{
    const torch::Tensor uniforms = torch::rand({images.size(0), cutoutMaxHoles(spec), 2},
                                               images.options().requires_grad(false));
    return applyCutout(spec, images, magnitude, uniforms);
}

} // namespace

torch::Tensor wholePixels(const torch::Tensor &pixels)
{
    // Straight through: the forward moves round(x) pixels, the gradient is x's.
    return pixels + (pixels.round() - pixels).detach();
}

torch::Tensor affineThetaFrom(const torch::Tensor &degrees, const torch::Tensor &scale, const torch::Tensor &shiftX,
                              const torch::Tensor &shiftY, int64_t h, int64_t w)
{
    // Albumentations 2.x's Affine moves whole pixels only, so the search does too.
    const torch::Tensor dx = wholePixels(shiftX);
    const torch::Tensor dy = wholePixels(shiftY);
    // Normalised units per pixel with align_corners=true (pixel centres at -1 and +1).
    const double ax = w > 1 ? 2.0 / (w - 1) : 1.0;
    const double ay = h > 1 ? 2.0 / (h - 1) : 1.0;
    const torch::Tensor radians = degrees * (M_PI / 180.0);
    const torch::Tensor cosA = torch::cos(radians);
    const torch::Tensor sinA = torch::sin(radians);
    // Output pixel q (centred) takes the input at R^-1 (q - t), R = s·[[cos, sin], [-sin, cos]].
    const torch::Tensor inv = 1.0 / scale;
    const torch::Tensor r00 = inv * cosA;
    const torch::Tensor r01 = -inv * sinA * (ax / ay);
    const torch::Tensor r10 = inv * sinA * (ay / ax);
    const torch::Tensor t0 = -inv * ax * (cosA * dx - sinA * dy);
    const torch::Tensor t1 = -inv * ay * (sinA * dx + cosA * dy);
    std::vector<int64_t> shape = degrees.sizes().vec();
    shape.push_back(2);
    shape.push_back(3);
    return torch::stack({r00, r01, t0, r10, r00, t1}, -1).view(shape);
}

int64_t cutoutMaxHoles(const OperationSpec &spec)
{
    if (spec.kind == OperationKind::CutoutFixedNumberOfHoles)
        return spec.numHoles;
    return std::max<int64_t>(spec.maxHoles, static_cast<int64_t>(std::ceil(spec.high)));
}

torch::Tensor cutoutKeepMask(const OperationSpec &spec, const torch::Tensor &magnitude, const torch::Tensor &uniforms,
                             int64_t h, int64_t w)
{
    const int64_t n = uniforms.size(0);
    const int64_t slots = uniforms.size(1);
    const int64_t minSide = std::min(h, w);
    // Hole size and count per image as integers, computed as the export computes them.
    auto intOptions = uniforms.options().dtype(torch::kLong);
    const torch::Tensor v = valueOf(spec, magnitude.detach().to(torch::kDouble)).reshape({-1, 1, 1}).expand({n, 1, 1});
    torch::Tensor size, count;
    if (spec.kind == OperationKind::CutoutFixedNumberOfHoles) {
        size = (v * static_cast<double>(minSide)).floor().to(torch::kLong).clamp(1, minSide);
        count = torch::full({n, 1, 1}, spec.numHoles, intOptions);
    } else {
        size = torch::full({n, 1, 1}, std::clamp<int64_t>(minSide / spec.holeSizeDivider, 1, minSide), intOptions);
        count = v.floor().to(torch::kLong).clamp(0, slots);
    }
    const torch::Tensor slot = torch::arange(slots, intOptions).view({1, slots, 1});
    const torch::Tensor active = slot < count;
    // Top-left corners uniform over [0, side − hole] inclusive.
    const torch::Tensor y0 = (uniforms.select(2, 0).unsqueeze(2) * (h - size + 1).to(uniforms.dtype())).floor()
                                 .to(torch::kLong).clamp_max(h - size);
    const torch::Tensor x0 = (uniforms.select(2, 1).unsqueeze(2) * (w - size + 1).to(uniforms.dtype())).floor()
                                 .to(torch::kLong).clamp_max(w - size);
    const torch::Tensor rows = torch::arange(h, intOptions).view({1, 1, h});
    const torch::Tensor cols = torch::arange(w, intOptions).view({1, 1, w});
    const torch::Tensor inRows = ((rows >= y0) & (rows < y0 + size) & active).to(uniforms.dtype());
    const torch::Tensor inCols = ((cols >= x0) & (cols < x0 + size)).to(uniforms.dtype());
    // A pixel is cut when some hole covers both its row and its column: the number of such
    // holes is (rows × holes)·(holes × columns), one small matmul per image, exact in float.
    const torch::Tensor covered = torch::bmm(inRows.transpose(1, 2), inCols).clamp_max(1); // (N,H,W)
    return (1 - covered).unsqueeze(1);
}

torch::Tensor applyCutout(const OperationSpec &spec, const torch::Tensor &images, const torch::Tensor &magnitude,
                          const torch::Tensor &uniforms)
{
    const torch::Tensor keep = cutoutKeepMask(spec, magnitude, uniforms, images.size(2), images.size(3)).to(images.dtype());
    // Straight-through estimator: the forward is the cutout; the magnitude receives the
    // output gradient summed, as if the output depended linearly on it.
    const torch::Tensor m = magnitude.dim() == 0 ? magnitude : magnitude.view({-1, 1, 1, 1});
    return images * keep + (m - m.detach());
}

torch::Tensor sampleAt(const torch::Tensor &images, const torch::Tensor &grid, bool nearest)
{
    F::GridSampleFuncOptions options;
    options.padding_mode(torch::kReflection).align_corners(true);
    if (nearest)
        options.mode(torch::kNearest);
    else
        options.mode(torch::kBilinear);
    // Grids come from gridFromTheta, which keeps every coordinate finite.
    return F::grid_sample(images, grid, options);
}

torch::Tensor gridFromTheta(const torch::Tensor &theta, int64_t h, int64_t w)
{
    // affine_grid with align_corners=true, written as broadcasts: its batched matmul is
    // slower, for many small images and at 224 px alike, on the CPU.
    // A NaN or infinite coordinate sends LibTorch's CPU sampler out of bounds (a crash, not
    // an error). Bounding the six entries of theta keeps every coordinate of the grid
    // finite, at a fraction of the cost of sanitising the grid itself.
    const torch::Tensor bounded = torch::nan_to_num(theta, 0.0).clamp(-1e12, 1e12);
    const auto options = theta.options();
    const torch::Tensor xs = (w > 1 ? torch::linspace(-1, 1, w, options) : torch::zeros({1}, options)).view({1, 1, w});
    const torch::Tensor ys = (h > 1 ? torch::linspace(-1, 1, h, options) : torch::zeros({1}, options)).view({1, h, 1});
    auto entry = [&](int r, int c) { return bounded.select(1, r).select(1, c).view({-1, 1, 1}); };
    const torch::Tensor gx = entry(0, 0) * xs + entry(0, 1) * ys + entry(0, 2);
    const torch::Tensor gy = entry(1, 0) * xs + entry(1, 1) * ys + entry(1, 2);
    return torch::stack({gx, gy}, 3);
}

torch::Tensor affineGrid(const OperationSpec &spec, const torch::Tensor &value, int64_t n, int64_t h, int64_t w,
                         const torch::TensorOptions &options)
{
    torch::Tensor theta = affineTheta(spec.kind, value.to(options.dtype()), h, w);
    if (theta.size(0) != n)
        theta = theta.expand({n, 2, 3});
    return gridFromTheta(theta, h, w);
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
        return sampleAt(images, grid);
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
        return sampleAt(masks, grid, /*nearest=*/true);
    }
    }
}

torch::Tensor relaxedBernoulliFrom(const torch::Tensor &probability, double temperature, const torch::Tensor &uniforms)
{
    constexpr double eps = std::numeric_limits<float>::epsilon();
    const torch::Tensor p = probability.clamp(eps, 1.0 - eps);
    const torch::Tensor u = uniforms.clamp(eps, 1.0 - eps);
    const torch::Tensor logits = torch::log(p) - torch::log1p(-p) + torch::log(u) - torch::log1p(-u);
    return torch::sigmoid(logits / temperature);
}

torch::Tensor relaxedBernoulli(const torch::Tensor &probability, double temperature, int64_t n)
{
    return relaxedBernoulliFrom(probability, temperature,
                                torch::rand({n, 1, 1, 1}, probability.options().requires_grad(false)));
}

} // namespace augstudio
