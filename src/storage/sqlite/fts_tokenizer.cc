// The FTS5 tokenizer "yungu": bigrams for Chinese, words for Latin text.
#include <sqlite3.h>

#include "storage/sqlite/connection.h"
#include "yungu/core/search_tokens.h"

namespace yungu::storage::sqlite {
namespace {

int CreateTokenizer(void*, const char**, int, Fts5Tokenizer** out) {
  // Stateless: any non-null pointer will do.
  static int instance = 0;
  *out = reinterpret_cast<Fts5Tokenizer*>(&instance);
  return SQLITE_OK;
}

void DeleteTokenizer(Fts5Tokenizer*) {}

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n,
             int (*emit)(void*, int, const char*, int, int, int)) {
  text::TokenMode mode =
      (flags & FTS5_TOKENIZE_QUERY) ? text::TokenMode::kQuery : text::TokenMode::kDocument;
  text::SearchTokenizer tokenizer(std::string_view(text, n > 0 ? n : 0), mode);
  text::SearchToken token;
  while (tokenizer.Next(token)) {
    int rc = emit(ctx, 0, token.text.data(), static_cast<int>(token.text.size()), token.start,
                  token.end);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}

fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

Status RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = GetFts5Api(db);
  if (!api) return Internal("storage.no_fts5", "this SQLite build has no FTS5");
  static fts5_tokenizer tokenizer{CreateTokenizer, DeleteTokenizer, Tokenize};
  int rc = api->xCreateTokenizer(api, "yungu", nullptr, &tokenizer, nullptr);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "register tokenizer");
  return Status::Ok();
}

}  // namespace yungu::storage::sqlite
