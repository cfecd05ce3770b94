package io.winter.chaos;

/** Command-line entry of the chaos suite: {@code bin/winter-chaos --minutes N}. */
public final class ChaosMain {
  private ChaosMain() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("the chaos runner is being written");
  }
}
