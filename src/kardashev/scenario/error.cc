#include "kardashev/scenario/error.h"

#include <fmt/format.h>

#include <algorithm>

namespace kardashev::scenario {

namespace {

// Bytes of the first `chars` UTF-8 characters of `text` (never splits one).
std::size_t PrefixBytes(std::string_view text, std::size_t chars) {
  std::size_t bytes = 0;
  for (std::size_t seen = 0; bytes < text.size(); ++bytes) {
    const auto c = static_cast<unsigned char>(text[bytes]);
    if ((c & 0xC0) != 0x80 && seen++ == chars) break;
  }
  return bytes;
}

std::size_t CountChars(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Double-quoted runs in `what` much longer than an excerpt, cut to one. With
// CutLongWords, the one place that bounds every value a message cites.
std::string CutQuotedValues(const std::string& what) {
  std::string out;
  std::size_t pos = 0;
  while (pos < what.size()) {
    const std::size_t open = what.find('"', pos);
    const std::size_t close =
        open == std::string::npos ? open : what.find('"', open + 1);
    if (close == std::string::npos) {
      out.append(what, pos);
      break;
    }
    out.append(what, pos, open + 1 - pos);
    const std::string_view value =
        std::string_view(what).substr(open + 1, close - open - 1);
    // Room for the suffix of a value already cut where it was quoted.
    out.append(CountChars(value) > kMaxQuotedChars + 32 ? Excerpt(value)
                                                        : std::string(value));
    out.push_back('"');
    pos = close + 1;
  }
  return out;
}

// Runs of more than kMaxKeyChars non-blank characters (a huge name in a list
// of names, say) cut to an excerpt.
std::string CutLongWords(const std::string& what) {
  std::string out;
  std::size_t pos = 0;
  while (pos < what.size()) {
    const std::size_t end = std::min(what.find(' ', pos), what.size());
    const std::string_view word = std::string_view(what).substr(pos, end - pos);
    out.append(CountChars(word) > kMaxKeyChars ? Excerpt(word)
                                               : std::string(word));
    if (end < what.size()) out.push_back(' ');
    pos = end + 1;
  }
  return out;
}

std::string Compose(const Location& where, const std::string& key,
                    const std::string& what) {
  const std::string text = CutLongWords(CutQuotedValues(what));
  if (key.empty()) return fmt::format("{}: error: {}", where.ToString(), text);
  return fmt::format("{}: error: key '{}': {}", where.ToString(),
                     Excerpt(key, kMaxKeyChars), text);
}

}  // namespace

std::string Excerpt(std::string_view text, std::size_t max_chars) {
  const std::size_t chars = CountChars(text);
  const bool cut = chars > max_chars;
  std::string out(
      text.substr(0, cut ? PrefixBytes(text, max_chars) : text.size()));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
  }
  if (cut) out += fmt::format("…({} characters)", chars);
  return out;
}

std::string Location::ToString() const {
  if (line <= 0) return file;
  return fmt::format("{}:{}:{}", file, line, column);
}

ScenarioError::ScenarioError(Location where, std::string key,
                             const std::string& what)
    : std::runtime_error(Compose(where, key, what)),
      where_(std::move(where)),
      key_(std::move(key)) {}

}  // namespace kardashev::scenario
