package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Optimizer;
import dev.reflex.network.Parameters;
import dev.reflex.network.Rng;
import dev.reflex.network.kernel.DenseKernels;
import dev.reflex.testing.Allocations;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LearnerTest {
  static final int OBS = 3;
  static final int ACT = 2;

  static LearnerOptions small(Algorithm algo) {
    LearnerOptions o = LearnerOptions.defaults(algo);
    o.actorHidden = new int[] {8, 6};
    o.criticHidden = new int[] {7, 5};
    o.batchSize = 16;
    o.replayCapacity = 1000;
    return o;
  }

  static ReplayBuffer filledReplay(long seed) {
    Rng rng = new Rng(seed);
    ReplayBuffer rb = new ReplayBuffer(1000, OBS, ACT);
    double[] o = new double[OBS];
    double[] a = new double[ACT];
    double[] o2 = new double[OBS];
    for (int t = 0; t < 300; t++) {
      for (int i = 0; i < OBS; i++) {
        o[i] = rng.nextGaussian();
        o2[i] = rng.nextGaussian();
      }
      for (int i = 0; i < ACT; i++) {
        a[i] = rng.uniform(-1, 1);
      }
      rb.add(o, a, rng.nextGaussian(), o2, t % 50 == 49, t % 70 == 69);
    }
    return rb;
  }

  static double[] snapshot(Parameters p) {
    double[] d = new double[p.size()];
    p.flatten(d);
    return d;
  }

  static double[] optimiserState(Optimizer opt) {
    int n = 0;
    for (DMatrixRMaj m : opt.state()) {
      n += m.getNumElements();
    }
    double[] d = new double[n + 1];
    int p = 0;
    for (DMatrixRMaj m : opt.state()) {
      System.arraycopy(m.data, 0, d, p, m.getNumElements());
      p += m.getNumElements();
    }
    d[n] = opt.steps();
    return d;
  }

  /** A copy of the observations of the learner's current minibatch. */
  static DMatrixRMaj batchObservations(Learner learner) {
    DMatrixRMaj obs = new DMatrixRMaj(1, 1);
    learner.copyBatch(
        obs,
        new DMatrixRMaj(1, 1),
        new DMatrixRMaj(1, 1),
        new DMatrixRMaj(1, 1),
        new DMatrixRMaj(1, 1));
    return obs;
  }

  static void assertBitwiseEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int k = 0; k < expected.length; k++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[k]),
          Double.doubleToRawLongBits(actual[k]),
          what + "[" + k + "] changed");
    }
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldLeaveEveryCriticAndItsOptimiserBitForBitUnchangedByAnActorUpdate(Algorithm algo) {
    for (double bc : new double[] {0, 0.7}) {
      actorStepLeavesCriticsUnchanged(algo, bc);
    }
  }

  private static void actorStepLeavesCriticsUnchanged(Algorithm algo, double bc) {
    Learner learner = new Learner(small(algo), OBS, ACT, 7, DenseKernels.scalar());
    ReplayBuffer rb = filledReplay(1);
    learner.anchorBehaviourCloning(bc, 0);
    for (int i = 0; i < 5; i++) {
      learner.update(rb); // give the critic optimisers non-trivial state (and move the actor)
    }
    learner.update(rb);
    assertEquals(bc, learner.behaviourCloningWeight(), "behaviour cloning " + bc);
    Critic[] critics = learner.critics();
    double[][] before = new double[critics.length][];
    double[][] optBefore = new double[critics.length][];
    for (int c = 0; c < critics.length; c++) {
      before[c] = snapshot(critics[c].parameters());
      optBefore[c] = optimiserState(learner.criticOptimizers()[c]);
    }
    double[] actorBefore = snapshot(learner.actor().parameters());
    learner.computeActorGradient();
    learner.actorOptimizer().step();
    for (int c = 0; c < critics.length; c++) {
      assertBitwiseEqual(before[c], snapshot(critics[c].parameters()), "critic " + c);
      assertBitwiseEqual(
          optBefore[c], optimiserState(learner.criticOptimizers()[c]), "critic optimiser " + c);
    }
    double[] actorAfter = snapshot(learner.actor().parameters());
    assertTrue(!java.util.Arrays.equals(actorBefore, actorAfter), "the actor moved");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldLeaveTheActorAndItsOptimiserBitForBitUnchangedByACriticUpdate(Algorithm algo) {
    Learner learner = new Learner(small(algo), OBS, ACT, 8, DenseKernels.scalar());
    ReplayBuffer rb = filledReplay(2);
    for (int i = 0; i < 6; i++) {
      learner.update(rb);
    }
    double[] actor = snapshot(learner.actor().parameters());
    double[] actorTarget = snapshot(learner.actorTarget().parameters());
    double[] actorOpt = optimiserState(learner.actorOptimizer());
    double[] critic = snapshot(learner.critics()[0].parameters());
    learner.update(rb); // fills a batch
    // Restore a fresh batch and run only the critic step.
    learner.updateCritics();
    assertTrue(
        !java.util.Arrays.equals(critic, snapshot(learner.critics()[0].parameters())),
        "the critic moved");
    // The full update above may have moved the actor (policy delay); check a critic-only step.
    actor = snapshot(learner.actor().parameters());
    actorTarget = snapshot(learner.actorTarget().parameters());
    actorOpt = optimiserState(learner.actorOptimizer());
    learner.updateCritics();
    assertBitwiseEqual(actor, snapshot(learner.actor().parameters()), "actor");
    assertBitwiseEqual(actorTarget, snapshot(learner.actorTarget().parameters()), "actor target");
    assertBitwiseEqual(actorOpt, optimiserState(learner.actorOptimizer()), "actor optimiser");
  }

  /** −mean Q(s, μ(s|θ)) evaluated directly on the composed function. */
  private static double composedLoss(Learner learner, DMatrixRMaj obs) {
    DMatrixRMaj a = learner.actor().forward(obs).copy();
    DMatrixRMaj q = learner.critics()[0].forward(obs, a);
    double s = 0;
    for (int i = 0; i < obs.numRows; i++) {
      s += q.data[i];
    }
    return -s / obs.numRows;
  }

  /**
   * The loss whose θ-gradient the actor step follows, evaluated without the backward code: for
   * {@code TANH} it is −mean Q(s, μ(s|θ)) itself; for inverting gradients it is −mean g̃ · μ(s|θ)
   * with g̃ held fixed: ∂Q/∂a by central differences in the action at a = μ(s), each entry scaled
   * by {@link Learner#invertGradient}. Its θ-gradient is the inverting-gradient update's direction.
   */
  private static LossOfTheta lossFor(BoundMode mode, Learner learner, DMatrixRMaj obs) {
    if (mode == BoundMode.TANH) {
      return () -> composedLoss(learner, obs);
    }
    DMatrixRMaj a = learner.actor().forward(obs).copy();
    DMatrixRMaj inverted = new DMatrixRMaj(a.numRows, a.numCols);
    double h = 1e-6;
    for (int k = 0; k < a.getNumElements(); k++) {
      int row = k / a.numCols;
      double saved = a.data[k];
      a.data[k] = saved + h;
      double up = learner.critics()[0].forward(obs, a).data[row];
      a.data[k] = saved - h;
      double down = learner.critics()[0].forward(obs, a).data[row];
      a.data[k] = saved;
      inverted.data[k] = Learner.invertGradient((up - down) / (2 * h), saved, -1, 1);
    }
    return () -> {
      DMatrixRMaj mu = learner.actor().forward(obs);
      double s = 0;
      for (int k = 0; k < mu.getNumElements(); k++) {
        s += inverted.data[k] * mu.data[k];
      }
      return -s / obs.numRows;
    };
  }

  private interface LossOfTheta {
    double value();
  }

  @ParameterizedTest
  @EnumSource(BoundMode.class)
  void shouldGiveTheActorGradientEqualToFiniteDifferencesForEachBoundMode(BoundMode mode) {
    for (boolean secondLayer : new boolean[] {false, true}) {
      LearnerOptions o = small(Algorithm.TD3);
      o.actionAtSecondLayer = secondLayer;
      o.boundMode = mode;
      o.hiddenActivation = dev.reflex.network.Activation.TANH; // smooth: no ReLU kinks in the FD
      Learner learner = new Learner(o, OBS, ACT, 11, DenseKernels.scalar());
      ReplayBuffer rb = filledReplay(3);
      learner.update(rb);
      learner.update(rb);
      DMatrixRMaj obs = batchObservations(learner);
      if (mode == BoundMode.INVERTING_GRADIENTS) {
        // Push some actions past the bounds so the sign flip of inverting gradients is exercised.
        Parameters ap = learner.actor().parameters();
        double[] th = snapshot(ap);
        for (int k = 0; k < th.length; k++) {
          th[k] *= 6;
        }
        ap.unflatten(th);
      }
      learner.computeActorGradient();
      Parameters p = learner.actor().parameters();
      double[] analytic = new double[p.size()];
      p.flattenGrads(analytic);
      LossOfTheta loss = lossFor(mode, learner, obs);
      double[] theta = snapshot(p);
      double eps = 1e-6;
      double[] numeric = new double[theta.length];
      for (int k = 0; k < theta.length; k++) {
        double saved = theta[k];
        theta[k] = saved + eps;
        p.unflatten(theta);
        double up = loss.value();
        theta[k] = saved - eps;
        p.unflatten(theta);
        double down = loss.value();
        theta[k] = saved;
        p.unflatten(theta);
        numeric[k] = (up - down) / (2 * eps);
      }
      for (int k = 0; k < theta.length; k++) {
        double err = Math.abs(numeric[k] - analytic[k]);
        double scale = Math.max(Math.abs(numeric[k]), Math.abs(analytic[k]));
        assertTrue(
            err <= 1e-6 * scale || err < 1e-10,
            mode
                + " θ["
                + k
                + "] analytic "
                + analytic[k]
                + " numeric "
                + numeric[k]
                + " (second layer "
                + secondLayer
                + ")");
      }
      if (mode == BoundMode.INVERTING_GRADIENTS) {
        // The inverting update is not the plain gradient: the check above would not tell them
        // apart if every scale factor were 1.
        double plainDiff = 0;
        double[] plain = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
          double saved = theta[k];
          theta[k] = saved + eps;
          p.unflatten(theta);
          double up = composedLoss(learner, obs);
          theta[k] = saved - eps;
          p.unflatten(theta);
          double down = composedLoss(learner, obs);
          theta[k] = saved;
          p.unflatten(theta);
          plain[k] = (up - down) / (2 * eps);
          plainDiff = Math.max(plainDiff, Math.abs(plain[k] - analytic[k]));
        }
        assertTrue(plainDiff > 1e-4, "inverting gradients equal the plain gradient: " + plainDiff);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(BoundMode.class)
  void shouldGiveTheBehaviourCloningGradientEqualToFiniteDifferences(BoundMode mode) {
    double lambda = 0.8;
    LearnerOptions o = small(Algorithm.TD3);
    o.boundMode = mode;
    o.hiddenActivation = dev.reflex.network.Activation.TANH; // smooth: no ReLU kinks in the FD
    Learner learner = new Learner(o, OBS, ACT, 13, DenseKernels.scalar());
    ReplayBuffer rb = filledReplay(6);
    learner.update(rb);
    learner.update(rb);
    learner.anchorBehaviourCloning(lambda, 0);
    dev.reflex.network.Mlp anchor = learner.actor().copyShape();
    anchor.parameters().copyFrom(learner.actor().parameters());
    // Move the actor away from its anchor (at the anchor the term's gradient is zero).
    Parameters p = learner.actor().parameters();
    double[] theta = snapshot(p);
    Rng rng = new Rng(3);
    for (int k = 0; k < theta.length; k++) {
      theta[k] += 0.3 * rng.nextGaussian();
    }
    p.unflatten(theta);
    DMatrixRMaj obs = batchObservations(learner);
    learner.computeActorGradient();
    double[] analytic = new double[p.size()];
    p.flattenGrads(analytic);
    DMatrixRMaj a0 = anchor.forward(obs).copy();
    LossOfTheta policy = lossFor(mode, learner, obs);
    LossOfTheta loss =
        () -> {
          double pl = policy.value();
          DMatrixRMaj mu = learner.actor().forward(obs);
          double s = 0;
          for (int k = 0; k < mu.getNumElements(); k++) {
            double d = mu.data[k] - a0.data[k];
            s += d * d;
          }
          return pl + lambda * s / obs.numRows;
        };
    if (mode == BoundMode.TANH) { // (the inverting-gradient surrogate is not the loss reported)
      assertEquals(loss.value(), learner.lastActorLoss(), 1e-9 * Math.abs(loss.value()), "loss");
    }
    double eps = 1e-6;
    double bcNorm = 0;
    double[] withoutBc = new double[theta.length];
    for (int k = 0; k < theta.length; k++) {
      double saved = theta[k];
      theta[k] = saved + eps;
      p.unflatten(theta);
      double up = loss.value();
      double upPolicy = policy.value();
      theta[k] = saved - eps;
      p.unflatten(theta);
      double down = loss.value();
      double downPolicy = policy.value();
      theta[k] = saved;
      p.unflatten(theta);
      double numeric = (up - down) / (2 * eps);
      withoutBc[k] = (upPolicy - downPolicy) / (2 * eps);
      bcNorm = Math.max(bcNorm, Math.abs(numeric - withoutBc[k]));
      double err = Math.abs(numeric - analytic[k]);
      double scale = Math.max(Math.abs(numeric), Math.abs(analytic[k]));
      assertTrue(
          err <= 1e-6 * scale || err < 1e-10,
          mode + " θ[" + k + "] analytic " + analytic[k] + " numeric " + numeric);
    }
    // The term is there: the gradient without it differs.
    assertTrue(bcNorm > 1e-3, "behaviour-cloning part of the gradient " + bcNorm);
  }

  @Test
  void shouldHalveTheBehaviourCloningWeightEveryHalfLifeAndChangeNothingAtZero() {
    Learner learner = new Learner(small(Algorithm.TD3), OBS, ACT, 21, DenseKernels.scalar());
    ReplayBuffer rb = filledReplay(7);
    learner.anchorBehaviourCloning(0.4, 5);
    assertEquals(0.4, learner.behaviourCloningWeight(), 0);
    for (int i = 0; i < 10; i++) { // policy delay 2: 5 actor updates
      learner.update(rb);
    }
    assertEquals(5, learner.actorUpdates());
    assertEquals(0.2, learner.behaviourCloningWeight(), 1e-15);
    // Weight 0 is bit for bit the learner without the term.
    double[][] runs = new double[2][];
    for (int r = 0; r < 2; r++) {
      Learner l = new Learner(small(Algorithm.TD3), OBS, ACT, 22, DenseKernels.scalar());
      if (r == 1) {
        l.anchorBehaviourCloning(0, 0);
      }
      ReplayBuffer b = filledReplay(8);
      for (int i = 0; i < 20; i++) {
        l.update(b);
      }
      runs[r] = snapshot(l.actor().parameters());
    }
    assertBitwiseEqual(runs[0], runs[1], "actor with weight 0");
  }

  @Test
  void shouldPullTheActorTowardItsAnchor() {
    // With a large weight the actor stays near the anchor; without it, it moves further.
    double[] drift = new double[2];
    double[] probe = {0.3, -0.5, 0.8};
    for (int r = 0; r < 2; r++) {
      LearnerOptions o = small(Algorithm.TD3);
      o.actorLr = 1e-2;
      Learner l = new Learner(o, OBS, ACT, 23, DenseKernels.scalar());
      double[] a0 = new double[ACT];
      l.act(probe, a0);
      l.anchorBehaviourCloning(r == 0 ? 0 : 50, 0);
      ReplayBuffer b = filledReplay(9);
      for (int i = 0; i < 200; i++) {
        l.update(b);
      }
      double[] a = new double[ACT];
      l.act(probe, a);
      drift[r] = Math.hypot(a[0] - a0[0], a[1] - a0[1]);
    }
    assertTrue(
        drift[1] < 0.5 * drift[0],
        "drift with / without the term: " + java.util.Arrays.toString(drift));
  }

  @Test
  void shouldScaleInvertingGradientsByTheDistanceToTheBound() {
    // Inside the bounds: pushing up is scaled by the room left above, pushing down by the room
    // below.
    assertEquals(2.0 * (1 - 0.5) / 2, Learner.invertGradient(2.0, 0.5, -1, 1), 1e-15);
    assertEquals(-2.0 * (0.5 + 1) / 2, Learner.invertGradient(-2.0, 0.5, -1, 1), 1e-15);
    // At a bound the gradient that pushes out vanishes; the one that pushes in is kept whole.
    assertEquals(0.0, Learner.invertGradient(3.0, 1.0, -1, 1), 1e-15);
    assertEquals(-3.0, Learner.invertGradient(-3.0, 1.0, -1, 1), 1e-15);
    // Outside the bounds the sign flips: p = 1.5 pushed up is pushed back down.
    assertEquals(1.0 * (1 - 1.5) / 2, Learner.invertGradient(1.0, 1.5, -1, 1), 1e-15);
    assertTrue(Learner.invertGradient(1.0, 1.5, -1, 1) < 0);
    // p = −2 pushed down is pushed back up.
    assertTrue(Learner.invertGradient(-1.0, -2.0, -1, 1) > 0);
    assertEquals(-1.0 * (-2.0 + 1) / 2, Learner.invertGradient(-1.0, -2.0, -1, 1), 1e-15);
    // Asymmetric bounds.
    assertEquals(4.0 * (10 - 4) / 10, Learner.invertGradient(4.0, 4, 0, 10), 1e-12);
  }

  @Test
  void shouldApplyInvertingGradientsInTheActorUpdate() {
    LearnerOptions o = small(Algorithm.DDPG);
    o.boundMode = BoundMode.INVERTING_GRADIENTS;
    Learner learner = new Learner(o, OBS, ACT, 5, DenseKernels.scalar());
    ReplayBuffer rb = filledReplay(4);
    learner.update(rb);
    // Push the actor's output far above the bound: its bias on output 0 to +5.
    learner.actor().bias(learner.actor().layerCount() - 1).data[0] = 5;
    learner.computeActorGradient();
    DMatrixRMaj obs = batchObservations(learner);
    DMatrixRMaj p = learner.actor().forward(obs);
    double[] pAll = java.util.Arrays.copyOf(p.data, p.getNumElements());
    // The bias gradient of output 0 must point so that gradient descent lowers p (positive
    // gradient).
    double biasGrad =
        learner.actor().parameters().grad(2 * (learner.actor().layerCount() - 1) + 1).data[0];
    for (int i = 0; i < obs.numRows; i++) {
      assertTrue(pAll[i * ACT] > 1, "p above the bound");
    }
    assertTrue(biasGrad > 0, "descent lowers p back towards the bounds: " + biasGrad);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldBeDeterministicBitForBitWithOneSeed(Algorithm algo) {
    double[][] runs = new double[2][];
    for (int r = 0; r < 2; r++) {
      Learner learner = new Learner(small(algo), OBS, ACT, 99, DenseKernels.scalar());
      ReplayBuffer rb = filledReplay(9);
      for (int i = 0; i < 40; i++) {
        learner.update(rb);
      }
      double[] a = snapshot(learner.actor().parameters());
      double[] c = snapshot(learner.critics()[0].parameters());
      runs[r] = new double[a.length + c.length];
      System.arraycopy(a, 0, runs[r], 0, a.length);
      System.arraycopy(c, 0, runs[r], a.length, c.length);
    }
    assertArrayEquals(runs[0], runs[1]);
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldAllocateNothingPerUpdate(Algorithm algo) {
    LearnerOptions o = small(algo);
    o.actorHidden = new int[] {64, 64};
    o.criticHidden = new int[] {64, 64};
    o.batchSize = 64;
    Learner learner = new Learner(o, OBS, ACT, 1);
    learner.anchorBehaviourCloning(0.5, 1000); // the term (and its decay) costs nothing either
    ReplayBuffer rb = filledReplay(5);
    double[] obs = new double[OBS];
    double[] act = new double[ACT];
    long bytes =
        Allocations.measure(
            300,
            2_000,
            () -> {
              learner.update(rb);
              learner.act(obs, act);
            });
    assertEquals(0, bytes, "bytes allocated over 2,000 updates");
  }

  @ParameterizedTest
  @EnumSource(Algorithm.class)
  void shouldLearnTheKnownOptimalActionOfAOneStepTask(Algorithm algo) {
    // One-step task: s ~ U[-1, 1], reward −(a − 0.5 s)², every transition terminal.
    // The optimal deterministic policy is μ*(s) = 0.5 s.
    LearnerOptions o = LearnerOptions.defaults(algo);
    o.actorHidden = new int[] {32, 32};
    o.criticHidden = new int[] {32, 32};
    o.batchSize = 64;
    o.actorLr = 1e-3;
    o.criticLr = 1e-3;
    o.criticWeightDecay = 0;
    o.tau = 0.01;
    Learner learner = new Learner(o, 1, 1, 2024, DenseKernels.scalar());
    Rng rng = new Rng(77);
    ReplayBuffer rb = new ReplayBuffer(10_000, 1, 1);
    double[] s = new double[1];
    double[] a = new double[1];
    for (int t = 0; t < 4_000; t++) {
      s[0] = rng.uniform(-1, 1);
      learner.act(s, a);
      a[0] = Math.max(-1, Math.min(1, a[0] + 0.3 * rng.nextGaussian()));
      double r = -(a[0] - 0.5 * s[0]) * (a[0] - 0.5 * s[0]);
      rb.add(s, a, r, s, true, false);
      if (rb.size() >= 200) {
        learner.update(rb);
      }
    }
    double worst = 0;
    for (double x = -1; x <= 1.0001; x += 0.1) {
      s[0] = x;
      learner.act(s, a);
      worst = Math.max(worst, Math.abs(a[0] - 0.5 * x));
    }
    assertTrue(worst < 0.1, "max |μ(s) − 0.5 s| = " + worst);
  }
}
