target_sources(augstudio_base PRIVATE
    policy/PolicySnapshot.cpp
    policy/AlbumentationsExport.cpp
)
target_sources(augstudio_engine PRIVATE
    policy/PolicyModel.cpp
)
