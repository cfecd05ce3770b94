package io.winter.gateway;

import io.winter.command.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps one connection's commands to one table in request order: a read starts after the
 * connection's earlier writes to the table are applied, and a write is sent after its earlier
 * reads have answered and its earlier writes have been sent. Reads run alongside each other,
 * and writes follow each other without waiting, because the table's Raft client applies them in
 * the order they are sent. Used only on the connection's event loop.
 */
final class TableOrder {
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private CompletableFuture<?> writesApplied = DONE;
  private CompletableFuture<?> lastWriteSent = DONE;
  private final List<CompletableFuture<?>> readsSinceWrite = new ArrayList<>();

  CompletableFuture<Reply> read(Supplier<CompletableFuture<Reply>> run) {
    CompletableFuture<Reply> reply = writesApplied.isDone()
        ? run.get()
        : writesApplied.handle((r, e) -> null).thenCompose(v -> run.get());
    readsSinceWrite.add(reply);
    return reply;
  }

  CompletableFuture<Reply> write(Supplier<CompletableFuture<Reply>> run) {
    readsSinceWrite.removeIf(CompletableFuture::isDone);
    CompletableFuture<Reply> reply;
    if (readsSinceWrite.isEmpty() && lastWriteSent.isDone()) {
      reply = run.get();
      lastWriteSent = DONE;
    } else {
      List<CompletableFuture<?>> before = new ArrayList<>(readsSinceWrite);
      before.add(lastWriteSent);
      CompletableFuture<Void> sent = new CompletableFuture<>();
      reply = CompletableFuture.allOf(before.toArray(CompletableFuture[]::new))
          .handle((r, e) -> null)
          .thenCompose(v -> {
            try {
              return run.get();
            } finally {
              sent.complete(null);
            }
          });
      lastWriteSent = sent;
    }
    readsSinceWrite.clear();
    writesApplied = reply;
    return reply;
  }
}
