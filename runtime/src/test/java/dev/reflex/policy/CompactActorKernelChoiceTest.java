package dev.reflex.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reflex.network.Activation;
import dev.reflex.network.kernel.DenseForwardF32;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  private static String runChild(String... jvmFlags) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(List.of(jvmFlags));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Probe.class.getName());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), output);
    return output;
  }

  private static double value(String output, String key) {
    for (String line : output.split("\n")) {
      if (line.startsWith(key + "=")) {
        return Double.parseDouble(line.substring(key.length() + 1).trim());
      }
    }
    throw new AssertionError("no " + key + "= line in: " + output);
  }

  @Test
  void shouldUseTheScalarKernelWithoutTheVectorModule() throws Exception {
    String out = runChild();
    assertTrue(out.contains("kernel=scalar"), out);
    assertEquals(value(out, "reference"), value(out, "action"), 1e-4, out);
  }

  @Test
  void shouldUseTheVectorKernelWithTheModuleAtA128BitWidth() throws Exception {
    String out = runChild("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=16");
    assertTrue(out.contains("kernel=vector-128bit"), out);
    assertEquals(value(out, "reference"), value(out, "action"), 1e-4, out);
  }

  @Test
  void shouldHonourTheScalarOverride() throws Exception {
    String out = runChild("--add-modules", "jdk.incubator.vector", "-Dreflex.kernels=scalar");
    assertTrue(out.contains("kernel=scalar"), out);
  }
}
