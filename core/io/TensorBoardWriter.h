#pragma once

// Scalar event files that TensorBoard loads, written without a protobuf library: each
// record is a TFRecord (little-endian uint64 length, masked CRC-32C of the length, the
// serialized tensorflow.Event, masked CRC-32C of the event). The first event carries
// file_version "brain.Event:2"; each scalar is an Event{wall_time, step, summary{value{tag,
// simple_value}}}; a restart is an Event{wall_time, step, session_log{status START}}.
// Records are buffered and reach the file on flush() (and when the
// buffer grows past 64 KiB, and on destruction).

#include <cstdint>
#include <string>

namespace augstudio {

class TensorBoardWriter
{
public:
    // Creates logDir (and parents) and logDir/events.out.tfevents.<unix seconds>.<hostname>
    // (".1", ".2"... appended if that name is taken). IoError naming the folder or file.
    explicit TensorBoardWriter(const std::string &logDir);
    ~TensorBoardWriter();
    TensorBoardWriter(const TensorBoardWriter &) = delete;
    TensorBoardWriter &operator=(const TensorBoardWriter &) = delete;

    // wallTime: seconds since the Unix epoch. The value is stored as a float, as
    // TensorBoard's simple_value is.
    void addScalar(const std::string &tag, double value, std::int64_t step, double wallTime);
    // Tells TensorBoard that the run starts again at `step`, as PyTorch's
    // SummaryWriter(purge_step) does: its loader drops the points from `step` on that
    // earlier files of the folder hold, so a resumed search draws each step once.
    void addRestart(std::int64_t step);
    // Writes the buffered records; IoError naming the file on failure.
    void flush();

    const std::string &path() const { return m_path; }

private:
    void appendRecord(const std::string &event);

    std::string m_path;
    std::string m_buffer;
    int m_fd = -1;
};

} // namespace augstudio
