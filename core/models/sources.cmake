# target_sources for core/models
