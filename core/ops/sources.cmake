target_sources(augstudio_base PRIVATE
    ops/OperationCatalog.cpp
)
