// Personal-data discovery benchmark (not a test): generates a table of
// realistic mixed columns, scans it with ScanRows and prints rows/s and MB/s
// (median of several runs) for the multi-pattern detector, next to
//  - the same detection with one vectorscan database per pattern, in turn;
//  - whole-value (anchored) patterns only;
//  - std::regex, one pattern after another, for the identifier kinds only
//    (ID numbers, mobiles, bank cards, USCCs, e-mail, IPv4, plates) with the
//    identifiers module's validators: less work than the detector does, so
//    the comparison flatters the baseline.
// Prints the findings once, so a change in what is detected shows next to a
// change in speed.
//
//   discovery_bench [--rows N] [--runs R] [--baseline-rows N] [--regex-rows N]
//
// The baselines run on the first --baseline-rows (pattern loop) and
// --regex-rows (std::regex) rows; rates are per second, so they compare.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include <regex>

#include <nlohmann/json.hpp>

#include "yungu/identifiers/identifiers.h"
#include "yungu/privacy/discovery.h"

using namespace yungu;
using namespace yungu::privacy;
namespace ids = yungu::identifiers;
using Clock = std::chrono::steady_clock;

namespace {

uint64_t Below(ids::Rng& rng, uint64_t n) { return rng() % n; }
bool Chance(ids::Rng& rng, int percent) { return static_cast<int>(Below(rng, 100)) < percent; }

template <typename T>
const T& Pick(ids::Rng& rng, const std::vector<T>& items) {
  return items[Below(rng, items.size())];
}

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏"};
const std::vector<std::string> kGiven = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "文", "志", "红", "玉",
    "梅", "兰", "春", "海", "波", "鑫", "宇", "浩", "婷", "雪", "琳", "晨", "欣", "怡", "萱"};
const std::vector<std::string> kDivisions = {"420602", "420606", "420607", "420683", "420684",
                                             "110105", "310104", "440305", "510107", "620102"};
const std::vector<std::string> kDistricts = {"襄城区", "樊城区", "襄州区", "东津新区", "高新区"};
const std::vector<std::string> kRoads = {"人民路", "长虹路", "檀溪路", "解放路", "航空路",
                                         "中原路", "前进路", "邓城大道", "春园路", "建设路"};
const std::vector<std::string> kVillages = {"牛首镇竹条村", "太平店镇白庙村", "石桥镇黄龙村",
                                            "双沟镇刘庄村"};
const std::vector<std::string> kPlateProvinces = {"鄂", "鄂", "鄂", "京", "粤", "豫", "湘"};
const std::vector<std::string> kRemarks = {
    "材料齐全，准予受理", "已办结", "无", "待补正：缺少营业执照副本复印件",
    "经现场核查，情况属实，建议按程序办理", "申请人未按期提交材料，予以退回", "正常"};

std::string Name(ids::Rng& rng) {
  if (Chance(rng, 2)) return "买买提·" + Pick(rng, kGiven) + Pick(rng, kGiven);
  std::string name = Chance(rng, 2) ? "欧阳" : Pick(rng, kSurnames);
  name += Pick(rng, kGiven);
  if (Chance(rng, 70)) name += Pick(rng, kGiven);
  return name;
}

std::string Mobile(ids::Rng& rng) {
  const std::string m = ids::GenerateMobile(rng);
  const int style = static_cast<int>(Below(rng, 20));
  if (style == 0) return "+86 " + m.substr(0, 3) + " " + m.substr(3, 4) + " " + m.substr(7);
  if (style == 1) return m.substr(0, 3) + "-" + m.substr(3, 4) + "-" + m.substr(7);
  return m;
}

std::string Address(ids::Rng& rng) {
  std::string a = "湖北省襄阳市" + Pick(rng, kDistricts);
  if (Chance(rng, 20)) return a + Pick(rng, kVillages) + std::to_string(1 + Below(rng, 9)) + "组";
  a += Pick(rng, kRoads) + std::to_string(1 + Below(rng, 300)) + "号";
  if (Chance(rng, 60)) {
    a += std::to_string(1 + Below(rng, 20)) + "栋" + std::to_string(1 + Below(rng, 4)) + "单元" +
         std::to_string(101 + Below(rng, 2400)) + "室";
  }
  return a;
}

std::string Plate(ids::Rng& rng) {
  static const std::string kLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  std::string p = Pick(rng, kPlateProvinces) + kLetters[Below(rng, kLetters.size())];
  if (Chance(rng, 15)) p += "D";  // new energy
  for (int i = 0; i < 5; ++i) {
    p += (i == 2 && Chance(rng, 30)) ? kLetters[Below(rng, kLetters.size())]
                                     : static_cast<char>('0' + Below(rng, 10));
  }
  return p;
}

std::string Remark(ids::Rng& rng) {
  switch (Below(rng, 10)) {
    case 0:
    case 1:
      return "已电话联系，回拨" + ids::GenerateMobile(rng) + "无人接听，次日再联系";
    case 2:
      return "联系人：" + Name(rng) + "，电话" + ids::GenerateMobile(rng);
    case 3:
      return "住址变更为" + Address(rng) + "，已核实";
    default:
      return Pick(rng, kRemarks);
  }
}

std::vector<model::FieldDef> Fields() {
  const std::vector<std::pair<const char*, const char*>> columns = {
      {"id", "序号"},      {"xm", "姓名"},         {"sfzh", "身份证号"},
      {"sjhm", "手机号码"}, {"jtzz", "家庭住址"},   {"bz", "备注"},
      {"je", "补贴金额"},  {"csrq", "出生日期"},   {"tyshxydm", "统一社会信用代码"},
      {"cphm", "车牌号码"}};
  std::vector<model::FieldDef> fields;
  for (const auto& [name, title] : columns) {
    model::FieldDef f;
    f.name = name;
    f.title = title;
    fields.push_back(f);
  }
  return fields;
}

std::vector<Row> Generate(int64_t rows) {
  ids::Rng rng(20240601);
  std::vector<Row> table;
  table.reserve(rows);
  for (int64_t i = 0; i < rows; ++i) {
    const int year = 1940 + static_cast<int>(Below(rng, 70));
    const int month = 1 + static_cast<int>(Below(rng, 12));
    const int day = 1 + static_cast<int>(Below(rng, 28));
    const std::string& division = Pick(rng, kDivisions);
    char date[11];
    std::snprintf(date, sizeof(date), "%04d-%02d-%02d", year, month, day);
    Row row;
    row.reserve(10);
    row.emplace_back(i + 1);
    row.emplace_back(Name(rng));
    row.emplace_back(ids::GenerateCitizenId(rng, division, year, month, day, Chance(rng, 50)));
    row.emplace_back(Chance(rng, 5) ? std::string() : Mobile(rng));
    row.emplace_back(Address(rng));
    row.emplace_back(Remark(rng));
    row.emplace_back(static_cast<double>(Below(rng, 10000000)) / 100.0);
    row.emplace_back(Date{date});
    row.emplace_back(ids::GenerateUscc(rng, division, '9', Chance(rng, 30) ? '2' : '1'));
    row.emplace_back(Chance(rng, 40) ? Plate(rng) : std::string());
    table.push_back(std::move(row));
  }
  return table;
}

RowSource Feed(const std::vector<Row>& table, int64_t limit) {
  int64_t next = 0;
  const int64_t end = std::min<int64_t>(limit, static_cast<int64_t>(table.size()));
  return [&table, next, end](Row& row) mutable {
    if (next >= end) return false;
    row = table[next++];  // copy-assignment reuses the row's string capacity
    return true;
  };
}

// CPU time of the calling thread: on a shared machine the wall clock also
// counts the time other processes held the core.
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double MedianOf(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Measure {
  std::vector<double> seconds;      // wall clock, one per run
  std::vector<double> cpu_seconds;  // this thread's CPU time, one per run
  int64_t rows = 0;
  int64_t bytes = 0;
  double Median() const { return MedianOf(seconds); }
  double CpuMedian() const { return MedianOf(cpu_seconds); }
  double RowsPerSecond() const { return rows / Median(); }
  double RowsPerCpuSecond() const { return rows / CpuMedian(); }
};

// One ScanRows pass; keeps the report of the last pass.
void ScanOnce(const Detector& detector, const std::vector<Row>& table, int64_t rows, Measure& m,
              DiscoveryReport* report = nullptr) {
  ScanOptions options;
  options.today = CivilDate{2024, 6, 1};
  const double cpu_started = ThreadCpuSeconds();
  auto result = ScanRows(detector, Fields(), Feed(table, rows), options);
  m.cpu_seconds.push_back(ThreadCpuSeconds() - cpu_started);
  if (!result.ok()) {
    std::fprintf(stderr, "scan: %s\n", result.status().ToString().c_str());
    std::exit(1);
  }
  m.seconds.push_back(result->elapsed_seconds);
  m.rows = result->rows_scanned;
  m.bytes = result->bytes_scanned;
  if (report != nullptr) *report = std::move(result).value();
}

// Reading the rows alone, without detection: what the callback costs.
void FeedOnce(const std::vector<Row>& table, int64_t rows, Measure& m) {
  const auto started = Clock::now();
  const double cpu_started = ThreadCpuSeconds();
  RowSource feed = Feed(table, rows);
  Row row;
  int64_t n = 0;
  while (feed(row)) ++n;
  m.seconds.push_back(std::chrono::duration<double>(Clock::now() - started).count());
  m.cpu_seconds.push_back(ThreadCpuSeconds() - cpu_started);
  m.rows = n;
}

// --- the std::regex baseline ------------------------------------------------

struct RegexBaseline {
  std::regex token{R"((^|[^0-9A-Za-z]))"
                   R"((\+?[0-9]{11,19}|[0-9]{17}[Xx]|[0-9A-HJ-NPQRTUWXY]{18})(?![0-9A-Za-z]))"};
  std::regex formatted_mobile{R"((^|[^0-9])(1[3-9][0-9][- ][0-9]{4}[- ][0-9]{4})(?![0-9]))"};
  std::regex email{R"([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)"};
  std::regex ipv4{R"((^|[^0-9.])([0-9]{1,3}(\.[0-9]{1,3}){3})(?![0-9.]))"};
  std::regex plate{"(京|津|沪|渝|冀|豫|云|辽|黑|湘|皖|鲁|新|苏|浙|赣|鄂|桂|甘|晋|蒙|陕|吉|闽|贵|粤|青|藏|川|"
                   "宁|琼)[A-HJ-NP-Z][A-HJ-NP-Z0-9]{5,6}(?![A-Za-z0-9])"};

  static bool Octets(const std::string& ip) {
    size_t start = 0;
    while (start <= ip.size()) {
      const size_t dot = std::min(ip.find('.', start), ip.size());
      if (std::stoi(ip.substr(start, dot - start)) > 255) return false;
      start = dot + 1;
    }
    return true;
  }

  // True when the text holds one of the kinds this baseline knows.
  bool Holds(const std::string& text) const {
    using It = std::sregex_iterator;
    bool found = false;
    for (It it(text.begin(), text.end(), token), end; it != end; ++it) {
      const std::string t = (*it)[2].str();
      const std::string digits = t.starts_with('+') ? t.substr(1) : t;
      found |= ids::ValidateCitizenId(t).valid || ids::ValidateMobile(t).valid ||
               ids::ValidateUscc(t).valid || ids::ValidateBankCard(digits).valid;
    }
    for (It it(text.begin(), text.end(), formatted_mobile), end; it != end; ++it) found = true;
    for (It it(text.begin(), text.end(), email), end; it != end; ++it) {
      found |= ids::ValidateEmail(it->str()).valid;
    }
    for (It it(text.begin(), text.end(), ipv4), end; it != end; ++it) {
      found |= Octets((*it)[2].str());
    }
    for (It it(text.begin(), text.end(), plate), end; it != end; ++it) found = true;
    return found;
  }
};

// One pass of the std::regex baseline over `rows` rows; `holding` gets the
// number of values in which it found something.
void RegexOnce(const RegexBaseline& baseline, const std::vector<Row>& table, int64_t rows,
               Measure& m, int64_t& holding) {
  const auto started = Clock::now();
  const double cpu_started = ThreadCpuSeconds();
  int64_t bytes = 0;
  holding = 0;
  for (int64_t r = 0; r < rows; ++r) {
    for (const Value& v : table[r]) {
      // What the baseline can hold: text and integers.
      if (!std::holds_alternative<std::string>(v) && !std::holds_alternative<int64_t>(v)) continue;
      const std::string text = ValueToText(v);
      if (text.empty()) continue;
      bytes += static_cast<int64_t>(text.size());
      if (baseline.Holds(text)) ++holding;
    }
  }
  m.seconds.push_back(std::chrono::duration<double>(Clock::now() - started).count());
  m.cpu_seconds.push_back(ThreadCpuSeconds() - cpu_started);
  m.rows = rows;
  m.bytes = bytes;
}

Detector Make(const DetectorOptions& options) {
  const auto started = Clock::now();
  auto detector = Detector::Create(options);
  if (!detector.ok()) {
    std::fprintf(stderr, "compile: %s\n", detector.status().ToString().c_str());
    std::exit(1);
  }
  std::printf("  compiled in %.1f ms\n",
              std::chrono::duration<double, std::milli>(Clock::now() - started).count());
  return std::move(detector).value();
}

void PrintRow(const char* label, const Measure& m) {
  std::printf("| %-44s | %7lld | %4zu | %7.3f | %8.0f | %5.1f | %7.3f | %8.0f | %5.1f |\n", label,
              static_cast<long long>(m.rows), m.seconds.size(), m.Median(), m.RowsPerSecond(),
              m.bytes / m.Median() / 1e6, m.CpuMedian(), m.RowsPerCpuSecond(),
              m.bytes / m.CpuMedian() / 1e6);
}

void PrintFindings(const DiscoveryReport& report) {
  std::printf("\n| field | dominant (or top kind) | share (whole / contained) | confidence "
              "| proposal | examples |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const FieldFinding& f : report.fields) {
    // The dominant kind, or in brackets the most frequent one below threshold.
    std::string kind = "-";
    std::string share = "-";
    if (!f.kinds.empty()) {
      const KindStats& top = f.kinds.front();
      kind = std::string(PiiKindName(top.kind));
      if (!f.dominant) kind = "(" + kind + ")";
      char buffer[64];
      std::snprintf(buffer, sizeof(buffer), "%.4f / %.4f", top.whole_share, top.contained_share);
      share = buffer;
    }
    const std::string proposal =
        f.proposed_sensitivity ? std::to_string(*f.proposed_sensitivity) : "-";
    const nlohmann::json examples = f.examples;
    std::printf("| %s %s | %s | %s | %.2f | %s | %s |\n", f.name.c_str(), f.title.c_str(),
                kind.c_str(), share.c_str(), f.confidence, proposal.c_str(),
                examples.dump().c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 1000000;
  int64_t baseline_rows = 200000;
  int64_t regex_rows = 20000;
  int runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rows") == 0) rows = std::atoll(argv[i + 1]);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--baseline-rows") == 0) baseline_rows = std::atoll(argv[i + 1]);
    if (std::strcmp(argv[i], "--regex-rows") == 0) regex_rows = std::atoll(argv[i + 1]);
  }
  baseline_rows = std::min(baseline_rows, rows);
  regex_rows = std::min(regex_rows, rows);
  double load = 0;
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (std::fscanf(f, "%lf", &load) != 1) load = 0;
    std::fclose(f);
  }
  std::printf("machine: %u hardware threads, load average %.2f at start\n",
              std::thread::hardware_concurrency(), load);

  auto started = Clock::now();
  const std::vector<Row> table = Generate(rows);
  std::printf("generated %lld rows x %zu columns in %.1f s\n", static_cast<long long>(rows),
              Fields().size(), std::chrono::duration<double>(Clock::now() - started).count());

  std::printf("multi-pattern detector (one database, embedded + whole):\n");
  const Detector multi = Make({});
  std::printf("whole-value detector (anchored patterns):\n");
  const Detector anchored = Make({.find_embedded = false});
  std::printf("pattern-loop detector (one database per pattern):\n");
  const Detector loop = Make({.engine = MatchEngine::kPatternLoop});
  const RegexBaseline regex;

  // Runs interleave the variants, so a change in the machine's load during
  // the benchmark touches them alike.
  Measure m_multi, m_anchored, m_loop, m_regex, m_feed;
  DiscoveryReport report;
  int64_t regex_holding = 0;
  for (int r = 0; r < runs; ++r) {
    ScanOnce(multi, table, rows, m_multi, &report);
    ScanOnce(anchored, table, rows, m_anchored);
    ScanOnce(loop, table, baseline_rows, m_loop);
    RegexOnce(regex, table, regex_rows, m_regex, regex_holding);
    FeedOnce(table, rows, m_feed);
  }

  std::printf("\nmedians of the runs; wall clock, then this thread's CPU time\n");
  std::printf("| detector (ScanRows, 1 thread) | rows | runs | wall s | rows/s | MB/s "
              "| CPU s | rows/CPU s | MB/CPU s |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  PrintRow("multi-pattern, embedded + whole (default)", m_multi);
  PrintRow("multi-pattern, whole values only (anchored)", m_anchored);
  PrintRow("pattern loop, embedded + whole (baseline)", m_loop);
  PrintRow("std::regex, identifier kinds only (baseline)", m_regex);
  std::printf("\nrow feed alone (copying rows, no detection): %.3f s (%.3f s CPU) for %lld rows\n",
              m_feed.Median(), m_feed.CpuMedian(), static_cast<long long>(m_feed.rows));
  const double rate = m_multi.RowsPerCpuSecond();
  std::printf("bytes per row: %.1f; per CPU second, multi-pattern is %.1fx the pattern loop and "
              "%.1fx std::regex\n",
              static_cast<double>(m_multi.bytes) / m_multi.rows, rate / m_loop.RowsPerCpuSecond(),
              rate / m_regex.RowsPerCpuSecond());
  std::printf("std::regex baseline: an identifier in %lld values of %lld rows\n",
              static_cast<long long>(regex_holding), static_cast<long long>(regex_rows));
  PrintFindings(report);
  return 0;
}
