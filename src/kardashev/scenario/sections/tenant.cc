// The [[tenant]] section: its keys, declared once, and its reader.
#include <fmt/format.h>

#include "kardashev/scenario/sections/keys.h"
#include "kardashev/scenario/sections/sections.h"

namespace kardashev::scenario {

using keys::DefaultStr;
using keys::Str;

SectionDecl TenantSection() {
  return SectionDecl{
      "tenant",
      true,
      "A party that leases or owns capacity.",
      {
          Str("name", "Unique name of the tenant."),
          DefaultStr(Str("description", "Who the tenant is."), ""),
      }};
}

void ReadTenants(const ReadContext& in, Scenario& s) {
  for (const Reader& r : Entries(in.schema, in.doc, "tenant")) {
    s.tenants.push_back(r.String("name"));
  }
}

}  // namespace kardashev::scenario
