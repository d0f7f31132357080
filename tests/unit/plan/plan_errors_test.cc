// Plans that do not parse: each rule's message, and the line and column it points at.
#include <gtest/gtest.h>

#include "common/failure.h"
#include "plan/plan.h"

namespace ddbm::plan {
namespace {

// The message of the Failure that parsing `text` as "plan.toml" throws.
std::string ErrorFor(const std::string& text) {
  try {
    ParsePlan(text, "plan.toml");
  } catch (const Failure& failure) {
    EXPECT_EQ(failure.code(), ExitCode::kUsage);
    EXPECT_EQ(failure.hint(), "");
    return failure.what();
  }
  ADD_FAILURE() << "parsed without an error:\n" << text;
  return "";
}

TEST(PlanErrors, NamesTheSourceGivenByTheCaller) {
  try {
    ParsePlan("", "/etc/ddbmigrate/prod.toml");
    FAIL() << "parsed without an error";
  } catch (const Failure& failure) {
    EXPECT_EQ(std::string(failure.what()),
              "/etc/ddbmigrate/prod.toml:1:1: the plan has no \"name\"; it names the backups");
  }
}

// TOML syntax

TEST(PlanErrors, ReportsTomlSyntaxWithTomlPlusPlusPositionAndDescription) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]\n"),
            "plan.toml:2:9: error while parsing table header: expected ']', saw '\\n'");
  EXPECT_EQ(ErrorFor("name = chat\n"),
            "plan.toml:1:8: error while parsing value: could not determine value type");
}

TEST(PlanErrors, ReportsAKeyDefinedTwiceAsSyntax) {
  EXPECT_EQ(ErrorFor("name = \"p\"\nname = \"q\"\n"),
            "plan.toml:2:8: error while parsing key-value pair: cannot redefine existing "
            "string 'name'");
}

// Unknown keys

TEST(PlanErrors, RejectsAnUnknownTopLevelKeyWithASuggestion) {
  EXPECT_EQ(ErrorFor("nmae = \"p\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:1: unknown key \"nmae\" at the top level of the plan, did you mean "
            "\"name\"?");
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable_prefx = \"x-\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:2:1: unknown key \"table_prefx\" at the top level of the plan, did you "
            "mean \"table_prefix\"?");
}

TEST(PlanErrors, RejectsAMistypedTableSectionAsAnUnknownKey) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[tables]]\nname = \"Abc\"\n"),
            "plan.toml:2:3: unknown key \"tables\" at the top level of the plan, did you mean "
            "\"table\"?");
}

TEST(PlanErrors, ListsTheKnownKeysWhenNoneIsClose) {
  EXPECT_EQ(ErrorFor("name = \"p\"\nregion = \"eu-west-1\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:2:1: unknown key \"region\" at the top level of the plan; the keys here "
            "are name, table_prefix, table");
}

TEST(PlanErrors, RejectsAnUnknownTableKeyWithASuggestion) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"ChatRecordTable\"\n"
                     "partion_key = { name = \"user_id\", type = \"S\" }\n"),
            "plan.toml:4:1: unknown key \"partion_key\" in table ChatRecordTable, did you mean "
            "\"partition_key\"?");
}

TEST(PlanErrors, RejectsAnUnknownKeyInATableWithoutAName) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nnaem = \"Abc\"\n"),
            "plan.toml:3:1: unknown key \"naem\" in a [[table]] section, did you mean \"name\"?");
}

TEST(PlanErrors, ReportsTheFirstUnknownKeyInTheText) {
  // toml++ keeps keys sorted; the message must follow the file, not the alphabet.
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\nzzz = 1\naaa = 2\n"),
            "plan.toml:4:1: unknown key \"zzz\" in table Abc; the keys here are name, "
            "partition_key, sort_key, fill, drop_indexes, add_index");
}

TEST(PlanErrors, RejectsAnUnknownKeyInAKeyAttribute) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"k\", typ = \"S\" }\n"),
            "plan.toml:4:31: unknown key \"typ\" in partition_key of table Abc, did you mean "
            "\"type\"?");
}

// The plan's name and prefix

TEST(PlanErrors, RequiresAPlanName) {
  EXPECT_EQ(ErrorFor("[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:1: the plan has no \"name\"; it names the backups");
}

TEST(PlanErrors, RequiresThePlanNameToBeAString) {
  EXPECT_EQ(ErrorFor("name = 42\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:8: the plan's \"name\" must be a string, not an integer");
}

TEST(PlanErrors, RejectsAPlanNameThatCannotBeADirectoryName) {
  EXPECT_EQ(ErrorFor("name = \"chat/records\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:8: plan name \"chat/records\" is not valid: it holds '/'; only letters, "
            "digits, '_', '.' and '-' are allowed");
  EXPECT_EQ(ErrorFor("name = \"\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:8: plan name \"\" is not valid: it is empty");
  EXPECT_EQ(ErrorFor("name = \"" + std::string(233, 'p') + "\"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:1:8: plan name \"" + std::string(233, 'p') +
                "\" is not valid: it is 233 characters long; at most 232 fit in a backup "
                "directory name");
}

TEST(PlanErrors, RejectsAPrefixWithCharactersTableNamesCannotHold) {
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable_prefix = \"prod \"\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:2:16: table_prefix \"prod \" is not valid: it holds ' '; only letters, "
            "digits, '_', '.' and '-' are allowed");
}

TEST(PlanErrors, RequiresThePrefixToBeAString) {
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable_prefix = true\n[[table]]\nname = \"Abc\"\n"),
            "plan.toml:2:16: table_prefix must be a string, not a boolean");
}

// Tables

TEST(PlanErrors, RequiresAtLeastOneTable) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n"),
            "plan.toml:1:1: the plan has no [[table]] section; it needs one per table");
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable = []\n"),
            "plan.toml:1:1: the plan has no [[table]] section; it needs one per table");
}

TEST(PlanErrors, RejectsASingleTableSection) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[table]\nname = \"Abc\"\n"),
            "plan.toml:2:1: \"table\" must be an array of tables, one [[table]] section per "
            "table, not a table");
}

TEST(PlanErrors, RejectsTableEntriesThatAreNotTables) {
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable = [\"Abc\"]\n"),
            "plan.toml:2:10: each entry of \"table\" must be a table, not a string");
}

TEST(PlanErrors, RequiresATableName) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n\n[[table]]\n"
                     "partition_key = { name = \"k\", type = \"S\" }\n"),
            "plan.toml:3:1: a [[table]] section has no \"name\"");
}

TEST(PlanErrors, RequiresTheTableNameToBeAString) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = [\"Abc\"]\n"),
            "plan.toml:3:8: a table's \"name\" must be a string, not an array");
}

TEST(PlanErrors, RejectsTableNamesDynamoDbRejects) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"ab\"\n"),
            "plan.toml:3:8: table name \"ab\" is not a valid DynamoDB table name: it is 2 "
            "characters long, not 3 to 255");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"" + std::string(256, 't') + "\"\n"),
            "plan.toml:3:8: table name \"" + std::string(256, 't') +
                "\" is not a valid DynamoDB table name: it is 256 characters long, not 3 to 255");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Chat Records\"\n"),
            "plan.toml:3:8: table name \"Chat Records\" is not a valid DynamoDB table name: it "
            "holds ' '; only letters, digits, '_', '.' and '-' are allowed");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Grüße\"\n"),
            "plan.toml:3:8: table name \"Grüße\" is not a valid DynamoDB table name: it holds a "
            "non-ASCII character; only letters, digits, '_', '.' and '-' are allowed");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"tab\\tle\"\n"),
            "plan.toml:3:8: table name \"tab\tle\" is not a valid DynamoDB table name: it holds "
            "a control character; only letters, digits, '_', '.' and '-' are allowed");
}

TEST(PlanErrors, JudgesTableNameLengthWithThePrefix) {
  // "ab" alone is too short; "x-ab" is a fine live name.
  EXPECT_NO_THROW(
      ParsePlan("name = \"p\"\ntable_prefix = \"x-\"\n[[table]]\nname = \"ab\"\n", "plan.toml"));
  EXPECT_EQ(ErrorFor("name = \"p\"\ntable_prefix = \"" + std::string(250, 'x') +
                     "\"\n[[table]]\nname = \"ChatRecordTable\"\n"),
            "plan.toml:4:8: table name \"" + std::string(250, 'x') +
                "ChatRecordTable\" is not a valid DynamoDB table name: it is 265 characters "
                "long, not 3 to 255 (with table_prefix \"" +
                std::string(250, 'x') + "\")");
}

TEST(PlanErrors, RejectsATableListedTwice) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n[[table]]\nname = \"Xyz\"\n"
                     "[[table]]\n  name = \"Abc\"\n"),
            "plan.toml:7:10: table Abc is listed twice (first at line 3)");
}

// Keys

TEST(PlanErrors, RejectsAKeyTypeOtherThanSNB) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"ChatRecordTable\"\n"
                     "partition_key = { name = \"user_id\", type = \"X\" }\n"),
            "plan.toml:4:44: key type \"X\" for partition_key of table ChatRecordTable is not "
            "one of S, N, B");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"k\", type = \"S\" }\n"
                     "sort_key = { name = \"n\", type = \"s\" }\n"),
            "plan.toml:5:33: key type \"s\" for sort_key of table Abc is not one of S, N, B");
}

TEST(PlanErrors, RequiresTheKeyTypeToBeAString) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"k\", type = 1 }\n"),
            "plan.toml:4:38: the type of partition_key of table Abc must be a string, not an "
            "integer");
}

TEST(PlanErrors, RequiresAKeyToBeATable) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\npartition_key = \"user_id\"\n"),
            "plan.toml:4:17: partition_key of table Abc must be a table such as { name = \"id\", "
            "type = \"S\" }, not a string");
}

TEST(PlanErrors, RequiresAKeyAttributeNameAndType) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { type = \"S\" }\n"),
            "plan.toml:4:17: partition_key of table Abc has no \"name\"");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"k\", type = \"S\" }\n"
                     "[table.sort_key]\nname = \"n\"\n"),
            "plan.toml:5:1: sort_key of table Abc has no \"type\"; it is one of S, N, B");
}

TEST(PlanErrors, RejectsKeyAttributeNamesDynamoDbRejects) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"\", type = \"S\" }\n"),
            "plan.toml:4:26: attribute name \"\" of partition_key of table Abc is not valid: it "
            "is 0 bytes long, not 1 to 255");
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"" +
                     std::string(256, 'k') + "\", type = \"S\" }\n"),
            "plan.toml:4:26: attribute name \"" + std::string(256, 'k') +
                "\" of partition_key of table Abc is not valid: it is 256 bytes long, not 1 to "
                "255");
}

TEST(PlanErrors, RequiresAPartitionKeyForASortKey) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "sort_key = { name = \"id\", type = \"S\" }\n"),
            "plan.toml:4:1: table Abc has a sort_key but no partition_key");
}

TEST(PlanErrors, RejectsASortKeyOnThePartitionKeyAttribute) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"id\", type = \"S\" }\n"
                     "sort_key = { name = \"id\", type = \"N\" }\n"),
            "plan.toml:5:12: sort_key of table Abc names the same attribute as its "
            "partition_key, \"id\"");
}

// Fills

TEST(PlanErrors, RejectsAFillForAnAttributeOutsideTheNewKey) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"user_id\", type = \"S\" }\n"
                     "sort_key = { name = \"id\", type = \"S\" }\n"
                     "fill = { title = \"untitled\" }\n"),
            "plan.toml:6:10: fill for \"title\" in table Abc names no attribute of the table's "
            "new key (user_id, id)");
}

TEST(PlanErrors, SuggestsTheKeyAttributeAMistypedFillMeans) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"user_id\", type = \"S\" }\n"
                     "fill = { userid = \"public\" }\n"),
            "plan.toml:5:10: fill for \"userid\" in table Abc names no attribute of the table's "
            "new key (user_id), did you mean \"user_id\"?");
}

TEST(PlanErrors, RejectsAFillInATableThatOnlyGetsBackedUp) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\nfill = { user_id = \"public\" }\n"),
            "plan.toml:4:10: fill for \"user_id\" in table Abc has no key to fill: the table has "
            "no partition_key");
}

TEST(PlanErrors, RejectsAFillForAKeyThatIsNotAString) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"user_id\", type = \"S\" }\n"
                     "sort_key = { name = \"seq\", type = \"N\" }\n"
                     "fill = { seq = \"0\" }\n"),
            "plan.toml:6:10: fill for \"seq\" in table Abc is for a key of type N; only type S "
            "keys are filled");
}

TEST(PlanErrors, RequiresFillValuesToBeNonEmptyStrings) {
  const std::string head =
      "name = \"p\"\n[[table]]\nname = \"Abc\"\n"
      "partition_key = { name = \"user_id\", type = \"S\" }\n";
  EXPECT_EQ(ErrorFor(head + "fill = { user_id = 7 }\n"),
            "plan.toml:5:20: the value of fill for \"user_id\" in table Abc must be a string, not "
            "an integer");
  EXPECT_EQ(ErrorFor(head + "fill = { user_id = \"\" }\n"),
            "plan.toml:5:20: the value of fill for \"user_id\" in table Abc is empty; a key "
            "cannot be \"\"");
}

TEST(PlanErrors, RejectsFillValuesLongerThanDynamoDbKeys) {
  const std::string head =
      "name = \"p\"\n[[table]]\nname = \"Abc\"\n"
      "partition_key = { name = \"a\", type = \"S\" }\n"
      "sort_key = { name = \"b\", type = \"S\" }\n";
  EXPECT_EQ(ErrorFor(head + "fill = { a = \"" + std::string(2049, 'x') + "\" }\n"),
            "plan.toml:6:14: the value of fill for \"a\" in table Abc is 2049 bytes long; a "
            "partition key value holds at most 2048");
  // Bytes, not characters: 513 two-byte characters are 1026 bytes.
  std::string wide;
  for (int i = 0; i < 513; ++i) {
    wide += "\xC3\xA4";
  }
  EXPECT_EQ(ErrorFor(head + "fill = { b = \"" + wide + "\" }\n"),
            "plan.toml:6:14: the value of fill for \"b\" in table Abc is 1026 bytes long; a sort "
            "key value holds at most 1024");
}

TEST(PlanErrors, RequiresFillToBeATable) {
  EXPECT_EQ(ErrorFor("name = \"p\"\n[[table]]\nname = \"Abc\"\n"
                     "partition_key = { name = \"user_id\", type = \"S\" }\nfill = \"public\"\n"),
            "plan.toml:5:8: fill of table Abc must be a table such as { user_id = \"public\" }, "
            "not a string");
}

}  // namespace
}  // namespace ddbm::plan
