target_sources(augstudio_engine PRIVATE
    models/Discriminator.cpp
    models/ResNetEncoder.cpp
    models/ClassificationModels.cpp
    models/SegmentationModels.cpp
)
