#include "kardashev/sweep/expression.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace kardashev::sweep {

struct Expression::Node {
  enum class Kind { kNumber, kName, kNegate, kBinary, kCall };
  Kind kind = Kind::kNumber;
  double number = 0;
  std::string name;  // kName: the name; kCall: the function
  char op = 0;       // kBinary
  std::vector<std::shared_ptr<const Node>> args;
};

namespace {

using NodePtr = std::shared_ptr<const Expression::Node>;
using Node = Expression::Node;

// Nesting beyond this is refused, so that a hostile expression cannot
// exhaust the stack.
constexpr int kMaxDepth = 64;

bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         c == '.';
}

// A recursive-descent parser over the grammar
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := '-' unary | primary
//   primary := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  NodePtr ParseAll(std::vector<std::string>& names) {
    names_ = &names;
    NodePtr n = Sum(0);
    Skip();
    if (pos_ != text_.size()) Fail("expected an operator or the end");
    return n;
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw ExpressionError(pos_, fmt::format("{} at character {} of \"{}\"",
                                            what, pos_ + 1, text_));
  }
  void Skip() {
    while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  }
  bool Accept(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  NodePtr Binary(char op, NodePtr a, NodePtr b) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::kBinary;
    n->op = op;
    n->args = {std::move(a), std::move(b)};
    return n;
  }
  NodePtr Sum(int depth) {
    if (depth > kMaxDepth) Fail("expression nested too deeply");
    NodePtr n = Product(depth);
    for (;;) {
      if (Accept('+')) {
        n = Binary('+', n, Product(depth));
      } else if (Accept('-')) {
        n = Binary('-', n, Product(depth));
      } else {
        return n;
      }
    }
  }
  NodePtr Product(int depth) {
    NodePtr n = Unary(depth);
    for (;;) {
      if (Accept('*')) {
        n = Binary('*', n, Unary(depth));
      } else if (Accept('/')) {
        n = Binary('/', n, Unary(depth));
      } else {
        return n;
      }
    }
  }
  NodePtr Unary(int depth) {
    if (depth > kMaxDepth) Fail("expression nested too deeply");
    if (Accept('-')) {
      auto n = std::make_shared<Node>();
      n->kind = Node::Kind::kNegate;
      n->args = {Unary(depth + 1)};
      return n;
    }
    return Primary(depth);
  }
  NodePtr Primary(int depth);
  NodePtr Number();
  NodePtr Call(std::string name, int depth);

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<std::string>* names_ = nullptr;
};

NodePtr Parser::Number() {
  double v = 0;
  const char* begin = text_.data() + pos_;
  const auto [p, ec] = std::from_chars(begin, text_.data() + text_.size(), v);
  if (ec != std::errc() || !std::isfinite(v)) Fail("expected a number");
  pos_ += static_cast<std::size_t>(p - begin);
  auto n = std::make_shared<Node>();
  n->number = v;
  return n;
}

NodePtr Parser::Call(std::string name, int depth) {
  static const std::vector<std::pair<std::string_view, std::size_t>> kArity = {
      {"min", 2}, {"max", 2}, {"round", 1}, {"floor", 1}, {"ceil", 1}};
  const auto f = std::find_if(kArity.begin(), kArity.end(),
                              [&](const auto& a) { return a.first == name; });
  if (f == kArity.end()) {
    Fail(fmt::format(
        "unknown function \"{}\"; expected min, max, round, floor or ceil",
        name));
  }
  auto n = std::make_shared<Node>();
  n->kind = Node::Kind::kCall;
  n->name = std::move(name);
  do {
    n->args.push_back(Sum(depth + 1));
  } while (Accept(','));
  if (!Accept(')')) Fail("expected ',' or ')'");
  if (n->args.size() != f->second) {
    Fail(fmt::format("{}() takes {} argument{}", n->name, f->second,
                     f->second == 1 ? "" : "s"));
  }
  return n;
}

NodePtr Parser::Primary(int depth) {
  Skip();
  if (pos_ >= text_.size()) Fail("expected a number, a name or '('");
  const char c = text_[pos_];
  if (Accept('(')) {
    NodePtr n = Sum(depth + 1);
    if (!Accept(')')) Fail("expected ')'");
    return n;
  }
  if (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.') {
    return Number();
  }
  const std::size_t start = pos_;
  std::string name;
  if (c == '\'') {  // a quoted key path, which may hold '-'
    const std::size_t end = text_.find('\'', pos_ + 1);
    if (end == std::string_view::npos) Fail("unterminated quoted name");
    name = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
  } else {
    if (std::isalpha(static_cast<unsigned char>(c)) == 0 && c != '_') {
      Fail(fmt::format("unexpected '{}'", c));
    }
    while (pos_ < text_.size() && IsNameChar(text_[pos_])) ++pos_;
    name = std::string(text_.substr(start, pos_ - start));
    if (Accept('(')) return Call(std::move(name), depth);
  }
  if (name.empty() || name.back() == '.' || name.front() == '.' ||
      name.find("..") != std::string::npos) {
    pos_ = start;
    Fail(fmt::format("malformed name \"{}\"", name));
  }
  if (std::find(names_->begin(), names_->end(), name) == names_->end()) {
    names_->push_back(name);
  }
  auto n = std::make_shared<Node>();
  n->kind = Node::Kind::kName;
  n->name = std::move(name);
  return n;
}

double Eval(const Node& n,
            const std::function<double(const std::string&)>& lookup) {
  switch (n.kind) {
    case Node::Kind::kNumber:
      return n.number;
    case Node::Kind::kName:
      return lookup(n.name);
    case Node::Kind::kNegate:
      return -Eval(*n.args[0], lookup);
    case Node::Kind::kBinary: {
      const double a = Eval(*n.args[0], lookup);
      const double b = Eval(*n.args[1], lookup);
      switch (n.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        default:
          return a / b;
      }
    }
    case Node::Kind::kCall:
      break;
  }
  const double a = Eval(*n.args[0], lookup);
  if (n.name == "round") return std::round(a);
  if (n.name == "floor") return std::floor(a);
  if (n.name == "ceil") return std::ceil(a);
  const double b = Eval(*n.args[1], lookup);
  return n.name == "min" ? std::min(a, b) : std::max(a, b);
}

}  // namespace

Expression Expression::Parse(std::string_view text) {
  Expression e;
  Parser parser(text);
  e.root_ = parser.ParseAll(e.names_);
  return e;
}

double Expression::Evaluate(
    const std::function<double(const std::string&)>& lookup) const {
  return Eval(*root_, lookup);
}

}  // namespace kardashev::sweep
