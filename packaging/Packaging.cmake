# Install layout and the Debian package. In a release build:
#   cmake --build build/release && (cd build/release && cpack -G DEB)
include(GNUInstallDirs)

install(TARGETS prefstudio prefstudio-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The model jobs (generate, train-sft) and the demo policy they start from.
if(TARGET prefstudio-ml)
  install(TARGETS prefstudio-ml RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/demo-policy
                  ${PROJECT_SOURCE_DIR}/resources/demo-policy-early
                  ${PROJECT_SOURCE_DIR}/resources/demo-rm
                  ${PROJECT_SOURCE_DIR}/resources/recipes
                  ${PROJECT_SOURCE_DIR}/packaging/scorers
        DESTINATION ${CMAKE_INSTALL_DATADIR}/prefstudio)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/prefstudio.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/resources/prefstudio.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/org.prefstudio.PrefStudio.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME prefstudio)
set(CPACK_PACKAGE_VENDOR "PrefStudio")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Review and curate multimodal preference (DPO) datasets")
set(CPACK_PACKAGE_DESCRIPTION "A desktop studio (prefstudio) and command line (prefstudio-cli) \
for multimodal preference datasets: import, review pairs beside their image, dashboards, export \
for DPO trainers.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "PrefStudio developers <prefstudio@example.org>")
# Library dependencies (Qt, SQLite, OpenCV, ...) come from the binaries themselves; the SVG
# plugins (window icon) are loaded at run time, so they are named here.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libopenblas0-openmp, qt6-translations-l10n, qt6-wayland")
include(CPack)
