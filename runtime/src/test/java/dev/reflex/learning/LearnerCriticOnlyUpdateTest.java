package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reflex.network.Precision;
import dev.reflex.network.kernel.DenseKernels;
import dev.reflex.testing.Allocations;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Learner#updateCriticsOnly} (the critic warm-up's step): the critics learn exactly as in a
 * full update, their targets move after every critic-only update, and the actor side is untouched;
 * {@link Learner#copyBatch} hands out copies, not the learner's buffers.
 */
class LearnerCriticOnlyUpdateTest {

  private static Learner learner(Algorithm algo, Precision precision) {
    LearnerOptions o = LearnerF32Test.options(algo, precision, 16, 32);
    return new Learner(o, LearnerF32Test.OBS, LearnerF32Test.ACT, 21, DenseKernels.scalar());
  }

  /** Every value of the named networks, through the double stores (the float32 state written). */
  private static double[] critics(Learner l) {
    l.writeDoubleView();
    double[][] parts = new double[l.criticStore().length][];
    for (int c = 0; c < parts.length; c++) {
      parts[c] = LearnerF32Test.flat(l.criticStore()[c].parameters());
    }
    return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] criticTargets(Learner l) {
    l.writeDoubleView();
    double[][] parts = new double[l.criticTargetStore().length][];
    for (int c = 0; c < parts.length; c++) {
      parts[c] = LearnerF32Test.flat(l.criticTargetStore()[c].parameters());
    }
    return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
  }

  private static double[] actorSide(Learner l) {
    l.writeDoubleView();
    double[] a = LearnerF32Test.flat(l.actorStore().parameters());
    double[] t = LearnerF32Test.flat(l.actorTargetStore().parameters());
    double[] o = LearnerTest.optimiserState(l.actorOptStore());
    double[] all = Arrays.copyOf(a, a.length + t.length + o.length);
    System.arraycopy(t, 0, all, a.length, t.length);
    System.arraycopy(o, 0, all, a.length + t.length, o.length);
    return all;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldLearnTheCriticsAsAFullUpdateAndMoveTheirTargetsAfterEveryUpdate(Algorithm algo) {
    for (Precision precision : Precision.values()) {
      Learner criticOnly = learner(algo, precision);
      Learner full = learner(algo, precision);
      ReplayBuffer rb = LearnerF32Test.replay(3);
      int delay = criticOnly.options().policyDelay;
      String what = algo + " " + precision;
      double[] actorBefore = actorSide(criticOnly);
      for (int k = 1; k <= 3 * delay; k++) {
        double[] targets = criticTargets(criticOnly);
        criticOnly.updateCriticsOnly(rb);
        if (k == 1) {
          full.update(rb); // the same minibatch and target noise, the same targets before it
          LearnerTest.assertBitwiseEqual(critics(full), critics(criticOnly), what + " critics");
        }
        assertFalse(
            Arrays.equals(targets, criticTargets(criticOnly)),
            what + ": the target critics moved at critic-only update " + k);
      }
      LearnerTest.assertBitwiseEqual(actorBefore, actorSide(criticOnly), what + " actor side");
      assertEquals(0, criticOnly.actorUpdates(), what);
      assertEquals(3L * delay, criticOnly.criticUpdates(), what);
    }
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void shouldAllocateNothingPerCriticOnlyUpdate(Precision precision) {
    Learner l = learner(Algorithm.TD3, precision);
    ReplayBuffer rb = LearnerF32Test.replay(4);
    assertEquals(0, Allocations.measure(300, 2_000, () -> l.updateCriticsOnly(rb)), precision + "");
  }

  @Test
  void shouldCopyTheBatchSoThatWritingTheCopyChangesNothing() {
    Learner a = learner(Algorithm.TD3, Precision.F64);
    Learner b = learner(Algorithm.TD3, Precision.F64);
    ReplayBuffer rb = LearnerF32Test.replay(5);
    a.update(rb);
    b.update(rb);
    DMatrixRMaj[] copy = new DMatrixRMaj[5];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = new DMatrixRMaj(1, 1);
    }
    a.copyBatch(copy[0], copy[1], copy[2], copy[3], copy[4]);
    assertEquals(32, copy[0].numRows);
    assertEquals(LearnerF32Test.OBS, copy[0].numCols);
    assertEquals(LearnerF32Test.ACT, copy[1].numCols);
    for (DMatrixRMaj m : copy) {
      Arrays.fill(m.data, Double.NaN);
    }
    a.updateOnBatch();
    b.updateOnBatch();
    LearnerTest.assertBitwiseEqual(critics(b), critics(a), "critics after the same batch");
    LearnerTest.assertBitwiseEqual(actorSide(b), actorSide(a), "actor after the same batch");
  }
}
