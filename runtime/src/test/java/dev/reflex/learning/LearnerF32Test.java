package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.format.DType;
import dev.reflex.format.Safetensors;
import dev.reflex.network.ParametersF32;
import dev.reflex.network.Precision;
import dev.reflex.network.Rng;
import dev.reflex.network.kernel.DenseKernels;
import dev.reflex.testing.Allocations;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 learner against the double reference and its own guarantees. Tolerance of the
 * agreement (stated in docs/performance.md): on one batch from the same initial (rounded) networks,
 * the gradients agree with the double learner's to 1e-4 in relative L2 norm; after the first Adam
 * step (a step of about lr·sign(g) per entry) the parameters agree to 1e-5 except where a gradient
 * is within float rounding of zero, at most 1 % of the entries, which then differ by at most 2·lr.
 */
class LearnerF32Test {
  static final int OBS = 3;
  static final int ACT = 1;

  static LearnerOptions options(Algorithm algo, Precision p, int hidden, int batch) {
    LearnerOptions o = LearnerOptions.defaults(algo);
    o.actorHidden = new int[] {hidden, hidden};
    o.criticHidden = new int[] {hidden, hidden};
    o.batchSize = batch;
    o.replayCapacity = 1000;
    o.precision = p;
    return o;
  }

  static ReplayBuffer replay(long seed) {
    Rng rng = new Rng(seed);
    ReplayBuffer rb = new ReplayBuffer(1000, OBS, ACT);
    double[] o = new double[OBS];
    double[] a = new double[ACT];
    double[] o2 = new double[OBS];
    for (int t = 0; t < 400; t++) {
      for (int i = 0; i < OBS; i++) {
        o[i] = rng.nextGaussian();
        o2[i] = rng.nextGaussian();
      }
      a[0] = rng.uniform(-1, 1);
      rb.add(o, a, -Math.abs(rng.nextGaussian()), o2, t % 50 == 49, t % 70 == 69);
    }
    return rb;
  }

  static double[] flat(dev.reflex.network.Parameters p) {
    double[] d = new double[p.size()];
    p.flatten(d);
    return d;
  }

  static double[] flatGrads(dev.reflex.network.Parameters p) {
    double[] d = new double[p.size()];
    p.flattenGrads(d);
    return d;
  }

  /** Gradients of a float32 parameter list in the double list's order and layout. */
  static double[] flatGrads(ParametersF32 p, dev.reflex.network.Parameters like) {
    dev.reflex.network.Parameters copy = copyOf(like);
    p.copyGradsTo(copy);
    return flatGrads(copy);
  }

  static dev.reflex.network.Parameters copyOf(dev.reflex.network.Parameters like) {
    java.util.List<org.ejml.data.DMatrixRMaj> v = new java.util.ArrayList<>();
    java.util.List<org.ejml.data.DMatrixRMaj> g = new java.util.ArrayList<>();
    for (int i = 0; i < like.count(); i++) {
      v.add(like.value(i).copy());
      g.add(like.grad(i).copy());
    }
    return new dev.reflex.network.Parameters(v, g);
  }

  static double relativeL2(double[] ref, double[] got) {
    double num = 0;
    double den = 0;
    for (int k = 0; k < ref.length; k++) {
      num += (ref[k] - got[k]) * (ref[k] - got[k]);
      den += ref[k] * ref[k];
    }
    return Math.sqrt(num / den);
  }

  static void assertStepAgrees(double[] ref, double[] got, double lr, String what) {
    int far = 0;
    for (int k = 0; k < ref.length; k++) {
      double d = Math.abs(ref[k] - got[k]);
      assertTrue(d <= 2 * lr + 1e-6, what + "[" + k + "] differs by " + d);
      if (d > 1e-5) {
        far++;
      }
    }
    assertTrue(far <= ref.length / 100, what + ": " + far + " of " + ref.length + " entries far");
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldAgreeWithTheDoubleLearnerOnOneUpdateOfTheSameBatch(boolean scalar) {
    for (int[] shape : new int[][] {{64, 64}, {256, 256}}) {
      DenseKernels k = scalar ? DenseKernels.scalar() : DenseKernels.best();
      Learner d =
          new Learner(options(Algorithm.TD3, Precision.F64, shape[0], shape[1]), OBS, ACT, 11, k);
      Learner f =
          new Learner(options(Algorithm.TD3, Precision.F32, shape[0], shape[1]), OBS, ACT, 11, k);
      // Start both from the same (float-representable) networks.
      f.writeDoubleView();
      d.actorStore().parameters().copyFrom(f.actorStore().parameters());
      d.actorTargetStore().parameters().copyFrom(f.actorTargetStore().parameters());
      for (int c = 0; c < 2; c++) {
        d.criticStore()[c].parameters().copyFrom(f.criticStore()[c].parameters());
        d.criticTargetStore()[c].parameters().copyFrom(f.criticTargetStore()[c].parameters());
      }
      ReplayBuffer rb = replay(4);
      d.sample(rb);
      f.sample(rb);
      String s = (scalar ? "scalar " : "vector ") + shape[0];
      d.computeActorGradient();
      f.computeActorGradient();
      double ea =
          relativeL2(
              flatGrads(d.actorStore().parameters()),
              flatGrads(f.f32Core().actor.parameters(), d.actorStore().parameters()));
      assertTrue(ea < 1e-4, s + " actor gradient relative error " + ea);
      d.updateCritics();
      f.updateCritics();
      for (int c = 0; c < 2; c++) {
        double ec =
            relativeL2(
                flatGrads(d.criticStore()[c].parameters()),
                flatGrads(f.f32Core().critics[c].parameters(), d.criticStore()[c].parameters()));
        assertTrue(ec < 1e-4, s + " critic " + c + " gradient relative error " + ec);
        f.writeDoubleView();
        assertStepAgrees(
            flat(d.criticStore()[c].parameters()),
            flat(f.criticStore()[c].parameters()),
            1e-3,
            s + " critic " + c + " after the step");
      }
      assertEquals(d.lastCriticLoss(), f.lastCriticLoss(), 1e-4 * Math.abs(d.lastCriticLoss()));
    }
  }

  @Test
  void shouldAgreeWithTheDoubleLearnerOnTheBehaviourCloningTerm() {
    DenseKernels k = DenseKernels.best();
    Learner d = new Learner(options(Algorithm.TD3, Precision.F64, 64, 64), OBS, ACT, 12, k);
    Learner f = new Learner(options(Algorithm.TD3, Precision.F32, 64, 64), OBS, ACT, 12, k);
    f.writeDoubleView();
    d.actorStore().parameters().copyFrom(f.actorStore().parameters());
    for (int c = 0; c < 2; c++) {
      d.criticStore()[c].parameters().copyFrom(f.criticStore()[c].parameters());
    }
    d.anchorBehaviourCloning(2.0, 0);
    f.anchorBehaviourCloning(2.0, 0);
    // Move both actors identically away from the anchor (float-representable values).
    double[] th = flat(f.actorStore().parameters());
    Rng rng = new Rng(5);
    for (int i = 0; i < th.length; i++) {
      th[i] = (float) (th[i] + 0.05 * rng.nextGaussian());
    }
    d.actor().parameters().unflatten(th);
    f.actor().parameters().unflatten(th);
    ReplayBuffer rb = replay(7);
    d.sample(rb);
    f.sample(rb);
    double[] without = null;
    d.computeActorGradient();
    f.computeActorGradient();
    double e =
        relativeL2(
            flatGrads(d.actorStore().parameters()),
            flatGrads(f.f32Core().actor.parameters(), d.actorStore().parameters()));
    assertTrue(e < 1e-4, "actor gradient relative error with behaviour cloning " + e);
    assertEquals(d.lastActorLoss(), f.lastActorLoss(), 1e-4 * Math.abs(d.lastActorLoss()));
    // The term is in the float32 gradient too.
    without = flatGrads(f.f32Core().actor.parameters(), d.actorStore().parameters());
    f.anchorBehaviourCloning(0, 0);
    f.computeActorGradient();
    double diff =
        relativeL2(without, flatGrads(f.f32Core().actor.parameters(), d.actorStore().parameters()));
    assertTrue(diff > 1e-3, "the term changes the float32 gradient: " + diff);
  }

  @Test
  void shouldAllocateNothingPerUpdateWithBehaviourCloning() {
    Learner l = new Learner(options(Algorithm.TD3, Precision.F32, 64, 64), OBS, ACT, 4);
    l.anchorBehaviourCloning(0.5, 1000);
    ReplayBuffer rb = replay(3);
    long bytes = Long.MAX_VALUE;
    for (int round = 0; round < 40 && bytes != 0; round++) { // as shouldAllocateNothingPerUpdate
      long before = Allocations.current();
      for (int i = 0; i < 500; i++) {
        l.update(rb);
      }
      bytes = Allocations.current() - before;
    }
    assertEquals(0, bytes, "bytes allocated over the last round of 500 updates");
  }

  private static double[] allState(Learner l) {
    l.writeDoubleView();
    java.util.List<double[]> parts = new java.util.ArrayList<>();
    parts.add(flat(l.actorStore().parameters()));
    parts.add(flat(l.actorTargetStore().parameters()));
    parts.add(LearnerTest.optimiserState(l.actorOptStore()));
    for (int c = 0; c < l.criticStore().length; c++) {
      parts.add(flat(l.criticStore()[c].parameters()));
      parts.add(flat(l.criticTargetStore()[c].parameters()));
      parts.add(LearnerTest.optimiserState(l.criticOptStore()[c]));
    }
    return parts.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldRepeatBitForBitWithOneSeed(Algorithm algo) {
    for (boolean scalar : new boolean[] {false, true}) {
      DenseKernels k = scalar ? DenseKernels.scalar() : DenseKernels.best();
      double[][] runs = new double[2][];
      for (int run = 0; run < 2; run++) {
        Learner l = new Learner(options(algo, Precision.F32, 32, 32), OBS, ACT, 5, k);
        ReplayBuffer rb = replay(6);
        for (int i = 0; i < 60; i++) {
          l.update(rb);
        }
        runs[run] = allState(l);
      }
      LearnerTest.assertBitwiseEqual(runs[0], runs[1], algo + (scalar ? " scalar" : " vector"));
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldLeaveTheCriticsBitForBitUnchangedByTheActorStep(Algorithm algo) {
    Learner l = new Learner(options(algo, Precision.F32, 16, 16), OBS, ACT, 7);
    ReplayBuffer rb = replay(1);
    for (int i = 0; i < 6; i++) {
      l.update(rb);
    }
    LearnerF32 core = l.f32Core();
    int n = core.critics.length;
    float[][][] before = new float[n][][];
    for (int c = 0; c < n; c++) {
      before[c] = state(core.critics[c].parameters(), core.criticOpts[c]);
    }
    float[][] actorBefore = state(core.actor.parameters(), core.actorOpt);
    l.sample(rb);
    l.computeActorGradient();
    core.actorOpt.step();
    core.actor.parametersChanged();
    for (int c = 0; c < n; c++) {
      float[][] after = state(core.critics[c].parameters(), core.criticOpts[c]);
      for (int t = 0; t < after.length; t++) {
        for (int e = 0; e < after[t].length; e++) {
          assertEquals(
              Float.floatToRawIntBits(before[c][t][e]),
              Float.floatToRawIntBits(after[t][e]),
              "critic " + c + " tensor " + t + "[" + e + "] changed");
        }
      }
    }
    float[][] actorAfter = state(core.actor.parameters(), core.actorOpt);
    assertTrue(!java.util.Arrays.deepEquals(actorBefore, actorAfter), "the actor moved");
  }

  /** Values, gradients and Adam moments of every tensor, copied. */
  private static float[][] state(ParametersF32 p, dev.reflex.network.AdamF32 opt) {
    float[][] s = new float[4 * p.count()][];
    for (int i = 0; i < p.count(); i++) {
      s[4 * i] = p.value(i).clone();
      s[4 * i + 1] = p.grad(i).clone();
      s[4 * i + 2] = opt.firstMoment(i).clone();
      s[4 * i + 3] = opt.secondMoment(i).clone();
    }
    return s;
  }

  @Test
  void shouldAllocateNothingPerUpdate() {
    Learner l = new Learner(options(Algorithm.TD3, Precision.F32, 64, 64), OBS, ACT, 3);
    ReplayBuffer rb = replay(2);
    double[] obs = {0.1, -0.2, 0.3};
    double[] act = new double[ACT];
    // Vector code allocates its vectors until C2 has compiled it, which takes a few thousand
    // updates on a loaded machine: rounds of 500 updates until one allocates nothing (at most 40).
    long bytes = Long.MAX_VALUE;
    for (int round = 0; round < 40 && bytes != 0; round++) {
      long before = Allocations.current();
      for (int i = 0; i < 500; i++) {
        l.update(rb);
        l.act(obs, act);
      }
      bytes = Allocations.current() - before;
    }
    assertEquals(0, bytes, "bytes allocated over the last round of 500 updates and actions");
  }

  @Test
  void shouldKeepTheHandedOutDoubleViewInTwoWaySync() {
    Learner l = new Learner(options(Algorithm.TD3, Precision.F32, 16, 16), OBS, ACT, 9);
    ReplayBuffer rb = replay(3);
    l.update(rb);
    double[] before = flat(l.actor().parameters());
    l.update(rb);
    l.update(rb);
    double[] after = flat(l.actor().parameters());
    assertTrue(!java.util.Arrays.equals(before, after), "the double view follows the updates");
    // Writing the view (a rollback) moves the float32 actor.
    l.actor().parameters().unflatten(before);
    double[] a1 = new double[ACT];
    l.act(new double[] {0.3, 0.1, -0.5}, a1);
    Learner ref = new Learner(options(Algorithm.TD3, Precision.F32, 16, 16), OBS, ACT, 9);
    ref.actor().parameters().unflatten(before);
    double[] a2 = new double[ACT];
    ref.act(new double[] {0.3, 0.1, -0.5}, a2);
    assertEquals(a2[0], a1[0], 0.0, "the float32 actor took the written weights");
  }

  @Test
  void shouldRollBackThroughTheBoardsSnapshotOfTheDoubleView() {
    // The board's fine-tuning keeps a LearnerSnapshot of the double networks and restores it on a
    // rollback: with a float32 learner the restore must reach the float32 state.
    Learner l = new Learner(options(Algorithm.TD3, Precision.F32, 16, 16), OBS, ACT, 13);
    ReplayBuffer rb = replay(5);
    for (int i = 0; i < 4; i++) {
      l.update(rb);
    }
    dev.reflex.finetune.LearnerSnapshot snap = new dev.reflex.finetune.LearnerSnapshot(l);
    snap.capture();
    double[] o = {0.2, -0.7, 0.4};
    double[] before = new double[ACT];
    l.act(o, before);
    for (int i = 0; i < 20; i++) {
      l.update(rb);
    }
    double[] moved = new double[ACT];
    l.act(o, moved);
    assertTrue(moved[0] != before[0], "the actor moved");
    snap.restore(l);
    double[] after = new double[ACT];
    l.act(o, after);
    assertEquals(before[0], after[0], 0.0, "the rollback reached the float32 actor");
    assertEquals(0, l.f32Core().actorOpt.steps(), "the optimiser restarted");
    l.update(rb); // and learning goes on from there
    assertTrue(l.allFinite());
  }

  /** The transitions of {@link #replay}, stored in float32. */
  static ReplayBuffer replayF32(long seed) {
    ReplayBuffer src = replay(seed);
    ReplayBuffer rb = ReplayBuffer.float32(1000, OBS, ACT);
    double[] o = new double[OBS];
    double[] a = new double[ACT];
    double[] o2 = new double[OBS];
    for (int t = 0; t < src.size(); t++) {
      System.arraycopy(src.obsData(), t * OBS, o, 0, OBS);
      System.arraycopy(src.actData(), t * ACT, a, 0, ACT);
      System.arraycopy(src.nextObsData(), t * OBS, o2, 0, OBS);
      rb.add(o, a, src.rewardData()[t], o2, src.terminatedData()[t], src.truncatedData()[t]);
    }
    return rb;
  }

  private static org.ejml.data.DMatrixRMaj[] batchCopy(Learner l) {
    org.ejml.data.DMatrixRMaj[] m = new org.ejml.data.DMatrixRMaj[5];
    for (int i = 0; i < m.length; i++) {
      m[i] = new org.ejml.data.DMatrixRMaj(1, 1);
    }
    l.copyBatch(m[0], m[1], m[2], m[3], m[4]);
    return m;
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldTrainBitForBitTheSameOnAFloat32ReplayBuffer(Algorithm algo) {
    for (boolean scalar : new boolean[] {false, true}) {
      DenseKernels k = scalar ? DenseKernels.scalar() : DenseKernels.best();
      Learner onDouble = new Learner(options(algo, Precision.F32, 32, 32), OBS, ACT, 5, k);
      Learner onFloat = new Learner(options(algo, Precision.F32, 32, 32), OBS, ACT, 5, k);
      ReplayBuffer rbD = replay(6);
      ReplayBuffer rbF = replayF32(6);
      assertTrue(rbF.isFloat32());
      for (int i = 0; i < 40; i++) {
        onDouble.update(rbD);
        onFloat.update(rbF);
      }
      LearnerTest.assertBitwiseEqual(
          allState(onDouble), allState(onFloat), algo + (scalar ? " scalar" : " vector"));
      // The copied batch shows the batch sampled straight into float32 (widened).
      org.ejml.data.DMatrixRMaj[] d = batchCopy(onDouble);
      org.ejml.data.DMatrixRMaj[] f = batchCopy(onFloat);
      for (int b = 0; b < d.length; b++) {
        double[] rounded = new double[d[b].getNumElements()];
        for (int e = 0; e < rounded.length; e++) {
          rounded[e] = (float) d[b].data[e];
        }
        assertEquals(d[b].numRows, f[b].numRows);
        LearnerTest.assertBitwiseEqual(
            rounded, java.util.Arrays.copyOf(f[b].data, rounded.length), "batch " + b);
      }
      // After the copy (which widens the float32 batch into the double buffers) the next
      // updateOnBatch still learns from the same batch in both.
      onDouble.updateOnBatch();
      onFloat.updateOnBatch();
      LearnerTest.assertBitwiseEqual(
          allState(onDouble), allState(onFloat), algo + " after the batch was copied");
    }
  }

  @Test
  void shouldAllocateNothingPerUpdateOnAFloat32ReplayBuffer() {
    Learner l = new Learner(options(Algorithm.TD3, Precision.F32, 64, 64), OBS, ACT, 3);
    ReplayBuffer rb = replayF32(4);
    // Over 500 updates in a window the JIT left alone (vector code allocates until C2 has it).
    long bytes = Allocations.measure(3000, 500, () -> l.update(rb));
    assertEquals(0, bytes, "bytes allocated over 500 updates on a float32 replay buffer");
  }

  @Test
  void shouldResumeAFloat32ReplayBufferBitForBit(@TempDir Path dir) throws Exception {
    LearnerOptions o = options(Algorithm.TD3, Precision.F32, 16, 16);
    Learner l = new Learner(o, OBS, ACT, 21);
    ReplayBuffer rb = replayF32(8);
    for (int i = 0; i < 15; i++) {
      l.update(rb);
    }
    Path file = dir.resolve("f32-replay.safetensors");
    Checkpoint.writer(l).replay(rb).write(file);
    Safetensors raw = Safetensors.read(file);
    assertEquals(DType.F32, raw.tensor("replay.obs").dtype());
    assertEquals(DType.F32, raw.tensor("replay.reward").dtype());
    Checkpoint ckpt = Checkpoint.read(file);
    Learner resumed = ckpt.newLearner();
    ReplayBuffer rb2 = ReplayBuffer.float32(1000, OBS, ACT);
    ckpt.restoreReplay(rb2);
    // A double buffer restored from the same file holds the floats, widened.
    ReplayBuffer rbD = new ReplayBuffer(1000, OBS, ACT);
    ckpt.restoreReplay(rbD);
    Learner resumedD = Checkpoint.read(file).newLearner();
    for (int i = 0; i < 10; i++) {
      l.update(rb);
      resumed.update(rb2);
      resumedD.update(rbD);
    }
    LearnerTest.assertBitwiseEqual(allState(l), allState(resumed), "resumed on float32 replay");
    LearnerTest.assertBitwiseEqual(allState(l), allState(resumedD), "resumed on double replay");
    // A double buffer's checkpoint restores into a float32 buffer rounded.
    ReplayBuffer dbl = replay(8);
    Path dfile = dir.resolve("f64-replay.safetensors");
    Checkpoint.writer(l).replay(dbl).write(dfile);
    assertEquals(DType.F64, Safetensors.read(dfile).tensor("replay.obs").dtype());
    ReplayBuffer into = ReplayBuffer.float32(1000, OBS, ACT);
    Checkpoint.read(dfile).restoreReplay(into);
    float[] want = new float[dbl.size() * OBS];
    for (int e = 0; e < want.length; e++) {
      want[e] = (float) dbl.obsData()[e];
    }
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        want, java.util.Arrays.copyOf(into.obsDataF32(), want.length));
  }

  @Test
  void shouldResumeAFloat32CheckpointBitForBit(@TempDir Path dir) throws Exception {
    LearnerOptions o = options(Algorithm.TD3, Precision.F32, 16, 16);
    Learner l = new Learner(o, OBS, ACT, 21);
    ReplayBuffer rb = replay(8);
    for (int i = 0; i < 15; i++) {
      l.update(rb);
    }
    Path file = dir.resolve("f32.safetensors");
    Checkpoint.writer(l).replay(rb).write(file);
    Safetensors raw = Safetensors.read(file);
    assertEquals(DType.F32, raw.tensor("actor.0.weight").dtype());
    assertEquals(DType.F32, raw.tensor("optim.critic1.1.weight.exp_avg_sq").dtype());
    assertEquals("f32", raw.metadata().get("precision"));
    Checkpoint ckpt = Checkpoint.read(file);
    Learner resumed = ckpt.newLearner();
    assertEquals(Precision.F32, resumed.precision());
    ReplayBuffer rb2 = new ReplayBuffer(1000, OBS, ACT);
    ckpt.restoreReplay(rb2);
    for (int i = 0; i < 10; i++) {
      l.update(rb);
      resumed.update(rb2);
    }
    LearnerTest.assertBitwiseEqual(allState(l), allState(resumed), "resumed float32 learner");
    assertTrue(Files.size(file) > 0);
  }

  @Test
  void shouldLoadAndContinueADoubleCheckpointWrittenByThePreviousVersion() throws Exception {
    // Written by the build before float32 training (no precision key; scalar kernels), then again
    // after 10 more updates: resuming here must land on the second file bit for bit.
    Checkpoint before = Checkpoint.read(resource("checkpoint-v1-f64.safetensors"));
    Checkpoint after = Checkpoint.read(resource("checkpoint-v1-f64-after10.safetensors"));
    assertEquals(Precision.F64, before.options().precision);
    Learner l = new Learner(before.options(), 3, 1, 0, DenseKernels.scalar());
    before.restoreLearner(l);
    ReplayBuffer rb = new ReplayBuffer(200, 3, 1);
    before.restoreReplay(rb);
    for (int i = 0; i < 10; i++) {
      l.update(rb);
    }
    Learner expected = new Learner(after.options(), 3, 1, 0, DenseKernels.scalar());
    after.restoreLearner(expected);
    LearnerTest.assertBitwiseEqual(allState(expected), allState(l), "continued v1 checkpoint");
  }

  private static Path resource(String name) throws Exception {
    return Path.of(LearnerF32Test.class.getResource(name).toURI());
  }
}
