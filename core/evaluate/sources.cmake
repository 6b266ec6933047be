target_sources(augstudio_base PRIVATE
    evaluate/EvaluateData.cpp
)
target_sources(augstudio_engine PRIVATE
    evaluate/Evaluate.cpp
)
