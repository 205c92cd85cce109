package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StudentTTest {

  @Test
  void shouldMatchTabulatedCriticalValues() {
    // one-sided critical values from any t table
    assertEquals(3.078, StudentT.quantile(0.90, 1), 1e-3);
    assertEquals(6.314, StudentT.quantile(0.95, 1), 1e-3);
    assertEquals(1.638, StudentT.quantile(0.90, 3), 1e-3);
    assertEquals(2.132, StudentT.quantile(0.95, 4), 1e-3);
    assertEquals(1.833, StudentT.quantile(0.95, 9), 1e-3);
    assertEquals(2.821, StudentT.quantile(0.99, 9), 1e-3);
    assertEquals(1.697, StudentT.quantile(0.95, 30), 1e-3);
    assertEquals(-2.132, StudentT.quantile(0.05, 4), 1e-3);
  }

  @Test
  void shouldBeSymmetricAndInvertTheCdf() {
    for (int dof : new int[] {1, 2, 5, 40}) {
      assertEquals(0.5, StudentT.cdf(0, dof), 1e-12);
      for (double t : new double[] {0.3, 1.1, 2.7}) {
        assertEquals(1, StudentT.cdf(t, dof) + StudentT.cdf(-t, dof), 1e-12);
        assertEquals(t, StudentT.quantile(StudentT.cdf(t, dof), dof), 1e-9);
      }
    }
  }

  @Test
  void shouldRefuseLevelsOutsideTheUnitInterval() {
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(1, 3));
    assertThrows(IllegalArgumentException.class, () -> StudentT.quantile(0.9, 0));
  }
}
