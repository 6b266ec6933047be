target_sources(augstudio_engine PRIVATE
    search/TorchRuntime.cpp
    search/SearchStep.cpp
    search/CheckpointFile.cpp
    search/Checkpoint.cpp
    search/Distributed.cpp
    search/SearchRun.cpp
    search/SearchSession.cpp
    search/OutOfMemory.cpp
    search/Benchmark.cpp
)
target_sources(augstudio_base PRIVATE
    search/SearchFolder.cpp
    search/MetricsCsv.cpp
    search/SearchOutputs.cpp
    search/PlateauDetector.cpp
    search/PlateauRecord.cpp
    search/LaunchRecord.cpp
    search/ImageSizeRecord.cpp
    search/ResumePoint.cpp
    search/SearchTimeEstimate.cpp
)
# ProcessGroupGloo.hpp includes <gloo/...> (Debian: libgloo-dev); the code is in libtorch_cpu.
if(NOT AUGSTUDIO_BUILD_FUZZERS)
    find_path(GLOO_INCLUDE_DIR gloo/context.h)
    if(NOT GLOO_INCLUDE_DIR)
        message(FATAL_ERROR "the Gloo headers (gloo/context.h) are missing: install libgloo-dev")
    endif()
    target_include_directories(augstudio_engine SYSTEM PRIVATE ${GLOO_INCLUDE_DIR})
endif()
