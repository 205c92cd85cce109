package dev.reflex.finetune;

import dev.reflex.learning.Checkpoint;
import dev.reflex.learning.Learner;
import dev.reflex.learning.ReplayBuffer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Checkpoints in one directory, kept as the last N: {@code checkpoint-<seq>.safetensors}, each
 * written atomically (temp file, fsync, rename), so a crash leaves either the previous set or the
 * new one, never a half-written file under a checkpoint name. On start, {@link #newestValid} walks
 * from the newest down and skips files that fail to load (truncated, corrupt checksum), with a
 * warning for each.
 *
 * <p>Threading: the learner thread only.
 */
public final class CheckpointRotation implements CheckpointSink {
  private static final String PREFIX = "checkpoint-";
  private static final String SUFFIX = ".safetensors";
  private final Path dir;
  private final int keep;
  private long nextSeq;
  private Map<String, String> stamp = Map.of();

  /**
   * @param dir created if missing
   * @param keep how many to keep (≥ 1)
   */
  public CheckpointRotation(Path dir, int keep) throws IOException {
    if (keep < 1) {
      throw new IllegalArgumentException("checkpoint keep must be >= 1, got " + keep);
    }
    this.dir = dir;
    this.keep = keep;
    Files.createDirectories(dir);
    List<Path> existing = list();
    nextSeq = existing.isEmpty() ? 1 : seq(existing.get(existing.size() - 1)) + 1;
  }

  @Override
  public String write(Learner learner, ReplayBuffer replay, long actorVersion) throws IOException {
    Path target = dir.resolve(String.format("%s%08d%s", PREFIX, nextSeq, SUFFIX));
    Checkpoint.Writer w =
        Checkpoint.writer(learner)
            .replay(replay)
            .metadata("reflex.actor_version", Long.toString(actorVersion))
            .metadata("reflex.written_at_ms", Long.toString(System.currentTimeMillis()));
    stamp.forEach(w::metadata);
    w.build().write(target);
    nextSeq++;
    List<Path> all = list();
    for (int i = 0; i < all.size() - keep; i++) {
      Files.deleteIfExists(all.get(i));
    }
    return target.getFileName().toString();
  }

  /**
   * The newest checkpoint that loads, skipping (and reporting) corrupt ones.
   *
   * @param warn receives one line per skipped file
   */
  public Optional<LoadedCheckpoint> newestValid(Consumer<String> warn) throws IOException {
    List<Path> all = list();
    for (int i = all.size() - 1; i >= 0; i--) {
      Path p = all.get(i);
      try {
        return Optional.of(new LoadedCheckpoint(p, Checkpoint.read(p)));
      } catch (IOException | RuntimeException e) {
        warn.accept("skipping checkpoint " + p + ": " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Checkpoint files in sequence order (oldest first). */
  public List<Path> list() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
      for (Path p : ds) {
        if (seq(p) >= 0) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparingLong(CheckpointRotation::seq));
    return out;
  }

  private static long seq(Path p) {
    String n = p.getFileName().toString();
    try {
      return Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length()));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** Metadata written into every following checkpoint (the {@link Lineage}). */
  public void stamp(Map<String, String> metadata) {
    this.stamp = Map.copyOf(metadata);
  }

  /** The directory. */
  public Path dir() {
    return dir;
  }

  /** A checkpoint file and its parsed content. */
  public record LoadedCheckpoint(Path path, Checkpoint checkpoint) {}
}
