#include "unspun/status.h"

#include "unspun/document.h"

namespace unspun {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kIOError:
      return "I/O error: " + message_;
    case Code::kCorruption:
      return "bad input: " + message_;
  }
  return message_;
}

std::string Document::Origin() const {
  if (origin_line == 0) return origin_file;
  return origin_file + ":" + std::to_string(origin_line);
}

}  // namespace unspun
