# Desktop integration and packages: what `cmake --install` puts under share/ besides the
# programs, and the CPack recipe for a .deb (dependencies from dpkg-shlibdeps) and a .tar.gz.
# Included from the top-level CMakeLists.txt, after the targets exist.

set(AUGSTUDIO_APP_ID org.augstudio.AugStudio)
set(augstudio_packaging_dir ${PROJECT_SOURCE_DIR}/packaging)
set(augstudio_generated_dir ${PROJECT_BINARY_DIR}/packaging)

# --- Files every install gets --------------------------------------------------------------

install(FILES ${augstudio_packaging_dir}/fashion-mnist-search.yaml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/augstudio)

# Man pages carry the project's version.
set(augstudio_man_pages augstudio-cli)
if(AUGSTUDIO_BUILD_GUI)
    list(APPEND augstudio_man_pages augstudio)
endif()
foreach(page IN LISTS augstudio_man_pages)
    configure_file(${augstudio_packaging_dir}/man/${page}.1.in ${augstudio_generated_dir}/man/${page}.1 @ONLY)
    install(FILES ${augstudio_generated_dir}/man/${page}.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()

# --- The desktop app's menu entry, AppStream metadata and icons -------------------------------

if(AUGSTUDIO_BUILD_GUI)
    install(FILES ${augstudio_packaging_dir}/${AUGSTUDIO_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${augstudio_packaging_dir}/${AUGSTUDIO_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${augstudio_packaging_dir}/icons/${AUGSTUDIO_APP_ID}.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

    # Bitmap icons for menus that do not scale SVGs, rendered from the SVG.
    find_program(AUGSTUDIO_RSVG_CONVERT rsvg-convert)
    if(AUGSTUDIO_RSVG_CONVERT)
        set(icon_files)
        foreach(size 16 22 24 32 48 64 128 256 512)
            set(icon ${augstudio_generated_dir}/icons/${size}x${size}/${AUGSTUDIO_APP_ID}.png)
            add_custom_command(OUTPUT ${icon}
                COMMAND ${CMAKE_COMMAND} -E make_directory ${augstudio_generated_dir}/icons/${size}x${size}
                COMMAND ${AUGSTUDIO_RSVG_CONVERT} --width=${size} --height=${size}
                        --output=${icon} ${augstudio_packaging_dir}/icons/${AUGSTUDIO_APP_ID}.svg
                DEPENDS ${augstudio_packaging_dir}/icons/${AUGSTUDIO_APP_ID}.svg
                COMMENT "Rendering the ${size}x${size} icon"
                VERBATIM)
            list(APPEND icon_files ${icon})
            install(FILES ${icon} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
        endforeach()
        add_custom_target(augstudio_icons ALL DEPENDS ${icon_files})
    else()
        message(STATUS "rsvg-convert not found (Debian: librsvg2-bin): installing the 256x256 PNG icon only")
        install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/augstudio.png
                DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/256x256/apps
                RENAME ${AUGSTUDIO_APP_ID}.png)
    endif()
endif()

# --- CPack: `cmake --build build --target package` or `cpack --config build/CPackConfig.cmake` ---

set(CPACK_PACKAGE_NAME augstudio)
set(CPACK_PACKAGE_VENDOR "The AugStudio developers")
set(CPACK_PACKAGE_CONTACT "The AugStudio developers <maintainers@augstudio.org>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_STRIP_FILES ON)
# The tarball unpacks into one folder holding bin/ and share/.
set(CPACK_PACKAGE_FILE_NAME ${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR})
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

# Debian: /usr prefix (CPack's default for DEB), name_version_arch.deb, and the runtime
# packages of every linked library found by dpkg-shlibdeps (Debian package dpkg-dev).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# LibTorch links the generic libblas.so.3; OpenBLAS takes over that name from Debian's
# reference BLAS (the search step's floor: 52 against 49 images/s on 2 cores).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp | libopenblas0-pthread")
# The sample dataset, and Qt's own translations of its standard dialogs.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist, qt6-translations-l10n")
# The long description; CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first line.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "AugStudio searches for an image augmentation policy that suits your dataset
with the Faster AutoAugment algorithm and saves it as an Albumentations JSON
file that Python training code loads as it is. It does the job of AutoAlbument
as a native desktop application (augstudio) and a headless command-line
program (augstudio-cli), on the CPU or with CUDA.")

include(CPack)
