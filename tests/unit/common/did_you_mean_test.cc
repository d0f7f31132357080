#include "common/did_you_mean.h"

#include <gtest/gtest.h>

namespace ddbm {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsAndReplacements) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("", "abc"), 3u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("partion_key", "partition_key"), 2u);
}

TEST(EditDistance, CountsASwapOfNeighboursAsOneEdit) {
  EXPECT_EQ(EditDistance("nmae", "name"), 1u);
  EXPECT_EQ(EditDistance("ChatRecordTabel", "ChatRecordTable"), 1u);
}

TEST(EditDistance, IgnoresAsciiCase) {
  EXPECT_EQ(EditDistance("chatrecordtable", "ChatRecordTable"), 0u);
  EXPECT_EQ(EditDistance("TYPE", "type"), 0u);
}

TEST(EditDistance, IsSymmetric) {
  EXPECT_EQ(EditDistance("sort_key", "short_keys"), EditDistance("short_keys", "sort_key"));
}

TEST(DidYouMean, SuggestsTheClosestCandidate) {
  const std::vector<std::string> keys = {"name", "partition_key", "sort_key", "fill"};
  EXPECT_EQ(DidYouMean("partion_key", keys), "partition_key");
  EXPECT_EQ(DidYouMean("sortkey", keys), "sort_key");
  EXPECT_EQ(DidYouMean("nmae", keys), "name");
  EXPECT_EQ(DidYouMean("fil", keys), "fill");
}

TEST(DidYouMean, SuggestsNothingWhenNoCandidateIsClose) {
  const std::vector<std::string> keys = {"name", "partition_key", "sort_key", "fill"};
  EXPECT_EQ(DidYouMean("indexes", keys), std::nullopt);
  EXPECT_EQ(DidYouMean("id", {"user_id"}), std::nullopt);
  EXPECT_EQ(DidYouMean("anything", {}), std::nullopt);
}

TEST(DidYouMean, AllowsOnlyOneEditInShortWords) {
  EXPECT_EQ(DidYouMean("typ", {"type"}), "type");
  EXPECT_EQ(DidYouMean("ty", {"type"}), std::nullopt);
}

TEST(DidYouMean, AllowsAThirdOfTheWordInLongerWords) {
  // 15 characters: five edits allowed, six are too many.
  EXPECT_EQ(DidYouMean("ChatRecordXXXXX", {"ChatRecordTable"}), "ChatRecordTable");
  EXPECT_EQ(DidYouMean("ChatRecoXXXXXXX", {"ChatRecordTable"}), std::nullopt);
}

TEST(DidYouMean, PrefersTheFirstOfEquallyCloseCandidates) {
  EXPECT_EQ(DidYouMean("tab", {"tabs", "table", "tab_"}), "tabs");
}

TEST(DidYouMean, SuggestsANameThatDiffersOnlyInCase) {
  EXPECT_EQ(DidYouMean("chatrecordtable", {"ChatResponseTable", "ChatRecordTable"}),
            "ChatRecordTable");
}

}  // namespace
}  // namespace ddbm
