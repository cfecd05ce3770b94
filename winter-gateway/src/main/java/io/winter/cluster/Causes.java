package io.winter.cluster;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Finds the exception that matters inside the wrappers of futures and Ratis retries. */
public final class Causes {
  private Causes() {}

  /** Strips CompletionException and ExecutionException wrappers. */
  public static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** Whether e or any of its causes is of the given type. */
  public static boolean has(Throwable e, Class<? extends Throwable> type) {
    return find(e, type) != null;
  }

  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
