// AuditLog: the append-only, tamper-evident trace (RFC 6962 Merkle tree
// over the entries, tree heads signed with the hub's Ed25519 key).
#pragma once

#include <filesystem>
#include <memory>

#include "yungu/audit/audit_event.h"
#include "yungu/core/result.h"

namespace yungu::audit {

class AuditTrail;

class AuditLog {
 public:
  virtual ~AuditLog() = default;
  // Queues an entry and returns at once; a writer thread commits queued
  // entries in groups, so the entry is durable within the flush interval.
  // Fails (and the caller must refuse the read) when the log cannot be written.
  virtual Status Append(AuditEvent event) = 0;
  // Queues an entry and waits until it is durable (administrative actions).
  virtual Status AppendDurable(AuditEvent event) = 0;

  // The reading side (search, tree heads, proofs, alerts). Null for logs
  // that only record, such as test doubles.
  virtual AuditTrail* trail() { return nullptr; }
  // Waits until every entry queued before the call is durable.
  virtual Status Flush() { return Status::Ok(); }
  // Signs and stores a tree head for the current size now, if the size
  // changed since the last one (or no head exists yet).
  virtual Status SignTreeHead() { return Status::Ok(); }
  // Commits what is queued, signs a final tree head and stops the writer;
  // appends fail afterwards. Idempotent.
  virtual Status Close() { return Status::Ok(); }
};

}  // namespace yungu::audit
