#include <catch2/catch.hpp>

#include <string>

#include "theorylab/core/error.hpp"
#include "theorylab/core/utf8.hpp"

TEST_CASE("is_valid_utf8 accepts well-formed UTF-8 at the edges of each length", "[utf8]") {
  for (const std::string& s : {std::string(), std::string("ascii key=value"), std::string(1, '\0'),
                              std::string("\x7F"), std::string("\xC2\x80"), std::string("\xDF\xBF"),
                              std::string("\xE0\xA0\x80"), std::string("\xED\x9F\xBF"), std::string("\xEE\x80\x80"),
                              std::string("\xEF\xBF\xBF"), std::string("\xF0\x90\x80\x80"), std::string("\xF4\x8F\xBF\xBF"),
                              std::string("α=0.5 ∇θ 😀")}) {
    CAPTURE(s);
    CHECK(tl::is_valid_utf8(s));
    CHECK(tl::sanitize_utf8(s) == s);
    CHECK_NOTHROW(tl::require_utf8(s, "x"));
  }
}

TEST_CASE("is_valid_utf8 rejects every ill-formed kind", "[utf8]") {
  for (const std::string& s : {std::string("\x80"), std::string("\xBF"), std::string("\xC0\xAF"),  // overlong '/'
                              std::string("\xC1\xBF"), std::string("\xE0\x9F\xBF"),               // overlong 3-byte
                              std::string("\xED\xA0\x80"), std::string("\xED\xBF\xBF"),           // surrogates
                              std::string("\xF0\x8F\xBF\xBF"),                                    // overlong 4-byte
                              std::string("\xF4\x90\x80\x80"), std::string("\xF5\x80\x80\x80"),   // > U+10FFFF
                              std::string("\xFF"), std::string("\xC2"), std::string("\xE2\x82"),  // truncated
                              std::string("ok\xE2\x82(")}) {
    CAPTURE(s);
    CHECK_FALSE(tl::is_valid_utf8(s));
    CHECK(tl::is_valid_utf8(tl::sanitize_utf8(s)));
    CHECK_THROWS_AS(tl::require_utf8(s, "argument"), tl::UsageError);
  }
}

TEST_CASE("sanitize_utf8 replaces each maximal ill-formed subpart by one U+FFFD", "[utf8]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(tl::sanitize_utf8("a\xFF" "b") == "a" + fffd + "b");
  CHECK(tl::sanitize_utf8("\xE2\x82" "x") == fffd + "x");  // truncated 3-byte: one replacement
  CHECK(tl::sanitize_utf8("\xC0\xAF") == fffd + fffd);      // C0 never starts a sequence
  CHECK(tl::sanitize_utf8("\xED\xA0\x80") == fffd + fffd + fffd);
  CHECK_THROWS_WITH(tl::require_utf8("ab\xFF", "argument"), "argument is not valid UTF-8 (byte 3)");
}
