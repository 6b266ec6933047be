#pragma once

// plateau.json, the engine's plateau verdict kept in the search folder (search/SearchFolder.h
// says where), so that a search opened later shows the verdict it was given instead of
// judging its metrics again:
//
//   {"epoch": 14, "plateau_epoch": 9, "suggested_epoch": 14, "reason": "..."}
//
// Written once, when the engine recognises the plateau. A folder without the file has no
// verdict: its search has not converged, or it was written before the file existed.
// Plain C++ (no Qt).

#include "search/SearchEvents.h"

#include <optional>
#include <string>

namespace augstudio {

std::string plateauRecordToJson(const PlateauEvent &event);

// The verdict recorded at `path`; nullopt when the file is not there. A file that is not a
// verdict (hand-edited, cut short, not JSON) is nullopt too, with a warning naming the file
// and what is wrong in `warning`.
std::optional<PlateauEvent> readPlateauRecord(const std::string &path, std::string *warning = nullptr);

} // namespace augstudio
