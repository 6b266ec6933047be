# target_sources for core/io
