#include "config/DefaultConfigs.h"

namespace augstudio {

SearchConfig defaultConfig()
{
    return SearchConfig();
}

const std::string &defaultConfigYaml()
{
    static const std::string text = R"yaml(# AugStudio search config, in AutoAlbument's search.yaml schema (version 2).
# Every key is optional; these are the defaults. AutoAlbument's own files load as they are:
# their Python-only keys (hydra, logger, callbacks, _target_ classes) are noted and ignored.
_version: 2

# classification (images + class ids) or semantic_segmentation (images + masks).
task: classification

# The policy model: the generator of the Faster AutoAugment search.
policy_model:
  # Weight of the task loss that keeps augmentations from turning class A into class B.
  task_factor: 0.1
  # Weight of the WGAN-GP gradient penalty.
  gp_factor: 10
  # Temperature of the relaxed Bernoulli masks and of each stage's softmax.
  temperature: 0.05
  # Sub-policies to learn; each batch chunk draws one of them.
  num_sub_policies: 40
  # Chunks per augmented half-batch; data.dataloader.batch_size must be >= 2 x num_chunks.
  num_chunks: 4
  # Stages per sub-policy, applied one after another.
  operation_count: 4
  # Leave `operations` out for the 14 default operations, or list your own:
  # operations:
  #   - _target_: autoalbument.faster_autoaugment.models.policy_operations.ShiftRGB
  #     shift_r: true
  #   - name: Rotate                  # AugStudio's short form
  #     value_range: [-30, 30]        # optional: the values it spans (augstudio-cli ops lists each default)
  #   - name: CutoutFixedNumberOfHoles
  #     num_holes: 16

# The discriminator for classification: resnet18, resnet34, resnet50, resnet101,
# wide_resnet50_2, wide_resnet101_2 or wrn_<depth>_<width> (wrn_28_10, wrn_40_2).
classification_model:
  # null: counted in the dataset.
  num_classes: null
  architecture: resnet18
  # No downloads: pretrained weights come from a local file.
  pretrained: false
  # weights: /path/to/resnet18-f37072fd.pth  (a torchvision or timm state dict)

# The discriminator for segmentation: Unet, FPN or DeepLabV3Plus on a resnet18, resnet34 or
# resnet50 encoder.
semantic_segmentation_model:
  num_classes: null
  architecture: Unet
  encoder_architecture: resnet18
  pretrained: false
  # encoder_weights: /path/to/resnet18-f37072fd.pth

data:
  dataset:
    # The dataset folder (~ is your home; a relative path is relative to this file).
    # root: ~/data/my_dataset
    # auto, image_folder, idx, cifar, svhn, flowers102, stl10, csv (a labels file),
    # segmentation_pairs, voc or cityscapes.
    layout: auto
    # idx: train or t10k; cifar: train or test; svhn: train, test or extra;
    # flowers102: train, val or test; stl10: train or test; voc and cityscapes: train or val.
    split: train
    # Use at most this many images (0: all of them).
    limit: 0
  # uint8 (0..255 images) or float32 (0..1); decides how the policy is exported.
  input_dtype: uint8
  # Albumentations transforms applied before the policy, e.g.
  # preprocessing:
  #   - Resize: {height: 32, width: 32}
  preprocessing: null
  # Per-channel normalisation of [0, 1] images, applied after preprocessing.
  normalization:
    mean: [0.485, 0.456, 0.406]
    std: [0.229, 0.224, 0.225]
  dataloader:
    batch_size: 16
    shuffle: true
    num_workers: 2
    drop_last: true
  # Segmentation: the mask value left out of the loss.
  ignore_index: 255

# Adam for the discriminator (main) and for the policy.
optim:
  main:
    lr: 1e-3
    betas: [0, 0.999]
  policy:
    lr: 1e-3
    betas: [0, 0.999]

trainer:
  max_epochs: 20
  # cpu, cuda, cuda:N or auto (CUDA when available). AutoAlbument's gpus: 1 means auto.
  device: cpu
  # CPU threads for the search (0: OMP_NUM_THREADS if set, else one per core).
  threads: 0
  # Steps between preview images in the app.
  preview_every: 50
  # AugStudio: at most this many steps an epoch (0: every batch of the dataset).
  steps_per_epoch: 0

# AugStudio: the Albumentations the policy files are written for: 2 (2.x, AlbumentationsX)
# or 1 (0.5.2 to 1.4).
export:
  albumentations: 2

seed: 42
)yaml";
    return text;
}

SearchConfig sampleConfig(const std::string &fashionMnistRoot)
{
    SearchConfig config;
    config.task = Task::Classification;
    config.data.dataset.root = fashionMnistRoot;
    config.data.dataset.layout = "idx";
    config.data.dataset.split = "train";
    config.data.dataset.limit = 2000;
    config.data.preprocessing = {PreprocessingStep{"Resize", {{"height", 32.0}, {"width", 32.0}}, {}, 0}};
    // Fashion-MNIST's grey statistics: the images have one channel, and so does the search.
    config.data.mean = {0.286};
    config.data.std = {0.353};
    config.data.dataloader.batchSize = 32;
    config.policy.numSubPolicies = 10;
    config.policy.numChunks = 4;
    config.policy.operationCount = 4;
    config.classificationModel.architecture = "resnet18";
    config.classificationModel.numClasses = 10;
    // 40 epochs: on this sample a policy searched for 40 epochs scored 2 points above one of
    // 20 and 4 above one of 10 (README, "Does the policy help?").
    config.trainer.maxEpochs = 40;
    config.trainer.device = "cpu";
    return config;
}

} // namespace augstudio
