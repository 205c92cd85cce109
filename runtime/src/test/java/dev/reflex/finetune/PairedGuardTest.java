package dev.reflex.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class PairedGuardTest {

  @Test
  void shouldPromoteOnlyAConsistentGain() {
    PairedGuard g = new PairedGuard(4, 0.1, 0.05);
    // +30 on every pair give or take 5: t ≈ 10 > 1.638 (3 dof, 0.1)
    add(g, new double[] {-200, -300, -150, -400}, new double[] {-170, -265, -125, -370});
    assertEquals(PairedGuard.Verdict.PROMOTE, g.verdict());
    // the same mean gain from one lucky pair: t ≈ 1 — no evidence
    g.clear();
    add(g, new double[] {-200, -300, -150, -400}, new double[] {-200, -300, -150, -280});
    assertEquals(30.0, g.meanDifference(), 1e-12);
    assertEquals(PairedGuard.Verdict.KEEP, g.verdict());
  }

  @Test
  void shouldRollBackOnlyOnAConsistentLoss() {
    PairedGuard g = new PairedGuard(4, 0.1, 0.05);
    add(g, new double[] {-200, -300, -150, -400}, new double[] {-260, -350, -220, -450});
    assertEquals(PairedGuard.Verdict.ROLL_BACK, g.verdict());
    assertTrue(g.lastT() < -2.353);
    g.clear();
    add(g, new double[] {-200, -300, -150, -400}, new double[] {-200, -300, -150, -600});
    assertEquals(PairedGuard.Verdict.KEEP, g.verdict(), "one unlucky pair is noise");
  }

  @Test
  void shouldKeepAnIdenticalActorAndDecideOnExactDifferences() {
    PairedGuard g = new PairedGuard(3, 0.1, 0.05);
    add(g, new double[] {-5, -7, -9}, new double[] {-5, -7, -9});
    assertEquals(PairedGuard.Verdict.KEEP, g.verdict());
    assertEquals(0, g.lastT());
    g.clear();
    add(g, new double[] {-5, -7, -9}, new double[] {-4, -6, -8});
    assertEquals(PairedGuard.Verdict.PROMOTE, g.verdict(), "better by exactly 1 on every pair");
  }

  @Test
  void shouldFireAtItsLevelsWhenTheActorsAreEqual() {
    // Normal differences with mean 0: the promotion rate is the promotion level, the rollback
    // rate the rollback level (20,000 trials: ± 0.5 % at 2.5 σ).
    PairedGuard g = new PairedGuard(4, 0.1, 0.05);
    Rng rng = new Rng(5);
    int promoted = 0;
    int rolledBack = 0;
    int trials = 20_000;
    for (int t = 0; t < trials; t++) {
      g.clear();
      for (int i = 0; i < 4; i++) {
        double base = -300 + 100 * rng.nextGaussian();
        g.add(base, base + 40 * rng.nextGaussian());
      }
      switch (g.verdict()) {
        case PROMOTE -> promoted++;
        case ROLL_BACK -> rolledBack++;
        case KEEP -> {}
      }
    }
    assertEquals(0.10, promoted / (double) trials, 0.006);
    assertEquals(0.05, rolledBack / (double) trials, 0.004);
  }

  @Test
  void shouldJudgeWithoutAllocating() {
    PairedGuard g = new PairedGuard(4, 0.1, 0.05);
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().threadId();
    for (int warm = 0; warm < 20_000; warm++) {
      judge(g, warm);
    }
    long before = mx.getThreadAllocatedBytes(tid);
    for (int i = 0; i < 1000; i++) {
      judge(g, i);
    }
    assertEquals(0, mx.getThreadAllocatedBytes(tid) - before);
  }

  @Test
  void shouldRefuseOnePairAndBadLevels() {
    assertThrows(IllegalArgumentException.class, () -> new PairedGuard(1, 0.1, 0.05));
    assertThrows(IllegalArgumentException.class, () -> new PairedGuard(4, 0, 0.05));
    assertThrows(IllegalArgumentException.class, () -> new PairedGuard(4, 0.1, 0.7));
    PairedGuard g = new PairedGuard(2, 0.1, 0.05);
    g.add(0, 1);
    assertThrows(IllegalStateException.class, g::verdict);
    g.add(0, 1);
    assertThrows(IllegalStateException.class, () -> g.add(0, 1));
  }

  private static int judge(PairedGuard g, int i) {
    g.clear();
    for (int k = 0; k < 4; k++) {
      g.add(-100 - k, -100 + ((i + k) % 7) - 3);
    }
    return g.verdict().ordinal();
  }

  private static void add(PairedGuard g, double[] incumbent, double[] candidate) {
    for (int i = 0; i < incumbent.length; i++) {
      g.add(incumbent[i], candidate[i]);
    }
  }
}
