target_sources(augstudio_engine PRIVATE
    search/TorchRuntime.cpp
    search/SearchStep.cpp
    search/Checkpoint.cpp
    search/SearchRun.cpp
    search/SearchSession.cpp
    search/Benchmark.cpp
)
target_sources(augstudio_base PRIVATE
    search/SearchFolder.cpp
    search/MetricsCsv.cpp
    search/SearchOutputs.cpp
    search/PlateauDetector.cpp
    search/PlateauRecord.cpp
    search/SearchTimeEstimate.cpp
)
