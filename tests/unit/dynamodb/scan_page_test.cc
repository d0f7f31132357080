#include <gtest/gtest.h>

#include <utility>

#include "dynamodb/client.h"

namespace ddbm::dynamodb {
namespace {

ScanPage PageWithTwoItems(std::string body) {
  ScanPage page;
  page.body = std::move(body);
  page.items.emplace_back(page.body.data() + 10, 8);
  page.items.emplace_back(page.body.data() + 20, 4);
  page.count = 2;
  return page;
}

TEST(ScanPageTest, CopyPointsIntoItsOwnBody) {
  ScanPage original = PageWithTwoItems(std::string(100, 'a') + "tail");
  ScanPage copy = original;

  ASSERT_EQ(copy.items.size(), 2u);
  EXPECT_EQ(copy.items[0].data(), copy.body.data() + 10);
  EXPECT_EQ(copy.items[1], original.items[1]);
  EXPECT_EQ(copy.count, 2);

  original.body.assign(original.body.size(), 'z');
  EXPECT_EQ(copy.items[0], "aaaaaaaa");
}

TEST(ScanPageTest, MovedShortBodyIsRepointed) {
  // A short string lives inside the object, so a move really moves its bytes.
  ScanPage original = PageWithTwoItems("0123456789abcdefghijKLMN");
  original.body.shrink_to_fit();
  ScanPage moved = std::move(original);

  EXPECT_EQ(moved.items[0], "abcdefgh");
  EXPECT_EQ(moved.items[1], "KLMN");
  EXPECT_GE(moved.items[0].data(), moved.body.data());
  EXPECT_LE(moved.items[1].data() + 4, moved.body.data() + moved.body.size());
}

TEST(ScanPageTest, AssignmentReplacesEverything) {
  ScanPage target = PageWithTwoItems(std::string(64, 'b'));
  target.last_evaluated_key = "{\"id\":{\"S\":\"x\"}}";
  ScanPage source = PageWithTwoItems(std::string(64, 'c'));

  target = source;
  EXPECT_EQ(target.items[0], "cccccccc");
  EXPECT_FALSE(target.last_evaluated_key.has_value());

  target = std::move(source);
  EXPECT_EQ(target.items[1], "cccc");
}

}  // namespace
}  // namespace ddbm::dynamodb
