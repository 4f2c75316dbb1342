// An Expression is the small arithmetic language of a sweep's derived keys:
// numbers, names, + - * / (with unary minus), parentheses, and the functions
// min(a, b), max(a, b), round(x), floor(x), ceil(x). A name is an axis name
// (a letter or '_', then letters, digits, '_') or a dotted scenario key path
// such as cluster.colossus1.nodes; a path whose parts hold '-' is written in
// single quotes: 'lease.lessee-chat.gpus'. Parsing is strict and complete:
// anything else, including an unbalanced parenthesis or trailing text, is an
// ExpressionError giving the character offset. Evaluation is exact IEEE
// double arithmetic in the written order; round() rounds halves away from
// zero (std::round).
#ifndef KARDASHEV_SWEEP_EXPRESSION_H_
#define KARDASHEV_SWEEP_EXPRESSION_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kardashev::sweep {

class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(std::size_t offset, const std::string& what)
      : std::runtime_error(what), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

class Expression {
 public:
  struct Node;

  // Parses `text`. Throws ExpressionError.
  static Expression Parse(std::string_view text);

  // The names it refers to, each once, in order of first use.
  const std::vector<std::string>& names() const { return names_; }

  // Its value, with `lookup` giving the value of each name.
  double Evaluate(
      const std::function<double(const std::string&)>& lookup) const;

 private:
  std::shared_ptr<const Node> root_;
  std::vector<std::string> names_;
};

}  // namespace kardashev::sweep

#endif  // KARDASHEV_SWEEP_EXPRESSION_H_
