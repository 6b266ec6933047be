# The sanitizers' run-time options for every test of a sanitized build (AUGSTUDIO_SANITIZE):
# a report fails the test, and the suppression files beside this one silence only what the
# uninstrumented Debian libraries (LibTorch, Qt, OpenCV, fontconfig) report about themselves.
# Child processes (augstudio-cli run by test_cli) inherit the same options.
set(augstudio_sanitizer_environment)
# Sanitized code runs several times slower: the tests that give a running search a fixed
# time to settle scale it by this factor (test_ui_search).
if("thread" IN_LIST AUGSTUDIO_SANITIZE)
    list(APPEND augstudio_sanitizer_environment AUGSTUDIO_TEST_SLOWDOWN=10)
elseif(AUGSTUDIO_SANITIZE)
    list(APPEND augstudio_sanitizer_environment AUGSTUDIO_TEST_SLOWDOWN=4)
endif()
set(suppressions ${CMAKE_CURRENT_LIST_DIR})
if("address" IN_LIST AUGSTUDIO_SANITIZE)
    list(APPEND augstudio_sanitizer_environment
        "ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1"
        "LSAN_OPTIONS=suppressions=${suppressions}/lsan.supp:print_suppressions=0")
endif()
if("undefined" IN_LIST AUGSTUDIO_SANITIZE)
    list(APPEND augstudio_sanitizer_environment
        "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:suppressions=${suppressions}/ubsan.supp")
endif()
if("thread" IN_LIST AUGSTUDIO_SANITIZE)
    list(APPEND augstudio_sanitizer_environment
        # Qt, OpenCV and GDAL synchronise through their own uninstrumented code (QThread's
        # wait, posted events, thread pools), which TSan cannot follow: it would report their
        # hand-offs as races. ignore_noninstrumented_modules makes TSan ignore the memory and
        # lock operations of those libraries' calls (malloc, free, pthread); every access made
        # by our instrumented code is still checked.
        "TSAN_OPTIONS=suppressions=${suppressions}/tsan.supp:second_deadlock_stack=1:ignore_noninstrumented_modules=1"
        # LibTorch's intra-op threads are libgomp's, whose uninstrumented barriers TSan cannot
        # see: one OpenMP thread unless a search or evaluation asks for more (trainer.threads)
        # keeps the report to our own threads. Not OMP_THREAD_LIMIT: oneDNN then splits work
        # for at::get_num_threads() threads, gets fewer, and waits for them forever.
        OMP_NUM_THREADS=1)
endif()
