# target_sources for core/data
