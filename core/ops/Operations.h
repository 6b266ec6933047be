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

// One relaxed-Bernoulli sample per image, shape (N,1,1,1): sigmoid((logit(p) + logit(u)) / T).
torch::Tensor relaxedBernoulli(const torch::Tensor &probability, double temperature, int64_t n);

// The sampling grid of a geometric operation (N,H,W,2), align_corners=true convention:
// rotation/scale about the image centre, shifts in fractions of width/height, matching
// cv2.warpAffine as Albumentations' ShiftScaleRotate uses it.
torch::Tensor affineGrid(const OperationSpec &spec, const torch::Tensor &value, int64_t n, int64_t h, int64_t w,
                         const torch::TensorOptions &options);

} // namespace augstudio
