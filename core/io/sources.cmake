target_sources(augstudio_base PRIVATE
    io/AtomicFile.cpp
    io/FileWrite.cpp
    io/FolderLock.cpp
    io/Crc32c.cpp
    io/CsvWriter.cpp
    io/FileRead.cpp
    io/IoError.cpp
    io/JsonRecord.cpp
    io/NormalPath.cpp
    io/MatReader.cpp
    io/PickleReader.cpp
    io/PrintableText.cpp
    io/TextLayout.cpp
    io/ZipArchive.cpp
    io/TensorBoardWriter.cpp
)
