# target_sources for core/policy
