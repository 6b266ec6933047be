target_sources(augstudio_base PRIVATE
    config/ConfigChanges.cpp
    config/ConfigError.cpp
    config/ConfigLoader.cpp
    config/ConfigReader.cpp
    config/ConfigTextEdit.cpp
    config/ConfigWriter.cpp
    config/DefaultConfigs.cpp
    config/ImageSizePreset.cpp
    config/SearchConfig.cpp
    config/YamlAnchors.cpp
    config/YamlFields.cpp
    config/YamlMerge.cpp
    config/YamlScalars.cpp
)
