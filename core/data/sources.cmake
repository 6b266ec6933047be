target_sources(augstudio_base PRIVATE
    data/BatchChecks.cpp
    data/BatchLoader.cpp
    data/Dataset.cpp
    data/DatasetInspector.cpp
    data/DefaultPreprocessing.cpp
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
