package io.winter.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.winter.codec.RequestLine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

  private static final CommandParser PARSER = new CommandParser(ParserLimits.DEFAULTS);

  private static final String TABLE_RULE = ": use 1-64 characters from A-Z a-z 0-9 _ - .";
  private static final String PUTNEW_USAGE = "error wrong number of arguments for PUTNEW: "
      + "usage PUTNEW <table> <key> <data> [EXPIRE <ms>]";
  private static final String EXPIRE_RULE =
      ": expected a whole number of milliseconds from 1 to 315360000000";

  @Nested
  class Commands {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", " \t  \t"})
    void blankLine(String line) {
      assertThat(parse(line)).isInstanceOf(Command.Blank.class);
      assertThat(parse(line).kind()).isEqualTo(Command.Kind.BLANK);
    }

    @Test
    void create() {
      assertParsed("CREATE table", new Command.Create("table", 0));
      assertParsed("CREATE table REPLICAS 5", new Command.Create("table", 5));
      assertParsed("create table replicas 1", new Command.Create("table", 1));
      assertReply("CREATE table REPLICAS 0",
          "error invalid REPLICAS value '0': expected a whole number from 1 to 7");
      assertReply("CREATE table REPLICAS 8",
          "error invalid REPLICAS value '8': expected a whole number from 1 to 7");
      assertReply("CREATE table REPLICAS",
          "error wrong number of arguments for CREATE: usage CREATE <table> [REPLICAS <n>]");
      assertReply("CREATE table COPIES 3",
          "error wrong number of arguments for CREATE: usage CREATE <table> [REPLICAS <n>]");
    }

    @Test
    void get() {
      assertParsed("GET table key", new Command.Get("table", bytes("key")));
    }

    @Test
    void putNew() {
      assertParsed("PUTNEW table key more data",
          new Command.PutNew("table", bytes("key"), bytes("more data"), 0));
    }

    @Test
    void delete() {
      assertParsed("DELETE table key", new Command.Delete("table", bytes("key")));
    }

    @Test
    void drop() {
      assertParsed("DROP table", new Command.Drop("table"));
    }

    @Test
    void wordOnlyCommands() {
      assertThat(parse("TABLES")).isInstanceOf(Command.Tables.class);
      assertThat(parse("PING")).isInstanceOf(Command.Ping.class);
      assertThat(parse("QUIT")).isInstanceOf(Command.Quit.class);
    }

    @ParameterizedTest
    @CsvSource({
      "create t, CREATE", "Get t k, GET", "pUtNeW t k v, PUTNEW", "delete t k, DELETE",
      "drop t, DROP", "tables, TABLES", "Ping, PING", "quit, QUIT"
    })
    void commandWordsIgnoreAsciiCase(String line, Command.Kind kind) {
      assertThat(parse(line).kind()).isEqualTo(kind);
    }

    @Test
    void tablesAndKeysKeepTheirCase() {
      assertParsed("get Table Key", new Command.Get("Table", bytes("Key")));
    }

    @Test
    void caseFoldingIsAsciiOnly() {
      // U+0130 would upper-case to I under Unicode rules.
      assertReply("P\u0130NG", "unrecognized command P??NG");
    }

    @Test
    void tokensAreSeparatedByRunsOfSpacesAndTabs() {
      assertParsed(" \tGET \t table\t\t key \t", new Command.Get("table", bytes("key")));
      assertParsed("\tCREATE  t  ", new Command.Create("t", 0));
      assertThat(parse("  PING\t ")).isInstanceOf(Command.Ping.class);
    }

    @Test
    void tableReturnsTheTableOrNull() {
      assertThat(parse("CREATE a").table()).isEqualTo("a");
      assertThat(parse("GET b k").table()).isEqualTo("b");
      assertThat(parse("PUTNEW c k v").table()).isEqualTo("c");
      assertThat(parse("DELETE d k").table()).isEqualTo("d");
      assertThat(parse("DROP e").table()).isEqualTo("e");
      assertThat(parse("TABLES").table()).isNull();
      assertThat(parse("PING").table()).isNull();
      assertThat(parse("").table()).isNull();
      assertThat(parse("FROB x").table()).isNull();
    }

    @Test
    void tableNamesUseTheWholeAlphabet() {
      assertParsed("CREATE AZaz09_-.", new Command.Create("AZaz09_-.", 0));
      assertParsed("CREATE " + "t".repeat(64), new Command.Create("t".repeat(64), 0));
    }

    @Test
    void keysAreAnyBytesButBlanksCrAndLf() {
      byte[] key = {'k', 0, 1, (byte) 0x80, (byte) 0xFF, '"', '\'', '/'};
      assertParsed(concat(bytes("GET t "), key), new Command.Get("t", key));
      assertParsed("GET t " + "k".repeat(256), new Command.Get("t", bytes("k".repeat(256))));
    }
  }

  @Nested
  class PutNewData {

    @Test
    void isTheRestOfTheLineAfterTheSingleBlankAfterTheKey() {
      assertData("PUTNEW t k  two leading", " two leading");
      assertData("PUTNEW t k a  b\t\tc   ", "a  b\t\tc   ");
      assertData("PUTNEW t k\tv", "v");
      assertData("PUTNEW t k \tv", "\tv");
      assertData("PUTNEW t k  ", " ");
    }

    @Test
    void mayFollowBlanksAroundTableAndKey() {
      assertData("PUTNEW \t t\t\t k v", "v");
    }

    @Test
    void keepsUtf8() {
      String data = "données été \u2603 \uD83D\uDE00";
      assertParsed("PUTNEW t cl\u00e9 " + data,
          new Command.PutNew("t", bytes("cl\u00e9"), bytes(data), 0));
    }

    @Test
    void keepsEveryByteButCrAndLf() {
      byte[] data = new byte[254];
      int i = 0;
      for (int b = 0; b < 256; b++) {
        if (b != '\r' && b != '\n') {
          data[i++] = (byte) b;
        }
      }
      assertParsed(
          concat(bytes("PUTNEW t k "), data), new Command.PutNew("t", bytes("k"), data, 0));
    }

    @Test
    void mayLookLikeACommand() {
      assertData("PUTNEW t k GET t k", "GET t k");
      assertData("PUTNEW t k EXPIRE", "EXPIRE");
    }

    @Test
    void rejectsCr() {
      assertReply("PUTNEW t k a\rb", "error invalid data: CR is not allowed inside a value");
      assertReply("PUTNEW t k ab\r", "error invalid data: CR is not allowed inside a value");
      assertReply("PUTNEW t k \r", "error invalid data: CR is not allowed inside a value");
    }

    @Test
    void isLimited() {
      CommandParser small = new CommandParser(new ParserLimits(8, 10, 8));
      assertThat(small.parse(line("PUTNEW t k " + "v".repeat(10))))
          .isInstanceOf(Command.PutNew.class);
      assertThat(small.parse(line("PUTNEW t k " + "v".repeat(11))))
          .isEqualTo(new Command.Invalid(Reply.error("value too long: 11 bytes, limit 10")));
      assertThat(small.parse(line("PUTNEW t k " + "v".repeat(10) + " EXPIRE 5")))
          .isInstanceOf(Command.PutNew.class);
    }
  }

  @Nested
  class Expire {

    @Test
    void setsTheTimeToLive() {
      assertParsed("PUTNEW table session abc123 EXPIRE 1500",
          new Command.PutNew("table", bytes("session"), bytes("abc123"), 1500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"expire", "Expire", "eXpIrE"})
    void isCaseInsensitive(String word) {
      assertTtl("PUTNEW t k v " + word + " 5", "v", 5);
    }

    @Test
    void takesTheBlanksBeforeItOutOfTheData() {
      assertTtl("PUTNEW t k a  b \t EXPIRE\t 7 ", "a  b", 7);
      assertTtl("PUTNEW t k a b EXPIRE 1", "a b", 1);
    }

    @Test
    void acceptsTenYearsAndLeadingZeros() {
      assertTtl("PUTNEW t k v EXPIRE 315360000000", "v", 315_360_000_000L);
      assertTtl("PUTNEW t k v EXPIRE 000100", "v", 100);
    }

    @ParameterizedTest
    @ValueSource(strings = {
      "0", "000", "-1", "+5", "1.5", "1e3", "soon", "315360000001", "9223372036854775808",
      "99999999999999999999999999999", "12a"
    })
    void rejectsAnythingButAWholeNumberInRange(String ms) {
      assertReply(
          "PUTNEW t k v EXPIRE " + ms, "error invalid EXPIRE value '" + ms + "'" + EXPIRE_RULE);
    }

    @Test
    void quotesAnInvalidValueSafelyAndShortly() {
      assertReply("PUTNEW t k v EXPIRE 5\r", "error invalid EXPIRE value '5?'" + EXPIRE_RULE);
      assertReply("PUTNEW t k v EXPIRE " + "9".repeat(100),
          "error invalid EXPIRE value '" + "9".repeat(64) + "'" + EXPIRE_RULE);
    }

    @Test
    void withoutDataBeforeItIsTheData() {
      assertData("PUTNEW t k EXPIRE 100", "EXPIRE 100");
      assertData("PUTNEW t k  EXPIRE 100", " EXPIRE 100");
      assertData("PUTNEW t k \t EXPIRE soon", "\t EXPIRE soon");
    }

    @Test
    void countsOnlyAsTheLastTwoWords() {
      assertData("PUTNEW t k v EXPIRE", "v EXPIRE");
      assertData("PUTNEW t k v EXPIRE 100 more", "v EXPIRE 100 more");
      assertData("PUTNEW t k v EXPIRES 100", "v EXPIRES 100");
      assertData("PUTNEW t k v xEXPIRE 100", "v xEXPIRE 100");
      assertData("PUTNEW t k v EXPIRE100", "v EXPIRE100");
    }
  }

  @Nested
  class Errors {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
      "GET table       | GET <table> <key>",
      "GET             | GET <table> <key>",
      "GET t k extra   | GET <table> <key>",
      "PUTNEW table key| PUTNEW <table> <key> <data> [EXPIRE <ms>]",
      "PUTNEW          | PUTNEW <table> <key> <data> [EXPIRE <ms>]",
      "PUTNEW t        | PUTNEW <table> <key> <data> [EXPIRE <ms>]",
      "CREATE          | CREATE <table> [REPLICAS <n>]",
      "CREATE a b      | CREATE <table> [REPLICAS <n>]",
      "DELETE table    | DELETE <table> <key>",
      "DELETE t k x    | DELETE <table> <key>",
      "DROP            | DROP <table>",
      "DROP a b        | DROP <table>",
      "TABLES x        | TABLES",
      "PING x          | PING",
      "QUIT now        | QUIT",
    })
    void wrongNumberOfArguments(String line, String usage) {
      String word = line.split(" ")[0];
      assertReply(line, "error wrong number of arguments for " + word + ": usage " + usage);
    }

    @Test
    void putNewWithoutData() {
      assertReply("PUTNEW t k ", PUTNEW_USAGE);
      assertReply("PUTNEW t k\t", PUTNEW_USAGE);
    }

    @Test
    void wrongArgumentsNameTheCommandInUpperCase() {
      assertReply("get t", "error wrong number of arguments for GET: usage GET <table> <key>");
    }

    @Test
    void invalidTableName() {
      assertReply("CREATE my/table", "error invalid table name 'my/table'" + TABLE_RULE);
      assertReply("GET my/table k", "error invalid table name 'my/table'" + TABLE_RULE);
      assertReply("PUTNEW a:b k v", "error invalid table name 'a:b'" + TABLE_RULE);
      assertReply("DELETE t\u00e9 k", "error invalid table name 't??'" + TABLE_RULE);
      assertReply("DROP a\rb", "error invalid table name 'a?b'" + TABLE_RULE);
    }

    @Test
    void tooLongTableNameIsQuotedShortly() {
      assertReply("CREATE " + "t".repeat(65),
          "error invalid table name '" + "t".repeat(64) + "'" + TABLE_RULE);
    }

    @Test
    void tableNameRuleFollowsTheLimit() {
      CommandParser small = new CommandParser(new ParserLimits(8, 8, 3));
      assertThat(small.parse(line("CREATE abcd"))).isEqualTo(new Command.Invalid(
          Reply.error("invalid table name 'abcd': use 1-3 characters from A-Z a-z 0-9 _ - .")));
    }

    @Test
    void keyTooLong() {
      String key = "k".repeat(300);
      assertReply("GET t " + key, "error key too long: 300 bytes, limit 256");
      assertReply("DELETE t " + key, "error key too long: 300 bytes, limit 256");
      assertReply("PUTNEW t " + key + " v", "error key too long: 300 bytes, limit 256");
      assertReply("GET t " + "k".repeat(257), "error key too long: 257 bytes, limit 256");
    }

    @Test
    void crInsideAKey() {
      assertReply("GET t a\rb", "error invalid key: CR is not allowed inside a key");
      assertReply("PUTNEW t k\r v", "error invalid key: CR is not allowed inside a key");
    }

    @Test
    void tableIsCheckedBeforeKeyAndKeyBeforeExpireAndData() {
      String longKey = "k".repeat(300);
      assertReply("GET my/table " + longKey, "error invalid table name 'my/table'" + TABLE_RULE);
      assertReply(
          "PUTNEW my/table " + longKey + " v", "error invalid table name 'my/table'" + TABLE_RULE);
      assertReply(
          "PUTNEW t " + longKey + " a\rb EXPIRE x", "error key too long: 300 bytes, limit 256");
      assertReply("PUTNEW t k a\rb EXPIRE x", "error invalid EXPIRE value 'x'" + EXPIRE_RULE);
    }

    @Test
    void lineTooLong() {
      assertThat(PARSER.parse(RequestLine.tooLong(1048576)))
          .isEqualTo(new Command.Invalid(Reply.error("line too long: limit 1048576 bytes")));
    }

    @Test
    void unrecognizedCommand() {
      assertReply("FROB table", "unrecognized command FROB");
      assertReply("GETX t k", "unrecognized command GETX");
      assertReply("  frob", "unrecognized command frob");
      assertReply("\rGET t k", "unrecognized command ?GET");
    }

    @Test
    void unrecognizedCommandShowsNonPrintableBytesAsQuestionMarks() {
      byte[] line = {'F', 0, (byte) 0xFF, 0x7F, 'B', ' ', 'x'};
      assertReply(line, "unrecognized command F???B");
      assertReply("G\u00c9T t k", "unrecognized command G??T");
    }

    @Test
    void unrecognizedCommandIsCutAt64Characters() {
      assertReply("X".repeat(100) + " t", "unrecognized command " + "X".repeat(64));
    }
  }

  private static Command parse(String line) {
    return PARSER.parse(line(line));
  }

  private static void assertParsed(String line, Command expected) {
    assertParsed(bytes(line), expected);
  }

  private static void assertParsed(byte[] line, Command expected) {
    assertThat(PARSER.parse(RequestLine.of(line))).usingRecursiveComparison().isEqualTo(expected);
  }

  private static void assertData(String line, String data) {
    assertTtl(line, data, 0);
  }

  private static void assertTtl(String line, String data, long ttl) {
    Command command = parse(line);
    assertThat(command).isInstanceOf(Command.PutNew.class);
    Command.PutNew put = (Command.PutNew) command;
    assertThat(new String(put.value(), UTF_8)).isEqualTo(data);
    assertThat(put.ttlMillis()).isEqualTo(ttl);
  }

  private static void assertReply(String line, String reply) {
    assertReply(bytes(line), reply);
  }

  private static void assertReply(byte[] line, String reply) {
    Command command = PARSER.parse(RequestLine.of(line));
    assertThat(command).isInstanceOf(Command.Invalid.class);
    Reply actual = ((Command.Invalid) command).reply();
    assertThat(actual).hasToString(reply);
    assertThat(actual.isError()).isTrue();
    assertThat(command.kind()).isEqualTo(Command.Kind.INVALID);
  }

  private static RequestLine line(String text) {
    return RequestLine.of(bytes(text));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
