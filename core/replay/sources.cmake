target_sources(augstudio_base PRIVATE
    replay/ReplayPolicy.cpp
    replay/ReplayTransform.cpp
    replay/Compositions.cpp
    replay/PixelTransforms.cpp
    replay/SpatialTransforms.cpp
    replay/CoarseDropout.cpp
    replay/RectangleFill.cpp
    replay/PreprocessingTransforms.cpp
)
