package dev.reflex.plant.udp;

/**
 * Counters of one UDP endpoint. Plain long fields, written by the endpoint's thread; other threads
 * read them without allocation (values may lag by a tick) or take a {@link #copyTo} snapshot.
 */
public final class UdpCounters {
  /** Datagrams read from the socket, of any size and from any sender. */
  public long datagrams;

  /** Datagrams from an address other than the peer's: never used. */
  public long foreign;

  /** Empty datagrams from the peer's address: never used. */
  public long empty;

  /** Non-empty datagrams from the peer's address (valid or not). */
  public long framesReceived;

  /** Frames accepted as the newest (fresh values used). */
  public long framesAccepted;

  /** Frames sent. */
  public long framesSent;

  /** Sequence numbers skipped when a newer frame was accepted (some may still arrive late). */
  public long lost;

  /** Valid frames of the newest session, older than its newest (late or reordered): never used. */
  public long late;

  /** Valid frames of the newest session with its newest sequence number again: never used. */
  public long duplicates;

  /** Frames failing the magic, length, CRC, type or session-id (0) check. */
  public long corrupt;

  /** Frames whose authentication tag is missing, wrong, or present without a configured key. */
  public long badAuth;

  /** Frames of a new session not (yet) confirmed as a restart: never used. */
  public long restartPending;

  /** Candidate sessions dropped because the current session kept sending. */
  public long sessionConflicts;

  /** Polls that stopped at the drain limit with datagrams left. */
  public long drainCapped;

  /** Frames of another format version. */
  public long wrongVersion;

  /** Valid frames of the wrong type or value count. */
  public long wrongShape;

  /** Sender restarts: a frame with a new session id, accepted at once. */
  public long restarts;

  /** Valid frames of a sender's retired session (sent before it restarted): never used. */
  public long staleSession;

  /** Reads that returned STALE. */
  public long staleReads;

  /** Socket errors (port unreachable, send or receive failures). */
  public long ioErrors;

  /** Copies every counter into {@code out} and returns it. */
  public UdpCounters copyTo(UdpCounters out) {
    out.datagrams = datagrams;
    out.foreign = foreign;
    out.empty = empty;
    out.framesReceived = framesReceived;
    out.badAuth = badAuth;
    out.restartPending = restartPending;
    out.sessionConflicts = sessionConflicts;
    out.drainCapped = drainCapped;
    out.framesAccepted = framesAccepted;
    out.framesSent = framesSent;
    out.lost = lost;
    out.late = late;
    out.duplicates = duplicates;
    out.corrupt = corrupt;
    out.wrongVersion = wrongVersion;
    out.wrongShape = wrongShape;
    out.restarts = restarts;
    out.staleSession = staleSession;
    out.staleReads = staleReads;
    out.ioErrors = ioErrors;
    return out;
  }

  /** The counters by name, for summaries (allocates). */
  public java.util.Map<String, Long> toMap() {
    java.util.LinkedHashMap<String, Long> m = new java.util.LinkedHashMap<>();
    m.put("datagrams", datagrams);
    m.put("foreign", foreign);
    m.put("empty", empty);
    m.put("frames_received", framesReceived);
    m.put("bad_auth", badAuth);
    m.put("restart_pending", restartPending);
    m.put("session_conflicts", sessionConflicts);
    m.put("drain_capped", drainCapped);
    m.put("frames_accepted", framesAccepted);
    m.put("frames_sent", framesSent);
    m.put("lost", lost);
    m.put("late", late);
    m.put("duplicates", duplicates);
    m.put("corrupt", corrupt);
    m.put("wrong_version", wrongVersion);
    m.put("wrong_shape", wrongShape);
    m.put("restarts", restarts);
    m.put("stale_session", staleSession);
    m.put("stale_reads", staleReads);
    m.put("io_errors", ioErrors);
    return m;
  }
}
