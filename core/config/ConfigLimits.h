#pragma once

// The largest values the config reader takes for the keys the app's settings form edits too:
// one owner, so that a form box holds every value a YAML file may give it (a lower maximum
// showed a file's value clamped while the YAML and the search kept it).

namespace augstudio::configlimits {

constexpr int kMaxEpochs = 1000000;           // trainer.max_epochs (optim.epochs of AutoAlbument 1)
constexpr int kMaxStepsPerEpoch = 1000000000; // trainer.steps_per_epoch
constexpr int kMaxBatchSize = 1000000;        // data.dataloader.batch_size
constexpr int kMaxSubPolicies = 100000;       // policy_model.num_sub_policies
constexpr int kMaxChunks = 100000;            // policy_model.num_chunks
constexpr int kMaxStages = 1000;              // policy_model.operation_count

} // namespace augstudio::configlimits
