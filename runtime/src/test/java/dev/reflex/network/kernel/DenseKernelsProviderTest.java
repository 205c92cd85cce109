package dev.reflex.network.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The selection, checked in real child JVMs started with and without the vector module. */
@Tag("slow")
class DenseKernelsProviderTest {

  /** Runs {@link KernelSelfCheck} in a child JVM with {@code jvmFlags}; returns its output. */
  static String runChild(String mainClass, String... jvmFlags)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(List.of(jvmFlags));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
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
  void shouldFallBackToScalarWhenTheVectorModuleIsAbsent() throws Exception {
    String out = runChild(KernelSelfCheck.class.getName());
    assertTrue(out.contains("kernels=scalar"), out);
    assertTrue(out.contains("f32=scalar"), out);
    assertTrue(out.contains("jdk.incubator.vector absent"), "logs why: " + out);
    assertEquals(0.0, value(out, "worst"), out);
    assertTrue(value(out, "worstF32") < 1e-5, out);
  }

  @Test
  void shouldUse128BitVectorsAndStillAgreeWhenTheJvmCapsTheWidth() throws Exception {
    String out =
        runChild(
            KernelSelfCheck.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-XX:MaxVectorSize=16");
    assertTrue(out.contains("kernels=vector-128bit"), out);
    assertTrue(out.contains("f32=vector-128bit"), out);
    assertTrue(value(out, "worst") < 1e-13, out);
    assertTrue(value(out, "worstF32") < 1e-5, out);
  }

  @Test
  void shouldHonourTheScalarOverride() throws Exception {
    String out =
        runChild(
            KernelSelfCheck.class.getName(),
            "--add-modules",
            "jdk.incubator.vector",
            "-Dreflex.kernels=scalar");
    assertTrue(out.contains("kernels=scalar"), out);
    assertTrue(out.contains("forced"), out);
  }
}
