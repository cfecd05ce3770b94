package io.winter.command;

/** One parsed request line: a command to carry out, or an {@link Invalid} one answered at once. */
public sealed interface Command {

  /** What a command is; the command kinds are named exactly like their (upper-case) words. */
  enum Kind { BLANK, CREATE, GET, PUTNEW, DELETE, DROP, TABLES, PING, QUIT, INVALID }

  Kind kind();

  /** The table the command acts on, or null for a command without one. */
  default String table() {
    return null;
  }

  /** An empty or whitespace-only line, answered with a blank line. */
  record Blank() implements Command {
    @Override
    public Kind kind() {
      return Kind.BLANK;
    }
  }

  /** {@code CREATE table [REPLICAS n]}; {@code replicas} is 0 for the node's default. */
  record Create(String table, int replicas) implements Command {
    @Override
    public Kind kind() {
      return Kind.CREATE;
    }
  }

  /** {@code GET table key}. */
  record Get(String table, byte[] key) implements Command {
    @Override
    public Kind kind() {
      return Kind.GET;
    }
  }

  /** {@code PUTNEW table key data [EXPIRE ms]}; {@code ttlMillis} is 0 for no expiry. */
  record PutNew(String table, byte[] key, byte[] value, long ttlMillis) implements Command {
    @Override
    public Kind kind() {
      return Kind.PUTNEW;
    }
  }

  /** {@code DELETE table key}. */
  record Delete(String table, byte[] key) implements Command {
    @Override
    public Kind kind() {
      return Kind.DELETE;
    }
  }

  /** {@code DROP table}. */
  record Drop(String table) implements Command {
    @Override
    public Kind kind() {
      return Kind.DROP;
    }
  }

  /** {@code TABLES}. */
  record Tables() implements Command {
    @Override
    public Kind kind() {
      return Kind.TABLES;
    }
  }

  /** {@code PING}. */
  record Ping() implements Command {
    @Override
    public Kind kind() {
      return Kind.PING;
    }
  }

  /** {@code QUIT}. */
  record Quit() implements Command {
    @Override
    public Kind kind() {
      return Kind.QUIT;
    }
  }

  /** A line the parser rejected, with the reply that says why. */
  record Invalid(Reply reply) implements Command {
    @Override
    public Kind kind() {
      return Kind.INVALID;
    }
  }
}
