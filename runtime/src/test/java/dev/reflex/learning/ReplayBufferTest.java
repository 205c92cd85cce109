package dev.reflex.learning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Rng;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

  @Test
  void shouldBootstrapTruncatedButNotTerminatedTransitions() {
    ReplayBuffer rb = new ReplayBuffer(2, 1, 1);
    rb.add(new double[] {1}, new double[] {0}, 0, new double[] {2}, true, false);
    rb.add(new double[] {3}, new double[] {0}, 0, new double[] {4}, false, true);
    DMatrixRMaj o = new DMatrixRMaj(1, 1), a = new DMatrixRMaj(1, 1), r = new DMatrixRMaj(1, 1);
    DMatrixRMaj o2 = new DMatrixRMaj(1, 1), nd = new DMatrixRMaj(1, 1);
    Rng rng = new Rng(1);
    int seenTerminal = 0, seenTruncated = 0;
    for (int i = 0; i < 200; i++) {
      rb.sample(1, rng, o, a, r, o2, nd);
      if (o.data[0] == 1) {
        assertEquals(0.0, nd.data[0], "terminated: no bootstrap");
        seenTerminal++;
      } else {
        assertEquals(1.0, nd.data[0], "truncated: still bootstraps");
        assertEquals(4.0, o2.data[0]);
        seenTruncated++;
      }
    }
    assertTrue(seenTerminal > 50 && seenTruncated > 50, "uniform sampling");
  }

  @Test
  void shouldOverwriteTheOldestWhenFull() {
    ReplayBuffer rb = new ReplayBuffer(3, 1, 1);
    for (int i = 0; i < 5; i++) {
      rb.add(new double[] {i}, new double[] {0}, i, new double[] {i}, false, false);
    }
    assertEquals(3, rb.size());
    assertEquals(5, rb.added());
    DMatrixRMaj o = new DMatrixRMaj(1, 1), a = new DMatrixRMaj(1, 1), r = new DMatrixRMaj(1, 1);
    DMatrixRMaj o2 = new DMatrixRMaj(1, 1), nd = new DMatrixRMaj(1, 1);
    Rng rng = new Rng(2);
    for (int i = 0; i < 100; i++) {
      rb.sample(1, rng, o, a, r, o2, nd);
      assertTrue(o.data[0] >= 2, "0 and 1 were overwritten");
    }
  }
}
