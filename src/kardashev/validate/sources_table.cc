#include "kardashev/validate/sources_table.h"

#include <fmt/format.h>

#include <set>

#include "kardashev/validate/embedded.h"

namespace kardashev::validate {

namespace {

// Splits CSV text into records of fields; quoted fields may hold commas,
// doubled quotes and line breaks. `lines` gets each record's first line.
std::vector<std::vector<std::string>> ReadCsv(std::string_view text,
                                              std::vector<int>& lines) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  int line = 1;
  int record_line = 1;
  auto end_record = [&] {
    record.push_back(field);
    field.clear();
    if (!(record.size() == 1 && record[0].empty())) {
      records.push_back(record);
      lines.push_back(record_line);
    }
    record.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\n') {
      end_record();
      ++line;
      record_line = line;
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) {
    throw std::invalid_argument(fmt::format(
        "data/figures.csv:{}: a quoted field is not closed", record_line));
  }
  if (!field.empty() || !record.empty()) end_record();
  return records;
}

}  // namespace

SourcesTable SourcesTable::Parse(std::string_view csv_text) {
  std::vector<int> lines;
  const auto records = ReadCsv(csv_text, lines);
  const std::vector<std::string> header = {"id",         "quantity", "value",
                                           "unit",       "setup",    "source",
                                           "confidence", "role"};
  if (records.empty() || records[0] != header) {
    throw std::invalid_argument(
        "data/figures.csv:1: the header must be "
        "id,quantity,value,unit,setup,source,confidence,role");
  }
  SourcesTable table;
  std::set<std::string> ids;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r];
    if (f.size() != header.size()) {
      throw std::invalid_argument(
          fmt::format("data/figures.csv:{}: {} fields, expected {}", lines[r],
                      f.size(), header.size()));
    }
    FigureRow row{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]};
    if (row.role != "calibrate" && row.role != "check" && row.role != "input") {
      throw std::invalid_argument(fmt::format(
          "data/figures.csv:{}: figure {} has role '{}', expected calibrate, "
          "check or input",
          lines[r], row.id, row.role));
    }
    if (row.id.empty() || !ids.insert(row.id).second) {
      throw std::invalid_argument(fmt::format(
          "data/figures.csv:{}: figure id '{}' is empty or repeated", lines[r],
          row.id));
    }
    table.rows_.push_back(std::move(row));
  }
  return table;
}

SourcesTable SourcesTable::LoadEmbedded() {
  for (const auto& file : EmbeddedValidationFiles()) {
    if (file.path == "data/figures.csv") return Parse(file.text);
  }
  throw std::logic_error("data/figures.csv is not compiled in");
}

const FigureRow* SourcesTable::Find(std::string_view id) const {
  for (const FigureRow& row : rows_) {
    if (row.id == id) return &row;
  }
  return nullptr;
}

}  // namespace kardashev::validate
