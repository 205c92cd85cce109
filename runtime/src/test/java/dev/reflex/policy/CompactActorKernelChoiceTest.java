package dev.reflex.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import dev.reflex.testing.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The actor kernel's selection, checked in child JVMs started with and without the module. */
@Tag("slow")
class CompactActorKernelChoiceTest {

  /** Child JVM entry: prints the chosen kernel and one action of a small actor. */
  static final class Probe {
    public static void main(String[] args) {
      DenseForwardF32 k = DenseForwardF32.best();
      dev.reflex.format.ActorFile file =
          CompactActorTest.randomActor(
              new java.util.Random(3),
              new int[] {3, 20, 1},
              new Activation[] {Activation.RELU, Activation.TANH});
      double[] action = new double[1];
      new CompactActor(file, k).act(new double[] {0.1, 0.2, 0.3}, action);
      System.out.println("kernel=" + k.name());
      System.out.println("action=" + action[0]);
      System.out.println(
          "reference=" + CompactActorTest.reference(file, new double[] {0.1, 0.2, 0.3})[0]);
    }
  }

  @Test
  void shouldUseTheScalarKernelWithoutTheVectorModule() throws Exception {
    String out = ChildJvm.run(Probe.class.getName());
    assertTrue(out.contains("kernel=scalar"), out);
    assertEquals(ChildJvm.value(out, "reference"), ChildJvm.value(out, "action"), 1e-4, out);
  }

  @Test
  void shouldUseTheVectorKernelWithTheModuleAtA128BitWidth() throws Exception {
    String out =
        ChildJvm.run(
            Probe.class.getName(), "--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16");
    assertTrue(out.contains("kernel=vector-128bit"), out);
    assertEquals(ChildJvm.value(out, "reference"), ChildJvm.value(out, "action"), 1e-4, out);
  }

  @Test
  void shouldHonourTheScalarOverride() throws Exception {
    String out =
        ChildJvm.run(
            Probe.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-Dreflex.kernels=scalar");
    assertTrue(out.contains("kernel=scalar"), out);
  }
}
