#include "policy/PolicyModel.h"

#include "ops/Operations.h"

#include <algorithm>
#include <stdexcept>

namespace augstudio {

namespace {

bool isCutout(OperationKind kind)
{
    return kind == OperationKind::CutoutFixedNumberOfHoles || kind == OperationKind::CutoutFixedSize;
}

bool isGeometric(OperationKind kind)
{
    return kind == OperationKind::Rotate || kind == OperationKind::ShiftX || kind == OperationKind::ShiftY
           || kind == OperationKind::Scale;
}

// Operations of the form clamp(α·x + β): per-channel shifts, brightness, contrast.
bool isAffinePixel(OperationKind kind)
{
    return kind == OperationKind::ShiftRGB || kind == OperationKind::RandomBrightness
           || kind == OperationKind::RandomContrast;
}

} // namespace

PolicyOptions PolicyOptions::fromConfig(const SearchConfig &config, int channels)
{
    PolicyOptions options;
    options.operations = resolveOperations(config.policy.operations, channels);
    options.numSubPolicies = config.policy.numSubPolicies;
    options.numStages = config.policy.operationCount;
    options.numChunks = config.policy.numChunks;
    options.temperature = config.policy.temperature;
    options.channels = channels;
    return options;
}

PolicyModelImpl::PolicyModelImpl(PolicyOptions options)
    : options_(std::move(options))
{
    const int channels = options_.channels;
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("the policy works on 1 or 3 channels, got " + std::to_string(channels));
    for (const OperationSpec &spec : options_.operations)
        if (!operationFitsChannels(spec.info(), channels))
            throw std::invalid_argument(std::string(spec.info().name)
                                        + " needs colour images; the policy works on 1 channel");
    const int64_t ops = static_cast<int64_t>(options_.operations.size());
    const std::vector<int64_t> shape{options_.numSubPolicies, options_.numStages, ops};
    // Uniform in [0,1] from the (seeded) default generator, in a fixed order.
    weights = register_parameter("weights", torch::rand(shape));
    probabilities = register_parameter("probabilities", torch::rand(shape));
    magnitudes = register_parameter("magnitudes", torch::rand(shape));
    if (options_.identity)
        identityGain_ = register_parameter("identity_gain", torch::ones({}));
    // Constant tables of the fused stage, as buffers so that they follow the module's device.
    std::vector<int64_t> affine, geometric;
    std::vector<float> low, range, contrast, shifted, rotate, scale, shiftX, shiftY;
    for (size_t i = 0; i < options_.operations.size(); ++i) {
        const OperationSpec &spec = options_.operations[i];
        low.push_back(static_cast<float>(spec.low));
        range.push_back(static_cast<float>(spec.high - spec.low));
        if (isCutout(spec.kind))
            cutoutOps_.push_back(static_cast<int>(i));
        if (isAffinePixel(spec.kind)) {
            affine.push_back(static_cast<int64_t>(i));
            const bool isContrast = spec.kind == OperationKind::RandomContrast;
            contrast.push_back(isContrast ? 1.0f : 0.0f);
            for (int c = 0; c < channels; ++c)
                shifted.push_back(isContrast ? 0.0f
                                  : spec.kind == OperationKind::ShiftRGB ? (spec.shiftChannel[c] ? 1.0f : 0.0f)
                                                                           : 1.0f);
        }
        if (isGeometric(spec.kind)) {
            geometric.push_back(static_cast<int64_t>(i));
            rotate.push_back(spec.kind == OperationKind::Rotate ? 1.0f : 0.0f);
            scale.push_back(spec.kind == OperationKind::Scale ? 1.0f : 0.0f);
            shiftX.push_back(spec.kind == OperationKind::ShiftX ? 1.0f : 0.0f);
            shiftY.push_back(spec.kind == OperationKind::ShiftY ? 1.0f : 0.0f);
        }
    }
    auto column = [](const std::vector<float> &v) { return torch::tensor(v, torch::kFloat).view({-1, 1}); };
    low_ = register_buffer("op_low", torch::tensor(low, torch::kFloat));
    range_ = register_buffer("op_range", torch::tensor(range, torch::kFloat));
    // Index tensors stay out of the buffers: Module::to(dtype) would convert them too.
    affineIndex_ = torch::tensor(affine, torch::kLong);
    geometricIndex_ = torch::tensor(geometric, torch::kLong);
    if (!affine.empty())
        buildChannelTables(contrast, shifted);
    if (!geometric.empty()) {
        rotateMask_ = register_buffer("rotate_mask", column(rotate));
        scaleMask_ = register_buffer("scale_mask", column(scale));
        shiftXMask_ = register_buffer("shift_x_mask", column(shiftX));
        shiftYMask_ = register_buffer("shift_y_mask", column(shiftY));
    }
}

void PolicyModelImpl::buildChannelTables(const std::vector<float> &contrast, const std::vector<float> &shifted)
{
    // Each affine operation changes some channels (a shift its own, brightness and contrast
    // all C); on the others it is the identity and needs no pass over the pixels. Per
    // channel, list the operations that change it, padded to one count T with the entry K:
    // value 0, weight 0, a no-op. A grey search has one channel, so a third of the work.
    const int channels = options_.channels;
    const int64_t k = static_cast<int64_t>(contrast.size());
    std::vector<std::vector<int64_t>> changing(static_cast<size_t>(channels));
    std::vector<float> untouched(static_cast<size_t>(k) * size_t(channels), 0.0f);
    for (int64_t op = 0; op < k; ++op)
        for (int c = 0; c < channels; ++c) {
            if (contrast[size_t(op)] != 0.0f || shifted[size_t(op * channels + c)] != 0.0f)
                changing[size_t(c)].push_back(op);
            else
                untouched[size_t(op * channels + c)] = 1.0f;
        }
    size_t t = 0;
    for (const auto &ops : changing)
        t = std::max(t, ops.size());
    std::vector<int64_t> index;
    std::vector<float> alphaIsValue, betaIsValue;
    for (size_t row = 0; row < t; ++row)
        for (int c = 0; c < channels; ++c) {
            const auto &ops = changing[size_t(c)];
            const int64_t op = row < ops.size() ? ops[row] : k;
            index.push_back(op);
            alphaIsValue.push_back(op < k ? contrast[size_t(op)] : 0.0f);
            betaIsValue.push_back(op < k ? shifted[size_t(op * channels + c)] : 0.0f);
        }
    const int64_t rows = static_cast<int64_t>(t);
    channelOpIndex_ = torch::tensor(index, torch::kLong);
    channelAlphaIsValue_ = torch::tensor(alphaIsValue, torch::kFloat).view({rows, channels});
    channelBetaIsValue_ = torch::tensor(betaIsValue, torch::kFloat).view({rows, channels});
    channelUntouched_ = torch::tensor(untouched, torch::kFloat).view({k, channels});
}

PolicyDraws PolicyModelImpl::drawRandomness(int64_t n, const torch::TensorOptions &options) const
{
    PolicyDraws draws;
    const int64_t chunks = std::min<int64_t>(options_.numChunks, n);
    const int64_t chunkSize = (n + chunks - 1) / chunks; // as torch::chunk splits
    for (int64_t begin = 0; begin < n; begin += chunkSize) {
        draws.chunkSizes.push_back(std::min(chunkSize, n - begin));
        draws.subPolicyPerChunk.push_back(
            static_cast<int>(torch::randint(options_.numSubPolicies, {1}).item<int64_t>()));
    }
    const auto uniformOptions = options.requires_grad(false);
    const int64_t ops = static_cast<int64_t>(options_.operations.size());
    for (int stage = 0; stage < options_.numStages; ++stage) {
        draws.gateUniforms.push_back(torch::rand({ops, n}, uniformOptions));
        for (int op : cutoutOps_)
            draws.holeUniforms.push_back(torch::rand({n, cutoutMaxHoles(options_.operations[op]), 2}, uniformOptions));
    }
    return draws;
}

torch::Tensor PolicyModelImpl::stagePlain(int stage, const torch::Tensor &images, int subPolicy,
                                          const torch::Tensor &gateUniforms, const std::vector<torch::Tensor> &holeUniforms)
{
    const auto &ops = options_.operations;
    const torch::Tensor w = torch::softmax(weights[subPolicy][stage] / options_.temperature, 0);
    const torch::Tensor p = probabilities[subPolicy][stage].clamp(0, 1);
    const torch::Tensor m = magnitudes[subPolicy][stage].clamp(0, 1);
    torch::Tensor out;
    size_t cutoutIndex = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        const torch::Tensor gate =
            relaxedBernoulliFrom(p[i], options_.temperature, gateUniforms[static_cast<int64_t>(i)].view({-1, 1, 1, 1}));
        const torch::Tensor applied = isCutout(ops[i].kind) ? applyCutout(ops[i], images, m[i], holeUniforms[cutoutIndex++])
                                                            : applyOperation(ops[i], images, m[i]);
        const torch::Tensor mixed = (gate * applied + (1 - gate) * images).clamp(0, 1);
        out = out.defined() ? out + w[i] * mixed : w[i] * mixed;
    }
    return out;
}

torch::Tensor PolicyModelImpl::stageFused(int stage, const torch::Tensor &images, const torch::Tensor &subPolicyPerImage,
                                          const torch::Tensor &gateUniforms, const std::vector<torch::Tensor> &holeUniforms)
{
    const auto &ops = options_.operations;
    const int64_t n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
    if (affineIndex_.device() != images.device()) {
        affineIndex_ = affineIndex_.to(images.device());
        geometricIndex_ = geometricIndex_.to(images.device());
        if (channelOpIndex_.defined())
            channelOpIndex_ = channelOpIndex_.to(images.device());
    }
    // Per-image parameters (N, O), gathered from each image's sub-policy.
    const torch::Tensor W = torch::softmax(weights.select(1, stage).index_select(0, subPolicyPerImage) / options_.temperature, 1);
    const torch::Tensor P = probabilities.select(1, stage).index_select(0, subPolicyPerImage).clamp(0, 1);
    const torch::Tensor M = magnitudes.select(1, stage).index_select(0, subPolicyPerImage).clamp(0, 1);
    const torch::Tensor G = relaxedBernoulliFrom(P, options_.temperature, gateUniforms.t()); // (N, O)
    // Σ_i w_i (g_i·op_i(x) + (1 − g_i)·x) = x·(1 − Σ_i a_i) + Σ_i a_i·op_i(x), a_i = w_i·g_i
    // (Σ w_i = 1; every term already lies in [0,1], so the per-term clamp is the identity).
    const torch::Tensor A = W * G;
    const torch::Tensor V = M * range_ + low_; // values (N, O)
    auto column = [](const torch::Tensor &t, int64_t i) { return t.select(1, i); };
    auto perImage = [](const torch::Tensor &v) { return v.view({-1, 1, 1, 1}); };
    torch::Tensor out;
    if (affineIndex_.numel() > 0) {
        // clamp(α·x + β) for every affine operation at once, on the channels it changes only,
        // (N, C, T, H, W): shifts and brightness have α = 1, β = v; contrast α = v, β = 0.
        // Where an operation leaves a channel as it is, its weight joins the x term, and
        // x·keep + Σ_t a_t·outputs_t is one batched matmul.
        const torch::Tensor v = V.index_select(1, affineIndex_);                       // (N, K)
        const torch::Tensor a = A.index_select(1, affineIndex_);
        // The tables in the images' dtype and device (a no-op once they match).
        const torch::Tensor alphaIsValue = channelAlphaIsValue_.to(images.options());
        const torch::Tensor betaIsValue = channelBetaIsValue_.to(images.options());
        const torch::Tensor untouched = channelUntouched_.to(images.options());
        const torch::Tensor keep = (1 - A.sum(1)).unsqueeze(1) + a.matmul(untouched); // (N, C)
        const int64_t t = alphaIsValue.size(0);
        const torch::Tensor none = torch::zeros({n, 1}, v.options());
        const torch::Tensor vc = torch::cat({v, none}, 1).index_select(1, channelOpIndex_).view({n, t, c}).transpose(1, 2);
        const torch::Tensor ac = torch::cat({a, none}, 1).index_select(1, channelOpIndex_).view({n, t, c}).transpose(1, 2);
        const torch::Tensor alpha = alphaIsValue.t() * vc + (1 - alphaIsValue.t());
        const torch::Tensor beta = betaIsValue.t() * vc;
        const torch::Tensor outputs =
            torch::addcmul(beta.reshape({n, c, t, 1, 1}), images.unsqueeze(2), alpha.reshape({n, c, t, 1, 1})).clamp(0, 1);
        out = torch::baddbmm((images * keep.view({n, c, 1, 1})).reshape({n * c, 1, h * w}), ac.reshape({n * c, 1, t}),
                             outputs.reshape({n * c, t, h * w}))
                  .view({n, c, h, w});
    } else {
        out = images * perImage(1 - A.sum(1));
    }

    if (geometricIndex_.numel() > 0) {
        // Every geometric operation in one grid_sample call: an image's K grids are stacked
        // along the output's height, so the image is read in place rather than copied K
        // times, and the weighted sum over K is one batched matmul.
        const torch::Tensor v = V.index_select(1, geometricIndex_);                    // (N, K)
        const int64_t k = v.size(1);
        const torch::Tensor scaleMask = scaleMask_.t();                                 // (1, K)
        const torch::Tensor theta =
            // scale = v for Scale, 1 otherwise: written as v·m + (1 − m), since 1 + m·(v − 1)
            // rounds Scale's smallest value (1e-8) to 0 in float, and 1/0 makes the grid NaN.
            affineThetaFrom(v * rotateMask_.t(), v * scaleMask + (1 - scaleMask), v * shiftXMask_.t() * static_cast<double>(w),
                            v * shiftYMask_.t() * static_cast<double>(h), h, w);   // (N, K, 2, 3)
        const torch::Tensor grid = gridFromTheta(theta.view({n * k, 2, 3}), h, w).view({n, k * h, w, 2});
        const torch::Tensor sampled = sampleAt(images, grid).view({n * c, k, h * w});  // from (N, C, K·H, W)
        const torch::Tensor a = A.index_select(1, geometricIndex_).unsqueeze(1).expand({n, c, k}).reshape({n * c, 1, k});
        out = out + torch::bmm(a, sampled).view({n, c, h, w});
    }

    size_t cutoutIndex = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        const OperationSpec &spec = ops[i];
        const torch::Tensor a = perImage(column(A, static_cast<int64_t>(i)));
        switch (spec.kind) {
        case OperationKind::Solarize: {
            const torch::Tensor v = perImage(column(V, static_cast<int64_t>(i)));
            out = torch::addcmul(out, a, torch::where(images >= v, 1.0 - images, images));
            break;
        }
        case OperationKind::HorizontalFlip:
            out = torch::addcmul(out, a, images.flip({3}));
            break;
        case OperationKind::VerticalFlip:
            out = torch::addcmul(out, a, images.flip({2}));
            break;
        case OperationKind::CutoutFixedNumberOfHoles:
        case OperationKind::CutoutFixedSize:
            out = torch::addcmul(
                out, a, applyCutout(spec, images, column(M, static_cast<int64_t>(i)), holeUniforms[cutoutIndex++]));
            break;
        default:
            break; // affine and geometric: above
        }
    }
    return out;
}

torch::Tensor PolicyModelImpl::moveMasks(int stage, const torch::Tensor &masks, int subPolicy,
                                         const torch::Tensor &gateUniforms)
{
    torch::NoGradGuard noGrad;
    const torch::Tensor w = torch::softmax(weights[subPolicy][stage] / options_.temperature, 0);
    const torch::Tensor p = probabilities[subPolicy][stage].clamp(0, 1);
    const int64_t op = (w * p).argmax().item<int64_t>();
    const OperationSpec &spec = options_.operations[op];
    if (!spec.info().spatial)
        return masks;
    const torch::Tensor gate = relaxedBernoulliFrom(p[op], options_.temperature, gateUniforms[op].view({-1, 1, 1, 1}));
    const torch::Tensor moved = applyOperationToMasks(spec, masks, magnitudes[subPolicy][stage][op].clamp(0, 1));
    const torch::Tensor open = (gate > 0.5).to(masks.dtype());
    return open * moved + (1 - open) * masks;
}

torch::Tensor PolicyModelImpl::applySubPolicy(int subPolicy, torch::Tensor images, torch::Tensor *masks)
{
    const PolicyDraws draws = drawRandomness(images.size(0), images.options());
    std::vector<torch::Tensor> holes;
    const size_t perStage = cutoutOps_.size();
    for (int stage = 0; stage < options_.numStages; ++stage) {
        holes.assign(draws.holeUniforms.begin() + stage * perStage, draws.holeUniforms.begin() + (stage + 1) * perStage);
        if (masks && masks->defined())
            *masks = moveMasks(stage, *masks, subPolicy, draws.gateUniforms[stage]);
        images = stagePlain(stage, images, subPolicy, draws.gateUniforms[stage], holes);
    }
    return images;
}

PolicyOutput PolicyModelImpl::forward(const torch::Tensor &images, const torch::Tensor &masks)
{
    return forward(images, masks, drawRandomness(images.size(0), images.options()));
}

PolicyOutput PolicyModelImpl::forward(const torch::Tensor &images, const torch::Tensor &masks, const PolicyDraws &draws)
{
    if (images.dim() != 4 || images.size(1) != options_.channels)
        throw std::invalid_argument("the policy works on " + std::to_string(options_.channels)
                                    + "-channel images, got a batch of shape " + c10::str(images.sizes()));
    PolicyOutput result;
    if (options_.identity) {
        // One scalar parameter keeps the backward through the discriminator, as a real
        // policy needs it.
        result.images = images * identityGain_;
        result.masks = masks;
        result.subPolicyPerImage.assign(images.size(0), 0);
        return result;
    }
    for (size_t c = 0; c < draws.chunkSizes.size(); ++c)
        result.subPolicyPerImage.insert(result.subPolicyPerImage.end(), draws.chunkSizes[c], draws.subPolicyPerChunk[c]);
    const size_t perStage = cutoutOps_.size();
    const torch::Tensor subPolicies =
        torch::tensor(std::vector<int64_t>(result.subPolicyPerImage.begin(), result.subPolicyPerImage.end()), torch::kLong)
            .to(images.device());

    torch::Tensor x = images;
    torch::Tensor m = masks;
    std::vector<torch::Tensor> holes;
    for (int stage = 0; stage < options_.numStages; ++stage) {
        holes.assign(draws.holeUniforms.begin() + stage * perStage, draws.holeUniforms.begin() + (stage + 1) * perStage);
        if (m.defined()) {
            std::vector<torch::Tensor> moved;
            int64_t begin = 0;
            for (size_t c = 0; c < draws.chunkSizes.size(); ++c) {
                const int64_t end = begin + draws.chunkSizes[c];
                moved.push_back(moveMasks(stage, m.slice(0, begin, end), draws.subPolicyPerChunk[c],
                                          draws.gateUniforms[stage].slice(1, begin, end)));
                begin = end;
            }
            m = torch::cat(moved);
        }
        if (options_.fused) {
            x = stageFused(stage, x, subPolicies, draws.gateUniforms[stage], holes);
            continue;
        }
        std::vector<torch::Tensor> chunks;
        int64_t begin = 0;
        for (size_t c = 0; c < draws.chunkSizes.size(); ++c) {
            const int64_t end = begin + draws.chunkSizes[c];
            std::vector<torch::Tensor> chunkHoles;
            for (const auto &u : holes)
                chunkHoles.push_back(u.slice(0, begin, end));
            chunks.push_back(stagePlain(stage, x.slice(0, begin, end), draws.subPolicyPerChunk[c],
                                        draws.gateUniforms[stage].slice(1, begin, end), chunkHoles));
            begin = end;
        }
        x = torch::cat(chunks);
    }
    result.images = x;
    result.masks = m;
    return result;
}

PolicySnapshot PolicyModelImpl::snapshot(int imageHeight, int imageWidth) const
{
    torch::NoGradGuard noGrad;
    PolicySnapshot snap;
    snap.numSubPolicies = options_.numSubPolicies;
    snap.numStages = options_.numStages;
    snap.operations = options_.operations;
    snap.imageHeight = imageHeight;
    snap.imageWidth = imageWidth;
    snap.channels = options_.channels;
    const torch::Tensor w = torch::softmax(weights.detach().to(torch::kCPU, torch::kDouble) / options_.temperature, 2)
                                .contiguous();
    const torch::Tensor p = probabilities.detach().to(torch::kCPU, torch::kDouble).clamp(0, 1).contiguous();
    const torch::Tensor m = magnitudes.detach().to(torch::kCPU, torch::kDouble).clamp(0, 1).contiguous();
    const double *wp = w.data_ptr<double>();
    const double *pp = p.data_ptr<double>();
    const double *mp = m.data_ptr<double>();
    snap.states.resize(static_cast<size_t>(w.numel()));
    for (size_t i = 0; i < snap.states.size(); ++i)
        snap.states[i] = {wp[i], pp[i], mp[i]};
    return snap;
}

} // namespace augstudio
