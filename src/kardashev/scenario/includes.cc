#include "kardashev/scenario/includes.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "kardashev/scenario/error.h"

namespace kardashev::scenario {

namespace fs = std::filesystem;

Value LoadWithIncludes(const std::string& path, const Location& from,
                       std::vector<std::string>& stack) {
  return MergeIncludes(ParseTomlFile(path, from), path, stack);
}

Value MergeIncludes(Value doc, const std::string& path,
                    std::vector<std::string>& stack) {
  const Value* include = doc.Find("include");
  if (include == nullptr) return doc;

  std::vector<const Value*> files;
  if (include->kind == Value::Kind::kString) {
    files.push_back(include);
  } else if (include->is_array()) {
    for (const auto& item : include->items) {
      if (item.kind != Value::Kind::kString) {
        throw ScenarioError(
            item.location, "include",
            fmt::format("expected a file name (a string), got {}",
                        item.TypeName()));
      }
      files.push_back(&item);
    }
  } else {
    throw ScenarioError(
        include->location, "include",
        fmt::format("expected a file name or a list of file names, got {}",
                    include->TypeName()));
  }

  Value base;
  base.location = doc.location;
  const fs::path dir = fs::path(path).parent_path();
  for (const Value* f : files) {
    const std::string target =
        (dir / f->string_value).lexically_normal().string();
    if (std::find(stack.begin(), stack.end(), target) != stack.end()) {
      throw ScenarioError(
          f->location, "include",
          fmt::format("'{}' includes itself (through {})",
                      Excerpt(target, kMaxKeyChars), fmt::join(stack, " -> ")));
    }
    if (stack.size() >= kMaxIncludeDepth) {
      throw ScenarioError(
          f->location, "include",
          fmt::format("includes nest more than {} files deep (through {}); at "
                      "most {} are allowed",
                      kMaxIncludeDepth, fmt::join(stack, " -> "),
                      kMaxIncludeDepth));
    }
    stack.push_back(target);
    Merge(base, LoadWithIncludes(target, f->location, stack));
    stack.pop_back();
  }
  std::erase_if(doc.keys, [](const auto& kv) { return kv.first == "include"; });
  Merge(base, std::move(doc));
  return base;
}

}  // namespace kardashev::scenario
