target_sources(augstudio_base PRIVATE
    config/SearchConfig.cpp
)
