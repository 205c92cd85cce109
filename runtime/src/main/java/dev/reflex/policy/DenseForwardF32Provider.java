package dev.reflex.policy;

import dev.reflex.network.kernel.DenseLayerF32;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the compact actor's kernel once, following the network kernels' choice ({@link
 * DenseLayerF32#best()}: vector only when {@code jdk.incubator.vector} is in the boot layer and
 * {@code -Dreflex.kernels=scalar} is not set). The vector adapter is named by string and loaded
 * reflectively only then, so a JVM without the module never resolves a Vector API type; if it fails
 * to load, the plain-Java kernel is used and the reason logged.
 */
final class DenseForwardF32Provider {
  private static final String VECTOR_CLASS = "dev.reflex.policy.VectorDenseForwardF32";
  static final DenseForwardF32 BEST = choose();

  private DenseForwardF32Provider() {}

  private static DenseForwardF32 choose() {
    if (DenseLayerF32.best() == DenseLayerF32.scalar()) {
      return ScalarDenseForwardF32.INSTANCE;
    }
    try {
      return (DenseForwardF32) Class.forName(VECTOR_CLASS).getDeclaredField("INSTANCE").get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      Logger log = System.getLogger(DenseForwardF32Provider.class.getName());
      log.log(Level.WARNING, "actor kernel: scalar (vector kernel failed to load: " + e + ")");
      return ScalarDenseForwardF32.INSTANCE;
    }
  }
}
