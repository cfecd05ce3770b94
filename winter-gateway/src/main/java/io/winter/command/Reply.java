package io.winter.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** One immutable reply line of the protocol, without its CRLF; every reply text lives here. */
public final class Reply {

  /** How many of a client's bytes an error reply quotes at most. */
  public static final int MAX_QUOTED_BYTES = 64;

  public static final Reply CREATED = text("created");
  public static final Reply ALREADY_CREATED = text("already created");
  public static final Reply OK = text("ok");
  public static final Reply NIL = text("nil");
  public static final Reply MISSING_TABLE = text("missing table");
  public static final Reply DROPPED = text("dropped");
  public static final Reply PONG = text("pong");
  public static final Reply BYE = text("bye");
  public static final Reply BLANK = text("");

  private static final Reply CR_IN_DATA =
      error("invalid data: CR is not allowed inside a value");
  private static final Reply CR_IN_KEY = error("invalid key: CR is not allowed inside a key");

  private final byte[] bytes;
  private final boolean error;

  private Reply(byte[] bytes, boolean error) {
    this.bytes = bytes;
    this.error = error;
  }

  private static Reply text(String text) {
    return new Reply(text.getBytes(StandardCharsets.UTF_8), false);
  }

  /** A stored value; the array is taken over, not copied, and must not change afterwards. */
  public static Reply value(byte[] value) {
    return new Reply(Objects.requireNonNull(value, "value"), false);
  }

  /** The table names, which the caller has sorted by byte value; a blank line for none. */
  public static Reply tables(List<String> sortedNames) {
    return sortedNames.isEmpty() ? BLANK : text(String.join(" ", sortedNames));
  }

  /** {@code error <reason>}: the general form of every failure but an unknown command. */
  public static Reply error(String reason) {
    return new Reply(("error " + reason).getBytes(StandardCharsets.UTF_8), true);
  }

  /** The original Winter's reply to an unknown command word. */
  public static Reply unrecognized(byte[] word) {
    return new Reply(("unrecognized command " + quote(word)).getBytes(StandardCharsets.US_ASCII),
        true);
  }

  /** A command with too few or too many arguments; names the command and its usage. */
  public static Reply wrongArguments(Command.Kind kind) {
    return error("wrong number of arguments for " + kind + ": usage " + usage(kind));
  }

  public static Reply invalidReplicas(byte[] text, int max) {
    return error("invalid REPLICAS value '" + quote(text) + "': expected a whole number from 1 to "
        + max);
  }

  public static Reply lineTooLong(int limit) {
    return error("line too long: limit " + limit + " bytes");
  }

  public static Reply keyTooLong(int length, int limit) {
    return error("key too long: " + length + " bytes, limit " + limit);
  }

  public static Reply valueTooLong(int length, int limit) {
    return error("value too long: " + length + " bytes, limit " + limit);
  }

  public static Reply invalidTableName(byte[] name, int limit) {
    return error("invalid table name '" + quote(name) + "': use 1-" + limit
        + " characters from A-Z a-z 0-9 _ - .");
  }

  public static Reply invalidExpire(byte[] text, long max) {
    return error("invalid EXPIRE value '" + quote(text)
        + "': expected a whole number of milliseconds from 1 to " + max);
  }

  public static Reply crInData() {
    return CR_IN_DATA;
  }

  public static Reply crInKey() {
    return CR_IN_KEY;
  }

  /** True for a reply reporting a failure, as opposed to a result (even one that looks like it). */
  public boolean isError() {
    return error;
  }

  /** The number of bytes of the line, without CRLF. */
  public int length() {
    return bytes.length;
  }

  /** A read-only view of the line's bytes, without CRLF. */
  public ByteBuffer content() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** A copy of the line's bytes, without CRLF. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reply other && error == other.error && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes) * 31 + Boolean.hashCode(error);
  }

  /** The line as UTF-8 text, for tests and logs. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String usage(Command.Kind kind) {
    return switch (kind) {
      case CREATE -> "CREATE <table> [REPLICAS <n>]";
      case GET -> "GET <table> <key>";
      case PUTNEW -> "PUTNEW <table> <key> <data> [EXPIRE <ms>]";
      case DELETE -> "DELETE <table> <key>";
      case DROP -> "DROP <table>";
      case TABLES -> "TABLES";
      case PING -> "PING";
      case QUIT -> "QUIT";
      case BLANK, INVALID -> throw new IllegalArgumentException("not a command word: " + kind);
    };
  }

  /** Client bytes made safe to echo: printable ASCII kept, anything else shown as '?'. */
  private static String quote(byte[] raw) {
    int n = Math.min(raw.length, MAX_QUOTED_BYTES);
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int b = raw[i] & 0xFF;
      sb.append(b >= 0x20 && b < 0x7F ? (char) b : '?');
    }
    return sb.toString();
  }
}
