package io.winter.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmDefaultsTest {

  @Test
  void smallMachinesGetACommonPoolInsteadOfAThreadPerTask() {
    assertThat(JvmDefaults.commonPoolParallelism(null, 2)).isEqualTo("4");
    assertThat(JvmDefaults.commonPoolParallelism(null, 1)).isEqualTo("4");
    assertThat(JvmDefaults.commonPoolParallelism("", 2)).isEqualTo("4");
  }

  @Test
  void largeMachinesGetOneThreadPerProcessor() {
    assertThat(JvmDefaults.commonPoolParallelism(null, 16)).isEqualTo("16");
  }

  @Test
  void anExplicitSettingIsKept() {
    assertThat(JvmDefaults.commonPoolParallelism("1", 2)).isNull();
  }
}
