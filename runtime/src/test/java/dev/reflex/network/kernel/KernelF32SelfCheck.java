package dev.reflex.network.kernel;

/**
 * Run in a child JVM by {@link DenseKernelsF32Test}: prints which float32 training kernels this JVM
 * chose, then runs the agreement and Adam checks on them (a failure exits non-zero).
 */
final class KernelF32SelfCheck {
  private KernelF32SelfCheck() {}

  public static void main(String[] args) {
    System.out.println("f32training=" + DenseKernelsF32.create().name());
    DenseKernelsF32Test t = new DenseKernelsF32Test();
    if (DenseKernelsProvider.vectorModulePresent()) {
      t.shouldAgreeWithADoubleReferenceOnEveryProductShapeAndActivation();
      t.shouldTakeAdamStepsBitIdenticalInBothImplementations();
    }
    System.out.println("agreement=ok");
  }
}
