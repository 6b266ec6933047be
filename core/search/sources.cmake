target_sources(augstudio_engine PRIVATE
    search/TorchRuntime.cpp
)
