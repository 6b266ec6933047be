// Compose, OneOf and Sequential with Albumentations' rules for p and force_apply.

#include "replay/ReplayTransform.h"

#include "data/DeterministicRandom.h"

namespace augstudio {

namespace {

class Composition : public ReplayTransform
{
public:
    Composition(const TransformParams &params, double p, std::vector<TransformPtr> children)
        : ReplayTransform(params.name(), params.path(), p, false, TransformRole::Composition),
          m_children(std::move(children))
    {
    }

    void collectAlwaysApply(std::vector<const ReplayTransform *> &leaves) const override
    {
        for (const TransformPtr &child : m_children)
            child->collectAlwaysApply(leaves);
    }

    int leafCount() const override
    {
        int count = 0;
        for (const TransformPtr &child : m_children)
            count += child->leafCount();
        return count;
    }

protected:
    void run(ReplayTarget &, ReplayContext &) const override {}

    void runChildren(ReplayTarget &target, ReplayContext &context) const
    {
        for (const TransformPtr &child : m_children)
            child->call(target, context, false);
    }

    std::vector<TransformPtr> m_children;
};

class Compose : public Composition
{
public:
    using Composition::Composition;

    void call(ReplayTarget &target, ReplayContext &context, bool force) const override
    {
        const bool drawn = uniformUnit(context.rng) < probability();
        if (force || drawn) {
            runChildren(target, context);
            return;
        }
        // A Compose that does not run still runs its always_apply transforms (ToTensorV2).
        std::vector<const ReplayTransform *> leaves;
        collectAlwaysApply(leaves);
        for (const ReplayTransform *leaf : leaves)
            leaf->call(target, context, false);
    }
};

class OneOf : public Composition
{
public:
    OneOf(const TransformParams &params, double p, std::vector<TransformPtr> children)
        : Composition(params, p, std::move(children))
    {
        double sum = 0.0;
        for (const TransformPtr &child : m_children)
            sum += child->probability();
        if (!m_children.empty() && sum <= 0.0)
            throw ReplayError(params.source(), params.path(),
                              "OneOf: the probabilities of its transforms sum to 0, so none can be chosen");
        double cumulative = 0.0;
        for (const TransformPtr &child : m_children) {
            cumulative += child->probability() / sum;
            m_cumulative.push_back(cumulative);
        }
    }

    void call(ReplayTarget &target, ReplayContext &context, bool force) const override
    {
        // A random choice is an augmentation, even of preprocessing transforms.
        if (m_children.empty() || !context.options.augment)
            return;
        if (!(force || uniformUnit(context.rng) < probability()))
            return;
        // The weights are the children's p normalised to sum 1 (numpy's choice: the first
        // cumulative weight above u).
        const double u = uniformUnit(context.rng);
        size_t chosen = m_children.size() - 1;
        for (size_t i = 0; i < m_cumulative.size(); ++i) {
            if (u < m_cumulative[i]) {
                chosen = i;
                break;
            }
        }
        m_children[chosen]->call(target, context, true);
    }

private:
    std::vector<double> m_cumulative;
};

class Sequential : public Composition
{
public:
    // `drawsP`: from 1.4.4 (and in 2.x) a Sequential applies with its p; before, always,
    // drawing nothing.
    Sequential(const TransformParams &params, double p, std::vector<TransformPtr> children, bool drawsP)
        : Composition(params, p, std::move(children)), m_drawsP(drawsP)
    {
    }

    void call(ReplayTarget &target, ReplayContext &context, bool force) const override
    {
        if (!m_drawsP || force || uniformUnit(context.rng) < probability())
            runChildren(target, context);
    }

private:
    bool m_drawsP;
};

// A Compose setting of Albumentations 2.x or AlbumentationsX that the replay applies only as
// its default, null: any other value is refused, saying what it does.
void replayedAtNullOnly(TransformParams &params, const char *key, const std::string &what)
{
    if (params.has(key))
        params.failKey(key, what + ", which the replay does not: only null is replayed");
}

} // namespace

bool isCompositionName(const std::string &name)
{
    return name == "Compose" || name == "OneOf" || name == "Sequential";
}

TransformPtr makeComposition(TransformParams &params, std::vector<TransformPtr> children)
{
    const std::string &name = params.name();
    if (name == "Compose") {
        const double p = params.probability(1.0);
        // Bounding boxes, keypoints and extra targets do not exist for image + mask.
        params.accept({"bbox_params", "keypoint_params", "additional_targets", "is_check_shapes"});
        // 2.x: settings of the pipeline, not of what it does to an image and a mask (a seed
        // fixes which draws, not how they are made; AlbumentationsX's telemetry reports use).
        if (params.isV2()) {
            params.accept({"strict", "seed", "save_applied_params", "telemetry", "strict_instance_invariant"});
            // Settings that change masks or labels: replayed at their default (null) only.
            replayedAtNullOnly(params, "mask_interpolation", "it sets every transform's mask interpolation");
            replayedAtNullOnly(params, "instance_binding", "it binds instance masks, boxes and keypoints");
            replayedAtNullOnly(params, "semantic_mask_label_mappings", "it relabels mask classes as transforms apply");
        }
        params.finish();
        return std::make_unique<Compose>(params, p, std::move(children));
    }
    const double p = params.probability(0.5); // both default to 0.5 in Albumentations
    params.finish();
    if (name == "OneOf")
        return std::make_unique<OneOf>(params, p, std::move(children));
    return std::make_unique<Sequential>(params, p, std::move(children), params.since(10404));
}

} // namespace augstudio
