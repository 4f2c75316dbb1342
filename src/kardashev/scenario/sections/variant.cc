// The [[variant]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"
#include "kardashev/scenario/validate.h"

namespace kardashev::scenario {

using keys::DefaultStr;
using keys::Str;

SectionDecl VariantSection() {
  KeyDecl set;
  set.name = "set";
  set.type = KeyType::kOverrides;
  set.default_value = std::string_view("{}");
  set.meaning =
      "Overrides, as \"section.name.key\" = value (the same paths as --set): "
      "e.g. "
      "\"lease.lab.enabled\" = false.";
  return SectionDecl{
      "variant",
      true,
      "A named set of overrides; `kardashev run` plays every variant on common "
      "random numbers.",
      {
          Str("name", "Unique name of the variant."),
          DefaultStr(Str("description", "What the variant changes."), ""),
          set,
      }};
}

std::vector<VariantDecl> TakeVariants(const Schema& schema, Value& doc) {
  std::vector<VariantDecl> variants;
  if (const Value* v = doc.Find("variant")) {
    Value only;
    only.keys.push_back(KeyValue{"variant", *v});
    ValidateDocument(schema, only);
    for (const auto& item : v->items) {
      VariantDecl d;
      d.name = item.Find("name")->string_value;
      if (const Value* desc = item.Find("description")) {
        d.description = desc->string_value;
      }
      if (const Value* set = item.Find("set")) Flatten(*set, "", d.overrides);
      variants.push_back(std::move(d));
    }
    std::erase_if(doc.keys,
                  [](const auto& kv) { return kv.first == "variant"; });
  }
  if (variants.empty()) variants.push_back(VariantDecl{"base", "", {}});
  return variants;
}

}  // namespace kardashev::scenario
