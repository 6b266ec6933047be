#pragma once

// launch.json, how many processes shared a search (search/SearchFolder.h says where):
//
//   {"processes": 2}
//
// Written by rank 0 when a search starts on more than one process, and on every later start
// of a search whose folder has one, so it says how the last run was launched. A folder
// without it was searched by one process. Plain C++ (no Qt).

#include <string>

namespace augstudio {

std::string launchRecordToJson(int processes);

// The processes recorded at `path`; 1 when the file is not there. A file that is not a launch
// record is 1 too, with a warning naming the file and what is wrong in `warning`.
int readLaunchProcesses(const std::string &path, std::string *warning = nullptr);

} // namespace augstudio
