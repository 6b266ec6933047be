target_sources(augstudio_base PRIVATE
    policy/PolicySnapshot.cpp
    policy/AlbumentationsExport.cpp
    policy/AlbumentationsFormat.cpp
    policy/AlbumentationsV1.cpp
    policy/AlbumentationsXNames.cpp
    policy/PolicyFile.cpp
)
target_sources(augstudio_engine PRIVATE
    policy/PolicyModel.cpp
)
