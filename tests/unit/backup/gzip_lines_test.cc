#include "backup/gzip_lines.h"

#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/sha256.h"
#include "temp_directory.h"

namespace ddbm::backup {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string ItemNumber(int i) {
  return R"({"id":{"S":"item-)" + std::to_string(i) + R"("},"n":{"N":"1.50"},"b":{"B":"AAEC"},)" +
         R"("text":{"S":"caf\u00e9 \"quoted\" )" + std::string(i % 50, 'x') + R"("}})";
}

// One gzip member holding `text`, made with zlib directly rather than the code under test.
std::string GzipMember(const std::string& text) {
  z_stream zlib{};
  EXPECT_EQ(deflateInit2(&zlib, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zlib, text.size()) + 64, '\0');
  zlib.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zlib.avail_in = static_cast<uInt>(text.size());
  zlib.next_out = reinterpret_cast<Bytef*>(out.data());
  zlib.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zlib, Z_FINISH), Z_STREAM_END);
  out.resize(zlib.total_out);
  deflateEnd(&zlib);
  return out;
}

std::vector<std::string> ReadItems(const std::string& path) {
  GzipLineReader reader(path);
  std::vector<std::string> items;
  std::string item;
  while (reader.NextItem(item)) {
    items.push_back(item);
  }
  return items;
}

std::string ReadError(const std::string& path) {
  try {
    ReadItems(path);
  } catch (const DataFileError& error) {
    return error.what();
  }
  return "(no error)";
}

class GzipLinesTest : public TempDirectoryTest {
 protected:
  DataFileSummary WriteFile(const std::string& name, int count) {
    GzipLineWriter writer(root_, name);
    for (int i = 0; i < count; ++i) {
      writer.WriteItem(ItemNumber(i));
    }
    return writer.Finish();
  }
};

TEST_F(GzipLinesTest, RoundTripsTenThousandItems) {
  DataFileSummary summary = WriteFile("T/part-00000.json.gz", 10000);
  std::string path = Path("T/part-00000.json.gz");

  EXPECT_EQ(summary.file_name, "T/part-00000.json.gz");
  EXPECT_EQ(summary.items, 10000u);
  EXPECT_EQ(summary.compressed_bytes, std::filesystem::file_size(path));
  EXPECT_EQ(summary.sha256, Sha256::HexOf(ReadAll(path)));
  std::uint64_t expected_uncompressed = 0;
  for (int i = 0; i < 10000; ++i) {
    expected_uncompressed += ItemNumber(i).size() + std::string("{\"Item\":}\n").size();
  }
  EXPECT_EQ(summary.uncompressed_bytes, expected_uncompressed);

  GzipLineReader reader(path);
  std::string item;
  for (int i = 0; i < 10000; ++i) {
    ASSERT_TRUE(reader.NextItem(item)) << i;
    ASSERT_EQ(item, ItemNumber(i));
    ASSERT_EQ(reader.line_number(), static_cast<std::uint64_t>(i + 1));
  }
  EXPECT_FALSE(reader.NextItem(item));
  EXPECT_FALSE(reader.NextItem(item));
  EXPECT_EQ(reader.Sha256Hex(), summary.sha256);
}

TEST_F(GzipLinesTest, WritesStandardGzipOfDynamoDbExportLines) {
  WriteFile("t.json.gz", 3);
  std::string path = Path("t.json.gz");
  std::string bytes = ReadAll(path);
  ASSERT_GE(bytes.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0x8b);

  gzFile file = gzopen(path.c_str(), "rb");
  ASSERT_NE(file, nullptr);
  std::string text(4096, '\0');
  int size = gzread(file, text.data(), static_cast<unsigned>(text.size()));
  gzclose(file);
  text.resize(size);
  EXPECT_EQ(text, "{\"Item\":" + ItemNumber(0) + "}\n{\"Item\":" + ItemNumber(1) +
                      "}\n{\"Item\":" + ItemNumber(2) + "}\n");
}

TEST_F(GzipLinesTest, RoundTripsItemsLongerThanTheBuffers) {
  std::string big =
      R"({"id":{"S":"big"},"data":{"S":")" + std::string(std::size_t{600} * 1024, 'z') + "\"}}";
  {
    GzipLineWriter writer(root_, "big.json.gz");
    writer.WriteItem(ItemNumber(1));
    writer.WriteItem(big);
    writer.WriteItem(ItemNumber(2));
    writer.Finish();
  }
  EXPECT_EQ(ReadItems(Path("big.json.gz")),
            (std::vector<std::string>{ItemNumber(1), big, ItemNumber(2)}));
}

TEST_F(GzipLinesTest, RoundTripsAnEmptyFile) {
  DataFileSummary summary = WriteFile("empty.json.gz", 0);
  EXPECT_EQ(summary.items, 0u);
  EXPECT_GT(summary.compressed_bytes, 0u);
  EXPECT_TRUE(ReadItems(Path("empty.json.gz")).empty());
}

TEST_F(GzipLinesTest, CreatesFilesWithMode0600AndDirectoriesWith0700) {
  ::umask(022);
  WriteFile("Table/sub/part-00000.json.gz", 1);
  struct stat info {};
  ASSERT_EQ(::stat(Path("Table/sub/part-00000.json.gz").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  ASSERT_EQ(::stat(Path("Table").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
  ASSERT_EQ(::stat(Path("Table/sub").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0700u);
}

TEST_F(GzipLinesTest, ShowsTheFinalNameOnlyAfterFinish) {
  GzipLineWriter writer(root_, "t.json.gz");
  writer.WriteItem(ItemNumber(0));
  EXPECT_FALSE(std::filesystem::exists(Path("t.json.gz")));
  EXPECT_TRUE(std::filesystem::exists(Path("t.json.gz.partial")));
  writer.Finish();
  EXPECT_TRUE(std::filesystem::exists(Path("t.json.gz")));
  EXPECT_FALSE(std::filesystem::exists(Path("t.json.gz.partial")));
  EXPECT_THROW(writer.Finish(), std::logic_error);
  EXPECT_THROW(writer.WriteItem(ItemNumber(1)), std::logic_error);
}

TEST_F(GzipLinesTest, RemovesThePartialFileWhenAbandoned) {
  {
    GzipLineWriter writer(root_, "t.json.gz");
    writer.WriteItem(ItemNumber(0));
  }
  EXPECT_FALSE(std::filesystem::exists(Path("t.json.gz")));
  EXPECT_FALSE(std::filesystem::exists(Path("t.json.gz.partial")));
}

TEST_F(GzipLinesTest, RefusesToWriteOverAnotherWritersPartialFile) {
  WriteAll(Path("t.json.gz.partial"), "someone else's");
  try {
    GzipLineWriter writer(root_, "t.json.gz");
    FAIL() << "no error";
  } catch (const DataFileError& error) {
    EXPECT_THAT(error.what(), HasSubstr("t.json.gz.partial: cannot create: File exists"));
  }
  EXPECT_EQ(ReadAll(Path("t.json.gz.partial")), "someone else's");
}

TEST_F(GzipLinesTest, DetectsATruncatedFileWhereverItIsCut) {
  WriteFile("t.json.gz", 2000);
  std::string bytes = ReadAll(Path("t.json.gz"));
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, std::size_t{10}, bytes.size() / 3,
                          bytes.size() / 2, bytes.size() - 8, bytes.size() - 4, bytes.size() - 1}) {
    WriteAll(Path("cut.json.gz"), bytes.substr(0, cut));
    std::string error = ReadError(Path("cut.json.gz"));
    EXPECT_THAT(error,
                StartsWith(Path("cut.json.gz") + ": truncated (gzip stream ends early at line "))
        << "cut at " << cut;
  }
  WriteAll(Path("cut.json.gz"), bytes.substr(0, 0));
  EXPECT_EQ(ReadError(Path("cut.json.gz")),
            Path("cut.json.gz") + ": truncated (gzip stream ends early at line 1)");
}

TEST_F(GzipLinesTest, NamesTheLineWhereTruncationWasFound) {
  // Only the trailer is cut off: every line decompresses, and the end does not check out.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text += "{\"Item\":" + ItemNumber(i) + "}\n";
  }
  std::string member = GzipMember(text);
  WriteAll(Path("t.json.gz"), member.substr(0, member.size() - 8));
  EXPECT_EQ(ReadError(Path("t.json.gz")),
            Path("t.json.gz") + ": truncated (gzip stream ends early at line 101)");
}

TEST_F(GzipLinesTest, DetectsAFlippedByte) {
  WriteFile("t.json.gz", 2000);
  std::string bytes = ReadAll(Path("t.json.gz"));
  for (std::size_t at : {bytes.size() / 4, bytes.size() / 2, bytes.size() - 20, bytes.size() - 6,
                         bytes.size() - 2}) {
    std::string altered = bytes;
    altered[at] = static_cast<char>(altered[at] ^ 0x10);
    WriteAll(Path("flipped.json.gz"), altered);
    std::string error = ReadError(Path("flipped.json.gz"));
    EXPECT_THAT(error, StartsWith(Path("flipped.json.gz") + ": ")) << "flipped at " << at;
    EXPECT_NE(error, "(no error)") << "flipped at " << at;
  }

  // A flip in the trailer's CRC is a corruption report naming zlib's finding.
  std::string altered = bytes;
  altered[bytes.size() - 6] = static_cast<char>(altered[bytes.size() - 6] ^ 0x01);
  WriteAll(Path("flipped.json.gz"), altered);
  std::string error = ReadError(Path("flipped.json.gz"));
  EXPECT_THAT(error, HasSubstr(": corrupt data at line "));
  EXPECT_THAT(error, HasSubstr(": incorrect data check"));
}

TEST_F(GzipLinesTest, ReadsConcatenatedGzipMembers) {
  std::string line1 = "{\"Item\":" + ItemNumber(1) + "}\n";
  std::string line2 = "{\"Item\":" + ItemNumber(2) + "}\n";
  std::string line3 = "{\"Item\":" + ItemNumber(3) + "}\n";
  std::string split = line2.substr(0, 10);
  WriteAll(Path("multi.json.gz"), GzipMember(line1) + GzipMember(split) +
                                      GzipMember(line2.substr(10) + line3) + GzipMember(""));

  GzipLineReader reader(Path("multi.json.gz"));
  std::string item;
  ASSERT_TRUE(reader.NextItem(item));
  EXPECT_EQ(item, ItemNumber(1));
  ASSERT_TRUE(reader.NextItem(item));
  EXPECT_EQ(item, ItemNumber(2));
  ASSERT_TRUE(reader.NextItem(item));
  EXPECT_EQ(item, ItemNumber(3));
  EXPECT_FALSE(reader.NextItem(item));
  EXPECT_EQ(reader.Sha256Hex(), Sha256::HexOf(ReadAll(Path("multi.json.gz"))));
}

TEST_F(GzipLinesTest, DetectsATruncatedSecondMember) {
  std::string first = GzipMember("{\"Item\":" + ItemNumber(1) + "}\n");
  std::string second = GzipMember("{\"Item\":" + ItemNumber(2) + "}\n");
  WriteAll(Path("t.json.gz"), first + second.substr(0, 20));
  EXPECT_EQ(ReadError(Path("t.json.gz")),
            Path("t.json.gz") + ": truncated (gzip stream ends early at line 2)");
}

TEST_F(GzipLinesTest, RejectsGarbageAfterTheLastMember) {
  WriteAll(Path("t.json.gz"), GzipMember("{\"Item\":" + ItemNumber(1) + "}\n") + "garbage!");
  EXPECT_THAT(ReadError(Path("t.json.gz")), HasSubstr(": corrupt data at line 2: "));
}

TEST_F(GzipLinesTest, AcceptsTheWrapperWithWhitespaceAndWindowsLineEnds) {
  WriteAll(Path("t.json.gz"), GzipMember(" { \"Item\" : {\"a\":{\"S\":\"1\"}} } \r\n"
                                         "{\"Item\":{}}\r\n"
                                         "{\"Item\":{\"b\":{\"N\":\"2\"}}}"));
  EXPECT_EQ(ReadItems(Path("t.json.gz")),
            (std::vector<std::string>{R"({"a":{"S":"1"}})", "{}", R"({"b":{"N":"2"}})"}));
}

TEST_F(GzipLinesTest, SkipsBlankLinesButCountsThem) {
  WriteAll(
      Path("t.json.gz"),
      GzipMember("\n{\"Item\":{\"a\":{\"S\":\"1\"}}}\n  \n{\"Item\":{\"b\":{\"S\":\"2\"}}}\n\n"));
  GzipLineReader reader(Path("t.json.gz"));
  std::string item;
  ASSERT_TRUE(reader.NextItem(item));
  EXPECT_EQ(reader.line_number(), 2u);
  ASSERT_TRUE(reader.NextItem(item));
  EXPECT_EQ(reader.line_number(), 4u);
  EXPECT_FALSE(reader.NextItem(item));
}

TEST_F(GzipLinesTest, NamesALineThatIsNotAnItemLine) {
  // Only the wrapper's shape is checked here; a brace missing inside the item is for the
  // item parser to find.
  const char* bad_lines[] = {
      R"({"Items":{"a":{"S":"1"}}})",
      R"({"Item":"x"})",
      R"([{"a":{"S":"1"}}])",
      R"({"Item":{"a":{"S":"1"}}])",
      R"({"item":{"a":{}}})",
      R"({"Item":{"a":{}}} x)",
      R"({"Item"{"a":{}}})",
      R"({"Item":[]})",
      R"(plain text)",
      R"({"Item":})",
      R"({"Item": })",
      R"("Item":{"a":{}}})",
  };
  for (const char* bad : bad_lines) {
    WriteAll(Path("t.json.gz"), GzipMember("{\"Item\":{}}\n" + std::string(bad) + "\n"));
    EXPECT_EQ(ReadError(Path("t.json.gz")), Path("t.json.gz") + ": line 2 is not {\"Item\":{...}}")
        << bad;
  }
}

TEST_F(GzipLinesTest, NamesAMissingFile) {
  try {
    GzipLineReader reader(Path("nope.json.gz"));
    FAIL() << "no error";
  } catch (const DataFileError& error) {
    EXPECT_EQ(std::string(error.what()), Path("nope.json.gz") + ": missing");
  }
}

}  // namespace
}  // namespace ddbm::backup
