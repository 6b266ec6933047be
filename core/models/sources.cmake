# Torch-free facts about the built-in models (names, minimum sizes): the config reader uses them.
target_sources(augstudio_base PRIVATE
    models/Architectures.cpp
)

target_sources(augstudio_engine PRIVATE
    models/Discriminator.cpp
    models/ResNetEncoder.cpp
    models/ClassificationModels.cpp
    models/SegmentationModels.cpp
    models/DeepLabV3Plus.cpp
    models/StateDictReader.cpp
    models/WeightsLoader.cpp
)
