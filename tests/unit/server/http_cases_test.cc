// Data-driven end-to-end API tests: every tests/http/**/*.test file is one
// scenario, run step by step against its own fresh `yungu serve`.
//
// File format (see tests/http/README.md for the full description):
//
//   # what this case shows              <- comments; before a request they name the step
//   setup: demo                         <- or `setup: empty` (default); first lines only
//   server-args: --max-upload-mb 1      <- optional extra `yungu serve` arguments
//   user: gov_b government_user B read  <- an account: NAME ROLES [DEPARTMENT|-] [SCOPE]
//
//   POST /api/v1/datasets               <- METHOD TARGET (non-ASCII and spaces are %-encoded)
//   Content-Type: application/json      <- request headers until a blank line
//
//   @as gov_b                           <- sent as that account (or anonymous); default: an admin
//   {"id": "x"}                         <- body lines (or @file / @form / @form-file / @chunked)
//   ----
//   201                                 <- expected status
//   header Location: /api/v1/datasets/x <- the header's value must contain the text
//   save v = /current_version           <- remember a JSON value for ${v} in later steps
//   {"id": "x"}                         <- JSON matched as a subset
//   --                                  <- raw-text checks follow
//   contains: some text
//   ====                                <- next step
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "unit/server/test_server.h"

namespace yungu::testing {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------
// The case file model

struct FormItem {
  std::string name;
  std::string value;      // @form: the value; @form-file: the path relative to tests/
  bool is_file = false;
};

struct Step {
  int line = 0;               // of the request line
  std::string description;    // the comment lines just before the request
  std::string method;
  std::string target;         // as written
  std::vector<std::pair<std::string, std::string>> headers;
  std::vector<std::string> body_lines;
  std::string body_file;      // @file PATH (relative to tests/)
  std::vector<FormItem> form;  // @form / @form-file
  bool chunked = false;       // @chunked
  std::string as;             // @as NAME: the declared account (or "anonymous") sending it

  int status = 0;
  std::vector<std::pair<std::string, std::string>> expect_headers;  // name -> substring
  std::vector<std::pair<std::string, std::string>> saves;           // variable -> JSON pointer
  std::string expect_json_text;
  std::optional<json> expect_json;
  std::vector<std::pair<std::string, std::string>> raw_checks;  // kind -> argument
};

struct Account {
  std::string roles;       // comma-separated
  std::string department;  // "-" or empty for none
  std::string scope = "write";
};

struct Case {
  fs::path file;
  std::string setup = "empty";
  std::vector<std::string> server_args;
  std::map<std::string, Account> accounts;  // user: lines
  std::vector<Step> steps;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  return s.substr(i);
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::vector<std::string> SplitWords(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

const std::set<std::string>& Methods() {
  static const std::set<std::string> k = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  return k;
}

// Parses a case file; errors are reported as "file:line: message".
std::optional<Case> ParseCase(const fs::path& file, std::string& error) {
  Case c;
  c.file = file;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  auto fail = [&](size_t i, const std::string& message) {
    error = file.string() + ":" + std::to_string(i + 1) + ": " + message;
    return std::nullopt;
  };

  enum class State { kPreamble, kHeaders, kBody, kExpectStatus, kExpect, kRaw } state = State::kPreamble;
  Step step;
  std::string pending_description;
  bool first_step = true;
  auto finish_step = [&](size_t i) -> bool {
    if (step.status == 0) {
      error = file.string() + ":" + std::to_string(i + 1) + ": step at line " + std::to_string(step.line) +
              " has no expected status (missing ----?)";
      return false;
    }
    std::string text = Trim(step.expect_json_text);
    if (!text.empty()) {
      json j = json::parse(step.expect_json_text, nullptr, false);
      if (j.is_discarded()) {
        error = file.string() + ": step at line " + std::to_string(step.line) + ": expected JSON does not parse:\n" +
                step.expect_json_text;
        return false;
      }
      step.expect_json = std::move(j);
    }
    c.steps.push_back(std::move(step));
    step = Step();
    return true;
  };

  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    std::string t = Trim(line);
    if (t == "====") {
      if (state == State::kPreamble) return fail(i, "==== before any request");
      if (state == State::kHeaders || state == State::kBody) return fail(i, "==== before the ---- of this step");
      if (!finish_step(i)) return std::nullopt;
      state = State::kPreamble;
      pending_description.clear();
      continue;
    }
    switch (state) {
      case State::kPreamble: {
        if (t.empty()) continue;
        if (t[0] == '#') {
          std::string text = Trim(t.substr(1));
          pending_description += (pending_description.empty() ? "" : " ") + text;
          continue;
        }
        if (first_step && StartsWith(t, "setup:")) {
          c.setup = Trim(t.substr(6));
          if (c.setup != "demo" && c.setup != "empty") return fail(i, "setup is demo or empty");
          pending_description.clear();
          continue;
        }
        if (first_step && StartsWith(t, "server-args:")) {
          c.server_args = SplitWords(t.substr(12));
          pending_description.clear();
          continue;
        }
        if (first_step && StartsWith(t, "user:")) {
          auto words = SplitWords(t.substr(5));
          if (words.size() < 2 || words.size() > 4) return fail(i, "expected user: NAME ROLES [DEPARTMENT|-] [SCOPE]");
          Account a;
          a.roles = words[1];
          if (words.size() > 2 && words[2] != "-") a.department = words[2];
          if (words.size() > 3) a.scope = words[3];
          c.accounts[words[0]] = a;
          pending_description.clear();
          continue;
        }
        size_t sp = t.find(' ');
        std::string method = t.substr(0, sp);
        if (sp == std::string::npos || !Methods().count(method)) return fail(i, "expected a request line 'METHOD /path'");
        step.line = static_cast<int>(i + 1);
        step.method = method;
        step.target = Trim(t.substr(sp + 1));
        step.description = pending_description;
        pending_description.clear();
        first_step = false;
        state = State::kHeaders;
        break;
      }
      case State::kHeaders: {
        if (t == "----") {
          state = State::kExpectStatus;
        } else if (t.empty()) {
          state = State::kBody;
        } else if (line[0] == '@') {
          // Body directives need no blank line before them.
          state = State::kBody;
          --i;
        } else {
          size_t colon = line.find(':');
          bool token = colon != std::string::npos && colon > 0 &&
                       std::all_of(line.begin(), line.begin() + colon,
                                   [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-'; });
          if (!token) return fail(i, "expected 'Header-Name: value' or a blank line before the body");
          step.headers.emplace_back(line.substr(0, colon), Trim(line.substr(colon + 1)));
        }
        break;
      }
      case State::kBody: {
        if (t == "----") {
          while (!step.body_lines.empty() && Trim(step.body_lines.back()).empty()) step.body_lines.pop_back();
          state = State::kExpectStatus;
        } else if (StartsWith(line, "@file ")) {
          step.body_file = Trim(line.substr(6));
        } else if (StartsWith(line, "@form-file ") || StartsWith(line, "@form ")) {
          bool is_file = StartsWith(line, "@form-file ");
          std::string spec = Trim(line.substr(is_file ? 11 : 6));
          size_t eq = spec.find('=');
          if (eq == std::string::npos) return fail(i, "expected @form NAME=VALUE or @form-file NAME=PATH");
          step.form.push_back({spec.substr(0, eq), spec.substr(eq + 1), is_file});
        } else if (t == "@chunked") {
          step.chunked = true;
        } else if (t.empty() && step.body_lines.empty()) {
          // the blank line between directives (@as ...) and the body
        } else if (StartsWith(line, "@as ")) {
          step.as = Trim(line.substr(4));
          if (step.as != "anonymous" && !c.accounts.count(step.as)) return fail(i, "@as names no declared user:");
        } else {
          step.body_lines.push_back(line);
        }
        break;
      }
      case State::kExpectStatus: {
        if (t.empty()) continue;
        if (t.size() != 3 || !std::all_of(t.begin(), t.end(), ::isdigit)) {
          return fail(i, "expected a 3-digit status after ----");
        }
        step.status = std::stoi(t);
        state = State::kExpect;
        break;
      }
      case State::kExpect: {
        if (t == "--") {
          state = State::kRaw;
        } else if (Trim(step.expect_json_text).empty() && StartsWith(t, "header ")) {
          std::string spec = t.substr(7);
          size_t colon = spec.find(':');
          if (colon == std::string::npos) return fail(i, "expected 'header Name: text'");
          step.expect_headers.emplace_back(Trim(spec.substr(0, colon)), Trim(spec.substr(colon + 1)));
        } else if (Trim(step.expect_json_text).empty() && StartsWith(t, "save ")) {
          std::string spec = t.substr(5);
          size_t eq = spec.find('=');
          if (eq == std::string::npos) return fail(i, "expected 'save NAME = /json/pointer'");
          step.saves.emplace_back(Trim(spec.substr(0, eq)), Trim(spec.substr(eq + 1)));
        } else if (Trim(step.expect_json_text).empty() && t.empty()) {
          continue;
        } else {
          step.expect_json_text += line + "\n";
        }
        break;
      }
      case State::kRaw: {
        if (t.empty() || t[0] == '#') continue;
        size_t colon = line.find(':');
        if (colon == std::string::npos) return fail(i, "expected 'check: text' after --");
        std::string kind = Trim(line.substr(0, colon));
        static const std::set<std::string> kKinds = {"contains",    "not-contains", "starts-with",
                                                     "starts-with-hex", "equals",   "lines",
                                                     "empty"};
        if (!kKinds.count(kind)) return fail(i, "unknown raw check '" + kind + "'");
        // The text after "kind: " is taken verbatim (one space after the colon).
        std::string arg = line.substr(colon + 1);
        if (!arg.empty() && arg[0] == ' ') arg.erase(0, 1);
        step.raw_checks.emplace_back(kind, arg);
        break;
      }
    }
  }
  if (state == State::kHeaders || state == State::kBody) return fail(lines.size() - 1, "the last step has no ----");
  if (state != State::kPreamble) {
    if (!finish_step(lines.size())) return std::nullopt;
  }
  if (c.steps.empty()) {
    error = file.string() + ": no steps";
    return std::nullopt;
  }
  return c;
}

// ---------------------------------------------------------------------------
// Matching

bool IsMarker(const json& j, std::string_view marker) { return j.is_string() && j.get_ref<const std::string&>() == marker; }

// Subset match; on mismatch `why` names the JSON path and the difference.
bool Matches(const json& expected, const json& actual, const std::string& path, std::string& why) {
  if (expected.is_string()) {
    const std::string& s = expected.get_ref<const std::string&>();
    if (s == "<any>") return true;
    if (s == "<number>") {
      if (actual.is_number()) return true;
      why = path + ": expected a number, got " + actual.dump();
      return false;
    }
    if (s == "<string>") {
      if (actual.is_string()) return true;
      why = path + ": expected a string, got " + actual.dump();
      return false;
    }
    if (s == "<bool>") {
      if (actual.is_boolean()) return true;
      why = path + ": expected true or false, got " + actual.dump();
      return false;
    }
    if (s == "<array>" || s == "<object>") {
      if ((s == "<array>" && actual.is_array()) || (s == "<object>" && actual.is_object())) return true;
      why = path + ": expected " + s + ", got " + actual.dump().substr(0, 200);
      return false;
    }
    if (StartsWith(s, "<contains:") && s.back() == '>') {
      std::string needle = s.substr(10, s.size() - 11);
      if (actual.is_string() && actual.get_ref<const std::string&>().find(needle) != std::string::npos) return true;
      why = path + ": expected a string containing \"" + needle + "\", got " + actual.dump().substr(0, 300);
      return false;
    }
  }
  if (expected.is_object()) {
    if (!actual.is_object()) {
      why = path + ": expected an object, got " + actual.dump().substr(0, 300);
      return false;
    }
    for (const auto& [key, value] : expected.items()) {
      std::string sub = path + "/" + key;
      if (IsMarker(value, "<absent>")) {
        if (actual.contains(key)) {
          why = sub + ": expected no such key, got " + actual[key].dump().substr(0, 300);
          return false;
        }
        continue;
      }
      if (!actual.contains(key)) {
        why = sub + ": missing";
        return false;
      }
      if (!Matches(value, actual[key], sub, why)) return false;
    }
    return true;
  }
  if (expected.is_array()) {
    if (!actual.is_array()) {
      why = path + ": expected an array, got " + actual.dump().substr(0, 300);
      return false;
    }
    bool prefix = !expected.empty() && IsMarker(expected.back(), "...");
    size_t n = prefix ? expected.size() - 1 : expected.size();
    if (prefix ? actual.size() < n : actual.size() != n) {
      why = path + ": expected " + std::string(prefix ? "at least " : "") + std::to_string(n) + " elements, got " +
            std::to_string(actual.size());
      return false;
    }
    for (size_t i = 0; i < n; ++i) {
      if (!Matches(expected[i], actual[i], path + "/" + std::to_string(i), why)) return false;
    }
    return true;
  }
  if (expected.is_number() && actual.is_number()) {
    if (expected.is_number_float() || actual.is_number_float()) {
      if (expected.get<double>() == actual.get<double>()) return true;
    } else if (expected.is_number_unsigned() || actual.is_number_unsigned()) {
      if (expected.get<int64_t>() == actual.get<int64_t>()) return true;
    } else if (expected == actual) {
      return true;
    }
    why = path + ": expected " + expected.dump() + ", got " + actual.dump();
    return false;
  }
  if (expected == actual) return true;
  why = path + ": expected " + expected.dump() + ", got " + actual.dump().substr(0, 300);
  return false;
}

std::string HexPrefix(std::string_view bytes, size_t n) {
  std::string out;
  char buf[4];
  for (size_t i = 0; i < std::min(n, bytes.size()); ++i) {
    snprintf(buf, sizeof buf, "%02X", static_cast<unsigned char>(bytes[i]));
    out += (i ? " " : "") + std::string(buf);
  }
  return out;
}

// \n, \r, \t and \\ in a raw check's text stand for themselves.
std::string Unescape(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      char next = text[i + 1];
      if (next == 'n' || next == 'r' || next == 't' || next == '\\') {
        out += next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : '\\';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

bool CheckRaw(const std::string& kind, const std::string& raw_arg, const std::string& body, std::string& why) {
  const std::string arg = kind == "starts-with-hex" || kind == "lines" ? raw_arg : Unescape(raw_arg);
  if (kind == "contains") {
    if (body.find(arg) != std::string::npos) return true;
    why = "body does not contain \"" + arg + "\"";
  } else if (kind == "not-contains") {
    if (body.find(arg) == std::string::npos) return true;
    why = "body contains \"" + arg + "\"";
  } else if (kind == "starts-with") {
    if (StartsWith(body, arg)) return true;
    why = "body does not start with \"" + arg + "\"";
  } else if (kind == "starts-with-hex") {
    std::string want;
    for (const auto& byte : SplitWords(arg)) want += static_cast<char>(std::stoi(byte, nullptr, 16));
    if (StartsWith(body, want)) return true;
    why = "body starts with bytes " + HexPrefix(body, want.size() + 2) + ", expected " + arg;
  } else if (kind == "equals") {
    if (body == arg) return true;
    why = "body is not exactly \"" + raw_arg + "\"";
  } else if (kind == "lines") {
    size_t n = 0;
    std::istringstream in(body);
    for (std::string l; std::getline(in, l);) {
      if (!Trim(l).empty()) ++n;
    }
    if (std::to_string(n) == Trim(arg)) return true;
    why = "body has " + std::to_string(n) + " non-empty lines, expected " + arg;
  } else if (kind == "empty") {
    if (body.empty()) return true;
    why = "body is not empty";
  }
  return false;
}

// ---------------------------------------------------------------------------
// Running a case

std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars, std::string& error) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t at = text.find("${", pos);
    if (at == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    size_t end = text.find('}', at);
    if (end == std::string::npos) {
      out += text.substr(pos);
      break;
    }
    out += text.substr(pos, at - pos);
    std::string name = text.substr(at + 2, end - at - 2);
    auto it = vars.find(name);
    if (it == vars.end()) {
      error = "unknown variable ${" + name + "}";
      out += text.substr(at, end - at + 1);
    } else {
      out += it->second;
    }
    pos = end + 1;
  }
  return out;
}

// Written targets keep their ASCII as is (so "%zz" stays malformed on
// purpose); non-ASCII bytes, spaces and characters a request line cannot
// carry raw are %-encoded, which keeps the files readable:
//   GET /api/v1/datasets?q=交通   filters={"district": "樊城区"}
std::string EncodeTarget(const std::string& target) {
  static const char* kHex = "0123456789ABCDEF";
  static const std::string kUnsafe = " \"{}|\\^`<>";
  std::string out;
  for (unsigned char c : target) {
    if (c >= 0x80 || c < 0x20 || c == 0x7F || kUnsafe.find(static_cast<char>(c)) != std::string::npos) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string Shorten(const std::string& s, size_t max = 3000) {
  if (s.size() <= max) return s;
  return s.substr(0, max) + "\n... (" + std::to_string(s.size() - max) + " more bytes)";
}

std::string Printable(const HttpResponse& r) {
  std::string body = r.body;
  json j = json::parse(body, nullptr, false);
  if (!j.is_discarded()) body = j.dump(2);
  bool binary = std::any_of(r.body.begin(), r.body.end(), [](char c) { return c == '\0'; });
  if (binary) body = "<" + std::to_string(r.body.size()) + " binary bytes: " + HexPrefix(r.body, 16) + " ...>";
  return std::to_string(r.status) + " " + r.reason + (r.error.empty() ? "" : " [transport: " + r.error + "]") +
         "\n" + Shorten(body);
}

class HttpCaseTest : public ::testing::TestWithParam<fs::path> {};

TEST_P(HttpCaseTest, Run) {
  const fs::path file = GetParam();
  std::string error;
  auto parsed = ParseCase(file, error);
  ASSERT_TRUE(parsed) << error;
  const Case& c = *parsed;

  TestServer::Options options;
  options.demo = c.setup == "demo";
  options.extra_args = c.server_args;
  TestServer server(options);
  ASSERT_TRUE(server.ok()) << "the server did not start for " << file;

  std::map<std::string, std::string> vars;
  std::map<std::string, std::string> tokens;  // accounts created so far
  const fs::path tests_root = TestsRoot();
  for (size_t n = 0; n < c.steps.size(); ++n) {
    const Step& s = c.steps[n];
    std::string where = file.filename().string() + ":" + std::to_string(s.line) + " (step " + std::to_string(n + 1) +
                        (s.description.empty() ? "" : ": " + s.description) + ")";
    std::string sub_error;
    HttpRequest req;
    req.method = s.method;
    req.target = EncodeTarget(Substitute(s.target, vars, sub_error));
    for (const auto& [k, v] : s.headers) req.headers.emplace_back(k, Substitute(v, vars, sub_error));
    if (!s.body_file.empty()) {
      fs::path p = tests_root / s.body_file;
      ASSERT_TRUE(fs::exists(p)) << where << ": no such body file " << p;
      req.body = ReadFileBytes(p);
    } else if (!s.form.empty()) {
      MultipartBuilder mp;
      for (const auto& item : s.form) {
        if (item.is_file) {
          fs::path p = tests_root / item.value;
          ASSERT_TRUE(fs::exists(p)) << where << ": no such form file " << p;
          mp.File(item.name, p.filename().string(), ReadFileBytes(p));
        } else {
          mp.Field(item.name, Substitute(item.value, vars, sub_error));
        }
      }
      std::string content_type = mp.Finish();
      req.body = mp.body;
      bool has_type = std::any_of(req.headers.begin(), req.headers.end(),
                                  [](const auto& h) { return Lower(h.first) == "content-type"; });
      if (!has_type) req.headers.emplace_back("Content-Type", content_type);
    } else if (!s.body_lines.empty()) {
      std::string body;
      for (const auto& l : s.body_lines) body += l + "\n";
      req.body = Substitute(body, vars, sub_error);
    }
    req.chunked = s.chunked;
    if (s.as == "anonymous") {
      req.anonymous = true;
    } else if (!s.as.empty()) {
      // Created on first use, so departments made by earlier steps exist.
      if (!tokens.count(s.as)) {
        const Account& a = c.accounts.at(s.as);
        tokens[s.as] = server.CreateUser(s.as, a.roles, a.department, a.scope);
        ASSERT_FALSE(tokens[s.as].empty()) << where << ": cannot create the account " << s.as;
      }
      req.headers.emplace_back("Authorization", "Bearer " + tokens[s.as]);
    }
    ASSERT_TRUE(sub_error.empty()) << where << ": " << sub_error;

    HttpResponse r = server.Send(req);
    std::string request_text = s.method + " " + req.target;
    std::vector<std::string> problems;
    if (r.status != s.status) {
      problems.push_back("status " + std::to_string(r.status) + ", expected " + std::to_string(s.status));
    }
    for (const auto& [name, text] : s.expect_headers) {
      auto it = r.headers.find(Lower(name));
      if (it == r.headers.end()) {
        problems.push_back("no " + name + " header");
      } else if (it->second.find(text) == std::string::npos) {
        problems.push_back(name + " is \"" + it->second + "\", expected it to contain \"" + text + "\"");
      }
    }
    json actual = json::parse(r.body, nullptr, false);
    if (s.expect_json) {
      std::string why;
      if (actual.is_discarded()) {
        problems.push_back("the body is not JSON");
      } else if (!Matches(*s.expect_json, actual, "", why)) {
        problems.push_back("JSON mismatch at " + why);
      }
    }
    for (const auto& [kind, arg] : s.raw_checks) {
      std::string why;
      if (!CheckRaw(kind, arg, r.body, why)) problems.push_back(kind + ": " + why);
    }
    for (const auto& [var, pointer] : s.saves) {
      if (actual.is_discarded()) {
        problems.push_back("cannot save " + var + ": the body is not JSON");
        continue;
      }
      try {
        const json& v = actual.at(json::json_pointer(pointer));
        vars[var] = v.is_string() ? v.get<std::string>() : v.dump();
      } catch (const std::exception& e) {
        problems.push_back("cannot save " + var + " from " + pointer + ": " + e.what());
      }
    }
    if (!problems.empty()) {
      std::string list;
      for (const auto& p : problems) list += "  - " + p + "\n";
      std::string expected = std::to_string(s.status);
      for (const auto& [name, text] : s.expect_headers) expected += "\nheader " + name + ": " + text;
      if (s.expect_json) expected += "\n" + s.expect_json->dump(2);
      for (const auto& [kind, arg] : s.raw_checks) expected += "\n" + kind + ": " + arg;
      FAIL() << where << "\n" << request_text << "\n" << list << "--- expected:\n" << expected
             << "\n--- actual:\n" << Printable(r) << "\n--- server log (tail):\n"
             << Shorten(server.Log().substr(server.Log().size() > 2000 ? server.Log().size() - 2000 : 0));
    }
    ASSERT_TRUE(server.running()) << where << ": the server exited after this request\n" << server.Log();
  }
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> out;
  fs::path root = TestsRoot() / "http";
  std::error_code ec;
  if (!fs::exists(root, ec)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(root, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string CaseName(const ::testing::TestParamInfo<fs::path>& info) {
  std::string rel = fs::relative(info.param, TestsRoot() / "http").replace_extension().string();
  for (auto& ch : rel) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return rel;
}

INSTANTIATE_TEST_SUITE_P(Files, HttpCaseTest, ::testing::ValuesIn(CaseFiles()), CaseName);

// The runner's own pieces, so a broken matcher cannot pass every case.
TEST(HttpCaseFormat, SubsetMatching) {
  std::string why;
  json actual = json::parse(R"({"a": 1, "b": [1, 2, 3], "c": {"d": "x", "e": null}, "f": 2.5})");
  EXPECT_TRUE(Matches(json::parse(R"({"a": 1})"), actual, "", why)) << why;
  EXPECT_TRUE(Matches(json::parse(R"({"b": [1, "..."]})"), actual, "", why)) << why;
  EXPECT_TRUE(Matches(json::parse(R"({"b": [1, 2, 3, "..."]})"), actual, "", why)) << why;
  EXPECT_TRUE(Matches(json::parse(R"({"c": {"d": "<string>", "e": "<any>"}, "f": "<number>"})"), actual, "", why));
  EXPECT_TRUE(Matches(json::parse(R"({"zz": "<absent>", "c": {"d": "<contains:x>"}})"), actual, "", why)) << why;
  EXPECT_TRUE(Matches(json::parse(R"({"a": 1.0})"), actual, "", why)) << why;
  EXPECT_FALSE(Matches(json::parse(R"({"b": [1, 2]})"), actual, "", why));
  EXPECT_EQ(why, "/b: expected 2 elements, got 3");
  EXPECT_FALSE(Matches(json::parse(R"({"b": [1, 2, 3, 4, "..."]})"), actual, "", why));
  EXPECT_FALSE(Matches(json::parse(R"({"a": "<string>"})"), actual, "", why));
  EXPECT_FALSE(Matches(json::parse(R"({"c": {"d": "y"}})"), actual, "", why));
  EXPECT_EQ(why, "/c/d: expected \"y\", got \"x\"");
  EXPECT_FALSE(Matches(json::parse(R"({"a": "<absent>"})"), actual, "", why));
  EXPECT_FALSE(Matches(json::parse(R"({"q": 1})"), actual, "", why));
  EXPECT_FALSE(Matches(json::parse(R"({"f": 2})"), actual, "", why));
}

TEST(HttpCaseFormat, TargetsAreEncodedForTheRequestLine) {
  EXPECT_EQ(EncodeTarget("/api/v1/datasets?q=交通"), "/api/v1/datasets?q=%E4%BA%A4%E9%80%9A");
  EXPECT_EQ(EncodeTarget(R"(/q?filters={"a": 1})"), "/q?filters=%7B%22a%22:%201%7D");
  EXPECT_EQ(EncodeTarget("/x%zz"), "/x%zz");
}

TEST(HttpCaseFormat, ChunkedResponsesAreDecoded) {
  HttpResponse r;
  detail::ParseResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", r);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.chunked);
  EXPECT_EQ(r.body, "abcde");
  HttpResponse t;
  detail::ParseResponse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", t);
  EXPECT_EQ(t.status, 0);
  EXPECT_FALSE(t.error.empty());
}

TEST(HttpCaseFormat, EveryCaseFileParses) {
  auto files = CaseFiles();
  EXPECT_GE(files.size(), 20u);
  for (const auto& f : files) {
    std::string error;
    EXPECT_TRUE(ParseCase(f, error)) << error;
  }
}

}  // namespace
}  // namespace yungu::testing
