package dev.reflex.finetune;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The lineage of a checkpoint directory: the actor file (by sha256) every checkpoint in it descends
 * from, and when that lineage started. Each checkpoint carries the lineage in its metadata ({@link
 * #metadata}); at start, {@link #open} compares the newest valid checkpoint's lineage with the
 * configured actor: the same actor resumes, another actor (or a checkpoint that records no lineage)
 * starts a new lineage, and the old checkpoints are moved into a dated subdirectory, never deleted.
 *
 * <p>Threading: the composition root, before the learner thread starts.
 *
 * @param actorSha256 hex sha256 of the actor file the lineage descends from
 * @param actorFile the actor file as configured when this run started
 * @param startedAtMs epoch ms the lineage started (its first run)
 * @param resumedFrom the checkpoint this run resumed from, or null for a new lineage
 * @param retiredTo where the previous lineage's checkpoints were moved this run, or null
 */
public record Lineage(
    String actorSha256, Path actorFile, long startedAtMs, Path resumedFrom, Path retiredTo) {
  /** Metadata key of the actor's sha256. */
  public static final String ACTOR_SHA256 = "reflex.lineage.actor_sha256";

  /** Metadata key of the lineage's start (epoch ms). */
  public static final String STARTED_MS = "reflex.lineage.started_ms";

  private static final DateTimeFormatter DIR_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** What {@link #open} decided, and the checkpoint to resume from when it resumes. */
  public record Opened(Lineage lineage, Optional<CheckpointRotation.LoadedCheckpoint> resume) {}

  /**
   * Resumes the lineage of {@code rotation}'s newest valid checkpoint when it descends from {@code
   * actorFile}, else starts a new lineage from {@code actorFile} and moves every checkpoint of
   * {@code rotation} into {@code <dir>/lineage-<utc stamp>-<old sha prefix>/}. Either way {@code
   * rotation} is told to stamp this lineage on every checkpoint it writes.
   *
   * @param log receives one line when a lineage is retired (and the rotation's skip warnings)
   */
  public static Opened open(
      CheckpointRotation rotation, Path actorFile, long nowMs, Consumer<String> log)
      throws IOException {
    String sha = sha256(actorFile);
    Optional<CheckpointRotation.LoadedCheckpoint> newest = rotation.newestValid(log);
    if (newest.isPresent()) {
      Map<String, String> meta = newest.get().checkpoint().metadata();
      String recorded = meta.get(ACTOR_SHA256);
      if (sha.equals(recorded)) {
        long started = parseLong(meta.get(STARTED_MS), nowMs);
        Lineage l = new Lineage(sha, actorFile, started, newest.get().path(), null);
        rotation.stamp(l.metadata());
        return new Opened(l, newest);
      }
    }
    Path retired = null;
    List<Path> old = rotation.list();
    if (!old.isEmpty()) {
      String recorded = newest.map(c -> c.checkpoint().metadata().get(ACTOR_SHA256)).orElse(null);
      String tag = recorded == null ? "unrecorded" : recorded.substring(0, 12);
      retired =
          uniqueDir(
              rotation.dir(),
              "lineage-" + DIR_STAMP.format(Instant.ofEpochMilli(nowMs)) + "-" + tag);
      Files.createDirectories(retired);
      for (Path p : old) {
        Files.move(p, retired.resolve(p.getFileName()));
      }
      log.accept(
          "new lineage from actor "
              + actorFile
              + " (sha256 "
              + sha.substring(0, 12)
              + "): "
              + old.size()
              + " checkpoint(s) of "
              + (recorded == null ? "an unrecorded actor" : "actor sha256 " + tag)
              + " moved to "
              + retired
              + " (kept; move them back with that actor to resume them)");
    }
    Lineage l = new Lineage(sha, actorFile, nowMs, null, retired);
    rotation.stamp(l.metadata());
    return new Opened(l, Optional.empty());
  }

  /** The metadata every checkpoint of this lineage carries. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(ACTOR_SHA256, actorSha256);
    m.put(STARTED_MS, Long.toString(startedAtMs));
    return m;
  }

  /** One line for logs: actor sha256 prefix, start, resumed-from. */
  public String describe() {
    return "lineage of actor sha256 "
        + actorSha256.substring(0, 12)
        + " started "
        + Instant.ofEpochMilli(startedAtMs)
        + (resumedFrom == null ? ", new" : ", resumed from " + resumedFrom.getFileName());
  }

  /** Hex sha256 of a file's bytes. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static Path uniqueDir(Path parent, String name) {
    Path p = parent.resolve(name);
    for (int i = 2; Files.exists(p); i++) {
      p = parent.resolve(name + "-" + i);
    }
    return p;
  }

  private static long parseLong(String s, long fallback) {
    try {
      return s == null ? fallback : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
