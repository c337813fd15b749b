// The permission matrix: role × sharing type × opening type → what the
// caller sees of a dataset and which fields they read. Every cell is written
// out by hand below, so a change to the policy that leaks (or hides) anything
// fails here.
#include "yungu/access/policy.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "yungu/storage/sqlite_store.h"

namespace yungu::access {
namespace {

namespace fs = std::filesystem;

model::Department Dept(std::string code, std::string parent) {
  model::Department d;
  d.code = code;
  d.name = "部门" + code;
  d.parent_code = std::move(parent);
  return d;
}

model::FieldDef Field(std::string name, int sensitivity) {
  model::FieldDef f;
  f.name = std::move(name);
  f.title = f.name;
  f.sensitivity = sensitivity;
  return f;
}

const char* Letter(int t) { return t == 0 ? "u" : t == 1 ? "c" : "n"; }

class PolicyMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("yungu_policy_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    auto store = storage::OpenSqliteStore(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
    // CITY -> A -> A1, CITY -> B
    for (const auto& d : {Dept("CITY", ""), Dept("A", "CITY"), Dept("A1", "A"), Dept("B", "CITY")}) {
      ASSERT_TRUE(store_->PutDepartment(d).ok());
    }
    // One dataset of department A per (sharing, opening) pair: "s<u|c|n>o<u|c|n>".
    for (int s = 0; s < 3; ++s) {
      for (int o = 0; o < 3; ++o) {
        model::DatasetMeta m;
        m.id = std::string("s") + Letter(s) + "o" + Letter(o);
        m.name = m.id;
        m.department = "A";
        m.sharing_type = static_cast<model::SharingType>(s);
        m.opening_type = static_cast<model::OpeningType>(o);
        m.publish_date = "2026-01-01";
        m.fields = {Field("f1", 1), Field("f2", 2), Field("f3", 3)};
        ASSERT_TRUE(store_->CreateDataset(m).ok()) << m.id;
      }
    }
    // The user "granted" holds a grant on every conditionally shared dataset.
    policy_ = std::make_unique<Policy>(
        *store_, [](std::string_view user, std::string_view dataset) -> Result<std::vector<model::Grant>> {
          std::vector<model::Grant> out;
          if (user == "granted" && dataset.substr(0, 2) == "sc") {
            model::Grant g;
            g.id = 7;
            g.dataset_id = std::string(dataset);
            g.grantee_user_id = "granted";
            g.fields = {"f3", "f1"};
            g.row_filter = {{"f2", "x"}};
            out.push_back(g);
          }
          return out;
        });
  }
  void TearDown() override {
    policy_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  static Principal User(std::string id, std::string dept, std::initializer_list<Role> roles) {
    Principal p;
    p.via = Principal::Via::kToken;
    p.user_id = std::move(id);
    p.username = p.user_id;
    p.department = std::move(dept);
    for (Role r : roles) p.roles |= static_cast<uint32_t>(r);
    return p;
  }

  // "H" hidden, "M" metadata only, "D:f1,f2" readable fields.
  std::string Cell(const Principal& who, const std::string& dataset) {
    auto meta = store_->GetDataset(dataset);
    if (!meta.ok()) return "error";
    auto a = policy_->Decide(who, *meta);
    if (!a.ok()) return "error: " + a.status().ToString();
    if (a->visibility == Visibility::kHidden) return "H";
    if (a->visibility == Visibility::kMetadata) return "M";
    std::string out = "D:";
    for (size_t i = 0; i < a->scope.fields.size(); ++i) out += (i ? "," : "") + a->scope.fields[i];
    return out;
  }

  fs::path dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Policy> policy_;
};

TEST_F(PolicyMatrixTest, EveryRoleSharingAndOpeningCell) {
  std::map<std::string, Principal> who = {
      {"platform_admin", User("admin", "CITY", {Role::kPlatformAdmin})},
      {"owner_officer", User("officer", "A", {Role::kDataOfficer})},
      {"owner_user", User("a_user", "A", {Role::kGovernmentUser})},
      {"parent_user", User("city_user", "CITY", {Role::kGovernmentUser})},
      {"unit_user", User("a1_user", "A1", {Role::kGovernmentUser})},
      {"other_user", User("b_user", "B", {Role::kGovernmentUser})},
      {"other_granted", User("granted", "B", {Role::kGovernmentUser})},
      {"public_user", User("citizen", "", {Role::kPublicUser})},
      {"anonymous", Principal::Anonymous("10.0.0.1")},
      {"auditor", User("aud", "CITY", {Role::kAuditor})},
  };
  const std::string all = "D:f1,f2,f3";
  // Columns: suou suoc suon scou scoc scon snou snoc snon
  std::map<std::string, std::vector<std::string>> expected = {
      {"platform_admin", {all, all, all, all, all, all, all, all, all}},
      {"owner_officer", {all, all, all, all, all, all, all, all, all}},
      {"owner_user", {all, all, all, all, all, all, all, all, all}},
      // A parent department reads its units' data.
      {"parent_user", {all, all, all, all, all, all, all, all, all}},
      // A unit below the owner is another department for sharing purposes.
      {"unit_user", {"D:f1,f2", "D:f1,f2", "D:f1,f2", "D:f1", "M", "M", "D:f1", "M", "M"}},
      {"other_user", {"D:f1,f2", "D:f1,f2", "D:f1,f2", "D:f1", "M", "M", "D:f1", "M", "M"}},
      {"other_granted", {"D:f1,f2", "D:f1,f2", "D:f1,f2", "D:f1,f3", "D:f1,f3", "D:f1,f3", "D:f1", "M", "M"}},
      {"public_user", {"D:f1", "M", "H", "D:f1", "M", "H", "D:f1", "M", "H"}},
      {"anonymous", {"D:f1", "M", "H", "D:f1", "M", "H", "D:f1", "M", "H"}},
      // Auditors see every entry; they read data only where anyone may.
      {"auditor", {"D:f1", "M", "M", "D:f1", "M", "M", "D:f1", "M", "M"}},
  };
  for (const auto& [role, cells] : expected) {
    int i = 0;
    for (int s = 0; s < 3; ++s) {
      for (int o = 0; o < 3; ++o, ++i) {
        std::string dataset = std::string("s") + Letter(s) + "o" + Letter(o);
        EXPECT_EQ(Cell(who.at(role), dataset), cells[i]) << role << " on " << dataset;
      }
    }
  }
}

TEST_F(PolicyMatrixTest, GrantCarriesItsRowFilterAndCanBeNamed) {
  Principal granted = User("granted", "B", {Role::kGovernmentUser});
  auto meta = store_->GetDataset("scon");
  ASSERT_TRUE(meta.ok());
  auto a = policy_->Decide(granted, *meta);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->basis, "grant");
  ASSERT_TRUE(a->grant.has_value());
  EXPECT_EQ(a->grant->id, 7);
  EXPECT_EQ(a->scope.row_filter, nlohmann::json({{"f2", "x"}}));
  auto named = policy_->Decide(granted, *meta, 7);
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->visibility, Visibility::kData);
  auto wrong = policy_->Decide(granted, *meta, 8);
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->visibility, Visibility::kMetadata);
  EXPECT_EQ(wrong->refusal.error_code(), "access.grant_not_active");
  // Someone else's grant number reads nothing either.
  auto other = policy_->Decide(User("b_user", "B", {Role::kGovernmentUser}), *meta, 7);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->visibility, Visibility::kMetadata);
}

TEST_F(PolicyMatrixTest, RefusalsSayWhatToDo) {
  auto meta = store_->GetDataset("scoc");
  ASSERT_TRUE(meta.ok());
  auto gov = policy_->Decide(User("b_user", "B", {Role::kGovernmentUser}), *meta);
  ASSERT_TRUE(gov.ok());
  EXPECT_EQ(gov->refusal.error_code(), "access.application_required");
  EXPECT_TRUE(gov->can_apply);
  auto anon = policy_->Decide(Principal::Anonymous("1.2.3.4"), *meta);
  ASSERT_TRUE(anon.ok());
  EXPECT_EQ(anon->refusal.code(), Code::kUnauthenticated);
  auto none = store_->GetDataset("snon");
  ASSERT_TRUE(none.ok());
  auto not_shared = policy_->Decide(User("b_user", "B", {Role::kGovernmentUser}), *none);
  ASSERT_TRUE(not_shared.ok());
  EXPECT_EQ(not_shared->refusal.error_code(), "access.not_shared");
  EXPECT_FALSE(not_shared->can_apply);
}

TEST_F(PolicyMatrixTest, HiddenDatasetsLookExactlyLikeUnknownOnes) {
  Principal anon = Principal::Anonymous("1.2.3.4");
  auto hidden = policy_->VisibleDataset(anon, "suon");
  auto unknown = policy_->VisibleDataset(anon, "nosuch");
  ASSERT_FALSE(hidden.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(hidden.status().error_code(), unknown.status().error_code());
  EXPECT_EQ(hidden.status().message(), "no dataset 'suon'");
  EXPECT_EQ(unknown.status().message(), "no dataset 'nosuch'");
  EXPECT_TRUE(policy_->VisibleDataset(anon, "suou").ok());
  EXPECT_TRUE(policy_->VisibleDataset(User("b_user", "B", {Role::kGovernmentUser}), "snon").ok());
}

TEST_F(PolicyMatrixTest, CatalogSearchAndFacetsCountOnlyVisibleEntries) {
  auto search = [&](const Principal& who) {
    storage::CatalogQuery q;
    q.limit = 100;
    q.visibility = policy_->CatalogVisibilityFor(who);
    auto page = store_->SearchCatalog(q);
    EXPECT_TRUE(page.ok());
    return *page;
  };
  auto anon = search(Principal::Anonymous("1.2.3.4"));
  EXPECT_EQ(anon.total, 6);
  for (const auto& d : anon.datasets) EXPECT_NE(d.opening_type, model::OpeningType::kNone) << d.id;
  int64_t facet_sum = 0;
  for (const auto& c : anon.facets["opening_type"]) {
    EXPECT_NE(c.value, "none");
    facet_sum += c.count;
  }
  EXPECT_EQ(facet_sum, 6);
  auto gov = search(User("b_user", "B", {Role::kGovernmentUser}));
  EXPECT_EQ(gov.total, 9);
}

TEST_F(PolicyMatrixTest, WhoManagesWhat) {
  auto meta = store_->GetDataset("suou");
  ASSERT_TRUE(meta.ok());
  EXPECT_TRUE(policy_->CanManageDataset(User("officer", "A", {Role::kDataOfficer}), *meta).ok());
  EXPECT_TRUE(policy_->CanManageDataset(User("city_admin", "CITY", {Role::kDepartmentAdmin}), *meta).ok());
  EXPECT_EQ(policy_->CanManageDataset(User("a_user", "A", {Role::kGovernmentUser}), *meta).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(policy_->CanManageDataset(User("b_off", "B", {Role::kDataOfficer}), *meta).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(policy_->CanManageDataset(Principal::Anonymous("x"), *meta).code(), Code::kUnauthenticated);
  EXPECT_TRUE(policy_->CanCreateDatasetIn(User("officer", "A", {Role::kDataOfficer}), "A1").ok());
  EXPECT_FALSE(policy_->CanCreateDatasetIn(User("officer", "A1", {Role::kDataOfficer}), "A").ok());
  EXPECT_TRUE(policy_->CanManageDepartment(User("a_admin", "A", {Role::kDepartmentAdmin}), Dept("A2", "A")).ok());
  EXPECT_FALSE(policy_->CanManageDepartment(User("a_admin", "A", {Role::kDepartmentAdmin}), Dept("A", "CITY")).ok());
  EXPECT_FALSE(policy_->CanManageDepartment(User("a_admin", "A", {Role::kDepartmentAdmin}), Dept("B2", "B")).ok());
}

}  // namespace
}  // namespace yungu::access
