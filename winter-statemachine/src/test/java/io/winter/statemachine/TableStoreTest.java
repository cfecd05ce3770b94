package io.winter.statemachine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableStoreTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final HexFormat HEX = HexFormat.of();

  private final TableStore store = new TableStore();

  @Test
  void putNewKeepsTheFirstLiveValue() {
    assertThat(store.putNew(b("k"), b("first"), 0, T0)).isTrue();
    assertThat(store.putNew(b("k"), b("second"), 0, T0 + 1)).isFalse();
    assertThat(store.putNew(b("k"), b("third"), T0 + 100, T0 + 2)).isFalse();

    assertThat(store.get(b("k"), T0 + 10)).isEqualTo(b("first"));
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.bytes()).isEqualTo("k".length() + "first".length());
  }

  @Test
  void putNewKeepsALiveValueWithAFutureDeadline() {
    store.putNew(b("k"), b("first"), T0 + 100, T0);

    assertThat(store.putNew(b("k"), b("second"), 0, T0 + 99)).isFalse();
    assertThat(store.get(b("k"), T0 + 99)).isEqualTo(b("first"));
  }

  @Test
  void anExpiredValueIsReplacedByALaterPut() {
    store.putNew(b("k"), b("old"), T0 + 100, T0);

    // The deadline is reached exactly at the later entry's stamp: the value is dead.
    assertThat(store.putNew(b("k"), b("newer"), 0, T0 + 100)).isTrue();

    assertThat(store.get(b("k"), T0 + 100)).isEqualTo(b("newer"));
    assertThat(store.get(b("k"), T0 + 1_000_000)).isEqualTo(b("newer"));
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.bytes()).isEqualTo("k".length() + "newer".length());
  }

  @Test
  void deleteRemovesTheKeyAndItsBytes() {
    store.putNew(b("a"), b("12345"), 0, T0);
    store.putNew(b("bb"), b("xyz"), 0, T0);

    assertThat(store.delete(b("a"), T0 + 1)).isTrue();
    assertThat(store.delete(b("a"), T0 + 2)).isFalse();
    assertThat(store.delete(b("never"), T0 + 3)).isFalse();

    assertThat(store.get(b("a"), T0 + 3)).isNull();
    assertThat(store.get(b("bb"), T0 + 3)).isEqualTo(b("xyz"));
    assertThat(store.size()).isEqualTo(1);
    assertThat(store.bytes()).isEqualTo(5);
    assertThat(store.putNew(b("a"), b("again"), 0, T0 + 4)).isTrue();
  }

  @Test
  void deleteRemovesAnExpiredButUnsweptKey() {
    store.putNew(b("k"), b("v"), T0 + 10, T0);

    assertThat(store.delete(b("k"), T0 + 20)).isTrue();
    assertThat(store.size()).isZero();
    assertThat(store.bytes()).isZero();
  }

  @Test
  void sweepRemovesExactlyTheKeysWhoseDeadlineIsAtOrBeforeTheStamp() {
    store.putNew(b("before"), b("1"), T0 + 50, T0);
    store.putNew(b("at"), b("22"), T0 + 100, T0);
    store.putNew(b("after"), b("333"), T0 + 101, T0);
    store.putNew(b("never"), b("4444"), 0, T0);

    assertThat(store.hasExpiredAt(T0 + 49)).isFalse();
    assertThat(store.hasExpiredAt(T0 + 50)).isTrue();

    assertThat(store.sweep(T0 + 100)).isEqualTo(2);

    assertThat(keysOf(store)).containsExactly("after", "never");
    assertThat(store.size()).isEqualTo(2);
    assertThat(store.bytes()).isEqualTo("after".length() + 3 + "never".length() + 4);
    assertThat(store.hasExpiredAt(T0 + 100)).isFalse();
    assertThat(store.hasExpiredAt(T0 + 101)).isTrue();

    assertThat(store.sweep(T0 + 100)).isZero();
    assertThat(store.sweep(T0 + 101)).isEqualTo(1);
    assertThat(keysOf(store)).containsExactly("never");
    assertThat(store.bytes()).isEqualTo("never".length() + 4);
    assertThat(store.hasExpiredAt(Long.MAX_VALUE - 1)).isFalse();
    assertThat(store.sweep(Long.MAX_VALUE - 1)).isZero();
  }

  @Test
  void sweepOfAnEmptyStoreRemovesNothing() {
    assertThat(store.sweep(T0)).isZero();
    assertThat(store.clockMillis()).isEqualTo(T0);
  }

  @Test
  void sweepAfterAnExpiredKeyWasReplacedKeepsTheNewValue() {
    store.putNew(b("k"), b("old"), T0 + 10, T0);
    store.putNew(b("k"), b("new"), 0, T0 + 20);

    assertThat(store.sweep(T0 + 30)).isZero();
    assertThat(store.get(b("k"), T0 + 30)).isEqualTo(b("new"));
    assertThat(store.bytes()).isEqualTo(1 + 3);
  }

  @Test
  void theLogClockNeverGoesBackwards() {
    assertThat(store.advanceClock(T0 + 100)).isEqualTo(T0 + 100);
    assertThat(store.advanceClock(T0)).isEqualTo(T0 + 100);
    assertThat(store.clockMillis()).isEqualTo(T0 + 100);

    store.putNew(b("k"), b("v"), T0 + 50, T0 + 10);
    assertThat(store.clockMillis()).isEqualTo(T0 + 100);
  }

  @Test
  void aLaterEntryWithAnOlderStampUsesTheNewerClock() {
    store.putNew(b("k"), b("old"), T0 + 100, T0);
    store.advanceClock(T0 + 200);

    // Stamped before the deadline, but applied after an entry stamped past it.
    assertThat(store.putNew(b("k"), b("new"), 0, T0 + 50)).isTrue();
    assertThat(store.get(b("k"), 0)).isEqualTo(b("new"));

    store.putNew(b("e"), b("v"), T0 + 150, T0);
    assertThat(store.sweep(T0 + 10)).isEqualTo(1);
    assertThat(store.get(b("e"), 0)).isNull();
    assertThat(store.clockMillis()).isEqualTo(T0 + 200);
  }

  @Test
  void getHidesAKeyWhoseDeadlinePassedAtTheWallClockBeforeASweep() {
    store.putNew(b("k"), b("v"), T0 + 100, T0);

    assertThat(store.get(b("k"), T0 + 99)).isEqualTo(b("v"));
    assertThat(store.get(b("k"), T0 + 100)).isNull();
    assertThat(store.get(b("k"), T0 + 5000)).isNull();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void getNeverReadsEarlierThanTheLogClock() {
    store.putNew(b("k"), b("v"), T0 + 100, T0);
    store.advanceClock(T0 + 100);

    assertThat(store.get(b("k"), T0)).isNull();
  }

  @Test
  void getOfAMissingKeyIsNull() {
    assertThat(store.get(b("nothing"), T0)).isNull();
  }

  @Test
  void copyEntriesAndReplaceWithRoundTrip() {
    store.putNew(b("a"), b("1"), 0, T0);
    store.putNew(b("b"), b("22"), T0 + 500, T0 + 1);
    store.putNew(b("c"), b("333"), T0 + 10, T0 + 2);
    store.advanceClock(T0 + 5);

    TableStore copy = new TableStore();
    copy.putNew(b("leftover"), b("x"), 0, 1);
    copy.replaceWith(store.copyEntries(), store.clockMillis());

    assertThat(sorted(copy.copyEntries())).isEqualTo(sorted(store.copyEntries()));
    assertThat(copy.clockMillis()).isEqualTo(T0 + 5);
    assertThat(copy.size()).isEqualTo(3);
    assertThat(copy.bytes()).isEqualTo(store.bytes()).isEqualTo(3 + 1 + 2 + 3);
    assertThat(copy.get(b("leftover"), T0)).isNull();
    assertThat(copy.hasExpiredAt(T0 + 10)).isTrue();
    assertThat(copy.sweep(T0 + 10)).isEqualTo(1);
    assertThat(keysOf(copy)).containsExactly("a", "b");
  }

  @Test
  void copyEntriesIsAPointInTimeCopy() {
    store.putNew(b("a"), b("1"), 0, T0);
    List<TableStore.Entry> copy = store.copyEntries();

    store.putNew(b("b"), b("2"), 0, T0);
    store.delete(b("a"), T0);

    assertThat(copy).extracting(e -> e.key().toString()).containsExactly("a");
  }

  @Test
  void replaceWithNothingEmptiesTheStore() {
    store.putNew(b("a"), b("1"), T0 + 1, T0);

    store.replaceWith(List.of(), 7);

    assertThat(store.size()).isZero();
    assertThat(store.bytes()).isZero();
    assertThat(store.clockMillis()).isEqualTo(7);
    assertThat(store.hasExpiredAt(Long.MAX_VALUE - 1)).isFalse();
  }

  @Test
  void keysAndValuesAreByteExact() {
    byte[] binaryKey = {0, (byte) 0xFF, (byte) 0x80, 'k', 0};
    byte[] binaryValue = {(byte) 0xC3, 0, ' ', '\t', (byte) 0xFE, (byte) 0xFF};
    byte[] utf8Key = "clé-ключ-鍵".getBytes(UTF_8);
    byte[] utf8Value = "valeur: été ☃ 雪".getBytes(UTF_8);

    store.putNew(binaryKey, binaryValue, 0, T0);
    store.putNew(utf8Key, utf8Value, 0, T0);

    assertThat(store.get(binaryKey.clone(), T0)).containsExactly(binaryValue);
    assertThat(store.get(utf8Key.clone(), T0)).containsExactly(utf8Value);
    assertThat(store.get(new byte[] {0, (byte) 0xFF, (byte) 0x80, 'k'}, T0)).isNull();
    assertThat(store.get("CLÉ-ключ-鍵".getBytes(UTF_8), T0)).isNull();
    assertThat(store.bytes())
        .isEqualTo(binaryKey.length + binaryValue.length + utf8Key.length + utf8Value.length);
  }

  @Test
  void keysDifferingInOneByteAreDistinct() {
    store.putNew(b("key1"), b("one"), 0, T0);
    store.putNew(b("key2"), b("two"), 0, T0);
    store.putNew(b("Key1"), b("three"), 0, T0);

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.get(b("key1"), T0)).isEqualTo(b("one"));
    assertThat(store.get(b("key2"), T0)).isEqualTo(b("two"));
    assertThat(store.get(b("Key1"), T0)).isEqualTo(b("three"));
  }

  @Test
  void anEmptyKeyIsAKeyLikeAnyOther() {
    assertThat(store.putNew(new byte[0], b("v"), 0, T0)).isTrue();
    assertThat(store.get(new byte[0], T0)).isEqualTo(b("v"));
  }

  private static byte[] b(String text) {
    return text.getBytes(UTF_8);
  }

  private static List<String> keysOf(TableStore store) {
    return store.copyEntries().stream().map(e -> e.key().toString()).sorted().toList();
  }

  /** Entries as comparable text: key bytes, value bytes and deadline, sorted by key. */
  static List<String> sorted(List<TableStore.Entry> entries) {
    return entries.stream()
        .map(e -> HEX.formatHex(e.key().bytes()) + "=" + HEX.formatHex(e.value().bytes())
            + "@" + e.value().deadlineMillis())
        .sorted(Comparator.naturalOrder())
        .toList();
  }

  @Test
  void theDigestFollowsTheContentNotTheHistory() {
    TableStore other = new TableStore();
    long empty = store.digest();

    store.putNew(b("a"), b("1"), 0, T0);
    store.putNew(b("b"), b("2"), T0 + 50, T0);
    store.putNew(b("c"), b("3"), 0, T0);
    store.delete(b("c"), T0 + 1);
    other.putNew(b("b"), b("2"), T0 + 50, T0);
    other.putNew(b("a"), b("1"), 0, T0);

    assertThat(store.digest()).isEqualTo(other.digest()).isNotEqualTo(empty);

    store.sweep(T0 + 60);
    other.delete(b("b"), T0 + 60);
    assertThat(store.digest()).isEqualTo(other.digest());

    other.delete(b("a"), T0 + 61);
    assertThat(other.digest()).isEqualTo(empty);
  }

  @Test
  void theDigestTellsValuesAndDeadlinesApart() {
    TableStore other = new TableStore();
    store.putNew(b("k"), b("v1"), 0, T0);
    other.putNew(b("k"), b("v2"), 0, T0);
    assertThat(store.digest()).isNotEqualTo(other.digest());

    TableStore expiring = new TableStore();
    expiring.putNew(b("k"), b("v1"), T0 + 1000, T0);
    assertThat(expiring.digest()).isNotEqualTo(store.digest());

    TableStore swapped = new TableStore();
    swapped.putNew(b("v1"), b("k"), 0, T0);
    assertThat(swapped.digest()).isNotEqualTo(store.digest());
  }

  @Test
  void aReloadedCopyHasTheSameDigest() {
    store.putNew(b("a"), b("1"), 0, T0);
    store.putNew(b("b"), b("2"), T0 + 500, T0);
    TableStore reloaded = new TableStore();
    reloaded.replaceWith(store.copyEntries(), store.clockMillis());
    assertThat(reloaded.digest()).isEqualTo(store.digest());
  }
}
