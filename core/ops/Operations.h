#pragma once

// The differentiable forward of every policy operation, on NCHW float batches in [0,1].
// Engine-only header (includes LibTorch).

#include "ops/OperationCatalog.h"

#include <torch/torch.h>

namespace augstudio {

// Applies `spec` at magnitude `magnitude` (a 0-dim tensor already clamped to [0,1], which
// may require grad) to every image of `images` (N,C,H,W). Randomness (cutout positions)
// comes from LibTorch's default generator, so a seed fixes it.
torch::Tensor applyOperation(const OperationSpec &spec, const torch::Tensor &images,
                             const torch::Tensor &magnitude);

// Moves class-index masks (N,1,H,W float) exactly as applyOperation moves the images,
// with nearest-neighbour sampling and no gradient. Non-spatial operations return them as is.
torch::Tensor applyOperationToMasks(const OperationSpec &spec, const torch::Tensor &masks,
                                    const torch::Tensor &magnitude);

// Affine sampling matrices (..., 2, 3) for the align_corners=true grid: rotation by
// `degrees` (counter-clockwise on screen) and scaling about the image centre, then a shift
// by (shiftX, shiftY) pixels rounded to whole pixels (wholePixels), as Albumentations 2.x
// applies shifts. Every argument has the same shape.
torch::Tensor affineThetaFrom(const torch::Tensor &degrees, const torch::Tensor &scale, const torch::Tensor &shiftX,
                              const torch::Tensor &shiftY, int64_t h, int64_t w);

// round(pixels) forward, the identity's gradient backward (straight-through estimator).
torch::Tensor wholePixels(const torch::Tensor &pixels);

// Samples `images` at `grid` as every geometric operation does: bilinear (nearest for
// masks), reflection at the pixel centres (align_corners=true), i.e. cv2's INTER_LINEAR
// with BORDER_REFLECT_101, which is what the export names.
torch::Tensor sampleAt(const torch::Tensor &images, const torch::Tensor &grid, bool nearest = false);

// The sampling grid (N,H,W,2) of affine matrices theta (N,2,3), align_corners=true.
torch::Tensor gridFromTheta(const torch::Tensor &theta, int64_t h, int64_t w);

// Cutout with given randomness: `uniforms` (N, cutoutMaxHoles(spec), 2) in [0,1) place the
// holes; `magnitude` is 0-dim or one per image (N). Straight-through for the magnitude.
torch::Tensor applyCutout(const OperationSpec &spec, const torch::Tensor &images, const torch::Tensor &magnitude,
                          const torch::Tensor &uniforms);
int64_t cutoutMaxHoles(const OperationSpec &spec);
// (N,1,H,W) 1 where pixels are kept, 0 in holes.
torch::Tensor cutoutKeepMask(const OperationSpec &spec, const torch::Tensor &magnitude, const torch::Tensor &uniforms,
                             int64_t h, int64_t w);

// One relaxed-Bernoulli sample per image, shape (N,1,1,1): sigmoid((logit(p) + logit(u)) / T).
torch::Tensor relaxedBernoulli(const torch::Tensor &probability, double temperature, int64_t n);
// The same from given uniforms u (any shape broadcastable with p).
torch::Tensor relaxedBernoulliFrom(const torch::Tensor &probability, double temperature, const torch::Tensor &u);

// The sampling grid of a geometric operation (N,H,W,2); `value` is 0-dim or one per image, align_corners=true convention:
// rotation/scale about the image centre, shifts in fractions of width/height, matching
// cv2.warpAffine as Albumentations' ShiftScaleRotate uses it.
torch::Tensor affineGrid(const OperationSpec &spec, const torch::Tensor &value, int64_t n, int64_t h, int64_t w,
                         const torch::TensorOptions &options);

} // namespace augstudio
