package dev.reflex.network.kernel;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Chooses the kernel implementation once, at class initialisation, in the way Lucene picks its
 * vectorised implementation: the Vector API one only when the {@code jdk.incubator.vector} module
 * is in the boot layer (the JVM was started with {@code --add-modules jdk.incubator.vector}), else
 * the plain-Java one. The vector class is named by string and loaded reflectively after that check,
 * so a JVM without the module never resolves a Vector API type. {@code -Dreflex.kernels=scalar}
 * forces the plain-Java one. The choice is logged once, through {@link System.Logger}
 * (java.util.logging unless a bridge is installed), whatever SLF4J binding the class path carries.
 */
final class DenseKernelsProvider {
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final Logger LOG = System.getLogger(DenseKernelsProvider.class.getName());
  static final DenseKernels BEST = choose();
  static final DenseForwardF32 BEST_F32 = chooseF32();

  private DenseKernelsProvider() {}

  /**
   * New float32 training kernels following the double kernels' choice (both vector, or both
   * scalar); each network owns one (they hold a lane scratch).
   */
  static DenseKernelsF32 newF32Training() {
    if (BEST == ScalarDenseKernels.INSTANCE) {
      return new ScalarDenseKernelsF32();
    }
    return VectorF32Holder.create();
  }

  /** Loads the vector class by name only when first asked, after the module check. */
  private static final class VectorF32Holder {
    private static final java.lang.invoke.MethodHandle NEW = find();

    private static java.lang.invoke.MethodHandle find() {
      try {
        Class<?> c = Class.forName("dev.reflex.network.kernel.VectorDenseKernelsF32");
        return java.lang.invoke.MethodHandles.lookup()
            .findConstructor(c, java.lang.invoke.MethodType.methodType(void.class));
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.log(
            Level.WARNING, "float32 training kernels: scalar (vector failed to load: " + e + ")");
        return null;
      }
    }

    static DenseKernelsF32 create() {
      if (NEW == null) {
        return new ScalarDenseKernelsF32();
      }
      try {
        return (DenseKernelsF32) NEW.invoke();
      } catch (Throwable e) {
        throw new IllegalStateException("cannot create the float32 vector kernels", e);
      }
    }
  }

  /** Whether the Vector API module is in this JVM's boot layer. */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
  }

  /** Whether the user asked for the plain-Java kernels. */
  static boolean scalarForced() {
    return "scalar".equals(System.getProperty("reflex.kernels"));
  }

  /**
   * The float32 dense forward follows the double kernels' choice (both vector, or both scalar); if
   * the vector one fails to load, the plain-Java one is used and the reason logged.
   */
  private static DenseForwardF32 chooseF32() {
    if (BEST == ScalarDenseKernels.INSTANCE) {
      return ScalarDenseForwardF32.INSTANCE;
    }
    try {
      return (DenseForwardF32)
          Class.forName("dev.reflex.network.kernel.VectorDenseForwardF32")
              .getDeclaredField("INSTANCE")
              .get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.log(Level.WARNING, "float32 forward: scalar (vector kernel failed to load: " + e + ")");
      return ScalarDenseForwardF32.INSTANCE;
    }
  }

  private static DenseKernels choose() {
    if (scalarForced()) {
      LOG.log(Level.INFO, "dense kernels: scalar (forced by -Dreflex.kernels=scalar)");
      return ScalarDenseKernels.INSTANCE;
    }
    if (!vectorModulePresent()) {
      LOG.log(
          Level.INFO,
          "dense kernels: scalar ("
              + VECTOR_MODULE
              + " absent; start the JVM with --add-modules "
              + VECTOR_MODULE
              + " for the vector kernels)");
      return ScalarDenseKernels.INSTANCE;
    }
    try {
      DenseKernels k =
          (DenseKernels)
              Class.forName("dev.reflex.network.kernel.VectorDenseKernels")
                  .getDeclaredField("INSTANCE")
                  .get(null);
      LOG.log(Level.INFO, "dense kernels: " + k.name() + " (double and float32)");
      return k;
    } catch (ReflectiveOperationException | LinkageError e) {
      LOG.log(Level.WARNING, "dense kernels: scalar (vector kernels failed to load: " + e + ")");
      return ScalarDenseKernels.INSTANCE;
    }
  }
}
