// Documents for tests: an id, a body, an optional date, and a title made from the id.
#ifndef UNSPUN_TESTS_TEST_DOCUMENTS_H_
#define UNSPUN_TESTS_TEST_DOCUMENTS_H_

#include <string>
#include <utility>

#include "unspun/document.h"

namespace unspun {

inline Document TestDocument(std::string id, std::string text, std::string published = "") {
  Document d;
  d.id = std::move(id);
  d.title = "Title of " + d.id;
  d.text = std::move(text);
  d.published = std::move(published);
  return d;
}

}  // namespace unspun

#endif  // UNSPUN_TESTS_TEST_DOCUMENTS_H_
