package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The selection, checked in real child JVMs started with and without the vector module. */
@Tag("slow")
class DenseKernelsProviderTest {

  @Test
  void shouldFallBackToScalarWhenTheVectorModuleIsAbsent() throws Exception {
    String out = ChildJvm.run(KernelSelfCheck.class.getName());
    assertTrue(out.contains("kernels=scalar"), out);
    assertTrue(out.contains("f32=scalar"), out);
    assertTrue(out.contains("jdk.incubator.vector absent"), "logs why: " + out);
    assertEquals(0.0, ChildJvm.value(out, "worst"), out);
    assertTrue(ChildJvm.value(out, "worstF32") < 1e-5, out);
  }

  @Test
  void shouldUse128BitVectorsAndStillAgreeWhenTheJvmCapsTheWidth() throws Exception {
    String out =
        ChildJvm.run(
            KernelSelfCheck.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-XX:MaxVectorSize=16");
    assertTrue(out.contains("kernels=vector-128bit"), out);
    assertTrue(out.contains("f32=vector-128bit"), out);
    assertTrue(ChildJvm.value(out, "worst") < 1e-13, out);
    assertTrue(ChildJvm.value(out, "worstF32") < 1e-5, out);
  }

  @Test
  void shouldHonourTheScalarOverride() throws Exception {
    String out =
        ChildJvm.run(
            KernelSelfCheck.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-Dreflex.kernels=scalar");
    assertTrue(out.contains("kernels=scalar"), out);
    assertTrue(out.contains("forced"), out);
  }
}
