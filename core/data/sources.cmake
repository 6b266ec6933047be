target_sources(augstudio_base PRIVATE
    data/BatchLoader.cpp
    data/Dataset.cpp
    data/DatasetInspector.cpp
    data/IdxDataset.cpp
    data/ImageChannels.cpp
    data/ImageDecoding.cpp
    data/ImageFiles.cpp
    data/ImageFolderDataset.cpp
    data/ImageHeader.cpp
    data/PalettePng.cpp
    data/ParallelFor.cpp
    data/Normalization.cpp
    data/Preprocessor.cpp
    data/SegmentationDataset.cpp
)
