// Reading a file a user names (a scenario, an include, a trace) with stated
// limits, so that a hostile path gets one clear reason rather than a hang or
// unbounded memory: the file must be a regular file (not a directory, a device
// or a pipe) of at most a given size, checked from its metadata before it is
// read, and reading stops if it grows past that size meanwhile. The lowest
// layer of Kardashev with sim/ and catalog/: it depends on nothing of ours.
#ifndef KARDASHEV_IO_INPUT_FILE_H_
#define KARDASHEV_IO_INPUT_FILE_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace kardashev::io {

// Why `path` cannot be read as `what` ("an input file", "a trace") of at most
// `max_bytes`: it is missing, not a regular file, or too large; empty when it
// can. Looks at the file's metadata only.
std::string InputFileProblem(const std::string& path, std::uint64_t max_bytes,
                             std::string_view what = "an input file");

// Reads all of `path`, after InputFileProblem finds nothing; reads at most
// `max_bytes` even if the file grows meanwhile. Throws std::runtime_error with
// the reason (as InputFileProblem words it) otherwise.
std::string ReadInputFile(const std::string& path, std::uint64_t max_bytes,
                          std::string_view what = "an input file");

}  // namespace kardashev::io

#endif  // KARDASHEV_IO_INPUT_FILE_H_
