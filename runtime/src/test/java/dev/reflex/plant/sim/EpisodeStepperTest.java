package dev.reflex.plant.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import dev.reflex.testing.Allocations;
import org.junit.jupiter.api.Test;

class EpisodeStepperTest {

  @Test
  void shouldStepLikeThePlantItselfAndSumTheReturnInStepOrder() {
    Pendulum reference = new Pendulum();
    reference.reset(new Rng(42));
    EpisodeStepper stepper = EpisodeStepper.nominal(new Pendulum());
    stepper.reset(42L);
    double[] a = {0.7};
    double[] obsRef = new double[3];
    double[] obs = new double[3];
    double expectedReturn = 0.0;
    for (int t = 0; t < 37; t++) {
      double r = reference.step(a, reference.nominalDtSeconds());
      expectedReturn += r;
      assertEquals(Double.doubleToRawLongBits(r), Double.doubleToRawLongBits(stepper.step(a)));
      reference.observe(obsRef);
      stepper.observe(obs);
      assertArrayEquals(obsRef, obs, 0.0);
    }
    assertEquals(37, stepper.steps());
    assertEquals(expectedReturn, stepper.episodeReturn(), 0.0);
    assertEquals(37 * reference.nominalDtSeconds(), stepper.elapsedSeconds(), 0.0);
  }

  @Test
  void shouldDrawTheSameInitialStateFromASeedAsFromAGeneratorSeededWithIt() {
    EpisodeStepper bySeed = EpisodeStepper.nominal(new Pendulum());
    EpisodeStepper byRng = EpisodeStepper.nominal(new Pendulum());
    double[] o1 = new double[3];
    double[] o2 = new double[3];
    for (long seed = 0; seed < 5; seed++) {
      bySeed.step(new double[] {1.0}); // a reset forgets the previous episode
      bySeed.reset(seed);
      byRng.reset(new Rng(seed));
      bySeed.observe(o1);
      byRng.observe(o2);
      assertArrayEquals(o2, o1, 0.0);
      assertEquals(0, bySeed.steps());
      assertEquals(0.0, bySeed.episodeReturn(), 0.0);
    }
  }

  @Test
  void shouldTruncateAtTheStepLimitAndNeverWithoutOne() {
    EpisodeStepper limited = new EpisodeStepper(new Pendulum(), 0.05, 3);
    EpisodeStepper unlimited = new EpisodeStepper(new Pendulum(), 0.05, 0);
    limited.reset(1L);
    unlimited.reset(1L);
    double[] a = {0.0};
    for (int t = 0; t < 3; t++) {
      assertFalse(limited.done());
      limited.step(a);
      unlimited.step(a);
    }
    assertTrue(limited.truncated());
    assertTrue(limited.done());
    assertFalse(unlimited.truncated());
    assertFalse(unlimited.done());
  }

  @Test
  void shouldReportTerminationNotTruncationWhenTheCartLeavesTheTrack() {
    CartPoleSwingUp plant = new CartPoleSwingUp();
    EpisodeStepper stepper = new EpisodeStepper(plant, plant.nominalDtSeconds(), 1_000_000);
    stepper.reset(3L);
    double[] push = {plant.actionHigh()[0]};
    while (!stepper.done()) {
      stepper.step(push);
    }
    assertTrue(stepper.terminated());
    assertFalse(stepper.truncated());
    assertTrue(stepper.steps() < 1_000_000);
  }

  @Test
  void shouldRejectANonPositiveStepAndANegativeLimit() {
    assertThrows(IllegalArgumentException.class, () -> new EpisodeStepper(new Pendulum(), 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new EpisodeStepper(new Pendulum(), 0.05, -1));
  }

  @Test
  void shouldStepAndResetWithoutAllocating() {
    EpisodeStepper stepper = EpisodeStepper.nominal(new Pendulum());
    double[] a = {0.3};
    double[] obs = new double[3];
    long[] seed = {0};
    Allocations.assertNoAllocationPerCall(
        () -> {
          stepper.reset(seed[0]++);
          stepper.step(a);
          stepper.observe(obs);
          stepper.done();
        });
  }
}
