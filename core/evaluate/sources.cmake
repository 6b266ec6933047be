target_sources(augstudio_base PRIVATE
    evaluate/Baselines.cpp
    evaluate/EvaluateData.cpp
    evaluate/LearningRate.cpp
    evaluate/MeanIou.cpp
    evaluate/PairedComparison.cpp
)
target_sources(augstudio_engine PRIVATE
    evaluate/Evaluate.cpp
)
