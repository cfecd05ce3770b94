package io.winter.e2e;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * For the Winter end-to-end tests: when a test (or a lifecycle method) fails, prints the log tail
 * of every node the test class started and keeps a copy of the logs under
 * {@code target/e2e-logs/<class>/}; after the class, kills every node it started, whatever the
 * test code did.
 */
public final class WinterLogsOnFailure
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler,
        LifecycleMethodExecutionExceptionHandler {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(WinterLogsOnFailure.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    store(context).put("before", WinterProcess.all());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(NS).put("beforeTest", WinterProcess.all());
  }

  /** Nodes a test started and stopped are of no interest to later tests' failure reports. */
  @Override
  @SuppressWarnings("unchecked")
  public void afterEach(ExtensionContext context) {
    List<WinterProcess> before = (List<WinterProcess>) context.getStore(NS).get("beforeTest");
    for (WinterProcess p : WinterProcess.all()) {
      if (before != null && !before.contains(p) && !p.isAlive()) {
        WinterProcess.forget(p);
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (WinterProcess p : startedByClass(context)) {
      p.close();
      WinterProcess.forget(p);
    }
  }

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    dump(context, t);
    throw t;
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    dump(context, t);
    throw t;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    dump(context, t);
    throw t;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    dump(context, t);
    throw t;
  }

  @Override
  public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
    dump(context, t);
    throw t;
  }

  private void dump(ExtensionContext context, Throwable t) {
    String test = context.getDisplayName();
    Path keep = WinterProcess.repoRoot().resolve("winter-gateway").resolve("target").resolve("e2e-logs")
        .resolve(context.getRequiredTestClass().getSimpleName());
    StringBuilder sb = new StringBuilder();
    sb.append("\n######## ").append(context.getRequiredTestClass().getSimpleName()).append(" / ")
        .append(test).append(" failed: ").append(t).append('\n');
    for (WinterProcess p : startedByClass(context)) {
      sb.append(p.describe(80));
      p.copyLogsTo(keep);
    }
    sb.append("######## full logs kept in ").append(keep).append('\n');
    System.err.println(sb);
  }

  @SuppressWarnings("unchecked")
  private static List<WinterProcess> startedByClass(ExtensionContext context) {
    ExtensionContext classContext = context;
    while (classContext.getParent().isPresent()
        && classContext.getParent().get().getTestClass().isPresent()) {
      classContext = classContext.getParent().get();
    }
    List<WinterProcess> before = (List<WinterProcess>) classContext.getStore(NS).get("before");
    List<WinterProcess> now = new java.util.ArrayList<>(WinterProcess.all());
    if (before != null) {
      now.removeAll(before);
    }
    return now;
  }

  private static ExtensionContext.Store store(ExtensionContext context) {
    return context.getStore(NS);
  }
}
