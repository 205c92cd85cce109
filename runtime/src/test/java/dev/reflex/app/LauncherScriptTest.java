package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/reflex} and {@code bin/jdk.sh}, run by a real bash. */
class LauncherScriptTest {
  static final Path BIN = Path.of("..", "bin").toAbsolutePath().normalize();

  record Result(int status, String out) {}

  static Result bash(Map<String, String> env, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", script)).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash finished");
    return new Result(p.exitValue(), out);
  }

  @Test
  void shouldReturnInsteadOfExitingTheSourcingShellWithoutAJdk() throws Exception {
    Result r =
        bash(
            Map.of("JAVA_HOME", "", "REFLEX_JDK_DIRS", "/nonexistent-jdks/"),
            ". " + BIN.resolve("jdk.sh") + "; echo \"still here, status $?\"");
    assertTrue(r.out().contains("reflex: no JDK >= 25 found"), r.out());
    assertTrue(r.out().contains("still here, status 1"), r.out());
  }

  @Test
  void shouldFindAJdkAndExportTheFlags() throws Exception {
    Result r = bash(Map.of(), ". " + BIN.resolve("jdk.sh") + " && echo \"$REFLEX_JVM_FLAGS\"");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("--add-modules jdk.incubator.vector"), r.out());
  }

  @Test
  void shouldListEveryCommandAndRefuseAnUnknownOne() throws Exception {
    Result help = bash(Map.of(), BIN.resolve("reflex") + " --help");
    assertEquals(0, help.status(), help.out());
    for (String c :
        List.of(
            "run",
            "infer",
            "check-config",
            "plant",
            "monitor",
            "finetune-sim",
            "train",
            "evaluate",
            "import",
            "export",
            "finetune-start")) {
      assertTrue(help.out().contains("\n  " + c + " "), c + " in\n" + help.out());
    }
    Result bad = bash(Map.of(), BIN.resolve("reflex") + " fly");
    assertEquals(2, bad.status());
    assertEquals("reflex: unknown command 'fly' (see: reflex --help)", bad.out().strip());
  }

  @Test
  void shouldSayHowToBuildAMissingJar(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String f : List.of("reflex", "jdk.sh")) {
      Files.copy(BIN.resolve(f), bin.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Result r = bash(Map.of(), bin.resolve("reflex") + " train --help");
    assertEquals(2, r.status(), r.out());
    assertTrue(
        r.out()
            .contains(
                dir.toRealPath().resolve("trainer/target/trainer.jar")
                    + " is missing;"
                    + " build it with"),
        r.out());
    Result monitor = bash(Map.of(), bin.resolve("reflex") + " monitor --help");
    assertEquals(2, monitor.status(), monitor.out());
    assertTrue(
        monitor
            .out()
            .contains(dir.toRealPath().resolve("monitor/target/monitor.jar") + " is missing;"),
        "the workstation's commands run monitor.jar: " + monitor.out());
  }

  /** A copy of bin/ with a trainer jar whose main prints its arguments (no Maven, no training). */
  private static Path fakeTrainer(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    for (String f : List.of("reflex", "jdk.sh")) {
      Files.copy(BIN.resolve(f), bin.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.writeString(
        src.resolve("FakeTrainer.java"),
        "public class FakeTrainer { public static void main(String[] a) {"
            + " System.out.println(\"trained \" + String.join(\" \", a)); } }");
    int rc =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null, null, null, "-d", src.toString(), src.resolve("FakeTrainer.java").toString());
    assertEquals(0, rc, "javac");
    Path jar = Files.createDirectories(dir.resolve("trainer/target")).resolve("trainer.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "FakeTrainer");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
      out.putNextEntry(new JarEntry("FakeTrainer.class"));
      out.write(Files.readAllBytes(src.resolve("FakeTrainer.class")));
      out.closeEntry();
    }
    return bin.resolve("reflex");
  }

  @Test
  void shouldRecordTheTrainersAotCacheOnFirstUseAndStartFromItAfter(@TempDir Path dir)
      throws Exception {
    Path reflex = fakeTrainer(dir);
    Path cache = dir.resolve("cache");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString(), "REFLEX_JAVA_OPTS", "");

    Result help = bash(env, reflex + " train --help");
    assertEquals(0, help.status(), help.out());
    assertTrue(help.out().contains("trained train --help"), help.out());
    assertFalse(help.out().contains("AOT"), "no cache recorded for --help:\n" + help.out());

    Result first = bash(env, reflex + " train --steps 1");
    assertEquals(0, first.status(), first.out());
    assertTrue(first.out().contains("trained train --steps 1"), first.out());
    assertTrue(
        first.out().contains("reflex: no AOT cache for this trainer jar yet; this run records one"),
        first.out());
    assertTrue(first.out().contains("reflex: wrote the AOT cache "), first.out());
    Path aotDir = cache.resolve("reflex/aot");
    List<Path> files;
    try (var s = Files.list(aotDir)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(
        files.get(0).getFileName().toString().matches("trainer-[0-9a-f]{16}-[0-9a-f]{8}\\.aot"));

    Result second = bash(env, reflex + " train --steps 2 2>&1; echo status $?");
    assertTrue(second.out().contains("trained train --steps 2"), second.out());
    assertTrue(second.out().contains("status 0"), second.out());
    assertFalse(second.out().contains("reflex:"), "started from the cache:\n" + second.out());
    assertFalse(second.out().contains("[error]"), "the JVM mapped the cache:\n" + second.out());

    Map<String, String> off =
        Map.of("XDG_CACHE_HOME", dir.resolve("other").toString(), "REFLEX_AOT", "0");
    Result none = bash(off, reflex + " train --steps 3");
    assertEquals(0, none.status(), none.out());
    assertFalse(none.out().contains("AOT"), none.out());
    assertFalse(Files.exists(dir.resolve("other/reflex/aot")));
  }
}
