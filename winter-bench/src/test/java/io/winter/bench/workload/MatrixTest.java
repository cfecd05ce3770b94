package io.winter.bench.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MatrixTest {

  @Test
  void fullIsTheWholeCrossProduct() {
    List<Cell> full = Matrix.FULL.cells();
    assertThat(full).hasSize(3 * 2 * 4 * 2 * 2).doesNotHaveDuplicates();
  }

  @Test
  void targetsVaryEveryDimensionOverEveryValue() {
    List<Cell> cells = Matrix.TARGETS.cells();
    assertThat(cells).doesNotHaveDuplicates().contains(Matrix.BASELINE);
    assertThat(values(cells, Cell::workload)).containsExactlyInAnyOrder(Workload.values());
    assertThat(values(cells, Cell::connections)).containsExactlyInAnyOrderElementsOf(Matrix.CONNECTIONS);
    assertThat(values(cells, Cell::depth)).containsExactlyInAnyOrderElementsOf(Matrix.DEPTHS);
    assertThat(values(cells, Cell::valueBytes)).containsExactlyInAnyOrderElementsOf(Matrix.VALUE_SIZES);
    assertThat(values(cells, Cell::tables)).containsExactlyInAnyOrderElementsOf(Matrix.TABLES);
  }

  @Test
  void targetsChangeOneFactorAtATimeFromTheBaseline() {
    for (Cell c : Matrix.TARGETS.cells()) {
      int changed = (c.valueBytes() != 100 ? 1 : 0) + (c.depth() != 1 ? 1 : 0) + (c.tables() != 1 ? 1 : 0);
      assertThat(changed).as(c.id()).isLessThanOrEqualTo(1);
      if (changed == 1) {
        assertThat(c.connections()).as(c.id()).isEqualTo(64);
      }
    }
  }

  @Test
  void smokeIsSmallAndCoversEveryWorkload() {
    List<Cell> cells = Matrix.SMOKE.cells();
    assertThat(cells.size()).isLessThanOrEqualTo(4);
    assertThat(values(cells, Cell::workload)).containsExactlyInAnyOrder(Workload.values());
    assertThat(cells).allSatisfy(c -> assertThat(c.connections()).isLessThanOrEqualTo(8));
  }

  @Test
  void cellIdsRoundTrip() {
    for (Cell c : Matrix.FULL.cells()) {
      assertThat(Cell.parse(c.id())).isEqualTo(c);
    }
    assertThat(new Cell(Workload.MIX, 1024, 256, 16, 16).id()).isEqualTo("mix-v1024-c256-d16-t16");
  }

  @Test
  void keysAreSixteenBytesAndUnique() {
    assertThat(Keys.writeKey(255, 0)).hasSize(Keys.KEY_BYTES);
    assertThat(new String(Keys.writeKey(255, 0xabcdefL))).isEqualTo("w000ff0000abcdef");
    assertThat(Keys.readKey(42)).hasSize(Keys.KEY_BYTES);
    assertThat(new String(Keys.readKey(42))).isEqualTo("r000000000000042");
    assertThat(Keys.value(100)).hasSize(100).doesNotContain((byte) ' ', (byte) '\r', (byte) '\n');
  }

  private static <T> Set<T> values(List<Cell> cells, Function<Cell, T> f) {
    return cells.stream().map(f).collect(Collectors.toSet());
  }
}
