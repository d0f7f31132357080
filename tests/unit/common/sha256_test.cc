#include "common/sha256.h"

#include <string>

#include <gtest/gtest.h>

namespace ddbm {
namespace {

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256::HexOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256::HexOf("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  std::string text;
  for (int i = 0; i < 10000; ++i) {
    text += std::to_string(i);
  }
  std::string_view view = text;
  Sha256 sha;
  for (std::size_t i = 0; i < view.size(); i += 777) {
    sha.Update(view.substr(i, 777));
  }
  EXPECT_EQ(sha.Hex(), Sha256::HexOf(text));
}

TEST(Sha256, HexDoesNotEndTheComputation) {
  Sha256 sha;
  sha.Update("ab");
  EXPECT_EQ(sha.Hex(), Sha256::HexOf("ab"));
  sha.Update("c");
  EXPECT_EQ(sha.Hex(), Sha256::HexOf("abc"));
}

TEST(Sha256, ResetStartsOver) {
  Sha256 sha;
  sha.Update("something else");
  sha.Reset();
  sha.Update("abc");
  EXPECT_EQ(sha.Hex(), Sha256::HexOf("abc"));
}

TEST(Sha256, EmptyUpdateChangesNothing) {
  Sha256 sha;
  sha.Update(nullptr, 0);
  EXPECT_EQ(sha.Hex(), Sha256::HexOf(""));
}

}  // namespace
}  // namespace ddbm
