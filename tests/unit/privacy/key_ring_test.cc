#include "yungu/privacy/key_ring.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace yungu::privacy {
namespace {

namespace fs = std::filesystem;

PseudonymKey FixedKey(uint8_t fill) {
  PseudonymKey key;
  key.fill(fill);
  return key;
}

// An independent reading of the documented format: HMAC-SHA-256 over
// domain, 0, text; the first 16 bytes in lowercase base32.
std::string ExpectedPseudonym(const PseudonymKey& key, int version, std::string_view domain, std::string_view text) {
  std::string message(domain);
  message.push_back('\0');
  message.append(text);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(), key.data());
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string bits;
  for (size_t i = 0; i < 16; ++i) {
    for (int b = 7; b >= 0; --b) bits += ((mac[i] >> b) & 1) ? '1' : '0';
  }
  while (bits.size() % 5 != 0) bits += '0';
  std::string out = "P" + std::to_string(version) + "-";
  for (size_t i = 0; i < bits.size(); i += 5) out += kAlphabet[std::stoi(bits.substr(i, 5), nullptr, 2)];
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "yungu-keyring-XXXXXX").string();
    EXPECT_NE(mkdtemp(tmpl.data()), nullptr);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

mode_t ModeOf(const fs::path& p) {
  struct stat st;
  EXPECT_EQ(::stat(p.c_str(), &st), 0);
  return st.st_mode & 07777;
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(PseudonymTest, MatchesTheDocumentedConstruction) {
  auto ring = KeyRing::InMemory({FixedKey(7)});
  auto p = ring->ForDomain("person");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->Pseudonym("420602199005171234"), ExpectedPseudonym(FixedKey(7), 1, "person", "420602199005171234"));
  EXPECT_EQ(p->Pseudonym(""), ExpectedPseudonym(FixedKey(7), 1, "person", ""));
  EXPECT_TRUE(std::regex_match(p->Pseudonym("x"), std::regex("P1-[a-z2-7]{26}")));
}

TEST(PseudonymTest, MatchesTheReferenceAcrossBlockBoundaries) {
  // Domains and texts of every length around the 64-byte blocks (and the
  // 55/56-byte padding edge), including bytes of every value.
  auto ring = KeyRing::InMemory({FixedKey(0xA5)});
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>((i * 37 + 11) & 0xff);
  for (size_t domain_length : {1, 7, 54, 55, 56, 62, 63, 64, 65, 127, 128, 200}) {
    std::string domain(domain_length, 'd');
    auto p = ring->ForDomain(domain);
    ASSERT_TRUE(p.ok());
    for (size_t length = 0; length <= 200; ++length) {
      const std::string_view text(bytes.data() + length % 50, length);
      ASSERT_EQ(p->Pseudonym(text), ExpectedPseudonym(FixedKey(0xA5), 1, domain, text))
          << "domain " << domain_length << ", text " << length;
    }
  }
}

TEST(PseudonymTest, SameValueSameDomainSameKeyIsStable) {
  auto a = KeyRing::InMemory({FixedKey(1)});
  auto b = KeyRing::InMemory({FixedKey(1)});  // another dataset's export, same key
  auto pa = a->ForDomain("person");
  auto pb = b->ForDomain("person");
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_EQ(pa->Pseudonym("张三"), pb->Pseudonym("张三"));
  EXPECT_NE(pa->Pseudonym("张三"), pa->Pseudonym("张四"));
}

TEST(PseudonymTest, DomainsAndKeysSeparate) {
  auto ring = KeyRing::InMemory({FixedKey(1)});
  auto other_key = KeyRing::InMemory({FixedKey(2)});
  auto person = ring->ForDomain("person");
  auto patient = ring->ForDomain("patient");
  auto person2 = other_key->ForDomain("person");
  ASSERT_TRUE(person.ok() && patient.ok() && person2.ok());
  EXPECT_NE(person->Pseudonym("42"), patient->Pseudonym("42"));
  EXPECT_NE(person->Pseudonym("42"), person2->Pseudonym("42"));
  // The separator keeps ("ab", "c") and ("a", "bc") apart.
  auto ab = ring->ForDomain("ab");
  auto a = ring->ForDomain("a");
  ASSERT_TRUE(ab.ok() && a.ok());
  EXPECT_NE(ab->Pseudonym("c"), a->Pseudonym("bc"));
}

TEST(PseudonymTest, CanonicalTextMakesTypesAgree) {
  auto ring = KeyRing::InMemory({FixedKey(3)});
  auto p = ring->ForDomain("");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->domain(), "default");
  EXPECT_EQ(p->PseudonymOf(Value(int64_t{42})), p->Pseudonym("42"));
  EXPECT_EQ(p->PseudonymOf(Value(std::string("42"))), p->Pseudonym("42"));
  EXPECT_EQ(p->PseudonymOf(Value(Date{"1990-05-17"})), p->Pseudonym("1990-05-17"));
  EXPECT_EQ(p->PseudonymOf(Value(2.5)), p->Pseudonym("2.5"));
  EXPECT_FALSE(p->PseudonymOf(Value()).has_value());
}

TEST(PseudonymTest, EmptyDomainIsTheDefaultDomain) {
  auto ring = KeyRing::InMemory({FixedKey(3)});
  auto empty = ring->ForDomain("");
  auto named = ring->ForDomain("default");
  ASSERT_TRUE(empty.ok() && named.ok());
  EXPECT_EQ(empty->Pseudonym("v"), named->Pseudonym("v"));
}

TEST(PseudonymTest, DomainWithZeroByteIsRefused) {
  auto ring = KeyRing::InMemory();
  auto p = ring->ForDomain(std::string_view("a\0b", 3));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().error_code(), "privacy.bad_domain");
}

TEST(PseudonymTest, VersionIsReadFromThePrefix) {
  const std::string body(26, 'a');
  EXPECT_EQ(PseudonymVersion("P1-" + body), 1);
  EXPECT_EQ(PseudonymVersion("P12-" + body), 12);
  EXPECT_FALSE(PseudonymVersion("P0-" + body).has_value());
  EXPECT_FALSE(PseudonymVersion("P01-" + body).has_value());
  EXPECT_FALSE(PseudonymVersion("P-" + body).has_value());
  EXPECT_FALSE(PseudonymVersion("p1-" + body).has_value());
  EXPECT_FALSE(PseudonymVersion("P1-" + body.substr(1)).has_value());
  EXPECT_FALSE(PseudonymVersion("P1-" + body + "a").has_value());
  EXPECT_FALSE(PseudonymVersion("P1-" + std::string(26, 'A')).has_value());
  EXPECT_FALSE(PseudonymVersion("P1-" + std::string(26, '1')).has_value());
  EXPECT_FALSE(PseudonymVersion("P1234567890-" + body).has_value());
  EXPECT_FALSE(PseudonymVersion("").has_value());
}

TEST(PseudonymTest, CopyOutlivesTheRing) {
  std::optional<Pseudonymiser> kept;
  std::string before;
  {
    auto ring = KeyRing::InMemory({FixedKey(9)});
    auto p = ring->ForDomain("d");
    ASSERT_TRUE(p.ok());
    kept = *p;
    before = p->Pseudonym("value");
  }
  EXPECT_EQ(kept->Pseudonym("value"), before);
  Pseudonymiser assigned = *kept;
  assigned = *kept;
  EXPECT_EQ(assigned.Pseudonym("value"), before);
  EXPECT_EQ(assigned.version(), 1);
}

TEST(KeyRingTest, RotationMakesNewPseudonymsAndKeepsOldOnesRecognisable) {
  auto ring = KeyRing::InMemory({FixedKey(1)});
  EXPECT_EQ(ring->current_version(), 1);
  auto v1 = ring->ForDomain("person");
  ASSERT_TRUE(v1.ok());
  const std::string old_pseudonym = v1->Pseudonym("420602199005171234");

  auto rotated = ring->Rotate();
  ASSERT_TRUE(rotated.ok());
  EXPECT_EQ(*rotated, 2);
  EXPECT_EQ(ring->current_version(), 2);

  auto current = ring->ForDomain("person");
  ASSERT_TRUE(current.ok());
  EXPECT_EQ(current->version(), 2);
  const std::string new_pseudonym = current->Pseudonym("420602199005171234");
  EXPECT_EQ(new_pseudonym.substr(0, 3), "P2-");
  EXPECT_NE(new_pseudonym.substr(3), old_pseudonym.substr(3));

  auto old_again = ring->ForDomain("person", 1);
  ASSERT_TRUE(old_again.ok());
  EXPECT_EQ(old_again->Pseudonym("420602199005171234"), old_pseudonym);

  const Value id(std::string("420602199005171234"));
  EXPECT_TRUE(ring->IsPseudonymOf(old_pseudonym, "person", id));
  EXPECT_TRUE(ring->IsPseudonymOf(new_pseudonym, "person", id));
  EXPECT_FALSE(ring->IsPseudonymOf(new_pseudonym, "patient", id));
  EXPECT_FALSE(ring->IsPseudonymOf(new_pseudonym, "person", Value(std::string("420602199005171235"))));
  EXPECT_FALSE(ring->IsPseudonymOf(new_pseudonym, "person", Value()));
  std::string tampered = new_pseudonym;
  tampered.back() = tampered.back() == 'a' ? 'b' : 'a';
  EXPECT_FALSE(ring->IsPseudonymOf(tampered, "person", id));
  std::string unknown_version = new_pseudonym;
  unknown_version[1] = '3';
  EXPECT_FALSE(ring->IsPseudonymOf(unknown_version, "person", id));
}

TEST(KeyRingTest, UnknownVersionIsNotFound) {
  auto ring = KeyRing::InMemory({FixedKey(1)});
  for (int version : {-1, 2, 100}) {
    auto p = ring->ForDomain("d", version);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.status().code(), Code::kNotFound);
    EXPECT_EQ(p.status().error_code(), "privacy.unknown_key_version");
  }
}

TEST(KeyRingTest, InMemoryRingsGetDistinctRandomKeys) {
  auto a = KeyRing::InMemory();
  auto b = KeyRing::InMemory();
  auto pa = a->ForDomain("d");
  auto pb = b->ForDomain("d");
  ASSERT_TRUE(pa.ok() && pb.ok());
  EXPECT_NE(pa->Pseudonym("v"), pb->Pseudonym("v"));
  EXPECT_TRUE(a->file().empty());
}

TEST(KeyRingTest, ReadersRunDuringRotations) {
  auto ring = KeyRing::InMemory({FixedKey(1)});
  constexpr int kRotations = 20;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::thread reader([&] {
    int last_seen = 1;
    while (!done.load()) {
      auto p = ring->ForDomain("d");
      if (!p.ok() || p->version() < last_seen || p->version() > kRotations + 1) {
        failures.fetch_add(1);
      } else {
        last_seen = p->version();
      }
    }
  });
  for (int i = 0; i < kRotations; ++i) ASSERT_TRUE(ring->Rotate().ok());
  done.store(true);
  reader.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ring->current_version(), kRotations + 1);
}

TEST(KeyRingFileTest, CreatedPrivateWithOneKeyAndReopenedAlike) {
  TempDir dir;
  const fs::path file = dir.path() / "data" / "keys" / "pseudonym.keys";
  const mode_t old_umask = ::umask(0);  // the modes must not depend on the umask
  auto ring = KeyRing::Open(file);
  ::umask(old_umask);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->current_version(), 1);
  EXPECT_EQ((*ring)->file(), file);
  EXPECT_EQ(ModeOf(file), 0600u);
  EXPECT_EQ(ModeOf(file.parent_path()), 0700u);

  const std::string text = ReadAll(file);
  EXPECT_TRUE(std::regex_match(text, std::regex("[A-Za-z0-9+/]{43}=\n"))) << text;

  auto p = (*ring)->ForDomain("person");
  ASSERT_TRUE(p.ok());
  const std::string before = p->Pseudonym("张三");

  auto reopened = KeyRing::Open(file);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  auto q = (*reopened)->ForDomain("person");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->Pseudonym("张三"), before);
  EXPECT_EQ(ReadAll(file), text);  // opening does not rewrite
}

TEST(KeyRingFileTest, RotationIsPersistedAndLeavesNoTemporaryFiles) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  auto ring = KeyRing::Open(file);
  ASSERT_TRUE(ring.ok());
  auto v1 = (*ring)->ForDomain("person");
  ASSERT_TRUE(v1.ok());
  const std::string old_pseudonym = v1->Pseudonym("13812345678");
  const std::string first_line = ReadAll(file);

  auto rotated = (*ring)->Rotate();
  ASSERT_TRUE(rotated.ok()) << rotated.status().ToString();
  EXPECT_EQ(*rotated, 2);
  EXPECT_EQ(ModeOf(file), 0600u);
  const std::string text = ReadAll(file);
  EXPECT_EQ(text.substr(0, first_line.size()), first_line);  // version 1 kept, first
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);

  auto reopened = KeyRing::Open(file);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->current_version(), 2);
  EXPECT_TRUE((*reopened)->IsPseudonymOf(old_pseudonym, "person", Value(std::string("13812345678"))));
  auto now = (*reopened)->ForDomain("person");
  auto now_before = (*ring)->ForDomain("person");
  ASSERT_TRUE(now.ok() && now_before.ok());
  EXPECT_EQ(now->Pseudonym("13812345678"), now_before->Pseudonym("13812345678"));

  int entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    ++entries;
    EXPECT_EQ(entry.path().filename(), "pseudonym.keys");
  }
  EXPECT_EQ(entries, 1);
}

TEST(KeyRingFileTest, RotationKeepsVersionsAnotherProcessAdded) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  auto server = KeyRing::Open(file);
  auto cli = KeyRing::Open(file);
  ASSERT_TRUE(server.ok() && cli.ok());
  auto cli_version = (*cli)->Rotate();
  ASSERT_TRUE(cli_version.ok());
  EXPECT_EQ(*cli_version, 2);
  auto cli_v2 = (*cli)->ForDomain("d", 2);
  ASSERT_TRUE(cli_v2.ok());
  const std::string made_by_cli = cli_v2->Pseudonym("x");

  EXPECT_EQ((*server)->current_version(), 1);  // not reread until it rotates
  auto server_version = (*server)->Rotate();
  ASSERT_TRUE(server_version.ok()) << server_version.status().ToString();
  EXPECT_EQ(*server_version, 3);
  EXPECT_TRUE((*server)->IsPseudonymOf(made_by_cli, "d", Value(std::string("x"))));

  auto reopened = KeyRing::Open(file);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ((*reopened)->current_version(), 3);
  EXPECT_TRUE((*reopened)->IsPseudonymOf(made_by_cli, "d", Value(std::string("x"))));
}

TEST(KeyRingFileTest, RotationRefusesAReplacedFile) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  auto ring = KeyRing::Open(file);
  ASSERT_TRUE(ring.ok());
  const std::string before = ReadAll(file);
  fs::remove(file);
  ASSERT_TRUE(KeyRing::Open(file).ok());  // a different first key
  const std::string replaced = ReadAll(file);
  ASSERT_NE(replaced, before);
  auto rotated = (*ring)->Rotate();
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.status().code(), Code::kConflict);
  EXPECT_EQ(rotated.status().error_code(), "privacy.key_ring_changed");
  EXPECT_EQ((*ring)->current_version(), 1);
  EXPECT_EQ(ReadAll(file), replaced);
}

TEST(KeyRingFileTest, FailedRotationLeavesTheRingUnchanged) {
  TempDir dir;
  const fs::path keys_dir = dir.path() / "keys";
  auto ring = KeyRing::Open(keys_dir / "pseudonym.keys");
  ASSERT_TRUE(ring.ok());
  fs::remove_all(keys_dir);  // nowhere to write the new ring
  auto rotated = (*ring)->Rotate();
  ASSERT_FALSE(rotated.ok());
  EXPECT_EQ(rotated.status().code(), Code::kIoError);
  EXPECT_EQ(rotated.status().error_code(), "privacy.key_ring_io");
  EXPECT_EQ((*ring)->current_version(), 1);
  EXPECT_TRUE((*ring)->ForDomain("d").ok());
}

TEST(KeyRingFileTest, ReadableByOthersIsRefused) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  ASSERT_TRUE(KeyRing::Open(file).ok());
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  auto ring = KeyRing::Open(file);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(ring.status().error_code(), "privacy.key_ring_exposed");
}

void WritePrivate(const fs::path& file, const std::string& text) {
  {
    std::ofstream out(file, std::ios::binary);
    out << text;
  }
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

TEST(KeyRingFileTest, CorruptFilesAreRefused) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  const std::string good = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n";
  for (const std::string& text :
       {std::string(), std::string("\n\n"), std::string("not base64!\n"), good + "AAAA\n",
        std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n")}) {
    WritePrivate(file, text);
    auto ring = KeyRing::Open(file);
    ASSERT_FALSE(ring.ok()) << "accepted: " << text;
    EXPECT_EQ(ring.status().code(), Code::kCorruption);
    EXPECT_EQ(ring.status().error_code(), "privacy.key_ring_corrupt");
  }
}

TEST(KeyRingFileTest, ReadsWhatItDocuments) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  // Two versions, CRLF line ends and a blank line are tolerated.
  WritePrivate(file,
               "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=\r\n\r\n"
               "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=\r\n");
  auto ring = KeyRing::Open(file);
  ASSERT_TRUE(ring.ok()) << ring.status().ToString();
  EXPECT_EQ((*ring)->current_version(), 2);
  auto v1 = (*ring)->ForDomain("d", 1);
  auto v2 = (*ring)->ForDomain("d", 2);
  ASSERT_TRUE(v1.ok() && v2.ok());
  EXPECT_EQ(v1->Pseudonym("x"), ExpectedPseudonym(FixedKey(1), 1, "d", "x"));
  EXPECT_EQ(v2->Pseudonym("x"), ExpectedPseudonym(FixedKey(2), 2, "d", "x"));
}

TEST(KeyRingFileTest, NotAFileIsRefused) {
  TempDir dir;
  const fs::path file = dir.path() / "pseudonym.keys";
  fs::create_directory(file);
  fs::permissions(file, fs::perms::owner_all);
  auto ring = KeyRing::Open(file);
  ASSERT_FALSE(ring.ok());
  EXPECT_EQ(ring.status().error_code(), "privacy.key_ring_corrupt");
}

}  // namespace
}  // namespace yungu::privacy
