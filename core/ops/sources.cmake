target_sources(augstudio_base PRIVATE
    ops/OperationCatalog.cpp
)
target_sources(augstudio_engine PRIVATE
    ops/Operations.cpp
    ops/OperationGallery.cpp
)
