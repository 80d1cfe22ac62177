// The reductions of the experiments stay short: no function in an experiment's
// reduction files (experiments/NAME/*reduce*.cpp) is longer than 80 lines, so that each
// reads as one short function per claim or table (the style new experiments copy).
// Lines are counted from the first line of a function's declaration to its closing
// brace; lambdas count toward the function that holds them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int kMaxReductionFunctionLines = 80;

struct Function {
  std::string name;
  int first_line = 0, lines = 0;
};

// The source with comments, string and character literals blanked (newlines kept), so
// that braces inside them do not count.
std::string blank_literals(const std::string& s) {
  std::string out = s;
  auto blank = [&](std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to && k < out.size(); ++k)
      if (out[k] != '\n') out[k] = ' ';
  };
  std::size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "//") == 0) {
      const std::size_t j = std::min(s.find('\n', i), s.size());
      blank(i, j), i = j;
    } else if (s.compare(i, 2, "/*") == 0) {
      const std::size_t j = std::min(s.find("*/", i + 2), s.size() - 2) + 2;
      blank(i, j), i = j;
    } else if (s.compare(i, 2, "R\"") == 0 && (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1])))) {
      const std::size_t open = s.find('(', i);
      const std::string close = ")" + s.substr(i + 2, open - i - 2) + "\"";
      const std::size_t j = std::min(s.find(close, open), s.size() - close.size()) + close.size();
      blank(i, j), i = j;
    } else if (s[i] == '"' || (s[i] == '\'' && (i == 0 || !std::isalnum(static_cast<unsigned char>(s[i - 1]))))) {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != s[i]) j += s[j] == '\\' ? 2 : 1;
      blank(i, j + 1), i = j + 1;
    } else {
      ++i;
    }
  }
  return out;
}

// Every function defined at namespace or class scope, with its length in lines.
std::vector<Function> functions_in(const std::string& source) {
  const std::string s = blank_literals(source);
  enum Kind { kNamespace, kClass, kFunction, kOther, kInner };
  struct Open {
    Kind kind;
    std::size_t start;
    std::string name;
  };
  std::vector<Open> stack;
  std::vector<Function> out;
  std::size_t header = 0;
  int paren = 0;
  const std::regex class_like(R"(^\s*(template\s*<[^{]*>\s*)?(class|struct|union|enum)\b[^(]*$)");
  const std::regex access(R"((public|private|protected)\s*$)");
  auto line_of = [&](std::size_t at) { return 1 + static_cast<int>(std::count(s.begin(), s.begin() + at, '\n')); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool at_scope = stack.empty() || stack.back().kind == kNamespace || stack.back().kind == kClass;
    const char c = s[i];
    if (c == '(') ++paren;
    else if (c == ')') --paren;
    else if (c == '{') {
      if (at_scope && paren == 0) {
        const std::string h = s.substr(header, i - header);
        const std::size_t lead = h.find_first_not_of(" \t\n");
        const std::string trimmed = lead == std::string::npos ? "" : h.substr(lead);
        Kind kind = kOther;
        if (std::regex_search(h, std::regex(R"(\bnamespace\b)")) || trimmed.rfind("extern", 0) == 0) kind = kNamespace;
        else if (std::regex_search(trimmed, class_like)) kind = kClass;
        else if (trimmed.find('(') != std::string::npos && trimmed.substr(0, trimmed.find('(')).find('=') == std::string::npos)
          kind = kFunction;
        std::string name = trimmed.substr(0, trimmed.find('('));
        name = name.substr(name.find_last_of(" \n*&") == std::string::npos ? 0 : name.find_last_of(" \n*&") + 1);
        stack.push_back({kind, header + (lead == std::string::npos ? 0 : lead), name});
      } else {
        stack.push_back({kInner, i, ""});
      }
      if (stack.back().kind == kNamespace || stack.back().kind == kClass) header = i + 1;
    } else if (c == '}') {
      if (stack.empty()) continue;
      const Open open = stack.back();
      stack.pop_back();
      if (open.kind == kFunction) out.push_back({open.name, line_of(open.start), line_of(i) - line_of(open.start) + 1});
      if (stack.empty() || stack.back().kind == kNamespace || stack.back().kind == kClass) header = i + 1;
    } else if (c == ';' && at_scope && paren == 0) {
      header = i + 1;
    } else if (c == ':' && at_scope && paren == 0 && std::regex_search(s.substr(header, i - header), access)) {
      header = i + 1;
    }
  }
  return out;
}

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string function_of(int lines) {
  std::string body = "int long_one(int x) {\n";
  for (int k = 0; k < lines - 2; ++k) body += "  x += 1;  // }\n";
  return body + "}\n";
}

}  // namespace

TEST_CASE("the function-length measure counts what it should", "[docs][reduction_length]") {
  const std::string source = "namespace a {\nnamespace {\nstruct S {\n  int f() const { return 1; }\n};\n}  // namespace\n" +
                             function_of(81) + "const char* k = \"{{{\";\nvoid g() {\n  auto l = [](int v) { return v; };\n"
                             "  (void)l;\n}\nclass C : public B {\n public:\n  void h() override {\n  }\n};\n}  // namespace a\n";
  const auto fs = functions_in(source);
  REQUIRE(fs.size() == 4);
  CHECK(fs[0].name == "f");
  CHECK(fs[0].lines == 1);
  CHECK(fs[1].name == "long_one");
  CHECK(fs[1].lines == 81);
  CHECK(fs[2].name == "g");
  CHECK(fs[2].lines == 4);  // the lambda is part of g
  CHECK(fs[3].name == "h");
  CHECK(fs[3].lines == 2);
}

TEST_CASE("no function of an experiment's reduction is longer than 80 lines", "[docs][reduction_length]") {
  const std::filesystem::path root = std::filesystem::path(THEORYLAB_SOURCE_DIR) / "experiments";
  int files = 0, measured = 0;
  for (const auto& dir : std::filesystem::directory_iterator(root)) {
    if (!dir.is_directory()) continue;
    int in_dir = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      if (f.path().extension() != ".cpp" || name.find("reduce") == std::string::npos) continue;
      ++files, ++in_dir;
      for (const Function& fn : functions_in(read(f.path()))) {
        ++measured;
        INFO(f.path().string() << ":" << fn.first_line << " " << fn.name << ": " << fn.lines << " lines");
        CHECK(fn.lines <= kMaxReductionFunctionLines);
      }
    }
    INFO("experiment " << dir.path().filename().string() << " has no *reduce*.cpp file holding its reduction");
    CHECK(in_dir > 0);
  }
  CHECK(files >= 5);
  CHECK(measured >= 50);
}
