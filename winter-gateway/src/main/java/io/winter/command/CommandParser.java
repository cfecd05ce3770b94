package io.winter.command;

import io.winter.codec.RequestLine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/** Turns a request line into a {@link Command} as docs/protocol.md specifies; never throws. */
public final class CommandParser {

  /** Ten years, the longest EXPIRE the protocol accepts. */
  public static final long MAX_EXPIRE_MILLIS = 315_360_000_000L;

  private static final Command BLANK = new Command.Blank();
  private static final Command TABLES = new Command.Tables();
  private static final Command PING = new Command.Ping();
  private static final Command QUIT = new Command.Quit();

  private static final Command.Kind[] WORD_KINDS = {
    Command.Kind.CREATE, Command.Kind.GET, Command.Kind.PUTNEW, Command.Kind.DELETE,
    Command.Kind.DROP, Command.Kind.TABLES, Command.Kind.PING, Command.Kind.QUIT,
  };
  private static final byte[][] WORDS = Arrays.stream(WORD_KINDS)
      .map(kind -> kind.name().getBytes(StandardCharsets.US_ASCII))
      .toArray(byte[][]::new);
  private static final byte[] EXPIRE = "EXPIRE".getBytes(StandardCharsets.US_ASCII);

  /** The most words any command other than PUTNEW takes after its command word. */
  private static final int MAX_ARGS = 3;
  /** Most replicas a CREATE may ask for. */
  public static final int MAX_REPLICAS = 7;
  private static final byte[] REPLICAS = "REPLICAS".getBytes(StandardCharsets.US_ASCII);

  private final ParserLimits limits;

  public CommandParser(ParserLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The command the line asks for, or {@link Command.Invalid} with the reply saying why not. */
  public Command parse(RequestLine line) {
    if (line.isTooLong()) {
      return invalid(Reply.lineTooLong(line.tooLongLimit()));
    }
    byte[] b = line.bytes();
    int wordStart = skipBlanks(b, 0);
    if (wordStart == b.length) {
      return BLANK;
    }
    int wordEnd = skipWord(b, wordStart);
    Command.Kind kind = kindOf(b, wordStart, wordEnd);
    if (kind == null) {
      return invalid(Reply.unrecognized(quoted(b, wordStart, wordEnd)));
    }
    return kind == Command.Kind.PUTNEW ? parsePutNew(b, wordEnd) : parseWords(kind, b, wordEnd);
  }

  /** Commands made only of whitespace-separated words. */
  private Command parseWords(Command.Kind kind, byte[] b, int from) {
    int[] bounds = new int[2 * (MAX_ARGS + 1)];
    int count = 0;
    int pos = skipBlanks(b, from);
    while (pos < b.length && count <= MAX_ARGS) {
      int end = skipWord(b, pos);
      bounds[2 * count] = pos;
      bounds[2 * count + 1] = end;
      count++;
      pos = skipBlanks(b, end);
    }
    boolean createWithReplicas = kind == Command.Kind.CREATE && count == 3
        && equalsIgnoreCase(b, bounds[2], bounds[3], REPLICAS);
    if (pos < b.length || (count != arity(kind) && !createWithReplicas)) {
      return invalid(Reply.wrongArguments(kind));
    }
    if (createWithReplicas) {
      return createWithReplicas(b, bounds);
    }
    return switch (kind) {
      case TABLES -> TABLES;
      case PING -> PING;
      case QUIT -> QUIT;
      default -> tableCommand(kind, b, bounds);
    };
  }

  /** CREATE, DROP, GET and DELETE, once they have the right number of words. */
  private Command tableCommand(Command.Kind kind, byte[] b, int[] bounds) {
    boolean hasKey = arity(kind) == 2;
    Reply error = tableError(b, bounds[0], bounds[1]);
    if (error == null && hasKey) {
      error = keyError(b, bounds[2], bounds[3]);
    }
    if (error != null) {
      return invalid(error);
    }
    String table = ascii(b, bounds[0], bounds[1]);
    byte[] key = hasKey ? Arrays.copyOfRange(b, bounds[2], bounds[3]) : null;
    return switch (kind) {
      case CREATE -> new Command.Create(table, 0);
      case DROP -> new Command.Drop(table);
      case GET -> new Command.Get(table, key);
      case DELETE -> new Command.Delete(table, key);
      default -> throw new AssertionError(kind);
    };
  }

  /** {@code CREATE table REPLICAS n}. */
  private Command createWithReplicas(byte[] b, int[] bounds) {
    Reply error = tableError(b, bounds[0], bounds[1]);
    if (error != null) {
      return invalid(error);
    }
    long replicas = parseMillis(b, bounds[4], bounds[5]);
    if (replicas < 1 || replicas > MAX_REPLICAS) {
      return invalid(Reply.invalidReplicas(quoted(b, bounds[4], bounds[5]), MAX_REPLICAS));
    }
    return new Command.Create(ascii(b, bounds[0], bounds[1]), (int) replicas);
  }

  private static int arity(Command.Kind kind) {
    return switch (kind) {
      case CREATE, DROP -> 1;
      case GET, DELETE -> 2;
      default -> 0;
    };
  }

  /** PUTNEW's data is raw bytes up to the end of the line, less an optional EXPIRE suffix. */
  private Command parsePutNew(byte[] b, int from) {
    int n = b.length;
    int tableStart = skipBlanks(b, from);
    int tableEnd = skipWord(b, tableStart);
    int keyStart = skipBlanks(b, tableEnd);
    int keyEnd = skipWord(b, keyStart);
    // Exactly one blank separates the key from the data; further blanks belong to the data.
    int dataStart = keyEnd + 1;
    if (keyStart == n || dataStart >= n) {
      return invalid(Reply.wrongArguments(Command.Kind.PUTNEW));
    }

    // EXPIRE and its value are words like any other, so the blanks around them (even trailing
    // ones) are separators, not data.
    int dataEnd = n;
    int msStart = -1;
    int msEnd = -1;
    int lastEnd = skipBlanksBack(b, n, dataStart);
    int lastStart = skipWordBack(b, lastEnd, dataStart);
    int expireEnd = skipBlanksBack(b, lastStart, dataStart);
    if (expireEnd < lastStart) {
      int expireStart = skipWordBack(b, expireEnd, dataStart);
      int beforeExpire = skipBlanksBack(b, expireStart, dataStart);
      // Without data before it, "EXPIRE <n>" is the data itself, as protocol.md says.
      if (beforeExpire > dataStart && equalsIgnoreCase(b, expireStart, expireEnd, EXPIRE)) {
        dataEnd = beforeExpire;
        msStart = lastStart;
        msEnd = lastEnd;
      }
    }

    Reply error = tableError(b, tableStart, tableEnd);
    if (error == null) {
      error = keyError(b, keyStart, keyEnd);
    }
    long ttl = 0;
    if (error == null && msStart >= 0) {
      ttl = parseMillis(b, msStart, msEnd);
      if (ttl < 0) {
        error = Reply.invalidExpire(quoted(b, msStart, msEnd), MAX_EXPIRE_MILLIS);
      }
    }
    if (error == null) {
      error = dataError(b, dataStart, dataEnd);
    }
    if (error != null) {
      return invalid(error);
    }
    return new Command.PutNew(
        ascii(b, tableStart, tableEnd),
        Arrays.copyOfRange(b, keyStart, keyEnd),
        Arrays.copyOfRange(b, dataStart, dataEnd),
        ttl);
  }

  private Reply tableError(byte[] b, int start, int end) {
    int length = end - start;
    boolean valid = length >= 1 && length <= limits.maxTableNameBytes();
    for (int i = start; valid && i < end; i++) {
      valid = isTableChar(b[i]);
    }
    return valid
        ? null
        : Reply.invalidTableName(quoted(b, start, end), limits.maxTableNameBytes());
  }

  private Reply keyError(byte[] b, int start, int end) {
    if (end - start > limits.maxKeyBytes()) {
      return Reply.keyTooLong(end - start, limits.maxKeyBytes());
    }
    return indexOfCr(b, start, end) >= 0 ? Reply.crInKey() : null;
  }

  private Reply dataError(byte[] b, int start, int end) {
    if (end - start > limits.maxValueBytes()) {
      return Reply.valueTooLong(end - start, limits.maxValueBytes());
    }
    return indexOfCr(b, start, end) >= 0 ? Reply.crInData() : null;
  }

  /** The milliseconds the bytes spell, or -1 unless they are a whole number in range. */
  private static long parseMillis(byte[] b, int start, int end) {
    long value = 0;
    for (int i = start; i < end; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
      if (value > MAX_EXPIRE_MILLIS) {
        return -1;
      }
    }
    return value == 0 ? -1 : value;
  }

  private static Command.Kind kindOf(byte[] b, int start, int end) {
    for (int i = 0; i < WORDS.length; i++) {
      if (equalsIgnoreCase(b, start, end, WORDS[i])) {
        return WORD_KINDS[i];
      }
    }
    return null;
  }

  /** ASCII-only case folding: a command word is never matched through a non-ASCII byte. */
  private static boolean equalsIgnoreCase(byte[] b, int start, int end, byte[] upper) {
    if (end - start != upper.length) {
      return false;
    }
    for (int i = 0; i < upper.length; i++) {
      int c = b[start + i];
      if (c >= 'a' && c <= 'z') {
        c -= 'a' - 'A';
      }
      if (c != upper[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isTableChar(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '-' || c == '.';
  }

  private static int skipBlanks(byte[] b, int pos) {
    while (pos < b.length && isBlank(b[pos])) {
      pos++;
    }
    return pos;
  }

  private static int skipWord(byte[] b, int pos) {
    while (pos < b.length && !isBlank(b[pos])) {
      pos++;
    }
    return pos;
  }

  private static int skipBlanksBack(byte[] b, int pos, int floor) {
    while (pos > floor && isBlank(b[pos - 1])) {
      pos--;
    }
    return pos;
  }

  private static int skipWordBack(byte[] b, int pos, int floor) {
    while (pos > floor && !isBlank(b[pos - 1])) {
      pos--;
    }
    return pos;
  }

  private static int indexOfCr(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] == '\r') {
        return i;
      }
    }
    return -1;
  }

  private static String ascii(byte[] b, int start, int end) {
    return new String(b, start, end - start, StandardCharsets.US_ASCII);
  }

  /** The part of a word an error reply can quote: copying more of a long word would be waste. */
  private static byte[] quoted(byte[] b, int start, int end) {
    return Arrays.copyOfRange(b, start, Math.min(end, start + Reply.MAX_QUOTED_BYTES));
  }

  private static Command invalid(Reply reply) {
    return new Command.Invalid(reply);
  }
}
