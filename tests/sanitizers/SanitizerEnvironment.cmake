# The sanitizers' run-time options for every test of a sanitized build (AUGSTUDIO_SANITIZE):
# a report fails the test, and the suppression files beside this one silence only what the
# uninstrumented Debian libraries (LibTorch, Qt, OpenCV, fontconfig) report about themselves.
# Child processes (augstudio-cli run by test_cli) inherit the same options.
set(augstudio_sanitizer_environment)
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
        "TSAN_OPTIONS=suppressions=${suppressions}/tsan.supp:second_deadlock_stack=1"
        # LibTorch's intra-op threads are libgomp's, whose uninstrumented barriers TSan cannot
        # see: every tensor op would be a report. One OpenMP thread (the limit also caps
        # at::set_num_threads) keeps the report to our own threads.
        OMP_NUM_THREADS=1 OMP_THREAD_LIMIT=1)
endif()
