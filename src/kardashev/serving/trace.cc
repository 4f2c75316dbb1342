#include "kardashev/serving/trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "kardashev/io/input_file.h"
#include "kardashev/sim/time.h"

namespace kardashev::serving {

namespace {

// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm).
long long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<long long>(era) * 146097 + doe - 719468;
}

bool ParseInt(std::string_view s, int& out) {
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// "YYYY-MM-DD HH:MM:SS[.fffffff]" -> seconds since 1970.
bool ParseTimestamp(std::string_view s, double& seconds) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
      s[13] != ':' || s[16] != ':') {
    return false;
  }
  int y, mo, d, h, mi, sec;
  if (!ParseInt(s.substr(0, 4), y) || !ParseInt(s.substr(5, 2), mo) ||
      !ParseInt(s.substr(8, 2), d) || !ParseInt(s.substr(11, 2), h) ||
      !ParseInt(s.substr(14, 2), mi) || !ParseInt(s.substr(17, 2), sec)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
      mi > 59 || sec < 0 || sec > 60) {
    return false;
  }
  double fraction = 0;
  if (s.size() > 19) {
    if (s[19] != '.' || s.size() == 20) return false;
    double scale = 0.1;
    for (const char c : s.substr(20)) {
      if (c < '0' || c > '9') return false;
      fraction += (c - '0') * scale;
      scale /= 10;
    }
  }
  seconds = static_cast<double>(DaysFromCivil(y, mo, d)) * sim::kSecondsPerDay +
            h * sim::kSecondsPerHour + mi * sim::kSecondsPerMinute + sec +
            fraction;
  return true;
}

// At most kMaxCitedChars bytes of `text`, control bytes as '?', and its length
// when cut, so that a message stays one short line.
std::string Cite(std::string_view text) {
  std::string out(text.substr(0, kMaxCitedChars));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  if (text.size() > kMaxCitedChars) {
    out += fmt::format("...({} characters)", text.size());
  }
  return out;
}

// A token count in [min, kMaxTraceTokens], or a TraceError.
int ParseTokens(std::string_view field, int min, const char* column,
                const std::string& file, int line) {
  int tokens = 0;
  if (!ParseInt(field, tokens) || tokens < min || tokens > kMaxTraceTokens) {
    throw TraceError(file, line,
                     fmt::format("{}: expected an integer from {} to {}, got "
                                 "\"{}\"",
                                 column, min, kMaxTraceTokens, Cite(field)));
  }
  return tokens;
}

}  // namespace

TraceError::TraceError(const std::string& file, int line,
                       const std::string& what)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}: {}", file, line, what)
                                  : fmt::format("{}: {}", file, what)),
      file_(file),
      line_(line) {}

std::vector<Request> ParseAzureTrace(std::string_view text,
                                     const std::string& file) {
  constexpr std::string_view kHeader =
      "TIMESTAMP,ContextTokens,GeneratedTokens";
  std::vector<Request> out;
  std::vector<double> absolute;
  int number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t eol = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (number == 1) {
      if (line != kHeader) {
        throw TraceError(file, 1,
                         fmt::format("expected the header {}, got \"{}\"",
                                     kHeader, Cite(line)));
      }
      continue;
    }
    if (line.empty()) continue;
    const auto c1 = line.find(',');
    const auto c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos ||
        line.find(',', c2 + 1) != std::string_view::npos) {
      throw TraceError(file, number,
                       fmt::format("expected three comma-separated fields, "
                                   "got \"{}\"",
                                   Cite(line)));
    }
    double t = 0;
    if (!ParseTimestamp(line.substr(0, c1), t)) {
      throw TraceError(
          file, number,
          fmt::format("TIMESTAMP: expected YYYY-MM-DD HH:MM:SS.fffffff, got "
                      "\"{}\"",
                      Cite(line.substr(0, c1))));
    }
    const int prompt = ParseTokens(line.substr(c1 + 1, c2 - c1 - 1), 1,
                                   "ContextTokens", file, number);
    const int output =
        ParseTokens(line.substr(c2 + 1), 0, "GeneratedTokens", file, number);
    absolute.push_back(t);
    out.push_back(Request{0, prompt, std::max(output, 1)});
  }
  if (out.empty()) {
    throw TraceError(file, number, "the trace holds no requests");
  }
  const double first = *std::min_element(absolute.begin(), absolute.end());
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].arrival_s = absolute[i] - first;
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Request& a, const Request& b) {
                     return a.arrival_s < b.arrival_s;
                   });
  return out;
}

std::vector<Request> ReadAzureTrace(const std::string& path) {
  std::string text;
  try {
    text = io::ReadInputFile(path, kMaxTraceFileBytes, "a trace");
  } catch (const std::runtime_error& e) {
    throw TraceError(path, 0,
                     std::string("cannot read the trace: ") + e.what());
  }
  return ParseAzureTrace(text, path);
}

}  // namespace kardashev::serving
