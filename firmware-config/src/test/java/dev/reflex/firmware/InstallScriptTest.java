package dev.reflex.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs deploy/install.sh against a scratch root: the real script, a real runnable jar (a launcher
 * whose manifest class path is this test's class path) and real check-config runs.
 */
@Tag("slow")
class InstallScriptTest {
  @TempDir Path dir;

  private record Run(int status, String output) {}

  private Path launcherJar() throws Exception {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      cp.append(Path.of(entry).toUri()).append(' ');
    }
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "dev.reflex.app.Main");
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString().strip());
    Path jar = dir.resolve("runtime.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
    return jar;
  }

  private Run install(Path configs, String... extra) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "bash",
                "deploy/install.sh",
                "--root",
                dir.resolve("root").toString(),
                "--jar",
                launcherJar().toString(),
                "--configs",
                configs.toString(),
                "--java",
                java,
                "--no-systemctl"));
    cmd.addAll(List.of(extra));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void shouldInstallFilesAndUnitAndEnableACheckedController() throws Exception {
    Path src = dir.resolve("src");
    TestActors.stage(src);
    Run r = install(src, "--controller", "pendulum-sim", "--heap", "256m", "--cpu-affinity", "0-2");

    assertEquals(0, r.status(), r.output());
    Path root = dir.resolve("root");
    assertTrue(Files.isRegularFile(root.resolve("opt/reflex/runtime.jar")));
    assertTrue(Files.isRegularFile(root.resolve("etc/reflex/controllers/pendulum-sim.yaml")));
    assertTrue(Files.isRegularFile(root.resolve("etc/reflex/controllers/dc-motor-pi5.yaml")));
    assertTrue(Files.isRegularFile(root.resolve("etc/reflex/actors/pendulum.safetensors")));
    assertTrue(r.output().contains("pendulum-sim.yaml: ok"), r.output());
    assertTrue(r.output().contains("skipping the reflex user"), r.output());
    assertTrue(
        r.output().contains("would run: systemctl enable --now reflex@pendulum-sim"), r.output());

    String unit = Files.readString(root.resolve("etc/systemd/system/reflex@.service"));
    String java = ProcessHandle.current().info().command().orElseThrow();
    assertTrue(unit.contains("Restart=on-failure"), unit);
    assertTrue(
        unit.contains(
            "ExecStart="
                + java
                + " -Xms256m -Xmx256m -XX:+AlwaysPreTouch -XX:+UseZGC"
                + " --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED"
                + " -jar /opt/reflex/runtime.jar run --config /etc/reflex/controllers/%i.yaml"),
        unit);
    assertTrue(
        unit.contains("ExecStartPre=" + java + " -jar /opt/reflex/runtime.jar check-config"), unit);
    assertTrue(unit.contains("\nCPUAffinity=0-2\n"), unit);
    assertTrue(unit.contains("\nLimitRTPRIO=99\n"), unit);
    assertTrue(unit.contains("\nLimitMEMLOCK=infinity\n"), unit);
    assertTrue(unit.contains("\nUser=reflex\n"), unit);
    assertTrue(unit.contains("SupplementaryGroups=gpio i2c"), unit);
    assertFalse(unit.matches("(?s).*@[A-Z_]+@.*"), "placeholders left: " + unit);
  }

  @Test
  void shouldUseTheSerialCollectorWhenAsked() throws Exception {
    Path src = dir.resolve("src");
    TestActors.stage(src);
    Run r = install(src, "--gc", "serial");
    assertEquals(0, r.status(), r.output());
    String unit = Files.readString(dir.resolve("root/etc/systemd/system/reflex@.service"));
    assertTrue(unit.contains("-XX:+UseSerialGC -Xmn32m"), unit);
    assertFalse(unit.contains("-XX:+UseZGC"), unit);
  }

  @Test
  void shouldRefuseToEnableABrokenConfig() throws Exception {
    Path src = dir.resolve("src");
    TestActors.stage(src);
    Path cfg = src.resolve("controllers/pendulum-sim.yaml");
    Files.writeString(cfg, Files.readString(cfg).replace("rate: 100 Hz", "rate: 5 kHz"));

    Run r = install(src, "--controller", "pendulum-sim");

    assertNotEquals(0, r.status(), r.output());
    assertTrue(r.output().contains("pendulum-sim.yaml:9: loop.rate: out of range"), r.output());
    assertTrue(r.output().contains("not enabling reflex@pendulum-sim"), r.output());
    assertFalse(r.output().contains("systemctl enable"), r.output());
  }

  @Test
  void shouldRejectAnUnknownController() throws Exception {
    Path src = dir.resolve("src");
    TestActors.stage(src);
    Run r = install(src, "--controller", "nope");
    assertNotEquals(0, r.status());
    assertTrue(r.output().contains("controllers/nope.yaml not found"), r.output());
    assertFalse(Files.exists(dir.resolve("root/opt/reflex/runtime.jar")), "nothing installed");
  }
}
