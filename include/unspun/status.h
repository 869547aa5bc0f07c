// Status: the outcome of a fallible call. unspun's public API throws no exceptions; a call that
// can fail returns a Status (or a Result<T>, below) that the caller must look at.
//
// A bad *document* is not an error: readers repair or skip it and count it (see reader.h). Status
// carries errors a caller has to act on: an unreadable path, a malformed argument, a corrupt file.
#ifndef UNSPUN_STATUS_H_
#define UNSPUN_STATUS_H_

#include <optional>
#include <string>
#include <utility>

namespace unspun {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // The caller passed something unusable (a bad flag value, a bad id).
    kNotFound,         // A path or id that does not exist.
    kIOError,          // The operating system refused a read or a write.
    kCorruption,       // Input that breaks its format where --strict asked for no repairs.
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, msg); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  // "OK", or the code's name and the message, e.g. "IO error: a.txt: Permission denied".
  std::string ToString() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}
  Code code_ = Code::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design, as with Status.
  Result(Status status) : status_(std::move(status)) {}  // NOLINT
  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace unspun

#define UNSPUN_RETURN_IF_ERROR(expr)   \
  do {                                 \
    ::unspun::Status _status = (expr); \
    if (!_status.ok()) return _status; \
  } while (0)

#endif  // UNSPUN_STATUS_H_
