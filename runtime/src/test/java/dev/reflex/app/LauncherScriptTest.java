package dev.reflex.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
}
