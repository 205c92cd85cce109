package dev.reflex.network.kernel;

/**
 * Run in a child JVM by {@link DenseKernelsProviderTest}: prints which kernels this JVM chose and
 * the worst relative error of each against the reference over every shape of {@link
 * KernelAgreement}.
 */
final class KernelSelfCheck {
  private KernelSelfCheck() {}

  public static void main(String[] args) {
    DenseKernels best = DenseKernels.best();
    double worst = 0;
    long seed = 100;
    for (int n : KernelAgreement.BATCHES) {
      for (int in : KernelAgreement.SIZES) {
        for (int out : KernelAgreement.SIZES) {
          worst = Math.max(worst, KernelAgreement.maxRelativeError(best, n, in, out, seed++));
        }
      }
    }
    DenseForwardF32 f32 = DenseForwardF32.best();
    double worstF32 = 0;
    for (int n : KernelAgreement.BATCHES) {
      for (int in : KernelAgreement.SIZES) {
        for (int out : KernelAgreement.SIZES) {
          worstF32 =
              Math.max(worstF32, KernelAgreement.maxRelativeErrorF32(f32, n, in, out, seed++));
        }
      }
    }
    System.out.println("kernels=" + best.name());
    System.out.println("f32=" + f32.name());
    System.out.println("worst=" + worst);
    System.out.println("worstF32=" + worstF32);
  }
}
