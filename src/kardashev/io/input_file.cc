#include "kardashev/io/input_file.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace kardashev::io {

namespace {

std::string FormatBytes(std::uint64_t bytes) {
  if (bytes % (1ull << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  return fmt::format("{} bytes", bytes);
}

}  // namespace

std::string InputFileProblem(const std::string& path, std::uint64_t max_bytes,
                             std::string_view what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec) return ec.message();
  switch (st.type()) {
    case fs::file_type::regular:
      break;
    case fs::file_type::directory:
      return "it is a directory, not a regular file";
    case fs::file_type::character:
    case fs::file_type::block:
      return "it is a device, not a regular file";
    case fs::file_type::fifo:
      return "it is a pipe, not a regular file";
    default:
      return "it is not a regular file";
  }
  const std::uint64_t size = fs::file_size(path, ec);
  if (ec) return ec.message();
  if (size > max_bytes) {
    return fmt::format("it is {} bytes, more than the {} {} may have", size,
                       FormatBytes(max_bytes), what);
  }
  return "";
}

std::string ReadInputFile(const std::string& path, std::uint64_t max_bytes,
                          std::string_view what) {
  if (const std::string problem = InputFileProblem(path, max_bytes, what);
      !problem.empty()) {
    throw std::runtime_error(problem);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(std::strerror(errno));
  std::string text;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) {
      throw std::runtime_error(fmt::format("it grew past the {} {} may have",
                                           FormatBytes(max_bytes), what));
    }
  }
  if (in.bad()) throw std::runtime_error("read error");
  return text;
}

}  // namespace kardashev::io
